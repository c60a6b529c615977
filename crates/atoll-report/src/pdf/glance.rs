//! Section 3, findings at a glance: findings by pillar, region and risk level, and
//! before / after by pillar when there is a baseline.

use atoll_core::{Pillar, Risk};

use super::SECTION_TITLES;
use super::style::{BEFORE, HIGH, LOW, MEDIUM, MUTED, Rgbf, risk_color};
use super::writer::Writer;
use crate::model::ReportModel;

pub(super) fn draw(w: &mut Writer, m: &ReportModel) {
    let ch = &m.charts;
    w.section(SECTION_TITLES[2]);
    let bars: Vec<(String, Vec<(usize, Rgbf)>)> = ch
        .by_pillar
        .iter()
        .map(|b| {
            (
                b.label.clone(),
                vec![(b.high, HIGH), (b.medium, MEDIUM), (b.low, LOW)],
            )
        })
        .collect();
    w.bar_chart(
        "Findings by pillar",
        &bars,
        &[("High", HIGH), ("Medium", MEDIUM), ("Low", LOW)],
    );
    let accent = w.accent;
    let bars: Vec<(String, Vec<(usize, Rgbf)>)> = ch
        .by_region
        .iter()
        .map(|c| (c.label.clone(), vec![(c.value, accent)]))
        .collect();
    w.bar_chart("Findings by region", &bars, &[]);
    let bars: Vec<(String, Vec<(usize, Rgbf)>)> = ch
        .by_risk
        .iter()
        .map(|c| {
            let risk = Risk::parse(&c.label.to_lowercase()).unwrap_or(Risk::Low);
            (c.label.clone(), vec![(c.value, risk_color(risk))])
        })
        .collect();
    w.bar_chart("Findings by risk level", &bars, &[]);
    match &ch.before_after {
        Some(pairs) => {
            let mut bars = Vec::new();
            for p in pairs {
                bars.push((
                    format!("{} (before)", short_pillar(&p.label)),
                    vec![(p.before, BEFORE)],
                ));
                bars.push((
                    format!("{} (after)", short_pillar(&p.label)),
                    vec![(p.after, accent)],
                ));
            }
            w.bar_chart(
                "Before / after by pillar",
                &bars,
                &[("Baseline scan", BEFORE), ("This scan", accent)],
            );
        }
        None => {
            w.heading("Before / after by pillar");
            w.paragraph(
                "Shown when the report is built with a baseline scan.",
                MUTED,
            );
        }
    }
}

fn short_pillar(label: &str) -> String {
    Pillar::ALL
        .iter()
        .find(|p| p.title() == label)
        .map(|p| match p {
            Pillar::OperationalExcellence => "Ops Excellence",
            Pillar::PerformanceEfficiency => "Performance",
            Pillar::CostOptimization => "Cost",
            other => other.title(),
        })
        .unwrap_or(label)
        .to_string()
}
