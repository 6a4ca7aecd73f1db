"""The cloud deployment of one stage (dev or prod): every resource of `infra.resources`
(`infra/cdk/storage.py`) plus the Chalice app (through `chalice.cdk`), its per-function roles,
CloudFront, WAF and the district's domain when the stage has them (`waf.py`, `domain.py`,
`edge.py`), the dashboard and alarms of `infra.dashboard`.

Names, key schemas, queue settings and the state machine's ASL come from
`infra.resources` — the same definitions the local stack creates in moto.
"""
from __future__ import annotations

import json
from pathlib import Path

from aws_cdk import (Aws, CfnOutput, CfnResource, RemovalPolicy, SecretValue, Stack,
                     aws_cognito as cognito, aws_iam as iam,
                     aws_logs as logs, aws_ses as ses, aws_sns as sns,
                     aws_sns_subscriptions as subs, aws_stepfunctions as sfn)
from cdk_nag import NagPackSuppression, NagSuppressions
from constructs import Construct

from infra import cognito_messages as messages, dashboard
from infra.cdk import api_logs, domain, failures, permissions, storage, waf, web
from infra.resources import API_MIN_COMPRESSION_BYTES, Resources

ROOT = Path(__file__).resolve().parents[2]
# Secret values never enter the template: each is a CloudFormation dynamic reference to
# one JSON key of the stage's Secrets Manager secret, resolved by CloudFormation at deploy.
# The payment gateways' keys are there only for the gateways the stage turns on
# (cdk.json `payment_providers`; chalicelib/config.py PROVIDERS names their keys).
SECRET_KEYS = ("CURSOR_SECRET", "COURIER_WEBHOOK_SECRET")
API_FUNCTIONS = ("api_handler", "cognito_jwt")   # the REST API refers to these two


def secret_name(stage: str) -> str:
    return f"deogharmart/{stage}/app"


