//! Section 6, remediation plan: the SOW line items, pillar by pillar, with
//! subtotals and the total effort.

use atoll_core::Pillar;

use super::SECTION_TITLES;
use super::style::{BODY, MUTED, risk_color};
use super::table::{Cell, Row, cell, num, row};
use super::writer::Writer;
use crate::model::{ReportModel, fmt_num};

pub(super) fn draw(w: &mut Writer, m: &ReportModel) {
    let s = &m.sow;
    w.section(SECTION_TITLES[5]);
    w.paragraph(
        "One line item per failing rule, ready to paste into a Statement of Work. Priority: P1 high risk, \
         P2 medium, P3 low.",
        BODY,
    );
    w.paragraph(&s.effort_rule, MUTED);
    let mut rows: Vec<Row> = Vec::new();
    for pillar in Pillar::ALL {
        let items: Vec<_> = s.items.iter().filter(|i| i.pillar == *pillar).collect();
        if items.is_empty() {
            continue;
        }
        for i in &items {
            rows.push(row(vec![
                num(i.line.to_string()),
                Cell {
                    color: Some(risk_color(i.risk)),
                    ..cell(&i.priority)
                },
                cell(format!(
                    "{}\n{} · {} · {}",
                    i.title,
                    i.rule_id,
                    i.question,
                    i.best_practices.join(", ")
                )),
                cell(&i.scope),
                num(i.resources.to_string()),
                num(fmt_num(i.hours_per_resource)),
                num(format!(
                    "{}{}",
                    fmt_num(i.effort_hours),
                    if i.capped { " (cap)" } else { "" }
                )),
            ]));
        }
        if let Some(sub) = s.subtotals.iter().find(|x| x.pillar == *pillar) {
            rows.push(Row {
                cells: vec![
                    cell(""),
                    cell(""),
                    cell(format!("Subtotal {}", sub.label)),
                    cell(format!("{} line items", sub.items)),
                    num(sub.resources.to_string()),
                    cell(""),
                    num(fmt_num(sub.hours)),
                ],
                bold: true,
            });
        }
    }
    rows.push(Row {
        cells: vec![
            cell(""),
            cell(""),
            cell("Total"),
            cell(format!("{} line items", s.items.len())),
            num(s
                .items
                .iter()
                .map(|i| i.resources)
                .sum::<usize>()
                .to_string()),
            cell(""),
            num(format!("{} h", fmt_num(s.total_hours))),
        ],
        bold: true,
    });
    w.table(
        &[
            "#",
            "Prio.",
            "Line item (rule, question, best practices)",
            "Scope",
            "Res.",
            "h/res",
            "Effort h",
        ],
        &[0.05, 0.06, 0.36, 0.31, 0.06, 0.06, 0.10],
        &rows,
    );
}
