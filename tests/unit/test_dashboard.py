"""The dashboard and alarms refer only to metrics that exist: ours (registered and
emitted somewhere) or ones AWS publishes; they cover every queue, DLQ and Lambda
function; and the local stack puts them into moto."""
from __future__ import annotations

import json
import re
from pathlib import Path

import boto3
import pytest

from chalicelib.observability import BUSINESS_METRICS, NAMESPACE, SERVICE
from infra import dashboard
from infra.local.env import REGION
from infra.resources import resources

ROOT = Path(__file__).resolve().parents[2]
STAGE = "dev"
# What AWS publishes, per namespace, with the one dimension our widgets use.
AWS_METRICS = {
    "AWS/Lambda": ({"Errors", "Throttles", "Duration", "Invocations", "ConcurrentExecutions"},
                   "FunctionName"),
    "AWS/SQS": ({"ApproximateAgeOfOldestMessage", "ApproximateNumberOfMessagesVisible"},
                "QueueName"),
    "AWS/States": ({"ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsStarted",
                    "ExecutionsSucceeded"}, "StateMachineArn"),
    "AWS/ApiGateway": ({"Count", "4XXError", "5XXError", "Latency", "IntegrationLatency"},
                       "ApiName"),
}
# Extra dimensions our code emits (observability.metric(..., **dimensions)).
EXTRA_DIMENSIONS = {"RouteGroup", "Webhook", "Kind", "Reason", "Audience"}


@pytest.fixture(scope="module")
def body():
    return json.loads(json.dumps(dashboard.dashboard_body(STAGE, REGION)))


@pytest.fixture(scope="module")
def alarm_list():
    return dashboard.alarms(STAGE, REGION)


def widget_metrics(body: dict) -> list[tuple[str, str, dict]]:
    """(namespace, name, dimensions) of every metric line of every widget."""
    found = []
    for widget in body["widgets"]:
        for line in widget["properties"].get("metrics", []):
            if isinstance(line[0], dict):  # a metric math expression
                continue
            fields = [x for x in line if not isinstance(x, dict)]
            namespace, name, *pairs = fields
            found.append((namespace, name, dict(zip(pairs[::2], pairs[1::2]))))
    return found


def alarm_metrics(alarms: list[dict]) -> list[tuple[str, str, dict]]:
    found = []
    for a in alarms:
        specs = [q["MetricStat"]["Metric"] for q in a.get("Metrics", []) if "MetricStat" in q]
        if "MetricName" in a:
            specs.append(a)
        for m in specs:
            found.append((m["Namespace"], m["MetricName"],
                          {d["Name"]: d["Value"] for d in m.get("Dimensions", [])}))
    return found


def emitted_metric_names() -> set[str]:
    """Names passed literally to metric(...) anywhere in the application code."""
    names = set()
    for path in [ROOT / "app.py", *(ROOT / "chalicelib").rglob("*.py")]:
        names |= set(re.findall(r"\bmetric\(\s*[\"'](\w+)[\"']", path.read_text()))
    return names


def check(metrics: list[tuple[str, str, dict]]) -> None:
    emitted = emitted_metric_names()
    problems = []
    for namespace, name, dims in metrics:
        if namespace == NAMESPACE:
            if name not in BUSINESS_METRICS:
                problems.append(f"{name} is not in observability.BUSINESS_METRICS")
            elif name not in emitted:
                problems.append(f"nothing calls metric({name!r}, ...) yet")
            if dims.get("service") != SERVICE or dims.get("stage") != STAGE:
                problems.append(f"{name}: dimensions {dims}")
            if set(dims) - {"service", "stage"} - EXTRA_DIMENSIONS:
                problems.append(f"{name}: unknown dimension in {dims}")
        elif namespace not in AWS_METRICS or name not in AWS_METRICS[namespace][0]:
            problems.append(f"{namespace} publishes no {name}")
        elif list(dims) != [AWS_METRICS[namespace][1]]:
            problems.append(f"{namespace} {name}: dimensions {dims}")
    assert sorted(set(problems)) == []


def test_the_body_is_json_with_titled_metric_widgets(body):
    assert dashboard.dashboard_body(STAGE, REGION) == body  # plain JSON types throughout
    graphs = [w for w in body["widgets"] if w["type"] == "metric"]
    assert len(graphs) >= 15
    for w in graphs:
        assert w["properties"]["region"] == REGION and w["properties"]["title"]
        assert w["properties"]["metrics"]


