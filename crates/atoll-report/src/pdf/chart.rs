//! Horizontal bar charts (vector rectangles).

use printpdf::{Line, LinePoint, Op, Point, Pt};

use super::style::{BODY, BOLD, GREY, MUTED, Rgbf, color};
use super::writer::{BODY_W, MARGIN_X, Writer};

impl Writer<'_> {
    /// Horizontal bars: label, bar, value. Each bar is a list of segments.
    pub(super) fn bar_chart(
        &mut self,
        title: &str,
        bars: &[(String, Vec<(usize, Rgbf)>)],
        legend: &[(&str, Rgbf)],
    ) {
        let row_h = 15.0;
        let label_w = 130.0;
        let value_w = 40.0;
        let chart_w = BODY_W - label_w - value_w;
        let total_h = 26.0 + bars.len() as f32 * row_h + if legend.is_empty() { 0.0 } else { 16.0 };
        self.need(total_h);
        self.heading(title);
        let max = bars
            .iter()
            .map(|(_, segs)| segs.iter().map(|(v, _)| *v).sum::<usize>())
            .max()
            .unwrap_or(0)
            .max(1) as f32;
        let top = self.y;
        // Axis.
        let axis_x = MARGIN_X + label_w;
        for (i, (label, segs)) in bars.iter().enumerate() {
            let y = top - (i as f32 + 1.0) * row_h;
            self.text_at(MARGIN_X, y + 3.5, label, BODY);
            let mut x = axis_x;
            let mut sum = 0;
            for (value, c) in segs {
                let w = *value as f32 / max * chart_w;
                if w > 0.0 {
                    self.rect(x, y + 1.5, w, row_h - 4.0, *c);
                }
                x += w;
                sum += value;
            }
            self.text_at(x + 4.0, y + 3.5, &sum.to_string(), BOLD);
        }
        let bottom = top - bars.len() as f32 * row_h - 2.0;
        let ops = self.ops();
        ops.push(Op::SetOutlineColor { col: color(GREY) });
        ops.push(Op::SetOutlineThickness { pt: Pt(0.6) });
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    LinePoint {
                        p: Point {
                            x: Pt(axis_x),
                            y: Pt(top),
                        },
                        bezier: false,
                    },
                    LinePoint {
                        p: Point {
                            x: Pt(axis_x),
                            y: Pt(bottom),
                        },
                        bezier: false,
                    },
                ],
                is_closed: false,
            },
        });
        self.y = bottom - 4.0;
        if !legend.is_empty() {
            let mut x = axis_x;
            self.y -= 10.0;
            for (label, c) in legend {
                self.rect(x, self.y, 8.0, 8.0, *c);
                self.text_at(x + 11.0, self.y + 1.0, label, MUTED);
                x += 11.0 + self.width(label, MUTED) + 14.0;
            }
            self.y -= 6.0;
        }
    }
}
