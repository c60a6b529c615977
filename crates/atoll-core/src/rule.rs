//! Rule files: parsing and metadata validation.
//!
//! A rule is one TOML file (`rules/<pillar>/<id>.toml`): metadata mapping it to
//! the Well-Architected Framework, remediation guidance, the resource types it
//! reads, a read-only SQL query over the scan's inventory, and test cases.
//! Every problem is reported with the file and the field it concerns; the SQL
//! itself is checked by the engine when the catalogue is loaded (`catalogue.rs`).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::framework::Framework;
use crate::model::{Domain, Impact, Outcome, Pillar, Resource, Risk};
use crate::resource_types;

/// One problem in one rule file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{file}: {field}: {message}")]
pub struct RuleProblem {
    pub file: String,
    pub field: String,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("{} invalid rule file problem(s):\n{}", .0.len(), list(.0))]
    Invalid(Vec<RuleProblem>),
    #[error("cannot read rules from {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Framework(#[from] crate::framework::FrameworkError),
    #[error("rule engine database error: {0}")]
    Sqlite(#[from] sqlx::Error),
}

fn list(problems: &[RuleProblem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A validated rule: its metadata, and what evaluating it needs.
#[derive(Debug, Clone, Serialize)]
pub struct Rule {
    /// What findings, reports and the scan's rule snapshot show.
    #[serde(flatten)]
    pub info: RuleInfo,
    pub resource_types: Vec<String>,
    pub query: String,
    #[serde(skip)]
    pub cases: Vec<RuleCase>,
    /// Where the rule came from, for error messages.
    pub file: String,
}

/// The rule metadata that findings and reports need; stored with each scan so
/// an old scan reads the same after the catalogue changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RuleInfo {
    pub id: String,
    pub title: String,
    pub pillar: Pillar,
    pub question: String,
    pub best_practices: Vec<String>,
    pub risk: Risk,
    pub impact: Impact,
    pub domain: Domain,
    pub effort_hours: f64,
    pub description: String,
    pub remediation: Vec<String>,
    pub remediation_cli: Option<String>,
    pub references: Vec<String>,
    /// Guidance for the review conversation, not an automated check.
    #[serde(default)]
    pub manual: bool,
}

impl From<&Rule> for RuleInfo {
    fn from(rule: &Rule) -> Self {
        rule.info.clone()
    }
}

/// A test case: an inventory and the outcome expected for each resource.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleCase {
    #[serde(default)]
    pub name: String,
    /// The scan's collection time; age-based rules measure from it.
    #[serde(default)]
    pub collected_at: Option<String>,
    /// Scanned regions; by default the regions of the case's resources.
    #[serde(default)]
    pub regions: Option<Vec<String>>,
    /// Resource types whose collection was denied in this case.
    #[serde(default)]
    pub denied: Vec<String>,
    pub expect: BTreeMap<String, Outcome>,
    #[serde(default)]
    pub resources: Vec<CaseResource>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseResource {
    #[serde(rename = "type")]
    pub resource_type: String,
    #[serde(default = "default_case_region")]
    pub region: String,
    pub id: String,
    #[serde(default)]
    pub arn: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// The config document: a TOML table, or a JSON string for deep documents.
    #[serde(default)]
    pub config: Option<serde_json::Value>,
}

fn default_case_region() -> String {
    "us-east-1".to_string()
}

impl CaseResource {
    pub fn to_resource(&self) -> Result<Resource, String> {
        let config = match &self.config {
            None => serde_json::json!({}),
            Some(serde_json::Value::String(json)) => serde_json::from_str(json)
                .map_err(|e| format!("config of {} is not valid JSON: {e}", self.id))?,
            Some(value) => value.clone(),
        };
        Ok(Resource {
            resource_type: self.resource_type.clone(),
            region: self.region.clone(),
            resource_id: self.id.clone(),
            arn: self.arn.clone(),
            name: self.name.clone(),
            tags: self.tags.clone(),
            config,
        })
    }
}

/// The rule file as written, before validation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    id: String,
    title: String,
    pillar: String,
    question: String,
    best_practices: Vec<String>,
    risk: String,
    impact: String,
    domain: String,
    effort_hours: f64,
    description: String,
    remediation: Vec<String>,
    #[serde(default)]
    remediation_cli: Option<String>,
    references: Vec<String>,
    /// A question no API can answer: the rule is guidance for the review
    /// conversation (evidence to ask for), with no query.
    #[serde(default)]
    manual: bool,
    #[serde(default)]
    resource_types: Vec<String>,
    #[serde(default)]
    query: String,
    #[serde(default)]
    cases: Vec<RuleCase>,
}

