"""A maker's journey through the upload API: sign-up, profile, products, review, photos."""
from __future__ import annotations

import io
import json

import boto3
import pytest
from PIL import Image

from chalicelib import config
from infra.local.runner import EventRunner
from tests.unit import accounts
from tests.unit.test_authorization import call
from tests.unit.test_observability import totals

PASSWORD = "Flow@Deoghar2026"

PROFILE = {
    "name": {"en": "Sita Devi Lac Works", "hi": "सीता देवी लाह कारखाना"},
    "story": {"en": "Three generations of lac bangle makers.", "hi": "तीन पीढ़ियों से लाह चूड़ी।"},
    "craft": {"en": "Lac bangles", "hi": "लाह चूड़ी"},
    "category": "lac-bangles", "block": "sarath",
    "village": {"en": "Pathrol", "hi": "पथरोल"},
    "phone": "98765 43210", "email": "sita@example.in", "is_shg": False,
    "gstin": "20AAAPL1234C1ZS", "udyam": "UDYAM-JH-05-0012345",
    "bank": {"account_number": "123456789012", "ifsc": "sbin0001234", "holder_name": "Sita Devi"},
}
PRODUCT = {
    "category": "lac-bangles",
    "name": {"en": "Red Lahthi Pair", "hi": "लाल लहठी जोड़ी"},
    "description": {"en": "Hand-rolled lac with glass work.", "hi": "हाथ से बनी लाह।"},
    "tags": ["lahthi", "bangle", "लहठी"],
    "variants": [
        {"sku": "SD-LAH-24", "label": {"en": "Size 2.4", "hi": "साइज़ 2.4"}, "price_paise": 45000,
         "mrp_paise": 50000, "stock": 10, "weight_grams": 300},
        {"sku": "SD-LAH-26", "label": {"en": "Size 2.6", "hi": "साइज़ 2.6"}, "price_paise": 45000,
         "mrp_paise": 50000, "stock": 8, "weight_grams": 300}],
    "hsn_code": "7117", "gst_rate_bp": 300,
}


@pytest.fixture(scope="module")
def admin(client):
    return accounts.token(client, "flow-admin@test.in", PASSWORD, "admins")


@pytest.fixture(scope="module")
def maker(client):
    status, body = call(client, "POST", "/auth/signup", body=json.dumps(
        {"email": "sita@example.in", "password": PASSWORD, "name": "Sita Devi"}))
    assert status == 200 and body["confirmed"] is True, body  # local stage auto-confirms
    tokens = accounts.login(client, "sita@example.in", PASSWORD)
    status, body = call(client, "POST", "/auth/refresh",
                        body=json.dumps({"refresh_token": tokens["refresh_token"]}))
    assert status == 200 and body["id_token"]
    return tokens["id_token"]


def test_signup_errors(client, maker):
    status, body = call(client, "POST", "/auth/signup", body=json.dumps(
        {"email": "sita@example.in", "password": PASSWORD, "name": "Again"}))
    assert status == 409 and body["error"]["code"] == "account_exists"
    status, body = call(client, "POST", "/auth/signup", body=json.dumps(
        {"email": "weak@example.in", "password": "password", "name": "Weak"}))
    assert status == 400 and body["error"]["code"] == "weak_password"
    status, body = call(client, "POST", "/auth/login", body=json.dumps(
        {"email": "sita@example.in", "password": "Wrong@Password1"}))
    assert status == 401 and body["error"]["code"] == "invalid_credentials"


def test_confirm_code(client):
    idp = boto3.client("cognito-idp")
    s = config.settings()
    idp.sign_up(ClientId=s.cognito_client_id, Username="unconfirmed@example.in",
                Password=PASSWORD)
    status, body = call(client, "POST", "/auth/login", body=json.dumps(
        {"email": "unconfirmed@example.in", "password": PASSWORD}))
    assert status == 400 and body["error"]["code"] == "not_confirmed"
    status, body = call(client, "POST", "/auth/confirm", body=json.dumps(
        {"email": "unconfirmed@example.in", "code": "123456"}))
    assert status == 200 and body["confirmed"], body
    status, body = call(client, "POST", "/auth/confirm", body=json.dumps(
        {"email": "unconfirmed@example.in", "code": "12ab"}))
    assert status == 400 and body["error"]["code"] == "invalid_body"


