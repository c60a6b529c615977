//! Compute and configuration: Auto Scaling groups, Lambda functions, SSM
//! Parameter Store parameters (metadata only: values are never read).

use std::collections::BTreeMap;

use atoll_core::Resource;
use serde_json::json;

use super::{Ctx, client, fail, record, time};
use crate::errors::AwsError;

pub async fn auto_scaling_groups(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let autoscaling = client!(aws_sdk_autoscaling, ctx);
    let mut out = Vec::new();
    let mut pages = autoscaling
        .describe_auto_scaling_groups()
        .max_records(100)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("autoscaling:DescribeAutoScalingGroups"))?;
        for g in page.auto_scaling_groups() {
            let name = g.auto_scaling_group_name().unwrap_or_default();
            let config = json!({
                "AutoScalingGroupName": name,
                "AutoScalingGroupARN": g.auto_scaling_group_arn(),
                "MinSize": g.min_size(),
                "MaxSize": g.max_size(),
                "DesiredCapacity": g.desired_capacity(),
                "AvailabilityZones": g.availability_zones(),
                "VPCZoneIdentifier": g.vpc_zone_identifier(),
                "HealthCheckType": g.health_check_type(),
                "LoadBalancerNames": g.load_balancer_names(),
                "TargetGroupARNs": g.target_group_arns(),
                "LaunchConfigurationName": g.launch_configuration_name(),
                "LaunchTemplate": g.launch_template().map(|t| json!({ "LaunchTemplateName": t.launch_template_name(), "Version": t.version() })),
                "Instances": g.instances().iter().map(|i| json!({
                    "InstanceId": i.instance_id(),
                    "AvailabilityZone": i.availability_zone(),
                    "LifecycleState": i.lifecycle_state().map(|s| s.as_str()),
                    "HealthStatus": i.health_status(),
                })).collect::<Vec<_>>(),
            });
            let tags: BTreeMap<String, String> = g
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
                "AWS::AutoScaling::AutoScalingGroup",
                ctx.region,
                name,
                g.auto_scaling_group_arn(),
                tags,
                config,
            );
            resource.name = Some(name.to_string());
            out.push(resource);
        }
    }
    Ok(out)
}

pub async fn lambda_functions(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let lambda = client!(aws_sdk_lambda, ctx);
    let mut out = Vec::new();
    let mut pages = lambda
        .list_functions()
        .max_items(50)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("lambda:ListFunctions"))?;
        for f in page.functions() {
            let name = f.function_name().unwrap_or_default();
            let config = json!({
                "FunctionName": name,
                "FunctionArn": f.function_arn(),
                "Runtime": f.runtime().map(|r| r.as_str()),
                "Handler": f.handler(),
                "MemorySize": f.memory_size(),
                "Timeout": f.timeout(),
                "LastModified": f.last_modified(),
                "PackageType": f.package_type().map(|p| p.as_str()),
                "Architectures": f.architectures().iter().map(|a| a.as_str()).collect::<Vec<_>>(),
                "TracingConfig": f.tracing_config().map(|t| json!({ "Mode": t.mode().map(|m| m.as_str()) })),
                "DeadLetterConfig": f.dead_letter_config().map(|d| json!({ "TargetArn": d.target_arn() })),
                "VpcConfig": f.vpc_config().map(|v| json!({ "SubnetIds": v.subnet_ids(), "SecurityGroupIds": v.security_group_ids() })),
            });
            let mut resource = record(
                "AWS::Lambda::Function",
                ctx.region,
                name,
                f.function_arn(),
                BTreeMap::new(),
                config,
            );
            resource.name = Some(name.to_string());
            out.push(resource);
        }
    }
    Ok(out)
}

pub async fn ssm_parameters(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let ssm = client!(aws_sdk_ssm, ctx);
    let mut out = Vec::new();
    let mut pages = ssm
        .describe_parameters()
        .max_results(50)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("ssm:DescribeParameters"))?;
        for p in page.parameters() {
            let name = p.name().unwrap_or_default();
            let config = json!({
                "Name": name,
                "ARN": p.arn(),
                "Type": p.r#type().map(|t| t.as_str()),
                "KeyId": p.key_id(),
                "Tier": p.tier().map(|t| t.as_str()),
                "DataType": p.data_type(),
                "LastModifiedDate": time(p.last_modified_date()),
                "Version": p.version(),
            });
            let mut resource = record(
                "AWS::SSM::Parameter",
                ctx.region,
                name,
                p.arn(),
                BTreeMap::new(),
                config,
            );
            resource.name = Some(name.to_string());
            out.push(resource);
        }
    }
    Ok(out)
}
