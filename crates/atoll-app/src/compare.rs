//! Compare: a baseline and a later scan side by side, with the HRI progress
//! the report shows (built by the report use case, so app and PDF agree).

use atoll_core::RuleSet;
use atoll_core::diff::ScanDiff;
use atoll_core::organization::{AccountChange, account_changes};
use atoll_core::scan::ScanReport;
use atoll_report::model::HriSection;
use atoll_store::Store;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::report::{ReportUseCaseError, assemble_input};
use crate::results::{ScanOverview, changes, scan_report, scan_report_with_results};
use crate::settings::CreditThreshold;

/// A baseline and a later scan side by side: what changed, HRI progress
/// against the credit threshold (the same numbers as the report), and the
/// findings per pillar before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Comparison {
    pub baseline: ScanOverview,
    pub later: ScanOverview,
    pub diff: ScanDiff,
    pub hri: HriSection,
    pub threshold: CreditThreshold,
    /// Organization reviews compared: each account's change, accounts
    /// added to or removed from the review included; empty otherwise.
    pub accounts: Vec<AccountChange>,
}

/// Compares `baseline` with `later` as of `now`, against the partner's
/// stored credit threshold.
pub async fn compare_scans(
    store: &Store,
    rules: &RuleSet,
    baseline: i64,
    later: i64,
    now: DateTime<Utc>,
) -> Result<Comparison, ReportUseCaseError> {
    let threshold = crate::settings::credit_threshold(store).await?;
    let before = scan_report(store, baseline, now).await?;
    let after = scan_report_with_results(store, later, now).await?;
    let changes = changes(&before, &after);
    let overview = |d: &ScanReport| ScanOverview {
        scan: d.scan.clone(),
        summary: d.summary.clone(),
        accounts: d.accounts.clone(),
    };
    let (baseline_view, later_view) = (overview(&before), overview(&after.report));
    let accounts = account_changes(&before.accounts, &after.report.accounts, &changes);
    let input = assemble_input(
        rules,
        after,
        Some((before, changes.clone())),
        threshold.report_settings(),
        now,
    );
    Ok(Comparison {
        baseline: baseline_view,
        later: later_view,
        diff: changes,
        hri: atoll_report::build_model(&input).hri,
        threshold,
        accounts,
    })
}
