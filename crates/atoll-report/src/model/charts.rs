//! The charts: findings by pillar (by risk level), by region and by risk
//! level, and before / after by pillar against the baseline.

use std::collections::BTreeMap;

use atoll_core::score::Finding;
use atoll_core::{Pillar, Risk};

use super::{Charts, Count, PairBar, StackedBar};
use crate::ReportInput;

/// Regions shown one by one in the region chart; the rest are summed.
const MAX_REGION_BARS: usize = 12;

fn per_pillar(findings: &[&Finding]) -> BTreeMap<Pillar, [usize; 3]> {
    let mut map: BTreeMap<Pillar, [usize; 3]> = Pillar::ALL.iter().map(|p| (*p, [0; 3])).collect();
    for f in findings {
        let slot = match f.risk {
            Risk::High => 0,
            Risk::Medium => 1,
            Risk::Low => 2,
        };
        map.entry(f.pillar).or_default()[slot] += 1;
    }
    map
}

pub(super) fn build(input: &ReportInput, active: &[&Finding], by_risk: Vec<Count>) -> Charts {
    let by_pillar = per_pillar(active)
        .into_iter()
        .map(|(p, [high, medium, low])| StackedBar {
            label: p.title().to_string(),
            high,
            medium,
            low,
        })
        .collect();
    let mut regions: Vec<(String, usize)> = input
        .current
        .summary
        .by_region
        .iter()
        .map(|(r, n)| (r.clone(), *n))
        .collect();
    regions.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut by_region: Vec<Count> = regions
        .iter()
        .take(MAX_REGION_BARS)
        .map(|(label, value)| Count {
            label: label.clone(),
            value: *value,
        })
        .collect();
    let rest: usize = regions.iter().skip(MAX_REGION_BARS).map(|(_, n)| n).sum();
    if rest > 0 {
        by_region.push(Count {
            label: "other regions".to_string(),
            value: rest,
        });
    }
    let before_after = input.baseline.as_ref().map(|base| {
        let before: Vec<&Finding> = base.findings.iter().filter(|f| !f.suppressed).collect();
        let before = per_pillar(&before);
        let after = per_pillar(active);
        Pillar::ALL
            .iter()
            .map(|p| PairBar {
                label: p.title().to_string(),
                before: before[p].iter().sum(),
                after: after[p].iter().sum(),
            })
            .collect()
    });
    Charts {
        by_pillar,
        by_region,
        by_risk,
        before_after,
    }
}
