"""Issue 17's hardening, read from the synthesized templates: encrypted queues, versioned
buckets, concurrency caps, API access logs, on-failure destinations of the schedules, WAF in
front of the shop and the API (prod; a flag in dev), and the district's own domain with TLS 1.2
when the stage names one (prod-domain: prod with tests/infra/prod-domain.json). Without those
settings the stage stays on CloudFront's and API Gateway's own addresses."""
from __future__ import annotations

import json

from infra.cdk.app import stage_settings
from infra.resources import resources
from tests.infra.conftest import PROD_DOMAIN, function_actions


def test_concurrency_caps_come_from_the_stage_settings(dev, prod):
    """prod caps the API and the one-at-a-time schedules, and the SQS consumers' pollers (not
    their functions: a throttled message would count towards its DLQ); dev reserves nothing, so
    it deploys into a new account's small concurrency quota."""
    from app import app
    from infra.cdk.app import stage_settings
    sqs = {s.name for s in app.event_sources if type(s).__name__ == "SQSEventConfig"}
    for synth in (dev, prod):
        settings = stage_settings(synth.stage)["functions"]
        by_name = {f["Properties"]["FunctionName"]: f["Properties"]
                   for f in synth.resources("AWS::Serverless::Function").values()}
        for handler, size in settings.items():
            name = f"deogharmart-{synth.stage}" if handler == "api_handler" else \
                f"deogharmart-{synth.stage}-{handler}"
            props = by_name[name]
            assert props.get("ReservedConcurrentExecutions") == size.get("reserved_concurrency")
            if "sqs_max_concurrency" in size:
                assert handler in sqs
                (event,) = props["Events"].values()
                assert event["Properties"]["ScalingConfig"]["MaximumConcurrency"] == \
                    size["sqs_max_concurrency"] >= 2           # SQS's minimum
    reserved = [f["Properties"].get("ReservedConcurrentExecutions") for f in
                dev.resources("AWS::Serverless::Function").values()]
    assert not any(reserved)
    prod_reserved = sum(f["Properties"].get("ReservedConcurrentExecutions") or 0 for f in
                        prod.resources("AWS::Serverless::Function").values())
    assert 300 < prod_reserved <= 900      # leaves 100 of a 1,000 account quota unreserved


def test_media_uploads_and_reports_keep_old_versions_for_a_while(prod):
    buckets = {b["Properties"].get("BucketName"): b["Properties"]
               for b in prod.resources("AWS::S3::Bucket").values()}
    for suffix, days in (("media", 30), ("uploads", 2), ("reports", 90)):
        props = buckets[f"deogharmart-prod-{suffix}"]
        assert props["VersioningConfiguration"]["Status"] == "Enabled"
        rules = props["LifecycleConfiguration"]["Rules"]
        assert {"NoncurrentVersionExpiration": {"NoncurrentDays": days}, "Status": "Enabled"} in [
            {k: r[k] for k in ("NoncurrentVersionExpiration", "Status") if k in r} for r in rules]
        assert any(r.get("ExpiredObjectDeleteMarker") for r in rules)


def test_api_access_logs_carry_no_personal_data(dev):
    import json
    (api,) = dev.resources("AWS::Serverless::Api").values()
    setting = api["Properties"]["AccessLogSetting"]
    fields = json.loads(setting["Format"])
    assert fields["route"] == "$context.resourcePath" and "requestId" in fields
    text = setting["Format"]
    for personal in ("sourceIp", "userAgent", "$context.path", "querystring", "authorizer"):
        assert personal not in text, personal
    groups = {lid: g["Properties"] for lid, g in dev.resources("AWS::Logs::LogGroup").items()}
    target = setting["DestinationArn"]["Fn::GetAtt"][0]
    assert groups[target]["LogGroupName"] == "/aws/apigateway/deogharmart-dev-access"
    assert groups[target]["RetentionInDays"] == 30
    (account,) = dev.resources("AWS::ApiGateway::Account").values()
    role = account["Properties"]["CloudWatchRoleArn"]["Fn::GetAtt"][0]
    assert dev.template["Resources"][role]["Type"] == "AWS::IAM::Role"


