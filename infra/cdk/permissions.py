"""Least privilege: one IAM role per Lambda function of the Chalice app.

`NEEDS` says, per Chalice function name, which resources each function touches;
`function_role()` turns that into a role whose inline policy names exactly those
actions on exactly those ARNs. Chalice is told not to manage roles
(`manage_iam_role: false` + `iam_role_arn` per function, see `stack.py`).

Tables: every function but the authorizer reaches the tables through PynamoDB
models that the order, catalog and stats code share (one transaction moves an
order, its stock and the office counters together), so they get item-level
actions on the three tables and their indexes, never table administration.
"""
from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import Aws, aws_iam as iam
from cdk_nag import NagPackSuppression, NagSuppressions
from constructs import Construct

TABLE_ACTIONS = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query",
                 "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                 "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem",
                 "dynamodb:DescribeTable"]
QUEUE_CONSUME = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
                 "sqs:ChangeMessageVisibility"]


# chalicelib/auth/accounts.py (sign-up) and chalicelib/auth/cognito.py (officials), no more
COGNITO_ADMIN = ["cognito-idp:AdminConfirmSignUp", "cognito-idp:AdminAddUserToGroup",
                 "cognito-idp:AdminCreateUser", "cognito-idp:AdminDeleteUser",
                 "cognito-idp:AdminRemoveUserFromGroup", "cognito-idp:AdminDisableUser",
                 "cognito-idp:AdminEnableUser", "cognito-idp:AdminUserGlobalSignOut"]


@dataclass(frozen=True)
class Needs:
    tables: bool = True
    consumes: str | None = None                 # queue logical id (SQS event source)
    sends_to: tuple[str, ...] = ()              # queue logical ids
    reads: tuple[str, ...] = ()                 # bucket logical ids (GetObject/HeadObject,
    #   and ListBucket: without it S3 answers a missing key with 403, not 404/NoSuchKey)
    writes: tuple[str, ...] = ()                # bucket logical ids (PutObject)
    deletes: tuple[str, ...] = ()               # bucket logical ids (DeleteObject)
    starts_orders: bool = False                 # states:StartExecution
    answers_tasks: bool = False                 # states:SendTaskSuccess/Failure
    signs_up: bool = False                      # cognito admin calls: sign-up, officials
    mails: bool = False                         # ses:SendEmail from the stage's identity


NEEDS: dict[str, Needs] = {
    # every HTTP route: catalog, vendors, uploads (presigned POST is signed with the role,
    # so the role needs PutObject), office reports and complaint photos (presigned GET),
    # checkout, webhooks; the shop's address for mails' links (the web bucket's site.json).
    "api_handler": Needs(reads=("ReportsBucket", "WebBucket"), writes=("UploadsBucket",),
                         sends_to=("SitePagesQueue",), starts_orders=True, answers_tasks=True,
                         signs_up=True, mails=True),
    "cognito_jwt": Needs(tables=False),        # verifies JWTs against the pool's JWKS (HTTPS)
    "store_payment_tokens": Needs(consumes="PaymentTokensQueue"),
    # a cancelled order gives its stock back: the products' pages may be in stock again
    "order_events": Needs(consumes="OrderEventsQueue", sends_to=("SitePagesQueue",), mails=True,
                          answers_tasks=True),
    "dispatch_parcels": Needs(consumes="DispatchQueue", sends_to=("SitePagesQueue",), mails=True),
    # (and a complaint's refund left halfway: its mail links to the shop, site.json)
    "reconcile_orders": Needs(sends_to=("DispatchQueue", "OrderEventsQueue", "SitePagesQueue"),
                              reads=("WebBucket",), mails=True, answers_tasks=True),
    "daily_report": Needs(reads=("ReportsBucket",), writes=("ReportsBucket",), mails=True),
    "weekly_report": Needs(reads=("ReportsBucket",), writes=("ReportsBucket",), mails=True),
    "payout_run": Needs(),                     # prepares the week's run: tables only
    "tax_workings": Needs(reads=("ReportsBucket",), writes=("ReportsBucket",), mails=True),
    "fx_rates": Needs(),                       # the day's currency rates (HTTPS): tables only
    # makers' photos and reviews' to the media bucket, complaints' to the private one
    "process_uploaded_images": Needs(consumes="ImageQueue", reads=("UploadsBucket",),
                                     deletes=("UploadsBucket",),
                                     writes=("MediaBucket", "ReportsBucket"),
                                     sends_to=("SitePagesQueue",)),
    # the shop's pre-rendered pages (chalicelib/pages): read, written, copied, deleted
    "publish_site_pages": Needs(consumes="SitePagesQueue", reads=("WebBucket",),
                                writes=("WebBucket",), deletes=("WebBucket",)),
    "publish_site": Needs(reads=("WebBucket",), writes=("WebBucket",), deletes=("WebBucket",)),
}


