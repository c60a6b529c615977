//! The executive summary: the score, counts by risk level, the five most
//! important risks in plain language and what changed since the baseline.

use std::collections::{BTreeMap, BTreeSet};

use atoll_core::score::{Finding, RuleInfo};
use atoll_core::{Impact, Risk};

use super::text::first_sentence;
use super::{Changes, Count, Executive, TopRisk, risk_label, short_type};
use crate::ReportInput;

fn impact_phrase(impact: Impact) -> &'static str {
    match impact {
        Impact::Downtime => "an outage of the affected service",
        Impact::DataLoss => "losing data that cannot be recovered",
        Impact::Security => "unauthorised access or a security breach",
        Impact::Cost => "paying for capacity that brings no value",
        Impact::Performance => "slower, less responsive workloads",
        Impact::Sustainability => "a larger carbon footprint than needed",
    }
}

pub(super) fn build(
    input: &ReportInput,
    by_rule: &BTreeMap<&str, Vec<&Finding>>,
    rules_by_id: &BTreeMap<&str, &RuleInfo>,
) -> Executive {
    let summary = &input.current.summary;
    // The five most important risks: highest level first, then most resources.
    let mut ranked: Vec<(&str, &Vec<&Finding>)> =
        by_rule.iter().map(|(id, fs)| (*id, fs)).collect();
    ranked.sort_by(|a, b| {
        (a.1[0].risk, std::cmp::Reverse(a.1.len()), a.0).cmp(&(
            b.1[0].risk,
            std::cmp::Reverse(b.1.len()),
            b.0,
        ))
    });
    let top_risks = ranked
        .iter()
        .take(5)
        .map(|(id, fs)| {
            let f = fs[0];
            let regions: Vec<String> = fs
                .iter()
                .map(|f| f.region.clone())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let why = rules_by_id
                .get(id)
                .map(|r| first_sentence(&r.description))
                .unwrap_or_default();
            let types: BTreeSet<String> = fs.iter().map(|f| short_type(&f.resource_type)).collect();
            let plain = format!(
                "{} {} affected ({}) in {}. {} Left as is, this risks {}.",
                fs.len(),
                if fs.len() == 1 {
                    "resource"
                } else {
                    "resources"
                },
                types.into_iter().collect::<Vec<_>>().join(", "),
                regions.join(", "),
                why,
                impact_phrase(f.impact),
            );
            TopRisk {
                rule_id: id.to_string(),
                title: f.title.clone(),
                risk: f.risk,
                pillar: f.pillar,
                question: f.question.clone(),
                resources: fs.len(),
                regions,
                plain,
            }
        })
        .collect();

    let changes = match (&input.baseline, &input.diff) {
        (Some(base), Some(diff)) => Some(Changes {
            baseline_scan_id: base.scan.id,
            score_before: base.summary.score,
            score_after: summary.score,
            findings_before: base.summary.findings,
            findings_after: summary.findings,
            new: diff.new.len(),
            resolved: diff.resolved.len(),
            persisting: diff.persisting.len(),
            not_reassessed: diff.not_reassessed.len(),
            hris_before: diff.hri.baseline_hris.len(),
            hris_after: diff.hri.current_hris.len(),
        }),
        _ => None,
    };

    let by_risk: Vec<Count> = Risk::ALL
        .iter()
        .map(|r| Count {
            label: risk_label(*r).to_string(),
            value: summary.by_risk.get(r).copied().unwrap_or(0),
        })
        .collect();

    Executive {
        score: summary.score,
        score_formula: summary.score_formula.clone(),
        findings: summary.findings,
        suppressed: summary.suppressed,
        by_risk: by_risk.clone(),
        high_risk_questions: summary.high_risk_questions.len(),
        medium_risk_questions: summary.medium_risk_questions.len(),
        top_risks,
        changes,
    }
}
