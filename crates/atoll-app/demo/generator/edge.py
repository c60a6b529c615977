"""The edge as crates/atoll-aws/src/services/edge.rs records it: CloudFront
distributions, Route 53 hosted zones and health checks (global), ACM
certificates and API Gateway stages (regional)."""

from .common import ACCOUNT, DIST_LEGACY, DIST_SHOP, DIST_STATIC, GLOBAL, hexid, uid, upper_id


def distribution(e, did, aliases, origin, vpp, http, compress, min_tls, waf):
    config = {
        "Id": did,
        "ARN": f"arn:aws:cloudfront::{ACCOUNT}:distribution/{did}",
        "DomainName": f"d{hexid(did, 12)}.cloudfront.net",
        "Status": "Deployed",
        "Enabled": True,
        "Aliases": aliases,
        "HttpVersion": http,
        "PriceClass": "PriceClass_100",
        "WebACLId": waf,
        "IsIPV6Enabled": True,
        "ViewerCertificate": {"CloudFrontDefaultCertificate": False, "MinimumProtocolVersion": min_tls, "SSLSupportMethod": "sni-only"},
        "DefaultCacheBehavior": {"ViewerProtocolPolicy": vpp, "Compress": compress},
        "Origins": [origin],
    }
    e.add("AWS::CloudFront::Distribution", GLOBAL, did, config["ARN"], config)


def origin(oid, domain, protocol=None, s3=False, oac=""):
    return {"Id": oid, "DomainName": domain, "OriginProtocolPolicy": protocol, "S3OriginConfig": {"OriginAccessIdentity": ""} if s3 else None, "OriginAccessControlId": oac}


def zone(e, name, records, private=False, comment=""):
    zid = "Z0" + upper_id("zone" + name, 19)
    config = {"Id": zid, "Name": name, "ResourceRecordSetCount": records, "Config": {"PrivateZone": private, "Comment": comment}}
    e.add("AWS::Route53::HostedZone", GLOBAL, zid, f"arn:aws:route53:::hostedzone/{zid}", config, name=name)


def health_check(e, name, fqdn, path, disabled=False):
    hid = uid("hc" + name)
    config = {
        "Id": hid,
        "HealthCheckConfig": {"Type": "HTTPS", "FullyQualifiedDomainName": fqdn, "IPAddress": None, "Port": 443, "ResourcePath": path, "Disabled": disabled},
    }
    e.add("AWS::Route53::HealthCheck", GLOBAL, hid, f"arn:aws:route53:::healthcheck/{hid}", config)


def global_edge(e):
    b = e.before
    waf = f"arn:aws:wafv2:us-east-1:{ACCOUNT}:global/webacl/northwind-edge/{uid('waf-edge')}"
    shop = origin("prod-web-alb", "prod-web-alb-1234567890.eu-west-1.elb.amazonaws.com", "https-only")
    static = origin("static-assets", "northwind-us-web-assets.s3.us-east-1.amazonaws.com", s3=True, oac="E" + upper_id("oac", 13))
    legacy = origin("marketing-origin", "marketing.northwind-retail.example", "http-only")
    distribution(e, DIST_SHOP, ["shop.northwind-retail.example", "www.northwind-retail.example"], shop, "redirect-to-https", "http2and3", True, "TLSv1.2_2021", waf)
    distribution(e, DIST_STATIC, ["static.northwind-retail.example"], static, "https-only", "http2", False if b else True, "TLSv1.2_2021", waf)
    distribution(
        e, DIST_LEGACY, ["www.northwind-old-brand.example"], legacy, "allow-all" if b else "redirect-to-https", "http1.1", False, "TLSv1" if b else "TLSv1.2_2021", ""
    )

    zone(e, "northwind-retail.example.", 47 if b else 49, comment="public brand zone")
    zone(e, "internal.northwind.local.", 23, private=True, comment="prod-vpc private zone")
    zone(e, "staging.northwind-retail.example.", 9)
    if b:
        zone(e, "northwind-old-brand.example.", 2, comment="kept after the 2022 rebrand")

    health_check(e, "shop", "shop.northwind-retail.example", "/health")
    health_check(e, "api", "api.northwind-retail.example", "/v1/health")
    health_check(e, "orders-api-us", "api-us.northwind-retail.example", "/v1/health")


