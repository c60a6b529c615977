//! The PDF: A4 pages laid out from the [`ReportModel`] with printpdf's
//! operations. Text is drawn with the bundled fonts (DejaVu Sans for Latin,
//! Greek, Cyrillic...; Droid Sans Fallback for CJK, embedded only when the
//! report contains such text), one text section per positioned run; charts
//! are vector rectangles; every page but the cover carries a header and a
//! footer with the page number.

use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, RawImage, Rect, Rgb, TextItem, WindingOrder, XObjectId,
    XObjectTransform,
};

use crate::model::{QuestionState, ReportModel, fmt_num, risk_label, short_type};
use crate::{ReportError, ReportSettings, parse_accent};
use atoll_core::{Pillar, Risk};

const DEJAVU: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
const DEJAVU_BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");
const DROID_FALLBACK: &[u8] = include_bytes!("../fonts/DroidSansFallbackFull.ttf");

// A4 in points.
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN_X: f32 = 42.0;
const BODY_TOP: f32 = PAGE_H - 78.0;
const BODY_BOTTOM: f32 = 58.0;
const BODY_W: f32 = PAGE_W - 2.0 * MARGIN_X;

/// The section titles, in order; the table of contents lists them and the
/// tests look for them in the extracted text.
pub const SECTION_TITLES: [&str; 7] = [
    "1. Executive summary",
    "2. Scope and coverage",
    "3. Findings at a glance",
    "4. Well-Architected questions",
    "5. HRI progress toward the programme threshold",
    "6. Remediation plan (SOW line items)",
    "Appendix A. Findings by pillar, question and rule",
];

#[derive(Clone, Copy)]
struct Rgbf(f32, f32, f32);

const BLACK: Rgbf = Rgbf(0.13, 0.13, 0.15);
const GREY: Rgbf = Rgbf(0.42, 0.44, 0.47);
const LIGHT: Rgbf = Rgbf(0.95, 0.96, 0.97);
const RULE_GREY: Rgbf = Rgbf(0.82, 0.84, 0.86);
const WHITE: Rgbf = Rgbf(1.0, 1.0, 1.0);
const HIGH: Rgbf = Rgbf(0.75, 0.22, 0.17);
const MEDIUM: Rgbf = Rgbf(0.90, 0.49, 0.13);
const LOW: Rgbf = Rgbf(0.83, 0.67, 0.05);
const GOOD: Rgbf = Rgbf(0.15, 0.60, 0.35);
const NEUTRAL: Rgbf = Rgbf(0.58, 0.62, 0.65);
const MANUAL: Rgbf = Rgbf(0.36, 0.43, 0.50);
const BEFORE: Rgbf = Rgbf(0.70, 0.72, 0.75);

fn color(c: Rgbf) -> Color {
    Color::Rgb(Rgb {
        r: c.0,
        g: c.1,
        b: c.2,
        icc_profile: None,
    })
}

fn risk_color(risk: Risk) -> Rgbf {
    match risk {
        Risk::High => HIGH,
        Risk::Medium => MEDIUM,
        Risk::Low => LOW,
    }
}

