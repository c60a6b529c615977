//! The report model's types: one struct per section of the report, and
//! what they hold.

use atoll_core::{Pillar, Risk};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportModel {
    pub title: String,
    pub cover: Cover,
    pub executive: Executive,
    pub charts: Charts,
    pub well_architected: WellArchitected,
    pub hri: HriSection,
    pub sow: Sow,
    pub appendix: Appendix,
    /// The organization overview; present for a review across an AWS
    /// Organization only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<OrganizationOverview>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganizationOverview {
    pub accounts_total: usize,
    pub accounts_assessed: usize,
    pub accounts_not_assessed: usize,
    /// The pillar titles, the order of every `by_pillar` list.
    pub pillars: Vec<String>,
    /// The organization's score, HRIs and findings: all accounts together.
    pub score: u32,
    pub high_risk_questions: usize,
    pub high: usize,
    pub findings: usize,
    pub by_pillar: Vec<usize>,
    /// Riskiest first: not-assessed accounts lead.
    pub accounts: Vec<OrganizationAccount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganizationAccount {
    pub account_id: String,
    pub name: String,
    pub ou_path: String,
    /// None when the account was not assessed.
    pub score: Option<u32>,
    pub high_risk_questions: usize,
    pub high: usize,
    pub findings: usize,
    /// Unsuppressed findings per pillar, in `pillars` order.
    pub by_pillar: Vec<usize>,
    /// Why the account was not assessed.
    pub not_assessed: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cover {
    pub partner: String,
    pub customer: String,
    pub account_ids: Vec<String>,
    pub regions: Vec<String>,
    /// The report's date, `YYYY-MM-DD`.
    pub date: String,
    pub scan_id: i64,
    pub scan_started_at: String,
    pub scan_finished_at: Option<String>,
    pub baseline: Option<BaselineRef>,
    pub reviewer: String,
    pub sow_ref: String,
    pub rules_version: String,
    pub rules_total: usize,
    pub services_assessed: Vec<String>,
    pub coverage_gaps: Vec<CoverageGap>,
    /// What the review covers when it is scoped to a workload's tags
    /// ("resources tagged Application=payments (and the account-level
    /// settings)"); None for the whole account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workload_scope: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BaselineRef {
    pub scan_id: i64,
    pub started_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoverageGap {
    pub service: String,
    pub resource_type: String,
    pub region: String,
    pub status: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Executive {
    pub score: u32,
    pub score_formula: String,
    pub findings: usize,
    pub suppressed: usize,
    pub by_risk: Vec<Count>,
    pub high_risk_questions: usize,
    pub medium_risk_questions: usize,
    pub top_risks: Vec<TopRisk>,
    pub changes: Option<Changes>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Count {
    pub label: String,
    pub value: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopRisk {
    pub rule_id: String,
    pub title: String,
    pub risk: Risk,
    pub pillar: Pillar,
    pub question: String,
    pub resources: usize,
    pub regions: Vec<String>,
    /// The risk in plain language, for an executive reader.
    pub plain: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Changes {
    pub baseline_scan_id: i64,
    pub score_before: u32,
    pub score_after: u32,
    pub findings_before: usize,
    pub findings_after: usize,
    pub new: usize,
    pub resolved: usize,
    pub persisting: usize,
    /// Baseline findings the later scan could not judge again.
    #[serde(default)]
    pub not_reassessed: usize,
    pub hris_before: usize,
    pub hris_after: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Charts {
    /// Unsuppressed findings per pillar, split by risk level.
    pub by_pillar: Vec<StackedBar>,
    pub by_region: Vec<Count>,
    pub by_risk: Vec<Count>,
    /// Unsuppressed findings per pillar, baseline vs this scan.
    pub before_after: Option<Vec<PairBar>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StackedBar {
    pub label: String,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairBar {
    pub label: String,
    pub before: usize,
    pub after: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionState {
    HighRisk,
    MediumRisk,
    NoRiskFound,
    NotAssessed,
    ManualReviewNeeded,
}

impl QuestionState {
    pub const ALL: [QuestionState; 5] = [
        QuestionState::HighRisk,
        QuestionState::MediumRisk,
        QuestionState::NoRiskFound,
        QuestionState::NotAssessed,
        QuestionState::ManualReviewNeeded,
    ];

    pub fn label(self) -> &'static str {
        match self {
            QuestionState::HighRisk => "High risk",
            QuestionState::MediumRisk => "Medium risk",
            QuestionState::NoRiskFound => "No risk found",
            QuestionState::NotAssessed => "Not assessed",
            QuestionState::ManualReviewNeeded => "Manual review needed",
        }
    }

    /// Whether the scan answered the question (for the programme's minimum).
    pub fn answered(self) -> bool {
        matches!(
            self,
            QuestionState::HighRisk | QuestionState::MediumRisk | QuestionState::NoRiskFound
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WellArchitected {
    pub counts: Vec<Count>,
    pub questions: Vec<QuestionView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionView {
    pub id: String,
    pub pillar: Pillar,
    pub title: String,
    pub state: QuestionState,
    /// Automated (not manual) rules mapped to the question.
    pub rules: usize,
    /// Best practices the failing rules bear on; when none fail, those the
    /// question's rules check; for manual questions, all of the question's.
    pub best_practices: Vec<String>,
    pub failed_rules: Vec<String>,
    /// Low-risk rules failing (they make no HRI/MRI, but are listed).
    pub low_risk_rules: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HriSection {
    pub has_baseline: bool,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub baseline_scan_id: Option<i64>,
    /// The baseline's HRIs; without a baseline, this scan's (the starting point).
    pub baseline_hris: Vec<String>,
    pub current_hris: Vec<String>,
    pub resolved_hris: Vec<String>,
    pub remaining_hris: Vec<RemainingHri>,
    /// HRIs of this scan that the baseline did not have.
    pub new_hris: Vec<String>,
    pub baseline_count: usize,
    pub resolved_count: usize,
    pub remaining_count: usize,
    /// resolved / baseline x 100, one decimal; None without a baseline or
    /// when the baseline had no HRI.
    pub pct_resolved: Option<f64>,
    pub threshold_pct: f64,
    pub min_questions: usize,
    pub questions_answered: usize,
    pub questions_total: usize,
    /// HRIs to resolve to reach the threshold (0 when reached).
    pub hris_needed: usize,
    pub eligible: bool,
    pub what_is_left: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RemainingHri {
    pub question: String,
    pub title: String,
    pub failing_rules: Vec<String>,
    pub resources: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sow {
    pub effort_rule: String,
    pub items: Vec<SowItem>,
    pub subtotals: Vec<SowSubtotal>,
    pub total_hours: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SowItem {
    /// 1-based line number.
    pub line: usize,
    pub priority: String,
    pub rule_id: String,
    pub title: String,
    pub pillar: Pillar,
    pub question: String,
    pub best_practices: Vec<String>,
    pub risk: Risk,
    pub resources: usize,
    pub hours_per_resource: f64,
    pub effort_hours: f64,
    pub capped: bool,
    /// The first remediation step, as the line item's scope.
    pub scope: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SowSubtotal {
    pub pillar: Pillar,
    pub label: String,
    pub items: usize,
    pub resources: usize,
    pub hours: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Appendix {
    pub rows_per_rule: usize,
    pub csv_name: String,
    pub rows_shown: usize,
    pub rows_omitted: usize,
    pub pillars: Vec<AppendixPillar>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppendixPillar {
    pub pillar: Pillar,
    pub label: String,
    pub questions: Vec<AppendixQuestion>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppendixQuestion {
    pub id: String,
    pub title: String,
    pub rules: Vec<AppendixRule>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppendixRule {
    pub rule_id: String,
    pub title: String,
    pub risk: Risk,
    pub total: usize,
    pub rows: Vec<AppendixRow>,
    pub omitted: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppendixRow {
    /// The finding's account, in a review across an organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    pub region: String,
    pub resource_type: String,
    pub resource_id: String,
    pub detail: String,
    pub suppressed: bool,
}
