"""The courier adapter: book a parcel, tell the courier it is packed, verify its webhooks.

Couriers differ; this interface is what the delivery code needs. `HttpCourier`
speaks the small JSON API the local simulator (infra/local/courier_sim.py)
serves; a real courier's adapter implements the same three calls. Bookings carry
our parcel id as the reference, so a retried booking returns the same shipment.
"""
from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from chalicelib import config
from chalicelib.errors import Unauthorized
from chalicelib.observability import metric

SIGNATURE_HEADER = "x-courier-signature"


class HttpCourier:
    name = "dm-local-courier"

    def __init__(self, base_url: str):
        self.base_url = base_url.rstrip("/")

    def book(self, parcel_id: str, weight_grams: int, to_pincode: str | None,
             webhook_url: str) -> str:
        import requests
        r = requests.post(f"{self.base_url}/shipments", timeout=10, json={
            "reference": parcel_id, "weight_grams": weight_grams, "to_pincode": to_pincode,
            "webhook_url": webhook_url})
        r.raise_for_status()
        return r.json()["tracking_number"]

    def ready_for_pickup(self, tracking_number: str) -> None:
        import requests
        r = requests.post(f"{self.base_url}/shipments/{tracking_number}/ready", timeout=10)
        r.raise_for_status()


@lru_cache(maxsize=1)
def adapter() -> HttpCourier:
    url = config.settings().courier_api_url
    if not url:
        raise RuntimeError("COURIER_API_URL is not configured")
    return HttpCourier(url)


def sign(body: bytes, secret: str) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(body: bytes, signature: str | None) -> None:
    expected = sign(body, config.settings().courier_webhook_secret)
    if not signature or not hmac.compare_digest(expected, signature.strip().lower()):
        metric("WebhookSignatureFailures", Webhook="courier")
        raise Unauthorized("courier webhook signature does not verify", code="bad_signature")
