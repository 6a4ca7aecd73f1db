"""The local event runner delivers SQS batches and schedules as Lambda would."""
from __future__ import annotations

import json
import time
from datetime import datetime, timezone

import boto3
import pytest
from moto import mock_aws

from infra.local.runner import EventRunner
from infra.local.schedule import next_fire
from tests import runner_app


@pytest.fixture
def sqs():
    with mock_aws():
        client = boto3.client("sqs", region_name="ap-south-1")
        runner_app.seen.clear()
        runner_app.attempts.clear()
        runner_app.ticks.clear()
        yield client
        for url in client.list_queues(QueueNamePrefix="runner-test").get("QueueUrls", []):
            client.delete_queue(QueueUrl=url)


def make_queue(sqs, name, visibility=1, max_receive=2):
    dlq = sqs.create_queue(QueueName=f"{name}-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    url = sqs.create_queue(QueueName=name, Attributes={
        "VisibilityTimeout": str(visibility),
        "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn,
                                     "maxReceiveCount": str(max_receive)})})["QueueUrl"]
    return url, dlq


def count(sqs, url):
    attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])["Attributes"]
    return int(attrs["ApproximateNumberOfMessages"]) + int(
        attrs["ApproximateNumberOfMessagesNotVisible"])


def source(runner, name):
    return next(s for s in runner.sqs_sources() if s.name == name)


def test_batches_respect_batch_size_and_partial_failures_go_to_the_dlq(sqs):
    url, dlq = make_queue(sqs, "runner-test-batch", visibility=1, max_receive=2)
    for body in ["a", "b", "fail", "c", "d"]:
        sqs.send_message(QueueUrl=url, MessageBody=body)
    runner = EventRunner(runner_app.app, sqs=sqs, wait_seconds=0)
    src = source(runner, "batch")
    delivered = 0
    deadline = time.monotonic() + 15
    while count(sqs, url) and time.monotonic() < deadline:
        delivered += runner.deliver_once(src, url)
        time.sleep(0.2)
    assert all(len(b) <= 3 for b in runner_app.seen), runner_app.seen
    ok = [b for batch in runner_app.seen for b in batch if b != "fail"]
    assert sorted(ok) == ["a", "b", "c", "d"]  # each good message handled exactly once
    assert sum(b.count("fail") for b in runner_app.seen) == 2  # maxReceiveCount deliveries
    assert count(sqs, url) == 0
    dead = sqs.receive_message(QueueUrl=dlq, MaxNumberOfMessages=10)["Messages"]
    assert [m["Body"] for m in dead] == ["fail"]


def test_a_crashing_handler_gets_the_batch_again_after_the_visibility_timeout(sqs):
    url, dlq = make_queue(sqs, "runner-test-crash", visibility=1, max_receive=3)
    for body in ["x", "y"]:
        sqs.send_message(QueueUrl=url, MessageBody=body)
    runner = EventRunner(runner_app.app, sqs=sqs, wait_seconds=0)
    src = source(runner, "crash")
    runner.deliver_once(src, url)
    assert runner.stats["errors"] == 1 and runner.stats["deleted"] == 0
    # invisible until the visibility timeout passes: nothing to deliver right away
    assert runner.deliver_once(src, url) == 0
    deadline = time.monotonic() + 5
    while count(sqs, url) and time.monotonic() < deadline:   # back after the 1 s timeout
        runner.deliver_once(src, url)
        time.sleep(0.1)
    assert runner_app.attempts == {"x": 2, "y": 2}
    assert count(sqs, url) == 0 and count(sqs, dlq) == 0


def test_the_polling_threads_start_and_stop(sqs):
    url, _ = make_queue(sqs, "runner-test-batch")
    make_queue(sqs, "runner-test-crash")
    runner = EventRunner(runner_app.app, sqs=sqs, wait_seconds=0)
    runner.start()
    try:
        sqs.send_message(QueueUrl=url, MessageBody="threaded")
        deadline = time.monotonic() + 5
        while not any("threaded" in b for b in runner_app.seen) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        runner.stop()
    assert any("threaded" in b for b in runner_app.seen)
    assert all(not t.is_alive() for t in runner.threads)


