//! Atoll's use cases: what the CLI and the desktop app both do, in one place.
//! Transport (command line, Tauri IPC) stays in the binaries.

// A panic in the app is a lost review: errors are returned, and the few
// real invariants allow `expect` by name.
#![warn(clippy::unwrap_used, clippy::expect_used)]

pub mod compare;
pub mod customers;
pub mod demo;
pub mod findings;
pub mod organization;
pub mod report;
pub mod results;
pub mod rules;
pub mod scan;
pub mod settings;
pub mod suppressions;

pub use compare::{Comparison, compare_scans};
pub use findings::{FindingColumns, ScanFindings, scan_findings};
pub use organization::{AccountCheck, OrganizationCheck, OrganizationScope};
pub use results::{ScanOverview, diff_scans, list_scans, scan_overview, scan_report};
pub use rules::{builtin_rules, catalogue_markdown, check_catalogue, load_rules};
pub use scan::{AccountState, ScanError, ScanEvent, ScanRequest, run_scan};

// The data the use cases take and return, so that a front end depends on
// this crate alone: the store handle it opens once and passes back, the
// customer and scan records, the AWS profile and identity types. Front ends
// never call the store or the collectors themselves (ARCHITECTURE.md).
pub use atoll_aws::{AwsError, AwsProfile, CallerIdentity, ProfileKind, ScanTarget, Timeouts};
pub use atoll_core::scan::{ScanRecord, ScanReport, ScanStatus};
pub use atoll_store::{
    AccessKind, Customer, CustomerDraft, OrganizationProfile, Store, StoreError, StoredSuppression,
    Suppression,
};

/// Opens (creating and migrating if needed) the database at `path`.
pub async fn open_store(path: &std::path::Path) -> Result<Store, StoreError> {
    Store::open(path).await
}

/// Where the database lives unless `--db` or `ATOLL_DB` says otherwise.
pub fn default_db_path() -> std::path::PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| std::path::PathBuf::from("."))
        .join("atoll")
        .join("atoll.db")
}
