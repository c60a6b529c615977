//! Scans: the row written `running` first, the inventory and coverage the
//! collectors gathered, rule evaluation over one scan's rows, and the end
//! of the scan (completed, or why not). Each write touches only its scan.

use atoll_core::engine::{self, ScanContext};
use atoll_core::scan::{ScanRecord, ScanStatus};
use atoll_core::scope::WorkloadScope;
use atoll_core::{Coverage, CoverageStatus, Resource, RuleInfo, RuleResult};
use chrono::{DateTime, Utc};
use sqlx::{AssertSqlSafe, ConnectOptions, Connection};

use crate::{Store, StoreError, column, json, parse_json, scan_status, timestamp};

/// A member account as its scan in a review records it.
#[derive(Debug, Clone, Copy)]
pub struct ReviewAccount<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub ou_path: &'a str,
}

impl Store {
    /// Records the start of a scan and returns its id.
    pub async fn begin_scan(
        &self,
        customer_id: Option<i64>,
        regions: &[String],
        rules_version: &str,
        started_at: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        self.insert_scan(customer_id, regions, rules_version, started_at, None)
            .await
    }

    /// Records the start of an organization review: the parent of one
    /// scan per member account ([`Store::begin_account_scan`]). `account_id`
    /// is the account the organization was read through.
    pub async fn begin_review(
        &self,
        customer_id: Option<i64>,
        account_id: &str,
        regions: &[String],
        rules_version: &str,
        started_at: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let id = self
            .insert_scan(customer_id, regions, rules_version, started_at, None)
            .await?;
        sqlx::query("UPDATE scans SET organization = 1, account_id = ? WHERE id = ?")
            .bind(account_id)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(id)
    }

    /// Records the start of one member account's scan within the review
    /// `parent_id`.
    pub async fn begin_account_scan(
        &self,
        parent_id: i64,
        account: &ReviewAccount<'_>,
        regions: &[String],
        rules_version: &str,
        started_at: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let customer_id: Option<i64> =
            sqlx::query_scalar("SELECT customer_id FROM scans WHERE id = ?")
                .bind(parent_id)
                .fetch_optional(&self.pool)
                .await?
                .ok_or(StoreError::NoSuchScan(parent_id))?;
        let id = self
            .insert_scan(
                customer_id,
                regions,
                rules_version,
                started_at,
                Some(parent_id),
            )
            .await?;
        sqlx::query("UPDATE scans SET account_id = ?, account_name = ?, ou_path = ? WHERE id = ?")
            .bind(account.id)
            .bind(account.name)
            .bind(account.ou_path)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(id)
    }

    async fn insert_scan(
        &self,
        customer_id: Option<i64>,
        regions: &[String],
        rules_version: &str,
        started_at: DateTime<Utc>,
        parent_id: Option<i64>,
    ) -> Result<i64, StoreError> {
        let id = sqlx::query(
            "INSERT INTO scans (customer_id, regions, started_at, status, rules_version, pid, heartbeat_at, parent_id) VALUES (?, ?, ?, 'running', ?, ?, ?, ?)",
        )
        .bind(customer_id)
        .bind(json(&regions))
        .bind(timestamp(started_at))
        .bind(rules_version)
        .bind(i64::from(std::process::id()))
        .bind(timestamp(Utc::now()))
        .bind(parent_id)
        .execute(&self.pool)
        .await?
        .last_insert_rowid();
        Ok(id)
    }

