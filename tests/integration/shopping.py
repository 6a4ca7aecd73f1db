"""Shopping on the running local stack over HTTP, as the storefront and the portal do:
the API calls, a product in stock, an order, a card paid at localstripe, the courier's
signed events. Shared by the integration tests and benchmarks' checks."""
from __future__ import annotations

import hashlib
import hmac
import json
import time

import requests

from infra.local import env as stack_env

ADDRESS = {"line1": "Near Baba Mandir, Castair Town", "city": "Deoghar", "state": "Jharkhand",
           "pincode": "814112", "country": "IN"}
CONTACT = {"name": "Asha Kumari", "phone": "+91 98350 12345", "email": "asha@example.in"}
SHORT_WINDOW = 6   # seconds to pay, for the tests of an order whose payment never comes


def call(api, method, path, token=None, order_token=None, **kw):
    headers = kw.pop("headers", {})
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if order_token:
        headers["X-Order-Token"] = order_token
    return requests.request(method, api.url + path, headers=headers, timeout=30, **kw)


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


def set_stock(api, vendor, product, variant_id, stock):
    mine = call(api, "GET", f"/vendor/products/{product['id']}", vendor["token"]).json()
    variants = mine["variants"]
    for v in variants:
        if v["id"] == variant_id:
            v["stock"] = stock
    r = call(api, "PATCH", f"/vendor/products/{product['id']}", vendor["token"],
             json={"version": mine["version"], "variants": variants})
    assert r.status_code == 200, r.text


def list_on_sale(api, maker_token, office_token, body: dict, photo: bytes,
                 acting: str | None = None) -> str:
    """A maker's new product (`body` as POST /vendor/products takes it) with a JPEG photo,
    sent for review and approved by the office: on sale. Its id. `acting`: the maker's id
    when `maker_token` is a facilitator's, listing for them."""
    from tests.integration.waiting import wait_for
    q = f"?vendor_id={acting}" if acting else ""
    r = call(api, "POST", f"/vendor/products{q}", maker_token, json=body)
    assert r.status_code == 200, r.text
    pid = r.json()["id"]
    grant = call(api, "POST", f"/vendor/products/{pid}/images{q}", maker_token,
                 json={"content_type": "image/jpeg"}).json()
    assert requests.post(grant["url"], data=grant["fields"], timeout=60, files={
        "file": ("p.jpg", photo, "image/jpeg")}).status_code in (200, 204)
    wait_for(lambda: call(api, "GET", f"/vendor/products/{pid}{q}", maker_token).json()["images"],
             timeout=60, what="the photo processed")
    assert call(api, "POST", f"/vendor/products/{pid}/submit{q}", maker_token).status_code == 200
    assert call(api, "POST", f"/admin/products/{pid}/approve", office_token,
                json={}).status_code == 200
    return pid


def stock_of(api, product_id, variant_id):
    p = call(api, "GET", f"/products/{product_id}").json()
    return next(v for v in p["variants"] if v["id"] == variant_id)["stock"]


def courier_post(api, event: dict, secret=stack_env.COURIER_WEBHOOK_SECRET, signature=None):
    """A courier tracking event signed as the courier signs them (or with `signature`;
    "" sends none)."""
    body = json.dumps(event).encode()
    sig = signature if signature is not None else hmac.new(secret.encode(), body,
                                                            hashlib.sha256).hexdigest()
    headers = {"Content-Type": "application/json"}
    if sig:
        headers["X-Courier-Signature"] = sig
    return call(api, "POST", "/webhooks/courier", data=body, headers=headers)


def stripe_signed(event: dict, at: int | None = None,
                  secret: str = stack_env.STRIPE_WEBHOOK_SECRET) -> tuple[bytes, dict]:
    """A Stripe event as Stripe signs it for our endpoint at time `at` (default now): the
    body and the headers to post it with."""
    payload = json.dumps(event).encode()
    at = int(time.time()) if at is None else at
    sig = hmac.new(secret.encode(), f"{at}.".encode() + payload, hashlib.sha256).hexdigest()
    return payload, {"Content-Type": "application/json", "Stripe-Signature": f"t={at},v1={sig}"}
