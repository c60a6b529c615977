//! The store on a real SQLite file.

use atoll_core::engine::ScanContext;
use atoll_core::scan::ScanStatus;
use atoll_core::score::RuleInfo;
use atoll_core::{Coverage, CoverageStatus, Outcome, Resource, RuleResult};
use atoll_store::{Store, StoreError, Suppression};
use chrono::{Duration, TimeZone, Utc};

mod common;
use common::raw_exec;

fn db_instance(id: &str, multi_az: bool) -> Resource {
    Resource {
        resource_type: "AWS::RDS::DBInstance".into(),
        region: "eu-west-1".into(),
        resource_id: id.into(),
        arn: None,
        name: Some("São Paulo orders 顧客".into()),
        tags: Default::default(),
        config: serde_json::json!({ "MultiAZ": multi_az }),
    }
}

fn failing(id: &str) -> RuleResult {
    RuleResult {
        rule_id: "rds-instance-multi-az".into(),
        resource_type: "AWS::RDS::DBInstance".into(),
        region: "eu-west-1".into(),
        resource_id: id.into(),
        arn: None,
        outcome: Outcome::Fail,
        detail: "Multi-AZ is off: the instance has no standby in another Availability Zone".into(),
    }
}

#[tokio::test]
async fn a_scan_whose_heartbeat_stopped_is_marked_interrupted_and_has_no_results() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("atoll.db");
    let store = Store::open(&path).await.unwrap();
    let id = store
        .begin_scan(None, &["eu-west-1".into()], "v1", Utc::now())
        .await
        .unwrap();
    // A process that died three minutes ago: its last heartbeat.
    let stopped = atoll_store::timestamp(Utc::now() - Duration::minutes(3));
    raw_exec(
        &path,
        &format!("UPDATE scans SET heartbeat_at = '{stopped}' WHERE id = {id}"),
    )
    .await;
    drop(store);

    let store = Store::open(&path).await.unwrap();
    assert_eq!(
        store.scan(id).await.unwrap().status,
        ScanStatus::Interrupted
    );
    assert!(matches!(
        store.results(id).await,
        Err(StoreError::ScanNotCompleted { .. })
    ));
    assert!(store.integrity_check().await.unwrap());
}

/// Runs one statement on the database file behind the store's back.
async fn raw_update(path: &std::path::Path, sql: &'static str, id: i64) {
    use sqlx::Connection;
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    sqlx::query(sql).bind(id).execute(&mut conn).await.unwrap();
}

#[tokio::test]
async fn a_corrupt_row_is_a_corrupt_store_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("atoll.db");
    let store = Store::open(&path).await.unwrap();
    let id = store
        .begin_scan(None, &["eu-west-1".into()], "v1", Utc::now())
        .await
        .unwrap();
    // SQLite keeps what it is given: a text where a number belongs, and a
    // coverage status no version of Atoll writes.
    raw_update(
        &path,
        "UPDATE scans SET api_calls = 'many' WHERE id = ?",
        id,
    )
    .await;
    match store.scan(id).await {
        Err(StoreError::Corrupt(message)) => assert!(message.contains("api_calls"), "{message}"),
        other => panic!("expected a corrupt-store error, got {other:?}"),
    }
    raw_update(&path, "UPDATE scans SET api_calls = 3 WHERE id = ?", id).await;
    raw_update(
        &path,
        "INSERT INTO coverage (scan_id, service, resource_type, region, status) VALUES (?, 's3', 'AWS::S3::Bucket', 'global', 'paused')",
        id,
    )
    .await;
    match store.scan(id).await {
        Err(StoreError::Corrupt(message)) => assert!(message.contains("paused"), "{message}"),
        other => panic!("expected a corrupt-store error, got {other:?}"),
    }
}

