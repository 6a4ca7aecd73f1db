"""The stage's small us-east-1 stack, `deogharmart-<stage>-edge`: what CloudFront can take only
from us-east-1 — the CLOUDFRONT web ACL and the shop's certificate. It exists only when the
stage needs one of them and does not name an existing one by ARN (cdk.json `waf.web_acl_arn`,
`domain.shop_certificate_arn`).

The stage's stack reads the two ARNs through CDK's cross-region references
(`cross_region_references=True` on both stacks: SSM parameters in us-east-1, read by a small
custom resource of the stage's stack at deploy). Synthesis stays offline; `cdk deploy
<stage>` deploys this stack first. docs/domain-and-waf.md.
"""
from __future__ import annotations

from aws_cdk import Stack
from constructs import Construct

from infra.cdk import domain, waf

REGION = "us-east-1"


def needed(settings: dict) -> bool:
    w, d = waf.settings_of(settings), domain.Domain.of(settings)
    return bool((w["enabled"] and not w.get("web_acl_arn")) or
                (d.shop_host and not d.shop_certificate_arn))


class EdgeStack(Stack):
    def __init__(self, scope: Construct, id: str, *, stage: str, settings: dict, **kwargs):
        super().__init__(scope, id, **kwargs)
        w, d = waf.settings_of(settings), domain.Domain.of(settings)
        self.web_acl_arn = self.certificate = None
        if w["enabled"] and not w.get("web_acl_arn"):
            self.web_acl_arn = waf.web_acl(
                self, "WebAcl", scope_name="CLOUDFRONT", name=f"deogharmart-{stage}-web",
                rate_limit=w["web_rate_limit"]).attr_arn
        if d.shop_host and not d.shop_certificate_arn:
            self.certificate = domain.shop_certificate(self, d)