fn state_color(state: QuestionState) -> Rgbf {
    match state {
        QuestionState::HighRisk => HIGH,
        QuestionState::MediumRisk => MEDIUM,
        QuestionState::NoRiskFound => GOOD,
        QuestionState::NotAssessed => NEUTRAL,
        QuestionState::ManualReviewNeeded => MANUAL,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Sel {
    Regular,
    Bold,
    Fallback,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Face {
    Regular,
    Bold,
}

struct Font {
    parsed: ParsedFont,
    id: FontId,
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

struct Fonts {
    regular: Font,
    bold: Font,
    /// CJK and whatever else DejaVu lacks; loaded only when needed.
    fallback: Option<Font>,
}

impl Fonts {
    fn load(doc: &mut PdfDocument, need_fallback: bool) -> Result<Fonts, ReportError> {
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

    fn get(&self, sel: Sel) -> &Font {
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

    fn width(&self, text: &str, face: Face, size: f32) -> f32 {
        text.chars()
            .map(|c| match self.pick(face, c) {
                (sel, Some(g)) => self.get(sel).advance(g, size),
                (_, None) => size * 0.6,
            })
            .sum()
    }

    /// Splits `text` into runs drawn with one font each.
    fn runs<'t>(&self, text: &'t str, face: Face) -> Vec<(Sel, &'t str)> {
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
    fn needs_fallback(text: &str) -> bool {
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

/// Text style of one string.
#[derive(Clone, Copy)]
struct Style {
    face: Face,
    size: f32,
    color: Rgbf,
}

const BODY: Style = Style {
    face: Face::Regular,
    size: 9.0,
    color: BLACK,
};
const SMALL: Style = Style {
    face: Face::Regular,
    size: 7.5,
    color: BLACK,
};
const MUTED: Style = Style {
    face: Face::Regular,
    size: 8.0,
    color: GREY,
};
const BOLD: Style = Style {
    face: Face::Bold,
    size: 9.0,
    color: BLACK,
};
const H2: Style = Style {
    face: Face::Bold,
    size: 11.5,
    color: BLACK,
};

/// Lays pages out top to bottom.
struct Writer<'f> {
    fonts: &'f Fonts,
    accent: Rgbf,
    pages: Vec<Vec<Op>>,
    y: f32,
    /// Section title -> 1-based page number, for the contents.
    toc: Vec<(String, usize)>,
    /// Draw into this page instead of the last one (contents, frames).
    target: Option<usize>,
}

impl<'f> Writer<'f> {
    fn ops(&mut self) -> &mut Vec<Op> {
        let index = self.target.unwrap_or(self.pages.len() - 1);
        &mut self.pages[index]
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = BODY_TOP;
    }

    /// Makes room for `h` points, breaking the page when needed.
    fn need(&mut self, h: f32) -> bool {
        if self.y - h < BODY_BOTTOM {
            self.new_page();
            true
        } else {
            false
        }
    }

    fn text_at(&mut self, x: f32, baseline: f32, text: &str, style: Style) {
        let fonts = self.fonts;
        let mut x = x;
        let runs = fonts.runs(text, style.face);
        let ops = self.ops();
        ops.push(Op::SetFillColor {
            col: color(style.color),
        });
        for (sel, run) in runs {
            let font = fonts.get(sel);
            ops.push(Op::StartTextSection);
            ops.push(Op::SetTextCursor {
                pos: Point {
                    x: Pt(x),
                    y: Pt(baseline),
                },
            });
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(font.id.clone()),
                size: Pt(style.size),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(run.to_string())],
            });
            ops.push(Op::EndTextSection);
            x += fonts.width(run, style.face, style.size);
        }
    }

    fn width(&self, text: &str, style: Style) -> f32 {
        self.fonts.width(text, style.face, style.size)
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Rgbf) {
        let ops = self.ops();
        ops.push(Op::SetFillColor { col: color(fill) });
        ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(y),
                width: Pt(w),
                height: Pt(h),
                mode: Some(PaintMode::Fill),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
    }

    fn hline(&mut self, x1: f32, x2: f32, y: f32, width: f32, c: Rgbf) {
        let ops = self.ops();
        ops.push(Op::SetOutlineColor { col: color(c) });
        ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    LinePoint {
                        p: Point {
                            x: Pt(x1),
                            y: Pt(y),
                        },
                        bezier: false,
                    },
                    LinePoint {
                        p: Point {
                            x: Pt(x2),
                            y: Pt(y),
                        },
                        bezier: false,
                    },
                ],
                is_closed: false,
            },
        });
    }

    /// Wraps `text` to `width`, breaking inside words that do not fit.
    fn wrap(&self, text: &str, style: Style, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, style) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                if self.width(word, style) <= width {
                    line = word.to_string();
                } else {
                    // A long id or ARN: break it by characters.
                    for c in word.chars() {
                        let mut next = line.clone();
                        next.push(c);
                        if self.width(&next, style) > width && !line.is_empty() {
                            lines.push(std::mem::take(&mut line));
                            line.push(c);
                        } else {
                            line = next;
                        }
                    }
                }
            }
            lines.push(line);
        }
        lines
    }

    /// A wrapped paragraph at the cursor.
    fn paragraph(&mut self, text: &str, style: Style) {
        self.paragraph_at(MARGIN_X, BODY_W, text, style);
    }

    fn paragraph_at(&mut self, x: f32, width: f32, text: &str, style: Style) {
        let lh = style.size * 1.35;
        for line in self.wrap(text, style, width) {
            self.need(lh);
            self.y -= lh;
            self.text_at(x, self.y + style.size * 0.28, &line, style);
        }
        self.y -= style.size * 0.4;
    }

    fn bullet(&mut self, text: &str, style: Style) {
        let lh = style.size * 1.35;
        self.need(lh);
        self.text_at(MARGIN_X + 4.0, self.y - lh + style.size * 0.28, "•", style);
        self.paragraph_at(MARGIN_X + 14.0, BODY_W - 14.0, text, style);
    }

    fn section(&mut self, title: &str) {
        self.new_page();
        let page = self.pages.len();
        self.toc.push((title.to_string(), page));
        self.y -= 20.0;
        let style = Style {
            face: Face::Bold,
            size: 17.0,
            color: self.accent,
        };
        self.text_at(MARGIN_X, self.y + 4.0, title, style);
        self.y -= 8.0;
        self.hline(MARGIN_X, MARGIN_X + BODY_W, self.y, 1.2, self.accent);
        self.y -= 12.0;
    }

    fn heading(&mut self, title: &str) {
        self.need(40.0);
        self.y -= 18.0;
        self.text_at(MARGIN_X, self.y, title, H2);
        self.y -= 7.0;
    }

    /// A table; `widths` are fractions of the body width. Rows break across
    /// pages with the header repeated. `fills` colours a cell's background.
    fn table(&mut self, head: &[&str], widths: &[f32], rows: &[Row]) {
        let style = SMALL;
        let lh = style.size * 1.3;
        let pad = 3.0;
        let cols: Vec<(f32, f32)> = {
            let mut x = MARGIN_X;
            widths
                .iter()
                .map(|w| {
                    let col = (x, w * BODY_W);
                    x += w * BODY_W;
                    col
                })
                .collect()
        };
        let draw_head = |w: &mut Writer| {
            let h = lh + 2.0 * pad;
            w.rect(MARGIN_X, w.y - h, BODY_W, h, w.accent);
            let head_style = Style {
                face: Face::Bold,
                size: style.size,
                color: WHITE,
            };
            for (i, title) in head.iter().enumerate() {
                let (x, _) = cols[i];
                w.text_at(x + pad, w.y - pad - style.size, title, head_style);
            }
            w.y -= h;
        };
        self.need(3.0 * lh + 4.0 * pad);
        draw_head(self);
        for (n, row) in rows.iter().enumerate() {
            let cells: Vec<Vec<String>> = row
                .cells
                .iter()
                .enumerate()
                .map(|(i, cell)| {
                    let s = if row.bold {
                        Style {
                            face: Face::Bold,
                            ..style
                        }
                    } else {
                        style
                    };
                    self.wrap(&cell.text, s, cols[i].1 - 2.0 * pad)
                })
                .collect();
            let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let h = lines as f32 * lh + 2.0 * pad;
            if self.need(h) {
                draw_head(self);
            }
            if n % 2 == 1 {
                self.rect(MARGIN_X, self.y - h, BODY_W, h, LIGHT);
            }
            for (i, cell) in row.cells.iter().enumerate() {
                let (x, w) = cols[i];
                if let Some(fill) = cell.fill {
                    self.rect(x + 1.0, self.y - h + 1.0, w - 2.0, h - 2.0, fill);
                }
                let mut s = if row.bold {
                    Style {
                        face: Face::Bold,
                        ..style
                    }
                } else {
                    style
                };
                if cell.fill.is_some() {
                    s.color = WHITE;
                    s.face = Face::Bold;
                }
                if let Some(c) = cell.color {
                    s.color = c;
                }
                for (k, line) in cells[i].iter().enumerate() {
                    let base = self.y - pad - style.size - k as f32 * lh;
                    let lx = if cell.right {
                        x + w - pad - self.width(line, s)
                    } else {
                        x + pad
                    };
                    self.text_at(lx, base + 1.0, line, s);
                }
            }
            self.y -= h;
            self.hline(MARGIN_X, MARGIN_X + BODY_W, self.y, 0.3, RULE_GREY);
        }
        self.y -= 6.0;
    }

    /// Horizontal bars: label, bar, value. Each bar is a list of segments.
    fn bar_chart(
        &mut self,
        title: &str,
        bars: &[(String, Vec<(usize, Rgbf)>)],
        legend: &[(&str, Rgbf)],
    ) {
        let row_h = 15.0;
        let label_w = 130.0;
        let value_w = 40.0;
        let chart_w = BODY_W - label_w - value_w;
        let total_h = 26.0 + bars.len() as f32 * row_h + if legend.is_empty() { 0.0 } else { 16.0 };
        self.need(total_h);
        self.heading(title);
        let max = bars
            .iter()
            .map(|(_, segs)| segs.iter().map(|(v, _)| *v).sum::<usize>())
            .max()
            .unwrap_or(0)
            .max(1) as f32;
        let top = self.y;
        // Axis.
        let axis_x = MARGIN_X + label_w;
        for (i, (label, segs)) in bars.iter().enumerate() {
            let y = top - (i as f32 + 1.0) * row_h;
            self.text_at(MARGIN_X, y + 3.5, label, BODY);
            let mut x = axis_x;
            let mut sum = 0;
            for (value, c) in segs {
                let w = *value as f32 / max * chart_w;
                if w > 0.0 {
                    self.rect(x, y + 1.5, w, row_h - 4.0, *c);
                }
                x += w;
                sum += value;
            }
            self.text_at(x + 4.0, y + 3.5, &sum.to_string(), BOLD);
        }
        let bottom = top - bars.len() as f32 * row_h - 2.0;
        let ops = self.ops();
        ops.push(Op::SetOutlineColor { col: color(GREY) });
        ops.push(Op::SetOutlineThickness { pt: Pt(0.6) });
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    LinePoint {
                        p: Point {
                            x: Pt(axis_x),
                            y: Pt(top),
                        },
                        bezier: false,
                    },
                    LinePoint {
                        p: Point {
                            x: Pt(axis_x),
                            y: Pt(bottom),
                        },
                        bezier: false,
                    },
                ],
                is_closed: false,
            },
        });
        self.y = bottom - 4.0;
        if !legend.is_empty() {
            let mut x = axis_x;
            self.y -= 10.0;
            for (label, c) in legend {
                self.rect(x, self.y, 8.0, 8.0, *c);
                self.text_at(x + 11.0, self.y + 1.0, label, MUTED);
                x += 11.0 + self.width(label, MUTED) + 14.0;
            }
            self.y -= 6.0;
        }
    }

    /// A label/value grid.
    fn facts(&mut self, facts: &[(&str, String)]) {
        let label_w = 130.0;
        for (label, value) in facts {
            let lines = self.wrap(value, BODY, BODY_W - label_w);
            let lh = BODY.size * 1.4;
            self.need(lines.len() as f32 * lh);
            self.text_at(MARGIN_X, self.y - lh + 3.0, label, BOLD);
            for (i, line) in lines.iter().enumerate() {
                self.text_at(
                    MARGIN_X + label_w,
                    self.y - (i as f32 + 1.0) * lh + 3.0,
                    line,
                    BODY,
                );
            }
            self.y -= lines.len().max(1) as f32 * lh;
        }
        self.y -= 4.0;
    }
}

