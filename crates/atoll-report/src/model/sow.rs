//! The remediation plan: one SOW line item per failing rule, its effort,
//! subtotals per pillar and the total.

use std::collections::BTreeMap;

use atoll_core::Pillar;
use atoll_core::score::{Finding, RuleInfo};

use super::{Sow, SowItem, SowSubtotal, priority};

/// Per affected resource, the rule's full effort is counted for the first
/// `EFFORT_FULL_RESOURCES` resources: past that the same fix is scripted and
/// each further resource costs `EFFORT_EXTRA_FACTOR` of it; one line item
/// never exceeds `EFFORT_CAP_HOURS` (a bigger scope becomes its own work
/// package, scoped with the customer).
pub const EFFORT_FULL_RESOURCES: usize = 10;
pub const EFFORT_EXTRA_FACTOR: f64 = 0.25;
pub const EFFORT_CAP_HOURS: f64 = 40.0;

pub const EFFORT_RULE: &str = "Effort per line item = rule hours x affected resources for the first 10 \
resources, + 25 % of the rule hours for each further resource (the fix is scripted by then), capped at \
40 hours per line item; a capped item is scoped as its own work package.";

/// Effort of one SOW line item and whether the cap applied.
pub fn line_effort(hours_per_resource: f64, resources: usize) -> (f64, bool) {
    let full = resources.min(EFFORT_FULL_RESOURCES) as f64 * hours_per_resource;
    let extra = resources.saturating_sub(EFFORT_FULL_RESOURCES) as f64
        * hours_per_resource
        * EFFORT_EXTRA_FACTOR;
    let raw = full + extra;
    if raw > EFFORT_CAP_HOURS {
        (EFFORT_CAP_HOURS, true)
    } else {
        ((raw * 100.0).round() / 100.0, false)
    }
}

pub(super) fn build(
    by_rule: &BTreeMap<&str, Vec<&Finding>>,
    rules: &BTreeMap<&str, &RuleInfo>,
) -> Sow {
    let mut items: Vec<SowItem> = by_rule
        .iter()
        .filter_map(|(id, fs)| {
            let rule = rules.get(id)?;
            let (effort_hours, capped) = line_effort(rule.effort_hours, fs.len());
            Some(SowItem {
                line: 0,
                priority: priority(rule.risk).to_string(),
                rule_id: rule.id.clone(),
                title: rule.title.clone(),
                pillar: rule.pillar,
                question: rule.question.clone(),
                best_practices: rule.best_practices.clone(),
                risk: rule.risk,
                resources: fs.len(),
                hours_per_resource: rule.effort_hours,
                effort_hours,
                capped,
                scope: rule.remediation.first().cloned().unwrap_or_default(),
            })
        })
        .collect();
    items.sort_by(|a, b| {
        (a.pillar, a.risk, std::cmp::Reverse(a.resources), &a.rule_id).cmp(&(
            b.pillar,
            b.risk,
            std::cmp::Reverse(b.resources),
            &b.rule_id,
        ))
    });
    for (i, item) in items.iter_mut().enumerate() {
        item.line = i + 1;
    }
    let subtotals: Vec<SowSubtotal> = Pillar::ALL
        .iter()
        .filter_map(|p| {
            let of: Vec<&SowItem> = items.iter().filter(|i| i.pillar == *p).collect();
            (!of.is_empty()).then(|| SowSubtotal {
                pillar: *p,
                label: p.title().to_string(),
                items: of.len(),
                resources: of.iter().map(|i| i.resources).sum(),
                hours: round2(of.iter().map(|i| i.effort_hours).sum()),
            })
        })
        .collect();
    let total_hours = round2(subtotals.iter().map(|s| s.hours).sum());
    Sow {
        effort_rule: EFFORT_RULE.to_string(),
        items,
        subtotals,
        total_hours,
    }
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}