    /// Records the workload scope a scan reviews (resource tags), so every
    /// view and the report can state it.
    pub async fn record_scope(
        &self,
        scan_id: i64,
        scope: &WorkloadScope,
    ) -> Result<(), StoreError> {
        let text = (!scope.is_whole_account()).then(|| json(scope));
        sqlx::query("UPDATE scans SET scope = ? WHERE id = ?")
            .bind(text)
            .bind(scan_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The account scans of the review `parent_id`, by account id.
    pub async fn account_scans(&self, parent_id: i64) -> Result<Vec<ScanRecord>, StoreError> {
        let ids: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM scans WHERE parent_id = ? ORDER BY account_id, id")
                .bind(parent_id)
                .fetch_all(&self.pool)
                .await?;
        let mut scans = Vec::with_capacity(ids.len());
        for id in ids {
            scans.push(self.scan(id).await?);
        }
        Ok(scans)
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

    /// Evaluates rules over a stored scan's inventory, each rule within
    /// [`engine::RULE_TIME_LIMIT`]. The rule queries see only this scan's
    /// rows, through a temporary `inventory` view.
    pub async fn evaluate(
        &self,
        scan_id: i64,
        rules: &[atoll_core::Rule],
        ctx: &ScanContext,
    ) -> Result<Vec<RuleResult>, StoreError> {
        self.evaluate_within(scan_id, rules, ctx, engine::RULE_TIME_LIMIT)
            .await
    }

    /// [`Store::evaluate`] with a time limit of `limit` per rule.
    ///
    /// The rules run on a read-only connection of their own, closed after
    /// the evaluation: an evaluation that is cancelled halfway (the future
    /// dropped) cannot hand a connection in `query_only` mode, or with its
    /// temporary view, back to the pool for later writes.
    pub async fn evaluate_within(
        &self,
        scan_id: i64,
        rules: &[atoll_core::Rule],
        ctx: &ScanContext,
        limit: std::time::Duration,
    ) -> Result<Vec<RuleResult>, StoreError> {
        let mut conn = self.options.clone().read_only(true).connect().await?;
        // scan_id is an integer we own, not user text.
        sqlx::query(AssertSqlSafe(format!(
            "CREATE TEMP VIEW inventory AS SELECT {} FROM main.resources WHERE scan_id = {scan_id}",
            engine::INVENTORY_COLUMNS
        )))
        .execute(&mut conn)
        .await?;
        let results = engine::evaluate_within(&mut conn, rules, ctx, limit).await;
        conn.close().await?;
        Ok(results?)
    }

    /// Stores the rule snapshot and results and marks the scan completed;
    /// only a `running` scan can complete.
    pub async fn complete_scan(
        &self,
        scan_id: i64,
        rules: &[RuleInfo],
        results: &[RuleResult],
        finished_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        let completed = sqlx::query(
            "UPDATE scans SET status = 'completed', finished_at = ? WHERE id = ? AND status = 'running'",
        )
        .bind(timestamp(finished_at))
        .bind(scan_id)
        .execute(&mut *tx)
        .await?;
        if completed.rows_affected() == 0 {
            // Rolled back when `tx` drops: a scan another process marked
            // interrupted (or this one cancelled) keeps that outcome.
            return Err(self.not_running(scan_id).await);
        }
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
        tx.commit().await?;
        Ok(())
    }

    /// Marks a running scan that did not complete, keeping why, and returns
    /// the scan's status: `status`, or the outcome it already had when it was
    /// no longer running (a cancel that came just after completion leaves
    /// the scan completed).
    pub async fn end_scan_unfinished(
        &self,
        scan_id: i64,
        status: ScanStatus,
        error: &str,
    ) -> Result<ScanStatus, StoreError> {
        let ended = sqlx::query(
            "UPDATE scans SET status = ?, error = ?, finished_at = ? WHERE id = ? AND status = 'running'",
        )
        .bind(status.as_str())
        .bind(error)
        .bind(timestamp(Utc::now()))
        .bind(scan_id)
        .execute(&self.pool)
        .await?;
        if ended.rows_affected() == 1 {
            return Ok(status);
        }
        match self.not_running(scan_id).await {
            StoreError::ScanNotRunning { status, .. } => Ok(status),
            other => Err(other),
        }
    }

    /// The error for a scan that is not `running` (or does not exist).
    async fn not_running(&self, scan_id: i64) -> StoreError {
        let status: Result<Option<String>, _> =
            sqlx::query_scalar("SELECT status FROM scans WHERE id = ?")
                .bind(scan_id)
                .fetch_optional(&self.pool)
                .await;
        match status {
            Ok(Some(text)) => match scan_status(&text) {
                Ok(status) => StoreError::ScanNotRunning {
                    id: scan_id,
                    status,
                },
                Err(e) => e,
            },
            Ok(None) => StoreError::NoSuchScan(scan_id),
            Err(e) => e.into(),
        }
    }

    pub async fn scan(&self, scan_id: i64) -> Result<ScanRecord, StoreError> {
        let row = sqlx::query(
            "SELECT s.id, c.name AS customer, s.account_id, s.regions, s.started_at, s.finished_at, s.status, s.error,
                    s.api_calls, s.rules_version, s.parent_id, s.account_name, s.ou_path, s.organization, s.scope
             FROM scans s LEFT JOIN customers c ON c.id = s.customer_id WHERE s.id = ?",
        )
        .bind(scan_id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NoSuchScan(scan_id))?;
        let status: String = column(&row, "status")?;
        Ok(ScanRecord {
            id: column(&row, "id")?,
            customer: column(&row, "customer")?,
            account_id: column(&row, "account_id")?,
            regions: parse_json(column::<&str>(&row, "regions")?, "scan regions")?,
            started_at: column(&row, "started_at")?,
            finished_at: column(&row, "finished_at")?,
            status: scan_status(&status)?,
            error: column(&row, "error")?,
            api_calls: column::<i64>(&row, "api_calls")? as u64,
            rules_version: column(&row, "rules_version")?,
            coverage: self.coverage(scan_id).await?,
            parent_id: column(&row, "parent_id")?,
            account_name: column(&row, "account_name")?,
            ou_path: column(&row, "ou_path")?,
            organization: column::<i64>(&row, "organization")? != 0,
            scope: match column::<Option<&str>>(&row, "scope")? {
                Some(text) => parse_json(text, "scan scope")?,
                None => WorkloadScope::default(),
            },
        })
    }

    /// Scans, newest first; of one customer when named. An organization
    /// review is listed once: its account scans are read through it.
    pub async fn scans(&self, customer: Option<&str>) -> Result<Vec<ScanRecord>, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT s.id FROM scans s LEFT JOIN customers c ON c.id = s.customer_id
             WHERE (?1 IS NULL OR c.name = ?1) AND s.parent_id IS NULL ORDER BY s.id DESC",
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
                let status: String = column(&row, "status")?;
                Ok(Coverage {
                    service: column(&row, "service")?,
                    resource_type: column(&row, "resource_type")?,
                    region: column(&row, "region")?,
                    status: CoverageStatus::parse(&status).ok_or_else(|| {
                        StoreError::Corrupt(format!("coverage status `{status}`"))
                    })?,
                    message: column(&row, "message")?,
                })
            })
            .collect()
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
                    resource_type: column(&row, "type")?,
                    region: column(&row, "region")?,
                    resource_id: column(&row, "resource_id")?,
                    arn: column(&row, "arn")?,
                    name: column(&row, "name")?,
                    tags: parse_json(column::<&str>(&row, "tags")?, "tags")?,
                    config: parse_json(column::<&str>(&row, "config")?, "config")?,
                })
            })
            .collect()
    }
}
