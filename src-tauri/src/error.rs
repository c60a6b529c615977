//! The one error shape that crosses the IPC edge: `{code, message}`.

use atoll_app::customers::CustomerError;
use atoll_app::report::ReportUseCaseError;
use atoll_app::settings::SettingsError;
use atoll_app::suppressions::SuppressionError;
use atoll_app::{AwsError, ScanError, StoreError};
use serde::Serialize;

/// What kind of failure, for the UI to react to (the message is for people).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorCode {
    /// The input was refused; `fields` says which parts.
    Invalid,
    NotFound,
    /// AWS could not be reached or refused (credentials, SSO, permissions).
    Aws,
    ScanRunning,
    Cancelled,
    Store,
    Report,
    /// The app could not start (its database or catalogue): nothing works
    /// until the cause is fixed and the app restarted.
    StartupFailed,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
    /// Field-level problems of a refused form.
    pub fields: Vec<atoll_app::customers::FieldError>,
}

impl IpcError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        IpcError {
            code,
            message: message.into(),
            fields: Vec::new(),
        }
    }
}

impl From<StoreError> for IpcError {
    fn from(e: StoreError) -> Self {
        let code = match e {
            StoreError::NoSuchScan(_) | StoreError::NoSuchCustomer(_) => ErrorCode::NotFound,
            StoreError::DuplicateCustomer(_) | StoreError::ScanNotCompleted { .. } => {
                ErrorCode::Invalid
            }
            _ => ErrorCode::Store,
        };
        IpcError::new(code, e.to_string())
    }
}

impl From<AwsError> for IpcError {
    fn from(e: AwsError) -> Self {
        IpcError::new(ErrorCode::Aws, e.message)
    }
}

impl From<CustomerError> for IpcError {
    fn from(e: CustomerError) -> Self {
        match e {
            CustomerError::Invalid(fields) => IpcError {
                code: ErrorCode::Invalid,
                message: "some fields need attention".into(),
                fields,
            },
            CustomerError::DemoNotScannable => IpcError::new(ErrorCode::Invalid, e.to_string()),
            CustomerError::Store(e) => e.into(),
        }
    }
}

impl From<ScanError> for IpcError {
    fn from(e: ScanError) -> Self {
        match e {
            ScanError::Connect(aws) => IpcError::new(ErrorCode::Aws, aws.message),
            ScanError::Aws { .. } | ScanError::NothingAssessed { .. } => {
                IpcError::new(ErrorCode::Aws, e.to_string())
            }
            ScanError::Cancelled { .. } => IpcError::new(ErrorCode::Cancelled, e.to_string()),
            ScanError::Store(e) => e.into(),
        }
    }
}

impl From<SuppressionError> for IpcError {
    fn from(e: SuppressionError) -> Self {
        match e {
            SuppressionError::Store(e) => e.into(),
            other => IpcError::new(ErrorCode::Invalid, other.to_string()),
        }
    }
}

impl From<SettingsError> for IpcError {
    fn from(e: SettingsError) -> Self {
        match e {
            SettingsError::Store(e) => e.into(),
            SettingsError::Invalid(fields) => IpcError {
                code: ErrorCode::Invalid,
                message: "some report settings need attention".into(),
                fields,
            },
            other => IpcError::new(ErrorCode::Invalid, other.to_string()),
        }
    }
}

impl From<ReportUseCaseError> for IpcError {
    fn from(e: ReportUseCaseError) -> Self {
        match e {
            ReportUseCaseError::Store(e) => e.into(),
            other => IpcError::new(ErrorCode::Report, other.to_string()),
        }
    }
}

pub type IpcResult<T> = Result<T, IpcError>;
