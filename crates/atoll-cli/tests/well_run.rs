//! A well-run workload account of an AWS Organization (tests/moto/plant_well_run.py),
//! scanned by the real `atoll` binary through OrganizationAccountAccessRole:
//! no high risk on anything a careful customer does right, every planted true
//! risk found.
//!
//! moto cannot emulate some of a landing zone: IAM Identity Center (its
//! permission-set roles are planted as plain roles under /aws-reserved/),
//! centralized root access (`ListOrganizationsFeatures` is not implemented, so
//! the member's root MFA is "not assessed" here and decided in
//! crates/atoll-app/tests/recorded_fixtures.rs on a recorded inventory), an
//! organization trail seen from a member account, and AWS-managed KMS keys
//! (same recorded inventory).

mod common;

use std::collections::BTreeSet;

use atoll_core::{Outcome, Risk};
use common::{Moto, atoll, read_json, run};
use serde_json::Value;

fn strings<'a>(value: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    value[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} array"))
        .iter()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_well_run_member_account_has_no_false_high_risk_and_every_planted_risk_is_found() {
    let moto = Moto::start();
    let planted = moto.plant_script("plant_well_run.py");
    let account = planted["account_id"].as_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("atoll.db");
    let json = dir.path().join("scan.json");
    let output = run(atoll().args([
        "scan",
        "--endpoint-url",
        &moto.endpoint,
        "--role-arn",
        planted["role_arn"].as_str().unwrap(),
        "--regions",
        "eu-west-1,us-east-1",
        "--customer",
        "Well-Run Ltda.",
        "--db",
        &db.display().to_string(),
        "--json",
        &json.display().to_string(),
    ]));
    assert!(output.status.success(), "scan should succeed");
    let report = read_json(&json);
    assert_eq!(report["scan"]["status"], "completed");
    assert_eq!(
        report["scan"]["account_id"], account,
        "the member account is scanned, not the management account"
    );

    // Every planted risk is reported on its resource.
    let findings: Vec<&Value> = strings(&report, "findings").collect();
    let key = |f: &Value| {
        (
            f["rule_id"].as_str().unwrap_or_default().to_string(),
            f["resource_id"].as_str().unwrap_or_default().to_string(),
        )
    };
    let found: BTreeSet<_> = findings.iter().map(|f| key(f)).collect();
    let risks: BTreeSet<_> = strings(&planted, "planted")
        .map(|p| {
            (
                p["rule"].as_str().unwrap().to_string(),
                p["resource_id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let missed: Vec<_> = risks.difference(&found).collect();
    assert!(missed.is_empty(), "planted risks not reported: {missed:#?}");

    // No high finding that is not a planted risk: the landing-zone roles, the
    // account-level S3 block, the trail homed in us-west-2, the web tier on
    // 443 / 80, the read replica, the dev databases, the two-AZ Aurora cluster.
    let false_highs: Vec<_> = findings
        .iter()
        .filter(|f| f["risk"] == "high" && !risks.contains(&key(f)))
        .map(|f| format!("{} on {}: {}", f["rule_id"], f["resource_id"], f["detail"]))
        .collect();
    assert!(
        false_highs.is_empty(),
        "high risks on a well-run account: {false_highs:#?}"
    );

    // "No high finding" must mean "assessed and passed", not "never looked at":
    // each well-run resource has a passing result of a high-risk rule, and
    // the account-wide checks pass on the trail and GuardDuty.
    let store = atoll_store::Store::open(&db).await.unwrap();
    let scan_id = report["scan"]["id"].as_i64().unwrap();
    let (rules, results) = store.results(scan_id).await.unwrap();
    let high: BTreeSet<&str> = rules
        .iter()
        .filter(|r| r.risk == Risk::High)
        .map(|r| r.id.as_str())
        .collect();
    let passed_high = |resource: &str| {
        results.iter().any(|r| {
            r.resource_id == resource
                && high.contains(r.rule_id.as_str())
                && r.outcome == Outcome::Pass
        })
    };
    let unassessed: Vec<_> = strings(&planted, "well_run")
        .filter(|w| {
            let id = w["resource_id"].as_str().unwrap();
            // Queues, topics, keys and functions have no high-risk rule: they
            // only must not fail one (checked above).
            let has_high_rule = results
                .iter()
                .any(|r| r.resource_id == id && high.contains(r.rule_id.as_str()));
            has_high_rule && !passed_high(id)
        })
        .map(|w| format!("{} ({})", w["resource_id"], w["why"]))
        .collect();
    assert!(
        unassessed.is_empty(),
        "well-run resources not assessed as passing: {unassessed:#?}"
    );
    let outcome = |rule: &str, resource: &str| {
        results
            .iter()
            .find(|r| r.rule_id == rule && r.resource_id == resource)
            .map(|r| (r.outcome, r.detail.clone()))
    };
    let (trail, detail) = outcome("cloudtrail-multi-region-off", account)
        .expect("the account's trail coverage is assessed");
    assert_eq!(trail, Outcome::Pass, "{detail}");
    assert!(
        detail.contains("us-west-2"),
        "the trail homed outside the scanned regions is named: {detail}"
    );
    for region in ["eu-west-1", "us-east-1"] {
        assert_eq!(
            outcome("guardduty-disabled", region).map(|o| o.0),
            Some(Outcome::Pass)
        );
    }
    let web_instances = results
        .iter()
        .filter(|r| r.rule_id == "ec2-public-instance-open-tcp" && r.outcome == Outcome::Pass)
        .count();
    assert!(
        web_instances >= 2,
        "public web servers on 443 / 80 are assessed and pass"
    );
    let (cdn, detail) = outcome("s3-bucket-policy-public", &format!("legacy-cdn-{account}"))
        .expect("the legacy public policy is assessed");
    assert_eq!(cdn, Outcome::Pass, "{detail}");
    assert!(detail.contains("RestrictPublicBuckets"), "{detail}");

    // Root MFA of a member account: moto cannot say whether root access is
    // managed centrally, so it is a named gap, never a high finding.
    let (root, detail) = outcome("iam-root-mfa-off", account).expect("root MFA result");
    assert_eq!(root, Outcome::NotAssessed, "{detail}");
}
