//! The store on a real SQLite file.

use atoll_core::engine::ScanContext;
use atoll_core::score::RuleInfo;
use atoll_core::{Coverage, CoverageStatus, Outcome, Resource, RuleResult};
use atoll_store::{ScanStatus, Store, StoreError, Suppression};
use chrono::{Duration, TimeZone, Utc};

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
        detail: "MultiAZ is off: the instance has no standby in another Availability Zone".into(),
    }
}

#[tokio::test]
async fn a_scan_left_running_by_a_dead_process_is_marked_interrupted_and_has_no_results() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("atoll.db");
    let store = Store::open(&path).await.unwrap();
    let id = store
        .begin_scan(None, &["eu-west-1".into()], "v1", Utc::now())
        .await
        .unwrap();
    // Simulate a process that died: a pid that cannot exist.
    sqlx_set_pid(&path, id).await;
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

async fn sqlx_set_pid(path: &std::path::Path, id: i64) {
    use sqlx::Connection;
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    sqlx::query("UPDATE scans SET pid = 2147483647 WHERE id = ?")
        .bind(id)
        .execute(&mut conn)
        .await
        .unwrap();
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
        .filter(|r| r.id == "rds-instance-multi-az")
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
