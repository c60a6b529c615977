"""Plants an AWS account in the moto emulator for Atoll's end-to-end tests.

Each planted risk has a hardened twin that differs only in the aspect the
rule checks. The script writes what it planted as JSON, so tests compare the
scanner's findings with ground truth that the scanner's authors did not
write by hand into assertions. Test setup may write to the emulator; the
scanner under test never does.

usage: plant.py ENDPOINT OUT.json [standard|denied|fintech]
"""

import io
import json
import sys
import zipfile

import boto3

ENDPOINT = sys.argv[1]
OUT = sys.argv[2]
SCENARIO = sys.argv[3] if len(sys.argv) > 3 else "standard"
ACCOUNT = "123456789012"
KEYS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}

planted = []   # risks the scanner must report: rule, resource_id, region, pillar
hardened = []  # twins on which the rule must not fail: rule, resource_id, region


def client(service, region="eu-west-1", keys=None):
    return boto3.client(service, region_name=region, endpoint_url=ENDPOINT, **(keys or KEYS))


def risk(rule, resource_id, region, pillar):
    planted.append({"rule": rule, "resource_id": resource_id, "region": region, "pillar": pillar})


def twin(rule, resource_id, region):
    hardened.append({"rule": rule, "resource_id": resource_id, "region": region})


def image_id(ec2):
    return ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]


def default_subnets(ec2):
    vpc = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]
    return vpc, sorted(subnets, key=lambda s: s["AvailabilityZone"])


def lambda_zip():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("handler.py", "def handler(event, context):\n    return 'ok'\n")
    return buf.getvalue()


