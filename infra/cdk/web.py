"""CloudFront in front of the two buckets browsers read: the storefront (WebBucket) and
the product pictures (MediaBucket). Both buckets stay private; CloudFront reads them with
origin access control, over HTTPS only.
"""
from __future__ import annotations

from aws_cdk import Duration, aws_cloudfront as cf, aws_cloudfront_origins as origins, aws_s3 as s3
from cdk_nag import NagPackSuppression, NagSuppressions
from constructs import Construct

NAG_REASONS = [
    NagPackSuppression(id="AwsSolutions-CFR1", reason="Buyers anywhere in the world are the "
                       "point (export); no geo restriction."),
    NagPackSuppression(id="AwsSolutions-CFR2", reason="No WAF yet: the distribution serves "
                       "static files only; the API has its own throttling. Revisit with traffic."),
    NagPackSuppression(id="AwsSolutions-CFR3", reason="CloudFront standard logs need an "
                       "ACL-enabled bucket; S3 server access logs of the origin buckets are kept "
                       "instead."),
    NagPackSuppression(id="AwsSolutions-CFR4", reason="The default *.cloudfront.net certificate "
                       "allows no minimum TLS setting; set one when the district's own domain "
                       "and ACM certificate are attached."),
]


def distribution(scope: Construct, id: str, bucket: s3.IBucket, *, index: str | None,
                 comment: str) -> cf.Distribution:
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
    dist = cf.Distribution(
        scope, id, comment=comment, default_root_object=index,
        http_version=cf.HttpVersion.HTTP2_AND_3,
        price_class=cf.PriceClass.PRICE_CLASS_200,     # includes India edge locations
        default_behavior=cf.BehaviorOptions(
            origin=origins.S3BucketOrigin.with_origin_access_control(bucket),
            viewer_protocol_policy=cf.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
            compress=True, response_headers_policy=headers,
            cache_policy=cf.CachePolicy.CACHING_OPTIMIZED))
    NagSuppressions.add_resource_suppressions(dist, NAG_REASONS, apply_to_children=True)
    return dist
