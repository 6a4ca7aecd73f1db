"""Tools of the fault tests: carts of several makers, a webhook trap standing in for our
endpoint at localstripe, shorter visibility timeouts, a runner started with a fault."""
from __future__ import annotations

import json
import os
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3
import requests

from infra.local import env as stack_env
from infra.resources import resources
from tests.integration import books
from tests.integration.shopping import ADDRESS, CONTACT, call, set_stock, status_of, \
    vendor_product
from tests.integration.waiting import wait_for


def makers(api, stack, stock: int = 60) -> list[dict]:
    """Each demo maker (logged in) with one product variant, its stock set to `stock`."""
    out = []
    for account in (a for a in stack["demo_accounts"] if a["role"] == "vendor"):
        token = call(api, "POST", "/auth/login", json={
            "email": account["email"], "password": account["password"]}).json()["id_token"]
        vendor = {"id": account["vendor_id"], "token": token}
        product, variant = vendor_product(api, vendor["id"])
        set_stock(api, vendor, product, variant["id"], stock)
        out.append({**vendor, "product": product, "variant": variant})
    assert len(out) >= 2, "the fault tests want orders of two makers"
    return out


def place(api, sellers: list[dict], method: str = "card", quantity: int = 1) -> dict:
    """An order of one item from each maker in `sellers`: one parcel each."""
    r = call(api, "POST", "/orders", json={
        "items": [{"product_id": m["product"]["id"], "variant_id": m["variant"]["id"],
                   "quantity": quantity} for m in sellers],
        "contact": CONTACT, "address": ADDRESS, "payment_method": method})
    assert r.status_code == 201, r.text
    return r.json()


def reached(api, created, status: str, booked: bool = False, timeout: float = 60) -> dict:
    """The order once it is `status` (and, with `booked`, every parcel has a tracking number)."""
    def ready():
        o = status_of(api, created)
        ok = o["status"] == status and (not booked or all(p["tracking_number"]
                                                          for p in o["parcels"]))
        return o if ok else None
    return wait_for(ready, timeout=timeout, what=f"order {created['order_id']} {status}")


def reconcile_now(stack) -> dict:
    """The reconciliation, run now, taking every waiting order as past its deadline."""
    return stack["_stack"].run_schedule("reconcile_orders", {"PAYMENT_TIMEOUT_SECONDS": "0",
                                                             "RECONCILE_GRACE_SECONDS": "0"})


def pack_all(api, sellers: list[dict], order: dict) -> None:
    tokens = {m["id"]: m["token"] for m in sellers}
    for parcel in order["parcels"]:
        r = call(api, "POST", f"/vendor/parcels/{parcel['id']}/packed", tokens[parcel["vendor_id"]])
        assert r.status_code == 200, r.text


def queue_url(name: str) -> str:
    return boto3.client("sqs").get_queue_url(QueueName=name)["QueueUrl"]


def _count(logical_id: str, attribute: str) -> int:
    q = resources("local").queue(logical_id)
    attrs = boto3.client("sqs").get_queue_attributes(QueueUrl=queue_url(q.name),
                                                     AttributeNames=[attribute])
    return int(attrs["Attributes"][attribute])


def in_flight(logical_id: str) -> int:
    """Messages of a queue received by a consumer and not yet deleted."""
    return _count(logical_id, "ApproximateNumberOfMessagesNotVisible")


def waiting(logical_id: str) -> int:
    """Messages of a queue no consumer has taken."""
    return _count(logical_id, "ApproximateNumberOfMessages")


def _inflight() -> dict:
    aws = os.environ["AWS_ENDPOINT_URL"]
    return requests.get(f"{aws}/_dm/inflight", timeout=10).json()


def moto_clock() -> float:
    return _inflight()["now"]


def polls_since(moment: float) -> list[dict]:
    """SQS receives begun before `moment` (moto's clock) that moto is still serving."""
    return [c for c in _inflight()["calls"]
            if c["call"] == "sqs:ReceiveMessage" and c["since"] <= moment]


