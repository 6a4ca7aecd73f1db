"""Concurrent shoppers for bench/load.py: each loops browse → quote → card token at
localstripe → order → pay → order page, as the storefront does (frontend/js/), and
every response's latency is recorded by endpoint.

The floor (GET /health/ready: a bare route with exactly one DynamoDB read) is asked
between the steps of the same shoppers, at random, so it is measured under the same
load at the same time. Stripe's webhook reaches the API through `WebhookRelay`, a pass-
through this process puts between localstripe and the API: it times the webhook route
and tells when each order's payment event arrived.
"""
from __future__ import annotations

import asyncio
import json
import random
import statistics
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web

FLOOR = "GET /health/ready"
CARDS = {"ok": "4242424242424242", "declined": "4000000000000341"}
# Destinations: Deoghar itself, the state capital, and the big cities shoppers write from.
PLACES = [("814112", "Deoghar", "Jharkhand"), ("834001", "Ranchi", "Jharkhand"),
          ("110001", "New Delhi", "Delhi"), ("400001", "Mumbai", "Maharashtra"),
          ("700001", "Kolkata", "West Bengal"), ("560001", "Bengaluru", "Karnataka")]
SEARCHES = ["peda", "pera", "bangle", "lahthi", "bamboo", "terracotta", "embroidery",
            "पेड़ा", "चूड़ी", "lohar", "didi", "prasad"]


@dataclass
class Order:
    id: str
    token: str
    total: int
    plan: str                 # pay | declined | cancel | abandon
    pay_sent_at: float | None = None    # POST /pay sent (Unix time)
    paid: bool = False                  # ... and it answered "succeeded"
    webhook_at: float | None = None     # the payment event reached the relay
    outcome: str = "placed"


@dataclass
class Stats:
    latency: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    outcomes: Counter = field(default_factory=Counter)
    orders: dict[str, Order] = field(default_factory=dict)
    server_errors: list[str] = field(default_factory=list)

    def record(self, label: str, seconds: float, status: int | str) -> None:
        self.latency[label].append(seconds * 1000)
        self.statuses[label][status] += 1

    def percentiles(self, label: str) -> tuple[float, float, float] | None:
        data = self.latency.get(label, [])
        if len(data) < 2:
            return None
        q = statistics.quantiles(data, n=100, method="inclusive")
        return q[49], q[94], q[98]


class Client:
    """One aiohttp session for every shopper; each call timed under its endpoint label."""

    def __init__(self, info: dict, stats: Stats, concurrency: int):
        self.api = info["api_url"]
        self.stripe = info["stripe_api_base"]
        self.publishable_key = info["stripe_publishable_key"]
        self.stats = stats
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=concurrency * 4),
            timeout=aiohttp.ClientTimeout(total=60))

    async def call(self, label: str, method: str, url: str, refused: str | None = None,
                   **kw) -> tuple[int, bytes]:
        """`refused`: the label a 4xx answer is recorded under (a refusal costs less than
        the work, and would hide the work's latency)."""
        start = time.perf_counter()
        try:
            async with self.session.request(method, url, **kw) as r:
                body = await r.read()
                status = r.status
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            self.stats.record(label, time.perf_counter() - start, type(exc).__name__)
            self.stats.server_errors.append(f"{label}: {type(exc).__name__} {exc}")
            return 0, b""
        if refused and 400 <= status < 500:
            label = refused
        self.stats.record(label, time.perf_counter() - start, status)
        if status >= 500:
            self.stats.server_errors.append(f"{label}: {status} {body[:200]!r}")
        return status, body

    async def api_json(self, label: str, method: str, path: str, **kw) -> tuple[int, dict]:
        status, body = await self.call(label, method, self.api + path, **kw)
        try:
            return status, json.loads(body) if body else {}
        except ValueError:
            return status, {}

    async def close(self) -> None:
        await self.session.close()


