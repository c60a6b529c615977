//! Before/after comparison of two scans, and HRI progress toward the
//! partner programme's credit threshold.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::score::{Finding, FindingKey, question_risks};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScanDiff {
    /// Failing in the later scan only.
    pub new: Vec<Finding>,
    /// Failing in the baseline only.
    pub resolved: Vec<Finding>,
    /// Failing in both (as seen in the later scan).
    pub persisting: Vec<Finding>,
    pub hri: HriProgress,
}

/// High-risk issues (WA questions) of the baseline and how many were resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HriProgress {
    pub baseline_hris: Vec<String>,
    pub current_hris: Vec<String>,
    pub resolved_hris: Vec<String>,
    /// resolved / baseline x 100; None when the baseline had no HRI.
    pub improvement_pct: Option<f64>,
}

/// Compares the unsuppressed findings of a baseline and a later scan.
pub fn diff(baseline: &[Finding], current: &[Finding]) -> ScanDiff {
    let active = |fs: &[Finding]| -> BTreeMap<FindingKey, Finding> {
        fs.iter()
            .filter(|f| !f.suppressed)
            .map(|f| (f.key(), f.clone()))
            .collect()
    };
    let before = active(baseline);
    let after = active(current);
    let new = after
        .iter()
        .filter(|(k, _)| !before.contains_key(*k))
        .map(|(_, f)| f.clone())
        .collect();
    let resolved = before
        .iter()
        .filter(|(k, _)| !after.contains_key(*k))
        .map(|(_, f)| f.clone())
        .collect();
    let persisting = after
        .iter()
        .filter(|(k, _)| before.contains_key(*k))
        .map(|(_, f)| f.clone())
        .collect();

    let (baseline_hris, _) = question_risks(&before.values().collect::<Vec<_>>());
    let (current_hris, _) = question_risks(&after.values().collect::<Vec<_>>());
    let resolved_hris: Vec<String> = baseline_hris
        .iter()
        .filter(|q| !current_hris.contains(q))
        .cloned()
        .collect();
    let improvement_pct = (!baseline_hris.is_empty())
        .then(|| 100.0 * resolved_hris.len() as f64 / baseline_hris.len() as f64);
    ScanDiff {
        new,
        resolved,
        persisting,
        hri: HriProgress {
            baseline_hris,
            current_hris,
            resolved_hris,
            improvement_pct,
        },
    }
}
