//! IAM (global): users with their MFA devices, console passwords, access
//! keys and policies; customer-managed policies; the account password policy
//! and account summary (root MFA, root access keys).

use std::collections::{BTreeMap, HashMap};

use atoll_core::{GLOBAL_REGION, Resource};
use aws_sdk_iam::types::EntityType;
use serde_json::{Value, json};

use super::{Ctx, ItemReads, client, fail, policy_document, record, time};
use crate::errors::{AwsError, code_of};

fn tags(tags: &[aws_sdk_iam::types::Tag]) -> BTreeMap<String, String> {
    tags.iter()
        .map(|t| (t.key().to_string(), t.value().to_string()))
        .collect()
}

pub async fn users_and_policies(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let iam = client!(aws_sdk_iam, ctx);
    let mut users = Vec::new();
    let mut groups: HashMap<String, Value> = HashMap::new();
    let mut out = Vec::new();
    let mut pages = iam
        .get_account_authorization_details()
        .filter(EntityType::User)
        .filter(EntityType::Group)
        .filter(EntityType::LocalManagedPolicy)
        .filter(EntityType::Role)
        .max_items(1000)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("iam:GetAccountAuthorizationDetails"))?;
        users.extend(page.user_detail_list().iter().cloned());
        for g in page.group_detail_list() {
            let name = g.group_name().unwrap_or_default().to_string();
            groups.insert(name.clone(), json!({
                "GroupName": name,
                "AttachedManagedPolicies": g.attached_managed_policies().iter()
                    .map(|p| json!({ "PolicyName": p.policy_name(), "PolicyArn": p.policy_arn() }))
                    .collect::<Vec<_>>(),
                "GroupPolicyList": g.group_policy_list().iter()
                    .map(|p| json!({ "PolicyName": p.policy_name(), "PolicyDocument": policy_document(p.policy_document()) }))
                    .collect::<Vec<_>>(),
            }));
        }
        for r in page.role_detail_list() {
            let name = r.role_name().unwrap_or_default();
            let config = json!({
                "RoleName": name,
                "Arn": r.arn(),
                "Path": r.path(),
                "CreateDate": time(r.create_date()),
                "AssumeRolePolicyDocument": policy_document(r.assume_role_policy_document()),
                "AttachedManagedPolicies": r.attached_managed_policies().iter()
                    .map(|p| json!({ "PolicyName": p.policy_name(), "PolicyArn": p.policy_arn() }))
                    .collect::<Vec<_>>(),
                "RolePolicyList": r.role_policy_list().iter()
                    .map(|p| json!({ "PolicyName": p.policy_name(), "PolicyDocument": policy_document(p.policy_document()) }))
                    .collect::<Vec<_>>(),
                "RoleLastUsed": r.role_last_used().map(|u| json!({ "LastUsedDate": time(u.last_used_date()), "Region": u.region() })),
            });
            let mut resource = record(
                "AWS::IAM::Role",
                GLOBAL_REGION,
                name,
                r.arn(),
                tags(r.tags()),
                config,
            );
            resource.name = Some(name.to_string());
            out.push(resource);
        }
        for p in page.policies() {
            // Some endpoints leave PolicyName empty here; the ARN always ends with it.
            let name = match p.policy_name() {
                Some(name) if !name.is_empty() => name,
                _ => p
                    .arn()
                    .and_then(|a| a.rsplit('/').next())
                    .unwrap_or_default(),
            };
            let config = json!({
                "PolicyName": name,
                "PolicyId": p.policy_id(),
                "Arn": p.arn(),
                "AttachmentCount": p.attachment_count(),
                "DefaultVersionId": p.default_version_id(),
                "IsAttachable": p.is_attachable(),
                "PolicyVersionList": p.policy_version_list().iter().map(|v| json!({
                    "VersionId": v.version_id(),
                    "IsDefaultVersion": v.is_default_version(),
                    "Document": policy_document(v.document()),
                })).collect::<Vec<_>>(),
            });
            let mut resource = record(
                "AWS::IAM::Policy",
                GLOBAL_REGION,
                name,
                p.arn(),
                BTreeMap::new(),
                config,
            );
            resource.name = Some(name.to_string());
            out.push(resource);
        }
    }

    let iam = &iam;
    let groups = &groups;
    let read_users = ctx
        .per_item("iam", users, |u| async move {
            let name = u.user_name().unwrap_or_default().to_string();
            let mut reads = ItemReads::default();
            let mfa = reads.read(
                iam.list_mfa_devices()
                    .user_name(&name)
                    .send()
                    .await
                    .map_err(fail!("iam:ListMFADevices")),
            );
            let login_profile = match iam.get_login_profile().user_name(&name).send().await {
                Ok(out) => out
                    .login_profile()
                    .map(|p| json!({ "CreateDate": time(Some(p.create_date())) })),
                Err(e) if code_of(&e) == Some("NoSuchEntity") => None,
                Err(e) => {
                    reads.read::<()>(Err(AwsError::from_sdk("iam:GetLoginProfile", &e)));
                    None
                }
            };
            let keys = reads.read(
                iam.list_access_keys()
                    .user_name(&name)
                    .send()
                    .await
                    .map_err(fail!("iam:ListAccessKeys")),
            );
            if reads.gone() {
                return None;
            }
            let config = json!({
                "UserName": name,
                "UserId": u.user_id(),
                "Arn": u.arn(),
                "CreateDate": time(u.create_date()),
                "MFADevices": mfa.as_ref().map(|mfa| mfa.mfa_devices().iter()
                    .map(|d| json!({ "SerialNumber": d.serial_number(), "EnableDate": time(Some(d.enable_date())) }))
                    .collect::<Vec<_>>()),
                "LoginProfile": login_profile,
                "AccessKeys": keys.as_ref().map(|keys| keys.access_key_metadata().iter().map(|k| json!({
                    "AccessKeyId": k.access_key_id(),
                    "Status": k.status().map(|s| s.as_str()),
                    "CreateDate": time(k.create_date()),
                })).collect::<Vec<_>>()),
                "AttachedManagedPolicies": u.attached_managed_policies().iter()
                    .map(|p| json!({ "PolicyName": p.policy_name(), "PolicyArn": p.policy_arn() }))
                    .collect::<Vec<_>>(),
                "UserPolicyList": u.user_policy_list().iter()
                    .map(|p| json!({ "PolicyName": p.policy_name(), "PolicyDocument": policy_document(p.policy_document()) }))
                    .collect::<Vec<_>>(),
                "GroupList": u.group_list(),
                "Groups": u.group_list().iter().filter_map(|g| groups.get(g).cloned()).collect::<Vec<_>>(),
            });
            let mut resource = record(
                "AWS::IAM::User",
                GLOBAL_REGION,
                name.clone(),
                u.arn(),
                tags(u.tags()),
                reads.mark(config),
            );
            resource.name = Some(name);
            Some(resource)
        })
        .await;
    out.extend(read_users);
    Ok(out)
}

