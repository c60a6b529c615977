//! One module per AWS service: each turns API responses into inventory
//! records whose `config` uses the API's own field names.

use std::collections::BTreeMap;

use atoll_core::{GLOBAL_REGION, Resource, resource_types};
use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;
use serde_json::{Value, json};

use crate::credentials::Connection;
use crate::errors::{AwsError, is_gone};

mod compute;
mod containers;
mod data;
mod ec2;
mod edge;
mod governance;
mod iam;
mod messaging;
mod monitoring;
mod network;
mod org_management;
mod resilience;

/// Builds a service client for one region, carrying the read-only guard.
macro_rules! client {
    ($sdk:ident, $ctx:expr) => {
        client!($sdk, $ctx, $ctx.region)
    };
    ($sdk:ident, $ctx:expr, $region:expr) => {
        $sdk::Client::from_conf(
            $sdk::config::Builder::from(&$ctx.conn.sdk)
                .region(aws_config::Region::new($region.to_string()))
                .interceptor($ctx.conn.guard.clone())
                .build(),
        )
    };
}
pub(crate) use client;

/// Maps an SDK error to an [`AwsError`] naming the operation.
macro_rules! fail {
    ($op:literal) => {
        |e| crate::errors::AwsError::from_sdk($op, &e)
    };
}
pub(crate) use fail;

/// What a service module needs to make calls in one region.
pub(crate) struct Ctx<'a> {
    pub conn: &'a Connection,
    pub region: &'a str,
    pub account_id: &'a str,
}

impl Ctx<'_> {
    /// Runs one item's detail calls for every item, overlapping them under
    /// the region x service budget; items that turned out to be gone are
    /// dropped.
    pub async fn per_item<T, F, Fut>(&self, service: &str, items: Vec<T>, read: F) -> Vec<Resource>
    where
        F: Fn(T) -> Fut,
        Fut: std::future::Future<Output = Option<Resource>>,
    {
        self.conn
            .budget
            .map(self.region, service, items, read)
            .await
            .into_iter()
            .flatten()
            .collect()
    }
}

/// The detail calls of one item that failed. One unreadable bucket (its
/// policy denied to the scanner, a table deleted mid-scan) must not blind
/// the whole service: the item keeps what was read, and carries the failed
/// calls under `engine::UNREADABLE_KEY` so no rule judges it on missing data.
#[derive(Debug, Default)]
pub(crate) struct ItemReads {
    failed: Vec<String>,
    gone: bool,
}

impl ItemReads {
    /// The call's answer, or `None` after noting why it has none.
    pub fn read<T>(&mut self, answer: Result<T, AwsError>) -> Option<T> {
        match answer {
            Ok(value) => Some(value),
            Err(e) if is_gone(&e) => {
                self.gone = true;
                None
            }
            Err(e) => {
                tracing::debug!(error = %e.message, "item detail not readable");
                self.failed.push(format!("{}: {}", e.status, e.message));
                None
            }
        }
    }

    /// Whether the item was deleted between its listing and its details.
    pub fn gone(&self) -> bool {
        self.gone
    }

    /// Marks `config` with the calls that failed, if any.
    pub fn mark(self, mut config: Value) -> Value {
        if !self.failed.is_empty()
            && let Some(map) = config.as_object_mut()
        {
            map.insert(
                atoll_core::engine::UNREADABLE_KEY.to_string(),
                json!(self.failed),
            );
        }
        config
    }
}

