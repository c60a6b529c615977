//! A rule's test cases: each case's inventory evaluated in its own in-memory
//! database, and the results compared with what the case expects.

use std::collections::{BTreeMap, BTreeSet};

use crate::engine::{EngineError, ScanContext, evaluate, memory_inventory};
use crate::model::{Coverage, CoverageStatus, GLOBAL_REGION, RuleResult};
use crate::resource_types;
use crate::rule::Rule;

/// A rule test case whose results differ from what it expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFailure {
    pub rule_id: String,
    pub file: String,
    pub case: String,
    pub problems: Vec<String>,
}

/// Default collection time of test cases.
const CASE_COLLECTED_AT: &str = "2026-01-01T00:00:00Z";

/// Runs a rule's test cases; returns the cases that did not hold.
pub async fn check_cases(rule: &Rule) -> Result<Vec<CaseFailure>, EngineError> {
    let mut failures = Vec::new();
    for (index, case) in rule.cases.iter().enumerate() {
        let resources = case
            .resources
            .iter()
            .map(|r| r.to_resource().map_err(EngineError::BadResource))
            .collect::<Result<Vec<_>, _>>()?;
        let regions = case.regions.clone().unwrap_or_else(|| {
            let found: BTreeSet<String> = resources
                .iter()
                .map(|r| r.region.clone())
                .filter(|r| r != GLOBAL_REGION)
                .collect();
            if found.is_empty() {
                vec!["us-east-1".to_string()]
            } else {
                found.into_iter().collect()
            }
        });
        let mut coverage = Vec::new();
        for denied in &case.denied {
            let global = resource_types::find(denied).is_some_and(|t| t.global);
            let regions = if global {
                vec![GLOBAL_REGION.to_string()]
            } else {
                regions.clone()
            };
            for region in regions {
                coverage.push(Coverage {
                    service: resource_types::find(denied)
                        .map_or("", |t| t.service)
                        .to_string(),
                    resource_type: denied.clone(),
                    region,
                    status: CoverageStatus::AccessDenied,
                    message: Some("denied in test case".into()),
                });
            }
        }
        let ctx = ScanContext {
            account_id: "123456789012".into(),
            collected_at: case
                .collected_at
                .clone()
                .unwrap_or_else(|| CASE_COLLECTED_AT.into()),
            regions,
            coverage,
        };
        let mut conn = memory_inventory(&resources).await?;
        let results = evaluate(&mut conn, std::slice::from_ref(rule), &ctx).await?;

        let mut problems = Vec::new();
        let actual: BTreeMap<&str, &RuleResult> = results
            .iter()
            .map(|r| (r.resource_id.as_str(), r))
            .collect();
        for (id, expected) in &case.expect {
            match actual.get(id.as_str()) {
                None => problems.push(format!(
                    "`{id}`: expected {expected}, the rule returned no row for it"
                )),
                Some(r) if r.outcome != *expected => problems.push(format!(
                    "`{id}`: expected {expected}, got {} ({})",
                    r.outcome, r.detail
                )),
                Some(_) => {}
            }
        }
        for (id, r) in &actual {
            if !case.expect.contains_key(*id) {
                problems.push(format!(
                    "`{id}`: unexpected {} result ({})",
                    r.outcome, r.detail
                ));
            }
        }
        if !problems.is_empty() {
            failures.push(CaseFailure {
                rule_id: rule.info.id.clone(),
                file: rule.file.clone(),
                case: if case.name.is_empty() {
                    format!("cases[{index}]")
                } else {
                    case.name.clone()
                },
                problems,
            });
        }
    }
    Ok(failures)
}
