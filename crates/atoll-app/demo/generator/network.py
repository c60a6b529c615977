"""Load balancers as crates/atoll-aws/src/services/network.rs records them:
Application and Network Load Balancers (elbv2) and Classic ones (elb)."""

from .common import hexid, uid

FORWARD = {"Type": "forward", "RedirectConfig": None}
REDIRECT = {"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}
WEB_LISTENERS = [(443, "HTTPS", FORWARD), (80, "HTTP", REDIRECT)]


def load_balancer(reg, name, kind, scheme, zones, listeners, lbid, vpc_name, subnet_prefix, created, groups):
    """An elbv2 load balancer in the public subnets `<subnet_prefix>-<zone
    letter>`; listeners as (port, protocol, default action)."""
    arn = reg.arn("elasticloadbalancing", f"loadbalancer/{'app' if kind == 'application' else 'net'}/{name}/{lbid}")
    config = {
        "LoadBalancerName": name,
        "LoadBalancerArn": arn,
        "DNSName": f"{name}-{int(lbid[:8], 16)}.{reg.r}.elb.amazonaws.com",
        "Scheme": scheme,
        "Type": kind,
        "State": {"Code": "active"},
        "VpcId": reg.id("vpc", vpc_name),
        "CreatedTime": reg.e.ago(created),
        "SecurityGroups": groups,
        "AvailabilityZones": [{"ZoneName": z, "SubnetId": reg.id("subnet", f"{subnet_prefix}-{z[-1]}")} for z in zones],
        "Listeners": [
            {
                "ListenerArn": arn.replace(":loadbalancer/", ":listener/") + "/" + hexid(name + str(port), 16),
                "Port": port,
                "Protocol": proto,
                "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06" if proto in ("HTTPS", "TLS") else None,
                "DefaultActions": [action],
            }
            for port, proto, action in listeners
        ],
    }
    reg.e.add("AWS::ElasticLoadBalancingV2::LoadBalancer", reg.r, name, arn, config, name=name)
    return arn


def eu_west_1(reg):
    az = reg.az
    alb_sg = [reg.id("sg", "prod-alb-sg")]

    def eu_lb(name, kind, scheme, zones, listeners, lbid):
        vpc, prefix = ("nonprod-vpc", "nonprod-public") if name.startswith("nonprod") else ("prod-vpc", "prod-public")
        load_balancer(reg, name, kind, scheme, zones, listeners, lbid, vpc, prefix, 800, alb_sg if kind == "application" else [])

    eu_lb("prod-web-alb", "application", "internet-facing", az, WEB_LISTENERS, hexid("prod-web-alb", 16))
    eu_lb("prod-orders-nlb", "network", "internal", az, [(8443, "TLS", FORWARD)], hexid("prod-orders-nlb", 16))
    eu_lb("nonprod-web-alb", "application", "internet-facing", az[:2], [(80, "HTTP", FORWARD)], hexid("nonprod-web-alb", 16))
    if reg.e.before:
        eu_lb("promo-blackfriday-2024", "application", "internet-facing", az[:2], [], hexid("promo", 16))
        classic_shop(reg, alb_sg)


def classic_shop(reg, groups):
    """The shop's Classic Load Balancer, retired after the baseline."""
    R = reg.r
    cert = reg.arn("acm", f"certificate/{uid(R + 'cert' + 'shop.northwind-retail.example')}")
    reg.e.add(
        "AWS::ElasticLoadBalancing::LoadBalancer",
        R,
        "legacy-shop-elb",
        reg.arn("elasticloadbalancing", "loadbalancer/legacy-shop-elb"),
        {
            "LoadBalancerName": "legacy-shop-elb",
            "DNSName": f"legacy-shop-elb-{int(hexid('legacy-elb', 8), 16)}.{R}.elb.amazonaws.com",
            "Scheme": "internet-facing",
            "VPCId": reg.id("vpc", "prod-vpc"),
            "AvailabilityZones": ["eu-west-1a", "eu-west-1b"],
            "Subnets": [reg.id("subnet", "prod-public-a"), reg.id("subnet", "prod-public-b")],
            "SecurityGroups": groups,
            "ListenerDescriptions": [
                {"Listener": {"Protocol": "HTTP", "LoadBalancerPort": 80, "InstanceProtocol": "HTTP", "InstancePort": 8080, "SSLCertificateId": None}},
                {"Listener": {"Protocol": "HTTPS", "LoadBalancerPort": 443, "InstanceProtocol": "HTTP", "InstancePort": 8080, "SSLCertificateId": cert}},
            ],
            "Instances": [],
            "CreatedTime": reg.e.ago(2300),
        },
        name="legacy-shop-elb",
    )


def us_east_1(reg):
    def us_alb(name):
        load_balancer(reg, name, "application", "internet-facing", reg.az, WEB_LISTENERS, hexid(reg.r + name, 16), "us-prod-vpc", "us-public", 540, [reg.id("sg", "us-alb-sg")])

    us_alb("us-web-alb")
    if reg.e.after:
        us_alb("marketing-alb")
