"""Compute as crates/atoll-aws/src/services/compute.rs records it: Auto
Scaling groups, Lambda functions and SSM parameters."""

from datetime import timedelta

from .common import ACCOUNT, BASE, hexid, uid
from .monitoring import log_group

ASG = "aws:autoscaling:groupName"


def asg(reg, name, zones, min_size, max_size, desired, hc, tgs, t, subnet_prefix, arn_seed=None, template=None):
    """An Auto Scaling group over the instances the EC2 estate tagged with
    its name, in the subnets `<subnet_prefix>-<zone letter>`."""
    e, R = reg.e, reg.r
    gid = uid(arn_seed or "asg" + name)
    arn = reg.arn("autoscaling", f"autoScalingGroup:{gid}:autoScalingGroupName/{name}")
    instances = [r for r in e.resources if r["type"] == "AWS::EC2::Instance" and r["region"] == R and r["tags"].get(ASG) == name]
    config = {
        "AutoScalingGroupName": name,
        "AutoScalingGroupARN": arn,
        "MinSize": min_size,
        "MaxSize": max_size,
        "DesiredCapacity": desired,
        "AvailabilityZones": zones,
        "VPCZoneIdentifier": ",".join(reg.id("subnet", f"{subnet_prefix}-{z[-1]}") for z in zones),
        "HealthCheckType": hc,
        "LoadBalancerNames": [],
        "TargetGroupARNs": [reg.arn("elasticloadbalancing", f"targetgroup/{tg}/{hexid(tg, 16)}") for tg in tgs],
        "LaunchConfigurationName": None,
        "LaunchTemplate": {"LaunchTemplateName": template or f"{name}-lt", "Version": "$Latest"},
        "Instances": [
            {
                "InstanceId": r["resource_id"],
                "AvailabilityZone": r["config"]["Placement"]["AvailabilityZone"],
                "LifecycleState": "InService",
                "HealthStatus": "Healthy",
            }
            for r in instances
        ],
    }
    t = {k: v for k, v in t.items() if k != ASG}
    e.add("AWS::AutoScaling::AutoScalingGroup", R, name, arn, config, t, name=name)


def lambda_fn(reg, name, runtime, memory, timeout=30, arch="x86_64", tracing="PassThrough", dlq=None, vpc=None, modified=120, image=False):
    """A function and its log group (/aws/lambda/<name>)."""
    arn = reg.arn("lambda", f"function:{name}")
    if image:
        handler = None
    elif runtime.startswith("nodejs"):
        handler = "index.handler"
    elif runtime.startswith("python"):
        handler = "app.handler"
    else:
        handler = "com.northwind.Handler::handleRequest"
    reg.e.add(
        "AWS::Lambda::Function",
        reg.r,
        name,
        arn,
        {
            "FunctionName": name,
            "FunctionArn": arn,
            "Runtime": None if image else runtime,
            "Handler": handler,
            "MemorySize": memory,
            "Timeout": timeout,
            "LastModified": (BASE - timedelta(days=modified)).strftime("%Y-%m-%dT%H:%M:%S.000+0000"),
            "PackageType": "Image" if image else "Zip",
            "Architectures": [arch],
            "TracingConfig": {"Mode": tracing},
            "DeadLetterConfig": {"TargetArn": dlq} if dlq else None,
            "VpcConfig": {"SubnetIds": vpc[0], "SecurityGroupIds": vpc[1]} if vpc else {"SubnetIds": [], "SecurityGroupIds": []},
        },
        name=name,
    )
    seed = int(hexid(reg.r + name, 6), 16)
    retention = 30 if tracing == "Active" else (14 if seed % 3 == 0 else None)
    log_group(reg, f"/aws/lambda/{name}", retention=retention, stored=seed % (900 * 1048576))


def ssm(reg, name, ptype, modified=200, key=None):
    arn = reg.arn("ssm", f"parameter{name}")
    reg.e.add(
        "AWS::SSM::Parameter",
        reg.r,
        name,
        arn,
        {
            "Name": name,
            "ARN": arn,
            "Type": ptype,
            "KeyId": key or ("alias/aws/ssm" if ptype == "SecureString" else None),
            "Tier": "Standard",
            "DataType": "text",
            "LastModifiedDate": reg.e.ago(modified),
            "Version": 3,
        },
        name=name,
    )


