"""Faults on the running local stack, each ending with the books balanced (books.py):
the event runner killed mid-batch and restarted; the first delivery of every message
failing, before or after its handler ran; Stripe's webhook arriving after the payment
timeout (and the reverse race); the courier posting out of order, twice, concurrently."""
from __future__ import annotations

import concurrent.futures
import os
import random
import signal

import pytest

from tests.integration import books
from tests.integration.faults import (WebhookTrap, balanced, faulty_runner, in_flight, makers,
                                      pack_all, payment_timeout, place, reached, visibility,
                                      waiting)
from tests.integration.shopping import call, courier_post, pay, status_of, stock_of
from tests.integration.waiting import wait_for

# Short enough that the unpaid orders here are cancelled within the test, long enough for
# a paid flow with faults on a loaded machine (the session's window is half an hour).
PAYMENT_TIMEOUT = 20
pytestmark = pytest.mark.usefixtures("runner_back")


@pytest.fixture(scope="module", autouse=True)
def roomy_timeout(stack):
    with payment_timeout(PAYMENT_TIMEOUT):
        yield


@pytest.fixture(scope="module")
def sellers(api, stack):
    return makers(api, stack)


def test_runner_killed_mid_batch_and_restarted(api, stack, sellers, stripe_client):
    local = stack["_stack"]
    baseline = books.snapshot(stack, stripe_client)
    courier = local.processes["courier"].pid
    # A killed runner's messages come back after the visibility timeout: seconds here.
    with visibility({"DispatchQueue": 8, "PaymentTokensQueue": 3, "OrderEventsQueue": 3}):
        local.kill("runner")   # messages pile up, so the next runner takes full batches
        cods = [place(api, sellers, "cod"), place(api, sellers[:1], "cod"),
                place(api, sellers, "cod"), place(api, sellers[1:], "cod")]
        cards = [place(api, sellers, "card") for _ in range(2)]
        for created in cards:   # paid; their task tokens wait for the runner
            assert pay(api, stripe_client, created).status_code == 200
        orders = cods + cards
        os.kill(courier, signal.SIGSTOP)   # dispatch handlers will hang in the courier call...
        try:
            local.restart("runner")
            wait_for(lambda: in_flight("DispatchQueue") >= 2 and all(
                status_of(api, o)["status"] == "paid" for o in cards), timeout=30,
                what="paid orders and dispatch batches in flight")
            half_done = [p["id"] for o in orders for p in status_of(api, o)["parcels"]
                         if p["status"] == "awaiting_pickup" and not p["tracking_number"]]
            local.kill("runner")             # ...and the runner dies with batches in flight
        finally:
            os.kill(courier, signal.SIGCONT)
        assert half_done, "the kill should catch a parcel accepted but not yet booked"
        local.restart("runner")
        # and once more, at whatever point the restarted runner has reached
        wait_for(lambda: any(p["tracking_number"] for o in orders
                             for p in status_of(api, o)["parcels"]), what="a parcel booked")
        local.restart("runner")
        for created in cards:
            reached(api, created, "paid", booked=True)
        for created in cods:
            reached(api, created, "confirmed", booked=True)
        balanced(stack, stripe_client, baseline)


@pytest.mark.parametrize("fault", ["before", "after"])
def test_every_first_delivery_fails(api, stack, sellers, stripe_client, fault):
    """`before`: the handler never sees a message's first delivery. `after`: it handles
    it, then the invocation fails, so every side effect is repeated once."""
    baseline = books.snapshot(stack, stripe_client)
    with faulty_runner(stack, fault) as injected:
        card = place(api, sellers, "card")
        assert pay(api, stripe_client, card).status_code == 200
        cod = place(api, sellers, "cod")
        unpaid = place(api, sellers[:1], "card")
        declined = place(api, sellers[1:], "card")
        assert pay(api, stripe_client, declined, card="4000000000000341").status_code == 402
        for created, status in ((card, "paid"), (cod, "confirmed")):
            pack_all(api, sellers, reached(api, created, status, booked=True))
        for created in (card, cod):
            done = reached(api, created, "completed")
            for parcel in done["parcels"]:
                applied = [e["status"] for e in parcel["timeline"] if e["applied"]]
                assert applied == ["picked_up", "in_transit", "out_for_delivery", "delivered"]
        for created in (unpaid, declined):
            assert reached(api, created, "cancelled")["refunded_paise"] == 0
        balanced(stack, stripe_client, baseline)
    # the fault really hit every queue of the order flow
    assert {"store_payment_tokens", "order_events", "dispatch_parcels"} <= set(injected), injected