/// A collection unit: one kind of task in one region (or `global`).
#[derive(Debug, Clone)]
pub struct Task {
    pub kind: TaskKind,
    pub region: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskKind {
    Ec2Instances,
    SecurityGroups,
    Volumes,
    ElasticIps,
    Vpcs,
    VpnConnections,
    RdsInstances,
    RdsClusters,
    IamUsersAndPolicies,
    IamAccount,
    S3Buckets,
    CloudTrail,
    LoadBalancersV2,
    ClassicLoadBalancers,
    AutoScalingGroups,
    KmsKeys,
    SqsQueues,
    SnsTopics,
    SsmParameters,
    DynamoDbTables,
    LogGroups,
    LambdaFunctions,
    GuardDuty,
    NatGatewaysAndSubnets,
    SnapshotsAndImages,
    AcmCertificates,
    ApiGatewayStages,
    Ecs,
    Eks,
    Backup,
    BackupProtectedResources,
    Efs,
    ElastiCache,
    ConfigRecorders,
    SecurityHub,
    CloudWatchAlarms,
    CloudFormationStacks,
    Secrets,
    CloudFront,
    Route53,
    Organization,
}

impl TaskKind {
    const REGIONAL: [TaskKind; 35] = [
        TaskKind::Ec2Instances,
        TaskKind::SecurityGroups,
        TaskKind::Volumes,
        TaskKind::ElasticIps,
        TaskKind::Vpcs,
        TaskKind::VpnConnections,
        TaskKind::RdsInstances,
        TaskKind::RdsClusters,
        TaskKind::CloudTrail,
        TaskKind::LoadBalancersV2,
        TaskKind::ClassicLoadBalancers,
        TaskKind::AutoScalingGroups,
        TaskKind::KmsKeys,
        TaskKind::SqsQueues,
        TaskKind::SnsTopics,
        TaskKind::SsmParameters,
        TaskKind::DynamoDbTables,
        TaskKind::LogGroups,
        TaskKind::LambdaFunctions,
        TaskKind::GuardDuty,
        TaskKind::NatGatewaysAndSubnets,
        TaskKind::SnapshotsAndImages,
        TaskKind::AcmCertificates,
        TaskKind::ApiGatewayStages,
        TaskKind::Ecs,
        TaskKind::Eks,
        TaskKind::Backup,
        TaskKind::BackupProtectedResources,
        TaskKind::Efs,
        TaskKind::ElastiCache,
        TaskKind::ConfigRecorders,
        TaskKind::SecurityHub,
        TaskKind::CloudWatchAlarms,
        TaskKind::CloudFormationStacks,
        TaskKind::Secrets,
    ];
    const GLOBAL: [TaskKind; 6] = [
        TaskKind::IamUsersAndPolicies,
        TaskKind::IamAccount,
        TaskKind::S3Buckets,
        TaskKind::CloudFront,
        TaskKind::Route53,
        TaskKind::Organization,
    ];

    /// The resource types the task produces (its coverage entries).
    pub fn types(self) -> &'static [&'static str] {
        match self {
            TaskKind::Ec2Instances => &["AWS::EC2::Instance"],
            TaskKind::SecurityGroups => &["AWS::EC2::SecurityGroup"],
            TaskKind::Volumes => &["AWS::EC2::Volume"],
            TaskKind::ElasticIps => &["AWS::EC2::EIP"],
            TaskKind::Vpcs => &["AWS::EC2::VPC", "AWS::EC2::FlowLog"],
            TaskKind::VpnConnections => &["AWS::EC2::VPNConnection"],
            TaskKind::RdsInstances => &["AWS::RDS::DBInstance"],
            TaskKind::RdsClusters => &["AWS::RDS::DBCluster"],
            TaskKind::IamUsersAndPolicies => {
                &["AWS::IAM::User", "AWS::IAM::Policy", "AWS::IAM::Role"]
            }
            TaskKind::IamAccount => &[
                "AWS::IAM::AccountPasswordPolicy",
                "AWS::IAM::AccountSummary",
            ],
            TaskKind::S3Buckets => &["AWS::S3::Bucket", "AWS::S3::AccountPublicAccessBlock"],
            TaskKind::CloudTrail => &["AWS::CloudTrail::Trail"],
            TaskKind::LoadBalancersV2 => &["AWS::ElasticLoadBalancingV2::LoadBalancer"],
            TaskKind::ClassicLoadBalancers => &["AWS::ElasticLoadBalancing::LoadBalancer"],
            TaskKind::AutoScalingGroups => &["AWS::AutoScaling::AutoScalingGroup"],
            TaskKind::KmsKeys => &["AWS::KMS::Key"],
            TaskKind::SqsQueues => &["AWS::SQS::Queue"],
            TaskKind::SnsTopics => &["AWS::SNS::Topic"],
            TaskKind::SsmParameters => &["AWS::SSM::Parameter"],
            TaskKind::DynamoDbTables => &["AWS::DynamoDB::Table"],
            TaskKind::LogGroups => &["AWS::Logs::LogGroup"],
            TaskKind::LambdaFunctions => &["AWS::Lambda::Function"],
            TaskKind::GuardDuty => &["AWS::GuardDuty::Detector"],
            TaskKind::NatGatewaysAndSubnets => &["AWS::EC2::NatGateway", "AWS::EC2::Subnet"],
            TaskKind::SnapshotsAndImages => &[
                "AWS::EC2::Snapshot",
                "AWS::EC2::Image",
                "AWS::EC2::EBSEncryptionByDefault",
            ],
            TaskKind::AcmCertificates => &["AWS::CertificateManager::Certificate"],
            TaskKind::ApiGatewayStages => &["AWS::ApiGateway::Stage"],
            TaskKind::Ecs => &[
                "AWS::ECS::Cluster",
                "AWS::ECS::Service",
                "AWS::ECS::TaskDefinition",
            ],
            TaskKind::Eks => &["AWS::EKS::Cluster"],
            TaskKind::Backup => &["AWS::Backup::BackupPlan", "AWS::Backup::BackupVault"],
            TaskKind::BackupProtectedResources => &["AWS::Backup::ProtectedResource"],
            TaskKind::Efs => &["AWS::EFS::FileSystem"],
            TaskKind::ElastiCache => &[
                "AWS::ElastiCache::ReplicationGroup",
                "AWS::ElastiCache::CacheCluster",
            ],
            TaskKind::ConfigRecorders => &["AWS::Config::ConfigurationRecorder"],
            TaskKind::SecurityHub => &["AWS::SecurityHub::Hub"],
            TaskKind::CloudWatchAlarms => &["AWS::CloudWatch::Alarm"],
            TaskKind::CloudFormationStacks => &["AWS::CloudFormation::Stack"],
            TaskKind::Secrets => &["AWS::SecretsManager::Secret"],
            TaskKind::CloudFront => &["AWS::CloudFront::Distribution"],
            TaskKind::Route53 => &["AWS::Route53::HostedZone", "AWS::Route53::HealthCheck"],
            TaskKind::Organization => {
                &["AWS::Organizations::Account", org_management::ORGANIZATION]
            }
        }
    }

