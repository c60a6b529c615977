"""Which EC2 resources each region has (the builders are in ec2.py).

eu-west-1 runs the web shop, orders, payments and analytics; us-east-1 the
US storefront, the marketing site and the disaster-recovery copies."""

from .common import OFFICE_CIDR, hexid, marketing_tags, tags
from .ec2 import (
    build_network,
    default_sg,
    ebs_default,
    eip,
    flow_log,
    host,
    image,
    nat_with_eip,
    public_ip,
    sg,
    snapshot,
    tcp,
    volume,
    vpc,
    vpn,
    web_ingress,
)

ASG = "aws:autoscaling:groupName"


def eu_west_1(reg):
    e = reg.e
    b, a = e.before, e.after
    az = reg.az
    prod_t, nonprod_t = reg.prod_t, reg.nonprod_t

    # VPCs, subnets, flow logs.
    vpc(reg, "prod-vpc", "10.10.0.0/16", prod_t("prod-vpc"))
    vpc(reg, "nonprod-vpc", "10.20.0.0/16", nonprod_t("nonprod-vpc"))
    vpc(reg, "default-vpc", "172.31.0.0/16", default=True)
    flow_log(reg, "prod-vpc", "northwind-vpc-flow-logs")
    if a:
        flow_log(reg, "nonprod-vpc", "northwind-vpc-flow-logs")
    subnets = []
    for i, zone in enumerate(az):
        s = zone[-1]
        subnets.append((f"prod-public-{s}", "prod-vpc", f"10.10.{i}.0/24", zone, 238 - 7 * i, True, prod_t(f"prod-public-{s}")))
    for i, zone in enumerate(az):
        s = zone[-1]
        # EKS pods exhaust the first private subnet.
        free = 212 if i == 0 else 2890 - 210 * i
        subnets.append((f"prod-private-{s}", "prod-vpc", f"10.10.{16 * (i + 1)}.0/20", zone, free, False, prod_t(f"prod-private-{s}")))
    for i, zone in enumerate(az):
        s = zone[-1]
        subnets.append((f"prod-data-{s}", "prod-vpc", f"10.10.{100 + i}.0/24", zone, 244 - i, False, prod_t(f"prod-data-{s}")))
    for i, zone in enumerate(az[:2]):
        s = zone[-1]
        subnets.append((f"nonprod-public-{s}", "nonprod-vpc", f"10.20.{i}.0/24", zone, 241 - i, True, nonprod_t(f"nonprod-public-{s}")))
        subnets.append((f"nonprod-private-{s}", "nonprod-vpc", f"10.20.{16 * (i + 1)}.0/20", zone, 3950 - 40 * i, False, nonprod_t(f"nonprod-private-{s}")))
    for i, zone in enumerate(az):
        subnets.append((f"default-{zone[-1]}", "default-vpc", f"172.31.{16 * i}.0/20", zone, 4091, True, {}))
    build_network(reg, subnets)

    # NAT gateways and Elastic IPs.
    for zone in az:
        s = zone[-1]
        nat_with_eip(reg, f"prod-nat-{s}", "prod-vpc", f"prod-public-{s}", 900, prod_t(f"prod-nat-{s}"), "52.48", eip_name=f"nat{s}", eni=f"nat-{s}")
    nat_with_eip(reg, "nonprod-nat-a", "nonprod-vpc", "nonprod-public-a", 600, nonprod_t("nonprod-nat-a"), "54.76")
    if b:
        # A second NAT gateway, created by a stack re-run, in the same AZ.
        nat_with_eip(reg, "nonprod-nat-a2", "nonprod-vpc", "nonprod-public-a", 300, nonprod_t("nonprod-nat-a2"), "54.76")
        eip(reg, "bastion", public_ip("bastion"), instance=reg.id("i", "bastion"), t=prod_t("bastion-eip"))
        eip(reg, "promo-2024", public_ip("promo-2024", "63.33"), t=tags(name="promo-2024-eip", owner="marketing-team"))

    # Security groups.
    default_sg(reg, "prod-vpc", locked=a)
    default_sg(reg, "nonprod-vpc")
    default_sg(reg, "default-vpc")
    web_sg = reg.id("sg", "prod-web-sg")
    app_sg = reg.id("sg", "prod-app-sg")
    alb_sg = reg.id("sg", "prod-alb-sg")
    bastion_sg = reg.id("sg", "bastion-sg")
    sg(reg, "prod-alb-sg", "prod-vpc", "Internet-facing ALB", web_ingress(), t=prod_t("prod-alb-sg", "web-team"))
    sg(reg, "prod-web-sg", "prod-vpc", "Web tier", [tcp(8080, groups=[alb_sg])] + ([tcp(22, groups=[bastion_sg])] if b else []), t=prod_t("prod-web-sg", "web-team"))
    sg(reg, "prod-app-sg", "prod-vpc", "Order services", [tcp(8443, groups=[web_sg])], t=prod_t("prod-app-sg", "orders-team"))
    sg(reg, "orders-db-sg", "prod-vpc", "PostgreSQL from the app tier", [tcp(5432, groups=[app_sg, web_sg])], t=prod_t("orders-db-sg", "orders-team"))
    sg(reg, "reporting-db-sg", "prod-vpc", "MySQL for reporting", [tcp(3306, cidrs=[OFFICE_CIDR], groups=[app_sg])], t=prod_t("reporting-db-sg", "data-team"))
    if b:
        sg(reg, "bastion-sg", "prod-vpc", "SSH bastion", [tcp(22, cidrs=["0.0.0.0/0"])], t=prod_t("bastion-sg"))
    sg(reg, "legacy-jump-sg", "prod-vpc", "Windows jump host for the ERP vendor", [tcp(3389, cidrs=["0.0.0.0/0"])], t=prod_t("legacy-jump-sg", "it-operations"))
    sg(reg, "redis-sg", "prod-vpc", "Redis from the web tier", [tcp(6379, groups=[web_sg, app_sg])], t=prod_t("redis-sg", "web-team"))
    sg(reg, "efs-sg", "prod-vpc", "NFS", [tcp(2049, groups=[web_sg, app_sg])], t=prod_t("efs-sg"))
    sg(reg, "eks-analytics-sg", "prod-vpc", "EKS control plane", [tcp(443, cidrs=["10.10.0.0/16"])], t=prod_t("eks-analytics-sg", "data-team"))
    sg(reg, "lambda-sg", "prod-vpc", "Lambda functions in the VPC", [], t=prod_t("lambda-sg", "web-team"))
    sg(reg, "batch-sg", "prod-vpc", "Batch workers", [], t=prod_t("batch-sg", "data-team"))
    sg(reg, "nonprod-web-sg", "nonprod-vpc", "Non-production web", [tcp(22, cidrs=[OFFICE_CIDR]), tcp(80, cidrs=["10.20.0.0/16"])], t=nonprod_t("nonprod-web-sg", "web-team"))
    if a:
        # Opened "temporarily" to debug a deployment, and forgotten.
        sg(reg, "temp-debug-ssh", "nonprod-vpc", "temp debug - remove", [tcp(22, cidrs=["0.0.0.0/0"])], t={"Name": "temp-debug-ssh"})

    # Images.
    web_ami = image(reg, "northwind-web-base-2026-09", 35, t=prod_t("northwind-web-base-2026-09"))
    app_ami = image(reg, "northwind-app-base-2026-08", 62, t=prod_t("northwind-app-base-2026-08"))
    win_ami = image(reg, "legacy-win2019-jump", 1190, t=prod_t("legacy-win2019-jump", "it-operations"))
    if b:
        image(reg, "northwind-base-2023-11", 690, public=True, t={"Name": "northwind-base-2023-11"})
    ebs_default(reg, a)

    # Instances with their volumes: the Auto Scaling groups' first.
    root30 = [("/dev/xvda", "root", "gp3", 30)]
    web_t = prod_t("prod-web", "web-team", **{ASG: "prod-web-asg"})
    app_t = prod_t("prod-app", "orders-team", **{ASG: "prod-app-asg"})
    for i, zone in enumerate(az):
        private = f"prod-private-{zone[-1]}"
        host(reg, f"prod-web-{i + 1}", "m7g.large", private, "prod-vpc", ["prod-web-sg"], web_ami, 9, web_t, root30, arch="arm64", monitoring="enabled", profile="prod-web-instance-role")
    for i, zone in enumerate(az):
        private = f"prod-private-{zone[-1]}"
        host(reg, f"prod-app-{i + 1}", "m5.xlarge", private, "prod-vpc", ["prod-app-sg"], app_ami, 21, app_t, root30, tokens="optional" if b else "required", monitoring="enabled", profile="prod-app-instance-role")
    batch_t = tags(name="batch-worker", env="production", cost="CC-1003", **{ASG: "batch-asg"})
    if a:
        batch_t["Owner"] = "data-team"
    batch_zones = ["eu-west-1a"] if b else az
    for i in range(2):
        zone = batch_zones[i % len(batch_zones)]
        disks = [("/dev/xvda", "root", "gp3", 50), ("/dev/sdf", "scratch", "io2", 500, 8000)]
        host(reg, f"batch-worker-{i + 1}", "c5.2xlarge", "prod-private-" + zone[-1], "prod-vpc", ["batch-sg"], app_ami, 15, batch_t, disks)
    if b:
        host(
            reg, "bastion", "t2.micro", "prod-public-a", "prod-vpc", ["bastion-sg"], "ami-0" + hexid("al2-2021", 16), 1500, prod_t("bastion"),
            [("/dev/xvda", "root", "gp2", 8)], encrypted=False, public_ip=public_ip("bastion"), tokens="optional", ebs_optimized=False,
        )
    host(
        reg, "legacy-erp-jump", "t2.large", "prod-public-a", "prod-vpc", ["legacy-jump-sg"], win_ami, 1180, prod_t("legacy-erp-jump", "it-operations"),
        [("/dev/sda1", "root", "gp2", 60), ("xvdf", "data", "standard", 200)],
        encrypted=False, public_ip=public_ip("legacy-erp-jump"), platform="Windows", tokens="optional", ebs_optimized=False,
    )
    host(
        reg, "reporting-etl", "m4.large", "prod-private-b", "prod-vpc", ["batch-sg"], app_ami, 1020, prod_t("reporting-etl", "data-team"),
        [("/dev/xvda", "root", "gp2", 40), ("/dev/sdf", "data", "gp2", 500)], encrypted=False, tokens="optional",
    )
    if b:
        host(
            reg, "old-build-server", "c4.xlarge", "prod-private-c", "prod-vpc", ["batch-sg"], "ami-0" + hexid("jenkins-2022", 16), 1300,
            tags(name="old-build-server", env="production"), [("/dev/xvda", "root", "gp2", 100)], encrypted=False, state="stopped",
        )
    nwt = nonprod_t("nonprod-web", "web-team", **{ASG: "nonprod-web-asg"})
    for i in range(2):
        groups = ["nonprod-web-sg"] + (["temp-debug-ssh"] if a and i == 0 else [])
        host(reg, f"nonprod-web-{i + 1}", "t3.medium", "nonprod-private-a", "nonprod-vpc", groups, web_ami, 4, nwt, [("/dev/xvda", "root", "gp3", 20)])
    host(reg, "nonprod-tools", "t3.large", "nonprod-private-b", "nonprod-vpc", ["default-nonprod-vpc"], app_ami, 410, {}, [("/dev/xvda", "root", "gp3", 40)], tokens="optional")
    reg.asg_tags.update({"prod-web-asg": web_t, "prod-app-asg": app_t, "batch-asg": batch_t, "nonprod-web-asg": nwt})
    reg.asg_zones["batch-asg"] = batch_zones
    # Volumes left behind.
    if b:
        volume(reg, "old-jenkins-data", "gp2", 250, "eu-west-1c", 1290, tags(name="jenkins-data"), encrypted=False)
    volume(reg, "restore-test", "gp3", 100, "eu-west-1a", 140, tags(name="restore-test-2026-05", owner="data-team"))

    # Snapshots.
    backup_tag = {"aws:backup:source-resource": reg.id("vol", "reporting-etl-data")}
    snapshot(reg, "reporting-nightly-1", "reporting-etl-data", 500, 1, backup_tag, encrypted=False)
    snapshot(reg, "reporting-nightly-2", "reporting-etl-data", 500, 2, backup_tag, encrypted=False)
    snapshot(reg, "reporting-pre-upgrade-2024", "reporting-etl-data", 500, 720, tags(name="before mysql 5.7 upgrade", owner="data-team"), encrypted=False)
    snapshot(reg, "jenkins-2023", "old-jenkins-data", 250, 1080, tags(name="jenkins-data-2023"), encrypted=False)
    snapshot(reg, "jenkins-2024-archive", "old-jenkins-data", 250, 700, tags(name="jenkins-data-2024"), encrypted=False, tier="archive")
    snapshot(reg, "search-2025", None, 120, 410, tags(name="search-cluster-final", owner="web-team"), volume_id="vol-0" + hexid("deleted-search", 16))
    snapshot(reg, "web-base-ami", "prod-web-1-root", 30, 35, prod_t("northwind-web-base-2026-09"))
    snapshot(reg, "app-base-ami", "prod-app-1-root", 30, 62, prod_t("northwind-app-base-2026-08"))

    # Site-to-site VPNs to the warehouse and the Dublin office.
    warehouse_change = e.recent(9, 4) if b else e.recent(16)
    vpn(
        reg,
        "warehouse",
        [("52.18.200.47", "DOWN" if b else "UP", "IPSEC IS DOWN" if b else "", warehouse_change), ("52.212.14.9", "UP", "", warehouse_change)],
        prod_t("warehouse-vpn", "it-operations"),
    )
    vpn(reg, "dublin-office", [("34.241.7.113", "UP", "", e.recent(41)), ("54.170.88.2", "UP", "", e.recent(41))], prod_t("dublin-office-vpn", "it-operations"))


