//! Findings, the health score, and the Well-Architected question-level view
//! (high-risk and medium-risk issues, as the WA Tool counts them).

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::{Deserialize, Serialize};

use crate::model::{Domain, Impact, Outcome, Pillar, Risk, RuleResult};
pub use crate::rule::RuleInfo;

/// A failing rule on one resource, as the CLI's JSON and the UI show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Finding {
    pub rule_id: String,
    pub title: String,
    pub pillar: Pillar,
    pub question: String,
    pub best_practices: Vec<String>,
    pub risk: Risk,
    pub impact: Impact,
    pub domain: Domain,
    pub region: String,
    pub resource_type: String,
    pub resource_id: String,
    pub arn: Option<String>,
    pub detail: String,
    pub suppressed: bool,
    /// The AWS account of the resource: in an organization review, the
    /// member account it was found in.
    #[serde(default)]
    pub account_id: Option<String>,
}

/// The key that identifies a finding across scans: rule, type, region, id.
pub type FindingKey = (String, String, String, String);

impl Finding {
    pub fn key(&self) -> FindingKey {
        (
            self.rule_id.clone(),
            self.resource_type.clone(),
            self.region.clone(),
            self.resource_id.clone(),
        )
    }
}

/// Builds the findings (failing results) of a scan, flagging suppressed ones.
pub fn findings(
    rules: &[RuleInfo],
    results: &[RuleResult],
    suppressed: &HashSet<FindingKey>,
) -> Vec<Finding> {
    let by_id: BTreeMap<&str, &RuleInfo> = rules.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut findings: Vec<Finding> = results
        .iter()
        .filter(|r| r.outcome == Outcome::Fail)
        .filter_map(|r| {
            let rule = by_id.get(r.rule_id.as_str())?;
            Some(Finding {
                rule_id: r.rule_id.clone(),
                title: rule.title.clone(),
                pillar: rule.pillar,
                question: rule.question.clone(),
                best_practices: rule.best_practices.clone(),
                risk: rule.risk,
                impact: rule.impact,
                domain: rule.domain,
                region: r.region.clone(),
                resource_type: r.resource_type.clone(),
                resource_id: r.resource_id.clone(),
                arn: r.arn.clone(),
                detail: r.detail.clone(),
                suppressed: suppressed.contains(&r.key()),
                account_id: None,
            })
        })
        .collect();
    findings.sort_by(|a, b| {
        finding_order(a.risk, a.pillar, &a.rule_id, &a.region, &a.resource_id).cmp(&finding_order(
            b.risk,
            b.pillar,
            &b.rule_id,
            &b.region,
            &b.resource_id,
        ))
    });
    findings
}

/// The order findings are listed in everywhere (CLI JSON, report, app):
/// most urgent first, then pillar, rule, region, resource.
pub fn finding_order<'a>(
    risk: Risk,
    pillar: Pillar,
    rule_id: &'a str,
    region: &'a str,
    resource_id: &'a str,
) -> impl Ord + 'a {
    (risk, pillar, rule_id, region, resource_id)
}

pub const SCORE_FORMULA: &str = "score = 100 x (1 - failed weight / assessed weight), over every rule x resource \
result that was assessed and not suppressed; weight per result: high 10, medium 3, low 1";

/// The numbers a reviewer looks at first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Summary {
    /// 0..=100, see `score_formula`.
    pub score: u32,
    pub score_formula: String,
    pub findings: usize,
    pub suppressed: usize,
    pub by_risk: BTreeMap<Risk, usize>,
    pub by_pillar: BTreeMap<Pillar, usize>,
    pub by_region: BTreeMap<String, usize>,
    pub by_impact: BTreeMap<Impact, usize>,
    pub by_domain: BTreeMap<Domain, usize>,
    pub rules: RuleCounts,
    /// WA questions with a failing high-risk rule (high-risk issues).
    pub high_risk_questions: Vec<String>,
    /// WA questions with failing medium-risk rules only.
    pub medium_risk_questions: Vec<String>,
    /// Rule x region pairs that could not be assessed, with why.
    pub not_assessed: Vec<NotAssessed>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RuleCounts {
    pub total: usize,
    pub failed: usize,
    pub passed: usize,
    /// Rules with no result at all: nothing of the kind exists in the account.
    pub not_applicable: usize,
    /// Rules with at least one region that was not assessed and no failure.
    pub not_assessed: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NotAssessed {
    pub rule_id: String,
    pub region: String,
    pub reason: String,
}

/// Results of one rule in one region with one outcome, counted, and whether
/// an accepted risk covers them: all a summary needs. The store computes
/// these in SQL, so a dashboard opens without reading every result.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ResultCount {
    pub rule_id: String,
    pub region: String,
    pub outcome: Outcome,
    pub suppressed: bool,
    pub count: u64,
}

