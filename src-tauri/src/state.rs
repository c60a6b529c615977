//! What the app holds while it runs: the store, the rule catalogue, where
//! reports go, and the one scan that may be running.

use std::path::PathBuf;
// A panic while holding the lock leaves a plain Option behind: nothing to
// repair, so a poisoned lock is used as is.
use std::sync::{Arc, Mutex, PoisonError};

use atoll_app::Store;
use atoll_core::RuleSet;
use tokio_util::sync::CancellationToken;

use crate::error::{ErrorCode, IpcError};

pub struct AppState {
    pub store: Store,
    pub rules: Arc<RuleSet>,
    pub reports_dir: PathBuf,
    /// One scan at a time: a partner reviews one account at a time, and two
    /// scans would halve each other's API rate budget.
    running: Mutex<Option<CancellationToken>>,
}

impl AppState {
    pub fn new(store: Store, rules: RuleSet, reports_dir: PathBuf) -> Self {
        AppState {
            store,
            rules: Arc::new(rules),
            reports_dir,
            running: Mutex::new(None),
        }
    }

    pub fn begin_scan(&self) -> Result<CancellationToken, IpcError> {
        let mut running = self.running.lock().unwrap_or_else(PoisonError::into_inner);
        if running.is_some() {
            return Err(IpcError::new(
                ErrorCode::ScanRunning,
                "a scan is already running: wait for it or cancel it",
            ));
        }
        let token = CancellationToken::new();
        *running = Some(token.clone());
        Ok(token)
    }

    pub fn end_scan(&self) {
        *self.running.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }

    /// Cancels the running scan; false when none runs.
    pub fn cancel_scan(&self) -> bool {
        match self
            .running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
        {
            Some(token) => {
                token.cancel();
                true
            }
            None => false,
        }
    }
}
