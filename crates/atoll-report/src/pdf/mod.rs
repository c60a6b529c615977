//! The PDF: A4 pages laid out from the [`ReportModel`] with printpdf's
//! operations. Text is drawn with the bundled fonts (DejaVu Sans for Latin,
//! Greek, Cyrillic...; Droid Sans Fallback for CJK, embedded only when the
//! report contains such text), one text section per positioned run; charts
//! are vector rectangles; every page but the cover carries a header and a
//! footer with the page number.
//!
//! Layout primitives: `fonts`, `style`, `writer` (the page and text
//! writer), `table`, `chart`, `logo`. One module per part of the
//! report: `cover`, `contents`, `executive`, `organization` (a review
//! across an AWS Organization only), `scope`, `glance`,
//! `questions`, `hri`, `sow`, `appendix`, and the `frame` (header
//! and footer) of every page.

mod appendix;
mod chart;
mod contents;
mod cover;
mod executive;
mod fonts;
mod frame;
mod glance;
mod hri;
mod logo;
mod organization;
mod questions;
mod scope;
mod sow;
mod style;
mod table;
mod writer;

use printpdf::{Mm, PdfDocument, PdfPage, PdfSaveOptions};

use crate::model::ReportModel;
use crate::{ReportError, ReportSettings, parse_accent};
use fonts::Fonts;
pub use logo::check_logo;
pub use organization::ORGANIZATION_TITLE;
use style::Rgbf;
use writer::{BODY_TOP, Writer};

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

/// Renders the report model to PDF bytes.
pub fn render(model: &ReportModel, settings: &ReportSettings) -> Result<Vec<u8>, ReportError> {
    let accent = parse_accent(&settings.accent)?;
    let accent = Rgbf(accent.0, accent.1, accent.2);
    let mut doc = PdfDocument::new(&format!("{} - {}", model.title, model.cover.customer));
    let all_text = serde_json::to_string(model)?;
    let fonts = Fonts::load(&mut doc, Fonts::needs_fallback(&all_text))?;
    let logo = match &settings.logo_png {
        Some(bytes) => Some(logo::embed(&mut doc, bytes)?),
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
    cover::draw(&mut w, model, logo.as_ref());
    // The contents page is filled in once the page numbers are known.
    w.new_page();
    executive::draw(&mut w, model);
    organization::draw(&mut w, model);
    scope::draw(&mut w, model);
    glance::draw(&mut w, model);
    questions::draw(&mut w, model);
    hri::draw(&mut w, model);
    sow::draw(&mut w, model);
    appendix::draw(&mut w, model);

    let total = w.pages.len();
    let toc = w.toc.clone();
    contents::draw(&mut w, &toc);
    for page in 0..total {
        frame::draw(&mut w, model, page, total, logo.as_ref());
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
