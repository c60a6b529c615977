//! The scan's collection phase: one task per region x service, run
//! concurrently with a bound, each reading every page of its calls. A task
//! that fails records its resource types as not collected (coverage) and the
//! scan goes on.

use atoll_core::{Coverage, CoverageStatus, GLOBAL_REGION, Resource, resource_types};
use futures::StreamExt;

use crate::credentials::Connection;
use crate::errors::AwsError;
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
        regions.to_vec()
    };

    let account_id = identity.account_id.as_str();
    let tasks = services::plan(&regions);
    on_progress(Progress::Planned { tasks: tasks.len() });
    let outcomes: Vec<(Task, Result<Vec<Resource>, AwsError>)> = futures::stream::iter(tasks)
        .map(|task| async move {
            let outcome = services::run(&task, conn, account_id).await;
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
        let (status, message) = match outcome {
            Ok(mut found) => {
                resources.append(&mut found);
                (CoverageStatus::Ok, None)
            }
            Err(e) => {
                tracing::warn!(service = task.kind.service(), region = %task.region, error = %e.message, "not collected");
                (e.status, Some(e.message))
            }
        };
        for resource_type in task.kind.types() {
            coverage.push(Coverage {
                service: task.kind.service().into(),
                resource_type: (*resource_type).into(),
                region: task.region.clone(),
                status,
                message: message.clone(),
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
    Ok(Collection {
        account_id: identity.account_id.clone(),
        regions,
        resources,
        coverage,
        api_calls: conn.calls.count(),
    })
}
