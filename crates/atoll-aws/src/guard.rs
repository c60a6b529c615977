//! The read-only guard: an SDK interceptor on every client that refuses any
//! operation that is not on the scan's exact allow-list of reads, and records every request it lets through
//! (retries included) for the API-call count and the read-only test.

// A poisoned log still holds every call recorded before the panic: use it.
use std::sync::{Arc, Mutex, PoisonError};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
};
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

/// Every operation a scan may send, as (the SDK's service name as its
/// operation metadata spells it, e.g. "Elastic Load Balancing v2", the
/// operation, the IAM action that permits it). Nothing else leaves the
/// process: not a write, and not a read of customer data or secret values
/// (`s3:GetObject`, `secretsmanager:GetSecretValue`, `ssm:GetParameter`,
/// `lambda:GetFunction`, `ec2:GetPasswordData`, `logs:GetLogEvents`,
/// `dynamodb:GetItem`...), even though their names start with Get. The
/// least-privilege policy shipped in docs/atoll-scan-policy.json is built
/// from the third column (a test keeps it equal). `sts:GetCallerIdentity`
/// needs no permission; API Gateway's reads are `apigateway:GET` on paths.
pub const ALLOWED_OPERATIONS: &[(&str, &str, &str)] = &[
    ("ACM", "DescribeCertificate", "acm:DescribeCertificate"),
    ("ACM", "ListCertificates", "acm:ListCertificates"),
    ("API Gateway", "GetRestApis", "apigateway:GET"),
    ("API Gateway", "GetStages", "apigateway:GET"),
    (
        "Auto Scaling",
        "DescribeAutoScalingGroups",
        "autoscaling:DescribeAutoScalingGroups",
    ),
    ("Backup", "GetBackupPlan", "backup:GetBackupPlan"),
    ("Backup", "ListBackupPlans", "backup:ListBackupPlans"),
    ("Backup", "ListBackupVaults", "backup:ListBackupVaults"),
    (
        "Backup",
        "ListProtectedResources",
        "backup:ListProtectedResources",
    ),
    (
        "CloudFormation",
        "DescribeStacks",
        "cloudformation:DescribeStacks",
    ),
    (
        "CloudFront",
        "ListDistributions",
        "cloudfront:ListDistributions",
    ),
    ("CloudTrail", "DescribeTrails", "cloudtrail:DescribeTrails"),
    (
        "CloudTrail",
        "GetEventSelectors",
        "cloudtrail:GetEventSelectors",
    ),
    ("CloudTrail", "GetTrailStatus", "cloudtrail:GetTrailStatus"),
    ("CloudWatch", "DescribeAlarms", "cloudwatch:DescribeAlarms"),
    (
        "CloudWatch Logs",
        "DescribeLogGroups",
        "logs:DescribeLogGroups",
    ),
    (
        "Config Service",
        "DescribeConfigurationRecorderStatus",
        "config:DescribeConfigurationRecorderStatus",
    ),
    (
        "Config Service",
        "DescribeConfigurationRecorders",
        "config:DescribeConfigurationRecorders",
    ),
    (
        "DynamoDB",
        "DescribeContinuousBackups",
        "dynamodb:DescribeContinuousBackups",
    ),
    ("DynamoDB", "DescribeTable", "dynamodb:DescribeTable"),
    ("DynamoDB", "ListTables", "dynamodb:ListTables"),
    ("EC2", "DescribeAddresses", "ec2:DescribeAddresses"),
    ("EC2", "DescribeFlowLogs", "ec2:DescribeFlowLogs"),
    ("EC2", "DescribeImages", "ec2:DescribeImages"),
    ("EC2", "DescribeInstances", "ec2:DescribeInstances"),
    ("EC2", "DescribeNatGateways", "ec2:DescribeNatGateways"),
    ("EC2", "DescribeRegions", "ec2:DescribeRegions"),
    (
        "EC2",
        "DescribeSecurityGroups",
        "ec2:DescribeSecurityGroups",
    ),
    ("EC2", "DescribeSnapshots", "ec2:DescribeSnapshots"),
    ("EC2", "DescribeSubnets", "ec2:DescribeSubnets"),
    ("EC2", "DescribeVolumes", "ec2:DescribeVolumes"),
    ("EC2", "DescribeVpcs", "ec2:DescribeVpcs"),
    (
        "EC2",
        "DescribeVpnConnections",
        "ec2:DescribeVpnConnections",
    ),
    (
        "EC2",
        "GetEbsEncryptionByDefault",
        "ec2:GetEbsEncryptionByDefault",
    ),
    ("ECS", "DescribeClusters", "ecs:DescribeClusters"),
    ("ECS", "DescribeServices", "ecs:DescribeServices"),
    (
        "ECS",
        "DescribeTaskDefinition",
        "ecs:DescribeTaskDefinition",
    ),
    ("ECS", "ListClusters", "ecs:ListClusters"),
    ("ECS", "ListServices", "ecs:ListServices"),
    ("ECS", "ListTaskDefinitions", "ecs:ListTaskDefinitions"),
    (
        "EFS",
        "DescribeBackupPolicy",
        "elasticfilesystem:DescribeBackupPolicy",
    ),
    (
        "EFS",
        "DescribeFileSystems",
        "elasticfilesystem:DescribeFileSystems",
    ),
    (
        "EFS",
        "DescribeLifecycleConfiguration",
        "elasticfilesystem:DescribeLifecycleConfiguration",
    ),
    ("EKS", "DescribeCluster", "eks:DescribeCluster"),
    ("EKS", "ListClusters", "eks:ListClusters"),
    (
        "Elastic Load Balancing",
        "DescribeLoadBalancers",
        "elasticloadbalancing:DescribeLoadBalancers",
    ),
    (
        "Elastic Load Balancing v2",
        "DescribeListeners",
        "elasticloadbalancing:DescribeListeners",
    ),
    (
        "Elastic Load Balancing v2",
        "DescribeLoadBalancers",
        "elasticloadbalancing:DescribeLoadBalancers",
    ),
    (
        "ElastiCache",
        "DescribeCacheClusters",
        "elasticache:DescribeCacheClusters",
    ),
    (
        "ElastiCache",
        "DescribeReplicationGroups",
        "elasticache:DescribeReplicationGroups",
    ),
    ("GuardDuty", "GetDetector", "guardduty:GetDetector"),
    ("GuardDuty", "ListDetectors", "guardduty:ListDetectors"),
    (
        "IAM",
        "GetAccountAuthorizationDetails",
        "iam:GetAccountAuthorizationDetails",
    ),
    (
        "IAM",
        "GetAccountPasswordPolicy",
        "iam:GetAccountPasswordPolicy",
    ),
    ("IAM", "GetAccountSummary", "iam:GetAccountSummary"),
    ("IAM", "GetLoginProfile", "iam:GetLoginProfile"),
    ("IAM", "ListAccessKeys", "iam:ListAccessKeys"),
    ("IAM", "ListMFADevices", "iam:ListMFADevices"),
    (
        "IAM",
        "ListOrganizationsFeatures",
        "iam:ListOrganizationsFeatures",
    ),
    ("KMS", "DescribeKey", "kms:DescribeKey"),
    ("KMS", "GetKeyRotationStatus", "kms:GetKeyRotationStatus"),
    ("KMS", "ListKeys", "kms:ListKeys"),
    ("Lambda", "ListFunctions", "lambda:ListFunctions"),
    (
        "Organizations",
        "DescribeOrganization",
        "organizations:DescribeOrganization",
    ),
    (
        "Organizations",
        "ListAWSServiceAccessForOrganization",
        "organizations:ListAWSServiceAccessForOrganization",
    ),
    (
        "Organizations",
        "ListAccounts",
        "organizations:ListAccounts",
    ),
    (
        "Organizations",
        "ListAccountsForParent",
        "organizations:ListAccountsForParent",
    ),
    (
        "Organizations",
        "ListDelegatedAdministrators",
        "organizations:ListDelegatedAdministrators",
    ),
    (
        "Organizations",
        "ListDelegatedServicesForAccount",
        "organizations:ListDelegatedServicesForAccount",
    ),
    (
        "Organizations",
        "ListOrganizationalUnitsForParent",
        "organizations:ListOrganizationalUnitsForParent",
    ),
    (
        "Organizations",
        "ListPolicies",
        "organizations:ListPolicies",
    ),
    ("Organizations", "ListRoots", "organizations:ListRoots"),
    (
        "Organizations",
        "ListTargetsForPolicy",
        "organizations:ListTargetsForPolicy",
    ),
    ("RDS", "DescribeDBClusters", "rds:DescribeDBClusters"),
    ("RDS", "DescribeDBInstances", "rds:DescribeDBInstances"),
    ("Route 53", "ListHealthChecks", "route53:ListHealthChecks"),
    ("Route 53", "ListHostedZones", "route53:ListHostedZones"),
    ("S3", "GetBucketAcl", "s3:GetBucketAcl"),
    ("S3", "GetBucketEncryption", "s3:GetEncryptionConfiguration"),
    ("S3", "GetBucketLocation", "s3:GetBucketLocation"),
    ("S3", "GetBucketPolicy", "s3:GetBucketPolicy"),
    ("S3", "GetBucketPolicyStatus", "s3:GetBucketPolicyStatus"),
    ("S3", "GetBucketVersioning", "s3:GetBucketVersioning"),
    (
        "S3",
        "GetPublicAccessBlock",
        "s3:GetBucketPublicAccessBlock",
    ),
    ("S3", "ListBuckets", "s3:ListAllMyBuckets"),
    (
        "S3 Control",
        "GetPublicAccessBlock",
        "s3:GetAccountPublicAccessBlock",
    ),
    (
        "Secrets Manager",
        "ListSecrets",
        "secretsmanager:ListSecrets",
    ),
    ("SecurityHub", "DescribeHub", "securityhub:DescribeHub"),
    ("SNS", "GetTopicAttributes", "sns:GetTopicAttributes"),
    ("SNS", "ListTopics", "sns:ListTopics"),
    ("SQS", "GetQueueAttributes", "sqs:GetQueueAttributes"),
    ("SQS", "ListQueueTags", "sqs:ListQueueTags"),
    ("SQS", "ListQueues", "sqs:ListQueues"),
    ("SSM", "DescribeParameters", "ssm:DescribeParameters"),
    ("STS", "GetCallerIdentity", "sts:GetCallerIdentity"),
];

