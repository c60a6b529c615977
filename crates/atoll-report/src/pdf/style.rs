//! Colours and text styles.

use atoll_core::Risk;
use printpdf::{Color, Rgb};

use super::fonts::Face;
use crate::model::QuestionState;

#[derive(Clone, Copy)]
pub(super) struct Rgbf(pub(super) f32, pub(super) f32, pub(super) f32);

pub(super) const BLACK: Rgbf = Rgbf(0.13, 0.13, 0.15);
pub(super) const GREY: Rgbf = Rgbf(0.42, 0.44, 0.47);
pub(super) const LIGHT: Rgbf = Rgbf(0.95, 0.96, 0.97);
pub(super) const RULE_GREY: Rgbf = Rgbf(0.82, 0.84, 0.86);
pub(super) const WHITE: Rgbf = Rgbf(1.0, 1.0, 1.0);
pub(super) const HIGH: Rgbf = Rgbf(0.75, 0.22, 0.17);
pub(super) const MEDIUM: Rgbf = Rgbf(0.90, 0.49, 0.13);
pub(super) const LOW: Rgbf = Rgbf(0.83, 0.67, 0.05);
pub(super) const GOOD: Rgbf = Rgbf(0.15, 0.60, 0.35);
pub(super) const NEUTRAL: Rgbf = Rgbf(0.58, 0.62, 0.65);
pub(super) const MANUAL: Rgbf = Rgbf(0.36, 0.43, 0.50);
pub(super) const BEFORE: Rgbf = Rgbf(0.70, 0.72, 0.75);

pub(super) fn color(c: Rgbf) -> Color {
    Color::Rgb(Rgb {
        r: c.0,
        g: c.1,
        b: c.2,
        icc_profile: None,
    })
}

pub(super) fn risk_color(risk: Risk) -> Rgbf {
    match risk {
        Risk::High => HIGH,
        Risk::Medium => MEDIUM,
        Risk::Low => LOW,
    }
}

pub(super) fn state_color(state: QuestionState) -> Rgbf {
    match state {
        QuestionState::HighRisk => HIGH,
        QuestionState::MediumRisk => MEDIUM,
        QuestionState::NoRiskFound => GOOD,
        QuestionState::NotAssessed => NEUTRAL,
        QuestionState::ManualReviewNeeded => MANUAL,
    }
}

/// Text style of one string.
#[derive(Clone, Copy)]
pub(super) struct Style {
    pub(super) face: Face,
    pub(super) size: f32,
    pub(super) color: Rgbf,
}

pub(super) const BODY: Style = Style {
    face: Face::Regular,
    size: 9.0,
    color: BLACK,
};
pub(super) const SMALL: Style = Style {
    face: Face::Regular,
    size: 7.5,
    color: BLACK,
};
pub(super) const MUTED: Style = Style {
    face: Face::Regular,
    size: 8.0,
    color: GREY,
};
pub(super) const BOLD: Style = Style {
    face: Face::Bold,
    size: 9.0,
    color: BLACK,
};
pub(super) const H2: Style = Style {
    face: Face::Bold,
    size: 11.5,
    color: BLACK,
};
