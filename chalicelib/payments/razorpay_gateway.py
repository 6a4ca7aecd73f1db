"""The only module that talks to Razorpay (behind chalicelib/payments/gateway.py), through
its official SDK.

Flow (Razorpay's "orders" integration): placing our order creates a Razorpay order of the
same amount in paise (receipt = our order id, notes = our order id). The storefront opens
Razorpay Checkout on it (UPI first); the buyer pays in their UPI app, by card or through
their bank. Checkout hands the browser `razorpay_payment_id`, `razorpay_order_id` and
`razorpay_signature` = HMAC-SHA256(order_id|payment_id, key secret), which the server
checks (`confirm`) and then asks Razorpay for the payment itself. Razorpay's webhooks
(X-Razorpay-Signature = HMAC-SHA256 of the body with the webhook secret; each event named
by X-Razorpay-Event-Id) tell the same verdicts, and the later ones. A payment Razorpay only
authorized (an account set to capture by hand) is captured here.

A real account is configuration only: RAZORPAY_KEY_ID, RAZORPAY_KEY_SECRET,
RAZORPAY_WEBHOOK_SECRET, and no RAZORPAY_API_BASE (locally it names the stand-in,
infra/local/razorpay_server.py).
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache

from chalicelib import config
from chalicelib.errors import InvalidInput, Unauthorized
from chalicelib.observability import logger
from chalicelib.payments.gateway import PaymentUnavailable

CHECKOUT_JS = "https://checkout.razorpay.com/v1/checkout.js"
TIMEOUT = (5, 20)   # connect, read: the SDK sets none
# Razorpay's payment statuses as the gateway's
STATUS = {"captured": "succeeded", "refunded": "succeeded", "failed": "failed"}


@lru_cache(maxsize=1)
def _client():
    import razorpay
    s = config.settings()
    options = {"base_url": s.razorpay_api_base} if s.razorpay_api_base else {}
    client = razorpay.Client(auth=(s.razorpay_key_id, s.razorpay_key_secret), **options)
    client.set_app_details({"title": "DeogharMart"})
    return client


def _call(what: str, fn, *args, **kwargs):
    """One SDK call; Razorpay's refusals and outages as our errors."""
    import razorpay.errors as rzp
    try:
        return fn(*args, timeout=TIMEOUT, **kwargs)
    except rzp.BadRequestError as exc:
        raise InvalidInput(f"Razorpay refused to {what}: {exc}", code="payment_refused") from None
    # requests' errors (the SDK's transport) are OSErrors; a body that is not JSON a ValueError
    except (rzp.ServerError, rzp.GatewayError, OSError, ValueError) as exc:
        raise PaymentUnavailable(f"UPI and card payments are unavailable right now "
                                 f"({what}: {type(exc).__name__})") from None


def checkout_url() -> str:
    base = config.settings().razorpay_api_base
    return f"{base}/v1/checkout.js" if base else CHECKOUT_JS


def begin(order) -> dict:
    """Razorpay's order for ours (one per order: created when ours is placed)."""
    from chalicelib.orders import repository as repo
    created = _call("create the order", _client().order.create, {
        "amount": int(order.total_paise), "currency": "INR", "receipt": order.id,
        "notes": {"order_id": order.id}})
    repo.set_fields(order, provider_order_id=created["id"])
    return browser_payment(order)


def browser_payment(order) -> dict:
    return {"method": order.payment_method, "provider": "razorpay",
            "key_id": config.settings().razorpay_key_id,
            "razorpay_order_id": order.provider_order_id,
            "amount_paise": int(order.total_paise), "currency": "INR",
            "checkout_url": checkout_url()}


def payment_of(entity: dict, order_id: str | None = None) -> dict:
    """A Razorpay payment entity as the gateway's `payment`."""
    notes = entity.get("notes") if isinstance(entity.get("notes"), dict) else {}
    return {"provider": "razorpay", "id": entity.get("id"), "amount": int(entity.get("amount", -1)),
            "status": STATUS.get(entity.get("status"), "pending"),
            "order_id": order_id or notes.get("order_id") or _receipt(entity.get("order_id")),
            "provider_order_id": entity.get("order_id"), "method": entity.get("method"),
            "reason": entity.get("error_description") or entity.get("error_reason")}


def _receipt(provider_order_id: str | None) -> str | None:
    """Our order id from Razorpay's order, when the payment carries no notes."""
    if not provider_order_id:
        return None
    return _call("fetch the order", _client().order.fetch, provider_order_id).get("receipt")


