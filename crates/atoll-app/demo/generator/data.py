"""Data stores as crates/atoll-aws/src/services/data.rs records them: S3
buckets, KMS keys, DynamoDB tables, RDS instances and Aurora clusters."""

from .common import ACCOUNT, DIST_SHOP, DIST_STATIC, GLOBAL, REGIONS, doc, key_arn, uid


# --- S3 (global: each bucket carries its own region)
def s3(e):
    b = e.before
    full_block = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}
    no_block = {"BlockPublicAcls": False, "IgnorePublicAcls": False, "BlockPublicPolicy": False, "RestrictPublicBuckets": False}
    sse_s3 = {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256", "KMSMasterKeyID": None}, "BucketKeyEnabled": False}]}

    def sse_kms(region, key):
        return {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key_arn(region, key)}, "BucketKeyEnabled": True}]}

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

    # No account-level Block Public Access: each bucket stands on its own.
    e.add("AWS::S3::AccountPublicAccessBlock", GLOBAL, ACCOUNT, None, {"PublicAccessBlockConfiguration": None})
    owner_only = [{"Grantee": {"Type": "CanonicalUser", "URI": None}, "Permission": "FULL_CONTROL"}]

    def bucket(name, region, created, versioning=None, block=full_block, encryption=sse_s3, policy=None, public=False):
        config = {
            "Name": name,
            "CreationDate": e.ago(created),
            "PublicAccessBlockConfiguration": block,
            "AccountPublicAccessBlockConfiguration": None,
            "EffectivePublicAccessBlock": {k: bool((block or {}).get(k)) for k in full_block},
            "Versioning": {"Status": versioning, "MFADelete": "Disabled" if versioning else None},
            "ServerSideEncryptionConfiguration": encryption,
            "Policy": policy,
            "PolicyStatus": {"IsPublic": public},
            "Grants": owner_only,
            "AccountPublicAccessBlockReadable": True,
        }
        e.add("AWS::S3::Bucket", region, name, f"arn:aws:s3:::{name}", config, name=name)

    eu, us = REGIONS
    bucket("northwind-prod-media", eu, 1400, "Enabled", encryption=sse_kms(eu, "orders-data"), policy=cloudfront_only("northwind-prod-media", DIST_SHOP))
    bucket("northwind-prod-orders-exports", eu, 1100, "Suspended" if b else "Enabled")
    trail_bucket = f"northwind-cloudtrail-logs-{ACCOUNT}"
    trail_principal = {"Service": "cloudtrail.amazonaws.com"}
    trail_policy = doc(
        {"Sid": "AWSCloudTrailAclCheck", "Effect": "Allow", "Principal": trail_principal, "Action": "s3:GetBucketAcl", "Resource": f"arn:aws:s3:::{trail_bucket}"},
        {
            "Sid": "AWSCloudTrailWrite",
            "Effect": "Allow",
            "Principal": trail_principal,
            "Action": "s3:PutObject",
            "Resource": f"arn:aws:s3:::{trail_bucket}/AWSLogs/{ACCOUNT}/*",
            "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}},
        },
    )
    bucket(trail_bucket, eu, 1450, "Enabled", policy=trail_policy)
    static_public = doc({"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::northwind-static-assets-eu/*"})
    static_policy = static_public if b else cloudfront_only("northwind-static-assets-eu", DIST_STATIC)
    bucket("northwind-static-assets-eu", eu, 1250, None, block=no_block if b else full_block, policy=static_policy, public=b)
    bucket("northwind-backups-eu", eu, 1000, "Enabled", encryption=sse_kms(eu, "backup-vault"))
    lake_block = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": False, "RestrictPublicBuckets": False}
    bucket("northwind-data-lake-raw", eu, 640, None, block=lake_block if b else full_block)
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


