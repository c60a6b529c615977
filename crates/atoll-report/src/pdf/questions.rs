//! Section 4, Well-Architected questions: each question's state as the scan
//! answers it, pillar by pillar.

use atoll_core::Pillar;

use super::SECTION_TITLES;
use super::style::{BODY, state_color};
use super::table::{Cell, Row, cell, row};
use super::writer::Writer;
use crate::model::ReportModel;

pub(super) fn draw(w: &mut Writer, m: &ReportModel) {
    let wa = &m.well_architected;
    w.section(SECTION_TITLES[3]);
    w.paragraph(
        "Each question of the Well-Architected Framework as the scan answers it. A question is a high-risk \
         issue (HRI) when a high-risk rule mapped to it fails, medium risk when only medium-risk rules fail. \
         Questions no automated rule covers need a manual review with the customer; questions whose data \
         could not be read are not assessed.",
        BODY,
    );
    let rows: Vec<Row> = vec![row(wa
        .counts
        .iter()
        .map(|c| cell(c.value.to_string()))
        .collect())];
    w.table(
        &[
            "High risk",
            "Medium risk",
            "No risk found",
            "Not assessed",
            "Manual review needed",
        ],
        &[0.2, 0.2, 0.2, 0.2, 0.2],
        &rows,
    );
    for pillar in Pillar::ALL {
        let qs: Vec<_> = wa
            .questions
            .iter()
            .filter(|q| q.pillar == *pillar)
            .collect();
        if qs.is_empty() {
            continue;
        }
        w.heading(pillar.title());
        let rows: Vec<Row> = qs
            .iter()
            .map(|q| {
                let mut failed = q.failed_rules.join(", ");
                if !q.low_risk_rules.is_empty() {
                    if !failed.is_empty() {
                        failed.push_str("; ");
                    }
                    failed.push_str(&format!("low: {}", q.low_risk_rules.join(", ")));
                }
                row(vec![
                    cell(&q.id),
                    cell(&q.title),
                    Cell {
                        fill: Some(state_color(q.state)),
                        ..cell(q.state.label())
                    },
                    cell(compact_bps(&q.best_practices)),
                    cell(if failed.is_empty() {
                        "-".to_string()
                    } else {
                        failed
                    }),
                ])
            })
            .collect();
        w.table(
            &["ID", "Question", "State", "Best practices", "Failed rules"],
            &[0.07, 0.29, 0.13, 0.21, 0.30],
            &rows,
        );
    }
}

/// `OPS01-BP01, OPS01-BP02` -> `OPS01: BP01 BP02` (one group per question).
fn compact_bps(ids: &[String]) -> String {
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for id in ids {
        let (q, bp) = id.split_once('-').unwrap_or((id, ""));
        match groups.iter_mut().find(|(g, _)| g == q) {
            Some((_, bps)) => bps.push(bp.to_string()),
            None => groups.push((q.to_string(), vec![bp.to_string()])),
        }
    }
    groups
        .into_iter()
        .map(|(q, bps)| format!("{q}: {}", bps.join(" ")))
        .collect::<Vec<_>>()
        .join("; ")
}
