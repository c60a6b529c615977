//! Atoll is read-only towards AWS: every operation the scanner sends is
//! recorded by the SDK interceptor on its clients and must be a read; the
//! same interceptor refuses a write before it leaves the process.

mod common;

use atoll_aws::guard::{CallLog, ReadOnlyGuard, is_read_operation};
use atoll_aws::{ScanTarget, collect, connect};
use common::Moto;

fn emulator_env() {
    // SAFETY: set before any thread of this test reads the environment.
    unsafe {
        std::env::set_var("AWS_ACCESS_KEY_ID", "testing");
        std::env::set_var("AWS_SECRET_ACCESS_KEY", "testing");
        std::env::set_var("AWS_REGION", "eu-west-1");
        std::env::set_var("AWS_CONFIG_FILE", "/nonexistent/atoll-test-config");
        std::env::set_var(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/atoll-test-credentials",
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_scanner_sends_only_read_operations() {
    emulator_env();
    let moto = Moto::start();
    moto.plant("standard");
    let target = ScanTarget {
        endpoint_url: Some(moto.endpoint.clone()),
        ..Default::default()
    };
    let conn = connect(&target).await.expect("connect to the emulator");
    let regions = vec!["eu-west-1".to_string(), "us-east-1".to_string()];
    let collection = collect(&conn, &regions, 8, &|_| {}).await.expect("collect");

    let calls = conn.calls.calls();
    assert!(calls.len() > 40, "all calls are recorded: {calls:?}");
    let writes: Vec<_> = calls
        .iter()
        .filter(|c| !is_read_operation(c.split(':').nth(1).unwrap_or(c)))
        .collect();
    assert!(writes.is_empty(), "non-read operations sent: {writes:?}");
    // Nothing was refused either: a refused write would show as a coverage error.
    let refused: Vec<_> = collection
        .coverage
        .iter()
        .filter(|c| {
            c.message
                .as_deref()
                .is_some_and(|m| m.contains("read-only"))
        })
        .collect();
    assert!(
        refused.is_empty(),
        "the scanner attempted writes: {refused:?}"
    );
    for operation in [
        "DescribeInstances",
        "DescribeSecurityGroups",
        "DescribeDBInstances",
        "GetAccountAuthorizationDetails",
        "ListBuckets",
        "DescribeVpnConnections",
    ] {
        assert!(
            calls.iter().any(|c| c.ends_with(operation)),
            "{operation} was called"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_guard_refuses_a_write_before_it_is_sent() {
    emulator_env();
    let moto = Moto::start();
    let sdk = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(&moto.endpoint)
        .load()
        .await;
    let log = CallLog::default();
    let ec2 = aws_sdk_ec2::Client::from_conf(
        aws_sdk_ec2::config::Builder::from(&sdk)
            .interceptor(ReadOnlyGuard::new(log.clone()))
            .build(),
    );
    let refused = ec2.create_vpc().cidr_block("10.99.0.0/16").send().await;
    let message = format!("{:?}", refused.expect_err("a write must be refused"));
    assert!(
        message.contains("read-only"),
        "refusal names the reason: {message}"
    );
    assert_eq!(log.count(), 0, "nothing was transmitted");

    let unguarded = aws_sdk_ec2::Client::new(&sdk);
    let vpcs = unguarded.describe_vpcs().send().await.unwrap();
    assert!(
        vpcs.vpcs()
            .iter()
            .all(|v| v.cidr_block() != Some("10.99.0.0/16")),
        "the VPC was not created"
    );
}
