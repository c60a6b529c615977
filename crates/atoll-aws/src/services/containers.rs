//! Containers: ECS clusters, services and task definitions; EKS clusters.
//! Task definitions keep environment variable names only, never values.
//! Per-cluster and per-definition reads overlap under the rate budget; one
//! that fails marks its item unreadable instead of blinding the service.

use std::collections::BTreeMap;

use atoll_core::Resource;
use serde_json::json;

use super::{Ctx, ItemReads, client, fail, record};
use crate::errors::AwsError;

/// DescribeServices takes at most 10 services per call.
const SERVICES_PER_CALL: usize = 10;
/// DescribeClusters takes at most 100 clusters per call.
const CLUSTERS_PER_CALL: usize = 100;

pub async fn ecs(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let ecs = client!(aws_sdk_ecs, ctx);
    let mut cluster_arns = Vec::new();
    let mut pages = ecs.list_clusters().max_results(100).into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("ecs:ListClusters"))?;
        cluster_arns.extend(page.cluster_arns().iter().cloned());
    }
    let mut out = Vec::new();
    for chunk in cluster_arns.chunks(CLUSTERS_PER_CALL) {
        let described = ecs
            .describe_clusters()
            .set_clusters(Some(chunk.to_vec()))
            .include(aws_sdk_ecs::types::ClusterField::Settings)
            .send()
            .await
            .map_err(fail!("ecs:DescribeClusters"))?;
        for c in described.clusters() {
            let name = c.cluster_name().unwrap_or_default();
            let config = json!({
                "clusterName": name,
                "clusterArn": c.cluster_arn(),
                "status": c.status(),
                "runningTasksCount": c.running_tasks_count(),
                "activeServicesCount": c.active_services_count(),
                "settings": c.settings().iter().map(|s| json!({
                    "name": s.name().map(|n| n.as_str()),
                    "value": s.value(),
                })).collect::<Vec<_>>(),
            });
            let mut resource = record(
                "AWS::ECS::Cluster",
                ctx.region,
                name,
                c.cluster_arn(),
                BTreeMap::new(),
                config,
            );
            resource.name = Some(name.to_string());
            out.push(resource);
        }
    }
    let ecs = &ecs;
    let services_per_cluster = ctx
        .conn
        .budget
        .map(
            ctx.region,
            "ecs",
            cluster_arns.clone(),
            |cluster| async move {
                let services = cluster_services(ctx, ecs, &cluster).await;
                (cluster, services)
            },
        )
        .await;
    for (cluster, services) in services_per_cluster {
        match services {
            Ok(services) => out.extend(services),
            // The cluster's services are unknown: the cluster says so, and
            // its rules are not assessed rather than passed on missing data.
            Err(e) if crate::errors::is_gone(&e) => {}
            Err(e) => {
                if let Some(c) = out
                    .iter_mut()
                    .find(|r| r.arn.as_deref() == Some(cluster.as_str()))
                {
                    let mut reads = ItemReads::default();
                    reads.read::<()>(Err(e));
                    c.config = reads.mark(std::mem::take(&mut c.config));
                }
            }
        }
    }
    let mut families = Vec::new();
    let mut pages = ecs
        .list_task_definitions()
        .status(aws_sdk_ecs::types::TaskDefinitionStatus::Active)
        .max_results(100)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("ecs:ListTaskDefinitions"))?;
        families.extend(page.task_definition_arns().iter().cloned());
    }
    let definitions = ctx
        .per_item("ecs", families, |arn| async move {
            let mut reads = ItemReads::default();
            let described = ecs
                .describe_task_definition()
                .task_definition(&arn)
                .send()
                .await
                .map_err(|e| AwsError::from_sdk("ecs:DescribeTaskDefinition", &e));
            let described = reads.read(described);
            if reads.gone() {
                return None;
            }
            let Some(t) = described.as_ref().and_then(|d| d.task_definition()) else {
                // Unreadable: the ARN (family:revision) is all there is.
                let id = arn.rsplit('/').next().unwrap_or(&arn).to_string();
                return Some(record(
                    "AWS::ECS::TaskDefinition",
                    ctx.region,
                    id,
                    Some(arn.as_str()),
                    BTreeMap::new(),
                    reads.mark(json!({ "taskDefinitionArn": arn })),
                ));
            };
            let id = format!("{}:{}", t.family().unwrap_or_default(), t.revision());
            let config = json!({
                "family": t.family(),
                "revision": t.revision(),
                "taskDefinitionArn": t.task_definition_arn(),
                "networkMode": t.network_mode().map(|n| n.as_str()),
                "requiresCompatibilities": t.requires_compatibilities().iter().map(|c| c.as_str()).collect::<Vec<_>>(),
                "cpu": t.cpu(),
                "memory": t.memory(),
                "runtimePlatform": t.runtime_platform().map(|p| json!({
                    "cpuArchitecture": p.cpu_architecture().map(|a| a.as_str()),
                    "operatingSystemFamily": p.operating_system_family().map(|f| f.as_str()),
                })),
                "containerDefinitions": t.container_definitions().iter().map(|c| json!({
                    "name": c.name(),
                    "image": c.image(),
                    "essential": c.essential(),
                    "privileged": c.privileged(),
                    "readonlyRootFilesystem": c.readonly_root_filesystem(),
                    "user": c.user(),
                    "logConfiguration": c.log_configuration().map(|l| json!({ "logDriver": l.log_driver().as_str() })),
                    "healthCheck": c.health_check().map(|h| json!({ "command": h.command() })),
                    "environmentNames": c.environment().iter().filter_map(|e| e.name()).collect::<Vec<_>>(),
                    "secrets": c.secrets().iter().map(|s| json!({ "name": s.name() })).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            });
            Some(record(
                "AWS::ECS::TaskDefinition",
                ctx.region,
                id,
                t.task_definition_arn(),
                BTreeMap::new(),
                config,
            ))
        })
        .await;
    out.extend(definitions);
    Ok(out)
}

pub async fn eks(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let eks = client!(aws_sdk_eks, ctx);
    let mut names = Vec::new();
    let mut pages = eks.list_clusters().max_results(100).into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("eks:ListClusters"))?;
        names.extend(page.clusters().iter().cloned());
    }
    let eks = &eks;
    Ok(ctx
        .per_item("eks", names, |name| async move {
        let mut reads = ItemReads::default();
        let described = eks
            .describe_cluster()
            .name(&name)
            .send()
            .await
            .map_err(|e| AwsError::from_sdk("eks:DescribeCluster", &e));
        let described = reads.read(described);
        if reads.gone() {
            return None;
        }
        let Some(c) = described.as_ref().and_then(|d| d.cluster()) else {
            let config = reads.mark(json!({ "name": name }));
            return Some(record("AWS::EKS::Cluster", ctx.region, name, None, BTreeMap::new(), config));
        };
        let config = json!({
            "name": name,
            "arn": c.arn(),
            "version": c.version(),
            "status": c.status().map(|s| s.as_str()),
            "resourcesVpcConfig": c.resources_vpc_config().map(|v| json!({
                "endpointPublicAccess": v.endpoint_public_access(),
                "endpointPrivateAccess": v.endpoint_private_access(),
                "publicAccessCidrs": v.public_access_cidrs(),
                "subnetIds": v.subnet_ids(),
            })),
            "logging": c.logging().map(|l| json!({
                "clusterLogging": l.cluster_logging().iter().map(|s| json!({
                    "types": s.types().iter().map(|t| t.as_str()).collect::<Vec<_>>(),
                    "enabled": s.enabled(),
                })).collect::<Vec<_>>(),
            })),
            // Secrets envelope encryption with a customer key (the provider key, if any).
            "encryptionConfig": c.encryption_config().iter()
                .map(|e| json!({ "provider": e.provider().and_then(|p| p.key_arn()).map(|k| json!({ "keyArn": k })) }))
                .collect::<Vec<_>>(),
        });
        let mut resource = record(
            "AWS::EKS::Cluster",
            ctx.region,
            name.clone(),
            c.arn(),
            BTreeMap::new(),
            config,
        );
        resource.name = Some(name);
        Some(resource)
        })
        .await)
}

