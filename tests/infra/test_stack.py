"""The synthesized cloud stack, asserted with aws_cdk.assertions and by reading the template:
DLQs, PITR, private TLS-only buckets, least-privilege IAM, the state machine from its ASL
file, every setting the app reads, the API's routes."""
from __future__ import annotations

import json

import pytest
from aws_cdk.assertions import Match, Template

from chalicelib import config
from infra.resources import ORDER_ASL, resources
from tests.infra.conftest import as_list, function_actions

# Actions AWS offers no resource-level permission for: the only Allow statements that may
# name Resource "*" (each commented where the stack grants it).
STAR_RESOURCE_ACTIONS = {
    "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
    # Step Functions' log delivery to CloudWatch Logs (written by CDK for LogOptions)
    "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
}


@pytest.fixture(scope="module")
def template(dev) -> Template:
    return Template.from_json(dev.template)


def test_every_queue_has_a_dlq_with_the_defined_redrive(dev, template):
    res = resources("dev")
    for q in res.queues:
        template.has_resource_properties("AWS::SQS::Queue", {
            "QueueName": q.name, "VisibilityTimeout": q.visibility_timeout,
            "MessageRetentionPeriod": q.retention_seconds,
            "RedrivePolicy": {"deadLetterTargetArn": Match.any_value(),
                              "maxReceiveCount": q.max_receive_count}})
        template.has_resource_properties("AWS::SQS::Queue", {"QueueName": q.dlq_name})
    queues = dev.resources("AWS::SQS::Queue")
    dlq_ids = {p["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]
               for p in queues.values() if "RedrivePolicy" in p["Properties"]}
    for logical_id, q in queues.items():
        if q["Properties"]["QueueName"] == res.schedule_failures:
            continue      # no consumer: failed scheduled runs wait there for a person
        assert "RedrivePolicy" in q["Properties"] or logical_id in dlq_ids, logical_id


def test_tables_on_demand_with_pitr_and_ttl(dev, prod, template):
    for t in resources("dev").tables:
        expected = {"TableName": t.name, "BillingMode": "PAY_PER_REQUEST",
                    "KeySchema": t.key_schema,
                    "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
                    "DeletionProtectionEnabled": False}
        if t.ttl_attribute:
            expected["TimeToLiveSpecification"] = {"AttributeName": t.ttl_attribute,
                                                   "Enabled": True}
        template.has_resource_properties("AWS::DynamoDB::Table", expected)
    Template.from_json(prod.template).resource_properties_count_is(
        "AWS::DynamoDB::Table", {"DeletionProtectionEnabled": True}, len(resources("prod").tables))
    for table in prod.resources("AWS::DynamoDB::Table").values():
        assert table["DeletionPolicy"] == "Retain"


def test_buckets_block_public_access_and_enforce_tls(dev):
    buckets = dev.resources("AWS::S3::Bucket")
    policies = {p["Properties"]["Bucket"]["Ref"]: p["Properties"]["PolicyDocument"]
                for p in dev.resources("AWS::S3::BucketPolicy").values()}
    assert len(buckets) == len(resources("dev").buckets) + 1      # + the access-log bucket
    for logical_id, bucket in buckets.items():
        assert bucket["Properties"]["PublicAccessBlockConfiguration"] == {
            "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True,
            "RestrictPublicBuckets": True}, logical_id
        statements = policies[logical_id]["Statement"]
        assert any(s["Effect"] == "Deny" and s["Condition"] == {
            "Bool": {"aws:SecureTransport": "false"}} for s in statements), logical_id
        # nobody but CloudFront (by distribution) may read: no "*" principal in an Allow
        for s in statements:
            if s["Effect"] == "Allow":
                assert s["Principal"] != {"AWS": "*"} and s["Principal"] != "*", logical_id


def test_media_and_web_buckets_are_read_through_cloudfront(dev, template):
    res = resources("dev")
    template.resource_count_is("AWS::CloudFront::Distribution", 2)
    template.resource_count_is("AWS::CloudFront::OriginAccessControl", 2)
    template.all_resources_properties("AWS::CloudFront::Distribution", {
        "DistributionConfig": Match.object_like({"DefaultCacheBehavior": Match.object_like(
            {"ViewerProtocolPolicy": "redirect-to-https"})})})
    uploads = next(b for b in res.buckets if b.cors_put)
    template.has_resource_properties("AWS::S3::Bucket", {
        "BucketName": uploads.name, "CorsConfiguration": {"CorsRules": [Match.object_like(
            {"AllowedMethods": ["POST", "PUT"]})]},
        "NotificationConfiguration": {"QueueConfigurations": [Match.object_like(
            {"Event": "s3:ObjectCreated:*"})]}})


def test_cloudfront_adds_the_security_headers_to_every_response(dev):
    policies = dev.resources("AWS::CloudFront::ResponseHeadersPolicy")
    for lid, dist in dev.resources("AWS::CloudFront::Distribution").items():
        ref = dist["Properties"]["DistributionConfig"]["DefaultCacheBehavior"][
            "ResponseHeadersPolicyId"]["Ref"]
        headers = policies[ref]["Properties"]["ResponseHeadersPolicyConfig"][
            "SecurityHeadersConfig"]
        hsts = headers["StrictTransportSecurity"]
        assert hsts["AccessControlMaxAgeSec"] >= 365 * 24 * 3600 and hsts["Override"], lid
        assert headers["ContentTypeOptions"]["Override"], lid                     # nosniff
        assert headers["FrameOptions"]["FrameOption"] == "DENY", lid
        assert headers["ReferrerPolicy"]["ReferrerPolicy"] == "strict-origin-when-cross-origin"
        # the page's own CSP (a meta tag, infra/site.py) cannot say frame-ancestors
        assert headers["ContentSecurityPolicy"]["ContentSecurityPolicy"] == \
            "frame-ancestors 'none'", lid


def _allow_statements(dev):
    for logical_id, r in dev.template["Resources"].items():
        props = r.get("Properties", {})
        docs = []
        if r["Type"] in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::SQS::QueuePolicy",
                         "AWS::S3::BucketPolicy", "AWS::SNS::TopicPolicy"):
            docs.append(props["PolicyDocument"])
        if r["Type"] == "AWS::IAM::Role":
            docs += [p["PolicyDocument"] for p in props.get("Policies", [])]
        for doc in docs:
            for s in doc["Statement"]:
                if s["Effect"] == "Allow":
                    yield logical_id, s


