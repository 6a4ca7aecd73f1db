"""Selling abroad on the running local stack, through the API as the shop, the portal and
the desk call it: India Post's services and limits in the quote, what may not go abroad and
why, the foreign address rules, a card order from abroad paid at localstripe with what Stripe
asks of an export charge, GST zero, the export papers and the office's register."""
from __future__ import annotations

import csv
import io
import json
from decimal import ROUND_HALF_UP, Decimal

import pytest

from tests.integration.mailbox import wait_mail
from tests.integration.portal_pages import account, admin_token, token_of
from tests.integration.shopping import call, pay, status_of
from tests.integration.waiting import wait_for

pytestmark = pytest.mark.usefixtures("runner_back")

US_ADDRESS = {"line1": "350 Fifth Avenue", "line2": "Suite 5", "city": "New York",
              "state": "NY", "postal_code": "10118", "country": "US"}
US_CONTACT = {"name": "Emily Carter", "phone": "+1 212 555 0147", "email": "emily@example.com"}
AE_ADDRESS = {"line1": "Villa 12, Street 5, Al Barsha 1", "city": "Dubai", "state": "Dubai",
              "country": "AE"}
AE_CONTACT = {"name": "Priya Menon", "phone": "+971 50 123 4567", "email": "priya@example.ae"}
IRON = "v-vishwakarma-lohar-karkhana"
HOSTILE = 'Emily "J." <script>alert(1)</script> Carter'
LUT_TEXT = "Supply meant for export under LUT without payment of integrated tax"


def _code(r) -> str:
    return r.json()["error"]["code"]


def _variant(api, product_id, grams=None):
    product = call(api, "GET", f"/products/{product_id}").json()
    variant = next(v for v in product["variants"] if grams is None or v["weight_grams"] == grams)
    return product, variant


def _items(product, variant, quantity=1):
    return [{"product_id": product["id"], "variant_id": variant["id"], "quantity": quantity}]


def _quote(api, items, country, **extra):
    r = call(api, "POST", "/quotes", json={"items": items, "country": country, **extra})
    assert r.status_code == 200, r.text
    return r.json()


def _order(api, items, address=US_ADDRESS, contact=US_CONTACT, method="card", **extra):
    return call(api, "POST", "/orders", json={"items": items, "contact": contact,
                                              "address": address, "payment_method": method,
                                              "language": "en", **extra})


def _usd(paise: int) -> int:
    return int((Decimal(paise) / 100 * Decimal("0.01183") * 100).quantize(
        Decimal(1), rounding=ROUND_HALF_UP))


@pytest.fixture(scope="module")
def office(stack):
    return admin_token(stack)


def test_the_shop_learns_the_countries_services_and_rates(api):
    info = call(api, "GET", "/abroad").json()
    us = next(c for c in info["countries"] if c["code"] == "US")
    assert us["postal_code"]["required"] and us["postal_code"]["label"]["en"] == "ZIP code"
    assert us["calling_code"] == "1" and us["currency"] == "USD" and us["state"]["required"]
    assert info["services"]["itps"]["max_grams"] == 2000
    assert info["services"]["ems"]["max_grams"] == 35000
    assert info["fx"]["currencies"]["USD"] == {"per_inr": "0.01183", "exponent": 2,
                                               "symbol": "US$"}
    assert info["fx"]["currencies"]["KWD"]["exponent"] == 3 and "IN" not in \
        {c["code"] for c in info["countries"]}


def test_a_us_quote_offers_ems_and_the_tracked_packet_with_prices_and_limits(api):
    product, variant = _variant(api, "p-iron-roti-tawa", 1500)
    q = _quote(api, _items(product, variant), "US", postal_code="10118")
    assert q["ok"] and q["destination"]["zone"] == "abroad"
    ems, itps = (next(s for s in q["services"] if s["id"] == k) for k in ("ems", "itps"))
    # chalicelib/data/abroad.json, US: EMS ₹1,050 for 250 g + ₹215 per further 250 g (5);
    # tracked packet ₹320 for 50 g + ₹55 per further 50 g (29)
    assert ems["available"] and ems["shipping_paise"] == 212_500 and ems["days"] == [6, 10]
    assert itps["available"] and itps["shipping_paise"] == 191_500 and itps["days"] == [10, 20]
    assert itps["max_grams"] == 2000 and "2 kg" in itps["limits"]["en"]
    assert q["service"] == "itps" and q["totals"]["shipping_paise"] == 191_500
    line = q["lines"][0]
    assert line["igst_paise"] == line["cgst_paise"] == line["sgst_paise"] == 0
    assert line["line_total_paise"] == line["taxable_paise"] < variant["price_paise"]
    assert q["approx"]["currency"] == "USD" and q["approx"]["total"] == \
        _usd(q["totals"]["total_paise"])
    assert [o["method"] for o in q["payment_options"]] == ["card"] and not q["cod_available"]
    assert "UPI" not in q["returns_policy"]["en"] and "card" in q["returns_policy"]["en"]
    chosen = _quote(api, _items(product, variant), "US", service="ems")
    assert chosen["service"] == "ems" and chosen["totals"]["shipping_paise"] == 212_500
    r = call(api, "POST", "/quotes", json={"items": _items(product, variant), "country": "US",
                                           "postal_code": "NY 10"})
    assert r.status_code == 400 and r.json()["error"]["details"][0]["field"] == "postal_code"