def test_webhook_after_the_payment_timeout(api, stack, sellers, stripe_client):
    """The shopper paid in time, but Stripe's webhook reached us only after the state
    machine had given up: the timeout finds the payment at Stripe and refunds it; the
    late webhook (and its repeat) then changes nothing."""
    maker = sellers[0]
    baseline = books.snapshot(stack, stripe_client)
    stock = stock_of(api, maker["product"]["id"], maker["variant"]["id"])
    with WebhookTrap(stack) as trap:
        created = place(api, [maker], "card", quantity=2)
        assert stock_of(api, maker["product"]["id"], maker["variant"]["id"]) == stock - 2
        paid = pay(api, stripe_client, created)
        assert paid.status_code == 200 and paid.json()["status"] == "succeeded", paid.text
        late = trap.event(created["order_id"])
        refunded = wait_for(lambda: (lambda o: o if o["refunded_paise"] else None)(
            status_of(api, created)), timeout=60, what="the timeout's cancel and refund")
    assert refunded["status"] == "cancelled" and refunded["parcels"][0]["status"] == "cancelled"
    assert refunded["refunded_paise"] == created["total_paise"]
    assert stock_of(api, maker["product"]["id"], maker["variant"]["id"]) == stock
    body, headers = late
    for _ in range(2):   # late, and then once more
        r = call(api, "POST", "/webhooks/stripe", data=body, headers=headers)
        assert r.status_code == 200, r.text
    after = status_of(api, created)
    assert (after["status"], after["payment_status"], after["refunded_paise"]) == \
        ("cancelled", "refunded", created["total_paise"])
    assert stock_of(api, maker["product"]["id"], maker["variant"]["id"]) == stock
    balanced(stack, stripe_client, baseline)


def test_payment_known_before_the_timeout_is_handled(api, stack, sellers, stripe_client):
    """The reverse race: the webhook is on time, but the task token and the timeout's
    message wait in their queues (the runner is down) until the payment has been
    recorded. The order cannot be paid any more: it is cancelled and refunded, once."""
    local = stack["_stack"]
    baseline = books.snapshot(stack, stripe_client)
    # a long poll of the killed runner may still take a message: back in seconds, not 60
    with visibility({"PaymentTokensQueue": 3, "OrderEventsQueue": 3}):
        local.kill("runner")
        try:
            created = place(api, sellers[1:], "card")
            assert pay(api, stripe_client, created).status_code == 200
            wait_for(lambda: status_of(api, created)["payment_status"] == "succeeded",
                     what="the webhook recorded the payment")
            wait_for(lambda: waiting("OrderEventsQueue"), timeout=40,
                     what="the state machine's timeout message")
        finally:
            local.restart("runner")
        done = wait_for(lambda: (lambda o: o if o["status"] == "cancelled" and o[
            "refunded_paise"] else None)(status_of(api, created)), what="cancelled and refunded")
        assert done["refunded_paise"] == created["total_paise"]
        assert done["payment_status"] == "refunded"
        balanced(stack, stripe_client, baseline)


def test_courier_out_of_order_twice_and_concurrently(api, stack, sellers, stripe_client):
    baseline = books.snapshot(stack, stripe_client)
    created = place(api, sellers, "card")
    assert pay(api, stripe_client, created).status_code == 200
    parcels = reached(api, created, "paid", booked=True)["parcels"]
    assert len(parcels) == 2

    def events(parcel, *statuses):
        base = {"tracking_number": parcel["tracking_number"], "reference": parcel["id"]}
        once = [{**base, "event_id": f"{parcel['id']}-{s}", "status": s} for s in statuses]
        return once + once   # every event twice

    def post_all(batch):
        random.shuffle(batch)
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            replies = list(pool.map(lambda e: courier_post(api, e), batch))
        assert all(r.status_code == 200 for r in replies), [r.text for r in replies]
        return [(e["reference"], e["status"], r.json()["applied"]) for e, r in zip(batch, replies)]

    # delivered first, then the pickup it skipped, then the rest: each twice, concurrently
    replies = post_all([e for p in parcels for e in events(p, "delivered")])
    replies += post_all([e for p in parcels for e in events(p, "picked_up")])
    replies += post_all([e for p in parcels for e in events(p, "in_transit", "out_for_delivery",
                                                          "delivered")])
    for parcel in parcels:
        mine = [(s, a) for ref, s, a in replies if ref == parcel["id"]]
        assert [s for s, a in mine if a] == ["delivered"], mine   # stale ones change nothing
    done = status_of(api, created)
    assert done["status"] == "completed"
    for parcel in done["parcels"]:   # no stale event moved it back
        assert parcel["status"] == "delivered"
        assert [e["status"] for e in parcel["timeline"] if e["applied"]] == ["delivered"]
    payouts = {m["id"]: call(api, "GET", "/vendor/payouts", m["token"]).json() for m in sellers}
    for parcel in parcels:
        credits = [e for e in payouts[parcel["vendor_id"]]["entries"]
                   if e["parcel_id"] == parcel["id"]]
        assert [e["kind"] for e in credits] == ["credit_delivery"]
    balanced(stack, stripe_client, baseline)
