"""SQS consumers of the order flow. Each record is processed on its own through
powertools' batch processor; failed records return to the queue (and, after
maxReceiveCount, to its DLQ) while the rest of the batch completes."""
from __future__ import annotations

import json

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

from chalicelib import config
from chalicelib.observability import logger


def _run(event: dict, handle) -> dict:
    def record_handler(record):
        message = json.loads(record.body)
        # the order's id is the correlation id of every log line of its journey
        logger.set_correlation_id(message.get("order_id") if isinstance(message, dict) else None)
        try:
            return handle(message)
        finally:
            logger.set_correlation_id(None)
            logger.remove_keys(["order_id"])

    # A processor per invocation: it holds the batch being processed, and the local runner
    # invokes handlers concurrently in one process (a shared one mixed batches up).
    return process_partial_response(event=event, record_handler=record_handler,
                                    processor=BatchProcessor(event_type=EventType.SQS),
                                    context=None)


def payment_tokens(event: dict) -> dict:
    from chalicelib.orders import lifecycle
    return _run(event, lambda m: lifecycle.store_token(m["order_id"], m["task_token"]))


def order_events(event: dict) -> dict:
    from chalicelib.orders import lifecycle
    return _run(event, lifecycle.handle_event)


def dispatch(event: dict) -> dict:
    from chalicelib.orders import delivery
    webhook = f"{config.settings().api_url}/webhooks/courier"
    return _run(event, lambda m: delivery.dispatch(m, webhook))
