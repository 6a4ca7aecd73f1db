"""A stand-in for Razorpay on loopback, kept in memory: the slice of its API, Checkout and
webhooks that DeogharMart uses, so that the official `razorpay` SDK, pointed here with
`razorpay.Client(auth=(key_id, key_secret), base_url=...)`, works unchanged.

Imitated, as in Razorpay's test mode:
- /v1 (Basic auth with the configured key pair): create and fetch orders and their payments,
  fetch, capture and refund payments (`X-Refund-Idempotency` honoured), fetch refunds; objects
  and errors in Razorpay's shapes (an unknown id is a 400, as on Razorpay).
- /v1/checkout.js: `window.Razorpay` (new Razorpay(options), .on("payment.failed"), .open(),
  .close()) drawing its own modal with UPI, Card and Netbanking blocks; the test UPI ids
  success@razorpay, failure@razorpay and pending@razorpay (a collect request that waits for
  the buyer's "UPI app"), the cards 4111 1111 1111 1111 (success) and 4000 0000 0000 0002
  (failure), any bank (success). Payments are captured at once unless the order was created
  with payment_capture=0; the order moves created -> attempted -> paid.
- Signed webhooks (razorpay_webhooks.py): payment.authorized, payment.captured, order.paid,
  payment.failed, refund.processed.
Not imitated: other resources (customers, transfers, payment links, ...), list filters and
paging, other currencies, fees and taxes, refund.created and refund.failed, pending refunds,
UPI intent/QR, 3-D Secure pages, expiry of a waiting UPI request or of an authorized payment.

Test hooks, outside /v1 (no auth; loopback only):
  POST /_config/webhooks {url, secret}         where events go (JSON or form)
  POST /_dm/payments {order_id, method, outcome: success|failure|pending, notes, email, contact}
                                               pay without a browser; answers what Checkout's
                                               handler (or payment.failed) would get
  POST /_dm/payments/{id}/approve | /decline   the buyer's UPI app answers a waiting request
  GET  /_dm/upi                                that UPI app, as a page with Approve/Decline
  GET  /_dm/webhooks, POST /_dm/webhooks/hold {"hold": bool}, POST /_dm/webhooks/{event_id}/resend
Checkout's own calls (CORS, public key id only): POST /_checkout/pay, GET /_checkout/payments/{id}.

Run: RAZORPAY_KEY_ID=... RAZORPAY_KEY_SECRET=... python -m infra.local.razorpay_server PORT
"""
from __future__ import annotations

import asyncio
import base64
import hmac
import html
import json
import os
import sys
from pathlib import Path

from aiohttp import web

from infra.local.razorpay_account import (DECLINED, NOT_FOUND, Razorpay, Refused,
                                          checkout_choice, entry_for)

CHECKOUT_JS = Path(__file__).with_name("razorpay_checkout") / "checkout.js"


def collection(items: list[dict]) -> web.Response:
    return web.json_response({"entity": "collection", "count": len(items), "items": items})


async def body_of(request: web.Request) -> dict:
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return dict(await request.post())
    raw = await request.read()
    try:
        body = json.loads(raw) if raw.strip() else {}
    except ValueError:
        raise Refused("The request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise Refused("The request body must be a JSON object")
    return body


def authorized(request: web.Request, rzp: Razorpay) -> bool:
    scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
    try:
        key_id, _, secret = base64.b64decode(encoded).decode().partition(":")
    except ValueError:
        return False
    return (scheme.lower() == "basic" and hmac.compare_digest(key_id, rzp.key_id)
            and hmac.compare_digest(secret, rzp.key_secret))


CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
        "Access-Control-Allow-Headers": "Content-Type", "Access-Control-Max-Age": "600"}


