"""Plants, in the moto emulator, one resource of each type the demo customer
has (crates/atoll-app/demo) that plant.py's "standard" scenario does not, with
the optional parts the demo fills in (listeners, rules, containers, ...), so
that crates/atoll-cli/tests/demo_shapes.rs can compare the demo's field names
with what the collectors emit for the same types. Run after plant.py
standard; writes nothing the other tests read.

usage: plant_shapes.py ENDPOINT OUT.json
"""

import json
import sys

import boto3

ENDPOINT = sys.argv[1]
OUT = sys.argv[2]
ACCOUNT = "123456789012"
REGION = "eu-west-1"
KEYS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
planted = {}  # resource type -> "planted", or why it could not be
made = {}  # ids later plantings use


def client(service, region=REGION):
    return boto3.client(service, region_name=region, endpoint_url=ENDPOINT, **KEYS)


def plant(rtype):
    """Runs one planting; an emulator that lacks the API is recorded, not fatal:
    the test lists the types moto cannot produce."""

    def run(fn):
        try:
            fn()
            planted[rtype] = "planted"
        except Exception as error:  # noqa: BLE001 - reported to the test
            planted[rtype] = f"not planted: {type(error).__name__}: {error}"
        return fn

    return run


ec2 = client("ec2")
vpc = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
subnets = sorted(ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"], key=lambda s: s["AvailabilityZone"])
subnet_ids = [s["SubnetId"] for s in subnets]
group = ec2.create_security_group(GroupName="shapes", Description="shapes", VpcId=vpc)["GroupId"]
ami = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
kms_key = client("kms").create_key(Description="shapes")["KeyMetadata"]["Arn"]
iam = client("iam")
role = iam.create_role(
    RoleName="shapes-role",
    AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}),
)["Role"]["Arn"]
iam.create_instance_profile(InstanceProfileName="shapes-profile")
iam.add_role_to_instance_profile(InstanceProfileName="shapes-profile", RoleName="shapes-role")


@plant("AWS::EC2::Instance")
def _():
    iid = ec2.run_instances(
        ImageId=ami, MinCount=1, MaxCount=1, InstanceType="m5.large", SubnetId=subnet_ids[0], SecurityGroupIds=[group],
        IamInstanceProfile={"Name": "shapes-profile"}, Monitoring={"Enabled": True}, EbsOptimized=True,
        BlockDeviceMappings=[{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 20, "VolumeType": "gp3", "DeleteOnTermination": True}}],
        TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "shapes-host"}]}],
    )["Instances"][0]["InstanceId"]
    made["instance"] = iid


@plant("AWS::EC2::SecurityGroup")
def _():
    prefix_list = ec2.create_managed_prefix_list(PrefixListName="shapes-office", MaxEntries=2, AddressFamily="IPv4",
                                                 Entries=[{"Cidr": "203.0.113.0/24"}])["PrefixList"]["PrefixListId"]
    peer = ec2.create_security_group(GroupName="shapes-peer", Description="shapes peer", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=peer, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": group}]},
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "PrefixListIds": [{"PrefixListId": prefix_list}]},
    ])


@plant("AWS::EC2::NatGateway")
def _():
    allocation = ec2.allocate_address(Domain="vpc")["AllocationId"]
    ec2.create_nat_gateway(SubnetId=subnet_ids[0], AllocationId=allocation)


@plant("AWS::EC2::Snapshot")
def _():
    volume = ec2.create_volume(AvailabilityZone=subnets[0]["AvailabilityZone"], Size=8, VolumeType="gp3", Encrypted=True)["VolumeId"]
    ec2.create_snapshot(VolumeId=volume, Description="shapes")


@plant("AWS::EC2::Image")
def _():
    ec2.create_image(InstanceId=made["instance"], Name="shapes-image")


@plant("AWS::RDS::DBCluster")
def _():
    rds = client("rds")
    rds.create_db_cluster(
        DBClusterIdentifier="shapes-aurora", Engine="aurora-postgresql", MasterUsername="admin", MasterUserPassword="not-a-real-secret-1",
        StorageEncrypted=True, DeletionProtection=False, BackupRetentionPeriod=7, AvailabilityZones=[s["AvailabilityZone"] for s in subnets[:2]],
    )
    rds.create_db_instance(DBInstanceIdentifier="shapes-aurora-1", DBClusterIdentifier="shapes-aurora", Engine="aurora-postgresql", DBInstanceClass="db.r6g.large")