pub async fn account(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let iam = client!(aws_sdk_iam, ctx);
    let policy = match iam.get_account_password_policy().send().await {
        Ok(out) => out.password_policy().map_or(json!({}), |p| {
            json!({
                "MinimumPasswordLength": p.minimum_password_length(),
                "RequireSymbols": p.require_symbols(),
                "RequireNumbers": p.require_numbers(),
                "RequireUppercaseCharacters": p.require_uppercase_characters(),
                "RequireLowercaseCharacters": p.require_lowercase_characters(),
                "AllowUsersToChangePassword": p.allow_users_to_change_password(),
                "ExpirePasswords": p.expire_passwords(),
                "MaxPasswordAge": p.max_password_age(),
                "PasswordReusePrevention": p.password_reuse_prevention(),
                "HardExpiry": p.hard_expiry(),
            })
        }),
        // No policy set: the document is empty, and rules fail on it.
        Err(e) if code_of(&e) == Some("NoSuchEntity") => json!({}),
        Err(e) => return Err(AwsError::from_sdk("iam:GetAccountPasswordPolicy", &e)),
    };
    let summary = iam
        .get_account_summary()
        .send()
        .await
        .map_err(fail!("iam:GetAccountSummary"))?;
    let summary_map: serde_json::Map<String, Value> = summary
        .summary_map()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.as_str().to_string(), json!(v)))
                .collect()
        })
        .unwrap_or_default();
    // Centralized root access (Organizations): member accounts may have no
    // root credentials at all. Only the management account or a delegated
    // administrator may read it; elsewhere the answer is unknown (null).
    let organizations_features = match iam.list_organizations_features().send().await {
        Ok(out) => json!({
            "OrganizationId": out.organization_id(),
            "EnabledFeatures": out.enabled_features().iter().map(|f| f.as_str()).collect::<Vec<_>>(),
        }),
        Err(e) => {
            tracing::debug!(error = %AwsError::from_sdk("iam:ListOrganizationsFeatures", &e), "organization features not readable");
            Value::Null
        }
    };
    let account = ctx.account_id;
    Ok(vec![
        record(
            "AWS::IAM::AccountPasswordPolicy",
            GLOBAL_REGION,
            account,
            None,
            BTreeMap::new(),
            policy,
        ),
        record(
            "AWS::IAM::AccountSummary",
            GLOBAL_REGION,
            account,
            None,
            BTreeMap::new(),
            json!({ "SummaryMap": summary_map, "OrganizationsFeatures": organizations_features }),
        ),
    ])
}
