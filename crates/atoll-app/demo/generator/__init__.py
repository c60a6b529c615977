"""Writes the demo customer's two inventories: before.json and after.json.

Northwind Retail (demo) runs its web shop in eu-west-1 and a US storefront,
marketing site and disaster-recovery copies in us-east-1. The "before" scan is
the baseline of a Well-Architected review; "after" is the same estate a month
later, when most high-risk issues were fixed, a few remain, and a few new
problems appeared (including what the baseline could not see: RDS in
us-east-1 was denied to the review role by a service control policy).

Each resource is written as the collectors in crates/atoll-aws/src/services
write it: the resource type, region, id, ARN, name and tags they record, and a
`config` in the AWS API's own field names. Timestamps are relative to the
inventory's `collected_at`; the app moves them with the scan it stores.

One module per collector family (ec2, data, iam, network, compute, messaging,
monitoring, edge, containers, resilience, governance), each with its builders
and, per region, that region's resources; common.py holds what they share.
Deterministic and standard library only: python3 -m generator [--out DIR]
(from crates/atoll-app/demo), or python3 crates/atoll-app/demo/generate.py.
"""

import json

from . import compute, containers, data, ec2_estate, edge, governance, iam, messaging, monitoring, network, resilience
from .common import ACCOUNT, COLLECTED_AT, GLOBAL, REGIONS, Estate, Region, iso

# Each region: its zones, the team owning its production resources by
# default, and the families to build there, in order (the Auto Scaling
# groups, in compute, read the instances the EC2 estate made).
SITES = {
    "eu-west-1": (["eu-west-1a", "eu-west-1b", "eu-west-1c"], "platform-team"),
    "us-east-1": (["us-east-1a", "us-east-1b", "us-east-1c"], "web-team"),
}
FAMILIES = [ec2_estate, network, data, messaging, compute, monitoring, edge, containers, resilience, governance]


def build(phase):
    e = Estate(phase)
    iam.iam(e)
    data.s3(e)
    edge.global_edge(e)
    governance.organization(e)
    for region in REGIONS:
        zones, owner = SITES[region]
        reg = Region(e, region, zones, owner)
        for family in FAMILIES:
            regional = getattr(family, region.replace("-", "_"), None)
            if regional:
                regional(reg)
    resources = sorted(e.resources, key=lambda r: (r["type"], r["region"], r["resource_id"]))
    keys = [(r["type"], r["region"], r["resource_id"]) for r in resources]
    duplicates = {k for k in keys if keys.count(k) > 1}
    assert not duplicates, duplicates
    return {
        "account_id": ACCOUNT,
        "regions": REGIONS,
        "collected_at": iso(COLLECTED_AT[phase]),
        "api_calls": 1874 if phase == "before" else 1931,
        "duration_seconds": 187 if phase == "before" else 176,
        "resources": resources,
        "coverage": coverage(phase),
    }


# --------------------------------------------------------------------------
# Coverage: what collect.rs records, per task x region