class DeogharMartStack(Stack):
    def __init__(self, scope: Construct, id: str, *, res: Resources, settings: dict,
                 edge=None, **kwargs):
        """edge: the stage's us-east-1 stack (infra/cdk/edge.py), when it has one."""
        super().__init__(scope, id, **kwargs)
        self.res = res
        stage, prod = res.stage, res.stage == "prod"
        keep = self.keep = RemovalPolicy.RETAIN if prod else RemovalPolicy.DESTROY
        self.domain, self.waf = domain.Domain.of(settings), waf.settings_of(settings)
        self.cors_origin = self.domain.cors_origin

        self.tables = {t.logical_id: storage.Table(self, t, prod=prod) for t in res.tables}
        self.queues = storage.queues(self, res)
        self.buckets = storage.buckets(self, res)
        self.web, self.media = self._distributions(edge)
        storage.wire_buckets(self, res, self.buckets, self.queues, [
            self.web_url, *settings.get("extra_upload_origins", [])])

        pool = self._user_pool(keep)
        machine = self._state_machine(settings)
        mail_domain = res.sender_email.split("@", 1)[1]
        ses.EmailIdentity(self, "SenderIdentity", identity=ses.Identity.domain(mail_domain))
        identity_arn = (f"arn:{Aws.PARTITION}:ses:{Aws.REGION}:{Aws.ACCOUNT_ID}"
                        f":identity/{mail_domain}")

        topic = sns.Topic(self, res.alarm_topic.logical_id, topic_name=res.alarm_topic.name,
                          enforce_ssl=True)
        for address in settings.get("admin_emails", []):
            topic.add_subscription(subs.EmailSubscription(address))
        NagSuppressions.add_resource_suppressions(topic, [NagPackSuppression(
            id="AwsSolutions-SNS2", reason="CloudWatch alarms cannot publish to a topic "
               "encrypted with the AWS-managed SNS key; alarm texts carry no personal data.")])

        from app import app as chalice_app   # after app.py set STAGE: queue names depend on it
        names = dashboard.lambda_function_names(stage, chalice_app)
        handlers = {"api_handler": names[0], **{n.removeprefix(f"deogharmart-{stage}-")
                                                .replace("-", "_"): n for n in names[1:]}}
        roles = {h: permissions.function_role(
            self, h, fn, tables=self.tables, queues=self.queues, buckets=self.buckets,
            state_machine_arn=machine.state_machine_arn, user_pool_arn=pool.user_pool_arn,
            identity_arn=identity_arn) for h, fn in handlers.items()}
        self.pool, self.machine = pool, machine
        self.function_env = self._environment(settings)
        self.chalice = self._chalice_app(handlers, roles, settings)
        scheduled = [s.name for s in chalice_app.event_sources
                     if type(s).__name__ == "ScheduledEventConfig"]
        failures.on_failure(self, res.schedule_failures, {h: (
            handlers[h], self.chalice.get_resource(permissions._camel(h)), roles[h])
            for h in scheduled})
        for h, fn in handlers.items():
            logs.LogGroup(self, f"{permissions._camel(h)}Logs", log_group_name=f"/aws/lambda/{fn}",
                          retention=_retention(settings["log_retention_days"]),
                          removal_policy=keep)

        self._monitoring(names, machine, topic)
        CfnOutput(self, "ApiUrl", value=self.api_url)
        CfnOutput(self, "WebUrl", value=self.web_url)
        CfnOutput(self, "WebBucketName", value=self.buckets["WebBucket"].bucket_name)
        CfnOutput(self, "WebDistributionId", value=self.web.distribution_id)
        CfnOutput(self, "MediaBaseUrl", value=self.media_base_url)
        CfnOutput(self, "UserPoolId", value=pool.user_pool_id)
        CfnOutput(self, "UserPoolClientId", value=self.client.user_pool_client_id)
        # tools/admin.py records the first admin among the officials in it
        CfnOutput(self, "CatalogTableName", value=self.tables["Catalog"].name)

    # --- CloudFront -----------------------------------------------------------------------

    def _distributions(self, edge):
        """The storefront's and the pictures' distributions, behind the CLOUDFRONT web ACL
        when the stage's WAF is on; the storefront on the stage's own host when it has one."""
        acl = (self.waf.get("web_acl_arn") or edge.web_acl_arn) if self.waf["enabled"] else None
        d, certificate = self.domain, None
        if d.shop_host:    # a given ARN, or the one the us-east-1 stack requested
            certificate = domain.shop_certificate(self, d) if d.shop_certificate_arn \
                else edge.certificate
        web_dist = web.distribution(self, "WebDistribution", self.buckets["WebBucket"],
                                    index="index.html", comment=f"DeogharMart {self.res.stage}",
                                    pages=True, web_acl=acl, certificate=certificate,
                                    host=d.shop_host)
        media = next(b for b in self.res.buckets if b.public_read)
        media_dist = web.distribution(self, "MediaDistribution", self.buckets[media.logical_id],
                                      index=None, comment=f"DeogharMart {self.res.stage} media",
                                      web_acl=acl)
        if d.shop_host:
            domain.shop_records(self, d, web_dist)
        self.web_url = d.origin(d.shop_host) or f"https://{web_dist.distribution_domain_name}"
        self.media_base_url = f"https://{media_dist.distribution_domain_name}"
        return web_dist, media_dist

    # --- users, order machine -------------------------------------------------------------

    def _user_pool(self, keep: RemovalPolicy) -> cognito.UserPool:
        d = self.res.user_pool
        pool = cognito.UserPool(
            self, d.logical_id, user_pool_name=d.name, self_sign_up_enabled=True,
            sign_in_aliases=cognito.SignInAliases(email=True),
            auto_verify=cognito.AutoVerifiedAttrs(email=True),
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            # what Cognito e-mails, in Hindi and English (the local stand-in sends the same):
            # an invited official's temporary password; sign-up and forgot-password codes
            user_invitation=cognito.UserInvitationConfig(
                email_subject=messages.INVITE_SUBJECT,
                email_body=messages.invite_body(f"{self.web_url}/portal.html")),
            user_verification=cognito.UserVerificationConfig(
                email_subject=messages.CODE_SUBJECT, email_body=messages.CODE_BODY,
                email_style=cognito.VerificationEmailStyle.CODE),
            password_policy=cognito.PasswordPolicy(min_length=8, require_uppercase=True,
                                                   require_lowercase=True, require_digits=True,
                                                   require_symbols=False),
            custom_attributes={a: cognito.StringAttribute(mutable=True)
                               for a in d.custom_attributes},
            deletion_protection=self.res.stage == "prod", removal_policy=keep)
        self.client = pool.add_client(
            "WebClient", user_pool_client_name=d.client_name, generate_secret=False,
            auth_flows=cognito.AuthFlow(user_password=True),
            prevent_user_existence_errors=True)
        for group in d.groups:
            cognito.CfnUserPoolGroup(self, f"Group{group.capitalize()}",
                                     user_pool_id=pool.user_pool_id, group_name=group)
        NagSuppressions.add_resource_suppressions(pool, [
            NagPackSuppression(id="AwsSolutions-COG1", reason="Same policy as the local "
                               "stack (8+ characters, upper, lower, digit): artisans sign up on "
                               "basic phones; symbols are allowed, not required."),
            NagPackSuppression(id="AwsSolutions-COG2", reason="MFA by SMS costs per message "
                               "and many makers share a phone; admins are few — enable "
                               "optional TOTP MFA when the office asks."),
            NagPackSuppression(id="AwsSolutions-COG8", reason="The Plus feature plan is "
                               "billed per active user; Essentials covers sign-up and groups."),
            NagPackSuppression(id="AwsSolutions-COG3", reason="Threat protection (advanced "
                               "security) is a paid add-on; off until traffic warrants it."),
        ])
        return pool

    def _state_machine(self, settings: dict) -> sfn.StateMachine:
        d = self.res.order_state_machine
        values = {}
        for key, (kind, ref) in d.substitutions.items():
            if kind == "queue_url":
                values[key] = self.queues[ref].queue_url
            elif kind == "table_name":
                values[key] = self.tables[ref].name
            else:
                values[key] = str(settings[ref])
        log_group = logs.LogGroup(self, "OrderStateMachineLogs",
                                  retention=_retention(settings["log_retention_days"]))
        machine = sfn.StateMachine(
            self, d.logical_id, state_machine_name=d.name,
            definition_body=sfn.DefinitionBody.from_string(d.definition_path.read_text()),
            definition_substitutions=values, tracing_enabled=True,
            logs=sfn.LogOptions(destination=log_group, level=sfn.LogLevel.ALL))
        for ref in {ref for kind, ref in d.substitutions.values() if kind == "queue_url"}:
            machine.add_to_role_policy(iam.PolicyStatement(
                actions=["sqs:SendMessage"], resources=[self.queues[ref].queue_arn]))
        for ref in {ref for kind, ref in d.substitutions.values() if kind == "table_name"}:
            machine.add_to_role_policy(iam.PolicyStatement(
                actions=["dynamodb:UpdateItem"], resources=[self.tables[ref].arn]))
        NagSuppressions.add_resource_suppressions(machine, [NagPackSuppression(
            id="AwsSolutions-IAM5", reason="CloudWatch Logs delivery and X-Ray actions of "
               "Step Functions support no resource-level permissions; AWS requires '*'.")],
            apply_to_children=True)
        return machine

    # --- the Chalice app --------------------------------------------------------------------

    def _environment(self, settings: dict) -> dict[str, str]:
        """Every variable chalicelib/config.py reads, for every function."""
        env = dict(self.res.environment())
        env.update({
            "MEDIA_BASE_URL": self.media_base_url,
            "COGNITO_USER_POOL_ID": self.pool.user_pool_id,
            "COGNITO_CLIENT_ID": self.client.user_pool_client_id,
            self.res.order_state_machine.env: self.machine.state_machine_arn,
            "PAYMENT_TIMEOUT_SECONDS": str(settings["payment_timeout_seconds"]),
            "ADMIN_EMAILS": ",".join(settings.get("admin_emails", [])),
            "POWERTOOLS_SERVICE_NAME": "deogharmart",
            "CORS_ALLOW_ORIGIN": self.cors_origin,
            "LOG_LEVEL": settings.get("log_level", "INFO"),
            # the trial run's banner and its refusal of live Stripe keys (chalicelib/config.py)
            "TRIAL_MODE": "true" if settings.get("trial_mode") else "false",
            "COURIER_MODE": courier_mode(settings),
            "PAYMENT_PROVIDERS": ",".join(payment_providers(settings)),
        })
        for name in ("COURIER_API_URL", "COD_LIMIT_PAISE", "COMMISSION_BP",
                     "REPORT_LINK_SECONDS", "RECONCILE_GRACE_SECONDS",
                     "DISPATCH_DEADLINE_SECONDS", "PICKUP_DEADLINE_HOURS", "PAYOUT_HOLD_HOURS",
                     "PACKING_DEADLINE_HOURS", "FX_SOURCE_URL"):
            if settings.get(name.lower()) is not None:
                env[name] = str(settings[name.lower()])
        if settings.get("quality_thresholds"):   # chalicelib/config.py QUALITY_THRESHOLDS
            env["QUALITY_THRESHOLDS"] = json.dumps(settings["quality_thresholds"],
                                                   sort_keys=True)
        for key in secret_keys(settings):
            env[key] = SecretValue.secrets_manager(
                secret_name(self.res.stage), json_field=key).unsafe_unwrap()
        return env

    def _chalice_app(self, handlers: dict[str, str], roles: dict, settings: dict):
        from chalice.cdk import Chalice

        from chalicelib.web import CORS
        # the preflight answers are packaged from the app as imported here (infra/cdk/app.py
        # sets CORS_ALLOW_ORIGIN first); the functions read the same variable
        if CORS.allow_origin != self.cors_origin:
            raise RuntimeError(f"the app was imported with CORS for {CORS.allow_origin!r}, "
                               f"the stage serves its shop from {self.cors_origin!r}")
        # chalice.cdk passes stage_config as top-level parameters, which per-function
        # settings (lambda_functions) ignore: roles and sizes are set on the functions below.
        chalice = Chalice(self, "ChaliceApp", source_dir=str(ROOT), stage_config={
            "api_gateway_stage": "api", "xray": True, "manage_iam_role": False,
            "iam_role_arn": "set-per-function-below",
            "environment_variables": self.function_env})
        sizes = settings.get("functions", {})
        # The REST API's URL cannot go on the functions the API itself points at (a cycle);
        # only the event handlers need it (the courier's webhook address).
        rest_api = chalice.get_resource("RestAPI")
        rest_api.add_property_override("TracingEnabled", True)       # X-Ray from the edge
        # gzip JSON above 1 KB, as the local gateway does (infra/local/gateway.py)
        rest_api.add_property_override("MinimumCompressionSize", API_MIN_COMPRESSION_BYTES)
        rest_api.add_property_override("MethodSettings", method_settings(settings["api_throttle"]))
        self._gateway_responses(rest_api)
        api_logs.access_logs(self, rest_api, self.res.stage,
                             _retention(settings["log_retention_days"]), self.keep)
        self.api_url = f"https://{rest_api.ref}.execute-api.{Aws.REGION}.{Aws.URL_SUFFIX}/api/"
        if self.domain.api_host:    # the custom domain maps its root to the API's stage
            domain.api_domain(self, self.domain, rest_api)
            self.api_url = f"{self.domain.origin(self.domain.api_host)}/"
        if self.waf["enabled"]:
            waf.protect_api(self, self.res.stage, rest_api, self.waf["api_rate_limit"])
        for h, fn in handlers.items():
            lid = "APIHandler" if h == "api_handler" else permissions._camel(h)
            resource = chalice.get_resource(lid)
            resource.add_property_override("FunctionName", fn)  # the names the dashboard uses
            resource.add_property_override("Role", roles[h].role_arn)
            size = sizes.get(h, {})
            if "lambda_memory_size" in size:
                resource.add_property_override("MemorySize", size["lambda_memory_size"])
            if "lambda_timeout" in size:
                resource.add_property_override("Timeout", size["lambda_timeout"])
            # caps from the stage settings: a burst on one route or a flood of page events
            # cannot take the concurrency the order pipeline needs
            if "reserved_concurrency" in size:
                resource.add_property_override("ReservedConcurrentExecutions",
                                               size["reserved_concurrency"])
            if "sqs_max_concurrency" in size:   # an SQS consumer: cap its pollers, not the
                resource.add_property_override(  # function (throttled messages would count
                    f"Events.{lid}SqsEventSource.Properties.ScalingConfig.MaximumConcurrency",
                    size["sqs_max_concurrency"])      # towards their DLQ)
            if h not in API_FUNCTIONS:
                resource.add_property_override("Environment.Variables.API_URL", self.api_url)
        return chalice

    def _gateway_responses(self, rest_api) -> None:
        """API Gateway's own answers (an unknown route, a refused token, throttling) in the
        API's error format, with CORS so the storefront can read them."""
        for kind, status, code in GATEWAY_RESPONSES:
            props = {"RestApiId": rest_api.ref, "ResponseType": kind,
                     "ResponseTemplates": {"application/json": '{"error": {"code": "' + code +
                                           '", "message": $context.error.messageString}}'},
                     "ResponseParameters": {
                         "gatewayresponse.header.Access-Control-Allow-Origin":
                             f"'{self.cors_origin}'"}}
            if status:
                props["StatusCode"] = status
            CfnResource(self, "Gateway" + permissions._camel(kind.lower()),
                        type="AWS::ApiGateway::GatewayResponse", properties=props)

    # --- monitoring ---------------------------------------------------------------------------

    def _monitoring(self, names: list[str], machine: sfn.StateMachine, topic: sns.Topic):
        stage, region = self.res.stage, Stack.of(self).region
        body = dashboard.dashboard_body(stage, region, self.res, names,
                                        state_machine=machine.state_machine_arn)
        CfnResource(self, "Dashboard", type="AWS::CloudWatch::Dashboard", properties={
            "DashboardName": dashboard.dashboard_name(stage),
            "DashboardBody": Stack.of(self).to_json_string(body)})
        for i, kwargs in enumerate(dashboard.alarms(stage, region, self.res,
                                                    topic=topic.topic_arn,
                                                    state_machine=machine.state_machine_arn)):
            CfnResource(self, f"Alarm{i}", type="AWS::CloudWatch::Alarm", properties=kwargs)


