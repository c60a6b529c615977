//! An organization review: every member account of an AWS Organization
//! scanned through a role assumed from the management (or a delegated-
//! administrator) account, each into its own account scan under one parent
//! scan, a bounded number of accounts at a time. An account whose role
//! cannot be assumed, or whose scan fails, is kept as "not assessed" with
//! the reason; it is never dropped from the review.

use atoll_aws::credentials::Connection;
use atoll_aws::{AwsError, CallerIdentity, MemberAccount, Progress, ScanTarget};
use atoll_core::RuleSet;
use atoll_core::scan::ScanStatus;
use atoll_store::{ReviewAccount, Store};
use chrono::Utc;
use futures::StreamExt;
use serde::Serialize;
use tokio_util::sync::CancellationToken;

use crate::scan::{AccountState, ScanError, ScanEvent, ScanRequest, scan_account};

/// The role a member account is read through unless the partner names
/// another: a dedicated read-only audit role the customer creates in each
/// account (docs/atoll-scan-policy.json is its policy).
pub const DEFAULT_MEMBER_ROLE: &str = "AtollReadOnly";

/// The role every account created by Organizations has: it works, but it is
/// administrator access, more than a read-only review needs.
pub const OVER_PRIVILEGED_MEMBER_ROLE: &str = "OrganizationAccountAccessRole";

/// Accounts scanned at once unless a request says otherwise: each runs its
/// own region x service tasks, so this multiplies the calls in flight.
pub const DEFAULT_ACCOUNTS_IN_FLIGHT: usize = 4;

/// Which accounts of the organization a review covers, and how to reach them.
#[derive(Debug, Clone, Default)]
pub struct OrganizationScope {
    /// The role name in each member account; empty: [`DEFAULT_MEMBER_ROLE`].
    pub member_role: String,
    pub external_id: Option<String>,
    /// Only accounts under these OUs (a path from the root, `Workloads` or
    /// `Workloads/Prod`, or an OU's name anywhere in the path); empty: all.
    pub include_ous: Vec<String>,
    pub exclude_ous: Vec<String>,
    /// Only these account ids; empty: every account. When the source
    /// cannot list the organization (a partner given member roles only),
    /// this list is the review.
    pub accounts: Vec<String>,
    pub exclude_accounts: Vec<String>,
    /// Accounts scanned at once; 0: [`DEFAULT_ACCOUNTS_IN_FLIGHT`].
    pub max_accounts_in_flight: usize,
}

impl OrganizationScope {
    fn member_role(&self) -> &str {
        if self.member_role.is_empty() {
            DEFAULT_MEMBER_ROLE
        } else {
            &self.member_role
        }
    }

    /// Whether `account` is part of the review.
    pub fn covers(&self, account: &MemberAccount) -> bool {
        let under = |ous: &[String]| {
            ous.iter().any(|ou| {
                let ou = ou.trim_matches('/');
                account.ou_path == ou
                    || account.ou_path.starts_with(&format!("{ou}/"))
                    || account.ou_path.split('/').any(|part| part == ou)
            })
        };
        (self.accounts.is_empty() || self.accounts.contains(&account.id))
            && !self.exclude_accounts.contains(&account.id)
            && (self.include_ous.is_empty() || under(&self.include_ous))
            && !under(&self.exclude_ous)
    }
}