REGIONAL_TASKS = [
    ("ec2", ["AWS::EC2::Instance"]),
    ("ec2", ["AWS::EC2::SecurityGroup"]),
    ("ec2", ["AWS::EC2::Volume"]),
    ("ec2", ["AWS::EC2::EIP"]),
    ("ec2", ["AWS::EC2::VPC", "AWS::EC2::FlowLog"]),
    ("ec2", ["AWS::EC2::VPNConnection"]),
    ("rds", ["AWS::RDS::DBInstance"]),
    ("rds", ["AWS::RDS::DBCluster"]),
    ("cloudtrail", ["AWS::CloudTrail::Trail"]),
    ("elbv2", ["AWS::ElasticLoadBalancingV2::LoadBalancer"]),
    ("elb", ["AWS::ElasticLoadBalancing::LoadBalancer"]),
    ("autoscaling", ["AWS::AutoScaling::AutoScalingGroup"]),
    ("kms", ["AWS::KMS::Key"]),
    ("sqs", ["AWS::SQS::Queue"]),
    ("sns", ["AWS::SNS::Topic"]),
    ("ssm", ["AWS::SSM::Parameter"]),
    ("dynamodb", ["AWS::DynamoDB::Table"]),
    ("logs", ["AWS::Logs::LogGroup"]),
    ("lambda", ["AWS::Lambda::Function"]),
    ("guardduty", ["AWS::GuardDuty::Detector"]),
    ("ec2", ["AWS::EC2::NatGateway", "AWS::EC2::Subnet"]),
    ("ec2", ["AWS::EC2::Snapshot", "AWS::EC2::Image", "AWS::EC2::EBSEncryptionByDefault"]),
    ("acm", ["AWS::CertificateManager::Certificate"]),
    ("apigateway", ["AWS::ApiGateway::Stage"]),
    ("ecs", ["AWS::ECS::Cluster", "AWS::ECS::Service", "AWS::ECS::TaskDefinition"]),
    ("eks", ["AWS::EKS::Cluster"]),
    ("backup", ["AWS::Backup::BackupPlan", "AWS::Backup::BackupVault"]),
    ("backup", ["AWS::Backup::ProtectedResource"]),
    ("efs", ["AWS::EFS::FileSystem"]),
    ("elasticache", ["AWS::ElastiCache::ReplicationGroup", "AWS::ElastiCache::CacheCluster"]),
    ("config", ["AWS::Config::ConfigurationRecorder"]),
    ("securityhub", ["AWS::SecurityHub::Hub"]),
    ("cloudwatch", ["AWS::CloudWatch::Alarm"]),
    ("cloudformation", ["AWS::CloudFormation::Stack"]),
    ("secretsmanager", ["AWS::SecretsManager::Secret"]),
]
GLOBAL_TASKS = [
    ("sts", ["AWS::::Account"]),
    ("iam", ["AWS::IAM::User", "AWS::IAM::Policy", "AWS::IAM::Role"]),
    ("iam", ["AWS::IAM::AccountPasswordPolicy", "AWS::IAM::AccountSummary"]),
    ("s3", ["AWS::S3::Bucket", "AWS::S3::AccountPublicAccessBlock"]),
    ("cloudfront", ["AWS::CloudFront::Distribution"]),
    ("route53", ["AWS::Route53::HostedZone", "AWS::Route53::HealthCheck"]),
    ("organizations", ["AWS::Organizations::Account"]),
]

RDS_DENIED = (
    "rds:DescribeDBInstances: AccessDenied: User: arn:aws:sts::123456789012:assumed-role/AtollReadOnly/atoll-review "
    "is not authorized to perform: rds:DescribeDBInstances on resource: arn:aws:rds:us-east-1:123456789012:db:* "
    "with an explicit deny in a service control policy"
)


def coverage(phase):
    rows = []
    for service, types in GLOBAL_TASKS:
        rows += [(service, t, GLOBAL) for t in types]
    for region in REGIONS:
        for service, types in REGIONAL_TASKS:
            rows += [(service, t, region) for t in types]
    out = []
    for service, rtype, region in sorted(rows):
        denied = phase == "before" and (rtype, region) == ("AWS::RDS::DBInstance", "us-east-1")
        out.append(
            {
                "service": service,
                "resource_type": rtype,
                "region": region,
                "status": "access-denied" if denied else "ok",
                "message": RDS_DENIED if denied else None,
            }
        )
    return out


def write(path, inventory):
    """One resource per line: small, and readable in a diff."""
    head = {k: v for k, v in inventory.items() if k not in ("resources", "coverage")}
    lines = ["{"]
    for key, value in head.items():
        lines.append(f"  {json.dumps(key)}: {json.dumps(value)},")
    for key in ("resources", "coverage"):
        lines.append(f'  "{key}": [')
        items = [json.dumps(item, separators=(", ", ": ")) for item in inventory[key]]
        lines += [f"    {item}," for item in items[:-1]] + [f"    {items[-1]}"]
        lines.append("  ]," if key == "resources" else "  ]")
    lines.append("}")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
