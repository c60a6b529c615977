"""Plants a well-run workload account of an AWS Organization in the moto emulator.

What a partner's better customers look like, and where a careless rule would
put a false high risk in the client's PDF: the workload is a member account of
an organization, reached through OrganizationAccountAccessRole; S3 Block
Public Access is on at the account level (buckets have no block of their own);
one multi-region trail is homed in us-west-2, a region the test does not scan;
web servers serve 443 / 80 to the internet; a Multi-AZ database has a
single-AZ read replica without backups of its own; an Aurora cluster spans two
AZs; dev databases are single-AZ; IAM has no users (people sign in through IAM
Identity Center, whose roles live under /aws-reserved/); Control Tower,
StackSets and Identity Center administrator roles exist as they do in every
landing zone; queues have dead-letter queues; the default VPC is empty.

Beside them, true risks the scanner must still find ("planted"), and secret
values ("secrets") in the places a scan reads around: an SSM SecureString, a
Lambda function's environment, an ECS task definition's environment and a
CloudFormation stack's parameters. A scan must never store or print them.

usage: plant_well_run.py ENDPOINT OUT.json
"""

import io
import json
import sys
import zipfile

import boto3

ENDPOINT = sys.argv[1]
OUT = sys.argv[2]
MANAGEMENT_KEYS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
WORKLOAD_REGION = "eu-west-1"
OTHER_REGION = "us-east-1"
TRAIL_HOME = "us-west-2"  # not scanned: the trail is seen as a shadow copy

well_run = []  # resources on which no high-risk rule may fail: resource_id, region, why
planted = []   # risks the scanner must report: rule, resource_id, region
SECRETS = {
    "ssm": "atoll-planted-ssm-7f3a9c",
    "lambda": "atoll-planted-lambda-e41b2d",
    "ecs": "atoll-planted-ecs-90c5aa",
    "cloudformation": "atoll-planted-cfn-3d8e61",
}


def good(resource_id, region, why):
    well_run.append({"resource_id": resource_id, "region": region, "why": why})


def risk(rule, resource_id, region):
    planted.append({"rule": rule, "resource_id": resource_id, "region": region})


def trust(principal):
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}],
    })


ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"

# --- the organization, and credentials inside its workload account ---------
org = boto3.client("organizations", region_name="us-east-1", endpoint_url=ENDPOINT, **MANAGEMENT_KEYS)
org.create_organization(FeatureSet="ALL")
MANAGEMENT = org.describe_organization()["Organization"]["MasterAccountId"]
ACCOUNT = org.create_account(Email="workload-prod@example.com", AccountName="workload-prod")[
    "CreateAccountStatus"]["AccountId"]
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/OrganizationAccountAccessRole"
sts = boto3.client("sts", region_name="us-east-1", endpoint_url=ENDPOINT, **MANAGEMENT_KEYS)
creds = sts.assume_role(RoleArn=ROLE_ARN, RoleSessionName="plant-well-run")["Credentials"]
KEYS = {
    "aws_access_key_id": creds["AccessKeyId"],
    "aws_secret_access_key": creds["SecretAccessKey"],
    "aws_session_token": creds["SessionToken"],
}


def client(service, region=WORKLOAD_REGION):
    return boto3.client(service, region_name=region, endpoint_url=ENDPOINT, **KEYS)


def lambda_zip():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("handler.py", "def handler(event, context):\n    return 'ok'\n")
    return buf.getvalue()


# --- identity: no IAM users; landing-zone and Identity Center roles ----------
iam = client("iam")
iam.attach_role_policy(RoleName="OrganizationAccountAccessRole", PolicyArn=ADMIN)
good("OrganizationAccountAccessRole", "global", "Organizations' access role from the management account")
landing_zone_roles = {
    "AWSControlTowerExecution": {"AWS": f"arn:aws:iam::{MANAGEMENT}:root"},
    "aws-controltower-AdministratorExecutionRole": {"AWS": f"arn:aws:iam::{MANAGEMENT}:role/aws-controltower-AdministratorRole"},
    "AWSCloudFormationStackSetExecutionRole": {"AWS": f"arn:aws:iam::{MANAGEMENT}:root"},
    "stacksets-exec-0f3c5a9e8b7d6c5b4a3f2e1d0c9b8a7f": {"AWS": f"arn:aws:iam::{MANAGEMENT}:role/aws-service-role/stacksets.cloudformation.amazonaws.com/AWSServiceRoleForCloudFormationStackSetsOrgAdmin"},
}
for name, principal in landing_zone_roles.items():
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust(principal))
    iam.attach_role_policy(RoleName=name, PolicyArn=ADMIN)
    good(name, "global", "landing-zone administrator role")