/// Runs an organization review to its end and returns the parent scan's id.
pub(crate) async fn run_review(
    store: &Store,
    rules: &RuleSet,
    request: &ScanRequest,
    scope: &OrganizationScope,
    on_progress: &(dyn Fn(ScanEvent) + Send + Sync),
    cancel: &CancellationToken,
) -> Result<i64, ScanError> {
    let customer_id = match &request.customer {
        Some(name) => Some(store.customer_id(name).await?),
        None => None,
    };
    let source = atoll_aws::connect(&request.target)
        .await
        .map_err(ScanError::Connect)?;
    let source_account = atoll_aws::caller_account(&source)
        .await
        .map_err(ScanError::Connect)?;
    let accounts = review_accounts(&source, scope)
        .await
        .map_err(ScanError::Connect)?;
    // Listing the organization; each account counts its own calls.
    let listing_calls = source.calls.count() as u64;
    let started_at = Utc::now();
    let review_id = store
        .begin_review(
            customer_id,
            &source_account,
            &request.regions,
            &rules.version,
            started_at,
        )
        .await?;
    let _alive = store.keep_alive(review_id);
    store.record_scope(review_id, &request.scope).await?;

    let in_flight = match scope.max_accounts_in_flight {
        0 => DEFAULT_ACCOUNTS_IN_FLIGHT,
        n => n,
    };
    let reviewed = futures::stream::iter(&accounts)
        .map(|account| {
            review_account(
                store,
                rules,
                request,
                scope,
                &source,
                &source_account,
                review_id,
                account,
                on_progress,
            )
        })
        .buffer_unordered(in_flight)
        .collect::<Vec<_>>();
    let outcomes = tokio::select! {
        outcomes = reviewed => outcomes,
        () = cancel.cancelled() => return end_review_cancelled(store, review_id).await,
    };
    let mut api_calls = listing_calls;
    let mut assessed = 0;
    for outcome in outcomes {
        let (calls, ok) = outcome?;
        api_calls += calls;
        assessed += usize::from(ok);
    }
    store
        .save_inventory(
            review_id,
            &source_account,
            &request.regions,
            &[],
            &[],
            api_calls,
        )
        .await?;
    if assessed == 0 {
        let why = format!(
            "none of the {} accounts could be assessed: see each account's reason",
            accounts.len()
        );
        store
            .end_scan_unfinished(review_id, ScanStatus::Failed, &why)
            .await?;
        return Err(ScanError::NothingAssessed {
            scan_id: review_id,
            why,
        });
    }
    store.complete_scan(review_id, &[], &[], Utc::now()).await?;
    Ok(review_id)
}

/// The accounts the review covers: the organization's ACTIVE accounts the
/// scope selects or, when the source cannot list the organization and the
/// scope names accounts, those accounts (their ids as names).
async fn review_accounts(
    source: &Connection,
    scope: &OrganizationScope,
) -> Result<Vec<MemberAccount>, AwsError> {
    listed_accounts(source, scope)
        .await
        .map(|(accounts, _)| accounts)
}

/// [`review_accounts`], with why the organization could not be listed
/// when the scope's own account list stands in for it.
async fn listed_accounts(
    source: &Connection,
    scope: &OrganizationScope,
) -> Result<(Vec<MemberAccount>, Option<String>), AwsError> {
    match atoll_aws::member_accounts(source).await {
        Ok(all) => Ok((all.into_iter().filter(|a| scope.covers(a)).collect(), None)),
        Err(e) if !scope.accounts.is_empty() => Ok((
            scope
                .accounts
                .iter()
                .filter(|id| !scope.exclude_accounts.contains(id))
                .map(|id| MemberAccount {
                    id: id.clone(),
                    name: id.clone(),
                    ou_path: String::new(),
                })
                .collect(),
            Some(format!(
                "the organization could not be listed ({}): the review covers the accounts listed",
                e.message
            )),
        )),
        Err(e) => Err(AwsError {
            message: format!(
                "cannot list the organization's accounts ({}): scan from the management or a delegated-administrator account, or list the accounts to review",
                e.message
            ),
            ..e
        }),
    }
}

/// "Test connection" for an organization review: the account the
/// credentials reach, and each account the review would cover with whether
/// its member role could be assumed (or why not).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OrganizationCheck {
    pub source: CallerIdentity,
    /// Why the organization could not be listed, when the profile's own
    /// account list stands in for it.
    pub listing_error: Option<String>,
    pub accounts: Vec<AccountCheck>,
}

/// One account of an [`OrganizationCheck`].
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AccountCheck {
    pub account_id: String,
    pub name: String,
    pub ou_path: String,
    pub assumed: bool,
    /// How the account is read: the member role, or the source's own
    /// credentials for the account they belong to.
    pub how: String,
    /// Why the role could not be assumed.
    pub reason: Option<String>,
}

/// Roles tried at once by [`check_organization`].
const ROLES_CHECKED_AT_ONCE: usize = 8;

