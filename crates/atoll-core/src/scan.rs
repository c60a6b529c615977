//! A scan as every front end and report shows it: its record (status,
//! regions, coverage...) and, once completed, its summary and findings.

use serde::{Deserialize, Serialize};

use crate::model::Coverage;
use crate::organization::AccountSummary;
use crate::scope::WorkloadScope;
use crate::score::{Finding, Summary};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum ScanStatus {
    Running,
    Completed,
    Failed,
    Cancelled,
    Interrupted,
}

impl ScanStatus {
    pub const ALL: [ScanStatus; 5] = [
        ScanStatus::Running,
        ScanStatus::Completed,
        ScanStatus::Failed,
        ScanStatus::Cancelled,
        ScanStatus::Interrupted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ScanStatus::Running => "running",
            ScanStatus::Completed => "completed",
            ScanStatus::Failed => "failed",
            ScanStatus::Cancelled => "cancelled",
            ScanStatus::Interrupted => "interrupted",
        }
    }

    pub fn parse(text: &str) -> Option<ScanStatus> {
        ScanStatus::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

impl std::fmt::Display for ScanStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A scan as the CLI's JSON (`scan`) and the app show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScanRecord {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub customer: Option<String>,
    pub account_id: Option<String>,
    pub regions: Vec<String>,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub status: ScanStatus,
    pub error: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub api_calls: u64,
    pub rules_version: String,
    pub coverage: Vec<Coverage>,
    /// The organization review this is one account's scan of; None for a
    /// scan of one account on its own, and for the review itself.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub parent_id: Option<i64>,
    /// The account's name in the organization (an account scan of a review).
    #[serde(default)]
    pub account_name: Option<String>,
    /// The organizational units the account sits in, e.g. `Workloads/Prod`.
    #[serde(default)]
    pub ou_path: Option<String>,
    /// True for an organization review: its numbers roll up its accounts'.
    #[serde(default)]
    pub organization: bool,
    /// The workload the scan reviews (resource tags); empty: the whole account.
    #[serde(default)]
    pub scope: WorkloadScope,
}

/// A completed scan with its numbers and findings: the `--json` document of
/// `atoll scan` (see design.md's CLI contract), the JSON export, and what a
/// report is built from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScanReport {
    pub scan: ScanRecord,
    pub summary: Summary,
    /// Failing results, suppressed ones included and flagged.
    pub findings: Vec<Finding>,
    /// An organization review's accounts, riskiest first (absent for a
    /// scan of one account).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<AccountSummary>,
}

/// The fields of `scan` in the CLI's JSON contract (README, design.md):
/// automation reads them, so tests check every one is written.
pub const SCAN_CONTRACT_FIELDS: [&str; 9] = [
    "id",
    "account_id",
    "regions",
    "started_at",
    "finished_at",
    "status",
    "api_calls",
    "rules_version",
    "coverage",
];

/// The fields of each of `findings` in the CLI's JSON contract.
pub const FINDING_CONTRACT_FIELDS: [&str; 14] = [
    "rule_id",
    "title",
    "pillar",
    "question",
    "best_practices",
    "risk",
    "impact",
    "region",
    "resource_type",
    "resource_id",
    "arn",
    "detail",
    "suppressed",
    "account_id",
];
