"""Order handlers on moto in-process: reconciliation of a stuck order, a poison message."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import boto3
import pytest

from chalicelib import config
from chalicelib.orders import checkout, reconcile
from chalicelib.orders import repository as repo
from chalicelib.orders.schemas import OrderIn
from infra.local.runner import EventRunner
from infra.seed import seed as seeding


def a_product():
    data = seeding.load_data()
    approved = {v["id"] for v in data["vendors"] if v["status"] == "approved"}
    for p in data["products"]:
        if p["status"] == "approved" and p["vendor"] in approved and not p["perishable"]:
            v = next((v for v in p["variants"] if v["stock"] >= 3), None)
            if v:
                return p, v
    raise AssertionError


def stock(product_id, variant_id):
    from chalicelib.catalog import repository as catalog
    p = catalog.get_product(product_id)
    return next(int(v.stock) for v in p.variants if v.id == variant_id)


def test_reconciliation_cancels_an_order_whose_payment_never_came(client):
    p, v = a_product()
    before = stock(p["id"], v["id"])
    body = OrderIn.model_validate({
        "items": [{"product_id": p["id"], "variant_id": v["id"], "quantity": 2}],
        "contact": {"name": "Ravi", "phone": "9876543210", "email": "ravi@example.in"},
        "address": {"line1": "12 Station Road", "city": "Ranchi", "state": "Jharkhand",
                    "pincode": "834001", "country": "IN"},
        "payment_method": "card"})
    created = checkout.place_order(body)
    assert stock(p["id"], v["id"]) == before - 2
    later = datetime.now(timezone.utc) + timedelta(seconds=config.settings().payment_timeout_seconds
                                                   + 600)
    report = reconcile.run(now=later)
    assert {"order_id": created["order_id"], "action": "cancelled, stock released"} in \
        report["repaired"]
    assert repo.get_order(created["order_id"]).status == "cancelled"
    assert stock(p["id"], v["id"]) == before
    again = reconcile.run(now=later)  # nothing left to do, nothing done twice
    assert created["order_id"] not in json.dumps(again["repaired"])
    assert stock(p["id"], v["id"]) == before


def test_a_poison_dispatch_message_lands_in_the_dlq(client):
    from app import app
    from infra.resources import resources
    sqs = boto3.client("sqs")
    q = resources("local").queue("DispatchQueue")
    url = sqs.get_queue_url(QueueName=q.name)["QueueUrl"]
    dlq = sqs.get_queue_url(QueueName=q.dlq_name)["QueueUrl"]
    for queue in (url, dlq):   # other tests' orders may have left parcel messages
        sqs.purge_queue(QueueUrl=queue)
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "0"})
    try:
        sqs.send_message(QueueUrl=url, MessageBody="{not json")
        runner = EventRunner(app, sqs=sqs, wait_seconds=0)
        source = next(s for s in runner.sqs_sources() if s.name == "dispatch_parcels")
        for _ in range(q.max_receive_count + 2):
            runner.deliver_once(source, url)
        dead = sqs.receive_message(QueueUrl=dlq, MaxNumberOfMessages=10).get("Messages", [])
        assert [m["Body"] for m in dead] == ["{not json"]
        assert runner.stats["failed"] == q.max_receive_count
    finally:
        sqs.set_queue_attributes(QueueUrl=url, Attributes={
            "VisibilityTimeout": str(q.visibility_timeout)})


@pytest.mark.parametrize("body,code", [
    ({"items": []}, "invalid_body"),
    ({"items": [{"product_id": "p-x", "variant_id": "v", "quantity": 1}] * 2}, "invalid_body"),
])
def test_quote_rejects_empty_and_duplicate_carts(client, body, code):
    r = client.http.post("/quotes", headers={"Content-Type": "application/json"},
                         body=json.dumps({**body, "pincode": "814112"}))
    assert r.status_code == 400 and json.loads(r.body)["error"]["code"] == code
