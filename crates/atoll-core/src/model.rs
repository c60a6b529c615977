//! The domain vocabulary shared by every crate: pillars, risk levels, inventory
//! records, coverage and rule outcomes.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// Declares a closed vocabulary that is written in kebab-case in rule files,
/// JSON output and the database.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }

            pub fn names() -> String {
                [$($text),+].join(", ")
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary!(
    /// The six pillars of the Well-Architected Framework.
    Pillar {
        OperationalExcellence = "operational-excellence",
        Security = "security",
        Reliability = "reliability",
        PerformanceEfficiency = "performance-efficiency",
        CostOptimization = "cost-optimization",
        Sustainability = "sustainability",
    }
);

vocabulary!(
    /// How urgent a failing rule is. Ordered from most to least urgent.
    Risk { High = "high", Medium = "medium", Low = "low" }
);

vocabulary!(
    /// What goes wrong for the customer when the risk materialises.
    Impact {
        Downtime = "downtime",
        DataLoss = "data-loss",
        Security = "security",
        Cost = "cost",
        Performance = "performance",
        Sustainability = "sustainability",
    }
);

vocabulary!(
    /// The technical area a rule belongs to, for grouping in the UI and reports.
    Domain {
        Compute = "compute",
        Database = "database",
        Storage = "storage",
        Network = "network",
        Identity = "identity",
        Security = "security",
        Monitoring = "monitoring",
        Messaging = "messaging",
        Serverless = "serverless",
        Governance = "governance",
    }
);

vocabulary!(
    /// The outcome of one rule for one resource.
    Outcome { Pass = "pass", Fail = "fail", NotAssessed = "not-assessed" }
);

vocabulary!(
    /// Whether a collector could read what it needed in one region.
    ///
    /// `Partial`: the listing was read, but some items' details were not
    /// (the message counts them). Rules are assessed on the readable items;
    /// the unreadable ones are not assessed (see `engine`). Every other
    /// status but `Ok` makes the rules on that type not assessed there.
    CoverageStatus {
        Ok = "ok",
        Partial = "partial",
        AccessDenied = "access-denied",
        Throttled = "throttled",
        TimedOut = "timed-out",
        Unavailable = "unavailable",
        Error = "error",
    }
);

impl CoverageStatus {
    /// Whether rules can be assessed on what was collected (all of it, or
    /// the readable items of a partial collection).
    pub fn is_assessable(self) -> bool {
        matches!(self, CoverageStatus::Ok | CoverageStatus::Partial)
    }
}

impl Pillar {
    pub fn title(self) -> &'static str {
        match self {
            Pillar::OperationalExcellence => "Operational Excellence",
            Pillar::Security => "Security",
            Pillar::Reliability => "Reliability",
            Pillar::PerformanceEfficiency => "Performance Efficiency",
            Pillar::CostOptimization => "Cost Optimization",
            Pillar::Sustainability => "Sustainability",
        }
    }
}

impl Risk {
    /// Weight of one failing resource in the health score.
    pub fn weight(self) -> u64 {
        match self {
            Risk::High => 10,
            Risk::Medium => 3,
            Risk::Low => 1,
        }
    }
}

/// The region name used for account-wide (global) resources such as IAM users.
pub const GLOBAL_REGION: &str = "global";

/// One resource of one scan, as collected from the AWS APIs.
///
/// `config` is a JSON document in the AWS API's own field names, so that a
/// rule author can read the API reference and write the rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resource {
    #[serde(rename = "type")]
    pub resource_type: String,
    pub region: String,
    pub resource_id: String,
    #[serde(default)]
    pub arn: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    pub config: serde_json::Value,
}

/// What one collector could (or could not) read in one region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Coverage {
    pub service: String,
    pub resource_type: String,
    pub region: String,
    pub status: CoverageStatus,
    #[serde(default)]
    pub message: Option<String>,
}

/// The outcome of one rule for one resource (or for one region, when the
/// rule could not be assessed there).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleResult {
    pub rule_id: String,
    pub resource_type: String,
    pub region: String,
    pub resource_id: String,
    pub arn: Option<String>,
    pub outcome: Outcome,
    pub detail: String,
}

impl RuleResult {
    /// Identifies the same finding across two scans.
    pub fn key(&self) -> (String, String, String, String) {
        (
            self.rule_id.clone(),
            self.resource_type.clone(),
            self.region.clone(),
            self.resource_id.clone(),
        )
    }
}
