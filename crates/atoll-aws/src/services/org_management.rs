//! What only the organization's management account can read about the
//! whole organization, for the organization-level rules: service control
//! policies and where they are attached, delegated administrators and their
//! services, trusted service access, and the accounts left directly under
//! the root. One `AWS::Organizations::Organization` record, collected when
//! the scanned account is the management account (in any other account
//! these calls are refused, and the record is absent: the rules then have
//! nothing to judge there rather than a gap).

use std::collections::BTreeMap;

use atoll_core::{GLOBAL_REGION, Resource};
use aws_sdk_organizations::types::PolicyType;
use serde_json::{Value, json};

use super::{ItemReads, record};
use crate::errors::AwsError;
use crate::organization::accounts_under;

pub const ORGANIZATION: &str = "AWS::Organizations::Organization";

type Client = aws_sdk_organizations::Client;

/// The organization `org_id` seen from its management account. A call that
/// fails marks the record unreadable (its rules are then not assessed),
/// keeping what the other calls read.
pub async fn management_view(client: &Client, org_id: &str, management: &str) -> Resource {
    let mut reads = ItemReads::default();
    let roots = reads.read(roots(client).await);
    let policies = reads.read(service_control_policies(client).await);
    let delegated = reads.read(delegated_administrators(client).await);
    let trusted = reads.read(trusted_services(client).await);
    let at_root = match &roots {
        Some(roots) => {
            let mut accounts = Vec::new();
            for (root, _) in roots {
                if let Some(ids) = reads.read(accounts_under(client, root).await) {
                    accounts.extend(ids.into_iter().filter(|id| id != management));
                }
            }
            Some(accounts)
        }
        None => None,
    };
    let scp_enabled = roots.as_ref().map(|roots| roots.iter().all(|(_, on)| *on));
    let doc = json!({
        "Id": org_id,
        "ManagementAccountId": management,
        "ServiceControlPoliciesEnabled": scp_enabled,
        "ServiceControlPolicies": policies,
        "DelegatedAdministrators": delegated,
        "TrustedServices": trusted,
        "MemberAccountsAtRoot": at_root,
    });
    let arn = format!("arn:aws:organizations::{management}:organization/{org_id}");
    record(
        ORGANIZATION,
        GLOBAL_REGION,
        org_id,
        Some(&arn),
        BTreeMap::new(),
        reads.mark(doc),
    )
}

/// Each root's id, and whether service control policies are enabled there.
async fn roots(client: &Client) -> Result<Vec<(String, bool)>, AwsError> {
    let mut out = Vec::new();
    let mut pages = client.list_roots().into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| AwsError::from_sdk("organizations:ListRoots", &e))?;
        for root in page.roots() {
            let scp = root.policy_types().iter().any(|t| {
                t.r#type() == Some(&PolicyType::ServiceControlPolicy)
                    && t.status().map(|s| s.as_str()) == Some("ENABLED")
            });
            if let Some(id) = root.id() {
                out.push((id.to_string(), scp));
            }
        }
    }
    Ok(out)
}

/// Every SCP with the number and kinds of its targets.
async fn service_control_policies(client: &Client) -> Result<Vec<Value>, AwsError> {
    let mut out = Vec::new();
    let mut pages = client
        .list_policies()
        .filter(PolicyType::ServiceControlPolicy)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| AwsError::from_sdk("organizations:ListPolicies", &e))?;
        for policy in page.policies() {
            let Some(id) = policy.id() else { continue };
            let mut targets: Vec<&'static str> = Vec::new();
            let mut target_pages = client
                .list_targets_for_policy()
                .policy_id(id)
                .into_paginator()
                .send();
            while let Some(page) = target_pages.next().await {
                let page =
                    page.map_err(|e| AwsError::from_sdk("organizations:ListTargetsForPolicy", &e))?;
                for target in page.targets() {
                    targets.push(match target.r#type().map(|t| t.as_str()) {
                        Some("ROOT") => "ROOT",
                        Some("ORGANIZATIONAL_UNIT") => "ORGANIZATIONAL_UNIT",
                        _ => "ACCOUNT",
                    });
                }
            }
            out.push(json!({
                "Id": id,
                "Name": policy.name(),
                "AwsManaged": policy.aws_managed(),
                "Targets": targets.len(),
                "TargetTypes": targets,
            }));
        }
    }
    Ok(out)
}

/// Each delegated administrator account with the services it administers.
async fn delegated_administrators(client: &Client) -> Result<Vec<Value>, AwsError> {
    let mut out = Vec::new();
    let mut pages = client
        .list_delegated_administrators()
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page =
            page.map_err(|e| AwsError::from_sdk("organizations:ListDelegatedAdministrators", &e))?;
        for admin in page.delegated_administrators() {
            let Some(id) = admin.id() else { continue };
            let mut services = Vec::new();
            let mut service_pages = client
                .list_delegated_services_for_account()
                .account_id(id)
                .into_paginator()
                .send();
            while let Some(page) = service_pages.next().await {
                let page = page.map_err(|e| {
                    AwsError::from_sdk("organizations:ListDelegatedServicesForAccount", &e)
                })?;
                services.extend(
                    page.delegated_services()
                        .iter()
                        .filter_map(|s| s.service_principal().map(str::to_string)),
                );
            }
            out.push(json!({ "AccountId": id, "Name": admin.name(), "Services": services }));
        }
    }
    Ok(out)
}

/// The service principals with trusted access to the organization.
async fn trusted_services(client: &Client) -> Result<Vec<String>, AwsError> {
    let mut out = Vec::new();
    let mut pages = client
        .list_aws_service_access_for_organization()
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| {
            AwsError::from_sdk("organizations:ListAWSServiceAccessForOrganization", &e)
        })?;
        out.extend(
            page.enabled_service_principals()
                .iter()
                .filter_map(|s| s.service_principal().map(str::to_string)),
        );
    }
    Ok(out)
}
