//! The report use case: gather what the PDF and the exports of a stored scan
//! need (the scan and its optional baseline, the rule snapshot and results,
//! the WAF reference of the loaded catalogue, the diff), then write the
//! requested files. The CLI's `report` and the app's "Export client report"
//! both go through [`write_scan_report`]: stored settings, with the CLI's
//! flags overriding them.

use std::path::{Path, PathBuf};

use atoll_core::RuleSet;
use atoll_core::diff::ScanDiff;
use atoll_core::scan::{ScanReport, ScanStatus};
pub use atoll_report::model;
pub use atoll_report::{
    DEFAULT_ACCENT, DEFAULT_MIN_QUESTIONS, DEFAULT_THRESHOLD_PCT, ReportError, ReportInput,
    ReportModel, ReportSettings,
};
use atoll_store::{Store, StoreError};
use chrono::{DateTime, Utc};

use crate::results::{ReadScan, changes, scan_report, scan_report_with_results};
use crate::settings::{ReportOverrides, report_settings_for_scan};

#[derive(Debug, thiserror::Error)]
pub enum ReportUseCaseError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Report(#[from] ReportError),
}

/// Everything the report of `scan_id` (against `baseline`, when given)
/// needs, as of `now`.
pub async fn report_input(
    store: &Store,
    rules: &RuleSet,
    scan_id: i64,
    baseline: Option<i64>,
    settings: ReportSettings,
    now: DateTime<Utc>,
) -> Result<ReportInput, ReportUseCaseError> {
    let current = scan_report_with_results(store, scan_id, now).await?;
    let baseline = match baseline {
        Some(id) => {
            let before = scan_report(store, id, now).await?;
            let changes = changes(&before, &current);
            Some((before, changes))
        }
        None => None,
    };
    Ok(assemble_input(rules, current, baseline, settings, now))
}

/// The report input around an already-read scan (with its rule snapshot
/// and results) and baseline (with the diff from the baseline to it).
pub(crate) fn assemble_input(
    rules: &RuleSet,
    current: ReadScan,
    baseline: Option<(ScanReport, ScanDiff)>,
    settings: ReportSettings,
    now: DateTime<Utc>,
) -> ReportInput {
    let (baseline, diff) = baseline.unzip();
    ReportInput {
        current: current.report,
        rules: current.rules,
        results: current.results,
        baseline,
        diff,
        framework: rules.framework.clone(),
        settings,
        generated_at: now,
    }
}

/// The scan a report or dashboard of `scan_id` is compared against by
/// default: the latest completed scan of the same customer before it.
pub async fn default_baseline(store: &Store, scan_id: i64) -> Result<Option<i64>, StoreError> {
    let scan = store.scan(scan_id).await?;
    Ok(store
        .scans(scan.customer.as_deref())
        .await?
        .into_iter()
        .filter(|s| {
            s.customer == scan.customer && s.status == ScanStatus::Completed && s.id < scan_id
        })
        .map(|s| s.id)
        .max())
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over
/// `path`: a failed or interrupted export never leaves a half-written report
/// where the previous one was (a rename within one directory is atomic).
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut file = tempfile::Builder::new()
        .prefix(".atoll-export-")
        .tempfile_in(dir)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
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
        write_atomically(path, &bytes).map_err(|source| ReportError::Io {
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

/// The report of a stored scan with the partner's stored settings (credit
/// threshold, branding, the customer's SOW reference), `overrides` taking
/// precedence, written to `files`.
#[allow(clippy::too_many_arguments)]
pub async fn write_scan_report(
    store: &Store,
    rules: &RuleSet,
    scan_id: i64,
    baseline: Option<i64>,
    overrides: ReportOverrides,
    files: &ReportFiles,
    now: DateTime<Utc>,
) -> Result<ReportModel, ReportUseCaseError> {
    let mut settings = report_settings_for_scan(store, scan_id).await?;
    overrides.apply(&mut settings);
    let input = report_input(store, rules, scan_id, baseline, settings, now).await?;
    write_report(&input, files)
}

/// The app's "Export report": the PDF (and the CSV its appendix points to)
/// of a scan, against a baseline when given, written into `dir` under a
/// name that says whose report it is. Returns the PDF's path.
pub async fn export_report(
    store: &Store,
    rules: &RuleSet,
    scan_id: i64,
    baseline: Option<i64>,
    dir: &Path,
    now: DateTime<Utc>,
) -> Result<PathBuf, ReportUseCaseError> {
    let customer = store
        .scan(scan_id)
        .await?
        .customer
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
    let pdf = dir.join(format!("{stem}.pdf"));
    let files = ReportFiles {
        pdf: Some(pdf.clone()),
        csv: Some(dir.join(format!("{stem} findings.csv"))),
        ..ReportFiles::default()
    };
    write_scan_report(
        store,
        rules,
        scan_id,
        baseline,
        ReportOverrides::default(),
        &files,
        now,
    )
    .await?;
    Ok(pdf)
}