def test_a_failed_scheduled_run_lands_in_a_watched_queue(dev):
    from app import app
    res = resources("dev")
    scheduled = {f"deogharmart-dev-{s.name}" for s in app.event_sources
                 if type(s).__name__ == "ScheduledEventConfig"}
    configs = {c["Properties"]["FunctionName"]: c["Properties"]
               for c in dev.resources("AWS::Lambda::EventInvokeConfig").values()}
    assert set(configs) == scheduled
    queues = {lid: q["Properties"] for lid, q in dev.resources("AWS::SQS::Queue").items()}
    for props in configs.values():
        target = props["DestinationConfig"]["OnFailure"]["Destination"]["Fn::GetAtt"][0]
        assert queues[target]["QueueName"] == res.schedule_failures
        assert queues[target]["SqsManagedSseEnabled"] is True
        assert props["MaximumRetryAttempts"] == 2
    alarms = [a["Properties"] for a in dev.resources("AWS::CloudWatch::Alarm").values()]
    assert any(a.get("Dimensions") == [{"Name": "QueueName", "Value": res.schedule_failures}]
               for a in alarms)
    acts = function_actions(dev)
    for lid in ("PayoutRun", "DailyReport", "PublishSite", "ReconcileOrders"):
        assert "sqs:SendMessage" in acts[lid], lid


def test_every_queue_is_encrypted_at_rest(dev, prod):
    for synth in (dev, prod):
        queues = synth.resources("AWS::SQS::Queue")
        assert len(queues) == 2 * len(resources(synth.stage).queues) + 1   # + schedule failures
        for lid, q in queues.items():
            assert q["Properties"].get("SqsManagedSseEnabled") is True, (synth.stage, lid)


def _acls(template: dict) -> dict[str, dict]:
    return {lid: r["Properties"] for lid, r in template["Resources"].items()
            if r["Type"] == "AWS::WAFv2::WebACL"}


def _check_rules(acl: dict, rate_limit: int) -> None:
    rules = {r["Name"]: r for r in acl["Rules"]}
    for group in ("AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"):
        statement = rules[group]["Statement"]["ManagedRuleGroupStatement"]
        assert statement["VendorName"] == "AWS" and statement["Name"] == group
        assert rules[group]["OverrideAction"] == {"None": {}}       # the group's own actions
    rate = rules["RatePerClientAddress"]
    assert rate["Action"] == {"Block": {}}
    assert rate["Statement"]["RateBasedStatement"] == {
        "AggregateKeyType": "IP", "Limit": rate_limit, "EvaluationWindowSec": 300}
    assert acl["DefaultAction"] == {"Allow": {}}
    assert acl["VisibilityConfig"]["CloudWatchMetricsEnabled"]


def test_waf_guards_the_shop_and_the_api_in_prod(prod):
    settings = stage_settings("prod")["waf"]
    assert settings["enabled"]
    (api_acl,) = _acls(prod.template).items()
    assert api_acl[1]["Scope"] == "REGIONAL"
    _check_rules(api_acl[1], settings["api_rate_limit"])
    common = next(r for r in api_acl[1]["Rules"] if r["Name"] == "AWSManagedRulesCommonRuleSet")
    # CSV imports are larger than the common rule set's 8 KB body limit: counted, not blocked
    assert common["Statement"]["ManagedRuleGroupStatement"]["RuleActionOverrides"] == [
        {"Name": "SizeRestrictions_BODY", "ActionToUse": {"Count": {}}}]
    (association,) = prod.resources("AWS::WAFv2::WebACLAssociation").values()
    assert association["Properties"]["WebACLArn"] == {"Fn::GetAtt": [api_acl[0], "Arn"]}
    arn = json.dumps(association["Properties"]["ResourceArn"])
    assert '{"Ref": "RestAPI"}, "/stages/", {"Ref": "RestAPI.Stage"}' in arn
    # CloudFront's ACL lives in the us-east-1 stack; both distributions use it
    (web_acl,) = _acls(prod.edge).values()
    assert web_acl["Scope"] == "CLOUDFRONT"
    _check_rules(web_acl, settings["web_rate_limit"])
    dists = prod.resources("AWS::CloudFront::Distribution").values()
    ids = [d["Properties"]["DistributionConfig"]["WebACLId"] for d in dists]
    assert len(ids) == 2 and ids[0] == ids[1]
    reader, key = ids[0]["Fn::GetAtt"]              # CDK's cross-region reference
    assert prod.template["Resources"][reader]["Type"] == "Custom::CrossRegionExportReader"
    assert "WebAcl" in key


