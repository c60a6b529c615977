//! Benchmark: scan an emulated account the size of the brief's fintech
//! customer (~470 EC2 instances, ~170 load balancers, 4 RDS instances, 2
//! regions) and compare the API calls made with the fewest pages the same
//! data needs at each API's maximum page size (target: <= 1.2x).
//!
//! `cargo run -p atoll-cli --example scan_bench` prints the figures. Wall
//! time is dominated by the emulator (moto, in Python), not by Atoll.

#[path = "../tests/common/moto.rs"]
mod moto;

use std::collections::BTreeMap;
use std::time::Instant;

use atoll_app::ScanRequest;
use atoll_app::{ScanTarget, Store};
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

#[tokio::main]
async fn main() {
    // SAFETY: set before any other thread reads the environment.
    unsafe {
        std::env::set_var("AWS_ACCESS_KEY_ID", "testing");
        std::env::set_var("AWS_SECRET_ACCESS_KEY", "testing");
        std::env::set_var("AWS_REGION", "eu-west-1");
        std::env::set_var("AWS_CONFIG_FILE", "/nonexistent/atoll-bench-config");
        std::env::set_var(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/atoll-bench-credentials",
        );
    }
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
    let request = ScanRequest {
        target: ScanTarget {
            endpoint_url: Some(moto.endpoint.clone()),
            ..Default::default()
        },
        regions: regions.clone(),
        customer: Some("Fintech benchmark".into()),
        concurrency: 0,
    };
    let started = Instant::now();
    let scan_id = atoll_app::run_scan(&store, &rules, &request, &|_| {}, &CancellationToken::new())
        .await
        .unwrap();
    let wall = started.elapsed().as_secs_f64();
    let scan = store.scan(scan_id).await.unwrap();
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
    let ratio = scan.api_calls as f64 / minimum as f64;
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
    println!("  wall time:             {wall:.2} s");
    println!("  API calls:             {}", scan.api_calls);
    println!("  minimum pages:         {minimum}");
    println!("  calls / minimum:       {ratio:.2} (target <= 1.2)");
}
