//! Detection and logging: CloudTrail trails with their logging status,
//! CloudWatch Logs log groups, GuardDuty detectors.

use std::collections::BTreeMap;

use atoll_core::Resource;
use serde_json::json;

use super::{Ctx, ItemReads, client, fail, record, time};
use crate::errors::AwsError;

pub async fn trails(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let cloudtrail = client!(aws_sdk_cloudtrail, ctx);
    // Shadow trails included: a multi-Region trail homed in a region outside
    // the scan, and an organization trail seen from a member account, are
    // only visible that way. Each trail is recorded under its home region,
    // so the copies every scanned region returns collapse into one
    // (`collect` de-duplicates by type, region and id).
    let described = cloudtrail
        .describe_trails()
        .include_shadow_trails(true)
        .send()
        .await
        .map_err(fail!("cloudtrail:DescribeTrails"))?;
    let cloudtrail = &cloudtrail;
    let trails = described.trail_list().to_vec();
    Ok(ctx
        .per_item("cloudtrail", trails, |t| async move {
            let name = t.name().unwrap_or_default().to_string();
            let arn = t.trail_arn().unwrap_or(&name).to_string();
            let home = t.home_region().unwrap_or(ctx.region).to_string();
            // Another account's trail (an organization trail seen from a
            // member): its status and selectors are the owner's to read.
            let foreign = !arn.contains(&format!(":{}:", ctx.account_id));
            let mut reads = ItemReads::default();
            // A trail's status and selectors are read in its home region: a
            // shadow copy answers DescribeTrails everywhere, but not every
            // region answers GetEventSelectors for it.
            let home_client;
            let cloudtrail = if home == ctx.region {
                cloudtrail
            } else {
                home_client = client!(aws_sdk_cloudtrail, ctx, home);
                &home_client
            };
            let status = cloudtrail.get_trail_status().name(&arn).send().await;
            let status = match status {
                Ok(status) => Some(status),
                Err(_) if foreign => None,
                Err(e) => reads.read(Err(AwsError::from_sdk("cloudtrail:GetTrailStatus", &e))),
            };
            let selectors = match cloudtrail
                .get_event_selectors()
                .trail_name(&arn)
                .send()
                .await
            {
                Ok(out) => Some(out),
                Err(_) if foreign => None,
                Err(e) => reads.read(Err(AwsError::from_sdk("cloudtrail:GetEventSelectors", &e))),
            };
            if reads.gone() {
                return None;
            }
            let config = json!({
                "Name": name,
                "TrailARN": t.trail_arn(),
                "HomeRegion": t.home_region(),
                "IsMultiRegionTrail": t.is_multi_region_trail(),
                "IsOrganizationTrail": t.is_organization_trail(),
                "OwnedByOtherAccount": foreign,
                "LogFileValidationEnabled": t.log_file_validation_enabled(),
                "IncludeGlobalServiceEvents": t.include_global_service_events(),
                "KmsKeyId": t.kms_key_id(),
                "S3BucketName": t.s3_bucket_name(),
                "CloudWatchLogsLogGroupArn": t.cloud_watch_logs_log_group_arn(),
                "IsLogging": status.as_ref().and_then(|s| s.is_logging()),
                "LatestDeliveryTime": time(status.as_ref().and_then(|s| s.latest_delivery_time())),
                "ManagementEvents": selectors.as_ref().map(management_events),
            });
            let mut resource = record(
                "AWS::CloudTrail::Trail",
                &home,
                name.clone(),
                t.trail_arn(),
                BTreeMap::new(),
                reads.mark(config),
            );
            resource.name = Some(name);
            Some(resource)
        })
        .await)
}

/// Which management events a trail records: "All", "WriteOnly",
/// "ReadOnly" or "None", from its basic or advanced event selectors. A trail
/// with no selector at all records all management events (the default).
fn management_events(
    out: &aws_sdk_cloudtrail::operation::get_event_selectors::GetEventSelectorsOutput,
) -> &'static str {
    let advanced = out.advanced_event_selectors();
    if !advanced.is_empty() {
        let mut read = false;
        let mut write = false;
        for selector in advanced {
            let fields = selector.field_selectors();
            let management = fields.iter().any(|f| {
                f.field() == "eventCategory" && f.equals().iter().any(|v| v == "Management")
            });
            if !management {
                continue;
            }
            match fields
                .iter()
                .find(|f| f.field() == "readOnly")
                .and_then(|f| f.equals().first())
                .map(String::as_str)
            {
                Some("true") => read = true,
                Some("false") => write = true,
                _ => (read, write) = (true, true),
            }
        }
        return match (read, write) {
            (true, true) => "All",
            (false, true) => "WriteOnly",
            (true, false) => "ReadOnly",
            (false, false) => "None",
        };
    }
    let basic = out.event_selectors();
    if basic.is_empty() {
        return "All";
    }
    let mut read = false;
    let mut write = false;
    for selector in basic
        .iter()
        .filter(|s| s.include_management_events() != Some(false))
    {
        match selector.read_write_type().map(|t| t.as_str()) {
            Some("ReadOnly") => read = true,
            Some("WriteOnly") => write = true,
            _ => (read, write) = (true, true),
        }
    }
    match (read, write) {
        (true, true) => "All",
        (false, true) => "WriteOnly",
        (true, false) => "ReadOnly",
        (false, false) => "None",
    }
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
