"""Logging, metrics and tracing for every handler: the one place that creates them.

- `logger`: powertools Logger; JSON lines with personal data masked
  (`chalicelib.log_masking`).
- `metrics`: powertools Metrics, namespace `DeogharMart`, default dimensions
  `service` and `stage`. Business code does not touch it: it calls
  `metric(name, value, **dimensions)`, which accepts only the names in
  `BUSINESS_METRICS`, so the dashboard and alarms can trust that registry.
- `tracer`: powertools Tracer, created on first use. Importing the X-Ray SDK
  costs ~0.2 s, so it is never touched where tracing is off (tests, `chalice
  local`, the local runner, `POWERTOOLS_TRACE_DISABLED=true`).

`app.py` registers `observe_invocation` for every handler (Lambda context in the
logs, a trace segment, metrics flushed) and `observe_request` for HTTP
(correlation id, route, API latency and error metrics per route group).
"""
from __future__ import annotations

import os
import threading
import time
from functools import lru_cache

from aws_lambda_powertools import Logger, Metrics

from chalicelib.log_masking import MaskingFormatter

SERVICE = "deogharmart"
NAMESPACE = "DeogharMart"

# name -> CloudWatch unit. "None" is a plain number (rupees, hours).
BUSINESS_METRICS: dict[str, str] = {
    # orders, payments, delivery (emitted from chalicelib/orders and chalicelib/stats)
    "OrdersPlaced": "Count",
    "OrderValue": "None",            # rupees
    "CodOrders": "Count",
    "PaymentsSucceeded": "Count",
    "PaymentsFailed": "Count",       # a Stripe decline, or a failed Razorpay attempt
    "OrdersCancelled": "Count",
    "RefundsIssued": "Count",
    "RefundsProcessed": "Count",     # Razorpay says the money is back with the buyer
    "RefundsFailed": "Count",        # Razorpay says it is not: the office pays it back by hand
    "PaymentAttemptsFailed": "Count",  # a Razorpay attempt failed; the buyer may try again
    "ParcelsDispatched": "Count",
    "ParcelsDelivered": "Count",
    "ParcelsReturned": "Count",
    "PaidToDeliveredHours": "None",
    "StuckOrdersFound": "Count",
    "NotificationsFailed": "Count",  # Audience: shopper | vendor (a mail SES did not take)
    # catalogue quality
    "ListingsSubmitted": "Count",    # Kind: new | revision
    "ListingsApproved": "Count",
    "ListingsRejected": "Count",
    "ImagesRejected": "Count",       # Reason: the rejection code
    # what buyers say (chalicelib/quality)
    "ReviewsWritten": "Count",
    "ReviewsPublished": "Count",
    "ReviewsRejected": "Count",
    "ComplaintsOpened": "Count",     # Reason: damaged | not_as_described | wrong_or_missing | quality
    "ComplaintsDecided": "Count",    # Refund: none | part | full
    "ParcelsCancelledByMaker": "Count",
    "MakersFlagged": "Count",
    # the pre-rendered shop pages (chalicelib/pages)
    "PagesWritten": "Count",         # a page whose content or version changed
    "PagesRemoved": "Count",
    "PageEventsLost": "Count",       # a change whose message could not be sent (rebuild repairs)
    # security and the API
    "WebhookSignatureFailures": "Count",  # Webhook: stripe | razorpay | courier
    "ApiLatency": "Milliseconds",    # RouteGroup
    "Api4xx": "Count",               # RouteGroup; 0 or 1 per request, so Average is a rate
    "Api5xx": "Count",
}

# First path segment -> route group: a handful of values, never the raw path.
ROUTE_GROUPS = {
    "products": "public", "categories": "public", "vendors": "public", "health": "public",
    "openapi.json": "public", "blocks": "public", "abroad": "public",
    "auth": "auth",
    "vendor": "vendor", "facilitator": "vendor",
    "admin": "admin",
    "orders": "orders", "quotes": "orders",
    "webhooks": "webhooks",
}
ROUTE_GROUP_NAMES = ("public", "auth", "vendor", "admin", "orders", "webhooks", "other")

logger = Logger(service=SERVICE, logger_formatter=MaskingFormatter())
metrics = Metrics(namespace=NAMESPACE, service=SERVICE)
metrics.set_default_dimensions(stage=os.environ.get("STAGE") or "local")

# Metrics with extra dimensions, one EMF document per dimension set, flushed with `metrics`.
_by_dimensions: dict[tuple, object] = {}
_lock = threading.Lock()