def test_no_wildcard_action_and_star_resource_only_where_aws_requires_it(dev):
    seen = 0
    for logical_id, s in _allow_statements(dev):
        seen += 1
        actions = as_list(s["Action"])
        assert not any(a == "*" or a.endswith(":*") for a in actions), (logical_id, actions)
        if "*" in as_list(s.get("Resource", [])):
            assert set(actions) <= STAR_RESOURCE_ACTIONS, (logical_id, actions)
    assert seen > 20
    assert not dev.resources("AWS::IAM::ManagedPolicy")
    for role in dev.resources("AWS::IAM::Role").values():
        assert not role["Properties"].get("ManagedPolicyArns"), role


def test_each_function_has_its_own_role(dev):
    functions = dev.resources("AWS::Serverless::Function")
    roles = [f["Properties"]["Role"]["Fn::GetAtt"][0] for f in functions.values()]
    assert len(set(roles)) == len(functions) == 14
    assert "DefaultRole" not in dev.template["Resources"]


def test_state_machine_is_the_asl_file_the_local_stack_runs(dev, template):
    machine = resources("dev").order_state_machine
    template.has_resource_properties("AWS::StepFunctions::StateMachine", {
        "StateMachineName": machine.name,
        "DefinitionString": ORDER_ASL.read_text(),
        "TracingConfiguration": {"Enabled": True}})
    (sm,) = dev.resources("AWS::StepFunctions::StateMachine").values()
    subs = sm["Properties"]["DefinitionSubstitutions"]
    assert set(subs) == set(machine.substitutions)
    assert subs["OrdersTable"] == resources("dev").table("Orders").name
    assert subs["PaymentTimeoutSeconds"] == "1800"


