//! AWS errors, classified into what coverage and the user need to know.

use atoll_core::CoverageStatus;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

/// A failed AWS call, reduced to its coverage status and a readable message.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{status}: {message}")]
pub struct AwsError {
    pub status: CoverageStatus,
    pub message: String,
    /// The service's error code, when it sent one.
    pub code: Option<String>,
}

const DENIED_CODES: &[&str] = &[
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "UnauthorizedAccess",
    "AuthorizationError",
    "AuthFailure",
    "InvalidClientTokenId",
    "UnrecognizedClientException",
    "ExpiredToken",
    "ExpiredTokenException",
];

const THROTTLED_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "RequestLimitExceeded",
    "TooManyRequestsException",
    "RequestThrottled",
    "SlowDown",
];

const UNAVAILABLE_CODES: &[&str] = &[
    "OptInRequired",
    "SubscriptionRequiredException",
    "InvalidAction",
    "UnknownOperationException",
];

impl AwsError {
    pub fn from_sdk<E>(operation: &str, err: &SdkError<E, HttpResponse>) -> AwsError
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        let code = err.code().unwrap_or_default();
        let http_status = err.raw_response().map(|r| r.status().as_u16());
        let detail = err
            .message()
            .map(str::to_string)
            .unwrap_or_else(|| error_chain(err));
        let timed_out = match err {
            SdkError::TimeoutError(_) => true,
            SdkError::DispatchFailure(failure) => failure.is_timeout(),
            _ => false,
        };
        let status = if timed_out {
            CoverageStatus::TimedOut
        } else if DENIED_CODES.contains(&code) {
            CoverageStatus::AccessDenied
        } else if THROTTLED_CODES.contains(&code) {
            CoverageStatus::Throttled
        } else if UNAVAILABLE_CODES.contains(&code) {
            CoverageStatus::Unavailable
        } else if code.is_empty() && matches!(http_status, Some(401 | 403)) {
            // An error body the SDK could not parse: the HTTP status still tells.
            CoverageStatus::AccessDenied
        } else if code.is_empty() && matches!(http_status, Some(429 | 503)) {
            CoverageStatus::Throttled
        } else {
            CoverageStatus::Error
        };
        let (code, prefix) = if code.is_empty() {
            (None, String::new())
        } else {
            (Some(code.to_string()), format!("{code}: "))
        };
        AwsError {
            status,
            message: format!("{operation}: {prefix}{detail}"),
            code,
        }
    }
}

/// A task that did not finish within its deadline.
pub fn task_timed_out(service: &str, limit: std::time::Duration) -> AwsError {
    AwsError {
        status: CoverageStatus::TimedOut,
        message: format!("{service}: not finished within {} s", limit.as_secs()),
        code: None,
    }
}

/// Whether the error says the item itself is gone (deleted between the
/// listing and the detail call): then it is simply no longer in the account.
pub fn is_gone(err: &AwsError) -> bool {
    const GONE: [&str; 12] = [
        "ResourceNotFoundException",
        "NotFoundException",
        "NoSuchEntity",
        "NoSuchBucket",
        "NotFound",
        "DBInstanceNotFound",
        "DBClusterNotFoundFault",
        "QueueDoesNotExist",
        "AWS.SimpleQueueService.NonExistentQueue",
        "ClusterNotFoundException",
        "InvalidInstanceID.NotFound",
        "NoSuchHostedZone",
    ];
    err.code.as_deref().is_some_and(|code| GONE.contains(&code))
}

/// The whole source chain: the SDK's top-level messages ("dispatch failure")
/// say little on their own.
pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The error code of an SDK error, for "not configured" answers that are
/// data, not failures (e.g. `NoSuchEntity` for an absent password policy).
pub fn code_of<E: ProvideErrorMetadata, R>(err: &SdkError<E, R>) -> Option<&str> {
    err.code()
}
