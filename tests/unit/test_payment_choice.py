"""Which gateway takes which checkout choice on a stage (chalicelib/payments/gateway.py), and
what the API refuses before any gateway is asked. The gateways themselves are exercised on
the local stack (tests/integration/test_razorpay.py: the Razorpay stand-in; localstripe)."""
import hashlib
import hmac
import json
import os

import pytest

from chalicelib import config
from chalicelib.payments import gateway


@pytest.fixture
def providers(monkeypatch):
    """Choose the stage's gateways (the rest of the unit stage's environment as it is)."""
    from tests.unit.conftest import unit_env
    env = {**unit_env(), "COGNITO_USER_POOL_ID": os.environ.get("COGNITO_USER_POOL_ID", "x"),
           "COGNITO_CLIENT_ID": os.environ.get("COGNITO_CLIENT_ID", "x"),
           "RAZORPAY_KEY_ID": "rzp_test_unit", "RAZORPAY_KEY_SECRET": "unit-key-secret",
           "RAZORPAY_WEBHOOK_SECRET": "unit-secret"}
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    def use(names: str):
        monkeypatch.setenv("PAYMENT_PROVIDERS", names)
        config.reset()
    yield use
    monkeypatch.undo()
    config.reset()


def test_upi_comes_first_where_razorpay_is_on_and_cards_go_to_stripe_where_it_is(providers):
    providers("razorpay,stripe")
    assert gateway.options(cod_available=True) == [
        {"method": "upi", "provider": "razorpay"}, {"method": "card", "provider": "stripe"},
        {"method": "cod", "provider": None}]
    providers("razorpay")
    assert gateway.options(cod_available=False) == [
        {"method": "upi", "provider": "razorpay"}, {"method": "card", "provider": "razorpay"}]
    providers("stripe")
    assert gateway.options(cod_available=True) == [
        {"method": "card", "provider": "stripe"}, {"method": "cod", "provider": None}]
    with pytest.raises(gateway.Unprocessable) as refused:
        gateway.provider_for("upi")
    assert refused.value.code == "payment_method_unavailable"


def test_nothing_of_razorpay_is_imported_by_a_stage_without_it():
    """Cold start and package: the Stripe-only path never imports the Razorpay SDK."""
    import subprocess
    import sys
    code = ("import sys; from chalicelib.payments import gateway, webhooks, stripe_gateway; "
            "from chalicelib.orders import lifecycle, checkout, reconcile; "
            "print(any(m == 'razorpay' or m.startswith('razorpay.') or "
            "m.endswith('razorpay_gateway') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", out.stderr


def _signed(body: bytes, secret: str) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def test_a_forged_razorpay_webhook_is_401_and_a_stage_without_razorpay_takes_none(client,
                                                                                 providers):
    body = json.dumps({"entity": "event", "event": "payment.captured", "payload": {
        "payment": {"entity": {"id": "pay_forged000001", "amount": 100, "status": "captured",
                               "order_id": "order_forged0001", "notes": {"order_id": "o-1"}}}}}
                      ).encode()
    providers("razorpay,stripe")
    for headers in ({}, {"X-Razorpay-Signature": _signed(body, "not-the-secret")},
                    {"X-Razorpay-Signature": _signed(body + b" ", "unit-secret")}):
        r = client.http.post("/webhooks/razorpay", body=body, headers={
            "Content-Type": "application/json", "X-Razorpay-Event-Id": "evt_1", **headers})
        assert r.status_code == 401 and json.loads(r.body)["error"]["code"] == "bad_signature"
    # rightly signed, of a type we do not act on: received and ignored
    other = json.dumps({"entity": "event", "event": "order.paid", "payload": {}}).encode()
    r = client.http.post("/webhooks/razorpay", body=other, headers={
        "Content-Type": "application/json", "X-Razorpay-Event-Id": "evt_2",
        "X-Razorpay-Signature": _signed(other, "unit-secret")})
    assert r.status_code == 200 and json.loads(r.body)["ignored"] is True
    providers("stripe")
    r = client.http.post("/webhooks/razorpay", body=other, headers={
        "Content-Type": "application/json", "X-Razorpay-Event-Id": "evt_3",
        "X-Razorpay-Signature": _signed(other, "unit-secret")})
    assert r.status_code == 401