def test_every_setting_the_app_reads_is_set_on_its_functions(dev):
    functions = dev.resources("AWS::Serverless::Function")
    assert len(functions) == 14
    optional = {"SENDER_EMAIL", "ADMIN_EMAILS", "PAYMENT_TIMEOUT_SECONDS", "IMAGE_QUEUE",
                "CORS_ALLOW_ORIGIN",
                "PAYMENT_TOKENS_QUEUE", "ORDER_EVENTS_QUEUE", "DISPATCH_QUEUE", "LOG_LEVEL",
                "POWERTOOLS_SERVICE_NAME", "SITE_PAGES_QUEUE", "WEB_BUCKET"}
    for logical_id, f in functions.items():
        env = f["Properties"]["Environment"]["Variables"]
        missing = (set(config.REQUIRED) | optional) - set(env)
        assert not missing, (logical_id, missing)
        assert env["STAGE"] == "dev"
        assert env["COURIER_MODE"] == "manual", logical_id   # cdk.json: the pilot's setting
        assert "POWERTOOLS_TRACE_DISABLED" not in env and "AUTO_CONFIRM_SIGNUP" not in env
        assert f["Properties"]["Tracing"] == "Active"
        if logical_id not in ("APIHandler", "CognitoJwt"):
            assert "API_URL" in env, logical_id       # the courier's webhook address
        for name, value in env.items():               # local-only values never ship
            assert "local" not in str(value) and "127.0.0.1" not in str(value), name
    api_env = functions["APIHandler"]["Properties"]["Environment"]["Variables"]
    assert api_env["PAYMENT_PROVIDERS"] == "razorpay,stripe"   # cdk.json: UPI first
    for name in ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "CURSOR_SECRET",
                 "COURIER_WEBHOOK_SECRET", "STRIPE_PUBLISHABLE_KEY", "RAZORPAY_KEY_ID",
                 "RAZORPAY_KEY_SECRET", "RAZORPAY_WEBHOOK_SECRET"):
        value = api_env[name]
        assert value == (f"{{{{resolve:secretsmanager:deogharmart/dev/app:SecretString:"
                         f"{name}::}}}}")


def test_dev_is_the_trial_stage_and_prod_is_not(dev, prod):
    """TRIAL_MODE (cdk.json `trial_mode`): the banner, and live Stripe keys refused."""
    for synth, value in ((dev, "true"), (prod, "false")):
        for logical_id, f in synth.resources("AWS::Serverless::Function").items():
            assert f["Properties"]["Environment"]["Variables"]["TRIAL_MODE"] == value, logical_id


def test_a_stage_chooses_its_courier_and_is_told_what_is_missing():
    import pytest

    from infra.cdk.stack import courier_mode
    assert courier_mode({}) == "manual"                      # no courier contract: by hand
    assert courier_mode({"courier_api_url": "https://api.courier.example"}) == "http"
    assert courier_mode({"courier_mode": "manual",
                         "courier_api_url": "https://api.courier.example"}) == "manual"
    for wrong in ({"courier_mode": "http"}, {"courier_mode": "simulator"},
                  {"courier_mode": "pigeon"}):
        with pytest.raises(ValueError, match="courier"):
            courier_mode(wrong)


def test_function_names_are_the_ones_the_dashboard_watches(dev):
    from infra import dashboard
    from app import app
    names = {f["Properties"]["FunctionName"]
             for f in dev.resources("AWS::Serverless::Function").values()}
    assert names == set(dashboard.lambda_function_names("dev", app))
    for name in names:
        assert any(g["Properties"].get("LogGroupName") == f"/aws/lambda/{name}"
                   and g["Properties"]["RetentionInDays"] == 30
                   for g in dev.resources("AWS::Logs::LogGroup").values()), name


def test_sqs_handlers_read_the_stage_queues(dev):
    res = resources("dev")
    sources = {}
    for f in dev.resources("AWS::Serverless::Function").values():
        for event in f["Properties"].get("Events", {}).values():
            if event["Type"] == "SQS":
                sources[event["Properties"]["Queue"]["Fn::Sub"].rsplit(":", 1)[1]] = f
    assert set(sources) == {q.name for q in res.queues}
    for q in res.queues:     # a message must not come back while its handler still runs
        assert sources[q.name]["Properties"]["Timeout"] <= q.visibility_timeout, q.name


def test_api_routes_match_the_chalice_app(dev):
    from app import app
    (api,) = dev.resources("AWS::Serverless::Api").values()
    paths = api["Properties"]["DefinitionBody"]["paths"]
    deployed = {(path, method.upper()) for path, ops in paths.items() for method in ops
                if method != "options"}
    declared = {(path, method.upper()) for path, methods in app.routes.items()
                for method in methods if method != "OPTIONS"}
    assert deployed == declared


