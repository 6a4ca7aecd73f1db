"""Metrics, logger context and tracing registered once for every handler: the metric()
API, the EMF it prints, and the middleware seen through the real app."""
from __future__ import annotations

import json
import subprocess
import sys
from types import SimpleNamespace

import pytest

from chalicelib import observability
from chalicelib.observability import BUSINESS_METRICS, NAMESPACE, SERVICE, metric

ROOT_DIMENSIONS = ["service", "stage"]


def emf_documents(text: str) -> list[dict]:
    docs = []
    for line in text.splitlines():
        if line.startswith("{") and '"_aws"' in line:
            docs.append(json.loads(line))
    return docs


def find(docs: list[dict], name: str) -> list[dict]:
    return [d for d in docs if name in d]


def totals(text: str, dimension: str, *names: str) -> dict[tuple[str, str], float]:
    """Sum of each metric's values in the EMF of `text`, by one extra dimension."""
    found: dict[tuple[str, str], float] = {}
    for doc in emf_documents(text):
        for name in names:
            if name in doc:
                key = (name, doc.get(dimension, ""))
                found[key] = found.get(key, 0) + sum(doc[name])
    return found


@pytest.fixture(autouse=True)
def nothing_pending():
    observability.flush()
    yield
    observability.flush()


def test_metric_rejects_unknown_names_and_wrong_units():
    with pytest.raises(ValueError, match="unknown metric"):
        metric("OrdersPlacedd")
    with pytest.raises(ValueError, match="measured in None"):
        metric("OrderValue", 250, unit="Count")
    assert all(unit in ("Count", "None", "Milliseconds") for unit in BUSINESS_METRICS.values())


def test_metric_flushes_emf_with_namespace_stage_and_a_roll_up(capsys):
    capsys.readouterr()
    metric("OrdersPlaced")
    metric("OrderValue", 1250.5, unit="None")
    metric("ImagesRejected", Reason="too_large")
    metric("ImagesRejected", Reason="too_large")
    assert emf_documents(capsys.readouterr().out) == []  # nothing until the invocation ends
    observability.flush()
    docs = emf_documents(capsys.readouterr().out)
    plain = find(docs, "OrdersPlaced")[0]
    spec = plain["_aws"]["CloudWatchMetrics"][0]
    assert spec["Namespace"] == NAMESPACE
    assert sorted(spec["Dimensions"][0]) == ROOT_DIMENSIONS
    assert plain["service"] == SERVICE and plain["stage"] == "local"
    assert {m["Name"]: m["Unit"] for m in spec["Metrics"]} == {"OrdersPlaced": "Count",
                                                               "OrderValue": "None"}
    assert plain["OrderValue"] == [1250.5]
    rejected = find(docs, "ImagesRejected")[0]
    dims = rejected["_aws"]["CloudWatchMetrics"][0]["Dimensions"]
    assert [sorted(d) for d in dims] == [["Reason", *ROOT_DIMENSIONS], ROOT_DIMENSIONS]
    assert rejected["Reason"] == "too_large" and rejected["ImagesRejected"] == [1.0, 1.0]
    observability.flush()
    assert emf_documents(capsys.readouterr().out) == []  # flushed once, never again


def test_every_invocation_gets_its_lambda_context_and_flushes(capsys):
    """Any event type: the 'all' middleware body around a handler that records a metric."""
    context = SimpleNamespace(function_name="deogharmart-local-reconcile_orders",
                              memory_limit_in_mb=512, aws_request_id="req-1",
                              invoked_function_arn="arn:aws:lambda:ap-south-1:1:function:x")
    seen = {}

    def handler(event):
        seen.update(observability.logger.get_current_keys())
        metric("StuckOrdersFound", 2)
        return {"ok": True}

    observability.logger.append_keys(order_id="o-left-over-from-last-time")
    result = observability.observe_invocation(SimpleNamespace(context=context), handler)
    assert result == {"ok": True}
    assert seen["function_name"] == context.function_name
    assert seen["function_request_id"] == "req-1"
    assert "order_id" not in seen  # state of the previous invocation cleared
    (doc,) = find(emf_documents(capsys.readouterr().out), "StuckOrdersFound")
    assert doc["StuckOrdersFound"] == [2.0]


def test_metrics_flush_even_when_the_handler_fails(capsys):
    def handler(event):
        metric("PaymentsFailed")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        observability.observe_invocation(SimpleNamespace(context=None), handler)
    assert find(emf_documents(capsys.readouterr().out), "PaymentsFailed")


def test_api_metrics_per_route_group_through_the_app(client, capsys):
    capsys.readouterr()
    assert client.http.get("/health").status_code == 200
    assert client.http.get("/orders/o-does-not-exist").status_code in (401, 403, 404)
    docs = find(emf_documents(capsys.readouterr().out), "ApiLatency")
    by_group = {d["RouteGroup"]: d for d in docs}
    assert set(by_group) == {"public", "orders"}
    assert by_group["public"]["Api4xx"] == [0.0] and by_group["public"]["Api5xx"] == [0.0]
    assert by_group["orders"]["Api4xx"] == [1.0]
    assert by_group["public"]["ApiLatency"][0] > 0
    units = {m["Name"]: m["Unit"] for m in by_group["public"]["_aws"]["CloudWatchMetrics"][0][
        "Metrics"]}
    assert units == {"ApiLatency": "Milliseconds", "Api4xx": "Count", "Api5xx": "Count"}


def test_a_forged_stripe_webhook_is_counted(client, capsys):
    capsys.readouterr()
    r = client.http.post("/webhooks/stripe", body=b'{"id": "evt_forged"}',
                         headers={"Content-Type": "application/json",
                                  "Stripe-Signature": "t=1,v1=forged"})
    assert r.status_code == 401
    (doc,) = find(emf_documents(capsys.readouterr().out), "WebhookSignatureFailures")
    assert doc["Webhook"] == "stripe"


def test_every_route_belongs_to_a_named_group():
    from app import app
    assert {path: observability.route_group(path) for path in app.routes
            if observability.route_group(path) == "other"} == {}
    assert observability.route_group("/something/new") == "other"


def test_tracing_is_off_here_and_the_xray_sdk_stays_unimported():
    assert not observability.tracing_enabled()
    probe = ("import sys, app; "
             "assert 'aws_xray_sdk' not in sys.modules, 'X-Ray SDK imported by app.py'")
    subprocess.run([sys.executable, "-c", probe], check=True, cwd=str(_root()))


def test_the_tracer_comes_from_observability_and_costs_nothing_locally():
    from chalicelib.observability import tracer
    assert tracer is observability.tracer and tracer.disabled

    @tracer.capture_method
    def pack(parcel_id: str) -> str:
        return parcel_id.upper()

    assert pack("o-1-p1") == "O-1-P1"
    assert "aws_xray_sdk.core" not in sys.modules  # no recorder, no UDP socket


def _root():
    from infra.local.env import ROOT
    return ROOT


def test_a_forged_courier_webhook_is_counted(client, capsys):
    """Needs metric("WebhookSignatureFailures", Webhook="courier") in courier.verify."""
    capsys.readouterr()
    r = client.http.post("/webhooks/courier", body=b'{"event_id": "e1"}',
                         headers={"Content-Type": "application/json",
                                  "X-Courier-Signature": "0" * 64})
    assert r.status_code == 401
    docs = find(emf_documents(capsys.readouterr().out), "WebhookSignatureFailures")
    assert [d["Webhook"] for d in docs] == ["courier"]
