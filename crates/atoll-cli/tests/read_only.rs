//! Atoll is read-only towards AWS. Checked where it matters, at the server:
//! moto's request recorder logs every request that reaches the emulator while
//! the scanner runs (after the planting scripts' writes), and each must be a
//! read, judged from the request itself (its X-Amz-Target, its query `Action`,
//! or, for REST APIs, its HTTP method), not from the scanner's own call log.
//! The same read-only guard (an SDK interceptor) refuses a write before it
//! leaves the process.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use atoll_aws::guard::{ALLOWED_OPERATIONS, CallLog, ReadOnlyGuard};
use common::Moto;
use serde_json::Value;

/// REST requests other than GET and HEAD that are reads nonetheless, as
/// (service of the request's signature, method, path prefix, the operation).
/// None of the collectors' REST calls needs one today; one that does must be
/// named here, with the operation it is.
const REST_READS_BY_POST: [(&str, &str, &str, &str); 0] = [];

/// Operations the scanner calls that moto's server has no route for: it
/// answers them with a 404 page and does not record them, as (the call log's
/// `service:Operation`, why). The collectors report them as coverage errors.
const UNROUTED: [(&str, &str); 2] = [
    (
        "Backup:ListProtectedResources",
        "moto does not implement AWS Backup's ListProtectedResources",
    ),
    (
        "CloudWatch:DescribeAlarms",
        "the Rust SDK calls CloudWatch over Smithy RPC v2 CBOR \
         (POST /service/GraniteServiceVersion20100801/operation/DescribeAlarms), \
         a protocol moto's server does not route",
    ),
];

/// Allowed operations this planted account does not make the scan send, as
/// (`service:Operation`, why).
const NOT_SENT_HERE: [(&str, &str); 2] = ORGANIZATION_ONLY;

/// Sent only by an organization scan, before any account is collected
/// (tests/organization.rs checks them). `ListRoots` and
/// `ListAccountsForParent` are sent by this scan too: the planted account is
/// its organization's management account, which reads the organization's
/// guardrails (services/org_management.rs).
const ORGANIZATION_ONLY: [(&str, &str); 2] = [
    (
        "Organizations:ListAccounts",
        "an organization scan lists the member accounts",
    ),
    (
        "Organizations:ListOrganizationalUnitsForParent",
        "an organization scan reads the OU tree",
    ),
];

/// One request as moto's recorder stored it.
struct Recorded {
    method: String,
    url: String,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

impl Recorded {
    fn parse(line: &str) -> Recorded {
        let entry: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("a recorder entry is JSON ({e}): {line}"));
        let headers = entry["headers"]
            .as_object()
            .expect("recorded headers")
            .iter()
            .map(|(k, v)| {
                (
                    k.to_ascii_lowercase(),
                    v.as_str().unwrap_or_default().to_string(),
                )
            })
            .collect();
        let body = entry["body"].as_str().unwrap_or_default();
        let body = if entry["body_encoded"] == true {
            base64_decode(body)
        } else {
            body.as_bytes().to_vec()
        };
        Recorded {
            method: entry["method"]
                .as_str()
                .expect("recorded method")
                .to_string(),
            url: entry["url"].as_str().expect("recorded url").to_string(),
            headers,
            body,
        }
    }

    /// The service the request was signed for (SigV4 credential scope).
    fn service(&self) -> String {
        let authorization = self
            .headers
            .get("authorization")
            .cloned()
            .unwrap_or_default();
        authorization
            .split("Credential=")
            .nth(1)
            .and_then(|scope| scope.split('/').nth(3))
            .unwrap_or("unsigned")
            .to_string()
    }

    fn path(&self) -> &str {
        let after_host = self
            .url
            .split_once("://")
            .map_or(self.url.as_str(), |(_, r)| r);
        let path = after_host.find('/').map_or("/", |i| &after_host[i..]);
        path.split('?').next().unwrap_or(path)
    }