struct Cell {
    text: String,
    fill: Option<Rgbf>,
    color: Option<Rgbf>,
    right: bool,
}

fn cell(text: impl Into<String>) -> Cell {
    Cell {
        text: text.into(),
        fill: None,
        color: None,
        right: false,
    }
}

fn num(text: impl Into<String>) -> Cell {
    Cell {
        right: true,
        ..cell(text)
    }
}

struct Row {
    cells: Vec<Cell>,
    bold: bool,
}

fn row(cells: Vec<Cell>) -> Row {
    Row { cells, bold: false }
}

fn pct(p: Option<f64>) -> String {
    p.map_or_else(|| "n/a".to_string(), |p| format!("{p:.1} %"))
}

/// Renders the report model to PDF bytes.
/// Checks that `png` is an image the report can draw; returns its size in
/// pixels.
pub fn check_logo(png: &[u8]) -> Result<(usize, usize), ReportError> {
    let image = RawImage::decode_from_bytes(png, &mut Vec::new()).map_err(ReportError::BadLogo)?;
    Ok((image.width, image.height))
}

pub fn render(model: &ReportModel, settings: &ReportSettings) -> Result<Vec<u8>, ReportError> {
    let accent = parse_accent(&settings.accent)?;
    let accent = Rgbf(accent.0, accent.1, accent.2);
    let mut doc = PdfDocument::new(&format!("{} - {}", model.title, model.cover.customer));
    let all_text = serde_json::to_string(model)?;
    let fonts = Fonts::load(&mut doc, Fonts::needs_fallback(&all_text))?;
    let logo = match &settings.logo_png {
        Some(bytes) => {
            let image = RawImage::decode_from_bytes(bytes, &mut Vec::new())
                .map_err(ReportError::BadLogo)?;
            let (w, h) = (image.width as f32, image.height as f32);
            Some((doc.add_image(&image), w, h))
        }
        None => None,
    };

    let mut w = Writer {
        fonts: &fonts,
        accent,
        pages: Vec::new(),
        y: BODY_TOP,
        toc: Vec::new(),
        target: None,
    };
    cover(&mut w, model, logo.as_ref());
    // The contents page is filled in once the page numbers are known.
    w.new_page();
    executive(&mut w, model);
    scope(&mut w, model);
    charts(&mut w, model);
    questions(&mut w, model);
    hri(&mut w, model);
    sow(&mut w, model);
    appendix(&mut w, model);

    let total = w.pages.len();
    let toc = w.toc.clone();
    contents(&mut w, &toc);
    for page in 0..total {
        frame(&mut w, model, page, total, logo.as_ref());
    }

    let pages = w
        .pages
        .into_iter()
        .map(|ops| PdfPage::new(Mm(210.0), Mm(297.0), ops))
        .collect();
    Ok(doc
        .with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut Vec::new()))
}

