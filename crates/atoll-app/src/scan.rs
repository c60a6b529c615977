//! The scan use case: connect, collect, store, evaluate, complete. Every
//! step is recorded against one scan row, so a failed or cancelled scan is
//! marked as such and earlier scans are never touched.

use atoll_aws::{AwsError, Progress, ScanTarget};
use atoll_core::RuleSet;
use atoll_core::engine::ScanContext;
use atoll_core::scan::ScanStatus;
use atoll_core::scope::WorkloadScope;
use atoll_core::score::RuleInfo;
use atoll_store::{Store, StoreError, timestamp};
use chrono::Utc;
use tokio_util::sync::CancellationToken;

/// Region x service tasks collected at once unless a request says otherwise.
pub const DEFAULT_CONCURRENCY: usize = atoll_aws::collect::DEFAULT_CONCURRENCY;

#[derive(Debug, Clone, Default)]
pub struct ScanRequest {
    pub target: ScanTarget,
    /// Region names, `all`, or empty for the profile's region.
    pub regions: Vec<String>,
    pub customer: Option<String>,
    pub concurrency: usize,
    /// Review every member account of the organization `target` reaches
    /// (its management or a delegated-administrator account), or the
    /// accounts listed; None scans `target`'s own account.
    pub organization: Option<crate::organization::OrganizationScope>,
    /// The workload reviewed (resource tags); empty: the whole account.
    pub scope: WorkloadScope,
}

#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("cannot reach the AWS account: {0}")]
    Connect(AwsError),
    #[error("scan {scan_id} failed: {source}")]
    Aws { scan_id: i64, source: AwsError },
    #[error("scan {scan_id} assessed nothing: {why}")]
    NothingAssessed { scan_id: i64, why: String },
    #[error("scan {scan_id} was cancelled; earlier scans are untouched")]
    Cancelled { scan_id: i64 },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Runs a scan to completion and returns its id.
pub async fn run_scan(
    store: &Store,
    rules: &RuleSet,
    request: &ScanRequest,
    on_progress: &(dyn Fn(ScanEvent) + Send + Sync),
    cancel: &CancellationToken,
) -> Result<i64, ScanError> {
    if let Some(scope) = &request.organization {
        return crate::organization::run_review(store, rules, request, scope, on_progress, cancel)
            .await;
    }
    let customer_id = match &request.customer {
        Some(name) => Some(store.customer_id(name).await?),
        None => None,
    };
    let conn = atoll_aws::connect(&request.target)
        .await
        .map_err(ScanError::Connect)?;
    let started_at = Utc::now();
    let scan_id = store
        .begin_scan(customer_id, &request.regions, &rules.version, started_at)
        .await?;
    // Until this returns: another Atoll process opening the store meanwhile
    // sees a live scan, and a killed one leaves a scan marked interrupted.
    let _alive = store.keep_alive(scan_id);

    let progress = |p: Progress| on_progress(ScanEvent::from(p));
    let scanned = scan_account(store, rules, &conn, scan_id, request, &progress, started_at);
    tokio::select! {
        outcome = scanned => outcome.map(|()| scan_id),
        () = cancel.cancelled() => end_cancelled(store, scan_id).await,
    }
}

/// Collects one account through `conn` into the running scan `scan_id`,
/// stores and evaluates it and completes the scan; a failure marks the scan
/// failed, with why. Shared by a scan of one account and each account of an
/// organization review.
pub(crate) async fn scan_account(
    store: &Store,
    rules: &RuleSet,
    conn: &atoll_aws::credentials::Connection,
    scan_id: i64,
    request: &ScanRequest,
    on_progress: &(dyn Fn(Progress) + Send + Sync),
    started_at: chrono::DateTime<Utc>,
) -> Result<(), ScanError> {
    let concurrency = if request.concurrency == 0 {
        DEFAULT_CONCURRENCY
    } else {
        request.concurrency
    };
    store.record_scope(scan_id, &request.scope).await?;
    let collection =
        match atoll_aws::collect(conn, &request.regions, concurrency, on_progress).await {
            Ok(collection) => collection,
            Err(source) => {
                store
                    .end_scan_unfinished(scan_id, ScanStatus::Failed, &source.to_string())
                    .await?;
                return Err(ScanError::Aws { scan_id, source });
            }
        };
    let finished = save_and_evaluate(
        store,
        rules,
        scan_id,
        Inventory {
            account_id: &collection.account_id,
            regions: &collection.regions,
            resources: &collection.resources,
            coverage: &collection.coverage,
            api_calls: collection.api_calls,
            scope: &request.scope,
        },
        started_at,
        None,
    )
    .await;
    if let Err(e) = finished {
        store
            .end_scan_unfinished(scan_id, ScanStatus::Failed, &e.to_string())
            .await?;
        return Err(e.into());
    }
    Ok(())
}

