"""SQS consumers of the order flow. Each record is processed on its own through
powertools' batch processor; failed records return to the queue (and, after
maxReceiveCount, to its DLQ) while the rest of the batch completes."""
from __future__ import annotations

import json

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

from chalicelib import config

_processor = BatchProcessor(event_type=EventType.SQS)


def _run(event: dict, handle) -> dict:
    def record_handler(record):
        return handle(json.loads(record.body))

    return process_partial_response(event=event, record_handler=record_handler,
                                    processor=_processor, context=None)


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
