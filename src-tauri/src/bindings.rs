//! The TypeScript types of everything that crosses the IPC edge, generated
//! from the Rust types with ts-rs into `ui/src/lib/bindings.ts`.
//!
//! `cargo test` fails when the committed file is stale; regenerate it with
//! `ATOLL_UPDATE_BINDINGS=1 cargo test --workspace --test bindings`.

use ts_rs::TS;

macro_rules! declarations {
    ($($ty:ty),+ $(,)?) => {
        vec![$(format!("export {}", <$ty as TS>::decl())),+]
    };
}

/// The whole bindings file.
pub fn typescript() -> String {
    use atoll_core::diff::{HriProgress, ScanDiff};
    use atoll_core::score::{Finding, NotAssessed, RuleCounts, RuleInfo, Summary};
    use atoll_core::{Coverage, CoverageStatus, Domain, Impact, Outcome, Pillar, Risk};
    let declarations = declarations![
        // Vocabulary
        Pillar,
        Risk,
        Impact,
        Domain,
        Outcome,
        CoverageStatus,
        // Customers and AWS access
        atoll_app::AccessKind,
        atoll_app::CustomerDraft,
        atoll_app::Customer,
        atoll_app::customers::FieldError,
        atoll_app::ProfileKind,
        atoll_app::AwsProfile,
        atoll_app::CallerIdentity,
        atoll_app::OrganizationProfile,
        atoll_app::OrganizationCheck,
        atoll_app::AccountCheck,
        // Scans
        atoll_app::ScanStatus,
        Coverage,
        atoll_app::ScanRecord,
        atoll_app::AccountState,
        atoll_app::ScanEvent,
        atoll_core::organization::AccountSummary,
        atoll_core::scope::ScopeTag,
        atoll_core::scope::WorkloadScope,
        RuleCounts,
        NotAssessed,
        Summary,
        atoll_app::ScanOverview,
        RuleInfo,
        Finding,
        atoll_app::FindingColumns,
        atoll_app::ScanFindings,
        // Compare
        HriProgress,
        ScanDiff,
        atoll_core::organization::AccountChange,
        atoll_app::report::model::RemainingHri,
        atoll_app::report::model::HriSection,
        atoll_app::settings::CreditThreshold,
        atoll_app::settings::ReportBranding,
        atoll_app::Comparison,
        // Suppressions
        atoll_app::Suppression,
        atoll_app::StoredSuppression,
        atoll_app::suppressions::SuppressionRequest,
        // Errors
        crate::error::ErrorCode,
        crate::error::IpcError,
    ];
    let mut out = String::from(
        "// Generated from the Rust types by src-tauri/src/bindings.rs (ts-rs). Do not edit:\n\
         // run `ATOLL_UPDATE_BINDINGS=1 cargo test --workspace --test bindings`.\n\n",
    );
    for declaration in declarations {
        out.push_str(&declaration);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}
