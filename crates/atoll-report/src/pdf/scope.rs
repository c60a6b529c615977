//! Section 2, scope and coverage: what was scanned and what could not be read.

use super::SECTION_TITLES;
use super::cover::list_or_dash;
use super::style::BODY;
use super::table::{Row, cell, row};
use super::writer::Writer;
use crate::model::{ReportModel, short_type};

pub(super) fn draw(w: &mut Writer, m: &ReportModel) {
    let c = &m.cover;
    w.section(SECTION_TITLES[1]);
    let mut facts = vec![
        ("AWS account(s)", list_or_dash(&c.account_ids)),
        ("Regions", list_or_dash(&c.regions)),
        ("Services assessed", list_or_dash(&c.services_assessed)),
        (
            "Rules",
            format!(
                "{} rules, catalogue version {}",
                c.rules_total, c.rules_version
            ),
        ),
    ];
    if let Some(scope) = &c.workload_scope {
        facts.insert(
            1,
            (
                "Workload scope",
                format!(
                    "{scope}. Resources outside the scope were not evaluated; account-level settings \
                     (trails, password policy, GuardDuty...) are in scope."
                ),
            ),
        );
    }
    w.facts(&facts);
    w.heading("Coverage gaps");
    if c.coverage_gaps.is_empty() {
        w.paragraph(
            "None: every service was read in every scanned region, so every rule was assessed where it applies.",
            BODY,
        );
    } else {
        w.paragraph(
            "What could not be read is not assessed, never reported as passed. Rules that depend on these \
             services show as 'not assessed' in the Well-Architected view.",
            BODY,
        );
        let rows: Vec<Row> = c
            .coverage_gaps
            .iter()
            .map(|g| {
                row(vec![
                    cell(&g.service),
                    cell(short_type(&g.resource_type)),
                    cell(&g.region),
                    cell(&g.status),
                    cell(&g.message),
                ])
            })
            .collect();
        w.table(
            &["Service", "Resource type", "Region", "Status", "Message"],
            &[0.12, 0.22, 0.14, 0.14, 0.38],
            &rows,
        );
    }
}
