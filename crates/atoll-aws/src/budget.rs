//! The rate budget of a scan: a bound on the calls in flight per account x
//! region x service (a connection is one account). Per-item calls (S3 per
//! bucket, IAM per user, KMS per key...) overlap within their task up to
//! this bound, so 1,000 buckets cost ~1,000 x 6 / bound round trips instead
//! of 6,000; the SDK's adaptive retry slows a client down once AWS throttles.

// A poisoned map still holds valid semaphores: use it.
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

use futures::StreamExt;
use tokio::sync::Semaphore;

/// Calls in flight per region x service. AWS's control-plane rate limits are
/// per account, region and API (tens of calls per second for most Describe
/// and List calls); 16 in flight at ~50 ms each stays near them, and adaptive
/// retry absorbs the rest.
pub const CALLS_IN_FLIGHT: usize = 16;

/// One semaphore per (region, service).
type Lanes = HashMap<(String, String), Arc<Semaphore>>;

#[derive(Debug, Clone, Default)]
pub struct Budget {
    lanes: Arc<Mutex<Lanes>>,
}

impl Budget {
    fn lane(&self, region: &str, service: &str) -> Arc<Semaphore> {
        let mut lanes = self.lanes.lock().unwrap_or_else(PoisonError::into_inner);
        lanes
            .entry((region.to_string(), service.to_string()))
            .or_insert_with(|| Arc::new(Semaphore::new(CALLS_IN_FLIGHT)))
            .clone()
    }

    /// Runs `per_item` over `items`, up to the budget of `region` x `service`
    /// at once, and returns the outputs in the items' order.
    pub async fn map<T, O, F, Fut>(
        &self,
        region: &str,
        service: &str,
        items: Vec<T>,
        per_item: F,
    ) -> Vec<O>
    where
        F: Fn(T) -> Fut,
        Fut: Future<Output = O>,
    {
        let lane = self.lane(region, service);
        futures::stream::iter(items)
            .map(|item| {
                let lane = lane.clone();
                let work = per_item(item);
                async move {
                    // The semaphore is never closed, so acquiring cannot fail;
                    // if it ever did, running unbounded is still correct.
                    let _permit = lane.acquire_owned().await.ok();
                    work.await
                }
            })
            .buffered(CALLS_IN_FLIGHT)
            .collect()
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[tokio::test]
    async fn items_overlap_up_to_the_budget_and_keep_their_order() {
        let budget = Budget::default();
        let in_flight = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let out = budget
            .map("eu-west-1", "s3", (0..100).collect(), |i| {
                let in_flight = in_flight.clone();
                let peak = peak.clone();
                async move {
                    let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                    peak.fetch_max(now, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(5)).await;
                    in_flight.fetch_sub(1, Ordering::SeqCst);
                    i * 2
                }
            })
            .await;
        assert_eq!(out, (0..100).map(|i| i * 2).collect::<Vec<_>>());
        let peak = peak.load(Ordering::SeqCst);
        assert!(peak > 1, "calls overlap");
        assert!(peak <= CALLS_IN_FLIGHT, "at most the budget: {peak}");
    }
}
