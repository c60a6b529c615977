//! The edge and entry points: CloudFront distributions and Route 53 hosted
//! zones and health checks (global), ACM certificates and API Gateway REST
//! API stages (regional).

use std::collections::BTreeMap;

use atoll_core::{GLOBAL_REGION, Resource};
use serde_json::json;

use super::{Ctx, ItemReads, client, fail, record, time};
use crate::errors::AwsError;

pub async fn cloudfront_distributions(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let cloudfront = client!(aws_sdk_cloudfront, ctx);
    let mut out = Vec::new();
    let mut pages = cloudfront
        .list_distributions()
        .max_items(1000)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("cloudfront:ListDistributions"))?;
        for d in page
            .distribution_list()
            .map(|l| l.items())
            .unwrap_or_default()
        {
            let id = d.id();
            let config = json!({
                "Id": id,
                "ARN": d.arn(),
                "DomainName": d.domain_name(),
                "Status": d.status(),
                "Enabled": d.enabled(),
                "Aliases": d.aliases().map(|a| a.items()).unwrap_or_default(),
                "HttpVersion": d.http_version().as_str(),
                "PriceClass": d.price_class().as_str(),
                "WebACLId": d.web_acl_id(),
                "IsIPV6Enabled": d.is_ipv6_enabled(),
                "ViewerCertificate": d.viewer_certificate().map(|v| json!({
                    "CloudFrontDefaultCertificate": v.cloud_front_default_certificate(),
                    "MinimumProtocolVersion": v.minimum_protocol_version().map(|p| p.as_str()),
                    "SSLSupportMethod": v.ssl_support_method().map(|m| m.as_str()),
                })),
                "DefaultCacheBehavior": d.default_cache_behavior().map(|b| json!({
                    "ViewerProtocolPolicy": b.viewer_protocol_policy().as_str(),
                    "Compress": b.compress(),
                })),
                "Origins": d.origins().map(|o| o.items()).unwrap_or_default().iter().map(|o| json!({
                    "Id": o.id(),
                    "DomainName": o.domain_name(),
                    "OriginProtocolPolicy": o.custom_origin_config().map(|c| c.origin_protocol_policy().as_str()),
                    "S3OriginConfig": o.s3_origin_config().map(|s| json!({ "OriginAccessIdentity": s.origin_access_identity() })),
                    "OriginAccessControlId": o.origin_access_control_id(),
                })).collect::<Vec<_>>(),
            });
            out.push(record(
                "AWS::CloudFront::Distribution",
                GLOBAL_REGION,
                id,
                Some(d.arn()),
                BTreeMap::new(),
                config,
            ));
        }
    }
    Ok(out)
}

pub async fn route53(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let route53 = client!(aws_sdk_route53, ctx);
    let mut out = Vec::new();
    let mut pages = route53
        .list_hosted_zones()
        .max_items(100)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("route53:ListHostedZones"))?;
        for z in page.hosted_zones() {
            let id = z.id().trim_start_matches("/hostedzone/");
            let config = json!({
                "Id": id,
                "Name": z.name(),
                "ResourceRecordSetCount": z.resource_record_set_count(),
                "Config": z.config().map(|c| json!({ "PrivateZone": c.private_zone(), "Comment": c.comment() })),
            });
            let arn = format!("arn:aws:route53:::hostedzone/{id}");
            let mut resource = record(
                "AWS::Route53::HostedZone",
                GLOBAL_REGION,
                id,
                Some(&arn),
                BTreeMap::new(),
                config,
            );
            resource.name = Some(z.name().to_string());
            out.push(resource);
        }
    }
    let mut pages = route53
        .list_health_checks()
        .max_items(1000)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("route53:ListHealthChecks"))?;
        for h in page.health_checks() {
            let c = h.health_check_config();
            let config = json!({
                "Id": h.id(),
                "HealthCheckConfig": c.map(|c| json!({
                    "Type": c.r#type().as_str(),
                    "FullyQualifiedDomainName": c.fully_qualified_domain_name(),
                    "IPAddress": c.ip_address(),
                    "Port": c.port(),
                    "ResourcePath": c.resource_path(),
                    "Disabled": c.disabled(),
                })),
            });
            let arn = format!("arn:aws:route53:::healthcheck/{}", h.id());
            out.push(record(
                "AWS::Route53::HealthCheck",
                GLOBAL_REGION,
                h.id(),
                Some(&arn),
                BTreeMap::new(),
                config,
            ));
        }
    }
    Ok(out)
}