def acm(reg, domain, kind, status, not_after, in_use, issued=None):
    cid = uid(reg.r + "cert" + domain)
    arn = reg.arn("acm", f"certificate/{cid}")
    reg.e.add(
        "AWS::CertificateManager::Certificate",
        reg.r,
        cid,
        arn,
        {
            "CertificateArn": arn,
            "DomainName": domain,
            "Status": status,
            "Type": kind,
            "NotAfter": not_after,
            "NotBefore": issued,
            "InUseBy": in_use,
            "KeyAlgorithm": "RSA_2048" if kind == "IMPORTED" else "EC_prime256v1",
            "RenewalEligibility": "ELIGIBLE" if kind == "AMAZON_ISSUED" else "INELIGIBLE",
        },
        name=domain,
    )


def api_stage(reg, api_id, api_name, stage, waf, logging_level, rate_limit):
    reg.e.add(
        "AWS::ApiGateway::Stage",
        reg.r,
        f"{api_id}/{stage}",
        f"arn:aws:apigateway:{reg.r}::/restapis/{api_id}/stages/{stage}",
        {
            "restApiId": api_id,
            "restApiName": api_name,
            "stageName": stage,
            "tracingEnabled": True,
            "cacheClusterEnabled": False,
            "webAclArn": waf,
            "clientCertificateId": None,
            "accessLogSettings": {"destinationArn": reg.arn("logs", f"log-group:/apigateway/{api_name}-{stage}")},
            "methodSettings": {"*/*": {"loggingLevel": logging_level, "metricsEnabled": True, "throttlingRateLimit": rate_limit}},
        },
        name=f"{api_name} / {stage}",
    )


def eu_west_1(reg):
    e, R = reg.e, reg.r
    b, a = e.before, e.after
    alb = reg.arn("elasticloadbalancing", f"loadbalancer/app/prod-web-alb/{hexid('prod-web-alb', 16)}")
    nlb = reg.arn("elasticloadbalancing", f"loadbalancer/net/prod-orders-nlb/{hexid('prod-orders-nlb', 16)}")
    acm(reg, "shop.northwind-retail.example", "AMAZON_ISSUED", "ISSUED", e.ahead(200) if b else e.ahead(170), [alb], issued=e.ago(165))
    api_domain = f"arn:aws:apigateway:{R}::/domainnames/api.northwind-retail.example"
    api_not_after, api_issued = (e.ahead(12), e.ago(353)) if b else (e.ahead(378), e.ago(-10))
    acm(reg, "api.northwind-retail.example", "IMPORTED", "ISSUED", api_not_after, [nlb, api_domain], issued=api_issued)

    # dev has no WAF by design; prod got one during the remediation.
    waf = reg.arn("wafv2", f"regional/webacl/partner-api/{uid('waf-api')}") if a else None
    api_stage(reg, "k7x2m9q4re", "partner-api", "prod", waf, "ERROR", 500.0)
    api_stage(reg, "k7x2m9q4re", "partner-api", "dev", None, "INFO", 20.0)


def us_east_1(reg):
    """Certificates for CloudFront, which reads them from us-east-1."""
    e = reg.e
    b = e.before

    def used_by(dist):
        return [f"arn:aws:cloudfront::{ACCOUNT}:distribution/{dist}"]

    acm(reg, "shop.northwind-retail.example", "AMAZON_ISSUED", "ISSUED", e.ahead(150) if b else e.ahead(120), used_by(DIST_SHOP), issued=e.ago(215))
    acm(reg, "static.northwind-retail.example", "AMAZON_ISSUED", "ISSUED", e.ahead(290) if b else e.ahead(260), used_by(DIST_STATIC), issued=e.ago(75))
    if b:
        acm(reg, "www.northwind-old-brand.example", "IMPORTED", "EXPIRED", e.recent(19), used_by(DIST_LEGACY), issued=e.ago(384))
    else:
        acm(reg, "www.northwind-old-brand.example", "AMAZON_ISSUED", "ISSUED", e.ahead(380), used_by(DIST_LEGACY), issued=e.ago(-15))
