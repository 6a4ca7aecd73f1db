"""moto in server mode on loopback, made safe for concurrent DynamoDB writers.

moto's TransactWriteItems copies the table and writes the copy back on failure,
so two concurrent transactions can oversell or lose an order. Requests whose
X-Amz-Target names DynamoDB are serialised behind one lock; other services run
in parallel. DynamoDB requests are also metered in request units (infra/local/capacity.py,
GET /_dm/capacity) for the cost model. For tests and benchmarks: GET /_dm/counts (calls by
service and operation), GET /_dm/inflight (calls being served), GET /_dm/mail (mails sent
through SES, and those Cognito would send: infra/local/cognito_mail.py). Run: python -m infra.local.moto_server PORT
"""
from __future__ import annotations

import itertools
import json
import os
import sys
import threading
import time

from werkzeug.serving import make_server


class RequestCounter:
    """Counts AWS API calls by service and operation, for the benchmarks:
    GET /_dm/counts reads them, DELETE /_dm/counts starts again.

    Also what is being served right now: GET /_dm/inflight lists the calls in progress
    ({"now": t, "calls": [{"call": "sqs:ReceiveMessage", "since": t0}, ...]}, times by
    this server's clock), so a test can wait until every SQS long poll that started
    before a change of a queue's attributes has ended, instead of sleeping."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts: dict[str, int] = {}
        self.inflight: dict[int, tuple[str, float]] = {}
        self.ids = itertools.count()

    @staticmethod
    def call(environ) -> str:
        auth = environ.get("HTTP_AUTHORIZATION", "")
        service = auth.split("Credential=", 1)[1].split("/")[3] if "Credential=" in auth else "?"
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        operation = target.rsplit(".", 1)[-1] if target else environ.get("REQUEST_METHOD", "")
        return f"{service}:{operation}"

    def _own(self, environ, start_response):
        path = environ["PATH_INFO"]
        with self.lock:
            if path == "/_dm/counts" and environ["REQUEST_METHOD"] == "DELETE":
                self.counts.clear()
            answer = self.counts if path == "/_dm/counts" else {
                "now": time.time(), "calls": [{"call": c, "since": t}
                                              for c, t in self.inflight.values()]}
            body = json.dumps(answer, sort_keys=True).encode()
        start_response("200 OK", [("Content-Type", "application/json")])
        return [body]

    def wrap(self, app):
        def wsgi(environ, start_response):
            if environ.get("PATH_INFO") in ("/_dm/counts", "/_dm/inflight"):
                return self._own(environ, start_response)
            if "HTTP_AUTHORIZATION" not in environ:
                return app(environ, start_response)
            call, ticket = self.call(environ), next(self.ids)
            with self.lock:
                self.counts[call] = self.counts.get(call, 0) + 1
                self.inflight[ticket] = (call, time.time())
            try:
                return list(app(environ, start_response))   # served only once iterated
            finally:
                with self.lock:
                    del self.inflight[ticket]
        return wsgi


def sent_mail() -> list[dict]:
    """Every e-mail moto's SES accepted (any account and region), oldest first: what the
    tests read at GET /_dm/mail (moto's own /moto-api/data.json dumps every stored item
    of every service, the whole catalog included)."""
    from moto.ses.models import ses_backends
    out = []
    for regions in list(ses_backends.values()):
        for backend in list(regions.values()):
            out += [{"id": m.id, "source": m.source, "destinations": m.destinations,
                     "subject": m.subject, "body": m.body}
                    for m in list(backend.sent_messages) if hasattr(m, "subject")]
    return out


def with_mailbox(app):
    def wsgi(environ, start_response):
        if environ.get("PATH_INFO") == "/_dm/mail":
            start_response("200 OK", [("Content-Type", "application/json")])
            return [json.dumps({"messages": sent_mail()}, ensure_ascii=False).encode()]
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
    from infra.local.cognito_mail import with_cognito_mail
    app = with_mailbox(RequestCounter().wrap(locked_dynamodb(metered(
        with_cognito_mail(moto), CapacityMeter))))
    server = make_server(host, port, app, threaded=True, request_handler=MotoRequestHandler)
    server.serve_forever()


if __name__ == "__main__":
    main(int(sys.argv[1]))
