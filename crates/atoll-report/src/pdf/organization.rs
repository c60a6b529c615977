//! The organization overview (a review across an AWS Organization only),
//! after the executive summary: one line per member account, riskiest
//! first, with its score, HRIs and a heat table of unsuppressed findings
//! per pillar; the accounts that could not be assessed with the reason;
//! the organization's total line.

use super::style::{BLACK, BODY, LIGHT, MUTED, NEUTRAL, Rgbf, WHITE};
use super::table::{Cell, Row, cell, num, row};
use super::writer::Writer;
use crate::model::{OrganizationAccount, ReportModel};

/// The page's title (in the contents, between sections 1 and 2).
pub const ORGANIZATION_TITLE: &str = "Organization overview";

/// Column headers for the pillars, in `Pillar::ALL` order (the full titles
/// are in the legend under the table).
const PILLAR_HEADS: [&str; 6] = ["Ops", "Sec.", "Rel.", "Perf.", "Cost", "Sus."];

pub(super) fn draw(w: &mut Writer, m: &ReportModel) {
    let Some(o) = &m.organization else {
        return;
    };
    w.section(ORGANIZATION_TITLE);
    w.paragraph(
        &format!(
            "{} member accounts were reviewed with the same rules: {} assessed, {} not assessed. \
             Riskiest accounts first; an account that was not assessed leads, because its risks are \
             unknown, not absent. Each cell counts the account's unsuppressed findings in a pillar: \
             the deeper the colour, the more findings. An account's score is its own; the \
             organization's is computed over every assessed account's results together.",
            o.accounts_total, o.accounts_assessed, o.accounts_not_assessed
        ),
        BODY,
    );
    let most = o
        .accounts
        .iter()
        .flat_map(|a| a.by_pillar.iter().copied())
        .max()
        .unwrap_or(0);
    let mut rows: Vec<Row> = o.accounts.iter().map(|a| account_row(a, most)).collect();
    let mut total = vec![
        cell(format!("All {} accounts", o.accounts_total)),
        cell(""),
        num(o.score.to_string()),
        num(o.high_risk_questions.to_string()),
        num(o.findings.to_string()),
    ];
    total.extend(o.by_pillar.iter().map(|n| num(n.to_string())));
    rows.push(Row {
        cells: total,
        bold: true,
    });
    let mut head = vec!["Account", "OU", "Score", "HRIs", "Findings"];
    head.extend(PILLAR_HEADS);
    w.table(
        &head,
        &[
            0.26, 0.14, 0.07, 0.06, 0.08, 0.065, 0.065, 0.065, 0.065, 0.065, 0.065,
        ],
        &rows,
    );
    let legend: Vec<String> = PILLAR_HEADS
        .iter()
        .zip(&o.pillars)
        .map(|(short, title)| format!("{short}: {title}"))
        .collect();
    w.paragraph(
        &format!(
            "{}. HRIs: Well-Architected questions with a high risk in the account.",
            legend.join(", ")
        ),
        MUTED,
    );

    let not_assessed: Vec<&OrganizationAccount> = o
        .accounts
        .iter()
        .filter(|a| a.not_assessed.is_some())
        .collect();
    w.heading("Accounts not assessed");
    if not_assessed.is_empty() {
        w.paragraph("None: every account of the review was read.", BODY);
    }
    for a in not_assessed {
        w.bullet(
            &format!(
                "{}: {}",
                account_label(a),
                a.not_assessed.as_deref().unwrap_or_default()
            ),
            BODY,
        );
    }
}

fn account_label(a: &OrganizationAccount) -> String {
    atoll_core::organization::account_label(&a.name, &a.account_id)
}

fn account_row(a: &OrganizationAccount, most: usize) -> Row {
    let mut cells = vec![cell(account_label(a)), cell(&a.ou_path)];
    match a.score {
        Some(score) => {
            cells.push(num(score.to_string()));
            cells.push(num(a.high_risk_questions.to_string()));
            cells.push(num(a.findings.to_string()));
            cells.extend(a.by_pillar.iter().map(|n| heat_cell(*n, most)));
        }
        None => {
            cells.push(Cell {
                fill: Some(NEUTRAL),
                ..cell("n/a")
            });
            cells.push(num("-"));
            cells.push(num("-"));
            cells.extend(a.by_pillar.iter().map(|_| Cell {
                fill: Some(LIGHT),
                color: Some(NEUTRAL),
                ..num("-")
            }));
        }
    }
    row(cells)
}

/// A pillar cell: pale for none, then from light amber to deep red as the
/// count nears the table's largest.
fn heat_cell(n: usize, most: usize) -> Cell {
    const NONE: Rgbf = Rgbf(0.87, 0.95, 0.89);
    const FROM: Rgbf = Rgbf(0.99, 0.85, 0.62);
    const TO: Rgbf = Rgbf(0.72, 0.16, 0.12);
    if n == 0 {
        return Cell {
            fill: Some(NONE),
            color: Some(BLACK),
            ..num("0")
        };
    }
    let t = if most <= 1 {
        1.0
    } else {
        (n - 1) as f32 / (most - 1) as f32
    };
    let mix = |a: f32, b: f32| a + (b - a) * t;
    Cell {
        fill: Some(Rgbf(
            mix(FROM.0, TO.0),
            mix(FROM.1, TO.1),
            mix(FROM.2, TO.2),
        )),
        color: Some(if t > 0.45 { WHITE } else { BLACK }),
        ..num(n.to_string())
    }
}
