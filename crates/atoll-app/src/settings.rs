//! The partner's settings kept in the store: the programme's HRI credit
//! threshold (used by the compare view and the report).

use atoll_store::{Store, StoreError};
use serde::{Deserialize, Serialize};

const CREDIT_THRESHOLD: &str = "credit_threshold";

/// What a review must show for the partner-programme credit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct CreditThreshold {
    /// Share of the baseline HRIs to resolve, in percent.
    pub percentage: f64,
    /// Questions the review must have answered.
    #[ts(type = "number")]
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

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("the HRI threshold must be between 1 and 100 %, not {0}")]
    Percentage(f64),
    #[error("the minimum number of questions must be between 0 and 57, not {0}")]
    MinQuestions(usize),
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
