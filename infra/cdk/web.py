"""CloudFront in front of the two buckets browsers read: the storefront (WebBucket) and
the product pictures (MediaBucket). Both buckets stay private; CloudFront reads them with
origin access control, over HTTPS only.

The storefront's pages are objects named by their path (chalicelib/pages: p/<id>, en/m/<id>,
sitemap.xml…); a CloudFront Function maps the English home (/en, /en/) to en/index.html, and
a missing object (S3 answers 403 without ListBucket) is the bilingual 404 page with status 404.
Pages carry a one-minute Cache-Control, scripts and styles a day (the publisher sets them).
"""
from __future__ import annotations

from aws_cdk import Duration, aws_certificatemanager as acm, aws_cloudfront as cf, \
    aws_cloudfront_origins as origins, aws_s3 as s3
from cdk_nag import NagPackSuppression, NagSuppressions
from constructs import Construct

NAG_REASONS = {
    "AwsSolutions-CFR1": "Buyers anywhere in the world are the point (export); no geo "
                         "restriction.",
    # only where the stage's WAF is off (dev, by default: cdk.json `waf.enabled`)
    "AwsSolutions-CFR2": "WAF is off in this stage (a flag in dev, on in prod): the "
                         "distribution serves static files only; the API has its own throttling.",
    "AwsSolutions-CFR3": "CloudFront standard logs need an ACL-enabled bucket; S3 server access "
                         "logs of the origin buckets are kept instead.",
    # only without the stage's own host name (cdk.json `domain`) and certificate
    "AwsSolutions-CFR4": "The default *.cloudfront.net certificate allows no minimum TLS "
                         "setting; with the stage's own domain the distribution takes its ACM "
                         "certificate and TLSv1.2_2021.",
}


# The same mapping as infra/local/static_server.page_key (the local stand-in).
PAGE_PATHS = """function handler(event) {
  var r = event.request;
  if (r.uri === "/en" || r.uri === "/en/") r.uri = "/en/index.html";
  return r;
}"""


def distribution(scope: Construct, id: str, bucket: s3.IBucket, *, index: str | None,
                 comment: str, pages: bool = False, web_acl: str | None = None,
                 certificate: acm.ICertificate | None = None,
                 host: str | None = None) -> cf.Distribution:
    """web_acl: a CLOUDFRONT web ACL's ARN; host + certificate: the alternate name."""
    headers = cf.ResponseHeadersPolicy(
        scope, f"{id}Headers", security_headers_behavior=cf.ResponseSecurityHeadersBehavior(
            strict_transport_security=cf.ResponseHeadersStrictTransportSecurity(
                access_control_max_age=Duration.days(365), include_subdomains=True,
                override=True),
            content_type_options=cf.ResponseHeadersContentTypeOptions(override=True),
            frame_options=cf.ResponseHeadersFrameOptions(
                frame_option=cf.HeadersFrameOption.DENY, override=True),
            referrer_policy=cf.ResponseHeadersReferrerPolicy(
                referrer_policy=cf.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
                override=True),
            # index.html carries the page's CSP in a meta tag; frame-ancestors cannot be
            # set there, so the CDN adds it (a second policy only narrows).
            content_security_policy=cf.ResponseHeadersContentSecurityPolicy(
                content_security_policy="frame-ancestors 'none'", override=False)))
    functions = [cf.FunctionAssociation(
        event_type=cf.FunctionEventType.VIEWER_REQUEST,
        function=cf.Function(scope, f"{id}Paths", code=cf.FunctionCode.from_inline(PAGE_PATHS),
                             runtime=cf.FunctionRuntime.JS_2_0,
                             comment="DeogharMart: /en/ is the English home page"))] if pages else None
    not_found = [cf.ErrorResponse(http_status=status, response_http_status=404,
                                  response_page_path="/404.html", ttl=Duration.minutes(1))
                 for status in (403, 404)] if pages else None
    dist = cf.Distribution(
        scope, id, comment=comment, default_root_object=index,
        http_version=cf.HttpVersion.HTTP2_AND_3,
        price_class=cf.PriceClass.PRICE_CLASS_200,     # includes India edge locations
        error_responses=not_found, web_acl_id=web_acl,
        domain_names=[host] if host else None, certificate=certificate,
        minimum_protocol_version=cf.SecurityPolicyProtocol.TLS_V1_2_2021 if host else None,
        default_behavior=cf.BehaviorOptions(
            origin=origins.S3BucketOrigin.with_origin_access_control(bucket),
            viewer_protocol_policy=cf.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
            compress=True, response_headers_policy=headers, function_associations=functions,
            cache_policy=cf.CachePolicy.CACHING_OPTIMIZED))
    waived = {"AwsSolutions-CFR1", "AwsSolutions-CFR3"} | \
        ({"AwsSolutions-CFR2"} if not web_acl else set()) | \
        ({"AwsSolutions-CFR4"} if not host else set())
    NagSuppressions.add_resource_suppressions(dist, [
        NagPackSuppression(id=rule, reason=NAG_REASONS[rule]) for rule in sorted(waived)],
        apply_to_children=True)
    return dist