def test_schedules_run_on_demand_with_a_scheduled_event(sqs):
    runner = EventRunner(runner_app.app, sqs=sqs)
    assert runner.run_schedule("tick") == {"ticked": 1}
    assert runner_app.ticks[0].endswith("Z")
    with pytest.raises(KeyError):
        runner.run_schedule("nope")


def test_a_failed_schedule_leaves_its_record_in_the_failures_queue(sqs, monkeypatch):
    """As Lambda's on-failure destination does in the cloud (infra/cdk/failures.py)."""
    url = sqs.create_queue(QueueName="runner-test-schedule-failures")["QueueUrl"]
    monkeypatch.setenv("SCHEDULE_FAILURES_QUEUE", "runner-test-schedule-failures")
    runner = EventRunner(runner_app.app, sqs=sqs)
    with pytest.raises(RuntimeError):
        runner.run_schedule("broken_report")
    (msg,) = sqs.receive_message(QueueUrl=url).get("Messages")
    record = json.loads(msg["Body"])
    assert record["requestContext"]["condition"] == "RetriesExhausted"
    assert record["responsePayload"] == {"errorType": "RuntimeError",
                                         "errorMessage": "the report could not be made"}
    assert record["requestPayload"]["detail-type"] == "Scheduled Event"


@pytest.mark.parametrize("expr,after,expected", [
    ("rate(5 minutes)", "2026-11-27T10:00:30", "2026-11-27T10:05:30"),
    ("rate(1 day)", "2026-11-27T10:00:00", "2026-11-28T10:00:00"),
    ("cron(30 1 * * ? *)", "2026-11-27T10:00:00", "2026-11-28T01:30:00"),
    ("cron(0 3 ? * MON *)", "2026-11-27T10:00:00", "2026-11-30T03:00:00"),  # 27th is a Friday
    ("cron(0/15 * * * ? *)", "2026-11-27T10:07:00", "2026-11-27T10:15:00"),
    ("cron(0 0 1 JAN ? 2027)", "2026-11-27T10:00:00", "2027-01-01T00:00:00"),
])
def test_schedule_expressions(expr, after, expected):
    t = datetime.fromisoformat(after).replace(tzinfo=timezone.utc)
    assert next_fire(expr, t) == datetime.fromisoformat(expected).replace(tzinfo=timezone.utc)


@pytest.mark.parametrize("fault,handler_sees", [("before", 1), ("after", 2)])
def test_an_injected_fault_fails_each_message_once(sqs, fault, handler_sees):
    url, dlq = make_queue(sqs, "runner-test-batch", visibility=30, max_receive=2)
    for body in ["a", "b", "c", "d"]:
        sqs.send_message(QueueUrl=url, MessageBody=body)
    runner = EventRunner(runner_app.app, sqs=sqs, wait_seconds=0, fault=fault,
                         fault_retry_seconds=1)
    src = source(runner, "batch")
    deadline = time.monotonic() + 10
    while count(sqs, url) and time.monotonic() < deadline:
        runner.deliver_once(src, url)   # back after 1 s, not the queue's 30 s
        time.sleep(0.2)
    seen = sorted(b for batch in runner_app.seen for b in batch)
    assert seen == sorted(["a", "b", "c", "d"] * handler_sees)
    assert runner.stats["injected"] == 4 and runner.stats["deleted"] == 4
    assert count(sqs, url) == 0 and count(sqs, dlq) == 0   # one failure each: no DLQ


def test_an_unknown_fault_is_refused():
    with pytest.raises(ValueError):
        EventRunner(runner_app.app, sqs=object(), fault="sometimes")