/// Whether the scan may send `operation` of `service` (the SDK's names).
pub fn is_allowed(service: &str, operation: &str) -> bool {
    ALLOWED_OPERATIONS
        .iter()
        .any(|(s, o, _)| *s == service && *o == operation)
}

/// The least-privilege IAM policy a scan needs: every IAM action of
/// [`ALLOWED_OPERATIONS`] (bar `sts:GetCallerIdentity`, which needs none),
/// with API Gateway's reads limited to the two paths the scan reads.
pub fn scan_policy() -> serde_json::Value {
    let actions: std::collections::BTreeSet<&str> = ALLOWED_OPERATIONS
        .iter()
        .map(|(_, _, action)| *action)
        .filter(|a| !a.starts_with("apigateway:") && *a != "sts:GetCallerIdentity")
        .collect();
    serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AtollReadOnlyScan",
                "Effect": "Allow",
                "Action": actions,
                "Resource": "*"
            },
            {
                "Sid": "AtollReadApiGatewayStages",
                "Effect": "Allow",
                "Action": ["apigateway:GET"],
                "Resource": [
                    "arn:aws:apigateway:*::/restapis",
                    "arn:aws:apigateway:*::/restapis/*/stages"
                ]
            }
        ]
    })
}

/// Every request sent, as `service:Operation`, in order.
#[derive(Debug, Clone, Default)]
pub struct CallLog {
    calls: Arc<Mutex<Vec<String>>>,
}