def test_dev_has_waf_as_a_flag_and_no_domain_it_stays_as_before(dev):
    assert stage_settings("dev")["waf"]["enabled"] is False and "domain" not in \
        stage_settings("dev")
    assert dev.edge is None and not _acls(dev.template)
    for kind in ("AWS::WAFv2::WebACLAssociation", "AWS::ApiGateway::DomainName",
                 "AWS::ApiGateway::BasePathMapping", "AWS::Route53::RecordSet",
                 "AWS::CertificateManager::Certificate", "Custom::CrossRegionExportReader"):
        assert not dev.resources(kind), kind
    for dist in dev.resources("AWS::CloudFront::Distribution").values():
        config = dist["Properties"]["DistributionConfig"]
        assert "Aliases" not in config and "WebACLId" not in config
        assert "ViewerCertificate" not in config            # CloudFront's default certificate
    outputs = dev.template["Outputs"]
    assert "execute-api" in json.dumps(outputs["ApiUrl"])
    assert outputs["WebUrl"]["Value"]["Fn::Join"][1][0] == "https://"
    env = dev.resources("AWS::Serverless::Function")["APIHandler"]["Properties"]["Environment"]
    assert env["Variables"]["CORS_ALLOW_ORIGIN"] == "*"


def _domain():
    return json.loads(PROD_DOMAIN.read_text())["domain"]


def test_the_shop_on_the_district_domain_with_tls_1_2(prod_domain):
    d = _domain()
    (web,) = [x["Properties"]["DistributionConfig"] for x in
              prod_domain.resources("AWS::CloudFront::Distribution").values()
              if x["Properties"]["DistributionConfig"].get("DefaultRootObject")]
    assert web["Aliases"] == [d["shop_host"]]
    cert = web["ViewerCertificate"]
    assert cert["MinimumProtocolVersion"] == "TLSv1.2_2021" and cert["SslSupportMethod"] == \
        "sni-only"
    assert "ExportsReader" in json.dumps(cert["AcmCertificateArn"])   # from us-east-1
    (certificate,) = prod_domain.resources("AWS::CertificateManager::Certificate",
                                           prod_domain.edge).values()
    assert certificate["Properties"]["DomainName"] == d["shop_host"]
    assert certificate["Properties"]["ValidationMethod"] == "DNS"
    assert certificate["Properties"]["DomainValidationOptions"] == [
        {"DomainName": d["shop_host"], "HostedZoneId": d["hosted_zone_id"]}]
    records = {(r["Properties"]["Name"], r["Properties"]["Type"]): r["Properties"]
               for r in prod_domain.resources("AWS::Route53::RecordSet").values()}
    assert set(records) == {(d["shop_host"] + ".", "A"), (d["shop_host"] + ".", "AAAA"),
                            (d["api_host"] + ".", "A")}
    for record in records.values():
        assert record["HostedZoneId"] == d["hosted_zone_id"] and "AliasTarget" in record
    assert prod_domain.template["Outputs"]["WebUrl"]["Value"] == f"https://{d['shop_host']}"