    pub fn service(self) -> &'static str {
        resource_types::find(self.types()[0]).map_or("unknown", |t| t.service)
    }
}

/// Every task of a scan of `regions`.
pub fn plan(regions: &[String]) -> Vec<Task> {
    let mut tasks: Vec<Task> = TaskKind::GLOBAL
        .iter()
        .map(|kind| Task {
            kind: *kind,
            region: GLOBAL_REGION.into(),
        })
        .collect();
    for region in regions {
        tasks.extend(TaskKind::REGIONAL.iter().map(|kind| Task {
            kind: *kind,
            region: region.clone(),
        }));
    }
    tasks
}

/// Runs one task.
pub async fn run(
    task: &Task,
    conn: &Connection,
    account_id: &str,
) -> Result<Vec<Resource>, AwsError> {
    // Global services are called through the connection's home region.
    let home = conn.home_region();
    let region = if task.region == GLOBAL_REGION {
        home.as_str()
    } else {
        task.region.as_str()
    };
    let ctx = Ctx {
        conn,
        region,
        account_id,
    };
    match task.kind {
        TaskKind::Ec2Instances => ec2::instances(&ctx).await,
        TaskKind::SecurityGroups => ec2::security_groups(&ctx).await,
        TaskKind::Volumes => ec2::volumes(&ctx).await,
        TaskKind::ElasticIps => ec2::elastic_ips(&ctx).await,
        TaskKind::Vpcs => ec2::vpcs_and_flow_logs(&ctx).await,
        TaskKind::VpnConnections => ec2::vpn_connections(&ctx).await,
        TaskKind::RdsInstances => data::rds_instances(&ctx).await,
        TaskKind::RdsClusters => data::rds_clusters(&ctx).await,
        TaskKind::IamUsersAndPolicies => iam::users_and_policies(&ctx).await,
        TaskKind::IamAccount => iam::account(&ctx).await,
        TaskKind::S3Buckets => data::s3_buckets(&ctx).await,
        TaskKind::CloudTrail => monitoring::trails(&ctx).await,
        TaskKind::LoadBalancersV2 => network::load_balancers_v2(&ctx).await,
        TaskKind::ClassicLoadBalancers => network::classic_load_balancers(&ctx).await,
        TaskKind::AutoScalingGroups => compute::auto_scaling_groups(&ctx).await,
        TaskKind::KmsKeys => data::kms_keys(&ctx).await,
        TaskKind::SqsQueues => messaging::sqs_queues(&ctx).await,
        TaskKind::SnsTopics => messaging::sns_topics(&ctx).await,
        TaskKind::SsmParameters => compute::ssm_parameters(&ctx).await,
        TaskKind::DynamoDbTables => data::dynamodb_tables(&ctx).await,
        TaskKind::LogGroups => monitoring::log_groups(&ctx).await,
        TaskKind::LambdaFunctions => compute::lambda_functions(&ctx).await,
        TaskKind::GuardDuty => monitoring::guardduty(&ctx).await,
        TaskKind::NatGatewaysAndSubnets => ec2::nat_gateways_and_subnets(&ctx).await,
        TaskKind::SnapshotsAndImages => ec2::snapshots_images_and_defaults(&ctx).await,
        TaskKind::AcmCertificates => edge::acm_certificates(&ctx).await,
        TaskKind::ApiGatewayStages => edge::api_gateway_stages(&ctx).await,
        TaskKind::Ecs => containers::ecs(&ctx).await,
        TaskKind::Eks => containers::eks(&ctx).await,
        TaskKind::Backup => resilience::backup(&ctx).await,
        TaskKind::BackupProtectedResources => resilience::backup_protected_resources(&ctx).await,
        TaskKind::Efs => resilience::efs(&ctx).await,
        TaskKind::ElastiCache => resilience::elasticache(&ctx).await,
        TaskKind::ConfigRecorders => governance::config_recorders(&ctx).await,
        TaskKind::SecurityHub => governance::security_hub(&ctx).await,
        TaskKind::CloudWatchAlarms => governance::cloudwatch_alarms(&ctx).await,
        TaskKind::CloudFormationStacks => governance::cloudformation_stacks(&ctx).await,
        TaskKind::Secrets => governance::secrets(&ctx).await,
        TaskKind::CloudFront => edge::cloudfront_distributions(&ctx).await,
        TaskKind::Route53 => edge::route53(&ctx).await,
        TaskKind::Organization => governance::organization(&ctx).await,
    }
}