/// The size a logo is drawn at to fit `max_w` x `max_h`, keeping its shape.
fn logo_size(logo: &(XObjectId, f32, f32), max_w: f32, max_h: f32) -> (f32, f32) {
    let (_, pw, ph) = logo;
    let scale = (max_w / pw).min(max_h / ph);
    (pw * scale, ph * scale)
}

fn draw_logo(w: &mut Writer, logo: &(XObjectId, f32, f32), x: f32, y: f32, max_w: f32, max_h: f32) {
    let (id, pw, ph) = logo;
    let scale = (max_w / pw).min(max_h / ph);
    w.ops().push(Op::UseXobject {
        id: id.clone(),
        transform: XObjectTransform {
            translate_x: Some(Pt(x)),
            translate_y: Some(Pt(y)),
            scale_x: Some(scale),
            scale_y: Some(scale),
            dpi: Some(72.0),
            ..Default::default()
        },
    });
}

fn cover(w: &mut Writer, m: &ReportModel, logo: Option<&(XObjectId, f32, f32)>) {
    w.new_page();
    let c = &m.cover;
    // Accent band.
    w.rect(0.0, PAGE_H - 250.0, PAGE_W, 250.0, w.accent);
    if let Some(logo) = logo {
        // White plate, fitted to the logo, so any logo reads on the band.
        let (lw, lh) = logo_size(logo, 120.0, 48.0);
        w.rect(MARGIN_X - 6.0, PAGE_H - 92.0, lw + 12.0, lh + 8.0, WHITE);
        draw_logo(w, logo, MARGIN_X, PAGE_H - 88.0, 120.0, 48.0);
    }
    let white_big = Style {
        face: Face::Bold,
        size: 26.0,
        color: WHITE,
    };
    let white = Style {
        face: Face::Regular,
        size: 13.0,
        color: WHITE,
    };
    w.text_at(MARGIN_X, PAGE_H - 140.0, &m.title, white_big);
    w.text_at(
        MARGIN_X,
        PAGE_H - 165.0,
        "Findings, risks and remediation plan",
        white,
    );
    let customer_style = Style {
        face: Face::Bold,
        size: 20.0,
        color: WHITE,
    };
    let lines = w.wrap(&c.customer, customer_style, BODY_W);
    for (i, line) in lines.iter().take(2).enumerate() {
        w.text_at(
            MARGIN_X,
            PAGE_H - 205.0 - i as f32 * 24.0,
            line,
            customer_style,
        );
    }
    w.y = PAGE_H - 290.0;
    w.text_at(MARGIN_X, w.y, &format!("Prepared by {}", c.partner), H2);
    w.y -= 22.0;
    let baseline = c
        .baseline
        .as_ref()
        .map(|b| format!("scan {} of {}", b.scan_id, b.started_at))
        .unwrap_or_else(|| "none (this scan is the baseline)".to_string());
    w.facts(&[
        ("Customer", c.customer.clone()),
        ("Prepared by", c.partner.clone()),
        ("Reviewer", c.reviewer.clone()),
        ("Engagement / SOW ref.", c.sow_ref.clone()),
        ("Report date", c.date.clone()),
        ("AWS account(s)", list_or_dash(&c.account_ids)),
        ("Regions", list_or_dash(&c.regions)),
        (
            "Scan",
            format!(
                "scan {} started {}{}",
                c.scan_id,
                c.scan_started_at,
                c.scan_finished_at
                    .as_ref()
                    .map(|f| format!(", finished {f}"))
                    .unwrap_or_default()
            ),
        ),
        ("Baseline", baseline),
        (
            "Rules",
            format!(
                "{} rules, catalogue version {}",
                c.rules_total, c.rules_version
            ),
        ),
        ("Services assessed", list_or_dash(&c.services_assessed)),
        (
            "Coverage gaps",
            if c.coverage_gaps.is_empty() {
                "none: every service was read in every region".to_string()
            } else {
                format!(
                    "{} service x region pairs could not be read (see section 2)",
                    c.coverage_gaps.len()
                )
            },
        ),
    ]);
    w.y -= 10.0;
    let e = &m.executive;
    let score_style = Style {
        face: Face::Bold,
        size: 34.0,
        color: w.accent,
    };
    w.need(60.0);
    w.text_at(MARGIN_X, w.y - 34.0, &format!("{}", e.score), score_style);
    let sx = MARGIN_X + w.width(&format!("{}", e.score), score_style) + 8.0;
    w.text_at(sx, w.y - 18.0, "/ 100 health score", H2);
    w.text_at(
        sx,
        w.y - 32.0,
        &format!(
            "{} findings · {} high-risk questions (HRIs) · {} medium-risk questions",
            e.findings, e.high_risk_questions, e.medium_risk_questions
        ),
        BODY,
    );
    w.y -= 50.0;
    w.paragraph(
        "Read-only assessment: Atoll read configuration through AWS APIs with read-only permissions from the \
         reviewer's machine; no data left it and nothing in the account was changed.",
        MUTED,
    );
}

