//! Before/after comparison of two scans, and HRI progress toward the
//! partner programme's credit threshold.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::reassessment::Reassessment;
use crate::score::{Finding, FindingKey, question_risks};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScanDiff {
    /// Failing in the later scan only.
    pub new: Vec<Finding>,
    /// Failing in the baseline only.
    pub resolved: Vec<Finding>,
    /// Failing in both (as seen in the later scan).
    pub persisting: Vec<Finding>,
    /// Failing in the baseline, and not judged by the later scan (its
    /// account, service, region or rule was not assessed): neither resolved
    /// nor known to persist. Their high-risk questions stay open.
    #[serde(default)]
    pub not_reassessed: Vec<Finding>,
    pub hri: HriProgress,
}

/// High-risk issues (WA questions) of the baseline and how many were resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HriProgress {
    pub baseline_hris: Vec<String>,
    pub current_hris: Vec<String>,
    pub resolved_hris: Vec<String>,
    // Rounded to one decimal (see `diff`). A plain comment: a doc comment
    // here goes into the generated TypeScript bindings.
    /// resolved / baseline x 100; None when the baseline had no HRI.
    pub improvement_pct: Option<f64>,
}

/// Compares the unsuppressed findings of a baseline and a later scan.
///
/// The HRI improvement (resolved / baseline HRIs x 100) is rounded to one
/// decimal here, once, so that the CLI, the app and the report show the same
/// number (1 of 3 is 33.3); a threshold is checked on the HRI counts, not on
/// this rounded figure.
pub fn diff(baseline: &[Finding], current: &[Finding]) -> ScanDiff {
    diff_reassessed(baseline, current, |_| true)
}

/// [`diff`] of a baseline and a later scan of `reach`: a baseline finding
/// the later scan did not judge again is `not_reassessed`, not resolved.
pub fn diff_within(baseline: &[Finding], current: &[Finding], reach: &Reassessment) -> ScanDiff {
    diff_reassessed(baseline, current, |f| reach.judged(f))
}

fn diff_reassessed(
    baseline: &[Finding],
    current: &[Finding],
    judged: impl Fn(&Finding) -> bool,
) -> ScanDiff {
    // The account is part of a finding's identity: the same resource id
    // (a default VPC's name, a role name) recurs in an organization's accounts.
    let active = |fs: &[Finding]| -> BTreeMap<(Option<String>, FindingKey), Finding> {
        fs.iter()
            .filter(|f| !f.suppressed)
            .map(|f| ((f.account_id.clone(), f.key()), f.clone()))
            .collect()
    };
    let before = active(baseline);
    let after = active(current);
    let new = after
        .iter()
        .filter(|(k, _)| !before.contains_key(*k))
        .map(|(_, f)| f.clone())
        .collect();
    let (resolved, not_reassessed): (Vec<Finding>, Vec<Finding>) = before
        .iter()
        .filter(|(k, _)| !after.contains_key(*k))
        .map(|(_, f)| f.clone())
        .partition(|f| judged(f));
    let persisting = after
        .iter()
        .filter(|(k, _)| before.contains_key(*k))
        .map(|(_, f)| f.clone())
        .collect();

    let (baseline_hris, _) = question_risks(&before.values().collect::<Vec<_>>());
    let still_open: Vec<&Finding> = after.values().chain(&not_reassessed).collect();
    let (current_hris, _) = question_risks(&still_open);
    let resolved_hris: Vec<String> = baseline_hris
        .iter()
        .filter(|q| !current_hris.contains(q))
        .cloned()
        .collect();
    let improvement_pct = (!baseline_hris.is_empty())
        .then(|| round1(100.0 * resolved_hris.len() as f64 / baseline_hris.len() as f64));
    ScanDiff {
        new,
        resolved,
        persisting,
        not_reassessed,
        hri: HriProgress {
            baseline_hris,
            current_hris,
            resolved_hris,
            improvement_pct,
        },
    }
}

