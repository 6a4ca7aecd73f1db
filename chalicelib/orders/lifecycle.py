"""An order's payment life: start, the task token, the gateway's verdict, cancellation,
refunds. The gateway (Stripe or Razorpay) is behind chalicelib/payments/gateway.py; a
verdict arrives here as its `payment` dict.

Every step may run more than once, in any order (SQS and webhooks are
at-least-once, and a gateway's webhook can beat the task token or the browser): each is a
conditional status transition, so repeating it changes nothing.
"""
from __future__ import annotations

import json
from functools import lru_cache

from chalicelib import config
from chalicelib.db.order_models import OrderItem
from chalicelib.errors import Conflict
from chalicelib.observability import logger, metric
from chalicelib.orders import notify
from chalicelib.orders import repository as repo
from chalicelib.payments import gateway
from chalicelib.stats import counters
from chalicelib.stats.counters import Deltas, day_of

CANCELLABLE = ("pending_payment", "paid", "confirmed")
SHIPPED = ("picked_up", "in_transit", "out_for_delivery", "delivered", "failed", "returned")


@lru_cache(maxsize=1)
def _sfn():
    import boto3
    return boto3.client("stepfunctions", region_name=config.settings().region)


def start(order: OrderItem, parcels) -> dict:
    """Begin the payment (Razorpay's order is made now) and start the order's state
    machine execution."""
    try:
        payment = gateway.begin(order)
        execution = _sfn().start_execution(
            stateMachineArn=config.settings().order_state_machine_arn, name=order.id,
            input=json.dumps({"order_id": order.id, "order_pk": order.pk,
                              "payment_method": order.payment_method,
                              "parcels": [{"parcel_id": p.id, "order_id": order.id,
                                           "vendor_id": p.vendor_id} for p in parcels]}))
        repo.set_fields(order, execution_arn=execution["executionArn"])
    except Exception:
        logger.exception("order could not start; releasing its stock",
                         extra={"order_id": order.id})
        cancel_unpaid(order.id, "payment could not start")
        raise
    return payment


def _payable(order: OrderItem, provider: str) -> None:
    if gateway.provider_of(order) != provider or order.status != "pending_payment":
        raise Conflict(f"this order is {order.status}; nothing to pay here", code="not_payable")


def pay(order: OrderItem, payment_method: str) -> dict:
    """The shopper's card (a Stripe PaymentMethod id from Stripe.js) for a waiting order."""
    from chalicelib.payments import stripe_gateway
    _payable(order, "stripe")
    if order.payment_status in ("succeeded", "failed"):
        raise Conflict("this order's payment is already decided", code="not_payable")
    # A decline raises CardDeclined; Stripe's payment_failed webhook cancels the order and
    # releases its stock.
    from chalicelib.exports import payment as export_payment
    intent = stripe_gateway.pay(order.id, int(order.total_paise), payment_method,
                                export_payment.stripe_fields(order))
    repo.set_fields(order, payment_intent_id=intent.id, client_secret=intent.client_secret)
    return {"status": intent.status, "payment_intent_id": intent.id,
            "client_secret": intent.client_secret if intent.status == "requires_action" else None}


def confirm_razorpay(order: OrderItem, fields: dict) -> dict:
    """What Razorpay Checkout handed the browser: verified, then acted on as the webhook
    would (whichever comes first; the other changes nothing)."""
    from chalicelib.payments import razorpay_gateway
    if gateway.provider_of(order) != "razorpay":
        raise Conflict("this order is not paid through Razorpay", code="not_payable")
    payment = razorpay_gateway.confirm(order, fields)
    if payment["status"] == "succeeded":
        payment_succeeded(payment)
    elif payment["status"] == "failed":
        payment_failed(payment)
    order.refresh()
    return {"status": payment["status"], "order_status": order.status}


def _send(token: str, success: bool, detail: dict) -> None:
    sfn = _sfn()
    try:
        if success:
            sfn.send_task_success(taskToken=token, output=json.dumps(detail))
        else:
            sfn.send_task_failure(taskToken=token, error="PaymentFailed",
                                  cause=json.dumps(detail)[:250])
    except (sfn.exceptions.InvalidToken, sfn.exceptions.TaskTimedOut,
            sfn.exceptions.TaskDoesNotExist):
        logger.info("task token no longer valid", extra={"detail": detail})


def store_token(order_id: str, token: str) -> None:
    """The state machine waits for payment: keep its token, or answer at once if
    Stripe's verdict (or a cancellation) came first."""
    order = repo.get_order(order_id)
    if order is None:
        return
    repo.set_fields(order, task_token=token)
    order.refresh()
    if order.status != "pending_payment":
        _send(token, False, {"order_id": order_id, "reason": order.status})
    elif order.payment_status == "succeeded":
        _send(token, True, {"order_id": order_id})
    elif order.payment_status == "failed":
        _send(token, False, {"order_id": order_id, "reason": "card declined"})


