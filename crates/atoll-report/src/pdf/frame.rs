//! The header (partner, logo, title and customer; not on the cover) and the
//! footer (engagement, confidentiality, page number) of every page.

use super::fonts::Face;
use super::logo::{self, Logo};
use super::style::{MUTED, RULE_GREY, Style};
use super::writer::{BODY_W, MARGIN_X, PAGE_H, Writer};
use crate::model::ReportModel;

/// Header and footer of one page.
pub(super) fn draw(
    w: &mut Writer,
    m: &ReportModel,
    page: usize,
    total: usize,
    logo: Option<&Logo>,
) {
    w.target = Some(page);
    if page > 0 {
        let mut x = MARGIN_X;
        if let Some(logo) = logo {
            logo::draw(w, logo, MARGIN_X, PAGE_H - 46.0, 60.0, 20.0);
            x += logo::size(logo, 60.0, 20.0).0 + 6.0;
        }
        let partner = Style {
            face: Face::Bold,
            size: 8.5,
            color: w.accent,
        };
        w.text_at(x, PAGE_H - 38.0, &m.cover.partner, partner);
        let right = format!("{} · {}", m.title, m.cover.customer);
        let rw = w.width(&right, MUTED);
        w.text_at(MARGIN_X + BODY_W - rw, PAGE_H - 38.0, &right, MUTED);
        w.hline(MARGIN_X, MARGIN_X + BODY_W, PAGE_H - 52.0, 0.8, w.accent);
    }
    w.hline(MARGIN_X, MARGIN_X + BODY_W, 40.0, 0.4, RULE_GREY);
    let left = format!(
        "{} · SOW ref. {} · {}",
        m.cover.partner, m.cover.sow_ref, m.cover.date
    );
    w.text_at(MARGIN_X, 28.0, &left, MUTED);
    let center = format!("Confidential · prepared for {}", m.cover.customer);
    let cw = w.width(&center, MUTED);
    let lw = w.width(&left, MUTED);
    let right = format!("Page {} of {}", page + 1, total);
    let rw = w.width(&right, MUTED);
    // Centre it in the room left between the other two parts.
    let room_from = MARGIN_X + lw + 12.0;
    let room_to = MARGIN_X + BODY_W - rw - 12.0;
    if room_to - room_from >= cw {
        w.text_at((room_from + room_to - cw) / 2.0, 28.0, &center, MUTED);
    }
    w.text_at(MARGIN_X + BODY_W - rw, 28.0, &right, MUTED);
    w.target = None;
}
