"""What every family module shares: the demo customer's constants, the
deterministic id helpers, tags, policy documents, and the inventory being
built (Estate) with its per-region view (Region)."""

import hashlib
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

# CloudFront distributions, named by buckets, certificates and policies.
DIST_SHOP = "E1NWSHOP4X7Q2B"
DIST_STATIC = "E2NWSTATIC9K3M"
DIST_LEGACY = "E3NWLEGACY5T8P"


def iso(at):
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def stamp(days, millis):
    """BASE minus `days`, with the fixed milliseconds some APIs report."""
    return (BASE - timedelta(days=days)).strftime(f"%Y-%m-%dT%H:%M:%S.{millis}Z")


def hexid(seed, n=17):
    return hashlib.sha256(seed.encode()).hexdigest()[:n]


def uid(seed):
    return str(uuid.UUID(hashlib.sha256(seed.encode()).hexdigest()[:32]))


def upper_id(seed, n, alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"):
    digest = hashlib.sha256(seed.encode()).digest()
    return "".join(alphabet[b % len(alphabet)] for b in digest[:n])


def day(at_iso):
    """Secrets Manager reports LastAccessedDate truncated to the day."""
    return at_iso[:10] + "T00:00:00Z"


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


def marketing_tags(name, **extra):
    return tags(name=name, env="production", owner="marketing-team", cost="CC-2001", **extra)


# IAM policy documents (IAM, S3 bucket and SNS topic policies).
def managed(name):
    return {"PolicyName": name, "PolicyArn": f"arn:aws:iam::aws:policy/{name}"}


def customer_policy(name):
    return {"PolicyName": name, "PolicyArn": f"arn:aws:iam::{ACCOUNT}:policy/{name}"}


def doc(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(action, resource="*", **extra):
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def ec2_arn(region, kind, rid):
    return f"arn:aws:ec2:{region}:{ACCOUNT}:{kind}/{rid}"


def key_arn(region, name):
    """The ARN of the KMS key data.kms_key makes for `name` in `region`."""
    return f"arn:aws:kms:{region}:{ACCOUNT}:key/{uid(region + name)}"


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


class Region:
    """One region of the estate: its availability zones, the team that owns
    its production resources by default, and its resources' ids (derived
    from the region and a name, so every family module finds the same ones).
    """

    def __init__(self, e, region, zones, owner):
        self.e = e
        self.r = region
        self.az = zones
        self.owner = owner
        self.subnet_az = {}
        self.subnet_cidr = {}
        # Tags of each Auto Scaling group's instances, and its zones, written
        # by the EC2 estate and read by the groups (compute).
        self.asg_tags = {}
        self.asg_zones = {}

    def id(self, prefix, name, n=17):
        return f"{prefix}-{hexid(self.r + prefix + name, n)}"

    def prod_t(self, name, owner=None, **extra):
        return tags(name=name, owner=owner or self.owner, **PROD, **extra)

    def nonprod_t(self, name, owner=None, **extra):
        return tags(name=name, owner=owner or self.owner, **NONPROD, **extra)

    def arn(self, service, rest):
        return f"arn:aws:{service}:{self.r}:{ACCOUNT}:{rest}"

