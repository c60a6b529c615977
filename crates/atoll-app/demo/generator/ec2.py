"""EC2 resources as crates/atoll-aws/src/services/ec2.rs records them: VPCs,
subnets, flow logs, NAT gateways, Elastic IPs, security groups, instances,
volumes, snapshots, images, EBS encryption by default and VPN connections.

Each builder takes the Region it writes into; which resources each region
has is in ec2_estate.py."""

import hashlib
from datetime import timedelta

from .common import ACCOUNT, BASE, ec2_arn, uid


# --- network
def vpc(reg, name, cidr, t=None, default=False):
    vid = reg.id("vpc", name)
    reg.e.add(
        "AWS::EC2::VPC",
        reg.r,
        vid,
        ec2_arn(reg.r, "vpc", vid),
        {"VpcId": vid, "CidrBlock": cidr, "IsDefault": default, "State": "available"},
        t or {},
    )
    return vid


def flow_log(reg, vpc_name, bucket):
    fid = reg.id("fl", vpc_name)
    reg.e.add(
        "AWS::EC2::FlowLog",
        reg.r,
        fid,
        ec2_arn(reg.r, "vpc-flow-log", fid),
        {
            "FlowLogId": fid,
            "ResourceId": reg.id("vpc", vpc_name),
            "FlowLogStatus": "ACTIVE",
            "DeliverLogsStatus": "SUCCESS",
            "TrafficType": "ALL",
            "LogDestinationType": "s3",
            "LogDestination": f"arn:aws:s3:::{bucket}/{vpc_name}/",
        },
        {"Name": f"{vpc_name}-flow-log"},
    )


def subnet(reg, name, vpc_name, cidr, az, free, public=False, default=False, t=None):
    sid = reg.id("subnet", name)
    reg.e.add(
        "AWS::EC2::Subnet",
        reg.r,
        sid,
        ec2_arn(reg.r, "subnet", sid),
        {
            "SubnetId": sid,
            "VpcId": reg.id("vpc", vpc_name),
            "CidrBlock": cidr,
            "AvailabilityZone": az,
            "AvailableIpAddressCount": free,
            "MapPublicIpOnLaunch": public,
            "DefaultForAz": default,
        },
        t or {},
    )
    return sid


def build_network(reg, subnets):
    """Subnets as (name, vpc, cidr, zone, free addresses, public, tags)."""
    for name, vpc_name, cidr, az, free, public, t in subnets:
        subnet(reg, name, vpc_name, cidr, az, free, public=public, default=vpc_name.startswith("default"), t=t)
        reg.subnet_az[name] = az
        reg.subnet_cidr[name] = cidr


def eip(reg, name, ip, instance=None, eni=None, t=None):
    aid = reg.id("eipalloc", name)
    assoc = reg.id("eipassoc", name) if (instance or eni) else None
    reg.e.add(
        "AWS::EC2::EIP",
        reg.r,
        aid,
        ec2_arn(reg.r, "elastic-ip", aid),
        {"AllocationId": aid, "PublicIp": ip, "AssociationId": assoc, "InstanceId": instance, "NetworkInterfaceId": eni, "Domain": "vpc"},
        t or {},
    )


def nat(reg, name, vpc_name, subnet_name, created, t):
    nid = reg.id("nat", name)
    reg.e.add(
        "AWS::EC2::NatGateway",
        reg.r,
        nid,
        ec2_arn(reg.r, "natgateway", nid),
        {
            "NatGatewayId": nid,
            "State": "available",
            "SubnetId": reg.id("subnet", subnet_name),
            "VpcId": reg.id("vpc", vpc_name),
            "ConnectivityType": "public",
            "CreateTime": reg.e.ago(created),
        },
        t,
    )
    return nid


def nat_with_eip(reg, name, vpc_name, subnet_name, created, t, ip_prefix, eip_name=None, eni=None):
    """A NAT gateway and the Elastic IP on its network interface."""
    nat(reg, name, vpc_name, subnet_name, created, t)
    eni = eni or name
    eip(reg, name, public_ip(eip_name or name, ip_prefix), eni=reg.id("eni", eni), t=t)


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


def web_ingress():
    """HTTPS and HTTP from anywhere, IPv4 and IPv6: an internet-facing ALB."""
    return [tcp(443, cidrs=["0.0.0.0/0"], cidrs6=["::/0"]), tcp(80, cidrs=["0.0.0.0/0"], cidrs6=["::/0"])]


def sg(reg, name, vpc_name, description, inbound=(), egress=None, t=None, group_name=None):
    gid = reg.id("sg", name)
    all_out = [perm("-1", None, None, cidrs=["0.0.0.0/0"])]
    config = {
        "GroupId": gid,
        "GroupName": group_name or name,
        "VpcId": reg.id("vpc", vpc_name),
        "Description": description,
        "IpPermissions": list(inbound),
        "IpPermissionsEgress": all_out if egress is None else list(egress),
    }
    reg.e.add("AWS::EC2::SecurityGroup", reg.r, gid, ec2_arn(reg.r, "security-group", gid), config, t or {}, name=group_name or name)
    return gid


def default_sg(reg, vpc_name, locked=False):
    gid = reg.id("sg", "default-" + vpc_name)
    inbound = [] if locked else [perm("-1", None, None, groups=[gid])]
    return sg(reg, "default-" + vpc_name, vpc_name, "default VPC security group", inbound, egress=[] if locked else None, group_name="default")


