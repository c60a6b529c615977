//! The report model: every number, list and sentence the PDF shows, computed
//! once from a [`ReportInput`]. The PDF and the exports only lay it out.

use std::collections::{BTreeMap, BTreeSet};

use atoll_core::score::{Finding, RuleInfo};
use atoll_core::{CoverageStatus, Impact, Outcome, Pillar, Risk};
use serde::{Deserialize, Serialize};

use crate::ReportInput;

/// Per affected resource, the rule's full effort is counted for the first
/// `EFFORT_FULL_RESOURCES` resources: past that the same fix is scripted and
/// each further resource costs `EFFORT_EXTRA_FACTOR` of it; one line item
/// never exceeds `EFFORT_CAP_HOURS` (a bigger scope becomes its own work
/// package, scoped with the customer).
pub const EFFORT_FULL_RESOURCES: usize = 10;
pub const EFFORT_EXTRA_FACTOR: f64 = 0.25;
pub const EFFORT_CAP_HOURS: f64 = 40.0;

pub const EFFORT_RULE: &str = "Effort per line item = rule hours x affected resources for the first 10 \
resources, + 25 % of the rule hours for each further resource (the fix is scripted by then), capped at \
40 hours per line item; a capped item is scoped as its own work package.";

/// Regions shown one by one in the region chart; the rest are summed.
const MAX_REGION_BARS: usize = 12;

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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct HriSection {
    pub has_baseline: bool,
    #[ts(type = "number | null")]
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
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
    pub region: String,
    pub resource_type: String,
    pub resource_id: String,
    pub detail: String,
    pub suppressed: bool,
}

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

fn impact_phrase(impact: Impact) -> &'static str {
    match impact {
        Impact::Downtime => "an outage of the affected service",
        Impact::DataLoss => "losing data that cannot be recovered",
        Impact::Security => "unauthorised access or a security breach",
        Impact::Cost => "paying for capacity that brings no value",
        Impact::Performance => "slower, less responsive workloads",
        Impact::Sustainability => "a larger carbon footprint than needed",
    }
}

/// Effort of one SOW line item and whether the cap applied.
pub fn line_effort(hours_per_resource: f64, resources: usize) -> (f64, bool) {
    let full = resources.min(EFFORT_FULL_RESOURCES) as f64 * hours_per_resource;
    let extra = resources.saturating_sub(EFFORT_FULL_RESOURCES) as f64
        * hours_per_resource
        * EFFORT_EXTRA_FACTOR;
    let raw = full + extra;
    if raw > EFFORT_CAP_HOURS {
        (EFFORT_CAP_HOURS, true)
    } else {
        ((raw * 100.0).round() / 100.0, false)
    }
}

/// Baseline HRIs to resolve for `threshold_pct` % (integer-safe ceiling).
pub fn hris_required(threshold_pct: f64, baseline: usize) -> usize {
    let exact = threshold_pct * baseline as f64 / 100.0;
    (exact - 1e-9).ceil().max(0.0) as usize
}