    /// The operation, for RPC protocols: the JSON protocols' X-Amz-Target
    /// (`Prefix.Operation`), the query protocols' `Action` (in the query
    /// string or the form body), or Smithy RPC v2's `/service/S/operation/O`.
    /// None for REST protocols, where the HTTP method says what it does.
    fn rpc_operation(&self) -> Option<String> {
        if let Some(target) = self.headers.get("x-amz-target") {
            return Some(target.rsplit('.').next().unwrap_or(target).to_string());
        }
        let query = self.url.split_once('?').map(|(_, q)| q.to_string());
        let form = self
            .headers
            .get("content-type")
            .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"))
            .then(|| String::from_utf8_lossy(&self.body).to_string());
        for params in [query, form].into_iter().flatten() {
            if let Some(action) = params.split('&').find_map(|p| p.strip_prefix("Action=")) {
                return Some(action.to_string());
            }
        }
        let mut parts = self.path().split('/');
        if let (Some(""), Some("service"), Some(_), Some("operation"), Some(op)) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) {
            return Some(op.to_string());
        }
        None
    }

    /// Whether the request reads, and what it is, as `service:Operation` or
    /// `service:METHOD /path`.
    fn classify(&self) -> (bool, String) {
        let service = self.service();
        if let Some(op) = self.rpc_operation() {
            let read = ["Describe", "List", "Get"]
                .iter()
                .any(|p| op.starts_with(p));
            return (read, format!("{service}:{op}"));
        }
        let method = self.method.to_ascii_uppercase();
        let path = self.path().to_string();
        let named = REST_READS_BY_POST
            .iter()
            .find(|(s, m, prefix, _)| *s == service && *m == method && path.starts_with(prefix));
        match named {
            Some((_, _, _, op)) => (true, format!("{service}:{op}")),
            None => (
                method == "GET" || method == "HEAD",
                format!("{service}:{method} {path}"),
            ),
        }
    }
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => (c - b'A') as u32,
            b'a'..=b'z' => (c - b'a' + 26) as u32,
            b'0'..=b'9' => (c - b'0' + 52) as u32,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {c}"),
        }
    };
    let bytes: Vec<u8> = text
        .bytes()
        .filter(|&c| c != b'=' && !c.is_ascii_whitespace())
        .collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &c)| n | (value(c) << (18 - 6 * i)));
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

/// A recorder entry as moto writes it, signed for `service`.
fn entry(
    service: &str,
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &str,
    encoded: bool,
) -> String {
    let mut all = serde_json::Map::new();
    let scope = format!(
        "AWS4-HMAC-SHA256 Credential=testing/20260101/eu-west-1/{service}/aws4_request, Signature=0"
    );
    all.insert("Authorization".into(), scope.into());
    for (k, v) in headers {
        all.insert((*k).into(), (*v).into());
    }
    serde_json::json!({ "headers": all, "method": method, "url": url, "body": body, "body_encoded": encoded })
        .to_string()
}

