"""Governance as crates/atoll-aws/src/services/governance.rs records it:
Organizations (global), AWS Config recorders, Security Hub, CloudWatch
alarms, CloudFormation stacks and Secrets Manager secrets."""

from .common import ACCOUNT, GLOBAL, MANAGEMENT_ACCOUNT, day, hexid, key_arn, stamp, uid, upper_id


def organization(e):
    config = {"InOrganization": True, "Id": "o-7h2k9m4p1q", "MasterAccountId": MANAGEMENT_ACCOUNT, "FeatureSet": "CONSOLIDATED_BILLING" if e.before else "ALL"}
    e.add("AWS::Organizations::Account", GLOBAL, ACCOUNT, None, config)


def config_recorder(reg, all_supported, global_types, recording, last_status):
    reg.e.add(
        "AWS::Config::ConfigurationRecorder",
        reg.r,
        "default",
        reg.arn("config", "config-recorder/default"),
        {
            "name": "default",
            "roleARN": f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
            "recordingGroup": {"allSupported": all_supported, "includeGlobalResourceTypes": global_types},
            "recording": recording,
            "lastStatus": last_status,
        },
    )


def security_hub(reg, subscribed_at):
    """The region's hub; subscribed_at None when Security Hub is off."""
    if subscribed_at is None:
        config = {"Enabled": False}
    else:
        config = {"Enabled": True, "HubArn": reg.arn("securityhub", "hub/default"), "SubscribedAt": subscribed_at, "AutoEnableControls": True}
    reg.e.add("AWS::SecurityHub::Hub", reg.r, reg.r, None, config)


