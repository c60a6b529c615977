//! The inventory's resource types, and which collector (service) gathers each.
//!
//! Type names follow the CloudFormation / AWS Config convention. Rules name the
//! types they read; the engine uses this table to tell which coverage entries a
//! rule depends on, and rule validation rejects unknown types.

/// A resource type the collectors can produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResourceType {
    pub name: &'static str,
    /// The coverage key of the service that collects it (e.g. `ec2`).
    pub service: &'static str,
    /// Collected once per account rather than per region.
    pub global: bool,
}

const fn regional(name: &'static str, service: &'static str) -> ResourceType {
    ResourceType {
        name,
        service,
        global: false,
    }
}

const fn global(name: &'static str, service: &'static str) -> ResourceType {
    ResourceType {
        name,
        service,
        global: true,
    }
}

pub const ACCOUNT: &str = "AWS::::Account";

pub const ALL: &[ResourceType] = &[
    global(ACCOUNT, "sts"),
    regional("AWS::EC2::Instance", "ec2"),
    regional("AWS::EC2::SecurityGroup", "ec2"),
    regional("AWS::EC2::Volume", "ec2"),
    regional("AWS::EC2::EIP", "ec2"),
    regional("AWS::EC2::VPC", "ec2"),
    regional("AWS::EC2::FlowLog", "ec2"),
    regional("AWS::EC2::VPNConnection", "ec2"),
    regional("AWS::RDS::DBInstance", "rds"),
    regional("AWS::RDS::DBCluster", "rds"),
    global("AWS::IAM::User", "iam"),
    global("AWS::IAM::Policy", "iam"),
    global("AWS::IAM::AccountPasswordPolicy", "iam"),
    global("AWS::IAM::AccountSummary", "iam"),
    global("AWS::S3::Bucket", "s3"),
    global("AWS::S3::AccountPublicAccessBlock", "s3"),
    regional("AWS::CloudTrail::Trail", "cloudtrail"),
    regional("AWS::ElasticLoadBalancingV2::LoadBalancer", "elbv2"),
    regional("AWS::ElasticLoadBalancing::LoadBalancer", "elb"),
    regional("AWS::AutoScaling::AutoScalingGroup", "autoscaling"),
    regional("AWS::KMS::Key", "kms"),
    regional("AWS::SQS::Queue", "sqs"),
    regional("AWS::SNS::Topic", "sns"),
    regional("AWS::SSM::Parameter", "ssm"),
    regional("AWS::DynamoDB::Table", "dynamodb"),
    regional("AWS::Logs::LogGroup", "logs"),
    regional("AWS::Lambda::Function", "lambda"),
    regional("AWS::GuardDuty::Detector", "guardduty"),
    global("AWS::IAM::Role", "iam"),
    regional("AWS::EC2::NatGateway", "ec2"),
    regional("AWS::EC2::Subnet", "ec2"),
    regional("AWS::EC2::Snapshot", "ec2"),
    regional("AWS::EC2::Image", "ec2"),
    regional("AWS::EC2::EBSEncryptionByDefault", "ec2"),
    regional("AWS::CertificateManager::Certificate", "acm"),
    regional("AWS::ApiGateway::Stage", "apigateway"),
    regional("AWS::ECS::Cluster", "ecs"),
    regional("AWS::ECS::Service", "ecs"),
    regional("AWS::ECS::TaskDefinition", "ecs"),
    regional("AWS::EKS::Cluster", "eks"),
    regional("AWS::Backup::BackupPlan", "backup"),
    regional("AWS::Backup::BackupVault", "backup"),
    regional("AWS::Backup::ProtectedResource", "backup"),
    regional("AWS::EFS::FileSystem", "efs"),
    regional("AWS::ElastiCache::ReplicationGroup", "elasticache"),
    regional("AWS::ElastiCache::CacheCluster", "elasticache"),
    regional("AWS::Config::ConfigurationRecorder", "config"),
    regional("AWS::SecurityHub::Hub", "securityhub"),
    regional("AWS::CloudWatch::Alarm", "cloudwatch"),
    regional("AWS::CloudFormation::Stack", "cloudformation"),
    regional("AWS::SecretsManager::Secret", "secretsmanager"),
    global("AWS::CloudFront::Distribution", "cloudfront"),
    global("AWS::Route53::HostedZone", "route53"),
    global("AWS::Route53::HealthCheck", "route53"),
    global("AWS::Organizations::Account", "organizations"),
    global("AWS::Organizations::Organization", "organizations"),
];

pub fn find(name: &str) -> Option<&'static ResourceType> {
    ALL.iter().find(|t| t.name == name)
}