/// Longest title accepted: titles appear in table rows and PDF headings.
const MAX_TITLE: usize = 100;

/// Parses and validates one rule file's metadata. `file` names it in errors.
pub fn parse_rule(file: &str, text: &str, framework: &Framework) -> Result<Rule, Vec<RuleProblem>> {
    let problem = |field: &str, message: String| RuleProblem {
        file: file.to_string(),
        field: field.to_string(),
        message,
    };
    let raw: RuleFile = toml::from_str(text).map_err(|e| {
        let message = e.message().to_string();
        let field = toml_error_field(&message, text, e.span());
        vec![problem(&field, message)]
    })?;

    let mut problems = Vec::new();
    let stem = Path::new(file)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    if raw.id != stem {
        problems.push(problem(
            "id",
            format!("`{}` must equal the file name `{stem}`", raw.id),
        ));
    }
    if raw.id.is_empty()
        || !raw
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        problems.push(problem(
            "id",
            format!("`{}` must be lower-case kebab-case", raw.id),
        ));
    }
    if raw.title.trim().is_empty() || raw.title.chars().count() > MAX_TITLE {
        problems.push(problem(
            "title",
            format!("must be 1..={MAX_TITLE} characters"),
        ));
    }
    let pillar = Pillar::parse(&raw.pillar);
    if pillar.is_none() {
        problems.push(problem(
            "pillar",
            format!(
                "unknown pillar `{}` (one of {})",
                raw.pillar,
                Pillar::names()
            ),
        ));
    }
    match framework.question(&raw.question) {
        None => problems.push(problem(
            "question",
            format!("unknown Well-Architected question `{}`", raw.question),
        )),
        Some(question) => {
            if pillar.is_some_and(|p| p != question.pillar) {
                problems.push(problem(
                    "question",
                    format!(
                        "{} belongs to pillar {}, not {}",
                        question.id, question.pillar, raw.pillar
                    ),
                ));
            }
        }
    }
    if raw.best_practices.is_empty() {
        problems.push(problem(
            "best_practices",
            "list at least one best practice".into(),
        ));
    }
    for bp in &raw.best_practices {
        if framework.best_practice(bp).is_none() {
            problems.push(problem(
                "best_practices",
                format!("unknown best practice `{bp}`"),
            ));
        }
    }
    if let Some(first) = raw.best_practices.first()
        && !first.starts_with(&format!("{}-", raw.question))
    {
        problems.push(problem(
            "best_practices",
            format!(
                "the first best practice `{first}` must belong to question {}",
                raw.question
            ),
        ));
    }
    let risk = Risk::parse(&raw.risk);
    if risk.is_none() {
        problems.push(problem(
            "risk",
            format!("unknown risk `{}` (one of {})", raw.risk, Risk::names()),
        ));
    }
    let impact = Impact::parse(&raw.impact);
    if impact.is_none() {
        problems.push(problem(
            "impact",
            format!(
                "unknown impact `{}` (one of {})",
                raw.impact,
                Impact::names()
            ),
        ));
    }
    let domain = Domain::parse(&raw.domain);
    if domain.is_none() {
        problems.push(problem(
            "domain",
            format!(
                "unknown domain `{}` (one of {})",
                raw.domain,
                Domain::names()
            ),
        ));
    }
    if !(raw.effort_hours > 0.0 && raw.effort_hours <= 80.0) {
        problems.push(problem(
            "effort_hours",
            "must be more than 0 and at most 80".into(),
        ));
    }
    if raw.description.trim().len() < 40 {
        problems.push(problem(
            "description",
            "say what is wrong and why it matters (40+ characters)".into(),
        ));
    }
    if raw.remediation.is_empty() || raw.remediation.iter().any(|s| s.trim().is_empty()) {
        problems.push(problem(
            "remediation",
            "list the remediation steps (none may be empty)".into(),
        ));
    }
    if raw.references.is_empty() || raw.references.iter().any(|r| !r.starts_with("https://")) {
        problems.push(problem(
            "references",
            "list at least one https:// reference".into(),
        ));
    }
    if raw.manual {
        for (field, present) in [
            ("resource_types", !raw.resource_types.is_empty()),
            ("query", !raw.query.trim().is_empty()),
            ("cases", !raw.cases.is_empty()),
        ] {
            if present {
                problems.push(problem(
                    field,
                    "a manual rule has no query, resource types or cases".into(),
                ));
            }
        }
    } else {
        if raw.resource_types.is_empty() {
            problems.push(problem(
                "resource_types",
                "list the resource types the query reads".into(),
            ));
        }
        for t in &raw.resource_types {
            if resource_types::find(t).is_none() {
                problems.push(problem(
                    "resource_types",
                    format!("unknown resource type `{t}`"),
                ));
            }
        }
        if raw.query.trim().is_empty() {
            problems.push(problem("query", "is empty".into()));
        }
        check_cases(&raw.cases, &mut problems, &problem);
    }

    let (Some(pillar), Some(risk), Some(impact), Some(domain), true) =
        (pillar, risk, impact, domain, problems.is_empty())
    else {
        return Err(problems);
    };
    Ok(Rule {
        info: RuleInfo {
            id: raw.id,
            title: raw.title,
            pillar,
            question: raw.question,
            best_practices: raw.best_practices,
            risk,
            impact,
            domain,
            effort_hours: raw.effort_hours,
            description: raw.description.trim().to_string(),
            remediation: raw.remediation,
            remediation_cli: raw.remediation_cli,
            references: raw.references,
            manual: raw.manual,
        },
        resource_types: raw.resource_types,
        query: raw.query.trim().trim_end_matches(';').to_string(),
        cases: raw.cases,
        file: file.to_string(),
    })
}