fn list_or_dash(items: &[String]) -> String {
    if items.is_empty() {
        "-".to_string()
    } else {
        items.join(", ")
    }
}

fn contents(w: &mut Writer, toc: &[(String, usize)]) {
    // The contents page is page 2 (index 1).
    w.target = Some(1);
    w.y = BODY_TOP - 20.0;
    let style = Style {
        face: Face::Bold,
        size: 17.0,
        color: w.accent,
    };
    w.text_at(MARGIN_X, w.y + 4.0, "Contents", style);
    w.y -= 8.0;
    w.hline(MARGIN_X, MARGIN_X + BODY_W, w.y, 1.2, w.accent);
    w.y -= 10.0;
    let entry = Style {
        face: Face::Regular,
        size: 11.0,
        color: BLACK,
    };
    for (title, page) in toc {
        w.y -= 22.0;
        w.text_at(MARGIN_X, w.y, title, entry);
        let p = page.to_string();
        let pw = w.width(&p, entry);
        let tw = w.width(title, entry);
        // Dot leader.
        let dots_from = MARGIN_X + tw + 6.0;
        let dots_to = MARGIN_X + BODY_W - pw - 6.0;
        let mut x = dots_from;
        let mut leader = String::new();
        let dot = w.width(".", entry) + 0.5;
        while x + dot < dots_to {
            leader.push('.');
            x += dot;
        }
        w.text_at(
            dots_from,
            w.y,
            &leader,
            Style {
                color: RULE_GREY,
                ..entry
            },
        );
        w.text_at(MARGIN_X + BODY_W - pw, w.y, &p, entry);
    }
    w.y -= 30.0;
    w.paragraph(
        "The CSV and XLSX exports of the same scan hold every finding with its remediation steps, in \
         columns a Jira or ServiceNow import maps directly; the XLSX also holds the SOW line items.",
        MUTED,
    );
    w.target = None;
}

/// Header and footer of one page.
fn frame(
    w: &mut Writer,
    m: &ReportModel,
    page: usize,
    total: usize,
    logo: Option<&(XObjectId, f32, f32)>,
) {
    w.target = Some(page);
    if page > 0 {
        let mut x = MARGIN_X;
        if let Some(logo) = logo {
            draw_logo(w, logo, MARGIN_X, PAGE_H - 46.0, 60.0, 20.0);
            x += logo_size(logo, 60.0, 20.0).0 + 6.0;
        }
        let partner = Style {
            face: Face::Bold,
            size: 8.5,
            color: w.accent,
        };
        w.text_at(x, PAGE_H - 38.0, &m.cover.partner, partner);
        let right = format!("{} · {}", m.title, m.cover.customer);
        let rw = w.width(&right, MUTED);
        w.text_at(MARGIN_X + BODY_W - rw, PAGE_H - 38.0, &right, MUTED);
        w.hline(MARGIN_X, MARGIN_X + BODY_W, PAGE_H - 52.0, 0.8, w.accent);
    }
    w.hline(MARGIN_X, MARGIN_X + BODY_W, 40.0, 0.4, RULE_GREY);
    let left = format!(
        "{} · SOW ref. {} · {}",
        m.cover.partner, m.cover.sow_ref, m.cover.date
    );
    w.text_at(MARGIN_X, 28.0, &left, MUTED);
    let center = format!("Confidential · prepared for {}", m.cover.customer);
    let cw = w.width(&center, MUTED);
    let lw = w.width(&left, MUTED);
    let right = format!("Page {} of {}", page + 1, total);
    let rw = w.width(&right, MUTED);
    // Centre it in the room left between the other two parts.
    let room_from = MARGIN_X + lw + 12.0;
    let room_to = MARGIN_X + BODY_W - rw - 12.0;
    if room_to - room_from >= cw {
        w.text_at((room_from + room_to - cw) / 2.0, 28.0, &center, MUTED);
    }
    w.text_at(MARGIN_X + BODY_W - rw, 28.0, &right, MUTED);
    w.target = None;
}

