//! EC2: instances, security groups, volumes, Elastic IPs, VPCs with flow logs,
//! and site-to-site VPN connections with their tunnel telemetry.

use std::collections::BTreeMap;

use atoll_core::Resource;
use aws_sdk_ec2::types::{IpPermission, Tag};
use serde_json::{Value, json};

use super::{Ctx, client, fail, record, time};
use crate::errors::AwsError;

fn tags(tags: &[Tag]) -> BTreeMap<String, String> {
    tags.iter()
        .filter_map(|t| {
            Some((
                t.key()?.to_string(),
                t.value().unwrap_or_default().to_string(),
            ))
        })
        .collect()
}

fn arn(ctx: &Ctx<'_>, kind: &str, id: &str) -> String {
    format!("arn:aws:ec2:{}:{}:{kind}/{id}", ctx.region, ctx.account_id)
}

pub async fn instances(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let ec2 = client!(aws_sdk_ec2, ctx);
    let mut pages = ec2
        .describe_instances()
        .max_results(1000)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("ec2:DescribeInstances"))?;
        for i in page.reservations().iter().flat_map(|r| r.instances()) {
            let id = i.instance_id().unwrap_or_default();
            let config = json!({
                "InstanceId": id,
                "InstanceType": i.instance_type().map(|t| t.as_str()),
                "State": { "Name": i.state().and_then(|s| s.name()).map(|n| n.as_str()) },
                // Says when a stopped instance stopped ("User initiated (2026-01-05 10:11:12 GMT)").
                "StateTransitionReason": i.state_transition_reason(),
                "PublicIpAddress": i.public_ip_address(),
                "PrivateIpAddress": i.private_ip_address(),
                "SubnetId": i.subnet_id(),
                "VpcId": i.vpc_id(),
                "ImageId": i.image_id(),
                "LaunchTime": time(i.launch_time()),
                "Placement": { "AvailabilityZone": i.placement().and_then(|p| p.availability_zone()) },
                "SecurityGroups": i.security_groups().iter()
                    .map(|g| json!({ "GroupId": g.group_id(), "GroupName": g.group_name() }))
                    .collect::<Vec<_>>(),
                // Secondary interfaces carry their own groups: exposure is the union.
                "NetworkInterfaces": i.network_interfaces().iter()
                    .map(|n| json!({
                        "NetworkInterfaceId": n.network_interface_id(),
                        // IPv6 addresses are globally routable: `::/0` rules reach them.
                        "Ipv6Addresses": n.ipv6_addresses().iter()
                            .map(|a| json!({ "Ipv6Address": a.ipv6_address() }))
                            .collect::<Vec<_>>(),
                        "Groups": n.groups().iter()
                            .map(|g| json!({ "GroupId": g.group_id(), "GroupName": g.group_name() }))
                            .collect::<Vec<_>>(),
                    }))
                    .collect::<Vec<_>>(),
                "IamInstanceProfile": i.iam_instance_profile().map(|p| json!({ "Arn": p.arn() })),
                "MetadataOptions": i.metadata_options().map(|m| json!({
                    "HttpTokens": m.http_tokens().map(|t| t.as_str()),
                    "HttpEndpoint": m.http_endpoint().map(|t| t.as_str()),
                })),
                "Monitoring": { "State": i.monitoring().and_then(|m| m.state()).map(|s| s.as_str()) },
                "EbsOptimized": i.ebs_optimized(),
                "Architecture": i.architecture().map(|a| a.as_str()),
                "PlatformDetails": i.platform_details(),
                "BlockDeviceMappings": i.block_device_mappings().iter().map(|b| json!({
                    "DeviceName": b.device_name(),
                    "Ebs": b.ebs().map(|e| json!({ "VolumeId": e.volume_id(), "DeleteOnTermination": e.delete_on_termination() })),
                })).collect::<Vec<_>>(),
            });
            out.push(record(
                "AWS::EC2::Instance",
                ctx.region,
                id,
                Some(&arn(ctx, "instance", id)),
                tags(i.tags()),
                config,
            ));
        }
    }
    Ok(out)
}

