//! Benchmark: scan an emulated account the size of the brief's fintech
//! customer (~470 EC2 instances, ~170 load balancers, 4 RDS instances, 500
//! S3 buckets, 300 IAM users, 2 regions) and compare the API calls made
//! with the fewest pages the same data needs at each API's maximum page
//! size (target: <= 1.2x).
//!
//! `cargo run --release -p atoll-cli --example scan_bench` prints the
//! figures. Wall time is the emulator's (moto, one Python process) and, in
//! a debug build, Atoll's own CPU time (the AWS SDK unoptimised): the
//! printed CPU time tells.
//!
//! `-- --latency-ms 40` (or `ATOLL_BENCH_LATENCY_MS=40`) then scans the
//! account through tests/moto/fault_proxy.py adding 40 ms to every call, as
//! a distant region would: once with moto answering, once with the proxy
//! replaying moto's answers, which takes the emulator's time out as against
//! AWS, whose servers answer in parallel (target: <= 20 s). The replayed
//! collection's wall time over the latency bounds the round trips on the
//! scan's critical path.

#[path = "common/bench.rs"]
mod bench;
#[path = "../tests/common/moto.rs"]
mod moto;
#[path = "../tests/common/proxy.rs"]
mod proxy;

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Instant;

use atoll_app::{ScanEvent, ScanRequest};
use atoll_app::{ScanTarget, Store};
use atoll_core::RuleSet;
use tokio_util::sync::CancellationToken;

/// Fewest calls for `items` at `page_size` per call (one call even when empty).
fn pages(items: usize, page_size: usize) -> usize {
    items.div_ceil(page_size).max(1)
}

/// REST APIs in a region: one GetStages call each.
fn api_count(inventory: &[atoll_core::Resource], region: &str) -> usize {
    let apis: std::collections::BTreeSet<&str> = inventory
        .iter()
        .filter(|r| r.resource_type == "AWS::ApiGateway::Stage" && r.region == region)
        .filter_map(|r| r.resource_id.split('/').next())
        .collect();
    apis.len()
}

/// The latency to add per call, in ms: `--latency-ms N` or
/// `ATOLL_BENCH_LATENCY_MS`; 0 without either.
fn latency_ms() -> u64 {
    bench::number_arg("latency-ms", "ATOLL_BENCH_LATENCY_MS").unwrap_or(0)
}

/// One scan's figures.
struct Run {
    scan_id: i64,
    wall: f64,
    /// CPU seconds Atoll used meanwhile (collection, storage, evaluation).
    cpu: f64,
    api_calls: u64,
    /// When each region x service task finished, seconds from the start.
    finished: Vec<(f64, String)>,
}

async fn scan(store: &Store, rules: &RuleSet, endpoint: &str, regions: &[String]) -> Run {
    let request = ScanRequest {
        target: ScanTarget {
            endpoint_url: Some(endpoint.to_string()),
            ..Default::default()
        },
        regions: regions.to_vec(),
        customer: Some("Fintech benchmark".into()),
        concurrency: 0,
        organization: None,
        scope: Default::default(),
    };
    let started = Instant::now();
    let cpu_before = bench::cpu_seconds();
    let finished = Mutex::new(Vec::new());
    let on_progress = |event: ScanEvent| {
        if let ScanEvent::Collected {
            service, region, ..
        } = event
        {
            let at = started.elapsed().as_secs_f64();
            finished
                .lock()
                .unwrap()
                .push((at, format!("{service} {region}")));
        }
    };
    let scan_id = atoll_app::run_scan(
        store,
        rules,
        &request,
        &on_progress,
        &CancellationToken::new(),
    )
    .await
    .unwrap();
    let wall = started.elapsed().as_secs_f64();
    let cpu = bench::cpu_seconds() - cpu_before;
    let api_calls = store.scan(scan_id).await.unwrap().api_calls;
    Run {
        scan_id,
        wall,
        cpu,
        api_calls,
        finished: finished.into_inner().unwrap(),
    }
}