fn executive(w: &mut Writer, m: &ReportModel) {
    let e = &m.executive;
    w.section(SECTION_TITLES[0]);
    let score_style = Style {
        face: Face::Bold,
        size: 30.0,
        color: w.accent,
    };
    w.text_at(MARGIN_X, w.y - 30.0, &e.score.to_string(), score_style);
    let sx = MARGIN_X + w.width(&e.score.to_string(), score_style) + 8.0;
    w.text_at(sx, w.y - 14.0, "/ 100 health score", H2);
    w.text_at(
        sx,
        w.y - 28.0,
        &format!(
            "{} unsuppressed findings, {} suppressed (accepted risks, kept on record)",
            e.findings, e.suppressed
        ),
        BODY,
    );
    w.y -= 44.0;
    w.paragraph(
        &format!(
            "Health score {} / 100. How the score is computed: {}.",
            e.score, e.score_formula
        ),
        MUTED,
    );

    w.heading("Findings by risk level");
    let mut cells = Vec::new();
    for c in &e.by_risk {
        let risk = Risk::parse(&c.label.to_lowercase()).unwrap_or(Risk::Low);
        cells.push(Cell {
            fill: Some(risk_color(risk)),
            ..cell(c.value.to_string())
        });
    }
    cells.push(cell(e.high_risk_questions.to_string()));
    cells.push(cell(e.medium_risk_questions.to_string()));
    w.table(
        &[
            "High findings",
            "Medium findings",
            "Low findings",
            "HRIs (questions)",
            "MRIs (questions)",
        ],
        &[0.2, 0.2, 0.2, 0.2, 0.2],
        &[row(cells)],
    );

    w.heading("The five most important risks");
    if e.top_risks.is_empty() {
        w.paragraph("No unsuppressed finding: nothing to prioritise.", BODY);
    }
    for (i, r) in e.top_risks.iter().enumerate() {
        w.need(40.0);
        let title = format!(
            "{}. {} ({} risk, {} {})",
            i + 1,
            r.title,
            risk_label(r.risk),
            r.pillar.title(),
            r.question
        );
        w.paragraph(
            &title,
            Style {
                color: risk_color(r.risk),
                ..BOLD
            },
        );
        w.paragraph_at(MARGIN_X + 12.0, BODY_W - 12.0, &r.plain, BODY);
    }

    w.heading("What changed since the baseline");
    match &e.changes {
        Some(c) => {
            w.table(
                &["", "Baseline (scan)", "This scan", "Change"],
                &[0.34, 0.22, 0.22, 0.22],
                &[
                    row(vec![
                        cell("Health score"),
                        num(c.score_before.to_string()),
                        num(c.score_after.to_string()),
                        num(signed(c.score_after as i64 - c.score_before as i64)),
                    ]),
                    row(vec![
                        cell("Unsuppressed findings"),
                        num(c.findings_before.to_string()),
                        num(c.findings_after.to_string()),
                        num(signed(c.findings_after as i64 - c.findings_before as i64)),
                    ]),
                    row(vec![
                        cell("High-risk issues (HRIs)"),
                        num(c.hris_before.to_string()),
                        num(c.hris_after.to_string()),
                        num(signed(c.hris_after as i64 - c.hris_before as i64)),
                    ]),
                ],
            );
            w.paragraph(
                &format!(
                    "Against baseline scan {}: {} findings resolved, {} new, {} persisting. HRIs resolved: {} ({}).",
                    c.baseline_scan_id,
                    c.resolved,
                    c.new,
                    c.persisting,
                    m.hri.resolved_count,
                    pct(m.hri.pct_resolved)
                ),
                BODY,
            );
        }
        None => w.paragraph(
            "No baseline scan was given: this report is the starting point. Run the next report with \
             --baseline set to this scan to measure progress.",
            BODY,
        ),
    }
}

fn signed(v: i64) -> String {
    if v > 0 {
        format!("+{v}")
    } else {
        v.to_string()
    }
}

fn scope(w: &mut Writer, m: &ReportModel) {
    let c = &m.cover;
    w.section(SECTION_TITLES[1]);
    w.facts(&[
        ("AWS account(s)", list_or_dash(&c.account_ids)),
        ("Regions", list_or_dash(&c.regions)),
        ("Services assessed", list_or_dash(&c.services_assessed)),
        (
            "Rules",
            format!(
                "{} rules, catalogue version {}",
                c.rules_total, c.rules_version
            ),
        ),
    ]);
    w.heading("Coverage gaps");
    if c.coverage_gaps.is_empty() {
        w.paragraph(
            "None: every service was read in every scanned region, so every rule was assessed where it applies.",
            BODY,
        );
    } else {
        w.paragraph(
            "What could not be read is not assessed, never reported as passed. Rules that depend on these \
             services show as 'not assessed' in the Well-Architected view.",
            BODY,
        );
        let rows: Vec<Row> = c
            .coverage_gaps
            .iter()
            .map(|g| {
                row(vec![
                    cell(&g.service),
                    cell(short_type(&g.resource_type)),
                    cell(&g.region),
                    cell(&g.status),
                    cell(&g.message),
                ])
            })
            .collect();
        w.table(
            &["Service", "Resource type", "Region", "Status", "Message"],
            &[0.12, 0.22, 0.14, 0.14, 0.38],
            &rows,
        );
    }
}

fn charts(w: &mut Writer, m: &ReportModel) {
    let ch = &m.charts;
    w.section(SECTION_TITLES[2]);
    let bars: Vec<(String, Vec<(usize, Rgbf)>)> = ch
        .by_pillar
        .iter()
        .map(|b| {
            (
                b.label.clone(),
                vec![(b.high, HIGH), (b.medium, MEDIUM), (b.low, LOW)],
            )
        })
        .collect();
    w.bar_chart(
        "Findings by pillar",
        &bars,
        &[("High", HIGH), ("Medium", MEDIUM), ("Low", LOW)],
    );
    let accent = w.accent;
    let bars: Vec<(String, Vec<(usize, Rgbf)>)> = ch
        .by_region
        .iter()
        .map(|c| (c.label.clone(), vec![(c.value, accent)]))
        .collect();
    w.bar_chart("Findings by region", &bars, &[]);
    let bars: Vec<(String, Vec<(usize, Rgbf)>)> = ch
        .by_risk
        .iter()
        .map(|c| {
            let risk = Risk::parse(&c.label.to_lowercase()).unwrap_or(Risk::Low);
            (c.label.clone(), vec![(c.value, risk_color(risk))])
        })
        .collect();
    w.bar_chart("Findings by risk level", &bars, &[]);
    match &ch.before_after {
        Some(pairs) => {
            let mut bars = Vec::new();
            for p in pairs {
                bars.push((
                    format!("{} (before)", short_pillar(&p.label)),
                    vec![(p.before, BEFORE)],
                ));
                bars.push((
                    format!("{} (after)", short_pillar(&p.label)),
                    vec![(p.after, accent)],
                ));
            }
            w.bar_chart(
                "Before / after by pillar",
                &bars,
                &[("Baseline scan", BEFORE), ("This scan", accent)],
            );
        }
        None => {
            w.heading("Before / after by pillar");
            w.paragraph(
                "Shown when the report is built with a baseline scan.",
                MUTED,
            );
        }
    }
}

