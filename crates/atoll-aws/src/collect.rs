//! The scan's collection phase: one task per region x service, run
//! concurrently with a bound, each reading every page of its calls within a
//! deadline. A task that fails records its resource types as not collected
//! (coverage) and the scan goes on. A task that read its listing but not
//! every item's details records `partial` coverage, counting the items
//! whose details it could not read (they carry `engine::UNREADABLE_KEY`).

use std::collections::BTreeMap;

use atoll_core::engine::UNREADABLE_KEY;
use atoll_core::{Coverage, CoverageStatus, GLOBAL_REGION, Resource, resource_types};
use futures::StreamExt;

use crate::credentials::Connection;
use crate::errors::{AwsError, task_timed_out};
use crate::services::{self, Task};

/// Everything one scan collected.
#[derive(Debug, Clone)]
pub struct Collection {
    pub account_id: String,
    pub regions: Vec<String>,
    pub resources: Vec<Resource>,
    pub coverage: Vec<Coverage>,
    pub api_calls: u64,
}

/// Scan progress, per region x service.
#[derive(Debug, Clone)]
pub enum Progress {
    Planned {
        tasks: usize,
    },
    Finished {
        service: &'static str,
        region: String,
        status: CoverageStatus,
        resources: usize,
    },
}

/// How many region x service tasks run at once: enough to hide latency,
/// few enough to stay clear of API rate limits.
pub const DEFAULT_CONCURRENCY: usize = 16;

/// Collects the inventory of the connected account in `regions` (`all`
/// means every region enabled for the account).
pub async fn collect(
    conn: &Connection,
    regions: &[String],
    concurrency: usize,
    on_progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<Collection, AwsError> {
    let identity = services::caller_identity(conn).await?;
    let regions = if regions.iter().any(|r| r == "all") {
        services::enabled_regions(conn).await?
    } else if regions.is_empty() {
        vec![conn.home_region()]
    } else {
        check_regions(conn, regions).await?;
        regions.to_vec()
    };

    let account_id = identity.account_id.as_str();
    let tasks = services::plan(&regions);
    on_progress(Progress::Planned { tasks: tasks.len() });
    let outcomes: Vec<(Task, Result<Vec<Resource>, AwsError>)> = futures::stream::iter(tasks)
        .map(|task| async move {
            let limit = conn.timeouts.task;
            let outcome = tokio::time::timeout(limit, services::run(&task, conn, account_id))
                .await
                .unwrap_or_else(|_| Err(task_timed_out(task.kind.service(), limit)));
            on_progress(Progress::Finished {
                service: task.kind.service(),
                region: task.region.clone(),
                status: outcome
                    .as_ref()
                    .map_or_else(|e| e.status, |_| CoverageStatus::Ok),
                resources: outcome.as_ref().map_or(0, Vec::len),
            });
            (task, outcome)
        })
        .buffer_unordered(concurrency.max(1))
        .collect()
        .await;

    let mut resources = vec![identity.resource];
    let mut coverage = vec![Coverage {
        service: "sts".into(),
        resource_type: resource_types::ACCOUNT.into(),
        region: GLOBAL_REGION.into(),
        status: CoverageStatus::Ok,
        message: None,
    }];
    for (task, outcome) in outcomes {
        let (status, message, partial) = match outcome {
            Ok(mut found) => {
                let partial = unreadable_counts(&found);
                resources.append(&mut found);
                (CoverageStatus::Ok, None, partial)
            }
            Err(e) => {
                tracing::warn!(service = task.kind.service(), region = %task.region, error = %e.message, "not collected");
                (e.status, Some(e.message), BTreeMap::new())
            }
        };
        for resource_type in task.kind.types() {
            let (status, message) = match partial.get(*resource_type) {
                Some(count) => (CoverageStatus::Partial, Some(count.describe(resource_type))),
                None => (status, message.clone()),
            };
            coverage.push(Coverage {
                service: task.kind.service().into(),
                resource_type: (*resource_type).into(),
                region: task.region.clone(),
                status,
                message,
            });
        }
    }
    resources.sort_by(|a, b| {
        (&a.resource_type, &a.region, &a.resource_id).cmp(&(
            &b.resource_type,
            &b.region,
            &b.resource_id,
        ))
    });
    // A resource several regions report (a multi-Region trail, recorded
    // under its home region by every region it applies to) is kept once.
    resources.dedup_by(|a, b| {
        (&a.resource_type, &a.region, &a.resource_id)
            == (&b.resource_type, &b.region, &b.resource_id)
    });
    Ok(Collection {
        account_id: identity.account_id.clone(),
        regions,
        resources,
        coverage,
        api_calls: conn.calls.count(),
    })
}

/// An explicit region list must name regions the account has enabled: a
/// typo must fail now, not end as a "completed" scan that assessed nothing.
/// When the region list itself cannot be read, the scan goes on (coverage
/// will say what each region allowed).
async fn check_regions(conn: &Connection, regions: &[String]) -> Result<(), AwsError> {
    let enabled = match services::enabled_regions(conn).await {
        Ok(enabled) => enabled,
        Err(e) => {
            tracing::warn!(error = %e.message, "cannot list the account's regions; not checking the region names");
            return Ok(());
        }
    };
    let unknown: Vec<&str> = regions
        .iter()
        .filter(|r| !enabled.contains(r))
        .map(String::as_str)
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    Err(AwsError {
        status: CoverageStatus::Error,
        message: format!(
            "unknown or not enabled region(s): {}. The account's enabled regions are: {}",
            unknown.join(", "),
            enabled.join(", ")
        ),
        code: None,
    })
}

/// Items of one type some of whose details could not be read.
#[derive(Debug, Default)]
struct UnreadableCount {
    unreadable: usize,
    total: usize,
    first_reason: String,
}

impl UnreadableCount {
    fn describe(&self, resource_type: &str) -> String {
        format!(
            "{} of {} {resource_type} not fully readable: {}",
            self.unreadable, self.total, self.first_reason
        )
    }
}

fn unreadable_counts(found: &[Resource]) -> BTreeMap<String, UnreadableCount> {
    let mut totals: BTreeMap<&str, usize> = BTreeMap::new();
    for r in found {
        *totals.entry(r.resource_type.as_str()).or_default() += 1;
    }
    let mut counts: BTreeMap<String, UnreadableCount> = BTreeMap::new();
    for r in found {
        let Some(reasons) = r.config.get(UNREADABLE_KEY).and_then(|v| v.as_array()) else {
            continue;
        };
        let count = counts
            .entry(r.resource_type.clone())
            .or_insert_with(|| UnreadableCount {
                total: totals.get(r.resource_type.as_str()).copied().unwrap_or(0),
                first_reason: reasons
                    .first()
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string(),
                ..Default::default()
            });
        count.unreadable += 1;
    }
    counts
}
