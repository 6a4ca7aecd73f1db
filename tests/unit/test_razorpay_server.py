"""The local Razorpay stand-in (infra/local/razorpay_server.py), run as the stack runs it and
driven by the official `razorpay` SDK as the backend drives it; its webhooks received by a
small HTTP server here and checked with the SDK's own signature helpers."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import razorpay
import requests
from razorpay.errors import BadRequestError, SignatureVerificationError

from infra.local.env import (RAZORPAY_KEY_ID, RAZORPAY_KEY_SECRET, RAZORPAY_WEBHOOK_SECRET,
                             ROOT)
from infra.local.stack import free_port

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])


class Receiver(ThreadingHTTPServer):
    """Records each webhook delivery; answers `fail` 500s first, then 200s."""
    daemon_threads = True

    def __init__(self):
        self.received: list[tuple[dict, bytes]] = []
        self.fail = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status = 200
                if outer.fail:
                    outer.fail -= 1
                    status = 500
                outer.received.append(({**self.headers, "status": status}, body))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/webhooks/razorpay"

    def events(self, payment_id: str, count: int, timeout: float = 10) -> list[tuple[dict, bytes]]:
        """The first `count` deliveries that carry this payment, waiting for them."""
        deadline = time.monotonic() + timeout
        while True:
            mine = [(h, b) for h, b in self.received
                    if json.loads(b)["payload"]["payment"]["entity"]["id"] == payment_id]
            if len(mine) >= count or time.monotonic() > deadline:
                return mine
            time.sleep(0.05)


@pytest.fixture(scope="module")
def receiver():
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def base(receiver):
    port = free_port()
    env = {**os.environ, "RAZORPAY_KEY_ID": RAZORPAY_KEY_ID, "RAZORPAY_KEY_SECRET": RAZORPAY_KEY_SECRET}
    proc = subprocess.Popen([sys.executable, "-m", "infra.local.razorpay_server", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            requests.get(f"{url}/_dm/webhooks", timeout=1)
            break
        except requests.ConnectionError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"the stand-in did not start: {proc.stdout.read().decode()}")
            time.sleep(0.1)
    requests.post(f"{url}/_config/webhooks", timeout=5,
                  json={"url": receiver.url, "secret": RAZORPAY_WEBHOOK_SECRET}).raise_for_status()
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def client(base):
    return razorpay.Client(auth=(RAZORPAY_KEY_ID, RAZORPAY_KEY_SECRET), base_url=base)


def new_order(client, amount=12345, **extra) -> dict:
    return client.order.create({"amount": amount, "currency": "INR", "receipt": "DM-TEST-1",
                                "notes": {"order_id": "o-1"}, **extra})


def dm_pay(base, order_id, **body) -> dict:
    r = requests.post(f"{base}/_dm/payments", json={"order_id": order_id, **body}, timeout=5)
    assert r.status_code == 200, r.text
    return r.json()


def names(deliveries) -> list[str]:
    return [json.loads(body)["event"] for _, body in deliveries]


def test_a_upi_payment_that_succeeds(client, base, receiver):
    order = new_order(client)
    assert order["id"].startswith("order_") and len(order["id"]) == 20
    assert (order["status"], order["amount_due"], order["attempts"]) == ("created", 12345, 0)
    answer = dm_pay(base, order["id"], notes={"order_id": "o-1"}, email="a@example.in")
    assert set(answer) == {"razorpay_payment_id", "razorpay_order_id", "razorpay_signature"}
    assert client.utility.verify_payment_signature(answer)
    with pytest.raises(SignatureVerificationError):
        client.utility.verify_payment_signature({**answer, "razorpay_order_id": "order_other"})
    payment = client.payment.fetch(answer["razorpay_payment_id"])
    assert payment["status"] == "captured" and payment["captured"] is True
    assert (payment["method"], payment["vpa"], payment["amount"]) == ("upi", "success@razorpay", 12345)
    assert payment["notes"] == {"order_id": "o-1"} and payment["order_id"] == order["id"]
    order = client.order.fetch(order["id"])
    assert (order["status"], order["amount_paid"], order["amount_due"], order["attempts"]) == \
        ("paid", 12345, 0, 1)
    assert client.order.payments(order["id"]) == {"entity": "collection", "count": 1,
                                                  "items": [payment]}

    deliveries = receiver.events(payment["id"], 3)
    assert names(deliveries) == ["payment.authorized", "payment.captured", "order.paid"]
    for headers, body in deliveries:
        assert client.utility.verify_webhook_signature(
            body.decode(), headers["X-Razorpay-Signature"], RAZORPAY_WEBHOOK_SECRET)
        assert headers["Content-Type"] == "application/json"
    assert len({h["X-Razorpay-Event-Id"] for h, _ in deliveries}) == 3
    paid = json.loads(deliveries[2][1])
    assert paid["contains"] == ["payment", "order"] and paid["entity"] == "event"
    assert paid["payload"]["order"]["entity"]["status"] == "paid"
    assert json.loads(deliveries[0][1])["payload"]["payment"]["entity"]["status"] == "authorized"

    again = requests.post(f"{base}/_dm/payments", json={"order_id": order["id"]}, timeout=5)
    assert again.status_code == 400 and again.json()["error"]["code"] == "BAD_REQUEST_ERROR"


def test_a_failed_card_payment_then_another_attempt(client, base, receiver):
    order = new_order(client)
    failed = dm_pay(base, order["id"], method="card", outcome="failure")["error"]
    assert (failed["code"], failed["reason"]) == ("BAD_REQUEST_ERROR", "payment_failed")
    assert failed["metadata"]["order_id"] == order["id"] and failed["description"]
    payment = client.payment.fetch(failed["metadata"]["payment_id"])
    assert (payment["status"], payment["error_code"], payment["method"]) == \
        ("failed", "BAD_REQUEST_ERROR", "card")
    assert client.order.fetch(order["id"])["status"] == "attempted"
    assert names(receiver.events(payment["id"], 1)) == ["payment.failed"]

    answer = dm_pay(base, order["id"], method="netbanking")
    assert client.utility.verify_payment_signature(answer)
    order = client.order.fetch(order["id"])
    assert (order["status"], order["attempts"]) == ("paid", 2)
    assert client.order.payments(order["id"])["count"] == 2


def test_a_waiting_upi_request_approved_or_declined(client, base, receiver):
    order = new_order(client)
    waiting = dm_pay(base, order["id"], outcome="pending")
    assert waiting["status"] == "pending"
    payment_id = waiting["razorpay_payment_id"]
    assert client.payment.fetch(payment_id)["status"] == "created"
    assert client.order.fetch(order["id"])["status"] == "attempted"
    page = requests.get(f"{base}/_dm/upi", timeout=5).text
    assert f'action="/_dm/payments/{payment_id}/approve"' in page and "pending@razorpay" in page
    poll = requests.get(f"{base}/_checkout/payments/{payment_id}", params={"key": RAZORPAY_KEY_ID},
                        timeout=5)
    assert poll.json()["status"] == "pending"

    approved = requests.post(f"{base}/_dm/payments/{payment_id}/approve", timeout=5).json()
    assert client.utility.verify_payment_signature(approved)
    assert client.payment.fetch(payment_id)["status"] == "captured"
    assert names(receiver.events(payment_id, 3)) == ["payment.authorized", "payment.captured",
                                                    "order.paid"]
    assert requests.post(f"{base}/_dm/payments/{payment_id}/approve", timeout=5).status_code == 400
    assert payment_id not in requests.get(f"{base}/_dm/upi", timeout=5).text

    other = dm_pay(base, new_order(client)["id"], outcome="pending")["razorpay_payment_id"]
    declined = requests.post(f"{base}/_dm/payments/{other}/decline", timeout=5).json()
    assert declined["error"]["metadata"]["payment_id"] == other
    assert client.payment.fetch(other)["status"] == "failed"
    assert names(receiver.events(other, 1)) == ["payment.failed"]


def test_refunds_partial_idempotent_and_never_more_than_paid(client, base, receiver):
    payment_id = dm_pay(base, new_order(client, amount=10000)["id"])["razorpay_payment_id"]
    key = str(uuid.uuid4())
    first = client.payment.refund(payment_id, {"amount": 4000},
                                  headers={"X-Refund-Idempotency": key})
    assert (first["entity"], first["status"], first["amount"]) == ("refund", "processed", 4000)
    replay = client.payment.refund(payment_id, {"amount": 4000},
                                   headers={"X-Refund-Idempotency": key})
    assert replay == first
    with pytest.raises(BadRequestError, match="Different request with the same idempotency key"):
        client.payment.refund(payment_id, {"amount": 3000}, headers={"X-Refund-Idempotency": key})
    payment = client.payment.fetch(payment_id)
    assert (payment["amount_refunded"], payment["refund_status"], payment["status"]) == \
        (4000, "partial", "captured")

    with pytest.raises(BadRequestError, match="greater than the refund payment amount"):
        client.payment.refund(payment_id, {"amount": 6001})
    rest = client.payment.refund(payment_id, {})
    assert rest["amount"] == 6000 and client.refund.fetch(rest["id"]) == rest
    payment = client.payment.fetch(payment_id)
    assert (payment["amount_refunded"], payment["refund_status"], payment["status"]) == \
        (10000, "full", "refunded")
    listed = client.payment.fetch_multiple_refund(payment_id)
    assert [r["id"] for r in listed["items"]] == [first["id"], rest["id"]]

    refunds = [json.loads(b) for _, b in receiver.events(payment_id, 5)][3:]
    assert [e["event"] for e in refunds] == ["refund.processed", "refund.processed"]
    assert refunds[0]["contains"] == ["refund", "payment"]
    assert refunds[1]["payload"]["payment"]["entity"]["refund_status"] == "full"

    failed = dm_pay(base, new_order(client)["id"], method="card", outcome="failure")
    with pytest.raises(BadRequestError, match="Only captured payments"):
        client.payment.refund(failed["error"]["metadata"]["payment_id"], {})


def test_manual_capture(client, base, receiver):
    order = new_order(client, payment_capture=0)
    payment_id = dm_pay(base, order["id"])["razorpay_payment_id"]
    assert client.payment.fetch(payment_id)["status"] == "authorized"
    with pytest.raises(BadRequestError, match="equal to the amount authorized"):
        client.payment.capture(payment_id, 100)
    captured = client.payment.capture(payment_id, order["amount"], {"currency": "INR"})
    assert (captured["status"], captured["captured"]) == ("captured", True)
    with pytest.raises(BadRequestError, match="already been captured"):
        client.payment.capture(payment_id, order["amount"], {"currency": "INR"})
    assert names(receiver.events(payment_id, 3)) == ["payment.authorized", "payment.captured",
                                                    "order.paid"]


def test_a_wrong_key_pair_is_401(base):
    wrong = razorpay.Client(auth=(RAZORPAY_KEY_ID, "not-the-secret"), base_url=base)
    with pytest.raises(BadRequestError, match="Authentication failed"):
        new_order(wrong)
    r = requests.get(f"{base}/v1/orders/order_x", timeout=5)
    assert r.status_code == 401
    assert r.json() == {"error": {"code": "BAD_REQUEST_ERROR", "description": "Authentication failed"}}


@pytest.mark.parametrize("change, message", [
    ({"amount": 99}, "atleast INR 1.00"), ({"amount": "12345"}, "must be an integer"),
    ({"currency": "USD"}, "Currency is not supported"), ({"receipt": "R" * 41}, "40 characters"),
    ({"notes": {str(n): n for n in range(16)}}, "more than 15"),
    ({"colour": "blue"}, "colour is/are not required"),
])
def test_a_bad_order_is_refused(client, change, message):
    with pytest.raises(BadRequestError, match=message):
        client.order.create({"amount": 12345, "currency": "INR", **change})
    with pytest.raises(BadRequestError, match="does not exist"):
        client.order.fetch("order_00000000000000")


def test_webhooks_held_retried_and_resent(client, base, receiver):
    assert requests.post(f"{base}/_dm/webhooks/hold", json={"hold": True}, timeout=5).json()["hold"]
    payment_id = dm_pay(base, new_order(client)["id"])["razorpay_payment_id"]
    time.sleep(0.5)
    assert receiver.events(payment_id, 1, timeout=0) == []
    receiver.fail = 2   # the first two deliveries after the release fail, and are retried
    requests.post(f"{base}/_dm/webhooks/hold", json={"hold": False}, timeout=5).raise_for_status()
    deliveries = receiver.events(payment_id, 5)
    assert list(zip(names(deliveries), [h["status"] for h, _ in deliveries])) == [
        ("payment.authorized", 500), ("payment.captured", 500), ("order.paid", 200),
        ("payment.authorized", 200), ("payment.captured", 200)]

    log = [d for d in requests.get(f"{base}/_dm/webhooks", timeout=5).json()["deliveries"]
           if d.get("payment_id") == payment_id]
    assert [(d["event"], d["attempts"], d["last_status"], d["state"]) for d in log] == [
        ("payment.authorized", 2, 200, "delivered"), ("payment.captured", 2, 200, "delivered"),
        ("order.paid", 1, 200, "delivered")]

    captured = log[1]["event_id"]
    resent = requests.post(f"{base}/_dm/webhooks/{captured}/resend", timeout=5).json()
    assert resent["event_id"] == captured
    same = [b for h, b in receiver.events(payment_id, 6) if h["X-Razorpay-Event-Id"] == captured]
    assert len(same) == 3 and len(set(same)) == 1   # the failed try, its retry, the resend


def test_checkout_script_and_its_calls(client, base):
    script = requests.get(f"{base}/v1/checkout.js", timeout=5)
    assert "window.Razorpay = Razorpay" in script.text
    assert script.headers["Access-Control-Allow-Origin"] == "*"
    preflight = requests.options(f"{base}/_checkout/pay", timeout=5,
                                 headers={"Origin": "http://127.0.0.1:8080",
                                          "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 204 and "Content-Type" in \
        preflight.headers["Access-Control-Allow-Headers"]

    order = new_order(client)
    pay = {"key": RAZORPAY_KEY_ID, "order_id": order["id"], "method": "upi", "notes": {}}
    wrong_key = requests.post(f"{base}/_checkout/pay", json={**pay, "key": "rzp_test_other"}, timeout=5)
    assert wrong_key.status_code == 401 and wrong_key.headers["Access-Control-Allow-Origin"] == "*"
    bad_vpa = requests.post(f"{base}/_checkout/pay", json={**pay, "vpa": "buyer@okbank"}, timeout=5)
    assert bad_vpa.status_code == 400 and "success@razorpay" in bad_vpa.json()["error"]["description"]
    assert client.order.fetch(order["id"])["attempts"] == 0   # nothing was tried
    card = requests.post(f"{base}/_checkout/pay", timeout=5,
                         json={**pay, "method": "card", "card_number": "4111 1111 1111 1111"})
    assert client.utility.verify_payment_signature(card.json())
    assert client.payment.fetch(card.json()["razorpay_payment_id"])["card"]["last4"] == "1111"