fn short_pillar(label: &str) -> String {
    Pillar::ALL
        .iter()
        .find(|p| p.title() == label)
        .map(|p| match p {
            Pillar::OperationalExcellence => "Ops Excellence",
            Pillar::PerformanceEfficiency => "Performance",
            Pillar::CostOptimization => "Cost",
            other => other.title(),
        })
        .unwrap_or(label)
        .to_string()
}

fn questions(w: &mut Writer, m: &ReportModel) {
    let wa = &m.well_architected;
    w.section(SECTION_TITLES[3]);
    w.paragraph(
        "Each question of the Well-Architected Framework as the scan answers it. A question is a high-risk \
         issue (HRI) when a high-risk rule mapped to it fails, medium risk when only medium-risk rules fail. \
         Questions no automated rule covers need a manual review with the customer; questions whose data \
         could not be read are not assessed.",
        BODY,
    );
    let rows: Vec<Row> = vec![row(wa
        .counts
        .iter()
        .map(|c| cell(c.value.to_string()))
        .collect())];
    w.table(
        &[
            "High risk",
            "Medium risk",
            "No risk found",
            "Not assessed",
            "Manual review needed",
        ],
        &[0.2, 0.2, 0.2, 0.2, 0.2],
        &rows,
    );
    for pillar in Pillar::ALL {
        let qs: Vec<_> = wa
            .questions
            .iter()
            .filter(|q| q.pillar == *pillar)
            .collect();
        if qs.is_empty() {
            continue;
        }
        w.heading(pillar.title());
        let rows: Vec<Row> = qs
            .iter()
            .map(|q| {
                let mut failed = q.failed_rules.join(", ");
                if !q.low_risk_rules.is_empty() {
                    if !failed.is_empty() {
                        failed.push_str("; ");
                    }
                    failed.push_str(&format!("low: {}", q.low_risk_rules.join(", ")));
                }
                row(vec![
                    cell(&q.id),
                    cell(&q.title),
                    Cell {
                        fill: Some(state_color(q.state)),
                        ..cell(q.state.label())
                    },
                    cell(compact_bps(&q.best_practices)),
                    cell(if failed.is_empty() {
                        "-".to_string()
                    } else {
                        failed
                    }),
                ])
            })
            .collect();
        w.table(
            &["ID", "Question", "State", "Best practices", "Failed rules"],
            &[0.07, 0.29, 0.13, 0.21, 0.30],
            &rows,
        );
    }
}

/// `OPS01-BP01, OPS01-BP02` -> `OPS01: BP01 BP02` (one group per question).
fn compact_bps(ids: &[String]) -> String {
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for id in ids {
        let (q, bp) = id.split_once('-').unwrap_or((id, ""));
        match groups.iter_mut().find(|(g, _)| g == q) {
            Some((_, bps)) => bps.push(bp.to_string()),
            None => groups.push((q.to_string(), vec![bp.to_string()])),
        }
    }
    groups
        .into_iter()
        .map(|(q, bps)| format!("{q}: {}", bps.join(" ")))
        .collect::<Vec<_>>()
        .join("; ")
}

fn hri(w: &mut Writer, m: &ReportModel) {
    let h = &m.hri;
    w.section(SECTION_TITLES[4]);
    let eligible_style = Style {
        face: Face::Bold,
        size: 14.0,
        color: if h.eligible { GOOD } else { HIGH },
    };
    w.y -= 6.0;
    w.text_at(
        MARGIN_X,
        w.y - 14.0,
        &format!(
            "Eligible for the programme credit: {}",
            if h.eligible { "yes" } else { "no" }
        ),
        eligible_style,
    );
    w.y -= 26.0;
    let baseline_label = match h.baseline_scan_id {
        Some(id) => format!("baseline scan {id}"),
        None => "no baseline: this scan".to_string(),
    };
    w.table(
        &["Measure", "Value"],
        &[0.6, 0.4],
        &[
            row(vec![
                cell(format!("Baseline HRIs ({baseline_label})")),
                num(h.baseline_count.to_string()),
            ]),
            row(vec![
                cell("HRIs resolved"),
                num(h.resolved_count.to_string()),
            ]),
            row(vec![
                cell("HRIs remaining"),
                num(h.remaining_count.to_string()),
            ]),
            row(vec![cell("HRIs resolved (%)"), num(pct(h.pct_resolved))]),
            row(vec![
                cell("Programme threshold (% of baseline HRIs)"),
                num(format!("{} %", fmt_num(h.threshold_pct))),
            ]),
            row(vec![
                cell("HRIs still to resolve to reach it"),
                num(h.hris_needed.to_string()),
            ]),
            row(vec![
                cell("Questions answered by the scan / minimum"),
                num(format!(
                    "{} of {} / {}",
                    h.questions_answered, h.questions_total, h.min_questions
                )),
            ]),
            row(vec![
                cell("New HRIs since the baseline"),
                num(h.new_hris.len().to_string()),
            ]),
        ],
    );
    w.heading("What is left");
    for line in &h.what_is_left {
        w.bullet(line, BODY);
    }
    if !h.resolved_hris.is_empty() {
        w.heading("Resolved HRIs");
        w.paragraph(&h.resolved_hris.join(", "), BODY);
    }
    if !h.remaining_hris.is_empty() {
        w.heading("Remaining HRIs");
        let rows: Vec<Row> = h
            .remaining_hris
            .iter()
            .map(|r| {
                row(vec![
                    cell(&r.question),
                    cell(&r.title),
                    cell(r.failing_rules.join(", ")),
                    num(r.resources.to_string()),
                ])
            })
            .collect();
        w.table(
            &["Question", "Title", "Failing high-risk rules", "Resources"],
            &[0.1, 0.42, 0.36, 0.12],
            &rows,
        );
    }
    w.paragraph(
        &format!(
            "Improvement = baseline HRIs resolved / baseline HRIs. The threshold ({} %) and the minimum number \
             of answered questions ({}) are report settings (--threshold-pct, --min-questions).",
            fmt_num(h.threshold_pct),
            h.min_questions
        ),
        MUTED,
    );
}

