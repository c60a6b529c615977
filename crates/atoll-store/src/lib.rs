//! Atoll's SQLite store (sqlx, with migrations): customers, scans, their
//! inventory, coverage, rule snapshot, results and suppressions.
//!
//! A scan row is written first with status `running`; its data is written in
//! transactions that touch only that scan, so a failed, cancelled or killed
//! scan never damages earlier ones. A scan whose process died is marked
//! `interrupted` the next time the store is opened.

use std::collections::HashSet;
use std::path::Path;
use std::str::FromStr;

use atoll_core::engine::{self, ScanContext};
use atoll_core::score::{FindingKey, NotAssessed, ResultCount, RuleInfo};
use atoll_core::{Coverage, CoverageStatus, Outcome, Resource, RuleResult};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use sqlx::{AssertSqlSafe, Connection, Row};

mod customers;
pub use customers::{AccessKind, Customer, CustomerDraft, StoredSuppression};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database {path}: {source}")]
    Open { path: String, source: sqlx::Error },
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Sqlite(#[from] sqlx::Error),
    #[error("scan {0} does not exist")]
    NoSuchScan(i64),
    #[error("customer {0} does not exist")]
    NoSuchCustomer(i64),
    #[error("a customer named `{0}` already exists")]
    DuplicateCustomer(String),
    #[error("scan {id} is {status}, not completed: it has no results to read")]
    ScanNotCompleted { id: i64, status: ScanStatus },
    #[error("corrupt stored value: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Engine(#[from] engine::EngineError),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum ScanStatus {
    Running,
    Completed,
    Failed,
    Cancelled,
    Interrupted,
}

impl ScanStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ScanStatus::Running => "running",
            ScanStatus::Completed => "completed",
            ScanStatus::Failed => "failed",
            ScanStatus::Cancelled => "cancelled",
            ScanStatus::Interrupted => "interrupted",
        }
    }
}

impl FromStr for ScanStatus {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        serde_json::from_value(serde_json::Value::String(s.to_string()))
            .map_err(|_| StoreError::Corrupt(format!("scan status `{s}`")))
    }
}

impl std::fmt::Display for ScanStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A scan as the CLI's JSON (`scan`) and the app show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ScanRecord {
    #[ts(type = "number")]
    pub id: i64,
    pub customer: Option<String>,
    pub account_id: Option<String>,
    pub regions: Vec<String>,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub status: ScanStatus,
    pub error: Option<String>,
    #[ts(type = "number")]
    pub api_calls: u64,
    pub rules_version: String,
    pub coverage: Vec<Coverage>,
}

/// An accepted risk on one finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Suppression {
    pub rule_id: String,
    pub resource_type: String,
    pub region: String,
    pub resource_id: String,
    pub reason: String,
    pub author: String,
    /// RFC 3339; after it the suppression no longer applies.
    pub expires_at: Option<String>,
}

pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("plain data serializes")
}