def plant_network_and_compute(region):
    ec2 = client("ec2", region)
    ami = image_id(ec2)
    vpc, subnets = default_subnets(ec2)

    # Security groups: open SSH / RDP / all TCP, and restricted twins.
    def group(name, port, cidr, ipv6=False):
        gid = ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc)["GroupId"]
        ranges = {"Ipv6Ranges": [{"CidrIpv6": cidr}]} if ipv6 else {"IpRanges": [{"CidrIp": cidr}]}
        ec2.authorize_security_group_ingress(
            GroupId=gid,
            IpPermissions=[{"IpProtocol": "tcp", "FromPort": port[0], "ToPort": port[1], **ranges}],
        )
        return gid

    ssh_open = group("ssh-open", (22, 22), "0.0.0.0/0")
    ssh_office = group("ssh-office", (22, 22), "203.0.113.0/24")
    rdp_open = group("rdp-open", (3389, 3389), "::/0", ipv6=True)
    rdp_vpn = group("rdp-vpn", (3389, 3389), "10.0.0.0/8")
    web_all_tcp = group("all-tcp-open", (0, 65535), "0.0.0.0/0")
    https_only = group("https-restricted", (443, 443), "198.51.100.0/24")
    risk("sg-open-ssh", ssh_open, region, "security")
    twin("sg-open-ssh", ssh_office, region)
    risk("sg-open-rdp", rdp_open, region, "security")
    twin("sg-open-rdp", rdp_vpn, region)
    risk("sg-open-high-risk-ports", web_all_tcp, region, "security")
    twin("sg-open-high-risk-ports", https_only, region)

    def instance(name, groups, itype="t3.micro", imdsv2=True, subnet=subnets[0]["SubnetId"]):
        iid = ec2.run_instances(
            ImageId=ami, MinCount=1, MaxCount=1, InstanceType=itype, SubnetId=subnet,
            SecurityGroupIds=groups,
            MetadataOptions={"HttpTokens": "required" if imdsv2 else "optional", "HttpEndpoint": "enabled"},
            TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": name}]}],
        )["Instances"][0]["InstanceId"]
        return iid

    exposed = instance("exposed-web", [web_all_tcp])
    guarded = instance("guarded-web", [https_only])
    risk("ec2-public-instance-open-tcp", exposed, region, "security")
    twin("ec2-public-instance-open-tcp", guarded, region)
    imds_v1 = instance("legacy-imds", [https_only], imdsv2=False)
    risk("ec2-imdsv1-allowed", imds_v1, region, "security")
    twin("ec2-imdsv1-allowed", guarded, region)
    old_gen = instance("old-gen", [https_only], itype="m3.medium")
    risk("ec2-previous-generation-instance", old_gen, region, "performance-efficiency")
    twin("ec2-previous-generation-instance", guarded, region)
    xen = instance("xen-gen", [https_only], itype="m4.large")
    risk("ec2-xen-based-instance-family", xen, region, "performance-efficiency")
    twin("ec2-xen-based-instance-family", guarded, region)
    twin("ec2-previous-generation-instance", xen, region)
    default_sg = ec2.describe_security_groups(
        Filters=[{"Name": "group-name", "Values": ["default"]}, {"Name": "vpc-id", "Values": [vpc]}]
    )["SecurityGroups"][0]["GroupId"]
    on_default = instance("on-default-sg", [default_sg])
    risk("sg-default-in-use", on_default, region, "security")
    twin("sg-default-in-use", guarded, region)

    # EBS: unencrypted / gp2 / unattached, and a hardened gp3 encrypted attached twin.
    az = subnets[0]["AvailabilityZone"]
    plain = ec2.create_volume(AvailabilityZone=az, Size=50, VolumeType="gp2", Encrypted=False)["VolumeId"]
    safe = ec2.create_volume(AvailabilityZone=az, Size=50, VolumeType="gp3", Encrypted=True)["VolumeId"]
    ec2.attach_volume(VolumeId=safe, InstanceId=guarded, Device="/dev/sdf")
    risk("ebs-volume-unencrypted", plain, region, "security")
    risk("ebs-gp2-volume", plain, region, "cost-optimization")
    risk("ebs-volume-unattached", plain, region, "cost-optimization")
    for rule in ("ebs-volume-unencrypted", "ebs-gp2-volume", "ebs-volume-unattached"):
        twin(rule, safe, region)

    # Elastic IPs: one idle, one in use.
    idle = ec2.allocate_address(Domain="vpc")["AllocationId"]
    used = ec2.allocate_address(Domain="vpc")["AllocationId"]
    ec2.associate_address(AllocationId=used, InstanceId=guarded)
    risk("eip-unassociated", idle, region, "cost-optimization")
    twin("eip-unassociated", used, region)

    # VPC flow logs: a VPC without, a VPC with.
    bare = ec2.create_vpc(CidrBlock="10.10.0.0/16")["Vpc"]["VpcId"]
    logged = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    s3 = client("s3", region)
    location = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
    s3.create_bucket(Bucket=f"flow-logs-{region}", **location)
    s3.put_public_access_block(
        Bucket=f"flow-logs-{region}",
        PublicAccessBlockConfiguration={"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True},
    )
    created = ec2.create_flow_logs(
        ResourceIds=[logged], ResourceType="VPC", TrafficType="ALL", LogDestinationType="s3",
        LogDestination=f"arn:aws:s3:::flow-logs-{region}",
    )
    assert not created.get("Unsuccessful"), created
    risk("vpc-flow-logs-off", bare, region, "security")
    twin("vpc-flow-logs-off", logged, region)

    # A site-to-site VPN: moto reports no tunnel telemetry, so the tunnel
    # rule must say "not assessed" here, never fail or pass (the tunnel
    # states are tested on a recorded inventory instead).
    cgw = ec2.create_customer_gateway(Type="ipsec.1", PublicIp="198.51.100.7", BgpAsn=65000)["CustomerGateway"]["CustomerGatewayId"]
    vgw = ec2.create_vpn_gateway(Type="ipsec.1")["VpnGateway"]["VpnGatewayId"]
    vpn = ec2.create_vpn_connection(Type="ipsec.1", CustomerGatewayId=cgw, VpnGatewayId=vgw)["VpnConnection"]["VpnConnectionId"]
    twin("vpn-single-tunnel-up", vpn, region)

    # Load balancers: single-AZ ALB with plain HTTP, two-AZ ALB redirecting to HTTPS.
    elb = client("elbv2", region)
    sg = [https_only]
    lone = elb.create_load_balancer(Name=f"lone-alb-{region}", Subnets=[subnets[0]["SubnetId"]], SecurityGroups=sg)["LoadBalancers"][0]["LoadBalancerArn"]
    pair = elb.create_load_balancer(Name=f"pair-alb-{region}", Subnets=[s["SubnetId"] for s in subnets[:2]], SecurityGroups=sg)["LoadBalancers"][0]["LoadBalancerArn"]
    tg = elb.create_target_group(Name=f"web-{region}", Protocol="HTTP", Port=80, VpcId=vpc)["TargetGroups"][0]["TargetGroupArn"]
    elb.create_listener(LoadBalancerArn=lone, Protocol="HTTP", Port=80, DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}])
    elb.create_listener(
        LoadBalancerArn=pair, Protocol="HTTP", Port=80,
        DefaultActions=[{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}],
    )
    risk("elbv2-single-az", f"lone-alb-{region}", region, "reliability")
    twin("elbv2-single-az", f"pair-alb-{region}", region)
    risk("elbv2-http-listener-no-redirect", f"lone-alb-{region}", region, "security")
    twin("elbv2-http-listener-no-redirect", f"pair-alb-{region}", region)

    # Auto Scaling: one AZ vs two AZs.
    asg = client("autoscaling", region)
    asg.create_launch_configuration(LaunchConfigurationName=f"lc-{region}", ImageId=ami, InstanceType="t3.micro")
    asg.create_auto_scaling_group(
        AutoScalingGroupName=f"one-az-{region}", LaunchConfigurationName=f"lc-{region}",
        MinSize=0, MaxSize=2, DesiredCapacity=0, AvailabilityZones=[subnets[0]["AvailabilityZone"]],
    )
    asg.create_auto_scaling_group(
        AutoScalingGroupName=f"two-az-{region}", LaunchConfigurationName=f"lc-{region}",
        MinSize=0, MaxSize=2, DesiredCapacity=0, AvailabilityZones=[s["AvailabilityZone"] for s in subnets[:2]],
    )
    risk("asg-single-az", f"one-az-{region}", region, "reliability")
    twin("asg-single-az", f"two-az-{region}", region)


