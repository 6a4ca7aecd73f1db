"""The paths that repair money and parcels, on the running local stack, each ending with
the books balanced (books.py): the reconciliation booking a paid order whose dispatch was
lost and finding a payment whose webhook never came; no cancelling once the courier has
the parcel; a parcel sent back after delivery refunded and its maker's credit taken back,
once; Stripe events replayed outside their window, or of types we do not act on."""
from __future__ import annotations

import concurrent.futures
import json
import time

import boto3
import pytest

from infra.resources import resources
from tests.integration import books
from tests.integration.faults import (WebhookTrap, balanced, makers, pack_all, place,
                                      queue_url, reached, reconcile_now, waiting)
from tests.integration.mailbox import wait_mail
from tests.integration.shopping import (CONTACT, call, courier_post, pay, status_of,
                                        stripe_signed)
from tests.integration.waiting import wait_for


pytestmark = pytest.mark.usefixtures("runner_back")


@pytest.fixture(scope="module")
def sellers(api, stack):
    return makers(api, stack)


def stored_order(order_id: str) -> dict:
    """The order item as DynamoDB holds it (the task token is not in any API answer)."""
    table = resources("local").table("Orders").name
    item = boto3.client("dynamodb").get_item(
        TableName=table, Key={"pk": {"S": f"ORDER#{order_id}"}, "sk": {"S": "ORDER"}})
    return item.get("Item") or {}


def token_stored(created) -> bool:
    return "task_token" in stored_order(created["order_id"])


def take_dispatches(order_id: str, count: int) -> list[dict]:
    """Take `count` dispatch messages of one order off the queue for good (a message lost:
    deleted by mistake, or expired), leaving every other message where it was."""
    sqs = boto3.client("sqs")
    url = queue_url(resources("local").queue("DispatchQueue").name)
    taken: list[dict] = []

    def take():
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=30,
                                  WaitTimeSeconds=1).get("Messages", [])
        for m in got:
            if json.loads(m["Body"]).get("order_id") == order_id:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
                taken.append(json.loads(m["Body"]))
            else:
                sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"],
                                              VisibilityTimeout=0)
        return len(taken) >= count
    wait_for(take, timeout=30, every=0.1, what=f"{count} dispatch messages of {order_id}")
    return taken


def test_reconciliation_books_a_paid_order_whose_dispatch_was_lost(api, stack, sellers,
                                                                   stripe_client):
    local = stack["_stack"]
    baseline = books.snapshot(stack, stripe_client)
    created = place(api, sellers, "card")                    # two makers: two parcels
    wait_for(lambda: token_stored(created), what="the state machine waiting for payment")
    local.kill("runner")
    assert pay(api, stripe_client, created).status_code == 200
    wait_for(lambda: status_of(api, created)["status"] == "paid", what="paid")
    lost = take_dispatches(created["order_id"], 2)
    local.restart("runner")
    wait_for(lambda: waiting("DispatchQueue") == 0 and waiting("PaymentTokensQueue") == 0,
             what="the runner caught up")
    stuck = status_of(api, created)
    assert [(p["status"], p["tracking_number"]) for p in stuck["parcels"]] == \
        [("awaiting_payment", None)] * 2, "nothing should have booked the lost parcels"

    report = local.run_schedule("reconcile_orders", {"DISPATCH_DEADLINE_SECONDS": "0"})
    again = {r["parcel_id"] for r in report["repaired"] if r.get("action") == "dispatched again"}
    assert {m["parcel_id"] for m in lost} <= again, report
    order = reached(api, created, "paid", booked=True)
    pack_all(api, sellers, order)
    reached(api, created, "completed")
    balanced(stack, stripe_client, baseline)


def test_reconciliation_finds_the_payment_at_stripe_and_the_order_completes(
        api, stack, sellers, stripe_client):
    """Stripe took the money, but its webhook never reached us (caught by the trap): the
    order waits for a payment it has had. The reconciliation asks Stripe and moves it on."""
    baseline = books.snapshot(stack, stripe_client)
    with WebhookTrap(stack) as trap:
        created = place(api, sellers[:1], "card", quantity=2)
        wait_for(lambda: token_stored(created), what="the state machine waiting for payment")
        paid = pay(api, stripe_client, created)
        assert paid.status_code == 200 and paid.json()["status"] == "succeeded", paid.text
        trap.event(created["order_id"])                      # sent by Stripe, never received
        assert status_of(api, created)["status"] == "pending_payment"
        report = reconcile_now(stack)
    assert {"order_id": created["order_id"], "action": "payment found at Stripe"} in \
        report["repaired"], report
    order = reached(api, created, "paid", booked=True)
    assert order["payment_status"] == "succeeded" and order["refunded_paise"] == 0
    pack_all(api, sellers, order)
    reached(api, created, "completed")
    balanced(stack, stripe_client, baseline)


def test_an_order_cannot_be_cancelled_once_the_courier_has_it(api, stack, sellers,
                                                              stripe_client):
    created = place(api, sellers, "card")
    assert pay(api, stripe_client, created).status_code == 200
    parcels = reached(api, created, "paid", booked=True)["parcels"]
    first = parcels[0]
    r = courier_post(api, {"tracking_number": first["tracking_number"], "reference": first["id"],
                           "event_id": f"{first['id']}-pickup", "status": "picked_up"})
    assert r.status_code == 200 and r.json()["applied"], r.text
    r = call(api, "POST", f"/orders/{created['order_id']}/cancel",
             order_token=created["order_token"], json={"reason": "changed my mind"})
    assert r.status_code == 409 and r.json()["error"]["code"] == "not_cancellable", r.text
    after = status_of(api, created)
    assert (after["status"], after["refunded_paise"]) == ("paid", 0)
    assert [p["status"] for p in after["parcels"]] == ["picked_up", "awaiting_pickup"]


