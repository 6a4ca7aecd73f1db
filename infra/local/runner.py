"""The local stand-in for Lambda's event sources.

For every `@app.on_sqs_message` handler it long-polls the queue, gathers up to
the handler's batch size (within its batching window), calls the handler with
a Lambda-shaped SQS event and deletes what succeeded: all records when the
handler returns normally, all but the reported `batchItemFailures` when it
reports partial failures, none when it raises. Undeleted messages come back
after the queue's visibility timeout and, past maxReceiveCount, SQS's redrive
policy moves them to the dead-letter queue, as on AWS.

`@app.schedule` handlers run on their rate()/cron() schedule, or on demand:
    python -m infra.local.runner --app app:app --run-schedule NAME

For fault tests (never in the cloud): `--fault before` fails the first delivery of
every message without handing it to the handler (a Lambda that crashed on start);
`--fault after` hands it over and then fails it (a crash after the side effects, before
the message is deleted), so its redelivery must change nothing. Either way each
message fails exactly once, whatever else shares its batch; `--fault-retry-seconds`
brings it back sooner than the queue's visibility timeout, to keep tests short.
Also from the environment: DM_RUNNER_FAULT, DM_RUNNER_FAULT_RETRY_SECONDS.
"""
from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import signal
import sys
import threading
import time
import uuid
from datetime import datetime, timezone

import boto3
from chalice.app import ScheduledEventConfig, SQSEventConfig

from infra.local.schedule import next_fire, scheduled_event

log = logging.getLogger("deogharmart.runner")
FAULTS = ("none", "before", "after")


class LambdaContext:
    def __init__(self, name: str, timeout_s: int = 60):
        self.function_name = name
        self.function_version = "$LATEST"
        self.invoked_function_arn = f"arn:aws:lambda:local:000000000000:function:{name}"
        self.memory_limit_in_mb = 512
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{name}"
        self.log_stream_name = "local"
        self._deadline = time.monotonic() + timeout_s

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def load_app(spec: str):
    module, _, attr = spec.partition(":")
    return getattr(importlib.import_module(module), attr or "app")


