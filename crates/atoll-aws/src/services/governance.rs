//! Governance and detection: AWS Config recorders, Security Hub, CloudWatch
//! alarms, CloudFormation stacks, Secrets Manager secrets (metadata only),
//! and the account's AWS Organizations membership (with, in the management
//! account, the organization's guardrails: `org_management`).

use std::collections::BTreeMap;

use atoll_core::{GLOBAL_REGION, Resource};
use serde_json::json;

use super::{Ctx, client, fail, record, time};
use crate::errors::{AwsError, code_of};

pub async fn config_recorders(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let config = client!(aws_sdk_config, ctx);
    let recorders = config
        .describe_configuration_recorders()
        .send()
        .await
        .map_err(fail!("config:DescribeConfigurationRecorders"))?;
    let statuses = config
        .describe_configuration_recorder_status()
        .send()
        .await
        .map_err(fail!("config:DescribeConfigurationRecorderStatus"))?;
    Ok(recorders
        .configuration_recorders()
        .iter()
        .map(|r| {
            let name = r.name().unwrap_or_default();
            let status = statuses
                .configuration_recorders_status()
                .iter()
                .find(|s| s.name() == Some(name));
            let doc = json!({
                "name": name,
                "roleARN": r.role_arn(),
                "recordingGroup": r.recording_group().map(|g| json!({
                    "allSupported": g.all_supported(),
                    "includeGlobalResourceTypes": g.include_global_resource_types(),
                })),
                "recording": status.map(|s| s.recording()),
                "lastStatus": status.and_then(|s| s.last_status()).map(|s| s.as_str()),
            });
            let arn = format!(
                "arn:aws:config:{}:{}:config-recorder/{name}",
                ctx.region, ctx.account_id
            );
            record(
                "AWS::Config::ConfigurationRecorder",
                ctx.region,
                name,
                Some(&arn),
                BTreeMap::new(),
                doc,
            )
        })
        .collect())
}

/// One record per region: whether Security Hub is enabled there.
pub async fn security_hub(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let hub = client!(aws_sdk_securityhub, ctx);
    let doc = match hub.describe_hub().send().await {
        Ok(out) => {
            json!({ "Enabled": true, "HubArn": out.hub_arn(), "SubscribedAt": out.subscribed_at(), "AutoEnableControls": out.auto_enable_controls() })
        }
        // Not subscribed in this region: that is the finding, not a failure to read.
        Err(e)
            if matches!(
                code_of(&e),
                Some("InvalidAccessException" | "ResourceNotFoundException")
            ) =>
        {
            json!({ "Enabled": false })
        }
        Err(e) => return Err(AwsError::from_sdk("securityhub:DescribeHub", &e)),
    };
    Ok(vec![record(
        "AWS::SecurityHub::Hub",
        ctx.region,
        ctx.region,
        None,
        BTreeMap::new(),
        doc,
    )])
}

pub async fn cloudwatch_alarms(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let cloudwatch = client!(aws_sdk_cloudwatch, ctx);
    let mut out = Vec::new();
    let mut pages = cloudwatch
        .describe_alarms()
        .max_records(100)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("monitoring:DescribeAlarms"))?;
        for a in page.metric_alarms() {
            let name = a.alarm_name().unwrap_or_default();
            let doc = json!({
                "AlarmName": name,
                "AlarmArn": a.alarm_arn(),
                "Namespace": a.namespace(),
                "MetricName": a.metric_name(),
                "Dimensions": a.dimensions().iter().map(|d| json!({ "Name": d.name(), "Value": d.value() })).collect::<Vec<_>>(),
                "ActionsEnabled": a.actions_enabled(),
                "AlarmActions": a.alarm_actions(),
                "StateValue": a.state_value().map(|s| s.as_str()),
            });
            out.push(record(
                "AWS::CloudWatch::Alarm",
                ctx.region,
                name,
                a.alarm_arn(),
                BTreeMap::new(),
                doc,
            ));
        }
    }
    Ok(out)
}

