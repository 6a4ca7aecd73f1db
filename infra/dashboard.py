"""The district office's CloudWatch dashboard and alarms, as code.

`dashboard_body()` is the JSON body of the stage's dashboard; `alarms()` is a
list of `put_metric_alarm` keyword arguments, each notifying the stage's alarm
topic (which e-mails ADMIN_EMAILS). The local stack puts both into moto
(`infra/local/provision.py`); the CDK stack of the cloud deployment reads the
same functions.

Business metrics come from `chalicelib.observability` (namespace DeogharMart,
dimensions service + stage, some with one low-cardinality extra dimension);
the rest are the metrics AWS publishes for Lambda, SQS and Step Functions.
Lambda function names follow Chalice: `deogharmart-<stage>` for the API and
`deogharmart-<stage>-<handler>` for every event handler and authorizer, read
from the Chalice app, so a new handler is on the dashboard without an edit here.
"""
from __future__ import annotations

from chalicelib.config import APP, stage_name
from chalicelib.observability import NAMESPACE, ROUTE_GROUP_NAMES, SERVICE
from infra.resources import Resources, resources as stage_resources

ACCOUNT_PLACEHOLDER = "${AWS::AccountId}"  # CloudFormation fills it; the local stack passes moto's
PERIOD = 300
WEBHOOKS = ("stripe", "razorpay", "courier")
MAIL_AUDIENCES = ("shopper", "vendor")


def dashboard_name(stage: str) -> str:
    return f"{APP}-{stage}"


def lambda_function_names(stage: str, app=None) -> list[str]:
    """What Chalice names the stage's functions: one API handler, one per event
    handler, custom authorizer and plain Lambda function."""
    if app is None:
        from app import app
    handlers = [*app.event_sources, *app.builtin_auth_handlers, *app.pure_lambda_functions]
    return [f"{APP}-{stage}", *(stage_name(stage, h.name) for h in handlers)]


def state_machine_arn(res: Resources, region: str, account_id: str = ACCOUNT_PLACEHOLDER) -> str:
    return f"arn:aws:states:{region}:{account_id}:stateMachine:{res.order_state_machine.name}"


def topic_arn(res: Resources, region: str, account_id: str = ACCOUNT_PLACEHOLDER) -> str:
    return f"arn:aws:sns:{region}:{account_id}:{res.alarm_topic.name}"


# --- metric references ----------------------------------------------------------------------

def _business(stage: str, name: str, opts: dict | None = None, **dimensions: str) -> list:
    """A DeogharMart metric in a widget's `metrics` list."""
    dims = {"service": SERVICE, "stage": stage, **dimensions}
    return [NAMESPACE, name, *(x for pair in dims.items() for x in pair), *([opts] if opts else [])]


def _aws(namespace: str, name: str, dimension: str, value: str, opts: dict | None = None) -> list:
    return [namespace, name, dimension, value, *([opts] if opts else [])]


def _widget(region: str, title: str, metrics: list, *, stat: str = "Sum", period: int = PERIOD,
            view: str = "timeSeries", width: int = 12, height: int = 6, **properties) -> dict:
    return {"type": "metric", "width": width, "height": height, "properties": {
        "title": title, "region": region, "view": view, "stat": stat, "period": period,
        "metrics": metrics, **properties}}


# --- the dashboard --------------------------------------------------------------------------

