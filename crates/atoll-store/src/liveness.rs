//! Whether a `running` scan is still being run: its process writes a
//! heartbeat every [`HEARTBEAT_EVERY`]; a `running` scan whose heartbeat is
//! older than [`ABANDONED_AFTER`] was abandoned (the process was killed,
//! crashed, or the machine lost power) and is marked `interrupted` when a
//! store is opened. This works alike on Linux, macOS and Windows, and a
//! second Atoll process never takes a live scan for a dead one: a process
//! id alone can be reused by another program.
//!
//! Where the system says for certain that the scan's process is gone (Linux:
//! no `/proc/<pid>`), the scan is marked at once rather than after
//! [`ABANDONED_AFTER`], so a scan killed a moment ago reads `interrupted`.

use std::time::Duration;

use chrono::Utc;

use crate::{Store, StoreError, column, timestamp};

/// How often a running scan's process says it is alive.
pub const HEARTBEAT_EVERY: Duration = Duration::from_secs(10);

/// How long without a heartbeat before a `running` scan counts as
/// abandoned: many missed beats, so a write that waited on the database
/// lock (up to its 10 s busy timeout) or a loaded machine is not mistaken
/// for a dead process.
pub const ABANDONED_AFTER: Duration = Duration::from_secs(120);

/// Keeps a scan's heartbeat going until dropped.
#[must_use = "the heartbeat stops when this is dropped"]
pub struct KeepAlive {
    task: tokio::task::JoinHandle<()>,
}

impl Drop for KeepAlive {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Store {
    /// Records that the scan's process is alive; a scan that is no longer
    /// `running` is left alone.
    pub async fn heartbeat(&self, scan_id: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE scans SET heartbeat_at = ? WHERE id = ? AND status = 'running'")
            .bind(timestamp(Utc::now()))
            .bind(scan_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Beats for `scan_id` every [`HEARTBEAT_EVERY`] until the returned guard
    /// is dropped. A beat that fails (the database busy) is logged and the
    /// next one tries again: one missed beat is far from [`ABANDONED_AFTER`].
    pub fn keep_alive(&self, scan_id: i64) -> KeepAlive {
        let store = self.clone();
        let task = tokio::spawn(async move {
            let mut every = tokio::time::interval(HEARTBEAT_EVERY);
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                every.tick().await;
                if let Err(e) = store.heartbeat(scan_id).await {
                    tracing::warn!(scan_id, "scan heartbeat not written: {e}");
                }
            }
        });
        KeepAlive { task }
    }

    /// Marks `interrupted` the scans left `running` whose heartbeat stopped.
    pub(crate) async fn mark_abandoned_scans(&self) -> Result<(), StoreError> {
        let cutoff = Utc::now()
            - chrono::Duration::from_std(ABANDONED_AFTER).unwrap_or(chrono::Duration::MAX);
        // Timestamps are all written by `timestamp` (one RFC 3339 shape, UTC),
        // so they compare as text. A scan from before heartbeats has none.
        sqlx::query(
            "UPDATE scans SET status = 'interrupted',
                    error = 'the scanning process stopped before the scan finished',
                    finished_at = coalesce(heartbeat_at, started_at)
             WHERE status = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < ?)",
        )
        .bind(timestamp(cutoff))
        .execute(&self.pool)
        .await?;
        let running = sqlx::query("SELECT id, pid FROM scans WHERE status = 'running'")
            .fetch_all(&self.pool)
            .await?;
        for row in running {
            let pid: Option<i64> = column(&row, "pid")?;
            if pid.is_some_and(process_is_gone) {
                sqlx::query(
                    "UPDATE scans SET status = 'interrupted',
                            error = 'the scanning process stopped before the scan finished',
                            finished_at = coalesce(heartbeat_at, started_at)
                     WHERE id = ? AND status = 'running'",
                )
                .bind(column::<i64>(&row, "id")?)
                .execute(&self.pool)
                .await?;
            }
        }
        Ok(())
    }
}

/// True only when the system says no process has this id.
#[cfg(target_os = "linux")]
fn process_is_gone(pid: i64) -> bool {
    !std::path::Path::new(&format!("/proc/{pid}")).exists()
}

/// Without /proc, only the heartbeat tells.
#[cfg(not(target_os = "linux"))]
fn process_is_gone(_pid: i64) -> bool {
    false
}
