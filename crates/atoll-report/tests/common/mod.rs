//! Stored scans without AWS: a real SQLite store, an inventory built from the
//! catalogue's own rule test resources (realistic AWS API documents), the
//! real rules evaluated over it, and a later scan where some high-risk issues
//! were fixed and a new problem appeared.
#![allow(dead_code)]

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use atoll_core::engine::ScanContext;
use atoll_core::resource_types;
use atoll_core::score::{RuleInfo, findings, summarize};
use atoll_core::{Coverage, CoverageStatus, Resource, Risk, RuleSet};
use atoll_report::{ReportInput, ReportSettings, ScanData};
use atoll_store::{Store, Suppression};
use chrono::{DateTime, TimeZone, Utc};

pub const CUSTOMER: &str = "São Paulo Fintech 顧客";
/// A resource id with non-ASCII text (a CloudWatch log group).
pub const NON_ASCII_ID: &str = "relatório-顧客";
pub const ACCOUNT: &str = "123456789012";
pub const REGIONS: [&str; 2] = ["us-east-1", "sa-east-1"];

pub fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules")
}

pub fn at(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, 10, 0, 0).unwrap()
}

pub struct Fixture {
    pub _dir: tempfile::TempDir,
    pub db: PathBuf,
    pub store: Store,
    pub rules: RuleSet,
    pub baseline: i64,
    pub current: i64,
}

/// Each rule's first test case without denied types, deduplicated, plus a
/// copy of the regional resources in sa-east-1 and a log group with a
/// non-ASCII name.
fn inventory(rules: &RuleSet) -> Vec<Resource> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for rule in &rules.rules {
        let Some(case) = rule.cases.iter().find(|c| c.denied.is_empty()) else {
            continue;
        };
        for r in &case.resources {
            let r = r.to_resource().expect("catalogue case resources are valid");
            if seen.insert((
                r.resource_type.clone(),
                r.region.clone(),
                r.resource_id.clone(),
            )) {
                out.push(r);
            }
        }
    }
    let copies: Vec<Resource> = out
        .iter()
        .filter(|r| r.region == "us-east-1")
        .filter(|r| !resource_types::find(&r.resource_type).is_some_and(|t| t.global))
        .map(|r| Resource {
            region: "sa-east-1".to_string(),
            ..r.clone()
        })
        .collect();
    out.extend(copies);
    out.push(Resource {
        resource_type: "AWS::Logs::LogGroup".into(),
        region: "sa-east-1".into(),
        resource_id: NON_ASCII_ID.into(),
        arn: Some(format!(
            "arn:aws:logs:sa-east-1:{ACCOUNT}:log-group:{NON_ASCII_ID}"
        )),
        name: Some(NON_ASCII_ID.into()),
        tags: Default::default(),
        config: serde_json::json!({"logGroupName": NON_ASCII_ID, "storedBytes": 1048576}),
    });
    out
}

fn coverage(resources: &[Resource]) -> Vec<Coverage> {
    let mut keys = BTreeSet::new();
    for r in resources {
        keys.insert((r.resource_type.clone(), r.region.clone()));
    }
    let mut out: Vec<Coverage> = keys
        .into_iter()
        .filter(|(t, r)| !(t == "AWS::Lambda::Function" && r == "sa-east-1"))
        .map(|(t, region)| Coverage {
            service: resource_types::find(&t)
                .map_or("", |x| x.service)
                .to_string(),
            resource_type: t,
            region,
            status: CoverageStatus::Ok,
            message: None,
        })
        .collect();
    // A gap: Lambda could not be read in São Paulo.
    out.push(Coverage {
        service: "lambda".into(),
        resource_type: "AWS::Lambda::Function".into(),
        region: "sa-east-1".into(),
        status: CoverageStatus::AccessDenied,
        message: Some("lambda:ListFunctions denied by an SCP".into()),
    });
    out
}

async fn store_scan(
    store: &Store,
    rules: &RuleSet,
    customer: i64,
    resources: &[Resource],
    day: u32,
) -> i64 {
    let regions: Vec<String> = REGIONS.iter().map(|r| r.to_string()).collect();
    let coverage = coverage(resources);
    let id = store
        .begin_scan(Some(customer), &regions, &rules.version, at(day))
        .await
        .unwrap();
    store
        .save_inventory(id, ACCOUNT, &regions, resources, &coverage, 321)
        .await
        .unwrap();
    let ctx = ScanContext {
        account_id: ACCOUNT.into(),
        collected_at: atoll_store::timestamp(at(day)),
        regions,
        coverage,
    };
    let results = store.evaluate(id, &rules.rules, &ctx).await.unwrap();
    let infos: Vec<RuleInfo> = rules.rules.iter().map(RuleInfo::from).collect();
    store
        .complete_scan(
            id,
            &infos,
            &results,
            at(day) + chrono::Duration::seconds(42),
        )
        .await
        .unwrap();
    id
}