@pytest.mark.parametrize("field,value", [
    ("gstin", "20AAAPL1234C1Z7"), ("udyam", "UDYAM-JH-5-12"), ("phone", "12345"),
    ("block", "Ranchi"), ("email", "not-an-email"),
    ("bank", {"account_number": "12ab", "ifsc": "SBIN0001234", "holder_name": "S"}),
    ("bank", {"account_number": "123456789012", "ifsc": "SBIN1001234", "holder_name": "Sita"}),
])
def test_profile_formats_are_checked(client, maker, field, value):
    status, body = call(client, "PUT", "/vendor/profile", maker,
                        body=json.dumps({**PROFILE, field: value}))
    assert status == 400 and body["error"]["code"] == "invalid_body", body
    assert any(d["field"].startswith(field) for d in body["error"]["details"])


def test_the_whole_journey(client, maker, admin, seeded, capsys):
    capsys.readouterr()
    # profile: created pending; bank account shown as its last four digits only
    status, profile = call(client, "PUT", "/vendor/profile", maker, body=json.dumps(PROFILE))
    assert status == 200, profile
    assert profile["status"] == "pending" and profile["phone"] == "+919876543210"
    assert profile["bank"] == {"account_last4": "XXXX9012", "ifsc": "SBIN0001234",
                               "holder_name": "Sita Devi"}
    assert "123456789012" not in json.dumps(profile)
    vendor_id = profile["id"]

    # a draft product; submitting without a photo is refused
    status, product = call(client, "POST", "/vendor/products", maker, body=json.dumps(PRODUCT))
    assert status == 200 and product["status"] == "draft", product
    pid = product["id"]
    assert [v["id"] for v in product["variants"]] == ["size-2-4", "size-2-6"]
    status, body = call(client, "POST", f"/vendor/products/{pid}/submit", maker)
    assert status == 409 and body["error"]["code"] == "image_required"

    # a photo through the real pipeline: presigned POST, S3 -> SQS -> handler
    status, upload = call(client, "POST", f"/vendor/products/{pid}/images", maker,
                          body=json.dumps({"content_type": "image/jpeg"}))
    assert status == 200 and upload["max_bytes"] == 5 * 1024 * 1024
    assert upload["fields"]["key"].startswith(f"uploads/{vendor_id}/{pid}/")
    put_upload(upload["fields"]["key"], jpeg(1200, 900))
    deliver_image_queue()
    status, product = call(client, "GET", f"/vendor/products/{pid}", maker)
    assert len(product["images"]) == 1
    widths = [r["width"] for r in product["images"][0]["renditions"]]
    assert widths == [160, 320, 480, 800, 1200]
    assert not list_uploads(), "the original is deleted after processing"

    # submit -> admin approves product, but the vendor is still pending: not public
    status, product = call(client, "POST", f"/vendor/products/{pid}/submit", maker)
    assert status == 200 and product["status"] == "pending_review"
    status, queue = call(client, "GET", "/admin/products", admin)
    assert pid in [p["id"] for p in queue["items"]]
    status, product = call(client, "POST", f"/admin/products/{pid}/approve", admin, body="{}")
    assert status == 200 and product["status"] == "approved"
    assert call(client, "GET", f"/products/{pid}")[0] == 404

    # admin approves the vendor: now the product is on sale and searchable
    status, pending = call(client, "GET", "/admin/vendors?status=pending", admin)
    assert vendor_id in [v["id"] for v in pending["items"]]
    assert "123456789012" not in json.dumps(pending)
    status, body = call(client, "POST", f"/admin/vendors/{vendor_id}/approve", admin, body="{}")
    assert status == 200 and body["status"] == "approved"
    status, public = call(client, "GET", f"/products/{pid}")
    assert status == 200 and public["variants"][0]["price_paise"] == 45000
    assert len(public["images"][0]["renditions"]) == 5
    found = call(client, "GET", "/products?q=लहठी&limit=50")[1]
    assert pid in [i["id"] for i in found["items"]]

    # price and stock changes go live at once ...
    version = product["version"] + 0
    product = call(client, "GET", f"/vendor/products/{pid}", maker)[1]
    variants = product["variants"]
    variants[0]["price_paise"] = 42000
    variants[1]["stock"] = 3
    status, product = call(client, "PATCH", f"/vendor/products/{pid}", maker,
                           body=json.dumps({"version": product["version"], "variants": variants}))
    assert status == 200 and product["revision"] is None
    assert call(client, "GET", f"/products/{pid}")[1]["variants"][0]["price_paise"] == 42000

    # ... a stale version is a 409, never a silent overwrite ...
    status, body = call(client, "PATCH", f"/vendor/products/{pid}", maker,
                        body=json.dumps({"version": version, "tags": ["stale"]}))
    assert status == 409 and body["error"]["code"] == "version_conflict"

    # ... text changes wait for review while the approved version stays on sale
    new_name = {"en": "Red Lahthi Pair with Mirror Work", "hi": "लाल लहठी जोड़ी शीशे के काम वाली"}
    status, product = call(client, "PATCH", f"/vendor/products/{pid}", maker,
                           body=json.dumps({"version": product["version"], "name": new_name}))
    assert status == 200 and product["review_state"] == "pending_review"
    assert product["revision"] == {"name": new_name} and product["status"] == "approved"
    assert call(client, "GET", f"/products/{pid}")[1]["name"] == PRODUCT["name"]
    status, product = call(client, "POST", f"/admin/products/{pid}/reject", admin,
                           body=json.dumps({"reason": "Mirror work not visible in photos"}))
    assert product["revision_status"] == "rejected"
    assert product["review_reason"] == "Mirror work not visible in photos"
    assert call(client, "GET", f"/products/{pid}")[1]["name"] == PRODUCT["name"]
    status, product = call(client, "POST", f"/vendor/products/{pid}/submit", maker)
    assert status == 200 and product["review_state"] == "pending_review"
    status, product = call(client, "POST", f"/admin/products/{pid}/approve", admin, body="{}")
    assert call(client, "GET", f"/products/{pid}")[1]["name"] == new_name

    # the audit trail remembers who decided what, and why
    status, trail = call(client, "GET", f"/admin/audit?kind=product&entity_id={pid}", admin)
    assert [a["action"] for a in trail["items"]] == ["approve", "reject", "approve"]
    assert trail["items"][1]["reason"] == "Mirror work not visible in photos"
    status, trail = call(client, "GET", "/admin/audit", admin)
    assert {a["entity_id"] for a in trail["items"]} >= {pid, vendor_id}

    # archive: gone from the shop, still in the vendor's list
    status, product = call(client, "DELETE", f"/vendor/products/{pid}", maker)
    assert status == 200 and product["status"] == "archived"
    assert call(client, "GET", f"/products/{pid}")[0] == 404
    mine = call(client, "GET", "/vendor/products?status=archived", maker)[1]
    assert [p["id"] for p in mine["items"]] == [pid]

    # the review desk's metrics: a new listing, then two revisions (one rejected first)
    assert totals(capsys.readouterr().out, "Kind", "ListingsSubmitted", "ListingsApproved",
                  "ListingsRejected") == {
        ("ListingsSubmitted", "new"): 1, ("ListingsApproved", "new"): 1,
        ("ListingsSubmitted", "revision"): 2, ("ListingsRejected", "revision"): 1,
        ("ListingsApproved", "revision"): 1}


