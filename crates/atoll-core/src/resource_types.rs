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
];

pub fn find(name: &str) -> Option<&'static ResourceType> {
    ALL.iter().find(|t| t.name == name)
}
