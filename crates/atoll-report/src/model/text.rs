//! Labels and number formats shared by the model, the PDF and the exports.

use atoll_core::Risk;

pub fn risk_label(risk: Risk) -> &'static str {
    match risk {
        Risk::High => "High",
        Risk::Medium => "Medium",
        Risk::Low => "Low",
    }
}

pub fn priority(risk: Risk) -> &'static str {
    match risk {
        Risk::High => "P1",
        Risk::Medium => "P2",
        Risk::Low => "P3",
    }
}

/// A number without a useless `.0`.
pub fn fmt_num(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.2}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    }
}

/// A short, human name for a CloudFormation type (`AWS::RDS::DBInstance` ->
/// `RDS DBInstance`).
pub fn short_type(resource_type: &str) -> String {
    resource_type.trim_start_matches("AWS::").replace("::", " ")
}

pub(super) fn first_sentence(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.find(". ") {
        Some(end) => flat[..=end].to_string(),
        None => flat,
    }
}