fn sow(w: &mut Writer, m: &ReportModel) {
    let s = &m.sow;
    w.section(SECTION_TITLES[5]);
    w.paragraph(
        "One line item per failing rule, ready to paste into a Statement of Work. Priority: P1 high risk, \
         P2 medium, P3 low.",
        BODY,
    );
    w.paragraph(&s.effort_rule, MUTED);
    let mut rows: Vec<Row> = Vec::new();
    for pillar in Pillar::ALL {
        let items: Vec<_> = s.items.iter().filter(|i| i.pillar == *pillar).collect();
        if items.is_empty() {
            continue;
        }
        for i in &items {
            rows.push(row(vec![
                num(i.line.to_string()),
                Cell {
                    color: Some(risk_color(i.risk)),
                    ..cell(&i.priority)
                },
                cell(format!(
                    "{}\n{} · {} · {}",
                    i.title,
                    i.rule_id,
                    i.question,
                    i.best_practices.join(", ")
                )),
                cell(&i.scope),
                num(i.resources.to_string()),
                num(fmt_num(i.hours_per_resource)),
                num(format!(
                    "{}{}",
                    fmt_num(i.effort_hours),
                    if i.capped { " (cap)" } else { "" }
                )),
            ]));
        }
        if let Some(sub) = s.subtotals.iter().find(|x| x.pillar == *pillar) {
            rows.push(Row {
                cells: vec![
                    cell(""),
                    cell(""),
                    cell(format!("Subtotal {}", sub.label)),
                    cell(format!("{} line items", sub.items)),
                    num(sub.resources.to_string()),
                    cell(""),
                    num(fmt_num(sub.hours)),
                ],
                bold: true,
            });
        }
    }
    rows.push(Row {
        cells: vec![
            cell(""),
            cell(""),
            cell("Total"),
            cell(format!("{} line items", s.items.len())),
            num(s
                .items
                .iter()
                .map(|i| i.resources)
                .sum::<usize>()
                .to_string()),
            cell(""),
            num(format!("{} h", fmt_num(s.total_hours))),
        ],
        bold: true,
    });
    w.table(
        &[
            "#",
            "Prio.",
            "Line item (rule, question, best practices)",
            "Scope",
            "Res.",
            "h/res",
            "Effort h",
        ],
        &[0.05, 0.06, 0.36, 0.31, 0.06, 0.06, 0.10],
        &rows,
    );
}

fn appendix(w: &mut Writer, m: &ReportModel) {
    let a = &m.appendix;
    w.section(SECTION_TITLES[6]);
    w.paragraph(
        &format!(
            "Every failing resource, grouped by pillar, question and rule; suppressed findings (accepted \
             risks) are listed and flagged. At most {} resources are listed per rule: {} rows are shown here \
             and {} more are in the CSV export ({}), which holds every finding.",
            a.rows_per_rule, a.rows_shown, a.rows_omitted, a.csv_name
        ),
        BODY,
    );
    for p in &a.pillars {
        w.need(80.0);
        w.y -= 6.0;
        w.text_at(
            MARGIN_X,
            w.y - 14.0,
            &p.label,
            Style {
                face: Face::Bold,
                size: 14.0,
                color: w.accent,
            },
        );
        w.y -= 20.0;
        for q in &p.questions {
            w.need(60.0);
            w.paragraph(&format!("{} · {}", q.id, q.title), H2);
            for r in &q.rules {
                w.need(50.0);
                w.paragraph(
                    &format!(
                        "{} ({} risk) · {} · {} resources",
                        r.title,
                        risk_label(r.risk),
                        r.rule_id,
                        r.total
                    ),
                    Style {
                        color: risk_color(r.risk),
                        ..BOLD
                    },
                );
                let mut rows: Vec<Row> = r
                    .rows
                    .iter()
                    .map(|x| {
                        row(vec![
                            cell(&x.region),
                            cell(short_type(&x.resource_type)),
                            cell(if x.suppressed {
                                format!("{} (suppressed)", x.resource_id)
                            } else {
                                x.resource_id.clone()
                            }),
                            cell(&x.detail),
                        ])
                    })
                    .collect();
                if r.omitted > 0 {
                    rows.push(Row {
                        cells: vec![
                            cell(""),
                            cell(""),
                            cell(format!("... and {} more", r.omitted)),
                            cell(format!("see {} for the full list", a.csv_name)),
                        ],
                        bold: true,
                    });
                }
                w.table(
                    &["Region", "Type", "Resource", "Detail"],
                    &[0.13, 0.17, 0.3, 0.4],
                    &rows,
                );
            }
        }
    }
    if a.pillars.is_empty() {
        w.paragraph("No failing resource.", BODY);
    }
}
