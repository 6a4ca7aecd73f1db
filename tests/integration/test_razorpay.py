"""Paying by UPI through Razorpay on the running local stack: the official SDK in our API,
the Razorpay stand-in (infra/local/razorpay_server.py) in Razorpay's place, its signed
webhooks to /webhooks/razorpay. Each story ends with the books balanced across both
gateways (books.py reads Razorpay's payments and refunds through the SDK)."""
from __future__ import annotations

import hashlib
import hmac
import json
from contextlib import contextmanager

import pytest
import requests

from tests.integration import books
from tests.integration.faults import (balanced, makers, pack_all, payment_timeout, place,
                                      reached, reconcile_now)
from tests.integration.shopping import SHORT_WINDOW, call, courier_post, status_of
from tests.integration.waiting import wait_for

pytestmark = pytest.mark.usefixtures("runner_back")


@pytest.fixture(scope="module")
def sellers(api, stack):
    return makers(api, stack)


def stand_in(stack, method: str, path: str, **kw) -> dict:
    r = requests.request(method, stack["razorpay_api_base"] + path, timeout=30, **kw)
    assert r.status_code == 200, r.text
    return r.json()


def buyer_pays(stack, created, outcome="success", method="upi") -> dict:
    """What Razorpay Checkout does in the buyer's browser (the stand-in's test hook): the
    handler's three fields on success, the error on failure, a waiting payment for pending."""
    return stand_in(stack, "POST", "/_dm/payments", json={
        "order_id": created["payment"]["razorpay_order_id"], "method": method,
        "outcome": outcome, "notes": {"order_id": created["order_id"]},
        "email": "asha@example.in", "contact": "+919835012345"})


def browser_returns(api, created, fields: dict):
    return call(api, "POST", f"/orders/{created['order_id']}/razorpay",
                order_token=created["order_token"], json=fields)


@contextmanager
def webhooks_held(stack):
    """Razorpay's webhooks wait (queued at the stand-in) until the block ends."""
    stand_in(stack, "POST", "/_dm/webhooks/hold", json={"hold": True})
    try:
        yield
    finally:
        stand_in(stack, "POST", "/_dm/webhooks/hold", json={"hold": False})


def deliveries(stack, payment_id: str, event: str | None = None) -> list[dict]:
    return [d for d in stand_in(stack, "GET", "/_dm/webhooks")["deliveries"]
            if d.get("payment_id") == payment_id and (event is None or d["event"] == event)]


def refunds_at_razorpay(stack, payment_id: str) -> list[int]:
    import razorpay
    client = razorpay.Client(auth=(stack["razorpay_key_id"], stack["razorpay_key_secret"]),
                             base_url=stack["razorpay_api_base"])
    return sorted(int(r["amount"]) for r in client.payment.fetch_multiple_refund(payment_id)["items"])


def counted(stack) -> dict:
    """The office's payments by gateway and method, today (GET /admin/stats)."""
    admin = next(a for a in stack["demo_accounts"] if a["role"] == "admin")
    token = requests.post(stack["api_url"] + "/auth/login", timeout=30, json={
        "email": admin["email"], "password": admin["password"]}).json()["id_token"]
    stats = requests.get(stack["api_url"] + "/admin/stats", timeout=30,
                         headers={"Authorization": f"Bearer {token}"}).json()
    return {f"{r['provider']}:{r['method']}": r for r in stats["today"]["by_payment"]}


def test_upi_first_paid_in_checkout_confirmed_by_the_browser_and_delivered(
        api, stack, sellers, stripe_client):
    baseline = books.snapshot(stack, stripe_client)
    before = counted(stack).get("razorpay:upi", {"payments": 0, "paid_paise": 0})
    quote = call(api, "POST", "/quotes", json={"items": [
        {"product_id": m["product"]["id"], "variant_id": m["variant"]["id"], "quantity": 1}
        for m in sellers], "pincode": "814112"}).json()
    assert quote["payment_options"][0] == {"method": "upi", "provider": "razorpay"}
    assert quote["payment_options"][1] == {"method": "card", "provider": "stripe"}
    created = place(api, sellers, "upi")
    payment = created["payment"]
    assert (payment["provider"], payment["amount_paise"], payment["currency"]) == \
        ("razorpay", created["total_paise"], "INR")
    assert payment["key_id"] == stack["razorpay_key_id"] and \
        payment["checkout_url"] == stack["razorpay_api_base"] + "/v1/checkout.js"
    assert status_of(api, created)["payment"]["razorpay_order_id"] == payment["razorpay_order_id"]
    fields = buyer_pays(stack, created)
    r = browser_returns(api, created, fields)
    assert r.status_code == 200 and r.json()["status"] == "succeeded", r.text
    order = reached(api, created, "paid", booked=True)
    assert (order["payment_provider"], order["paid_by"], order["payment_status"]) == \
        ("razorpay", "upi", "succeeded")
    assert "payment" not in order or order["payment"] is None
    pack_all(api, sellers, order)
    reached(api, created, "completed")
    after = counted(stack)["razorpay:upi"]
    assert after["payments"] - before["payments"] == 1
    assert after["paid_paise"] - before["paid_paise"] == created["total_paise"]
    balanced(stack, stripe_client, baseline)