# API Gateway limits each method of a stage on its own (token buckets: a steady rate per
# second and a burst). Every route gets `api_throttle` from cdk.json; the anonymous routes whose
# every call costs get less: Cognito sign-up, confirmation and sign-in (Cognito's own
# per-account quotas; a mail per sign-up) and checkout (reserves stock, mails the shopper).
# Without them the only limit is the account's, shared by every API in the Region, and a flood
# on one route could take the Lambda concurrency the order pipeline's queue handlers need.
# They limit all callers together: per-client limits need WAF (docs/security.md). Above a
# limit API Gateway answers 429 with the code "throttled" (GATEWAY_RESPONSES).
ROUTE_THROTTLES = {("POST", "/auth/signup"): (2, 5), ("POST", "/auth/confirm"): (5, 10),
                   ("POST", "/auth/login"): (10, 20), ("POST", "/auth/refresh"): (10, 20),
                   ("POST", "/auth/new-password"): (5, 10),
                   # each of these makes Cognito send a mail
                   ("POST", "/auth/forgot-password"): (2, 5), ("POST", "/auth/resend-code"): (2, 5),
                   ("POST", "/auth/reset-password"): (5, 10),
                   ("POST", "/orders"): (20, 40)}


def payment_providers(settings: dict) -> tuple[str, ...]:
    """The stage's gateways, in the order the checkout offers them (default: Stripe)."""
    from chalicelib.config import PROVIDERS, ConfigError, parse_providers
    try:
        return parse_providers(settings.get("payment_providers"))
    except ConfigError:
        raise ValueError(f"payment_providers {settings['payment_providers']!r}: one or both "
                         f"of {list(PROVIDERS)}") from None


