//! Detection and logging: CloudTrail trails with their logging status,
//! CloudWatch Logs log groups, GuardDuty detectors.

use std::collections::BTreeMap;

use atoll_core::Resource;
use serde_json::json;

use super::{Ctx, client, fail, record, time};
use crate::errors::AwsError;

pub async fn trails(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let cloudtrail = client!(aws_sdk_cloudtrail, ctx);
    // Shadow copies of multi-region trails are left out: each trail is
    // reported once, in its home region.
    let described = cloudtrail
        .describe_trails()
        .include_shadow_trails(false)
        .send()
        .await
        .map_err(fail!("cloudtrail:DescribeTrails"))?;
    let mut out = Vec::new();
    for t in described.trail_list() {
        let name = t.name().unwrap_or_default();
        let arn = t.trail_arn().unwrap_or(name);
        let status = cloudtrail
            .get_trail_status()
            .name(arn)
            .send()
            .await
            .map_err(fail!("cloudtrail:GetTrailStatus"))?;
        let config = json!({
            "Name": name,
            "TrailARN": t.trail_arn(),
            "HomeRegion": t.home_region(),
            "IsMultiRegionTrail": t.is_multi_region_trail(),
            "IsOrganizationTrail": t.is_organization_trail(),
            "LogFileValidationEnabled": t.log_file_validation_enabled(),
            "IncludeGlobalServiceEvents": t.include_global_service_events(),
            "KmsKeyId": t.kms_key_id(),
            "S3BucketName": t.s3_bucket_name(),
            "CloudWatchLogsLogGroupArn": t.cloud_watch_logs_log_group_arn(),
            "IsLogging": status.is_logging(),
            "LatestDeliveryTime": time(status.latest_delivery_time()),
        });
        let mut resource = record(
            "AWS::CloudTrail::Trail",
            ctx.region,
            name,
            t.trail_arn(),
            BTreeMap::new(),
            config,
        );
        resource.name = Some(name.to_string());
        out.push(resource);
    }
    Ok(out)
}

pub async fn log_groups(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let logs = client!(aws_sdk_cloudwatchlogs, ctx);
    let mut pages = logs.describe_log_groups().limit(50).into_paginator().send();
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("logs:DescribeLogGroups"))?;
        for g in page.log_groups() {
            let name = g.log_group_name().unwrap_or_default();
            let config = json!({
                "logGroupName": name,
                "arn": g.arn(),
                "retentionInDays": g.retention_in_days(),
                "kmsKeyId": g.kms_key_id(),
                "storedBytes": g.stored_bytes(),
                "creationTime": g.creation_time(),
            });
            let mut resource = record(
                "AWS::Logs::LogGroup",
                ctx.region,
                name,
                g.arn(),
                BTreeMap::new(),
                config,
            );
            resource.name = Some(name.to_string());
            out.push(resource);
        }
    }
    Ok(out)
}

pub async fn guardduty(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let guardduty = client!(aws_sdk_guardduty, ctx);
    let mut ids = Vec::new();
    let mut pages = guardduty
        .list_detectors()
        .max_results(50)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("guardduty:ListDetectors"))?;
        ids.extend(page.detector_ids().iter().cloned());
    }
    let mut out = Vec::new();
    for id in ids {
        let d = guardduty
            .get_detector()
            .detector_id(&id)
            .send()
            .await
            .map_err(fail!("guardduty:GetDetector"))?;
        let config = json!({
            "DetectorId": id,
            "Status": d.status().map(|s| s.as_str()),
            "FindingPublishingFrequency": d.finding_publishing_frequency().map(|f| f.as_str()),
            "CreatedAt": d.created_at(),
        });
        let arn = format!(
            "arn:aws:guardduty:{}:{}:detector/{id}",
            ctx.region, ctx.account_id
        );
        out.push(record(
            "AWS::GuardDuty::Detector",
            ctx.region,
            id.clone(),
            Some(&arn),
            BTreeMap::new(),
            config,
        ));
    }
    Ok(out)
}
