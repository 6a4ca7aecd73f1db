"""The upload API on the running local stack: real HTTP, real authorizer, real moto
Cognito/S3/SQS, the event runner processing photos in its own process."""
from __future__ import annotations

import io

import pytest
import requests
from PIL import Image

from tests.integration.waiting import wait_for

PASSWORD = "Integr@Deoghar2026"


def post(api, path, token=None, **kw):
    headers = kw.pop("headers", {})
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return requests.post(api.url + path, headers=headers, timeout=30, **kw)


def get(api, path, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.get(api.url + path, headers=headers, timeout=30)


def login(api, email, password):
    r = post(api, "/auth/login", json={"email": email, "password": password})
    assert r.status_code == 200, r.text
    return r.json()["id_token"]


def photo(w=1600, h=1200) -> bytes:
    img = Image.new("RGB", (w, h), (200, 120, 40))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (24.0, 29.0, 0.0), 3: "E", 4: (86.0, 42.0, 0.0)}  # GPS: Deoghar
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif)
    return buf.getvalue()


@pytest.fixture(scope="module")
def demo(stack):
    return {a["role"] + (a["vendor_id"] or ""): a for a in stack["demo_accounts"]}


def test_forged_and_missing_tokens_are_401_over_http(api):
    assert get(api, "/vendor/products").status_code == 401
    assert get(api, "/vendor/products", "not.a.token").status_code == 401
    none = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4IiwiY29nbml0bzpncm91cHMiOlsiYWRtaW5zIl19."
    assert get(api, "/admin/vendors", none).status_code == 401


def test_demo_accounts_act_for_their_makers(api, stack):
    accounts = stack["demo_accounts"]
    vendor = next(a for a in accounts if a["role"] == "vendor")
    token = login(api, vendor["email"], vendor["password"])
    r = get(api, "/vendor/products?limit=50", token)
    assert r.status_code == 200 and r.json()["items"]
    assert {p["vendor_id"] for p in r.json()["items"]} == {vendor["vendor_id"]}
    facilitator = next(a for a in accounts if a["role"] == "facilitator")
    token = login(api, facilitator["email"], facilitator["password"])
    managed = get(api, "/facilitator/vendors", token).json()["items"]
    assert len(managed) >= 2 and all(v["managed_by_facilitator"] for v in managed)
    admin = next(a for a in accounts if a["role"] == "admin")
    token = login(api, admin["email"], admin["password"])
    assert get(api, "/admin/vendors?status=approved&limit=5", token).status_code == 200
    assert get(api, "/admin/vendors", login(api, vendor["email"], vendor["password"])
               ).status_code == 403


def test_a_new_maker_lists_a_product_with_a_photo_and_it_goes_on_sale(api, stack):
    r = post(api, "/auth/signup", json={"email": "new-maker@example.in", "password": PASSWORD,
                                        "name": "Ramesh Karmakar"})
    assert r.status_code == 200 and r.json()["confirmed"], r.text
    token = login(api, "new-maker@example.in", PASSWORD)
    profile = {
        "name": {"en": "Karmakar Lohar Shala", "hi": "कर्मकार लोहार शाला"},
        "story": {"en": "Blacksmiths of Palojori.", "hi": "पालोजोरी के लोहार।"},
        "craft": {"en": "Lohargiri", "hi": "लोहारगिरी"}, "category": "lohargiri-ironware",
        "block": "Palojori", "village": {"en": "Palojori", "hi": "पालोजोरी"},
        "phone": "+91 91234 56789", "email": "new-maker@example.in"}
    r = requests.put(api.url + "/vendor/profile", json=profile, timeout=30,
                     headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.text
    vendor_id = r.json()["id"]
    product = {"category": "lohargiri-ironware",
               "name": {"en": "Hand-forged Kadhai", "hi": "हाथ से बनी कढ़ाई"},
               "variants": [{"sku": "KLS-KD-12", "label": {"en": "12 inch", "hi": "12 इंच"},
                             "price_paise": 89000, "mrp_paise": 99000, "stock": 4,
                             "weight_grams": 2200}],
               "hsn_code": "7323", "gst_rate_bp": 1200}
    r = post(api, "/vendor/products", token, json=product)
    assert r.status_code == 200, r.text
    pid = r.json()["id"]

    # the browser's upload: a multipart POST straight to S3 with the presigned fields
    for data in (photo(), b"\x89PNG\r\n\x1a\n" + b"\x00" * (6 * 1024 * 1024)):
        grant = post(api, f"/vendor/products/{pid}/images", token,
                     json={"content_type": "image/jpeg"}).json()
        s3 = requests.post(grant["url"], data=grant["fields"],
                           files={"file": ("photo.jpg", data, "image/jpeg")}, timeout=60)
        assert s3.status_code in (200, 204), s3.text

    def processed():
        p = get(api, f"/vendor/products/{pid}", token).json()
        return p if p["images"] and p["image_rejections"] else None

    p = wait_for(processed, timeout=60)
    assert [r["code"] for r in p["image_rejections"]] == ["too_large"]
    rendition = p["images"][0]["renditions"][-1]
    served = requests.get(rendition["url"], timeout=10)
    assert served.status_code == 200 and served.content[8:12] == b"WEBP"
    assert b"Exif" not in served.content and b"GPS" not in served.content

    assert post(api, f"/vendor/products/{pid}/submit", token).status_code == 200
    admin = next(a for a in stack["demo_accounts"] if a["role"] == "admin")
    admin_token = login(api, admin["email"], admin["password"])
    assert post(api, f"/admin/products/{pid}/approve", admin_token, json={}).status_code == 200
    assert post(api, f"/admin/vendors/{vendor_id}/approve", admin_token,
                json={}).status_code == 200
    public = get(api, f"/products/{pid}")
    assert public.status_code == 200 and public.json()["vendor"]["block"] == "Palojori"


def test_bulk_listing_cli_against_the_stack(api, stack, tmp_path):
    """A facilitator imports the template for a maker it manages; twice creates nothing twice."""
    import subprocess
    import sys

    from chalicelib.catalog.csv_import import template_csv
    from infra.local.env import ROOT
    facilitator = next(a for a in stack["demo_accounts"] if a["role"] == "facilitator")
    token = login(api, facilitator["email"], facilitator["password"])
    maker = get(api, "/facilitator/vendors", token).json()["items"][0]["id"]
    csv_file = tmp_path / "products.csv"
    csv_file.write_text(template_csv(), encoding="utf-8")
    args = [sys.executable, "-m", "tools.import_products", str(csv_file), "--api", api.url,
            "--email", facilitator["email"], "--password", facilitator["password"],
            "--vendor-id", maker, "--chunk-products", "1"]
    first = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stdout + first.stderr
    drafts = get(api, f"/vendor/products?vendor_id={maker}&status=draft&limit=50", token).json()
    second = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stdout + second.stderr
    again = get(api, f"/vendor/products?vendor_id={maker}&status=draft&limit=50", token).json()
    assert len(drafts["items"]) >= 2 and len(again["items"]) == len(drafts["items"])
