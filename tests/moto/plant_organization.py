"""Plants a four-account AWS Organization in the moto emulator, with risks
spread across the accounts, for the organization review test.

  management     (moto's default account, the organization's management
                  account, under the root): an IAM console user without MFA.
  log-archive    (OU Security): an unencrypted EBS volume.
  payments-prod  (OU Workloads/Prod): an unencrypted EBS volume, SSH open to
                  the internet, a queue without a dead-letter queue.
  sandbox        (OU Workloads/Dev): its member role refuses the review (the
                  test's proxy answers AccessDenied to AssumeRole into it, as a
                  trust policy that does not name the caller does; moto itself
                  assumes any role). Something risky is planted there anyway:
                  the review must say it did not assess it, never that it is clean.

Each member account is planted through OrganizationAccountAccessRole; the
review reads them through the role the test names (moto does not check that
the role exists).

usage: plant_organization.py ENDPOINT OUT.json
"""

import json
import sys

import boto3

ENDPOINT = sys.argv[1]
OUT = sys.argv[2]
KEYS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
REGION = "eu-west-1"

planted = []  # rule, account, the resource (its id, or a name its id or ARN contains)


def risk(rule, account, resource):
    planted.append({"rule": rule, "account_id": account, "resource": resource})


org = boto3.client("organizations", region_name="us-east-1", endpoint_url=ENDPOINT, **KEYS)
org.create_organization(FeatureSet="ALL")
MANAGEMENT = org.describe_organization()["Organization"]["MasterAccountId"]
root = org.list_roots()["Roots"][0]["Id"]


def unit(parent, name):
    return org.create_organizational_unit(ParentId=parent, Name=name)["OrganizationalUnit"]["Id"]


security = unit(root, "Security")
workloads = unit(root, "Workloads")
prod = unit(workloads, "Prod")
dev = unit(workloads, "Dev")


def account(name, ou):
    account_id = org.create_account(Email=f"{name}@example.com", AccountName=name)[
        "CreateAccountStatus"]["AccountId"]
    org.move_account(AccountId=account_id, SourceParentId=root, DestinationParentId=ou)
    return account_id


LOG_ARCHIVE = account("log-archive", security)
PAYMENTS = account("payments-prod", prod)
SANDBOX = account("sandbox", dev)
sts = boto3.client("sts", region_name="us-east-1", endpoint_url=ENDPOINT, **KEYS)


def clients(account_id):
    if account_id == MANAGEMENT:
        keys = KEYS
    else:
        creds = sts.assume_role(
            RoleArn=f"arn:aws:iam::{account_id}:role/OrganizationAccountAccessRole",
            RoleSessionName="plant-organization",
        )["Credentials"]
        keys = {
            "aws_access_key_id": creds["AccessKeyId"],
            "aws_secret_access_key": creds["SecretAccessKey"],
            "aws_session_token": creds["SessionToken"],
        }
    return lambda service: boto3.client(service, region_name=REGION, endpoint_url=ENDPOINT, **keys)


def unencrypted_volume(account_id):
    ec2 = clients(account_id)("ec2")
    volume = ec2.create_volume(AvailabilityZone=f"{REGION}a", Size=8, Encrypted=False)["VolumeId"]
    risk("ebs-volume-unencrypted", account_id, volume)


# management: a console user without MFA.
iam = clients(MANAGEMENT)("iam")
iam.create_user(UserName="ops-admin")
iam.create_login_profile(UserName="ops-admin", Password="Planted-Password-1!")
risk("iam-console-user-without-mfa", MANAGEMENT, "ops-admin")

unencrypted_volume(LOG_ARCHIVE)

unencrypted_volume(PAYMENTS)
payments = clients(PAYMENTS)
ec2 = payments("ec2")
vpc = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
ssh = ec2.create_security_group(GroupName="bastion-ssh", Description="bastion", VpcId=vpc)["GroupId"]
ec2.authorize_security_group_ingress(
    GroupId=ssh,
    IpPermissions=[{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}],
)
risk("sg-open-ssh", PAYMENTS, ssh)
payments("sqs").create_queue(QueueName="payments-events")
risk("sqs-queue-no-dlq", PAYMENTS, "payments-events")

# sandbox: risky, and out of the review's reach.
clients(SANDBOX)("ec2").create_volume(AvailabilityZone=f"{REGION}a", Size=8, Encrypted=False)

names = {a["Id"]: a["Name"] for a in org.list_accounts()["Accounts"]}
ou_paths = {MANAGEMENT: "", LOG_ARCHIVE: "Security", PAYMENTS: "Workloads/Prod", SANDBOX: "Workloads/Dev"}
with open(OUT, "w") as f:
    json.dump({
        "management": MANAGEMENT,
        "accounts": {a: {"name": names[a], "ou_path": path} for a, path in ou_paths.items()},
        "denied": SANDBOX,
        "planted": planted,
    }, f, indent=2)
