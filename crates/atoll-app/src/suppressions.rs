//! Accepting a risk: a suppressed finding leaves the score and the counts
//! but stays visible and in the record; an expired suppression stops
//! applying by itself (suppressions are applied when a scan is read).

use atoll_store::{Store, StoreError, StoredSuppression, Suppression};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::Deserialize;

#[derive(Debug, thiserror::Error)]
pub enum SuppressionError {
    #[error("give a reason for accepting this risk")]
    NoReason,
    #[error("say who accepted the risk")]
    NoAuthor,
    #[error("expiry `{0}` is not a date (YYYY-MM-DD) or an RFC 3339 time")]
    BadExpiry(String),
    #[error("expiry {0} is in the past: the suppression would never apply")]
    ExpiryInPast(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What the partner fills in to accept the risk of one finding.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SuppressionRequest {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub scan_id: i64,
    pub rule_id: String,
    pub resource_type: String,
    pub region: String,
    pub resource_id: String,
    pub reason: String,
    pub author: String,
    /// `YYYY-MM-DD` (valid to the end of that day, UTC) or RFC 3339; none
    /// for a suppression that never expires.
    pub expires: Option<String>,
}

const END_OF_DAY: NaiveTime = match NaiveTime::from_hms_opt(23, 59, 59) {
    Some(time) => time,
    None => NaiveTime::MIN,
};

/// A date means "until the end of that day", in UTC.
fn parse_expiry(text: &str, now: DateTime<Utc>) -> Result<String, SuppressionError> {
    let text = text.trim();
    let at = if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        day.and_time(END_OF_DAY).and_utc()
    } else {
        DateTime::parse_from_rfc3339(text)
            .map_err(|_| SuppressionError::BadExpiry(text.to_string()))?
            .with_timezone(&Utc)
    };
    let stamp = atoll_store::timestamp(at);
    if at <= now {
        return Err(SuppressionError::ExpiryInPast(stamp));
    }
    Ok(stamp)
}

/// Records the suppression for the scan's customer; returns its id.
pub async fn suppress_finding(
    store: &Store,
    request: &SuppressionRequest,
    now: DateTime<Utc>,
) -> Result<i64, SuppressionError> {
    if request.reason.trim().is_empty() {
        return Err(SuppressionError::NoReason);
    }
    if request.author.trim().is_empty() {
        return Err(SuppressionError::NoAuthor);
    }
    let expires_at = match request.expires.as_deref().filter(|e| !e.trim().is_empty()) {
        Some(text) => Some(parse_expiry(text, now)?),
        None => None,
    };
    let customer_id = store.scan_customer_id(request.scan_id).await?;
    Ok(store
        .add_suppression(
            customer_id,
            &Suppression {
                rule_id: request.rule_id.clone(),
                resource_type: request.resource_type.clone(),
                region: request.region.clone(),
                resource_id: request.resource_id.clone(),
                reason: request.reason.trim().to_string(),
                author: request.author.trim().to_string(),
                expires_at,
            },
        )
        .await?)
}

/// The suppressions of the customer a scan belongs to.
pub async fn customer_suppressions(
    store: &Store,
    customer_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<StoredSuppression>, StoreError> {
    store.suppressions(Some(customer_id), now).await
}

/// Withdraws an accepted risk: the finding counts again.
pub async fn withdraw_suppression(store: &Store, id: i64) -> Result<(), StoreError> {
    store.delete_suppression(id).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_expires_at_the_end_of_that_day_and_the_past_is_refused() {
        let now = DateTime::parse_from_rfc3339("2026-11-25T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            parse_expiry("2026-12-31", now).unwrap(),
            "2026-12-31T23:59:59Z"
        );
        assert!(matches!(
            parse_expiry("2026-11-24", now),
            Err(SuppressionError::ExpiryInPast(_))
        ));
        assert!(matches!(
            parse_expiry("next week", now),
            Err(SuppressionError::BadExpiry(_))
        ));
    }
}
