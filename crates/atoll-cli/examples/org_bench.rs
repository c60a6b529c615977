//! Benchmark: an organization review of an emulated AWS Organization of 20
//! accounts, 2 regions, about 50 resources each
//! (tests/moto/plant_organization_bench.py), from the management account
//! through each member's role, 4 accounts at a time (the default).
//!
//! `cargo run --release -p atoll-cli --example org_bench` prints the wall
//! time, the API calls, the accounts per minute and the process's peak
//! memory. `-- --accounts N` (or `ATOLL_BENCH_ACCOUNTS`) changes the
//! organization's size; `--in-flight N` the accounts scanned at once. The
//! emulator is one Python process answering one call at a time, so the wall
//! time is mostly moto's: the printed CPU time is Atoll's own.

#[path = "common/bench.rs"]
mod bench;
#[path = "../tests/common/moto.rs"]
mod moto;

use std::time::Instant;

use atoll_app::organization::OrganizationScope;
use atoll_app::{ScanEvent, ScanRequest, ScanTarget, Store};
use tokio_util::sync::CancellationToken;

/// The process's peak resident memory in MiB (VmHWM; Linux only).
fn peak_memory_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

#[tokio::main]
async fn main() {
    bench::use_emulator_credentials();
    let accounts: usize = bench::number_arg("accounts", "ATOLL_BENCH_ACCOUNTS").unwrap_or(20);
    let in_flight: usize = bench::number_arg("in-flight", "ATOLL_BENCH_IN_FLIGHT").unwrap_or(0);
    // SAFETY: set before any other thread reads the environment; the
    // planting script reads the organization's size from it.
    unsafe {
        std::env::set_var("ATOLL_BENCH_ACCOUNTS", accounts.to_string());
    }
    let moto = moto::Moto::start();
    let planted_at = Instant::now();
    let planted = moto.plant_script("plant_organization_bench.py");
    eprintln!(
        "planted {} accounts, {} resources in {:.1} s",
        planted["accounts"],
        planted["planted"],
        planted_at.elapsed().as_secs_f64()
    );
    let regions: Vec<String> = serde_json::from_value(planted["regions"].clone()).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("bench.db")).await.unwrap();
    let rules = atoll_app::builtin_rules().await.unwrap();
    let request = ScanRequest {
        target: ScanTarget {
            endpoint_url: Some(moto.endpoint.clone()),
            ..Default::default()
        },
        regions: regions.clone(),
        customer: Some("Organization benchmark".into()),
        concurrency: 0,
        organization: Some(OrganizationScope {
            member_role: "AtollReadOnly".into(),
            max_accounts_in_flight: in_flight,
            ..Default::default()
        }),
        scope: Default::default(),
    };
    let memory_before = peak_memory_mib();
    let started = Instant::now();
    let cpu_before = bench::cpu_seconds();
    let on_progress = |_: ScanEvent| {};
    let review_id = atoll_app::run_scan(
        &store,
        &rules,
        &request,
        &on_progress,
        &CancellationToken::new(),
    )
    .await
    .expect("the review completes");
    let wall = started.elapsed().as_secs_f64();
    let cpu = bench::cpu_seconds() - cpu_before;
    let report = atoll_app::scan_report(&store, review_id, chrono::Utc::now())
        .await
        .unwrap();
    let api_calls = store.scan(review_id).await.unwrap().api_calls;
    let mut resources = 0;
    for account in store.account_scans(review_id).await.unwrap() {
        resources += store.inventory(account.id).await.unwrap().len();
    }
    let assessed = report.accounts.iter().filter(|a| a.score.is_some()).count();

    println!(
        "organization review benchmark (moto emulator, {} accounts, {} regions, {} accounts in flight)",
        report.accounts.len(),
        regions.len(),
        if in_flight == 0 {
            atoll_app::organization::DEFAULT_ACCOUNTS_IN_FLIGHT
        } else {
            in_flight
        }
    );
    println!(
        "  accounts assessed:     {assessed} of {}",
        report.accounts.len()
    );
    println!(
        "  resources inventoried: {resources} ({:.0} per account)",
        resources as f64 / report.accounts.len().max(1) as f64
    );
    println!("  findings:              {}", report.summary.findings);
    println!("  wall time:             {wall:.1} s (Atoll's CPU time {cpu:.1} s)");
    println!(
        "  API calls:             {api_calls} ({:.0} per account)",
        api_calls as f64 / report.accounts.len().max(1) as f64
    );
    println!(
        "  accounts per minute:   {:.1}",
        report.accounts.len() as f64 / (wall / 60.0)
    );
    println!(
        "  peak memory:           {:.0} MiB (before the review {memory_before:.0} MiB)",
        peak_memory_mib()
    );
}