@plant("AWS::ElasticLoadBalancing::LoadBalancer")
def _():
    client("elb").create_load_balancer(
        LoadBalancerName="shapes-classic",
        Listeners=[{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstanceProtocol": "HTTP", "InstancePort": 8080}],
        Subnets=subnet_ids[:2], SecurityGroups=[group],
    )


@plant("AWS::AutoScaling::AutoScalingGroup")
def _():
    ec2.create_launch_template(LaunchTemplateName="shapes-lt", LaunchTemplateData={"ImageId": ami, "InstanceType": "t3.micro"})
    elbv2 = client("elbv2")
    tg = elbv2.create_target_group(Name="shapes-tg", Protocol="HTTP", Port=80, VpcId=vpc)["TargetGroups"][0]["TargetGroupArn"]
    client("autoscaling").create_auto_scaling_group(
        AutoScalingGroupName="shapes-asg", LaunchTemplate={"LaunchTemplateName": "shapes-lt", "Version": "$Latest"},
        MinSize=1, MaxSize=2, DesiredCapacity=1, VPCZoneIdentifier=",".join(subnet_ids[:2]), TargetGroupARNs=[tg], HealthCheckType="ELB",
    )


@plant("AWS::SQS::Queue")
def _():
    client("sqs").create_queue(QueueName="shapes.fifo", Attributes={
        "FifoQueue": "true", "ContentBasedDeduplication": "false", "KmsMasterKeyId": "alias/aws/sqs", "KmsDataKeyReusePeriodSeconds": "300",
    })


@plant("AWS::Lambda::Function")
def _():
    import io
    import zipfile

    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as z:
        z.writestr("app.py", "def handler(event, context):\n    return 'ok'\n")
    client("lambda").create_function(
        FunctionName="shapes-fn", Runtime="python3.13", Role=role, Handler="app.handler", Code={"ZipFile": code.getvalue()},
        MemorySize=256, Timeout=30, Architectures=["arm64"], TracingConfig={"Mode": "Active"},
        DeadLetterConfig={"TargetArn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:orders-dlq-{REGION}"},
        VpcConfig={"SubnetIds": subnet_ids[:2], "SecurityGroupIds": [group]},
    )


@plant("AWS::IAM::User")
def _():
    iam.create_user(UserName="shapes-deployer")
    iam.create_access_key(UserName="shapes-deployer")
    iam.put_user_policy(UserName="shapes-deployer", PolicyName="deploy", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecs:UpdateService", "Resource": "*"}]}))
    iam.attach_user_policy(UserName="shapes-deployer", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    iam.create_group(GroupName="shapes-operators")
    iam.put_group_policy(GroupName="shapes-operators", PolicyName="ops", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "backup:List*", "Resource": "*"}]}))
    iam.add_user_to_group(GroupName="shapes-operators", UserName="shapes-deployer")


@plant("AWS::IAM::Role")
def _():
    iam.attach_role_policy(RoleName="shapes-role", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    iam.put_role_policy(RoleName="shapes-role", PolicyName="inline", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}))


@plant("AWS::IAM::Policy")
def _():
    arn = iam.create_policy(PolicyName="shapes-policy", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}))["Policy"]["Arn"]
    iam.create_policy_version(PolicyArn=arn, SetAsDefault=True, PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}))
    iam.attach_user_policy(UserName="shapes-deployer", PolicyArn=arn)


@plant("AWS::S3::Bucket")
def _():
    s3 = client("s3")
    s3.create_bucket(Bucket="shapes-media", CreateBucketConfiguration={"LocationConstraint": REGION})
    s3.put_bucket_encryption(Bucket="shapes-media", ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": kms_key}, "BucketKeyEnabled": True}]})
    s3.put_bucket_versioning(Bucket="shapes-media", VersioningConfiguration={"Status": "Enabled"})


@plant("AWS::CertificateManager::Certificate")
def _():
    arn = client("acm").request_certificate(DomainName="shop.example.com", ValidationMethod="DNS")["CertificateArn"]
    made["certificate"] = arn


@plant("AWS::ElasticLoadBalancingV2::LoadBalancer")
def _():
    elbv2 = client("elbv2")
    lb = elbv2.create_load_balancer(Name="shapes-alb", Subnets=subnet_ids[:2], SecurityGroups=[group])["LoadBalancers"][0]["LoadBalancerArn"]
    tg = elbv2.create_target_group(Name="shapes-web", Protocol="HTTP", Port=80, VpcId=vpc)["TargetGroups"][0]["TargetGroupArn"]
    elbv2.create_listener(
        LoadBalancerArn=lb, Protocol="HTTPS", Port=443, SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06",
        Certificates=[{"CertificateArn": made.get("certificate", "")}], DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}],
    )


