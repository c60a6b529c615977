//! The report model: every number, list and sentence the PDF shows, computed
//! once from a [`ReportInput`]. The PDF and the exports only lay it out.
//!
//! The types are in `types` (re-exported here); each section is built by its
//! own module: `cover`, `executive`, `charts`, `well_architected`, `hri`,
//! `sow`, `appendix`, and `organization` for a review across an AWS
//! Organization.

mod appendix;
mod charts;
mod cover;
mod executive;
mod hri;
mod organization;
mod sow;
mod text;
mod types;
mod well_architected;

use std::collections::BTreeMap;

use atoll_core::score::{Finding, RuleInfo};

use crate::ReportInput;
pub use hri::hris_required;
pub use sow::{
    EFFORT_CAP_HOURS, EFFORT_EXTRA_FACTOR, EFFORT_FULL_RESOURCES, EFFORT_RULE, line_effort,
};
pub use text::{fmt_num, priority, risk_label, short_type};
pub use types::*;

/// Computes every section of the report from the input.
pub fn build_model(input: &ReportInput) -> ReportModel {
    let active: Vec<&Finding> = input
        .current
        .findings
        .iter()
        .filter(|f| !f.suppressed)
        .collect();
    let rules_by_id: BTreeMap<&str, &RuleInfo> =
        input.rules.iter().map(|r| (r.id.as_str(), r)).collect();

    // Active findings per rule, in the catalogue's order.
    let mut by_rule: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in &active {
        by_rule.entry(f.rule_id.as_str()).or_default().push(f);
    }

    let cover = cover::build(input);
    let executive = executive::build(input, &by_rule, &rules_by_id);
    let charts = charts::build(input, &active, executive.by_risk.clone());
    let well_architected = well_architected::build(input, &active);
    let hri = hri::build(input, &active, &well_architected);
    let sow = sow::build(&by_rule, &rules_by_id);
    let appendix = appendix::build(input);
    let organization = organization::build(input);

    ReportModel {
        title: "AWS Well-Architected Review".to_string(),
        cover,
        executive,
        charts,
        well_architected,
        hri,
        sow,
        appendix,
        organization,
    }
}