fn first_sentence(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.find(". ") {
        Some(end) => flat[..=end].to_string(),
        None => flat,
    }
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// A short, human name for a CloudFormation type (`AWS::RDS::DBInstance` ->
/// `RDS DBInstance`).
pub fn short_type(resource_type: &str) -> String {
    resource_type.trim_start_matches("AWS::").replace("::", " ")
}

pub fn build_model(input: &ReportInput) -> ReportModel {
    let scan = &input.current.scan;
    let summary = &input.current.summary;
    let settings = &input.settings;
    let active: Vec<&Finding> = input
        .current
        .findings
        .iter()
        .filter(|f| !f.suppressed)
        .collect();
    let rules_by_id: BTreeMap<&str, &RuleInfo> =
        input.rules.iter().map(|r| (r.id.as_str(), r)).collect();

    // Active findings per rule, in the catalogue's order.
    let mut by_rule: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in &active {
        by_rule.entry(f.rule_id.as_str()).or_default().push(f);
    }

    let cover = Cover {
        partner: settings.partner_name.clone(),
        customer: scan
            .customer
            .clone()
            .unwrap_or_else(|| "(no customer recorded)".to_string()),
        account_ids: scan.account_id.iter().cloned().collect(),
        regions: scan.regions.clone(),
        date: input.generated_at.format("%Y-%m-%d").to_string(),
        scan_id: scan.id,
        scan_started_at: scan.started_at.clone(),
        scan_finished_at: scan.finished_at.clone(),
        baseline: input.baseline.as_ref().map(|b| BaselineRef {
            scan_id: b.scan.id,
            started_at: b.scan.started_at.clone(),
        }),
        reviewer: settings.reviewer.clone().unwrap_or_else(|| "-".to_string()),
        sow_ref: settings.sow_ref.clone().unwrap_or_else(|| "-".to_string()),
        rules_version: scan.rules_version.clone(),
        rules_total: input.rules.len(),
        services_assessed: scan
            .coverage
            .iter()
            .filter(|c| c.status == CoverageStatus::Ok)
            .map(|c| c.service.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect(),
        coverage_gaps: scan
            .coverage
            .iter()
            .filter(|c| c.status != CoverageStatus::Ok)
            .map(|c| CoverageGap {
                service: c.service.clone(),
                resource_type: c.resource_type.clone(),
                region: c.region.clone(),
                status: c.status.to_string(),
                message: c.message.clone().unwrap_or_default(),
            })
            .collect(),
    };

    // The five most important risks: highest level first, then most resources.
    let mut ranked: Vec<(&str, &Vec<&Finding>)> =
        by_rule.iter().map(|(id, fs)| (*id, fs)).collect();
    ranked.sort_by(|a, b| {
        (a.1[0].risk, std::cmp::Reverse(a.1.len()), a.0).cmp(&(
            b.1[0].risk,
            std::cmp::Reverse(b.1.len()),
            b.0,
        ))
    });
    let top_risks = ranked
        .iter()
        .take(5)
        .map(|(id, fs)| {
            let f = fs[0];
            let regions: Vec<String> = fs
                .iter()
                .map(|f| f.region.clone())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let why = rules_by_id
                .get(id)
                .map(|r| first_sentence(&r.description))
                .unwrap_or_default();
            let types: BTreeSet<String> = fs.iter().map(|f| short_type(&f.resource_type)).collect();
            let plain = format!(
                "{} {} affected ({}) in {}. {} Left as is, this risks {}.",
                fs.len(),
                if fs.len() == 1 {
                    "resource"
                } else {
                    "resources"
                },
                types.into_iter().collect::<Vec<_>>().join(", "),
                regions.join(", "),
                why,
                impact_phrase(f.impact),
            );
            TopRisk {
                rule_id: id.to_string(),
                title: f.title.clone(),
                risk: f.risk,
                pillar: f.pillar,
                question: f.question.clone(),
                resources: fs.len(),
                regions,
                plain,
            }
        })
        .collect();

    let changes = match (&input.baseline, &input.diff) {
        (Some(base), Some(diff)) => Some(Changes {
            baseline_scan_id: base.scan.id,
            score_before: base.summary.score,
            score_after: summary.score,
            findings_before: base.summary.findings,
            findings_after: summary.findings,
            new: diff.new.len(),
            resolved: diff.resolved.len(),
            persisting: diff.persisting.len(),
            hris_before: diff.hri.baseline_hris.len(),
            hris_after: diff.hri.current_hris.len(),
        }),
        _ => None,
    };

    let by_risk: Vec<Count> = Risk::ALL
        .iter()
        .map(|r| Count {
            label: risk_label(*r).to_string(),
            value: summary.by_risk.get(r).copied().unwrap_or(0),
        })
        .collect();

    let executive = Executive {
        score: summary.score,
        score_formula: summary.score_formula.clone(),
        findings: summary.findings,
        suppressed: summary.suppressed,
        by_risk: by_risk.clone(),
        high_risk_questions: summary.high_risk_questions.len(),
        medium_risk_questions: summary.medium_risk_questions.len(),
        top_risks,
        changes,
    };

    let charts = charts(input, &active, by_risk);
    let well_architected = well_architected(input, &active);
    let hri = hri_section(input, &active, &well_architected);
    let sow = sow(&by_rule, &rules_by_id);
    let appendix = appendix(input);

    ReportModel {
        title: "AWS Well-Architected Review".to_string(),
        cover,
        executive,
        charts,
        well_architected,
        hri,
        sow,
        appendix,
    }
}

fn per_pillar(findings: &[&Finding]) -> BTreeMap<Pillar, [usize; 3]> {
    let mut map: BTreeMap<Pillar, [usize; 3]> = Pillar::ALL.iter().map(|p| (*p, [0; 3])).collect();
    for f in findings {
        let slot = match f.risk {
            Risk::High => 0,
            Risk::Medium => 1,
            Risk::Low => 2,
        };
        map.entry(f.pillar).or_default()[slot] += 1;
    }
    map
}

fn charts(input: &ReportInput, active: &[&Finding], by_risk: Vec<Count>) -> Charts {
    let by_pillar = per_pillar(active)
        .into_iter()
        .map(|(p, [high, medium, low])| StackedBar {
            label: p.title().to_string(),
            high,
            medium,
            low,
        })
        .collect();
    let mut regions: Vec<(String, usize)> = input
        .current
        .summary
        .by_region
        .iter()
        .map(|(r, n)| (r.clone(), *n))
        .collect();
    regions.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut by_region: Vec<Count> = regions
        .iter()
        .take(MAX_REGION_BARS)
        .map(|(label, value)| Count {
            label: label.clone(),
            value: *value,
        })
        .collect();
    let rest: usize = regions.iter().skip(MAX_REGION_BARS).map(|(_, n)| n).sum();
    if rest > 0 {
        by_region.push(Count {
            label: "other regions".to_string(),
            value: rest,
        });
    }
    let before_after = input.baseline.as_ref().map(|base| {
        let before: Vec<&Finding> = base.findings.iter().filter(|f| !f.suppressed).collect();
        let before = per_pillar(&before);
        let after = per_pillar(active);
        Pillar::ALL
            .iter()
            .map(|p| PairBar {
                label: p.title().to_string(),
                before: before[p].iter().sum(),
                after: after[p].iter().sum(),
            })
            .collect()
    });
    Charts {
        by_pillar,
        by_region,
        by_risk,
        before_after,
    }
}

fn well_architected(input: &ReportInput, active: &[&Finding]) -> WellArchitected {
    let not_assessed_rules: BTreeSet<&str> = input
        .results
        .iter()
        .filter(|r| r.outcome == Outcome::NotAssessed)
        .map(|r| r.rule_id.as_str())
        .collect();
    let mut failing: BTreeMap<&str, Risk> = BTreeMap::new();
    for f in active {
        failing.insert(f.rule_id.as_str(), f.risk);
    }
    let questions: Vec<QuestionView> = input
        .framework
        .questions
        .iter()
        .map(|q| {
            // Manual rules are checklist items without a query: they do not
            // make a question assessed.
            let rules: Vec<&RuleInfo> = input
                .rules
                .iter()
                .filter(|r| r.question == q.id && !r.manual)
                .collect();
            let failed: Vec<&RuleInfo> = rules
                .iter()
                .filter(|r| failing.contains_key(r.id.as_str()))
                .copied()
                .collect();
            let state = if rules.is_empty() {
                QuestionState::ManualReviewNeeded
            } else if failed.iter().any(|r| r.risk == Risk::High) {
                QuestionState::HighRisk
            } else if failed.iter().any(|r| r.risk == Risk::Medium) {
                QuestionState::MediumRisk
            } else if rules
                .iter()
                .any(|r| not_assessed_rules.contains(r.id.as_str()))
            {
                QuestionState::NotAssessed
            } else {
                QuestionState::NoRiskFound
            };
            let bp_source: Vec<&RuleInfo> = if failed.is_empty() {
                rules.clone()
            } else {
                failed.clone()
            };
            let mut best_practices: Vec<String> = if rules.is_empty() {
                q.best_practices.iter().map(|bp| bp.id.clone()).collect()
            } else {
                bp_source
                    .iter()
                    .flat_map(|r| r.best_practices.iter().cloned())
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect()
            };
            best_practices.dedup();
            QuestionView {
                id: q.id.clone(),
                pillar: q.pillar,
                title: q.title.clone(),
                state,
                rules: rules.len(),
                best_practices,
                failed_rules: failed
                    .iter()
                    .filter(|r| r.risk != Risk::Low)
                    .map(|r| r.id.clone())
                    .collect(),
                low_risk_rules: failed
                    .iter()
                    .filter(|r| r.risk == Risk::Low)
                    .map(|r| r.id.clone())
                    .collect(),
            }
        })
        .collect();
    let counts = QuestionState::ALL
        .iter()
        .map(|s| Count {
            label: s.label().to_string(),
            value: questions.iter().filter(|q| q.state == *s).count(),
        })
        .collect();
    WellArchitected { counts, questions }
}

fn hri_section(input: &ReportInput, active: &[&Finding], wa: &WellArchitected) -> HriSection {
    let settings = &input.settings;
    let current_hris = input.current.summary.high_risk_questions.clone();
    let (has_baseline, baseline_scan_id, baseline_hris, resolved_hris) =
        match (&input.baseline, &input.diff) {
            (Some(base), Some(diff)) => (
                true,
                Some(base.scan.id),
                diff.hri.baseline_hris.clone(),
                diff.hri.resolved_hris.clone(),
            ),
            _ => (false, None, current_hris.clone(), Vec::new()),
        };
    let remaining: Vec<String> = baseline_hris
        .iter()
        .filter(|q| !resolved_hris.contains(q))
        .cloned()
        .collect();
    let new_hris: Vec<String> = current_hris
        .iter()
        .filter(|q| !baseline_hris.contains(q))
        .cloned()
        .collect();
    let remaining_hris: Vec<RemainingHri> = remaining
        .iter()
        .map(|q| {
            let failing: Vec<&&Finding> = active
                .iter()
                .filter(|f| &f.question == q && f.risk == Risk::High)
                .collect();
            RemainingHri {
                question: q.clone(),
                title: input
                    .framework
                    .question(q)
                    .map(|x| x.title.clone())
                    .unwrap_or_default(),
                failing_rules: failing
                    .iter()
                    .map(|f| f.rule_id.clone())
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect(),
                resources: failing.len(),
            }
        })
        .collect();
    let baseline_count = baseline_hris.len();
    let resolved_count = resolved_hris.len();
    let pct_resolved = (has_baseline && baseline_count > 0)
        .then(|| round1(100.0 * resolved_count as f64 / baseline_count as f64));
    let questions_answered = wa.questions.iter().filter(|q| q.state.answered()).count();
    let required = hris_required(settings.threshold_pct, baseline_count);
    let hris_needed = required.saturating_sub(resolved_count);
    // Compared on counts, not on the rounded percentage.
    let pct_ok = pct_resolved.is_some() && resolved_count >= required;
    let questions_ok = questions_answered >= settings.min_questions;
    let eligible = has_baseline && pct_ok && questions_ok;

    let mut what_is_left = Vec::new();
    if !has_baseline {
        what_is_left.push(format!(
            "This scan is the baseline: {baseline_count} high-risk issues (HRIs). Resolving {required} of them \
             ({} % threshold) and scanning again with this scan as the baseline qualifies the review.",
            fmt_num(settings.threshold_pct)
        ));
    } else if baseline_count == 0 {
        what_is_left.push(
            "The baseline had no high-risk issue: there is no HRI improvement to measure."
                .to_string(),
        );
    } else if hris_needed == 0 {
        what_is_left.push(format!(
            "HRI threshold reached: {resolved_count} of {baseline_count} baseline HRIs resolved, {required} required ({} %).",
            fmt_num(settings.threshold_pct)
        ));
    } else {
        what_is_left.push(format!(
            "Resolve {hris_needed} more of the {} remaining baseline HRIs to reach {} % ({required} of {baseline_count}).",
            remaining.len(),
            fmt_num(settings.threshold_pct)
        ));
    }
    if has_baseline && hris_needed > 0 {
        let mut cheapest: Vec<&RemainingHri> = remaining_hris.iter().collect();
        cheapest.sort_by_key(|r| (r.resources, r.question.clone()));
        let picks: Vec<String> = cheapest
            .iter()
            .take(hris_needed)
            .map(|r| format!("{} ({} resources)", r.question, r.resources))
            .collect();
        what_is_left.push(format!(
            "Quickest path (fewest affected resources): {}.",
            picks.join(", ")
        ));
    }
    if questions_ok {
        what_is_left.push(format!(
            "Questions answered by the scan: {questions_answered} of {}, minimum {} met.",
            wa.questions.len(),
            settings.min_questions
        ));
    } else {
        what_is_left.push(format!(
            "Answer {} more questions (minimum {}): the scan answered {questions_answered} of {}; \
             the questions marked manual review needed are answered with the customer in the WA Tool.",
            settings.min_questions - questions_answered,
            settings.min_questions,
            wa.questions.len()
        ));
    }

    HriSection {
        has_baseline,
        baseline_scan_id,
        baseline_hris,
        current_hris,
        resolved_hris,
        remaining_count: remaining.len(),
        remaining_hris,
        new_hris,
        baseline_count,
        resolved_count,
        pct_resolved,
        threshold_pct: settings.threshold_pct,
        min_questions: settings.min_questions,
        questions_answered,
        questions_total: wa.questions.len(),
        hris_needed,
        eligible,
        what_is_left,
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

fn sow(by_rule: &BTreeMap<&str, Vec<&Finding>>, rules: &BTreeMap<&str, &RuleInfo>) -> Sow {
    let mut items: Vec<SowItem> = by_rule
        .iter()
        .filter_map(|(id, fs)| {
            let rule = rules.get(id)?;
            let (effort_hours, capped) = line_effort(rule.effort_hours, fs.len());
            Some(SowItem {
                line: 0,
                priority: priority(rule.risk).to_string(),
                rule_id: rule.id.clone(),
                title: rule.title.clone(),
                pillar: rule.pillar,
                question: rule.question.clone(),
                best_practices: rule.best_practices.clone(),
                risk: rule.risk,
                resources: fs.len(),
                hours_per_resource: rule.effort_hours,
                effort_hours,
                capped,
                scope: rule.remediation.first().cloned().unwrap_or_default(),
            })
        })
        .collect();
    items.sort_by(|a, b| {
        (a.pillar, a.risk, std::cmp::Reverse(a.resources), &a.rule_id).cmp(&(
            b.pillar,
            b.risk,
            std::cmp::Reverse(b.resources),
            &b.rule_id,
        ))
    });
    for (i, item) in items.iter_mut().enumerate() {
        item.line = i + 1;
    }
    let subtotals: Vec<SowSubtotal> = Pillar::ALL
        .iter()
        .filter_map(|p| {
            let of: Vec<&SowItem> = items.iter().filter(|i| i.pillar == *p).collect();
            (!of.is_empty()).then(|| SowSubtotal {
                pillar: *p,
                label: p.title().to_string(),
                items: of.len(),
                resources: of.iter().map(|i| i.resources).sum(),
                hours: round2(of.iter().map(|i| i.effort_hours).sum()),
            })
        })
        .collect();
    let total_hours = round2(subtotals.iter().map(|s| s.hours).sum());
    Sow {
        effort_rule: EFFORT_RULE.to_string(),
        items,
        subtotals,
        total_hours,
    }
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

fn appendix(input: &ReportInput) -> Appendix {
    let cap = input.settings.appendix_rows_per_rule;
    // pillar -> question -> rule -> findings (suppressed ones too, flagged).
    let mut tree: BTreeMap<Pillar, BTreeMap<&str, BTreeMap<&str, Vec<&Finding>>>> = BTreeMap::new();
    for f in &input.current.findings {
        tree.entry(f.pillar)
            .or_default()
            .entry(f.question.as_str())
            .or_default()
            .entry(f.rule_id.as_str())
            .or_default()
            .push(f);
    }
    let mut shown = 0;
    let mut omitted_total = 0;
    let pillars = tree
        .into_iter()
        .map(|(pillar, questions)| AppendixPillar {
            pillar,
            label: pillar.title().to_string(),
            questions: questions
                .into_iter()
                .map(|(qid, rules)| AppendixQuestion {
                    id: qid.to_string(),
                    title: input
                        .framework
                        .question(qid)
                        .map(|q| q.title.clone())
                        .unwrap_or_default(),
                    rules: rules
                        .into_iter()
                        .map(|(rid, fs)| {
                            let rows: Vec<AppendixRow> = fs
                                .iter()
                                .take(cap)
                                .map(|f| AppendixRow {
                                    region: f.region.clone(),
                                    resource_type: f.resource_type.clone(),
                                    resource_id: f.resource_id.clone(),
                                    detail: f.detail.clone(),
                                    suppressed: f.suppressed,
                                })
                                .collect();
                            let omitted = fs.len() - rows.len();
                            shown += rows.len();
                            omitted_total += omitted;
                            AppendixRule {
                                rule_id: rid.to_string(),
                                title: fs[0].title.clone(),
                                risk: fs[0].risk,
                                total: fs.len(),
                                rows,
                                omitted,
                            }
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    Appendix {
        rows_per_rule: cap,
        csv_name: input.settings.csv_name.clone(),
        rows_shown: shown,
        rows_omitted: omitted_total,
        pillars,
    }
}