/// Ends a scan the user cancelled. One whose completion was committed just
/// before the cancel took effect stays completed, and is returned as such.
pub(crate) async fn end_cancelled(store: &Store, scan_id: i64) -> Result<i64, ScanError> {
    match store
        .end_scan_unfinished(scan_id, ScanStatus::Cancelled, "cancelled by the user")
        .await?
    {
        ScanStatus::Completed => Ok(scan_id),
        _ => Err(ScanError::Cancelled { scan_id }),
    }
}

/// What a scan read, to be stored and evaluated.
pub(crate) struct Inventory<'a> {
    pub account_id: &'a str,
    pub regions: &'a [String],
    pub resources: &'a [atoll_core::Resource],
    pub coverage: &'a [atoll_core::Coverage],
    pub api_calls: u64,
    /// Results outside it are dropped after evaluation (see `atoll_core::scope`).
    pub scope: &'a WorkloadScope,
}

/// Stores an inventory under `scan_id`, evaluates the rules over it and
/// completes the scan (at `finished_at`, or now). Shared by live scans and
/// the bundled demo scans, so both are stored and evaluated alike.
pub(crate) async fn save_and_evaluate(
    store: &Store,
    rules: &RuleSet,
    scan_id: i64,
    inventory: Inventory<'_>,
    started_at: chrono::DateTime<Utc>,
    finished_at: Option<chrono::DateTime<Utc>>,
) -> Result<(), StoreError> {
    store
        .save_inventory(
            scan_id,
            inventory.account_id,
            inventory.regions,
            inventory.resources,
            inventory.coverage,
            inventory.api_calls,
        )
        .await?;
    let ctx = ScanContext {
        account_id: inventory.account_id.to_string(),
        // Age-based rules measure from when the data was read.
        collected_at: timestamp(started_at),
        regions: inventory.regions.to_vec(),
        coverage: inventory.coverage.to_vec(),
    };
    let results = store.evaluate(scan_id, &rules.rules, &ctx).await?;
    let results = inventory
        .scope
        .results_in_scope(inventory.resources, results);
    let infos: Vec<RuleInfo> = rules.rules.iter().map(RuleInfo::from).collect();
    store
        .complete_scan(
            scan_id,
            &infos,
            &results,
            finished_at.unwrap_or_else(Utc::now),
        )
        .await
}

/// Scan progress as the app shows it, one event per region x service.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ScanEvent {
    /// The scan is planned: this many region x service tasks (more are
    /// added as each account of an organization review is planned).
    Planned {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        scan_tasks: usize,
    },
    /// An organization review reached one member account (or could not).
    Account {
        account_id: String,
        name: String,
        state: AccountState,
        /// Why the account is not assessed, when it is not.
        detail: Option<String>,
    },
    /// One service was read (or not) in one region.
    Collected {
        service: String,
        region: String,
        status: atoll_core::CoverageStatus,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        resources: usize,
    },
}

/// Where one account of an organization review is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum AccountState {
    Started,
    Completed,
    NotAssessed,
}

impl From<Progress> for ScanEvent {
    fn from(progress: Progress) -> Self {
        match progress {
            Progress::Planned { tasks } => ScanEvent::Planned { scan_tasks: tasks },
            Progress::Finished {
                service,
                region,
                status,
                resources,
            } => ScanEvent::Collected {
                service: service.to_string(),
                region,
                status,
                resources,
            },
        }
    }
}