pub async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("atoll.db");
    let store = Store::open(&db).await.unwrap();
    let rules = RuleSet::load_dir(&rules_dir()).await.unwrap();
    let customer = store.customer_id(CUSTOMER).await.unwrap();
    let before = inventory(&rules);
    let baseline = store_scan(&store, &rules, customer, &before, 2).await;

    // Weeks later: every resource failing a high-risk rule of the first two
    // HRI questions was fixed (removed here), and a new problem appeared.
    let data = scan_data(&store, baseline).await;
    let fixed_questions: Vec<&String> = data.summary.high_risk_questions.iter().take(2).collect();
    let fixed: HashSet<(String, String, String)> = data
        .findings
        .iter()
        .filter(|f| f.risk == Risk::High && fixed_questions.contains(&&f.question))
        .map(|f| {
            (
                f.resource_type.clone(),
                f.region.clone(),
                f.resource_id.clone(),
            )
        })
        .collect();
    let mut after: Vec<Resource> = before
        .into_iter()
        .filter(|r| {
            !fixed.contains(&(
                r.resource_type.clone(),
                r.region.clone(),
                r.resource_id.clone(),
            ))
        })
        .collect();
    if let Some(lg) = after
        .iter()
        .find(|r| r.resource_id == NON_ASCII_ID)
        .cloned()
    {
        after.push(Resource {
            resource_id: "/aws/lambda/novo-serviço".into(),
            config: serde_json::json!({"logGroupName": "/aws/lambda/novo-serviço"}),
            ..lg
        });
    }
    let current = store_scan(&store, &rules, customer, &after, 24).await;

    // An accepted risk: suppressed, kept on record, out of the score.
    let current_data = scan_data(&store, current).await;
    if let Some(f) = current_data.findings.iter().find(|f| f.risk == Risk::Low) {
        store
            .add_suppression(
                Some(customer),
                &Suppression {
                    rule_id: f.rule_id.clone(),
                    resource_type: f.resource_type.clone(),
                    region: f.region.clone(),
                    resource_id: f.resource_id.clone(),
                    reason: "accepted by the customer's CTO".into(),
                    author: "reviewer".into(),
                    expires_at: None,
                },
            )
            .await
            .unwrap();
    }
    Fixture {
        _dir: dir,
        db,
        store,
        rules,
        baseline,
        current,
    }
}

pub async fn scan_data(store: &Store, id: i64) -> ScanData {
    let scan = store.scan(id).await.unwrap();
    let (rules, results) = store.results(id).await.unwrap();
    let suppressed = store.suppressed_keys(id, at(25)).await.unwrap();
    ScanData {
        summary: summarize(&rules, &results, &suppressed),
        findings: findings(&rules, &results, &suppressed),
        scan,
    }
}

/// What `atoll_app::report::report_input` gathers, from the fixture.
pub async fn input(fx: &Fixture, with_baseline: bool) -> ReportInput {
    let current = scan_data(&fx.store, fx.current).await;
    let (rules, results) = fx.store.results(fx.current).await.unwrap();
    let baseline = if with_baseline {
        Some(scan_data(&fx.store, fx.baseline).await)
    } else {
        None
    };
    let diff = baseline
        .as_ref()
        .map(|b| atoll_core::diff::diff(&b.findings, &current.findings));
    ReportInput {
        current,
        rules,
        results,
        baseline,
        diff,
        framework: fx.rules.framework.clone(),
        settings: settings(),
        generated_at: at(25),
    }
}

pub fn settings() -> ReportSettings {
    ReportSettings {
        partner_name: "Recife Cloud Partners Ltda.".into(),
        reviewer: Some("Ana Gonçalves".into()),
        sow_ref: Some("SOW-2026-042".into()),
        ..ReportSettings::default()
    }
}

/// Runs a poppler tool, failing with a clear message when it is missing.
pub fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!(
            "cannot run `{tool}` ({e}): install poppler-utils (apt-get install -y poppler-utils)"
        )
    });
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("poppler writes UTF-8")
}

pub fn pdf_text(pdf: &Path) -> String {
    poppler(
        "pdftotext",
        &["-layout", "-enc", "UTF-8", pdf.to_str().unwrap(), "-"],
    )
}

pub fn page_count(pdf: &Path) -> usize {
    let info = poppler("pdfinfo", &[pdf.to_str().unwrap()]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo reports Pages")
}

/// Renders every page to PNG; returns the files.
pub fn render_pages(pdf: &Path, out_dir: &Path) -> Vec<PathBuf> {
    let prefix = out_dir.join("page");
    poppler(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "60",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let mut pngs: Vec<PathBuf> = std::fs::read_dir(out_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    pngs.sort();
    pngs
}
