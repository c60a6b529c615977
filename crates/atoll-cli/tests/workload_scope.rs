//! A tag-scoped scan (`atoll scan --tag Application=payments`) against two
//! workloads planted side by side in moto (tests/moto/plant_workload_scope.py):
//! only the payments resources are evaluated, the crm and untagged ones give
//! neither findings nor passes, and the account-level facts (no trail, no
//! GuardDuty) are still reported. The scope is stated in the JSON and the
//! CLI summary.

mod common;

use common::{Moto, atoll, read_json, run};
use serde_json::Value;

#[tokio::test(flavor = "multi_thread")]
async fn a_tag_scoped_scan_evaluates_the_tagged_resources_and_the_account_facts_only() {
    let moto = Moto::start();
    let planted = moto.plant_script("plant_workload_scope.py");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("atoll.db");
    let json = dir.path().join("scan.json");
    let output = run(atoll()
        .args(["scan", "--endpoint-url", &moto.endpoint])
        .args(["--regions", "eu-west-1", "--customer", "Payments Co"])
        .args(["--tag", "Application=payments"])
        .arg("--db")
        .arg(&db)
        .arg("--json")
        .arg(&json));
    assert!(output.status.success(), "the scan completes");
    let report = read_json(&json);
    assert_eq!(
        report["scan"]["scope"]["tags"],
        serde_json::json!([{ "key": "Application", "value": "payments" }])
    );
    let summary = String::from_utf8_lossy(&output.stdout);
    assert!(
        summary.contains("Scope: resources tagged Application=payments"),
        "{summary}"
    );

    let findings: Vec<&Value> = report["findings"].as_array().unwrap().iter().collect();
    let on = |needle: &str| -> Vec<&&Value> {
        findings
            .iter()
            .filter(|f| {
                f["resource_id"]
                    .as_str()
                    .is_some_and(|id| id.contains(needle))
            })
            .collect()
    };
    for (rule, resource) in planted["in_scope"].as_object().unwrap() {
        let resource = resource.as_str().unwrap();
        assert!(
            on(resource).iter().any(|f| f["rule_id"] == rule.as_str()),
            "{rule} on the payments resource {resource} is reported"
        );
    }
    for (what, resource) in planted["out_of_scope"].as_object().unwrap() {
        let resource = resource.as_str().unwrap();
        assert!(
            on(resource).is_empty(),
            "the {what} ({resource}) is outside the scope: {:?}",
            on(resource)
        );
    }
    // Account-level facts stay in: the account has no trail, no GuardDuty.
    for rule in ["cloudtrail-multi-region-off", "guardduty-disabled"] {
        assert!(
            findings.iter().any(|f| f["rule_id"] == rule),
            "the account-level {rule} is still assessed"
        );
    }

    // Out-of-scope resources are not evaluated at all: no pass either.
    let store = atoll_store::Store::open(&db).await.unwrap();
    let (_, results) = store
        .results(report["scan"]["id"].as_i64().unwrap())
        .await
        .unwrap();
    for resource in planted["out_of_scope"].as_object().unwrap().values() {
        let resource = resource.as_str().unwrap();
        let evaluated: Vec<_> = results
            .iter()
            .filter(|r| r.resource_id.contains(resource))
            .collect();
        assert!(evaluated.is_empty(), "{resource}: {evaluated:?}");
    }
    assert!(
        results
            .iter()
            .any(|r| r.resource_id == planted["in_scope"]["ebs-volume-unencrypted"]),
        "the payments volume is evaluated"
    );
}
