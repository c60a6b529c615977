"""Messaging as crates/atoll-aws/src/services/messaging.rs records it: SQS
queues (their attributes, all strings) and SNS topics."""

import json
from datetime import timedelta

from .common import ACCOUNT, BASE, doc, key_arn


def sqs(reg, name, retention_days=4, dlq=None, max_receives=5, sse="sqs", fifo=False, kms=None):
    region = reg.r
    arn = reg.arn("sqs", name)
    config = {
        "QueueArn": arn,
        "ApproximateNumberOfMessages": "0",
        "ApproximateNumberOfMessagesNotVisible": "0",
        "ApproximateNumberOfMessagesDelayed": "0",
        "CreatedTimestamp": str(int((BASE - timedelta(days=700)).timestamp())),
        "LastModifiedTimestamp": str(int((BASE - timedelta(days=90)).timestamp())),
        "VisibilityTimeout": "60",
        "MaximumMessageSize": "262144",
        "MessageRetentionPeriod": str(retention_days * 86400),
        "DelaySeconds": "0",
        "ReceiveMessageWaitTimeSeconds": "20",
        "SqsManagedSseEnabled": "true" if sse == "sqs" else "false",
        "QueueUrl": f"https://sqs.{region}.amazonaws.com/{ACCOUNT}/{name}",
    }
    if dlq:
        config["RedrivePolicy"] = json.dumps({"deadLetterTargetArn": reg.arn("sqs", dlq), "maxReceiveCount": max_receives}, separators=(",", ":"))
    if sse == "kms":
        config["KmsMasterKeyId"] = kms or "alias/aws/sqs"
        config["KmsDataKeyReusePeriodSeconds"] = "300"
    if fifo:
        config["FifoQueue"] = "true"
        config["ContentBasedDeduplication"] = "false"
    reg.e.add("AWS::SQS::Queue", region, name, arn, config, name=name)


def sns(reg, name, display, kms=None, subscriptions=2):
    arn = reg.arn("sns", name)
    statement = {
        "Sid": "__default_statement_ID",
        "Effect": "Allow",
        "Principal": {"AWS": "*"},
        "Action": ["SNS:Publish", "SNS:Subscribe"],
        "Resource": arn,
        "Condition": {"StringEquals": {"AWS:SourceOwner": ACCOUNT}},
    }
    config = {
        "TopicArn": arn,
        "Owner": ACCOUNT,
        "DisplayName": display,
        "SubscriptionsConfirmed": str(subscriptions),
        "SubscriptionsPending": "0",
        "SubscriptionsDeleted": "0",
        "Policy": json.dumps(doc(statement), separators=(",", ":")),
        "EffectiveDeliveryPolicy": '{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3}}}',
    }
    if kms:
        config["KmsMasterKeyId"] = kms
    reg.e.add("AWS::SNS::Topic", reg.r, name, arn, config, name=name)
    return arn


def eu_west_1(reg):
    b, a = reg.e.before, reg.e.after
    sqs(reg, "orders-queue", 4, dlq="orders-dlq", sse="kms", kms=key_arn(reg.r, "orders-data"))
    sqs(reg, "orders-dlq", 14)
    sqs(reg, "payment-events.fifo", 4, dlq="payment-events-dlq.fifo", fifo=True, sse="kms", kms="alias/payments")
    sqs(reg, "payment-events-dlq.fifo", 14, fifo=True)
    sqs(reg, "email-notifications", 4, dlq="email-dlq", sse="none" if b else "sqs")
    sqs(reg, "email-dlq", 4 if b else 14)
    sqs(reg, "inventory-sync-queue", 4, dlq=None if b else "inventory-sync-dlq")
    if a:
        sqs(reg, "inventory-sync-dlq", 14)
    sns(reg, "ops-alerts", "Northwind ops alerts", kms="alias/aws/sns", subscriptions=4)
    sns(reg, "order-events", "Order events", kms=None if b else "alias/aws/sns", subscriptions=5)
    sns(reg, "cloudwatch-alarms-eu", "CloudWatch alarms", kms="alias/aws/sns", subscriptions=2)


def us_east_1(reg):
    sqs(reg, "us-orders-queue", 4, dlq="us-orders-dlq", sse="kms", kms=key_arn(reg.r, "us-data"))
    sqs(reg, "us-orders-dlq", 14)
    sqs(reg, "marketing-signups", 4, dlq=None)
    sns(reg, "ops-alerts-us", "Northwind ops alerts (US)", kms="alias/aws/sns", subscriptions=3)
    sns(reg, "marketing-events", "Marketing events", kms=None, subscriptions=1)
