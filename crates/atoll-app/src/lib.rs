//! Atoll's use cases: what the CLI and the desktop app both do, in one place.
//! Transport (command line, Tauri IPC) stays in the binaries.

pub mod customers;
pub mod demo;
pub mod report;
pub mod results;
pub mod rules;
pub mod scan;
pub mod settings;
pub mod suppressions;

pub use results::{
    Comparison, FindingColumns, ScanFindings, ScanOverview, ScanReport, compare_scans, diff_scans,
    scan_findings, scan_overview, scan_report,
};
pub use rules::{builtin_rules, catalogue_markdown, load_rules};
pub use scan::{ScanError, ScanEvent, ScanRequest, run_scan};

/// Where the database lives unless `--db` or `ATOLL_DB` says otherwise.
pub fn default_db_path() -> std::path::PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| std::path::PathBuf::from("."))
        .join("atoll")
        .join("atoll.db")
}
