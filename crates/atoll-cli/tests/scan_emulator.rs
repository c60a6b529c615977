//! End to end: the real `atoll` binary scans accounts planted in the moto
//! emulator through the real AWS SDK clients.

mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use common::{Moto, atoll, read_json, run};
use serde_json::Value;

fn findings(report: &Value) -> &Vec<Value> {
    report["findings"].as_array().expect("findings array")
}

fn has_finding(report: &Value, rule: &str, resource_id: &str, region: &str) -> Option<Value> {
    findings(report)
        .iter()
        .find(|f| f["rule_id"] == rule && f["resource_id"] == resource_id && f["region"] == region)
        .cloned()
}

#[test]
fn planted_risks_are_reported_on_the_right_resource_and_hardened_twins_are_not() {
    let moto = Moto::start();
    let planted = moto.plant("standard");
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("scan.json");
    let output = run(atoll().args([
        "scan",
        "--endpoint-url",
        &moto.endpoint,
        "--regions",
        "eu-west-1,us-east-1",
        "--customer",
        "Fintech São Paulo",
        "--db",
        &dir.path().join("atoll.db").display().to_string(),
        "--json",
        &json.display().to_string(),
    ]));
    assert!(output.status.success(), "scan should succeed");
    let report = read_json(&json);

    // The JSON contract of design.md.
    let scan = &report["scan"];
    for key in atoll_core::scan::SCAN_CONTRACT_FIELDS {
        assert!(!scan[key].is_null(), "scan.{key} must be present");
    }
    assert_eq!(scan["status"], "completed");
    assert_eq!(scan["account_id"], "123456789012");
    assert_eq!(
        scan["regions"],
        serde_json::json!(["eu-west-1", "us-east-1"])
    );
    assert!(
        scan["api_calls"].as_u64().unwrap() > 40,
        "every call is counted"
    );
    // moto 5 cannot answer these two (CloudWatch speaks CBOR to the SDK, and
    // Backup's ListProtectedResources is missing): they must show as gaps,
    // and nothing else may.
    let emulator_limits = ["AWS::CloudWatch::Alarm", "AWS::Backup::ProtectedResource"];
    let gaps: Vec<_> = scan["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] != "ok")
        .collect();
    let unexpected: Vec<_> = gaps
        .iter()
        .filter(|c| !emulator_limits.iter().any(|t| c["resource_type"] == *t))
        .collect();
    assert!(
        unexpected.is_empty(),
        "everything else is collectable in the emulator: {unexpected:?}"
    );
    for limit in emulator_limits {
        assert!(
            gaps.iter().any(|c| c["resource_type"] == limit),
            "{limit} is reported as not collected"
        );
    }
    for f in findings(&report) {
        for key in atoll_core::scan::FINDING_CONTRACT_FIELDS {
            assert!(f.get(key).is_some(), "finding field {key} missing in {f}");
        }
    }

    let planted_risks = planted["planted"].as_array().unwrap();
    let mut missed = Vec::new();
    for risk in planted_risks {
        let (rule, id, region) = (
            risk["rule"].as_str().unwrap(),
            risk["resource_id"].as_str().unwrap(),
            risk["region"].as_str().unwrap(),
        );
        match has_finding(&report, rule, id, region) {
            Some(f) => assert_eq!(
                f["pillar"], risk["pillar"],
                "{rule} on {id} is filed under the wrong pillar"
            ),
            None => missed.push(format!("{rule} on {id} in {region}")),
        }
    }
    let found = planted_risks.len() - missed.len();
    eprintln!("planted risks found: {found}/{}", planted_risks.len());
    assert!(
        planted_risks.len() >= 60,
        "the scenario plants the brief's risks in two regions"
    );
    assert!(missed.is_empty(), "planted risks not reported: {missed:#?}");

    let false_positives: Vec<_> = planted["hardened"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| {
            has_finding(
                &report,
                t["rule"].as_str().unwrap(),
                t["resource_id"].as_str().unwrap(),
                t["region"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        false_positives.is_empty(),
        "hardened twins reported: {false_positives:#?}"
    );

    // Every finding points at a resource the scan inventoried.
    let summary = &report["summary"];
    assert_eq!(
        summary["findings"].as_u64().unwrap() as usize,
        findings(&report).len()
    );
    assert!(
        summary["high_risk_questions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|q| q == "REL10")
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("Health score:"),
        "the summary shows the score"
    );
    assert!(
        stdout.contains("score = 100 x"),
        "the summary shows the formula"
    );
}

#[test]
fn a_denied_service_is_not_assessed_and_passes_no_rule() {
    // moto enforces IAM after the 6 set-up calls that create the users.
    let moto = Moto::start_with(&[("INITIAL_NO_AUTH_ACTION_COUNT", "6")]);
    let planted = moto.plant("denied");
    let creds = &planted["scanner_credentials"];
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("scan.json");
    let output = run(atoll()
        .env(
            "AWS_ACCESS_KEY_ID",
            creds["aws_access_key_id"].as_str().unwrap(),
        )
        .env(
            "AWS_SECRET_ACCESS_KEY",
            creds["aws_secret_access_key"].as_str().unwrap(),
        )
        .args([
            "scan",
            "--endpoint-url",
            &moto.endpoint,
            "--regions",
            "eu-west-1",
        ])
        .args([
            "--db",
            &dir.path().join("atoll.db").display().to_string(),
            "--json",
            &json.display().to_string(),
        ]));
    assert!(
        output.status.success(),
        "a denied service does not stop the scan"
    );
    let report = read_json(&json);
    assert_eq!(report["scan"]["status"], "completed");

    let rds_coverage: Vec<_> = report["scan"]["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["service"] == "rds")
        .collect();
    assert!(!rds_coverage.is_empty());
    assert!(
        rds_coverage.iter().all(|c| c["status"] == "access-denied"),
        "RDS is recorded as denied: {rds_coverage:?}"
    );

    // The single-AZ database exists but could not be read: no finding, no pass.
    assert!(
        findings(&report)
            .iter()
            .all(|f| !f["rule_id"].as_str().unwrap().starts_with("rds-"))
    );
    let not_assessed = report["summary"]["not_assessed"].as_array().unwrap();
    assert!(
        not_assessed
            .iter()
            .any(|n| n["rule_id"] == "rds-instance-multi-az" && n["region"] == "eu-west-1"),
        "the RDS rules are listed as not assessed: {not_assessed:?}"
    );
    // What was allowed is still assessed.
    let ssh = &planted["planted"][0];
    assert!(
        has_finding(
            &report,
            "sg-open-ssh",
            ssh["resource_id"].as_str().unwrap(),
            "eu-west-1"
        )
        .is_some()
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("Not assessed"));
}

#[test]
fn killed_and_cancelled_scans_leave_earlier_scans_intact() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("atoll.db").display().to_string();
    let first = dir.path().join("first.json");
    let output = run(atoll().args([
        "scan",
        "--endpoint-url",
        &moto.endpoint,
        "--regions",
        "eu-west-1",
        "--db",
        &db,
        "--json",
        &first.display().to_string(),
    ]));
    assert!(output.status.success());
    let first_report = read_json(&first);

    // A slow scan (many regions, one task at a time), killed with SIGKILL
    // and then one interrupted with Ctrl-C (SIGINT), once each has started.
    let many_regions = "us-east-1,us-east-2,us-west-1,us-west-2,eu-west-1,eu-west-2,eu-west-3,eu-central-1,eu-north-1,ap-south-1,ap-southeast-1,ap-southeast-2,ap-northeast-1,sa-east-1,ca-central-1";
    for signal in ["KILL", "INT"] {
        let mut child = atoll()
            .args([
                "scan",
                "--endpoint-url",
                &moto.endpoint,
                "--regions",
                many_regions,
                "--concurrency",
                "1",
                "--db",
                &db,
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        while stderr.read_line(&mut line).unwrap() > 0 && !line.contains("[3/") {
            line.clear();
        }
        assert!(
            line.contains("[3/"),
            "the scan reports progress per region x service"
        );
        let status = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        child.wait().unwrap();
    }

    let listing = run(atoll().args(["scans", "--db", &db]));
    assert!(listing.status.success(), "the database still opens");
    let text = String::from_utf8_lossy(&listing.stdout);
    let status_of = |id: &str| {
        text.lines()
            .find(|l| l.split_whitespace().next() == Some(id))
            .unwrap_or_else(|| panic!("scan {id} listed in:\n{text}"))
            .to_string()
    };
    assert!(status_of("1").contains("completed"));
    assert!(
        status_of("2").contains("interrupted"),
        "the killed scan is marked interrupted"
    );
    assert!(
        status_of("3").contains("cancelled"),
        "the Ctrl-C scan is marked cancelled"
    );

    // The first scan reads exactly as before.
    let diff_json = dir.path().join("diff.json");
    let diff = run(atoll().args([
        "diff",
        "--from",
        "1",
        "--to",
        "1",
        "--db",
        &db,
        "--json",
        &diff_json.display().to_string(),
    ]));
    assert!(diff.status.success());
    let diff = read_json(&diff_json);
    assert_eq!(
        diff["persisting"].as_array().unwrap().len(),
        findings(&first_report).len()
    );
    assert!(
        diff["new"].as_array().unwrap().is_empty()
            && diff["resolved"].as_array().unwrap().is_empty()
    );

    // The interrupted scan has no results to read, and says why.
    let refused = run(atoll().args(["diff", "--from", "1", "--to", "2", "--db", &db]));
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("interrupted"));
}
