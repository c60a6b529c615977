//! The explorer's data: a scan's findings as columns, in core's finding
//! order, with the rules, regions and resource types listed once.

use std::collections::HashMap;

use atoll_core::RuleInfo;
use atoll_core::organization::account_label;
use atoll_core::score::finding_order;
use atoll_store::{Store, StoreError};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// The explorer's data: every finding of a scan, column by column. The
/// rules (title, pillar, question, description, remediation...), regions
/// and resource types are listed once and referenced by index: 50,000
/// findings cross the IPC edge, and sit in the window, without an object or
/// a repeated string per finding (about half the JSON of row objects).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScanFindings {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub scan_id: i64,
    pub rules: Vec<RuleInfo>,
    pub regions: Vec<String>,
    pub resource_types: Vec<String>,
    /// The AWS accounts the findings are in (one, unless the scan is an
    /// organization review).
    pub accounts: Vec<String>,
    /// How each of `accounts` is shown: `name (id)`, or the id alone.
    pub account_labels: Vec<String>,
    pub findings: FindingColumns,
}

/// Finding `i` is `rules[rule[i]]` failing on `resource_id[i]` in
/// `regions[region[i]]`, and so on; most urgent first, as the CLI lists them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FindingColumns {
    pub rule: Vec<u32>,
    pub region: Vec<u32>,
    pub resource_type: Vec<u32>,
    pub resource_id: Vec<String>,
    pub arn: Vec<Option<String>>,
    pub detail: Vec<String>,
    pub suppressed: Vec<bool>,
    /// Index into `accounts`.
    pub account: Vec<u32>,
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
    // An organization review lists its accounts' findings together.
    let scan = store.scan(scan_id).await?;
    let parts = if scan.organization {
        store
            .account_scans(scan_id)
            .await?
            .into_iter()
            .filter(|s| s.status == atoll_core::scan::ScanStatus::Completed)
            .collect()
    } else {
        vec![scan]
    };
    let mut rules: Vec<RuleInfo> = Vec::new();
    let mut failing = Vec::new();
    let mut labels: HashMap<String, String> = HashMap::new();
    for part in parts {
        let (part_rules, results) = store.failing_results(part.id).await?;
        let suppressed = store.suppressed_keys(part.id, now).await?;
        let account = part.account_id.unwrap_or_default();
        labels.insert(
            account.clone(),
            account_label(part.account_name.as_deref().unwrap_or(""), &account),
        );
        for rule in part_rules {
            if !rules.iter().any(|r| r.id == rule.id) {
                rules.push(rule);
            }
        }
        failing.extend(results.into_iter().map(|r| {
            let is_suppressed = suppressed.contains(&r.key());
            (account.clone(), is_suppressed, r)
        }));
    }
    let by_id: HashMap<&str, &RuleInfo> = rules.iter().map(|r| (r.id.as_str(), r)).collect();
    failing.retain(|(_, _, r)| by_id.contains_key(r.rule_id.as_str()));
    // The order of `findings`, as the CLI lists them.
    failing.sort_by(|(account_a, _, a), (account_b, _, b)| {
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
        .then_with(|| account_a.cmp(account_b))
    });
    let (mut rule_codes, mut regions, mut types, mut accounts) = (
        Dictionary::default(),
        Dictionary::default(),
        Dictionary::default(),
        Dictionary::default(),
    );
    let mut columns = FindingColumns::default();
    for (account, is_suppressed, r) in failing {
        columns.suppressed.push(is_suppressed);
        columns.account.push(accounts.code(&account));
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
        account_labels: accounts
            .values
            .iter()
            .map(|id| labels.get(id).cloned().unwrap_or_else(|| id.clone()))
            .collect(),
        accounts: accounts.values,
        findings: columns,
    })
}
