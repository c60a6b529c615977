//! Reading a stored scan the way the CLI's JSON, the app and reports show
//! it: the scan, its summary and its findings; and comparing two scans.

use atoll_core::diff::{ScanDiff, diff};
use atoll_core::score::{Finding, Summary, findings, summarize};
use atoll_store::{ScanRecord, Store, StoreError};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The `--json` document of `atoll scan` (see design.md's CLI contract).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScanReport {
    pub scan: ScanRecord,
    pub summary: Summary,
    /// Failing results, suppressed ones included and flagged.
    pub findings: Vec<Finding>,
}

/// A completed scan with suppressions applied as of `now`.
pub async fn scan_report(
    store: &Store,
    scan_id: i64,
    now: DateTime<Utc>,
) -> Result<ScanReport, StoreError> {
    let scan = store.scan(scan_id).await?;
    let (rules, results) = store.results(scan_id).await?;
    let suppressed = store.suppressed_keys(scan_id, now).await?;
    Ok(ScanReport {
        summary: summarize(&rules, &results, &suppressed),
        findings: findings(&rules, &results, &suppressed),
        scan,
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
