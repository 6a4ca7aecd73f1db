"""A scheduled function's failed run does not vanish: Lambda retries it twice, then sends the
invocation record to the stage's schedule-failures queue (an on-failure destination), which an
alarm watches (infra/dashboard.py). The local runner sends the same record when a schedule
raises (infra/local/runner.py), so the two stacks agree.
"""
from __future__ import annotations

from aws_cdk import Duration, aws_iam as iam, aws_lambda as lambda_, aws_sqs as sqs
from cdk_nag import NagPackSuppression, NagSuppressions
from constructs import Construct

RETRIES = 2


def on_failure(scope: Construct, queue_name: str, functions: dict[str, tuple[str, object,
                                                                               iam.Role]]) -> sqs.Queue:
    """functions: scheduled handler -> (function name, its SAM resource, its role)."""
    queue = sqs.Queue(scope, "ScheduleFailures", queue_name=queue_name,
                      retention_period=Duration.days(14), enforce_ssl=True,
                      encryption=sqs.QueueEncryption.SQS_MANAGED)
    NagSuppressions.add_resource_suppressions(queue, [NagPackSuppression(
        id="AwsSolutions-SQS3", reason="This queue collects failed scheduled runs for a person "
           "(an alarm fires on the first one); it has no consumer to fail in turn.")])
    for handler, (name, resource, role) in functions.items():
        queue.grant_send_messages(role)
        config = lambda_.CfnEventInvokeConfig(
            scope, f"{_camel(handler)}OnFailure", function_name=name, qualifier="$LATEST",
            maximum_retry_attempts=RETRIES,
            destination_config=lambda_.CfnEventInvokeConfig.DestinationConfigProperty(
                on_failure=lambda_.CfnEventInvokeConfig.OnFailureProperty(
                    destination=queue.queue_arn)))
        config.add_dependency(resource)
    return queue


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))