pub async fn acm_certificates(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let acm = client!(aws_sdk_acm, ctx);
    let mut arns = Vec::new();
    let mut pages = acm
        .list_certificates()
        .max_items(1000)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("acm:ListCertificates"))?;
        arns.extend(
            page.certificate_summary_list()
                .iter()
                .filter_map(|c| c.certificate_arn().map(str::to_string)),
        );
    }
    let acm = &acm;
    Ok(ctx
        .per_item("acm", arns, |arn| async move {
            let mut reads = ItemReads::default();
            let described = acm
                .describe_certificate()
                .certificate_arn(&arn)
                .send()
                .await
                .map_err(|e| AwsError::from_sdk("acm:DescribeCertificate", &e));
            let described = reads.read(described);
            if reads.gone() {
                return None;
            }
            let id = arn.rsplit('/').next().unwrap_or(&arn);
            let Some(c) = described.as_ref().and_then(|d| d.certificate()) else {
                let config = reads.mark(json!({ "CertificateArn": arn }));
                return Some(record(
                    "AWS::CertificateManager::Certificate",
                    ctx.region,
                    id,
                    Some(&arn),
                    BTreeMap::new(),
                    config,
                ));
            };
            let config = json!({
                "CertificateArn": arn,
                "DomainName": c.domain_name(),
                "Status": c.status().map(|s| s.as_str()),
                "Type": c.r#type().map(|t| t.as_str()),
                "NotAfter": time(c.not_after()),
                "NotBefore": time(c.not_before()),
                "InUseBy": c.in_use_by(),
                "KeyAlgorithm": c.key_algorithm().map(|k| k.as_str()),
                "RenewalEligibility": c.renewal_eligibility().map(|r| r.as_str()),
            });
            let mut resource = record(
                "AWS::CertificateManager::Certificate",
                ctx.region,
                id,
                Some(&arn),
                BTreeMap::new(),
                config,
            );
            resource.name = c.domain_name().map(str::to_string);
            Some(resource)
        })
        .await)
}

pub async fn api_gateway_stages(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let apigateway = client!(aws_sdk_apigateway, ctx);
    let mut apis = Vec::new();
    let mut pages = apigateway
        .get_rest_apis()
        .limit(500)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("apigateway:GetRestApis"))?;
        apis.extend(page.items().iter().map(|a| {
            (
                a.id().unwrap_or_default().to_string(),
                a.name().unwrap_or_default().to_string(),
            )
        }));
    }
    let apigateway = &apigateway;
    let per_api = ctx
        .conn
        .budget
        .map(
            ctx.region,
            "apigateway",
            apis,
            |(api_id, api_name)| async move {
                let stages = apigateway.get_stages().rest_api_id(&api_id).send().await;
                let stages = stages.map_err(|e| AwsError::from_sdk("apigateway:GetStages", &e));
                api_stages(ctx, &api_id, &api_name, stages)
            },
        )
        .await;
    Ok(per_api.into_iter().flatten().collect())
}

/// One REST API's stages; an API whose stages cannot be read is recorded as
/// one unreadable stage, so its rules say "not assessed" and coverage counts it.
fn api_stages(
    ctx: &Ctx<'_>,
    api_id: &str,
    api_name: &str,
    stages: Result<aws_sdk_apigateway::operation::get_stages::GetStagesOutput, AwsError>,
) -> Vec<Resource> {
    let mut reads = ItemReads::default();
    let Some(stages) = reads.read(stages) else {
        if reads.gone() {
            return Vec::new();
        }
        let config = reads.mark(json!({ "restApiId": api_id, "restApiName": api_name }));
        let mut resource = record(
            "AWS::ApiGateway::Stage",
            ctx.region,
            format!("{api_id}/*"),
            None,
            BTreeMap::new(),
            config,
        );
        resource.name = Some(format!("{api_name} / (stages not readable)"));
        return vec![resource];
    };
    let mut out = Vec::new();
    {
        for s in stages.item() {
            let stage = s.stage_name().unwrap_or_default();
            let id = format!("{api_id}/{stage}");
            let config = json!({
                "restApiId": api_id,
                "restApiName": api_name,
                "stageName": stage,
                "tracingEnabled": s.tracing_enabled(),
                "cacheClusterEnabled": s.cache_cluster_enabled(),
                "webAclArn": s.web_acl_arn(),
                "clientCertificateId": s.client_certificate_id(),
                "accessLogSettings": s.access_log_settings().map(|a| json!({ "destinationArn": a.destination_arn() })),
                "methodSettings": s.method_settings().map(|m| m.iter().map(|(path, m)| (path.clone(), json!({
                    "loggingLevel": m.logging_level(),
                    "metricsEnabled": m.metrics_enabled(),
                    "throttlingRateLimit": m.throttling_rate_limit(),
                }))).collect::<serde_json::Map<_, _>>()),
            });
            let arn = format!(
                "arn:aws:apigateway:{}::/restapis/{api_id}/stages/{stage}",
                ctx.region
            );
            let mut resource = record(
                "AWS::ApiGateway::Stage",
                ctx.region,
                id,
                Some(&arn),
                BTreeMap::new(),
                config,
            );
            resource.name = Some(format!("{api_name} / {stage}"));
            out.push(resource);
        }
    }
    out
}