/// Counts results the way `summarize_counts` reads them.
pub fn count_results(
    results: &[RuleResult],
    suppressed: &HashSet<FindingKey>,
) -> (Vec<ResultCount>, Vec<NotAssessed>) {
    let mut counts: BTreeMap<(&str, &str, Outcome, bool), u64> = BTreeMap::new();
    let mut not_assessed = Vec::new();
    for result in results {
        let is_suppressed = suppressed.contains(&result.key());
        *counts
            .entry((
                result.rule_id.as_str(),
                result.region.as_str(),
                result.outcome,
                is_suppressed,
            ))
            .or_default() += 1;
        if result.outcome == Outcome::NotAssessed {
            not_assessed.push(NotAssessed {
                rule_id: result.rule_id.clone(),
                region: result.region.clone(),
                reason: result.detail.clone(),
            });
        }
    }
    let counts = counts
        .into_iter()
        .map(
            |((rule_id, region, outcome, suppressed), count)| ResultCount {
                rule_id: rule_id.to_string(),
                region: region.to_string(),
                outcome,
                suppressed,
                count,
            },
        )
        .collect();
    (counts, not_assessed)
}

pub fn summarize(
    rules: &[RuleInfo],
    results: &[RuleResult],
    suppressed: &HashSet<FindingKey>,
) -> Summary {
    let (counts, not_assessed) = count_results(results, suppressed);
    summarize_counts(rules, &counts, not_assessed)
}

/// The summary from counted results (see `ResultCount`) and the results
/// that could not be assessed.
pub fn summarize_counts(
    rules: &[RuleInfo],
    counts: &[ResultCount],
    mut not_assessed: Vec<NotAssessed>,
) -> Summary {
    let by_id: BTreeMap<&str, &RuleInfo> = rules.iter().map(|r| (r.id.as_str(), r)).collect();
    let known = |id: &str| by_id.contains_key(id);
    not_assessed.retain(|n| known(&n.rule_id));
    not_assessed.sort_by(|a, b| {
        (&a.rule_id, &a.region, &a.reason).cmp(&(&b.rule_id, &b.region, &b.reason))
    });
    let mut summary = Summary {
        score: 100,
        score_formula: SCORE_FORMULA.to_string(),
        findings: 0,
        suppressed: 0,
        by_risk: Risk::ALL.iter().map(|r| (*r, 0)).collect(),
        by_pillar: Pillar::ALL.iter().map(|p| (*p, 0)).collect(),
        by_region: BTreeMap::new(),
        by_impact: BTreeMap::new(),
        by_domain: BTreeMap::new(),
        rules: RuleCounts {
            total: rules.len(),
            ..Default::default()
        },
        high_risk_questions: Vec::new(),
        medium_risk_questions: Vec::new(),
        not_assessed,
    };
    let mut assessed_weight = 0u64;
    let mut failed_weight = 0u64;
    let mut outcomes: BTreeMap<&str, BTreeSet<Outcome>> = BTreeMap::new();
    let mut failing: Vec<&RuleInfo> = Vec::new();
    for group in counts {
        let Some(rule) = by_id.get(group.rule_id.as_str()) else {
            continue;
        };
        let n = group.count as usize;
        match (group.outcome, group.suppressed) {
            (Outcome::NotAssessed, _) => {}
            (Outcome::Fail, true) => summary.suppressed += n,
            (_, true) => {}
            (outcome, false) => {
                assessed_weight += rule.risk.weight() * group.count;
                if outcome == Outcome::Fail {
                    failed_weight += rule.risk.weight() * group.count;
                    summary.findings += n;
                    *summary.by_risk.entry(rule.risk).or_default() += n;
                    *summary.by_pillar.entry(rule.pillar).or_default() += n;
                    *summary.by_region.entry(group.region.clone()).or_default() += n;
                    *summary.by_impact.entry(rule.impact).or_default() += n;
                    *summary.by_domain.entry(rule.domain).or_default() += n;
                    failing.push(rule);
                }
            }
        }
        if !(group.suppressed && group.outcome == Outcome::Fail) {
            outcomes
                .entry(rule.id.as_str())
                .or_default()
                .insert(group.outcome);
        }
    }
    if assessed_weight > 0 {
        summary.score =
            (100.0 * (1.0 - failed_weight as f64 / assessed_weight as f64)).round() as u32;
    }
    for rule in rules.iter().filter(|r| !r.manual) {
        match outcomes.get(rule.id.as_str()) {
            None => summary.rules.not_applicable += 1,
            Some(set) if set.contains(&Outcome::Fail) => summary.rules.failed += 1,
            Some(set) if set.contains(&Outcome::NotAssessed) => summary.rules.not_assessed += 1,
            Some(_) => summary.rules.passed += 1,
        }
    }
    let (high, medium) = risky_questions(failing.iter().map(|r| (r.risk, r.question.as_str())));
    summary.high_risk_questions = high;
    summary.medium_risk_questions = medium;
    summary
}