fn check_cases(
    cases: &[RuleCase],
    problems: &mut Vec<RuleProblem>,
    problem: &dyn Fn(&str, String) -> RuleProblem,
) {
    let expects = |outcome| {
        cases
            .iter()
            .any(|c| c.expect.values().any(|o| *o == outcome))
    };
    if !expects(Outcome::Fail) || !expects(Outcome::Pass) {
        problems.push(problem(
            "cases",
            "needs a case expecting `fail` and one expecting `pass`".into(),
        ));
    }
    for (i, case) in cases.iter().enumerate() {
        for resource in &case.resources {
            if resource_types::find(&resource.resource_type).is_none() {
                problems.push(problem(
                    &format!("cases[{i}].resources"),
                    format!("unknown resource type `{}`", resource.resource_type),
                ));
            }
            if let Err(message) = resource.to_resource() {
                problems.push(problem(&format!("cases[{i}].resources"), message));
            }
        }
    }
}

/// Finds the key a TOML error is about, so the message names the field.
fn toml_error_field(message: &str, text: &str, span: Option<std::ops::Range<usize>>) -> String {
    if let Some(start) = message.find('`')
        && let Some(len) = message[start + 1..].find('`')
    {
        return message[start + 1..start + 1 + len].to_string();
    }
    let Some(span) = span else {
        return "(file)".to_string();
    };
    let line_start = text[..span.start.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or_default();
    match line.split_once('=') {
        Some((key, _)) => key.trim().to_string(),
        None => format!("line {}", text[..line_start].lines().count() + 1),
    }
}
