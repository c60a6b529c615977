//! Scans without AWS.
//!
//! The full fixture: a real SQLite store, an inventory built from the
//! catalogue's own rule test resources (realistic AWS API documents), the
//! real rules evaluated over it, and a later scan where some high-risk issues
//! were fixed and a new problem appeared.
//!
//! The small fixture (`small_input`): a handful of rules and findings in
//! memory, for the model's per-section snapshots.
#![allow(dead_code)]

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use atoll_core::engine::ScanContext;
use atoll_core::framework::{BestPractice, Framework, Question};
use atoll_core::resource_types;
use atoll_core::scan::{ScanRecord, ScanStatus};
use atoll_core::score::{RuleInfo, findings, summarize};
use atoll_core::{
    Coverage, CoverageStatus, Domain, Impact, Outcome, Pillar, Resource, Risk, RuleResult, RuleSet,
};
use atoll_report::{ReportInput, ReportSettings, ScanReport};
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

pub async fn scan_data(store: &Store, id: i64) -> ScanReport {
    let scan = store.scan(id).await.unwrap();
    let (rules, results) = store.results(id).await.unwrap();
    let suppressed = store.suppressed_keys(id, at(25)).await.unwrap();
    ScanReport {
        summary: summarize(&rules, &results, &suppressed),
        findings: findings(&rules, &results, &suppressed),
        scan,
        accounts: Vec::new(),
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

// The small fixture: a handful of rules and findings in memory (no store, no
// catalogue), a baseline, and a few questions of the framework, enough for
// every section of the model to have something to say:
// - REL09 is a high-risk issue (HRI) of the baseline that was resolved;
// - REL10 (3 databases, effort capped) and SEC05 are HRIs that remain;
// - SEC02 is a new HRI; SEC08 is a medium-risk question (MRI), one of its
//   buckets fixed since the baseline;
// - COST06 has only low-risk findings, one suppressed (an accepted risk);
// - OPS08 is not assessed in sa-east-1 (the logs could not be read);
// - PERF02 passes; SEC03 has only a manual rule; SUS05 has no rule.
// 1 of 3 baseline HRIs resolved: 33.3 %.

pub const SMALL_BASELINE_ID: i64 = 3;
pub const SMALL_CURRENT_ID: i64 = 8;

#[allow(clippy::too_many_arguments)]
fn small_rule(
    id: &str,
    title: &str,
    pillar: Pillar,
    question: &str,
    risk: Risk,
    impact: Impact,
    domain: Domain,
    effort_hours: f64,
    description: &str,
    remediation: &str,
) -> RuleInfo {
    RuleInfo {
        id: id.into(),
        title: title.into(),
        pillar,
        question: question.into(),
        best_practices: vec![format!("{question}-BP01"), format!("{question}-BP02")],
        risk,
        impact,
        domain,
        effort_hours,
        description: description.into(),
        remediation: vec![remediation.into(), "Scan again to confirm the fix.".into()],
        remediation_cli: None,
        references: vec![],
        manual: false,
    }
}

pub fn small_rules() -> Vec<RuleInfo> {
    use Domain as D;
    use Impact as I;
    use Pillar as P;
    vec![
        small_rule(
            "rds-multi-az",
            "RDS instance is not Multi-AZ",
            P::Reliability,
            "REL10",
            Risk::High,
            I::Downtime,
            D::Database,
            16.0,
            "A single-AZ database goes down with its Availability Zone. Multi-AZ keeps a standby in another zone.",
            "Enable Multi-AZ on the instance in a maintenance window.",
        ),
        small_rule(
            "rds-backups",
            "RDS automated backups are disabled",
            P::Reliability,
            "REL09",
            Risk::High,
            I::DataLoss,
            D::Database,
            1.0,
            "Without automated backups a deleted or corrupted database cannot be restored.",
            "Set the backup retention period to 7 days or more.",
        ),
        small_rule(
            "sg-open-ssh",
            "Security group allows SSH from anywhere",
            P::Security,
            "SEC05",
            Risk::High,
            I::Security,
            D::Network,
            1.0,
            "Port 22 open to 0.0.0.0/0 invites brute-force attacks. Restrict it to known addresses.",
            "Replace the 0.0.0.0/0 rule with the office range, or use Session Manager.",
        ),
        small_rule(
            "iam-root-access-key",
            "The root user has an access key",
            P::Security,
            "SEC02",
            Risk::High,
            I::Security,
            D::Identity,
            0.5,
            "A root access key grants unrestricted access that no IAM policy can limit.",
            "Delete the root user's access keys.",
        ),
        small_rule(
            "s3-default-encryption",
            "S3 bucket has no default encryption with KMS",
            P::Security,
            "SEC08",
            Risk::Medium,
            I::Security,
            D::Storage,
            0.5,
            "Objects are not encrypted with a key the customer controls.",
            "Set SSE-KMS as the bucket's default encryption.",
        ),
        small_rule(
            "ec2-previous-generation",
            "EC2 instance uses a previous-generation type",
            P::PerformanceEfficiency,
            "PERF02",
            Risk::Medium,
            I::Performance,
            D::Compute,
            2.0,
            "Older instance types cost more for less performance.",
            "Move the instance to a current-generation type.",
        ),
        small_rule(
            "ebs-gp2",
            "EBS volume uses gp2",
            P::CostOptimization,
            "COST06",
            Risk::Low,
            I::Cost,
            D::Storage,
            0.25,
            "gp3 gives the same baseline performance for about 20 % less.",
            "Modify the volume to gp3.",
        ),
        small_rule(
            "log-group-no-retention",
            "Log group keeps its logs forever",
            P::OperationalExcellence,
            "OPS08",
            Risk::Medium,
            I::Cost,
            D::Monitoring,
            0.25,
            "Logs without a retention period are stored and billed forever.",
            "Set a retention period on the log group.",
        ),
        RuleInfo {
            manual: true,
            ..small_rule(
                "iam-admin-review",
                "Review who can assume administrator roles",
                P::Security,
                "SEC03",
                Risk::Medium,
                I::Security,
                D::Identity,
                2.0,
                "A checklist item for the review conversation.",
                "List the principals that can assume administrator roles with the customer.",
            )
        },
    ]
}

/// The few framework questions the small fixture's rules map to, plus one
/// no rule covers.
pub fn small_framework() -> Framework {
    let question = |id: &str, pillar: Pillar, title: &str| Question {
        id: id.into(),
        pillar,
        title: title.into(),
        wa_tool_question_id: id.to_lowercase(),
        best_practices: (1..=3)
            .map(|n| BestPractice {
                id: format!("{id}-BP0{n}"),
                title: format!("Best practice {n} of {id}"),
                risk: Risk::Medium,
                wa_tool_choice_id: format!("{}_bp{n}", id.to_lowercase()),
                url: String::new(),
            })
            .collect(),
    };
    Framework {
        source: "small test fixture".into(),
        pillars: vec![],
        questions: vec![
            question(
                "OPS08",
                Pillar::OperationalExcellence,
                "How do you utilize workload observability in your organization?",
            ),
            question(
                "SEC02",
                Pillar::Security,
                "How do you manage authentication for people and machines?",
            ),
            question(
                "SEC03",
                Pillar::Security,
                "How do you manage permissions for people and machines?",
            ),
            question(
                "SEC05",
                Pillar::Security,
                "How do you protect your network resources?",
            ),
            question(
                "SEC08",
                Pillar::Security,
                "How do you protect your data at rest?",
            ),
            question("REL09", Pillar::Reliability, "How do you back up data?"),
            question(
                "REL10",
                Pillar::Reliability,
                "How do you use fault isolation to protect your workload?",
            ),
            question(
                "PERF02",
                Pillar::PerformanceEfficiency,
                "How do you select and use compute resources in your workload?",
            ),
            question(
                "COST06",
                Pillar::CostOptimization,
                "How do you meet cost targets when you select resource type, size and number?",
            ),
            question(
                "SUS05",
                Pillar::Sustainability,
                "How do you select and use cloud hardware and services in your architecture to support your sustainability goals?",
            ),
        ],
    }
}

fn small_result(rule: &str, kind: &str, region: &str, id: &str, outcome: Outcome) -> RuleResult {
    let detail = match outcome {
        Outcome::Fail => format!("{id} fails {rule}"),
        Outcome::Pass => String::new(),
        Outcome::NotAssessed => "logs:DescribeLogGroups denied by an SCP".to_string(),
    };
    RuleResult {
        rule_id: rule.into(),
        resource_type: kind.into(),
        region: region.into(),
        resource_id: id.into(),
        arn: None,
        outcome,
        detail,
    }
}

/// All results of one small scan: `baseline` is the earlier one.
pub fn small_results(baseline: bool) -> Vec<RuleResult> {
    use Outcome::{Fail, NotAssessed, Pass};
    const DB: &str = "AWS::RDS::DBInstance";
    const VOL: &str = "AWS::EC2::Volume";
    let (us, sa) = (REGIONS[0], REGIONS[1]);
    let mut out = vec![
        small_result("rds-multi-az", DB, us, "db-orders", Fail),
        small_result("rds-multi-az", DB, us, "db-ledger", Fail),
        small_result("rds-multi-az", DB, sa, NON_ASCII_ID, Fail),
        small_result(
            "rds-backups",
            DB,
            us,
            "db-orders",
            if baseline { Fail } else { Pass },
        ),
        small_result(
            "iam-root-access-key",
            "AWS::IAM::User",
            "global",
            "root",
            if baseline { Pass } else { Fail },
        ),
        small_result(
            "sg-open-ssh",
            "AWS::EC2::SecurityGroup",
            sa,
            "sg-0a1b2c",
            Fail,
        ),
        small_result(
            "s3-default-encryption",
            "AWS::S3::Bucket",
            us,
            "fintech-statements",
            Fail,
        ),
        small_result(
            "s3-default-encryption",
            "AWS::S3::Bucket",
            us,
            "fintech-exports",
            Fail,
        ),
        small_result(
            "s3-default-encryption",
            "AWS::S3::Bucket",
            us,
            "fintech-archive",
            if baseline { Fail } else { Pass },
        ),
        small_result(
            "ec2-previous-generation",
            "AWS::EC2::Instance",
            us,
            "i-0f00",
            Pass,
        ),
        small_result(
            "log-group-no-retention",
            "AWS::Logs::LogGroup",
            us,
            "/aws/lambda/pix",
            Pass,
        ),
        small_result(
            "log-group-no-retention",
            "AWS::Logs::LogGroup",
            sa,
            "*",
            NotAssessed,
        ),
    ];
    for vol in ["vol-01", "vol-02", "vol-03", "vol-04"] {
        out.push(small_result("ebs-gp2", VOL, us, vol, Fail));
    }
    out
}

fn small_coverage() -> Vec<Coverage> {
    let ok = |service: &str, resource_type: &str, region: &str| Coverage {
        service: service.into(),
        resource_type: resource_type.into(),
        region: region.into(),
        status: CoverageStatus::Ok,
        message: None,
    };
    let mut out = vec![ok("iam", "AWS::IAM::User", "global")];
    for region in REGIONS {
        out.push(ok("ec2", "AWS::EC2::Instance", region));
        out.push(ok("ec2", "AWS::EC2::Volume", region));
        out.push(ok("ec2", "AWS::EC2::SecurityGroup", region));
        out.push(ok("rds", "AWS::RDS::DBInstance", region));
        out.push(ok("s3", "AWS::S3::Bucket", region));
    }
    out.push(ok("logs", "AWS::Logs::LogGroup", "us-east-1"));
    out.push(Coverage {
        status: CoverageStatus::AccessDenied,
        message: Some("logs:DescribeLogGroups denied by an SCP".into()),
        ..ok("logs", "AWS::Logs::LogGroup", "sa-east-1")
    });
    out
}

fn small_scan(id: i64, day: u32, rules: &[RuleInfo], results: &[RuleResult]) -> ScanReport {
    // The customer accepted the risk of one gp2 volume after the baseline.
    let suppressed: HashSet<_> = results
        .iter()
        .filter(|r| id == SMALL_CURRENT_ID && r.rule_id == "ebs-gp2" && r.resource_id == "vol-01")
        .map(RuleResult::key)
        .collect();
    ScanReport {
        scan: ScanRecord {
            id,
            customer: Some(CUSTOMER.into()),
            account_id: Some(ACCOUNT.into()),
            regions: REGIONS.iter().map(|r| r.to_string()).collect(),
            started_at: atoll_store::timestamp(at(day)),
            finished_at: Some(atoll_store::timestamp(
                at(day) + chrono::Duration::seconds(42),
            )),
            status: ScanStatus::Completed,
            error: None,
            api_calls: 57,
            rules_version: "small-catalogue-1".into(),
            coverage: small_coverage(),
            parent_id: None,
            account_name: None,
            ou_path: None,
            organization: false,
            scope: Default::default(),
        },
        summary: summarize(rules, results, &suppressed),
        findings: findings(rules, results, &suppressed),
        accounts: Vec::new(),
    }
}

/// The small fixture's report input, with or without its baseline.
pub fn small_input(with_baseline: bool) -> ReportInput {
    let rules = small_rules();
    let results = small_results(false);
    let current = small_scan(SMALL_CURRENT_ID, 24, &rules, &results);
    let baseline =
        with_baseline.then(|| small_scan(SMALL_BASELINE_ID, 2, &rules, &small_results(true)));
    let diff = baseline
        .as_ref()
        .map(|b| atoll_core::diff::diff(&b.findings, &current.findings));
    ReportInput {
        current,
        rules,
        results,
        baseline,
        diff,
        framework: small_framework(),
        settings: ReportSettings {
            appendix_rows_per_rule: 2,
            ..settings()
        },
        generated_at: at(25),
    }
}

/// The payments workload's account of the small review (the us-east-1
/// half of the small fixture).
pub const REVIEW_PAYMENTS: &str = "111111111111";
/// The data account (the sa-east-1 half).
pub const REVIEW_DATA: &str = "222222222222";
/// The account whose role could not be assumed.
pub const REVIEW_SANDBOX: &str = "333333333333";

/// The small fixture as a review across an organization scoped to the
/// payments workload's tags: its us-east-1 results are the payments
/// account's, its sa-east-1 results the data account's, and a sandbox
/// account could not be assessed. Each account's line is computed from its
/// own results, as the app computes it.
pub fn small_review_input() -> ReportInput {
    use atoll_core::organization::{AccountSummary, riskiest_first};
    use atoll_core::scope::{ScopeTag, WorkloadScope};

    let mut input = small_input(false);
    let review = &mut input.current;
    review.scan.organization = true;
    review.scan.scope = WorkloadScope {
        tags: vec![ScopeTag::parse("Application=payments").unwrap()],
    };
    let account_of = |region: &str| {
        if region == "us-east-1" {
            REVIEW_PAYMENTS
        } else {
            REVIEW_DATA
        }
    };
    for finding in &mut review.findings {
        finding.account_id = Some(account_of(&finding.region).to_string());
    }
    let member = |id: &str, name: &str, ou: &str| ScanRecord {
        account_id: Some(id.into()),
        account_name: Some(name.into()),
        ou_path: Some(ou.into()),
        parent_id: Some(review.scan.id),
        organization: false,
        ..review.scan.clone()
    };
    let mut accounts = Vec::new();
    for (id, name, ou) in [
        (REVIEW_PAYMENTS, "payments-prod", "Workloads/Prod"),
        (REVIEW_DATA, "data-lake", "Workloads/Data"),
    ] {
        let results: Vec<RuleResult> = input
            .results
            .iter()
            .filter(|r| account_of(&r.region) == id)
            .cloned()
            .collect();
        let summary = summarize(&input.rules, &results, &HashSet::new());
        let own: Vec<_> = review
            .findings
            .iter()
            .filter(|f| f.account_id.as_deref() == Some(id))
            .cloned()
            .collect();
        accounts.push(AccountSummary::of(
            &member(id, name, ou),
            Some(&summary),
            &own,
        ));
    }
    let sandbox = ScanRecord {
        status: ScanStatus::Failed,
        error: Some(format!(
            "not assessed: cannot assume arn:aws:iam::{REVIEW_SANDBOX}:role/AtollReadOnly: AccessDenied"
        )),
        ..member(REVIEW_SANDBOX, "sandbox", "Sandbox")
    };
    accounts.push(AccountSummary::of(&sandbox, None, &[]));
    riskiest_first(&mut accounts);
    review.accounts = accounts;
    input
}
