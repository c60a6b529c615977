//! What the app holds while it runs: the store, the rule catalogue, where
//! reports go, and the one scan that may be running.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use atoll_core::RuleSet;
use atoll_store::Store;
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
        let mut running = self.running.lock().expect("not poisoned");
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
        *self.running.lock().expect("not poisoned") = None;
    }

    /// Cancels the running scan; false when none runs.
    pub fn cancel_scan(&self) -> bool {
        match self.running.lock().expect("not poisoned").as_ref() {
            Some(token) => {
                token.cancel();
                true
            }
            None => false,
        }
    }
}