#[test]
fn the_request_classifier_tells_writes_from_reads() {
    let form = [(
        "Content-Type",
        "application/x-www-form-urlencoded; charset=utf-8",
    )];
    let cases = [
        // Query protocol, the form body base64-encoded as moto stores bytes.
        (
            entry(
                "ec2",
                "POST",
                "http://h/",
                &form,
                "QWN0aW9uPUNyZWF0ZVZwYyZWZXJzaW9uPTIwMTYtMTEtMTU=",
                true,
            ),
            false,
            "ec2:CreateVpc",
        ),
        (
            entry(
                "ec2",
                "POST",
                "http://h/",
                &form,
                "Action=DescribeVpcs&Version=2016-11-15",
                false,
            ),
            true,
            "ec2:DescribeVpcs",
        ),
        (
            entry(
                "sts",
                "GET",
                "http://h/?Action=AssumeRole&Version=2011-06-15",
                &[],
                "",
                false,
            ),
            false,
            "sts:AssumeRole",
        ),
        // JSON protocols name the operation in X-Amz-Target.
        (
            entry(
                "dynamodb",
                "POST",
                "http://h/",
                &[("X-Amz-Target", "DynamoDB_20120810.PutItem")],
                "{}",
                false,
            ),
            false,
            "dynamodb:PutItem",
        ),
        (
            entry(
                "dynamodb",
                "POST",
                "http://h/",
                &[("x-amz-target", "DynamoDB_20120810.ListTables")],
                "{}",
                false,
            ),
            true,
            "dynamodb:ListTables",
        ),
        // Smithy RPC v2 CBOR names it in the path.
        (
            entry(
                "monitoring",
                "POST",
                "http://h/service/GraniteServiceVersion20100801/operation/PutMetricAlarm",
                &[],
                "",
                false,
            ),
            false,
            "monitoring:PutMetricAlarm",
        ),
        // REST: the method decides.
        (
            entry("s3", "PUT", "http://h/bucket/key", &[], "", false),
            false,
            "s3:PUT /bucket/key",
        ),
        (
            entry("s3", "DELETE", "http://h/bucket", &[], "", false),
            false,
            "s3:DELETE /bucket",
        ),
        (
            entry(
                "lambda",
                "POST",
                "http://h/2015-03-31/functions/f/invocations",
                &[],
                "",
                false,
            ),
            false,
            "lambda:POST /2015-03-31/functions/f/invocations",
        ),
        (
            entry("s3", "HEAD", "http://h/bucket", &[], "", false),
            true,
            "s3:HEAD /bucket",
        ),
        (
            entry(
                "eks",
                "GET",
                "http://h/clusters?maxResults=100",
                &[],
                "",
                false,
            ),
            true,
            "eks:GET /clusters",
        ),
    ];
    for (line, read, what) in cases {
        assert_eq!(
            Recorded::parse(&line).classify(),
            (read, what.to_string()),
            "{line}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_emulator_receives_only_read_requests_from_a_scan() {
    common::emulator_env();
    let dir = tempfile::tempdir().unwrap();
    // moto's recorder appends to this file (by default ./moto_recording).
    let recording = dir
        .path()
        .join("moto-recording.jsonl")
        .display()
        .to_string();
    let moto = Moto::start_with(&[("MOTO_RECORDER_FILEPATH", recording.as_str())]);
    moto.plant("standard");
    // More services to read: the types the demo has and "standard" has not.
    moto.plant_script("plant_shapes.py");
    // The planting scripts' writes are done: record from here on.
    moto.moto_api("POST", "/moto-api/recorder/reset-recording");
    moto.moto_api("POST", "/moto-api/recorder/start-recording");

    let (conn, collection) = moto.collect_planted_regions().await;
    moto.moto_api("POST", "/moto-api/recorder/stop-recording");
    let requests: Vec<Recorded> = moto
        .moto_api("GET", "/moto-api/recorder/download-recording")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(Recorded::parse)
        .collect();

    let logged = conn.calls.calls();
    assert!(logged.len() > 100, "the scan made its calls: {logged:?}");
    let classified: Vec<(bool, String)> = requests.iter().map(Recorded::classify).collect();
    let writes: Vec<&String> = classified
        .iter()
        .filter(|(read, _)| !read)
        .map(|(_, what)| what)
        .collect();
    assert!(
        writes.is_empty(),
        "the emulator received non-read requests: {writes:?}"
    );

    // Every request the scanner logged reached the emulator and was recorded,
    // and no other: nothing bypassed the log, and the recording is complete
    // (but for the operations moto's server cannot route, which it answers
    // with a 404 page before its recorder sees them).
    for (operation, why) in UNROUTED {
        assert!(
            logged.iter().any(|c| c == operation),
            "{operation} ({why}) is no longer called: drop it from UNROUTED"
        );
    }
    let routed = logged
        .iter()
        .filter(|c| !UNROUTED.iter().any(|(operation, _)| c == operation))
        .count();
    assert_eq!(
        requests.len(),
        routed,
        "the emulator recorded {} requests, the scanner logged {} ({} of them to operations moto cannot route): \
         more recorded means requests bypassed the call log (or moto now routes an UNROUTED operation: drop it), \
         fewer means the recording is incomplete",
        requests.len(),
        logged.len(),
        logged.len() - routed
    );

    // The recording covers the protocols, and the scan's reads are in it.
    let seen: Vec<&String> = classified.iter().map(|(_, what)| what).collect();
    for operation in [
        "ec2:DescribeInstances",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeVpnConnections",
        "rds:DescribeDBInstances",
        "iam:GetAccountAuthorizationDetails",
        "dynamodb:ListTables",
        "sqs:ListQueues",
        "s3:GET /",
        "lambda:GET /2015-03-31/functions",
    ] {
        assert!(
            seen.iter().any(|s| s.starts_with(operation)),
            "the emulator received {operation}: {seen:?}"
        );
    }
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

    // The scan sends exactly the allow-list (docs/atoll-scan-policy.json is
    // built from it): an operation a collector adds must be listed, and a
    // listed one no collector sends any more must go.
    let sent: BTreeSet<String> = logged.iter().cloned().collect();
    let allowed: BTreeSet<String> = ALLOWED_OPERATIONS
        .iter()
        .map(|(service, op, _)| format!("{service}:{op}"))
        .collect();
    let unlisted: Vec<&String> = sent.difference(&allowed).collect();
    assert!(
        unlisted.is_empty(),
        "sent but not on the allow-list: {unlisted:?}"
    );
    let unsent: Vec<&String> = allowed
        .difference(&sent)
        .filter(|op| !NOT_SENT_HERE.iter().any(|(o, _)| o == op))
        .collect();
    assert!(
        unsent.is_empty(),
        "on the allow-list but not sent by a full scan: {unsent:?}"
    );
    for (operation, why) in NOT_SENT_HERE {
        assert!(
            !sent.contains(operation),
            "{operation} is sent now ({why} no longer holds): drop it from NOT_SENT_HERE"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_guard_refuses_a_write_before_it_is_sent() {
    common::emulator_env();
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
    // A read of a secret is refused too, though its name starts with Get:
    // the guard allows an exact list of operations, not name prefixes.
    let refused = ec2
        .get_password_data()
        .instance_id("i-0123456789abcdef0")
        .send()
        .await;
    let message = format!("{:?}", refused.expect_err("a secret read must be refused"));
    assert!(
        message.contains("EC2:GetPasswordData"),
        "refusal names the operation: {message}"
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
