//! Benchmark: evaluate the whole rule catalogue over a synthetic inventory
//! of 100,000 resources (target: <= 2 s on the 2-core reference machine).
//!
//! `cargo bench -p atoll-core --bench evaluate` prints the figures. The
//! inventory mixes the collected types in the proportions of a large
//! account, with about one resource in five misconfigured.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use atoll_core::engine::{ScanContext, evaluate, memory_inventory};
use atoll_core::{Outcome, Resource, RuleSet};
use serde_json::{Value, json};

const RESOURCES: usize = 100_000;
const ROUNDS: usize = 3;
const REGIONS: [&str; 4] = ["eu-west-1", "eu-central-1", "us-east-1", "us-west-2"];

fn resource(kind: usize, i: usize) -> Resource {
    let region = REGIONS[i % REGIONS.len()];
    let bad = i.is_multiple_of(5);
    let (resource_type, id, config): (&str, String, Value) = match kind {
        0..=29 => (
            "AWS::EC2::Instance",
            format!("i-{i:017x}"),
            json!({
                "InstanceId": format!("i-{i:017x}"),
                "InstanceType": if bad { "m4.large" } else { "m7g.large" },
                "State": { "Name": "running" },
                "PublicIpAddress": if bad { json!("203.0.113.10") } else { Value::Null },
                "SecurityGroups": [{ "GroupId": format!("sg-{:017x}", i % 10_000), "GroupName": "app" }],
                "MetadataOptions": { "HttpTokens": if bad { "optional" } else { "required" } },
                "Monitoring": { "State": "disabled" },
                "EbsOptimized": true,
                "Architecture": if bad { "x86_64" } else { "arm64" },
            }),
        ),
        30..=39 => (
            "AWS::EC2::SecurityGroup",
            format!("sg-{i:017x}"),
            json!({
                "GroupId": format!("sg-{i:017x}"),
                "GroupName": "app",
                "IpPermissions": [{ "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                    "IpRanges": [{ "CidrIp": if bad { "0.0.0.0/0" } else { "10.0.0.0/8" } }], "Ipv6Ranges": [] }],
                "IpPermissionsEgress": [],
            }),
        ),
        40..=69 => (
            "AWS::EC2::Volume",
            format!("vol-{i:017x}"),
            json!({
                "VolumeId": format!("vol-{i:017x}"),
                "VolumeType": if bad { "gp2" } else { "gp3" },
                "Size": 100,
                "Encrypted": !bad,
                "State": if bad { "available" } else { "in-use" },
                "Attachments": [],
            }),
        ),
        70..=74 => (
            "AWS::RDS::DBInstance",
            format!("db-{i}"),
            json!({
                "DBInstanceIdentifier": format!("db-{i}"),
                "DBInstanceClass": "db.r6g.large",
                "MultiAZ": !bad, "StorageEncrypted": !bad, "PubliclyAccessible": bad,
                "BackupRetentionPeriod": if bad { 0 } else { 7 }, "DeletionProtection": !bad,
                "StorageType": "gp3", "AutoMinorVersionUpgrade": true, "PerformanceInsightsEnabled": true,
            }),
        ),
        75..=79 => (
            "AWS::S3::Bucket",
            format!("bucket-{i}"),
            json!({
                "Name": format!("bucket-{i}"),
                "PublicAccessBlockConfiguration": if bad { Value::Null } else { json!({
                    "BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true }) },
                "Versioning": { "Status": if bad { Value::Null } else { json!("Enabled") } },
                "PolicyStatus": { "IsPublic": false }, "Policy": Value::Null,
            }),
        ),
        80..=84 => (
            "AWS::IAM::User",
            format!("user-{i}"),
            json!({
                "UserName": format!("user-{i}"),
                "LoginProfile": { "CreateDate": "2025-01-01T00:00:00Z" },
                "MFADevices": if bad { json!([]) } else { json!([{ "SerialNumber": "arn:aws:iam::1:mfa/x" }]) },
                "AccessKeys": [{ "AccessKeyId": "AKIA", "Status": "Active", "CreateDate": "2024-01-01T00:00:00Z" }],
                "AttachedManagedPolicies": [], "UserPolicyList": [], "Groups": [], "GroupList": [],
            }),
        ),
        85..=89 => (
            "AWS::Lambda::Function",
            format!("fn-{i}"),
            json!({
                "FunctionName": format!("fn-{i}"),
                "Runtime": if bad { "python3.7" } else { "python3.12" },
                "MemorySize": 512, "Architectures": ["arm64"],
                "TracingConfig": { "Mode": "Active" }, "DeadLetterConfig": Value::Null,
            }),
        ),
        90..=94 => (
            "AWS::Logs::LogGroup",
            format!("/app/{i}"),
            json!({
                "logGroupName": format!("/app/{i}"),
                "retentionInDays": if bad { Value::Null } else { json!(30) },
            }),
        ),
        _ => (
            "AWS::SQS::Queue",
            format!("queue-{i}"),
            json!({
                "QueueArn": format!("arn:aws:sqs:{region}:1:queue-{i}"),
                "SqsManagedSseEnabled": if bad { "false" } else { "true" },
            }),
        ),
    };
    Resource {
        resource_type: resource_type.into(),
        region: region.into(),
        resource_id: id,
        arn: None,
        name: None,
        tags: BTreeMap::new(),
        config,
    }
}

#[tokio::main]
async fn main() {
    let rules_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
    let rules = RuleSet::load_dir(&rules_dir)
        .await
        .expect("rule catalogue loads");
    let resources: Vec<Resource> = (0..RESOURCES).map(|i| resource(i % 100, i)).collect();

    let started = Instant::now();
    let mut conn = memory_inventory(&resources).await.expect("inventory loads");
    let load = started.elapsed();

    let ctx = ScanContext {
        account_id: "123456789012".into(),
        collected_at: "2026-11-25T00:00:00Z".into(),
        regions: REGIONS.iter().map(|r| r.to_string()).collect(),
        coverage: vec![],
    };
    let mut best = f64::MAX;
    let mut results = Vec::new();
    for _ in 0..ROUNDS {
        let started = Instant::now();
        results = evaluate(&mut conn, &rules.rules, &ctx)
            .await
            .expect("evaluation");
        best = best.min(started.elapsed().as_secs_f64());
    }
    let failed = results
        .iter()
        .filter(|r| r.outcome == Outcome::Fail)
        .count();
    let mut slowest = Vec::new();
    for rule in &rules.rules {
        let started = Instant::now();
        evaluate(&mut conn, std::slice::from_ref(rule), &ctx)
            .await
            .expect("evaluation");
        slowest.push((started.elapsed().as_secs_f64(), rule.info.id.as_str()));
    }
    slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("rule evaluation benchmark");
    println!("  resources:            {RESOURCES}");
    println!("  rules:                {}", rules.rules.len());
    println!(
        "  results:              {} ({failed} failing)",
        results.len()
    );
    println!("  load into SQLite:     {:.3} s", load.as_secs_f64());
    println!("  evaluate all rules:   {best:.3} s (best of 3; target <= 2 s)");
    for (seconds, id) in slowest.iter().take(5) {
        println!("    slowest: {id:<40} {seconds:.3} s");
    }
}
