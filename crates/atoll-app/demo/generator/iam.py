"""IAM as crates/atoll-aws/src/services/iam.rs records it (global): the
account (STS), its password policy and summary, users with their groups and
keys, customer-managed policies with their versions, and roles."""

from .common import ACCOUNT, GLOBAL, PARTNER_ACCOUNT, REGIONS, VENDOR_ACCOUNT, allow, customer_policy, doc, managed, tags, upper_id

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
    principal = {"Service": list(services) if len(services) > 1 else services[0]}
    return doc({"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"})


def account_trust(account, condition=None):
    statement = {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"}, "Action": "sts:AssumeRole"}
    if condition:
        statement["Condition"] = condition
    return doc(statement)


def iam(e):
    b = e.before
    # Account and its summary.
    caller = {"Account": ACCOUNT, "Arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/AtollReadOnly/atoll-review", "UserId": "AROA" + upper_id("atoll-role", 17) + ":atoll-review"}
    e.add("AWS::::Account", GLOBAL, ACCOUNT, f"arn:aws:iam::{ACCOUNT}:root", caller)
    strong = e.after  # the remediation's password policy
    password_policy = {
        "MinimumPasswordLength": 14 if strong else 8,
        "RequireSymbols": strong,
        "RequireNumbers": True,
        "RequireUppercaseCharacters": True,
        "RequireLowercaseCharacters": True,
        "AllowUsersToChangePassword": True,
        "ExpirePasswords": strong,
        "MaxPasswordAge": 90 if strong else None,
        "PasswordReusePrevention": 24 if strong else None,
        "HardExpiry": False if strong else None,
    }
    e.add("AWS::IAM::AccountPasswordPolicy", GLOBAL, ACCOUNT, None, password_policy)
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