class EventRunner:
    def __init__(self, app, sqs=None, region: str = "ap-south-1", wait_seconds: int = 1,
                 concurrency: int = 1, fault: str = "none", fault_retry_seconds: int = 1):
        if fault not in FAULTS:
            raise ValueError(f"fault must be one of {', '.join(FAULTS)}, not {fault!r}")
        self.app = app
        self.fault = fault
        self.fault_retry_seconds = fault_retry_seconds
        self.sqs = sqs or boto3.client("sqs", region_name=region)
        self.region = region
        self.wait_seconds = wait_seconds
        # Pollers per queue: Lambda runs several consumers of one queue at once
        # (capped by maximum_concurrency when the decorator sets it).
        self.concurrency = max(1, concurrency)
        self.stopping = threading.Event()
        self.threads: list[threading.Thread] = []
        self.stats = {"invocations": 0, "deleted": 0, "failed": 0, "errors": 0, "injected": 0}
        self._stats_lock = threading.Lock()

    # -- discovery --------------------------------------------------------
    def sqs_sources(self) -> list[SQSEventConfig]:
        return [s for s in self.app.event_sources if isinstance(s, SQSEventConfig)]

    def schedules(self) -> list[ScheduledEventConfig]:
        return [s for s in self.app.event_sources if isinstance(s, ScheduledEventConfig)]

    def _queue_url(self, source: SQSEventConfig) -> str:
        name = source.queue or source.queue_arn.rsplit(":", 1)[-1]
        return self.sqs.get_queue_url(QueueName=name)["QueueUrl"]

    # -- SQS ----------------------------------------------------------------
    def _receive_batch(self, url: str, source: SQSEventConfig) -> list[dict]:
        window = source.maximum_batching_window_in_seconds or 0
        deadline = time.monotonic() + window
        messages: list[dict] = []
        while len(messages) < source.batch_size and not self.stopping.is_set():
            got = self.sqs.receive_message(
                QueueUrl=url, MaxNumberOfMessages=min(10, source.batch_size - len(messages)),
                WaitTimeSeconds=self.wait_seconds if not messages else 0,
                AttributeNames=["All"], MessageAttributeNames=["All"]).get("Messages", [])
            messages.extend(got)
            if not got or time.monotonic() >= deadline:
                break
        return messages

    def _event(self, messages: list[dict], arn: str) -> dict:
        return {"Records": [{
            "messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"],
            "attributes": m.get("Attributes", {}),
            "messageAttributes": {k: {"stringValue": v.get("StringValue"),
                                      "dataType": v.get("DataType")}
                                  for k, v in m.get("MessageAttributes", {}).items()},
            "md5OfBody": m.get("MD5OfBody"), "eventSource": "aws:sqs", "eventSourceARN": arn,
            "awsRegion": self.region} for m in messages]}

    def deliver_once(self, source: SQSEventConfig, url: str | None = None) -> int:
        """Receive one batch and hand it to the handler. Returns messages delivered."""
        url = url or self._queue_url(source)
        messages = self._receive_batch(url, source)
        if not messages:
            return 0
        arn = source.queue_arn or f"arn:aws:sqs:{self.region}:000000000000:{source.queue}"
        handler = self.app.handler_map[source.name]
        doomed = self._doomed(messages)
        given = [m for m in messages if self.fault != "before" or m["MessageId"] not in doomed]
        failed_ids: set[str] = set()
        if given:
            try:
                result = handler(self._event(given, arn), LambdaContext(source.name))
                if isinstance(result, dict) and "batchItemFailures" in result:
                    failed_ids = {f["itemIdentifier"] for f in result["batchItemFailures"]}
            except Exception:  # a crashed Lambda: the whole batch goes back to the queue
                log.exception("handler %s raised; %d message(s) will be retried", source.name,
                              len(given))
                failed_ids = {m["MessageId"] for m in given}
                self._count("errors", 1)
        failed_ids |= doomed
        if doomed:
            self._inject(url, source, [m for m in messages if m["MessageId"] in doomed])
        done = [m for m in messages if m["MessageId"] not in failed_ids]
        for start in range(0, len(done), 10):
            chunk = done[start:start + 10]
            self.sqs.delete_message_batch(QueueUrl=url, Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(chunk)])
        self._count("invocations", 1)
        self._count("deleted", len(done))
        self._count("failed", len(messages) - len(done))
        return len(messages)

    def _doomed(self, messages: list[dict]) -> set[str]:
        """The messages an injected fault fails: those on their first delivery."""
        if self.fault == "none":
            return set()
        return {m["MessageId"] for m in messages
                if m.get("Attributes", {}).get("ApproximateReceiveCount") == "1"}

    def _inject(self, url: str, source: SQSEventConfig, messages: list[dict]) -> None:
        log.warning("injected fault (%s the handler) on %s: %d message(s) fail their first "
                    "delivery", self.fault, source.name, len(messages))
        self._count("injected", len(messages))
        for start in range(0, len(messages), 10):
            self.sqs.change_message_visibility_batch(QueueUrl=url, Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"],
                 "VisibilityTimeout": self.fault_retry_seconds}
                for i, m in enumerate(messages[start:start + 10])])

    def _count(self, key: str, n: int) -> None:
        with self._stats_lock:
            self.stats[key] += n

    def _poll(self, source: SQSEventConfig) -> None:
        url = None
        while not self.stopping.is_set():
            try:
                url = url or self._queue_url(source)
                self.deliver_once(source, url)
            except Exception:
                log.exception("polling %s failed; retrying", source.name)
                self.stopping.wait(2)

    # -- schedules -------------------------------------------------------------
    def run_schedule(self, name: str) -> object:
        source = next((s for s in self.schedules() if s.name == name), None)
        if source is None:
            known = ", ".join(s.name for s in self.schedules()) or "none"
            raise KeyError(f"no schedule named {name!r} (known: {known})")
        event = scheduled_event(name, self.region)
        try:
            return self.app.handler_map[name](event, LambdaContext(name))
        except Exception as exc:
            self._schedule_failed(name, event, exc)
            raise

    def _schedule_failed(self, name: str, event: dict, exc: Exception) -> None:
        """Lambda's on-failure destination record, to the stage's schedule-failures queue
        (infra/cdk/failures.py), which an alarm watches."""
        queue = os.environ.get("SCHEDULE_FAILURES_QUEUE")
        if not queue:
            return
        record = {"version": "1.0", "timestamp": event["time"],
                  "requestContext": {"requestId": event["id"], "condition": "RetriesExhausted",
                                     "functionArn": f"local:function:{name}",
                                     "approximateInvokeCount": 1},
                  "requestPayload": event,
                  "responseContext": {"statusCode": 200, "functionError": "Unhandled"},
                  "responsePayload": {"errorType": type(exc).__name__,
                                      "errorMessage": str(exc)}}
        try:
            url = self.sqs.get_queue_url(QueueName=queue)["QueueUrl"]
            self.sqs.send_message(QueueUrl=url, MessageBody=json.dumps(record))
        except Exception:   # noqa: BLE001 - the failure is logged either way
            log.exception("schedule %s failed and its record could not be queued", name)

    def _scheduler(self) -> None:
        due = {s.name: next_fire(_expr(s), datetime.now(timezone.utc)) for s in self.schedules()}
        while not self.stopping.is_set():
            now = datetime.now(timezone.utc)
            for source in self.schedules():
                if now >= due[source.name]:
                    try:
                        self.run_schedule(source.name)
                    except Exception:
                        log.exception("schedule %s failed", source.name)
                    due[source.name] = next_fire(_expr(source), now)
            self.stopping.wait(1)

    # -- lifecycle -------------------------------------------------------------
    def start(self) -> None:
        for source in self.sqs_sources():
            workers = min(self.concurrency, source.maximum_concurrency or self.concurrency)
            for n in range(workers):
                t = threading.Thread(target=self._poll, args=(source,), daemon=True,
                                     name=f"sqs:{source.name}:{n}")
                t.start()
                self.threads.append(t)
        if self.schedules():
            t = threading.Thread(target=self._scheduler, daemon=True, name="schedules")
            t.start()
            self.threads.append(t)

    def stop(self) -> None:
        self.stopping.set()
        for t in self.threads:
            t.join(timeout=self.wait_seconds + 5)


