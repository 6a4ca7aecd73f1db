"""moto in server mode on loopback, made safe for concurrent DynamoDB writers.

moto's TransactWriteItems copies the table and writes the copy back on failure,
so two concurrent transactions can oversell or lose an order. Requests whose
X-Amz-Target names DynamoDB are serialised behind one lock; other services run
in parallel. DynamoDB requests are also metered in request units (infra/local/capacity.py,
GET /_dm/capacity) for the cost model. Run: python -m infra.local.moto_server PORT
"""
from __future__ import annotations

import json
import os
import sys
import threading

from werkzeug.serving import make_server


class RequestCounter:
    """Counts AWS API calls by service and operation, for the benchmarks:
    GET /_dm/counts reads them, DELETE /_dm/counts starts again."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts: dict[str, int] = {}

    def record(self, environ) -> None:
        auth = environ.get("HTTP_AUTHORIZATION", "")
        service = auth.split("Credential=", 1)[1].split("/")[3] if "Credential=" in auth else "?"
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        operation = target.rsplit(".", 1)[-1] if target else environ.get("REQUEST_METHOD", "")
        key = f"{service}:{operation}"
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + 1

    def wrap(self, app):
        def wsgi(environ, start_response):
            if environ.get("PATH_INFO") == "/_dm/counts":
                if environ["REQUEST_METHOD"] == "DELETE":
                    with self.lock:
                        self.counts.clear()
                body = json.dumps(self.counts, sort_keys=True).encode()
                start_response("200 OK", [("Content-Type", "application/json")])
                return [body]
            if "HTTP_AUTHORIZATION" in environ:
                self.record(environ)
            return app(environ, start_response)
        return wsgi


def locked_dynamodb(app):
    lock = threading.Lock()

    def wsgi(environ, start_response):
        if environ.get("HTTP_X_AMZ_TARGET", "").startswith("DynamoDB_"):
            with lock:
                # The body must be produced inside the lock, not just the call.
                return list(app(environ, start_response))
        return app(environ, start_response)

    return wsgi


def main(port: int, host: str = "127.0.0.1") -> None:
    # Step Functions' SQS/DynamoDB integrations call back into this same server.
    os.environ["MOTO_PORT"] = str(port)
    from moto.moto_server.werkzeug_app import (DomainDispatcherApplication, MotoRequestHandler,
                                               create_backend_app)
    from infra.local import moto_transactions
    from infra.local.capacity import CapacityMeter, metered
    moto_transactions.install()        # rollback by item, not by copying tables
    moto = DomainDispatcherApplication(create_backend_app)
    # metered inside the lock: the sizes read around a write see only that write
    app = RequestCounter().wrap(locked_dynamodb(metered(moto, CapacityMeter)))
    server = make_server(host, port, app, threaded=True, request_handler=MotoRequestHandler)
    server.serve_forever()


if __name__ == "__main__":
    main(int(sys.argv[1]))
