//! Reaching a customer's account: a named profile (static keys, SSO, or
//! credential_process, as `~/.aws/config` says), or a role assumed with an
//! external ID on top of those base credentials. Secrets never leave the SDK's
//! own providers: Atoll stores only profile names and role ARNs.

use std::time::Duration;

use atoll_core::CoverageStatus;
use aws_config::retry::RetryConfig;
use aws_config::sts::AssumeRoleProvider;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::ProvideCredentials;

use crate::errors::{AwsError, error_chain};
use crate::guard::{CallLog, ReadOnlyGuard};

/// Which account to scan, and how.
#[derive(Debug, Clone, Default)]
pub struct ScanTarget {
    /// A profile from `~/.aws/config`; default credential chain when None.
    pub profile: Option<String>,
    pub role_arn: Option<String>,
    pub external_id: Option<String>,
    /// An AWS-compatible endpoint for every client (the emulator in tests).
    /// `AWS_ENDPOINT_URL` is honoured too, by aws-config itself.
    pub endpoint_url: Option<String>,
    /// How long any one step may take before it counts as "timed out".
    pub timeouts: Timeouts,
}

/// Bounds on every network step of a scan, so a stalled endpoint, a
/// hanging `credential_process` or an SSO prompt nobody answers ends as a
/// clear error or "timed out" coverage, never as a scan that never ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Establishing a TCP + TLS connection.
    pub connect: Duration,
    /// Waiting for the first byte of a response (also each attempt's bound).
    pub read: Duration,
    /// One operation, all its retries included (and resolving credentials).
    pub operation: Duration,
    /// One region x service task, all its pages and per-item calls included.
    pub task: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        // Generous for a real network: AWS answers a Describe in well under
        // a second, a throttled task backs off for tens of seconds, and the
        // largest task (S3 with thousands of buckets) takes minutes.
        Timeouts {
            connect: Duration::from_secs(10),
            read: Duration::from_secs(30),
            operation: Duration::from_secs(120),
            task: Duration::from_secs(15 * 60),
        }
    }
}

/// A ready-to-use connection: the SDK config plus the read-only guard.
#[derive(Debug, Clone)]
pub struct Connection {
    pub sdk: SdkConfig,
    pub guard: ReadOnlyGuard,
    pub calls: CallLog,
    pub profile: Option<String>,
    pub timeouts: Timeouts,
    /// Bounds the calls in flight per region x service (the rate budget).
    pub budget: crate::budget::Budget,
}

impl Connection {
    /// The region global services are called through (`connect` always sets one).
    pub fn home_region(&self) -> String {
        self.sdk
            .region()
            .map_or_else(|| "us-east-1".to_string(), |r| r.to_string())
    }
}

/// Attempts per call; throttled calls back off exponentially between them.
const MAX_ATTEMPTS: u32 = 6;

/// Loads credentials for `target` and checks they resolve.
pub async fn connect(target: &ScanTarget) -> Result<Connection, AwsError> {
    let t = target.timeouts;
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(t.connect)
        .read_timeout(t.read)
        .operation_attempt_timeout(t.read)
        .operation_timeout(t.operation)
        .build();
    // Adaptive retry: besides backing off, the client slows its own send
    // rate once the service throttles it (a token bucket per client).
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .retry_config(RetryConfig::adaptive().with_max_attempts(MAX_ATTEMPTS))
        .timeout_config(timeouts);
    if let Some(profile) = &target.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(url) = &target.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    let mut sdk = loader.load().await;
    if sdk.region().is_none() {
        sdk = sdk.into_builder().region(Region::new("us-east-1")).build();
    }
    if let Some(role_arn) = &target.role_arn {
        let mut builder = AssumeRoleProvider::builder(role_arn).session_name("atoll-review");
        if let Some(id) = &target.external_id {
            builder = builder.external_id(id);
        }
        let provider = builder.configure(&sdk).build().await;
        sdk = sdk
            .into_builder()
            .credentials_provider(
                aws_credential_types::provider::SharedCredentialsProvider::new(provider),
            )
            .build();
    }
    check_credentials(&sdk, target.profile.as_deref(), target.timeouts.operation).await?;
    let calls = CallLog::default();
    Ok(Connection {
        sdk,
        guard: ReadOnlyGuard::new(calls.clone()),
        calls,
        profile: target.profile.clone(),
        timeouts: target.timeouts,
        budget: crate::budget::Budget::default(),
    })
}

/// Resolves the credentials of `sdk` once, within `limit`, so a scan starts
/// only with credentials that work.
pub(crate) async fn check_credentials(
    sdk: &SdkConfig,
    profile: Option<&str>,
    limit: Duration,
) -> Result<(), AwsError> {
    let Some(provider) = sdk.credentials_provider() else {
        return Err(AwsError {
            status: CoverageStatus::AccessDenied,
            message: "no AWS credentials found: configure a profile (aws configure / aws configure sso) or pass --profile".into(),
            code: None,
        });
    };
    let Ok(resolved) = tokio::time::timeout(limit, provider.provide_credentials()).await else {
        return Err(AwsError {
            status: CoverageStatus::TimedOut,
            message: format!(
                "credentials did not resolve within {} s: a credential_process or SSO login may be waiting for input",
                limit.as_secs()
            ),
            code: None,
        });
    };
    resolved.map(|_| ()).map_err(|e| {
        let chain = error_chain(&e);
        let profile = profile.unwrap_or("default");
        let hint = if chain.contains("sso") || chain.contains("SSO") || chain.contains("token") {
            format!(" — the SSO session may have expired: run `aws sso login --profile {profile}`")
        } else if chain.contains("profile") {
            format!(" — check that profile `{profile}` exists in ~/.aws/config")
        } else {
            String::new()
        };
        AwsError {
            status: CoverageStatus::AccessDenied,
            message: format!("cannot load credentials: {chain}{hint}"),
            code: None,
        }
    })
}