def test_a_10_kg_parcel_is_refused_for_the_2_kg_service(api):
    product, variant = _variant(api, "p-hand-forged-iron-kadhai", 3400)
    items = _items(product, variant, quantity=3)            # 10.2 kg in one parcel
    q = _quote(api, items, "US", service="itps")
    itps = next(s for s in q["services"] if s["id"] == "itps")
    assert not itps["available"] and itps["shipping_paise"] is None
    assert [p["code"] for p in itps["problems"]] == ["too_heavy_for_service"]
    assert "10.2 kg" in itps["problems"][0]["en"] and itps["problems"][0]["hi"]
    assert q["ok"] and q["service"] == "ems"                 # EMS carries up to 35 kg
    r = _order(api, items, service="itps")
    assert r.status_code == 422 and _code(r) == "service_not_possible", r.text
    assert r.json()["error"]["details"][0]["code"] == "too_heavy_for_service"
    # light, but 62 cm long packed: over the tracked packet's 60 cm
    ladle, option = _variant(api, "p-karchhul-jharna-set")
    assert option["packed_cm"] == [62, 14, 6]
    q = _quote(api, _items(ladle, option), "US", service="itps")
    itps = next(s for s in q["services"] if s["id"] == "itps")
    assert [p["code"] for p in itps["problems"]] == ["too_big_for_service"] and q["service"] == "ems"


def test_a_maker_without_an_iec_is_not_offered_abroad(api):
    product, variant = _variant(api, "p-bamboo-soop")
    assert product["vendor"]["id"] == "v-mahli-bans-shilp"
    assert product["export"]["ok"] is False
    assert product["export"]["problem"]["code"] == "maker_not_export_ready"
    q = _quote(api, _items(product, variant), "US")
    assert not q["ok"] and [p["code"] for p in q["lines"][0]["problems"]] == \
        ["maker_not_export_ready"]
    r = _order(api, _items(product, variant))
    assert r.status_code == 422 and _code(r) == "order_not_possible"
    assert [d["code"] for d in r.json()["error"]["details"]] == ["maker_not_export_ready"]
    assert _quote(api, _items(product, variant), "IN", pincode="814112")["ok"]


def test_bad_foreign_addresses_are_refused_naming_the_field(api):
    product, variant = _variant(api, "p-karchhul-jharna-set")
    items = _items(product, variant)

    def refused(address=US_ADDRESS, contact=US_CONTACT, **extra):
        r = _order(api, items, address=address, contact=contact, **extra)
        assert r.status_code == 400 and _code(r) == "invalid_body", r.text
        return [d["field"] for d in r.json()["error"]["details"]]

    assert refused({**US_ADDRESS, "postal_code": "ABCDE"}) == ["address.postal_code"]
    assert refused({**US_ADDRESS, "postal_code": None}) == ["address.postal_code"]
    assert refused({**US_ADDRESS, "state": ""}) == ["address.state"]
    assert refused({**US_ADDRESS, "pincode": "814112"}) == ["address.pincode"]
    assert refused({**US_ADDRESS, "country": "BR"}) == ["address.country"]
    assert refused(contact={**US_CONTACT, "phone": "2125550147"}) == ["contact.phone"]
    assert refused(contact={**US_CONTACT, "phone": "+91 98350 12345"}) == ["contact.phone"]
    assert refused({**US_ADDRESS, "country": "GB", "state": "", "postal_code": "12345"},
                   contact={**US_CONTACT, "phone": "+44 20 7946 0958"}) == ["address.postal_code"]
    assert refused(billing={"name": "E Carter", "line1": "1 Main St", "city": "Toronto",
                            "postal_code": "12345", "country": "CA"}) == ["billing.postal_code"]
    # a UAE address has no postal code; the Emirate is asked
    r = _order(api, items, address=AE_ADDRESS, contact=AE_CONTACT, method="cod")
    assert r.status_code == 422 and _code(r) == "cod_not_available", r.text
    r = _order(api, items, method="upi")
    assert r.status_code == 422 and _code(r) in ("payment_method_unavailable",), r.text


