"""Containers as crates/atoll-aws/src/services/containers.rs records them:
ECS clusters, services and task definitions, and EKS clusters."""

from .common import ACCOUNT, OFFICE_CIDR, key_arn


def container(name, image, health=True, log=True, user=None, essential=True, env=(), secrets=()):
    return {
        "name": name,
        "image": image,
        "essential": essential,
        "privileged": None,
        "readonlyRootFilesystem": True if user != "0" else False,
        "user": user,
        "logConfiguration": {"logDriver": "awslogs"} if log else None,
        "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"]} if health else None,
        "environmentNames": list(env),
        "secrets": [{"name": s} for s in secrets],
    }


def ecs_cluster(reg, name, running, services):
    arn = reg.arn("ecs", f"cluster/{name}")
    config = {
        "clusterName": name,
        "clusterArn": arn,
        "status": "ACTIVE",
        "runningTasksCount": running,
        "activeServicesCount": services,
        "settings": [{"name": "containerInsights", "value": "enabled"}],
    }
    reg.e.add("AWS::ECS::Cluster", reg.r, name, arn, config, name=name)
    return arn


def task_def(reg, family, revision, containers, arch="ARM64", cpu="1024", memory="2048"):
    arn = reg.arn("ecs", f"task-definition/{family}:{revision}")
    reg.e.add(
        "AWS::ECS::TaskDefinition",
        reg.r,
        f"{family}:{revision}",
        arn,
        {
            "family": family,
            "revision": revision,
            "taskDefinitionArn": arn,
            "networkMode": "awsvpc",
            "requiresCompatibilities": ["FARGATE"],
            "cpu": cpu,
            "memory": memory,
            "runtimePlatform": {"cpuArchitecture": arch, "operatingSystemFamily": "LINUX"},
            "containerDefinitions": containers,
        },
    )
    return arn


def service(reg, cluster, name, td, desired, breaker, subnets, groups):
    arn = reg.arn("ecs", f"service/{cluster}/{name}")
    reg.e.add(
        "AWS::ECS::Service",
        reg.r,
        f"{cluster}/{name}",
        arn,
        {
            "serviceName": name,
            "serviceArn": arn,
            "clusterArn": reg.arn("ecs", f"cluster/{cluster}"),
            "status": "ACTIVE",
            "desiredCount": desired,
            "runningCount": desired,
            "launchType": "FARGATE",
            "taskDefinition": td,
            "deploymentConfiguration": {
                "minimumHealthyPercent": 100,
                "maximumPercent": 200,
                "deploymentCircuitBreaker": {"enable": breaker, "rollback": breaker},
            },
            "networkConfiguration": {"awsvpcConfiguration": {"subnets": subnets, "securityGroups": groups, "assignPublicIp": "DISABLED"}},
        },
        name=name,
    )


def eks_cluster(reg, name, version, public_cidrs, private_access, subnets, logging, key):
    arn = reg.arn("eks", f"cluster/{name}")
    reg.e.add(
        "AWS::EKS::Cluster",
        reg.r,
        name,
        arn,
        {
            "name": name,
            "arn": arn,
            "version": version,
            "status": "ACTIVE",
            "resourcesVpcConfig": {
                "endpointPublicAccess": True,
                "endpointPrivateAccess": private_access,
                "publicAccessCidrs": public_cidrs,
                "subnetIds": subnets,
            },
            "logging": {"clusterLogging": [{"types": types, "enabled": enabled} for types, enabled in logging]},
            "encryptionConfig": [{"provider": {"keyArn": key}}],
        },
        name=name,
    )


def eu_west_1(reg):
    """ECS on Fargate for the shop, EKS for the analytics team."""
    b, a = reg.e.before, reg.e.after
    R = reg.r
    private = [reg.id("subnet", f"prod-private-{s}") for s in "abc"]
    ecs_cluster(reg, "prod-ecs", 7, 3)
    ecr = f"{ACCOUNT}.dkr.ecr.{R}.amazonaws.com"

    def checkout(tag):
        return [container("checkout", f"{ecr}/checkout:{tag}", env=["ORDERS_QUEUE_URL", "CARTS_TABLE"], secrets=["STRIPE_API_KEY"])]

    task_def(reg, "checkout", 41, checkout("2026.08.1"))
    checkout_td = task_def(reg, "checkout", 42, checkout("2026.09.3"))
    reco = [
        container("recommendations", f"{ecr}/recommendations:1.14.0", health=False, env=["MODEL_BUCKET"]),
        container("datadog-agent", "datadog/agent:7", health=False, essential=False, env=["DD_SITE"], secrets=["DD_API_KEY"]),
    ]
    reco_td = task_def(reg, "recommendations", 17, reco, arch="X86_64", cpu="2048", memory="4096")
    if b:
        fluent_bit = container("fluent-bit", "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.0", health=False, user="0")
        shipper_td = task_def(reg, "log-shipper", 5, [fluent_bit], arch="X86_64", cpu="256", memory="512")
    else:
        fluent_bit = container("fluent-bit", f"{ecr}/mirror/aws-for-fluent-bit:2.32.4", health=False, user="1000")
        shipper_td = task_def(reg, "log-shipper", 6, [fluent_bit], arch="ARM64", cpu="256", memory="512")

    app_sg = [reg.id("sg", "prod-app-sg")]
    service(reg, "prod-ecs", "checkout", checkout_td, 3, True, private, app_sg)
    service(reg, "prod-ecs", "recommendations", reco_td, 1 if b else 2, False, private, app_sg)
    service(reg, "prod-ecs", "log-shipper", shipper_td, 2, a, private, app_sg)

    every_log = ["api", "audit", "authenticator", "controllerManager", "scheduler"]
    logging = [(every_log, False)] if b else [(every_log[:3], True), (every_log[3:], False)]
    cidrs = ["0.0.0.0/0"] if b else [OFFICE_CIDR, "198.51.100.24/32"]
    eks_cluster(reg, "analytics-eks", "1.28" if b else "1.35", cidrs, a, private, logging, key_arn(R, "orders-data"))