def test_the_webhook_first_twice_then_the_browser_changes_nothing_more(
        api, stack, sellers, stripe_client):
    baseline = books.snapshot(stack, stripe_client)
    created = place(api, sellers[:1], "upi")
    fields = buyer_pays(stack, created)                  # the webhooks go out at once
    reached(api, created, "paid", booked=True)
    captured = wait_for(lambda: [d for d in deliveries(stack, fields["razorpay_payment_id"],
                                                       "payment.captured")
                                 if d["state"] == "delivered"], what="payment.captured delivered")
    for _ in range(2):                                   # Razorpay delivers it again, twice
        stand_in(stack, "POST", f"/_dm/webhooks/{captured[0]['event_id']}/resend")
    wait_for(lambda: all(d["attempts"] >= 3 and d["state"] == "delivered" for d in
                         deliveries(stack, fields["razorpay_payment_id"], "payment.captured")),
             what="the repeats delivered")
    r = browser_returns(api, created, fields)            # the browser, last
    assert r.status_code == 200 and r.json() == {"status": "succeeded", "order_status": "paid"}
    order = status_of(api, created)
    assert order["payment_status"] == "succeeded" and order["refunded_paise"] == 0
    balanced(stack, stripe_client, baseline)             # counted once (STAT#PAY too)


def test_a_failed_upi_attempt_keeps_the_order_payable_and_another_way_pays_it(
        api, stack, sellers, stripe_client):
    created = place(api, sellers[:1], "upi")
    failed = buyer_pays(stack, created, "failure")
    assert failed["error"]["reason"] == "payment_failed"
    order = wait_for(lambda: (lambda o: o if o.get("payment_attempt") else None)(
        status_of(api, created)), what="the failed attempt noted")
    assert order["status"] == "pending_payment" and order["payment_attempt"]["status"] == "failed"
    assert order["payment"]["razorpay_order_id"] == created["payment"]["razorpay_order_id"]
    fields = buyer_pays(stack, created, method="netbanking")   # tried again, through the bank
    assert browser_returns(api, created, fields).json()["status"] == "succeeded"
    order = reached(api, created, "paid", booked=True)
    assert order["paid_by"] == "netbanking" and order["payment_attempt"] is None


def test_a_forged_browser_return_is_400_and_the_order_waits_for_the_webhook(
        api, stack, sellers, stripe_client):
    baseline = books.snapshot(stack, stripe_client)
    mine, other = place(api, sellers[:1], "upi"), place(api, sellers[:1], "upi")
    with webhooks_held(stack):
        fields = buyer_pays(stack, mine)
        forged = dict(fields, razorpay_signature=hmac.new(b"guessed", f"{fields['razorpay_order_id']}|"
                      f"{fields['razorpay_payment_id']}".encode(), hashlib.sha256).hexdigest())
        r = browser_returns(api, mine, forged)
        assert r.status_code == 400 and r.json()["error"]["code"] == "bad_signature", r.text
        # a genuine return of this payment, sent for another order
        r = browser_returns(api, other, fields)
        assert r.status_code == 400 and r.json()["error"]["code"] == "wrong_order", r.text
        r = browser_returns(api, mine, dict(fields, razorpay_signature="not hex"))
        assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_body", r.text
        for created in (mine, other):
            order = status_of(api, created)
            assert (order["status"], order["payment_status"]) == ("pending_payment", None)
    reached(api, mine, "paid", booked=True)              # the held webhook, released
    r = call(api, "POST", f"/orders/{other['order_id']}/cancel",
             order_token=other["order_token"], json={"reason": "paid another way"})
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    balanced(stack, stripe_client, baseline)


