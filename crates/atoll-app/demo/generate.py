#!/usr/bin/env python3
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

Deterministic and standard library only:  python3 generate.py
"""

import hashlib
import json
import os
import uuid
from datetime import datetime, timedelta, timezone

ACCOUNT = "123456789012"
REGIONS = ["eu-west-1", "us-east-1"]
GLOBAL = "global"
PARTNER_ACCOUNT = "111122223333"  # the reviewing partner (Atoll's role)
MANAGEMENT_ACCOUNT = "999988887777"  # the organization's management account
VENDOR_ACCOUNT = "210987654321"  # a monitoring vendor
OFFICE_CIDR = "203.0.113.0/24"

# When each inventory was read. The after scan starts 30 days minus an hour
# after the baseline, as the app stores them.
BASE = datetime(2026, 10, 2, 9, 0, 0, tzinfo=timezone.utc)
COLLECTED_AT = {"before": BASE, "after": BASE + timedelta(days=30, hours=-1)}


# --------------------------------------------------------------------------
# Helpers


def iso(at):
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def hexid(seed, n=17):
    return hashlib.sha256(seed.encode()).hexdigest()[:n]


def uid(seed):
    return str(uuid.UUID(hashlib.sha256(seed.encode()).hexdigest()[:32]))


def upper_id(seed, n, alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"):
    digest = hashlib.sha256(seed.encode()).digest()
    return "".join(alphabet[b % len(alphabet)] for b in digest[:n])


def tags(env=None, owner=None, cost=None, name=None, **extra):
    out = {}
    if name:
        out["Name"] = name
    if env:
        out["Environment"] = env
    if owner:
        out["Owner"] = owner
    if cost:
        out["CostCenter"] = cost
    out.update(extra)
    return out


PROD = dict(env="production", cost="CC-1001")
NONPROD = dict(env="nonprod", cost="CC-1090")


class Estate:
    """One scan's inventory, built for phase "before" or "after"."""

    def __init__(self, phase):
        self.phase = phase
        self.before = phase == "before"
        self.after = phase == "after"
        self.now = COLLECTED_AT[phase]
        self.resources = []

    # Absolute moments of the estate's history (the same in both scans).
    def ago(self, days, hours=0):
        return iso(BASE - timedelta(days=days, hours=hours))

    # Moments relative to when this inventory was read.
    def recent(self, days, hours=0):
        return iso(self.now - timedelta(days=days, hours=hours))

    def ahead(self, days):
        return iso(self.now + timedelta(days=days))

    def add(self, rtype, region, rid, arn, config, tags=None, name=None):
        tags = tags or {}
        self.resources.append(
            {
                "type": rtype,
                "region": region,
                "resource_id": rid,
                "arn": arn,
                "name": name if name is not None else tags.get("Name"),
                "tags": tags,
                "config": config,
            }
        )
        return rid


def ec2_arn(region, kind, rid):
    return f"arn:aws:ec2:{region}:{ACCOUNT}:{kind}/{rid}"


# --------------------------------------------------------------------------
# Global: account, IAM, S3, CloudFront, Route 53, Organizations

ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"


def managed(name):
    return {"PolicyName": name, "PolicyArn": f"arn:aws:iam::aws:policy/{name}"}


def customer_policy(name):
    return {"PolicyName": name, "PolicyArn": f"arn:aws:iam::{ACCOUNT}:policy/{name}"}


