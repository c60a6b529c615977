//! Atoll's SQLite store (sqlx, with migrations): customers, scans, their
//! inventory, coverage, rule snapshot, results and suppressions.
//!
//! A scan row is written first with status `running`; its data is written in
//! transactions that touch only that scan, so a failed, cancelled or killed
//! scan never damages earlier ones. While a scan runs, its process writes a
//! heartbeat; a `running` scan whose heartbeat stopped is marked
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
mod liveness;
mod results;
mod scans;
mod settings;
mod suppressions;

pub use customers::{AccessKind, Customer, CustomerDraft, OrganizationProfile};
pub use liveness::{ABANDONED_AFTER, HEARTBEAT_EVERY, KeepAlive};
pub use scans::ReviewAccount;
pub use suppressions::{StoredSuppression, Suppression};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database {path}: {source}")]
    Open { path: String, source: sqlx::Error },
    #[error(
        "{path} is not an Atoll database, or it is damaged ({why}). It was left as it is: \
         move it aside (or restore it from a backup) and Atoll starts a new one"
    )]
    Unreadable { path: String, why: String },
    #[error(
        "the database {path} was written by a newer version of Atoll (it has schema \
         version {found}; this version knows up to {known}). It was left as it is: \
         update Atoll to open it"
    )]
    NewerSchema {
        path: String,
        found: i64,
        known: i64,
    },
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
    #[error("scan {id} is {status}, no longer running: its outcome was already recorded")]
    ScanNotRunning { id: i64, status: ScanStatus },
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
    /// How to open the file again: rule evaluation gets a read-only
    /// connection of its own, never one of the pool's.
    pub(crate) options: SqliteConnectOptions,
}

/// SQLite's result codes for a file that is not a database, or is damaged.
const SQLITE_CORRUPT: &str = "11";
const SQLITE_NOTADB: &str = "26";

/// Why `path` cannot be opened, in the words the partner needs: a damaged
/// or foreign file and a newer schema get their own message.
fn open_error(path: &Path, source: sqlx::Error) -> StoreError {
    let path = path.display().to_string();
    match &source {
        sqlx::Error::Database(e)
            if matches!(e.code().as_deref(), Some(SQLITE_CORRUPT | SQLITE_NOTADB)) =>
        {
            StoreError::Unreadable {
                path,
                why: e.message().to_string(),
            }
        }
        _ => StoreError::Open { path, source },
    }
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
            .connect_with(options.clone())
            .await
            .map_err(|source| open_error(path, source))?;
        migrate(&pool, path).await?;
        let store = Store { pool, options };
        store.mark_abandoned_scans().await?;
        Ok(store)
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

/// The schema migrations compiled into this version of Atoll.
pub fn migrator() -> sqlx::migrate::Migrator {
    sqlx::migrate!("./migrations")
}

/// SHA-384 of migration 1 as the first release shipped it. It was edited
/// once afterwards (2026-11-25: `resources.config` declared `BLOB` instead of
/// `TEXT`, for SQLite JSONB), which sqlx would refuse as a changed
/// migration. The two schemas hold the same data (SQLite keeps a JSONB blob
/// in a `TEXT`-declared column as it is, and rules read both forms), so a
/// first-release database is given the current checksum and upgrades.
/// `tests/lifecycle.rs` freezes every checksum so this cannot happen again.
const FIRST_RELEASE_INITIAL_CHECKSUM: &str = "566db2d0a480085190eb6d544ad1dec3fe4c01fed6796335cfa6089823163e579af97aece481122119034f32fa1222df";

async fn accept_first_release_schema(
    pool: &SqlitePool,
    migrator: &sqlx::migrate::Migrator,
) -> Result<(), StoreError> {
    let has_migrations: bool = sqlx::query_scalar(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_one(pool)
    .await?;
    let Some(initial) = migrator.iter().find(|m| m.version == 1) else {
        return Ok(());
    };
    if has_migrations {
        sqlx::query(
            "UPDATE _sqlx_migrations SET checksum = ? WHERE version = 1 AND hex(checksum) = upper(?)",
        )
        .bind(initial.checksum.as_ref())
        .bind(FIRST_RELEASE_INITIAL_CHECKSUM)
        .execute(pool)
        .await?;
    }
    Ok(())
}

/// Brings the schema up to date. A database that has migrations this
/// version does not know was written by a newer Atoll: it is refused, not
/// changed.
async fn migrate(pool: &SqlitePool, path: &Path) -> Result<(), StoreError> {
    let migrator = migrator();
    accept_first_release_schema(pool, &migrator).await?;
    let known = migrator.iter().map(|m| m.version).max().unwrap_or(0);
    match migrator.run(pool).await {
        Err(sqlx::migrate::MigrateError::VersionMissing(_)) => {
            let found = sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations")
                .fetch_one(pool)
                .await?;
            Err(StoreError::NewerSchema {
                path: path.display().to_string(),
                found,
                known,
            })
        }
        Err(sqlx::migrate::MigrateError::Execute(source)) => Err(open_error(path, source)),
        other => Ok(other?),
    }
}