def plant_databases(region):
    rds = client("rds", region)

    def db(name, **overrides):
        params = dict(
            DBInstanceIdentifier=name, DBInstanceClass="db.m6g.large", Engine="postgres",
            MasterUsername="admin", MasterUserPassword="not-a-real-secret-1", AllocatedStorage=100,
            MultiAZ=True, StorageEncrypted=True, PubliclyAccessible=False, BackupRetentionPeriod=7,
            DeletionProtection=True, StorageType="gp3",
        )
        params.update(overrides)
        rds.create_db_instance(**params)

    db(f"orders-{region}", MultiAZ=False)
    db(f"ledger-{region}", StorageEncrypted=False)
    # Public and reachable: its security group admits the PostgreSQL port
    # from anywhere (high). Public but closed: no group admits the internet,
    # so only the endpoint itself is reported (medium).
    ec2 = client("ec2", region)
    vpc, _ = default_subnets(ec2)
    db_open = ec2.create_security_group(GroupName=f"db-open-{region}", Description="postgres from anywhere", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=db_open, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
    )
    risk("sg-open-high-risk-ports", db_open, region, "security")
    db_closed = ec2.create_security_group(GroupName=f"db-closed-{region}", Description="no ingress", VpcId=vpc)["GroupId"]
    db(f"reports-{region}", PubliclyAccessible=True, VpcSecurityGroupIds=[db_open])
    db(f"dashboards-{region}", PubliclyAccessible=True, VpcSecurityGroupIds=[db_closed])
    risk("rds-instance-public-endpoint", f"dashboards-{region}", region, "security")
    twin("rds-instance-public", f"dashboards-{region}", region)
    db(f"scratch-{region}", BackupRetentionPeriod=0, DeletionProtection=False)
    db(f"payments-{region}")
    risk("rds-instance-multi-az", f"orders-{region}", region, "reliability")
    risk("rds-storage-unencrypted", f"ledger-{region}", region, "security")
    risk("rds-instance-public", f"reports-{region}", region, "security")
    risk("rds-backups-disabled", f"scratch-{region}", region, "reliability")
    risk("rds-deletion-protection-off", f"scratch-{region}", region, "reliability")
    for rule in ("rds-instance-multi-az", "rds-storage-unencrypted", "rds-instance-public", "rds-instance-public-endpoint",
                 "rds-backups-disabled", "rds-deletion-protection-off"):
        twin(rule, f"payments-{region}", region)

    ddb = client("dynamodb", region)
    for name in (f"sessions-{region}", f"accounts-{region}"):
        ddb.create_table(
            TableName=name, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        )
    ddb.update_continuous_backups(
        TableName=f"accounts-{region}", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
    )
    risk("dynamodb-pitr-off", f"sessions-{region}", region, "reliability")
    twin("dynamodb-pitr-off", f"accounts-{region}", region)


