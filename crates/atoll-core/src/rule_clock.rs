//! A time limit per rule query, enforced by an SQLite progress handler:
//! SQLite calls the handler every few thousand virtual-machine steps, and a
//! `false` answer interrupts the running statement with `SQLITE_INTERRUPT`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use sqlx::sqlite::LockedSqliteHandle;

/// The time limit of the rule being evaluated, enforced by an SQLite
/// progress handler: SQLite calls it every few thousand virtual-machine
/// steps, and a `false` answer interrupts the running statement.
pub struct RuleClock {
    limit: Duration,
    deadline: Arc<Mutex<Option<Instant>>>,
    tripped: Arc<AtomicBool>,
}

impl RuleClock {
    /// SQLite steps between two looks at the clock: a few microseconds of work.
    const STEPS: i32 = 10_000;

    /// Sets the progress handler on a connection; no rule is timed until
    /// [`RuleClock::start`]. Removing the handler is the caller's (a new
    /// handler replaces the old one).
    pub fn install(mut handle: LockedSqliteHandle<'_>, limit: Duration) -> Self {
        let clock = RuleClock {
            limit,
            deadline: Arc::default(),
            tripped: Arc::default(),
        };
        let (deadline, tripped) = (clock.deadline.clone(), clock.tripped.clone());
        handle.set_progress_handler(Self::STEPS, move || {
            let deadline = *deadline.lock().unwrap_or_else(PoisonError::into_inner);
            let late = deadline.is_some_and(|at| Instant::now() >= at);
            if late {
                tripped.store(true, Ordering::Relaxed);
            }
            !late
        });
        clock
    }

    pub fn start(&self) {
        self.tripped.store(false, Ordering::Relaxed);
        *self.deadline.lock().unwrap_or_else(PoisonError::into_inner) =
            Some(Instant::now() + self.limit);
    }

    pub fn stop(&self) {
        *self.deadline.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }

    /// Whether the current rule's query was stopped for running too long.
    pub fn tripped(&self) -> bool {
        self.tripped.load(Ordering::Relaxed)
    }

    pub fn limit(&self) -> Duration {
        self.limit
    }
}
