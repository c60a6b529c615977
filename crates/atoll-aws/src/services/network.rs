//! Load balancing: Application/Network/Gateway load balancers (ELBv2) with
//! their listeners, and Classic Load Balancers.

use std::collections::BTreeMap;

use atoll_core::Resource;
use serde_json::{Value, json};

use super::{Ctx, ItemReads, client, fail, record, time};
use crate::errors::AwsError;

pub async fn load_balancers_v2(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let elb = client!(aws_sdk_elasticloadbalancingv2, ctx);
    let mut balancers = Vec::new();
    let mut pages = elb
        .describe_load_balancers()
        .page_size(400)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("elasticloadbalancing:DescribeLoadBalancers"))?;
        balancers.extend(page.load_balancers().iter().cloned());
    }
    // DescribeListeners takes one load balancer per call: overlapped under
    // the rate budget; one whose listeners cannot be read is marked, not fatal.
    let elb = &elb;
    Ok(ctx
        .per_item("elasticloadbalancing", balancers, |lb| async move {
            let arn = lb.load_balancer_arn().unwrap_or_default();
            let mut reads = ItemReads::default();
            let listeners = reads.read(listeners(elb, arn).await);
            if reads.gone() {
                return None;
            }
            let name = lb.load_balancer_name().unwrap_or_default();
            let config = json!({
                "LoadBalancerName": name,
                "LoadBalancerArn": arn,
                "DNSName": lb.dns_name(),
                "Scheme": lb.scheme().map(|s| s.as_str()),
                "Type": lb.r#type().map(|t| t.as_str()),
                "State": { "Code": lb.state().and_then(|s| s.code()).map(|c| c.as_str()) },
                "VpcId": lb.vpc_id(),
                "CreatedTime": time(lb.created_time()),
                "SecurityGroups": lb.security_groups(),
                "AvailabilityZones": lb.availability_zones().iter()
                    .map(|z| json!({ "ZoneName": z.zone_name(), "SubnetId": z.subnet_id() }))
                    .collect::<Vec<_>>(),
                "Listeners": listeners,
            });
            let mut resource = record(
                "AWS::ElasticLoadBalancingV2::LoadBalancer",
                ctx.region,
                name,
                Some(arn),
                BTreeMap::new(),
                reads.mark(config),
            );
            resource.name = Some(name.to_string());
            Some(resource)
        })
        .await)
}

async fn listeners(
    elb: &aws_sdk_elasticloadbalancingv2::Client,
    arn: &str,
) -> Result<Vec<Value>, AwsError> {
    let mut listeners = Vec::new();
    let mut pages = elb
        .describe_listeners()
        .load_balancer_arn(arn)
        .page_size(400)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("elasticloadbalancing:DescribeListeners"))?;
        listeners.extend(page.listeners().iter().map(|l| {
            json!({
                "ListenerArn": l.listener_arn(),
                "Port": l.port(),
                "Protocol": l.protocol().map(|p| p.as_str()),
                "SslPolicy": l.ssl_policy(),
                "DefaultActions": l.default_actions().iter().map(|a| json!({
                    "Type": a.r#type().map(|t| t.as_str()),
                    "RedirectConfig": a.redirect_config().map(|r| json!({
                        "Protocol": r.protocol(),
                        "Port": r.port(),
                        "StatusCode": r.status_code().map(|s| s.as_str()),
                    })),
                })).collect::<Vec<_>>(),
            })
        }));
    }
    Ok(listeners)
}

pub async fn classic_load_balancers(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let elb = client!(aws_sdk_elasticloadbalancing, ctx);
    let mut out = Vec::new();
    let mut pages = elb
        .describe_load_balancers()
        .page_size(400)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("elasticloadbalancing:DescribeLoadBalancers"))?;
        for lb in page.load_balancer_descriptions() {
            let name = lb.load_balancer_name().unwrap_or_default();
            let config = json!({
                "LoadBalancerName": name,
                "DNSName": lb.dns_name(),
                "Scheme": lb.scheme(),
                "VPCId": lb.vpc_id(),
                "AvailabilityZones": lb.availability_zones(),
                "Subnets": lb.subnets(),
                "SecurityGroups": lb.security_groups(),
                "ListenerDescriptions": lb.listener_descriptions().iter().filter_map(|d| d.listener()).map(|l| json!({
                    "Listener": {
                        "Protocol": l.protocol(),
                        "LoadBalancerPort": l.load_balancer_port(),
                        "InstanceProtocol": l.instance_protocol(),
                        "InstancePort": l.instance_port(),
                        "SSLCertificateId": l.ssl_certificate_id(),
                    }
                })).collect::<Vec<_>>(),
                "Instances": lb.instances().iter().map(|i| json!({ "InstanceId": i.instance_id() })).collect::<Vec<_>>(),
                "CreatedTime": time(lb.created_time()),
            });
            let arn = format!(
                "arn:aws:elasticloadbalancing:{}:{}:loadbalancer/{name}",
                ctx.region, ctx.account_id
            );
            let mut resource = record(
                "AWS::ElasticLoadBalancing::LoadBalancer",
                ctx.region,
                name,
                Some(&arn),
                BTreeMap::new(),
                config,
            );
            resource.name = Some(name.to_string());
            out.push(resource);
        }
    }
    Ok(out)
}
