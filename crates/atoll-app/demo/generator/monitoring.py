"""Monitoring as crates/atoll-aws/src/services/monitoring.rs records it:
CloudWatch Logs log groups, GuardDuty detectors and CloudTrail trails."""

from datetime import timedelta

from .common import ACCOUNT, BASE, hexid, key_arn, stamp


def log_group(reg, name, retention=None, stored=0, kms=None, created=400):
    arn = reg.arn("logs", f"log-group:{name}:*")
    reg.e.add(
        "AWS::Logs::LogGroup",
        reg.r,
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


def guardduty(reg, frequency, created_at):
    gd = hexid(reg.r + "guardduty", 32)
    reg.e.add(
        "AWS::GuardDuty::Detector",
        reg.r,
        gd,
        reg.arn("guardduty", f"detector/{gd}"),
        {"DetectorId": gd, "Status": "ENABLED", "FindingPublishingFrequency": frequency, "CreatedAt": created_at},
    )


def trail(reg, name, multi_region, global_events, kms, bucket, log_group_arn, delivered_hours_ago):
    arn = reg.arn("cloudtrail", f"trail/{name}")
    reg.e.add(
        "AWS::CloudTrail::Trail",
        reg.r,
        name,
        arn,
        {
            "Name": name,
            "TrailARN": arn,
            "HomeRegion": reg.r,
            "IsMultiRegionTrail": multi_region,
            "IsOrganizationTrail": False,
            "LogFileValidationEnabled": True,
            "IncludeGlobalServiceEvents": global_events,
            "KmsKeyId": kms,
            "S3BucketName": bucket,
            "CloudWatchLogsLogGroupArn": log_group_arn,
            "IsLogging": True,
            "LatestDeliveryTime": reg.e.recent(0, delivered_hours_ago),
        },
        name=name,
    )


def eu_west_1(reg):
    b = reg.e.before
    orders_key = key_arn(reg.r, "orders-data")
    GiB, MiB = 1073741824, 1048576
    log_group(reg, "/aws/lambda/order-export-v1", None, 312 * MiB, created=1500)
    log_group(reg, "/aws/eks/analytics-eks/cluster", 90, 3 * GiB)
    for svc in ["checkout", "recommendations", "log-shipper"]:
        log_group(reg, f"/ecs/{svc}", 30, 14 * GiB // (3 if svc == "checkout" else 9))
    log_group(reg, "/aws/cloudtrail/northwind-trail", 365, 22 * GiB, kms=orders_key)
    log_group(reg, "/aws/rds/instance/orders-db/postgresql", 30, 6 * GiB, kms=orders_key)
    log_group(reg, "prod-web/nginx-access", 3653, 48 * GiB)
    log_group(reg, "/vpc/flow-logs/prod", None if b else 90, 120 * GiB)
    log_group(reg, "reporting-etl", None, 900 * MiB)

    guardduty(reg, "SIX_HOURS", stamp(935, "123"))
    trail_logs = reg.arn("logs", "log-group:/aws/cloudtrail/northwind-trail:*")
    trail(reg, "northwind-trail", True, True, orders_key, f"northwind-cloudtrail-logs-{ACCOUNT}", trail_logs, 0.1)


def us_east_1(reg):
    b, a = reg.e.before, reg.e.after
    log_group(reg, "/aws/lambda/newsletter-sender-v1", None, 95 * 1048576, created=1200)
    log_group(reg, "marketing-wordpress/apache", None, 7 * 1073741824)
    if a:
        # Enabled during the remediation, six days after the baseline.
        guardduty(reg, "FIFTEEN_MINUTES", stamp(-6, "811"))
    if b:
        trail(reg, "marketing-trail", False, False, None, "northwind-cf-logs", None, 0.2)
