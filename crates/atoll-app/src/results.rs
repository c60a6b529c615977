//! Reading a stored scan the way the CLI's JSON, the app and reports show
//! it: the scan, its summary and its findings; and comparing two scans.

use std::collections::HashMap;

use atoll_core::diff::{ScanDiff, diff};
use atoll_core::score::{
    Finding, RuleInfo, Summary, finding_order, findings, summarize, summarize_counts,
};
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

/// The explorer's data: every finding of a scan, column by column. The
/// rules (title, pillar, question, description, remediation...), regions
/// and resource types are listed once and referenced by index: 50,000
/// findings cross the IPC edge, and sit in the window, without an object or
/// a repeated string per finding (about half the JSON of row objects).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ScanFindings {
    #[ts(type = "number")]
    pub scan_id: i64,
    pub rules: Vec<RuleInfo>,
    pub regions: Vec<String>,
    pub resource_types: Vec<String>,
    pub findings: FindingColumns,
}

/// Finding `i` is `rules[rule[i]]` failing on `resource_id[i]` in
/// `regions[region[i]]`, and so on; most urgent first, as the CLI lists them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
pub struct FindingColumns {
    pub rule: Vec<u32>,
    pub region: Vec<u32>,
    pub resource_type: Vec<u32>,
    pub resource_id: Vec<String>,
    pub arn: Vec<Option<String>>,
    pub detail: Vec<String>,
    pub suppressed: Vec<bool>,
}

impl FindingColumns {
    pub fn len(&self) -> usize {
        self.rule.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rule.is_empty()
    }
}

/// Distinct values, each given the index of its first appearance.
#[derive(Default)]
struct Dictionary {
    values: Vec<String>,
    index: HashMap<String, u32>,
}

impl Dictionary {
    fn code(&mut self, value: &str) -> u32 {
        if let Some(code) = self.index.get(value) {
            return *code;
        }
        let code = self.values.len() as u32;
        self.values.push(value.to_string());
        self.index.insert(value.to_string(), code);
        code
    }
}

pub async fn scan_findings(
    store: &Store,
    scan_id: i64,
    now: DateTime<Utc>,
) -> Result<ScanFindings, StoreError> {
    let (rules, mut failing) = store.failing_results(scan_id).await?;
    let suppressed = store.suppressed_keys(scan_id, now).await?;
    let by_id: HashMap<&str, &RuleInfo> = rules.iter().map(|r| (r.id.as_str(), r)).collect();
    failing.retain(|r| by_id.contains_key(r.rule_id.as_str()));
    // The order of `findings`, as the CLI lists them.
    failing.sort_by(|a, b| {
        let (rule_a, rule_b) = (by_id[a.rule_id.as_str()], by_id[b.rule_id.as_str()]);
        finding_order(
            rule_a.risk,
            rule_a.pillar,
            &a.rule_id,
            &a.region,
            &a.resource_id,
        )
        .cmp(&finding_order(
            rule_b.risk,
            rule_b.pillar,
            &b.rule_id,
            &b.region,
            &b.resource_id,
        ))
    });
    let (mut rule_codes, mut regions, mut types) = (
        Dictionary::default(),
        Dictionary::default(),
        Dictionary::default(),
    );
    let mut columns = FindingColumns::default();
    for r in failing {
        columns.suppressed.push(suppressed.contains(&r.key()));
        columns.rule.push(rule_codes.code(&r.rule_id));
        columns.region.push(regions.code(&r.region));
        columns.resource_type.push(types.code(&r.resource_type));
        columns.resource_id.push(r.resource_id);
        columns.arn.push(r.arn);
        columns.detail.push(r.detail);
    }
    Ok(ScanFindings {
        scan_id,
        rules: rule_codes
            .values
            .iter()
            .map(|id| by_id[id.as_str()].clone())
            .collect(),
        regions: regions.values,
        resource_types: types.values,
        findings: columns,
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
