//! Appendix A: every failing resource by pillar, question and rule (at most
//! the configured rows per rule; the CSV export holds them all), with the
//! account first in a review across an organization.

use super::SECTION_TITLES;
use super::fonts::Face;
use super::style::{BODY, BOLD, H2, Style, risk_color};
use super::table::{Row, cell, row};
use super::writer::{MARGIN_X, Writer};
use crate::model::{ReportModel, risk_label, short_type};

pub(super) fn draw(w: &mut Writer, m: &ReportModel) {
    let a = &m.appendix;
    w.section(SECTION_TITLES[6]);
    w.paragraph(
        &format!(
            "Every failing resource, grouped by pillar, question and rule; suppressed findings (accepted \
             risks) are listed and flagged. At most {} resources are listed per rule: {} rows are shown here \
             and {} more are in the CSV export ({}), which holds every finding.",
            a.rows_per_rule, a.rows_shown, a.rows_omitted, a.csv_name
        ),
        BODY,
    );
    for p in &a.pillars {
        w.need(80.0);
        w.y -= 6.0;
        w.text_at(
            MARGIN_X,
            w.y - 14.0,
            &p.label,
            Style {
                face: Face::Bold,
                size: 14.0,
                color: w.accent,
            },
        );
        w.y -= 20.0;
        for q in &p.questions {
            w.need(60.0);
            w.paragraph(&format!("{} · {}", q.id, q.title), H2);
            for r in &q.rules {
                w.need(50.0);
                w.paragraph(
                    &format!(
                        "{} ({} risk) · {} · {} resources",
                        r.title,
                        risk_label(r.risk),
                        r.rule_id,
                        r.total
                    ),
                    Style {
                        color: risk_color(r.risk),
                        ..BOLD
                    },
                );
                let by_account = r.rows.iter().any(|x| x.account.is_some());
                let mut rows: Vec<Row> = r
                    .rows
                    .iter()
                    .map(|x| {
                        let mut cells = vec![
                            cell(&x.region),
                            cell(short_type(&x.resource_type)),
                            cell(if x.suppressed {
                                format!("{} (suppressed)", x.resource_id)
                            } else {
                                x.resource_id.clone()
                            }),
                            cell(&x.detail),
                        ];
                        if by_account {
                            cells.insert(0, cell(x.account.as_deref().unwrap_or("-")));
                        }
                        row(cells)
                    })
                    .collect();
                if r.omitted > 0 {
                    let mut cells = vec![
                        cell(""),
                        cell(""),
                        cell(format!("... and {} more", r.omitted)),
                        cell(format!("see {} for the full list", a.csv_name)),
                    ];
                    if by_account {
                        cells.insert(0, cell(""));
                    }
                    rows.push(Row { cells, bold: true });
                }
                if by_account {
                    w.table(
                        &["Account", "Region", "Type", "Resource", "Detail"],
                        &[0.18, 0.11, 0.14, 0.25, 0.32],
                        &rows,
                    );
                } else {
                    w.table(
                        &["Region", "Type", "Resource", "Detail"],
                        &[0.13, 0.17, 0.3, 0.4],
                        &rows,
                    );
                }
            }
        }
    }
    if a.pillars.is_empty() {
        w.paragraph("No failing resource.", BODY);
    }
}