def alarm(reg, name, namespace, metric, dimensions, actions, enabled=True, state="OK"):
    arn = reg.arn("cloudwatch", f"alarm:{name}")
    reg.e.add(
        "AWS::CloudWatch::Alarm",
        reg.r,
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


def stack(reg, name, status, protected, drift, t, created=600, updated=30, reason=None):
    sid = reg.arn("cloudformation", f"stack/{name}/{uid(reg.r + 'stack' + name)}")
    reg.e.add(
        "AWS::CloudFormation::Stack",
        reg.r,
        name,
        sid,
        {
            "StackName": name,
            "StackId": sid,
            "StackStatus": status,
            "StackStatusReason": reason,
            "CreationTime": reg.e.ago(created),
            "LastUpdatedTime": reg.e.ago(updated) if updated is not None else None,
            "EnableTerminationProtection": protected,
            "DriftInformation": {"StackDriftStatus": drift},
            "RoleARN": None,
        },
        t,
        name=name,
    )


def secret(reg, name, rotation_days=None, rotated=None, accessed=None, created=500, kms=None):
    suffix = upper_id("secret" + name, 6, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    arn = reg.arn("secretsmanager", f"secret:{name}-{suffix}")
    reg.e.add(
        "AWS::SecretsManager::Secret",
        reg.r,
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
            "CreatedDate": reg.e.ago(created),
        },
        name=name,
    )


def eu_west_1(reg):
    e = reg.e
    b, a = e.before, e.after
    config_recorder(reg, True, True, True, "SUCCESS")
    security_hub(reg, stamp(880, "345"))

    alerts, pager = reg.arn("sns", "ops-alerts"), reg.arn("sns", "cloudwatch-alarms-eu")
    alb = [("LoadBalancer", f"app/prod-web-alb/{hexid('prod-web-alb', 16)}")]

    def rds(name, metric="CPUUtilization", key="DBInstanceIdentifier"):
        return "AWS/RDS", metric, [(key, name)]

    def fn(name):
        return "AWS/Lambda", "Errors", [("FunctionName", name)]

    alarm(reg, "prod-web-alb-5xx", "AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", alb, [alerts])
    alarm(reg, "prod-web-alb-target-latency-p99", "AWS/ApplicationELB", "TargetResponseTime", alb, [alerts])
    alarm(reg, "orders-db-cpu-high", *rds("orders-db"), [alerts, pager])
    alarm(reg, "orders-db-free-storage-low", *rds("orders-db", "FreeStorageSpace"), [alerts])
    alarm(reg, "payments-db-cpu-high", *rds("payments-db"), [alerts, pager])
    alarm(reg, "catalog-aurora-replica-lag", *rds("catalog-aurora", "AuroraReplicaLag", "DBClusterIdentifier"), [alerts])
    alarm(reg, "reporting-db-cpu-high", *rds("reporting-db"), [] if b else [alerts], state="ALARM" if b else "OK")
    alarm(reg, "inventory-sync-errors", *fn("inventory-sync"), [alerts])
    alarm(reg, "payment-webhook-errors", *fn("payment-webhook"), [alerts, pager])
    alarm(reg, "order-confirmation-email-errors", *fn("order-confirmation-email"), [] if b else [alerts], state="INSUFFICIENT_DATA")
    alarm(reg, "orders-dlq-not-empty", "AWS/SQS", "ApproximateNumberOfMessagesVisible", [("QueueName", "orders-dlq")], [alerts])
    if a:
        nlb = [("LoadBalancer", f"net/prod-orders-nlb/{hexid('prod-orders-nlb', 16)}")]
        alarm(reg, "prod-orders-nlb-unhealthy-hosts", "AWS/NetworkELB", "UnHealthyHostCount", nlb, [alerts])
        alarm(reg, "image-resizer-errors", *fn("image-resizer"), [alerts])

    def st(owner):
        return {"Environment": "production", "Owner": owner, "CostCenter": "CC-1001"}

    stack(reg, "prod-network", "UPDATE_COMPLETE", True, "IN_SYNC", st("platform-team"), created=1300, updated=210)
    stack(reg, "prod-web", "UPDATE_COMPLETE", a, "IN_SYNC", st("web-team"), created=1100, updated=9)
    stack(reg, "prod-data", "UPDATE_COMPLETE", True, "DRIFTED" if b else "IN_SYNC", st("orders-team"), created=1100, updated=64 if b else -6)
    stack(reg, "prod-ecs-services", "UPDATE_COMPLETE", True, "IN_SYNC", st("web-team"), created=500, updated=6)
    stack(reg, "prod-ecs-services-CheckoutNestedStack-" + upper_id("nested", 12), "UPDATE_COMPLETE", False, "IN_SYNC", {}, created=500, updated=6)
    stack(reg, "eksctl-analytics-eks-cluster", "UPDATE_COMPLETE", a, "IN_SYNC", st("data-team"), created=800, updated=300 if b else -3)
    stack(reg, "nonprod-web", "UPDATE_COMPLETE", False, "IN_SYNC", {"Environment": "nonprod", "Owner": "web-team"}, created=600, updated=4)
    stack(reg, "CDKToolkit", "UPDATE_COMPLETE", False, "IN_SYNC", {}, created=700, updated=150)
    if b:
        reason = "The following resource(s) failed to create: [GlueCrawler]. Rollback requested by user."
        stack(reg, "reporting-pipeline", "ROLLBACK_COMPLETE", False, "IN_SYNC", {"Owner": "data-team"}, created=45, updated=None, reason=reason)

    today = day(e.recent(0))
    secret(reg, "prod/orders/db-credentials", 30, e.recent(12), today, created=700, kms=key_arn(reg.r, "orders-data"))
    secret(reg, "prod/payments/stripe-api-key", None, None, day(e.recent(1)), created=820)
    if b:
        secret(reg, "legacy/reporting/db-password", None, None, day(e.recent(212)), created=1300)
    secret(reg, f"rds!db-{uid(reg.r + 'rds-secret')}", 7, e.recent(3), today, created=300)
    secret(reg, "prod/web/session-signing-key", 90, e.recent(131) if b else e.recent(20), today, created=600)


def us_east_1(reg):
    e = reg.e
    b, a = e.before, e.after
    # Config and Security Hub were turned on here during the remediation.
    config_recorder(reg, a, False, a, "SUCCESS" if a else "PENDING")
    security_hub(reg, stamp(-6, "204") if a else None)

    alerts = reg.arn("sns", "ops-alerts-us")
    alb = [("LoadBalancer", f"app/us-web-alb/{hexid(reg.r + 'us-web-alb', 16)}")]
    alarm(reg, "us-web-alb-5xx", "AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", alb, [alerts])
    alarm(reg, "us-web-alb-healthy-hosts", "AWS/ApplicationELB", "HealthyHostCount", alb, [alerts])
    alarm(reg, "newsletter-sender-errors", "AWS/Lambda", "Errors", [("FunctionName", "newsletter-sender")], [], enabled=False, state="ALARM")
    if a:
        alarm(reg, "storefront-us-db-cpu-high", "AWS/RDS", "CPUUtilization", [("DBInstanceIdentifier", "storefront-us-db")], [alerts])
        alarm(reg, "analytics-aurora-cpu-high", "AWS/RDS", "CPUUtilization", [("DBClusterIdentifier", "analytics-aurora")], [alerts])

    stack(reg, "us-storefront", "UPDATE_COMPLETE", a, "IN_SYNC", {"Environment": "production", "Owner": "web-team", "CostCenter": "CC-1001"}, created=540, updated=7)
    reason = "Resource handler returned message: \"The security group 'sg-0...' does not exist\"" if b else None
    stack(
        reg, "marketing-site", "UPDATE_ROLLBACK_FAILED" if b else "UPDATE_COMPLETE", False, "DRIFTED" if b else "IN_SYNC", {"Owner": "marketing-team"},
        created=940, updated=52 if b else -8, reason=reason,
    )
    secret(reg, "us/storefront/db-credentials", 30, e.recent(5), day(e.recent(0)), created=540, kms=key_arn(reg.r, "us-data"))
    secret(reg, "marketing/wordpress/admin", None, None, day(e.recent(40)), created=930)
