//! An AWS Organization as a review sees it: the member accounts (ACTIVE
//! only, every page) with the path of organizational units each sits in,
//! read through the management or a delegated-administrator account; and a
//! connection into one member account through a role assumed from there.
//!
//! Read-only like the rest of the scan: the Organizations calls go through
//! the same guard, and assuming a role only obtains credentials.

use std::collections::BTreeMap;

use aws_config::sts::AssumeRoleProvider;
use aws_credential_types::provider::SharedCredentialsProvider;

use crate::credentials::{Connection, check_credentials};
use crate::errors::AwsError;
use crate::guard::{CallLog, ReadOnlyGuard};

/// A member account of the organization, as the review lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberAccount {
    pub id: String,
    pub name: String,
    /// Organizational units from the root down, e.g. `Workloads/Prod`;
    /// empty for an account directly under the root.
    pub ou_path: String,
}

/// Organizations is a global service answered in us-east-1.
const ORGANIZATIONS_REGION: &str = "us-east-1";

fn organizations_client(conn: &Connection) -> aws_sdk_organizations::Client {
    aws_sdk_organizations::Client::from_conf(
        aws_sdk_organizations::config::Builder::from(&conn.sdk)
            .region(aws_config::Region::new(ORGANIZATIONS_REGION))
            .interceptor(conn.guard.clone())
            .build(),
    )
}

/// Every ACTIVE account of the organization `conn` administers, with its
/// OU path, ordered by account id. Suspended and closing accounts are left
/// out: nothing in them runs.
pub async fn member_accounts(conn: &Connection) -> Result<Vec<MemberAccount>, AwsError> {
    let client = organizations_client(conn);
    let ou_paths = ou_paths(&client).await?;
    let mut accounts = Vec::new();
    let mut pages = client.list_accounts().into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| AwsError::from_sdk("organizations:ListAccounts", &e))?;
        for account in page.accounts() {
            let active = account
                .state()
                .map(|s| s.as_str() == "ACTIVE")
                // Older answers carry only the (deprecated) Status field.
                .or_else(|| account.status().map(|s| s.as_str() == "ACTIVE"))
                .unwrap_or(true);
            let Some(id) = account.id() else { continue };
            if !active {
                continue;
            }
            accounts.push(MemberAccount {
                id: id.to_string(),
                name: account.name().unwrap_or(id).to_string(),
                ou_path: ou_paths.get(id).cloned().unwrap_or_default(),
            });
        }
    }
    accounts.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(accounts)
}

/// Account id -> OU path, walking the tree from each root breadth first.
async fn ou_paths(
    client: &aws_sdk_organizations::Client,
) -> Result<BTreeMap<String, String>, AwsError> {
    let mut paths = BTreeMap::new();
    let mut parents: Vec<(String, String)> = Vec::new();
    let mut roots = client.list_roots().into_paginator().send();
    while let Some(page) = roots.next().await {
        let page = page.map_err(|e| AwsError::from_sdk("organizations:ListRoots", &e))?;
        for root in page.roots() {
            if let Some(id) = root.id() {
                parents.push((id.to_string(), String::new()));
            }
        }
    }
    while let Some((parent, path)) = parents.pop() {
        for id in accounts_under(client, &parent).await? {
            paths.insert(id, path.clone());
        }
        let mut units = client
            .list_organizational_units_for_parent()
            .parent_id(&parent)
            .into_paginator()
            .send();
        while let Some(page) = units.next().await {
            let page = page.map_err(|e| {
                AwsError::from_sdk("organizations:ListOrganizationalUnitsForParent", &e)
            })?;
            for unit in page.organizational_units() {
                let (Some(id), Some(name)) = (unit.id(), unit.name()) else {
                    continue;
                };
                let child = if path.is_empty() {
                    name.to_string()
                } else {
                    format!("{path}/{name}")
                };
                parents.push((id.to_string(), child));
            }
        }
    }
    Ok(paths)
}

/// The ids of the accounts directly under `parent` (a root or an OU).
pub(crate) async fn accounts_under(
    client: &aws_sdk_organizations::Client,
    parent: &str,
) -> Result<Vec<String>, AwsError> {
    let mut out = Vec::new();
    let mut pages = client
        .list_accounts_for_parent()
        .parent_id(parent)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page =
            page.map_err(|e| AwsError::from_sdk("organizations:ListAccountsForParent", &e))?;
        out.extend(
            page.accounts()
                .iter()
                .filter_map(|a| a.id().map(str::to_string)),
        );
    }
    Ok(out)
}

/// The role ARN of `role_name` in `account_id`.
pub fn member_role_arn(account_id: &str, role_name: &str) -> String {
    format!("arn:aws:iam::{account_id}:role/{role_name}")
}

/// A connection into a member account: `role_arn` assumed with the
/// source's credentials (the management or delegated-administrator
/// account's). The SDK's provider refreshes the credentials before they
/// expire (a chained session lasts one hour), through the STS endpoint of
/// the source's region. The member gets its own call log, guard and rate
/// budget: budgets are per account.
pub async fn connect_member(
    source: &Connection,
    role_arn: &str,
    external_id: Option<&str>,
) -> Result<Connection, AwsError> {
    let mut builder = AssumeRoleProvider::builder(role_arn).session_name("atoll-review");
    if let Some(id) = external_id {
        builder = builder.external_id(id);
    }
    let provider = builder.configure(&source.sdk).build().await;
    let sdk = source
        .sdk
        .clone()
        .into_builder()
        .credentials_provider(SharedCredentialsProvider::new(provider))
        .build();
    check_credentials(&sdk, source.profile.as_deref(), source.timeouts.operation)
        .await
        .map_err(|e| AwsError {
            message: format!("cannot assume {role_arn}: {}", e.message),
            ..e
        })?;
    let calls = CallLog::default();
    Ok(Connection {
        sdk,
        guard: ReadOnlyGuard::new(calls.clone()),
        calls,
        profile: source.profile.clone(),
        timeouts: source.timeouts,
        budget: crate::budget::Budget::default(),
    })
}

/// The account `conn`'s credentials belong to (STS GetCallerIdentity).
pub async fn caller_account(conn: &Connection) -> Result<String, AwsError> {
    Ok(crate::services::caller_identity(conn).await?.account_id)
}