class Shopper:
    def __init__(self, n: int, client: Client, catalog: dict, hot: dict | None, mix: dict,
                 rng: random.Random):
        self.n, self.client, self.catalog, self.hot, self.mix, self.rng = \
            n, client, catalog, hot, mix, rng

    async def step(self) -> None:
        """Between two steps of the journey, now and then, the floor."""
        if self.rng.random() < self.mix["floor_rate"]:
            await self.client.api_json(FLOOR, "GET", "/health/ready")

    async def browse(self) -> list[dict]:
        """A listing page, as the storefront reads it: categories and products at once."""
        kind = self.rng.choice(["home", "category", "search"])
        if kind == "home":
            path, label = "/products?limit=12", "GET /products (home)"
        elif kind == "category":
            path = f"/products?category={self.rng.choice(self.catalog['categories'])}&limit=24"
            label = "GET /products?category="
        else:
            path = f"/products?q={self.rng.choice(SEARCHES)}&limit=24"
            label = "GET /products?q="
        (_, _), (status, listing) = await asyncio.gather(
            self.client.api_json("GET /categories", "GET", "/categories"),
            self.client.api_json(label, "GET", path))
        return [c for c in listing.get("items", []) if c.get("in_stock")] if status == 200 else []

    async def cart(self) -> list[dict]:
        if self.hot is not None:
            return [{"product_id": self.hot["product_id"], "variant_id": self.hot["variant_id"],
                     "quantity": 1}]
        cards = await self.browse()
        await self.step()
        items = []
        for card in self.rng.sample(cards, min(len(cards), self.rng.choice([1, 1, 1, 2]))):
            status, product = await self.client.api_json("GET /products/{id}", "GET",
                                                         f"/products/{card['id']}")
            variants = [v for v in product.get("variants", []) if v["in_stock"]]
            if status == 200 and variants:
                v = self.rng.choice(variants)
                items.append({"product_id": product["id"], "variant_id": v["id"],
                              "quantity": self.rng.choice([1, 1, 1, 2])})
        return items

    async def once(self, stats: Stats) -> None:
        items = await self.cart()
        if not items:
            stats.outcomes["nothing in stock to buy"] += 1
            return
        pin, city, state = self.rng.choice(PLACES)
        await self.step()
        status, quote = await self.client.api_json("POST /quotes", "POST", "/quotes",
                                                   json={"items": items, "pincode": pin})
        if not quote.get("ok") and self.hot is None:
            stats.outcomes[f"not ordered: quote {status} ok={quote.get('ok')}"] += 1
            return   # the cart page shows the problem; racers for the hot item try anyway
        plan = self.plan()
        token = await self.card_token(CARDS["declined" if plan == "declined" else "ok"])
        if token is None:
            stats.outcomes["no card token from localstripe"] += 1
            return
        await self.step()
        body = {"items": items, "payment_method": "card",
                "contact": {"name": f"Shopper {self.n}", "phone": "+91 98350 12345",
                            "email": f"shopper{self.n}@example.in"},
                "address": {"line1": "Near Baba Mandir", "city": city, "state": state,
                            "pincode": pin, "country": "IN"}}
        status, created = await self.client.api_json("POST /orders", "POST", "/orders", json=body,
                                                     refused="POST /orders, refused")
        stats.outcomes["attempted"] += 1
        if status != 201:
            code = (created.get("error") or {}).get("code", "-")
            stats.outcomes[f"failed: {status} {code}"] += 1
            return
        order = Order(created["order_id"], created["order_token"], created["total_paise"], plan)
        stats.orders[order.id] = order
        stats.outcomes["placed"] += 1
        await self.pay(order, token)

    def plan(self) -> str:
        r = self.rng.random()
        for plan in ("declined", "cancel", "abandon"):
            if r < self.mix[plan]:
                return plan
            r -= self.mix[plan]
        return "pay"

    async def card_token(self, number: str) -> str | None:
        """Stripe.js's createToken at localstripe; the storefront pays with token.card.id."""
        status, body = await self.client.call(
            "POST stripe /v1/tokens", "POST", f"{self.client.stripe}/v1/tokens",
            data={"card[number]": number, "card[exp_month]": "12", "card[exp_year]": "2030",
                  "card[cvc]": "123", "key": self.client.publishable_key})
        return json.loads(body)["card"]["id"] if status == 200 else None

    async def pay(self, order: Order, card: str) -> None:
        if order.plan == "abandon":
            order.outcome = "abandoned"   # the payment timeout must cancel it
            return
        headers = {"X-Order-Token": order.token}
        await self.step()
        order.pay_sent_at = time.time()
        status, paid = await self.client.api_json(
            "POST /orders/{id}/pay", "POST", f"/orders/{order.id}/pay", headers=headers,
            json={"payment_method": card})
        if status == 200 and paid.get("status") == "succeeded":
            order.paid, order.outcome = True, "paid"
        else:
            order.outcome = f"pay {status} {(paid.get('error') or {}).get('code', paid.get('status'))}"
        await self.client.api_json("GET /orders/{id}", "GET", f"/orders/{order.id}",
                                   headers=headers)
        if order.plan == "cancel" and order.outcome == "paid":
            status, body = await self.client.api_json(
                "POST /orders/{id}/cancel", "POST", f"/orders/{order.id}/cancel",
                headers=headers, json={"reason": "ordered twice"})
            order.outcome = "cancelled by shopper" if status == 200 else \
                f"cancel {status} {(body.get('error') or {}).get('code')}"