def _captured(entity: dict) -> dict:
    """A payment Razorpay only authorized is captured (accounts set to capture by hand);
    one captured meanwhile (by the webhook's handler, or automatically) is fetched again."""
    if entity.get("status") != "authorized":
        return entity
    import razorpay.errors as rzp
    try:
        return _client().payment.capture(entity["id"], int(entity["amount"]),
                                         {"currency": "INR"}, timeout=TIMEOUT)
    except rzp.BadRequestError:
        return _call("fetch the payment", _client().payment.fetch, entity["id"])


def confirm(order, fields: dict) -> dict:
    """What Checkout handed the browser, checked: the signature is Razorpay's for this
    order's Razorpay order, then the payment is asked of Razorpay (never taken from the
    browser)."""
    import razorpay.errors as rzp
    if fields["razorpay_order_id"] != order.provider_order_id:
        raise InvalidInput("this payment is for another order", code="wrong_order")
    try:
        _client().utility.verify_payment_signature(dict(fields))
    except rzp.SignatureVerificationError:
        logger.warning("forged Razorpay checkout signature", extra={"order_id": order.id})
        raise InvalidInput("the payment's signature does not verify",
                           code="bad_signature") from None
    entity = _call("fetch the payment", _client().payment.fetch, fields["razorpay_payment_id"])
    if entity.get("order_id") != order.provider_order_id:
        raise InvalidInput("this payment is for another order", code="wrong_order")
    return payment_of(_captured(entity), order.id)


def find_paid(order) -> dict | None:
    """The order's payment that went through, if Razorpay has one."""
    if not order.provider_order_id:
        return None
    found = _call("list the order's payments", _client().order.payments,
                  order.provider_order_id)
    for entity in found.get("items") or []:
        if entity.get("status") in ("authorized", "captured", "refunded"):
            payment = payment_of(_captured(entity), order.id)
            if payment["status"] == "succeeded":
                return payment
    return None


def abandon(order) -> dict | None:
    """A Razorpay order cannot be cancelled; it simply takes no more payments once ours is
    cancelled (a late one is refunded). What it already took is returned."""
    return find_paid(order)


def refund(payment_id: str, amount_paise: int, key: str) -> str:
    refunded = _call("refund", _client().payment.refund, payment_id,
                     {"amount": int(amount_paise), "receipt": key[:40], "notes": {"key": key}},
                     headers={"X-Refund-Idempotency": key})
    return refunded["id"]


EVENTS = {"payment.captured": "payment.succeeded", "payment.failed": "payment.failed",
          "payment.authorized": "payment.authorized", "refund.processed": "refund.processed",
          "refund.failed": "refund.failed"}


def parse_webhook(payload: bytes, signature: str | None, event_id: str | None) -> dict:
    """A verified event as the gateway's event: {id, type, payment, refund}."""
    import razorpay.errors as rzp
    if not signature:
        raise Unauthorized("missing X-Razorpay-Signature", code="bad_signature")
    try:
        body = payload.decode("utf-8")
        _client().utility.verify_webhook_signature(body, signature,
                                                   config.settings().razorpay_webhook_secret)
        event = json.loads(body)
    except (rzp.SignatureVerificationError, UnicodeDecodeError, ValueError):
        raise Unauthorized("webhook signature does not verify", code="bad_signature") from None
    kind = EVENTS.get(event.get("event")) if isinstance(event, dict) else None
    # Razorpay names each event in a header; a body seen before is the same event again.
    name = event_id or hashlib.sha256(payload).hexdigest()
    out = {"id": f"razorpay:{name}", "provider": "razorpay", "type": kind,
           "event": event.get("event") if isinstance(event, dict) else None,
           "payment": None, "refund": None}
    if kind is None:
        return out
    entities = event.get("payload") or {}
    entity = (entities.get("payment") or {}).get("entity")
    if isinstance(entity, dict):
        out["payment"] = payment_of(entity)
    refund = (entities.get("refund") or {}).get("entity")
    if isinstance(refund, dict):
        out["refund"] = {"id": refund.get("id"), "payment_id": refund.get("payment_id"),
                         "amount": int(refund.get("amount") or 0), "status": refund.get("status")}
    return out


def capture_if_authorized(payment: dict) -> dict:
    """payment.authorized: capture it (the captured event follows)."""
    entity = _call("fetch the payment", _client().payment.fetch, payment["id"])
    return payment_of(_captured(entity), payment.get("order_id"))
