//! Reading a stored scan the way the CLI's JSON, the app and reports show
//! it: the scan, its summary and its findings; the list of scans; the diff
//! of two scans.

use atoll_core::diff::{ScanDiff, diff_within};
use atoll_core::reassessment::Reassessment;
use atoll_core::scan::{ScanRecord, ScanReport};
use std::collections::HashSet;

use atoll_core::organization::{AccountSummary, account_label, riskiest_first};
use atoll_core::scan::ScanStatus;
use atoll_core::score::{Summary, finding_order, findings, summarize, summarize_counts};
use atoll_core::{Coverage, CoverageStatus, RuleInfo, RuleResult};
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
    /// What the scan judged, for a compare against an earlier one.
    pub reach: Reassessment,
}

/// The reach of a scan of `rules` over `regions`.
fn reach_of(rules: &[RuleInfo], scan: &ScanRecord) -> Reassessment {
    Reassessment::new(rules.iter().map(|r| r.id.clone()), scan.regions.clone())
        .scoped(!scan.scope.tags.is_empty())
}

/// The changes from `before` (baseline) to `after`: a baseline finding
/// `after` did not judge again is not re-assessed rather than resolved.
pub(crate) fn changes(before: &ScanReport, after: &ReadScan) -> ScanDiff {
    diff_within(&before.findings, &after.report.findings, &after.reach)
}

pub(crate) async fn scan_report_with_results(
    store: &Store,
    scan_id: i64,
    now: DateTime<Utc>,
) -> Result<ReadScan, StoreError> {
    let scan = store.scan(scan_id).await?;
    if scan.organization {
        return review_report(store, scan, now).await;
    }
    account_report(store, scan, now).await
}

/// One account's scan: its results, findings and summary.
async fn account_report(
    store: &Store,
    scan: ScanRecord,
    now: DateTime<Utc>,
) -> Result<ReadScan, StoreError> {
    let (rules, results) = store.results(scan.id).await?;
    let suppressed = store.suppressed_keys(scan.id, now).await?;
    let mut findings = findings(&rules, &results, &suppressed);
    for finding in &mut findings {
        finding.account_id.clone_from(&scan.account_id);
    }
    let mut reach = reach_of(&rules, &scan);
    reach.assessed_account(scan.account_id.as_deref(), &results);
    Ok(ReadScan {
        reach,
        report: ScanReport {
            summary: summarize(&rules, &results, &suppressed),
            findings,
            scan,
            accounts: Vec::new(),
        },
        rules,
        results,
    })
}

/// An organization review: every account's findings (each with its
/// account id), the summary of all their results together, and one line per
/// account, riskiest first. An account that was not assessed is a line
/// with the reason and adds nothing to the numbers.
async fn review_report(
    store: &Store,
    mut scan: ScanRecord,
    now: DateTime<Utc>,
) -> Result<ReadScan, StoreError> {
    let mut rules: Vec<RuleInfo> = Vec::new();
    let mut results = Vec::new();
    let mut all_findings = Vec::new();
    let mut suppressed = HashSet::new();
    let mut accounts = Vec::new();
    let mut regions: Vec<String> = Vec::new();
    let mut reach: Option<Reassessment> = None;
    for account_scan in store.account_scans(scan.id).await? {
        if account_scan.status != ScanStatus::Completed {
            let line = AccountSummary::of(&account_scan, None, &[]);
            scan.coverage.push(account_not_assessed(&line));
            accounts.push(line);
            continue;
        }
        merge_coverage(&mut scan.coverage, &account_scan);
        suppressed.extend(store.suppressed_keys(account_scan.id, now).await?);
        let read = account_report(store, account_scan, now).await?;
        accounts.push(AccountSummary::of(
            &read.report.scan,
            Some(&read.report.summary),
            &read.report.findings,
        ));
        if rules.is_empty() {
            rules = read.rules;
        }
        for region in &read.report.scan.regions {
            if !regions.contains(region) {
                regions.push(region.clone());
            }
        }
        reach
            .get_or_insert_with(|| reach_of(&rules, &scan).review_of_accounts())
            .assessed_account(read.report.scan.account_id.as_deref(), &read.results);
        results.extend(read.results);
        all_findings.extend(read.report.findings);
    }
    riskiest_first(&mut accounts);
    all_findings.sort_by(|a, b| {
        finding_order(a.risk, a.pillar, &a.rule_id, &a.region, &a.resource_id)
            .cmp(&finding_order(
                b.risk,
                b.pillar,
                &b.rule_id,
                &b.region,
                &b.resource_id,
            ))
            .then_with(|| a.account_id.cmp(&b.account_id))
    });
    // Each account's own regions ("all" is resolved per account).
    let reach = reach
        .unwrap_or_else(|| reach_of(&rules, &scan).review_of_accounts())
        .with_regions(regions);
    Ok(ReadScan {
        reach,
        report: ScanReport {
            summary: summarize(&rules, &results, &suppressed),
            findings: all_findings,
            scan,
            accounts,
        },
        rules,
        results,
    })
}