def metric(name: str, value: float = 1, unit: str | None = None, **dimensions: str) -> None:
    """Record a business metric; it is published when the invocation ends.

    `unit` defaults to the registered one (a different one is a ValueError).
    Dimension values must come from a small fixed set (a route group, a reason
    code), never ids: each distinct value is a separate, billed metric. A metric
    with dimensions is also published without them, for totals.
    """
    registered = BUSINESS_METRICS.get(name)
    if registered is None:
        raise ValueError(f"unknown metric {name!r}: register it in observability.BUSINESS_METRICS")
    if unit is not None and unit != registered:
        raise ValueError(f"metric {name!r} is measured in {registered}, not {unit}")
    key = tuple(sorted((k, str(v)) for k, v in dimensions.items()))
    with _lock:  # `chalice local` serves requests on threads
        if not key:
            emf = metrics
        elif (emf := _by_dimensions.get(key)) is None:
            emf = _by_dimensions[key] = _dimensioned(dict(key))
        emf.add_metric(name=name, unit=registered, value=value)


def _dimensioned(dimensions: dict[str, str]):
    from aws_lambda_powertools.metrics import EphemeralMetrics
    base = {"service": SERVICE, **metrics.default_dimensions}
    emf = EphemeralMetrics(namespace=NAMESPACE, service=SERVICE)
    emf.set_default_dimensions(**base)
    for key, value in dimensions.items():
        emf.add_dimension(name=key, value=value)
    emf.add_dimensions(**base)  # the roll-up: the same values without the extra dimensions
    return emf


def flush() -> None:
    """Print every pending metric as EMF (CloudWatch turns the log lines into metrics)."""
    with _lock:
        pending = list(_by_dimensions.values())
        _by_dimensions.clear()
        if metrics.metric_set:  # powertools warns about an empty flush
            pending.append(metrics)
        for emf in pending:
            emf.flush_metrics()


def route_group(resource_path: str | None) -> str:
    first = (resource_path or "").lstrip("/").split("/", 1)[0]
    return ROUTE_GROUPS.get(first, "other")


# --- tracing ------------------------------------------------------------------------------

def tracing_enabled() -> bool:
    """powertools' own rule, checked without importing the X-Ray SDK."""
    env = os.environ
    if (env.get("POWERTOOLS_TRACE_DISABLED") or "").strip().lower() in ("1", "true", "yes", "on"):
        return False
    in_lambda = bool(env.get("LAMBDA_TASK_ROOT"))
    return in_lambda and not env.get("AWS_SAM_LOCAL") and not env.get("AWS_CHALICE_CLI_MODE")


@lru_cache(maxsize=1)
def _tracer():
    from aws_lambda_powertools import Tracer
    if not tracing_enabled():
        # Without a provider powertools loads the X-Ray recorder anyway (~0.2 s and a UDP
        # socket, which the unit tests forbid); a disabled tracer never calls its provider
        # but for `capture_*` subsegments, which the no-op one answers.
        from chalicelib.tracing_off import NoTracing
        return Tracer(service=SERVICE, disabled=True, provider=NoTracing())
    # boto3/PynamoDB calls and plain HTTP (Stripe, the courier); not patch_all's long list.
    return Tracer(service=SERVICE, patch_modules=("botocore", "httplib"))


def __getattr__(name: str):
    if name == "tracer":  # `from chalicelib.observability import tracer` builds it on first use
        return _tracer()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --- middleware bodies (registered in app.py) ----------------------------------------------

_CONTEXT_FIELDS = ("function_name", "memory_limit_in_mb", "invoked_function_arn", "aws_request_id")


def observe_invocation(event, get_response):
    """Every handler (HTTP, SQS, schedule, ...): logger state reset and tagged with the
    Lambda context, the invocation traced when tracing is on, metrics flushed at the end."""
    context = getattr(event, "lambda_context", None) or getattr(event, "context", None)

    def handler(_raw_event, _context):
        return get_response(event)

    name = getattr(context, "function_name", None) or SERVICE
    handler.__name__ = name
    if tracing_enabled():
        # Responses stay out of the trace: they carry addresses and phone numbers.
        handler = _tracer().capture_lambda_handler(handler, capture_response=False)
    if context is not None and all(hasattr(context, f) for f in _CONTEXT_FIELDS):
        handler = logger.inject_lambda_context(handler, clear_state=True, log_event=False)
    try:
        return handler(None, context)
    finally:
        flush()


def observe_request(event, get_response):
    """HTTP: request id as correlation id, route key on every line, latency and
    4xx/5xx per route group (0 or 1 per request, so their Average is a rate)."""
    request_context = event.context or {}
    route = request_context.get("resourcePath")
    group = route_group(route)
    logger.set_correlation_id(request_context.get("requestId"))
    logger.append_keys(route=route)
    started = time.perf_counter()
    status = 500  # what API Gateway answers when the handler raises
    try:
        response = get_response(event)
        status = getattr(response, "status_code", 200)
        return response
    finally:
        metric("ApiLatency", (time.perf_counter() - started) * 1000, RouteGroup=group)
        metric("Api4xx", int(400 <= status < 500), RouteGroup=group)
        metric("Api5xx", int(status >= 500), RouteGroup=group)
        logger.remove_keys(["route", "order_id"])   # order routes tag their order