def plant_messaging_and_serverless(region):
    sqs = client("sqs", region)
    dlq_url = sqs.create_queue(QueueName=f"orders-dlq-{region}", Attributes={"SqsManagedSseEnabled": "true"})["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sqs.create_queue(
        QueueName=f"orders-{region}",
        Attributes={"RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 5}), "SqsManagedSseEnabled": "true"},
    )
    sqs.create_queue(QueueName=f"events-{region}", Attributes={"SqsManagedSseEnabled": "false"})
    risk("sqs-queue-no-dlq", f"events-{region}", region, "reliability")
    twin("sqs-queue-no-dlq", f"orders-{region}", region)
    twin("sqs-queue-no-dlq", f"orders-dlq-{region}", region)
    risk("sqs-queue-unencrypted", f"events-{region}", region, "security")
    twin("sqs-queue-unencrypted", f"orders-{region}", region)

    sns = client("sns", region)
    sns.create_topic(Name=f"alerts-{region}")
    sns.create_topic(Name=f"billing-{region}", Attributes={"KmsMasterKeyId": "alias/aws/sns"})
    risk("sns-topic-unencrypted", f"alerts-{region}", region, "security")
    twin("sns-topic-unencrypted", f"billing-{region}", region)

    ssm = client("ssm", region)
    ssm.put_parameter(Name="/prod/db_password", Value="hunter2", Type="String")
    ssm.put_parameter(Name="/prod/api-token", Value="s3cr3t", Type="SecureString")
    risk("ssm-parameter-plaintext-secret", "/prod/db_password", region, "security")
    twin("ssm-parameter-plaintext-secret", "/prod/api-token", region)

    kms = client("kms", region)
    unrotated = kms.create_key(Description="unrotated")["KeyMetadata"]["KeyId"]
    rotated = kms.create_key(Description="rotated")["KeyMetadata"]["KeyId"]
    kms.enable_key_rotation(KeyId=rotated)
    risk("kms-key-rotation-off", unrotated, region, "security")
    twin("kms-key-rotation-off", rotated, region)

    logs = client("logs", region)
    logs.create_log_group(logGroupName=f"/app/forever-{region}")
    logs.create_log_group(logGroupName=f"/app/kept-30d-{region}")
    logs.put_retention_policy(logGroupName=f"/app/kept-30d-{region}", retentionInDays=30)
    risk("cloudwatch-log-group-no-retention", f"/app/forever-{region}", region, "cost-optimization")
    twin("cloudwatch-log-group-no-retention", f"/app/kept-30d-{region}", region)

    iam = client("iam")
    role_name = f"lambda-exec-{region}"
    role = iam.create_role(
        RoleName=role_name,
        AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}),
    )["Role"]["Arn"]
    lam = client("lambda", region)
    for name, runtime in ((f"legacy-fn-{region}", "python3.7"), (f"current-fn-{region}", "python3.12")):
        lam.create_function(FunctionName=name, Runtime=runtime, Role=role, Handler="handler.handler", Code={"ZipFile": lambda_zip()})
    risk("lambda-deprecated-runtime", f"legacy-fn-{region}", region, "operational-excellence")
    twin("lambda-deprecated-runtime", f"current-fn-{region}", region)