def doc(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(action, resource="*", **extra):
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


GROUPS = {
    "Admins": {
        "GroupName": "Admins",
        "AttachedManagedPolicies": [managed("AdministratorAccess")],
        "GroupPolicyList": [],
    },
    "Developers": {
        "GroupName": "Developers",
        "AttachedManagedPolicies": [managed("PowerUserAccess"), customer_policy("BoundaryDevelopers")],
        "GroupPolicyList": [],
    },
    "Operators": {
        "GroupName": "Operators",
        "AttachedManagedPolicies": [{"PolicyName": "SystemAdministrator", "PolicyArn": "arn:aws:iam::aws:policy/job-function/SystemAdministrator"}],
        "GroupPolicyList": [
            {"PolicyName": "backup-operations", "PolicyDocument": doc(allow(["backup:StartBackupJob", "backup:Describe*", "backup:List*"]))}
        ],
    },
    "ReadOnly": {
        "GroupName": "ReadOnly",
        "AttachedManagedPolicies": [{"PolicyName": "ViewOnlyAccess", "PolicyArn": "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"}],
        "GroupPolicyList": [],
    },
}


def iam_user(e, name, created, groups=(), console=None, mfa=False, keys=(), attached=(), inline=(), owner=None, **tag_extra):
    config = {
        "UserName": name,
        "UserId": "AIDA" + upper_id("user" + name, 17),
        "Arn": f"arn:aws:iam::{ACCOUNT}:user/{name}",
        "CreateDate": e.ago(created),
        "MFADevices": [{"SerialNumber": f"arn:aws:iam::{ACCOUNT}:mfa/{name}", "EnableDate": mfa}] if mfa else [],
        "LoginProfile": {"CreateDate": console} if console else None,
        "AccessKeys": [
            {"AccessKeyId": "AKIA" + upper_id("key" + name + created_at, 16), "Status": status, "CreateDate": created_at}
            for created_at, status in keys
        ],
        "AttachedManagedPolicies": list(attached),
        "UserPolicyList": list(inline),
        "GroupList": list(groups),
        "Groups": [GROUPS[g] for g in groups],
    }
    t = tags(owner=owner, **tag_extra) if owner else dict(tag_extra)
    e.add("AWS::IAM::User", GLOBAL, name, config["Arn"], config, t, name=name)


def iam_role(e, name, trust, attached=(), inline=(), path="/", created=400, last_used=1, owner=None, env=None):
    arn = f"arn:aws:iam::{ACCOUNT}:role{path}{name}"
    config = {
        "RoleName": name,
        "Arn": arn,
        "Path": path,
        "CreateDate": e.ago(created),
        "AssumeRolePolicyDocument": trust,
        "AttachedManagedPolicies": list(attached),
        "RolePolicyList": list(inline),
        "RoleLastUsed": {"LastUsedDate": e.recent(last_used), "Region": "eu-west-1"} if last_used is not None else None,
    }
    t = tags(env=env, owner=owner) if owner else {}
    e.add("AWS::IAM::Role", GLOBAL, name, arn, config, t, name=name)


def service_trust(*services):
    return doc(
        {
            "Effect": "Allow",
            "Principal": {"Service": list(services) if len(services) > 1 else services[0]},
            "Action": "sts:AssumeRole",
        }
    )


def account_trust(account, condition=None):
    statement = {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"}, "Action": "sts:AssumeRole"}
    if condition:
        statement["Condition"] = condition
    return doc(statement)


def iam(e):
    b = e.before
    # Account and its summary.
    e.add(
        "AWS::::Account",
        GLOBAL,
        ACCOUNT,
        f"arn:aws:iam::{ACCOUNT}:root",
        {
            "Account": ACCOUNT,
            "Arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/AtollReadOnly/atoll-review",
            "UserId": "AROA" + upper_id("atoll-role", 17) + ":atoll-review",
        },
    )
    e.add(
        "AWS::IAM::AccountPasswordPolicy",
        GLOBAL,
        ACCOUNT,
        None,
        {
            "MinimumPasswordLength": 8,
            "RequireSymbols": False,
            "RequireNumbers": True,
            "RequireUppercaseCharacters": True,
            "RequireLowercaseCharacters": True,
            "AllowUsersToChangePassword": True,
            "ExpirePasswords": False,
            "MaxPasswordAge": None,
            "PasswordReusePrevention": None,
            "HardExpiry": None,
        }
        if b
        else {
            "MinimumPasswordLength": 14,
            "RequireSymbols": True,
            "RequireNumbers": True,
            "RequireUppercaseCharacters": True,
            "RequireLowercaseCharacters": True,
            "AllowUsersToChangePassword": True,
            "ExpirePasswords": True,
            "MaxPasswordAge": 90,
            "PasswordReusePrevention": 24,
            "HardExpiry": False,
        },
    )
    users = 10 if b else 9
    e.add(
        "AWS::IAM::AccountSummary",
        GLOBAL,
        ACCOUNT,
        None,
        {
            "SummaryMap": {
                "AccessKeysPerUserQuota": 2,
                "AccountAccessKeysPresent": 1 if b else 0,
                "AccountMFAEnabled": 1,
                "AccountSigningCertificatesPresent": 0,
                "AssumeRolePolicySizeQuota": 2048,
                "AttachedPoliciesPerGroupQuota": 10,
                "AttachedPoliciesPerRoleQuota": 10,
                "AttachedPoliciesPerUserQuota": 10,
                "GlobalEndpointTokenVersion": 1,
                "GroupPolicySizeQuota": 5120,
                "Groups": 4,
                "GroupsPerUserQuota": 10,
                "GroupsQuota": 300,
                "InstanceProfiles": 6,
                "InstanceProfilesQuota": 1000,
                "MFADevices": 4 if b else 6,
                "MFADevicesInUse": 4 if b else 6,
                "Policies": 6,
                "PoliciesQuota": 1500,
                "PolicySizeQuota": 6144,
                "PolicyVersionsInUse": 19,
                "PolicyVersionsInUseQuota": 10000,
                "Providers": 2,
                "RolePolicySizeQuota": 10240,
                "Roles": 25 if b else 24,
                "RolesQuota": 1000,
                "ServerCertificates": 0,
                "ServerCertificatesQuota": 20,
                "SigningCertificatesPerUserQuota": 2,
                "UserPolicySizeQuota": 2048,
                "Users": users,
                "UsersQuota": 5000,
                "VersionsPerPolicyQuota": 5,
            }
        },
    )

    # Users: people (console) and machines (access keys).
    admins = ("Admins",) if b else ("ReadOnly",)
    iam_user(e, "alice.martin", 1480, groups=admins, console=e.ago(1480), mfa=e.ago(1470), owner="platform-team", Team="platform")
    iam_user(e, "daniel.ortiz", 960, groups=admins, console=e.ago(960), mfa=e.ago(955), owner="platform-team", Team="platform")
    iam_user(e, "bob.chen", 820, groups=("Developers",), console=e.ago(820), mfa=e.ago(818), owner="web-team", Team="web")
    iam_user(
        e, "carla.novak", 240, groups=("Developers",), console=e.ago(240), mfa=None if b else e.ago(-12), owner="data-team", Team="data"
    )
    iam_user(
        e,
        "ext-jlee",
        75,
        console=e.ago(75),
        mfa=None if b else e.ago(-5),
        attached=[managed("ReadOnlyAccess")],
        owner="web-team",
        Contractor="true",
    )
    iam_user(
        e,
        "ci-deploy",
        1100,
        keys=[(e.ago(412), "Active")] if b else [(e.ago(412), "Inactive"), (e.ago(-9), "Active")],
        inline=[
            {
                "PolicyName": "deploy-pipeline",
                "PolicyDocument": doc(
                    allow(["ecs:UpdateService", "ecs:RegisterTaskDefinition", "ecr:*"]),
                    allow("iam:PassRole", f"arn:aws:iam::{ACCOUNT}:role/ecs-*"),
                ),
            }
        ],
        owner="platform-team",
    )
    iam_user(
        e,
        "reporting-etl",
        1300,
        keys=[(e.ago(205), "Active")],
        attached=[customer_policy("LegacyReportingFullAccess")],
        owner="data-team",
    )
    iam_user(e, "backup-operator", 500, groups=("Operators",), keys=[(e.ago(33), "Active")], owner="platform-team")
    iam_user(
        e,
        "marketing-uploader",
        700,
        keys=[(e.ago(128), "Active")],
        inline=[
            {
                "PolicyName": "campaign-uploads",
                "PolicyDocument": doc(allow(["s3:PutObject", "s3:GetObject"], "arn:aws:s3:::northwind-marketing-campaigns/*")),
            }
        ],
    )
    if b:
        iam_user(
            e,
            "svc-monitoring",
            610,
            keys=[(e.ago(64), "Active")],
            attached=[managed("CloudWatchReadOnlyAccess")],
            owner="platform-team",
        )

    # Customer-managed policies.
    def policy(name, versions, attachments):
        default = versions[-1][0]
        config = {
            "PolicyName": name,
            "PolicyId": "ANPA" + upper_id("policy" + name, 17),
            "Arn": f"arn:aws:iam::{ACCOUNT}:policy/{name}",
            "AttachmentCount": attachments,
            "DefaultVersionId": default,
            "IsAttachable": True,
            "PolicyVersionList": [
                {"VersionId": v, "IsDefaultVersion": v == default, "Document": d} for v, d in versions
            ],
        }
        e.add("AWS::IAM::Policy", GLOBAL, name, config["Arn"], config, name=name)

    legacy_v1 = doc(allow("*"))
    legacy_v2 = doc(
        allow(["rds:Describe*", "rds-db:connect"], f"arn:aws:rds-db:eu-west-1:{ACCOUNT}:dbuser:*/reporting"),
        allow(["s3:GetObject", "s3:PutObject", "s3:ListBucket"], ["arn:aws:s3:::northwind-data-lake-raw", "arn:aws:s3:::northwind-data-lake-raw/*"]),
    )
    policy("LegacyReportingFullAccess", [("v1", legacy_v1)] if b else [("v1", legacy_v1), ("v2", legacy_v2)], 1)
    policy(
        "BoundaryDevelopers",
        [
            (
                "v3",
                doc(
                    allow(["ec2:*", "ecs:*", "ecr:*", "lambda:*", "s3:*", "sqs:*", "dynamodb:*", "logs:*", "cloudwatch:*"], "*", Condition={"StringEquals": {"aws:RequestedRegion": REGIONS}}),
                    {"Effect": "Deny", "Action": ["iam:*", "organizations:*", "account:*"], "Resource": "*"},
                ),
            )
        ],
        1,
    )
    policy(
        "NorthwindMediaWrite",
        [("v1", doc(allow(["s3:PutObject", "s3:GetObject", "s3:DeleteObject"], "arn:aws:s3:::northwind-prod-media/*")))],
        2,
    )
    policy(
        "CloudWatchAgentExtra",
        [("v2", doc(allow(["logs:CreateLogStream", "logs:PutLogEvents", "cloudwatch:PutMetricData"])))],
        3,
    )
    policy("RdsIamConnect", [("v1", doc(allow("rds-db:connect", f"arn:aws:rds-db:eu-west-1:{ACCOUNT}:dbuser:*/app_*")))], 2)
    policy(
        "EcrPullOnly",
        [("v1", doc(allow(["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"])))],
        4,
    )

    # Roles.
    sso = "/aws-reserved/sso.amazonaws.com/eu-west-1/"
    saml = doc(
        {
            "Effect": "Allow",
            "Principal": {"Federated": f"arn:aws:iam::{ACCOUNT}:saml-provider/AWSSSO_5f3c1e2d9a8b7c6d_DO_NOT_DELETE"},
            "Action": ["sts:AssumeRoleWithSAML", "sts:TagSession"],
            "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}},
        }
    )
    iam_role(e, "AWSReservedSSO_AdministratorAccess_8c1d2e3f4a5b6c7d", saml, [managed("AdministratorAccess")], path=sso, created=700)
    iam_role(e, "AWSReservedSSO_ReadOnlyAccess_1a2b3c4d5e6f7a8b", saml, [managed("ReadOnlyAccess")], path=sso, created=700)
    iam_role(e, "AWSReservedSSO_PowerUserAccess_9e8d7c6b5a4f3e2d", saml, [managed("PowerUserAccess")], path=sso, created=700)
    for service, short in [
        ("autoscaling.amazonaws.com", "AutoScaling"),
        ("rds.amazonaws.com", "RDS"),
        ("ecs.amazonaws.com", "ECS"),
        ("elasticloadbalancing.amazonaws.com", "ElasticLoadBalancing"),
        ("support.amazonaws.com", "Support"),
    ]:
        iam_role(
            e,
            f"AWSServiceRoleFor{short}",
            service_trust(service),
            [{"PolicyName": f"{short}ServiceRolePolicy", "PolicyArn": f"arn:aws:iam::aws:policy/aws-service-role/{short}ServiceRolePolicy"}],
            path=f"/aws-service-role/{service}/",
            created=1500,
        )
    ec2 = service_trust("ec2.amazonaws.com")
    iam_role(
        e,
        "prod-web-instance-role",
        ec2,
        [managed("AmazonSSMManagedInstanceCore"), customer_policy("CloudWatchAgentExtra"), customer_policy("NorthwindMediaWrite")],
        owner="web-team",
        env="production",
    )
    iam_role(
        e,
        "prod-app-instance-role",
        ec2,
        [managed("AmazonSSMManagedInstanceCore"), customer_policy("CloudWatchAgentExtra"), customer_policy("RdsIamConnect")],
        owner="orders-team",
        env="production",
    )
    tasks = service_trust("ecs-tasks.amazonaws.com")
    iam_role(e, "ecs-task-execution-role", tasks, [managed("service-role/AmazonECSTaskExecutionRolePolicy"), customer_policy("EcrPullOnly")], owner="platform-team", env="production")
    iam_role(
        e,
        "checkout-task-role",
        tasks,
        inline=[{"PolicyName": "checkout", "PolicyDocument": doc(allow(["sqs:SendMessage"], f"arn:aws:sqs:eu-west-1:{ACCOUNT}:orders-queue"), allow("dynamodb:*Item", f"arn:aws:dynamodb:eu-west-1:{ACCOUNT}:table/carts"))}],
        owner="web-team",
        env="production",
    )
    lambda_trust = service_trust("lambda.amazonaws.com")
    for fn in ["order-confirmation-email", "image-resizer", "inventory-sync", "payment-webhook", "newsletter-sender"]:
        iam_role(
            e,
            f"lambda-{fn}-role",
            lambda_trust,
            [managed("service-role/AWSLambdaBasicExecutionRole")],
            owner="web-team",
            env="production",
        )
    iam_role(e, "backup-service-role", service_trust("backup.amazonaws.com"), [managed("service-role/AWSBackupServiceRolePolicyForBackup")], owner="platform-team")
    iam_role(e, "rds-monitoring-role", service_trust("monitoring.rds.amazonaws.com"), [managed("service-role/AmazonRDSEnhancedMonitoringRole")], owner="platform-team")
    iam_role(e, "eks-analytics-cluster-role", service_trust("eks.amazonaws.com"), [managed("AmazonEKSClusterPolicy")], owner="data-team")
    iam_role(
        e,
        "github-actions-deploy",
        doc(
            {
                "Effect": "Allow",
                "Principal": {"Federated": f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com"},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:northwind-retail/*:ref:refs/heads/main"}},
            }
        ),
        [customer_policy("EcrPullOnly")],
        owner="platform-team",
    )
    # The reviewing partner's read-only role, guarded by an external ID.
    iam_role(
        e,
        "AtollReadOnly",
        account_trust(PARTNER_ACCOUNT, {"StringEquals": {"sts:ExternalId": "northwind-war-2026"}}),
        [managed("ReadOnlyAccess"), managed("SecurityAudit")],
        created=35,
        last_used=0,
        owner="platform-team",
    )
    iam_role(
        e,
        "vendor-monitoring-integration",
        account_trust(VENDOR_ACCOUNT, None if b else {"StringEquals": {"sts:ExternalId": "7f3a9c1e5b2d4f60"}}),
        [managed("ReadOnlyAccess")],
        created=900,
        owner="platform-team",
    )
    if b:
        iam_role(e, "ops-breakglass-admin", account_trust(ACCOUNT), [managed("AdministratorAccess")], created=1200, last_used=97, owner="platform-team")
        iam_role(
            e,
            "legacy-audit-readonly",
            doc({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}),
            [managed("SecurityAudit")],
            created=1650,
            last_used=None,
        )
    else:
        iam_role(
            e,
            "support-cases",
            account_trust(ACCOUNT, {"Bool": {"aws:MultiFactorAuthPresent": "true"}}),
            [managed("AWSSupportAccess")],
            created=-14,
            last_used=None,
            owner="platform-team",
        )


def s3(e):
    b = e.before
    full_block = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}
    no_block = {"BlockPublicAcls": False, "IgnorePublicAcls": False, "BlockPublicPolicy": False, "RestrictPublicBuckets": False}
    sse_s3 = {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256", "KMSMasterKeyID": None}, "BucketKeyEnabled": False}]}

    def sse_kms(region, key):
        return {
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": f"arn:aws:kms:{region}:{ACCOUNT}:key/{uid(region + key)}"},
                    "BucketKeyEnabled": True,
                }
            ]
        }

    def cloudfront_only(bucket, dist):
        return doc(
            {
                "Sid": "AllowCloudFrontServicePrincipalReadOnly",
                "Effect": "Allow",
                "Principal": {"Service": "cloudfront.amazonaws.com"},
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/*",
                "Condition": {"StringEquals": {"AWS:SourceArn": f"arn:aws:cloudfront::{ACCOUNT}:distribution/{dist}"}},
            }
        )

    def bucket(name, region, created, versioning=None, block=full_block, encryption=sse_s3, policy=None, public=False):
        config = {
            "Name": name,
            "CreationDate": e.ago(created),
            "PublicAccessBlockConfiguration": block,
            "Versioning": {"Status": versioning, "MFADelete": "Disabled" if versioning else None},
            "ServerSideEncryptionConfiguration": encryption,
            "Policy": policy,
            "PolicyStatus": {"IsPublic": public},
        }
        e.add("AWS::S3::Bucket", region, name, f"arn:aws:s3:::{name}", config, name=name)

    eu, us = REGIONS
    bucket("northwind-prod-media", eu, 1400, "Enabled", encryption=sse_kms(eu, "orders-data"), policy=cloudfront_only("northwind-prod-media", DIST_SHOP))
    bucket("northwind-prod-orders-exports", eu, 1100, "Suspended" if b else "Enabled")
    trail_bucket = f"northwind-cloudtrail-logs-{ACCOUNT}"
    bucket(
        trail_bucket,
        eu,
        1450,
        "Enabled",
        policy=doc(
            {"Sid": "AWSCloudTrailAclCheck", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:GetBucketAcl", "Resource": f"arn:aws:s3:::{trail_bucket}"},
            {
                "Sid": "AWSCloudTrailWrite",
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "s3:PutObject",
                "Resource": f"arn:aws:s3:::{trail_bucket}/AWSLogs/{ACCOUNT}/*",
                "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}},
            },
        ),
    )
    static_public = doc({"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::northwind-static-assets-eu/*"})
    bucket(
        "northwind-static-assets-eu",
        eu,
        1250,
        None,
        block=no_block if b else full_block,
        policy=static_public if b else cloudfront_only("northwind-static-assets-eu", DIST_STATIC),
        public=b,
    )
    bucket("northwind-backups-eu", eu, 1000, "Enabled", encryption=sse_kms(eu, "backup-vault"))
    bucket(
        "northwind-data-lake-raw",
        eu,
        640,
        None,
        block={"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": False, "RestrictPublicBuckets": False} if b else full_block,
    )
    bucket("northwind-nonprod-artifacts", eu, 800, None)
    bucket("northwind-vpc-flow-logs", eu, 900, None)
    bucket(f"elasticbeanstalk-eu-west-1-{ACCOUNT}", eu, 2100, None, block=None, encryption=None)
    bucket("northwind-us-web-assets", us, 540, "Enabled", policy=cloudfront_only("northwind-us-web-assets", DIST_STATIC))
    bucket("northwind-marketing-campaigns", us, 730, None)
    bucket("northwind-dr-replica", us, 600, "Enabled", encryption=sse_kms(us, "us-data"))
    bucket("northwind-athena-results", us, 380, None)
    bucket("northwind-cf-logs", us, 1250, None)
    if e.after:
        bucket("northwind-ml-experiments", us, -11, None)


DIST_SHOP = "E1NWSHOP4X7Q2B"
DIST_STATIC = "E2NWSTATIC9K3M"
DIST_LEGACY = "E3NWLEGACY5T8P"


def edge(e):
    b = e.before

    def distribution(did, aliases, origin, vpp, http, compress, min_tls, waf):
        config = {
            "Id": did,
            "ARN": f"arn:aws:cloudfront::{ACCOUNT}:distribution/{did}",
            "DomainName": f"d{hexid(did, 12)}.cloudfront.net",
            "Status": "Deployed",
            "Enabled": True,
            "Aliases": aliases,
            "HttpVersion": http,
            "PriceClass": "PriceClass_100",
            "WebACLId": waf,
            "IsIPV6Enabled": True,
            "ViewerCertificate": {
                "CloudFrontDefaultCertificate": False,
                "MinimumProtocolVersion": min_tls,
                "SSLSupportMethod": "sni-only",
            },
            "DefaultCacheBehavior": {"ViewerProtocolPolicy": vpp, "Compress": compress},
            "Origins": [origin],
        }
        e.add("AWS::CloudFront::Distribution", GLOBAL, did, config["ARN"], config)

    waf = f"arn:aws:wafv2:us-east-1:{ACCOUNT}:global/webacl/northwind-edge/{uid('waf-edge')}"
    distribution(
        DIST_SHOP,
        ["shop.northwind-retail.example", "www.northwind-retail.example"],
        {"Id": "prod-web-alb", "DomainName": "prod-web-alb-1234567890.eu-west-1.elb.amazonaws.com", "OriginProtocolPolicy": "https-only", "S3OriginConfig": None, "OriginAccessControlId": ""},
        "redirect-to-https",
        "http2and3",
        True,
        "TLSv1.2_2021",
        waf,
    )
    distribution(
        DIST_STATIC,
        ["static.northwind-retail.example"],
        {"Id": "static-assets", "DomainName": "northwind-us-web-assets.s3.us-east-1.amazonaws.com", "OriginProtocolPolicy": None, "S3OriginConfig": {"OriginAccessIdentity": ""}, "OriginAccessControlId": "E" + upper_id("oac", 13)},
        "https-only",
        "http2",
        False if b else True,
        "TLSv1.2_2021",
        waf,
    )
    distribution(
        DIST_LEGACY,
        ["www.northwind-old-brand.example"],
        {"Id": "marketing-origin", "DomainName": "marketing.northwind-retail.example", "OriginProtocolPolicy": "http-only", "S3OriginConfig": None, "OriginAccessControlId": ""},
        "allow-all" if b else "redirect-to-https",
        "http1.1",
        False,
        "TLSv1" if b else "TLSv1.2_2021",
        "",
    )

    def zone(name, records, private=False, comment=""):
        zid = "Z0" + upper_id("zone" + name, 19)
        config = {"Id": zid, "Name": name, "ResourceRecordSetCount": records, "Config": {"PrivateZone": private, "Comment": comment}}
        e.add("AWS::Route53::HostedZone", GLOBAL, zid, f"arn:aws:route53:::hostedzone/{zid}", config, name=name)

    zone("northwind-retail.example.", 47 if b else 49, comment="public brand zone")
    zone("internal.northwind.local.", 23, private=True, comment="prod-vpc private zone")
    zone("staging.northwind-retail.example.", 9)
    if b:
        zone("northwind-old-brand.example.", 2, comment="kept after the 2022 rebrand")

    def health_check(name, fqdn, path, disabled=False):
        hid = uid("hc" + name)
        config = {
            "Id": hid,
            "HealthCheckConfig": {"Type": "HTTPS", "FullyQualifiedDomainName": fqdn, "IPAddress": None, "Port": 443, "ResourcePath": path, "Disabled": disabled},
        }
        e.add("AWS::Route53::HealthCheck", GLOBAL, hid, f"arn:aws:route53:::healthcheck/{hid}", config)

    health_check("shop", "shop.northwind-retail.example", "/health")
    health_check("api", "api.northwind-retail.example", "/v1/health")
    health_check("orders-api-us", "api-us.northwind-retail.example", "/v1/health")

    e.add(
        "AWS::Organizations::Account",
        GLOBAL,
        ACCOUNT,
        None,
        {
            "InOrganization": True,
            "Id": "o-7h2k9m4p1q",
            "MasterAccountId": MANAGEMENT_ACCOUNT,
            "FeatureSet": "CONSOLIDATED_BILLING" if b else "ALL",
        },
    )


# --------------------------------------------------------------------------
# Regional building blocks


class Region:
    def __init__(self, e, region):
        self.e = e
        self.r = region
        self.ids = {}

    def id(self, prefix, name, n=17):
        key = (prefix, name)
        if key not in self.ids:
            self.ids[key] = f"{prefix}-{hexid(self.r + prefix + name, n)}"
        return self.ids[key]

    # --- network
    def vpc(self, name, cidr, t=None, default=False):
        vid = self.id("vpc", name)
        self.e.add(
            "AWS::EC2::VPC",
            self.r,
            vid,
            ec2_arn(self.r, "vpc", vid),
            {"VpcId": vid, "CidrBlock": cidr, "IsDefault": default, "State": "available"},
            t or {},
        )
        return vid

    def flow_log(self, vpc_name, bucket):
        fid = self.id("fl", vpc_name)
        self.e.add(
            "AWS::EC2::FlowLog",
            self.r,
            fid,
            ec2_arn(self.r, "vpc-flow-log", fid),
            {
                "FlowLogId": fid,
                "ResourceId": self.id("vpc", vpc_name),
                "FlowLogStatus": "ACTIVE",
                "DeliverLogsStatus": "SUCCESS",
                "TrafficType": "ALL",
                "LogDestinationType": "s3",
                "LogDestination": f"arn:aws:s3:::{bucket}/{vpc_name}/",
            },
            {"Name": f"{vpc_name}-flow-log"},
        )

    def subnet(self, name, vpc_name, cidr, az, free, public=False, default=False, t=None):
        sid = self.id("subnet", name)
        self.e.add(
            "AWS::EC2::Subnet",
            self.r,
            sid,
            f"arn:aws:ec2:{self.r}:{ACCOUNT}:subnet/{sid}",
            {
                "SubnetId": sid,
                "VpcId": self.id("vpc", vpc_name),
                "CidrBlock": cidr,
                "AvailabilityZone": az,
                "AvailableIpAddressCount": free,
                "MapPublicIpOnLaunch": public,
                "DefaultForAz": default,
            },
            t or {},
        )
        return sid

    def eip(self, name, ip, instance=None, eni=None, t=None):
        aid = self.id("eipalloc", name)
        assoc = self.id("eipassoc", name) if (instance or eni) else None
        self.e.add(
            "AWS::EC2::EIP",
            self.r,
            aid,
            ec2_arn(self.r, "elastic-ip", aid),
            {
                "AllocationId": aid,
                "PublicIp": ip,
                "AssociationId": assoc,
                "InstanceId": instance,
                "NetworkInterfaceId": eni,
                "Domain": "vpc",
            },
            t or {},
        )

    def nat(self, name, vpc_name, subnet_name, created, t):
        nid = self.id("nat", name)
        self.e.add(
            "AWS::EC2::NatGateway",
            self.r,
            nid,
            ec2_arn(self.r, "natgateway", nid),
            {
                "NatGatewayId": nid,
                "State": "available",
                "SubnetId": self.id("subnet", subnet_name),
                "VpcId": self.id("vpc", vpc_name),
                "ConnectivityType": "public",
                "CreateTime": self.e.ago(created),
            },
            t,
        )
        return nid

    def sg(self, name, vpc_name, description, inbound=(), egress=None, t=None, group_name=None):
        gid = self.id("sg", name)
        all_out = [perm("-1", None, None, cidrs=["0.0.0.0/0"])]
        config = {
            "GroupId": gid,
            "GroupName": group_name or name,
            "VpcId": self.id("vpc", vpc_name),
            "Description": description,
            "IpPermissions": list(inbound),
            "IpPermissionsEgress": all_out if egress is None else list(egress),
        }
        self.e.add("AWS::EC2::SecurityGroup", self.r, gid, f"arn:aws:ec2:{self.r}:{ACCOUNT}:security-group/{gid}", config, t or {}, name=group_name or name)
        return gid

    def default_sg(self, vpc_name, locked=False):
        gid = self.id("sg", "default-" + vpc_name)
        inbound = [] if locked else [perm("-1", None, None, groups=[gid])]
        return self.sg(
            "default-" + vpc_name,
            vpc_name,
            "default VPC security group",
            inbound,
            egress=[] if locked else None,
            group_name="default",
        )

    # --- compute
    def instance(
        self,
        name,
        itype,
        subnet_name,
        vpc_name,
        groups,
        image,
        launched,
        t,
        state="running",
        public_ip=None,
        arch="x86_64",
        platform="Linux/UNIX",
        tokens="required",
        monitoring="disabled",
        ebs_optimized=True,
        profile=None,
        volumes=(),
    ):
        iid = self.id("i", name)
        az = self.subnet_az[subnet_name]
        config = {
            "InstanceId": iid,
            "InstanceType": itype,
            "State": {"Name": state},
            "PublicIpAddress": public_ip,
            "PrivateIpAddress": private_ip(self.r + name, self.subnet_cidr[subnet_name]),
            "SubnetId": self.id("subnet", subnet_name),
            "VpcId": self.id("vpc", vpc_name),
            "ImageId": image,
            "LaunchTime": self.e.ago(launched),
            "Placement": {"AvailabilityZone": az},
            "SecurityGroups": [{"GroupId": self.id("sg", g), "GroupName": g if not g.startswith("default-") else "default"} for g in groups],
            "IamInstanceProfile": {"Arn": f"arn:aws:iam::{ACCOUNT}:instance-profile/{profile}"} if profile else None,
            "MetadataOptions": {"HttpTokens": tokens, "HttpEndpoint": "enabled"},
            "Monitoring": {"State": monitoring},
            "EbsOptimized": ebs_optimized,
            "Architecture": arch,
            "PlatformDetails": platform,
            "BlockDeviceMappings": [
                {"DeviceName": dev, "Ebs": {"VolumeId": self.id("vol", vol), "DeleteOnTermination": dev in ("/dev/xvda", "/dev/sda1")}}
                for dev, vol in volumes
            ],
        }
        self.e.add("AWS::EC2::Instance", self.r, iid, ec2_arn(self.r, "instance", iid), config, t)
        return iid

    def volume(self, name, vtype, size, az, created, t, instance=None, encrypted=True, key="aws/ebs", iops=None, state=None):
        vid = self.id("vol", name)
        if iops is None:
            iops = {"gp3": 3000, "gp2": max(100, min(16000, 3 * size)), "io1": 4000, "io2": 4000}.get(vtype)
        config = {
            "VolumeId": vid,
            "VolumeType": vtype,
            "Size": size,
            "Iops": iops,
            "Encrypted": encrypted,
            "KmsKeyId": f"arn:aws:kms:{self.r}:{ACCOUNT}:key/{uid(self.r + key)}" if encrypted else None,
            "State": state or ("in-use" if instance else "available"),
            "AvailabilityZone": az,
            "CreateTime": self.e.ago(created),
            "Attachments": [{"InstanceId": self.id("i", instance), "State": "attached", "DeleteOnTermination": True}] if instance else [],
        }
        self.e.add("AWS::EC2::Volume", self.r, vid, ec2_arn(self.r, "volume", vid), config, t)
        return vid

    def snapshot(self, name, volume_name, size, taken, t, encrypted=True, tier="standard", volume_id=None):
        sid = self.id("snap", name)
        config = {
            "SnapshotId": sid,
            "VolumeId": volume_id or self.id("vol", volume_name),
            "VolumeSize": size,
            "Encrypted": encrypted,
            "State": "completed",
            "StartTime": self.e.ago(taken),
            "StorageTier": tier,
        }
        self.e.add("AWS::EC2::Snapshot", self.r, sid, ec2_arn(self.r, "snapshot", sid), config, t)

    def image(self, name, created, public=False, t=None):
        aid = self.id("ami", name)
        config = {
            "ImageId": aid,
            "Name": name,
            "CreationDate": (BASE - timedelta(days=created)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "Public": public,
            "State": "available",
            "DeprecationTime": (BASE - timedelta(days=created - 730)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        }
        self.e.add("AWS::EC2::Image", self.r, aid, ec2_arn(self.r, "image", aid), config, t or {}, name=(t or {}).get("Name", name))
        return aid

    def ebs_default(self, enabled):
        self.e.add("AWS::EC2::EBSEncryptionByDefault", self.r, self.r, None, {"EbsEncryptionByDefault": enabled})



def perm(proto, from_port, to_port, cidrs=(), cidrs6=(), groups=(), prefix_lists=()):
    return {
        "IpProtocol": proto,
        "FromPort": from_port,
        "ToPort": to_port,
        "IpRanges": [{"CidrIp": c} for c in cidrs],
        "Ipv6Ranges": [{"CidrIpv6": c} for c in cidrs6],
        "UserIdGroupPairs": [{"GroupId": g} for g in groups],
        "PrefixListIds": [{"PrefixListId": p} for p in prefix_lists],
    }


def tcp(port, to=None, **kw):
    return perm("tcp", port, port if to is None else to, **kw)


def private_ip(seed, cidr):
    base = cidr.split("/")[0].split(".")
    h = hashlib.sha256(seed.encode()).digest()
    third = int(base[2]) + (h[0] % 4 if cidr.endswith("/20") else 0)
    return f"{base[0]}.{base[1]}.{third}.{10 + h[1] % 200}"


def public_ip(seed, prefix="34.250"):
    h = hashlib.sha256(seed.encode()).digest()
    return f"{prefix}.{h[0] % 250 + 1}.{h[1] % 250 + 1}"


def build_network(reg, subnets):
    reg.subnet_az = {}
    reg.subnet_cidr = {}
    for name, vpc_name, cidr, az, free, public, t in subnets:
        reg.subnet(name, vpc_name, cidr, az, free, public=public, default=vpc_name.startswith("default"), t=t)
        reg.subnet_az[name] = az
        reg.subnet_cidr[name] = cidr


# --------------------------------------------------------------------------
# eu-west-1: the web shop, orders, payments, analytics


def eu_west_1(e):
    b, a = e.before, e.after
    R = "eu-west-1"
    reg = Region(e, R)
    az = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]

    prod_t = lambda name, owner="platform-team", **x: tags(name=name, owner=owner, **PROD, **x)  # noqa: E731
    nonprod_t = lambda name, owner="platform-team", **x: tags(name=name, owner=owner, **NONPROD, **x)  # noqa: E731

    # VPCs, subnets, flow logs.
    reg.vpc("prod-vpc", "10.10.0.0/16", prod_t("prod-vpc"))
    reg.vpc("nonprod-vpc", "10.20.0.0/16", nonprod_t("nonprod-vpc"))
    reg.vpc("default-vpc", "172.31.0.0/16", default=True)
    reg.flow_log("prod-vpc", "northwind-vpc-flow-logs")
    if a:
        reg.flow_log("nonprod-vpc", "northwind-vpc-flow-logs")
    subnets = []
    for i, zone in enumerate(az):
        s = zone[-1]
        subnets.append((f"prod-public-{s}", "prod-vpc", f"10.10.{i}.0/24", zone, 238 - 7 * i, True, prod_t(f"prod-public-{s}")))
    for i, zone in enumerate(az):
        s = zone[-1]
        # EKS pods exhaust the first private subnet.
        free = 212 if i == 0 else 2890 - 210 * i
        subnets.append((f"prod-private-{s}", "prod-vpc", f"10.10.{16 * (i + 1)}.0/20", zone, free, False, prod_t(f"prod-private-{s}")))
    for i, zone in enumerate(az):
        s = zone[-1]
        subnets.append((f"prod-data-{s}", "prod-vpc", f"10.10.{100 + i}.0/24", zone, 244 - i, False, prod_t(f"prod-data-{s}")))
    for i, zone in enumerate(az[:2]):
        s = zone[-1]
        subnets.append((f"nonprod-public-{s}", "nonprod-vpc", f"10.20.{i}.0/24", zone, 241 - i, True, nonprod_t(f"nonprod-public-{s}")))
        subnets.append((f"nonprod-private-{s}", "nonprod-vpc", f"10.20.{16 * (i + 1)}.0/20", zone, 3950 - 40 * i, False, nonprod_t(f"nonprod-private-{s}")))
    for i, zone in enumerate(az):
        subnets.append((f"default-{zone[-1]}", "default-vpc", f"172.31.{16 * i}.0/20", zone, 4091, True, {}))
    build_network(reg, subnets)

    # NAT gateways and Elastic IPs.
    for zone in az:
        s = zone[-1]
        reg.nat(f"prod-nat-{s}", "prod-vpc", f"prod-public-{s}", 900, prod_t(f"prod-nat-{s}"))
        reg.eip(f"prod-nat-{s}", public_ip(f"nat{s}", "52.48"), eni=reg.id("eni", f"nat-{s}"), t=prod_t(f"prod-nat-{s}"))
    reg.nat("nonprod-nat-a", "nonprod-vpc", "nonprod-public-a", 600, nonprod_t("nonprod-nat-a"))
    reg.eip("nonprod-nat-a", public_ip("nonprod-nat-a", "54.76"), eni=reg.id("eni", "nonprod-nat-a"), t=nonprod_t("nonprod-nat-a"))
    if b:
        # A second NAT gateway, created by a stack re-run, in the same AZ.
        reg.nat("nonprod-nat-a2", "nonprod-vpc", "nonprod-public-a", 300, nonprod_t("nonprod-nat-a2"))
        reg.eip("nonprod-nat-a2", public_ip("nonprod-nat-a2", "54.76"), eni=reg.id("eni", "nonprod-nat-a2"), t=nonprod_t("nonprod-nat-a2"))
        reg.eip("bastion", public_ip("bastion"), instance=reg.id("i", "bastion"), t=prod_t("bastion-eip"))
        reg.eip("promo-2024", public_ip("promo-2024", "63.33"), t=tags(name="promo-2024-eip", owner="marketing-team"))

    # Security groups.
    reg.default_sg("prod-vpc", locked=a)
    reg.default_sg("nonprod-vpc")
    reg.default_sg("default-vpc")
    web_sg = reg.id("sg", "prod-web-sg")
    app_sg = reg.id("sg", "prod-app-sg")
    alb_sg = reg.id("sg", "prod-alb-sg")
    bastion_sg = reg.id("sg", "bastion-sg")
    reg.sg(
        "prod-alb-sg",
        "prod-vpc",
        "Internet-facing ALB",
        [tcp(443, cidrs=["0.0.0.0/0"], cidrs6=["::/0"]), tcp(80, cidrs=["0.0.0.0/0"], cidrs6=["::/0"])],
        t=prod_t("prod-alb-sg", "web-team"),
    )
    reg.sg(
        "prod-web-sg",
        "prod-vpc",
        "Web tier",
        [tcp(8080, groups=[alb_sg])] + ([tcp(22, groups=[bastion_sg])] if b else []),
        t=prod_t("prod-web-sg", "web-team"),
    )
    reg.sg("prod-app-sg", "prod-vpc", "Order services", [tcp(8443, groups=[web_sg])], t=prod_t("prod-app-sg", "orders-team"))
    reg.sg("orders-db-sg", "prod-vpc", "PostgreSQL from the app tier", [tcp(5432, groups=[app_sg, web_sg])], t=prod_t("orders-db-sg", "orders-team"))
    reg.sg(
        "reporting-db-sg",
        "prod-vpc",
        "MySQL for reporting",
        [tcp(3306, cidrs=[OFFICE_CIDR], groups=[app_sg])],
        t=prod_t("reporting-db-sg", "data-team"),
    )
    if b:
        reg.sg("bastion-sg", "prod-vpc", "SSH bastion", [tcp(22, cidrs=["0.0.0.0/0"])], t=prod_t("bastion-sg"))
    reg.sg(
        "legacy-jump-sg",
        "prod-vpc",
        "Windows jump host for the ERP vendor",
        [tcp(3389, cidrs=["0.0.0.0/0"])],
        t=prod_t("legacy-jump-sg", "it-operations"),
    )
    reg.sg("redis-sg", "prod-vpc", "Redis from the web tier", [tcp(6379, groups=[web_sg, app_sg])], t=prod_t("redis-sg", "web-team"))
    reg.sg("efs-sg", "prod-vpc", "NFS", [tcp(2049, groups=[web_sg, app_sg])], t=prod_t("efs-sg"))
    reg.sg("eks-analytics-sg", "prod-vpc", "EKS control plane", [tcp(443, cidrs=["10.10.0.0/16"])], t=prod_t("eks-analytics-sg", "data-team"))
    reg.sg("lambda-sg", "prod-vpc", "Lambda functions in the VPC", [], t=prod_t("lambda-sg", "web-team"))
    reg.sg("batch-sg", "prod-vpc", "Batch workers", [], t=prod_t("batch-sg", "data-team"))
    reg.sg(
        "nonprod-web-sg",
        "nonprod-vpc",
        "Non-production web",
        [tcp(22, cidrs=[OFFICE_CIDR]), tcp(80, cidrs=["10.20.0.0/16"])],
        t=nonprod_t("nonprod-web-sg", "web-team"),
    )
    if a:
        # Opened "temporarily" to debug a deployment, and forgotten.
        reg.sg("temp-debug-ssh", "nonprod-vpc", "temp debug - remove", [tcp(22, cidrs=["0.0.0.0/0"])], t={"Name": "temp-debug-ssh"})

    # Images.
    web_ami = reg.image("northwind-web-base-2026-09", 35, t=prod_t("northwind-web-base-2026-09"))
    app_ami = reg.image("northwind-app-base-2026-08", 62, t=prod_t("northwind-app-base-2026-08"))
    win_ami = reg.image("legacy-win2019-jump", 1190, t=prod_t("legacy-win2019-jump", "it-operations"))
    if b:
        reg.image("northwind-base-2023-11", 690, public=True, t={"Name": "northwind-base-2023-11"})
    reg.ebs_default(a)

    # Instances with their volumes.
    def fleet(prefix, count, itype, subnets_, groups, image, launched, t, zones, **kw):
        for i in range(count):
            name = f"{prefix}-{i + 1}"
            zone = zones[i % len(zones)]
            subnet = subnets_[i % len(subnets_)]
            reg.volume(f"{name}-root", "gp3", 30, zone, launched, t, instance=name)
            reg.instance(name, itype, subnet, "prod-vpc" if "nonprod" not in prefix else "nonprod-vpc", groups, image, launched, dict(t, Name=prefix), volumes=[("/dev/xvda", f"{name}-root")], **kw)

    web_t = prod_t("prod-web", "web-team", **{"aws:autoscaling:groupName": "prod-web-asg"})
    fleet("prod-web", 3, "m7g.large", ["prod-private-a", "prod-private-b", "prod-private-c"], ["prod-web-sg"], web_ami, 9, web_t, az, arch="arm64", monitoring="enabled", profile="prod-web-instance-role")
    app_t = prod_t("prod-app", "orders-team", **{"aws:autoscaling:groupName": "prod-app-asg"})
    fleet(
        "prod-app",
        3,
        "m5.xlarge",
        ["prod-private-a", "prod-private-b", "prod-private-c"],
        ["prod-app-sg"],
        app_ami,
        21,
        app_t,
        az,
        tokens="optional" if b else "required",
        monitoring="enabled",
        profile="prod-app-instance-role",
    )
    batch_t = tags(name="batch-worker", env="production", cost="CC-1003", **{"aws:autoscaling:groupName": "batch-asg"})
    if a:
        batch_t["Owner"] = "data-team"
    batch_zones = ["eu-west-1a"] if b else az
    for i in range(2):
        name = f"batch-worker-{i + 1}"
        zone = batch_zones[i % len(batch_zones)]
        reg.volume(f"{name}-root", "gp3", 50, zone, 15, batch_t, instance=name)
        reg.volume(f"{name}-scratch", "io2", 500, zone, 15, batch_t, instance=name, iops=8000)
        reg.instance(
            name,
            "c5.2xlarge",
            "prod-private-" + zone[-1],
            "prod-vpc",
            ["batch-sg"],
            app_ami,
            15,
            batch_t,
            volumes=[("/dev/xvda", f"{name}-root"), ("/dev/sdf", f"{name}-scratch")],
        )
    if b:
        bt = prod_t("bastion")
        reg.volume("bastion-root", "gp2", 8, "eu-west-1a", 1500, bt, instance="bastion", encrypted=False)
        reg.instance(
            "bastion",
            "t2.micro",
            "prod-public-a",
            "prod-vpc",
            ["bastion-sg"],
            "ami-0" + hexid("al2-2021", 16),
            1500,
            bt,
            public_ip=public_ip("bastion"),
            tokens="optional",
            ebs_optimized=False,
            volumes=[("/dev/xvda", "bastion-root")],
        )
    jt = prod_t("legacy-erp-jump", "it-operations")
    reg.volume("legacy-erp-jump-root", "gp2", 60, "eu-west-1a", 1180, jt, instance="legacy-erp-jump", encrypted=False)
    reg.volume("legacy-erp-jump-data", "standard", 200, "eu-west-1a", 1180, jt, instance="legacy-erp-jump", encrypted=False)
    reg.instance(
        "legacy-erp-jump",
        "t2.large",
        "prod-public-a",
        "prod-vpc",
        ["legacy-jump-sg"],
        win_ami,
        1180,
        jt,
        public_ip=public_ip("legacy-erp-jump"),
        platform="Windows",
        tokens="optional",
        ebs_optimized=False,
        volumes=[("/dev/sda1", "legacy-erp-jump-root"), ("xvdf", "legacy-erp-jump-data")],
    )
    rt = prod_t("reporting-etl", "data-team")
    reg.volume("reporting-etl-root", "gp2", 40, "eu-west-1b", 1020, rt, instance="reporting-etl", encrypted=False)
    reg.volume("reporting-etl-data", "gp2", 500, "eu-west-1b", 1020, rt, instance="reporting-etl", encrypted=False)
    reg.instance(
        "reporting-etl",
        "m4.large",
        "prod-private-b",
        "prod-vpc",
        ["batch-sg"],
        app_ami,
        1020,
        rt,
        tokens="optional",
        volumes=[("/dev/xvda", "reporting-etl-root"), ("/dev/sdf", "reporting-etl-data")],
    )
    if b:
        ot = tags(name="old-build-server", env="production")
        reg.volume("old-build-server-root", "gp2", 100, "eu-west-1c", 1300, ot, instance="old-build-server", encrypted=False)
        reg.instance(
            "old-build-server",
            "c4.xlarge",
            "prod-private-c",
            "prod-vpc",
            ["batch-sg"],
            "ami-0" + hexid("jenkins-2022", 16),
            1300,
            ot,
            state="stopped",
            volumes=[("/dev/xvda", "old-build-server-root")],
        )
    nwt = nonprod_t("nonprod-web", "web-team", **{"aws:autoscaling:groupName": "nonprod-web-asg"})
    for i in range(2):
        name = f"nonprod-web-{i + 1}"
        reg.volume(f"{name}-root", "gp3", 20, "eu-west-1a", 4, nwt, instance=name)
        reg.instance(name, "t3.medium", "nonprod-private-a", "nonprod-vpc", ["nonprod-web-sg"] + (["temp-debug-ssh"] if a and i == 0 else []), web_ami, 4, nwt, volumes=[("/dev/xvda", f"{name}-root")])
    reg.volume("nonprod-tools-root", "gp3", 40, "eu-west-1b", 410, {}, instance="nonprod-tools")
    reg.instance("nonprod-tools", "t3.large", "nonprod-private-b", "nonprod-vpc", ["default-nonprod-vpc"], app_ami, 410, {}, tokens="optional", volumes=[("/dev/xvda", "nonprod-tools-root")])
    # Volumes left behind.
    if b:
        reg.volume("old-jenkins-data", "gp2", 250, "eu-west-1c", 1290, tags(name="jenkins-data"), encrypted=False)
    reg.volume("restore-test", "gp3", 100, "eu-west-1a", 140, tags(name="restore-test-2026-05", owner="data-team"))

    # Snapshots.
    backup_tag = {"aws:backup:source-resource": reg.id("vol", "reporting-etl-data")}
    reg.snapshot("reporting-nightly-1", "reporting-etl-data", 500, 1, backup_tag, encrypted=False)
    reg.snapshot("reporting-nightly-2", "reporting-etl-data", 500, 2, backup_tag, encrypted=False)
    reg.snapshot("reporting-pre-upgrade-2024", "reporting-etl-data", 500, 720, tags(name="before mysql 5.7 upgrade", owner="data-team"), encrypted=False)
    reg.snapshot("jenkins-2023", "old-jenkins-data", 250, 1080, tags(name="jenkins-data-2023"), encrypted=False)
    reg.snapshot("jenkins-2024-archive", "old-jenkins-data", 250, 700, tags(name="jenkins-data-2024"), encrypted=False, tier="archive")
    reg.snapshot("search-2025", None, 120, 410, tags(name="search-cluster-final", owner="web-team"), volume_id="vol-0" + hexid("deleted-search", 16))
    reg.snapshot("web-base-ami", "prod-web-1-root", 30, 35, prod_t("northwind-web-base-2026-09"))
    reg.snapshot("app-base-ami", "prod-app-1-root", 30, 62, prod_t("northwind-app-base-2026-08"))

    # Site-to-site VPNs to the warehouse and the Dublin office.
    def vpn(name, tunnels, t):
        vid = reg.id("vpn", name)
        config = {
            "VpnConnectionId": vid,
            "State": "available",
            "Type": "ipsec.1",
            "VpnGatewayId": reg.id("vgw", "prod"),
            "TransitGatewayId": None,
            "CustomerGatewayId": reg.id("cgw", name),
            "VgwTelemetry": [
                {"OutsideIpAddress": ip, "Status": status, "StatusMessage": message, "LastStatusChange": changed}
                for ip, status, message, changed in tunnels
            ],
        }
        e.add("AWS::EC2::VPNConnection", R, vid, ec2_arn(R, "vpn-connection", vid), config, t)

    vpn(
        "warehouse",
        [
            ("52.18.200.47", "DOWN" if b else "UP", "IPSEC IS DOWN" if b else "", e.recent(9, 4) if b else e.recent(16)),
            ("52.212.14.9", "UP", "", e.recent(9, 4) if b else e.recent(16)),
        ],
        prod_t("warehouse-vpn", "it-operations"),
    )
    vpn(
        "dublin-office",
        [("34.241.7.113", "UP", "", e.recent(41)), ("54.170.88.2", "UP", "", e.recent(41))],
        prod_t("dublin-office-vpn", "it-operations"),
    )

    # RDS.
    def db(name, engine, version, cls, t, multi_az=True, encrypted=True, public=False, backup=7, protection=True,
           minor=True, storage="gp3", cluster=None, zone="eu-west-1a", insights=True, monitoring=60):
        arn = f"arn:aws:rds:{R}:{ACCOUNT}:db:{name}"
        config = {
            "DBInstanceIdentifier": name,
            "DBInstanceClass": cls,
            "Engine": engine,
            "EngineVersion": version,
            "DBInstanceStatus": "available",
            "MultiAZ": multi_az,
            "StorageEncrypted": encrypted,
            "KmsKeyId": f"arn:aws:kms:{R}:{ACCOUNT}:key/{uid(R + 'orders-data')}" if encrypted else None,
            "PubliclyAccessible": public,
            "BackupRetentionPeriod": backup,
            "DeletionProtection": protection,
            "AutoMinorVersionUpgrade": minor,
            "StorageType": storage,
            "DBClusterIdentifier": cluster,
            "AvailabilityZone": zone,
            "PerformanceInsightsEnabled": insights,
            "MonitoringInterval": monitoring,
            "IAMDatabaseAuthenticationEnabled": engine.startswith("postgres"),
            "CopyTagsToSnapshot": True,
        }
        e.add("AWS::RDS::DBInstance", R, name, arn, config, t)
        return arn

    orders_t = prod_t("orders-db", "orders-team", DataClassification="confidential")
    del orders_t["Name"]
    db("orders-db", "postgres", "16.4", "db.m6g.large", orders_t, multi_az=a)
    db("payments-db", "postgres", "16.4", "db.r6g.large", {"Environment": "production", "Owner": "payments-team", "CostCenter": "CC-1002", "DataClassification": "pci"})
    db(
        "reporting-db",
        "mysql",
        "5.7.44",
        "db.t2.medium",
        {"Owner": "data-team", "Project": "bi-reporting"},
        multi_az=False,
        encrypted=False,
        public=b,
        backup=0 if b else 7,
        protection=False,
        storage="gp2",
        zone="eu-west-1b",
        insights=False,
        monitoring=0,
    )
    catalog_t = {"Environment": "production", "Owner": "web-team", "CostCenter": "CC-1001", "DataClassification": "internal"}
    for i, zone in enumerate(["eu-west-1a", "eu-west-1b"]):
        db(f"catalog-aurora-{i + 1}", "aurora-postgresql", "16.4", "db.r6g.large", catalog_t, multi_az=False, storage="aurora", cluster="catalog-aurora", zone=zone, backup=14)
    db(
        "orders-db-staging",
        "postgres",
        "16.4",
        "db.t3.medium",
        {"Environment": "nonprod", "Owner": "orders-team", "CostCenter": "CC-1090", "DataClassification": "synthetic"},
        multi_az=True,
        backup=1,
        protection=False,
        insights=False,
        monitoring=0,
    )
    e.add(
        "AWS::RDS::DBCluster",
        R,
        "catalog-aurora",
        f"arn:aws:rds:{R}:{ACCOUNT}:cluster:catalog-aurora",
        {
            "DBClusterIdentifier": "catalog-aurora",
            "Engine": "aurora-postgresql",
            "Status": "available",
            "MultiAZ": True,
            "StorageEncrypted": True,
            "DeletionProtection": True,
            "BackupRetentionPeriod": 14,
            "AvailabilityZones": az,
            "DBClusterMembers": [
                {"DBInstanceIdentifier": "catalog-aurora-1", "IsClusterWriter": True},
                {"DBInstanceIdentifier": "catalog-aurora-2", "IsClusterWriter": False},
            ],
        },
        catalog_t,
    )

    # Load balancers.
    def alb(name, kind, scheme, zones, listeners, lbid):
        arn = f"arn:aws:elasticloadbalancing:{R}:{ACCOUNT}:loadbalancer/{'app' if kind == 'application' else 'net'}/{name}/{lbid}"
        config = {
            "LoadBalancerName": name,
            "LoadBalancerArn": arn,
            "DNSName": f"{name}-{int(lbid[:8], 16) % 10**10}.{R}.elb.amazonaws.com",
            "Scheme": scheme,
            "Type": kind,
            "State": {"Code": "active"},
            "VpcId": reg.id("vpc", "nonprod-vpc" if name.startswith("nonprod") else "prod-vpc"),
            "CreatedTime": e.ago(800),
            "SecurityGroups": [alb_sg] if kind == "application" else [],
            "AvailabilityZones": [{"ZoneName": z, "SubnetId": reg.id("subnet", f"{'nonprod' if name.startswith('nonprod') else 'prod'}-public-{z[-1]}")} for z in zones],
            "Listeners": [
                {
                    "ListenerArn": arn.replace(":loadbalancer/", ":listener/") + "/" + hexid(name + str(port), 16),
                    "Port": port,
                    "Protocol": proto,
                    "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06" if proto in ("HTTPS", "TLS") else None,
                    "DefaultActions": [action],
                }
                for port, proto, action in listeners
            ],
        }
        e.add("AWS::ElasticLoadBalancingV2::LoadBalancer", R, name, arn, config, name=name)
        return arn

    forward = {"Type": "forward", "RedirectConfig": None}
    redirect = {"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}
    alb("prod-web-alb", "application", "internet-facing", az, [(443, "HTTPS", forward), (80, "HTTP", redirect)], hexid("prod-web-alb", 16))
    alb("prod-orders-nlb", "network", "internal", az, [(8443, "TLS", forward)], hexid("prod-orders-nlb", 16))
    alb("nonprod-web-alb", "application", "internet-facing", az[:2], [(80, "HTTP", forward)], hexid("nonprod-web-alb", 16))
    if b:
        alb("promo-blackfriday-2024", "application", "internet-facing", az[:2], [], hexid("promo", 16))
        e.add(
            "AWS::ElasticLoadBalancing::LoadBalancer",
            R,
            "legacy-shop-elb",
            f"arn:aws:elasticloadbalancing:{R}:{ACCOUNT}:loadbalancer/legacy-shop-elb",
            {
                "LoadBalancerName": "legacy-shop-elb",
                "DNSName": f"legacy-shop-elb-{int(hexid('legacy-elb', 8), 16)}.{R}.elb.amazonaws.com",
                "Scheme": "internet-facing",
                "VPCId": reg.id("vpc", "prod-vpc"),
                "AvailabilityZones": ["eu-west-1a", "eu-west-1b"],
                "Subnets": [reg.id("subnet", "prod-public-a"), reg.id("subnet", "prod-public-b")],
                "SecurityGroups": [alb_sg],
                "ListenerDescriptions": [
                    {"Listener": {"Protocol": "HTTP", "LoadBalancerPort": 80, "InstanceProtocol": "HTTP", "InstancePort": 8080, "SSLCertificateId": None}},
                    {
                        "Listener": {
                            "Protocol": "HTTPS",
                            "LoadBalancerPort": 443,
                            "InstanceProtocol": "HTTP",
                            "InstancePort": 8080,
                            "SSLCertificateId": f"arn:aws:acm:{R}:{ACCOUNT}:certificate/{uid(R + 'cert' + 'shop.northwind-retail.example')}",
                        }
                    },
                ],
                "Instances": [],
                "CreatedTime": e.ago(2300),
            },
            name="legacy-shop-elb",
        )

    # Auto Scaling groups.
    def asg(name, zones, min_size, max_size, desired, hc, tgs, t, subnet_prefix="prod-private"):
        gid = uid("asg" + name)
        arn = f"arn:aws:autoscaling:{R}:{ACCOUNT}:autoScalingGroup:{gid}:autoScalingGroupName/{name}"
        instances = [r for r in e.resources if r["type"] == "AWS::EC2::Instance" and r["region"] == R and r["tags"].get("aws:autoscaling:groupName") == name]
        config = {
            "AutoScalingGroupName": name,
            "AutoScalingGroupARN": arn,
            "MinSize": min_size,
            "MaxSize": max_size,
            "DesiredCapacity": desired,
            "AvailabilityZones": zones,
            "VPCZoneIdentifier": ",".join(reg.id("subnet", f"{subnet_prefix}-{z[-1]}") for z in zones),
            "HealthCheckType": hc,
            "LoadBalancerNames": [],
            "TargetGroupARNs": [f"arn:aws:elasticloadbalancing:{R}:{ACCOUNT}:targetgroup/{tg}/{hexid(tg, 16)}" for tg in tgs],
            "LaunchConfigurationName": None,
            "LaunchTemplate": {"LaunchTemplateName": f"{name}-lt", "Version": "$Latest"},
            "Instances": [
                {
                    "InstanceId": r["resource_id"],
                    "AvailabilityZone": r["config"]["Placement"]["AvailabilityZone"],
                    "LifecycleState": "InService",
                    "HealthStatus": "Healthy",
                }
                for r in instances
            ],
        }
        t = {k: v for k, v in t.items() if k != "aws:autoscaling:groupName"}
        e.add("AWS::AutoScaling::AutoScalingGroup", R, name, arn, config, t, name=name)

    asg("prod-web-asg", az, 3, 12, 3, "ELB", ["prod-web-tg"], web_t)
    asg("prod-app-asg", az, 3, 9, 3, "EC2" if b else "ELB", ["prod-app-tg"], app_t)
    asg("batch-asg", batch_zones, 2, 2 if b else 6, 2, "EC2", [], batch_t)
    asg("nonprod-web-asg", ["eu-west-1a"], 1, 4, 2, "ELB", ["nonprod-web-tg"], nwt, subnet_prefix="nonprod-private")

    eu_services(e, reg)


def kms_key(e, region, name, description, manager="CUSTOMER", rotation=True, created=900):
    kid = uid(region + name)
    arn = f"arn:aws:kms:{region}:{ACCOUNT}:key/{kid}"
    e.add(
        "AWS::KMS::Key",
        region,
        kid,
        arn,
        {
            "KeyId": kid,
            "Arn": arn,
            "KeyManager": manager,
            "KeyState": "Enabled",
            "KeySpec": "SYMMETRIC_DEFAULT",
            "KeyUsage": "ENCRYPT_DECRYPT",
            "Origin": "AWS_KMS",
            "Enabled": True,
            "CreationDate": e.ago(created),
            "Description": description,
            "KeyRotationEnabled": rotation if manager == "CUSTOMER" else None,
        },
    )
    return arn


def sqs(e, region, name, retention_days=4, dlq=None, max_receives=5, sse="sqs", fifo=False, kms=None):
    arn = f"arn:aws:sqs:{region}:{ACCOUNT}:{name}"
    config = {
        "QueueArn": arn,
        "ApproximateNumberOfMessages": "0",
        "ApproximateNumberOfMessagesNotVisible": "0",
        "ApproximateNumberOfMessagesDelayed": "0",
        "CreatedTimestamp": str(int((BASE - timedelta(days=700)).timestamp())),
        "LastModifiedTimestamp": str(int((BASE - timedelta(days=90)).timestamp())),
        "VisibilityTimeout": "60",
        "MaximumMessageSize": "262144",
        "MessageRetentionPeriod": str(retention_days * 86400),
        "DelaySeconds": "0",
        "ReceiveMessageWaitTimeSeconds": "20",
        "SqsManagedSseEnabled": "true" if sse == "sqs" else "false",
        "QueueUrl": f"https://sqs.{region}.amazonaws.com/{ACCOUNT}/{name}",
    }
    if dlq:
        config["RedrivePolicy"] = json.dumps({"deadLetterTargetArn": f"arn:aws:sqs:{region}:{ACCOUNT}:{dlq}", "maxReceiveCount": max_receives}, separators=(",", ":"))
    if sse == "kms":
        config["KmsMasterKeyId"] = kms or "alias/aws/sqs"
        config["KmsDataKeyReusePeriodSeconds"] = "300"
    if fifo:
        config["FifoQueue"] = "true"
        config["ContentBasedDeduplication"] = "false"
    e.add("AWS::SQS::Queue", region, name, arn, config, name=name)


def sns(e, region, name, display, kms=None, subscriptions=2):
    arn = f"arn:aws:sns:{region}:{ACCOUNT}:{name}"
    config = {
        "TopicArn": arn,
        "Owner": ACCOUNT,
        "DisplayName": display,
        "SubscriptionsConfirmed": str(subscriptions),
        "SubscriptionsPending": "0",
        "SubscriptionsDeleted": "0",
        "Policy": json.dumps(
            doc({"Sid": "__default_statement_ID", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["SNS:Publish", "SNS:Subscribe"], "Resource": arn, "Condition": {"StringEquals": {"AWS:SourceOwner": ACCOUNT}}}),
            separators=(",", ":"),
        ),
        "EffectiveDeliveryPolicy": '{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3}}}',
    }
    if kms:
        config["KmsMasterKeyId"] = kms
    e.add("AWS::SNS::Topic", region, name, arn, config, name=name)
    return arn


def ssm(e, region, name, ptype, modified=200, key=None):
    arn = f"arn:aws:ssm:{region}:{ACCOUNT}:parameter{name}"
    e.add(
        "AWS::SSM::Parameter",
        region,
        name,
        arn,
        {
            "Name": name,
            "ARN": arn,
            "Type": ptype,
            "KeyId": key or ("alias/aws/ssm" if ptype == "SecureString" else None),
            "Tier": "Standard",
            "DataType": "text",
            "LastModifiedDate": e.ago(modified),
            "Version": 3,
        },
        name=name,
    )


def dynamodb(e, region, name, mode, items, size, pitr, status="ACTIVE"):
    arn = f"arn:aws:dynamodb:{region}:{ACCOUNT}:table/{name}"
    e.add(
        "AWS::DynamoDB::Table",
        region,
        name,
        arn,
        {
            "TableName": name,
            "TableArn": arn,
            "TableStatus": status,
            "BillingModeSummary": {"BillingMode": mode} if mode == "PAY_PER_REQUEST" else None,
            "SSEDescription": None,
            "DeletionProtectionEnabled": mode == "PAY_PER_REQUEST",
            "ItemCount": items,
            "TableSizeBytes": size,
            "ContinuousBackupsDescription": {
                "ContinuousBackupsStatus": "ENABLED",
                "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "ENABLED" if pitr else "DISABLED"},
            },
        },
    )
    return arn


def log_group(e, region, name, retention=None, stored=0, kms=None, created=400):
    arn = f"arn:aws:logs:{region}:{ACCOUNT}:log-group:{name}:*"
    e.add(
        "AWS::Logs::LogGroup",
        region,
        name,
        arn,
        {
            "logGroupName": name,
            "arn": arn,
            "retentionInDays": retention,
            "kmsKeyId": kms,
            "storedBytes": stored,
            "creationTime": int((BASE - timedelta(days=created)).timestamp() * 1000),
        },
        name=name,
    )


def lambda_fn(e, region, name, runtime, memory, timeout=30, arch="x86_64", tracing="PassThrough", dlq=None, vpc=None, modified=120, image=False):
    arn = f"arn:aws:lambda:{region}:{ACCOUNT}:function:{name}"
    handler = None if image else ("index.handler" if runtime and runtime.startswith("nodejs") else "app.handler" if runtime and runtime.startswith("python") else "com.northwind.Handler::handleRequest")
    e.add(
        "AWS::Lambda::Function",
        region,
        name,
        arn,
        {
            "FunctionName": name,
            "FunctionArn": arn,
            "Runtime": None if image else runtime,
            "Handler": handler,
            "MemorySize": memory,
            "Timeout": timeout,
            "LastModified": (BASE - timedelta(days=modified)).strftime("%Y-%m-%dT%H:%M:%S.000+0000"),
            "PackageType": "Image" if image else "Zip",
            "Architectures": [arch],
            "TracingConfig": {"Mode": tracing},
            "DeadLetterConfig": {"TargetArn": dlq} if dlq else None,
            "VpcConfig": {"SubnetIds": vpc[0], "SecurityGroupIds": vpc[1]} if vpc else {"SubnetIds": [], "SecurityGroupIds": []},
        },
        name=name,
    )
    seed = int(hexid(region + name, 6), 16)
    retention = 30 if tracing == "Active" else (14 if seed % 3 == 0 else None)
    log_group(e, region, f"/aws/lambda/{name}", retention=retention, stored=seed % (900 * 1048576))


def alarm(e, region, name, namespace, metric, dimensions, actions, enabled=True, state="OK"):
    arn = f"arn:aws:cloudwatch:{region}:{ACCOUNT}:alarm:{name}"
    e.add(
        "AWS::CloudWatch::Alarm",
        region,
        name,
        arn,
        {
            "AlarmName": name,
            "AlarmArn": arn,
            "Namespace": namespace,
            "MetricName": metric,
            "Dimensions": [{"Name": k, "Value": v} for k, v in dimensions],
            "ActionsEnabled": enabled,
            "AlarmActions": actions,
            "StateValue": state,
        },
    )


def acm(e, region, domain, kind, status, not_after, in_use, issued=None):
    cid = uid(region + "cert" + domain)
    arn = f"arn:aws:acm:{region}:{ACCOUNT}:certificate/{cid}"
    e.add(
        "AWS::CertificateManager::Certificate",
        region,
        cid,
        arn,
        {
            "CertificateArn": arn,
            "DomainName": domain,
            "Status": status,
            "Type": kind,
            "NotAfter": not_after,
            "NotBefore": issued,
            "InUseBy": in_use,
            "KeyAlgorithm": "RSA_2048" if kind == "IMPORTED" else "EC_prime256v1",
            "RenewalEligibility": "ELIGIBLE" if kind == "AMAZON_ISSUED" else "INELIGIBLE",
        },
        name=domain,
    )


def stack(e, region, name, status, protected, drift, t, created=600, updated=30, reason=None):
    sid = f"arn:aws:cloudformation:{region}:{ACCOUNT}:stack/{name}/{uid(region + 'stack' + name)}"
    e.add(
        "AWS::CloudFormation::Stack",
        region,
        name,
        sid,
        {
            "StackName": name,
            "StackId": sid,
            "StackStatus": status,
            "StackStatusReason": reason,
            "CreationTime": e.ago(created),
            "LastUpdatedTime": e.ago(updated) if updated is not None else None,
            "EnableTerminationProtection": protected,
            "DriftInformation": {"StackDriftStatus": drift},
            "RoleARN": None,
        },
        t,
        name=name,
    )


def secret(e, region, name, rotation_days=None, rotated=None, accessed=None, created=500, kms=None):
    arn = f"arn:aws:secretsmanager:{region}:{ACCOUNT}:secret:{name}-{upper_id('secret' + name, 6, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ')}"
    e.add(
        "AWS::SecretsManager::Secret",
        region,
        name,
        arn,
        {
            "Name": name,
            "ARN": arn,
            "KmsKeyId": kms,
            "RotationEnabled": rotation_days is not None,
            "RotationRules": {"AutomaticallyAfterDays": rotation_days} if rotation_days else None,
            "LastRotatedDate": rotated,
            "LastAccessedDate": accessed,
            "CreatedDate": e.ago(created),
        },
        name=name,
    )


def day(at_iso):
    """Secrets Manager reports LastAccessedDate truncated to the day."""
    return at_iso[:10] + "T00:00:00Z"


def protected(e, region, arn, kind, name, last_days=1):
    e.add(
        "AWS::Backup::ProtectedResource",
        region,
        arn,
        arn,
        {"ResourceArn": arn, "ResourceType": kind, "LastBackupTime": e.recent(last_days, 6), "ResourceName": name},
    )


def eu_services(e, reg):
    b, a = e.before, e.after
    R = reg.r

    # KMS.
    orders_key = kms_key(e, R, "orders-data", "orders and media data")
    kms_key(e, R, "payments", "payments-db and card tokens")
    kms_key(e, R, "legacy-reporting", "reporting exports (legacy)", rotation=a, created=1400)
    backup_key = kms_key(e, R, "backup-vault", "prod-vault recovery points")
    for alias in ["aws/ebs", "aws/rds", "aws/backup", "aws/s3", "aws/sns"]:
        kms_key(e, R, alias, f"Default key that protects my {alias.split('/')[1].upper()} resources when no other key is defined", manager="AWS", created=1500)
    aws_backup_key = f"arn:aws:kms:{R}:{ACCOUNT}:key/{uid(R + 'aws/backup')}"

    # Messaging.
    sqs(e, R, "orders-queue", 4, dlq="orders-dlq", sse="kms", kms=orders_key)
    sqs(e, R, "orders-dlq", 14)
    sqs(e, R, "payment-events.fifo", 4, dlq="payment-events-dlq.fifo", fifo=True, sse="kms", kms="alias/payments")
    sqs(e, R, "payment-events-dlq.fifo", 14, fifo=True)
    sqs(e, R, "email-notifications", 4, dlq="email-dlq", sse="none" if b else "sqs")
    sqs(e, R, "email-dlq", 4 if b else 14)
    sqs(e, R, "inventory-sync-queue", 4, dlq=None if b else "inventory-sync-dlq")
    if a:
        sqs(e, R, "inventory-sync-dlq", 14)
    alerts = sns(e, R, "ops-alerts", "Northwind ops alerts", kms="alias/aws/sns", subscriptions=4)
    sns(e, R, "order-events", "Order events", kms=None if b else "alias/aws/sns", subscriptions=5)
    sns(e, R, "cloudwatch-alarms-eu", "CloudWatch alarms", kms="alias/aws/sns", subscriptions=2)
    pager = f"arn:aws:sns:{R}:{ACCOUNT}:cloudwatch-alarms-eu"

    # Parameters.
    ssm(e, R, "/prod/orders/db_host", "String")
    ssm(e, R, "/prod/orders/db_password", "String" if b else "SecureString", modified=400 if b else 20)
    ssm(e, R, "/prod/payments/stripe_api_key", "SecureString", key="alias/payments")
    ssm(e, R, "/prod/web/feature_flags", "String", modified=3)
    ssm(e, R, "/nonprod/orders/db_password", "SecureString")
    ssm(e, R, "/shared/ami/web-latest", "String", modified=35)

    # DynamoDB.
    carts = dynamodb(e, R, "carts", "PAY_PER_REQUEST", 284113, 91 * 1048576, True)
    dynamodb(e, R, "sessions", "PROVISIONED", 120337, 48 * 1048576, a)
    if b:
        dynamodb(e, R, "feature-flags", "PROVISIONED", 0, 0, False)
    reviews = dynamodb(e, R, "product-reviews", "PAY_PER_REQUEST", 1920455, 2210 * 1048576, True)

    # Lambda functions (with their log groups) and other log groups.
    lambda_sg = reg.id("sg", "lambda-sg")
    private = [reg.id("subnet", f"prod-private-{s}") for s in "abc"]
    if b:
        lambda_fn(e, R, "order-confirmation-email", "python3.8", 128, 30, modified=900)
    else:
        lambda_fn(e, R, "order-confirmation-email", "python3.13", 256, 30, arch="arm64", modified=12)
    lambda_fn(e, R, "image-resizer", "nodejs16.x", 1024, 60, modified=600)
    lambda_fn(e, R, "inventory-sync", "python3.13", 512, 120, arch="arm64", tracing="Active", dlq=f"arn:aws:sqs:{R}:{ACCOUNT}:orders-dlq", vpc=(private, [lambda_sg]), modified=40)
    lambda_fn(e, R, "payment-webhook", "java21", 1024, 15, arch="arm64", tracing="Active", dlq=f"arn:aws:sqs:{R}:{ACCOUNT}:payment-events-dlq.fifo", vpc=(private, [lambda_sg]), modified=25)
    lambda_fn(e, R, "stock-alerts", "nodejs24.x", 256, 30, modified=70)
    lambda_fn(e, R, "cart-cleanup", "python3.12", 128, 60, arch="arm64", modified=200)
    lambda_fn(e, R, "search-indexer", None, 2048, 300, image=True, modified=18)
    if a:
        lambda_fn(e, R, "returns-processor", "python3.13", 128, 30, arch="arm64", modified=8)
    log_group(e, R, "/aws/lambda/order-export-v1", None, 312 * 1048576, created=1500)
    log_group(e, R, "/aws/eks/analytics-eks/cluster", 90, 3 * 1073741824)
    for svc in ["checkout", "recommendations", "log-shipper"]:
        log_group(e, R, f"/ecs/{svc}", 30, 14 * 1073741824 // (3 if svc == "checkout" else 9))
    log_group(e, R, "/aws/cloudtrail/northwind-trail", 365, 22 * 1073741824, kms=orders_key)
    log_group(e, R, "/aws/rds/instance/orders-db/postgresql", 30, 6 * 1073741824, kms=orders_key)
    log_group(e, R, "prod-web/nginx-access", 3653, 48 * 1073741824)
    log_group(e, R, "/vpc/flow-logs/prod", None if b else 90, 120 * 1073741824)
    log_group(e, R, "reporting-etl", None, 900 * 1048576)

    # Detection and governance.
    gd = hexid(R + "guardduty", 32)
    e.add(
        "AWS::GuardDuty::Detector",
        R,
        gd,
        f"arn:aws:guardduty:{R}:{ACCOUNT}:detector/{gd}",
        {"DetectorId": gd, "Status": "ENABLED", "FindingPublishingFrequency": "SIX_HOURS", "CreatedAt": (BASE - timedelta(days=935)).strftime("%Y-%m-%dT%H:%M:%S.123Z")},
    )
    e.add(
        "AWS::Config::ConfigurationRecorder",
        R,
        "default",
        f"arn:aws:config:{R}:{ACCOUNT}:config-recorder/default",
        {
            "name": "default",
            "roleARN": f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
            "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True},
            "recording": True,
            "lastStatus": "SUCCESS",
        },
    )
    e.add(
        "AWS::SecurityHub::Hub",
        R,
        R,
        None,
        {"Enabled": True, "HubArn": f"arn:aws:securityhub:{R}:{ACCOUNT}:hub/default", "SubscribedAt": (BASE - timedelta(days=880)).strftime("%Y-%m-%dT%H:%M:%S.345Z"), "AutoEnableControls": True},
    )
    e.add(
        "AWS::CloudTrail::Trail",
        R,
        "northwind-trail",
        f"arn:aws:cloudtrail:{R}:{ACCOUNT}:trail/northwind-trail",
        {
            "Name": "northwind-trail",
            "TrailARN": f"arn:aws:cloudtrail:{R}:{ACCOUNT}:trail/northwind-trail",
            "HomeRegion": R,
            "IsMultiRegionTrail": True,
            "IsOrganizationTrail": False,
            "LogFileValidationEnabled": True,
            "IncludeGlobalServiceEvents": True,
            "KmsKeyId": orders_key,
            "S3BucketName": f"northwind-cloudtrail-logs-{ACCOUNT}",
            "CloudWatchLogsLogGroupArn": f"arn:aws:logs:{R}:{ACCOUNT}:log-group:/aws/cloudtrail/northwind-trail:*",
            "IsLogging": True,
            "LatestDeliveryTime": e.recent(0, 0.1),
        },
        name="northwind-trail",
    )

    # Certificates.
    acm(e, R, "shop.northwind-retail.example", "AMAZON_ISSUED", "ISSUED", e.ahead(200) if b else e.ahead(170), [f"arn:aws:elasticloadbalancing:{R}:{ACCOUNT}:loadbalancer/app/prod-web-alb/{hexid('prod-web-alb', 16)}"], issued=e.ago(165))
    acm(
        e,
        R,
        "api.northwind-retail.example",
        "IMPORTED",
        "ISSUED",
        e.ahead(12) if b else e.ahead(378),
        [f"arn:aws:elasticloadbalancing:{R}:{ACCOUNT}:loadbalancer/net/prod-orders-nlb/{hexid('prod-orders-nlb', 16)}", f"arn:aws:apigateway:{R}::/domainnames/api.northwind-retail.example"],
        issued=e.ago(353) if b else e.ago(-10),
    )

    # API Gateway.
    api_id = "k7x2m9q4re"
    for stage, good in [("prod", True), ("dev", False)]:
        # dev has no WAF by design; prod got one during the remediation.
        sid = f"{api_id}/{stage}"
        e.add(
            "AWS::ApiGateway::Stage",
            R,
            sid,
            f"arn:aws:apigateway:{R}::/restapis/{api_id}/stages/{stage}",
            {
                "restApiId": api_id,
                "restApiName": "partner-api",
                "stageName": stage,
                "tracingEnabled": True,
                "cacheClusterEnabled": False,
                "webAclArn": f"arn:aws:wafv2:{R}:{ACCOUNT}:regional/webacl/partner-api/{uid('waf-api')}" if good and a else None,
                "clientCertificateId": None,
                "accessLogSettings": {"destinationArn": f"arn:aws:logs:{R}:{ACCOUNT}:log-group:/apigateway/partner-api-{stage}"},
                "methodSettings": {"*/*": {"loggingLevel": "ERROR" if good else "INFO", "metricsEnabled": True, "throttlingRateLimit": 500.0 if good else 20.0}},
            },
            name=f"partner-api / {stage}",
        )

    # ECS on Fargate.
    cluster_arn = f"arn:aws:ecs:{R}:{ACCOUNT}:cluster/prod-ecs"
    e.add(
        "AWS::ECS::Cluster",
        R,
        "prod-ecs",
        cluster_arn,
        {"clusterName": "prod-ecs", "clusterArn": cluster_arn, "status": "ACTIVE", "runningTasksCount": 7, "activeServicesCount": 3, "settings": [{"name": "containerInsights", "value": "enabled"}]},
        name="prod-ecs",
    )
    ecr = f"{ACCOUNT}.dkr.ecr.{R}.amazonaws.com"

    def container(name, image, health=True, log=True, user=None, essential=True, env=(), secrets=()):
        return {
            "name": name,
            "image": image,
            "essential": essential,
            "privileged": None,
            "readonlyRootFilesystem": True if user != "0" else False,
            "user": user,
            "logConfiguration": {"logDriver": "awslogs"} if log else None,
            "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"]} if health else None,
            "environmentNames": list(env),
            "secrets": [{"name": s} for s in secrets],
        }

    def task_def(family, revision, containers, arch="ARM64", cpu="1024", memory="2048"):
        arn = f"arn:aws:ecs:{R}:{ACCOUNT}:task-definition/{family}:{revision}"
        e.add(
            "AWS::ECS::TaskDefinition",
            R,
            f"{family}:{revision}",
            arn,
            {
                "family": family,
                "revision": revision,
                "taskDefinitionArn": arn,
                "networkMode": "awsvpc",
                "requiresCompatibilities": ["FARGATE"],
                "cpu": cpu,
                "memory": memory,
                "runtimePlatform": {"cpuArchitecture": arch, "operatingSystemFamily": "LINUX"},
                "containerDefinitions": containers,
            },
        )
        return arn

    checkout = [container("checkout", f"{ecr}/checkout:2026.09.3", env=["ORDERS_QUEUE_URL", "CARTS_TABLE"], secrets=["STRIPE_API_KEY"])]
    task_def("checkout", 41, [container("checkout", f"{ecr}/checkout:2026.08.1", env=["ORDERS_QUEUE_URL", "CARTS_TABLE"], secrets=["STRIPE_API_KEY"])])
    checkout_td = task_def("checkout", 42, checkout)
    reco_td = task_def(
        "recommendations",
        17,
        [
            container("recommendations", f"{ecr}/recommendations:1.14.0", health=False, env=["MODEL_BUCKET"]),
            container("datadog-agent", "datadog/agent:7", health=False, essential=False, env=["DD_SITE"], secrets=["DD_API_KEY"]),
        ],
        arch="X86_64",
        cpu="2048",
        memory="4096",
    )
    if b:
        shipper_td = task_def(
            "log-shipper",
            5,
            [container("fluent-bit", "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.0", health=False, user="0")],
            arch="X86_64",
            cpu="256",
            memory="512",
        )
    else:
        shipper_td = task_def(
            "log-shipper",
            6,
            [container("fluent-bit", f"{ecr}/mirror/aws-for-fluent-bit:2.32.4", health=False, user="1000")],
            arch="ARM64",
            cpu="256",
            memory="512",
        )

    def service(name, td, desired, breaker):
        arn = f"arn:aws:ecs:{R}:{ACCOUNT}:service/prod-ecs/{name}"
        e.add(
            "AWS::ECS::Service",
            R,
            f"prod-ecs/{name}",
            arn,
            {
                "serviceName": name,
                "serviceArn": arn,
                "clusterArn": cluster_arn,
                "status": "ACTIVE",
                "desiredCount": desired,
                "runningCount": desired,
                "launchType": "FARGATE",
                "taskDefinition": td,
                "deploymentConfiguration": {
                    "minimumHealthyPercent": 100,
                    "maximumPercent": 200,
                    "deploymentCircuitBreaker": {"enable": breaker, "rollback": breaker},
                },
                "networkConfiguration": {"awsvpcConfiguration": {"subnets": private, "securityGroups": [reg.id("sg", "prod-app-sg")], "assignPublicIp": "DISABLED"}},
            },
            name=name,
        )

    service("checkout", checkout_td, 3, True)
    service("recommendations", reco_td, 1 if b else 2, False)
    service("log-shipper", shipper_td, 2, a)

    # EKS for the analytics team.
    eks_arn = f"arn:aws:eks:{R}:{ACCOUNT}:cluster/analytics-eks"
    e.add(
        "AWS::EKS::Cluster",
        R,
        "analytics-eks",
        eks_arn,
        {
            "name": "analytics-eks",
            "arn": eks_arn,
            "version": "1.28" if b else "1.35",
            "status": "ACTIVE",
            "resourcesVpcConfig": {
                "endpointPublicAccess": True,
                "endpointPrivateAccess": a,
                "publicAccessCidrs": ["0.0.0.0/0"] if b else [OFFICE_CIDR, "198.51.100.24/32"],
                "subnetIds": private,
            },
            "logging": {
                "clusterLogging": [
                    {"types": ["api", "audit", "authenticator", "controllerManager", "scheduler"], "enabled": False}
                ]
                if b
                else [
                    {"types": ["api", "audit", "authenticator"], "enabled": True},
                    {"types": ["controllerManager", "scheduler"], "enabled": False},
                ]
            },
            "encryptionConfig": [{"provider": {"keyArn": orders_key}}],
        },
        name="analytics-eks",
    )

    # AWS Backup.
    def plan(name, rules):
        pid = uid(R + "plan" + name)
        arn = f"arn:aws:backup:{R}:{ACCOUNT}:backup-plan:{pid}"
        e.add(
            "AWS::Backup::BackupPlan",
            R,
            pid,
            arn,
            {
                "BackupPlanId": pid,
                "BackupPlanArn": arn,
                "BackupPlanName": name,
                "Rules": [
                    {
                        "RuleName": rule,
                        "TargetBackupVaultName": vault,
                        "ScheduleExpression": schedule,
                        "Lifecycle": lifecycle,
                        "CopyActions": [{"DestinationBackupVaultArn": d} for d in copies],
                    }
                    for rule, vault, schedule, lifecycle, copies in rules
                ],
            },
            name=name,
        )

    dr_vault = f"arn:aws:backup:us-east-1:{ACCOUNT}:backup-vault:dr-vault"
    plan(
        "daily-prod",
        [
            ("daily-35d", "prod-vault", "cron(0 3 ? * * *)", {"DeleteAfterDays": 35, "MoveToColdStorageAfterDays": None}, [dr_vault]),
            ("monthly-1y", "prod-vault", "cron(0 4 1 * ? *)", {"DeleteAfterDays": 365, "MoveToColdStorageAfterDays": 30}, []),
        ],
    )
    plan("weekly-nonprod", [("weekly-5w", "Default", "cron(0 5 ? * SUN *)", {"DeleteAfterDays": 35, "MoveToColdStorageAfterDays": None}, [])])
    plan(
        "legacy-reporting-keep",
        [("keep-forever", "Default", "cron(0 2 ? * * *)", None if b else {"DeleteAfterDays": 400, "MoveToColdStorageAfterDays": 30}, [])],
    )

    def vault(name, key, points, locked):
        arn = f"arn:aws:backup:{R}:{ACCOUNT}:backup-vault:{name}"
        e.add(
            "AWS::Backup::BackupVault",
            R,
            name,
            arn,
            {"BackupVaultName": name, "BackupVaultArn": arn, "EncryptionKeyArn": key, "NumberOfRecoveryPoints": points, "Locked": locked},
        )

    vault("prod-vault", backup_key, 412 if b else 431, a)
    vault("Default", aws_backup_key, 36, False)
    for name, kind in [("orders-db", "RDS"), ("payments-db", "RDS")] + ([("reporting-db", "RDS")] if a else []):
        protected(e, R, f"arn:aws:rds:{R}:{ACCOUNT}:db:{name}", kind, name)
    protected(e, R, f"arn:aws:rds:{R}:{ACCOUNT}:cluster:catalog-aurora", "Aurora", "catalog-aurora")
    protected(e, R, carts, "DynamoDB", "carts")
    protected(e, R, reviews, "DynamoDB", "product-reviews")
    if a:
        protected(e, R, f"arn:aws:dynamodb:{R}:{ACCOUNT}:table/sessions", "DynamoDB", "sessions")

    # EFS.
    def efs(name, encrypted, zone, throughput, size, backup, lifecycle, t):
        fid = reg.id("fs", name)
        arn = f"arn:aws:elasticfilesystem:{R}:{ACCOUNT}:file-system/{fid}"
        e.add(
            "AWS::EFS::FileSystem",
            R,
            fid,
            arn,
            {
                "FileSystemId": fid,
                "FileSystemArn": arn,
                "Name": name,
                "Encrypted": encrypted,
                "KmsKeyId": orders_key if encrypted else None,
                "LifeCycleState": "available",
                "PerformanceMode": "generalPurpose",
                "ThroughputMode": throughput,
                "AvailabilityZoneName": zone,
                "NumberOfMountTargets": 1 if zone else 3,
                "SizeInBytes": size,
                "BackupPolicy": {"Status": backup},
                "LifecyclePolicies": [{"TransitionToIA": lifecycle, "TransitionToArchive": None}] if lifecycle else [],
            },
            t,
        )
        return arn

    media = efs("prod-media", True, None, "elastic", 812 * 1073741824, "ENABLED", "AFTER_30_DAYS", tags(name="prod-media", owner="web-team", **PROD, DataClassification="internal"))
    efs("legacy-shared", False, "eu-west-1a", "bursting", 96 * 1073741824, "DISABLED" if b else "ENABLED", "AFTER_90_DAYS", tags(name="legacy-shared", owner="it-operations", **PROD))
    protected(e, R, media, "EFS", "prod-media")

    # ElastiCache.
    def cache_cluster(cid, engine, node, rg=None, retention=0, at_rest=True, transit=True, zone="eu-west-1a", region=R):
        arn = f"arn:aws:elasticache:{region}:{ACCOUNT}:cluster:{cid}"
        e.add(
            "AWS::ElastiCache::CacheCluster",
            region,
            cid,
            arn,
            {
                "CacheClusterId": cid,
                "ARN": arn,
                "Engine": engine,
                "EngineVersion": "7.1" if engine == "redis" else "1.6.22",
                "CacheNodeType": node,
                "NumCacheNodes": 1 if engine == "redis" else 2,
                "CacheClusterStatus": "available",
                "ReplicationGroupId": rg,
                "SnapshotRetentionLimit": retention,
                "AutoMinorVersionUpgrade": True,
                "AtRestEncryptionEnabled": at_rest,
                "TransitEncryptionEnabled": transit,
                "PreferredAvailabilityZone": zone,
            },
        )

    rg_arn = f"arn:aws:elasticache:{R}:{ACCOUNT}:replicationgroup:sessions-redis"
    e.add(
        "AWS::ElastiCache::ReplicationGroup",
        R,
        "sessions-redis",
        rg_arn,
        {
            "ReplicationGroupId": "sessions-redis",
            "ARN": rg_arn,
            "Status": "available",
            "AutomaticFailover": "enabled",
            "MultiAZ": "enabled",
            "AtRestEncryptionEnabled": True,
            "TransitEncryptionEnabled": True,
            "AuthTokenEnabled": True,
            "SnapshotRetentionLimit": 7,
            "CacheNodeType": "cache.r6g.large",
            "MemberClusters": ["sessions-redis-001", "sessions-redis-002"],
        },
    )
    cache_cluster("sessions-redis-001", "redis", "cache.r6g.large", rg="sessions-redis", retention=7)
    cache_cluster("sessions-redis-002", "redis", "cache.r6g.large", rg="sessions-redis", retention=0, zone="eu-west-1b")
    cache_cluster("catalog-memcached", "memcached", "cache.m3.medium" if b else "cache.m7g.large", at_rest=False, transit=a)

    # CloudWatch alarms.
    prod_alb_dim = f"app/prod-web-alb/{hexid('prod-web-alb', 16)}"
    alarm(e, R, "prod-web-alb-5xx", "AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", [("LoadBalancer", prod_alb_dim)], [alerts])
    alarm(e, R, "prod-web-alb-target-latency-p99", "AWS/ApplicationELB", "TargetResponseTime", [("LoadBalancer", prod_alb_dim)], [alerts])
    alarm(e, R, "orders-db-cpu-high", "AWS/RDS", "CPUUtilization", [("DBInstanceIdentifier", "orders-db")], [alerts, pager])
    alarm(e, R, "orders-db-free-storage-low", "AWS/RDS", "FreeStorageSpace", [("DBInstanceIdentifier", "orders-db")], [alerts])
    alarm(e, R, "payments-db-cpu-high", "AWS/RDS", "CPUUtilization", [("DBInstanceIdentifier", "payments-db")], [alerts, pager])
    alarm(e, R, "catalog-aurora-replica-lag", "AWS/RDS", "AuroraReplicaLag", [("DBClusterIdentifier", "catalog-aurora")], [alerts])
    alarm(e, R, "reporting-db-cpu-high", "AWS/RDS", "CPUUtilization", [("DBInstanceIdentifier", "reporting-db")], [] if b else [alerts], state="ALARM" if b else "OK")
    alarm(e, R, "inventory-sync-errors", "AWS/Lambda", "Errors", [("FunctionName", "inventory-sync")], [alerts])
    alarm(e, R, "payment-webhook-errors", "AWS/Lambda", "Errors", [("FunctionName", "payment-webhook")], [alerts, pager])
    alarm(e, R, "order-confirmation-email-errors", "AWS/Lambda", "Errors", [("FunctionName", "order-confirmation-email")], [] if b else [alerts], state="INSUFFICIENT_DATA")
    alarm(e, R, "orders-dlq-not-empty", "AWS/SQS", "ApproximateNumberOfMessagesVisible", [("QueueName", "orders-dlq")], [alerts])
    if a:
        alarm(e, R, "prod-orders-nlb-unhealthy-hosts", "AWS/NetworkELB", "UnHealthyHostCount", [("LoadBalancer", f"net/prod-orders-nlb/{hexid('prod-orders-nlb', 16)}")], [alerts])
        alarm(e, R, "image-resizer-errors", "AWS/Lambda", "Errors", [("FunctionName", "image-resizer")], [alerts])

    # CloudFormation.
    st = lambda owner: {"Environment": "production", "Owner": owner, "CostCenter": "CC-1001"}  # noqa: E731
    stack(e, R, "prod-network", "UPDATE_COMPLETE", True, "IN_SYNC", st("platform-team"), created=1300, updated=210)
    stack(e, R, "prod-web", "UPDATE_COMPLETE", a, "IN_SYNC", st("web-team"), created=1100, updated=9)
    stack(e, R, "prod-data", "UPDATE_COMPLETE", True, "DRIFTED" if b else "IN_SYNC", st("orders-team"), created=1100, updated=64 if b else -6)
    stack(e, R, "prod-ecs-services", "UPDATE_COMPLETE", True, "IN_SYNC", st("web-team"), created=500, updated=6)
    stack(e, R, "prod-ecs-services-CheckoutNestedStack-" + upper_id("nested", 12), "UPDATE_COMPLETE", False, "IN_SYNC", {}, created=500, updated=6)
    stack(e, R, "eksctl-analytics-eks-cluster", "UPDATE_COMPLETE", a, "IN_SYNC", st("data-team"), created=800, updated=300 if b else -3)
    stack(e, R, "nonprod-web", "UPDATE_COMPLETE", False, "IN_SYNC", {"Environment": "nonprod", "Owner": "web-team"}, created=600, updated=4)
    stack(e, R, "CDKToolkit", "UPDATE_COMPLETE", False, "IN_SYNC", {}, created=700, updated=150)
    if b:
        stack(
            e,
            R,
            "reporting-pipeline",
            "ROLLBACK_COMPLETE",
            False,
            "IN_SYNC",
            {"Owner": "data-team"},
            created=45,
            updated=None,
            reason="The following resource(s) failed to create: [GlueCrawler]. Rollback requested by user.",
        )

    # Secrets Manager.
    secret(e, R, "prod/orders/db-credentials", 30, e.recent(12), day(e.recent(0)), created=700, kms=orders_key)
    secret(e, R, "prod/payments/stripe-api-key", None, None, day(e.recent(1)), created=820)
    if b:
        secret(e, R, "legacy/reporting/db-password", None, None, day(e.recent(212)), created=1300)
    secret(e, R, f"rds!db-{uid(R + 'rds-secret')}", 7, e.recent(3), day(e.recent(0)), created=300)
    secret(e, R, "prod/web/session-signing-key", 90, e.recent(131) if b else e.recent(20), day(e.recent(0)), created=600)