def test_rejected_photos_leave_a_reason_and_nothing_attached(client, maker, capsys):
    status, product = call(client, "POST", "/vendor/products", maker, body=json.dumps(
        {**PRODUCT, "variants": [{**PRODUCT["variants"][0], "sku": "SD-REJ-1"}]}))
    pid = product["id"]
    from tests.unit.test_image_processing import bilevel_png
    abuse = (b"%PDF-1.7 not a photo" + b"0" * 5000, jpeg(120, 90), bilevel_png(20000, 20000),
             b"\xff\xd8\xff" + b"\x00" * (6 * 1024 * 1024))
    for data in abuse:
        upload = call(client, "POST", f"/vendor/products/{pid}/images", maker,
                      body=json.dumps({"content_type": "image/jpeg"}))[1]
        put_upload(upload["fields"]["key"], data)
    deliver_image_queue()
    product = call(client, "GET", f"/vendor/products/{pid}", maker)[1]
    assert product["images"] == []
    codes = [r["code"] for r in product["image_rejections"]]
    assert codes == ["unsupported_type", "too_small", "too_many_pixels", "too_large"]
    assert all(r["reason"]["hi"] for r in product["image_rejections"])
    assert not list_uploads()
    assert totals(capsys.readouterr().out, "Reason", "ImagesRejected") == {
        ("ImagesRejected", code): 1 for code in codes}


def test_concurrent_profile_edit_is_409(client, maker):
    profile = call(client, "GET", "/vendor/profile", maker)[1]
    ok = call(client, "PUT", f"/vendor/profile?version={profile['version']}", maker,
              body=json.dumps({**PROFILE, "since_year": 1990}))
    assert ok[0] == 200
    stale = call(client, "PUT", f"/vendor/profile?version={profile['version']}", maker,
                 body=json.dumps({**PROFILE, "since_year": 1991}))
    assert stale[0] == 409 and stale[1]["error"]["code"] == "version_conflict"


# --- helpers ---------------------------------------------------------------------

def jpeg(w, h) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (w, h), (180, 40, 40)).save(buf, "JPEG", quality=85)
    return buf.getvalue()


def put_upload(key: str, data: bytes) -> None:
    boto3.client("s3").put_object(Bucket=config.settings().uploads_bucket, Key=key, Body=data)


def list_uploads() -> list:
    return boto3.client("s3").list_objects_v2(
        Bucket=config.settings().uploads_bucket).get("Contents", [])


