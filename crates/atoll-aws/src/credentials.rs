//! Reaching a customer's account: a named profile (static keys, SSO, or
//! credential_process, as `~/.aws/config` says), or a role assumed with an
//! external ID on top of those base credentials. Secrets never leave the SDK's
//! own providers: Atoll stores only profile names and role ARNs.

use atoll_core::CoverageStatus;
use aws_config::retry::RetryConfig;
use aws_config::sts::AssumeRoleProvider;
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
}

/// A ready-to-use connection: the SDK config plus the read-only guard.
#[derive(Debug, Clone)]
pub struct Connection {
    pub sdk: SdkConfig,
    pub guard: ReadOnlyGuard,
    pub calls: CallLog,
    pub profile: Option<String>,
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
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .retry_config(RetryConfig::standard().with_max_attempts(MAX_ATTEMPTS));
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
    check_credentials(&sdk, target).await?;
    let calls = CallLog::default();
    Ok(Connection {
        sdk,
        guard: ReadOnlyGuard::new(calls.clone()),
        calls,
        profile: target.profile.clone(),
    })
}

async fn check_credentials(sdk: &SdkConfig, target: &ScanTarget) -> Result<(), AwsError> {
    let Some(provider) = sdk.credentials_provider() else {
        return Err(AwsError {
            status: CoverageStatus::AccessDenied,
            message: "no AWS credentials found: configure a profile (aws configure / aws configure sso) or pass --profile".into(),
        });
    };
    provider
        .provide_credentials()
        .await
        .map(|_| ())
        .map_err(|e| {
            let chain = error_chain(&e);
            let profile = target.profile.as_deref().unwrap_or("default");
            let hint = if chain.contains("sso") || chain.contains("SSO") || chain.contains("token")
            {
                format!(
                    " — the SSO session may have expired: run `aws sso login --profile {profile}`"
                )
            } else if chain.contains("profile") {
                format!(" — check that profile `{profile}` exists in ~/.aws/config")
            } else {
                String::new()
            };
            AwsError {
                status: CoverageStatus::AccessDenied,
                message: format!("cannot load credentials: {chain}{hint}"),
            }
        })
}
