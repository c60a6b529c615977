//! The page writer: lays pages out top to bottom (text runs, rectangles,
//! rules, wrapped paragraphs, headings, label/value grids), breaking pages
//! as the cursor reaches the bottom margin.

use printpdf::{
    Line, LinePoint, Op, PaintMode, PdfFontHandle, Point, Pt, Rect, TextItem, WindingOrder,
};

use super::fonts::{Face, Fonts};
use super::style::{BODY, BOLD, H2, Rgbf, Style, color};

// A4 in points.
pub(super) const PAGE_W: f32 = 595.28;
pub(super) const PAGE_H: f32 = 841.89;
pub(super) const MARGIN_X: f32 = 42.0;
pub(super) const BODY_TOP: f32 = PAGE_H - 78.0;
pub(super) const BODY_BOTTOM: f32 = 58.0;
pub(super) const BODY_W: f32 = PAGE_W - 2.0 * MARGIN_X;

/// Lays pages out top to bottom.
pub(super) struct Writer<'f> {
    pub(super) fonts: &'f Fonts,
    pub(super) accent: Rgbf,
    pub(super) pages: Vec<Vec<Op>>,
    pub(super) y: f32,
    /// Section title -> 1-based page number, for the contents.
    pub(super) toc: Vec<(String, usize)>,
    /// Draw into this page instead of the last one (contents, frames).
    pub(super) target: Option<usize>,
}

impl<'f> Writer<'f> {
    pub(super) fn ops(&mut self) -> &mut Vec<Op> {
        let index = self.target.unwrap_or(self.pages.len() - 1);
        &mut self.pages[index]
    }

    pub(super) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = BODY_TOP;
    }

    /// Makes room for `h` points, breaking the page when needed.
    pub(super) fn need(&mut self, h: f32) -> bool {
        if self.y - h < BODY_BOTTOM {
            self.new_page();
            true
        } else {
            false
        }
    }

    pub(super) fn text_at(&mut self, x: f32, baseline: f32, text: &str, style: Style) {
        let fonts = self.fonts;
        let mut x = x;
        let runs = fonts.runs(text, style.face);
        let ops = self.ops();
        ops.push(Op::SetFillColor {
            col: color(style.color),
        });
        for (sel, run) in runs {
            let font = fonts.get(sel);
            ops.push(Op::StartTextSection);
            ops.push(Op::SetTextCursor {
                pos: Point {
                    x: Pt(x),
                    y: Pt(baseline),
                },
            });
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(font.id.clone()),
                size: Pt(style.size),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(run.to_string())],
            });
            ops.push(Op::EndTextSection);
            x += fonts.width(run, style.face, style.size);
        }
    }

    pub(super) fn width(&self, text: &str, style: Style) -> f32 {
        self.fonts.width(text, style.face, style.size)
    }

    pub(super) fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Rgbf) {
        let ops = self.ops();
        ops.push(Op::SetFillColor { col: color(fill) });
        ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(y),
                width: Pt(w),
                height: Pt(h),
                mode: Some(PaintMode::Fill),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
    }

    pub(super) fn hline(&mut self, x1: f32, x2: f32, y: f32, width: f32, c: Rgbf) {
        let ops = self.ops();
        ops.push(Op::SetOutlineColor { col: color(c) });
        ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    LinePoint {
                        p: Point {
                            x: Pt(x1),
                            y: Pt(y),
                        },
                        bezier: false,
                    },
                    LinePoint {
                        p: Point {
                            x: Pt(x2),
                            y: Pt(y),
                        },
                        bezier: false,
                    },
                ],
                is_closed: false,
            },
        });
    }

    /// Wraps `text` to `width`, breaking inside words that do not fit.
    pub(super) fn wrap(&self, text: &str, style: Style, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, style) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                if self.width(word, style) <= width {
                    line = word.to_string();
                } else {
                    // A long id or ARN: break it by characters.
                    for c in word.chars() {
                        let mut next = line.clone();
                        next.push(c);
                        if self.width(&next, style) > width && !line.is_empty() {
                            lines.push(std::mem::take(&mut line));
                            line.push(c);
                        } else {
                            line = next;
                        }
                    }
                }
            }
            lines.push(line);
        }
        lines
    }

    /// A wrapped paragraph at the cursor.
    pub(super) fn paragraph(&mut self, text: &str, style: Style) {
        self.paragraph_at(MARGIN_X, BODY_W, text, style);
    }

    pub(super) fn paragraph_at(&mut self, x: f32, width: f32, text: &str, style: Style) {
        let lh = style.size * 1.35;
        for line in self.wrap(text, style, width) {
            self.need(lh);
            self.y -= lh;
            self.text_at(x, self.y + style.size * 0.28, &line, style);
        }
        self.y -= style.size * 0.4;
    }

    pub(super) fn bullet(&mut self, text: &str, style: Style) {
        let lh = style.size * 1.35;
        self.need(lh);
        self.text_at(MARGIN_X + 4.0, self.y - lh + style.size * 0.28, "•", style);
        self.paragraph_at(MARGIN_X + 14.0, BODY_W - 14.0, text, style);
    }

    pub(super) fn section(&mut self, title: &str) {
        self.new_page();
        let page = self.pages.len();
        self.toc.push((title.to_string(), page));
        self.y -= 20.0;
        let style = Style {
            face: Face::Bold,
            size: 17.0,
            color: self.accent,
        };
        self.text_at(MARGIN_X, self.y + 4.0, title, style);
        self.y -= 8.0;
        self.hline(MARGIN_X, MARGIN_X + BODY_W, self.y, 1.2, self.accent);
        self.y -= 12.0;
    }

    pub(super) fn heading(&mut self, title: &str) {
        self.need(40.0);
        self.y -= 18.0;
        self.text_at(MARGIN_X, self.y, title, H2);
        self.y -= 7.0;
    }

    /// A label/value grid.
    pub(super) fn facts(&mut self, facts: &[(&str, String)]) {
        let label_w = 130.0;
        for (label, value) in facts {
            let lines = self.wrap(value, BODY, BODY_W - label_w);
            let lh = BODY.size * 1.4;
            self.need(lines.len() as f32 * lh);
            self.text_at(MARGIN_X, self.y - lh + 3.0, label, BOLD);
            for (i, line) in lines.iter().enumerate() {
                self.text_at(
                    MARGIN_X + label_w,
                    self.y - (i as f32 + 1.0) * lh + 3.0,
                    line,
                    BODY,
                );
            }
            self.y -= lines.len().max(1) as f32 * lh;
        }
        self.y -= 4.0;
    }
}
