//! The report model over the small fixture (a handful of rules and findings
//! in memory, a baseline): one snapshot per section, plus the numbers the
//! sections must agree on.

mod common;

use atoll_report::model::ReportModel;
use atoll_report::{ReportInput, build_model};
use common::*;

fn model() -> ReportModel {
    build_model(&small_input(true))
}

#[test]
fn title() {
    assert_eq!(model().title, "AWS Well-Architected Review");
}

#[test]
fn cover() {
    insta::assert_json_snapshot!(model().cover);
}

#[test]
fn executive() {
    insta::assert_json_snapshot!(model().executive);
}

#[test]
fn charts() {
    insta::assert_json_snapshot!(model().charts);
}

#[test]
fn well_architected() {
    insta::assert_json_snapshot!(model().well_architected);
}

#[test]
fn hri() {
    insta::assert_json_snapshot!(model().hri);
}

#[test]
fn hri_without_baseline() {
    insta::assert_json_snapshot!(build_model(&small_input(false)).hri);
}

#[test]
fn sow() {
    insta::assert_json_snapshot!(model().sow);
}

#[test]
fn appendix() {
    insta::assert_json_snapshot!(model().appendix);
}

/// The HRI improvement is computed once, in the diff, rounded to one
/// decimal; the report shows that number.
#[test]
fn the_hri_percentage_is_the_diffs() {
    let input = small_input(true);
    let model = build_model(&input);
    let diff = input.diff.as_ref().unwrap();
    assert_eq!(diff.hri.baseline_hris, ["REL09", "REL10", "SEC05"]);
    assert_eq!(diff.hri.resolved_hris, ["REL09"]);
    assert_eq!(diff.hri.improvement_pct, Some(33.3));
    assert_eq!(model.hri.pct_resolved, diff.hri.improvement_pct);
    assert_eq!((model.hri.baseline_count, model.hri.resolved_count), (3, 1));
    assert_eq!(model.hri.new_hris, ["SEC02"]);
}

/// Eligibility is decided on counts: 1 of 3 resolved meets 25 % (1
/// required) but not 45 % (2 required); the answered questions must reach
/// the minimum too.
#[test]
fn eligibility_is_decided_on_counts() {
    let eligible = |threshold_pct: f64, min_questions: usize| {
        let mut input: ReportInput = small_input(true);
        input.settings.threshold_pct = threshold_pct;
        input.settings.min_questions = min_questions;
        let hri = build_model(&input).hri;
        (hri.eligible, hri.hris_needed)
    };
    let answered = model().hri.questions_answered;
    assert_eq!(answered, 7);
    assert_eq!(eligible(25.0, answered), (true, 0));
    assert_eq!(eligible(25.0, answered + 1), (false, 0));
    assert_eq!(eligible(45.0, answered), (false, 1));
    assert!(!build_model(&small_input(false)).hri.eligible);
}

/// A review across an organization: the overview's lines are the accounts'
/// own, riskiest first with the not-assessed account leading, and its
/// totals are their sum; the appendix names each finding's account; the
/// cover lists the member accounts and the workload scope.
#[test]
fn organization_overview() {
    let input = small_review_input();
    let model = build_model(&input);
    let overview = model
        .organization
        .clone()
        .expect("a review has an overview");
    insta::assert_json_snapshot!(overview);

    assert_eq!(overview.accounts_total, 3);
    assert_eq!(overview.accounts_not_assessed, 1);
    assert_eq!(overview.accounts[0].account_id, REVIEW_SANDBOX);
    assert!(overview.accounts[0].score.is_none());
    assert!(
        overview.accounts[0]
            .not_assessed
            .as_deref()
            .is_some_and(|why| why.contains("AccessDenied"))
    );
    let summed: usize = overview.accounts.iter().map(|a| a.findings).sum();
    assert_eq!(overview.findings, summed);
    assert_eq!(overview.findings, model.executive.findings);
    for (p, total) in overview.by_pillar.iter().enumerate() {
        let summed: usize = overview.accounts.iter().map(|a| a.by_pillar[p]).sum();
        assert_eq!(*total, summed, "pillar {}", overview.pillars[p]);
    }

    let rows: Vec<_> = model
        .appendix
        .pillars
        .iter()
        .flat_map(|p| &p.questions)
        .flat_map(|q| &q.rules)
        .flat_map(|r| &r.rows)
        .collect();
    assert!(!rows.is_empty());
    for row in rows {
        let expected = if row.region == "us-east-1" {
            format!("payments-prod ({REVIEW_PAYMENTS})")
        } else {
            format!("data-lake ({REVIEW_DATA})")
        };
        assert_eq!(row.account.as_deref(), Some(expected.as_str()));
    }
    assert_eq!(
        model.cover.account_ids,
        [REVIEW_PAYMENTS, REVIEW_DATA, REVIEW_SANDBOX]
    );
    assert!(
        model
            .cover
            .workload_scope
            .as_deref()
            .is_some_and(|s| s.contains("Application=payments"))
    );
}

/// A single-account scan has no overview and no account column.
#[test]
fn a_single_account_scan_has_no_organization_overview() {
    let model = model();
    assert!(model.organization.is_none());
    assert!(model.cover.workload_scope.is_none());
    let json = serde_json::to_value(&model).unwrap();
    assert!(json.get("organization").is_none());
}