/// The review's coverage gains an account's: what could be read once per
/// service, resource type and region; each gap with the account it is in.
fn merge_coverage(coverage: &mut Vec<Coverage>, account_scan: &ScanRecord) {
    let account = account_name(account_scan);
    for entry in &account_scan.coverage {
        if entry.status == CoverageStatus::Ok {
            let seen = coverage.iter().any(|c| {
                c.status == CoverageStatus::Ok
                    && c.resource_type == entry.resource_type
                    && c.region == entry.region
            });
            if !seen {
                coverage.push(entry.clone());
            }
            continue;
        }
        coverage.push(Coverage {
            message: Some(format!(
                "account {account}: {}",
                entry.message.as_deref().unwrap_or("not read")
            )),
            ..entry.clone()
        });
    }
}

/// A coverage gap for an account that was not assessed at all.
fn account_not_assessed(line: &AccountSummary) -> Coverage {
    let why = line.not_assessed.clone().unwrap_or_default();
    Coverage {
        service: "organizations".to_string(),
        resource_type: "AWS::Organizations::Account".to_string(),
        region: "global".to_string(),
        status: if why.contains("AccessDenied") {
            CoverageStatus::AccessDenied
        } else {
            CoverageStatus::Error
        },
        message: Some(format!(
            "account {}: {why}",
            account_label(&line.name, &line.account_id)
        )),
    }
}

fn account_name(scan: &ScanRecord) -> String {
    let id = scan.account_id.as_deref().unwrap_or_default();
    account_label(scan.account_name.as_deref().unwrap_or(id), id)
}

/// New, resolved and persisting findings from `from` (baseline) to `to`.
pub async fn diff_scans(
    store: &Store,
    from: i64,
    to: i64,
    now: DateTime<Utc>,
) -> Result<ScanDiff, StoreError> {
    let before = scan_report(store, from, now).await?;
    let after = scan_report_with_results(store, to, now).await?;
    Ok(changes(&before, &after))
}

/// The dashboard of one scan: the scan and its numbers, without the
/// findings (the explorer loads those on demand).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScanOverview {
    pub scan: ScanRecord,
    pub summary: Summary,
    /// An organization review's accounts, riskiest first; empty otherwise.
    pub accounts: Vec<AccountSummary>,
}

pub async fn scan_overview(
    store: &Store,
    scan_id: i64,
    now: DateTime<Utc>,
) -> Result<ScanOverview, StoreError> {
    let scan = store.scan(scan_id).await?;
    if scan.organization {
        // Every account's results are read: the roll-up needs each one's
        // findings by pillar as well as the whole organization's numbers.
        let review = review_report(store, scan, now).await?.report;
        return Ok(ScanOverview {
            scan: review.scan,
            summary: review.summary,
            accounts: review.accounts,
        });
    }
    // Counted in SQL: the dashboard opens without reading every result.
    let rules = store.scan_rules(scan_id).await?;
    let (counts, not_assessed) = store.result_counts(scan_id, now).await?;
    Ok(ScanOverview {
        summary: summarize_counts(&rules, &counts, not_assessed),
        scan,
        accounts: Vec::new(),
    })
}

/// Scans, newest first; of one customer when named.
pub async fn list_scans(
    store: &Store,
    customer: Option<&str>,
) -> Result<Vec<ScanRecord>, StoreError> {
    store.scans(customer).await
}
