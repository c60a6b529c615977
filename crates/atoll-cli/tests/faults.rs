//! The scanner against a failing network: a stalled endpoint and a throttling
//! API, through the real AWS SDK clients.
//!
//! moto answers every call at once and never throttles, so neither case can
//! be produced with the emulator alone: tests/moto/fault_proxy.py sits
//! between the SDK and moto (or in front of nothing) and holds requests
//! without an answer, or answers some with the throttling error of their
//! protocol.

mod common;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use atoll_aws::credentials::Timeouts;
use atoll_aws::{AwsError, Collection, ScanTarget};
use atoll_core::CoverageStatus;
use common::{FaultProxy, Moto};

/// Connects to `endpoint` and collects `regions` with every task running at
/// once (a scan of one region has 41 tasks), so the tasks' wall time is one
/// task's bound rather than a multiple of it. Returns the scan's wall time
/// and the tasks' (from their planning, after the identity call, to the end).
async fn scan(
    endpoint: &str,
    regions: &[&str],
    timeouts: Timeouts,
) -> (Result<Collection, AwsError>, Duration, Duration) {
    common::emulator_env();
    let target = ScanTarget {
        endpoint_url: Some(endpoint.to_string()),
        timeouts,
        ..Default::default()
    };
    let started = Instant::now();
    let conn = atoll_aws::connect(&target)
        .await
        .expect("static test keys need no network");
    let regions: Vec<String> = regions.iter().map(|r| r.to_string()).collect();
    let planned = std::sync::Mutex::new(None);
    let on_progress = |progress| {
        if let atoll_aws::Progress::Planned { .. } = progress {
            *planned.lock().unwrap() = Some(Instant::now());
        }
    };
    let collection = atoll_aws::collect(&conn, &regions, 64, &on_progress).await;
    let tasks = planned
        .into_inner()
        .unwrap()
        .map_or(Duration::ZERO, |at| at.elapsed());
    (collection, started.elapsed(), tasks)
}

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stalled_endpoint_ends_as_timed_out_coverage_within_the_deadline() {
    let moto = Moto::start();
    // Only STS answers (the scan needs the account's identity to start);
    // every other service accepts the connection and never answers.
    let proxy = FaultProxy::start(
        Some(&moto.endpoint),
        &["--mode", "stall", "--except", "sts"],
    );

    // Two ways the bound is reached: the SDK's operation timeout (each call
    // gives up, the task fails with it), or the task deadline (calls would
    // still be retrying). No region list: the home region is scanned without
    // the DescribeRegions check, which the stall would hold for an operation
    // timeout before any task starts.
    let by_operation = Timeouts {
        connect: secs(1.0),
        read: secs(0.5),
        operation: secs(1.5),
        task: secs(30.0),
    };
    let by_task = Timeouts {
        operation: secs(30.0),
        task: secs(2.0),
        ..by_operation
    };
    for (case, timeouts) in [
        ("operation timeout", by_operation),
        ("task deadline", by_task),
    ] {
        let bound = timeouts.operation.min(timeouts.task);
        let (collection, wall, tasks) = scan(&proxy.endpoint, &[], timeouts).await;
        let collection = collection.expect("a stalled service is coverage, not a failed scan");
        eprintln!(
            "{case}: scan {:.2} s, tasks {:.2} s (bound {bound:?})",
            wall.as_secs_f64(),
            tasks.as_secs_f64()
        );
        // The tasks, not the identity call before them (the operation
        // timeout bounds that one; under load moto can take a second).
        assert!(
            tasks < 3 * bound,
            "{case}: the tasks took {tasks:?}; each is bounded by {bound:?}"
        );
        assert!(tasks >= bound, "{case}: ended before the bound: {tasks:?}");
        assert!(wall < timeouts.operation + 3 * bound, "{case}: {wall:?}");
        let not_timed_out: Vec<String> = collection
            .coverage
            .iter()
            .filter(|c| c.service != "sts" && c.status != CoverageStatus::TimedOut)
            .map(|c| format!("{} {} {}", c.resource_type, c.region, c.status))
            .collect();
        assert!(
            not_timed_out.is_empty(),
            "{case}: every stalled type is timed out: {not_timed_out:?}"
        );
        assert!(
            collection.coverage.len() > 40,
            "{case}: every task reported"
        );
        assert_eq!(
            collection.resources.len(),
            1,
            "{case}: only the account itself was read"
        );
        if case == "task deadline" {
            let message = collection.coverage[1].message.clone().unwrap_or_default();
            assert!(
                message.contains("not finished within 2 s"),
                "{case}: the task deadline says so: {message}"
            );
        }
    }
    assert!(proxy.stats()["stalled"].as_u64().unwrap() > 40);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_endpoint_that_never_answers_fails_the_scan_within_the_operation_timeout() {
    // Nothing behind the proxy: even the identity call stalls, and a scan
    // that cannot tell whose account it reads is an error, not a hang.
    let proxy = FaultProxy::start(None, &["--mode", "stall"]);
    let timeouts = Timeouts {
        connect: secs(1.0),
        read: secs(0.5),
        operation: secs(1.5),
        task: secs(30.0),
    };
    let (collection, wall, _) = scan(&proxy.endpoint, &["eu-west-1"], timeouts).await;
    let err = collection.expect_err("no identity, no scan");
    assert_eq!(err.status, CoverageStatus::TimedOut, "{err}");
    assert!(err.message.contains("sts:GetCallerIdentity"), "{err}");
    assert!(wall < 3 * timeouts.operation, "took {wall:?}");
}

/// Resources per (type, region).
fn counts(collection: &Collection) -> BTreeMap<(String, String), usize> {
    let mut counts = BTreeMap::new();
    for r in &collection.resources {
        *counts
            .entry((r.resource_type.clone(), r.region.clone()))
            .or_default() += 1;
    }
    counts
}

/// Coverage status per (type, region).
fn coverage(collection: &Collection) -> BTreeMap<(String, String), CoverageStatus> {
    collection
        .coverage
        .iter()
        .map(|c| ((c.resource_type.clone(), c.region.clone()), c.status))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn throttled_calls_are_retried_and_collect_the_same_inventory() {
    let moto = Moto::start();
    moto.plant("standard");
    let regions = ["eu-west-1", "us-east-1"];
    let (direct, _, _) = scan(&moto.endpoint, &regions, Timeouts::default()).await;
    let direct = direct.expect("direct scan");
    // The same scan through the proxy without faults counts the calls it
    // makes (first attempts: moto itself fails one IAM call, which the SDK
    // retries, so attempts alone do not compare).
    let reference = FaultProxy::start(Some(&moto.endpoint), &["--mode", "pass"]);
    let (passed, _, _) = scan(&reference.endpoint, &regions, Timeouts::default()).await;
    let passed = passed.expect("scan through the proxy");
    let reference = reference.stats();

    let proxy = FaultProxy::start(
        Some(&moto.endpoint),
        &["--mode", "throttle", "--every", "3"],
    );
    let (proxied, wall, _) = scan(&proxy.endpoint, &regions, Timeouts::default()).await;
    let proxied = proxied.expect("a throttled scan completes");
    let stats = proxy.stats();
    eprintln!(
        "throttled scan: {:.1} s, {} calls ({} direct), proxy: {stats}",
        wall.as_secs_f64(),
        proxied.api_calls,
        direct.api_calls
    );

    let injected = stats["injected_total"].as_u64().unwrap();
    assert!(injected > 0, "the proxy throttled: {stats}");
    // Every protocol family of the scan got its own error shape (a wrong
    // shape is not retried and would show in the coverage below).
    for protocol in ["awsJson", "awsQuery", "ec2Query", "s3", "restJson"] {
        assert!(
            stats["injected"][protocol].as_u64().unwrap_or(0) > 0,
            "{protocol} calls were throttled: {stats}"
        );
    }
    for (label, scanned) in [("through the proxy", &passed), ("throttled", &proxied)] {
        assert_eq!(
            coverage(scanned),
            coverage(&direct),
            "{label}: same coverage"
        );
        assert_eq!(
            counts(scanned),
            counts(&direct),
            "{label}: same resources per type"
        );
    }
    // The same calls, no page skipped or read twice; each throttled one
    // was sent again, and every attempt is in the scan's call count.
    assert_eq!(stats["first_attempts"], reference["first_attempts"]);
    assert_eq!(stats["requests"].as_u64().unwrap(), proxied.api_calls);
    assert_eq!(reference["requests"].as_u64().unwrap(), passed.api_calls);
    assert_eq!(passed.api_calls, direct.api_calls);
}