def test_peda_is_refused_abroad_until_its_listing_carries_an_export_clearance(
        api, stack, vendor, office, stripe_client):
    product, variant = _variant(api, "p-gur-peda", 330)
    assert product["vendor"]["id"] == vendor["id"] and product["perishable"]
    assert product["export"]["problem"]["code"] == "no_export_clearance"
    items = _items(product, variant)
    q = _quote(api, items, "AE")
    assert [p["code"] for p in q["lines"][0]["problems"]] == ["no_export_clearance"]
    r = _order(api, items, address=AE_ADDRESS, contact=AE_CONTACT)
    assert r.status_code == 422 and r.json()["error"]["details"][0]["code"] == \
        "no_export_clearance"

    mine = call(api, "GET", f"/vendor/products/{product['id']}", vendor["token"]).json()
    clearance = {"reference": "EIC/KOL/2026/0457", "authority": "Export Inspection Council, "
                 "Kolkata", "valid_until": "2027-12-31"}
    r = call(api, "PATCH", f"/vendor/products/{product['id']}", vendor["token"],
             json={"version": mine["version"], "export_clearance": clearance})
    assert r.status_code == 200 and r.json()["revision"]["export_clearance"] == clearance, r.text
    # still refused while the desk has not looked at it
    assert call(api, "GET", f"/products/{product['id']}").json()["export"]["ok"] is False
    r = call(api, "POST", f"/admin/products/{product['id']}/approve", office, json={})
    assert r.status_code == 200, r.text
    cleared = wait_for(lambda: (lambda p: p if p["export"]["ok"] else None)(
        call(api, "GET", f"/products/{product['id']}").json()), what="peda cleared")
    assert cleared["export"]["problem"] is None
    q = _quote(api, items, "AE")
    assert q["ok"] and q["service"] == "ems"                 # 3-5 days: a 7-day peda fits
    itps = next(s for s in q["services"] if s["id"] == "itps")
    assert itps["problems"][0]["code"] == "too_slow_for_perishable"
    assert q["approx"]["currency"] == "AED"

    # the cleared peda, bought from Dubai by card: its maker gets the export papers
    r = _order(api, items, address=AE_ADDRESS, contact=AE_CONTACT)
    assert r.status_code == 201, r.text
    created = r.json()
    r = call(api, "GET", f"/vendor/parcels/{created['order_id']}-p1/export-papers?format=json",
             vendor["token"])
    assert r.status_code == 409 and _code(r) == "not_paid", r.text
    assert pay(api, stripe_client, created).status_code == 200
    order = wait_for(lambda: (lambda o: o if o["status"] == "paid" else None)(
        status_of(api, created)), what="paid")
    parcel = order["parcels"][0]
    papers = call(api, "GET", f"/vendor/parcels/{parcel['id']}/export-papers?format=json",
                  vendor["token"])
    assert papers.status_code == 200, papers.text
    text = json.dumps(papers.json(), ensure_ascii=False)
    assert LUT_TEXT in text and "210690" in text and "AE" in text
    # another maker cannot read them
    other = account(stack, "vendor", 1)
    r = call(api, "GET", f"/vendor/parcels/{parcel['id']}/export-papers",
             token_of(stack, other["email"], other["password"]))
    assert r.status_code == 404 and _code(r) == "parcel_not_found"


