"""AWS WAF in front of the shop (CloudFront) and the API (API Gateway): AWS's managed common
rule set and known-bad-inputs rule set, and a rate-based rule that blocks one client address
sending more than the stage's limit in five minutes.

Two web ACLs, because WAF ties an ACL to where it is evaluated: the CLOUDFRONT one must live in
us-east-1 (`infra/cdk/edge.py` makes it, or the stage names an existing one by ARN); the
REGIONAL one lives with the API in the stage's own stack and is associated with the API's
stage. On in prod, a flag in dev (cdk.json: `waf`); docs/domain-and-waf.md.
"""
from __future__ import annotations

from aws_cdk import Acknowledgment, Aws, Fn, Validations, aws_wafv2 as wafv2
from constructs import Construct

RATE_WINDOW_SECONDS = 300
# The common rule set blocks request bodies over 8 KB (SizeRestrictions_BODY): the API takes
# CSV imports up to 1 MB (chalicelib/catalog/csv_import.py) and bounds its bodies itself, so
# on the API that rule only counts.
API_COUNT_ONLY = ("SizeRestrictions_BODY",)


def settings_of(stage_settings: dict) -> dict:
    """The stage's `waf` settings with defaults: off unless enabled."""
    return {"enabled": False, "api_rate_limit": 2000, "web_rate_limit": 10000,
            **stage_settings.get("waf", {})}


def web_acl(scope: Construct, id: str, *, scope_name: str, name: str, rate_limit: int,
            count_only: tuple[str, ...] = ()) -> wafv2.CfnWebACL:
    """scope_name: "CLOUDFRONT" (only in us-east-1) or "REGIONAL"."""
    def visibility(metric: str):
        return wafv2.CfnWebACL.VisibilityConfigProperty(
            cloud_watch_metrics_enabled=True, metric_name=metric, sampled_requests_enabled=True)

    def managed(priority: int, group: str, overrides=()):
        return wafv2.CfnWebACL.RuleProperty(
            name=group, priority=priority, override_action={"none": {}},
            visibility_config=visibility(f"{name}-{group}"),
            statement=wafv2.CfnWebACL.StatementProperty(
                managed_rule_group_statement=wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
                    vendor_name="AWS", name=group, rule_action_overrides=[
                        wafv2.CfnWebACL.RuleActionOverrideProperty(
                            name=rule, action_to_use={"count": {}}) for rule in overrides]
                    or None)))

    rate = wafv2.CfnWebACL.RuleProperty(
        name="RatePerClientAddress", priority=2, action={"block": {}},
        visibility_config=visibility(f"{name}-rate"),
        statement=wafv2.CfnWebACL.StatementProperty(
            rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                aggregate_key_type="IP", limit=rate_limit,
                evaluation_window_sec=RATE_WINDOW_SECONDS)))
    return wafv2.CfnWebACL(
        scope, id, name=name, scope=scope_name, default_action={"allow": {}},
        description=f"DeogharMart {name}: AWS managed common + known bad inputs rules, "
                    f"{rate_limit} requests per {RATE_WINDOW_SECONDS} s per client address",
        visibility_config=visibility(name),
        rules=[managed(0, "AWSManagedRulesCommonRuleSet", count_only),
               managed(1, "AWSManagedRulesKnownBadInputsRuleSet"), rate])


def api_stage_ref(user: Construct) -> str:
    """The deployed stage of Chalice's REST API, for the resource `user` (SAM resolves
    `<Api>.Stage` to the stage it generates, so whatever refers to it waits for the stage;
    CDK's own template check, which runs before SAM's transform, cannot know that name)."""
    Validations.of(user).acknowledge(Acknowledgment(id="CloudFormation-Validate::F1020", reason=(
        "RestAPI.Stage is SAM's name for the AWS::ApiGateway::Stage its transform generates")))
    return Fn.ref("RestAPI.Stage")


def protect_api(scope: Construct, stage: str, rest_api, rate_limit: int) -> wafv2.CfnWebACL:
    """The REGIONAL web ACL, associated with the REST API's deployed stage. The stage is
    SAM's `RestAPI.Stage` reference (the AWS::ApiGateway::Stage SAM generates), so the
    association waits for the stage."""
    acl = web_acl(scope, "ApiWebAcl", scope_name="REGIONAL", name=f"deogharmart-{stage}-api",
                  rate_limit=rate_limit, count_only=API_COUNT_ONLY)
    association = wafv2.CfnWebACLAssociation(scope, "ApiWebAclAssociation",
                                              web_acl_arn=acl.attr_arn, resource_arn="")
    association.resource_arn = Fn.join("", [
        f"arn:{Aws.PARTITION}:apigateway:{Aws.REGION}::/restapis/", rest_api.ref, "/stages/",
        api_stage_ref(association)])
    return acl
