"""The scheduled reconciliation: find orders and parcels stuck past their deadline,
ask Stripe for the truth, repair what can be repaired, report the rest.

Every repair reuses the flow's own idempotent steps, so running it twice, or
while the flow itself catches up, does no harm.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from chalicelib import config
from chalicelib.db.order_models import ParcelItem
from chalicelib.db.times import stamp
from chalicelib.observability import logger, metric
from chalicelib.orders import lifecycle
from chalicelib.orders import repository as repo
from chalicelib.payments import gateway

GRACE = timedelta(minutes=5)
DISPATCH_DEADLINE = timedelta(minutes=30)
PICKUP_DEADLINE = timedelta(hours=48)


def _ago(delta: timedelta, now: datetime) -> str:
    return stamp(now - delta)


@lru_cache(maxsize=1)
def _sqs():
    import boto3
    return boto3.client("sqs", region_name=config.settings().region)


def run(now: datetime | None = None) -> dict:
    now = now or datetime.now(timezone.utc)
    report = {"checked": 0, "repaired": [], "stuck": []}
    timeout = timedelta(seconds=config.settings().payment_timeout_seconds)
    for order in repo.by_status("ORDER#pending_payment", _ago(timeout + GRACE, now)):
        report["checked"] += 1
        report["repaired"].append(_settle_payment(order))
    for status in ("paid", "confirmed"):
        for order in repo.by_status(f"ORDER#{status}", _ago(DISPATCH_DEADLINE, now)):
            report["checked"] += 1
            waiting = [p for p in repo.parcels_of(order.id)
                       if p.status == "awaiting_payment" or
                       (p.status == "awaiting_pickup" and not p.tracking_number)]
            for parcel in waiting:
                _redispatch(order, parcel)
                report["repaired"].append({"parcel_id": parcel.id, "action": "dispatched again"})
    stale = _ago(PICKUP_DEADLINE, now)
    for parcel in ParcelItem.by_status.query("PARCEL#awaiting_pickup",
                                             ParcelItem.status_sk < stale):
        report["checked"] += 1
        report["stuck"].append({"parcel_id": parcel.id, "vendor_id": parcel.vendor_id,
                                "problem": "not picked up for 48 hours",
                                "packed": bool(parcel.packed)})
    metric("StuckOrdersFound", len(report["stuck"]))   # 0 too: the alarm sees every run
    logger.info("reconciliation", extra={"checked": report["checked"],
                                         "repaired": len(report["repaired"]),
                                         "stuck": len(report["stuck"])})
    return report


def _settle_payment(order) -> dict:
    """Stripe knows whether the shopper paid; act on that, whatever we missed."""
    if order.payment_intent_id:
        intent = gateway.retrieve(order.payment_intent_id)
        if intent.status == "succeeded":
            lifecycle.payment_succeeded({"id": intent.id, "amount": intent.amount,
                                         "metadata": {"order_id": order.id}})
            return {"order_id": order.id, "action": "payment found at Stripe"}
    lifecycle.cancel_unpaid(order.id, "payment not received in time")
    return {"order_id": order.id, "action": "cancelled, stock released"}


def _redispatch(order, parcel) -> None:
    url = _sqs().get_queue_url(QueueName=config.resource_name("DISPATCH_QUEUE", "dispatch"))
    _sqs().send_message(QueueUrl=url["QueueUrl"], MessageBody=json.dumps(
        {"parcel_id": parcel.id, "order_id": order.id, "vendor_id": parcel.vendor_id}))