# --- KMS
def kms_key(reg, name, description, manager="CUSTOMER", rotation=True, created=900):
    kid = uid(reg.r + name)
    arn = key_arn(reg.r, name)
    reg.e.add(
        "AWS::KMS::Key",
        reg.r,
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
            "CreationDate": reg.e.ago(created),
            "Description": description,
            "KeyRotationEnabled": rotation if manager == "CUSTOMER" else None,
        },
    )
    return arn


def aws_managed_keys(reg, services, created):
    """The AWS-managed keys (alias/aws/<service>) the region's services made."""
    for service in services:
        description = f"Default key that protects my {service.upper()} resources when no other key is defined"
        kms_key(reg, f"aws/{service}", description, manager="AWS", created=created)


# --- DynamoDB
def dynamodb(reg, name, mode, items, size, pitr, status="ACTIVE"):
    arn = reg.arn("dynamodb", f"table/{name}")
    reg.e.add(
        "AWS::DynamoDB::Table",
        reg.r,
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


# --- RDS
def db(reg, name, engine, version, cls, t, multi_az=True, encrypted=True, key="orders-data", public=False, backup=7, protection=True,
       minor=True, storage="gp3", cluster=None, zone=None, insights=True, monitoring=60, iam_auth=None):
    arn = reg.arn("rds", f"db:{name}")
    config = {
        "DBInstanceIdentifier": name,
        "DBInstanceClass": cls,
        "Engine": engine,
        "EngineVersion": version,
        "DBInstanceStatus": "available",
        "MultiAZ": multi_az,
        "StorageEncrypted": encrypted,
        "KmsKeyId": key_arn(reg.r, key) if encrypted else None,
        "PubliclyAccessible": public,
        "BackupRetentionPeriod": backup,
        "DeletionProtection": protection,
        "AutoMinorVersionUpgrade": minor,
        "StorageType": storage,
        "DBClusterIdentifier": cluster,
        "AvailabilityZone": zone or reg.az[0],
        "PerformanceInsightsEnabled": insights,
        "MonitoringInterval": monitoring,
        "IAMDatabaseAuthenticationEnabled": engine.startswith("postgres") if iam_auth is None else iam_auth,
        "CopyTagsToSnapshot": True,
    }
    reg.e.add("AWS::RDS::DBInstance", reg.r, name, arn, config, t)
    return arn


def db_cluster(reg, name, engine, multi_az, protection, backup, members, t):
    """An Aurora cluster; members as instance ids, the writer first."""
    reg.e.add(
        "AWS::RDS::DBCluster",
        reg.r,
        name,
        reg.arn("rds", f"cluster:{name}"),
        {
            "DBClusterIdentifier": name,
            "Engine": engine,
            "Status": "available",
            "MultiAZ": multi_az,
            "StorageEncrypted": True,
            "DeletionProtection": protection,
            "BackupRetentionPeriod": backup,
            "AvailabilityZones": reg.az,
            "DBClusterMembers": [{"DBInstanceIdentifier": m, "IsClusterWriter": i == 0} for i, m in enumerate(members)],
        },
        t,
    )


def eu_west_1(reg):
    b, a = reg.e.before, reg.e.after
    kms_key(reg, "orders-data", "orders and media data")
    kms_key(reg, "payments", "payments-db and card tokens")
    kms_key(reg, "legacy-reporting", "reporting exports (legacy)", rotation=a, created=1400)
    kms_key(reg, "backup-vault", "prod-vault recovery points")
    aws_managed_keys(reg, ["ebs", "rds", "backup", "s3", "sns"], 1500)

    dynamodb(reg, "carts", "PAY_PER_REQUEST", 284113, 91 * 1048576, True)
    dynamodb(reg, "sessions", "PROVISIONED", 120337, 48 * 1048576, a)
    if b:
        dynamodb(reg, "feature-flags", "PROVISIONED", 0, 0, False)
    dynamodb(reg, "product-reviews", "PAY_PER_REQUEST", 1920455, 2210 * 1048576, True)

    orders_t = reg.prod_t("orders-db", "orders-team", DataClassification="confidential")
    del orders_t["Name"]
    db(reg, "orders-db", "postgres", "16.4", "db.m6g.large", orders_t, multi_az=a)
    db(reg, "payments-db", "postgres", "16.4", "db.r6g.large", {"Environment": "production", "Owner": "payments-team", "CostCenter": "CC-1002", "DataClassification": "pci"})
    db(
        reg, "reporting-db", "mysql", "5.7.44", "db.t2.medium", {"Owner": "data-team", "Project": "bi-reporting"}, multi_az=False, encrypted=False, public=b,
        backup=0 if b else 7, protection=False, storage="gp2", zone="eu-west-1b", insights=False, monitoring=0,
    )
    catalog_t = {"Environment": "production", "Owner": "web-team", "CostCenter": "CC-1001", "DataClassification": "internal"}
    for i, zone in enumerate(["eu-west-1a", "eu-west-1b"]):
        db(reg, f"catalog-aurora-{i + 1}", "aurora-postgresql", "16.4", "db.r6g.large", catalog_t, multi_az=False, storage="aurora", cluster="catalog-aurora", zone=zone, backup=14)
    staging_t = {"Environment": "nonprod", "Owner": "orders-team", "CostCenter": "CC-1090", "DataClassification": "synthetic"}
    db(reg, "orders-db-staging", "postgres", "16.4", "db.t3.medium", staging_t, multi_az=True, backup=1, protection=False, insights=False, monitoring=0)
    db_cluster(reg, "catalog-aurora", "aurora-postgresql", True, True, 14, ["catalog-aurora-1", "catalog-aurora-2"], catalog_t)


def us_east_1(reg):
    a = reg.e.after
    kms_key(reg, "us-data", "US storefront data")
    kms_key(reg, "dr-backup", "dr-vault recovery points", rotation=a, created=600)
    aws_managed_keys(reg, ["ebs", "rds", "backup"], 1400)

    dynamodb(reg, "carts", "PAY_PER_REQUEST", 61204, 19 * 1048576, True)
    dynamodb(reg, "marketing-leads", "PAY_PER_REQUEST", 48210, 12 * 1048576, False)

    # RDS: the baseline's review role was denied DescribeDBInstances here by
    # a region-guardrail SCP, so only the after scan sees the instances.
    def us_db(name, engine, version, cls, t, multi_az, storage="gp3", insights=True, cluster=None, zone=None):
        db(
            reg, name, engine, version, cls, t, multi_az=multi_az, key="us-data", protection=cluster is None, storage=storage, cluster=cluster,
            zone=zone, insights=insights, monitoring=60 if insights else 0, iam_auth=False,
        )

    analytics_t = {"Environment": "production", "Owner": "data-team", "CostCenter": "CC-1003", "DataClassification": "internal"}
    if a:
        us_db_t = {"Environment": "production", "Owner": "web-team", "CostCenter": "CC-1001", "DataClassification": "confidential"}
        us_db("storefront-us-db", "postgres", "16.4", "db.r6g.large", us_db_t, True)
        us_db("marketing-db", "mysql", "8.0.39", "db.t3.medium", {"Owner": "marketing-team", "CostCenter": "CC-2001"}, False, storage="gp2", insights=False)
        aurora = ("aurora-mysql", "8.0.mysql_aurora.3.08.0", "db.r6g.xlarge", analytics_t, False)
        us_db("analytics-aurora-1", *aurora, storage="aurora", cluster="analytics-aurora")
        us_db("analytics-aurora-2", *aurora, storage="aurora", cluster="analytics-aurora", zone="us-east-1b")
    members = ["analytics-aurora-1"] + (["analytics-aurora-2"] if a else [])
    db_cluster(reg, "analytics-aurora", "aurora-mysql", a, a, 7, members, analytics_t)
