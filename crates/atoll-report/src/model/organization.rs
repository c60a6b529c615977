//! The organization overview of a review across an AWS Organization: one
//! line per member account (score, HRIs, unsuppressed findings per pillar),
//! riskiest first as the review lists them, the accounts that could not be
//! assessed with the reason, and the organization's total line.

use atoll_core::Pillar;

use super::{OrganizationAccount, OrganizationOverview};
use crate::ReportInput;

/// The overview, or None for a single-account scan.
pub(super) fn build(input: &ReportInput) -> Option<OrganizationOverview> {
    let report = &input.current;
    if !report.scan.organization && report.accounts.is_empty() {
        return None;
    }
    let accounts: Vec<OrganizationAccount> = report
        .accounts
        .iter()
        .map(|a| OrganizationAccount {
            account_id: a.account_id.clone(),
            name: a.name.clone(),
            ou_path: a.ou_path.clone(),
            score: a.score,
            high_risk_questions: a.high_risk_questions,
            high: a.high,
            findings: a.findings,
            by_pillar: Pillar::ALL
                .iter()
                .map(|p| a.by_pillar.get(p).copied().unwrap_or(0))
                .collect(),
            not_assessed: a.not_assessed.clone(),
        })
        .collect();
    let assessed = accounts.iter().filter(|a| a.score.is_some()).count();
    let mut by_pillar = vec![0; Pillar::ALL.len()];
    for account in &accounts {
        for (total, n) in by_pillar.iter_mut().zip(&account.by_pillar) {
            *total += n;
        }
    }
    Some(OrganizationOverview {
        accounts_total: accounts.len(),
        accounts_assessed: assessed,
        accounts_not_assessed: accounts.len() - assessed,
        pillars: Pillar::ALL.iter().map(|p| p.title().to_string()).collect(),
        score: report.summary.score,
        high_risk_questions: report.summary.high_risk_questions.len(),
        high: accounts.iter().map(|a| a.high).sum(),
        findings: accounts.iter().map(|a| a.findings).sum(),
        by_pillar,
        accounts,
    })
}
