//! Section 5, HRI progress toward the programme threshold: eligibility, the
//! measures, what is left, resolved and remaining HRIs.

use super::SECTION_TITLES;
use super::fonts::Face;
use super::style::{BODY, GOOD, HIGH, MUTED, Style};
use super::table::{Row, cell, num, row};
use super::writer::{MARGIN_X, Writer};
use crate::model::{ReportModel, fmt_num};

/// A percentage with one decimal, or `n/a`.
pub(super) fn pct(p: Option<f64>) -> String {
    p.map_or_else(|| "n/a".to_string(), |p| format!("{p:.1} %"))
}

pub(super) fn draw(w: &mut Writer, m: &ReportModel) {
    let h = &m.hri;
    w.section(SECTION_TITLES[4]);
    let eligible_style = Style {
        face: Face::Bold,
        size: 14.0,
        color: if h.eligible { GOOD } else { HIGH },
    };
    w.y -= 6.0;
    w.text_at(
        MARGIN_X,
        w.y - 14.0,
        &format!(
            "Eligible for the programme credit: {}",
            if h.eligible { "yes" } else { "no" }
        ),
        eligible_style,
    );
    w.y -= 26.0;
    let baseline_label = match h.baseline_scan_id {
        Some(id) => format!("baseline scan {id}"),
        None => "no baseline: this scan".to_string(),
    };
    w.table(
        &["Measure", "Value"],
        &[0.6, 0.4],
        &[
            row(vec![
                cell(format!("Baseline HRIs ({baseline_label})")),
                num(h.baseline_count.to_string()),
            ]),
            row(vec![
                cell("HRIs resolved"),
                num(h.resolved_count.to_string()),
            ]),
            row(vec![
                cell("HRIs remaining"),
                num(h.remaining_count.to_string()),
            ]),
            row(vec![cell("HRIs resolved (%)"), num(pct(h.pct_resolved))]),
            row(vec![
                cell("Programme threshold (% of baseline HRIs)"),
                num(format!("{} %", fmt_num(h.threshold_pct))),
            ]),
            row(vec![
                cell("HRIs still to resolve to reach it"),
                num(h.hris_needed.to_string()),
            ]),
            row(vec![
                cell("Questions answered by the scan / minimum"),
                num(format!(
                    "{} of {} / {}",
                    h.questions_answered, h.questions_total, h.min_questions
                )),
            ]),
            row(vec![
                cell("New HRIs since the baseline"),
                num(h.new_hris.len().to_string()),
            ]),
        ],
    );
    w.heading("What is left");
    for line in &h.what_is_left {
        w.bullet(line, BODY);
    }
    if !h.resolved_hris.is_empty() {
        w.heading("Resolved HRIs");
        w.paragraph(&h.resolved_hris.join(", "), BODY);
    }
    if !h.remaining_hris.is_empty() {
        w.heading("Remaining HRIs");
        let rows: Vec<Row> = h
            .remaining_hris
            .iter()
            .map(|r| {
                row(vec![
                    cell(&r.question),
                    cell(&r.title),
                    cell(r.failing_rules.join(", ")),
                    num(r.resources.to_string()),
                ])
            })
            .collect();
        w.table(
            &["Question", "Title", "Failing high-risk rules", "Resources"],
            &[0.1, 0.42, 0.36, 0.12],
            &rows,
        );
    }
    w.paragraph(
        &format!(
            "Improvement = baseline HRIs resolved / baseline HRIs. The threshold ({} %) and the minimum number \
             of answered questions ({}) are report settings (--threshold-pct, --min-questions).",
            fmt_num(h.threshold_pct),
            h.min_questions
        ),
        MUTED,
    );
}
