"""Proofs for docs/security.md that no other test holds: whose order, parcel and maker a caller
reaches (OWASP API1), which routes are public (API5), the fields a caller may not set or see
(API3), passwords and tokens in logs (API2), a signed payment event that does not match its
order (API10), and where the server makes HTTP calls itself (API7). Through the real routes
(chalice's local gateway runs the authorizer), on moto in-process."""
from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
from pathlib import Path

import pytest

from chalicelib import config
from chalicelib.log_masking import MASK
from chalicelib.observability import logger
from infra.seed import seed as seeding
from tests.unit import accounts
from tests.unit.test_log_masking import log_output, records  # noqa: F401 (a fixture)
from tests.unit.test_vendor_flow import PROFILE, PRODUCT

DATA = seeding.load_data()
APPROVED = [v["id"] for v in DATA["vendors"] if v["status"] == "approved"]
VENDOR_A, VENDOR_B, VENDOR_C = APPROVED[8], APPROVED[9], APPROVED[10]
PASSWORD = "Secure@Deoghar2026"
CONTACT = {"name": "Kavita Mahato", "phone": "9431076543", "email": "kavita@example.in"}
ADDRESS = {"line1": "Jasidih Road, Ward 7", "city": "Deoghar", "state": "Jharkhand",
           "pincode": "814112", "country": "IN"}


