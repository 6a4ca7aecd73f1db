"""The scheduled reconciliation: find orders and parcels stuck past their deadline,
ask the payment gateway for the truth, repair what can be repaired, report the rest.

Every repair reuses the flow's own idempotent steps, so running it twice, or
while the flow itself catches up, does no harm.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from chalicelib import config
from chalicelib.db.times import stamp
from chalicelib.observability import logger, metric
from chalicelib.orders import courier, lifecycle
from chalicelib.orders import repository as repo
from chalicelib.payments import gateway

def _ago(delta: timedelta, now: datetime) -> str:
    return stamp(now - delta)


@lru_cache(maxsize=1)
def _sqs():
    import boto3
    return boto3.client("sqs", region_name=config.settings().region)


def run(now: datetime | None = None) -> dict:
    """Look at everything past a deadline (every page, not the first hundred: at the
    Mela's scale a stuck order must not hide behind older ones) and repair or report it."""
    now = now or datetime.now(timezone.utc)
    report = {"checked": 0, "repaired": [], "stuck": []}
    s = config.settings()
    unpaid = timedelta(seconds=s.payment_timeout_seconds + s.reconcile_grace_seconds)
    for order in repo.orders_by_status("pending_payment", _ago(unpaid, now)):
        report["checked"] += 1
        report["repaired"].append(_settle_payment(order))
    dispatch_by = _ago(timedelta(seconds=s.dispatch_deadline_seconds), now)
    pickup_by = _ago(timedelta(hours=s.pickup_deadline_hours), now)
    # Paid or confirmed, yet a parcel was never accepted (its dispatch message was lost)...
    for parcel in repo.parcels_by_status("awaiting_payment", dispatch_by):
        order = repo.get_order(parcel.order_id)
        report["checked"] += 1
        if order is not None and order.status in ("paid", "confirmed"):
            _redispatch(parcel)
            report["repaired"].append({"parcel_id": parcel.id, "action": "dispatched again"})
    # ...or accepted and never booked with the courier; booked, yet not picked up in time;
    # waiting to be handed over by hand (COURIER_MODE=manual), yet not in time.
    for parcel in repo.parcels_by_status("awaiting_pickup", dispatch_by):
        report["checked"] += 1
        if parcel.courier == courier.MANUAL and not parcel.tracking_number:
            if parcel.status_sk < pickup_by:
                report["stuck"].append({"parcel_id": parcel.id, "vendor_id": parcel.vendor_id,
                                        "problem": "no tracking number for "
                                                   f"{s.pickup_deadline_hours} hours",
                                        "packed": bool(parcel.packed)})
        elif not parcel.tracking_number:
            _redispatch(parcel)
            report["repaired"].append({"parcel_id": parcel.id, "action": "dispatched again"})
        elif parcel.status_sk < pickup_by:
            report["stuck"].append({"parcel_id": parcel.id, "vendor_id": parcel.vendor_id,
                                    "problem": f"not picked up for {s.pickup_deadline_hours} "
                                               "hours", "packed": bool(parcel.packed)})
    # a complaint's refund decided, and the gateway's refund not yet counted (a crash)
    from chalicelib.quality import complaints
    for complaint in complaints.waiting("refunding", dispatch_by):
        report["checked"] += 1
        complaints.finish(complaint)
        report["repaired"].append({"complaint_id": complaint.id, "action": "refund finished"})
    metric("StuckOrdersFound", len(report["stuck"]))   # 0 too: the alarm sees every run
    logger.info("reconciliation", extra={"checked": report["checked"],
                                         "repaired": len(report["repaired"]),
                                         "stuck": len(report["stuck"])})
    return report


def _settle_payment(order) -> dict:
    """The gateway knows whether the shopper paid; act on that, whatever we missed."""
    paid = gateway.find_paid(order)
    if paid is not None:
        lifecycle.payment_succeeded(paid)
        return {"order_id": order.id, "action": f"payment found at {paid['provider'].title()}"}
    lifecycle.cancel_unpaid(order.id, "payment not received in time")
    return {"order_id": order.id, "action": "cancelled, stock released"}


def _redispatch(parcel) -> None:
    """The state machine's dispatch message again: the handler books the parcel once."""
    url = _sqs().get_queue_url(QueueName=config.resource_name("DISPATCH_QUEUE", "dispatch"))
    _sqs().send_message(QueueUrl=url["QueueUrl"], MessageBody=json.dumps(
        {"parcel_id": parcel.id, "order_id": parcel.order_id, "vendor_id": parcel.vendor_id}))