class WebhookRelay:
    """Between localstripe and the API: forwards each signed event unchanged, timing the
    API's webhook route and noting when each order's payment event arrived."""

    LABEL = "POST /webhooks/stripe"

    def __init__(self, client: Client, stats: Stats):
        self.client, self.stats = client, stats
        self.runner: web.AppRunner | None = None
        self.events: Counter = Counter()

    async def start(self, port: int) -> str:
        app = web.Application()
        app.router.add_post("/webhooks/stripe", self.relay)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", port).start()
        return f"http://127.0.0.1:{port}/webhooks/stripe"

    async def relay(self, request: web.Request) -> web.Response:
        payload = await request.read()
        arrived = time.time()
        event = json.loads(payload)
        intent = event.get("data", {}).get("object", {})
        order = self.stats.orders.get((intent.get("metadata") or {}).get("order_id"))
        if order is not None and order.webhook_at is None:
            order.webhook_at = arrived
        headers = {k: request.headers[k] for k in ("Content-Type", "Stripe-Signature")
                   if k in request.headers}
        status, body = await self.client.call(self.LABEL, "POST",
                                              f"{self.client.api}/webhooks/stripe",
                                              data=payload, headers=headers)
        self.events[f"{event.get('type')} → {status}"] += 1
        return web.Response(status=status or 502, body=body, content_type="application/json")

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()


async def run_shoppers(info: dict, catalog: dict, hot: dict, args, stats: Stats,
                       relay_port: int, register_webhook, settle) -> float:
    """The shoppers until `args.seconds` pass or `args.orders` are placed; each finishes
    the journey it is on. Then `settle()` (blocking) runs while the relay still passes
    late webhooks on. Returns the shoppers' run time in seconds."""
    client = Client(info, stats, args.shoppers)
    relay = WebhookRelay(client, stats)
    register_webhook(await relay.start(relay_port))
    mix = {"declined": args.decline_share, "cancel": args.cancel_share,
           "abandon": args.abandon_share, "floor_rate": args.floor_rate}
    rng = random.Random(args.random_seed)
    racers = max(1, round(args.shoppers * args.hot_share)) if args.hot_share else 0
    shoppers = [Shopper(n, client, catalog, hot if n < racers else None, mix,
                        random.Random(rng.random())) for n in range(args.shoppers)]
    deadline = time.monotonic() + args.seconds

    async def loop(shopper: Shopper) -> None:
        while time.monotonic() < deadline and \
                (not args.orders or stats.outcomes["placed"] < args.orders):
            await shopper.once(stats)

    start = time.monotonic()
    try:
        await asyncio.gather(*(loop(s) for s in shoppers))
        elapsed = time.monotonic() - start
        await asyncio.to_thread(settle)
    finally:
        await relay.stop()
        await client.close()
    stats.outcomes.update({f"webhook {k}": v for k, v in relay.events.items()})
    return elapsed