def private_ip(seed, cidr):
    base = cidr.split("/")[0].split(".")
    h = hashlib.sha256(seed.encode()).digest()
    third = int(base[2]) + (h[0] % 4 if cidr.endswith("/20") else 0)
    return f"{base[0]}.{base[1]}.{third}.{10 + h[1] % 200}"


def public_ip(seed, prefix="34.250"):
    h = hashlib.sha256(seed.encode()).digest()
    return f"{prefix}.{h[0] % 250 + 1}.{h[1] % 250 + 1}"


def vpn(reg, name, tunnels, t):
    """A site-to-site VPN on the region's "prod" virtual private gateway;
    tunnels as (outside IP, status, message, last change)."""
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
    reg.e.add("AWS::EC2::VPNConnection", reg.r, vid, ec2_arn(reg.r, "vpn-connection", vid), config, t)


# --- compute
def instance(
    reg,
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
    iid = reg.id("i", name)
    config = {
        "InstanceId": iid,
        "InstanceType": itype,
        "State": {"Name": state},
        "PublicIpAddress": public_ip,
        "PrivateIpAddress": private_ip(reg.r + name, reg.subnet_cidr[subnet_name]),
        "SubnetId": reg.id("subnet", subnet_name),
        "VpcId": reg.id("vpc", vpc_name),
        "ImageId": image,
        "LaunchTime": reg.e.ago(launched),
        "Placement": {"AvailabilityZone": reg.subnet_az[subnet_name]},
        "SecurityGroups": [{"GroupId": reg.id("sg", g), "GroupName": g if not g.startswith("default-") else "default"} for g in groups],
        "IamInstanceProfile": {"Arn": f"arn:aws:iam::{ACCOUNT}:instance-profile/{profile}"} if profile else None,
        "MetadataOptions": {"HttpTokens": tokens, "HttpEndpoint": "enabled"},
        "Monitoring": {"State": monitoring},
        "EbsOptimized": ebs_optimized,
        "Architecture": arch,
        "PlatformDetails": platform,
        "BlockDeviceMappings": [
            {"DeviceName": dev, "Ebs": {"VolumeId": reg.id("vol", vol), "DeleteOnTermination": dev in ("/dev/xvda", "/dev/sda1")}}
            for dev, vol in volumes
        ],
    }
    reg.e.add("AWS::EC2::Instance", reg.r, iid, ec2_arn(reg.r, "instance", iid), config, t)
    return iid


def volume(reg, name, vtype, size, az, created, t, instance=None, encrypted=True, key="aws/ebs", iops=None, state=None):
    vid = reg.id("vol", name)
    if iops is None:
        iops = {"gp3": 3000, "gp2": max(100, min(16000, 3 * size)), "io1": 4000, "io2": 4000}.get(vtype)
    config = {
        "VolumeId": vid,
        "VolumeType": vtype,
        "Size": size,
        "Iops": iops,
        "Encrypted": encrypted,
        "KmsKeyId": f"arn:aws:kms:{reg.r}:{ACCOUNT}:key/{uid(reg.r + key)}" if encrypted else None,
        "State": state or ("in-use" if instance else "available"),
        "AvailabilityZone": az,
        "CreateTime": reg.e.ago(created),
        "Attachments": [{"InstanceId": reg.id("i", instance), "State": "attached", "DeleteOnTermination": True}] if instance else [],
    }
    reg.e.add("AWS::EC2::Volume", reg.r, vid, ec2_arn(reg.r, "volume", vid), config, t)
    return vid


def snapshot(reg, name, volume_name, size, taken, t, encrypted=True, tier="standard", volume_id=None):
    sid = reg.id("snap", name)
    config = {
        "SnapshotId": sid,
        "VolumeId": volume_id or reg.id("vol", volume_name),
        "VolumeSize": size,
        "Encrypted": encrypted,
        "State": "completed",
        "StartTime": reg.e.ago(taken),
        "StorageTier": tier,
    }
    reg.e.add("AWS::EC2::Snapshot", reg.r, sid, ec2_arn(reg.r, "snapshot", sid), config, t)


def image(reg, name, created, public=False, t=None):
    aid = reg.id("ami", name)
    config = {
        "ImageId": aid,
        "Name": name,
        "CreationDate": (BASE - timedelta(days=created)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "Public": public,
        "State": "available",
        "DeprecationTime": (BASE - timedelta(days=created - 730)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
    }
    reg.e.add("AWS::EC2::Image", reg.r, aid, ec2_arn(reg.r, "image", aid), config, t or {}, name=(t or {}).get("Name", name))
    return aid


def ebs_default(reg, enabled):
    reg.e.add("AWS::EC2::EBSEncryptionByDefault", reg.r, reg.r, None, {"EbsEncryptionByDefault": enabled})


def host(reg, name, itype, subnet_name, vpc_name, groups, image_id, launched, t, disks, encrypted=True, **kw):
    """An instance with the volumes made with it, in its subnet's zone:
    disks as (device, volume name suffix, type, size[, iops])."""
    az = reg.subnet_az[subnet_name]
    for _, suffix, vtype, size, *iops in disks:
        volume(reg, f"{name}-{suffix}", vtype, size, az, launched, t, instance=name, encrypted=encrypted, iops=iops[0] if iops else None)
    volumes = [(dev, f"{name}-{suffix}") for dev, suffix, *_ in disks]
    return instance(reg, name, itype, subnet_name, vpc_name, groups, image_id, launched, t, volumes=volumes, **kw)