/// Lists the accounts a review of `scope` through `target` covers and
/// tries each member role (AssumeRole and GetCallerIdentity only).
pub async fn check_organization(
    target: &ScanTarget,
    scope: &OrganizationScope,
) -> Result<OrganizationCheck, AwsError> {
    let identity = atoll_aws::test_connection(target).await?;
    let source = atoll_aws::connect(target).await?;
    let (accounts, listing_error) = listed_accounts(&source, scope).await?;
    let accounts = futures::stream::iter(accounts)
        .map(|account| {
            let source = &source;
            let source_account = &identity.account_id;
            async move {
                let (how, outcome) = if &account.id == source_account {
                    ("the profile's own credentials".to_string(), Ok(()))
                } else {
                    let role = atoll_aws::member_role_arn(&account.id, scope.member_role());
                    let outcome =
                        atoll_aws::connect_member(source, &role, scope.external_id.as_deref())
                            .await
                            .map(|_| ());
                    (role, outcome)
                };
                AccountCheck {
                    account_id: account.id,
                    name: account.name,
                    ou_path: account.ou_path,
                    assumed: outcome.is_ok(),
                    how,
                    reason: outcome.err().map(|e| e.message),
                }
            }
        })
        .buffered(ROLES_CHECKED_AT_ONCE)
        .collect()
        .await;
    Ok(OrganizationCheck {
        source: identity,
        listing_error,
        accounts,
    })
}

/// One account of the review: its scan row, the role assumed, collection,
/// evaluation. Returns its API calls and whether it was assessed; only a
/// store failure is an error (the account's own failures are its result).
#[allow(clippy::too_many_arguments)]
async fn review_account(
    store: &Store,
    rules: &RuleSet,
    request: &ScanRequest,
    scope: &OrganizationScope,
    source: &Connection,
    source_account: &str,
    review_id: i64,
    account: &MemberAccount,
    on_progress: &(dyn Fn(ScanEvent) + Send + Sync),
) -> Result<(u64, bool), ScanError> {
    let event = |state, detail| {
        on_progress(ScanEvent::Account {
            account_id: account.id.clone(),
            name: account.name.clone(),
            state,
            detail,
        })
    };
    let started_at = Utc::now();
    let scan_id = store
        .begin_account_scan(
            review_id,
            &ReviewAccount {
                id: &account.id,
                name: &account.name,
                ou_path: &account.ou_path,
            },
            &request.regions,
            &rules.version,
            started_at,
        )
        .await?;
    let _alive = store.keep_alive(scan_id);
    event(AccountState::Started, None);
    // The account the organization is read through is scanned with its own
    // credentials: the member role usually does not exist there.
    let member = if account.id == source_account {
        Ok(source.clone())
    } else {
        let role = atoll_aws::member_role_arn(&account.id, scope.member_role());
        atoll_aws::connect_member(source, &role, scope.external_id.as_deref()).await
    };
    let conn = match member {
        Ok(conn) => conn,
        Err(e) => {
            let why = format!("not assessed: {}", e.message);
            store
                .end_scan_unfinished(scan_id, ScanStatus::Failed, &why)
                .await?;
            event(AccountState::NotAssessed, Some(why));
            return Ok((0, false));
        }
    };
    let calls_before = conn.calls.count() as u64;
    let progress = |p: Progress| on_progress(ScanEvent::from(p));
    let outcome = scan_account(store, rules, &conn, scan_id, request, &progress, started_at).await;
    let calls = (conn.calls.count() as u64).saturating_sub(calls_before);
    match outcome {
        Ok(()) => {
            event(AccountState::Completed, None);
            Ok((calls, true))
        }
        Err(ScanError::Aws { source, .. }) => {
            event(AccountState::NotAssessed, Some(source.to_string()));
            Ok((calls, false))
        }
        Err(e) => Err(e),
    }
}

/// Ends a review the user cancelled: its running account scans and itself.
async fn end_review_cancelled(store: &Store, review_id: i64) -> Result<i64, ScanError> {
    for account in store.account_scans(review_id).await? {
        if account.status == ScanStatus::Running {
            store
                .end_scan_unfinished(account.id, ScanStatus::Cancelled, "cancelled by the user")
                .await?;
        }
    }
    crate::scan::end_cancelled(store, review_id).await
}
