//! Section 1, executive summary: the score, findings by risk level, the five most
//! important risks and what changed since the baseline.

use atoll_core::Risk;

use super::SECTION_TITLES;
use super::fonts::Face;
use super::hri::pct;
use super::style::{BODY, BOLD, H2, MUTED, Style, risk_color};
use super::table::{Cell, cell, num, row};
use super::writer::{BODY_W, MARGIN_X, Writer};
use crate::model::{ReportModel, risk_label};

pub(super) fn draw(w: &mut Writer, m: &ReportModel) {
    let e = &m.executive;
    w.section(SECTION_TITLES[0]);
    let score_style = Style {
        face: Face::Bold,
        size: 30.0,
        color: w.accent,
    };
    w.text_at(MARGIN_X, w.y - 30.0, &e.score.to_string(), score_style);
    let sx = MARGIN_X + w.width(&e.score.to_string(), score_style) + 8.0;
    w.text_at(sx, w.y - 14.0, "/ 100 health score", H2);
    w.text_at(
        sx,
        w.y - 28.0,
        &format!(
            "{} unsuppressed findings, {} suppressed (accepted risks, kept on record)",
            e.findings, e.suppressed
        ),
        BODY,
    );
    w.y -= 44.0;
    w.paragraph(
        &format!(
            "Health score {} / 100. How the score is computed: {}.",
            e.score, e.score_formula
        ),
        MUTED,
    );

    w.heading("Findings by risk level");
    let mut cells = Vec::new();
    for c in &e.by_risk {
        let risk = Risk::parse(&c.label.to_lowercase()).unwrap_or(Risk::Low);
        cells.push(Cell {
            fill: Some(risk_color(risk)),
            ..cell(c.value.to_string())
        });
    }
    cells.push(cell(e.high_risk_questions.to_string()));
    cells.push(cell(e.medium_risk_questions.to_string()));
    w.table(
        &[
            "High findings",
            "Medium findings",
            "Low findings",
            "HRIs (questions)",
            "MRIs (questions)",
        ],
        &[0.2, 0.2, 0.2, 0.2, 0.2],
        &[row(cells)],
    );

    w.heading("The five most important risks");
    if e.top_risks.is_empty() {
        w.paragraph("No unsuppressed finding: nothing to prioritise.", BODY);
    }
    for (i, r) in e.top_risks.iter().enumerate() {
        w.need(40.0);
        let title = format!(
            "{}. {} ({} risk, {} {})",
            i + 1,
            r.title,
            risk_label(r.risk),
            r.pillar.title(),
            r.question
        );
        w.paragraph(
            &title,
            Style {
                color: risk_color(r.risk),
                ..BOLD
            },
        );
        w.paragraph_at(MARGIN_X + 12.0, BODY_W - 12.0, &r.plain, BODY);
    }

    w.heading("What changed since the baseline");
    match &e.changes {
        Some(c) => {
            w.table(
                &["", "Baseline (scan)", "This scan", "Change"],
                &[0.34, 0.22, 0.22, 0.22],
                &[
                    row(vec![
                        cell("Health score"),
                        num(c.score_before.to_string()),
                        num(c.score_after.to_string()),
                        num(signed(c.score_after as i64 - c.score_before as i64)),
                    ]),
                    row(vec![
                        cell("Unsuppressed findings"),
                        num(c.findings_before.to_string()),
                        num(c.findings_after.to_string()),
                        num(signed(c.findings_after as i64 - c.findings_before as i64)),
                    ]),
                    row(vec![
                        cell("High-risk issues (HRIs)"),
                        num(c.hris_before.to_string()),
                        num(c.hris_after.to_string()),
                        num(signed(c.hris_after as i64 - c.hris_before as i64)),
                    ]),
                ],
            );
            w.paragraph(
                &format!(
                    "Against baseline scan {}: {} findings resolved, {} new, {} persisting{}. HRIs resolved: {} ({}).",
                    c.baseline_scan_id,
                    c.resolved,
                    c.new,
                    c.persisting,
                    not_reassessed(c.not_reassessed),
                    m.hri.resolved_count,
                    pct(m.hri.pct_resolved)
                ),
                BODY,
            );
        }
        None => w.paragraph(
            "No baseline scan was given: this report is the starting point. Run the next report with \
             --baseline set to this scan to measure progress.",
            BODY,
        ),
    }
}

fn signed(v: i64) -> String {
    if v > 0 {
        format!("+{v}")
    } else {
        v.to_string()
    }
}

/// ", N not re-assessed" when the later scan could not judge some baseline
/// findings again (they are not counted as resolved).
fn not_reassessed(count: usize) -> String {
    if count == 0 {
        String::new()
    } else {
        format!(", {count} not re-assessed (not counted as resolved)")
    }
}
