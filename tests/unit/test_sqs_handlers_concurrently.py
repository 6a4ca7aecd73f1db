"""SQS handlers invoked at the same time in one process, as the local event runner does
(several queues, two pollers each, one Python process), must each process exactly their
own batch. A batch processor shared by the handlers mixed the batches up: under the load
benchmark a paid order's dispatch message was handed to the order-events handler, which
ignored it as an unknown event, and the order was never dispatched."""
from __future__ import annotations

import json
import threading
import uuid

from infra.local.runner import LambdaContext

ARN = "arn:aws:sqs:ap-south-1:000000000000:deogharmart-local-"


def sqs_event(queue: str, bodies: list[str]) -> tuple[dict, list[str]]:
    records = [{"messageId": str(uuid.uuid4()), "receiptHandle": "r", "body": body,
                "attributes": {"ApproximateReceiveCount": "1"}, "messageAttributes": {},
                "md5OfBody": "", "eventSource": "aws:sqs", "eventSourceARN": ARN + queue,
                "awsRegion": "ap-south-1"} for body in bodies]
    return {"Records": records}, [r["messageId"] for r in records]


def tokens_batch() -> tuple[dict, set[str]]:
    """Three tokens for orders that do not exist (handled: nothing to do) and two
    messages without a token (they fail)."""
    good = [json.dumps({"order_id": f"o-missing{n}", "task_token": "t"}) for n in range(3)]
    bad = [json.dumps({"order_id": f"o-missing{n}"}) for n in range(2)]
    event, ids = sqs_event("payment-tokens", good + bad)
    return event, set(ids[3:])


def events_batch() -> tuple[dict, set[str]]:
    """Four events of a kind the handler ignores and one that is not JSON (it fails)."""
    event, ids = sqs_event("order-events", [json.dumps({"type": "nothing", "order_id": "o-x"})] * 4
                           + ["not json"])
    return event, {ids[4]}


def test_concurrent_invocations_keep_their_own_batches(client):
    from app import app
    kinds = {"store_payment_tokens": tokens_batch, "order_events": events_batch}
    wrong: list[str] = []
    start = threading.Barrier(4)

    def invoke(name: str) -> None:
        start.wait()
        for _ in range(15):
            event, expected = kinds[name]()
            result = app.handler_map[name](event, LambdaContext(name))
            got = {f["itemIdentifier"] for f in result["batchItemFailures"]}
            if got != expected:
                wrong.append(f"{name}: failed {sorted(got)}, expected {sorted(expected)}")

    threads = [threading.Thread(target=invoke, args=(name,)) for name in kinds for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not wrong, wrong[:3]
