//! The bundled fonts: DejaVu Sans (regular, bold) for Latin, Greek,
//! Cyrillic...; Droid Sans Fallback for CJK, embedded only when the report
//! contains such text. Picks the font of each character and measures text.

use printpdf::{FontId, ParsedFont, PdfDocument};

use crate::ReportError;

const DEJAVU: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
const DEJAVU_BOLD: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");
const DROID_FALLBACK: &[u8] = include_bytes!("../../fonts/DroidSansFallbackFull.ttf");

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Sel {
    Regular,
    Bold,
    Fallback,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Face {
    Regular,
    Bold,
}

pub(super) struct Font {
    parsed: ParsedFont,
    pub(super) id: FontId,
}

impl Font {
    fn glyph(&self, c: char) -> Option<u16> {
        self.parsed
            .codepoint_to_glyph
            .get(&(c as u32))
            .copied()
            .filter(|g| *g != 0)
    }

    fn advance(&self, gid: u16, size: f32) -> f32 {
        let units = f32::from(self.parsed.units_per_em.max(1));
        self.parsed
            .glyph_widths
            .get(&gid)
            .map_or(size * 0.6, |w| f32::from(*w) * size / units)
    }
}

pub(super) struct Fonts {
    regular: Font,
    bold: Font,
    /// CJK and whatever else DejaVu lacks; loaded only when needed.
    fallback: Option<Font>,
}

impl Fonts {
    pub(super) fn load(doc: &mut PdfDocument, need_fallback: bool) -> Result<Fonts, ReportError> {
        let mut load = |bytes: &[u8], name: &'static str| -> Result<Font, ReportError> {
            let parsed =
                ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).ok_or(ReportError::Font(name))?;
            let id = doc.add_font(&parsed);
            Ok(Font { parsed, id })
        };
        Ok(Fonts {
            regular: load(DEJAVU, "DejaVuSans.ttf")?,
            bold: load(DEJAVU_BOLD, "DejaVuSans-Bold.ttf")?,
            fallback: if need_fallback {
                Some(load(DROID_FALLBACK, "DroidSansFallbackFull.ttf")?)
            } else {
                None
            },
        })
    }

    pub(super) fn get(&self, sel: Sel) -> &Font {
        match sel {
            Sel::Regular => &self.regular,
            Sel::Bold => &self.bold,
            Sel::Fallback => self.fallback.as_ref().unwrap_or(&self.regular),
        }
    }

    /// The font that draws `c`: the face itself, else the fallback.
    fn pick(&self, face: Face, c: char) -> (Sel, Option<u16>) {
        let sel = match face {
            Face::Regular => Sel::Regular,
            Face::Bold => Sel::Bold,
        };
        if let Some(g) = self.get(sel).glyph(c) {
            return (sel, Some(g));
        }
        if let Some(g) = self.fallback.as_ref().and_then(|fb| fb.glyph(c)) {
            return (Sel::Fallback, Some(g));
        }
        (sel, None)
    }

    pub(super) fn width(&self, text: &str, face: Face, size: f32) -> f32 {
        text.chars()
            .map(|c| match self.pick(face, c) {
                (sel, Some(g)) => self.get(sel).advance(g, size),
                (_, None) => size * 0.6,
            })
            .sum()
    }

    /// Splits `text` into runs drawn with one font each.
    pub(super) fn runs<'t>(&self, text: &'t str, face: Face) -> Vec<(Sel, &'t str)> {
        let mut runs = Vec::new();
        let mut start = 0;
        let mut current: Option<Sel> = None;
        for (i, c) in text.char_indices() {
            let sel = self.pick(face, c).0;
            if let Some(cur) = current.filter(|cur| *cur != sel) {
                runs.push((cur, &text[start..i]));
                start = i;
            }
            current = Some(sel);
        }
        if let Some(cur) = current {
            runs.push((cur, &text[start..]));
        }
        runs
    }

    /// Whether some character of `text` needs the fallback font.
    pub(super) fn needs_fallback(text: &str) -> bool {
        // Cheap pre-check without loading anything: DejaVu covers Latin,
        // Greek, Cyrillic, Arabic, Hebrew and most symbols.
        text.chars().any(|c| {
            let cp = c as u32;
            (0x2E80..=0x9FFF).contains(&cp)
                || (0xAC00..=0xD7AF).contains(&cp)
                || (0xF900..=0xFAFF).contains(&cp)
                || (0xFF00..=0xFFEF).contains(&cp)
                || (0x20000..=0x2FA1F).contains(&cp)
        })
    }
}