@plant("AWS::CloudFront::Distribution")
def _():
    client("cloudfront", "us-east-1").create_distribution(
        DistributionConfig={
            "CallerReference": "shapes",
            "Aliases": {"Quantity": 1, "Items": ["static.example.com"]},
            "Origins": {"Quantity": 2, "Items": [
                {"Id": "assets", "DomainName": "shapes-assets.s3.us-east-1.amazonaws.com", "S3OriginConfig": {"OriginAccessIdentity": ""}},
                {"Id": "web", "DomainName": "web.example.com", "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"}},
            ]},
            "DefaultCacheBehavior": {"TargetOriginId": "assets", "ViewerProtocolPolicy": "redirect-to-https", "Compress": True, "MinTTL": 0,
                                     "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}}, "TrustedSigners": {"Enabled": False, "Quantity": 0}},
            "Comment": "shapes", "Enabled": True, "HttpVersion": "http2", "PriceClass": "PriceClass_100", "IsIPV6Enabled": True,
            "ViewerCertificate": {"CloudFrontDefaultCertificate": True, "MinimumProtocolVersion": "TLSv1.2_2021"},
        }
    )


@plant("AWS::Route53::HostedZone")
def _():
    client("route53", "us-east-1").create_hosted_zone(Name="shapes.example.", CallerReference="shapes", HostedZoneConfig={"Comment": "shapes", "PrivateZone": False})


@plant("AWS::Route53::HealthCheck")
def _():
    client("route53", "us-east-1").create_health_check(
        CallerReference="shapes-hc",
        HealthCheckConfig={"Type": "HTTPS", "FullyQualifiedDomainName": "shop.example.com", "Port": 443, "ResourcePath": "/health"},
    )


@plant("AWS::ApiGateway::Stage")
def _():
    apigw = client("apigateway")
    api = apigw.create_rest_api(name="shapes-api")["id"]
    root = apigw.get_resources(restApiId=api)["items"][0]["id"]
    apigw.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigw.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="MOCK")
    deployment = apigw.create_deployment(restApiId=api)["id"]
    apigw.create_stage(restApiId=api, stageName="prod", deploymentId=deployment, tracingEnabled=True)
    apigw.update_stage(
        restApiId=api, stageName="prod",
        patchOperations=[
            {"op": "replace", "path": "/*/*/logging/loglevel", "value": "ERROR"},
            {"op": "replace", "path": "/*/*/metrics/enabled", "value": "true"},
            {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": "500"},
            {"op": "replace", "path": "/accessLogSettings/destinationArn", "value": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/apigateway/shapes"},
        ],
    )


@plant("AWS::ECS::Cluster")
def _():
    ecs = client("ecs")
    ecs.create_cluster(clusterName="shapes-ecs", settings=[{"name": "containerInsights", "value": "enabled"}])
    td = ecs.register_task_definition(
        family="shapes-app", networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256", memory="512", executionRoleArn=role,
        runtimePlatform={"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"},
        containerDefinitions=[{
            "name": "app", "image": "nginx:1", "essential": True, "privileged": False, "readonlyRootFilesystem": True, "user": "1000",
            "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/shapes"}},
            "healthCheck": {"command": ["CMD-SHELL", "true"]},
            "environment": [{"name": "MODE", "value": "demo"}],
            "secrets": [{"name": "TOKEN", "valueFrom": "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/api-token"}],
        }],
    )["taskDefinition"]["taskDefinitionArn"]
    ecs.create_service(
        cluster="shapes-ecs", serviceName="shapes-svc", taskDefinition=td, desiredCount=1, launchType="FARGATE",
        deploymentConfiguration={"minimumHealthyPercent": 100, "maximumPercent": 200, "deploymentCircuitBreaker": {"enable": True, "rollback": True}},
        networkConfiguration={"awsvpcConfiguration": {"subnets": subnet_ids[:2], "securityGroups": [group], "assignPublicIp": "DISABLED"}},
    )


@plant("AWS::EKS::Cluster")
def _():
    client("eks").create_cluster(
        name="shapes-eks", roleArn=role, version="1.31",
        resourcesVpcConfig={"subnetIds": subnet_ids[:2], "endpointPublicAccess": True, "endpointPrivateAccess": True, "publicAccessCidrs": ["203.0.113.0/24"]},
        logging={"clusterLogging": [{"types": ["api", "audit"], "enabled": True}]},
        encryptionConfig=[{"resources": ["secrets"], "provider": {"keyArn": kms_key}}],
    )


