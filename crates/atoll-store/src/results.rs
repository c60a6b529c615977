//! Reading a completed scan's results: the rule snapshot, every result or
//! only the failing ones, and the counts a summary needs (grouped in SQL).

use atoll_core::scan::ScanStatus;
use atoll_core::score::{NotAssessed, ResultCount};
use atoll_core::{Outcome, RuleInfo, RuleResult};
use chrono::{DateTime, Utc};

use crate::{Store, StoreError, column, parse_json, scan_status, timestamp};

impl Store {
    /// The rule snapshot and all results of a completed scan.
    pub async fn results(
        &self,
        scan_id: i64,
    ) -> Result<(Vec<RuleInfo>, Vec<RuleResult>), StoreError> {
        let rules = self.scan_rules(scan_id).await?;
        let results = self.results_where(scan_id, None).await?;
        Ok((rules, results))
    }

    /// The rule snapshot and the failing results of a completed scan: the
    /// findings, without reading the (usually more) passing results.
    pub async fn failing_results(
        &self,
        scan_id: i64,
    ) -> Result<(Vec<RuleInfo>, Vec<RuleResult>), StoreError> {
        let rules = self.scan_rules(scan_id).await?;
        let results = self.results_where(scan_id, Some(Outcome::Fail)).await?;
        Ok((rules, results))
    }

    /// The rule snapshot of a completed scan.
    pub async fn scan_rules(&self, scan_id: i64) -> Result<Vec<RuleInfo>, StoreError> {
        // The status only: callers have usually just read the scan record.
        let status: String = sqlx::query_scalar("SELECT status FROM scans WHERE id = ?")
            .bind(scan_id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NoSuchScan(scan_id))?;
        let status: ScanStatus = scan_status(&status)?;
        if status != ScanStatus::Completed {
            return Err(StoreError::ScanNotCompleted {
                id: scan_id,
                status,
            });
        }
        sqlx::query_scalar::<_, String>(
            "SELECT info FROM scan_rules WHERE scan_id = ? ORDER BY rule_id",
        )
        .bind(scan_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|info| parse_json(info, "rule snapshot"))
        .collect()
    }

    async fn results_where(
        &self,
        scan_id: i64,
        outcome: Option<Outcome>,
    ) -> Result<Vec<RuleResult>, StoreError> {
        let rows = sqlx::query(
            "SELECT rule_id, resource_type, region, resource_id, arn, outcome, detail FROM results
             WHERE scan_id = ?1 AND (?2 IS NULL OR outcome = ?2) ORDER BY rowid",
        )
        .bind(scan_id)
        .bind(outcome.map(|o| o.as_str()))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                let outcome: String = column(&row, "outcome")?;
                Ok(RuleResult {
                    rule_id: column(&row, "rule_id")?,
                    resource_type: column(&row, "resource_type")?,
                    region: column(&row, "region")?,
                    resource_id: column(&row, "resource_id")?,
                    arn: column(&row, "arn")?,
                    outcome: Outcome::parse(&outcome)
                        .ok_or_else(|| StoreError::Corrupt(format!("outcome `{outcome}`")))?,
                    detail: column(&row, "detail")?,
                })
            })
            .collect()
    }

    /// A completed scan's results counted by rule, region, outcome and
    /// whether an accepted risk of the customer covers them at `now`, and
    /// the results that could not be assessed: what a summary needs,
    /// aggregated by SQLite instead of read row by row.
    pub async fn result_counts(
        &self,
        scan_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(Vec<ResultCount>, Vec<NotAssessed>), StoreError> {
        let rows = sqlx::query(
            "SELECT r.rule_id, r.region, r.outcome,
                    EXISTS (SELECT 1 FROM suppressions x
                            WHERE x.rule_id = r.rule_id AND x.resource_id = r.resource_id
                              AND x.resource_type = r.resource_type AND x.region = r.region
                              AND x.customer_id IS s.customer_id
                              AND (x.expires_at IS NULL OR x.expires_at > ?2)) AS suppressed,
                    count(*) AS n
             FROM results r JOIN scans s ON s.id = r.scan_id
             WHERE r.scan_id = ?1
             GROUP BY r.rule_id, r.region, r.outcome, suppressed",
        )
        .bind(scan_id)
        .bind(timestamp(now))
        .fetch_all(&self.pool)
        .await?;
        let counts = rows
            .into_iter()
            .map(|row| {
                let outcome: String = column(&row, "outcome")?;
                Ok(ResultCount {
                    rule_id: column(&row, "rule_id")?,
                    region: column(&row, "region")?,
                    outcome: Outcome::parse(&outcome)
                        .ok_or_else(|| StoreError::Corrupt(format!("outcome `{outcome}`")))?,
                    suppressed: column(&row, "suppressed")?,
                    count: column::<i64>(&row, "n")? as u64,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let not_assessed = sqlx::query(
            "SELECT rule_id, region, detail FROM results
             WHERE scan_id = ? AND outcome = 'not-assessed' ORDER BY rowid",
        )
        .bind(scan_id)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(|row| {
            Ok(NotAssessed {
                rule_id: column(&row, "rule_id")?,
                region: column(&row, "region")?,
                reason: column(&row, "detail")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        Ok((counts, not_assessed))
    }
}
