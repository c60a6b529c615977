//! Atoll's AWS side: credentials (profiles, SSO, assume-role) and read-only
//! collectors that turn AWS API responses into inventory records and coverage.
//!
//! Invariant: only read operations (`Describe*`, `List*`, `Get*`) are ever
//! sent. Every client carries [`guard::ReadOnlyGuard`], which refuses any other
//! operation before it is serialised, and counts every request sent.

// A panic in the app is a lost review: errors are returned, and the few
// real invariants allow `expect` by name.
#![warn(clippy::unwrap_used, clippy::expect_used)]

pub mod budget;
pub mod collect;
pub mod credentials;
pub mod errors;
pub mod guard;
pub mod organization;
pub mod profiles;
mod services;

pub use collect::{Collection, Progress, collect};
pub use credentials::{ScanTarget, Timeouts, connect};
pub use errors::AwsError;
pub use guard::CallLog;
pub use organization::{
    MemberAccount, caller_account, connect_member, member_accounts, member_role_arn,
};
pub use profiles::{AwsProfile, CallerIdentity, ProfileKind, list_profiles, test_connection};
