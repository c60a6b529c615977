//! Reading a stored scan the way the CLI's JSON, the app and reports show
//! it: the scan, its summary and its findings; the list of scans; the diff
//! of two scans.

use atoll_core::diff::{ScanDiff, diff};
use atoll_core::scan::{ScanRecord, ScanReport};
use atoll_core::score::{Summary, findings, summarize, summarize_counts};
use atoll_core::{RuleInfo, RuleResult};
use atoll_store::{Store, StoreError};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A completed scan with suppressions applied as of `now`.
pub async fn scan_report(
    store: &Store,
    scan_id: i64,
    now: DateTime<Utc>,
) -> Result<ScanReport, StoreError> {
    Ok(scan_report_with_results(store, scan_id, now).await?.report)
}

/// A scan's report with the rule snapshot and every result it was built
/// from, read once: what a client report needs besides the findings.
pub(crate) struct ReadScan {
    pub report: ScanReport,
    pub rules: Vec<RuleInfo>,
    pub results: Vec<RuleResult>,
}

pub(crate) async fn scan_report_with_results(
    store: &Store,
    scan_id: i64,
    now: DateTime<Utc>,
) -> Result<ReadScan, StoreError> {
    let scan = store.scan(scan_id).await?;
    let (rules, results) = store.results(scan_id).await?;
    let suppressed = store.suppressed_keys(scan_id, now).await?;
    Ok(ReadScan {
        report: ScanReport {
            summary: summarize(&rules, &results, &suppressed),
            findings: findings(&rules, &results, &suppressed),
            scan,
        },
        rules,
        results,
    })
}

/// New, resolved and persisting findings from `from` (baseline) to `to`.
pub async fn diff_scans(
    store: &Store,
    from: i64,
    to: i64,
    now: DateTime<Utc>,
) -> Result<ScanDiff, StoreError> {
    let before = scan_report(store, from, now).await?;
    let after = scan_report(store, to, now).await?;
    Ok(diff(&before.findings, &after.findings))
}

/// The dashboard of one scan: the scan and its numbers, without the
/// findings (the explorer loads those on demand).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScanOverview {
    pub scan: ScanRecord,
    pub summary: Summary,
}

pub async fn scan_overview(
    store: &Store,
    scan_id: i64,
    now: DateTime<Utc>,
) -> Result<ScanOverview, StoreError> {
    // Counted in SQL: the dashboard opens without reading every result.
    let scan = store.scan(scan_id).await?;
    let rules = store.scan_rules(scan_id).await?;
    let (counts, not_assessed) = store.result_counts(scan_id, now).await?;
    Ok(ScanOverview {
        summary: summarize_counts(&rules, &counts, not_assessed),
        scan,
    })
}

/// Scans, newest first; of one customer when named.
pub async fn list_scans(
    store: &Store,
    customer: Option<&str>,
) -> Result<Vec<ScanRecord>, StoreError> {
    store.scans(customer).await
}
