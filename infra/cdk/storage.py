"""The stage's storage written from `infra.resources`: DynamoDB tables, SQS queues with their
DLQs, S3 buckets (private, TLS only, S3-managed encryption, access logs, lifecycle rules, old
versions kept for a while) and the S3 → SQS notifications of the buckets that have them.
The local stack creates the same definitions in moto (infra/local/provision.py).
"""
from __future__ import annotations

from aws_cdk import Aws, CfnResource, Duration, RemovalPolicy, aws_iam as iam, aws_s3 as s3, \
    aws_sqs as sqs
from cdk_nag import NagPackSuppression, NagSuppressions
from constructs import Construct

from infra.resources import Resources, TableDef


class Table(Construct):
    """A DynamoDB table written straight from its TableDef (the local stack passes the
    same dicts to CreateTable)."""

    def __init__(self, scope: Construct, d: TableDef, *, prod: bool):
        super().__init__(scope, d.logical_id)
        props = {"TableName": d.name, "BillingMode": "PAY_PER_REQUEST",
                 "KeySchema": d.key_schema, "AttributeDefinitions": d.attribute_definitions,
                 "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
                 "SSESpecification": {"SSEEnabled": True},
                 "DeletionProtectionEnabled": prod}
        if d.global_secondary_indexes:
            props["GlobalSecondaryIndexes"] = d.global_secondary_indexes
        if d.ttl_attribute:
            props["TimeToLiveSpecification"] = {"AttributeName": d.ttl_attribute,
                                                "Enabled": True}
        self.resource = CfnResource(self, "Resource", type="AWS::DynamoDB::Table",
                                    properties=props)
        self.resource.apply_removal_policy(RemovalPolicy.RETAIN if prod else RemovalPolicy.DESTROY)
        self.name = d.name
        self.arn = self.resource.get_att("Arn").to_string()


def queues(scope: Construct, res: Resources) -> dict[str, sqs.Queue]:
    found = {}
    for q in res.queues:
        dlq = sqs.Queue(scope, f"{q.logical_id}Dlq", queue_name=q.dlq_name,
                        retention_period=Duration.days(14), enforce_ssl=True,
                        encryption=sqs.QueueEncryption.SQS_MANAGED)
        NagSuppressions.add_resource_suppressions(dlq, [NagPackSuppression(
            id="AwsSolutions-SQS3", reason="This is a dead-letter queue; its messages "
               "wait for a person (an alarm fires on the first one).")])
        found[q.logical_id] = sqs.Queue(
            scope, q.logical_id, queue_name=q.name,
            visibility_timeout=Duration.seconds(q.visibility_timeout),
            retention_period=Duration.seconds(q.retention_seconds), enforce_ssl=True,
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            dead_letter_queue=sqs.DeadLetterQueue(max_receive_count=q.max_receive_count,
                                                  queue=dlq))
    return found


def buckets(scope: Construct, res: Resources) -> dict[str, s3.Bucket]:
    """Every bucket of the stage, logging its requests into one access-log bucket."""
    access_logs = s3.Bucket(scope, "AccessLogs", enforce_ssl=True,
                            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
                            encryption=s3.BucketEncryption.S3_MANAGED,
                            removal_policy=RemovalPolicy.RETAIN,
                            lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(90))])
    NagSuppressions.add_resource_suppressions(access_logs, [NagPackSuppression(
        id="AwsSolutions-S1", reason="The access-log bucket itself: logging it into "
           "itself would loop.")])
    rules = {
        # presigned uploads are processed within seconds; leftovers are rejects
        "UploadsBucket": [s3.LifecycleRule(expiration=Duration.days(2))],
        "ReportsBucket": [s3.LifecycleRule(transitions=[s3.Transition(
            storage_class=s3.StorageClass.INFREQUENT_ACCESS,
            transition_after=Duration.days(30))], expiration=Duration.days(3 * 365))],
    }
    found = {}
    for b in res.buckets:
        # a deleted photo or report can be brought back for a while, then its old
        # versions (and the delete markers left alone) go
        kept = [s3.LifecycleRule(noncurrent_version_expiration=Duration.days(
                    b.old_versions_days)),
                s3.LifecycleRule(expired_object_delete_marker=True)] \
            if b.old_versions_days else []
        found[b.logical_id] = s3.Bucket(
            scope, b.logical_id, bucket_name=b.name, enforce_ssl=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED, removal_policy=RemovalPolicy.RETAIN,
            server_access_logs_bucket=access_logs, server_access_logs_prefix=f"{b.name}/",
            versioned=bool(b.old_versions_days),
            lifecycle_rules=[s3.LifecycleRule(abort_incomplete_multipart_upload_after=
                                              Duration.days(1)),
                             *rules.get(b.logical_id, []), *kept])
    return found


def wire_buckets(scope: Construct, res: Resources, found: dict[str, s3.Bucket],
                 queues_: dict[str, sqs.Queue], upload_origins: list[str]) -> None:
    """CORS for the browsers that post presigned uploads; S3 → SQS notifications."""
    for b in res.buckets:
        if b.cors_put:   # vendors' pages post presigned forms from the storefront
            found[b.logical_id].add_cors_rule(
                allowed_methods=[s3.HttpMethods.POST, s3.HttpMethods.PUT],
                allowed_origins=upload_origins, allowed_headers=["*"], max_age=3600)
        if b.notify_queue:
            _notify(scope, found[b.logical_id], b.name, queues_[b.notify_queue], b.notify_prefix)


def _notify(scope: Construct, bucket: s3.Bucket, name: str, queue: sqs.Queue,
            prefix: str) -> None:
    """S3 → SQS written on the bucket itself (no custom-resource Lambda). The queue
    policy names the bucket by its fixed name, so there is no dependency cycle."""
    policy = sqs.QueuePolicy(scope, f"{bucket.node.id}NotifyPolicy", queues=[queue])
    policy.document.add_statements(iam.PolicyStatement(
        actions=["sqs:SendMessage"], resources=[queue.queue_arn],
        principals=[iam.ServicePrincipal("s3.amazonaws.com")],
        conditions={"ArnLike": {"aws:SourceArn": f"arn:{Aws.PARTITION}:s3:::{name}"},
                    "StringEquals": {"aws:SourceAccount": Aws.ACCOUNT_ID}}))
    cfn = bucket.node.default_child
    cfn.notification_configuration = s3.CfnBucket.NotificationConfigurationProperty(
        queue_configurations=[s3.CfnBucket.QueueConfigurationProperty(
            event="s3:ObjectCreated:*", queue=queue.queue_arn,
            filter=s3.CfnBucket.NotificationFilterProperty(
                s3_key=s3.CfnBucket.S3KeyFilterProperty(rules=[
                    s3.CfnBucket.FilterRuleProperty(name="prefix", value=prefix)])))])
    cfn.node.add_dependency(policy)
