//! Atoll's deliverables: the client-ready, SOW-ready PDF report and the CSV /
//! XLSX / JSON exports of a stored scan.
//!
//! The flow is `ReportInput` (what the store holds about a scan, its optional
//! baseline and the WAF reference, gathered by `atoll_app::report`) ->
//! [`build_model`] -> [`ReportModel`] (every number and sentence the report
//! shows; serializable, snapshot-tested) -> [`pdf::render`] / [`export`].
//! The PDF only lays out what the model says, so the numbers in the PDF, the
//! exports and the app are the same numbers.

// A panic in the app is a lost review: errors are returned, and the few
// real invariants allow `expect` by name.
#![warn(clippy::unwrap_used, clippy::expect_used)]

pub mod export;
pub mod model;
pub mod pdf;

use atoll_core::Framework;
use atoll_core::RuleResult;
use atoll_core::diff::ScanDiff;
use atoll_core::score::RuleInfo;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use model::{ReportModel, build_model};

/// A stored scan as the CLI's JSON contract shows it (`{"scan", "summary",
/// "findings"}`): core's one type for it, what reports are built from.
pub use atoll_core::scan::ScanReport;

/// Everything the report is computed from.
#[derive(Debug, Clone)]
pub struct ReportInput {
    pub current: ScanReport,
    /// The rule snapshot stored with the scan, and all its results (pass,
    /// fail, not assessed): the WA view needs more than the failures.
    pub rules: Vec<RuleInfo>,
    pub results: Vec<RuleResult>,
    pub baseline: Option<ScanReport>,
    /// Baseline -> current; present when a baseline is.
    pub diff: Option<ScanDiff>,
    /// The Well-Architected reference (all pillars, questions, best practices).
    pub framework: Framework,
    pub settings: ReportSettings,
    pub generated_at: DateTime<Utc>,
}

/// Branding, engagement data and programme thresholds: the partner's
/// settings, not constants.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportSettings {
    pub partner_name: String,
    /// PNG file bytes of the partner logo, drawn on the cover and in headers.
    #[serde(skip)]
    pub logo_png: Option<Vec<u8>>,
    /// `#RRGGBB`.
    pub accent: String,
    pub reviewer: Option<String>,
    pub sow_ref: Option<String>,
    /// Share of the baseline HRIs that must be resolved for the partner
    /// programme credit (e.g. 25 or 45).
    pub threshold_pct: f64,
    /// Questions the review must have answered for the credit.
    pub min_questions: usize,
    /// Appendix rows per rule in the PDF; the rest is in the CSV export.
    pub appendix_rows_per_rule: usize,
    /// The CSV file name the appendix points to.
    pub csv_name: String,
}

impl Default for ReportSettings {
    fn default() -> Self {
        ReportSettings {
            partner_name: "AWS Partner".to_string(),
            logo_png: None,
            accent: DEFAULT_ACCENT.to_string(),
            reviewer: None,
            sow_ref: None,
            threshold_pct: DEFAULT_THRESHOLD_PCT,
            min_questions: DEFAULT_MIN_QUESTIONS,
            appendix_rows_per_rule: DEFAULT_APPENDIX_ROWS,
            csv_name: "findings.csv".to_string(),
        }
    }
}

pub const DEFAULT_ACCENT: &str = "#0B6E99";
pub const DEFAULT_THRESHOLD_PCT: f64 = 25.0;
pub const DEFAULT_MIN_QUESTIONS: usize = 20;
pub const DEFAULT_APPENDIX_ROWS: usize = 25;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("accent colour `{0}` is not #RRGGBB")]
    BadAccent(String),
    #[error("cannot read the logo: {0}")]
    BadLogo(String),
    #[error("cannot load the bundled font {0}")]
    Font(&'static str),
    #[error("cannot write the CSV export: {0}")]
    Csv(#[from] csv::Error),
    #[error("cannot write the XLSX export: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("cannot write the JSON export: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// Parses `#RRGGBB` (or `RRGGBB`) into 0..=1 components.
pub fn parse_accent(hex: &str) -> Result<(f32, f32, f32), ReportError> {
    let digits = hex.trim().trim_start_matches('#');
    let bad = || ReportError::BadAccent(hex.to_string());
    if digits.len() != 6 || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(bad());
    }
    let channel = |i: usize| {
        u8::from_str_radix(&digits[i..i + 2], 16)
            .map(|v| f32::from(v) / 255.0)
            .map_err(|_| bad())
    };
    Ok((channel(0)?, channel(2)?, channel(4)?))
}
