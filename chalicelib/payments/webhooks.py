"""The gateways' webhooks: verify the signature, then act on each event exactly once.

powertools idempotency (keyed on the event id — Stripe's, or Razorpay's X-Razorpay-Event-Id —
in the idempotency table) makes five deliveries of one event one action; the order steps
themselves are also conditional, so even an expired idempotency record repeats nothing.
"""
from __future__ import annotations

from functools import lru_cache

from chalicelib import config
from chalicelib.errors import Conflict, Unauthorized
from chalicelib.observability import logger, metric


@lru_cache(maxsize=1)
def _settings():
    from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig
    return IdempotencyConfig(event_key_jmespath="id", expires_after_seconds=7 * 24 * 3600,
                             raise_on_no_idempotency_key=True)


@lru_cache(maxsize=1)
def _once():
    from aws_lambda_powertools.utilities.idempotency import (DynamoDBPersistenceLayer,
                                                             idempotent_function)
    store = DynamoDBPersistenceLayer(table_name=config.settings().idempotency_table)
    settings = _settings()

    @idempotent_function(data_keyword_argument="event", config=settings, persistence_store=store)
    def process(event: dict) -> dict:
        from chalicelib.orders import lifecycle
        kind, payment = event["type"], event.get("payment")
        if kind == "payment.succeeded":
            lifecycle.payment_succeeded(payment)
        elif kind == "payment.failed":
            lifecycle.payment_failed(payment)
        elif kind == "payment.authorized":
            lifecycle.payment_authorized(payment)
        elif kind in ("refund.processed", "refund.failed"):
            lifecycle.refund_settled(event.get("refund") or {}, kind == "refund.processed")
        return {"received": True, "type": event["event"]}

    return process


def _handle(provider: str, parse, context) -> dict:
    """`context`: the invocation's Lambda context, so an event being processed is held
    "in progress" only until this invocation would time out (a retry may then take it)."""
    from aws_lambda_powertools.utilities.idempotency.exceptions import (
        IdempotencyAlreadyInProgressError)
    if context is not None:
        _settings().register_lambda_context(context)
    try:
        event = parse()
    except Unauthorized:
        metric("WebhookSignatureFailures", Webhook=provider)   # a misconfigured secret, or a forger
        raise
    if event["type"] is None:
        return {"received": True, "type": event["event"], "ignored": True}
    try:
        return _once()(event=event)
    except IdempotencyAlreadyInProgressError:
        # The same event is being handled right now; the gateway retries a 409 later.
        raise Conflict("this event is being processed", code="in_progress") from None
    finally:
        logger.info(f"{provider} event", extra={"event_id": event["id"], "type": event["event"]})


def handle(payload: bytes, signature: str | None, context=None) -> dict:
    """Stripe's webhook."""
    from chalicelib.payments import stripe_gateway
    return _handle("stripe", lambda: stripe_gateway.parse_webhook(payload, signature), context)


def handle_razorpay(payload: bytes, signature: str | None, event_id: str | None,
                    context=None) -> dict:
    from chalicelib.payments import razorpay_gateway
    if "razorpay" not in config.settings().payment_providers:
        raise Unauthorized("Razorpay is not used here", code="bad_signature")
    return _handle("razorpay",
                   lambda: razorpay_gateway.parse_webhook(payload, signature, event_id), context)
