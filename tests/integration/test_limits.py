"""The documented limits, on the running local stack, each tested on both sides of its edge:
a token of at most 8 KB (a validly signed larger one is refused), a cart of at most 30
lines, at most 10 photos a product (refused when asked for, and refused with a reason
when an upload granted earlier arrives after the tenth)."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import jwt
import moto.cognitoidp
import pytest
import requests

from tests.integration.shopping import ADDRESS, CONTACT, call
from tests.integration.test_vendor_api import login, photo
from tests.integration.waiting import wait_for

MAX_TOKEN = 8192
MAX_LINES = 30
MAX_PHOTOS = 10


def moto_signing_key():
    """moto's Cognito signs tokens with a key of its own package: a test can sign too."""
    path = Path(moto.cognitoidp.__file__).parent / "resources" / "jwks-private.json.gz"
    key = json.loads(gzip.decompress(path.read_bytes()))   # one private JWK
    return key["kid"], jwt.algorithms.RSAAlgorithm.from_jwk(json.dumps(key))


def resigned(token: str, length: int) -> str:
    """`token`'s claims padded and signed again, as long as possible within `length`
    characters (base64 moves in steps: the length may fall a character or two short)."""
    kid, key = moto_signing_key()
    claims = jwt.decode(token, options={"verify_signature": False})
    assert jwt.get_unverified_header(token)["kid"] == kid

    def sign(n: int) -> str:
        return jwt.encode({**claims, "pad": "x" * n}, key, algorithm="RS256",
                          headers={"kid": kid})

    n = max(0, length - len(sign(0)))
    while len(sign(n)) > length:
        n -= 1
    return sign(n)


def test_a_token_over_8_kb_is_refused_even_when_validly_signed(api, stack):
    account = next(a for a in stack["demo_accounts"] if a["role"] == "vendor")
    token = login(api, account["email"], account["password"])
    at_limit, over = resigned(token, MAX_TOKEN), resigned(token, MAX_TOKEN + 4)
    assert MAX_TOKEN - 4 <= len(at_limit) <= MAX_TOKEN < len(over) <= MAX_TOKEN + 4
    me = call(api, "GET", "/auth/me", at_limit)
    assert me.status_code == 200 and account["vendor_id"] in me.json()["vendor_ids"], me.text
    for route in ("/auth/me", "/vendor/products"):
        r = call(api, "GET", route, over)
        assert r.status_code == 401 and r.json()["error"]["code"], r.text


@pytest.fixture(scope="module")
def variants(api) -> list[dict]:
    """31 distinct product variants on sale, each with stock."""
    found = []
    cursor = None
    while len(found) <= MAX_LINES:
        page = call(api, "GET", "/products?limit=50" + (f"&cursor={cursor}" if cursor else ""))
        for card in page.json()["items"]:
            product = call(api, "GET", f"/products/{card['id']}").json()
            found += [{"product_id": product["id"], "variant_id": v["id"], "quantity": 1}
                      for v in product["variants"] if v["stock"] > 0]
        cursor = page.json()["next_cursor"]
        assert cursor or len(found) > MAX_LINES, "the seed has fewer than 31 variants in stock"
    return found[:MAX_LINES + 1]


def test_a_cart_holds_at_most_30_lines(api, variants):
    full = call(api, "POST", "/quotes", json={"items": variants[:MAX_LINES],
                                              "pincode": "814112", "country": "IN"})
    assert full.status_code == 200 and len(full.json()["lines"]) == MAX_LINES, full.text
    over = call(api, "POST", "/quotes", json={"items": variants, "pincode": "814112",
                                              "country": "IN"})
    assert over.status_code == 400 and over.json()["error"]["code"] == "invalid_body", over.text
    assert "items" in over.text
    order = call(api, "POST", "/orders", json={"items": variants, "contact": CONTACT,
                                               "address": ADDRESS, "payment_method": "cod"})
    assert order.status_code == 400 and order.json()["error"]["code"] == "invalid_body"


def upload(grant: dict, data: bytes) -> None:
    r = requests.post(grant["url"], data=grant["fields"], timeout=60,
                      files={"file": ("photo.jpg", data, "image/jpeg")})
    assert r.status_code in (200, 204), r.text


def test_a_product_holds_at_most_10_photos(api, stack):
    account = next(a for a in stack["demo_accounts"] if a["role"] == "vendor")
    token = login(api, account["email"], account["password"])
    r = call(api, "POST", "/vendor/products", token, json={
        "category": "lohargiri-ironware", "name": {"en": "Photo limit tava", "hi": "फ़ोटो तवा"},
        "variants": [{"sku": "LIMIT-TAVA", "label": {"en": "10 inch", "hi": "10 इंच"},
                      "price_paise": 45000, "mrp_paise": 50000, "stock": 3,
                      "weight_grams": 900}],
        "hsn_code": "7323", "gst_rate_bp": 1200})
    assert r.status_code == 200, r.text
    pid = r.json()["id"]

    def grant():
        return call(api, "POST", f"/vendor/products/{pid}/images", token,
                    json={"content_type": "image/jpeg"})

    grants = [grant() for _ in range(MAX_PHOTOS + 1)]   # room for all while none has arrived
    assert all(g.status_code == 200 for g in grants), [g.text for g in grants]
    for n, g in enumerate(grants[:MAX_PHOTOS], start=1):
        upload(g.json(), photo(400 + n, 300))
        wait_for(lambda: len(call(api, "GET", f"/vendor/products/{pid}", token).json()[
            "images"]) == n, timeout=60, what=f"photo {n} attached")
    refused = grant()
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "too_many_images"
    upload(grants[MAX_PHOTOS].json(), photo(640, 480))    # granted earlier, arrives now

    def rejected():
        p = call(api, "GET", f"/vendor/products/{pid}", token).json()
        return p if p["image_rejections"] else None
    p = wait_for(rejected, timeout=60, what="the eleventh photo refused")
    assert len(p["images"]) == MAX_PHOTOS
    (reason,) = p["image_rejections"]
    assert reason["code"] == "too_many_images" and "10" in reason["reason"]["hi"]