/// The services of one cluster, described ten at a time.
async fn cluster_services(
    ctx: &Ctx<'_>,
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
) -> Result<Vec<Resource>, AwsError> {
    let mut out = Vec::new();
    let mut service_arns = Vec::new();
    let mut pages = ecs
        .list_services()
        .cluster(cluster)
        .max_results(100)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("ecs:ListServices"))?;
        service_arns.extend(page.service_arns().iter().cloned());
    }
    for chunk in service_arns.chunks(SERVICES_PER_CALL) {
        let described = ecs
            .describe_services()
            .cluster(cluster)
            .set_services(Some(chunk.to_vec()))
            .send()
            .await
            .map_err(fail!("ecs:DescribeServices"))?;
        for s in described.services() {
            let name = s.service_name().unwrap_or_default();
            let cluster_name = cluster.rsplit('/').next().unwrap_or(cluster);
            let deployment = s.deployment_configuration();
            let config = json!({
                "serviceName": name,
                "serviceArn": s.service_arn(),
                "clusterArn": s.cluster_arn(),
                "status": s.status(),
                "desiredCount": s.desired_count(),
                "runningCount": s.running_count(),
                "launchType": s.launch_type().map(|l| l.as_str()),
                "taskDefinition": s.task_definition(),
                "deploymentConfiguration": deployment.map(|d| json!({
                    "minimumHealthyPercent": d.minimum_healthy_percent(),
                    "maximumPercent": d.maximum_percent(),
                    "deploymentCircuitBreaker": d.deployment_circuit_breaker().map(|b| json!({
                        "enable": b.enable(),
                        "rollback": b.rollback(),
                    })),
                })),
                "networkConfiguration": s.network_configuration().and_then(|n| n.awsvpc_configuration()).map(|a| json!({
                    "awsvpcConfiguration": {
                        "subnets": a.subnets(),
                        "securityGroups": a.security_groups(),
                        "assignPublicIp": a.assign_public_ip().map(|p| p.as_str()),
                    }
                })),
            });
            let id = format!("{cluster_name}/{name}");
            let mut resource = record(
                "AWS::ECS::Service",
                ctx.region,
                id,
                s.service_arn(),
                BTreeMap::new(),
                config,
            );
            resource.name = Some(name.to_string());
            out.push(resource);
        }
    }
    Ok(out)
}