def test_a_parcel_sent_back_after_delivery_is_refunded_and_its_credit_taken_back_once(
        api, stack, sellers, stripe_client):
    baseline = books.snapshot(stack, stripe_client)
    created = place(api, sellers, "card", quantity=2)
    assert pay(api, stripe_client, created).status_code == 200
    parcels = reached(api, created, "paid", booked=True)["parcels"]
    for p in parcels:
        for status in ("picked_up", "in_transit", "out_for_delivery", "delivered"):
            r = courier_post(api, {"tracking_number": p["tracking_number"], "reference": p["id"],
                                   "event_id": f"{p['id']}-{status}", "status": status})
            assert r.status_code == 200 and r.json()["applied"], r.text
    reached(api, created, "completed")
    back, kept = parcels
    returned = {"tracking_number": back["tracking_number"], "reference": back["id"],
                "event_id": f"{back['id']}-returned", "status": "returned"}
    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:   # and repeated
        replies = list(pool.map(lambda _: courier_post(api, returned), range(6)))
    assert all(r.status_code == 200 for r in replies), [r.text for r in replies]
    assert [r.json()["applied"] for r in replies].count(True) == 1
    later = courier_post(api, {**returned, "event_id": f"{back['id']}-returned-again"})
    assert (later.json()["applied"], later.json()["reason"]) == \
        (False, "parcel is already returned")

    order = status_of(api, created)
    refund = back["value_paise"] + back["shipping_paise"]
    assert order["status"] == "completed" and order["refunded_paise"] == refund
    assert [p["status"] for p in order["parcels"]] == ["returned", "delivered"]
    tokens = {m["id"]: m["token"] for m in sellers}
    ledger = call(api, "GET", "/vendor/payouts", tokens[back["vendor_id"]]).json()["entries"]
    mine = sorted((e["kind"], e["amount_paise"]) for e in ledger if e["parcel_id"] == back["id"])
    credit = next(amount for kind, amount in mine if kind == "credit_delivery")
    assert mine == [("credit_delivery", credit), ("debit_refund", -credit)]
    ledger = call(api, "GET", "/vendor/payouts", tokens[kept["vendor_id"]]).json()["entries"]
    assert [e["kind"] for e in ledger if e["parcel_id"] == kept["id"]] == ["credit_delivery"]
    refunds = stripe_client.v1.refunds.list(params={"limit": 100}).data
    intent = stored_order(created["order_id"])["payment_intent_id"]["S"]
    assert [r.amount for r in refunds if r.payment_intent == intent] == [refund]
    mail = wait_mail(stack, CONTACT["email"], created["order_id"],
                     f"ऑर्डर {created['order_id']} की राशि वापस")
    assert f"{refund // 100}" in mail["body"].replace(",", "")
    balanced(stack, stripe_client, baseline)


def test_stripe_events_out_of_their_window_or_of_other_types_change_nothing(
        api, stack, sellers, stripe_client):
    """Stripe's genuine event, replayed later than its five-minute tolerance (signed for an
    old moment, as a captured delivery would be), is refused; correctly signed events of
    the types we do not act on are acknowledged (Stripe would retry anything else for
    days) and change nothing; the genuine event inside its window pays the order."""
    baseline = books.snapshot(stack, stripe_client)
    with WebhookTrap(stack) as trap:
        created = place(api, sellers[:1], "card")
        oid = created["order_id"]
        wait_for(lambda: token_stored(created), what="the state machine waiting for payment")
        assert pay(api, stripe_client, created).status_code == 200
        body, genuine = trap.event(oid)
    event = json.loads(body)
    now = int(time.time())
    # (a time ahead of ours is Stripe's clock, not a replay: the library accepts it)
    for at in (now - 301, now - 3600):
        payload, headers = stripe_signed(event, at)
        r = call(api, "POST", "/webhooks/stripe", data=payload, headers=headers)
        assert r.status_code == 401 and r.json()["error"]["code"] == "bad_signature", r.text
    signature = genuine["Stripe-Signature"].split(",", 1)[1]
    tampered = {**genuine, "Stripe-Signature": f"t={now},{signature}"}
    assert call(api, "POST", "/webhooks/stripe", data=body,
                headers=tampered).status_code == 401   # a new time needs a new signature
    for kind in ("charge.succeeded", "payment_intent.created", "charge.refunded",
                 "customer.created"):
        payload, headers = stripe_signed({**event, "id": f"evt_{kind}_{oid}", "type": kind}, now)
        r = call(api, "POST", "/webhooks/stripe", data=payload, headers=headers)
        assert r.status_code == 200 and r.json() == {"received": True, "type": kind,
                                                     "ignored": True}, r.text
    after = status_of(api, created)
    assert (after["status"], after["payment_status"]) == ("pending_payment", None)
    r = call(api, "POST", "/webhooks/stripe", data=body, headers=genuine)
    assert r.status_code == 200, r.text
    reached(api, created, "paid", booked=True)
    r = call(api, "POST", f"/orders/{oid}/cancel", order_token=created["order_token"], json={})
    assert r.status_code == 200 and r.json()["refunded_paise"] == created["total_paise"], r.text
    balanced(stack, stripe_client, baseline)