def test_gateway_answers_in_the_api_error_format(dev):
    import json
    responses = {r["Properties"]["ResponseType"]: r["Properties"]
                 for r in dev.resources("AWS::ApiGateway::GatewayResponse").values()}
    assert {"DEFAULT_4XX", "DEFAULT_5XX", "UNAUTHORIZED", "ACCESS_DENIED",
            "MISSING_AUTHENTICATION_TOKEN", "THROTTLED"} <= set(responses)
    assert responses["MISSING_AUTHENTICATION_TOKEN"]["StatusCode"] == "404"
    (api,) = dev.resources("AWS::Serverless::Api").values()
    assert api["Properties"]["MinimumCompressionSize"] == 1024    # as the local gateway
    for props in responses.values():
        body = props["ResponseTemplates"]["application/json"].replace(
            "$context.error.messageString", '"Unauthorized"')   # what API Gateway substitutes
        assert json.loads(body)["error"]["code"]


def test_every_route_is_throttled_and_the_costly_anonymous_ones_more(dev, prod):
    from app import app
    from infra.cdk.app import stage_settings
    from infra.cdk.stack import ROUTE_THROTTLES
    for synth in (dev, prod):
        (api,) = synth.resources("AWS::Serverless::Api").values()
        limits = {(s["HttpMethod"], s["ResourcePath"]): (s["ThrottlingRateLimit"],
                                                         s["ThrottlingBurstLimit"])
                  for s in api["Properties"]["MethodSettings"]}
        default = stage_settings(synth.stage)["api_throttle"]
        assert limits.pop(("*", "/*")) == (default["rate_limit"], default["burst_limit"])
        assert default["rate_limit"] <= default["burst_limit"], synth.stage
        assert len(limits) == len(ROUTE_THROTTLES)
        for (method, path), (rate, burst) in ROUTE_THROTTLES.items():
            assert method in app.routes[path], path    # a renamed route keeps no stale limit
            assert limits[(method, "/" + path.replace("/", "~1"))] == (rate, burst)
            assert rate < default["rate_limit"] and burst < default["burst_limit"], path
    assert stage_settings("prod")["api_throttle"]["rate_limit"] >= \
        stage_settings("dev")["api_throttle"]["rate_limit"]


def test_schedules_cognito_ses_monitoring(dev, template):
    res = resources("dev")
    schedules = [e for f in dev.resources("AWS::Serverless::Function").values()
                 for e in f["Properties"].get("Events", {}).values() if e["Type"] == "Schedule"]
    assert sorted(e["Properties"]["Schedule"] for e in schedules) == [
        "cron(0 1 * * ? *)", "cron(0 21 * * ? *)", "cron(30 19 * * ? *)",
        "cron(30 20 1 * ? *)", "cron(30 4 ? * MON *)", "cron(45 19 ? * SUN *)",
        "rate(15 minutes)"]
    # currency rates, shop pages rebuilt, reports, tax, payouts, weekly report, reconcile
    template.has_resource_properties("AWS::Cognito::UserPool", {
        "UserPoolName": res.user_pool.name})
    template.has_resource_properties("AWS::Cognito::UserPoolClient", {
        "ClientName": res.user_pool.client_name, "GenerateSecret": False})
    groups = {g["Properties"]["GroupName"]
              for g in dev.resources("AWS::Cognito::UserPoolGroup").values()}
    assert groups == set(res.user_pool.groups)
    template.has_resource_properties("AWS::SES::EmailIdentity", {
        "EmailIdentity": res.sender_email.split("@")[1]})
    template.has_resource_properties("AWS::SNS::Topic", {"TopicName": res.alarm_topic.name})
    template.resource_count_is("AWS::CloudWatch::Dashboard", 1)
    from infra import dashboard
    template.resource_count_is("AWS::CloudWatch::Alarm", len(dashboard.alarms("dev", "ap-south-1", res)))


