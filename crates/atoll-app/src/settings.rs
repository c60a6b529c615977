//! The partner's settings kept in the store: the programme's HRI credit
//! threshold (used by the compare view and the report) and how the client
//! report is branded (partner name, reviewer, accent colour, logo).

use atoll_store::{Store, StoreError};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};

use crate::customers::FieldError;

const CREDIT_THRESHOLD: &str = "credit_threshold";
const REPORT_BRANDING: &str = "report_branding";

/// A logo larger than this is refused: it would weigh down every report.
pub const MAX_LOGO_BYTES: usize = 1024 * 1024;

/// What a review must show for the partner-programme credit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CreditThreshold {
    /// Share of the baseline HRIs to resolve, in percent.
    pub percentage: f64,
    /// Questions the review must have answered.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub min_questions: usize,
}

impl Default for CreditThreshold {
    fn default() -> Self {
        CreditThreshold {
            percentage: atoll_report::DEFAULT_THRESHOLD_PCT,
            min_questions: atoll_report::DEFAULT_MIN_QUESTIONS,
        }
    }
}

impl CreditThreshold {
    /// Default report settings with this threshold: the report, the app's
    /// compare view and its export measure HRI progress the same way.
    pub fn report_settings(self) -> atoll_report::ReportSettings {
        atoll_report::ReportSettings {
            threshold_pct: self.percentage,
            min_questions: self.min_questions,
            ..atoll_report::ReportSettings::default()
        }
    }
}

/// How the partner's client reports look. Kept in the store with the logo
/// itself, so a report never depends on a file staying where it was.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReportBranding {
    /// The partner firm, on the cover, in headers and footers.
    pub partner_name: String,
    /// Who led the review, on the cover (may be empty).
    pub reviewer: String,
    /// `#RRGGBB`.
    pub accent: String,
    /// The logo as PNG file bytes, base64-encoded.
    pub logo_png_base64: Option<String>,
}

impl Default for ReportBranding {
    fn default() -> Self {
        let defaults = atoll_report::ReportSettings::default();
        ReportBranding {
            partner_name: defaults.partner_name,
            reviewer: String::new(),
            accent: defaults.accent,
            logo_png_base64: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("the HRI threshold must be between 1 and 100 %, not {0}")]
    Percentage(f64),
    #[error("the minimum number of questions must be between 0 and 57, not {0}")]
    MinQuestions(usize),
    #[error("some report settings need attention")]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub async fn credit_threshold(store: &Store) -> Result<CreditThreshold, StoreError> {
    Ok(store.setting(CREDIT_THRESHOLD).await?.unwrap_or_default())
}

pub async fn set_credit_threshold(
    store: &Store,
    threshold: CreditThreshold,
) -> Result<(), SettingsError> {
    if !(1.0..=100.0).contains(&threshold.percentage) {
        return Err(SettingsError::Percentage(threshold.percentage));
    }
    if threshold.min_questions > 57 {
        return Err(SettingsError::MinQuestions(threshold.min_questions));
    }
    Ok(store.set_setting(CREDIT_THRESHOLD, &threshold).await?)
}

pub async fn report_branding(store: &Store) -> Result<ReportBranding, StoreError> {
    Ok(store.setting(REPORT_BRANDING).await?.unwrap_or_default())
}

/// The problems of a branding, each naming its field.
pub fn validate_branding(branding: &ReportBranding) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut problem = |field: &str, message: String| {
        errors.push(FieldError {
            field: field.into(),
            message,
        })
    };
    if branding.partner_name.trim().is_empty() {
        problem("partner_name", "the report needs the partner's name".into());
    }
    if let Err(e) = atoll_report::parse_accent(&branding.accent) {
        problem("accent", e.to_string());
    }
    if let Some(encoded) = &branding.logo_png_base64 {
        match BASE64.decode(encoded) {
            Err(_) => problem("logo", "the logo could not be read".into()),
            Ok(bytes) if bytes.len() > MAX_LOGO_BYTES => problem(
                "logo",
                format!(
                    "the logo is {} KB; keep it under {} KB",
                    bytes.len() / 1024,
                    MAX_LOGO_BYTES / 1024
                ),
            ),
            Ok(bytes) => {
                if let Err(e) = atoll_report::pdf::check_logo(&bytes) {
                    problem("logo", format!("{e} (a PNG file is needed)"));
                }
            }
        }
    }
    errors
}

pub async fn set_report_branding(
    store: &Store,
    branding: &ReportBranding,
) -> Result<(), SettingsError> {
    let errors = validate_branding(branding);
    if !errors.is_empty() {
        return Err(SettingsError::Invalid(errors));
    }
    let trimmed = ReportBranding {
        partner_name: branding.partner_name.trim().to_string(),
        reviewer: branding.reviewer.trim().to_string(),
        ..branding.clone()
    };
    Ok(store.set_setting(REPORT_BRANDING, &trimmed).await?)
}

/// The settings of a scan's client report as the app exports it: the credit
/// threshold, the partner's branding, and the SOW reference of the scan's
/// customer.
/// What the CLI's report flags override in the stored settings; `None`
/// keeps the stored value.
#[derive(Debug, Clone, Default)]
pub struct ReportOverrides {
    pub partner_name: Option<String>,
    /// PNG file bytes.
    pub logo_png: Option<Vec<u8>>,
    pub accent: Option<String>,
    pub reviewer: Option<String>,
    pub sow_ref: Option<String>,
    pub threshold_pct: Option<f64>,
    pub min_questions: Option<usize>,
}

impl ReportOverrides {
    pub fn apply(self, settings: &mut atoll_report::ReportSettings) {
        if let Some(v) = self.partner_name {
            settings.partner_name = v;
        }
        if let Some(v) = self.logo_png {
            settings.logo_png = Some(v);
        }
        if let Some(v) = self.accent {
            settings.accent = v;
        }
        if let Some(v) = self.reviewer {
            settings.reviewer = Some(v);
        }
        if let Some(v) = self.sow_ref {
            settings.sow_ref = Some(v);
        }
        if let Some(v) = self.threshold_pct {
            settings.threshold_pct = v;
        }
        if let Some(v) = self.min_questions {
            settings.min_questions = v;
        }
    }
}

pub async fn report_settings_for_scan(
    store: &Store,
    scan_id: i64,
) -> Result<atoll_report::ReportSettings, StoreError> {
    let mut settings = credit_threshold(store).await?.report_settings();
    let branding = report_branding(store).await?;
    settings.partner_name = branding.partner_name;
    settings.accent = branding.accent;
    settings.reviewer = Some(branding.reviewer).filter(|r| !r.is_empty());
    // Validated when saved; a logo that no longer decodes is left out
    // rather than failing the export.
    settings.logo_png = branding
        .logo_png_base64
        .and_then(|encoded| BASE64.decode(encoded).ok());
    if let Some(customer) = store.scan_customer_id(scan_id).await? {
        let sow = store.customer(customer).await?.profile.sow_reference;
        settings.sow_ref = Some(sow).filter(|s| !s.trim().is_empty());
    }
    Ok(settings)
}
