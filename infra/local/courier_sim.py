"""A courier for the local stack: books shipments, then walks each packed parcel
through pickup, transit and delivery, posting HMAC-signed events to the
marketplace's courier webhook, as a real courier's API would.

    POST /shipments {reference, weight_grams, to_pincode, webhook_url} -> {tracking_number}
         (the same reference always gets the same tracking number); with "kind": "return"
         a reverse pickup from the buyer, which starts moving at once
    POST /shipments/<tracking>/ready   the parcel is packed: start moving it
    GET  /shipments/<tracking>         what the courier knows

Run: python -m infra.local.courier_sim PORT  (COURIER_WEBHOOK_SECRET, COURIER_STEP_SECONDS)
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.request import Request, urlopen

STEPS = ("picked_up", "in_transit", "out_for_delivery", "delivered")
_lock = threading.Lock()
_by_reference: dict[str, dict] = {}
_by_tracking: dict[str, dict] = {}


def _post_event(shipment: dict, status: str) -> None:
    body = json.dumps({"event_id": uuid.uuid4().hex, "tracking_number": shipment["tracking_number"],
                       "reference": shipment["reference"], "status": status,
                       "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}).encode()
    secret = os.environ.get("COURIER_WEBHOOK_SECRET", "")
    signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    request = Request(shipment["webhook_url"], data=body, method="POST", headers={
        "Content-Type": "application/json", "X-Courier-Signature": signature})
    for attempt in range(5):  # couriers retry failed webhooks, so do we
        try:
            with urlopen(request, timeout=10) as r:
                if r.status < 500:
                    break
        except OSError:
            pass
        time.sleep(1 + attempt)
    shipment["history"].append(status)


def _move(shipment: dict) -> None:
    step = float(os.environ.get("COURIER_STEP_SECONDS", "3"))
    for status in STEPS:
        time.sleep(step)
        _post_event(shipment, status)


class Handler(BaseHTTPRequestHandler):
    def _reply(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):  # noqa: N802
        parts = [p for p in self.path.split("/") if p]
        if parts == ["shipments"]:
            length = int(self.headers.get("Content-Length") or 0)
            req = json.loads(self.rfile.read(length) or b"{}")
            with _lock:
                shipment = _by_reference.get(req["reference"])
                if shipment is None:
                    shipment = {"reference": req["reference"], "webhook_url": req["webhook_url"],
                                "tracking_number": "DMC" + uuid.uuid4().hex[:10].upper(),
                                "history": ["booked"], "moving": False}
                    _by_reference[req["reference"]] = shipment
                    _by_tracking[shipment["tracking_number"]] = shipment
                    start = req.get("kind") == "return"   # nothing to pack: collect it now
                    if start:
                        shipment["moving"] = True
                else:
                    start = False
            if start:
                threading.Thread(target=_move, args=(shipment,), daemon=True).start()
            return self._reply(200, {"tracking_number": shipment["tracking_number"]})
        if len(parts) == 3 and parts[0] == "shipments" and parts[2] == "ready":
            with _lock:
                shipment = _by_tracking.get(parts[1])
                start = shipment is not None and not shipment["moving"]
                if start:
                    shipment["moving"] = True
            if shipment is None:
                return self._reply(404, {"error": "unknown tracking number"})
            if start:
                threading.Thread(target=_move, args=(shipment,), daemon=True).start()
            return self._reply(200, {"ok": True})
        return self._reply(404, {"error": "not found"})

    def do_GET(self):  # noqa: N802
        parts = [p for p in self.path.split("/") if p]
        if len(parts) == 2 and parts[0] == "shipments" and parts[1] in _by_tracking:
            s = _by_tracking[parts[1]]
            return self._reply(200, {k: s[k] for k in ("reference", "tracking_number", "history")})
        if parts == ["shipments"]:
            return self._reply(200, {"count": len(_by_reference)})
        return self._reply(404, {"error": "not found"})

    def log_message(self, fmt, *args):
        pass


def main(port: int) -> None:
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main(int(sys.argv[1]))
