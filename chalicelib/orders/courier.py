"""The courier adapter: book a parcel, tell the courier it is packed, verify its webhooks.

Couriers differ; this interface is what the delivery code needs. `HttpCourier`
speaks the small JSON API the local simulator (infra/local/courier_sim.py)
serves; a real courier's adapter implements the same three calls. Bookings carry
our parcel id as the reference, so a retried booking returns the same shipment.

The stage's `COURIER_MODE` chooses: `simulator` or `http` book through `HttpCourier`;
`manual` books nothing — people record the courier and its tracking number
(chalicelib/orders/manual.py), checked here.
"""
from __future__ import annotations

import hashlib
import hmac
import re
from functools import lru_cache

from chalicelib import config
from chalicelib.errors import InvalidInput, Unauthorized
from chalicelib.observability import metric

SIGNATURE_HEADER = "x-courier-signature"
MANUAL = "manual"          # a parcel's `courier` when people, not an API, report its moves
INDIA_POST = "India Post"
# UPU S10 (India Post's Speed Post, registered and parcel numbers): two letters, eight
# digits and a check digit, the country; e.g. EE473124829IN
S10 = re.compile(r"^[A-Z]{2}(\d{8})(\d)IN$")
S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
# other couriers' numbers differ: letters, digits and hyphens, 6-30 of them
OTHER = re.compile(r"^[A-Z0-9][A-Z0-9-]{4,28}[A-Z0-9]$")


def manual() -> bool:
    return config.settings().courier_mode == MANUAL


def s10_check_digit(serial: str) -> int:
    check = 11 - sum(int(d) * w for d, w in zip(serial, S10_WEIGHTS)) % 11
    return {10: 0, 11: 5}.get(check, check)


def tracking_number(india_post: bool, raw: str) -> str:
    """The tracking number as stored (upper case, no spaces), or 400 with a stable code."""
    number = re.sub(r"[\s]+", "", raw or "").upper()
    if india_post:
        m = S10.match(number)
        if not m:
            raise InvalidInput("an India Post number has two letters, nine digits and IN, "
                               "e.g. EE123456785IN", code="invalid_tracking_number")
        if s10_check_digit(m.group(1)) != int(m.group(2)):
            raise InvalidInput("this India Post number's check digit is wrong: please "
                               "copy it again from the receipt", code="tracking_check_digit")
        return number
    if not OTHER.match(number):
        raise InvalidInput("a tracking number is 6 to 30 letters, digits or hyphens",
                           code="invalid_tracking_number")
    return number


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

    def book_return(self, reference: str, weight_grams: int, from_pincode: str | None,
                    webhook_url: str) -> str:
        """A reverse pickup: the courier collects from the buyer and brings it to the maker
        (its events come to the same webhook, with `reference` naming it)."""
        import requests
        r = requests.post(f"{self.base_url}/shipments", timeout=10, json={
            "reference": reference, "weight_grams": weight_grams, "from_pincode": from_pincode,
            "webhook_url": webhook_url, "kind": "return"})
        r.raise_for_status()
        return r.json()["tracking_number"]

    def ready_for_pickup(self, tracking_number: str) -> None:
        import requests
        r = requests.post(f"{self.base_url}/shipments/{tracking_number}/ready", timeout=10)
        r.raise_for_status()


@lru_cache(maxsize=1)
def adapter() -> HttpCourier:
    if manual():
        raise RuntimeError("COURIER_MODE is manual: parcels are not booked with a courier API")
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
