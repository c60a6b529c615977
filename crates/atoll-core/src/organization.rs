//! An organization review's roll-up: one line per member account (its
//! score, findings by pillar, high-risk questions) and the order accounts
//! are shown in, riskiest first. The organization's own numbers are the
//! summary of every account's results together (`atoll-app` builds it).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diff::ScanDiff;
use crate::model::{Pillar, Risk};
use crate::scan::{ScanRecord, ScanStatus};
use crate::score::{Finding, Summary};

/// One member account of an organization review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AccountSummary {
    /// The account's own scan (every single-account view opens on it).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub scan_id: i64,
    pub account_id: String,
    pub name: String,
    pub ou_path: String,
    pub status: ScanStatus,
    /// Why the account was not assessed (its role could not be assumed,
    /// its scan failed), when it was not.
    pub not_assessed: Option<String>,
    /// The account's health score; None when it was not assessed.
    pub score: Option<u32>,
    /// Findings not accepted as risks.
    pub findings: usize,
    pub high: usize,
    pub by_pillar: BTreeMap<Pillar, usize>,
    /// Well-Architected questions with a high risk in this account.
    pub high_risk_questions: usize,
}

impl AccountSummary {
    /// The line of an account whose scan `scan` completed with `summary`
    /// and `findings`, or (`summary` None) was not assessed.
    pub fn of(scan: &ScanRecord, summary: Option<&Summary>, findings: &[Finding]) -> Self {
        let account_id = scan.account_id.clone().unwrap_or_default();
        let active: Vec<&Finding> = findings.iter().filter(|f| !f.suppressed).collect();
        let mut by_pillar = BTreeMap::new();
        for finding in &active {
            *by_pillar.entry(finding.pillar).or_insert(0) += 1;
        }
        let assessed = summary.filter(|_| scan.status == ScanStatus::Completed);
        AccountSummary {
            scan_id: scan.id,
            name: scan
                .account_name
                .clone()
                .unwrap_or_else(|| account_id.clone()),
            account_id,
            ou_path: scan.ou_path.clone().unwrap_or_default(),
            status: scan.status,
            not_assessed: match assessed {
                Some(_) => None,
                None => Some(
                    scan.error
                        .clone()
                        .unwrap_or_else(|| format!("the account's scan is {}", scan.status)),
                ),
            },
            score: assessed.map(|s| s.score),
            findings: active.len(),
            high: active.iter().filter(|f| f.risk == Risk::High).count(),
            by_pillar,
            high_risk_questions: assessed.map_or(0, |s| s.high_risk_questions.len()),
        }
    }
}

/// How reports and messages name an account: "payments-prod
/// (222222222222)", or the id alone when the account has no other name.
pub fn account_label(name: &str, account_id: &str) -> String {
    if name.is_empty() || name == account_id {
        account_id.to_string()
    } else {
        format!("{name} ({account_id})")
    }
}

/// Riskiest accounts first: not-assessed accounts lead (nobody knows what
/// is in them), then by high findings, all findings, lower score, then id.
pub fn riskiest_first(accounts: &mut [AccountSummary]) {
    accounts.sort_by(|a, b| {
        (a.score.is_some(), std::cmp::Reverse(a.high))
            .cmp(&(b.score.is_some(), std::cmp::Reverse(b.high)))
            .then(b.findings.cmp(&a.findings))
            .then(a.score.cmp(&b.score))
            .then(a.account_id.cmp(&b.account_id))
    });
}

/// One account of two organization reviews compared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AccountChange {
    pub account_id: String,
    pub name: String,
    /// Its line in the baseline; None: the account is new to the review.
    pub baseline: Option<AccountSummary>,
    /// Its line in the later review; None: no longer in the review.
    pub later: Option<AccountSummary>,
    pub new: usize,
    pub resolved: usize,
    /// Baseline findings the later review could not judge (see
    /// `ScanDiff::not_reassessed`).
    pub not_reassessed: usize,
}

/// The accounts of two reviews side by side, in the later review's order
/// (riskiest first), then the accounts no longer in it.
pub fn account_changes(
    baseline: &[AccountSummary],
    later: &[AccountSummary],
    diff: &ScanDiff,
) -> Vec<AccountChange> {
    let count = |findings: &[Finding], account: &str| {
        findings
            .iter()
            .filter(|f| f.account_id.as_deref() == Some(account))
            .count()
    };
    let change = |account_id: &str, name: &str| AccountChange {
        account_id: account_id.to_string(),
        name: name.to_string(),
        baseline: baseline
            .iter()
            .find(|a| a.account_id == account_id)
            .cloned(),
        later: later.iter().find(|a| a.account_id == account_id).cloned(),
        new: count(&diff.new, account_id),
        resolved: count(&diff.resolved, account_id),
        not_reassessed: count(&diff.not_reassessed, account_id),
    };
    let mut changes: Vec<AccountChange> = later
        .iter()
        .map(|a| change(&a.account_id, &a.name))
        .collect();
    for gone in baseline
        .iter()
        .filter(|a| !later.iter().any(|l| l.account_id == a.account_id))
    {
        changes.push(change(&gone.account_id, &gone.name));
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(id: &str, score: Option<u32>, high: usize, findings: usize) -> AccountSummary {
        AccountSummary {
            scan_id: 1,
            account_id: id.into(),
            name: id.into(),
            ou_path: String::new(),
            status: if score.is_some() {
                ScanStatus::Completed
            } else {
                ScanStatus::Failed
            },
            not_assessed: score.is_none().then(|| "denied".into()),
            score,
            findings,
            high,
            by_pillar: BTreeMap::new(),
            high_risk_questions: 0,
        }
    }

    #[test]
    fn not_assessed_accounts_lead_then_the_most_high_findings() {
        let mut accounts = vec![
            line("111", Some(90), 0, 4),
            line("222", Some(40), 3, 9),
            line("333", None, 0, 0),
            line("444", Some(60), 3, 12),
        ];
        riskiest_first(&mut accounts);
        let order: Vec<&str> = accounts.iter().map(|a| a.account_id.as_str()).collect();
        assert_eq!(order, ["333", "444", "222", "111"]);
    }

    #[test]
    fn compared_reviews_show_accounts_added_removed_and_their_changes() {
        let baseline = [line("111", Some(50), 2, 4), line("222", Some(70), 1, 3)];
        let later = [line("333", Some(80), 0, 1), line("111", Some(90), 0, 1)];
        let diff = crate::diff::diff(&[], &[]);
        let changes = account_changes(&baseline, &later, &diff);
        let shape: Vec<(&str, bool, bool)> = changes
            .iter()
            .map(|c| {
                (
                    c.account_id.as_str(),
                    c.baseline.is_some(),
                    c.later.is_some(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            [
                ("333", false, true),
                ("111", true, true),
                ("222", true, false)
            ]
        );
    }
}