def test_functions_get_only_what_they_use(dev):
    import json
    acts = function_actions(dev)
    assert set(acts["CognitoJwt"]) == {"logs:CreateLogStream", "logs:PutLogEvents",
                                       "xray:PutTraceSegments", "xray:PutTelemetryRecords"}
    writers_of_media = {lid for lid, a in acts.items()
                        if "MediaBucket" in json.dumps(a.get("s3:PutObject", []))}
    assert writers_of_media == {"ProcessUploadedImages"}
    starters = {lid for lid, a in acts.items() if "states:StartExecution" in a}
    assert starters == {"APIHandler"}
    for lid, a in acts.items():
        assert "dynamodb:Scan" not in a and "dynamodb:DeleteTable" not in a, lid
        consumed = a.get("sqs:ReceiveMessage", [])
        assert len(consumed) <= 1, lid                 # at most its own queue


def test_the_shop_pages_are_served_by_path_with_a_bilingual_404(dev):
    """CloudFront serves each page's object by its path (chalicelib/pages), maps the English
    home as infra/local/static_server.page_key does, and answers a missing page with 404.html."""
    import json
    import subprocess

    from infra.local.static_server import page_key
    (fn,) = dev.resources("AWS::CloudFront::Function").values()
    code = fn["Properties"]["FunctionCode"]
    paths = ["/en", "/en/", "/", "/p/p-khurchan", "/en/p/p-khurchan", "/en/c/peda-sweets",
             "/sitemap.xml", "/app.css"]
    script = code + f"\nconsole.log(JSON.stringify({json.dumps(paths)}.map(function (u) {{" \
        "return handler({request: {uri: u}}).uri; })));"
    mapped = json.loads(subprocess.run(["node", "-e", script], capture_output=True, text=True,
                                       check=True).stdout)
    for path, uri in zip(paths, mapped):
        local = page_key(path)
        if local is not None and path != "/":     # "/" is CloudFront's default root object
            assert uri == "/" + local, path
        else:
            assert uri == path
    (web,) = [d["Properties"]["DistributionConfig"] for d in
              dev.resources("AWS::CloudFront::Distribution").values()
              if d["Properties"]["DistributionConfig"].get("DefaultRootObject") == "index.html"]
    assert {(e["ErrorCode"], e["ResponseCode"], e["ResponsePagePath"])
            for e in web["CustomErrorResponses"]} == {(403, 404, "/404.html"),
                                                      (404, 404, "/404.html")}
    (assoc,) = web["DefaultCacheBehavior"]["FunctionAssociations"]
    assert assoc["EventType"] == "viewer-request"


def test_cognito_mails_officials_and_makers_in_both_languages(dev, template):
    """The invitation carries the temporary password and the portal's address; the codes use
    the same texts as the local stand-in (infra/cognito_messages.py); tools/admin.py finds the
    catalog table in the outputs."""
    from infra import cognito_messages as m
    (pool,) = dev.resources("AWS::Cognito::UserPool").values()
    invite = pool["Properties"]["AdminCreateUserConfig"]["InviteMessageTemplate"]
    body = json.dumps(invite["EmailMessage"], ensure_ascii=False)
    assert "{####}" in body and "{username}" in body and "/portal.html" in body
    assert invite["EmailSubject"] == m.INVITE_SUBJECT
    verification = pool["Properties"]["VerificationMessageTemplate"]
    assert verification["EmailMessage"] == m.CODE_BODY and "{####}" in m.CODE_BODY
    assert verification["DefaultEmailOption"] == "CONFIRM_WITH_CODE"
    outputs = dev.template["Outputs"]
    assert outputs["CatalogTableName"]["Value"] == resources("dev").table("Catalog").name


def test_every_throttled_route_exists():
    from app import app
    from infra.cdk.stack import ROUTE_THROTTLES
    routes = {(m, p) for p, methods in app.routes.items() for m in methods}
    assert set(ROUTE_THROTTLES) <= routes, set(ROUTE_THROTTLES) - routes


def test_a_stage_asks_its_secret_only_for_the_gateways_it_turns_on():
    """A district office without a Stripe account turns on Razorpay alone: its secret then
    needs no Stripe keys (and the reverse); an unknown gateway stops the synth."""
    from infra.cdk.stack import payment_providers, secret_keys
    razorpay_only = secret_keys({"payment_providers": ["razorpay"]})
    assert "RAZORPAY_KEY_SECRET" in razorpay_only and not any("STRIPE" in k for k in razorpay_only)
    assert not any("RAZORPAY" in k for k in secret_keys({}))        # default: Stripe, as before
    assert payment_providers({}) == ("stripe",)
    with pytest.raises(ValueError, match="payment_providers"):
        payment_providers({"payment_providers": ["paypal"]})
