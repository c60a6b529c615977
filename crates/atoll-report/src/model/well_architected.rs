//! The Well-Architected view: every question of the framework and its
//! state as the scan answers it.

use std::collections::{BTreeMap, BTreeSet};

use atoll_core::score::{Finding, RuleInfo};
use atoll_core::{Outcome, Risk};

use super::{Count, QuestionState, QuestionView, WellArchitected};
use crate::ReportInput;

pub(super) fn build(input: &ReportInput, active: &[&Finding]) -> WellArchitected {
    let not_assessed_rules: BTreeSet<&str> = input
        .results
        .iter()
        .filter(|r| r.outcome == Outcome::NotAssessed)
        .map(|r| r.rule_id.as_str())
        .collect();
    let mut failing: BTreeMap<&str, Risk> = BTreeMap::new();
    for f in active {
        failing.insert(f.rule_id.as_str(), f.risk);
    }
    let questions: Vec<QuestionView> = input
        .framework
        .questions
        .iter()
        .map(|q| {
            // Manual rules are checklist items without a query: they do not
            // make a question assessed.
            let rules: Vec<&RuleInfo> = input
                .rules
                .iter()
                .filter(|r| r.question == q.id && !r.manual)
                .collect();
            let failed: Vec<&RuleInfo> = rules
                .iter()
                .filter(|r| failing.contains_key(r.id.as_str()))
                .copied()
                .collect();
            let state = if rules.is_empty() {
                QuestionState::ManualReviewNeeded
            } else if failed.iter().any(|r| r.risk == Risk::High) {
                QuestionState::HighRisk
            } else if failed.iter().any(|r| r.risk == Risk::Medium) {
                QuestionState::MediumRisk
            } else if rules
                .iter()
                .any(|r| not_assessed_rules.contains(r.id.as_str()))
            {
                QuestionState::NotAssessed
            } else {
                QuestionState::NoRiskFound
            };
            let bp_source: Vec<&RuleInfo> = if failed.is_empty() {
                rules.clone()
            } else {
                failed.clone()
            };
            let mut best_practices: Vec<String> = if rules.is_empty() {
                q.best_practices.iter().map(|bp| bp.id.clone()).collect()
            } else {
                bp_source
                    .iter()
                    .flat_map(|r| r.best_practices.iter().cloned())
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect()
            };
            best_practices.dedup();
            QuestionView {
                id: q.id.clone(),
                pillar: q.pillar,
                title: q.title.clone(),
                state,
                rules: rules.len(),
                best_practices,
                failed_rules: failed
                    .iter()
                    .filter(|r| r.risk != Risk::Low)
                    .map(|r| r.id.clone())
                    .collect(),
                low_risk_rules: failed
                    .iter()
                    .filter(|r| r.risk == Risk::Low)
                    .map(|r| r.id.clone())
                    .collect(),
            }
        })
        .collect();
    let counts = QuestionState::ALL
        .iter()
        .map(|s| Count {
            label: s.label().to_string(),
            value: questions.iter().filter(|q| q.state == *s).count(),
        })
        .collect();
    WellArchitected { counts, questions }
}