impl CallLog {
    pub fn calls(&self) -> Vec<String> {
        self.calls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub fn count(&self) -> u64 {
        self.calls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len() as u64
    }

    fn push(&self, call: String) {
        self.calls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(call);
    }
}

#[derive(Debug, Clone)]
pub struct ReadOnlyGuard {
    log: CallLog,
}

impl ReadOnlyGuard {
    pub fn new(log: CallLog) -> Self {
        ReadOnlyGuard { log }
    }
}

fn operation(cfg: &ConfigBag) -> (String, String) {
    cfg.load::<Metadata>()
        .map(|m| (m.service().to_string(), m.name().to_string()))
        .unwrap_or_else(|| ("unknown".into(), "unknown".into()))
}

impl Intercept for ReadOnlyGuard {
    fn name(&self) -> &'static str {
        "AtollReadOnlyGuard"
    }

    // Runs once the operation's own configuration (its name) is known, and
    // before the request exists.
    fn read_before_serialization(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let (service, op) = operation(cfg);
        if is_allowed(&service, &op) {
            Ok(())
        } else {
            Err(format!("Atoll is read-only: refused to send {service}:{op}").into())
        }
    }

    fn read_before_transmit(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let (service, op) = operation(cfg);
        self.log.push(format!("{service}:{op}"));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_and_secret_reads_are_refused_though_named_get() {
        for (service, op) in [
            ("S3", "GetObject"),
            ("S3", "GetObjectAcl"),
            ("Secrets Manager", "GetSecretValue"),
            ("SSM", "GetParameter"),
            ("SSM", "GetParameters"),
            ("SSM", "GetParametersByPath"),
            ("Lambda", "GetFunction"),
            ("EC2", "GetPasswordData"),
            ("CloudWatch Logs", "GetLogEvents"),
            ("CloudWatch Logs", "FilterLogEvents"),
            ("DynamoDB", "GetItem"),
            ("DynamoDB", "Scan"),
            ("EC2", "TerminateInstances"),
            ("S3", "PutBucketPolicy"),
        ] {
            assert!(!is_allowed(service, op), "{service}:{op} must be refused");
        }
        assert!(is_allowed("S3", "GetBucketPolicy"));
        assert!(!is_allowed("EC2", "GetBucketPolicy"), "pairs, not names");
    }

    #[test]
    fn the_allow_list_is_sorted_and_has_no_duplicates() {
        let pairs: Vec<(&str, &str)> = ALLOWED_OPERATIONS
            .iter()
            .map(|(s, o, _)| (*s, *o))
            .collect();
        let mut sorted = pairs.clone();
        sorted.sort_by_key(|(s, o)| (s.to_ascii_lowercase(), o.to_string()));
        sorted.dedup();
        assert_eq!(
            pairs, sorted,
            "keep ALLOWED_OPERATIONS sorted by service, then operation"
        );
    }

    /// docs/atoll-scan-policy.json is what the README tells partners to
    /// attach; it must grant exactly what the scan sends. Regenerate with
    /// `ATOLL_WRITE_POLICY=1 cargo test --workspace --lib guard`.
    #[test]
    fn the_shipped_scan_policy_grants_exactly_the_allow_list() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../docs/atoll-scan-policy.json"
        );
        let expected = serde_json::to_string_pretty(&scan_policy()).unwrap() + "\n";
        if std::env::var_os("ATOLL_WRITE_POLICY").is_some() {
            std::fs::write(path, &expected).unwrap();
        }
        let shipped = std::fs::read_to_string(path).expect("docs/atoll-scan-policy.json");
        assert_eq!(
            shipped, expected,
            "docs/atoll-scan-policy.json is stale: ATOLL_WRITE_POLICY=1 cargo test --workspace --lib guard"
        );
        let actions = scan_policy()["Statement"][0]["Action"].clone();
        let actions: Vec<String> = serde_json::from_value(actions).unwrap();
        assert!(
            actions.iter().all(|a| !a.contains('*')),
            "no wildcard action"
        );
        assert!(actions.contains(&"s3:GetAccountPublicAccessBlock".to_string()));
        assert!(
            !actions
                .iter()
                .any(|a| a == "s3:GetObject" || a.starts_with("secretsmanager:Get"))
        );
    }
}
