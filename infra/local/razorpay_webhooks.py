"""Signed webhook delivery for the Razorpay stand-in (infra/local/razorpay_server.py).

Each state change becomes one event, sent in the background as Razorpay sends it:
POST {url} with the JSON body, `X-Razorpay-Signature` = hex HMAC-SHA256 of the raw body
with the webhook secret, and `X-Razorpay-Event-Id`. A non-2xx answer or a connection error
is retried a few times with a growing pause, so a delivery arrives at least once.

Events leave one at a time in the order they happened (Razorpay promises no order; a
test that needs another order holds the deliveries or resends one). Tests can:
- hold deliveries (`hold(True)`): they wait in the queue until released;
- resend an event: the same event id and body again, a duplicate delivery;
- read the log of deliveries (`listing()`).
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from dataclasses import dataclass

ATTEMPTS = 5            # first try and retries of one delivery
FIRST_PAUSE = 0.5       # seconds before the first retry; doubled each time
TIMEOUT = 5             # seconds a receiver may take to answer


@dataclass
class Delivery:
    event_id: str
    event: str
    body: bytes
    ids: dict            # the ids of the entities it carries: {"payment_id": ..., ...}
    attempts: int = 0
    last_status: int | None = None
    last_error: str | None = None
    state: str = "queued"   # queued | retrying | delivered | failed | not_sent

    def summary(self) -> dict:
        return {"event_id": self.event_id, "event": self.event, **self.ids,
                "attempts": self.attempts, "last_status": self.last_status,
                "last_error": self.last_error, "state": self.state}


class Webhooks:
    def __init__(self, account_id: str, new_id) -> None:
        self.account_id = account_id
        self.new_id = new_id
        self.url: str | None = None
        self.secret = ""
        self.held = False
        self.deliveries: dict[str, Delivery] = {}
        self._queue: asyncio.Queue[Delivery] = asyncio.Queue()
        self._released = asyncio.Event()
        self._released.set()

    def configure(self, url: str, secret: str) -> None:
        self.url, self.secret = url, secret

    def emit(self, event: str, *entities: dict) -> Delivery:
        """Record an event carrying these entities (a snapshot of each, as of now) and
        queue it. `contains` lists the entities in the order given."""
        names = [e["entity"] for e in entities]
        body = json.dumps({
            "entity": "event", "account_id": self.account_id, "event": event, "contains": names,
            "payload": {name: {"entity": json.loads(json.dumps(e))} for name, e in zip(names, entities)},
            "created_at": int(time.time())}).encode()
        ids = {f"{name}_id": e["id"] for name, e in zip(names, entities)}
        delivery = Delivery(self.new_id(""), event, body, ids)
        self.deliveries[delivery.event_id] = delivery
        if self.url:
            self._queue.put_nowait(delivery)
        else:
            delivery.state = "not_sent"
            delivery.last_error = "no webhook configured (POST /_config/webhooks)"
        return delivery

    def hold(self, held: bool) -> None:
        self.held = held
        if held:
            self._released.clear()
        else:
            self._released.set()

    def resend(self, event_id: str) -> Delivery | None:
        delivery = self.deliveries.get(event_id)
        if delivery is not None:
            delivery.state = "queued"
            self._queue.put_nowait(delivery)
        return delivery

    def listing(self) -> dict:
        return {"url": self.url, "hold": self.held,
                "deliveries": [d.summary() for d in self.deliveries.values()]}

    async def run(self, session) -> None:
        """The delivery loop (one task for the life of the server)."""
        loop = asyncio.get_running_loop()
        while True:
            delivery = await self._queue.get()
            await self._released.wait()
            if await self._send(session, delivery):
                delivery.state = "delivered"
            elif delivery.attempts < ATTEMPTS:
                delivery.state = "retrying"
                pause = FIRST_PAUSE * 2 ** (delivery.attempts - 1)
                loop.call_later(pause, self._queue.put_nowait, delivery)
            else:
                delivery.state = "failed"

    async def _send(self, session, delivery: Delivery) -> bool:
        import aiohttp

        delivery.attempts += 1
        signature = hmac.new(self.secret.encode(), delivery.body, hashlib.sha256).hexdigest()
        headers = {"Content-Type": "application/json", "X-Razorpay-Signature": signature,
                   "X-Razorpay-Event-Id": delivery.event_id, "User-Agent": "Razorpay-Webhook/v1"}
        try:
            async with session.post(self.url, data=delivery.body, headers=headers,
                                    timeout=aiohttp.ClientTimeout(total=TIMEOUT)) as answer:
                delivery.last_status, delivery.last_error = answer.status, None
                return 200 <= answer.status < 300
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as e:
            delivery.last_status, delivery.last_error = None, f"{type(e).__name__}: {e}"
            return False
