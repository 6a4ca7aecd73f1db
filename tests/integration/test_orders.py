"""The order spine on the running local stack: checkout, localstripe, the signed webhook,
the Step Functions execution in moto, the runner's handlers, the courier simulator."""
from __future__ import annotations

import time

import pytest
import requests
import stripe

ADDRESS = {"line1": "Near Baba Mandir, Castair Town", "city": "Deoghar", "state": "Jharkhand",
           "pincode": "814112", "country": "IN"}
CONTACT = {"name": "Asha Kumari", "phone": "+91 98350 12345", "email": "asha@example.in"}


def call(api, method, path, token=None, order_token=None, **kw):
    headers = kw.pop("headers", {})
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if order_token:
        headers["X-Order-Token"] = order_token
    return requests.request(method, api.url + path, headers=headers, timeout=30, **kw)


def wait_for(fn, timeout=40, what="condition"):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = fn()
        if last:
            return last
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def vendor(api, stack):
    account = next(a for a in stack["demo_accounts"] if a["role"] == "vendor")
    token = call(api, "POST", "/auth/login", json={"email": account["email"],
                                                   "password": account["password"]}).json()
    return {"id": account["vendor_id"], "token": token["id_token"]}


@pytest.fixture(scope="module")
def stripe_client(stack):
    return stripe.StripeClient(stack["stripe_secret_key"],
                               base_addresses={"api": stack["stripe_api_base"]})


def vendor_product(api, vendor_id, min_stock=1, perishable=None):
    items = call(api, "GET", f"/vendors/{vendor_id}?limit=50").json()["products"]
    for card in items:
        product = call(api, "GET", f"/products/{card['id']}").json()
        if perishable is not None and product["perishable"] != perishable:
            continue
        for v in product["variants"]:
            if v["stock"] >= min_stock:
                return product, v
    raise AssertionError("no product in stock")


def pay(api, stripe_client, created, card="4242424242424242"):
    """What the storefront does: Stripe.js makes a PaymentMethod, our API confirms it."""
    pm = stripe_client.v1.payment_methods.create(params={
        "type": "card", "card": {"number": card, "exp_month": 12, "exp_year": 2030, "cvc": "123"}})
    return call(api, "POST", f"/orders/{created['order_id']}/pay",
                order_token=created["order_token"], json={"payment_method": pm.id})


def order(api, product, variant, quantity=1, method="card", **extra):
    body = {"items": [{"product_id": product["id"], "variant_id": variant["id"],
                       "quantity": quantity, **extra}],
            "contact": CONTACT, "address": ADDRESS, "payment_method": method}
    return call(api, "POST", "/orders", json=body)


def status_of(api, created):
    return call(api, "GET", f"/orders/{created['order_id']}",
                order_token=created["order_token"]).json()


def test_happy_path_card_to_delivered_and_ledger(api, vendor, stripe_client):
    product, variant = vendor_product(api, vendor["id"])
    stock_before = variant["stock"]
    q = call(api, "POST", "/quotes", json={"items": [{"product_id": product["id"],
                                                      "variant_id": variant["id"], "quantity": 1}],
                                           "pincode": "814112", "country": "IN"}).json()
    assert q["ok"] and q["totals"]["total_paise"] > variant["price_paise"]
    r = order(api, product, variant)
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["total_paise"] == q["totals"]["total_paise"]
    assert created["payment"]["publishable_key"]
    after = call(api, "GET", f"/products/{product['id']}").json()
    assert next(v for v in after["variants"] if v["id"] == variant["id"])["stock"] == stock_before - 1

    paid = pay(api, stripe_client, created)
    assert paid.status_code == 200 and paid.json()["status"] == "succeeded", paid.text
    booked = wait_for(lambda: (lambda o: o if o["status"] == "paid" and o["parcels"][0][
        "tracking_number"] else None)(status_of(api, created)), what="paid and booked")
    parcel = booked["parcels"][0]
    todo = call(api, "GET", "/vendor/orders", vendor["token"]).json()["items"]
    mine = next(p for p in todo if p["id"] == parcel["id"])
    assert mine["ship_to"]["pincode"] == "814112" and mine["status"] == "awaiting_pickup"
    r = call(api, "POST", f"/vendor/parcels/{parcel['id']}/packed", vendor["token"])
    assert r.status_code == 200, r.text
    done = wait_for(lambda: (lambda o: o if o["status"] == "completed" else None)(
        status_of(api, created)), what="delivered")
    steps = [e["status"] for e in done["parcels"][0]["timeline"] if e["applied"]]
    assert steps == ["picked_up", "in_transit", "out_for_delivery", "delivered"]
    ledger = call(api, "GET", "/vendor/payouts", vendor["token"]).json()
    entry = next(e for e in ledger["entries"] if e["parcel_id"] == parcel["id"])
    assert entry["gross_paise"] == parcel["value_paise"]
    assert entry["amount_paise"] == entry["gross_paise"] - entry["commission_paise"] > 0
