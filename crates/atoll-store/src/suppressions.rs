//! Accepted risks (suppressions) per customer: adding, listing, withdrawing,
//! and which findings of a scan they cover at a given time.

use std::collections::HashSet;

use atoll_core::score::FindingKey;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{Store, StoreError, column, timestamp};

/// An accepted risk on one finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Suppression {
    pub rule_id: String,
    pub resource_type: String,
    pub region: String,
    pub resource_id: String,
    pub reason: String,
    pub author: String,
    /// RFC 3339; after it the suppression no longer applies.
    pub expires_at: Option<String>,
}

/// A suppression as stored, with its id and customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StoredSuppression {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    #[serde(flatten)]
    pub suppression: Suppression,
    pub created_at: String,
    /// Whether it applies now (not expired).
    pub active: bool,
}

impl Store {
    /// Accepts a risk for a customer's finding.
    pub async fn add_suppression(
        &self,
        customer_id: Option<i64>,
        s: &Suppression,
    ) -> Result<i64, StoreError> {
        Ok(sqlx::query(
            "INSERT INTO suppressions (customer_id, rule_id, resource_type, region, resource_id, reason, author, expires_at, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(customer_id)
        .bind(&s.rule_id)
        .bind(&s.resource_type)
        .bind(&s.region)
        .bind(&s.resource_id)
        .bind(&s.reason)
        .bind(&s.author)
        .bind(&s.expires_at)
        .bind(timestamp(Utc::now()))
        .execute(&self.pool)
        .await?
        .last_insert_rowid())
    }

    /// The findings suppressed for a scan's customer at `now` (expired
    /// suppressions no longer apply).
    pub async fn suppressed_keys(
        &self,
        scan_id: i64,
        now: DateTime<Utc>,
    ) -> Result<HashSet<FindingKey>, StoreError> {
        let rows = sqlx::query(
            "SELECT x.rule_id, x.resource_type, x.region, x.resource_id FROM suppressions x
             JOIN scans s ON s.id = ?1
             WHERE (x.customer_id IS s.customer_id) AND (x.expires_at IS NULL OR x.expires_at > ?2)",
        )
        .bind(scan_id)
        .bind(timestamp(now))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                Ok((
                    column(&row, "rule_id")?,
                    column(&row, "resource_type")?,
                    column(&row, "region")?,
                    column(&row, "resource_id")?,
                ))
            })
            .collect()
    }

    /// A customer's suppressions, newest first, expired ones included.
    pub async fn suppressions(
        &self,
        customer_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<Vec<StoredSuppression>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, rule_id, resource_type, region, resource_id, reason, author, expires_at, created_at
             FROM suppressions WHERE customer_id IS ? ORDER BY id DESC",
        )
        .bind(customer_id)
        .fetch_all(&self.pool)
        .await?;
        let now = timestamp(now);
        rows.iter()
            .map(|row| {
                let expires_at: Option<String> = column(row, "expires_at")?;
                Ok(StoredSuppression {
                    id: column(row, "id")?,
                    active: expires_at.as_deref().is_none_or(|at| at > now.as_str()),
                    suppression: Suppression {
                        rule_id: column(row, "rule_id")?,
                        resource_type: column(row, "resource_type")?,
                        region: column(row, "region")?,
                        resource_id: column(row, "resource_id")?,
                        reason: column(row, "reason")?,
                        author: column(row, "author")?,
                        expires_at,
                    },
                    created_at: column(row, "created_at")?,
                })
            })
            .collect()
    }

    /// Withdraws an accepted risk: the finding counts again.
    pub async fn delete_suppression(&self, id: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM suppressions WHERE id = ?")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