#[tokio::test]
async fn rules_see_only_their_scan_and_results_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("atoll.db")).await.unwrap();
    let customer = store.customer_id("São Paulo Fintech 顧客").await.unwrap();
    let regions = vec!["eu-west-1".to_string()];
    let coverage = vec![Coverage {
        service: "rds".into(),
        resource_type: "AWS::RDS::DBInstance".into(),
        region: "eu-west-1".into(),
        status: CoverageStatus::Ok,
        message: None,
    }];
    let rules = atoll_core::RuleSet::load_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules"),
    )
    .await
    .unwrap();
    let multi_az: Vec<_> = rules
        .rules
        .iter()
        .filter(|r| r.info.id == "rds-instance-multi-az")
        .cloned()
        .collect();

    let mut ids = Vec::new();
    for (n, resources) in [
        vec![db_instance("orders", false)],
        vec![db_instance("orders", true)],
    ]
    .iter()
    .enumerate()
    {
        let id = store
            .begin_scan(Some(customer), &regions, &rules.version, Utc::now())
            .await
            .unwrap();
        store
            .save_inventory(
                id,
                "123456789012",
                &regions,
                resources,
                &coverage,
                10 + n as u64,
            )
            .await
            .unwrap();
        let ctx = ScanContext {
            account_id: "123456789012".into(),
            collected_at: "2026-01-01T00:00:00Z".into(),
            regions: regions.clone(),
            coverage: coverage.clone(),
        };
        let results = store.evaluate(id, &multi_az, &ctx).await.unwrap();
        let infos: Vec<RuleInfo> = multi_az.iter().map(RuleInfo::from).collect();
        store
            .complete_scan(id, &infos, &results, Utc::now())
            .await
            .unwrap();
        ids.push(id);
    }
    let (_, first) = store.results(ids[0]).await.unwrap();
    let (_, second) = store.results(ids[1]).await.unwrap();
    assert_eq!(
        first,
        vec![failing("orders")],
        "scan 1 sees its single-AZ instance"
    );
    assert_eq!(
        second[0].outcome,
        Outcome::Pass,
        "scan 2 sees only its own, Multi-AZ, instance"
    );
    let scan = store.scan(ids[0]).await.unwrap();
    assert_eq!(scan.customer.as_deref(), Some("São Paulo Fintech 顧客"));
    assert_eq!(scan.status, ScanStatus::Completed);
    assert_eq!(
        store.inventory(ids[0]).await.unwrap(),
        vec![db_instance("orders", false)]
    );
}

#[tokio::test]
async fn a_suppression_applies_until_it_expires() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("atoll.db")).await.unwrap();
    let customer = store.customer_id("Acme").await.unwrap();
    let id = store
        .begin_scan(Some(customer), &[], "v1", Utc::now())
        .await
        .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap();
    store
        .add_suppression(
            Some(customer),
            &Suppression {
                rule_id: "rds-instance-multi-az".into(),
                resource_type: "AWS::RDS::DBInstance".into(),
                region: "eu-west-1".into(),
                resource_id: "orders".into(),
                reason: "batch database, restored from snapshots".into(),
                author: "jane@partner.example".into(),
                expires_at: Some(atoll_store::timestamp(now + Duration::days(30))),
            },
        )
        .await
        .unwrap();
    assert_eq!(store.suppressed_keys(id, now).await.unwrap().len(), 1);
    assert!(
        store
            .suppressed_keys(id, now + Duration::days(31))
            .await
            .unwrap()
            .is_empty(),
        "expired suppressions stop applying"
    );
}

