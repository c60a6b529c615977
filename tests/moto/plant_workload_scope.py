"""Plants two workloads side by side in one moto account, for the
tag-scoped scan test: `payments` (tagged Application=payments) and `crm`
(tagged Application=crm), plus untagged leftovers, each with the same risks
(an unencrypted EBS volume, a queue without a dead-letter queue). The
account itself has no trail and no GuardDuty: account-level facts a review
of either workload must still report.

usage: plant_workload_scope.py ENDPOINT OUT.json
"""

import json
import sys

import boto3

ENDPOINT = sys.argv[1]
OUT = sys.argv[2]
KEYS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
REGION = "eu-west-1"
ec2 = boto3.client("ec2", region_name=REGION, endpoint_url=ENDPOINT, **KEYS)
sqs = boto3.client("sqs", region_name=REGION, endpoint_url=ENDPOINT, **KEYS)


def volume(tags):
    spec = [{"ResourceType": "volume", "Tags": [{"Key": k, "Value": v} for k, v in tags.items()]}] if tags else []
    return ec2.create_volume(AvailabilityZone=f"{REGION}a", Size=8, Encrypted=False, TagSpecifications=spec)["VolumeId"]


def queue(name, tags):
    sqs.create_queue(QueueName=name, tags=tags)
    return name


planted = {
    "in_scope": {
        "ebs-volume-unencrypted": volume({"Application": "payments"}),
        "sqs-queue-no-dlq": queue("payments-events", {"Application": "payments"}),
    },
    "out_of_scope": {
        "crm-volume": volume({"Application": "crm"}),
        "untagged-volume": volume({}),
        "crm-queue": queue("crm-events", {"Application": "crm"}),
        "untagged-queue": queue("leftover-events", {}),
    },
}
with open(OUT, "w") as f:
    json.dump(planted, f, indent=2)