def plant_detection(regions):
    # GuardDuty on in the first region only.
    client("guardduty", regions[0]).create_detector(Enable=True)
    risk("guardduty-disabled", regions[1], regions[1], "security")
    twin("guardduty-disabled", regions[0], regions[0])

    # CloudTrail: a single-region trail without log validation; a hardened one.
    s3 = client("s3", "us-east-1")
    s3.create_bucket(Bucket="trail-logs-123")
    ct = client("cloudtrail", regions[0])
    ct.create_trail(Name="legacy-trail", S3BucketName="trail-logs-123", IsMultiRegionTrail=False, EnableLogFileValidation=False)
    ct.start_logging(Name="legacy-trail")
    ct.create_trail(Name="org-trail", S3BucketName="trail-logs-123", IsMultiRegionTrail=True, EnableLogFileValidation=True)
    risk("cloudtrail-log-validation-off", "legacy-trail", regions[0], "security")
    twin("cloudtrail-log-validation-off", "org-trail", regions[0])
    # org-trail is multi-region but not logging: the account still has no logging multi-region trail.
    risk("cloudtrail-multi-region-off", ACCOUNT, "global", "security")


def plant_storage():
    s3 = client("s3", "us-east-1")
    s3.create_bucket(Bucket="open-data-123")
    s3.put_bucket_policy(
        Bucket="open-data-123",
        Policy=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::open-data-123/*"}]}),
    )
    s3.create_bucket(Bucket="locked-data-123")
    s3.put_public_access_block(
        Bucket="locked-data-123",
        PublicAccessBlockConfiguration={"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True},
    )
    s3.put_bucket_versioning(Bucket="locked-data-123", VersioningConfiguration={"Status": "Enabled"})
    risk("s3-bucket-policy-public", "open-data-123", "us-east-1", "security")
    twin("s3-bucket-policy-public", "locked-data-123", "us-east-1")
    risk("s3-bucket-public-access-block-off", "open-data-123", "us-east-1", "security")
    twin("s3-bucket-public-access-block-off", "locked-data-123", "us-east-1")
    risk("s3-bucket-versioning-off", "open-data-123", "us-east-1", "reliability")
    twin("s3-bucket-versioning-off", "locked-data-123", "us-east-1")


def plant_identity():
    iam = client("iam")
    # A console user without MFA, with an admin policy and an inline wildcard policy.
    iam.create_user(UserName="alice")
    iam.create_login_profile(UserName="alice", Password="Initial-Passw0rd!")
    iam.attach_user_policy(UserName="alice", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    risk("iam-console-user-without-mfa", "alice", "global", "security")
    risk("iam-user-admin-access", "alice", "global", "security")
    # Its hardened twin: console access with MFA, least privilege through a group.
    iam.create_user(UserName="bob")
    iam.create_login_profile(UserName="bob", Password="Initial-Passw0rd!")
    serial = iam.create_virtual_mfa_device(VirtualMFADeviceName="bob-mfa")["VirtualMFADevice"]["SerialNumber"]
    iam.enable_mfa_device(UserName="bob", SerialNumber=serial, AuthenticationCode1="123456", AuthenticationCode2="654321")
    iam.create_group(GroupName="readers")
    iam.attach_group_policy(GroupName="readers", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    iam.add_user_to_group(GroupName="readers", UserName="bob")
    twin("iam-console-user-without-mfa", "bob", "global")
    twin("iam-user-admin-access", "bob", "global")

    admin_doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    scoped_doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::reports/*"}]}
    admin_arn = iam.create_policy(PolicyName="break-glass-admin", PolicyDocument=json.dumps(admin_doc))["Policy"]["Arn"]
    # Attached (to a group), so it grants admin: an unattached wildcard policy now correctly passes.
    iam.create_group(GroupName="break-glass")
    iam.attach_group_policy(GroupName="break-glass", PolicyArn=admin_arn)
    iam.create_policy(PolicyName="reports-reader", PolicyDocument=json.dumps(scoped_doc))
    risk("iam-policy-wildcard-admin", "break-glass-admin", "global", "security")
    twin("iam-policy-wildcard-admin", "reports-reader", "global")

    # Weak password policy; root has no MFA in the emulator.
    iam.update_account_password_policy(MinimumPasswordLength=8, RequireSymbols=False)
    risk("iam-password-policy-weak", ACCOUNT, "global", "security")
    risk("iam-root-mfa-off", ACCOUNT, "global", "security")


def standard():
    regions = ["eu-west-1", "us-east-1"]
    for region in regions:
        plant_network_and_compute(region)
        plant_databases(region)
        plant_messaging_and_serverless(region)
    plant_detection(regions)
    plant_storage()
    plant_identity()
    return {"regions": regions}


def denied():
    """IAM enforcement: moto starts enforcing after INITIAL_NO_AUTH_ACTION_COUNT
    calls. The first calls here create an admin (for the rest of the setup)
    and an auditor whose policy denies RDS, the scanner's identity."""
    iam = client("iam")
    users = {}
    for name, policy in (
        ("setup-admin", {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}),
        ("auditor", {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Action": "rds:*", "Resource": "*"},
        ]}),
    ):
        iam.create_user(UserName=name)
        iam.put_user_policy(UserName=name, PolicyName="access", PolicyDocument=json.dumps(policy))
        key = iam.create_access_key(UserName=name)["AccessKey"]
        users[name] = {"aws_access_key_id": key["AccessKeyId"], "aws_secret_access_key": key["SecretAccessKey"]}
    # 6 unauthenticated calls so far: INITIAL_NO_AUTH_ACTION_COUNT=6.
    admin = users["setup-admin"]
    region = "eu-west-1"
    rds = client("rds", region, admin)
    rds.create_db_instance(
        DBInstanceIdentifier="hidden-db", DBInstanceClass="db.m6g.large", Engine="postgres",
        MasterUsername="admin", MasterUserPassword="not-a-real-secret-1", AllocatedStorage=20, MultiAZ=False,
    )
    ec2 = client("ec2", region, admin)
    vpc, _ = default_subnets(ec2)
    gid = ec2.create_security_group(GroupName="ssh-open", Description="ssh", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=gid, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
    )
    risk("sg-open-ssh", gid, region, "security")
    return {"regions": [region], "scanner_credentials": users["auditor"]}


def fintech():
    """The brief's fintech customer: ~470 EC2 instances, ~170 load
    balancers, 4 RDS instances, 500 S3 buckets, 300 IAM users, 2 regions
    (for the scan benchmark: buckets and users are the per-item reads)."""
    counts = {"instances": 0, "load_balancers": 0, "db_instances": 0, "buckets": 0, "users": 0}
    regions = ["eu-west-1", "eu-central-1"]
    for region, instances, balancers in ((regions[0], 240, 85), (regions[1], 230, 85)):
        ec2 = client("ec2", region)
        ami = image_id(ec2)
        vpc, subnets = default_subnets(ec2)
        for batch in range(0, instances, 50):
            n = min(50, instances - batch)
            ec2.run_instances(ImageId=ami, MinCount=n, MaxCount=n, InstanceType="m5.large", SubnetId=subnets[batch // 50 % len(subnets)]["SubnetId"])
            counts["instances"] += n
        elb = client("elbv2", region)
        for i in range(balancers):
            arn = elb.create_load_balancer(Name=f"svc-{i}", Subnets=[s["SubnetId"] for s in subnets[:2]])["LoadBalancers"][0]["LoadBalancerArn"]
            elb.create_listener(LoadBalancerArn=arn, Protocol="HTTP", Port=80,
                                DefaultActions=[{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}])
            counts["load_balancers"] += 1
        rds = client("rds", region)
        for i in range(2):
            rds.create_db_instance(DBInstanceIdentifier=f"core-{i}", DBInstanceClass="db.r6g.large", Engine="postgres",
                                   MasterUsername="admin", MasterUserPassword="not-a-real-secret-1", AllocatedStorage=100, MultiAZ=i == 0)
            counts["db_instances"] += 1
    s3 = {region: client("s3", region) for region in regions}
    for i in range(500):
        region = regions[i % 2]
        s3[region].create_bucket(Bucket=f"fintech-data-{i:03}", CreateBucketConfiguration={"LocationConstraint": region})
        counts["buckets"] += 1
    iam = client("iam")
    for i in range(300):
        iam.create_user(UserName=f"employee-{i:03}")
        counts["users"] += 1
    return {"regions": regions, "counts": counts}


result = {"standard": standard, "denied": denied, "fintech": fintech}[SCENARIO]()
result.update({"account_id": ACCOUNT, "planted": planted, "hardened": hardened})
with open(OUT, "w") as f:
    json.dump(result, f, indent=2)