def send(client, method, path, body=None, token=None, order_token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if order_token is not None:
        headers["X-Order-Token"] = order_token
    r = client.http.request(method, path, headers=headers,
                            body="" if body is None else json.dumps(body))
    is_json = r.headers.get("Content-Type", "").startswith("application/json")
    return r.status_code, (json.loads(r.body) if is_json and r.body else r.body)


def place_card_order(client) -> dict:
    product = next(p for p in DATA["products"] if p["vendor"] == VENDOR_B)
    variant = max(product["variants"], key=lambda v: v["stock"])
    status, created = send(client, "POST", "/orders", {
        "items": [{"product_id": product["id"], "variant_id": variant["id"], "quantity": 1}],
        "contact": CONTACT, "address": ADDRESS, "payment_method": "card"})
    assert status == 201, created
    _, view = send(client, "GET", f"/orders/{created['order_id']}",
                   order_token=created["order_token"])
    return {**created, "parcel_id": view["parcels"][0]["id"]}


@pytest.fixture(scope="module")
def users(client):
    return {name: tokens["id_token"] for name, tokens in
            accounts.four_roles(client, "sec", PASSWORD, VENDOR_A, VENDOR_B, VENDOR_C).items()}


@pytest.fixture(scope="module")
def orders(client):
    """Two card orders of vendor B's product, waiting for payment."""
    return [place_card_order(client), place_card_order(client)]


# --- API1: object level authorization ---------------------------------------------------------

def test_an_order_opens_only_with_its_own_token(client, orders):
    mine, other = orders
    path = f"/orders/{mine['order_id']}"
    for token in (None, "", "x" * 32, other["order_token"]):
        for method, suffix, body in (("GET", "", None), ("POST", "/cancel", {}),
                                     ("POST", "/pay", {"payment_method": "pm_card_visa"}),
                                     ("POST", "/razorpay", {"razorpay_payment_id": "pay_x123456",
                                                            "razorpay_order_id": "order_x123456",
                                                            "razorpay_signature": "0" * 64}),
                                     ("GET", f"/parcels/{mine['parcel_id']}/invoice", None)):
            status, answer = send(client, method, path + suffix, body, order_token=token)
            assert status == 404 and answer["error"]["code"] == "order_not_found", \
                (token, suffix, status, answer)
    # its own token does not open another order's parcel either
    status, answer = send(client, "GET", f"{path}/parcels/{other['parcel_id']}/invoice",
                          order_token=mine["order_token"])
    assert status == 404 and answer["error"]["code"] == "parcel_not_found"
    # nothing above touched the order; its own token cancels it
    status, view = send(client, "GET", path, order_token=mine["order_token"])
    assert status == 200 and view["status"] == "pending_payment"
    status, view = send(client, "POST", f"{path}/cancel", {}, order_token=mine["order_token"])
    assert status == 200 and view["status"] == "cancelled", view


def test_a_vendor_reaches_only_its_own_parcels(client, users, orders):
    parcel = orders[1]["parcel_id"]
    for method, path in (("GET", f"/vendor/parcels/{parcel}/invoice"),
                         ("POST", f"/vendor/parcels/{parcel}/packed")):
        status, answer = send(client, method, path, token=users["a"])
        assert status == 404 and answer["error"]["code"] == "parcel_not_found", (path, answer)
    _, listed = send(client, "GET", "/vendor/orders?limit=50", token=users["a"])
    assert parcel not in [p["id"] for p in listed["items"]]
    # the parcel is there for its own vendor (packing waits for payment)
    _, listed = send(client, "GET", "/vendor/orders?limit=50", token=users["b"])
    assert parcel in [p["id"] for p in listed["items"]]
    assert send(client, "GET", f"/vendor/parcels/{parcel}/invoice", token=users["b"])[0] == 200
    status, answer = send(client, "POST", f"/vendor/parcels/{parcel}/packed", token=users["b"])
    assert status == 409 and answer["error"]["code"] == "not_packable"


def test_a_facilitator_reaches_only_the_makers_it_looks_after(client, users, orders):
    parcel = orders[1]["parcel_id"]
    for method, path in (("GET", "/vendor/orders"), ("GET", "/vendor/payouts"),
                         ("GET", f"/vendor/parcels/{parcel}/invoice"),
                         ("POST", f"/vendor/parcels/{parcel}/packed")):
        status, answer = send(client, method, f"{path}?vendor_id={VENDOR_B}", token=users["f"])
        assert status == 404 and answer["error"]["code"] == "vendor_not_found", (path, answer)
    status, listed = send(client, "GET", f"/vendor/orders?vendor_id={VENDOR_C}", token=users["f"])
    assert status == 200 and parcel not in [p["id"] for p in listed["items"]]
    status, answer = send(client, "GET", f"/vendor/parcels/{parcel}/invoice?vendor_id={VENDOR_C}",
                          token=users["f"])
    assert status == 404 and answer["error"]["code"] == "parcel_not_found"


# --- API5: broken function level authorization --------------------------------------------------

# Every route anyone may call without signing in, and what guards it instead. A new route is
# public only if it is added here on purpose: forgetting `for_admins` must fail a test.
PUBLIC = {
    ("GET", "/health"): "liveness", ("GET", "/health/ready"): "readiness",
    ("GET", "/openapi.json"): "the API's description",
    ("GET", "/categories"): "catalog", ("GET", "/products"): "catalog (approved only)",
    ("GET", "/products/{product_id}"): "catalog (approved only)",
    ("GET", "/vendors/{vendor_id}"): "catalog (approved makers only)",
    ("POST", "/auth/signup"): "Cognito; a vendor account, nothing more",
    ("POST", "/auth/confirm"): "Cognito's e-mailed code", ("POST", "/auth/login"): "Cognito",
    ("POST", "/auth/refresh"): "Cognito's refresh token",
    ("POST", "/auth/new-password"): "Cognito's session of a sign-in with the temporary password",
    ("POST", "/auth/forgot-password"): "Cognito mails the code to the account's own address; "
                                       "the same answer for an unknown one",
    ("POST", "/auth/reset-password"): "Cognito's e-mailed code",
    ("POST", "/auth/resend-code"): "Cognito mails the code to the account's own address",
    ("GET", "/blocks"): "public data: Deoghar's blocks",
    ("GET", "/abroad"): "public data: countries served, India Post's rates, currency rates",
    ("POST", "/quotes"): "prices from the catalog", ("POST", "/orders"): "a guest checkout",
    ("GET", "/orders/{order_id}"): "the order token",
    ("POST", "/orders/{order_id}/pay"): "the order token",
    ("POST", "/orders/{order_id}/razorpay"): "the order token (and Razorpay's signature)",
    ("POST", "/orders/{order_id}/cancel"): "the order token",
    ("GET", "/orders/{order_id}/parcels/{parcel_id}/invoice"): "the order token",
    ("GET", "/orders/{order_id}/feedback"): "the order token (or its mail's link key)",
    ("POST", "/orders/{order_id}/photos"): "the order token; a delivered line of it",
    ("GET", "/orders/{order_id}/photos/{upload_id}"): "the order token",
    ("POST", "/orders/{order_id}/reviews"): "the order token; a delivered line of it",
    ("PUT", "/orders/{order_id}/reviews/{review_id}"): "the order token; its own review",
    ("POST", "/orders/{order_id}/complaints"): "the order token; a delivered line of it",
    ("GET", "/products/{product_id}/reviews"): "published reviews (first name and town only)",
    ("GET", "/vendors/{vendor_id}/reviews"): "published reviews (first name and town only)",
    ("POST", "/webhooks/stripe"): "Stripe's signature",
    ("POST", "/webhooks/razorpay"): "Razorpay's signature",
    ("POST", "/webhooks/courier"): "the courier's HMAC",
}


def test_only_the_listed_routes_are_public_and_the_rest_run_the_authorizer():
    from app import app
    public = set()
    for path, methods in app.routes.items():
        for method, entry in methods.items():
            op = getattr(entry.view_function, "__openapi__", None)
            if method == "OPTIONS":
                continue
            if op is not None and op.groups:
                assert entry.authorizer is not None and entry.authorizer.name == "cognito_jwt", path
            else:
                assert entry.authorizer is None, path
                public.add((method, path))
    assert public <= set(PUBLIC), sorted(public - set(PUBLIC))


# --- API3: object property level authorization --------------------------------------------------

def _refused_field(status, answer) -> list[str]:
    assert status == 400 and answer["error"]["code"] == "invalid_body", answer
    return [d["field"] for d in answer["error"]["details"]]


def test_fields_the_server_owns_cannot_be_sent(client, users):
    token = users["a"]
    _, mine = send(client, "GET", "/vendor/products?limit=1", token=token)
    product = mine["items"][0]
    _, profile = send(client, "GET", "/vendor/profile", token=token)
    order = {"items": [{"product_id": product["id"], "variant_id": product["variants"][0]["id"],
                        "quantity": 1}], "contact": CONTACT, "address": ADDRESS,
             "payment_method": "cod"}
    cases = [
        ("POST", "/vendor/products", token, {**PRODUCT, "status": "approved"}, "status"),
        ("POST", "/vendor/products", token, {**PRODUCT, "vendor_id": VENDOR_B}, "vendor_id"),
        ("PATCH", f"/vendor/products/{product['id']}", token,
         {"version": product["version"], "review_state": "approved"}, "review_state"),
        ("PUT", "/vendor/profile", token, {**PROFILE, "status": "approved"}, "status"),
        ("POST", "/auth/signup", None, {"email": "climber@example.in", "password": PASSWORD,
                                        "name": "Climber", "group": "admins"}, "group"),
        ("POST", "/orders", None, {**order, "total_paise": 100}, "total_paise"),
    ]
    for method, path, who, body, field in cases:
        assert _refused_field(*send(client, method, path, body, token=who)) == [field], path
    # nothing changed on the way
    assert send(client, "GET", "/vendor/profile", token=token)[1] == profile
    assert send(client, "GET", f"/vendor/products/{product['id']}", token=token)[1]["version"] \
        == product["version"]


PRIVATE_KEYS = {"phone", "email", "bank", "gstin", "udyam", "consent", "review_reason",
                "managed_by_facilitator", "own_account", "version", "revision", "image_rejections"}


def _keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_public_pages_show_none_of_a_makers_private_details(client, users):
    token = users["a"]
    _, profile = send(client, "GET", "/vendor/profile", token=token)
    editable = {k: profile[k] for k in ("name", "story", "craft", "category", "block", "village",
                                        "is_shg", "since_year", "accepts_cod")}
    private = {k: PROFILE[k] for k in ("phone", "email", "gstin", "udyam", "bank")}
    status, saved = send(client, "PUT", f"/vendor/profile?version={profile['version']}",
                         {**editable, **private}, token=token)
    assert status == 200 and saved["gstin"] == PROFILE["gstin"], saved
    product = next(p["id"] for p in DATA["products"] if p["vendor"] == VENDOR_A)
    for path in (f"/vendors/{VENDOR_A}", f"/products/{product}", f"/products?vendor={VENDOR_A}"):
        status, page = send(client, "GET", path)
        assert status == 200, path
        assert not _keys(page) & PRIVATE_KEYS, (path, _keys(page) & PRIVATE_KEYS)
        text = json.dumps(page)
        for secret in ("98765", "sita@example.in", PROFILE["gstin"], "123456789012", "SBIN"):
            assert secret not in text, (path, secret)


def test_the_office_order_list_names_no_shopper(client, users, orders):
    status, listed = send(client, "GET", f"/admin/orders?vendor_id={VENDOR_B}&limit=100",
                          token=users["admin"])
    assert status == 200
    found = [o for o in listed["items"] if o["id"] in {x["order_id"] for x in orders}]
    assert len(found) == 2 and found[0]["destination"]["pincode"] == "814112"
    text = json.dumps(found)
    for secret in (CONTACT["name"], CONTACT["phone"], CONTACT["email"], ADDRESS["line1"]):
        assert secret not in text, secret


def test_passwords_and_tokens_never_reach_the_logs(log_output):  # noqa: F811
    """Sign-in passes passwords through the API (USER_PASSWORD_AUTH); whatever logs a request
    or a failure must not write them, nor a token."""
    logger.info("sign-in", extra={
        "password": "Hunter@Deoghar2026", "Authorization": "Bearer eyJhbGciOi.secret.sig",
        "tokens": {"id_token": "eyJid.secret", "access_token": "eyJac.secret",
                   "refresh_token": "refresh-secret"}, "client_secret": "pi_1_secret_2",
        "order_id": "o-0123456789ab"})
    out = log_output.getvalue()
    for secret in ("Hunter@Deoghar2026", "eyJhbGciOi", "eyJid", "eyJac", "refresh-secret",
                   "pi_1_secret_2"):
        assert secret not in out, secret
    (record,) = records(log_output)
    assert record["password"] == record["Authorization"] == MASK
    assert record["tokens"] == {"id_token": MASK, "access_token": MASK, "refresh_token": MASK}
    assert record["order_id"] == "o-0123456789ab"


# --- API10: unsafe consumption of APIs ----------------------------------------------------------

def stripe_signed(event: dict) -> tuple[bytes, str]:
    """What Stripe sends: the payload and `t=<time>,v1=<HMAC-SHA256 of "t.payload">`."""
    payload = json.dumps(event).encode()
    ts = int(time.time())
    secret = config.settings().stripe_webhook_secret.encode()
    sig = hmac.new(secret, f"{ts}.".encode() + payload, hashlib.sha256).hexdigest()
    return payload, f"t={ts},v1={sig}"


def test_a_signed_payment_event_pays_only_the_order_and_amount_it_names(client):
    """The signature proves Stripe sent it; the order still checks what it says. (At the end
    the order is marked paid as the state machine would: left waiting, a later test's
    reconciliation would cancel it and call Stripe, and unit tests are offline.)"""
    created = place_card_order(client)

    def event(n: int, amount: int, order_id: str) -> dict:
        return {"id": f"evt_sec_{created['order_id']}_{n}", "object": "event",
                "type": "payment_intent.succeeded", "created": int(time.time()),
                "data": {"object": {"id": f"pi_sec_{created['order_id']}",
                                    "object": "payment_intent", "amount": amount,
                                    "status": "succeeded", "metadata": {"order_id": order_id}}}}

    def deliver(e: dict) -> dict:
        payload, signature = stripe_signed(e)
        r = client.http.post("/webhooks/stripe", body=payload, headers={
            "Content-Type": "application/json", "Stripe-Signature": signature})
        assert r.status_code == 200, r.body
        _, view = send(client, "GET", f"/orders/{created['order_id']}",
                       order_token=created["order_token"])
        return view

    total = created["total_paise"]
    assert deliver(event(1, total - 100, created["order_id"]))["payment_status"] is None
    assert deliver(event(2, total, "o-000000000000"))["payment_status"] is None
    assert deliver(event(3, total, created["order_id"]))["payment_status"] == "succeeded"
    from chalicelib.orders import repository as repo
    assert repo.transition(repo.get_order(created["order_id"]), ("pending_payment",), "paid")


# --- API7: server side request forgery -----------------------------------------------------------

OUTBOUND = re.compile(r"^\s*(?:import|from)\s+(requests|urllib\.request|urllib3|http\.client|"
                      r"httpx|aiohttp|socket|pycurl)\b", re.M)


def test_only_the_courier_adapter_opens_http_connections_itself():
    """Every other outbound call goes through boto3, the Stripe SDK or the Razorpay SDK, to
    addresses that come from configuration; none is taken from a request. The currency rates'
    schedule fetches its configured https source (no request reaches it)."""
    root = Path(config.__file__).parent
    found = {str(p.relative_to(root)) for p in root.rglob("*.py") if OUTBOUND.search(p.read_text())}
    assert found == {"orders/courier.py", "exports/fx.py"}
    courier = (root / "orders" / "courier.py").read_text()
    assert "config.settings().courier_api_url" in courier
    rates = (root / "exports" / "fx.py").read_text()
    assert "config.settings().fx_source_url" in rates and 'startswith("https://")' in rates