/// The dashboard's counts come from SQL (`result_counts`); the CLI counts
/// in Rust (`count_results`). Both must agree on every case a scan holds:
/// failures, passes, results not assessed, an accepted risk on a failure
/// and on a pass, an expired one, and another customer's.
#[tokio::test]
async fn result_counts_in_sql_equal_the_counts_of_every_result() {
    use atoll_core::score::{count_results, summarize, summarize_counts};

    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("atoll.db")).await.unwrap();
    let acme = store.customer_id("Acme").await.unwrap();
    let other = store.customer_id("Other").await.unwrap();
    let regions = vec!["eu-west-1".to_string(), "us-east-1".to_string()];
    let id = store
        .begin_scan(Some(acme), &regions, "v1", Utc::now())
        .await
        .unwrap();
    let rule = |id: &str| {
        let mut info: RuleInfo = serde_json::from_value(serde_json::json!({
            "id": id, "title": id, "pillar": "reliability", "question": "REL10",
            "best_practices": ["REL10-BP01"], "risk": "high", "impact": "downtime",
            "domain": "database", "effort_hours": 1.0, "description": "", "remediation": [],
            "remediation_cli": null, "references": []
        }))
        .unwrap();
        info.id = id.into();
        info
    };
    let infos = vec![rule("rds-instance-multi-az"), rule("rds-backups")];
    let mut results = Vec::new();
    for i in 0..40 {
        let mut r = failing(&format!("db-{i}"));
        r.region = regions[i % 2].clone();
        r.outcome = [
            Outcome::Fail,
            Outcome::Pass,
            Outcome::Fail,
            Outcome::NotAssessed,
        ][i % 4];
        if r.outcome == Outcome::NotAssessed {
            r.detail = format!("access denied in {}", r.region);
        }
        if i % 5 == 0 {
            r.rule_id = "rds-backups".into();
        }
        results.push(r);
    }
    store
        .save_inventory(id, "123456789012", &regions, &[], &[], 1)
        .await
        .unwrap();
    store
        .complete_scan(id, &infos, &results, Utc::now())
        .await
        .unwrap();
    let now = Utc::now();
    let accept = |r: &RuleResult, expires: Option<String>| Suppression {
        rule_id: r.rule_id.clone(),
        resource_type: r.resource_type.clone(),
        region: r.region.clone(),
        resource_id: r.resource_id.clone(),
        reason: "accepted".into(),
        author: "Ana".into(),
        expires_at: expires,
    };
    let future = Some(atoll_store::timestamp(now + Duration::days(3)));
    let past = Some(atoll_store::timestamp(now - Duration::days(3)));
    store
        .add_suppression(Some(acme), &accept(&results[0], future.clone()))
        .await
        .unwrap(); // a failure, accepted
    store
        .add_suppression(Some(acme), &accept(&results[1], None))
        .await
        .unwrap(); // a pass, accepted
    store
        .add_suppression(Some(acme), &accept(&results[2], past))
        .await
        .unwrap(); // expired
    store
        .add_suppression(Some(other), &accept(&results[6], future))
        .await
        .unwrap(); // another customer's

    let (mut sql_counts, sql_not_assessed) = store.result_counts(id, now).await.unwrap();
    let suppressed = store.suppressed_keys(id, now).await.unwrap();
    assert_eq!(suppressed.len(), 2);
    let (mut counts, not_assessed) = count_results(&results, &suppressed);
    sql_counts.sort();
    counts.sort();
    assert_eq!(sql_counts, counts);
    assert_eq!(sql_not_assessed, not_assessed);
    let summary = summarize_counts(&infos, &sql_counts, sql_not_assessed);
    assert_eq!(summary, summarize(&infos, &results, &suppressed));
    assert_eq!(summary.suppressed, 1);
    assert_eq!(summary.not_assessed.len(), 10);
}

/// The database holds the customer's inventory: a new file is readable by
/// its owner only, and so are the WAL and shared-memory files SQLite makes.
#[cfg(unix)]
#[tokio::test]
async fn a_new_database_file_is_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("customers").join("atoll.db");
    let store = Store::open(&path).await.unwrap();
    store.customers().await.unwrap();
    for name in ["atoll.db", "atoll.db-wal", "atoll.db-shm"] {
        let file = path.with_file_name(name);
        let Ok(meta) = std::fs::metadata(&file) else {
            assert_ne!(name, "atoll.db", "the database file exists");
            continue;
        };
        assert_eq!(
            meta.permissions().mode() & 0o777,
            0o600,
            "{name} is readable by its owner only"
        );
    }
}
