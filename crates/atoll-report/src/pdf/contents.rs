//! The contents page (page 2), filled in once the sections' page numbers
//! are known.

use super::fonts::Face;
use super::style::{BLACK, MUTED, RULE_GREY, Style};
use super::writer::{BODY_TOP, BODY_W, MARGIN_X, Writer};

pub(super) fn draw(w: &mut Writer, toc: &[(String, usize)]) {
    // The contents page is page 2 (index 1).
    w.target = Some(1);
    w.y = BODY_TOP - 20.0;
    let style = Style {
        face: Face::Bold,
        size: 17.0,
        color: w.accent,
    };
    w.text_at(MARGIN_X, w.y + 4.0, "Contents", style);
    w.y -= 8.0;
    w.hline(MARGIN_X, MARGIN_X + BODY_W, w.y, 1.2, w.accent);
    w.y -= 10.0;
    let entry = Style {
        face: Face::Regular,
        size: 11.0,
        color: BLACK,
    };
    for (title, page) in toc {
        w.y -= 22.0;
        w.text_at(MARGIN_X, w.y, title, entry);
        let p = page.to_string();
        let pw = w.width(&p, entry);
        let tw = w.width(title, entry);
        // Dot leader.
        let dots_from = MARGIN_X + tw + 6.0;
        let dots_to = MARGIN_X + BODY_W - pw - 6.0;
        let mut x = dots_from;
        let mut leader = String::new();
        let dot = w.width(".", entry) + 0.5;
        while x + dot < dots_to {
            leader.push('.');
            x += dot;
        }
        w.text_at(
            dots_from,
            w.y,
            &leader,
            Style {
                color: RULE_GREY,
                ..entry
            },
        );
        w.text_at(MARGIN_X + BODY_W - pw, w.y, &p, entry);
    }
    w.y -= 30.0;
    w.paragraph(
        "The CSV and XLSX exports of the same scan hold every finding with its remediation steps, in \
         columns a Jira or ServiceNow import maps directly; the XLSX also holds the SOW line items.",
        MUTED,
    );
    w.target = None;
}