# --------------------------------------------------------------------------
# us-east-1: US storefront, marketing, disaster recovery


def us_east_1(e):
    b, a = e.before, e.after
    R = "us-east-1"
    reg = Region(e, R)
    az = ["us-east-1a", "us-east-1b", "us-east-1c"]
    prod_t = lambda name, owner="web-team", **x: tags(name=name, owner=owner, **PROD, **x)  # noqa: E731
    mkt_t = lambda name, **x: tags(name=name, env="production", owner="marketing-team", cost="CC-2001", **x)  # noqa: E731

    reg.vpc("us-prod-vpc", "10.30.0.0/16", prod_t("us-prod-vpc", "platform-team"))
    reg.vpc("default-vpc", "172.31.0.0/16", default=True)
    if a:
        reg.flow_log("us-prod-vpc", "northwind-vpc-flow-logs")
    subnets = []
    for i, zone in enumerate(az):
        s = zone[-1]
        subnets.append((f"us-public-{s}", "us-prod-vpc", f"10.30.{i}.0/24", zone, 231 + i, True, prod_t(f"us-public-{s}", "platform-team")))
        subnets.append((f"us-private-{s}", "us-prod-vpc", f"10.30.{16 * (i + 1)}.0/20", zone, 4012 - 9 * i, False, prod_t(f"us-private-{s}", "platform-team")))
    for i, s in enumerate("abcdef"):
        subnets.append((f"default-{s}", "default-vpc", f"172.31.{16 * i}.0/20", f"us-east-1{s}", 4091, True, {}))
    build_network(reg, subnets)
    reg.nat("us-nat-a", "us-prod-vpc", "us-public-a", 540, prod_t("us-nat-a", "platform-team"))
    reg.eip("us-nat-a", public_ip("us-nat-a", "3.212"), eni=reg.id("eni", "us-nat-a"), t=prod_t("us-nat-a", "platform-team"))
    if a:
        reg.nat("us-nat-b", "us-prod-vpc", "us-public-b", -20, prod_t("us-nat-b", "platform-team"))
        reg.eip("us-nat-b", public_ip("us-nat-b", "3.212"), eni=reg.id("eni", "us-nat-b"), t=prod_t("us-nat-b", "platform-team"))
    else:
        reg.eip("marketing-wordpress", public_ip("marketing-wordpress", "44.207"), instance=reg.id("i", "marketing-wordpress"), t=mkt_t("marketing-wordpress"))

    reg.default_sg("us-prod-vpc")
    reg.default_sg("default-vpc")
    alb_sg = reg.id("sg", "us-alb-sg")
    reg.sg("us-alb-sg", "us-prod-vpc", "US storefront ALB", [tcp(443, cidrs=["0.0.0.0/0"], cidrs6=["::/0"]), tcp(80, cidrs=["0.0.0.0/0"], cidrs6=["::/0"])], t=prod_t("us-alb-sg"))
    reg.sg("us-web-sg", "us-prod-vpc", "US web tier", [tcp(8080, groups=[alb_sg])], t=prod_t("us-web-sg"))
    reg.sg(
        "marketing-wp-sg",
        "us-prod-vpc",
        "WordPress",
        [tcp(80, cidrs=["0.0.0.0/0"]), tcp(443, cidrs=["0.0.0.0/0"]), tcp(22, cidrs=["0.0.0.0/0"])] if b else [tcp(80, groups=[alb_sg])],
        t=mkt_t("marketing-wp-sg"),
    )
    reg.sg("us-db-sg", "us-prod-vpc", "US databases", [tcp(5432, groups=[reg.id("sg", "us-web-sg")]), tcp(3306, groups=[reg.id("sg", "marketing-wp-sg")])], t=prod_t("us-db-sg", "platform-team"))
    reg.sg("us-lambda-sg", "us-prod-vpc", "US Lambda functions", [], t=prod_t("us-lambda-sg"))
    reg.sg("us-redis-sg", "us-prod-vpc", "US sessions Redis", [tcp(6379, groups=[reg.id("sg", "us-web-sg")])], t=prod_t("us-redis-sg"))

    web_ami = reg.image("northwind-us-web-base-2026-09", 33, t=prod_t("northwind-us-web-base-2026-09"))
    wp_ami = reg.image("marketing-wordpress-2024-03", 940, t=mkt_t("marketing-wordpress-2024-03"))
    reg.ebs_default(a)

    web_t = prod_t("us-web", **{"aws:autoscaling:groupName": "us-web-asg"})
    for i in range(3):
        name = f"us-web-{i + 1}"
        zone = az[i]
        reg.volume(f"{name}-root", "gp3", 30, zone, 7, web_t, instance=name)
        reg.instance(name, "m7g.large", f"us-private-{zone[-1]}", "us-prod-vpc", ["us-web-sg"], web_ami, 7, dict(web_t, Name="us-web"), arch="arm64", volumes=[("/dev/xvda", f"{name}-root")])
    wt = mkt_t("marketing-wordpress")
    reg.volume("marketing-wordpress-root", "gp2", 30, "us-east-1a", 940, wt, instance="marketing-wordpress", encrypted=False)
    reg.volume("marketing-wordpress-uploads", "gp2", 200, "us-east-1a", 940, wt, instance="marketing-wordpress", encrypted=False)
    reg.instance(
        "marketing-wordpress",
        "t3.medium",
        "us-public-a" if b else "us-private-a",
        "us-prod-vpc",
        ["marketing-wp-sg"],
        wp_ami,
        940,
        wt,
        public_ip=public_ip("marketing-wordpress", "44.207") if b else None,
        tokens="optional",
        volumes=[("/dev/xvda", "marketing-wordpress-root"), ("/dev/sdf", "marketing-wordpress-uploads")],
    )
    nt = {"Name": "ds-notebook", "Team": "data-science", "Owner": "data-team"}
    reg.volume("ds-notebook-root", "gp2", 100, "us-east-1b", 300, nt, instance="ds-notebook", encrypted=False)
    reg.volume("ds-notebook-data", "gp2", 1000, "us-east-1b", 300, nt, instance="ds-notebook", encrypted=False)
    reg.instance(
        "ds-notebook",
        "r5.xlarge",
        "us-private-b",
        "us-prod-vpc",
        ["default-us-prod-vpc"],
        "ami-0" + hexid("dl-ami", 16),
        300,
        nt,
        state="running" if b else "stopped",
        tokens="optional",
        volumes=[("/dev/xvda", "ds-notebook-root"), ("/dev/sdf", "ds-notebook-data")],
    )
    reg.volume("old-notebook-scratch", "gp3", 500, "us-east-1b", 420, {"Name": "scratch", "Team": "data-science"})
    reg.snapshot("wordpress-nightly", "marketing-wordpress-uploads", 200, 1, {"aws:dlm:lifecycle-policy-id": "policy-0" + hexid("dlm", 16)}, encrypted=False)
    reg.snapshot("wordpress-2024-migration", "marketing-wordpress-uploads", 200, 760, mkt_t("wordpress-before-migration"), encrypted=False)
    reg.snapshot("us-web-base-ami", "us-web-1-root", 30, 33, prod_t("northwind-us-web-base-2026-09"))

    # RDS: the baseline's review role was denied DescribeDBInstances here by
    # a region-guardrail SCP, so only the after scan sees the instances.
    def db(name, engine, version, cls, t, multi_az, storage="gp3", insights=True, cluster=None, zone="us-east-1a"):
        arn = f"arn:aws:rds:{R}:{ACCOUNT}:db:{name}"
        e.add(
            "AWS::RDS::DBInstance",
            R,
            name,
            arn,
            {
                "DBInstanceIdentifier": name,
                "DBInstanceClass": cls,
                "Engine": engine,
                "EngineVersion": version,
                "DBInstanceStatus": "available",
                "MultiAZ": multi_az,
                "StorageEncrypted": True,
                "KmsKeyId": f"arn:aws:kms:{R}:{ACCOUNT}:key/{uid(R + 'us-data')}",
                "PubliclyAccessible": False,
                "BackupRetentionPeriod": 7,
                "DeletionProtection": cluster is None,
                "AutoMinorVersionUpgrade": True,
                "StorageType": storage,
                "DBClusterIdentifier": cluster,
                "AvailabilityZone": zone,
                "PerformanceInsightsEnabled": insights,
                "MonitoringInterval": 60 if insights else 0,
                "IAMDatabaseAuthenticationEnabled": False,
                "CopyTagsToSnapshot": True,
            },
            t,
        )

    us_db_t = {"Environment": "production", "Owner": "web-team", "CostCenter": "CC-1001", "DataClassification": "confidential"}
    analytics_t = {"Environment": "production", "Owner": "data-team", "CostCenter": "CC-1003", "DataClassification": "internal"}
    if a:
        db("storefront-us-db", "postgres", "16.4", "db.r6g.large", us_db_t, True)
        db("marketing-db", "mysql", "8.0.39", "db.t3.medium", {"Owner": "marketing-team", "CostCenter": "CC-2001"}, False, storage="gp2", insights=False)
        db("analytics-aurora-1", "aurora-mysql", "8.0.mysql_aurora.3.08.0", "db.r6g.xlarge", analytics_t, False, storage="aurora", cluster="analytics-aurora")
        db("analytics-aurora-2", "aurora-mysql", "8.0.mysql_aurora.3.08.0", "db.r6g.xlarge", analytics_t, False, storage="aurora", cluster="analytics-aurora", zone="us-east-1b")
    e.add(
        "AWS::RDS::DBCluster",
        R,
        "analytics-aurora",
        f"arn:aws:rds:{R}:{ACCOUNT}:cluster:analytics-aurora",
        {
            "DBClusterIdentifier": "analytics-aurora",
            "Engine": "aurora-mysql",
            "Status": "available",
            "MultiAZ": a,
            "StorageEncrypted": True,
            "DeletionProtection": a,
            "BackupRetentionPeriod": 7,
            "AvailabilityZones": az,
            "DBClusterMembers": [{"DBInstanceIdentifier": "analytics-aurora-1", "IsClusterWriter": True}]
            + ([{"DBInstanceIdentifier": "analytics-aurora-2", "IsClusterWriter": False}] if a else []),
        },
        analytics_t,
    )

    # Load balancers and the storefront's Auto Scaling group.
    def alb(name, listeners):
        lbid = hexid(R + name, 16)
        arn = f"arn:aws:elasticloadbalancing:{R}:{ACCOUNT}:loadbalancer/app/{name}/{lbid}"
        e.add(
            "AWS::ElasticLoadBalancingV2::LoadBalancer",
            R,
            name,
            arn,
            {
                "LoadBalancerName": name,
                "LoadBalancerArn": arn,
                "DNSName": f"{name}-{int(lbid[:8], 16)}.{R}.elb.amazonaws.com",
                "Scheme": "internet-facing",
                "Type": "application",
                "State": {"Code": "active"},
                "VpcId": reg.id("vpc", "us-prod-vpc"),
                "CreatedTime": e.ago(540),
                "SecurityGroups": [alb_sg],
                "AvailabilityZones": [{"ZoneName": z, "SubnetId": reg.id("subnet", f"us-public-{z[-1]}")} for z in az],
                "Listeners": [
                    {
                        "ListenerArn": arn.replace(":loadbalancer/", ":listener/") + "/" + hexid(name + str(port), 16),
                        "Port": port,
                        "Protocol": proto,
                        "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06" if proto == "HTTPS" else None,
                        "DefaultActions": [action],
                    }
                    for port, proto, action in listeners
                ],
            },
            name=name,
        )
        return lbid

    forward = {"Type": "forward", "RedirectConfig": None}
    redirect = {"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}
    us_alb = alb("us-web-alb", [(443, "HTTPS", forward), (80, "HTTP", redirect)])
    if a:
        alb("marketing-alb", [(443, "HTTPS", forward), (80, "HTTP", redirect)])
    gid = uid("asg-us-web")
    asg_arn = f"arn:aws:autoscaling:{R}:{ACCOUNT}:autoScalingGroup:{gid}:autoScalingGroupName/us-web-asg"
    e.add(
        "AWS::AutoScaling::AutoScalingGroup",
        R,
        "us-web-asg",
        asg_arn,
        {
            "AutoScalingGroupName": "us-web-asg",
            "AutoScalingGroupARN": asg_arn,
            "MinSize": 2,
            "MaxSize": 6,
            "DesiredCapacity": 3,
            "AvailabilityZones": az,
            "VPCZoneIdentifier": ",".join(reg.id("subnet", f"us-private-{z[-1]}") for z in az),
            "HealthCheckType": "ELB",
            "LoadBalancerNames": [],
            "TargetGroupARNs": [f"arn:aws:elasticloadbalancing:{R}:{ACCOUNT}:targetgroup/us-web-tg/{hexid('us-web-tg', 16)}"],
            "LaunchConfigurationName": None,
            "LaunchTemplate": {"LaunchTemplateName": "us-web-lt", "Version": "$Latest"},
            "Instances": [
                {"InstanceId": reg.id("i", f"us-web-{i + 1}"), "AvailabilityZone": az[i], "LifecycleState": "InService", "HealthStatus": "Healthy"}
                for i in range(3)
            ],
        },
        {k: v for k, v in web_t.items() if k not in ("Name", "aws:autoscaling:groupName")},
        name="us-web-asg",
    )

    # KMS, messaging, parameters, tables.
    us_key = kms_key(e, R, "us-data", "US storefront data")
    dr_key = kms_key(e, R, "dr-backup", "dr-vault recovery points", rotation=a, created=600)
    for alias in ["aws/ebs", "aws/rds", "aws/backup"]:
        kms_key(e, R, alias, f"Default key that protects my {alias.split('/')[1].upper()} resources when no other key is defined", manager="AWS", created=1400)
    sqs(e, R, "us-orders-queue", 4, dlq="us-orders-dlq", sse="kms", kms=us_key)
    sqs(e, R, "us-orders-dlq", 14)
    sqs(e, R, "marketing-signups", 4, dlq=None)
    alerts = sns(e, R, "ops-alerts-us", "Northwind ops alerts (US)", kms="alias/aws/sns", subscriptions=3)
    sns(e, R, "marketing-events", "Marketing events", kms=None, subscriptions=1)
    ssm(e, R, "/us/web/api_token", "SecureString")
    ssm(e, R, "/marketing/wordpress/admin_password", "String" if b else "SecureString", modified=700 if b else 15)
    us_carts = dynamodb(e, R, "carts", "PAY_PER_REQUEST", 61204, 19 * 1048576, True)
    dynamodb(e, R, "marketing-leads", "PAY_PER_REQUEST", 48210, 12 * 1048576, False)

    # Lambda.
    lambda_fn(e, R, "newsletter-sender", "nodejs18.x", 512, 300, modified=420)
    lambda_fn(e, R, "signup-webhook", "python3.12", 256, 10, arch="arm64", tracing="Active", dlq=f"arn:aws:sqs:{R}:{ACCOUNT}:us-orders-dlq", modified=90)
    lambda_fn(e, R, "cloudfront-edge-auth", "nodejs20.x", 128, 5, modified=510)
    lambda_fn(e, R, "geo-redirect", "python3.13", 128, 3, arch="arm64", modified=60)
    lambda_fn(e, R, "us-price-sync", "java21", 1536, 120, arch="arm64", tracing="Active", dlq=f"arn:aws:sqs:{R}:{ACCOUNT}:us-orders-dlq", modified=30)
    log_group(e, R, "/aws/lambda/newsletter-sender-v1", None, 95 * 1048576, created=1200)
    log_group(e, R, "marketing-wordpress/apache", None, 7 * 1073741824)

    # Detection and governance.
    if a:
        gd = hexid(R + "guardduty", 32)
        e.add(
            "AWS::GuardDuty::Detector",
            R,
            gd,
            f"arn:aws:guardduty:{R}:{ACCOUNT}:detector/{gd}",
            {"DetectorId": gd, "Status": "ENABLED", "FindingPublishingFrequency": "FIFTEEN_MINUTES", "CreatedAt": (BASE + timedelta(days=6)).strftime("%Y-%m-%dT%H:%M:%S.811Z")},
        )
    e.add(
        "AWS::Config::ConfigurationRecorder",
        R,
        "default",
        f"arn:aws:config:{R}:{ACCOUNT}:config-recorder/default",
        {
            "name": "default",
            "roleARN": f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
            "recordingGroup": {"allSupported": a, "includeGlobalResourceTypes": False},
            "recording": a,
            "lastStatus": "SUCCESS" if a else "PENDING",
        },
    )
    e.add(
        "AWS::SecurityHub::Hub",
        R,
        R,
        None,
        {"Enabled": True, "HubArn": f"arn:aws:securityhub:{R}:{ACCOUNT}:hub/default", "SubscribedAt": (BASE + timedelta(days=6)).strftime("%Y-%m-%dT%H:%M:%S.204Z"), "AutoEnableControls": True}
        if a
        else {"Enabled": False},
    )
    if b:
        e.add(
            "AWS::CloudTrail::Trail",
            R,
            "marketing-trail",
            f"arn:aws:cloudtrail:{R}:{ACCOUNT}:trail/marketing-trail",
            {
                "Name": "marketing-trail",
                "TrailARN": f"arn:aws:cloudtrail:{R}:{ACCOUNT}:trail/marketing-trail",
                "HomeRegion": R,
                "IsMultiRegionTrail": False,
                "IsOrganizationTrail": False,
                "LogFileValidationEnabled": True,
                "IncludeGlobalServiceEvents": False,
                "KmsKeyId": None,
                "S3BucketName": "northwind-cf-logs",
                "CloudWatchLogsLogGroupArn": None,
                "IsLogging": True,
                "LatestDeliveryTime": e.recent(0, 0.2),
            },
            name="marketing-trail",
        )

    # Certificates for CloudFront (which reads them from us-east-1).
    acm(e, R, "shop.northwind-retail.example", "AMAZON_ISSUED", "ISSUED", e.ahead(150) if b else e.ahead(120), [f"arn:aws:cloudfront::{ACCOUNT}:distribution/{DIST_SHOP}"], issued=e.ago(215))
    acm(e, R, "static.northwind-retail.example", "AMAZON_ISSUED", "ISSUED", e.ahead(290) if b else e.ahead(260), [f"arn:aws:cloudfront::{ACCOUNT}:distribution/{DIST_STATIC}"], issued=e.ago(75))
    if b:
        acm(e, R, "www.northwind-old-brand.example", "IMPORTED", "EXPIRED", e.recent(19), [f"arn:aws:cloudfront::{ACCOUNT}:distribution/{DIST_LEGACY}"], issued=e.ago(384))
    else:
        acm(e, R, "www.northwind-old-brand.example", "AMAZON_ISSUED", "ISSUED", e.ahead(380), [f"arn:aws:cloudfront::{ACCOUNT}:distribution/{DIST_LEGACY}"], issued=e.ago(-15))

    # AWS Backup: the disaster-recovery vault receives eu-west-1's copies.
    pid = uid(R + "plan" + "daily-us")
    plan_arn = f"arn:aws:backup:{R}:{ACCOUNT}:backup-plan:{pid}"
    e.add(
        "AWS::Backup::BackupPlan",
        R,
        pid,
        plan_arn,
        {
            "BackupPlanId": pid,
            "BackupPlanArn": plan_arn,
            "BackupPlanName": "daily-us",
            "Rules": [
                {
                    "RuleName": "daily-35d",
                    "TargetBackupVaultName": "Default",
                    "ScheduleExpression": "cron(0 6 ? * * *)",
                    "Lifecycle": {"DeleteAfterDays": 35, "MoveToColdStorageAfterDays": None},
                    "CopyActions": [{"DestinationBackupVaultArn": f"arn:aws:backup:eu-west-1:{ACCOUNT}:backup-vault:prod-vault"}],
                }
            ],
        },
        name="daily-us",
    )
    for name, key, points, locked in [("dr-vault", dr_key, 388 if b else 406, True), ("Default", f"arn:aws:kms:{R}:{ACCOUNT}:key/{uid(R + 'aws/backup')}", 70 if b else 104, False)]:
        arn = f"arn:aws:backup:{R}:{ACCOUNT}:backup-vault:{name}"
        e.add(
            "AWS::Backup::BackupVault",
            R,
            name,
            arn,
            {"BackupVaultName": name, "BackupVaultArn": arn, "EncryptionKeyArn": key, "NumberOfRecoveryPoints": points, "Locked": locked},
        )
    protected(e, R, f"arn:aws:rds:{R}:{ACCOUNT}:db:storefront-us-db", "RDS", "storefront-us-db")
    protected(e, R, f"arn:aws:rds:{R}:{ACCOUNT}:cluster:analytics-aurora", "Aurora", "analytics-aurora")
    protected(e, R, us_carts, "DynamoDB", "carts")

    # ElastiCache for US sessions.
    rg_arn = f"arn:aws:elasticache:{R}:{ACCOUNT}:replicationgroup:us-sessions-redis"
    members = ["us-sessions-redis-001"] + (["us-sessions-redis-002"] if a else [])
    e.add(
        "AWS::ElastiCache::ReplicationGroup",
        R,
        "us-sessions-redis",
        rg_arn,
        {
            "ReplicationGroupId": "us-sessions-redis",
            "ARN": rg_arn,
            "Status": "available",
            "AutomaticFailover": "enabled" if a else "disabled",
            "MultiAZ": "enabled" if a else "disabled",
            "AtRestEncryptionEnabled": False,
            "TransitEncryptionEnabled": False,
            "AuthTokenEnabled": False,
            "SnapshotRetentionLimit": 3 if a else 0,
            "CacheNodeType": "cache.t3.medium",
            "MemberClusters": members,
        },
    )
    for i, cid in enumerate(members):
        arn = f"arn:aws:elasticache:{R}:{ACCOUNT}:cluster:{cid}"
        e.add(
            "AWS::ElastiCache::CacheCluster",
            R,
            cid,
            arn,
            {
                "CacheClusterId": cid,
                "ARN": arn,
                "Engine": "redis",
                "EngineVersion": "6.2.6",
                "CacheNodeType": "cache.t3.medium",
                "NumCacheNodes": 1,
                "CacheClusterStatus": "available",
                "ReplicationGroupId": "us-sessions-redis",
                "SnapshotRetentionLimit": 3 if a and i == 0 else 0,
                "AutoMinorVersionUpgrade": True,
                "AtRestEncryptionEnabled": False,
                "TransitEncryptionEnabled": False,
                "PreferredAvailabilityZone": az[i],
            },
        )

    # Alarms, stacks, secrets.
    alarm(e, R, "us-web-alb-5xx", "AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", [("LoadBalancer", f"app/us-web-alb/{us_alb}")], [alerts])
    alarm(e, R, "us-web-alb-healthy-hosts", "AWS/ApplicationELB", "HealthyHostCount", [("LoadBalancer", f"app/us-web-alb/{us_alb}")], [alerts])
    alarm(e, R, "newsletter-sender-errors", "AWS/Lambda", "Errors", [("FunctionName", "newsletter-sender")], [], enabled=False, state="ALARM")
    if a:
        alarm(e, R, "storefront-us-db-cpu-high", "AWS/RDS", "CPUUtilization", [("DBInstanceIdentifier", "storefront-us-db")], [alerts])
        alarm(e, R, "analytics-aurora-cpu-high", "AWS/RDS", "CPUUtilization", [("DBClusterIdentifier", "analytics-aurora")], [alerts])
    stack(e, R, "us-storefront", "UPDATE_COMPLETE", a, "IN_SYNC", {"Environment": "production", "Owner": "web-team", "CostCenter": "CC-1001"}, created=540, updated=7)
    stack(
        e,
        R,
        "marketing-site",
        "UPDATE_ROLLBACK_FAILED" if b else "UPDATE_COMPLETE",
        False,
        "DRIFTED" if b else "IN_SYNC",
        {"Owner": "marketing-team"},
        created=940,
        updated=52 if b else -8,
        reason="Resource handler returned message: \"The security group 'sg-0...' does not exist\"" if b else None,
    )
    secret(e, R, "us/storefront/db-credentials", 30, e.recent(5), day(e.recent(0)), created=540, kms=us_key)
    secret(e, R, "marketing/wordpress/admin", None, None, day(e.recent(40)), created=930)


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
    ("s3", ["AWS::S3::Bucket"]),
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


# --------------------------------------------------------------------------


def build(phase):
    e = Estate(phase)
    iam(e)
    s3(e)
    edge(e)
    eu_west_1(e)
    us_east_1(e)
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


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    for phase in ("before", "after"):
        inventory = build(phase)
        write(os.path.join(here, f"{phase}.json"), inventory)
        print(f"{phase}.json: {len(inventory['resources'])} resources, {len(inventory['coverage'])} coverage rows")


if __name__ == "__main__":
    main()