def dashboard_body(stage: str, region: str, resources: Resources | None = None,
                   function_names: list[str] | None = None, *,
                   state_machine: str | None = None,
                   account_id: str = ACCOUNT_PLACEHOLDER) -> dict:
    """The dashboard as a dict (json.dumps it for put_dashboard). `state_machine` is the
    order state machine's ARN; by default built from region and `account_id`."""
    res = resources or stage_resources(stage)
    functions = function_names if function_names is not None else lambda_function_names(stage)
    machine = state_machine or state_machine_arn(res, region, account_id)

    def biz(name: str, opts: dict | None = None, **dims: str) -> list:
        return _business(stage, name, opts, **dims)

    def graph(title: str, metrics: list, **kwargs) -> dict:
        return _widget(region, title, metrics, **kwargs)

    per_group = {group: {"label": group} for group in ROUTE_GROUP_NAMES}
    widgets = [
        {"type": "text", "width": 24, "height": 2, "properties": {"markdown": (
            f"# DeogharMart · {stage}\n"
            "Sales, payments and delivery first; then the API and the machinery behind it. "
            "Alarms e-mail the district office (ADMIN_EMAILS).")}},
        graph("Orders placed (cash on delivery among them)",
              [biz("OrdersPlaced", {"label": "orders"}), biz("CodOrders", {"label": "COD"})]),
        graph("Sales value (GMV, ₹)", [biz("OrderValue", {"label": "₹ ordered"})]),
        graph("Online payment success rate (%), UPI and cards", [
            [{"expression": "100 * s / (s + f)", "label": "succeeded %", "id": "rate"}],
            biz("PaymentsSucceeded", {"id": "s", "visible": False}),
            biz("PaymentsFailed", {"id": "f", "visible": False})],
            yAxis={"left": {"min": 0, "max": 100}}),
        graph("Delivery funnel (over the dashboard's time range)", [
            biz("OrdersPlaced", {"label": "placed"}),
            biz("ParcelsDispatched", {"label": "parcels dispatched"}),
            biz("ParcelsDelivered", {"label": "parcels delivered"}),
            biz("ParcelsReturned", {"label": "parcels returned"})],
            view="singleValue", setPeriodToTimeRange=True),
        graph("Paid to delivered (hours)", [
            biz("PaidToDeliveredHours", {"stat": "p50", "label": "median"}),
            biz("PaidToDeliveredHours", {"stat": "p90", "label": "p90"})], stat="p50",
            period=3600),
        graph("Cancellations, refunds, stuck orders", [
            biz("OrdersCancelled", {"label": "cancelled"}),
            biz("RefundsIssued", {"label": "refunds"}),
            biz("RefundsProcessed", {"label": "refunds processed (Razorpay)"}),
            biz("RefundsFailed", {"label": "refunds failed at Razorpay"}),
            biz("PaymentAttemptsFailed", {"label": "UPI/card attempts failed (Razorpay)"}),
            biz("StuckOrdersFound", {"label": "stuck (reconciliation)"})], period=900),
        graph("Mails not sent (should be 0)", [
            biz("NotificationsFailed", {"label": audience}, Audience=audience)
            for audience in MAIL_AUDIENCES], period=900),
        graph("Listings: review desk and photos", [
            biz("ListingsSubmitted", {"label": "submitted"}),
            biz("ListingsApproved", {"label": "approved"}),
            biz("ListingsRejected", {"label": "rejected"}),
            biz("ImagesRejected", {"label": "photos rejected"})], period=3600),
        graph("What buyers say: reviews, complaints, makers flagged", [
            biz("ReviewsWritten", {"label": "reviews written"}),
            biz("ReviewsPublished", {"label": "published"}),
            biz("ReviewsRejected", {"label": "refused"}),
            biz("ComplaintsOpened", {"label": "complaints"}),
            biz("ComplaintsDecided", {"label": "decided"}),
            biz("ParcelsCancelledByMaker", {"label": "parcels the maker cancelled"}),
            biz("MakersFlagged", {"label": "makers flagged"})], period=3600),
        graph("Shop pages published (page events lost should be 0)", [
            biz("PagesWritten", {"label": "written"}),
            biz("PagesRemoved", {"label": "removed"}),
            biz("PageEventsLost", {"label": "events lost"})], period=3600),
        graph("Webhook signature failures", [
            biz("WebhookSignatureFailures", {"label": hook}, Webhook=hook)
            for hook in WEBHOOKS]),
        graph("API latency, all routes (ms)", [
            biz("ApiLatency", {"stat": p, "label": p}) for p in ("p50", "p95", "p99")],
            stat="p95"),
        graph("API latency p95 by route group (ms)", [
            biz("ApiLatency", per_group[g], RouteGroup=g) for g in ROUTE_GROUP_NAMES],
            stat="p95"),
        graph("API 4xx by route group", [
            biz("Api4xx", per_group[g], RouteGroup=g) for g in ROUTE_GROUP_NAMES]),
        graph("API 5xx by route group", [
            biz("Api5xx", per_group[g], RouteGroup=g) for g in ROUTE_GROUP_NAMES]),
    ]
    for title, name, stat in (("Lambda errors", "Errors", "Sum"),
                              ("Lambda throttles", "Throttles", "Sum"),
                              ("Lambda duration p95 (ms)", "Duration", "p95")):
        widgets.append(graph(title, [
            _aws("AWS/Lambda", name, "FunctionName", fn, {"label": _short(fn, stage)})
            for fn in functions], stat=stat, width=8))
    widgets += [
        graph("Queues: age of the oldest message (s)", [
            _aws("AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", q.name)
            for q in res.queues], stat="Maximum"),
        graph("Dead-letter queues: messages waiting (should be 0)", [
            _aws("AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", q.dlq_name)
            for q in res.queues], stat="Maximum"),
        graph("Order state machine: failed and timed-out executions", [
            _aws("AWS/States", "ExecutionsFailed", "StateMachineArn", machine,
                 {"label": "failed"}),
            _aws("AWS/States", "ExecutionsTimedOut", "StateMachineArn", machine,
                 {"label": "timed out"})]),
    ]
    return {"start": "-PT24H", "periodOverride": "inherit", "widgets": widgets}


def _short(function_name: str, stage: str) -> str:
    handler = function_name.removeprefix(f"{APP}-{stage}").lstrip("-")
    return handler or "api"


# --- alarms ---------------------------------------------------------------------------------