def _record_success(order: OrderItem, payment: dict) -> bool:
    """The payment went through at the gateway: note it, and count it (by gateway and
    method too), once — whichever of the webhook, the browser's return, the timeout's
    cancellation or the reconciliation learns it first. A payment already refunded stays
    refunded (a late webhook must not make it look kept)."""
    method = gateway.method_of(payment)
    deltas = Deltas(day_of()).all(payments_succeeded=1).pay(
        payment["provider"], method, payments_succeeded=1, paid_paise=int(payment["amount"]))
    if not repo.set_fields(order, condition=OrderItem.payment_status.does_not_exist() |
                           (OrderItem.payment_status == "failed"),
                           deltas=deltas, payment_status="succeeded", paid_by=method):
        return False
    metric("PaymentsSucceeded")
    return True


def payment_succeeded(payment: dict) -> None:
    order = _order_of(payment)
    if order is None:
        return
    _record_success(order, payment)
    order.refresh()
    # Acted on even when the payment was known: a repeat finishes what a crash cut short.
    if order.status == "cancelled":
        refund_all(order, "paid after cancellation")   # once refunded, a no-op
    elif order.status == "pending_payment" and order.task_token:
        _send(order.task_token, True, {"order_id": order.id})


def payment_failed(payment: dict) -> None:
    """Stripe's decline ends the order (the shopper starts again, the cart kept). A failed
    Razorpay attempt does not: Checkout lets the buyer try again, another way, on the same
    Razorpay order until the payment window closes; the attempt is noted for the page."""
    order = _order_of(payment)
    if order is None or order.status != "pending_payment":
        return
    if payment["provider"] == "razorpay":
        attempt = json.dumps({"status": "failed", "payment_id": payment["id"],
                              "reason": (payment.get("reason") or "payment failed")[:200]})
        if repo.set_fields(order, condition=OrderItem.payment_status.does_not_exist(),
                           payment_attempt=attempt,
                           deltas=Deltas(day_of()).pay("razorpay", gateway.method_of(payment),
                                                       payments_failed=1)):
            metric("PaymentsFailed")          # the failure-rate alarm watches every gateway
            metric("PaymentAttemptsFailed")
        return
    if repo.set_fields(order, condition=OrderItem.payment_status.does_not_exist(),
                       deltas=Deltas(day_of()).all(payments_failed=1), payment_status="failed"):
        metric("PaymentsFailed")
    order.refresh()
    if order.task_token and order.payment_status == "failed":
        _send(order.task_token, False, {"order_id": order.id, "reason": "card declined"})


def payment_authorized(payment: dict) -> None:
    """Razorpay authorized a payment that waits to be captured (an account that captures
    by hand): capture it, if it is one of our waiting orders'."""
    from chalicelib.payments import razorpay_gateway
    if _order_of(payment, record=False) is not None:
        captured = razorpay_gateway.capture_if_authorized(payment)
        if captured["status"] == "succeeded":
            payment_succeeded(captured)


def refund_settled(refund: dict, processed: bool) -> None:
    """Razorpay's word on a refund we asked for: money back with the buyer, or failed
    (the office must pay it back by hand: the alarm on RefundsFailed says so)."""
    if processed:
        metric("RefundsProcessed")
    else:
        metric("RefundsFailed")
        logger.error("refund failed at the gateway", extra={"refund": refund})


def _order_of(payment: dict, record: bool = True) -> OrderItem | None:
    """Our order a gateway's payment is for, when it is the payment of that order (its
    amount, and for Razorpay its Razorpay order): nothing else is acted on."""
    order_id = payment.get("order_id")
    order = repo.get_order(order_id) if isinstance(order_id, str) and order_id.startswith("o-") \
        and len(order_id) < 40 else None
    if order is not None:
        logger.append_keys(order_id=order.id)
    if order is None or int(payment.get("amount", -1)) != int(order.total_paise) or \
            payment.get("provider") != gateway.provider_of(order) or \
            payment.get("provider_order_id") != order.provider_order_id:
        logger.warning("payment event for an unknown order", extra={"payment": payment.get("id")})
        return None
    if record and order.payment_intent_id != payment.get("id"):
        # The webhook can beat the /pay response that records the intent.
        repo.set_fields(order, payment_intent_id=payment.get("id"))
    return order


def cancel_unpaid(order_id: str, reason: str) -> bool:
    """Payment never came (timeout, decline, could not start): cancel and release stock."""
    order = repo.get_order(order_id)
    if order is None:
        return False
    if not repo.cancel_and_release(
            order, ("pending_payment",), reason, deltas=Deltas(day_of()).all(unpaid_cancelled=1)):
        if order.status == "cancelled":
            # Already cancelled: perhaps by this very message before a crash, so what
            # followed may not have happened. Both steps are idempotent.
            _cancel_parcels(order.id)
            _keep_no_money(order)
        return False
    _cancel_parcels(order.id)
    _keep_no_money(order)
    if order.task_token:
        _send(order.task_token, False, {"order_id": order_id, "reason": reason})
    notify.shopper(order, "cancelled", reason=reason)
    logger.info("order cancelled", extra={"order_id": order_id, "reason": reason})
    return True