def deliver_image_queue() -> None:
    from app import app
    runner = EventRunner(app, sqs=boto3.client("sqs"), wait_seconds=0)
    source = next(s for s in runner.sqs_sources() if s.name == "process_uploaded_images")
    while runner.deliver_once(source):
        pass
    assert runner.stats["errors"] == 0 and runner.stats["failed"] == 0, runner.stats


CSV = (
    "product_ref,category,name_en,name_hi,description_en,description_hi,tags,variant_label_en,"
    "variant_label_hi,sku,price_inr,mrp_inr,stock,weight_grams,perishable,shelf_life_days,"
    "hsn_code,gst_rate_percent,gi_tag\r\n"
    "kesar-peda,peda-sweets,Kesar Peda,केसर पेड़ा,Saffron peda,केसर वाला पेड़ा,peda;पेड़ा,250 g,"
    "250 ग्राम,SD-KP-250,120,140,20,300,yes,7,2106,5,no\r\n"
    "kesar-peda,,,,,,,500 g,500 ग्राम,SD-KP-500,230,260,10,560,,,,,\r\n"
    "bad-one,sarees,Silk Saree,रेशमी साड़ी,,,,Free,फ्री,SD-SAREE,-5,,1,400,no,,5007,5,no\r\n"
    "tawa,lohargiri-ironware,Iron Tawa,लोहे का तवा,,,,10 inch,10 इंच,SD-TAWA-10,450,,5,1200,"
    "no,,7323,12,no\r\n"
)


def test_csv_import_reports_bad_rows_and_never_creates_twice(client, maker):
    def send():
        r = client.http.post("/vendor/imports", body=CSV.encode("utf-8"), headers={
            "Authorization": f"Bearer {maker}", "Content-Type": "text/csv"})
        assert r.status_code == 200, r.body
        return json.loads(r.body)

    first = send()
    assert len(first["created"]) == 2 and first["unchanged"] == []
    assert {(e["row"], e["field"]) for e in first["errors"]} >= {(4, "category"),
                                                                (4, "price_inr")}
    second = send()
    assert second["created"] == [] and sorted(second["unchanged"]) == sorted(first["created"])
    mine = call(client, "GET", "/vendor/products?status=draft&limit=50", maker)[1]["items"]
    peda = [p for p in mine if p["name"]["en"] == "Kesar Peda"]
    assert len(peda) == 1 and [v["sku"] for v in peda[0]["variants"]] == ["SD-KP-250",
                                                                          "SD-KP-500"]
    assert peda[0]["variants"][1]["price_paise"] == 23000 and peda[0]["shelf_life_days"] == 7


def test_facilitator_onboards_a_maker_and_lists_for_them(client, admin):
    accounts.make_user("flow-fac@test.in", PASSWORD, "facilitators")
    token = accounts.login(client, "flow-fac@test.in", PASSWORD)["id_token"]
    body = {"profile": {**PROFILE, "name": {"en": "Maa Durga Mahila Samooh",
                                             "hi": "माँ दुर्गा महिला समूह"}, "is_shg": True,
                        "jslps_id": "JSLPS/DGH/SRT/2019/0042", "bank": None},
            "consent": {"maker_name": "Sunita Devi (group leader)", "method": "thumb_impression",
                        "recorded_on": "2026-11-20", "witness": "Block coordinator"}}
    status, vendor = call(client, "POST", "/facilitator/vendors", token, body=json.dumps(body))
    assert status == 200 and vendor["status"] == "pending" and vendor["managed_by_facilitator"]
    assert vendor["consent"]["method"] == "thumb_impression"
    listed = call(client, "GET", "/facilitator/vendors", token)[1]
    assert vendor["id"] in [v["id"] for v in listed["items"]]
    status, product = call(client, "POST", f"/vendor/products?vendor_id={vendor['id']}", token,
                           body=json.dumps({**PRODUCT, "variants": [
                               {**PRODUCT["variants"][0], "sku": "MD-LAH-1"}]}))
    assert status == 200 and product["vendor_id"] == vendor["id"]
    status, body = call(client, "POST", f"/admin/vendors/{vendor['id']}/reject", admin,
                        body=json.dumps({"reason": "Bank details missing"}))
    assert status == 200 and body["review_reason"] == "Bank details missing"
    profile = call(client, "GET", f"/vendor/profile?vendor_id={vendor['id']}", token)[1]
    assert profile["status"] == "rejected" and profile["review_reason"] == "Bank details missing"
    status, body = call(client, "POST", f"/admin/vendors/{vendor['id']}/reject", admin,
                        body=json.dumps({"reason": "x"}))
    assert status == 400  # a reason needs at least a few characters