fn permissions(perms: &[IpPermission]) -> Vec<Value> {
    perms
        .iter()
        .map(|p| {
            json!({
                "IpProtocol": p.ip_protocol(),
                "FromPort": p.from_port(),
                "ToPort": p.to_port(),
                "IpRanges": p.ip_ranges().iter().map(|r| json!({ "CidrIp": r.cidr_ip() })).collect::<Vec<_>>(),
                "Ipv6Ranges": p.ipv6_ranges().iter().map(|r| json!({ "CidrIpv6": r.cidr_ipv6() })).collect::<Vec<_>>(),
                "UserIdGroupPairs": p.user_id_group_pairs().iter().map(|g| json!({ "GroupId": g.group_id() })).collect::<Vec<_>>(),
                "PrefixListIds": p.prefix_list_ids().iter().map(|l| json!({ "PrefixListId": l.prefix_list_id() })).collect::<Vec<_>>(),
            })
        })
        .collect()
}

pub async fn security_groups(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let ec2 = client!(aws_sdk_ec2, ctx);
    let mut pages = ec2
        .describe_security_groups()
        .max_results(1000)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("ec2:DescribeSecurityGroups"))?;
        for g in page.security_groups() {
            let id = g.group_id().unwrap_or_default();
            let config = json!({
                "GroupId": id,
                "GroupName": g.group_name(),
                "VpcId": g.vpc_id(),
                "Description": g.description(),
                "IpPermissions": permissions(g.ip_permissions()),
                "IpPermissionsEgress": permissions(g.ip_permissions_egress()),
            });
            let arn = g
                .security_group_arn()
                .map(str::to_string)
                .unwrap_or_else(|| arn(ctx, "security-group", id));
            let mut resource = record(
                "AWS::EC2::SecurityGroup",
                ctx.region,
                id,
                Some(&arn),
                tags(g.tags()),
                config,
            );
            resource.name = g.group_name().map(str::to_string);
            out.push(resource);
        }
    }
    Ok(out)
}

pub async fn volumes(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let ec2 = client!(aws_sdk_ec2, ctx);
    let mut pages = ec2
        .describe_volumes()
        .max_results(500)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("ec2:DescribeVolumes"))?;
        for v in page.volumes() {
            let id = v.volume_id().unwrap_or_default();
            let config = json!({
                "VolumeId": id,
                "VolumeType": v.volume_type().map(|t| t.as_str()),
                "Size": v.size(),
                "Iops": v.iops(),
                "Encrypted": v.encrypted(),
                "KmsKeyId": v.kms_key_id(),
                "State": v.state().map(|s| s.as_str()),
                "AvailabilityZone": v.availability_zone(),
                "CreateTime": time(v.create_time()),
                "Attachments": v.attachments().iter().map(|a| json!({
                    "InstanceId": a.instance_id(),
                    "State": a.state().map(|s| s.as_str()),
                    "DeleteOnTermination": a.delete_on_termination(),
                })).collect::<Vec<_>>(),
            });
            out.push(record(
                "AWS::EC2::Volume",
                ctx.region,
                id,
                Some(&arn(ctx, "volume", id)),
                tags(v.tags()),
                config,
            ));
        }
    }
    Ok(out)
}

pub async fn elastic_ips(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let ec2 = client!(aws_sdk_ec2, ctx);
    let page = ec2
        .describe_addresses()
        .send()
        .await
        .map_err(fail!("ec2:DescribeAddresses"))?;
    Ok(page
        .addresses()
        .iter()
        .map(|a| {
            let id = a.allocation_id().or(a.public_ip()).unwrap_or_default();
            let config = json!({
                "AllocationId": a.allocation_id(),
                "PublicIp": a.public_ip(),
                "AssociationId": a.association_id(),
                "InstanceId": a.instance_id(),
                "NetworkInterfaceId": a.network_interface_id(),
                "Domain": a.domain().map(|d| d.as_str()),
            });
            record(
                "AWS::EC2::EIP",
                ctx.region,
                id,
                Some(&arn(ctx, "elastic-ip", id)),
                tags(a.tags()),
                config,
            )
        })
        .collect())
}