/// Questions with a failing high-risk rule, and those with only medium ones.
pub fn question_risks(active: &[&Finding]) -> (Vec<String>, Vec<String>) {
    risky_questions(active.iter().map(|f| (f.risk, f.question.as_str())))
}

/// The same, from the risk and question of each active failure.
fn risky_questions<'a>(
    failures: impl Iterator<Item = (Risk, &'a str)> + Clone,
) -> (Vec<String>, Vec<String>) {
    let high: BTreeSet<&str> = failures
        .clone()
        .filter(|(risk, _)| *risk == Risk::High)
        .map(|(_, question)| question)
        .collect();
    let medium: BTreeSet<&str> = failures
        .filter(|(risk, question)| *risk == Risk::Medium && !high.contains(question))
        .map(|(_, question)| question)
        .collect();
    (
        high.into_iter().map(String::from).collect(),
        medium.into_iter().map(String::from).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn rule(id: &str, question: &str, risk: Risk) -> RuleInfo {
        RuleInfo {
            id: id.into(),
            title: id.into(),
            pillar: Pillar::Reliability,
            question: question.into(),
            best_practices: vec![format!("{question}-BP01")],
            risk,
            impact: Impact::Downtime,
            domain: Domain::Database,
            effort_hours: 1.0,
            description: String::new(),
            remediation: vec![],
            remediation_cli: None,
            references: vec![],
            manual: false,
        }
    }

    pub(crate) fn result(rule: &str, id: &str, outcome: Outcome) -> RuleResult {
        RuleResult {
            rule_id: rule.into(),
            resource_type: "AWS::RDS::DBInstance".into(),
            region: "eu-west-1".into(),
            resource_id: id.into(),
            arn: None,
            outcome,
            detail: String::new(),
        }
    }

    #[test]
    fn a_question_is_high_risk_when_a_high_rule_fails_and_medium_when_only_medium_ones_do() {
        let rules = [
            rule("a", "REL10", Risk::High),
            rule("b", "REL09", Risk::Medium),
            rule("c", "REL10", Risk::Medium),
        ];
        let results = [
            result("a", "db1", Outcome::Fail),
            result("b", "db1", Outcome::Fail),
            result("c", "db1", Outcome::Fail),
        ];
        let summary = summarize(&rules, &results, &HashSet::new());
        assert_eq!(summary.high_risk_questions, vec!["REL10"]);
        assert_eq!(summary.medium_risk_questions, vec!["REL09"]);
    }

    #[test]
    fn the_score_weighs_failures_by_risk_and_ignores_suppressed_and_unassessed_results() {
        let rules = [
            rule("a", "REL10", Risk::High),
            rule("b", "REL09", Risk::Low),
        ];
        let results = [
            result("a", "db1", Outcome::Fail),
            result("a", "db2", Outcome::Pass),
            result("b", "db1", Outcome::Pass),
            result("b", "*", Outcome::NotAssessed),
        ];
        // 10 failed of 10 + 10 + 1 assessed: 100 x (1 - 10/21) = 52.
        assert_eq!(summarize(&rules, &results, &HashSet::new()).score, 52);

        let suppressed: HashSet<FindingKey> = [results[0].key()].into();
        let summary = summarize(&rules, &results, &suppressed);
        assert_eq!(summary.score, 100, "a suppressed finding leaves the score");
        assert_eq!(
            (summary.findings, summary.suppressed),
            (0, 1),
            "but stays in the record"
        );
        assert_eq!(
            summary.not_assessed.len(),
            1,
            "not assessed is reported, never counted as a pass"
        );
    }
}