sso_admin = "AWSReservedSSO_AdministratorAccess_5c1f2a3b4d6e7f80"
iam.create_role(
    RoleName=sso_admin, Path="/aws-reserved/sso.amazonaws.com/eu-west-1/",
    AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": f"arn:aws:iam::{ACCOUNT}:saml-provider/AWSSSO_0123456789abcdef_DO_NOT_DELETE"},
        "Action": ["sts:AssumeRoleWithSAML", "sts:TagSession"],
        "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}}]}),
)
iam.attach_role_policy(RoleName=sso_admin, PolicyArn=ADMIN)
good(sso_admin, "global", "IAM Identity Center permission set role")
iam.create_role(RoleName="app-task", AssumeRolePolicyDocument=trust({"Service": "ecs-tasks.amazonaws.com"}))
lambda_role = iam.create_role(RoleName="api-handler", AssumeRolePolicyDocument=trust({"Service": "lambda.amazonaws.com"}))["Role"]["Arn"]
good("app-task", "global", "workload role")
good("api-handler", "global", "workload role")

# True risks: a hand-made administrator role, and a role anyone can assume.
iam.create_role(RoleName="ci-admin", AssumeRolePolicyDocument=trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}))
iam.attach_role_policy(RoleName="ci-admin", PolicyArn=ADMIN)
risk("iam-role-admin-access", "ci-admin", "global")
iam.create_role(RoleName="vendor-support", AssumeRolePolicyDocument=trust({"AWS": "*"}))
risk("iam-role-trust-any-principal", "vendor-support", "global")

# --- storage: S3 Block Public Access at the account level only ---------------
s3 = client("s3")
assets = f"assets-{ACCOUNT}"
legacy_cdn = f"legacy-cdn-{ACCOUNT}"
for bucket in (assets, legacy_cdn):
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": WORKLOAD_REGION})
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={
        "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}, "BucketKeyEnabled": True}]})
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
s3.put_bucket_policy(Bucket=assets, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
    "Sid": "TlsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
    "Resource": [f"arn:aws:s3:::{assets}", f"arn:aws:s3:::{assets}/*"],
    "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}))
good(assets, WORKLOAD_REGION, "no bucket-level block: the account-level block covers it")
# A policy left from before the account blocked public access: with
# RestrictPublicBuckets in force nobody outside the account can use it.
s3.put_bucket_policy(Bucket=legacy_cdn, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
    "Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
    "Resource": f"arn:aws:s3:::{legacy_cdn}/*"}]}))
good(legacy_cdn, WORKLOAD_REGION, "public policy neutralised by the account's RestrictPublicBuckets")
s3control = client("s3control", "us-east-1")


def strip_account_host(request, **_):
    # S3 Control prefixes the host with the account id; the emulator has one host.
    request.url = request.url.replace(f"{ACCOUNT}.127.0.0.1", "127.0.0.1")


