"""localstripe on loopback, with its store kept in memory only.

The stock CLI binds every interface and rewrites /tmp/localstripe.pickle on
every write, which slows each call to ~200 ms after a few hundred intents.
localstripe also ignores the Idempotency-Key header, which Stripe honours and our
gateway relies on (a shopper's cancel and Stripe's late webhook may both refund an
order, with the same key): `idempotent` gives POSTs Stripe's behaviour.
Run: python -m infra.local.stripe_server PORT
"""
from __future__ import annotations

import logging
import sys


def idempotent(web):
    """Stripe's idempotent requests: a POST repeated with the same Idempotency-Key (and
    the same parameters) gets the first response again and changes nothing; the same key
    with other parameters is a 400 idempotency_error, and while the first is running a
    409. Results are kept when the request ran (2xx, and a declined card's 402), as
    Stripe keeps them; validation errors are not."""
    done: dict[tuple[str, str], tuple[bytes, int, bytes, str]] = {}
    running: set[tuple[str, str]] = set()

    def error(status: int, kind: str, message: str):
        return web.json_response({"error": {"type": kind, "message": message}}, status=status)

    @web.middleware
    async def middleware(request, handler):
        key = request.headers.get("Idempotency-Key")
        if request.method != "POST" or not key:
            return await handler(request)
        slot = (request.headers.get("Authorization", ""), key)
        fingerprint = request.path.encode() + b"?" + await request.read()
        if slot in done:
            seen, status, body, content_type = done[slot]
            if seen != fingerprint:
                return error(400, "idempotency_error", "Keys for idempotent requests can only "
                             "be used with the same parameters they were first used with.")
            return web.Response(status=status, body=body, content_type=content_type,
                                headers={"Idempotent-Replayed": "true"})
        if slot in running:
            return error(409, "idempotency_error", "There is currently another in-progress "
                         "request using this Idempotent Key.")
        running.add(slot)
        try:
            response = await handler(request)
        finally:
            running.discard(slot)
        if 200 <= response.status < 300 or response.status == 402:
            done[slot] = (fingerprint, response.status, response.body, response.content_type)
        return response

    return middleware


def export_fields(resources) -> None:
    """Stripe's PaymentIntent takes `description` and `shipping` (an Indian business's charge
    to a buyer abroad needs both); localstripe refuses them as unexpected. Accept and keep
    them, checked as Stripe checks them (a shipping address needs a name and a line1)."""
    intent = resources.PaymentIntent
    original = intent.__init__

    def __init__(self, description=None, shipping=None, **kwargs):
        if description is not None and not isinstance(description, str):
            raise resources.UserError(400, "description must be a string")
        if shipping is not None:
            address = shipping.get("address") if isinstance(shipping, dict) else None
            if not isinstance(address, dict) or not shipping.get("name") \
                    or not address.get("line1"):
                raise resources.UserError(400, "shipping needs a name and address[line1]")
        original(self, **kwargs)
        self.description = description
        self.shipping = shipping

    intent.__init__ = __init__


def main(port: int, host: str = "127.0.0.1") -> None:
    from aiohttp import web
    from localstripe import resources, server

    resources.Store.dump_to_disk = lambda self: None
    export_fields(resources)
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    counts: dict[str, int] = {}

    @web.middleware
    async def count(request, handler):
        # For the benchmarks: API calls by method and resource; /_dm/counts reads them.
        if request.path == "/_dm/counts":
            if request.method == "DELETE":
                counts.clear()
            return web.json_response(counts)
        if request.path.startswith("/v1/"):
            parts = request.path.split("/")
            key = f"{request.method} /v1/{parts[2]}" + (f"/{parts[4]}" if len(parts) > 4 else "")
            counts[key] = counts.get(key, 0) + 1
        return await handler(request)

    server.app.middlewares.insert(0, idempotent(web))
    server.app.middlewares.insert(0, count)
    web.run_app(server.app, host=host, port=port, print=None, access_log=None)


if __name__ == "__main__":
    main(int(sys.argv[1]))
