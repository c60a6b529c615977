//! The demo customer: a fictional retailer whose account was scanned twice,
//! before and after a remediation sprint, so that the app can be explored
//! without an AWS account.
//!
//! The two inventories ship with the binary (`demo/*.json`, written by
//! `demo/generate.py`) and are stored and evaluated exactly like a real scan:
//! same store calls, same rule engine, same rule snapshot. Only collection is
//! skipped. Their timestamps are moved with the scan, so ages (access keys,
//! certificates, snapshots) read the same whenever the demo is loaded.

use atoll_core::scan::ScanStatus;
use atoll_core::{Coverage, Resource, RuleSet};
use atoll_store::{Store, StoreError};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde::Deserialize;
use serde_json::Value;

use atoll_core::scope::WorkloadScope;

use crate::scan::{Inventory, save_and_evaluate};

/// The demo customer's name; its scans are filed under it.
pub const DEMO_CUSTOMER: &str = "Northwind Retail (demo)";

const BEFORE: &str = include_str!("../demo/before.json");
const AFTER: &str = include_str!("../demo/after.json");

/// How long before `now` the two demo scans started.
const BEFORE_AGE: Duration = Duration::days(30);
const AFTER_AGE: Duration = Duration::hours(1);

/// The demo customer and its two completed scans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoScans {
    pub customer_id: i64,
    /// The baseline, 30 days before `now`.
    pub before: i64,
    /// After remediation, an hour before `now`.
    pub after: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the bundled demo inventory is invalid: {0}")]
    Data(#[from] serde_json::Error),
}

/// One bundled scan, in the shape the collectors produce.
#[derive(Deserialize)]
struct DemoInventory {
    account_id: String,
    regions: Vec<String>,
    /// When the inventory was read. Timestamps in `resources` are moved by
    /// the distance from this to the stored scan's start.
    collected_at: DateTime<Utc>,
    #[serde(default)]
    api_calls: u64,
    /// How long the scan took (start to completion).
    #[serde(default)]
    duration_seconds: i64,
    resources: Vec<Resource>,
    coverage: Vec<Coverage>,
}

/// Creates the demo customer with its two scans unless it already has them.
///
/// Idempotent: once the scans exist, returns their ids and stores nothing.
pub async fn ensure_demo_customer(
    store: &Store,
    rules: &RuleSet,
    now: DateTime<Utc>,
) -> Result<DemoScans, DemoError> {
    let customer_id = store.customer_id(DEMO_CUSTOMER).await?;
    let mut completed: Vec<i64> = store
        .scans(Some(DEMO_CUSTOMER))
        .await?
        .into_iter()
        .filter(|s| s.status == ScanStatus::Completed)
        .map(|s| s.id)
        .collect();
    completed.sort_unstable();
    // The baseline is always stored first: a lone completed scan is the
    // baseline of an earlier call that stopped before the second scan.
    let before = match completed.first() {
        Some(&id) => id,
        None => store_scan(store, rules, customer_id, BEFORE, now - BEFORE_AGE).await?,
    };
    let after = match completed.last() {
        Some(&id) if id != before => id,
        _ => store_scan(store, rules, customer_id, AFTER, now - AFTER_AGE).await?,
    };
    Ok(DemoScans {
        customer_id,
        before,
        after,
    })
}

/// Stores one bundled inventory as a completed scan started at `started_at`,
/// the way `run_scan` stores a collected one.
async fn store_scan(
    store: &Store,
    rules: &RuleSet,
    customer_id: i64,
    json: &str,
    started_at: DateTime<Utc>,
) -> Result<i64, DemoError> {
    let mut inventory: DemoInventory = serde_json::from_str(json)?;
    let shift = started_at - inventory.collected_at;
    for resource in &mut inventory.resources {
        shift_times(&mut resource.config, shift);
    }

    let scan_id = store
        .begin_scan(
            Some(customer_id),
            &inventory.regions,
            &rules.version,
            started_at,
        )
        .await?;
    let whole_account = WorkloadScope::default();
    let finished = save_and_evaluate(
        store,
        rules,
        scan_id,
        Inventory {
            account_id: &inventory.account_id,
            regions: &inventory.regions,
            resources: &inventory.resources,
            coverage: &inventory.coverage,
            api_calls: inventory.api_calls,
            scope: &whole_account,
        },
        started_at,
        Some(started_at + Duration::seconds(inventory.duration_seconds)),
    );
    match finished.await {
        Ok(()) => Ok(scan_id),
        Err(e) => {
            store
                .end_scan_unfinished(scan_id, ScanStatus::Failed, &e.to_string())
                .await?;
            Err(e.into())
        }
    }
}

/// Moves every RFC 3339 date-time in a configuration document by `shift`.
fn shift_times(value: &mut Value, shift: Duration) {
    match value {
        Value::String(text) => {
            if let Some(moved) = shifted(text, shift) {
                *text = moved;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| shift_times(v, shift)),
        Value::Object(fields) => fields.values_mut().for_each(|v| shift_times(v, shift)),
        _ => {}
    }
}

fn shifted(text: &str, shift: Duration) -> Option<String> {
    // Cheap shape check first: `2026-10-02T09:00:00Z`.
    let bytes = text.as_bytes();
    if bytes.len() < 20 || bytes[4] != b'-' || bytes[10] != b'T' {
        return None;
    }
    let at = DateTime::parse_from_rfc3339(text).ok()?.with_timezone(&Utc);
    Some((at + shift).to_rfc3339_opts(SecondsFormat::Secs, true))
}