/// The caller's account, as an inventory record.
pub struct Identity {
    pub account_id: String,
    pub resource: Resource,
}

pub async fn caller_identity(conn: &Connection) -> Result<Identity, AwsError> {
    let home = conn.home_region();
    let ctx = Ctx {
        conn,
        region: &home,
        account_id: "",
    };
    let sts = client!(aws_sdk_sts, ctx);
    let out = sts
        .get_caller_identity()
        .send()
        .await
        .map_err(fail!("sts:GetCallerIdentity"))?;
    let account_id = out.account().unwrap_or_default().to_string();
    let resource = Resource {
        resource_type: resource_types::ACCOUNT.into(),
        region: GLOBAL_REGION.into(),
        resource_id: account_id.clone(),
        arn: Some(format!("arn:aws:iam::{account_id}:root")),
        name: None,
        tags: BTreeMap::new(),
        config: json!({ "Account": account_id, "Arn": out.arn(), "UserId": out.user_id() }),
    };
    Ok(Identity {
        account_id,
        resource,
    })
}

/// The regions enabled for the account (`--regions all`).
pub async fn enabled_regions(conn: &Connection) -> Result<Vec<String>, AwsError> {
    let home = conn.home_region();
    let ctx = Ctx {
        conn,
        region: &home,
        account_id: "",
    };
    let ec2 = client!(aws_sdk_ec2, ctx);
    let out = ec2
        .describe_regions()
        .send()
        .await
        .map_err(fail!("ec2:DescribeRegions"))?;
    let mut regions: Vec<String> = out
        .regions()
        .iter()
        .filter_map(|r| r.region_name().map(str::to_string))
        .collect();
    regions.sort();
    Ok(regions)
}

/// An AWS timestamp as RFC 3339 text (what SQLite's date functions read).
pub(crate) fn time(at: Option<&DateTime>) -> Value {
    at.and_then(|t| t.fmt(Format::DateTime).ok())
        .map_or(Value::Null, Value::String)
}

pub(crate) fn record(
    resource_type: &str,
    region: &str,
    resource_id: impl Into<String>,
    arn: Option<&str>,
    tags: BTreeMap<String, String>,
    config: Value,
) -> Resource {
    let name = tags.get("Name").cloned();
    Resource {
        resource_type: resource_type.to_string(),
        region: region.to_string(),
        resource_id: resource_id.into(),
        arn: arn.map(str::to_string),
        name,
        tags,
        config,
    }
}

/// Parses an IAM policy document, which the API returns URL-encoded.
pub(crate) fn policy_document(text: Option<&str>) -> Value {
    let Some(text) = text else { return Value::Null };
    if let Ok(doc) = serde_json::from_str(text) {
        return doc;
    }
    let decoded = percent_encoding::percent_decode_str(text).decode_utf8_lossy();
    serde_json::from_str(&decoded).unwrap_or(Value::String(decoded.into_owned()))
}
