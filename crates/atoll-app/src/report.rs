//! The report use case: gather what the PDF and the exports of a stored scan
//! need (the scan and its optional baseline, the rule snapshot and results,
//! the WAF reference, the diff), then write the requested files.

use std::path::{Path, PathBuf};

use atoll_core::diff::diff;
use atoll_core::rule::RuleError;
pub use atoll_report::model;
pub use atoll_report::{
    DEFAULT_ACCENT, DEFAULT_MIN_QUESTIONS, DEFAULT_THRESHOLD_PCT, ReportError, ReportInput,
    ReportModel, ReportSettings, ScanData,
};
use atoll_store::{Store, StoreError};
use chrono::Utc;

use crate::results::scan_report;
use crate::rules::builtin_rules;

#[derive(Debug, thiserror::Error)]
pub enum ReportUseCaseError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Rules(#[from] RuleError),
    #[error(transparent)]
    Report(#[from] ReportError),
}

/// Everything the report of `scan_id` (against `baseline`, when given) needs.
pub async fn report_input(
    store: &Store,
    scan_id: i64,
    baseline: Option<i64>,
    settings: ReportSettings,
) -> Result<ReportInput, ReportUseCaseError> {
    let now = Utc::now();
    let current = scan_report(store, scan_id, now).await?;
    let (rules, results) = store.results(scan_id).await?;
    let baseline = match baseline {
        Some(id) => Some(scan_report(store, id, now).await?),
        None => None,
    };
    let diff = baseline
        .as_ref()
        .map(|b| diff(&b.findings, &current.findings));
    let framework = builtin_rules().await?.framework;
    let data = |r: crate::ScanReport| ScanData {
        scan: r.scan,
        summary: r.summary,
        findings: r.findings,
    };
    Ok(ReportInput {
        current: data(current),
        rules,
        results,
        baseline: baseline.map(data),
        diff,
        framework,
        settings,
        generated_at: now,
    })
}

/// Which files to write; each is optional.
#[derive(Debug, Clone, Default)]
pub struct ReportFiles {
    pub pdf: Option<PathBuf>,
    pub csv: Option<PathBuf>,
    pub xlsx: Option<PathBuf>,
    pub json: Option<PathBuf>,
}

/// Builds the model and writes the requested files; returns the model (its
/// numbers are what the files show).
pub fn write_report(
    input: &ReportInput,
    files: &ReportFiles,
) -> Result<ReportModel, ReportUseCaseError> {
    let mut input = input.clone();
    if let Some(name) = files.csv.as_ref().and_then(|p| p.file_name()) {
        input.settings.csv_name = name.to_string_lossy().into_owned();
    }
    let model = atoll_report::build_model(&input);
    let write = |path: &Path, bytes: Vec<u8>| {
        std::fs::write(path, bytes).map_err(|source| ReportError::Io {
            path: path.display().to_string(),
            source,
        })
    };
    let findings = &input.current.findings;
    if let Some(path) = &files.pdf {
        write(path, atoll_report::pdf::render(&model, &input.settings)?)?;
    }
    if let Some(path) = &files.csv {
        write(
            path,
            atoll_report::export::csv_bytes(findings, &input.rules)?,
        )?;
    }
    if let Some(path) = &files.xlsx {
        write(
            path,
            atoll_report::export::xlsx_bytes(&model, findings, &input.rules)?,
        )?;
    }
    if let Some(path) = &files.json {
        write(path, atoll_report::export::json_bytes(&input.current)?)?;
    }
    Ok(model)
}

/// The app's "Export report": the PDF (and the CSV its appendix points to)
/// of a scan, against a baseline when given, written into `dir` under a
/// name that says whose report it is. Returns the PDF's path.
pub async fn export_report(
    store: &Store,
    scan_id: i64,
    baseline: Option<i64>,
    settings: ReportSettings,
    dir: &Path,
) -> Result<PathBuf, ReportUseCaseError> {
    let input = report_input(store, scan_id, baseline, settings).await?;
    let customer = input
        .current
        .scan
        .customer
        .clone()
        .unwrap_or_else(|| "account".into());
    let stem: String = format!("Atoll {customer} scan {scan_id}")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || " -_()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    std::fs::create_dir_all(dir).map_err(|source| ReportError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let files = ReportFiles {
        pdf: Some(dir.join(format!("{stem}.pdf"))),
        csv: Some(dir.join(format!("{stem} findings.csv"))),
        ..ReportFiles::default()
    };
    write_report(&input, &files)?;
    Ok(files.pdf.expect("set above"))
}
