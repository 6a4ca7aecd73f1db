"""The district's own domain, when the stage names one (cdk.json `domain`): the shop on
https://<shop_host> (CloudFront alternate name, an ACM certificate from us-east-1, TLSv1.2_2021)
and the API on https://<api_host> (a REGIONAL API Gateway custom domain with a certificate in
the stage's region, TLS 1.2, mapped to the API's stage at the root). With a hosted zone
(`hosted_zone_id` + `hosted_zone_name`, no lookup at synth) the certificates are validated
through it and the alias records are written; without one, the deployer adds the validation
and alias records in the domain's DNS. Given certificate ARNs are used instead of new ones.
Without `domain` the stage keeps CloudFront's and API Gateway's own addresses.
docs/domain-and-waf.md.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from aws_cdk import aws_apigateway as apigw, aws_certificatemanager as acm, \
    aws_cloudfront as cf, aws_route53 as route53, aws_route53_targets as targets
from constructs import Construct

from infra.cdk.waf import api_stage_ref

HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


@dataclass(frozen=True)
class Domain:
    shop_host: str | None = None
    api_host: str | None = None
    hosted_zone_id: str | None = None
    hosted_zone_name: str | None = None
    shop_certificate_arn: str | None = None
    api_certificate_arn: str | None = None

    @classmethod
    def of(cls, settings: dict) -> "Domain":
        d = cls(**settings.get("domain", {}))
        for host in filter(None, (d.shop_host, d.api_host)):
            if not HOST.match(host):
                raise ValueError(f"domain: {host!r} is not a lower-case host name")
            if d.hosted_zone_name and not (host == d.hosted_zone_name or
                                           host.endswith("." + d.hosted_zone_name)):
                raise ValueError(f"domain: {host} is not in the zone {d.hosted_zone_name}")
        if bool(d.hosted_zone_id) != bool(d.hosted_zone_name):
            raise ValueError("domain: hosted_zone_id and hosted_zone_name go together")
        if d.shop_certificate_arn and ":us-east-1:" not in d.shop_certificate_arn:
            raise ValueError("domain: CloudFront takes certificates from us-east-1 only")
        return d

    def origin(self, host: str | None) -> str | None:
        return f"https://{host}" if host else None

    @property
    def cors_origin(self) -> str:
        """Who may call the API from a browser: the shop's own origin once it has one; any
        site before (the API takes bearer tokens, never cookies)."""
        return self.origin(self.shop_host) or "*"


def hosted_zone(scope: Construct, d: Domain) -> route53.IHostedZone | None:
    if not d.hosted_zone_id:
        return None
    found = scope.node.try_find_child("Zone")     # one per stack, however many records
    return found if found is not None else route53.HostedZone.from_hosted_zone_attributes(
        scope, "Zone", hosted_zone_id=d.hosted_zone_id, zone_name=d.hosted_zone_name)


def _certificate(scope: Construct, id: str, host: str, arn: str | None,
                 zone: route53.IHostedZone | None) -> acm.ICertificate:
    if arn:
        return acm.Certificate.from_certificate_arn(scope, id, arn)
    return acm.Certificate(scope, id, domain_name=host,
                           validation=acm.CertificateValidation.from_dns(zone))


def shop_certificate(scope: Construct, d: Domain) -> acm.ICertificate:
    """CloudFront's certificate: made in the us-east-1 stack (infra/cdk/edge.py) unless given."""
    return _certificate(scope, "ShopCertificate", d.shop_host, d.shop_certificate_arn,
                        hosted_zone(scope, d))


def shop_records(scope: Construct, d: Domain, dist: cf.IDistribution) -> None:
    zone = hosted_zone(scope, d)
    if zone is None:
        return
    target = route53.RecordTarget.from_alias(targets.CloudFrontTarget(dist))
    route53.ARecord(scope, "ShopRecord", zone=zone, record_name=d.shop_host, target=target)
    route53.AaaaRecord(scope, "ShopRecordV6", zone=zone, record_name=d.shop_host, target=target)


def api_domain(scope: Construct, d: Domain, rest_api) -> apigw.DomainName:
    """https://<api_host>/ → the REST API's stage; TLS 1.2 at the least."""
    zone = hosted_zone(scope, d)
    certificate = _certificate(scope, "ApiCertificate", d.api_host, d.api_certificate_arn, zone)
    name = apigw.DomainName(scope, "ApiDomain", domain_name=d.api_host, certificate=certificate,
                            endpoint_type=apigw.EndpointType.REGIONAL,
                            security_policy=apigw.SecurityPolicy.TLS_1_2)
    mapping = apigw.CfnBasePathMapping(scope, "ApiBasePath", domain_name=name.domain_name,
                                       rest_api_id=rest_api.ref)
    mapping.stage = api_stage_ref(mapping)
    if zone is not None:
        route53.ARecord(scope, "ApiRecord", zone=zone, record_name=d.api_host,
                        target=route53.RecordTarget.from_alias(targets.ApiGatewayDomain(name)))
    return name
