//! Backup and stateful services: AWS Backup plans, vaults and protected
//! resources; EFS file systems; ElastiCache replication groups and clusters.

use std::collections::BTreeMap;

use atoll_core::Resource;
use serde_json::json;

use super::{Ctx, ItemReads, client, fail, record, time};
use crate::errors::{AwsError, code_of};

pub async fn backup(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let backup = client!(aws_sdk_backup, ctx);
    let mut out = Vec::new();
    let mut plans = Vec::new();
    let mut pages = backup
        .list_backup_plans()
        .max_results(1000)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("backup:ListBackupPlans"))?;
        plans.extend(
            page.backup_plans_list()
                .iter()
                .filter_map(|p| p.backup_plan_id().map(str::to_string)),
        );
    }
    let client = &backup;
    let plans = ctx
        .per_item("backup", plans, |id| async move {
        let mut reads = ItemReads::default();
        let plan = client
            .get_backup_plan()
            .backup_plan_id(&id)
            .send()
            .await
            .map_err(|e| AwsError::from_sdk("backup:GetBackupPlan", &e));
        let plan = reads.read(plan);
        if reads.gone() {
            return None;
        }
        let Some(plan) = plan else {
            let config = reads.mark(json!({ "BackupPlanId": id }));
            return Some(record("AWS::Backup::BackupPlan", ctx.region, id, None, BTreeMap::new(), config));
        };
        let name = plan
            .backup_plan()
            .map(|p| p.backup_plan_name())
            .unwrap_or_default();
        let config = json!({
            "BackupPlanId": id,
            "BackupPlanArn": plan.backup_plan_arn(),
            "BackupPlanName": name,
            "Rules": plan.backup_plan().map(|p| p.rules()).unwrap_or_default().iter().map(|r| json!({
                "RuleName": r.rule_name(),
                "TargetBackupVaultName": r.target_backup_vault_name(),
                "ScheduleExpression": r.schedule_expression(),
                "Lifecycle": r.lifecycle().map(|l| json!({
                    "DeleteAfterDays": l.delete_after_days(),
                    "MoveToColdStorageAfterDays": l.move_to_cold_storage_after_days(),
                })),
                "CopyActions": r.copy_actions().iter().map(|c| json!({ "DestinationBackupVaultArn": c.destination_backup_vault_arn() })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        });
        let mut resource = record(
            "AWS::Backup::BackupPlan",
            ctx.region,
            id.clone(),
            plan.backup_plan_arn(),
            BTreeMap::new(),
            config,
        );
        resource.name = Some(name.to_string());
        Some(resource)
        })
        .await;
    out.extend(plans);
    let mut pages = backup
        .list_backup_vaults()
        .max_results(1000)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("backup:ListBackupVaults"))?;
        for v in page.backup_vault_list() {
            let name = v.backup_vault_name().unwrap_or_default();
            let config = json!({
                "BackupVaultName": name,
                "BackupVaultArn": v.backup_vault_arn(),
                "EncryptionKeyArn": v.encryption_key_arn(),
                "NumberOfRecoveryPoints": v.number_of_recovery_points(),
                "Locked": v.locked(),
            });
            out.push(record(
                "AWS::Backup::BackupVault",
                ctx.region,
                name,
                v.backup_vault_arn(),
                BTreeMap::new(),
                config,
            ));
        }
    }
    Ok(out)
}

/// Kept apart from plans and vaults so that an endpoint without this API
/// (moto) leaves only protected resources not assessed.
pub async fn backup_protected_resources(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let backup = client!(aws_sdk_backup, ctx);
    let mut out = Vec::new();
    let mut pages = backup
        .list_protected_resources()
        .max_results(1000)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("backup:ListProtectedResources"))?;
        for p in page.results() {
            let arn = p.resource_arn().unwrap_or_default();
            let config = json!({
                "ResourceArn": arn,
                "ResourceType": p.resource_type(),
                "LastBackupTime": time(p.last_backup_time()),
                "ResourceName": p.resource_name(),
            });
            out.push(record(
                "AWS::Backup::ProtectedResource",
                ctx.region,
                arn,
                Some(arn),
                BTreeMap::new(),
                config,
            ));
        }
    }
    Ok(out)
}

