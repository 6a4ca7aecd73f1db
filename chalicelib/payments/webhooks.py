"""Stripe's webhook: verify the signature, then act on each event exactly once.

powertools idempotency (keyed on the event id, in the idempotency table) makes
five deliveries of one event one action; the order steps themselves are also
conditional, so even an expired idempotency record repeats nothing.
"""
from __future__ import annotations

from functools import lru_cache

from chalicelib import config
from chalicelib.errors import Conflict, Unauthorized
from chalicelib.observability import logger, metric
from chalicelib.payments import gateway

HANDLED = ("payment_intent.succeeded", "payment_intent.payment_failed")


@lru_cache(maxsize=1)
def _once():
    from aws_lambda_powertools.utilities.idempotency import (DynamoDBPersistenceLayer,
                                                             IdempotencyConfig,
                                                             idempotent_function)
    store = DynamoDBPersistenceLayer(table_name=config.settings().idempotency_table)
    settings = IdempotencyConfig(event_key_jmespath="id", expires_after_seconds=7 * 24 * 3600,
                                 raise_on_no_idempotency_key=True)

    @idempotent_function(data_keyword_argument="event", config=settings, persistence_store=store)
    def process(event: dict) -> dict:
        from chalicelib.orders import lifecycle
        intent = event["data"]["object"]
        if event["type"] == "payment_intent.succeeded":
            lifecycle.payment_succeeded(intent)
        elif event["type"] == "payment_intent.payment_failed":
            lifecycle.payment_failed(intent)
        return {"received": True, "type": event["type"]}

    return process


def handle(payload: bytes, signature: str | None) -> dict:
    from aws_lambda_powertools.utilities.idempotency.exceptions import (
        IdempotencyAlreadyInProgressError)
    try:
        event = gateway.verify_webhook(payload, signature)
    except Unauthorized:
        metric("WebhookSignatureFailures", Webhook="stripe")  # a misconfigured secret, or a forger
        raise
    if event.get("type") not in HANDLED:
        return {"received": True, "type": event.get("type"), "ignored": True}
    try:
        return _once()(event=event)
    except IdempotencyAlreadyInProgressError:
        # The same event is being handled right now; Stripe retries a 409 later.
        raise Conflict("this event is being processed", code="in_progress") from None
    finally:
        logger.info("stripe event", extra={"event_id": event.get("id"), "type": event.get("type")})