@contextmanager
def visibility(seconds: dict[str, int]):
    """Queues' visibility timeouts shortened (logical id -> seconds) for a test: a message
    a dead runner held comes back in seconds, not the 60-120 s of the real queues."""
    sqs = boto3.client("sqs")
    queues = {resources("local").queue(q): s for q, s in seconds.items()}
    for q, s in queues.items():
        sqs.set_queue_attributes(QueueUrl=queue_url(q.name),
                                 Attributes={"VisibilityTimeout": str(s)})
    changed = moto_clock()
    # A receive takes the timeout when it starts: a runner's long poll begun before the
    # change could still take a message and hide it for a minute. Wait until they have ended.
    wait_for(lambda: not polls_since(changed), timeout=10, every=0.1,
             what="the long polls begun before the visibility change to end")
    try:
        yield
    finally:
        for q in queues:
            sqs.set_queue_attributes(QueueUrl=queue_url(q.name),
                                     Attributes={"VisibilityTimeout": str(q.visibility_timeout)})


@contextmanager
def payment_timeout(seconds: int):
    """The order state machine's wait for payment, for the executions started meanwhile.
    The session's window is production's half hour, which nothing races; tests of what
    happens when it passes shorten it here, for their own orders only."""
    sfn = boto3.client("stepfunctions")
    arn = os.environ["ORDER_STATE_MACHINE_ARN"]
    original = sfn.describe_state_machine(stateMachineArn=arn)["definition"]
    definition = json.loads(original)
    definition["States"]["WaitForPayment"]["TimeoutSeconds"] = seconds
    sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(definition))
    try:
        yield
    finally:
        sfn.update_state_machine(stateMachineArn=arn, definition=original)


@contextmanager
def faulty_runner(stack, fault: str, retry_seconds: int = 1):
    """The stack's event runner started again with a fault injected; back to normal after."""
    local = stack["_stack"]
    log = local.log_dir / "runner.log"
    start = log.stat().st_size if log.exists() else 0
    local.restart("runner", env={"DM_RUNNER_FAULT": fault,
                                 "DM_RUNNER_FAULT_RETRY_SECONDS": str(retry_seconds)},
                  crash=False)
    faults: dict[str, int] = {}
    try:
        yield faults
    finally:
        local.restart("runner", crash=False)
        text = log.read_bytes()[start:].decode(errors="replace")
        for line in text.splitlines():
            if "injected fault" in line:   # "... on <handler>: <n> message(s) fail ..."
                handler, n = line.split(" on ", 1)[1].split(": ", 1)
                faults[handler] = faults.get(handler, 0) + int(n.split()[0])


class WebhookTrap:
    """Takes our place at localstripe: Stripe's signed events land here instead of our
    /webhooks/stripe, to be delivered late (exactly as signed) by the test."""

    def __init__(self, stack):
        self.stack = stack
        self.caught: list[tuple[bytes, dict]] = []
        trap = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                trap.caught.append((body, {"Content-Type": self.headers["Content-Type"],
                                           "Stripe-Signature": self.headers["Stripe-Signature"]}))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)

    def _point_at(self, url: str) -> None:
        requests.post(f"{self.stack['stripe_api_base']}/_config/webhooks/deogharmart",
                      data={"url": url, "secret": stack_env.STRIPE_WEBHOOK_SECRET},
                      auth=(self.stack["stripe_secret_key"], ""), timeout=10).raise_for_status()

    def __enter__(self) -> "WebhookTrap":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self._point_at(f"http://127.0.0.1:{self.server.server_address[1]}/")
        return self

    def __exit__(self, *exc) -> None:
        self._point_at(f"{self.stack['api_url']}/webhooks/stripe")
        self.server.shutdown()
        self.server.server_close()

    def event(self, order_id: str, kind: str = "payment_intent.succeeded",
              timeout: float = 20) -> tuple[bytes, dict]:
        def find():
            for body, headers in self.caught:
                e = json.loads(body)
                if e["type"] == kind and e["data"]["object"]["metadata"].get("order_id") == \
                        order_id:
                    return body, headers
        return wait_for(find, timeout=timeout, what=f"{kind} of {order_id} at the trap")


def balanced(stack, stripe_client, baseline, **kw) -> None:
    """The books balance once the stack has caught up (books.settled, 90 s at most)."""
    problems = books.settled(stack, stripe_client, baseline, timeout=90, **kw)
    assert problems == [], "the books do not balance:\n" + "\n".join(problems)