def _keep_no_money(order: OrderItem) -> None:
    """An unpaid order was cancelled: stop its payment, and give back one that went
    through at the gateway all the same."""
    paid = gateway.abandon(order)
    if paid is not None:
        if order.payment_intent_id != paid["id"]:
            repo.set_fields(order, payment_intent_id=paid["id"])
        _record_success(order, paid)   # its webhook is late, or lost: count it here
        refund_all(order, "paid after cancellation")


def cancel_by_shopper(order: OrderItem, reason: str | None) -> None:
    parcels = repo.parcels_of(order.id)
    if order.status not in CANCELLABLE or any(p.status in SHIPPED for p in parcels):
        raise Conflict("this order can no longer be cancelled; it has been shipped",
                       code="not_cancellable")
    if order.status == "pending_payment":
        cancel_unpaid(order.id, reason or "cancelled by the shopper")
        return
    if not repo.cancel_and_release(order, ("paid", "confirmed"),
                                   reason or "cancelled by the shopper"):
        raise Conflict("the order changed meanwhile; reload it", code="order_changed")
    _cancel_parcels(order.id)
    notify.shopper(order, "cancelled", reason=reason or "cancelled by you")
    if order.payment_method != "cod":
        refund_all(order, "cancelled before dispatch")


def _cancel_parcels(order_id: str) -> None:
    """A parcel already counted as a sale (accepted for dispatch) is counted as cancelled."""
    order = None
    for parcel in repo.parcels_of(order_id):
        if parcel.status == "awaiting_pickup":
            order = order or repo.get_order(order_id)
            first = parcel.sk == "PARCEL#01"
            undo = counters.parcel_sale(parcel, json.loads(parcel.lines), order.payment_method,
                                        first, sign=-1)
            if repo.transition(parcel, ("awaiting_pickup",), "cancelled", deltas=undo):
                if first:
                    metric("OrdersCancelled")
                continue
        repo.transition(parcel, ("awaiting_payment",), "cancelled")


def refund_all(order: OrderItem, why: str) -> None:
    already = int(order.refunded_paise or 0)
    amount = int(order.total_paise) - already
    if amount <= 0 or not order.payment_intent_id:
        return
    gateway.refund(order, amount, f"{order.id}-all")
    if repo.set_fields(order, condition=OrderItem.refunded_paise == already,
                       deltas=refund_counts(order, amount),
                       refunded_paise=int(order.total_paise), payment_status="refunded"):
        metric("RefundsIssued")
        from chalicelib.orders.invoice import rupees
        notify.shopper(order, "refunded", amount=rupees(amount))
    logger.info("order refunded", extra={"order_id": order.id, "amount_paise": amount,
                                         "why": why})


def refund_parcel(order: OrderItem, parcel) -> None:
    """Refund one parcel (its goods and shipping) once, e.g. when the courier returns it.
    Run again (a redelivered event, a crash halfway), it refunds and counts nothing more:
    Stripe answers a repeated refund by its key, and the parcel records its refund."""
    if not order.payment_intent_id:
        return
    parcel.refresh()   # another delivery of the same event may have refunded it just now
    if parcel.refunded_paise is not None:
        return
    # The amount depends on the parcel alone: a concurrent delivery of the same event must
    # ask Stripe for the very same refund under the same key (the parcels' goods and
    # shipping add up to the order's total, so they never refund more than was paid).
    # (less what buyers' complaints about its items were refunded already)
    amount = int(parcel.value_paise) + int(parcel.shipping_paise) \
        - int(parcel.complaint_refunded_paise or 0)
    if amount <= 0:
        return
    if int(order.refunded_paise or 0) + amount > int(order.total_paise):
        logger.warning("parcel not refunded: nothing left to refund on the order",
                       extra={"order_id": order.id, "parcel_id": parcel.id})
        return
    gateway.refund(order, amount, f"{parcel.id}-return")
    for _ in range(5):   # another parcel's refund may move the order's total meanwhile
        if repo.record_parcel_refund(order, parcel, amount, refund_counts(order, amount)):
            break
        order.refresh()
        parcel.refresh()
        if parcel.refunded_paise is not None:
            return   # counted by another delivery of the same event
    else:
        raise Conflict("the order kept changing; the refund will be counted on retry",
                       code="order_changed")
    metric("RefundsIssued")
    from chalicelib.orders.invoice import rupees
    notify.shopper(order, "refunded", lines=json.loads(parcel.lines), amount=rupees(amount))
    logger.info("parcel refunded", extra={"order_id": order.id, "parcel_id": parcel.id,
                                          "amount_paise": amount})


def refund_counts(order: OrderItem, amount: int) -> Deltas:
    return Deltas(day_of()).all(refunds=1, refunded_paise=amount).pay(
        *gateway.paid_with(order), refunds=1, refunded_paise=amount)


def handle_event(message: dict) -> None:
    """Messages the state machine leaves on the order-events queue."""
    kind = message.get("type")
    if kind == "payment_not_received":
        cancel_unpaid(message["order_id"], "payment not received in time")
    elif kind == "paid_after_cancel":
        order = repo.get_order(message["order_id"])
        if order is not None:
            refund_all(order, "paid after cancellation")
    else:
        logger.warning("unknown order event", extra={"type": kind})