fn parse_json<T: for<'de> Deserialize<'de>>(text: &str, what: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

#[derive(Clone)]
pub struct Store {
    pub(crate) pool: SqlitePool,
}

impl Store {
    /// Opens (creating if needed) the database file and brings its schema up
    /// to date.
    pub async fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = std::fs::create_dir_all(dir);
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            .busy_timeout(std::time::Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|source| StoreError::Open {
                path: path.display().to_string(),
                source,
            })?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        let store = Store { pool };
        store.mark_abandoned_scans().await?;
        Ok(store)
    }

    /// Scans left `running` by a process that no longer exists were killed.
    async fn mark_abandoned_scans(&self) -> Result<(), StoreError> {
        let running = sqlx::query("SELECT id, pid FROM scans WHERE status = 'running'")
            .fetch_all(&self.pool)
            .await?;
        for row in running {
            let id: i64 = row.get("id");
            let pid: Option<i64> = row.get("pid");
            if !pid.is_some_and(process_alive) {
                sqlx::query(
                    "UPDATE scans SET status = 'interrupted', error = 'the scanning process stopped before the scan finished' WHERE id = ?",
                )
                .bind(id)
                .execute(&self.pool)
                .await?;
            }
        }
        Ok(())
    }

    /// Finds a customer by name, creating it if needed.
    pub async fn customer_id(&self, name: &str) -> Result<i64, StoreError> {
        sqlx::query(
            "INSERT INTO customers (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(timestamp(Utc::now()))
        .execute(&self.pool)
        .await?;
        Ok(
            sqlx::query_scalar("SELECT id FROM customers WHERE name = ?")
                .bind(name)
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Records the start of a scan and returns its id.
    pub async fn begin_scan(
        &self,
        customer_id: Option<i64>,
        regions: &[String],
        rules_version: &str,
        started_at: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let id = sqlx::query(
            "INSERT INTO scans (customer_id, regions, started_at, status, rules_version, pid) VALUES (?, ?, ?, 'running', ?, ?)",
        )
        .bind(customer_id)
        .bind(json(&regions))
        .bind(timestamp(started_at))
        .bind(rules_version)
        .bind(i64::from(std::process::id()))
        .execute(&self.pool)
        .await?
        .last_insert_rowid();
        Ok(id)
    }

    /// Stores what the collectors gathered, in one transaction.
    pub async fn save_inventory(
        &self,
        scan_id: i64,
        account_id: &str,
        regions: &[String],
        resources: &[Resource],
        coverage: &[Coverage],
        api_calls: u64,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE scans SET account_id = ?, regions = ?, api_calls = ? WHERE id = ?")
            .bind(account_id)
            .bind(json(&regions))
            .bind(api_calls as i64)
            .bind(scan_id)
            .execute(&mut *tx)
            .await?;
        for r in resources {
            sqlx::query(
                "INSERT INTO resources (scan_id, type, region, resource_id, arn, name, tags, config) VALUES (?, ?, ?, ?, ?, ?, ?, jsonb(?))",
            )
            .bind(scan_id)
            .bind(&r.resource_type)
            .bind(&r.region)
            .bind(&r.resource_id)
            .bind(&r.arn)
            .bind(&r.name)
            .bind(json(&r.tags))
            .bind(r.config.to_string())
            .execute(&mut *tx)
            .await?;
        }
        for c in coverage {
            sqlx::query("INSERT INTO coverage (scan_id, service, resource_type, region, status, message) VALUES (?, ?, ?, ?, ?, ?)")
                .bind(scan_id)
                .bind(&c.service)
                .bind(&c.resource_type)
                .bind(&c.region)
                .bind(c.status.as_str())
                .bind(&c.message)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Evaluates rules over a stored scan's inventory. The rule queries see
    /// only this scan's rows, through a temporary `inventory` view.
    pub async fn evaluate(
        &self,
        scan_id: i64,
        rules: &[atoll_core::Rule],
        ctx: &ScanContext,
    ) -> Result<Vec<RuleResult>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        sqlx::query("DROP VIEW IF EXISTS temp.inventory")
            .execute(&mut *conn)
            .await?;
        // scan_id is an integer we own, not user text.
        sqlx::query(AssertSqlSafe(format!(
            "CREATE TEMP VIEW inventory AS SELECT {} FROM main.resources WHERE scan_id = {scan_id}",
            engine::INVENTORY_COLUMNS
        )))
        .execute(&mut *conn)
        .await?;
        let results = engine::evaluate(conn.as_mut(), rules, ctx).await;
        sqlx::query("DROP VIEW IF EXISTS temp.inventory")
            .execute(&mut *conn)
            .await?;
        Ok(results?)
    }

    /// Stores the rule snapshot and results and marks the scan completed.
    pub async fn complete_scan(
        &self,
        scan_id: i64,
        rules: &[RuleInfo],
        results: &[RuleResult],
        finished_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        for rule in rules {
            sqlx::query("INSERT INTO scan_rules (scan_id, rule_id, info) VALUES (?, ?, ?)")
                .bind(scan_id)
                .bind(&rule.id)
                .bind(json(rule))
                .execute(&mut *tx)
                .await?;
        }
        for r in results {
            sqlx::query(
                "INSERT INTO results (scan_id, rule_id, resource_type, region, resource_id, arn, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(scan_id)
            .bind(&r.rule_id)
            .bind(&r.resource_type)
            .bind(&r.region)
            .bind(&r.resource_id)
            .bind(&r.arn)
            .bind(r.outcome.as_str())
            .bind(&r.detail)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("UPDATE scans SET status = 'completed', finished_at = ? WHERE id = ?")
            .bind(timestamp(finished_at))
            .bind(scan_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Marks a scan that did not complete, keeping why.
    pub async fn end_scan_unfinished(
        &self,
        scan_id: i64,
        status: ScanStatus,
        error: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE scans SET status = ?, error = ?, finished_at = ? WHERE id = ?")
            .bind(status.as_str())
            .bind(error)
            .bind(timestamp(Utc::now()))
            .bind(scan_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn scan(&self, scan_id: i64) -> Result<ScanRecord, StoreError> {
        let row = sqlx::query(
            "SELECT s.id, c.name AS customer, s.account_id, s.regions, s.started_at, s.finished_at, s.status, s.error,
                    s.api_calls, s.rules_version
             FROM scans s LEFT JOIN customers c ON c.id = s.customer_id WHERE s.id = ?",
        )
        .bind(scan_id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NoSuchScan(scan_id))?;
        let status: String = row.get("status");
        Ok(ScanRecord {
            id: row.get("id"),
            customer: row.get("customer"),
            account_id: row.get("account_id"),
            regions: parse_json(row.get::<&str, _>("regions"), "scan regions")?,
            started_at: row.get("started_at"),
            finished_at: row.get("finished_at"),
            status: status.parse()?,
            error: row.get("error"),
            api_calls: row.get::<i64, _>("api_calls") as u64,
            rules_version: row.get("rules_version"),
            coverage: self.coverage(scan_id).await?,
        })
    }

    /// Scans, newest first; of one customer when named.
    pub async fn scans(&self, customer: Option<&str>) -> Result<Vec<ScanRecord>, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT s.id FROM scans s LEFT JOIN customers c ON c.id = s.customer_id
             WHERE ?1 IS NULL OR c.name = ?1 ORDER BY s.id DESC",
        )
        .bind(customer)
        .fetch_all(&self.pool)
        .await?;
        let mut scans = Vec::with_capacity(ids.len());
        for id in ids {
            scans.push(self.scan(id).await?);
        }
        Ok(scans)
    }

    async fn coverage(&self, scan_id: i64) -> Result<Vec<Coverage>, StoreError> {
        let rows = sqlx::query(
            "SELECT service, resource_type, region, status, message FROM coverage WHERE scan_id = ? ORDER BY service, resource_type, region",
        )
        .bind(scan_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                let status: String = row.get("status");
                Ok(Coverage {
                    service: row.get("service"),
                    resource_type: row.get("resource_type"),
                    region: row.get("region"),
                    status: CoverageStatus::parse(&status).ok_or_else(|| {
                        StoreError::Corrupt(format!("coverage status `{status}`"))
                    })?,
                    message: row.get("message"),
                })
            })
            .collect()
    }

    /// The rule snapshot and all results of a completed scan.
    pub async fn results(
        &self,
        scan_id: i64,
    ) -> Result<(Vec<RuleInfo>, Vec<RuleResult>), StoreError> {
        let rules = self.scan_rules(scan_id).await?;
        let results = self.results_where(scan_id, None).await?;
        Ok((rules, results))
    }

    /// The rule snapshot and the failing results of a completed scan: the
    /// findings, without reading the (usually more) passing results.
    pub async fn failing_results(
        &self,
        scan_id: i64,
    ) -> Result<(Vec<RuleInfo>, Vec<RuleResult>), StoreError> {
        let rules = self.scan_rules(scan_id).await?;
        let results = self.results_where(scan_id, Some(Outcome::Fail)).await?;
        Ok((rules, results))
    }

    /// The rule snapshot of a completed scan.
    pub async fn scan_rules(&self, scan_id: i64) -> Result<Vec<RuleInfo>, StoreError> {
        // The status only: callers have usually just read the scan record.
        let status: String = sqlx::query_scalar("SELECT status FROM scans WHERE id = ?")
            .bind(scan_id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NoSuchScan(scan_id))?;
        let status: ScanStatus = status.parse()?;
        if status != ScanStatus::Completed {
            return Err(StoreError::ScanNotCompleted {
                id: scan_id,
                status,
            });
        }
        sqlx::query_scalar::<_, String>(
            "SELECT info FROM scan_rules WHERE scan_id = ? ORDER BY rule_id",
        )
        .bind(scan_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|info| parse_json(info, "rule snapshot"))
        .collect()
    }

    async fn results_where(
        &self,
        scan_id: i64,
        outcome: Option<Outcome>,
    ) -> Result<Vec<RuleResult>, StoreError> {
        let rows = sqlx::query(
            "SELECT rule_id, resource_type, region, resource_id, arn, outcome, detail FROM results
             WHERE scan_id = ?1 AND (?2 IS NULL OR outcome = ?2) ORDER BY rowid",
        )
        .bind(scan_id)
        .bind(outcome.map(|o| o.as_str()))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                let outcome: String = row.get("outcome");
                Ok(RuleResult {
                    rule_id: row.get("rule_id"),
                    resource_type: row.get("resource_type"),
                    region: row.get("region"),
                    resource_id: row.get("resource_id"),
                    arn: row.get("arn"),
                    outcome: Outcome::parse(&outcome)
                        .ok_or_else(|| StoreError::Corrupt(format!("outcome `{outcome}`")))?,
                    detail: row.get("detail"),
                })
            })
            .collect()
    }

    /// A completed scan's results counted by rule, region, outcome and
    /// whether an accepted risk of the customer covers them at `now`, and
    /// the results that could not be assessed: what a summary needs,
    /// aggregated by SQLite instead of read row by row.
    pub async fn result_counts(
        &self,
        scan_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(Vec<ResultCount>, Vec<NotAssessed>), StoreError> {
        let rows = sqlx::query(
            "SELECT r.rule_id, r.region, r.outcome,
                    EXISTS (SELECT 1 FROM suppressions x
                            WHERE x.rule_id = r.rule_id AND x.resource_id = r.resource_id
                              AND x.resource_type = r.resource_type AND x.region = r.region
                              AND x.customer_id IS s.customer_id
                              AND (x.expires_at IS NULL OR x.expires_at > ?2)) AS suppressed,
                    count(*) AS n
             FROM results r JOIN scans s ON s.id = r.scan_id
             WHERE r.scan_id = ?1
             GROUP BY r.rule_id, r.region, r.outcome, suppressed",
        )
        .bind(scan_id)
        .bind(timestamp(now))
        .fetch_all(&self.pool)
        .await?;
        let counts = rows
            .into_iter()
            .map(|row| {
                let outcome: String = row.get("outcome");
                Ok(ResultCount {
                    rule_id: row.get("rule_id"),
                    region: row.get("region"),
                    outcome: Outcome::parse(&outcome)
                        .ok_or_else(|| StoreError::Corrupt(format!("outcome `{outcome}`")))?,
                    suppressed: row.get("suppressed"),
                    count: row.get::<i64, _>("n") as u64,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let not_assessed = sqlx::query(
            "SELECT rule_id, region, detail FROM results
             WHERE scan_id = ? AND outcome = 'not-assessed' ORDER BY rowid",
        )
        .bind(scan_id)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(|row| NotAssessed {
            rule_id: row.get("rule_id"),
            region: row.get("region"),
            reason: row.get("detail"),
        })
        .collect();
        Ok((counts, not_assessed))
    }

    /// The inventory of a scan (exports, re-evaluation, fixtures).
    pub async fn inventory(&self, scan_id: i64) -> Result<Vec<Resource>, StoreError> {
        let rows = sqlx::query(
            "SELECT type, region, resource_id, arn, name, tags, json(config) AS config FROM resources WHERE scan_id = ? ORDER BY type, region, resource_id",
        )
        .bind(scan_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                Ok(Resource {
                    resource_type: row.get("type"),
                    region: row.get("region"),
                    resource_id: row.get("resource_id"),
                    arn: row.get("arn"),
                    name: row.get("name"),
                    tags: parse_json(row.get::<&str, _>("tags"), "tags")?,
                    config: parse_json(row.get::<&str, _>("config"), "config")?,
                })
            })
            .collect()
    }

    /// Accepts a risk for a customer's finding.
    pub async fn add_suppression(
        &self,
        customer_id: Option<i64>,
        s: &Suppression,
    ) -> Result<i64, StoreError> {
        Ok(sqlx::query(
            "INSERT INTO suppressions (customer_id, rule_id, resource_type, region, resource_id, reason, author, expires_at, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(customer_id)
        .bind(&s.rule_id)
        .bind(&s.resource_type)
        .bind(&s.region)
        .bind(&s.resource_id)
        .bind(&s.reason)
        .bind(&s.author)
        .bind(&s.expires_at)
        .bind(timestamp(Utc::now()))
        .execute(&self.pool)
        .await?
        .last_insert_rowid())
    }

    /// The findings suppressed for a scan's customer at `now` (expired
    /// suppressions no longer apply).
    pub async fn suppressed_keys(
        &self,
        scan_id: i64,
        now: DateTime<Utc>,
    ) -> Result<HashSet<FindingKey>, StoreError> {
        let rows = sqlx::query(
            "SELECT x.rule_id, x.resource_type, x.region, x.resource_id FROM suppressions x
             JOIN scans s ON s.id = ?1
             WHERE (x.customer_id IS s.customer_id) AND (x.expires_at IS NULL OR x.expires_at > ?2)",
        )
        .bind(scan_id)
        .bind(timestamp(now))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| {
                (
                    row.get("rule_id"),
                    row.get("resource_type"),
                    row.get("region"),
                    row.get("resource_id"),
                )
            })
            .collect())
    }

    /// Checks the database file's integrity (used after interrupted scans).
    pub async fn integrity_check(&self) -> Result<bool, StoreError> {
        let mut conn = self.pool.acquire().await?;
        conn.ping().await?;
        let verdict: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&mut *conn)
            .await?;
        Ok(verdict == "ok")
    }
}

#[cfg(target_os = "linux")]
fn process_alive(pid: i64) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

/// Without a portable liveness check, only the scan's own process could
/// still be running it; any other `running` scan is taken as abandoned.
#[cfg(not(target_os = "linux"))]
fn process_alive(pid: i64) -> bool {
    pid == i64::from(std::process::id())
}
