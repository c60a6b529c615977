//! One bucket whose policy cannot be read (a bucket policy or an SCP denies
//! `s3:GetBucketPolicy` to the scanning role) must not blind the S3 rules for
//! the account: the other buckets are assessed, coverage says "partial" and
//! names the denial, and only that bucket's results are "not assessed".
//!
//! moto does not enforce bucket policies against the caller, so the denial
//! comes from the fault proxy (tests/moto/fault_proxy.py --deny) in front of
//! it, answering that one request with S3's own AccessDenied.

mod common;

use common::{FaultProxy, Moto, atoll, read_json, run};
use serde_json::Value;

#[tokio::test(flavor = "multi_thread")]
async fn a_bucket_whose_policy_is_denied_is_not_assessed_and_the_others_are() {
    let moto = Moto::start();
    moto.plant("standard");
    let denied_bucket = "open-data-123";
    let proxy = FaultProxy::start(
        Some(&moto.endpoint),
        &[
            "--mode",
            "pass",
            "--deny",
            &format!(r"^GET /{denied_bucket}/?\?policy(=|&|$)"),
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("atoll.db");
    let json = dir.path().join("scan.json");
    let output = run(atoll()
        .args(["scan", "--endpoint-url", &proxy.endpoint])
        .args(["--regions", "us-east-1", "--customer", "Partial Ltda."])
        .arg("--db")
        .arg(&db)
        .arg("--json")
        .arg(&json));
    assert!(output.status.success(), "the scan completes");
    let stats = proxy.stats();
    assert!(
        stats["denied"].as_u64().unwrap_or(0) >= 1,
        "the policy read was denied: {stats}"
    );
    let report = read_json(&json);
    assert_eq!(report["scan"]["status"], "completed");

    let buckets: Vec<&Value> = report["scan"]["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["resource_type"] == "AWS::S3::Bucket")
        .collect();
    assert_eq!(
        buckets.len(),
        1,
        "one coverage row for buckets: {buckets:?}"
    );
    let coverage = buckets[0];
    assert_eq!(coverage["status"], "partial", "{coverage}");
    let message = coverage["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with("1 of ") && message.to_lowercase().contains("denied"),
        "coverage counts the one unreadable bucket and says why: {message}"
    );

    let store = atoll_store::Store::open(&db).await.unwrap();
    let scan_id = report["scan"]["id"].as_i64().unwrap();
    let (_, results) = store.results(scan_id).await.unwrap();
    let on = |bucket: &str| -> Vec<_> {
        results
            .iter()
            .filter(|r| r.resource_type == "AWS::S3::Bucket" && r.resource_id == bucket)
            .collect()
    };
    let denied = on(denied_bucket);
    assert!(!denied.is_empty(), "the denied bucket is still inventoried");
    for result in &denied {
        assert_eq!(
            result.outcome,
            atoll_core::Outcome::NotAssessed,
            "{} on the unreadable bucket is not assessed, never a pass: {}",
            result.rule_id,
            result.detail
        );
    }
    // The other bucket is assessed by the same rules: its public policy
    // rule passes (it is the planted hardened twin).
    let other = on("locked-data-123");
    let policy = other
        .iter()
        .find(|r| r.rule_id == "s3-bucket-policy-public")
        .expect("the readable bucket is assessed");
    assert_eq!(
        policy.outcome,
        atoll_core::Outcome::Pass,
        "{}",
        policy.detail
    );
    assert!(
        other
            .iter()
            .all(|r| r.outcome != atoll_core::Outcome::NotAssessed),
        "nothing on the readable bucket is lost: {other:?}"
    );
    // And the summary's not-assessed list names the bucket's rules, so the
    // gap reaches the report instead of passing silently.
    let not_assessed = report["summary"]["not_assessed"].to_string();
    assert!(
        not_assessed.contains("s3-bucket-policy-public"),
        "{not_assessed}"
    );
}
