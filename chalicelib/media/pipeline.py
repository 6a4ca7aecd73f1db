"""The image queue's consumer: each SQS record is processed on its own through
powertools' batch processor, so one bad upload never holds back the others and
only failed records return to the queue (partial batch response)."""
from __future__ import annotations

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

from chalicelib.media import uploads


def _record(record) -> None:
    uploads.process_notification(record.body)


def handle_batch(event: dict) -> dict:
    # A processor per invocation, never shared: it holds the batch being processed
    # (see chalicelib/orders/handlers.py).
    return process_partial_response(event=event, record_handler=_record,
                                    processor=BatchProcessor(event_type=EventType.SQS),
                                    context=None)