pub async fn vpcs_and_flow_logs(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let ec2 = client!(aws_sdk_ec2, ctx);
    let mut out = Vec::new();
    let mut pages = ec2
        .describe_vpcs()
        .max_results(1000)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("ec2:DescribeVpcs"))?;
        for v in page.vpcs() {
            let id = v.vpc_id().unwrap_or_default();
            let config = json!({
                "VpcId": id,
                "CidrBlock": v.cidr_block(),
                "IsDefault": v.is_default(),
                "State": v.state().map(|s| s.as_str()),
            });
            out.push(record(
                "AWS::EC2::VPC",
                ctx.region,
                id,
                Some(&arn(ctx, "vpc", id)),
                tags(v.tags()),
                config,
            ));
        }
    }
    let mut pages = ec2
        .describe_flow_logs()
        .max_results(1000)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("ec2:DescribeFlowLogs"))?;
        for f in page.flow_logs() {
            let id = f.flow_log_id().unwrap_or_default();
            let config = json!({
                "FlowLogId": id,
                "ResourceId": f.resource_id(),
                "FlowLogStatus": f.flow_log_status(),
                "DeliverLogsStatus": f.deliver_logs_status(),
                "TrafficType": f.traffic_type().map(|t| t.as_str()),
                "LogDestinationType": f.log_destination_type().map(|t| t.as_str()),
                "LogDestination": f.log_destination(),
            });
            out.push(record(
                "AWS::EC2::FlowLog",
                ctx.region,
                id,
                Some(&arn(ctx, "vpc-flow-log", id)),
                tags(f.tags()),
                config,
            ));
        }
    }
    Ok(out)
}

pub async fn vpn_connections(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let ec2 = client!(aws_sdk_ec2, ctx);
    let page = ec2
        .describe_vpn_connections()
        .send()
        .await
        .map_err(fail!("ec2:DescribeVpnConnections"))?;
    Ok(page
        .vpn_connections()
        .iter()
        .map(|v| {
            let id = v.vpn_connection_id().unwrap_or_default();
            let config = json!({
                "VpnConnectionId": id,
                "State": v.state().map(|s| s.as_str()),
                "Type": v.r#type().map(|t| t.as_str()),
                "VpnGatewayId": v.vpn_gateway_id(),
                "TransitGatewayId": v.transit_gateway_id(),
                "CustomerGatewayId": v.customer_gateway_id(),
                "VgwTelemetry": v.vgw_telemetry().iter().map(|t| json!({
                    "OutsideIpAddress": t.outside_ip_address(),
                    "Status": t.status().map(|s| s.as_str()),
                    "StatusMessage": t.status_message(),
                    "LastStatusChange": time(t.last_status_change()),
                })).collect::<Vec<_>>(),
            });
            record(
                "AWS::EC2::VPNConnection",
                ctx.region,
                id,
                Some(&arn(ctx, "vpn-connection", id)),
                tags(v.tags()),
                config,
            )
        })
        .collect())
}