pub async fn efs(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let efs = client!(aws_sdk_efs, ctx);
    let mut systems = Vec::new();
    let mut pages = efs
        .describe_file_systems()
        .max_items(100)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("elasticfilesystem:DescribeFileSystems"))?;
        systems.extend(page.file_systems().iter().cloned());
    }
    let efs = &efs;
    Ok(ctx
        .per_item("elasticfilesystem", systems, |f| async move {
            let id = f.file_system_id();
            let mut reads = ItemReads::default();
            let backup_policy = match efs.describe_backup_policy().file_system_id(id).send().await {
                Ok(out) => out
                    .backup_policy()
                    .map(|p| json!({ "Status": p.status().as_str() })),
                Err(e) if code_of(&e) == Some("PolicyNotFound") => None,
                Err(e) => reads.read(Err(AwsError::from_sdk(
                    "elasticfilesystem:DescribeBackupPolicy",
                    &e,
                ))),
            };
            let lifecycle = efs
                .describe_lifecycle_configuration()
                .file_system_id(id)
                .send()
                .await
                .map_err(|e| AwsError::from_sdk("elasticfilesystem:DescribeLifecycleConfiguration", &e));
            let lifecycle = reads.read(lifecycle);
            if reads.gone() {
                return None;
            }
            let config = json!({
                "FileSystemId": id,
                "FileSystemArn": f.file_system_arn(),
                "Name": f.name(),
                "Encrypted": f.encrypted(),
                "KmsKeyId": f.kms_key_id(),
                "LifeCycleState": f.life_cycle_state().as_str(),
                "PerformanceMode": f.performance_mode().as_str(),
                "ThroughputMode": f.throughput_mode().map(|t| t.as_str()),
                "AvailabilityZoneName": f.availability_zone_name(),
                "NumberOfMountTargets": f.number_of_mount_targets(),
                "SizeInBytes": f.size_in_bytes().map(|s| s.value()),
                "BackupPolicy": backup_policy,
                "LifecyclePolicies": lifecycle.as_ref().map(|l| l.lifecycle_policies().iter().map(|p| json!({
                    "TransitionToIA": p.transition_to_ia().map(|t| t.as_str()),
                    "TransitionToArchive": p.transition_to_archive().map(|t| t.as_str()),
                })).collect::<Vec<_>>()),
            });
            let tags: BTreeMap<String, String> = f
                .tags()
                .iter()
                .map(|t| (t.key().to_string(), t.value().to_string()))
                .collect();
            Some(record(
                "AWS::EFS::FileSystem",
                ctx.region,
                id,
                f.file_system_arn(),
                tags,
                reads.mark(config),
            ))
        })
        .await)
}

pub async fn elasticache(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let elasticache = client!(aws_sdk_elasticache, ctx);
    let mut out = Vec::new();
    let mut pages = elasticache
        .describe_replication_groups()
        .max_records(100)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("elasticache:DescribeReplicationGroups"))?;
        for g in page.replication_groups() {
            let id = g.replication_group_id().unwrap_or_default();
            let config = json!({
                "ReplicationGroupId": id,
                "ARN": g.arn(),
                "Status": g.status(),
                "AutomaticFailover": g.automatic_failover().map(|a| a.as_str()),
                "MultiAZ": g.multi_az().map(|m| m.as_str()),
                "AtRestEncryptionEnabled": g.at_rest_encryption_enabled(),
                "TransitEncryptionEnabled": g.transit_encryption_enabled(),
                "AuthTokenEnabled": g.auth_token_enabled(),
                "SnapshotRetentionLimit": g.snapshot_retention_limit(),
                "CacheNodeType": g.cache_node_type(),
                "MemberClusters": g.member_clusters(),
            });
            out.push(record(
                "AWS::ElastiCache::ReplicationGroup",
                ctx.region,
                id,
                g.arn(),
                BTreeMap::new(),
                config,
            ));
        }
    }
    let mut pages = elasticache
        .describe_cache_clusters()
        .max_records(100)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("elasticache:DescribeCacheClusters"))?;
        for c in page.cache_clusters() {
            let id = c.cache_cluster_id().unwrap_or_default();
            let config = json!({
                "CacheClusterId": id,
                "ARN": c.arn(),
                "Engine": c.engine(),
                "EngineVersion": c.engine_version(),
                "CacheNodeType": c.cache_node_type(),
                "NumCacheNodes": c.num_cache_nodes(),
                "CacheClusterStatus": c.cache_cluster_status(),
                "ReplicationGroupId": c.replication_group_id(),
                "SnapshotRetentionLimit": c.snapshot_retention_limit(),
                "AutoMinorVersionUpgrade": c.auto_minor_version_upgrade(),
                "AtRestEncryptionEnabled": c.at_rest_encryption_enabled(),
                "TransitEncryptionEnabled": c.transit_encryption_enabled(),
                "PreferredAvailabilityZone": c.preferred_availability_zone(),
            });
            out.push(record(
                "AWS::ElastiCache::CacheCluster",
                ctx.region,
                id,
                c.arn(),
                BTreeMap::new(),
                config,
            ));
        }
    }
    Ok(out)
}