def test_a_forged_webhook_is_401_and_changes_nothing(api, stack, sellers):
    created = place(api, sellers[:1], "upi")
    body = json.dumps({"entity": "event", "event": "payment.captured", "contains": ["payment"],
                       "payload": {"payment": {"entity": {
                           "id": "pay_Forged00000001", "entity": "payment", "status": "captured",
                           "amount": created["total_paise"], "currency": "INR", "method": "upi",
                           "order_id": created["payment"]["razorpay_order_id"],
                           "notes": {"order_id": created["order_id"]}}}}}).encode()
    for signature in (None, hmac.new(b"not-our-secret", body, hashlib.sha256).hexdigest()):
        headers = {"Content-Type": "application/json", "X-Razorpay-Event-Id": "evt_forged1"}
        if signature:
            headers["X-Razorpay-Signature"] = signature
        r = call(api, "POST", "/webhooks/razorpay", data=body, headers=headers)
        assert r.status_code == 401 and r.json()["error"]["code"] == "bad_signature", r.text
    assert status_of(api, created)["status"] == "pending_payment"
    # and a genuine signature on a body for an amount that is not the order's: ignored
    secret = stack["razorpay_webhook_secret"].encode()
    wrong = body.replace(str(created["total_paise"]).encode(), b"100")
    r = call(api, "POST", "/webhooks/razorpay", data=wrong, headers={
        "Content-Type": "application/json", "X-Razorpay-Event-Id": "evt_wrong_amount",
        "X-Razorpay-Signature": hmac.new(secret, wrong, hashlib.sha256).hexdigest()})
    assert r.status_code == 200
    assert status_of(api, created)["payment_status"] is None
    call(api, "POST", f"/orders/{created['order_id']}/cancel", order_token=created["order_token"],
         json={})


def test_approved_in_the_upi_app_after_the_payment_window_is_refunded(
        api, stack, sellers, stripe_client):
    """The buyer approved the collect request only after the order had been cancelled for
    want of payment: Razorpay takes the money, its webhook comes, and it goes back."""
    baseline = books.snapshot(stack, stripe_client)
    maker = sellers[0]
    with payment_timeout(SHORT_WINDOW):
        created = place(api, [maker], "upi", quantity=2)
        waiting = buyer_pays(stack, created, "pending")
        assert waiting["status"] == "pending"
        cancelled = reached(api, created, "cancelled", timeout=90)
    assert cancelled["payment_status"] is None and cancelled["refunded_paise"] == 0
    paid = stand_in(stack, "POST", f"/_dm/payments/{waiting['razorpay_payment_id']}/approve")
    assert paid["razorpay_payment_id"] == waiting["razorpay_payment_id"]
    order = wait_for(lambda: (lambda o: o if o["refunded_paise"] else None)(
        status_of(api, created)), timeout=60, what="the late payment refunded")
    assert (order["status"], order["payment_status"], order["refunded_paise"]) == \
        ("cancelled", "refunded", created["total_paise"])
    assert refunds_at_razorpay(stack, waiting["razorpay_payment_id"]) == [created["total_paise"]]
    balanced(stack, stripe_client, baseline)


def test_a_returned_parcel_is_refunded_in_part_at_razorpay(api, stack, sellers, stripe_client):
    baseline = books.snapshot(stack, stripe_client)
    created = place(api, sellers, "upi", quantity=2)
    fields = buyer_pays(stack, created)
    assert browser_returns(api, created, fields).json()["status"] == "succeeded"
    parcels = reached(api, created, "paid", booked=True)["parcels"]
    back = parcels[0]
    for status in ("picked_up", "in_transit", "returned"):
        r = courier_post(api, {"tracking_number": back["tracking_number"], "reference": back["id"],
                               "event_id": f"{back['id']}-{status}", "status": status})
        assert r.status_code == 200 and r.json()["applied"], r.text
    part = back["value_paise"] + back["shipping_paise"]
    order = wait_for(lambda: (lambda o: o if o["refunded_paise"] else None)(
        status_of(api, created)), what="the parcel refunded")
    assert order["refunded_paise"] == part < created["total_paise"]
    assert refunds_at_razorpay(stack, fields["razorpay_payment_id"]) == [part]
    wait_for(lambda: [d for d in deliveries(stack, fields["razorpay_payment_id"], "refund.processed")
                      if d["state"] == "delivered"], what="refund.processed taken")
    pack_all(api, sellers[1:], {"parcels": parcels[1:]})
    reached(api, created, "completed")
    balanced(stack, stripe_client, baseline)


def test_the_reconciliation_finds_a_payment_whose_word_never_came(api, stack, sellers,
                                                                  stripe_client):
    """Razorpay took the money, but neither the browser nor the webhook told us: the
    reconciliation asks Razorpay for the order's payments and moves it on."""
    baseline = books.snapshot(stack, stripe_client)
    with webhooks_held(stack):
        created = place(api, sellers[:1], "upi")
        buyer_pays(stack, created)                      # the browser closed before returning
        assert status_of(api, created)["status"] == "pending_payment"
        report = reconcile_now(stack)
        assert {"order_id": created["order_id"], "action": "payment found at Razorpay"} in \
            report["repaired"], report
        order = reached(api, created, "paid", booked=True)
        assert order["paid_by"] == "upi"
    balanced(stack, stripe_client, baseline)            # the webhooks, late, change nothing
