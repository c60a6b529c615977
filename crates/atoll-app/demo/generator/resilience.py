"""Resilience as crates/atoll-aws/src/services/resilience.rs records it: AWS
Backup plans, vaults and protected resources, EFS file systems, and
ElastiCache replication groups and cache clusters."""

from .common import ACCOUNT, PROD, key_arn, tags, uid


# --- AWS Backup
def plan(reg, name, rules):
    """Rules as (name, vault, schedule, lifecycle, copy destinations)."""
    pid = uid(reg.r + "plan" + name)
    arn = reg.arn("backup", f"backup-plan:{pid}")
    reg.e.add(
        "AWS::Backup::BackupPlan",
        reg.r,
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


def lifecycle(delete_after, cold_after=None):
    return {"DeleteAfterDays": delete_after, "MoveToColdStorageAfterDays": cold_after}


def vault(reg, name, key, points, locked):
    arn = reg.arn("backup", f"backup-vault:{name}")
    config = {"BackupVaultName": name, "BackupVaultArn": arn, "EncryptionKeyArn": key, "NumberOfRecoveryPoints": points, "Locked": locked}
    reg.e.add("AWS::Backup::BackupVault", reg.r, name, arn, config)


def protected(reg, arn, kind, name, last_days=1):
    config = {"ResourceArn": arn, "ResourceType": kind, "LastBackupTime": reg.e.recent(last_days, 6), "ResourceName": name}
    reg.e.add("AWS::Backup::ProtectedResource", reg.r, arn, arn, config)


# --- EFS
def efs(reg, name, encrypted, zone, throughput, size, backup, transition, t, key=None):
    fid = reg.id("fs", name)
    arn = reg.arn("elasticfilesystem", f"file-system/{fid}")
    reg.e.add(
        "AWS::EFS::FileSystem",
        reg.r,
        fid,
        arn,
        {
            "FileSystemId": fid,
            "FileSystemArn": arn,
            "Name": name,
            "Encrypted": encrypted,
            "KmsKeyId": key if encrypted else None,
            "LifeCycleState": "available",
            "PerformanceMode": "generalPurpose",
            "ThroughputMode": throughput,
            "AvailabilityZoneName": zone,
            "NumberOfMountTargets": 1 if zone else 3,
            "SizeInBytes": size,
            "BackupPolicy": {"Status": backup},
            "LifecyclePolicies": [{"TransitionToIA": transition, "TransitionToArchive": None}] if transition else [],
        },
        t,
    )
    return arn


# --- ElastiCache
def replication_group(reg, rid, failover, encrypted, auth, retention, node, members):
    """A Redis replication group; failover also means Multi-AZ, encrypted
    means at rest and in transit."""
    arn = reg.arn("elasticache", f"replicationgroup:{rid}")
    on_off = "enabled" if failover else "disabled"
    config = {
        "ReplicationGroupId": rid,
        "ARN": arn,
        "Status": "available",
        "AutomaticFailover": on_off,
        "MultiAZ": on_off,
        "AtRestEncryptionEnabled": encrypted,
        "TransitEncryptionEnabled": encrypted,
        "AuthTokenEnabled": auth,
        "SnapshotRetentionLimit": retention,
        "CacheNodeType": node,
        "MemberClusters": members,
    }
    reg.e.add("AWS::ElastiCache::ReplicationGroup", reg.r, rid, arn, config)


def cache_cluster(reg, cid, engine, node, rg=None, retention=0, at_rest=True, transit=True, zone=None, version=None):
    arn = reg.arn("elasticache", f"cluster:{cid}")
    reg.e.add(
        "AWS::ElastiCache::CacheCluster",
        reg.r,
        cid,
        arn,
        {
            "CacheClusterId": cid,
            "ARN": arn,
            "Engine": engine,
            "EngineVersion": version or ("7.1" if engine == "redis" else "1.6.22"),
            "CacheNodeType": node,
            "NumCacheNodes": 1 if engine == "redis" else 2,
            "CacheClusterStatus": "available",
            "ReplicationGroupId": rg,
            "SnapshotRetentionLimit": retention,
            "AutoMinorVersionUpgrade": True,
            "AtRestEncryptionEnabled": at_rest,
            "TransitEncryptionEnabled": transit,
            "PreferredAvailabilityZone": zone or reg.az[0],
        },
    )


def eu_west_1(reg):
    e, R = reg.e, reg.r
    b, a = e.before, e.after
    dr_vault = f"arn:aws:backup:us-east-1:{ACCOUNT}:backup-vault:dr-vault"
    daily = [("daily-35d", "prod-vault", "cron(0 3 ? * * *)", lifecycle(35), [dr_vault]), ("monthly-1y", "prod-vault", "cron(0 4 1 * ? *)", lifecycle(365, 30), [])]
    plan(reg, "daily-prod", daily)
    plan(reg, "weekly-nonprod", [("weekly-5w", "Default", "cron(0 5 ? * SUN *)", lifecycle(35), [])])
    plan(reg, "legacy-reporting-keep", [("keep-forever", "Default", "cron(0 2 ? * * *)", None if b else lifecycle(400, 30), [])])
    vault(reg, "prod-vault", key_arn(R, "backup-vault"), 412 if b else 431, a)
    vault(reg, "Default", key_arn(R, "aws/backup"), 36, False)
    for name in ["orders-db", "payments-db"] + (["reporting-db"] if a else []):
        protected(reg, reg.arn("rds", f"db:{name}"), "RDS", name)
    protected(reg, reg.arn("rds", "cluster:catalog-aurora"), "Aurora", "catalog-aurora")
    protected(reg, reg.arn("dynamodb", "table/carts"), "DynamoDB", "carts")
    protected(reg, reg.arn("dynamodb", "table/product-reviews"), "DynamoDB", "product-reviews")
    if a:
        protected(reg, reg.arn("dynamodb", "table/sessions"), "DynamoDB", "sessions")

    orders_key = key_arn(R, "orders-data")
    media_t = tags(name="prod-media", owner="web-team", **PROD, DataClassification="internal")
    media = efs(reg, "prod-media", True, None, "elastic", 812 * 1073741824, "ENABLED", "AFTER_30_DAYS", media_t, orders_key)
    legacy_t = tags(name="legacy-shared", owner="it-operations", **PROD)
    efs(reg, "legacy-shared", False, "eu-west-1a", "bursting", 96 * 1073741824, "DISABLED" if b else "ENABLED", "AFTER_90_DAYS", legacy_t)
    protected(reg, media, "EFS", "prod-media")

    replication_group(reg, "sessions-redis", True, True, True, 7, "cache.r6g.large", ["sessions-redis-001", "sessions-redis-002"])
    cache_cluster(reg, "sessions-redis-001", "redis", "cache.r6g.large", rg="sessions-redis", retention=7)
    cache_cluster(reg, "sessions-redis-002", "redis", "cache.r6g.large", rg="sessions-redis", retention=0, zone="eu-west-1b")
    cache_cluster(reg, "catalog-memcached", "memcached", "cache.m3.medium" if b else "cache.m7g.large", at_rest=False, transit=a)


def us_east_1(reg):
    """The disaster-recovery vault receives eu-west-1's copies."""
    e, R = reg.e, reg.r
    b, a = e.before, e.after
    prod_vault = f"arn:aws:backup:eu-west-1:{ACCOUNT}:backup-vault:prod-vault"
    plan(reg, "daily-us", [("daily-35d", "Default", "cron(0 6 ? * * *)", lifecycle(35), [prod_vault])])
    vault(reg, "dr-vault", key_arn(R, "dr-backup"), 388 if b else 406, True)
    vault(reg, "Default", key_arn(R, "aws/backup"), 70 if b else 104, False)
    protected(reg, reg.arn("rds", "db:storefront-us-db"), "RDS", "storefront-us-db")
    protected(reg, reg.arn("rds", "cluster:analytics-aurora"), "Aurora", "analytics-aurora")
    protected(reg, reg.arn("dynamodb", "table/carts"), "DynamoDB", "carts")

    # ElastiCache for US sessions: a single node until the remediation.
    members = ["us-sessions-redis-001"] + (["us-sessions-redis-002"] if a else [])
    replication_group(reg, "us-sessions-redis", a, False, False, 3 if a else 0, "cache.t3.medium", members)
    for i, cid in enumerate(members):
        retention = 3 if a and i == 0 else 0
        cache_cluster(reg, cid, "redis", "cache.t3.medium", rg="us-sessions-redis", retention=retention, at_rest=False, transit=False, zone=reg.az[i], version="6.2.6")