def test_a_card_order_from_abroad_is_paid_without_gst_with_papers_and_in_the_register(
        api, stack, office, stripe_client):
    product, variant = _variant(api, "p-karchhul-jharna-set")
    billing = {"name": HOSTILE, "line1": "77 Harbour Road", "city": "Boston",
               "state": "MA", "postal_code": "02110", "country": "US"}
    r = _order(api, _items(product, variant, 2), billing=billing, service="ems")
    assert r.status_code == 201, r.text
    created = r.json()
    paid = pay(api, stripe_client, created)
    assert paid.status_code == 200 and paid.json()["status"] == "succeeded", paid.text

    # what Stripe holds of the charge: the buyer, a billing address abroad, where it goes, what
    intent = stripe_client.v1.payment_intents.retrieve(paid.json()["payment_intent_id"]).to_dict()
    assert intent["currency"] == "inr" and intent["amount"] == created["total_paise"]
    assert intent["shipping"]["name"] == "Emily Carter"
    assert intent["shipping"]["address"]["country"] == "US"
    assert intent["shipping"]["address"]["postal_code"] == "10118"
    assert product["name"]["en"] in intent["description"] and "Deoghar" in intent["description"]
    customer = stripe_client.v1.customers.retrieve(intent["customer"]).to_dict()
    assert customer["name"] == HOSTILE and customer["address"]["country"] == "US"
    assert customer["address"]["city"] == "Boston"

    order = wait_for(lambda: (lambda o: o if o["status"] == "paid" else None)(
        status_of(api, created)), what="paid")
    q, parcel = order["quote"], order["parcels"][0]
    assert q["service"] == "ems" and q["approx"]["currency"] == "USD"
    line = parcel["lines"][0]
    assert line["cgst_paise"] == line["sgst_paise"] == line["igst_paise"] == 0
    assert line["line_total_paise"] == line["taxable_paise"] == parcel["value_paise"]

    # the shopper's invoice says it is an export under LUT
    invoice = call(api, "GET", f"/orders/{created['order_id']}/parcels/{parcel['id']}/invoice",
                   order_token=created["order_token"])
    assert invoice.status_code == 200 and LUT_TEXT in invoice.text

    papers = call(api, "GET", f"/admin/parcels/{parcel['id']}/export-papers?format=json",
                  office).json()
    inv, customs, pbe = papers["invoice"], papers["customs"], papers["pbe"]
    flat = json.dumps(papers, ensure_ascii=False)
    assert LUT_TEXT in flat and "IEC" in flat.upper()
    seller = call(api, "GET", f"/vendors/{IRON}").json()
    assert seller["name"]["en"] in flat and "US" in flat and "Emily Carter" in flat
    hs = product["hsn_code"][:6]
    assert len(product["hsn_code"]) == 8 and hs in flat
    # consistent with the order: the goods' value, and in dollars at the order's rate
    assert str(parcel["value_paise"]) in flat and str(_usd(parcel["value_paise"])) in flat
    limit_paise = Decimal(300) / Decimal("0.008750") * 100
    assert customs["form"] == ("CN22" if parcel["value_paise"] <= limit_paise else "CN23")
    assert "sale of goods" in json.dumps(customs).lower()
    assert pbe["payment_reference"] == paid.json()["payment_intent_id"] and inv
    page = call(api, "GET", f"/admin/parcels/{parcel['id']}/export-papers?format=html", office)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert LUT_TEXT in page.text and "<script" not in page.text.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text       # the buyer, escaped
    sheet = call(api, "GET", f"/admin/parcels/{parcel['id']}/export-papers?format=csv", office)
    rows = list(csv.reader(io.StringIO(sheet.text)))
    assert sheet.headers["Content-Type"].startswith("text/csv") and len(rows) == 2

    def registered():   # written when the dispatch accepts the parcel, just after payment
        register = call(api, "GET", "/admin/exports", office).json()
        return register if any(p["parcel_id"] == parcel["id"] for p in register["parcels"]) \
            else None
    register = wait_for(registered, what="the parcel in the export register")
    row = next(p for p in register["parcels"] if p["parcel_id"] == parcel["id"])
    assert row["country"] == "US" and row["value_paise"] == parcel["value_paise"]
    assert row["realisation"] is None and row["currency"] == "USD"
    assert register["totals"]["awaiting_realisation"] >= 1
    us = next(g for g in register["by_country"] if g["key"] == "US")
    assert us["value_paise"] >= parcel["value_paise"]
    assert any(g["key"] == IRON for g in register["by_maker"])
    r = call(api, "POST", f"/admin/exports/{parcel['id']}/realisation", office,
             json={"reference": "EBRC/2026/000123", "realised_on": "2026-12-04"})
    assert r.status_code == 200 and r.json()["realisation"]["reference"] == "EBRC/2026/000123"
    r = call(api, "POST", f"/admin/exports/{parcel['id']}/realisation", office,
             json={"reference": "EBRC/2026/000124", "realised_on": "2026-12-04"})
    assert r.status_code == 409 and _code(r) == "already_realised"
    after = call(api, "GET", "/admin/exports", office).json()
    assert after["totals"]["awaiting_realisation"] == register["totals"][
        "awaiting_realisation"] - 1
    # an Indian parcel has no export papers
    from tests.integration.shopping import ADDRESS, CONTACT
    r = _order(api, _items(product, variant), address=ADDRESS, contact=CONTACT, method="cod")
    assert r.status_code == 201, r.text
    r = call(api, "GET", f"/admin/parcels/{r.json()['order_id']}-p1/export-papers", office)
    assert r.status_code == 409 and _code(r) == "not_an_export", r.text