@web.middleware
async def gatekeeper(request: web.Request, handler):
    """Basic auth on /v1 (not on the Checkout script), CORS on Checkout's paths, and
    Razorpay's error shape for refused requests."""
    rzp: Razorpay = request.app["rzp"]
    cors = request.path.startswith("/_checkout/") or request.path == "/v1/checkout.js"
    if cors and request.method == "OPTIONS":
        return web.Response(status=204, headers=CORS)
    if request.path.startswith("/v1/") and not cors and not authorized(request, rzp):
        return web.json_response({"error": {"code": "BAD_REQUEST_ERROR",
                                            "description": "Authentication failed"}}, status=401)
    try:
        response = await handler(request)
    except Refused as e:
        response = web.json_response({"error": e.error}, status=400)
    if cors:
        response.headers.update(CORS)
    return response


routes = web.RouteTableDef()


def rzp_of(request: web.Request) -> Razorpay:
    return request.app["rzp"]


# -- the /v1 API ---------------------------------------------------------------
@routes.post("/v1/orders")
async def create_order(request):
    return web.json_response(rzp_of(request).create_order(await body_of(request)))


def named(request: web.Request, table: str) -> dict:
    """The order, payment or refund whose id is in the path."""
    rzp = rzp_of(request)
    return rzp.find(getattr(rzp, table), request.match_info["id"])


def belonging(request: web.Request, table: str, link: str, owner: dict) -> web.Response:
    """The collection of the payments of an order, or the refunds of a payment."""
    return collection([e for e in getattr(rzp_of(request), table).values() if e[link] == owner["id"]])


@routes.get("/v1/orders/{id}")
@routes.get("/v1/payments/{id}")
@routes.get("/v1/refunds/{id}")
async def fetch(request):
    return web.json_response(named(request, request.path.split("/")[2]))


@routes.get("/v1/orders/{id}/payments")
async def order_payments(request):
    return belonging(request, "payments", "order_id", named(request, "orders"))


@routes.post("/v1/payments/{id}/capture")
async def capture_payment(request):
    payment = named(request, "payments")
    body = await body_of(request)
    if body.get("currency", "INR") != payment["currency"]:
        raise Refused("The currency should be the payment's currency", field="currency")
    return web.json_response(rzp_of(request).capture(payment, body.get("amount")))


@routes.post("/v1/payments/{id}/refund")
async def refund_payment(request):
    payment = named(request, "payments")
    return web.json_response(rzp_of(request).refund(
        payment, await body_of(request), request.headers.get("X-Refund-Idempotency")))


@routes.get("/v1/payments/{id}/refunds")
async def payment_refunds(request):
    return belonging(request, "refunds", "payment_id", named(request, "payments"))


# -- Checkout (in the buyer's browser; CORS; the public key id only) -------------
@routes.get("/v1/checkout.js")
async def checkout_js(request):
    return web.Response(text=CHECKOUT_JS.read_text(), content_type="application/javascript",
                        headers={"Cache-Control": "no-cache"})


def check_key(request: web.Request, key) -> None:
    if key != rzp_of(request).key_id:
        raise web.HTTPUnauthorized(text=json.dumps({"error": {
            "code": "BAD_REQUEST_ERROR", "description": "Authentication failed"}}),
            content_type="application/json", headers=CORS)


@routes.post("/_checkout/pay")
async def checkout_pay(request):
    body = await body_of(request)
    check_key(request, body.get("key"))
    rzp = rzp_of(request)
    return web.json_response(rzp.outcome(rzp.pay(body, *checkout_choice(body))))


@routes.get("/_checkout/payments/{id}")
async def checkout_poll(request):
    check_key(request, request.query.get("key"))
    return web.json_response(rzp_of(request).outcome(named(request, "payments")))


# -- test hooks ------------------------------------------------------------------
@routes.post("/_config/webhooks")
async def configure_webhooks(request):
    body = await body_of(request)
    if not str(body.get("url", "")).startswith(("http://", "https://")):
        raise Refused("url: an http(s) address is required", field="url")
    rzp_of(request).webhooks.configure(body["url"], str(body.get("secret", "")))
    return web.json_response({"url": body["url"]})


@routes.post("/_dm/payments")
async def dm_pay(request):
    """A payment as if a buyer made it in Checkout: method upi (default), card or
    netbanking; outcome success (default), failure or pending (UPI only)."""
    body = await body_of(request)
    method, outcome = body.get("method", "upi"), body.get("outcome", "success")
    choice = checkout_choice({**body, "method": method, **entry_for(method, outcome)})
    rzp = rzp_of(request)
    return web.json_response(rzp.outcome(rzp.pay(body, *choice)))