pub async fn cloudformation_stacks(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let cloudformation = client!(aws_sdk_cloudformation, ctx);
    let mut out = Vec::new();
    let mut pages = cloudformation.describe_stacks().into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("cloudformation:DescribeStacks"))?;
        for s in page.stacks() {
            let name = s.stack_name().unwrap_or_default();
            let doc = json!({
                "StackName": name,
                "StackId": s.stack_id(),
                "StackStatus": s.stack_status().map(|x| x.as_str()),
                "StackStatusReason": s.stack_status_reason(),
                "CreationTime": time(s.creation_time()),
                "LastUpdatedTime": time(s.last_updated_time()),
                "EnableTerminationProtection": s.enable_termination_protection(),
                "DriftInformation": s.drift_information().map(|d| json!({ "StackDriftStatus": d.stack_drift_status().map(|x| x.as_str()) })),
                "RoleARN": s.role_arn(),
            });
            let tags: BTreeMap<String, String> = s
                .tags()
                .iter()
                .filter_map(|t| {
                    Some((
                        t.key()?.to_string(),
                        t.value().unwrap_or_default().to_string(),
                    ))
                })
                .collect();
            let mut resource = record(
                "AWS::CloudFormation::Stack",
                ctx.region,
                name,
                s.stack_id(),
                tags,
                doc,
            );
            resource.name = Some(name.to_string());
            out.push(resource);
        }
    }
    Ok(out)
}

pub async fn secrets(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let secrets = client!(aws_sdk_secretsmanager, ctx);
    let mut out = Vec::new();
    let mut pages = secrets
        .list_secrets()
        .max_results(100)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("secretsmanager:ListSecrets"))?;
        for s in page.secret_list() {
            let name = s.name().unwrap_or_default();
            let doc = json!({
                "Name": name,
                "ARN": s.arn(),
                "KmsKeyId": s.kms_key_id(),
                "RotationEnabled": s.rotation_enabled(),
                "RotationRules": s.rotation_rules().map(|r| json!({ "AutomaticallyAfterDays": r.automatically_after_days() })),
                "LastRotatedDate": time(s.last_rotated_date()),
                "LastAccessedDate": time(s.last_accessed_date()),
                "CreatedDate": time(s.created_date()),
            });
            let mut resource = record(
                "AWS::SecretsManager::Secret",
                ctx.region,
                name,
                s.arn(),
                BTreeMap::new(),
                doc,
            );
            resource.name = Some(name.to_string());
            out.push(resource);
        }
    }
    Ok(out)
}

/// The account's organization, if any (read from the member account).
pub async fn organization(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let organizations = client!(aws_sdk_organizations, ctx);
    let mut management = None;
    let doc = match organizations.describe_organization().send().await {
        Ok(out) => {
            let o = out.organization();
            if let Some(o) = o
                && o.master_account_id() == Some(ctx.account_id)
            {
                management = o.id().map(str::to_string);
            }
            json!({
                "InOrganization": true,
                "Id": o.and_then(|o| o.id()),
                "MasterAccountId": o.and_then(|o| o.master_account_id()),
                "FeatureSet": o.and_then(|o| o.feature_set()).map(|f| f.as_str()),
            })
        }
        Err(e) if code_of(&e) == Some("AWSOrganizationsNotInUseException") => {
            json!({ "InOrganization": false })
        }
        Err(e) => return Err(AwsError::from_sdk("organizations:DescribeOrganization", &e)),
    };
    let mut out = vec![record(
        "AWS::Organizations::Account",
        GLOBAL_REGION,
        ctx.account_id,
        None,
        BTreeMap::new(),
        doc,
    )];
    // The management account also reads the organization's guardrails.
    if let Some(org_id) = management {
        out.push(
            super::org_management::management_view(&organizations, &org_id, ctx.account_id).await,
        );
    }
    Ok(out)
}