def function_role(scope: Construct, function: str, function_name: str, *, tables, queues,
                  buckets, state_machine_arn: str, user_pool_arn: str,
                  identity_arn: str) -> iam.Role:
    """`tables`/`queues`/`buckets` map logical ids to constructs (CfnResource tables with
    `arn`, sqs.Queue, s3.Bucket)."""
    needs = NEEDS[function]
    role = iam.Role(scope, f"{_camel(function)}Role",
                    assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
                    description=f"DeogharMart {function}: only what it uses")
    log_group = (f"arn:{Aws.PARTITION}:logs:{Aws.REGION}:{Aws.ACCOUNT_ID}:log-group:"
                 f"/aws/lambda/{function_name}")
    statements = [
        iam.PolicyStatement(actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                            resources=[f"{log_group}:*"]),
        # X-Ray's PutTraceSegments/PutTelemetryRecords have no resource-level permissions:
        # AWS requires "*" here (Service Authorization Reference, AWS X-Ray).
        iam.PolicyStatement(actions=["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
                            resources=["*"]),
    ]
    if needs.tables:
        arns = [t.arn for t in tables.values()]
        statements.append(iam.PolicyStatement(
            actions=TABLE_ACTIONS, resources=[*arns, *(f"{a}/index/*" for a in arns)]))
    if needs.consumes:
        statements.append(iam.PolicyStatement(actions=QUEUE_CONSUME,
                                              resources=[queues[needs.consumes].queue_arn]))
    if needs.sends_to:
        statements.append(iam.PolicyStatement(
            actions=["sqs:SendMessage", "sqs:GetQueueUrl"],
            resources=[queues[q].queue_arn for q in needs.sends_to]))
    for actions, names in ((["s3:GetObject"], needs.reads), (["s3:PutObject"], needs.writes),
                           (["s3:DeleteObject"], needs.deletes)):
        if names:
            statements.append(iam.PolicyStatement(
                actions=actions, resources=[buckets[b].arn_for_objects("*") for b in names]))
    if needs.reads:
        statements.append(iam.PolicyStatement(
            actions=["s3:ListBucket"], resources=[buckets[b].bucket_arn for b in needs.reads]))
    if needs.starts_orders:
        statements.append(iam.PolicyStatement(actions=["states:StartExecution"],
                                              resources=[state_machine_arn]))
    if needs.answers_tasks:
        statements.append(iam.PolicyStatement(
            actions=["states:SendTaskSuccess", "states:SendTaskFailure"],
            resources=[state_machine_arn]))
    if needs.signs_up:
        statements.append(iam.PolicyStatement(
            actions=COGNITO_ADMIN,
            resources=[user_pool_arn]))
    if needs.mails:
        statements.append(iam.PolicyStatement(actions=["ses:SendEmail"],
                                              resources=[identity_arn]))
    policy = iam.Policy(scope, f"{_camel(function)}Policy", statements=statements)
    role.attach_inline_policy(policy)
    NagSuppressions.add_resource_suppressions(policy, [NagPackSuppression(
        id="AwsSolutions-IAM5",
        reason="Wildcards only below a named resource: the function's own log streams, "
               "objects of a named bucket, indexes of a named table; and X-Ray, which "
               "supports no resource-level permissions.")])
    return role


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))

