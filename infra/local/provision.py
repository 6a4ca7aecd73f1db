"""Create every resource of `infra.resources` in the local AWS emulator (idempotent).

Also switches on Step Functions execution in moto and creates the demo
accounts. Returns what the launcher writes to .local/stack.json.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import boto3
import requests
from botocore.exceptions import ClientError

from infra.resources import BucketDef, QueueDef, Resources, TableDef, TopicDef

# Demo accounts of the local stack. The passwords are for a laptop only.
DEMO_ACCOUNTS = (
    {"role": "admin", "email": "admin@demo.deogharmart.in", "password": "Admin@Deoghar2026",
     "group": "admins", "vendor_id": None, "name": "District Office (demo)"},
    # a second official: a payout run is approved by another admin than its preparer
    {"role": "admin", "email": "admin2@demo.deogharmart.in", "password": "Admin2@Deoghar2026",
     "group": "admins", "vendor_id": None, "name": "District Accounts Officer (demo)"},
    {"role": "facilitator", "email": "facilitator@demo.deogharmart.in",
     "password": "Facil@Deoghar2026", "group": "facilitators", "vendor_id": None,
     "name": "Block official, Mohanpur (demo)", "block": "Mohanpur"},
)


@dataclass
class Provisioned:
    user_pool_id: str
    user_pool_client_id: str
    queue_urls: dict[str, str]


def enable_stepfunctions(endpoint: str) -> None:
    """moto runs state machines only when told to, after every start."""
    r = requests.post(f"{endpoint}/moto-api/config",
                      json={"stepfunctions": {"execute_state_machine": True}}, timeout=10)
    r.raise_for_status()


def _table(ddb, t: TableDef) -> None:
    args = {"TableName": t.name, "KeySchema": t.key_schema,
            "AttributeDefinitions": t.attribute_definitions, "BillingMode": "PAY_PER_REQUEST"}
    if t.global_secondary_indexes:
        args["GlobalSecondaryIndexes"] = t.global_secondary_indexes
    try:
        ddb.create_table(**args)
    except ClientError as e:
        if e.response["Error"]["Code"] != "ResourceInUseException":
            raise
    if t.ttl_attribute:
        ddb.update_time_to_live(TableName=t.name, TimeToLiveSpecification={
            "Enabled": True, "AttributeName": t.ttl_attribute})


def _queue(sqs, q: QueueDef) -> str:
    dlq_url = sqs.create_queue(QueueName=q.dlq_name, Attributes={
        "MessageRetentionPeriod": str(14 * 24 * 3600)})["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    url = sqs.create_queue(QueueName=q.name, Attributes={
        "VisibilityTimeout": str(q.visibility_timeout),
        "MessageRetentionPeriod": str(q.retention_seconds),
        "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn,
                                     "maxReceiveCount": str(q.max_receive_count)}),
    })["QueueUrl"]
    return url


def _bucket(s3, b: BucketDef, region: str) -> None:
    try:
        if region == "us-east-1":
            s3.create_bucket(Bucket=b.name)
        else:
            s3.create_bucket(Bucket=b.name,
                             CreateBucketConfiguration={"LocationConstraint": region})
    except ClientError as e:
        if e.response["Error"]["Code"] not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
            raise
    if b.public_read:  # locally browsers read media straight from S3; on AWS via CloudFront
        s3.put_bucket_policy(Bucket=b.name, Policy=json.dumps({
            "Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{b.name}/*"}]}))
    if b.old_versions_days:   # as in the cloud (old versions expire there by lifecycle rule)
        s3.put_bucket_versioning(Bucket=b.name, VersioningConfiguration={"Status": "Enabled"})
    if b.cors_put:
        s3.put_bucket_cors(Bucket=b.name, CORSConfiguration={"CORSRules": [{
            "AllowedMethods": ["POST", "PUT"], "AllowedOrigins": ["*"], "AllowedHeaders": ["*"],
            "MaxAgeSeconds": 3600}]})


def _user_pool(idp, res: Resources) -> tuple[str, str]:
    pool_def = res.user_pool
    pools = idp.list_user_pools(MaxResults=60)["UserPools"]
    pool_id = next((p["Id"] for p in pools if p["Name"] == pool_def.name), None)
    if pool_id is None:
        pool_id = idp.create_user_pool(
            PoolName=pool_def.name,
            UsernameAttributes=["email"], AutoVerifiedAttributes=["email"],
            Policies={"PasswordPolicy": {"MinimumLength": 8, "RequireUppercase": True,
                                         "RequireLowercase": True, "RequireNumbers": True,
                                         "RequireSymbols": False}},
            Schema=[{"Name": a, "AttributeDataType": "String", "Mutable": True}
                    for a in pool_def.custom_attributes],
        )["UserPool"]["Id"]
    clients = idp.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"]
    client_id = next((c["ClientId"] for c in clients if c["ClientName"] == pool_def.client_name),
                     None)
    if client_id is None:
        client_id = idp.create_user_pool_client(
            UserPoolId=pool_id, ClientName=pool_def.client_name, GenerateSecret=False,
            ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        )["UserPoolClient"]["ClientId"]
    existing = {g["GroupName"] for g in idp.list_groups(UserPoolId=pool_id)["Groups"]}
    for group in pool_def.groups:
        if group not in existing:
            idp.create_group(UserPoolId=pool_id, GroupName=group)
    return pool_id, client_id


def ensure_user(idp, pool_id: str, account: dict) -> None:
    attrs = [{"Name": "email", "Value": account["email"]},
             {"Name": "email_verified", "Value": "true"},
             {"Name": "name", "Value": account["name"]}]
    if account.get("vendor_id"):
        attrs.append({"Name": "custom:vendor_id", "Value": account["vendor_id"]})
    try:
        idp.admin_create_user(UserPoolId=pool_id, Username=account["email"],
                              UserAttributes=attrs, MessageAction="SUPPRESS")
    except ClientError as e:
        if e.response["Error"]["Code"] != "UsernameExistsException":
            raise
    idp.admin_set_user_password(UserPoolId=pool_id, Username=account["email"],
                                Password=account["password"], Permanent=True)
    idp.admin_add_user_to_group(UserPoolId=pool_id, Username=account["email"],
                                GroupName=account["group"])


def _state_machine(sfn, res: Resources, queue_urls: dict[str, str]) -> str:
    """The order state machine from its ASL file, placeholders filled as CDK fills them."""
    import os
    machine = res.order_state_machine
    values = {}
    for key, (kind, ref) in machine.substitutions.items():
        if kind == "queue_url":
            values[key] = queue_urls[ref]
        elif kind == "table_name":
            values[key] = res.table(ref).name
        elif kind == "setting":
            values[key] = os.environ.get(ref.upper(), "1800")
    definition = machine.render(values)
    role = "arn:aws:iam::123456789012:role/deogharmart-local-order-machine"
    existing = [m["stateMachineArn"] for m in sfn.list_state_machines()["stateMachines"]
                if m["name"] == machine.name]
    if existing:
        sfn.update_state_machine(stateMachineArn=existing[0], definition=definition)
        return existing[0]
    return sfn.create_state_machine(name=machine.name, definition=definition,
                                    roleArn=role)["stateMachineArn"]


def _topic(sns, topic: TopicDef) -> str:
    """The topic, with an e-mail subscription for each address in its setting."""
    import os
    arn = sns.create_topic(Name=topic.name)["TopicArn"]
    wanted = [e.strip() for e in os.environ.get(topic.email_setting or "", "").split(",")
              if e.strip()]
    have = {s["Endpoint"] for s in sns.list_subscriptions_by_topic(TopicArn=arn)["Subscriptions"]}
    for email in wanted:
        if email not in have:
            sns.subscribe(TopicArn=arn, Protocol="email", Endpoint=email)
    return arn


def _monitoring(cloudwatch, sns, res: Resources, region: str, machine_arn: str) -> None:
    """The alarm topic, the dashboard and every alarm (moto stores them; nothing fires)."""
    from infra import dashboard
    topic_arn = _topic(sns, res.alarm_topic)
    body = dashboard.dashboard_body(res.stage, region, res, state_machine=machine_arn)
    cloudwatch.put_dashboard(DashboardName=dashboard.dashboard_name(res.stage),
                             DashboardBody=json.dumps(body, ensure_ascii=False))
    for alarm in dashboard.alarms(res.stage, region, res, topic=topic_arn,
                                  state_machine=machine_arn):
        cloudwatch.put_metric_alarm(**alarm)


def provision(res: Resources, endpoint: str, region: str) -> Provisioned:
    """Everything, against a moto server at `endpoint`."""
    enable_stepfunctions(endpoint)
    return create_all(res, boto3.session.Session(region_name=region), endpoint)


def create_all(res: Resources, session, endpoint: str | None = None) -> Provisioned:
    """Create every resource with clients from `session` (moto in-process or server)."""
    region = session.region_name
    ddb = session.client("dynamodb", endpoint_url=endpoint)
    sqs = session.client("sqs", endpoint_url=endpoint)
    s3 = session.client("s3", endpoint_url=endpoint)
    idp = session.client("cognito-idp", endpoint_url=endpoint)
    ses = session.client("ses", endpoint_url=endpoint)
    for t in res.tables:
        _table(ddb, t)
    queue_urls = {q.logical_id: _queue(sqs, q) for q in res.queues}
    sqs.create_queue(QueueName=res.schedule_failures, Attributes={
        "MessageRetentionPeriod": str(14 * 24 * 3600)})
    for b in res.buckets:
        _bucket(s3, b, region)
    for b in res.buckets:
        if b.notify_queue:
            q = res.queue(b.notify_queue)
            arn = sqs.get_queue_attributes(QueueUrl=queue_urls[q.logical_id],
                                           AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
            s3.put_bucket_notification_configuration(Bucket=b.name, NotificationConfiguration={
                "QueueConfigurations": [{"QueueArn": arn, "Events": ["s3:ObjectCreated:*"],
                                         "Filter": {"Key": {"FilterRules": [
                                             {"Name": "prefix", "Value": b.notify_prefix}]}}}]})
    ses.verify_email_identity(EmailAddress=res.sender_email)
    machine_arn = _state_machine(session.client("stepfunctions", endpoint_url=endpoint), res,
                                 queue_urls)
    _monitoring(session.client("cloudwatch", endpoint_url=endpoint),
                session.client("sns", endpoint_url=endpoint), res, region, machine_arn)
    pool_id, client_id = _user_pool(idp, res)
    for account in DEMO_ACCOUNTS:
        ensure_user(idp, pool_id, account)
    return Provisioned(pool_id, client_id, queue_urls)
