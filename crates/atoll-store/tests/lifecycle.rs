//! A scan's life in the store on a real SQLite file, and the files the store
//! must refuse without touching: whose scan is still live, which outcome
//! wins, a runaway or cancelled evaluation, a database from a newer Atoll,
//! a damaged file, and a database from the first release.

use std::path::{Path, PathBuf};
use std::time::Duration as StdDuration;

use atoll_core::engine::ScanContext;
use atoll_core::scan::ScanStatus;
use atoll_core::score::RuleInfo;
use atoll_core::{Coverage, CoverageStatus, Outcome, Resource, Rule};
use atoll_store::{Store, StoreError};
use chrono::{Duration, Utc};

mod common;
use common::raw_exec;

fn db_file() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("atoll.db");
    (dir, path)
}

/// The catalogue's `rds-instance-multi-az` rule, and a copy of it whose
/// query never ends (a recursive CTE without a bound).
async fn multi_az_and_runaway() -> (Rule, Rule) {
    let rules =
        atoll_core::RuleSet::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules"))
            .await
            .unwrap();
    let multi_az = rules
        .rules
        .iter()
        .find(|r| r.info.id == "rds-instance-multi-az")
        .unwrap()
        .clone();
    let mut runaway = multi_az.clone();
    runaway.info.id = "runaway".into();
    runaway.query = "WITH RECURSIVE forever(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM forever)
        SELECT resource_id, region, 1 AS ok, '' AS detail FROM inventory
        WHERE (SELECT max(n) FROM forever) > 0"
        .into();
    (multi_az, runaway)
}

/// A running scan holding one single-AZ database, and its context.
async fn scan_with_one_database(store: &Store) -> (i64, ScanContext) {
    let regions = vec!["eu-west-1".to_string()];
    let id = store
        .begin_scan(None, &regions, "v1", Utc::now())
        .await
        .unwrap();
    let coverage = vec![Coverage {
        service: "rds".into(),
        resource_type: "AWS::RDS::DBInstance".into(),
        region: "eu-west-1".into(),
        status: CoverageStatus::Ok,
        message: None,
    }];
    let orders = Resource {
        resource_type: "AWS::RDS::DBInstance".into(),
        region: "eu-west-1".into(),
        resource_id: "orders".into(),
        arn: None,
        name: None,
        tags: Default::default(),
        config: serde_json::json!({ "MultiAZ": false, "Engine": "postgres" }),
    };
    store
        .save_inventory(id, "123456789012", &regions, &[orders], &coverage, 3)
        .await
        .unwrap();
    let ctx = ScanContext {
        account_id: "123456789012".into(),
        collected_at: "2026-01-01T00:00:00Z".into(),
        regions,
        coverage,
    };
    (id, ctx)
}

#[tokio::test]
async fn a_second_process_never_marks_a_live_scan_interrupted() {
    let (_dir, path) = db_file();
    let scanning = Store::open(&path).await.unwrap();
    let id = scanning
        .begin_scan(None, &["eu-west-1".into()], "v1", Utc::now())
        .await
        .unwrap();
    // The scan's process id now belongs to some other live program (ids
    // are reused): a process-id test would take the scan for live forever.
    // Here it is this test's own process.
    let reused = std::process::id();
    raw_exec(
        &path,
        &format!("UPDATE scans SET pid = {reused} WHERE id = {id}"),
    )
    .await;

    let other_process = Store::open(&path).await.unwrap();
    assert_eq!(
        other_process.scan(id).await.unwrap().status,
        ScanStatus::Running,
        "a scan with a fresh heartbeat is live"
    );

    // The scanning process beats; a minute later the scan is still live.
    let a_minute_ago = atoll_store::timestamp(Utc::now() - Duration::minutes(1));
    raw_exec(
        &path,
        &format!("UPDATE scans SET heartbeat_at = '{a_minute_ago}' WHERE id = {id}"),
    )
    .await;
    let alive = scanning.keep_alive(id);
    tokio::time::sleep(StdDuration::from_millis(300)).await;
    let beat: String = sqlx_scalar(
        &path,
        &format!("SELECT heartbeat_at FROM scans WHERE id = {id}"),
    )
    .await;
    assert!(beat > a_minute_ago, "the first beat is immediate: {beat}");
    drop(alive);
    assert_eq!(
        Store::open(&path)
            .await
            .unwrap()
            .scan(id)
            .await
            .unwrap()
            .status,
        ScanStatus::Running
    );

    // Its heartbeat stopped three minutes ago: the process is gone.
    let stopped = atoll_store::timestamp(Utc::now() - Duration::minutes(3));
    raw_exec(
        &path,
        &format!("UPDATE scans SET heartbeat_at = '{stopped}' WHERE id = {id}"),
    )
    .await;
    let scan = Store::open(&path).await.unwrap().scan(id).await.unwrap();
    assert_eq!(scan.status, ScanStatus::Interrupted);
    assert_eq!(scan.finished_at.as_deref(), Some(stopped.as_str()));
    assert!(
        scan.error
            .unwrap()
            .contains("stopped before the scan finished")
    );
}