def alarms(stage: str, region: str, resources: Resources | None = None, *,
           topic: str | None = None, state_machine: str | None = None,
           account_id: str = ACCOUNT_PLACEHOLDER, payment_failure_percent: float = 20,
           min_payment_attempts: int = 5) -> list[dict]:
    """`put_metric_alarm` keyword arguments; every alarm notifies `topic` (by default
    the stage's alarm topic ARN built from region and `account_id`)."""
    res = resources or stage_resources(stage)
    actions = [topic or topic_arn(res, region, account_id)]
    machine = state_machine or state_machine_arn(res, region, account_id)
    base = {"service": SERVICE, "stage": stage}

    def alarm(name: str, description: str, **kwargs) -> dict:
        return {"AlarmName": f"{APP}-{stage}-{name}", "AlarmDescription": description,
                "ActionsEnabled": True, "AlarmActions": actions, "EvaluationPeriods": 1,
                "TreatMissingData": "notBreaching", **kwargs}

    def above(threshold: float) -> dict:
        return {"Threshold": threshold, "ComparisonOperator": "GreaterThanThreshold"}

    def business(name: str, period: int) -> dict:
        return {"Namespace": NAMESPACE, "MetricName": name, "Statistic": "Sum", "Period": period,
                "Dimensions": [{"Name": k, "Value": v} for k, v in base.items()]}

    def stat(metric_id: str, name: str, period: int) -> dict:
        metric = business(name, period)
        return {"Id": metric_id, "ReturnData": False, "MetricStat": {
            "Metric": {k: metric[k] for k in ("Namespace", "MetricName", "Dimensions")},
            "Period": period, "Stat": "Sum"}}

    found = [alarm(q.dlq_name.removeprefix(f"{APP}-{stage}-"),
                   f"A message reached the dead-letter queue {q.dlq_name}: work failed "
                   f"{q.max_receive_count} times and is waiting for a person. Read it, fix "
                   "the cause, then move it back to its queue.",
                   Namespace="AWS/SQS", MetricName="ApproximateNumberOfMessagesVisible",
                   Dimensions=[{"Name": "QueueName", "Value": q.dlq_name}],
                   Statistic="Maximum", Period=PERIOD, **above(0))
             for q in res.queues]
    found.append(alarm(
        res.schedule_failures.removeprefix(f"{APP}-{stage}-"),
        f"A scheduled job (reports, payouts, reconciliation, the shop pages) failed; its "
        f"record is in {res.schedule_failures}. Read it, fix the cause, run the job again "
        "(make schedule NAME=… locally; invoke the function in the cloud).",
        Namespace="AWS/SQS", MetricName="ApproximateNumberOfMessagesVisible",
        Dimensions=[{"Name": "QueueName", "Value": res.schedule_failures}],
        Statistic="Maximum", Period=PERIOD, **above(0)))
    found += [
        alarm("payment-failure-rate",
              f"More than {payment_failure_percent:g}% of payments (UPI and cards) failed in 15 "
              f"minutes (at least {min_payment_attempts} attempts): check Razorpay's and "
              "Stripe's status and the checkout page.",
              Metrics=[stat("s", "PaymentsSucceeded", 900), stat("f", "PaymentsFailed", 900),
                       {"Id": "paid", "Expression": "FILL(s, 0)", "ReturnData": False},
                       {"Id": "failed", "Expression": "FILL(f, 0)", "ReturnData": False},
                       {"Id": "rate", "Label": "failed %", "ReturnData": True, "Expression":
                        f"IF(paid + failed >= {min_payment_attempts}, "
                        "100 * failed / (paid + failed), 0)"}],
              **above(payment_failure_percent)),
        alarm("api-5xx", "The API answered with a server error (5xx) in the last 5 minutes.",
              **business("Api5xx", PERIOD), **above(0)),
        alarm("order-machine-failed",
              "An order's state machine execution failed: that order may be stuck.",
              Namespace="AWS/States", MetricName="ExecutionsFailed",
              Dimensions=[{"Name": "StateMachineArn", "Value": machine}],
              Statistic="Sum", Period=PERIOD, **above(0)),
        alarm("stuck-orders",
              "The reconciliation found orders or parcels stuck past their deadline.",
              **business("StuckOrdersFound", 900), **above(0)),
        alarm("refund-failures",
              "Razorpay reported a refund as failed: the buyer has not got the money back. "
              "Find the order in the logs (\"refund failed at the gateway\"), then refund it "
              "again from Razorpay's dashboard or pay the buyer by bank transfer.",
              **business("RefundsFailed", 900), **above(0)),
        alarm("mail-failures",
              "SES refused or failed mails to shoppers or makers in the last 15 minutes: "
              "check the sending identity, the account's sandbox status and quota. The "
              "orders go on; their mails are lost (the logs name the orders).",
              **business("NotificationsFailed", 900), **above(0)),
    ]
    return found
