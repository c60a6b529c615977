//! Reading a stored scan the way the CLI's JSON, the app and reports show
//! it: the scan, its summary and its findings; and comparing two scans.

use std::collections::{HashMap, HashSet};

use atoll_core::diff::{ScanDiff, diff};
use atoll_core::score::{Finding, RuleInfo, Summary, findings, summarize, summarize_counts};
use atoll_report::model::HriSection;
use atoll_store::{ScanRecord, Store, StoreError};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::report::{ReportUseCaseError, report_input};
use crate::settings::CreditThreshold;

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

/// The dashboard of one scan: the scan and its numbers, without the
/// findings (the explorer loads those on demand).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
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

/// The explorer's data: every finding of a scan, and the rules they refer
/// to (title, pillar, question, description, remediation) once each rather
/// than repeated per finding: 50,000 findings cross the IPC edge as a
/// fraction of the CLI's JSON.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ScanFindings {
    #[ts(type = "number")]
    pub scan_id: i64,
    pub findings: Vec<FindingRow>,
    pub rules: Vec<RuleInfo>,
}

/// One finding, by reference to its rule in `ScanFindings::rules`.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct FindingRow {
    pub rule_id: String,
    pub region: String,
    pub resource_type: String,
    pub resource_id: String,
    pub arn: Option<String>,
    pub detail: String,
    pub suppressed: bool,
}

pub async fn scan_findings(
    store: &Store,
    scan_id: i64,
    now: DateTime<Utc>,
) -> Result<ScanFindings, StoreError> {
    let (rules, failing) = store.failing_results(scan_id).await?;
    let suppressed = store.suppressed_keys(scan_id, now).await?;
    let by_id: HashMap<&str, &RuleInfo> = rules.iter().map(|r| (r.id.as_str(), r)).collect();
    // The order of `findings`: most urgent first, then pillar, rule, place.
    let mut keyed: Vec<(&RuleInfo, FindingRow)> = failing
        .into_iter()
        .filter_map(|r| {
            let rule = *by_id.get(r.rule_id.as_str())?;
            let suppressed = suppressed.contains(&r.key());
            Some((
                rule,
                FindingRow {
                    rule_id: r.rule_id,
                    region: r.region,
                    resource_type: r.resource_type,
                    resource_id: r.resource_id,
                    arn: r.arn,
                    detail: r.detail,
                    suppressed,
                },
            ))
        })
        .collect();
    keyed.sort_by(|(a_rule, a), (b_rule, b)| {
        (
            a_rule.risk,
            a_rule.pillar,
            &a.rule_id,
            &a.region,
            &a.resource_id,
        )
            .cmp(&(
                b_rule.risk,
                b_rule.pillar,
                &b.rule_id,
                &b.region,
                &b.resource_id,
            ))
    });
    let used: HashSet<&str> = keyed.iter().map(|(rule, _)| rule.id.as_str()).collect();
    let rules_used = rules
        .iter()
        .filter(|r| used.contains(r.id.as_str()))
        .cloned()
        .collect();
    Ok(ScanFindings {
        scan_id,
        findings: keyed.into_iter().map(|(_, row)| row).collect(),
        rules: rules_used,
    })
}

/// A baseline and a later scan side by side: what changed, HRI progress
/// against the credit threshold (the same numbers as the report), and the
/// findings per pillar before and after.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Comparison {
    pub baseline: ScanOverview,
    pub later: ScanOverview,
    pub diff: ScanDiff,
    pub hri: HriSection,
    pub threshold: CreditThreshold,
}

pub async fn compare_scans(
    store: &Store,
    baseline: i64,
    later: i64,
    threshold: CreditThreshold,
) -> Result<Comparison, ReportUseCaseError> {
    let input = report_input(store, later, Some(baseline), threshold.report_settings()).await?;
    let model = atoll_report::build_model(&input);
    let overview = |d: &atoll_report::ScanData| ScanOverview {
        scan: d.scan.clone(),
        summary: d.summary.clone(),
    };
    let before = input.baseline.as_ref().expect("a baseline was given");
    Ok(Comparison {
        baseline: overview(before),
        later: overview(&input.current),
        diff: input.diff.clone().expect("a baseline was given"),
        hri: model.hri,
        threshold,
    })
}