@routes.post("/_dm/payments/{id}/{answer:approve|decline}")
async def dm_answer(request):
    """The buyer's UPI app approves or declines a waiting request (JSON for tests; the
    /_dm/upi page's form posts come back to that page)."""
    rzp = rzp_of(request)
    payment = rzp.waiting(request.match_info["id"])
    if request.match_info["answer"] == "approve":
        rzp.authorize(payment)
    else:
        rzp.fail(payment, *DECLINED)
    if request.content_type == "application/x-www-form-urlencoded":
        raise web.HTTPSeeOther("/_dm/upi")
    return web.json_response(rzp.outcome(payment))


@routes.get("/_dm/upi")
async def dm_upi_app(request):
    waiting = [p for p in rzp_of(request).payments.values()
               if p["status"] == "created" and p["method"] == "upi"]
    rows = "".join(
        f"<li><p><strong>₹{p['amount'] / 100:,.2f}</strong> to DeogharMart "
        f"(from {html.escape(p['vpa'] or '')}; {html.escape(p['id'])}, "
        f"order {html.escape(p['order_id'])})</p>"
        + "".join(f'<form method="post" action="/_dm/payments/{html.escape(p["id"])}/{a}">'
                  f'<button type="submit">{label}</button></form>'
                  for a, label in (("approve", "Approve / स्वीकार करें"),
                                   ("decline", "Decline / अस्वीकार करें")))
        + "</li>" for p in waiting)
    page = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<title>UPI app (local stand-in)</title></head><body>"
            "<h1>UPI app — requests waiting for approval</h1>"
            "<p>The buyer's UPI app for payments made with pending@razorpay.</p>"
            + (f"<ul>{rows}</ul>" if rows else "<p>No requests waiting.</p>")
            + '<p><a href="/_dm/upi">Refresh</a></p></body></html>')
    return web.Response(text=page, content_type="text/html")


@routes.get("/_dm/webhooks")
async def dm_webhooks(request):
    return web.json_response(rzp_of(request).webhooks.listing())


@routes.post("/_dm/webhooks/hold")
async def dm_hold(request):
    body = await body_of(request)
    if not isinstance(body.get("hold"), bool):
        raise Refused("hold: true or false", field="hold")
    rzp_of(request).webhooks.hold(body["hold"])
    return web.json_response(rzp_of(request).webhooks.listing())


@routes.post("/_dm/webhooks/{event_id}/resend")
async def dm_resend(request):
    delivery = rzp_of(request).webhooks.resend(request.match_info["event_id"])
    if delivery is None:
        raise Refused(NOT_FOUND, reason="NA", source="NA", step="NA")
    return web.json_response(delivery.summary())


def make_app(key_id: str, key_secret: str) -> web.Application:
    import aiohttp

    app = web.Application(middlewares=[gatekeeper])
    app["rzp"] = Razorpay(key_id, key_secret)
    app.add_routes(routes)

    async def deliver_webhooks(app):
        async with aiohttp.ClientSession() as session:
            task = asyncio.create_task(app["rzp"].webhooks.run(session))
            yield
            task.cancel()

    app.cleanup_ctx.append(deliver_webhooks)
    return app


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not argv[1].isdigit():
        print("usage: RAZORPAY_KEY_ID=... RAZORPAY_KEY_SECRET=... "
              "python -m infra.local.razorpay_server PORT", file=sys.stderr)
        return 2
    key_id, key_secret = os.environ.get("RAZORPAY_KEY_ID"), os.environ.get("RAZORPAY_KEY_SECRET")
    if not key_id or not key_secret:
        print("RAZORPAY_KEY_ID and RAZORPAY_KEY_SECRET must be set", file=sys.stderr)
        return 2
    web.run_app(make_app(key_id, key_secret), host="127.0.0.1", port=int(argv[1]),
                print=None, access_log=None)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