def us_east_1(reg):
    b, a = reg.e.before, reg.e.after
    az = reg.az
    prod_t, mkt_t = reg.prod_t, marketing_tags

    vpc(reg, "us-prod-vpc", "10.30.0.0/16", prod_t("us-prod-vpc", "platform-team"))
    vpc(reg, "default-vpc", "172.31.0.0/16", default=True)
    if a:
        flow_log(reg, "us-prod-vpc", "northwind-vpc-flow-logs")
    subnets = []
    for i, zone in enumerate(az):
        s = zone[-1]
        subnets.append((f"us-public-{s}", "us-prod-vpc", f"10.30.{i}.0/24", zone, 231 + i, True, prod_t(f"us-public-{s}", "platform-team")))
        subnets.append((f"us-private-{s}", "us-prod-vpc", f"10.30.{16 * (i + 1)}.0/20", zone, 4012 - 9 * i, False, prod_t(f"us-private-{s}", "platform-team")))
    for i, s in enumerate("abcdef"):
        subnets.append((f"default-{s}", "default-vpc", f"172.31.{16 * i}.0/20", f"us-east-1{s}", 4091, True, {}))
    build_network(reg, subnets)
    nat_with_eip(reg, "us-nat-a", "us-prod-vpc", "us-public-a", 540, prod_t("us-nat-a", "platform-team"), "3.212")
    if a:
        nat_with_eip(reg, "us-nat-b", "us-prod-vpc", "us-public-b", -20, prod_t("us-nat-b", "platform-team"), "3.212")
    else:
        eip(reg, "marketing-wordpress", public_ip("marketing-wordpress", "44.207"), instance=reg.id("i", "marketing-wordpress"), t=mkt_t("marketing-wordpress"))

    default_sg(reg, "us-prod-vpc")
    default_sg(reg, "default-vpc")
    alb_sg = reg.id("sg", "us-alb-sg")
    web_sg = reg.id("sg", "us-web-sg")
    sg(reg, "us-alb-sg", "us-prod-vpc", "US storefront ALB", web_ingress(), t=prod_t("us-alb-sg"))
    sg(reg, "us-web-sg", "us-prod-vpc", "US web tier", [tcp(8080, groups=[alb_sg])], t=prod_t("us-web-sg"))
    wordpress_in = [tcp(80, cidrs=["0.0.0.0/0"]), tcp(443, cidrs=["0.0.0.0/0"]), tcp(22, cidrs=["0.0.0.0/0"])] if b else [tcp(80, groups=[alb_sg])]
    sg(reg, "marketing-wp-sg", "us-prod-vpc", "WordPress", wordpress_in, t=mkt_t("marketing-wp-sg"))
    sg(reg, "us-db-sg", "us-prod-vpc", "US databases", [tcp(5432, groups=[web_sg]), tcp(3306, groups=[reg.id("sg", "marketing-wp-sg")])], t=prod_t("us-db-sg", "platform-team"))
    sg(reg, "us-lambda-sg", "us-prod-vpc", "US Lambda functions", [], t=prod_t("us-lambda-sg"))
    sg(reg, "us-redis-sg", "us-prod-vpc", "US sessions Redis", [tcp(6379, groups=[web_sg])], t=prod_t("us-redis-sg"))

    web_ami = image(reg, "northwind-us-web-base-2026-09", 33, t=prod_t("northwind-us-web-base-2026-09"))
    wp_ami = image(reg, "marketing-wordpress-2024-03", 940, t=mkt_t("marketing-wordpress-2024-03"))
    ebs_default(reg, a)

    web_t = prod_t("us-web", **{ASG: "us-web-asg"})
    for i, zone in enumerate(az):
        host(reg, f"us-web-{i + 1}", "m7g.large", f"us-private-{zone[-1]}", "us-prod-vpc", ["us-web-sg"], web_ami, 7, web_t, [("/dev/xvda", "root", "gp3", 30)], arch="arm64")
    reg.asg_tags["us-web-asg"] = web_t
    host(
        reg, "marketing-wordpress", "t3.medium", "us-public-a" if b else "us-private-a", "us-prod-vpc", ["marketing-wp-sg"], wp_ami, 940,
        mkt_t("marketing-wordpress"), [("/dev/xvda", "root", "gp2", 30), ("/dev/sdf", "uploads", "gp2", 200)], encrypted=False,
        public_ip=public_ip("marketing-wordpress", "44.207") if b else None, tokens="optional",
    )
    host(
        reg, "ds-notebook", "r5.xlarge", "us-private-b", "us-prod-vpc", ["default-us-prod-vpc"], "ami-0" + hexid("dl-ami", 16), 300,
        {"Name": "ds-notebook", "Team": "data-science", "Owner": "data-team"}, [("/dev/xvda", "root", "gp2", 100), ("/dev/sdf", "data", "gp2", 1000)],
        encrypted=False, state="running" if b else "stopped", tokens="optional",
    )
    volume(reg, "old-notebook-scratch", "gp3", 500, "us-east-1b", 420, {"Name": "scratch", "Team": "data-science"})
    snapshot(reg, "wordpress-nightly", "marketing-wordpress-uploads", 200, 1, {"aws:dlm:lifecycle-policy-id": "policy-0" + hexid("dlm", 16)}, encrypted=False)
    snapshot(reg, "wordpress-2024-migration", "marketing-wordpress-uploads", 200, 760, mkt_t("wordpress-before-migration"), encrypted=False)
    snapshot(reg, "us-web-base-ami", "us-web-1-root", 30, 33, prod_t("northwind-us-web-base-2026-09"))
