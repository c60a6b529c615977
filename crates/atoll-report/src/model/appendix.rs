//! The appendix: every failing resource by pillar, question and rule, at
//! most `appendix_rows_per_rule` rows per rule.

use std::collections::BTreeMap;

use atoll_core::Pillar;

use atoll_core::score::Finding;

use super::{Appendix, AppendixPillar, AppendixQuestion, AppendixRow, AppendixRule};
use crate::ReportInput;

pub(super) fn build(input: &ReportInput) -> Appendix {
    let cap = input.settings.appendix_rows_per_rule;
    // pillar -> question -> rule -> findings (suppressed ones too, flagged).
    let mut tree: BTreeMap<Pillar, BTreeMap<&str, BTreeMap<&str, Vec<&Finding>>>> = BTreeMap::new();
    for f in &input.current.findings {
        tree.entry(f.pillar)
            .or_default()
            .entry(f.question.as_str())
            .or_default()
            .entry(f.rule_id.as_str())
            .or_default()
            .push(f);
    }
    let mut shown = 0;
    let mut omitted_total = 0;
    let pillars = tree
        .into_iter()
        .map(|(pillar, questions)| AppendixPillar {
            pillar,
            label: pillar.title().to_string(),
            questions: questions
                .into_iter()
                .map(|(qid, rules)| AppendixQuestion {
                    id: qid.to_string(),
                    title: input
                        .framework
                        .question(qid)
                        .map(|q| q.title.clone())
                        .unwrap_or_default(),
                    rules: rules
                        .into_iter()
                        .map(|(rid, mut fs)| {
                            // A review's findings of a rule, account by account.
                            fs.sort_by(|a, b| a.account_id.cmp(&b.account_id));
                            let rows: Vec<AppendixRow> = fs
                                .iter()
                                .take(cap)
                                .map(|f| AppendixRow {
                                    account: account_label(input, f),
                                    region: f.region.clone(),
                                    resource_type: f.resource_type.clone(),
                                    resource_id: f.resource_id.clone(),
                                    detail: f.detail.clone(),
                                    suppressed: f.suppressed,
                                })
                                .collect();
                            let omitted = fs.len() - rows.len();
                            shown += rows.len();
                            omitted_total += omitted;
                            AppendixRule {
                                rule_id: rid.to_string(),
                                title: fs[0].title.clone(),
                                risk: fs[0].risk,
                                total: fs.len(),
                                rows,
                                omitted,
                            }
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    Appendix {
        rows_per_rule: cap,
        csv_name: input.settings.csv_name.clone(),
        rows_shown: shown,
        rows_omitted: omitted_total,
        pillars,
    }
}

/// "payments-prod (222222222222)" for a finding of a review's account;
/// None outside a review.
fn account_label(input: &ReportInput, finding: &Finding) -> Option<String> {
    if input.current.accounts.is_empty() {
        return None;
    }
    let id = finding.account_id.as_deref()?;
    let name = input
        .current
        .accounts
        .iter()
        .find(|a| a.account_id == id)
        .map_or(id, |a| a.name.as_str());
    Some(atoll_core::organization::account_label(name, id))
}