def test_a_maker_gives_an_export_profile_and_the_office_reviews_it(api, stack, office):
    a = account(stack, "vendor", 1)
    token = token_of(stack, a["email"], a["password"])
    before = call(api, "GET", "/vendor/export", token).json()
    assert before["status"] in ("none", "pending", "approved")   # a browser test may go first
    good = {"iec": "QEUFB6068O", "ad_code": "0104422",
            "lut": {"arn": "AD200426012345X", "financial_year": "2026-27",
                    "valid_from": "2026-04-01", "valid_to": "2027-03-31"}}
    r = call(api, "PUT", "/vendor/export", token, json={**good, "iec": "12-34"})
    assert r.status_code == 400 and r.json()["error"]["details"][0]["field"] == "iec"
    r = call(api, "PUT", "/vendor/export", token,
             json={**good, "lut": {**good["lut"], "valid_to": "2027-04-30"}})
    assert r.status_code == 400 and r.json()["error"]["details"][0]["field"] == "lut.valid_to"
    # the seeded maker has no e-mail address yet: the office's decision is mailed to it
    mine = call(api, "GET", "/vendor/profile", token).json()
    r = call(api, "PUT", "/vendor/profile", token, json={
        **{k: mine[k] for k in ("name", "story", "craft", "category", "block", "village",
                                "is_shg", "accepts_cod")},
        "phone": mine["phone"] or "9876500011", "email": "baba.dham.mithai@example.in"})
    assert r.status_code == 200, r.text
    r = call(api, "PUT", "/vendor/export", token, json=good)
    assert r.status_code == 200 and r.json()["status"] == "pending", r.text
    assert "export_profile_pending" in {p["code"] for p in r.json()["problems"]}
    queue = call(api, "GET", "/admin/export-profiles", office).json()["items"]
    assert a["vendor_id"] in {i["vendor_id"] for i in queue}
    r = call(api, "POST", f"/admin/vendors/{a['vendor_id']}/export/reject", office, json={})
    assert r.status_code == 400
    r = call(api, "POST", f"/admin/vendors/{a['vendor_id']}/export/approve", office, json={})
    assert r.status_code == 200 and r.json()["ready"] and r.json()["ready_until"] == "2027-03-31"
    r = call(api, "POST", f"/admin/vendors/{a['vendor_id']}/export/approve", office, json={})
    assert r.status_code == 409 and _code(r) == "already_decided"
    profile = call(api, "GET", "/vendor/profile", token).json()
    assert profile["export"]["status"] == "approved"
    mail = wait_mail(stack, "baba.dham.mithai@example.in", "Your goods can now be sold abroad")
    assert "2027-03-31" in mail["body"] and "AD200426012345X" in mail["body"], mail
    # the maker's peda is now refused only for want of a clearance
    card = call(api, "GET", f"/vendors/{a['vendor_id']}?limit=5").json()["products"][0]
    problem = wait_for(lambda: call(api, "GET", f"/products/{card['id']}").json()["export"][
        "problem"] if call(api, "GET", f"/products/{card['id']}").json()["export"]["problem"][
        "code"] != "maker_not_export_ready" else None, what="maker export-ready on products")
    assert problem["code"] in ("no_export_clearance", "hsn_not_for_export")
    # a self-help group without GST registration cannot export under an LUT
    f = account(stack, "facilitator")
    ftoken = token_of(stack, f["email"], f["password"])
    shg = call(api, "GET", "/facilitator/vendors", ftoken).json()["items"][0]
    if shg["gst_status"] != "registered":
        r = call(api, "PUT", f"/vendor/export?vendor_id={shg['id']}", ftoken, json=good)
        assert r.status_code == 409 and _code(r) == "export_needs_gst_registration"
