//! Tables: a header row in the accent colour, zebra rows, wrapped cells,
//! rows that break across pages with the header repeated.

use super::fonts::Face;
use super::style::{LIGHT, RULE_GREY, Rgbf, SMALL, Style, WHITE};
use super::writer::{BODY_W, MARGIN_X, Writer};

impl Writer<'_> {
    /// A table; `widths` are fractions of the body width. Rows break across
    /// pages with the header repeated. A cell's `fill` colours its background.
    pub(super) fn table(&mut self, head: &[&str], widths: &[f32], rows: &[Row]) {
        let style = SMALL;
        let lh = style.size * 1.3;
        let pad = 3.0;
        let cols: Vec<(f32, f32)> = {
            let mut x = MARGIN_X;
            widths
                .iter()
                .map(|w| {
                    let col = (x, w * BODY_W);
                    x += w * BODY_W;
                    col
                })
                .collect()
        };
        let draw_head = |w: &mut Writer| {
            let h = lh + 2.0 * pad;
            w.rect(MARGIN_X, w.y - h, BODY_W, h, w.accent);
            let head_style = Style {
                face: Face::Bold,
                size: style.size,
                color: WHITE,
            };
            for (i, title) in head.iter().enumerate() {
                let (x, _) = cols[i];
                w.text_at(x + pad, w.y - pad - style.size, title, head_style);
            }
            w.y -= h;
        };
        self.need(3.0 * lh + 4.0 * pad);
        draw_head(self);
        for (n, row) in rows.iter().enumerate() {
            let cells: Vec<Vec<String>> = row
                .cells
                .iter()
                .enumerate()
                .map(|(i, cell)| {
                    let s = if row.bold {
                        Style {
                            face: Face::Bold,
                            ..style
                        }
                    } else {
                        style
                    };
                    self.wrap(&cell.text, s, cols[i].1 - 2.0 * pad)
                })
                .collect();
            let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let h = lines as f32 * lh + 2.0 * pad;
            if self.need(h) {
                draw_head(self);
            }
            if n % 2 == 1 {
                self.rect(MARGIN_X, self.y - h, BODY_W, h, LIGHT);
            }
            for (i, cell) in row.cells.iter().enumerate() {
                let (x, w) = cols[i];
                if let Some(fill) = cell.fill {
                    self.rect(x + 1.0, self.y - h + 1.0, w - 2.0, h - 2.0, fill);
                }
                let mut s = if row.bold {
                    Style {
                        face: Face::Bold,
                        ..style
                    }
                } else {
                    style
                };
                if cell.fill.is_some() {
                    s.color = WHITE;
                    s.face = Face::Bold;
                }
                if let Some(c) = cell.color {
                    s.color = c;
                }
                for (k, line) in cells[i].iter().enumerate() {
                    let base = self.y - pad - style.size - k as f32 * lh;
                    let lx = if cell.right {
                        x + w - pad - self.width(line, s)
                    } else {
                        x + pad
                    };
                    self.text_at(lx, base + 1.0, line, s);
                }
            }
            self.y -= h;
            self.hline(MARGIN_X, MARGIN_X + BODY_W, self.y, 0.3, RULE_GREY);
        }
        self.y -= 6.0;
    }
}

/// One table cell: its text, an optional background (then drawn white
/// and bold), an optional text colour, right-aligned for numbers.
pub(super) struct Cell {
    pub(super) text: String,
    pub(super) fill: Option<Rgbf>,
    pub(super) color: Option<Rgbf>,
    pub(super) right: bool,
}

pub(super) fn cell(text: impl Into<String>) -> Cell {
    Cell {
        text: text.into(),
        fill: None,
        color: None,
        right: false,
    }
}

pub(super) fn num(text: impl Into<String>) -> Cell {
    Cell {
        right: true,
        ..cell(text)
    }
}

/// One table row; `bold` for subtotal and total rows.
pub(super) struct Row {
    pub(super) cells: Vec<Cell>,
    pub(super) bold: bool,
}

pub(super) fn row(cells: Vec<Cell>) -> Row {
    Row { cells, bold: false }
}