def secret_keys(settings: dict) -> tuple[str, ...]:
    """The keys of the stage's secret the functions read: ours, and its gateways'."""
    from chalicelib.config import PROVIDERS
    return SECRET_KEYS + sum((PROVIDERS[p] for p in payment_providers(settings)), ())


def courier_mode(settings: dict) -> str:
    """Who moves a stage's parcels (chalicelib/config.py): a courier's API (`http`, needs
    `courier_api_url`) or people recording handover and outcome (`manual`: the pilot,
    without a courier contract). Unset: `http` with a courier address, else `manual`."""
    from chalicelib.config import COURIER_MODES
    mode = settings.get("courier_mode") or ("http" if settings.get("courier_api_url") else "manual")
    if mode not in COURIER_MODES or mode == "simulator":
        raise ValueError(f"courier_mode {mode!r}: a cloud stage uses 'http' or 'manual'")
    if mode == "http" and not settings.get("courier_api_url"):
        raise ValueError("courier_mode 'http' needs courier_api_url (the courier's API)")
    return mode


def method_settings(default: dict) -> list[dict]:
    """The REST API stage's MethodSettings: every method's limit, then the routes' own
    (API Gateway writes a path's slashes as ~1)."""
    def limit(rate, burst) -> dict:
        return {"ThrottlingRateLimit": rate, "ThrottlingBurstLimit": burst}

    return [{"ResourcePath": "/*", "HttpMethod": "*",
             **limit(default["rate_limit"], default["burst_limit"])},
            *({"ResourcePath": "/" + path.replace("/", "~1"), "HttpMethod": method,
               **limit(rate, burst)} for (method, path), (rate, burst) in ROUTE_THROTTLES.items())]


# (response type, status override, our error code). API Gateway answers a path it does not
# know with MISSING_AUTHENTICATION_TOKEN (403): it is a 404 to a client.
GATEWAY_RESPONSES = (("DEFAULT_4XX", None, "bad_request"), ("DEFAULT_5XX", None, "internal_error"),
                     ("UNAUTHORIZED", None, "unauthorized"), ("ACCESS_DENIED", None, "forbidden"),
                     ("MISSING_AUTHENTICATION_TOKEN", "404", "not_found"),
                     ("THROTTLED", None, "throttled"))


def _retention(days: int) -> logs.RetentionDays:
    by_days = {1: "ONE_DAY", 7: "ONE_WEEK", 14: "TWO_WEEKS", 30: "ONE_MONTH",
               90: "THREE_MONTHS", 180: "SIX_MONTHS", 365: "ONE_YEAR"}
    return getattr(logs.RetentionDays, by_days[days])