def eu_west_1(reg):
    b, a = reg.e.before, reg.e.after
    R, az = reg.r, reg.az

    ssm(reg, "/prod/orders/db_host", "String")
    ssm(reg, "/prod/orders/db_password", "String" if b else "SecureString", modified=400 if b else 20)
    ssm(reg, "/prod/payments/stripe_api_key", "SecureString", key="alias/payments")
    ssm(reg, "/prod/web/feature_flags", "String", modified=3)
    ssm(reg, "/nonprod/orders/db_password", "SecureString")
    ssm(reg, "/shared/ami/web-latest", "String", modified=35)

    vpc = ([reg.id("subnet", f"prod-private-{s}") for s in "abc"], [reg.id("sg", "lambda-sg")])
    if b:
        lambda_fn(reg, "order-confirmation-email", "python3.8", 128, 30, modified=900)
    else:
        lambda_fn(reg, "order-confirmation-email", "python3.13", 256, 30, arch="arm64", modified=12)
    lambda_fn(reg, "image-resizer", "nodejs16.x", 1024, 60, modified=600)
    lambda_fn(reg, "inventory-sync", "python3.13", 512, 120, arch="arm64", tracing="Active", dlq=f"arn:aws:sqs:{R}:{ACCOUNT}:orders-dlq", vpc=vpc, modified=40)
    lambda_fn(reg, "payment-webhook", "java21", 1024, 15, arch="arm64", tracing="Active", dlq=f"arn:aws:sqs:{R}:{ACCOUNT}:payment-events-dlq.fifo", vpc=vpc, modified=25)
    lambda_fn(reg, "stock-alerts", "nodejs24.x", 256, 30, modified=70)
    lambda_fn(reg, "cart-cleanup", "python3.12", 128, 60, arch="arm64", modified=200)
    lambda_fn(reg, "search-indexer", None, 2048, 300, image=True, modified=18)
    if a:
        lambda_fn(reg, "returns-processor", "python3.13", 128, 30, arch="arm64", modified=8)

    # Auto Scaling groups, after the EC2 estate made their instances.
    t = reg.asg_tags
    asg(reg, "prod-web-asg", az, 3, 12, 3, "ELB", ["prod-web-tg"], t["prod-web-asg"], "prod-private")
    asg(reg, "prod-app-asg", az, 3, 9, 3, "EC2" if b else "ELB", ["prod-app-tg"], t["prod-app-asg"], "prod-private")
    asg(reg, "batch-asg", reg.asg_zones["batch-asg"], 2, 2 if b else 6, 2, "EC2", [], t["batch-asg"], "prod-private")
    asg(reg, "nonprod-web-asg", ["eu-west-1a"], 1, 4, 2, "ELB", ["nonprod-web-tg"], t["nonprod-web-asg"], "nonprod-private")


def us_east_1(reg):
    b = reg.e.before
    R = reg.r
    ssm(reg, "/us/web/api_token", "SecureString")
    ssm(reg, "/marketing/wordpress/admin_password", "String" if b else "SecureString", modified=700 if b else 15)

    dlq = f"arn:aws:sqs:{R}:{ACCOUNT}:us-orders-dlq"
    lambda_fn(reg, "newsletter-sender", "nodejs18.x", 512, 300, modified=420)
    lambda_fn(reg, "signup-webhook", "python3.12", 256, 10, arch="arm64", tracing="Active", dlq=dlq, modified=90)
    lambda_fn(reg, "cloudfront-edge-auth", "nodejs20.x", 128, 5, modified=510)
    lambda_fn(reg, "geo-redirect", "python3.13", 128, 3, arch="arm64", modified=60)
    lambda_fn(reg, "us-price-sync", "java21", 1536, 120, arch="arm64", tracing="Active", dlq=dlq, modified=30)

    # The storefront's group: its tags leave out the instances' Name.
    t = {k: v for k, v in reg.asg_tags["us-web-asg"].items() if k != "Name"}
    asg(reg, "us-web-asg", reg.az, 2, 6, 3, "ELB", ["us-web-tg"], t, "us-private", arn_seed="asg-us-web", template="us-web-lt")
