"""The local Stripe (infra/local/stripe_server.py) honours Idempotency-Key as Stripe does.

The load benchmark found orders refunded twice: a shopper's cancel and Stripe's late
payment webhook both refund (with the same idempotency key, which Stripe dedupes and
bare localstripe ignored). The real server process is started and driven with the
Stripe SDK, as the gateway drives it."""
from __future__ import annotations

import subprocess
import sys
import time

import pytest
import requests
import stripe

from infra.local.env import ROOT, STRIPE_SECRET_KEY
from infra.local.stack import free_port


@pytest.fixture(scope="module")
def client():
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "infra.local.stripe_server", str(port)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            requests.get(f"{base}/v1/customers", auth=(STRIPE_SECRET_KEY, ""), timeout=2)
            break
        except requests.ConnectionError:
            assert time.monotonic() < deadline and proc.poll() is None, "stripe server did not start"
            time.sleep(0.2)
    yield stripe.StripeClient(STRIPE_SECRET_KEY, base_addresses={"api": base})
    proc.terminate()
    proc.wait(timeout=10)


def paid_intent(client, key: str, card: str = "4242424242424242", amount: int = 50_000):
    pm = client.v1.payment_methods.create(params={"type": "card", "card": {
        "number": card, "exp_month": 12, "exp_year": 2030, "cvc": "123"}})
    return client.v1.payment_intents.create(
        params={"amount": amount, "currency": "inr", "payment_method": pm.id, "confirm": True,
                "metadata": {"order_id": key}}, options={"idempotency_key": key})


def refunds_of(client, intent_id: str) -> list:
    return client.v1.refunds.list(params={"payment_intent": intent_id, "limit": 100}).data


def test_a_repeated_refund_refunds_once(client):
    intent = paid_intent(client, "o-refund-twice-pay")
    first = client.v1.refunds.create(params={"payment_intent": intent.id, "amount": 50_000},
                                     options={"idempotency_key": "refund-o-refund-twice-all"})
    again = client.v1.refunds.create(params={"payment_intent": intent.id, "amount": 50_000},
                                     options={"idempotency_key": "refund-o-refund-twice-all"})
    assert again.id == first.id
    assert [r.id for r in refunds_of(client, intent.id)] == [first.id]


def test_a_repeated_payment_charges_once(client):
    pm = client.v1.payment_methods.create(params={"type": "card", "card": {
        "number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}})
    params = {"amount": 70_000, "currency": "inr", "payment_method": pm.id, "confirm": True,
              "metadata": {"order_id": "o-pay-twice"}}
    first = client.v1.payment_intents.create(params=params,
                                             options={"idempotency_key": "order-o-pay-twice-pay"})
    again = client.v1.payment_intents.create(params=params,
                                             options={"idempotency_key": "order-o-pay-twice-pay"})
    assert again.id == first.id and first.status == "succeeded"
    mine = [pi for pi in client.v1.payment_intents.list(params={"limit": 1000}).data
            if pi.to_dict()["metadata"].get("order_id") == "o-pay-twice"]
    assert len(mine) == 1


def test_the_same_key_with_other_parameters_is_refused(client):
    intent = paid_intent(client, "o-other-params-pay")
    client.v1.refunds.create(params={"payment_intent": intent.id, "amount": 10_000},
                             options={"idempotency_key": "refund-o-other-params"})
    with pytest.raises(stripe.IdempotencyError):
        client.v1.refunds.create(params={"payment_intent": intent.id, "amount": 20_000},
                                 options={"idempotency_key": "refund-o-other-params"})
    assert sum(r.amount for r in refunds_of(client, intent.id)) == 10_000


def test_a_declined_card_stays_declined_and_other_keys_are_independent(client):
    pm = client.v1.payment_methods.create(params={"type": "card", "card": {
        "number": "4000000000000341", "exp_month": 12, "exp_year": 2030, "cvc": "123"}})
    params = {"amount": 9_000, "currency": "inr", "payment_method": pm.id, "confirm": True}
    for _ in range(2):   # the decline is replayed, not retried
        with pytest.raises(stripe.CardError):
            client.v1.payment_intents.create(params=params,
                                             options={"idempotency_key": "o-declined-pay"})
    intent = paid_intent(client, "o-independent-pay")
    a = client.v1.refunds.create(params={"payment_intent": intent.id, "amount": 1_000},
                                 options={"idempotency_key": "refund-a"})
    b = client.v1.refunds.create(params={"payment_intent": intent.id, "amount": 1_000},
                                 options={"idempotency_key": "refund-b"})
    assert a.id != b.id and len(refunds_of(client, intent.id)) == 2