def _expr(source: ScheduledEventConfig) -> str:
    e = source.schedule_expression
    return e if isinstance(e, str) else e.to_string()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", default="app:app", help="module:attribute of the Chalice app")
    parser.add_argument("--run-schedule", metavar="NAME", help="run one schedule now and exit")
    parser.add_argument("--list", action="store_true", help="list handlers and exit")
    parser.add_argument("--concurrency", type=int, default=2,
                        help="pollers per queue, like Lambda's concurrent consumers (default 2)")
    parser.add_argument("--fault", choices=FAULTS,
                        default=os.environ.get("DM_RUNNER_FAULT", "none"),
                        help="fail the first delivery of every message, before or after "
                             "calling its handler (fault tests only; default none)")
    parser.add_argument("--fault-retry-seconds", type=int,
                        default=int(os.environ.get("DM_RUNNER_FAULT_RETRY_SECONDS", "1")),
                        help="when a message failed by --fault comes back (default 1)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s runner %(message)s")
    runner = EventRunner(load_app(args.app), concurrency=args.concurrency, fault=args.fault,
                         fault_retry_seconds=args.fault_retry_seconds)
    if args.list:
        for s in runner.sqs_sources():
            print(json.dumps({"sqs": s.name, "queue": s.queue, "batch_size": s.batch_size}))
        for s in runner.schedules():
            print(json.dumps({"schedule": s.name, "expression": _expr(s)}))
        return 0
    if args.run_schedule:
        try:
            result = runner.run_schedule(args.run_schedule)
        except KeyError as e:
            print(e.args[0], file=sys.stderr)
            return 2
        print(json.dumps(result, default=str) if result is not None else "done")
        return 0
    signal.signal(signal.SIGTERM, lambda *_: runner.stopping.set())
    runner.start()
    log.info("delivering %d queue(s) and %d schedule(s)%s", len(runner.sqs_sources()),
             len(runner.schedules()),
             f"; fault injected {args.fault} the handler" if args.fault != "none" else "")
    try:
        while not runner.stopping.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    runner.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
