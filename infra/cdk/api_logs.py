"""API Gateway access logs: one line per request in the stage's log group, with no personal
data — the route template (never the path with its ids), method, status, sizes and latencies,
the request id that the app's own log lines carry; no caller IP, no user agent, no query.

API Gateway writes logs through one role per account and region (`AWS::ApiGateway::Account`),
created here as a resource with an inline policy instead of clicking it in the console.
"""
from __future__ import annotations

import json

from aws_cdk import Aws, RemovalPolicy, aws_apigateway as apigw, aws_iam as iam, aws_logs as logs
from cdk_nag import NagPackSuppression, NagSuppressions
from constructs import Construct

FORMAT = {"requestId": "$context.requestId", "time": "$context.requestTimeEpoch",
          "method": "$context.httpMethod", "route": "$context.resourcePath",
          "status": "$context.status", "bytes": "$context.responseLength",
          "latencyMs": "$context.responseLatency",
          "integrationMs": "$context.integrationLatency",
          "error": "$context.error.responseType"}


def access_logs(scope: Construct, rest_api, stage: str, retention: logs.RetentionDays,
                removal: RemovalPolicy) -> logs.LogGroup:
    group = logs.LogGroup(scope, "ApiAccessLogs", retention=retention, removal_policy=removal,
                          log_group_name=f"/aws/apigateway/deogharmart-{stage}-access")
    rest_api.add_property_override("AccessLogSetting", {
        "DestinationArn": group.log_group_arn, "Format": json.dumps(FORMAT)})
    role = iam.Role(scope, "ApiGatewayLogsRole",
                    assumed_by=iam.ServicePrincipal("apigateway.amazonaws.com"),
                    description="API Gateway (account-wide): write access logs to CloudWatch",
                    inline_policies={"logs": iam.PolicyDocument(statements=[
                        iam.PolicyStatement(actions=["logs:DescribeLogGroups"], resources=["*"]),
                        iam.PolicyStatement(
                            actions=["logs:CreateLogGroup", "logs:CreateLogStream",
                                     "logs:DescribeLogStreams", "logs:PutLogEvents",
                                     "logs:GetLogEvents", "logs:FilterLogEvents"],
                            resources=[f"arn:{Aws.PARTITION}:logs:{Aws.REGION}:{Aws.ACCOUNT_ID}"
                                       ":log-group:*"])])})
    NagSuppressions.add_resource_suppressions(role, [NagPackSuppression(
        id="AwsSolutions-IAM5", reason="API Gateway's account-level logging role writes the "
           "log groups of every API in the account and region (AWS's managed policy for it, "
           "AmazonAPIGatewayPushToCloudWatchLogs, is wider still: every resource).")])
    account = apigw.CfnAccount(scope, "ApiGatewayAccount", cloud_watch_role_arn=role.role_arn)
    account.node.add_dependency(role)
    return group