#[tokio::main]
async fn main() {
    bench::use_emulator_credentials();
    let moto = moto::Moto::start();
    let planted_at = Instant::now();
    let planted = moto.plant("fintech");
    eprintln!(
        "planted {} in {:.1} s",
        planted["counts"],
        planted_at.elapsed().as_secs_f64()
    );
    let regions: Vec<String> = serde_json::from_value(planted["regions"].clone()).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("bench.db")).await.unwrap();
    let rules = atoll_app::builtin_rules().await.unwrap();
    let direct = scan(&store, &rules, &moto.endpoint, &regions).await;
    // Through the proxy twice: first with moto answering every call, then
    // with the proxy replaying moto's answers, so only the added latency
    // and Atoll itself remain in the wall time.
    let latency = latency_ms();
    let mut delayed = None;
    if latency > 0 {
        let proxy = proxy::FaultProxy::start(
            Some(&moto.endpoint),
            &[
                "--mode",
                "latency",
                "--latency-ms",
                &latency.to_string(),
                "--replay",
            ],
        );
        let through_moto = scan(&store, &rules, &proxy.endpoint, &regions).await;
        let before = proxy.stats();
        let replayed = scan(&store, &rules, &proxy.endpoint, &regions).await;
        let after = proxy.stats();
        let count = |stats: &serde_json::Value, key: &str| stats[key].as_u64().unwrap_or(0);
        let misses = (count(&after, "requests") - count(&before, "requests"))
            - (count(&after, "replayed") - count(&before, "replayed"));
        let proxy_cpu = after["cpu_seconds"].as_f64().unwrap_or(0.0)
            - before["cpu_seconds"].as_f64().unwrap_or(0.0);
        delayed = Some((latency, through_moto, replayed, misses, proxy_cpu));
    }
    let scan_id = direct.scan_id;
    let inventory = store.inventory(scan_id).await.unwrap();

    let mut count: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for r in &inventory {
        *count
            .entry((r.resource_type.as_str(), r.region.as_str()))
            .or_default() += 1;
    }
    let n = |t: &str, region: &str| count.get(&(t, region)).copied().unwrap_or(0);
    let g = |t: &str| n(t, "global");
    let buckets: usize = inventory
        .iter()
        .filter(|r| r.resource_type == "AWS::S3::Bucket")
        .count();
    // Global: caller identity; IAM details + 3 calls per user; password
    // policy + summary; S3 listing + 6 calls per bucket.
    let mut minimum =
        1 + pages(
            g("AWS::IAM::User") + g("AWS::IAM::Policy") + g("AWS::IAM::Role"),
            1000,
        ) + 3 * g("AWS::IAM::User")
            + 2
            + 1
            + 6 * buckets
            + pages(g("AWS::CloudFront::Distribution"), 1000)
            + pages(g("AWS::Route53::HostedZone"), 100)
            + pages(g("AWS::Route53::HealthCheck"), 1000)
            + 1; // organization
    for region in &regions {
        let r = region.as_str();
        minimum += pages(n("AWS::EC2::Instance", r), 1000)
            + pages(n("AWS::EC2::SecurityGroup", r), 1000)
            + pages(n("AWS::EC2::Volume", r), 500)
            + 1 // addresses
            + pages(n("AWS::EC2::VPC", r), 1000)
            + pages(n("AWS::EC2::FlowLog", r), 1000)
            + 1 // VPN connections
            + pages(n("AWS::RDS::DBInstance", r), 100)
            + pages(n("AWS::RDS::DBCluster", r), 100)
            + 1 + n("AWS::CloudTrail::Trail", r)
            + pages(n("AWS::ElasticLoadBalancingV2::LoadBalancer", r), 400)
            + n("AWS::ElasticLoadBalancingV2::LoadBalancer", r) // listeners, one LB per call
            + pages(n("AWS::ElasticLoadBalancing::LoadBalancer", r), 400)
            + pages(n("AWS::AutoScaling::AutoScalingGroup", r), 100)
            + pages(n("AWS::KMS::Key", r), 1000) + 2 * n("AWS::KMS::Key", r)
            + 1 + n("AWS::SQS::Queue", r)
            + pages(n("AWS::SNS::Topic", r), 100) + n("AWS::SNS::Topic", r)
            + pages(n("AWS::SSM::Parameter", r), 50)
            + pages(n("AWS::DynamoDB::Table", r), 100) + 2 * n("AWS::DynamoDB::Table", r)
            + pages(n("AWS::Logs::LogGroup", r), 50)
            + pages(n("AWS::Lambda::Function", r), 50)
            + 1 + n("AWS::GuardDuty::Detector", r)
            + pages(n("AWS::EC2::NatGateway", r), 1000)
            + pages(n("AWS::EC2::Subnet", r), 1000)
            + pages(n("AWS::EC2::Snapshot", r), 1000)
            + 1 // own AMIs
            + 1 // EBS encryption by default
            + 1 + n("AWS::CertificateManager::Certificate", r)
            + 1 + api_count(&inventory, r) // REST APIs, then stages per API
            + pages(n("AWS::ECS::Cluster", r), 100) + n("AWS::ECS::Cluster", r).div_ceil(100)
            + n("AWS::ECS::Cluster", r) + n("AWS::ECS::Service", r).div_ceil(10)
            + pages(n("AWS::ECS::TaskDefinition", r), 100) + n("AWS::ECS::TaskDefinition", r)
            + 1 + n("AWS::EKS::Cluster", r)
            + 1 + n("AWS::Backup::BackupPlan", r) + 1 // plans (+ each), vaults
            + 1 // protected resources
            + 1 + 2 * n("AWS::EFS::FileSystem", r)
            + 2 // ElastiCache replication groups, clusters
            + 2 // Config recorders and their status
            + 1 // Security Hub
            + pages(n("AWS::CloudWatch::Alarm", r), 100)
            + pages(n("AWS::CloudFormation::Stack", r), 100)
            + pages(n("AWS::SecretsManager::Secret", r), 100);
    }
    let ratio = direct.api_calls as f64 / minimum as f64;
    println!("scan benchmark (moto emulator, {} regions)", regions.len());
    println!("  resources inventoried: {}", inventory.len());
    for (label, t) in [
        ("EC2 instances", "AWS::EC2::Instance"),
        (
            "load balancers",
            "AWS::ElasticLoadBalancingV2::LoadBalancer",
        ),
        ("RDS instances", "AWS::RDS::DBInstance"),
    ] {
        println!(
            "  {label:<22} {}",
            regions.iter().map(|r| n(t, r)).sum::<usize>()
        );
    }
    println!("  {:<22} {buckets}", "S3 buckets");
    println!("  {:<22} {}", "IAM users", g("AWS::IAM::User"));
    println!(
        "  wall time:             {:.2} s (Atoll's CPU time {:.1} s)",
        direct.wall, direct.cpu
    );
    println!("  API calls:             {}", direct.api_calls);
    println!("  minimum pages:         {minimum}");
    println!("  calls / minimum:       {ratio:.2} (target <= 1.2)");
    print_last_tasks(&direct);
    let Some((latency, through_moto, replayed, misses, proxy_cpu)) = delayed else {
        return;
    };
    let rtt = latency as f64 / 1000.0;
    println!("through tests/moto/fault_proxy.py adding {latency} ms to every call");
    for (label, run) in [
        ("moto answering", &through_moto),
        ("answers replayed", &replayed),
    ] {
        println!(
            "  {label}: wall {:.2} s (collection {:.2} s, Atoll's CPU time {:.1} s), {} API calls ({:.2}x the minimum)",
            run.wall,
            run.collected(),
            run.cpu,
            run.api_calls,
            run.api_calls as f64 / minimum as f64
        );
        print_last_tasks(run);
    }
    println!(
        "  replayed scan: {misses} requests moto had to answer; the proxy's CPU time {proxy_cpu:.1} s"
    );
    println!("  target: <= 20 s at {latency} ms");
    // Every round trip costs at least the added latency: with the answers
    // replayed, the collection's wall time over the latency is the round
    // trips made one after another (Atoll's own time included, so an
    // upper bound).
    println!(
        "  critical path:         <= {:.0} round trips (replayed collection / {latency} ms)",
        replayed.collected() / rtt
    );
}

impl Run {
    /// Seconds until the last task finished (the rest is storing and
    /// evaluating the rules).
    fn collected(&self) -> f64 {
        self.finished.iter().map(|f| f.0).fold(0.0, f64::max)
    }
}

/// The tasks that finished last: what the wall time waited for.
fn print_last_tasks(run: &Run) {
    let mut finished = run.finished.clone();
    finished.sort_by(|a, b| b.0.total_cmp(&a.0));
    let last: Vec<String> = finished
        .iter()
        .take(5)
        .map(|(at, task)| format!("{task} {at:.1} s"))
        .collect();
    println!("  last tasks finished:   {}", last.join(", "));
}
