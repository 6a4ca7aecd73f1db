"""The only module that talks to Stripe (behind chalicelib/payments/gateway.py).

Flow ("finalize payments on the server", documented by Stripe for real accounts
and supported by localstripe): Stripe.js turns the card into a PaymentMethod in
the browser; the server creates and confirms a PaymentIntent in INR with it
(amount in paise, metadata order_id, idempotency key from the order). If the
bank wants 3-D Secure, the intent comes back `requires_action` and Stripe.js
finishes it with the client secret. Stripe's signed webhook tells the outcome.
A real Stripe account is configuration only: STRIPE_SECRET_KEY,
STRIPE_PUBLISHABLE_KEY, STRIPE_WEBHOOK_SECRET, and no STRIPE_API_BASE.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from chalicelib import config
from chalicelib.errors import DomainError
from chalicelib.payments.gateway import CardDeclined, PaymentUnavailable


@dataclass(frozen=True)
class Intent:
    id: str
    status: str
    amount: int
    client_secret: str | None
    order_id: str | None


@lru_cache(maxsize=1)
def _client():
    import stripe
    s = config.settings()
    bases = {"api": s.stripe_api_base} if s.stripe_api_base else {}
    return stripe.StripeClient(s.stripe_secret_key, base_addresses=bases, max_network_retries=2)


def _intent(obj) -> Intent:
    obj = obj.to_dict() if hasattr(obj, "to_dict") else obj
    metadata = obj.get("metadata") or {}
    return Intent(id=obj["id"], status=obj["status"], amount=int(obj["amount"]),
                  client_secret=obj.get("client_secret"), order_id=metadata.get("order_id"))


def pay(order_id: str, amount_paise: int, payment_method: str,
        export: dict | None = None) -> Intent:
    """Create and confirm the order's PaymentIntent with the shopper's PaymentMethod
    (or, from Stripe.js's createToken, the token's card).

    `export` (an order shipped abroad: chalicelib/exports/payment.py) adds what Stripe asks
    of an Indian business's export charge: the buyer as a Customer with their name and
    billing address, the shipping address and a description of the goods."""
    import stripe
    params = {"amount": amount_paise, "currency": "inr", "payment_method": payment_method,
              "payment_method_types": ["card"], "confirm": True,
              "metadata": {"order_id": order_id}}
    try:
        if payment_method.startswith("tok_"):
            params["payment_method"] = \
                _client().v1.tokens.retrieve(payment_method).to_dict()["card"]["id"]
        if export:
            customer = _client().v1.customers.create(
                params={**export["customer"], "metadata": {"order_id": order_id}},
                options={"idempotency_key": f"order-{order_id}-customer"})
            params.update(customer=customer.id, description=export["description"],
                          shipping=export["shipping"],
                          metadata={"order_id": order_id, "export": "1"})
        obj = _client().v1.payment_intents.create(
            params=params, options={"idempotency_key": f"order-{order_id}-pay"})
    except stripe.CardError as exc:
        raise CardDeclined(f"the card was declined: {exc.user_message or exc.code}") from None
    except stripe.InvalidRequestError as exc:
        raise DomainError(f"the payment method was not accepted: {exc.user_message or ''}",
                          code="invalid_payment_method") from None
    except stripe.StripeError as exc:
        raise PaymentUnavailable(f"card payments are unavailable right now: {type(exc).__name__}") \
            from None
    return _intent(obj)


def retrieve(intent_id: str) -> Intent:
    return _intent(_client().v1.payment_intents.retrieve(intent_id))


def cancel(intent_id: str) -> None:
    import stripe
    try:
        _client().v1.payment_intents.cancel(intent_id)
    except stripe.InvalidRequestError:
        pass  # already succeeded or cancelled: the caller decides what that means


def refund(intent_id: str, amount_paise: int, reason_key: str) -> str:
    """Refund (part of) a payment; the key makes a retried refund a no-op at Stripe."""
    obj = _client().v1.refunds.create(
        params={"payment_intent": intent_id, "amount": amount_paise},
        options={"idempotency_key": f"refund-{reason_key}"})
    return obj.to_dict()["id"]


def payment_of(intent: dict) -> dict:
    """A PaymentIntent (an event's object, or retrieved) as the gateway's `payment`."""
    status = intent.get("status")
    error = intent.get("last_payment_error") or {}
    return {"provider": "stripe", "id": intent.get("id"), "amount": int(intent.get("amount", -1)),
            "status": {"succeeded": "succeeded", "canceled": "failed"}.get(
                status, "failed" if error else "pending"),
            "order_id": (intent.get("metadata") or {}).get("order_id"),
            "provider_order_id": None, "method": "card",
            "reason": error.get("message") or error.get("code")}


def begin(order) -> dict:
    """Stripe.js turns the card into a PaymentMethod; /orders/{id}/pay makes the intent."""
    return browser_payment(order)


def browser_payment(order) -> dict:
    return {"method": "card", "provider": "stripe",
            "publishable_key": config.settings().stripe_publishable_key}


def find_paid(order) -> dict | None:
    if not order.payment_intent_id:
        return None
    intent = retrieve(order.payment_intent_id)
    if intent.status != "succeeded":
        return None
    return payment_of({"id": intent.id, "amount": intent.amount, "status": "succeeded",
                       "metadata": {"order_id": order.id}})


def abandon(order) -> dict | None:
    if not order.payment_intent_id:
        return None
    cancel(order.payment_intent_id)
    return find_paid(order)


EVENTS = {"payment_intent.succeeded": "payment.succeeded",
          "payment_intent.payment_failed": "payment.failed"}


def parse_webhook(payload: bytes, signature: str | None) -> dict:
    """A verified event as the gateway's event: {id, type, payment} (type None: not ours)."""
    event = verify_webhook(payload, signature)
    kind = EVENTS.get(event.get("type"))
    return {"id": f"stripe:{event.get('id')}", "provider": "stripe", "type": kind,
            "event": event.get("type"),
            "payment": payment_of(event["data"]["object"]) if kind else None}


def verify_webhook(payload: bytes, signature: str | None) -> dict:
    """The event, if and only if Stripe signed it with our endpoint's secret."""
    import stripe
    from chalicelib.errors import Unauthorized
    if not signature:
        raise Unauthorized("missing Stripe-Signature", code="bad_signature")
    try:
        event = stripe.Webhook.construct_event(payload, signature,
                                               config.settings().stripe_webhook_secret)
    except (stripe.SignatureVerificationError, ValueError):
        raise Unauthorized("webhook signature does not verify", code="bad_signature") from None
    return event.to_dict() if hasattr(event, "to_dict") else dict(event)
