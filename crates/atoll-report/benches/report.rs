//! `cargo bench -p atoll-report`: the report of a scan with 20,000 findings
//! (the real rule catalogue, synthetic resources). Targets: <= 3 s and
//! <= 10 MB for the PDF.

use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

use atoll_core::scan::{ScanRecord, ScanStatus};
use atoll_core::score::{RuleInfo, findings, summarize};
use atoll_core::{Coverage, CoverageStatus, Outcome, RuleResult, RuleSet};
use atoll_report::{ReportInput, ReportSettings, ScanReport, build_model};
use chrono::{TimeZone, Utc};

const FINDINGS: usize = 20_000;
const REGIONS: [&str; 6] = [
    "us-east-1",
    "us-west-2",
    "eu-west-1",
    "eu-central-1",
    "sa-east-1",
    "ap-northeast-1",
];

fn scan(id: i64, rules_version: &str) -> ScanRecord {
    ScanRecord {
        id,
        customer: Some("São Paulo Fintech 顧客".into()),
        account_id: Some("123456789012".into()),
        regions: REGIONS.iter().map(|r| r.to_string()).collect(),
        started_at: "2026-11-24T10:00:00Z".into(),
        finished_at: Some("2026-11-24T10:01:00Z".into()),
        status: ScanStatus::Completed,
        error: None,
        api_calls: 4_000,
        rules_version: rules_version.into(),
        coverage: vec![Coverage {
            service: "ec2".into(),
            resource_type: "AWS::EC2::Instance".into(),
            region: "us-east-1".into(),
            status: CoverageStatus::Ok,
            message: None,
        }],
        parent_id: None,
        account_name: None,
        ou_path: None,
        organization: false,
        scope: Default::default(),
    }
}

fn results(rules: &[RuleInfo], count: usize, salt: usize) -> Vec<RuleResult> {
    (0..count + count / 4)
        .map(|i| {
            let rule = &rules[(i * 7 + salt) % rules.len()];
            RuleResult {
                rule_id: rule.id.clone(),
                resource_type: "AWS::EC2::Instance".into(),
                region: REGIONS[i % REGIONS.len()].into(),
                resource_id: format!("i-{:012x}-conta-ação", i),
                arn: Some(format!(
                    "arn:aws:ec2:us-east-1:123456789012:instance/i-{i:012x}"
                )),
                outcome: if i < count {
                    Outcome::Fail
                } else {
                    Outcome::Pass
                },
                detail: format!("synthetic finding {i} for {}", rule.id),
            }
        })
        .collect()
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
    let set: RuleSet = runtime.block_on(RuleSet::load_dir(&dir)).unwrap();
    let rules: Vec<RuleInfo> = set.rules.iter().map(RuleInfo::from).collect();
    let none = HashSet::new();
    let data = |id: i64, results: &[RuleResult]| ScanReport {
        scan: scan(id, &set.version),
        summary: summarize(&rules, results, &none),
        findings: findings(&rules, results, &none),
        accounts: Vec::new(),
    };
    let current_results = results(&rules, FINDINGS, 0);
    let baseline_results = results(&rules, FINDINGS + 2_000, 3);
    let current = data(2, &current_results);
    let baseline = data(1, &baseline_results);
    assert_eq!(current.findings.len(), FINDINGS);
    let diff = atoll_core::diff::diff(&baseline.findings, &current.findings);
    let input = ReportInput {
        current,
        rules: rules.clone(),
        results: current_results,
        baseline: Some(baseline),
        diff: Some(diff),
        framework: set.framework.clone(),
        settings: ReportSettings::default(),
        generated_at: Utc.with_ymd_and_hms(2026, 11, 25, 10, 0, 0).unwrap(),
    };

    let started = Instant::now();
    let model = build_model(&input);
    let modelled = started.elapsed();
    let pdf = atoll_report::pdf::render(&model, &input.settings).unwrap();
    let rendered = started.elapsed();
    let csv = atoll_report::export::csv_bytes(&input.current.findings, &input.rules).unwrap();
    let xlsx =
        atoll_report::export::xlsx_bytes(&model, &input.current.findings, &input.rules).unwrap();
    let all = started.elapsed();
    let out = std::env::temp_dir().join("atoll-bench-report.pdf");
    std::fs::write(&out, &pdf).unwrap();
    println!(
        "report of {FINDINGS} findings: model {:.0} ms, model + PDF {:.2} s, PDF {:.2} MB ({} appendix rows, {} in the CSV only); \
         + CSV {:.1} MB + XLSX {:.1} MB: {:.2} s in all; PDF at {}",
        modelled.as_secs_f64() * 1000.0,
        rendered.as_secs_f64(),
        pdf.len() as f64 / 1_048_576.0,
        model.appendix.rows_shown,
        model.appendix.rows_omitted,
        csv.len() as f64 / 1_048_576.0,
        xlsx.len() as f64 / 1_048_576.0,
        all.as_secs_f64(),
        out.display()
    );
    let ok = rendered.as_secs_f64() <= 3.0 && pdf.len() <= 10 * 1024 * 1024;
    println!(
        "targets (<= 3 s, <= 10 MB): {}",
        if ok { "met" } else { "MISSED" }
    );
}