s3control.meta.events.register("before-sign.s3-control.*", strip_account_host)
s3control.put_public_access_block(AccountId=ACCOUNT, PublicAccessBlockConfiguration={
    "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})

# --- logging: one multi-region trail homed in a region outside the scan ------
trail_bucket = f"org-trail-{ACCOUNT}"
client("s3", TRAIL_HOME).create_bucket(Bucket=trail_bucket, CreateBucketConfiguration={"LocationConstraint": TRAIL_HOME})
cloudtrail = client("cloudtrail", TRAIL_HOME)
trail_arn = cloudtrail.create_trail(
    Name="management-events", S3BucketName=trail_bucket, IsMultiRegionTrail=True,
    IncludeGlobalServiceEvents=True, EnableLogFileValidation=True)["TrailARN"]
cloudtrail.start_logging(Name="management-events")
for region in (WORKLOAD_REGION, OTHER_REGION):
    client("guardduty", region).create_detector(Enable=True)

# --- network and compute: a public web tier on 443 / 80 ----------------------
ec2 = client("ec2")
ami = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
subnets = []
for i, az in enumerate(("eu-west-1a", "eu-west-1b")):
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.20.{i}.0/24", AvailabilityZone=az)["Subnet"]["SubnetId"]
    ec2.modify_subnet_attribute(SubnetId=subnet, MapPublicIpOnLaunch={"Value": True})
    subnets.append(subnet)
table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
for subnet in subnets:
    ec2.associate_route_table(RouteTableId=table, SubnetId=subnet)


def group(name, permissions):
    gid = ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=permissions)
    return gid


def world(port):
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port,
            "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}


web_sg = group("web-public", [world(443), world(80)])
bastion_sg = group("bastion-ssh-open", [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
good(web_sg, WORKLOAD_REGION, "web ports open to the internet")
risk("sg-open-ssh", bastion_sg, WORKLOAD_REGION)


def instance(name, sg, subnet):
    return ec2.run_instances(
        ImageId=ami, MinCount=1, MaxCount=1, InstanceType="t3.small", SubnetId=subnet, SecurityGroupIds=[sg],
        MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"},
        TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": name}]}],
    )["Instances"][0]["InstanceId"]


for i, subnet in enumerate(subnets):
    good(instance(f"web-{i + 1}", web_sg, subnet), WORKLOAD_REGION, "public web server on 443 / 80")
bastion = instance("bastion", bastion_sg, subnets[0])
risk("ec2-public-instance-open-tcp", bastion, WORKLOAD_REGION)

template = ec2.create_launch_template(LaunchTemplateName="web", LaunchTemplateData={
    "ImageId": ami, "InstanceType": "t3.small", "SecurityGroupIds": [web_sg],
    "MetadataOptions": {"HttpTokens": "required"}})["LaunchTemplate"]["LaunchTemplateId"]
client("autoscaling").create_auto_scaling_group(
    AutoScalingGroupName="web-asg", MinSize=2, MaxSize=4, DesiredCapacity=2,
    LaunchTemplate={"LaunchTemplateId": template, "Version": "$Latest"}, VPCZoneIdentifier=",".join(subnets))
good("web-asg", WORKLOAD_REGION, "Auto Scaling group across two AZs")

# --- databases ---------------------------------------------------------------
rds = client("rds")
PROD = [{"Key": "Environment", "Value": "prod"}]
DEV = [{"Key": "Environment", "Value": "dev"}]


def db(name, tags, **overrides):
    settings = dict(
        DBInstanceIdentifier=name, Engine="postgres", DBInstanceClass="db.m6g.large", MasterUsername="app",
        MasterUserPassword="not-a-planted-secret", AllocatedStorage=50, MultiAZ=True, BackupRetentionPeriod=14,
        StorageEncrypted=True, DeletionProtection=True, PubliclyAccessible=False, Tags=tags,
        CopyTagsToSnapshot=True, AutoMinorVersionUpgrade=True)
    settings.update(overrides)
    rds.create_db_instance(**settings)


db("orders-db", PROD)
good("orders-db", WORKLOAD_REGION, "Multi-AZ primary with backups")
rds.create_db_instance_read_replica(DBInstanceIdentifier="orders-db-replica", SourceDBInstanceIdentifier="orders-db")
# A PostgreSQL replica has no automated backups and here no standby of its own.
rds.modify_db_instance(DBInstanceIdentifier="orders-db-replica", MultiAZ=False, BackupRetentionPeriod=0,
                       DeletionProtection=False, ApplyImmediately=True)
good("orders-db-replica", WORKLOAD_REGION, "single-AZ read replica of a Multi-AZ primary")
db("dev-orders", DEV, MultiAZ=False, BackupRetentionPeriod=1, DeletionProtection=False, DBInstanceClass="db.t4g.micro")
good("dev-orders", WORKLOAD_REGION, "single-AZ development database")
db("legacy-reports", PROD, MultiAZ=False, BackupRetentionPeriod=0, DeletionProtection=False)
risk("rds-instance-multi-az", "legacy-reports", WORKLOAD_REGION)
risk("rds-backups-disabled", "legacy-reports", WORKLOAD_REGION)


def cluster(name, tags, azs):
    rds.create_db_cluster(
        DBClusterIdentifier=name, Engine="aurora-postgresql", MasterUsername="app",
        MasterUserPassword="not-a-planted-secret", StorageEncrypted=True, DeletionProtection=True,
        BackupRetentionPeriod=14, Tags=tags)
    for i, az in enumerate(azs):
        rds.create_db_instance(
            DBInstanceIdentifier=f"{name}-{i + 1}", DBClusterIdentifier=name, Engine="aurora-postgresql",
            DBInstanceClass="db.r6g.large", AvailabilityZone=az, Tags=tags)


cluster("ledger", PROD, ["eu-west-1a", "eu-west-1b"])
good("ledger", WORKLOAD_REGION, "Aurora writer and reader in two AZs")
cluster("dev-catalog", DEV, ["eu-west-1a"])
good("dev-catalog", WORKLOAD_REGION, "one-instance development cluster")
cluster("billing", PROD, ["eu-west-1a", "eu-west-1a"])
risk("rds-cluster-single-az", "billing", WORKLOAD_REGION)

# --- messaging and serverless ------------------------------------------------
sqs = client("sqs")
dlq_url = sqs.create_queue(QueueName="orders-dlq", Attributes={"SqsManagedSseEnabled": "true"})["QueueUrl"]
dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
sqs.create_queue(QueueName="orders", Attributes={
    "SqsManagedSseEnabled": "true",
    "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 5})})
good("orders", WORKLOAD_REGION, "queue with a dead-letter queue")
good("orders-dlq", WORKLOAD_REGION, "the dead-letter queue itself")
kms = client("kms")
key = kms.create_key(Description="workload data")["KeyMetadata"]["KeyId"]
kms.enable_key_rotation(KeyId=key)
good(key, WORKLOAD_REGION, "customer-managed key with rotation")
client("sns").create_topic(Name="order-events", Attributes={"KmsMasterKeyId": key})
good("order-events", WORKLOAD_REGION, "encrypted topic")

# Synchronously invoked (API Gateway style): no dead-letter queue is needed.
client("lambda").create_function(
    FunctionName="api-handler", Runtime="python3.12", Role=lambda_role, Handler="handler.handler",
    Code={"ZipFile": lambda_zip()}, Environment={"Variables": {"DB_PASSWORD": SECRETS["lambda"]}},
    TracingConfig={"Mode": "Active"})
good("api-handler", WORKLOAD_REGION, "synchronously invoked function")
client("ssm").put_parameter(Name="/prod/orders/db-password", Value=SECRETS["ssm"], Type="SecureString")
client("ecs").create_cluster(clusterName="orders")
client("ecs").register_task_definition(
    family="orders-api", networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256", memory="512",
    taskRoleArn=f"arn:aws:iam::{ACCOUNT}:role/app-task",
    containerDefinitions=[{
        "name": "api", "image": f"{ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/orders-api:1.4.2", "essential": True,
        "environment": [{"name": "API_TOKEN", "value": SECRETS["ecs"]}],
        "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/orders-api", "awslogs-region": "eu-west-1"}},
    }])
client("cloudformation").create_stack(
    StackName="orders-queue",
    TemplateBody=json.dumps({
        "Parameters": {"ApiKey": {"Type": "String", "NoEcho": True}},
        "Resources": {"Queue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "orders-cfn"}}},
    }),
    Parameters=[{"ParameterKey": "ApiKey", "ParameterValue": SECRETS["cloudformation"]}])

with open(OUT, "w") as f:
    json.dump({
        "account_id": ACCOUNT,
        "management_account_id": MANAGEMENT,
        "role_arn": ROLE_ARN,
        "regions": [WORKLOAD_REGION, OTHER_REGION],
        "trail_arn": trail_arn,
        "well_run": well_run,
        "planted": planted,
        "secrets": list(SECRETS.values()),
    }, f, indent=1)
