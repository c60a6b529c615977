//! Atoll's SQLite store (sqlx, with migrations): customers, scans, their
//! inventory, coverage, rule snapshot, results and suppressions.
//!
//! A scan row is written first with status `running`; its data is written in
//! transactions that touch only that scan, so a failed, cancelled or killed
//! scan never damages earlier ones. A scan whose process died is marked
//! `interrupted` the next time the store is opened.

// A panic in the app is a lost review: errors are returned, and the few
// real invariants allow `expect` by name.
#![warn(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use atoll_core::engine;
use atoll_core::scan::ScanStatus;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use sqlx::sqlite::{
    Sqlite, SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
};
use sqlx::{Connection, Row};

mod customers;
mod results;
mod scans;
mod settings;
mod suppressions;

pub use customers::{AccessKind, Customer, CustomerDraft};
pub use suppressions::{StoredSuppression, Suppression};

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

pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The JSON text of plain data (derived `Serialize`, string keys): it
/// cannot fail, and a failure would be a bug, not bad data.
#[allow(clippy::expect_used, reason = "plain derived data always serializes")]
fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("plain data serializes")
}

/// One column of a row. A value that does not decode is a corrupt store,
/// reported as such rather than a panic.
fn column<'r, T>(row: &'r SqliteRow, name: &str) -> Result<T, StoreError>
where
    T: sqlx::Decode<'r, Sqlite> + sqlx::Type<Sqlite>,
{
    row.try_get(name)
        .map_err(|e| StoreError::Corrupt(format!("column `{name}`: {e}")))
}

fn scan_status(text: &str) -> Result<ScanStatus, StoreError> {
    ScanStatus::parse(text).ok_or_else(|| StoreError::Corrupt(format!("scan status `{text}`")))
}

fn parse_json<T: for<'de> Deserialize<'de>>(text: &str, what: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

#[derive(Clone)]
pub struct Store {
    pub(crate) pool: SqlitePool,
}

/// Creates a missing database file readable by its owner only (0600 on
/// Unix): it holds the customer's inventory. SQLite gives the `-wal` and
/// `-shm` files the database file's permissions. An existing file is left
/// as its owner set it.
fn create_private(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

impl Store {
    /// Opens (creating if needed) the database file and brings its schema up
    /// to date.
    pub async fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = std::fs::create_dir_all(dir);
        }
        create_private(path).map_err(|e| StoreError::Open {
            path: path.display().to_string(),
            source: sqlx::Error::Io(e),
        })?;
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
            let id: i64 = column(&row, "id")?;
            let pid: Option<i64> = column(&row, "pid")?;
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
