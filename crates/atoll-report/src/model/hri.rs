//! HRI progress: the baseline's high-risk issues, how many were resolved,
//! whether the partner programme's credit is reached and what is left.

use std::collections::BTreeSet;

use atoll_core::Risk;
use atoll_core::score::Finding;

use super::{HriSection, RemainingHri, WellArchitected, fmt_num};
use crate::ReportInput;

/// Baseline HRIs to resolve for `threshold_pct` % (integer-safe ceiling).
pub fn hris_required(threshold_pct: f64, baseline: usize) -> usize {
    let exact = threshold_pct * baseline as f64 / 100.0;
    (exact - 1e-9).ceil().max(0.0) as usize
}

pub(super) fn build(input: &ReportInput, active: &[&Finding], wa: &WellArchitected) -> HriSection {
    let settings = &input.settings;
    let current_hris = input.current.summary.high_risk_questions.clone();
    // The improvement percentage is the diff's (rounded there, once).
    let (has_baseline, baseline_scan_id, baseline_hris, resolved_hris, pct_resolved) =
        match (&input.baseline, &input.diff) {
            (Some(base), Some(diff)) => (
                true,
                Some(base.scan.id),
                diff.hri.baseline_hris.clone(),
                diff.hri.resolved_hris.clone(),
                diff.hri.improvement_pct,
            ),
            _ => (false, None, current_hris.clone(), Vec::new(), None),
        };
    let remaining: Vec<String> = baseline_hris
        .iter()
        .filter(|q| !resolved_hris.contains(q))
        .cloned()
        .collect();
    let new_hris: Vec<String> = current_hris
        .iter()
        .filter(|q| !baseline_hris.contains(q))
        .cloned()
        .collect();
    let remaining_hris: Vec<RemainingHri> = remaining
        .iter()
        .map(|q| {
            let failing: Vec<&&Finding> = active
                .iter()
                .filter(|f| &f.question == q && f.risk == Risk::High)
                .collect();
            RemainingHri {
                question: q.clone(),
                title: input
                    .framework
                    .question(q)
                    .map(|x| x.title.clone())
                    .unwrap_or_default(),
                failing_rules: failing
                    .iter()
                    .map(|f| f.rule_id.clone())
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect(),
                resources: failing.len(),
            }
        })
        .collect();
    let baseline_count = baseline_hris.len();
    let resolved_count = resolved_hris.len();
    let questions_answered = wa.questions.iter().filter(|q| q.state.answered()).count();
    let required = hris_required(settings.threshold_pct, baseline_count);
    let hris_needed = required.saturating_sub(resolved_count);
    // Compared on counts, not on the rounded percentage.
    let pct_ok = pct_resolved.is_some() && resolved_count >= required;
    let questions_ok = questions_answered >= settings.min_questions;
    let eligible = has_baseline && pct_ok && questions_ok;

    let mut what_is_left = Vec::new();
    if !has_baseline {
        what_is_left.push(format!(
            "This scan is the baseline: {baseline_count} high-risk issues (HRIs). Resolving {required} of them \
             ({} % threshold) and scanning again with this scan as the baseline qualifies the review.",
            fmt_num(settings.threshold_pct)
        ));
    } else if baseline_count == 0 {
        what_is_left.push(
            "The baseline had no high-risk issue: there is no HRI improvement to measure."
                .to_string(),
        );
    } else if hris_needed == 0 {
        what_is_left.push(format!(
            "HRI threshold reached: {resolved_count} of {baseline_count} baseline HRIs resolved, {required} required ({} %).",
            fmt_num(settings.threshold_pct)
        ));
    } else {
        what_is_left.push(format!(
            "Resolve {hris_needed} more of the {} remaining baseline HRIs to reach {} % ({required} of {baseline_count}).",
            remaining.len(),
            fmt_num(settings.threshold_pct)
        ));
    }
    if has_baseline && hris_needed > 0 {
        let mut cheapest: Vec<&RemainingHri> = remaining_hris.iter().collect();
        cheapest.sort_by_key(|r| (r.resources, r.question.clone()));
        let picks: Vec<String> = cheapest
            .iter()
            .take(hris_needed)
            .map(|r| format!("{} ({} resources)", r.question, r.resources))
            .collect();
        what_is_left.push(format!(
            "Quickest path (fewest affected resources): {}.",
            picks.join(", ")
        ));
    }
    if questions_ok {
        what_is_left.push(format!(
            "Questions answered by the scan: {questions_answered} of {}, minimum {} met.",
            wa.questions.len(),
            settings.min_questions
        ));
    } else {
        what_is_left.push(format!(
            "Answer {} more questions (minimum {}): the scan answered {questions_answered} of {}; \
             the questions marked manual review needed are answered with the customer in the WA Tool.",
            settings.min_questions - questions_answered,
            settings.min_questions,
            wa.questions.len()
        ));
    }

    HriSection {
        has_baseline,
        baseline_scan_id,
        baseline_hris,
        current_hris,
        resolved_hris,
        remaining_count: remaining.len(),
        remaining_hris,
        new_hris,
        baseline_count,
        resolved_count,
        pct_resolved,
        threshold_pct: settings.threshold_pct,
        min_questions: settings.min_questions,
        questions_answered,
        questions_total: wa.questions.len(),
        hris_needed,
        eligible,
        what_is_left,
    }
}