@plant("AWS::Backup::BackupPlan")
def _():
    backup = client("backup")
    backup.create_backup_vault(BackupVaultName="shapes-vault", EncryptionKeyArn=kms_key)
    backup.create_backup_plan(BackupPlan={"BackupPlanName": "shapes-plan", "Rules": [{
        "RuleName": "daily", "TargetBackupVaultName": "shapes-vault", "ScheduleExpression": "cron(0 3 ? * * *)",
        "Lifecycle": {"MoveToColdStorageAfterDays": 30, "DeleteAfterDays": 365},
        "CopyActions": [{"DestinationBackupVaultArn": f"arn:aws:backup:us-east-1:{ACCOUNT}:backup-vault:Default"}],
    }]})


@plant("AWS::EFS::FileSystem")
def _():
    efs = client("efs")
    fid = efs.create_file_system(
        CreationToken="shapes", Encrypted=True, KmsKeyId=kms_key, PerformanceMode="generalPurpose", ThroughputMode="elastic",
        Backup=True, Tags=[{"Key": "Name", "Value": "shapes-fs"}],
    )["FileSystemId"]
    efs.put_lifecycle_configuration(FileSystemId=fid, LifecyclePolicies=[{"TransitionToIA": "AFTER_30_DAYS"}])


@plant("AWS::ElastiCache::ReplicationGroup")
def _():
    client("elasticache").create_replication_group(
        ReplicationGroupId="shapes-redis", ReplicationGroupDescription="shapes", Engine="redis", CacheNodeType="cache.t3.micro",
        NumCacheClusters=2, AutomaticFailoverEnabled=True, MultiAZEnabled=True, AtRestEncryptionEnabled=True, TransitEncryptionEnabled=True,
        SnapshotRetentionLimit=3,
    )


@plant("AWS::ElastiCache::CacheCluster")
def _():
    client("elasticache").create_cache_cluster(CacheClusterId="shapes-memcached", Engine="memcached", CacheNodeType="cache.t3.micro", NumCacheNodes=2)


@plant("AWS::Config::ConfigurationRecorder")
def _():
    config = client("config")
    config.put_configuration_recorder(ConfigurationRecorder={
        "name": "default", "roleARN": role, "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True},
    })
    config.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "trail-logs-123"})
    config.start_configuration_recorder(ConfigurationRecorderName="default")


@plant("AWS::SecurityHub::Hub")
def _():
    client("securityhub").enable_security_hub(EnableDefaultStandards=False)


@plant("AWS::CloudWatch::Alarm")
def _():
    client("cloudwatch").put_metric_alarm(
        AlarmName="shapes-alarm", Namespace="AWS/RDS", MetricName="CPUUtilization", Dimensions=[{"Name": "DBInstanceIdentifier", "Value": "orders-eu-west-1"}],
        Statistic="Average", Period=300, EvaluationPeriods=1, Threshold=80.0, ComparisonOperator="GreaterThanThreshold",
        ActionsEnabled=True, AlarmActions=[f"arn:aws:sns:{REGION}:{ACCOUNT}:alerts-{REGION}"],
    )


@plant("AWS::CloudFormation::Stack")
def _():
    template = {"Resources": {"Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "shapes-stack-topic"}}}}
    client("cloudformation").create_stack(StackName="shapes-stack", TemplateBody=json.dumps(template), EnableTerminationProtection=True)


@plant("AWS::SecretsManager::Secret")
def _():
    secrets = client("secretsmanager")
    secrets.create_secret(Name="shapes/db-credentials", SecretString="not-a-real-secret", KmsKeyId=kms_key)
    secrets.rotate_secret(SecretId="shapes/db-credentials", RotationRules={"AutomaticallyAfterDays": 30}, RotateImmediately=False)


@plant("AWS::Organizations::Account")
def _():
    client("organizations", "us-east-1").create_organization(FeatureSet="ALL")


@plant("AWS::Organizations::Organization")
def _():
    # The scanned account manages the organization: a member account is the
    # delegated administrator of GuardDuty.
    org = client("organizations", "us-east-1")
    audit = org.create_account(Email="audit@example.com", AccountName="audit")["CreateAccountStatus"]["AccountId"]
    org.enable_aws_service_access(ServicePrincipal="guardduty.amazonaws.com")
    org.register_delegated_administrator(AccountId=audit, ServicePrincipal="guardduty.amazonaws.com")


with open(OUT, "w") as f:
    json.dump(planted, f, indent=2)