pub async fn nat_gateways_and_subnets(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let ec2 = client!(aws_sdk_ec2, ctx);
    let mut out = Vec::new();
    let mut pages = ec2
        .describe_nat_gateways()
        .max_results(1000)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("ec2:DescribeNatGateways"))?;
        for n in page.nat_gateways() {
            let id = n.nat_gateway_id().unwrap_or_default();
            let config = json!({
                "NatGatewayId": id,
                "State": n.state().map(|s| s.as_str()),
                "SubnetId": n.subnet_id(),
                "VpcId": n.vpc_id(),
                "ConnectivityType": n.connectivity_type().map(|c| c.as_str()),
                "CreateTime": time(n.create_time()),
            });
            out.push(record(
                "AWS::EC2::NatGateway",
                ctx.region,
                id,
                Some(&arn(ctx, "natgateway", id)),
                tags(n.tags()),
                config,
            ));
        }
    }
    let mut pages = ec2
        .describe_subnets()
        .max_results(1000)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("ec2:DescribeSubnets"))?;
        for s in page.subnets() {
            let id = s.subnet_id().unwrap_or_default();
            let config = json!({
                "SubnetId": id,
                "VpcId": s.vpc_id(),
                "CidrBlock": s.cidr_block(),
                "AvailabilityZone": s.availability_zone(),
                "AvailableIpAddressCount": s.available_ip_address_count(),
                "MapPublicIpOnLaunch": s.map_public_ip_on_launch(),
                "DefaultForAz": s.default_for_az(),
            });
            let arn = s
                .subnet_arn()
                .map(str::to_string)
                .unwrap_or_else(|| arn(ctx, "subnet", id));
            out.push(record(
                "AWS::EC2::Subnet",
                ctx.region,
                id,
                Some(&arn),
                tags(s.tags()),
                config,
            ));
        }
    }
    Ok(out)
}

/// The account's own EBS snapshots and AMIs, and the region's EBS
/// encryption-by-default setting.
pub async fn snapshots_images_and_defaults(ctx: &Ctx<'_>) -> Result<Vec<Resource>, AwsError> {
    let ec2 = client!(aws_sdk_ec2, ctx);
    let mut out = Vec::new();
    let mut pages = ec2
        .describe_snapshots()
        .owner_ids("self")
        .max_results(1000)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(fail!("ec2:DescribeSnapshots"))?;
        for s in page.snapshots() {
            let id = s.snapshot_id().unwrap_or_default();
            let config = json!({
                "SnapshotId": id,
                "VolumeId": s.volume_id(),
                "VolumeSize": s.volume_size(),
                "Encrypted": s.encrypted(),
                "State": s.state().map(|x| x.as_str()),
                "StartTime": time(s.start_time()),
                "StorageTier": s.storage_tier().map(|t| t.as_str()),
            });
            out.push(record(
                "AWS::EC2::Snapshot",
                ctx.region,
                id,
                Some(&arn(ctx, "snapshot", id)),
                tags(s.tags()),
                config,
            ));
        }
    }
    let images = ec2
        .describe_images()
        .owners("self")
        .send()
        .await
        .map_err(fail!("ec2:DescribeImages"))?;
    for i in images.images() {
        let id = i.image_id().unwrap_or_default();
        let config = json!({
            "ImageId": id,
            "Name": i.name(),
            "CreationDate": i.creation_date(),
            "Public": i.public(),
            "State": i.state().map(|s| s.as_str()),
            "DeprecationTime": i.deprecation_time(),
            // The snapshots an image is registered on cannot be deleted on their own.
            "BlockDeviceMappings": i.block_device_mappings().iter().map(|m| json!({
                "DeviceName": m.device_name(),
                "Ebs": m.ebs().map(|e| json!({ "SnapshotId": e.snapshot_id() })),
            })).collect::<Vec<_>>(),
        });
        let mut resource = record(
            "AWS::EC2::Image",
            ctx.region,
            id,
            Some(&arn(ctx, "image", id)),
            tags(i.tags()),
            config,
        );
        resource.name = resource.name.or_else(|| i.name().map(str::to_string));
        out.push(resource);
    }
    let default = ec2
        .get_ebs_encryption_by_default()
        .send()
        .await
        .map_err(fail!("ec2:GetEbsEncryptionByDefault"))?;
    out.push(record(
        "AWS::EC2::EBSEncryptionByDefault",
        ctx.region,
        ctx.region,
        None,
        BTreeMap::new(),
        json!({ "EbsEncryptionByDefault": default.ebs_encryption_by_default() }),
    ));
    Ok(out)
}