def test_the_api_on_its_own_host_with_tls_1_2(prod_domain):
    d = _domain()
    (name,) = prod_domain.resources("AWS::ApiGateway::DomainName").values()
    assert name["Properties"]["DomainName"] == d["api_host"]
    assert name["Properties"]["SecurityPolicy"] == "TLS_1_2"
    assert name["Properties"]["EndpointConfiguration"] == {"Types": ["REGIONAL"]}
    cert_id = name["Properties"]["RegionalCertificateArn"]["Ref"]
    cert = prod_domain.template["Resources"][cert_id]["Properties"]   # in the stage's region
    assert cert["DomainName"] == d["api_host"] and cert["ValidationMethod"] == "DNS"
    (mapping,) = prod_domain.resources("AWS::ApiGateway::BasePathMapping").values()
    assert mapping["Properties"]["Stage"] == {"Ref": "RestAPI.Stage"}
    assert "BasePath" not in mapping["Properties"]           # the API at the host's root
    api_url = f"https://{d['api_host']}/"
    assert prod_domain.template["Outputs"]["ApiUrl"]["Value"] == api_url


def test_cors_and_the_published_addresses_follow_the_domain(prod_domain):
    shop = f"https://{_domain()['shop_host']}"
    functions = prod_domain.resources("AWS::Serverless::Function")
    for lid, f in functions.items():
        env = f["Properties"]["Environment"]["Variables"]
        assert env["CORS_ALLOW_ORIGIN"] == shop, lid
        if "API_URL" in env:                         # the courier's webhook address
            assert env["API_URL"] == f"https://{_domain()['api_host']}/", lid
    (api,) = prod_domain.resources("AWS::Serverless::Api").values()
    preflights = [ops["options"] for ops in api["Properties"]["DefinitionBody"]["paths"].values()
                  if "options" in ops]
    assert preflights
    for options in preflights:      # API Gateway's own answer to a browser's preflight
        headers = options["x-amazon-apigateway-integration"]["responses"]["default"][
            "responseParameters"]
        assert headers["method.response.header.Access-Control-Allow-Origin"] == f"'{shop}'"
    for response in prod_domain.resources("AWS::ApiGateway::GatewayResponse").values():
        assert response["Properties"]["ResponseParameters"][
            "gatewayresponse.header.Access-Control-Allow-Origin"] == f"'{shop}'"
    uploads = next(b["Properties"] for b in prod_domain.resources("AWS::S3::Bucket").values()
                   if "CorsConfiguration" in b["Properties"])
    assert uploads["CorsConfiguration"]["CorsRules"][0]["AllowedOrigins"] == [shop]


def test_domain_settings_are_checked_and_given_arns_need_no_us_east_1_stack():
    import pytest

    from infra.cdk import edge
    from infra.cdk.domain import Domain
    shop_cert = "arn:aws:acm:us-east-1:123456789012:certificate/x"
    assert not edge.needed({}) and edge.needed({"waf": {"enabled": True}})
    assert not edge.needed({"waf": {"enabled": True, "web_acl_arn": "arn:aws:wafv2:…"}})
    assert edge.needed({"domain": {"shop_host": "deogharmart.in"}})
    assert not edge.needed({"domain": {"shop_host": "deogharmart.in",
                                       "shop_certificate_arn": shop_cert}})
    assert not edge.needed({"domain": {"api_host": "api.deogharmart.in"}})  # regional cert
    for bad in ({"shop_host": "https://deogharmart.in"}, {"shop_host": "DeogharMart.in"},
                {"shop_host": "shop.example.com", "hosted_zone_id": "Z1",
                 "hosted_zone_name": "deogharmart.in"},
                {"hosted_zone_id": "Z1"}, {"shop_host": "deogharmart.in",
                                           "shop_certificate_arn": shop_cert.replace(
                                               "us-east-1", "ap-south-1")}):
        with pytest.raises(ValueError):
            Domain.of({"domain": bad})
    assert Domain.of({}).cors_origin == "*"
    assert Domain.of({"domain": {"shop_host": "deogharmart.in"}}).cors_origin == \
        "https://deogharmart.in"
