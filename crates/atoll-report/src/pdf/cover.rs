//! The cover page: title, customer, engagement facts and the health score.

use super::fonts::Face;
use super::logo::{self, Logo};
use super::style::{BODY, H2, MUTED, Style, WHITE};
use super::writer::{BODY_W, MARGIN_X, PAGE_H, PAGE_W, Writer};
use crate::model::ReportModel;

pub(super) fn draw(w: &mut Writer, m: &ReportModel, logo: Option<&Logo>) {
    w.new_page();
    let c = &m.cover;
    // Accent band.
    w.rect(0.0, PAGE_H - 250.0, PAGE_W, 250.0, w.accent);
    if let Some(logo) = logo {
        // White plate, fitted to the logo, so any logo reads on the band.
        let (lw, lh) = logo::size(logo, 120.0, 48.0);
        w.rect(MARGIN_X - 6.0, PAGE_H - 92.0, lw + 12.0, lh + 8.0, WHITE);
        logo::draw(w, logo, MARGIN_X, PAGE_H - 88.0, 120.0, 48.0);
    }
    let white_big = Style {
        face: Face::Bold,
        size: 26.0,
        color: WHITE,
    };
    let white = Style {
        face: Face::Regular,
        size: 13.0,
        color: WHITE,
    };
    w.text_at(MARGIN_X, PAGE_H - 140.0, &m.title, white_big);
    w.text_at(
        MARGIN_X,
        PAGE_H - 165.0,
        "Findings, risks and remediation plan",
        white,
    );
    let customer_style = Style {
        face: Face::Bold,
        size: 20.0,
        color: WHITE,
    };
    let lines = w.wrap(&c.customer, customer_style, BODY_W);
    for (i, line) in lines.iter().take(2).enumerate() {
        w.text_at(
            MARGIN_X,
            PAGE_H - 205.0 - i as f32 * 24.0,
            line,
            customer_style,
        );
    }
    w.y = PAGE_H - 290.0;
    w.text_at(MARGIN_X, w.y, &format!("Prepared by {}", c.partner), H2);
    w.y -= 22.0;
    let baseline = c
        .baseline
        .as_ref()
        .map(|b| format!("scan {} of {}", b.scan_id, b.started_at))
        .unwrap_or_else(|| "none (this scan is the baseline)".to_string());
    w.facts(&[
        ("Customer", c.customer.clone()),
        ("Prepared by", c.partner.clone()),
        ("Reviewer", c.reviewer.clone()),
        ("Engagement / SOW ref.", c.sow_ref.clone()),
        ("Report date", c.date.clone()),
        ("AWS account(s)", accounts(m)),
        ("Regions", list_or_dash(&c.regions)),
        (
            "Scan",
            format!(
                "scan {} started {}{}",
                c.scan_id,
                c.scan_started_at,
                c.scan_finished_at
                    .as_ref()
                    .map(|f| format!(", finished {f}"))
                    .unwrap_or_default()
            ),
        ),
        ("Baseline", baseline),
        (
            "Rules",
            format!(
                "{} rules, catalogue version {}",
                c.rules_total, c.rules_version
            ),
        ),
        ("Services assessed", list_or_dash(&c.services_assessed)),
        (
            "Coverage gaps",
            if c.coverage_gaps.is_empty() {
                "none: every service was read in every region".to_string()
            } else {
                format!(
                    "{} service x region pairs could not be read (see section 2)",
                    c.coverage_gaps.len()
                )
            },
        ),
    ]);
    w.y -= 10.0;
    let e = &m.executive;
    let score_style = Style {
        face: Face::Bold,
        size: 34.0,
        color: w.accent,
    };
    w.need(60.0);
    w.text_at(MARGIN_X, w.y - 34.0, &format!("{}", e.score), score_style);
    let sx = MARGIN_X + w.width(&format!("{}", e.score), score_style) + 8.0;
    w.text_at(sx, w.y - 18.0, "/ 100 health score", H2);
    w.text_at(
        sx,
        w.y - 32.0,
        &format!(
            "{} findings · {} high-risk questions (HRIs) · {} medium-risk questions",
            e.findings, e.high_risk_questions, e.medium_risk_questions
        ),
        BODY,
    );
    w.y -= 50.0;
    w.paragraph(
        "Read-only assessment: Atoll read configuration through AWS APIs with read-only permissions from the \
         reviewer's machine; no data left it and nothing in the account was changed.",
        MUTED,
    );
}

/// The accounts reviewed: listed for a scan of a few, counted for an
/// organization (the overview lists them).
fn accounts(m: &ReportModel) -> String {
    match &m.organization {
        Some(o) if m.cover.account_ids.len() > 3 => format!(
            "{} member accounts of the AWS Organization (see the {})",
            o.accounts_total,
            super::ORGANIZATION_TITLE.to_lowercase()
        ),
        _ => list_or_dash(&m.cover.account_ids),
    }
}

pub(super) fn list_or_dash(items: &[String]) -> String {
    if items.is_empty() {
        "-".to_string()
    } else {
        items.join(", ")
    }
}