async fn sqlx_scalar(path: &Path, sql: &str) -> String {
    use sqlx::Connection;
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(&mut conn)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_scan_changes_status_only_from_running() {
    let (_dir, path) = db_file();
    let store = Store::open(&path).await.unwrap();
    let (multi_az, _) = multi_az_and_runaway().await;
    let infos = [RuleInfo::from(&multi_az)];

    // Marked interrupted by another process, the scan cannot complete later.
    let (id, ctx) = scan_with_one_database(&store).await;
    let results = store
        .evaluate(id, std::slice::from_ref(&multi_az), &ctx)
        .await
        .unwrap();
    raw_exec(
        &path,
        &format!("UPDATE scans SET status = 'interrupted' WHERE id = {id}"),
    )
    .await;
    match store.complete_scan(id, &infos, &results, Utc::now()).await {
        Err(StoreError::ScanNotRunning { status, .. }) => {
            assert_eq!(status, ScanStatus::Interrupted)
        }
        other => panic!("expected ScanNotRunning, got {other:?}"),
    }
    let stored: String = sqlx_scalar(
        &path,
        &format!("SELECT count(*) || '' FROM results WHERE scan_id = {id}"),
    )
    .await;
    assert_eq!(stored, "0", "no results of a scan that did not complete");

    // A cancel that comes after the completion leaves the scan completed.
    let (id, ctx) = scan_with_one_database(&store).await;
    let results = store
        .evaluate(id, std::slice::from_ref(&multi_az), &ctx)
        .await
        .unwrap();
    store
        .complete_scan(id, &infos, &results, Utc::now())
        .await
        .unwrap();
    let now = store
        .end_scan_unfinished(id, ScanStatus::Cancelled, "cancelled by the user")
        .await
        .unwrap();
    assert_eq!(now, ScanStatus::Completed);
    assert_eq!(store.scan(id).await.unwrap().status, ScanStatus::Completed);
    assert_eq!(store.results(id).await.unwrap().1.len(), 1);

    // A cancelled scan stays cancelled when a failure is reported after.
    let (id, _) = scan_with_one_database(&store).await;
    store
        .end_scan_unfinished(id, ScanStatus::Cancelled, "cancelled by the user")
        .await
        .unwrap();
    let now = store
        .end_scan_unfinished(id, ScanStatus::Failed, "connection reset")
        .await
        .unwrap();
    assert_eq!(now, ScanStatus::Cancelled);
    let scan = store.scan(id).await.unwrap();
    assert_eq!(scan.error.as_deref(), Some("cancelled by the user"));
}

#[tokio::test]
async fn a_runaway_rule_is_not_assessed_and_the_scan_completes_with_the_others() {
    let (_dir, path) = db_file();
    let store = Store::open(&path).await.unwrap();
    let (multi_az, runaway) = multi_az_and_runaway().await;
    let (id, ctx) = scan_with_one_database(&store).await;
    let rules = [runaway, multi_az];
    let results = store
        .evaluate_within(id, &rules, &ctx, StdDuration::from_millis(300))
        .await
        .unwrap();
    let infos: Vec<RuleInfo> = rules.iter().map(RuleInfo::from).collect();
    store
        .complete_scan(id, &infos, &results, Utc::now())
        .await
        .unwrap();

    let (_, stored) = store.results(id).await.unwrap();
    let runaway = stored.iter().find(|r| r.rule_id == "runaway").unwrap();
    assert_eq!(runaway.outcome, Outcome::NotAssessed);
    assert!(
        runaway.detail.contains("ran longer than the 0.3 s limit"),
        "{}",
        runaway.detail
    );
    let multi_az = stored
        .iter()
        .find(|r| r.rule_id == "rds-instance-multi-az")
        .unwrap();
    assert_eq!(
        (multi_az.resource_id.as_str(), multi_az.outcome),
        ("orders", Outcome::Fail)
    );
}

#[tokio::test]
async fn a_cancelled_evaluation_leaves_the_store_writable() {
    let (_dir, path) = db_file();
    let store = Store::open(&path).await.unwrap();
    let (multi_az, runaway) = multi_az_and_runaway().await;
    let (id, ctx) = scan_with_one_database(&store).await;
    // The user cancels while a slow rule runs: the evaluation is dropped.
    let slow = [runaway];
    let evaluation = store.evaluate_within(id, &slow, &ctx, StdDuration::from_secs(5));
    assert!(
        tokio::time::timeout(StdDuration::from_millis(300), evaluation)
            .await
            .is_err()
    );
    store
        .end_scan_unfinished(id, ScanStatus::Cancelled, "cancelled by the user")
        .await
        .unwrap();
    // Every connection of the pool still writes (a connection left in
    // query_only mode would fail one of these).
    for n in 0..12 {
        store.customer_id(&format!("customer {n}")).await.unwrap();
    }
    let (next, ctx) = scan_with_one_database(&store).await;
    let results = store
        .evaluate(next, std::slice::from_ref(&multi_az), &ctx)
        .await
        .unwrap();
    store
        .complete_scan(next, &[RuleInfo::from(&multi_az)], &results, Utc::now())
        .await
        .unwrap();
    assert_eq!(store.scan(id).await.unwrap().status, ScanStatus::Cancelled);
}

fn file_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[tokio::test]
async fn a_database_from_a_newer_atoll_is_refused_and_left_as_it_is() {
    let (_dir, path) = db_file();
    let store = Store::open(&path).await.unwrap();
    store.customer_id("Acme").await.unwrap();
    drop(store);
    // A later version added migration 9001.
    raw_exec(
        &path,
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (9001, 'a later version', 1, x'00', 1);
         PRAGMA wal_checkpoint(TRUNCATE);",
    )
    .await;
    let before = file_bytes(&path);

    let error = match Store::open(&path).await {
        Err(e) => e,
        Ok(_) => panic!("a newer database must be refused"),
    };
    assert!(
        matches!(error, StoreError::NewerSchema { found: 9001, .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.contains("newer version of Atoll"), "{message}");
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert_eq!(file_bytes(&path), before, "the database is not changed");
}

#[tokio::test]
async fn a_file_that_is_not_a_database_or_is_damaged_gets_a_clear_message_and_is_kept() {
    let (dir, _) = db_file();
    // Something else saved under the database's name.
    let notes = dir.path().join("notes.db");
    std::fs::write(
        &notes,
        "Customer call notes: review on Tuesday.\n".repeat(200),
    )
    .unwrap();
    // A database whose header was overwritten.
    let damaged = dir.path().join("damaged.db");
    let store = Store::open(&damaged).await.unwrap();
    store.customer_id("Acme").await.unwrap();
    store.integrity_check().await.unwrap();
    drop(store);
    raw_exec(&damaged, "PRAGMA wal_checkpoint(TRUNCATE)").await;
    let mut bytes = file_bytes(&damaged);
    bytes[..16].copy_from_slice(b"not sqlite here!");
    std::fs::write(&damaged, &bytes).unwrap();

    for path in [notes, damaged] {
        let before = file_bytes(&path);
        let error = match Store::open(&path).await {
            Err(e) => e,
            Ok(_) => panic!("{} must be refused", path.display()),
        };
        assert!(matches!(error, StoreError::Unreadable { .. }), "{error:?}");
        let message = error.to_string();
        assert!(message.contains(&path.display().to_string()), "{message}");
        assert!(
            message.contains("not an Atoll database, or it is damaged"),
            "{message}"
        );
        assert!(message.contains("move it aside"), "{message}");
        assert_eq!(
            file_bytes(&path),
            before,
            "{} is not changed",
            path.display()
        );
    }
}

/// The migrations as they shipped. An applied migration must never change
/// (SQLite databases in the field hold its checksum, and sqlx refuses a
/// database whose migration differs): add a new migration instead, and its
/// line here.
const SHIPPED_MIGRATIONS: [(i64, &str, &str); 6] = [
    (
        1,
        "initial",
        "4239e78e5ff9e722b06faff2fc94f21f69d28660f022c9630e46569fa6da21a303a474c47152ac92e581aaa5d5df4dfa",
    ),
    (
        2,
        "customer profiles",
        "86e3163a877662f0441dec5cfd4a67ee35e9fedab34f9d717e81f664e472280cc533d8489f88d3a36e668dac23df6c78",
    ),
    (
        3,
        "suppression lookup",
        "af64d562e74b32acdc9a1b952c2209085d14786225d188412a525e93e7ff2e6c0cb377d511fa00a1f70d5a4e23e9a9e3",
    ),
    (
        4,
        "scan heartbeat",
        "59e4bd9bfa99ec1ae982c2da01ab528389c1aa9a23688897dd2d0730c616a655c8766d8e4e811012977d01af35a797f2",
    ),
    (
        5,
        "organization reviews",
        "ee7d36ddc4d41717b7b13b5c3667a4bd61b5fe37a006792f6477af2a5236826e5f66834eac0276a9fbde6bc4789ad14b",
    ),
    (
        6,
        "customer organization",
        "b834c4d0e6fa5a1f6ac70c3ca8ae449df88a2a0cf3dbca14476b97e433c870067a87f23e792f7abb46eca829c04512e9",
    ),
];

#[test]
fn shipped_migrations_never_change() {
    let compiled: Vec<(i64, String, String)> = atoll_store::migrator()
        .iter()
        .map(|m| {
            let checksum: String = m.checksum.iter().map(|b| format!("{b:02x}")).collect();
            (m.version, m.description.to_string(), checksum)
        })
        .collect();
    let shipped: Vec<(i64, String, String)> = SHIPPED_MIGRATIONS
        .iter()
        .map(|(v, d, c)| (*v, d.to_string(), c.to_string()))
        .collect();
    assert_eq!(compiled, shipped);
}

#[tokio::test]
async fn a_database_from_the_first_release_upgrades_and_reads_the_same() {
    let (_dir, path) = db_file();
    // The first release's schema: its migration 1, as it shipped (the file
    // is `git show cd4393a:crates/atoll-store/migrations/0001_initial.sql`),
    // applied by sqlx the way that release applied it, then the rows that
    // release wrote.
    {
        use sqlx::Connection;
        use sqlx::SqlSafeStr;
        use sqlx::migrate::{Migration, MigrationType, Migrator};
        let sql = include_str!("fixtures/first-release/0001_initial.sql");
        let first_release = Migrator::with_migrations(vec![Migration::new(
            1,
            "initial".into(),
            MigrationType::Simple,
            sqlx::AssertSqlSafe(sql).into_sql_str(),
            false,
        )]);
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true);
        let mut conn = sqlx::SqliteConnection::connect_with(&options)
            .await
            .unwrap();
        first_release.run(&mut conn).await.unwrap();
        conn.close().await.unwrap();
    }
    raw_exec(
        &path,
        r#"INSERT INTO customers (id, name, profile, regions, notes, created_at)
             VALUES (1, 'Acme Fintech', 'acme-readonly', '["eu-west-1"]', 'first review', '2026-03-01T09:00:00Z');
           INSERT INTO scans (id, customer_id, account_id, regions, started_at, finished_at, status, rules_version, api_calls, pid)
             VALUES (1, 1, '123456789012', '["eu-west-1"]', '2026-03-01T09:05:00Z', '2026-03-01T09:06:10Z', 'completed', 'v0.1', 42, 4242),
                    (2, 1, NULL, '["eu-west-1"]', '2026-03-02T09:05:00Z', NULL, 'running', 'v0.1', 0, 4243);
           INSERT INTO resources (scan_id, type, region, resource_id, arn, name, tags, config)
             VALUES (1, 'AWS::RDS::DBInstance', 'eu-west-1', 'orders', 'arn:aws:rds:eu-west-1:123456789012:db:orders', 'orders', '{}', '{"MultiAZ":false}');
           INSERT INTO coverage (scan_id, service, resource_type, region, status, message)
             VALUES (1, 'rds', 'AWS::RDS::DBInstance', 'eu-west-1', 'ok', NULL);
           INSERT INTO results (scan_id, rule_id, resource_type, region, resource_id, arn, outcome, detail)
             VALUES (1, 'rds-instance-multi-az', 'AWS::RDS::DBInstance', 'eu-west-1', 'orders', NULL, 'fail', 'MultiAZ is off');
           INSERT INTO suppressions (customer_id, rule_id, resource_type, region, resource_id, reason, author, created_at)
             VALUES (1, 'rds-instance-multi-az', 'AWS::RDS::DBInstance', 'eu-west-1', 'orders', 'dev database', 'jo', '2026-03-01T10:00:00Z');"#,
    )
    .await;

    let store = Store::open(&path).await.unwrap();
    let customers = store.customers().await.unwrap();
    assert_eq!(customers.len(), 1);
    let acme = &customers[0].profile;
    assert_eq!(acme.name, "Acme Fintech");
    assert_eq!(acme.profile.as_deref(), Some("acme-readonly"));
    assert_eq!(acme.access, atoll_store::AccessKind::Profile);
    assert_eq!(customers[0].scans, 1);
    let scan = store.scan(1).await.unwrap();
    assert_eq!(
        (scan.status, scan.api_calls, scan.account_id.as_deref()),
        (ScanStatus::Completed, 42, Some("123456789012"))
    );
    let inventory = store.inventory(1).await.unwrap();
    assert_eq!(inventory[0].config, serde_json::json!({ "MultiAZ": false }));
    let (_, results) = store.results(1).await.unwrap();
    assert_eq!(
        (results[0].resource_id.as_str(), results[0].outcome),
        ("orders", Outcome::Fail)
    );
    assert_eq!(
        store.suppressions(Some(1), Utc::now()).await.unwrap().len(),
        1
    );
    // Its inventory (config stored as JSON text, not JSONB) evaluates alike.
    let (multi_az, _) = multi_az_and_runaway().await;
    let ctx = ScanContext {
        account_id: "123456789012".into(),
        collected_at: "2026-03-01T09:05:00Z".into(),
        regions: scan.regions.clone(),
        coverage: scan.coverage.clone(),
    };
    let again = store.evaluate(1, &[multi_az], &ctx).await.unwrap();
    assert_eq!(
        (again[0].resource_id.as_str(), again[0].outcome),
        ("orders", Outcome::Fail)
    );
    // The scan that release left running has no heartbeat: abandoned.
    assert_eq!(store.scan(2).await.unwrap().status, ScanStatus::Interrupted);
    assert!(store.integrity_check().await.unwrap());
}
