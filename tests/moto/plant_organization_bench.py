"""Plants the organization benchmark in the moto emulator: an AWS
Organization of ATOLL_BENCH_ACCOUNTS accounts (default 20: the management
account and 19 members, spread over three OUs), each with about 50
resources over two regions (ATOLL_BENCH_REGIONS, default
eu-west-1,us-east-1), besides what moto creates in every account (default
VPC, subnets, security group).

Per account and region: 3 security groups (one open to SSH), 4 EBS volumes
(two unencrypted), 2 instances, 3 SQS queues, 2 SNS topics, 2 log groups,
2 KMS keys, 1 DynamoDB table, 1 S3 bucket; per account: 2 IAM users (one
console user without MFA), 1 role.

usage: plant_organization_bench.py ENDPOINT OUT.json
"""

import json
import os
import sys

import boto3

ENDPOINT = sys.argv[1]
OUT = sys.argv[2]
ACCOUNTS = int(os.environ.get("ATOLL_BENCH_ACCOUNTS", "20"))
REGIONS = os.environ.get("ATOLL_BENCH_REGIONS", "eu-west-1,us-east-1").split(",")
KEYS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
AMI = "ami-03cf127a"  # one of moto's built-in images

org = boto3.client("organizations", region_name="us-east-1", endpoint_url=ENDPOINT, **KEYS)
org.create_organization(FeatureSet="ALL")
management = org.describe_organization()["Organization"]["MasterAccountId"]
root = org.list_roots()["Roots"][0]["Id"]
ous = [
    org.create_organizational_unit(ParentId=root, Name=name)["OrganizationalUnit"]["Id"]
    for name in ("Security", "Workloads", "Sandbox")
]
members = []
for n in range(ACCOUNTS - 1):
    account_id = org.create_account(Email=f"bench-{n}@example.com", AccountName=f"bench-{n:02}")[
        "CreateAccountStatus"]["AccountId"]
    org.move_account(AccountId=account_id, SourceParentId=root, DestinationParentId=ous[n % len(ous)])
    members.append(account_id)

sts = boto3.client("sts", region_name="us-east-1", endpoint_url=ENDPOINT, **KEYS)


def session_keys(account_id):
    if account_id == management:
        return KEYS
    creds = sts.assume_role(
        RoleArn=f"arn:aws:iam::{account_id}:role/OrganizationAccountAccessRole",
        RoleSessionName="plant-bench",
    )["Credentials"]
    return {
        "aws_access_key_id": creds["AccessKeyId"],
        "aws_secret_access_key": creds["SecretAccessKey"],
        "aws_session_token": creds["SessionToken"],
    }


planted = 0
for account_id in [management] + members:
    keys = session_keys(account_id)
    iam = boto3.client("iam", region_name="us-east-1", endpoint_url=ENDPOINT, **keys)
    iam.create_user(UserName="console-user")
    iam.create_login_profile(UserName="console-user", Password="Planted-Password-1!")
    iam.create_user(UserName="ci-deployer")
    iam.create_role(RoleName="app-role", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }))
    planted += 3
    for region in REGIONS:
        client = lambda service: boto3.client(service, region_name=region, endpoint_url=ENDPOINT, **keys)
        ec2 = client("ec2")
        vpc = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
        for name in ("web", "app", "bastion"):
            group = ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc)["GroupId"]
            if name == "bastion":
                ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[{
                    "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                    "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        for n in range(4):
            ec2.create_volume(AvailabilityZone=f"{region}a", Size=8, Encrypted=n % 2 == 0)
        ec2.run_instances(ImageId=AMI, MinCount=2, MaxCount=2, InstanceType="t3.micro")
        sqs = client("sqs")
        for n in range(3):
            sqs.create_queue(QueueName=f"events-{n}")
        sns = client("sns")
        for n in range(2):
            sns.create_topic(Name=f"alerts-{n}")
        logs = client("logs")
        for n in range(2):
            logs.create_log_group(logGroupName=f"/app/service-{n}")
        kms = client("kms")
        for n in range(2):
            kms.create_key(Description=f"key-{n}")
        client("dynamodb").create_table(
            TableName="orders",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        s3 = client("s3")
        bucket = f"bench-{account_id}-{region}"
        if region == "us-east-1":
            s3.create_bucket(Bucket=bucket)
        else:
            s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region})
        planted += 3 + 4 + 2 + 3 + 2 + 2 + 2 + 1 + 1

with open(OUT, "w") as f:
    json.dump({
        "management": management,
        "accounts": ACCOUNTS,
        "regions": REGIONS,
        "planted": planted,
    }, f, indent=2)