def test_every_dashboard_metric_is_ours_and_emitted_or_published_by_aws(body):
    check(widget_metrics(body))


def test_every_alarm_metric_is_ours_and_emitted_or_published_by_aws(alarm_list):
    check(alarm_metrics(alarm_list))


def test_every_registered_business_metric_is_on_the_dashboard(body):
    shown = {name for ns, name, _ in widget_metrics(body) if ns == NAMESPACE}
    assert set(BUSINESS_METRICS) - shown == set()


def test_payment_success_rate_is_metric_math(body):
    (widget,) = [w for w in body["widgets"] if "success rate" in w["properties"].get("title", "")]
    lines = widget["properties"]["metrics"]
    expression = lines[0][0]["expression"]
    ids = {line[-1]["id"]: line[1] for line in lines[1:]}
    assert ids == {"s": "PaymentsSucceeded", "f": "PaymentsFailed"}
    assert expression.replace(" ", "") == "100*s/(s+f)"


def test_every_queue_dlq_and_lambda_function_is_watched(body):
    res = resources(STAGE)
    queues = {dims["QueueName"] for ns, name, dims in widget_metrics(body) if ns == "AWS/SQS"}
    assert {q.name for q in res.queues} | {q.dlq_name for q in res.queues} <= queues
    from app import app
    functions = {dims["FunctionName"] for ns, _, dims in widget_metrics(body)
                 if ns == "AWS/Lambda"}
    expected = {f"deogharmart-{STAGE}"} | {f"deogharmart-{STAGE}-{s.name}"
                                           for s in app.event_sources}
    assert expected <= functions
    assert f"deogharmart-{STAGE}-cognito_jwt" in functions  # the authorizer is a function too


def test_alarms_cover_dlqs_payments_5xx_state_machine_stuck_orders_and_mail(alarm_list):
    res = resources(STAGE)
    topic = f"arn:aws:sns:{REGION}:{dashboard.ACCOUNT_PLACEHOLDER}:deogharmart-{STAGE}-alarms"
    assert all(a["AlarmActions"] == [topic] for a in alarm_list)
    names = {name for _, name, _ in alarm_metrics(alarm_list)}
    assert {"PaymentsSucceeded", "PaymentsFailed", "Api5xx", "ExecutionsFailed",
            "StuckOrdersFound", "NotificationsFailed", "RefundsFailed"} <= names
    dlqs = {d["QueueName"] for ns, _, d in alarm_metrics(alarm_list) if ns == "AWS/SQS"}
    assert dlqs == {q.dlq_name for q in res.queues} | {res.schedule_failures}
    assert len({a["AlarmName"] for a in alarm_list}) == len(alarm_list)


def test_the_alarm_topic_is_a_resource_of_the_stage():
    topic = resources(STAGE).alarm_topic
    assert topic.name == f"deogharmart-{STAGE}-alarms" and topic.email_setting == "ADMIN_EMAILS"


def test_the_local_stack_puts_dashboard_alarms_and_topic_into_moto(aws):
    import os
    cloudwatch = boto3.client("cloudwatch", region_name=REGION)
    sns = boto3.client("sns", region_name=REGION)
    stored = cloudwatch.get_dashboard(DashboardName=dashboard.dashboard_name("local"))
    body = json.loads(stored["DashboardBody"])
    assert len(body["widgets"]) == len(dashboard.dashboard_body("local", REGION)["widgets"])
    machine = os.environ["ORDER_STATE_MACHINE_ARN"]
    assert machine in stored["DashboardBody"]

    (topic,) = [t["TopicArn"] for t in sns.list_topics()["Topics"]
                if t["TopicArn"].endswith(":deogharmart-local-alarms")]
    emails = {s["Endpoint"] for s in sns.list_subscriptions_by_topic(TopicArn=topic)[
        "Subscriptions"] if s["Protocol"] == "email"}
    assert emails == {e.strip() for e in os.environ["ADMIN_EMAILS"].split(",")}

    stored_alarms = cloudwatch.describe_alarms(AlarmNamePrefix="deogharmart-local-")[
        "MetricAlarms"]
    expected = {a["AlarmName"] for a in dashboard.alarms("local", REGION)}
    assert {a["AlarmName"] for a in stored_alarms} == expected
    assert all(a["AlarmActions"] == [topic] for a in stored_alarms)
    failed = next(a for a in stored_alarms if a["AlarmName"].endswith("order-machine-failed"))
    assert failed["Dimensions"] == [{"Name": "StateMachineArn", "Value": machine}]
