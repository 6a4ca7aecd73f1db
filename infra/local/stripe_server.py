"""localstripe on loopback, with its store kept in memory only.

The stock CLI binds every interface and rewrites /tmp/localstripe.pickle on
every write, which slows each call to ~200 ms after a few hundred intents.
Run: python -m infra.local.stripe_server PORT
"""
from __future__ import annotations

import logging
import sys


def main(port: int, host: str = "127.0.0.1") -> None:
    from aiohttp import web
    from localstripe import resources, server

    resources.Store.dump_to_disk = lambda self: None
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

    server.app.middlewares.insert(0, count)
    web.run_app(server.app, host=host, port=port, print=None, access_log=None)


if __name__ == "__main__":
    main(int(sys.argv[1]))