/// `v` rounded to one decimal.
fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Domain, Impact, Pillar, Risk};

    fn finding(rule: &str, question: &str, id: &str) -> Finding {
        Finding {
            rule_id: rule.into(),
            title: rule.into(),
            pillar: Pillar::Reliability,
            question: question.into(),
            best_practices: vec![],
            risk: Risk::High,
            impact: Impact::Downtime,
            domain: Domain::Database,
            region: "eu-west-1".into(),
            resource_type: "AWS::RDS::DBInstance".into(),
            resource_id: id.into(),
            arn: None,
            detail: String::new(),
            suppressed: false,
            account_id: None,
        }
    }

    #[test]
    fn the_same_resource_id_in_two_accounts_is_two_findings() {
        let in_account = |account: &str| Finding {
            account_id: Some(account.into()),
            ..finding("rds-instance-multi-az", "REL 10", "orders-db")
        };
        let baseline = [in_account("111111111111"), in_account("222222222222")];
        let later = [in_account("222222222222")];
        let changes = diff(&baseline, &later);
        assert_eq!(changes.resolved.len(), 1);
        assert_eq!(
            changes.resolved[0].account_id.as_deref(),
            Some("111111111111")
        );
        assert_eq!(changes.persisting.len(), 1);
        assert!(changes.new.is_empty());
    }

    #[test]
    fn resolving_one_of_two_baseline_hris_is_a_50_percent_improvement() {
        let before = [
            finding("multi-az", "REL10", "db1"),
            finding("backups", "REL09", "db1"),
            finding("backups", "REL09", "db2"),
        ];
        let after = [
            finding("backups", "REL09", "db2"),
            finding("public", "SEC05", "db3"),
        ];
        let diff = diff(&before, &after);
        assert_eq!(diff.resolved.len(), 2);
        assert_eq!(diff.persisting.len(), 1);
        assert_eq!(diff.new.len(), 1);
        assert_eq!(diff.hri.baseline_hris, vec!["REL09", "REL10"]);
        assert_eq!(diff.hri.resolved_hris, vec!["REL10"]);
        assert_eq!(diff.hri.improvement_pct, Some(50.0));
    }

    #[test]
    fn the_improvement_is_rounded_to_one_decimal() {
        let before = [
            finding("multi-az", "REL10", "db1"),
            finding("backups", "REL09", "db1"),
            finding("public", "SEC05", "db1"),
        ];
        let after = [
            finding("multi-az", "REL10", "db1"),
            finding("public", "SEC05", "db1"),
        ];
        let one_of_three = diff(&before, &after);
        assert_eq!(
            one_of_three.hri.baseline_hris,
            vec!["REL09", "REL10", "SEC05"]
        );
        assert_eq!(one_of_three.hri.resolved_hris, vec!["REL09"]);
        assert_eq!(one_of_three.hri.improvement_pct, Some(33.3));
        let two_of_three = diff(&before, &after[..1]);
        assert_eq!(two_of_three.hri.resolved_hris, vec!["REL09", "SEC05"]);
        assert_eq!(two_of_three.hri.improvement_pct, Some(66.7));
    }

    #[test]
    fn a_finding_the_later_scan_did_not_judge_is_not_resolved_and_keeps_its_hri() {
        let in_account = |account: &str, rule: &str, question: &str| Finding {
            account_id: Some(account.into()),
            ..finding(rule, question, "orders-db")
        };
        let baseline = [
            in_account("111111111111", "multi-az", "REL10"),
            in_account("222222222222", "backups", "REL09"),
        ];
        // The later review fixed account 1 and could not assume a role in 2.
        let mut reach = Reassessment::new(
            ["multi-az".to_string(), "backups".to_string()],
            ["eu-west-1".to_string()],
        )
        .review_of_accounts();
        reach.assessed_account(Some("111111111111"), &[]);
        let changes = diff_within(&baseline, &[], &reach);
        assert_eq!(changes.resolved.len(), 1);
        assert_eq!(changes.not_reassessed.len(), 1);
        assert_eq!(
            changes.not_reassessed[0].account_id.as_deref(),
            Some("222222222222")
        );
        assert_eq!(changes.hri.resolved_hris, vec!["REL10"]);
        assert_eq!(changes.hri.current_hris, vec!["REL09"]);
        assert_eq!(changes.hri.improvement_pct, Some(50.0));
    }

    #[test]
    fn a_baseline_without_hris_has_no_improvement_percentage() {
        let diff = diff(&[], &[finding("public", "SEC05", "db1")]);
        assert!(diff.hri.baseline_hris.is_empty());
        assert_eq!(diff.hri.improvement_pct, None);
    }
}
