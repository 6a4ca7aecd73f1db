"""Issue 17, item 6, on the running local stack: with `COURIER_MODE=manual` an order is
handed over, tracked and delivered by hand through the API (the maker, the office), with
the mails, the timeline and the maker's ledger credit of the automatic path; the office
sees a parcel without tracking past its deadline; the books balance.

The session's stack runs the simulator. Rather than a second stack (~60-90 s to start),
this module restarts the two processes that read the setting, the API and the event
runner, with `COURIER_MODE=manual` (and, on the API, a 0-hour pickup deadline so the
office's overdue list needs no waiting), and restarts them as they were afterwards. The
parcel remembers how it is carried (`courier: manual`), so nothing depends on the mode
of the process that later moves it.
"""
from __future__ import annotations

import pytest
import requests

from tests.integration import books
from tests.integration.mailbox import wait_mail
from tests.integration.shopping import CONTACT, call, order, status_of, vendor_product
from tests.integration.waiting import wait_for

GOOD_S10 = "EE473124829IN"   # UPU's worked example of the S10 check digit
MANUAL = {"COURIER_MODE": "manual", "PICKUP_DEADLINE_HOURS": "0"}


def _switch(stack, env: dict | None) -> None:
    local = stack["_stack"]
    for name in ("api", "runner"):
        local.restart(name, env=env, crash=False)

    def healthy():
        try:
            return requests.get(stack["api_url"] + "/health", timeout=2).status_code == 200
        except requests.RequestException:
            return False
    wait_for(healthy, timeout=90, what="the API after its restart")


@pytest.fixture(scope="module")
def manual(stack):
    _switch(stack, MANUAL)
    yield stack
    _switch(stack, None)     # as start() started them: the simulator again


@pytest.fixture(scope="module")
def office(api, stack):
    account = next(a for a in stack["demo_accounts"] if a["role"] == "admin")
    return call(api, "POST", "/auth/login", json={
        "email": account["email"], "password": account["password"]}).json()["id_token"]


def parcel_of(api, vendor, order_id: str) -> dict | None:
    items = call(api, "GET", "/vendor/orders?limit=50", vendor["token"]).json()["items"]
    return next((p for p in items if p["order_id"] == order_id), None)


def cod_order(api, vendor) -> tuple[dict, dict]:
    product, variant = vendor_product(api, vendor["id"], min_stock=2)
    created = order(api, product, variant, method="cod")
    assert created.status_code == 201, created.text
    created = created.json()
    parcel = wait_for(lambda: (p := parcel_of(api, vendor, created["order_id"])) and
                      p["status"] == "awaiting_pickup" and p["by_hand"] and p,
                      what="the parcel waiting for its handover")
    return created, parcel


def test_an_order_is_handed_over_tracked_and_delivered_by_hand(manual, api, vendor,
                                                               stripe_client):
    baseline = books.snapshot(manual, stripe_client)
    created, parcel = cod_order(api, vendor)
    assert parcel["tracking_number"] is None and parcel["ship_to"]["pincode"]
    oid = created["order_id"]
    wait_mail(manual, CONTACT["email"], oid, f"ऑर्डर {oid} पक्का")   # confirmed (COD; Hindi first)
    base = f"/vendor/parcels/{parcel['id']}"

    early = call(api, "POST", base + "/outcome", vendor["token"], json={"status": "delivered"})
    assert (early.status_code, early.json()["error"]["code"]) == (409, "not_handed_over")
    typo = call(api, "POST", base + "/handover", vendor["token"],
                json={"courier": "india_post", "tracking_number": "EE473124828IN"})
    assert (typo.status_code, typo.json()["error"]["code"]) == (400, "tracking_check_digit")

    assert call(api, "POST", base + "/packed", vendor["token"]).status_code == 200
    handed = call(api, "POST", base + "/handover", vendor["token"],
                  json={"courier": "india_post", "tracking_number": GOOD_S10.lower()})
    assert handed.status_code == 200, handed.text
    assert (handed.json()["status"], handed.json()["courier_name"]) == ("picked_up", "India Post")
    shipped = wait_mail(manual, CONTACT["email"], oid, f"ऑर्डर {oid} का पार्सल रवाना")
    assert f"{GOOD_S10} (India Post)" in shipped["body"]

    # the shopper's order page tracks it
    seen = status_of(api, created)["parcels"][0]
    assert (seen["tracking_number"], seen["courier_name"]) == (GOOD_S10, "India Post")

    for _ in range(2):   # a repeated tap changes nothing
        done = call(api, "POST", base + "/outcome", vendor["token"], json={"status": "delivered"})
        assert done.status_code == 200 and done.json()["status"] == "delivered", done.text
    wait_mail(manual, CONTACT["email"], oid, f"ऑर्डर {oid} का पार्सल पहुँच गया")
    assert status_of(api, created)["status"] == "completed"
    timeline = status_of(api, created)["parcels"][0]["timeline"]
    assert [(e["status"], e["by"]) for e in timeline] == [("picked_up", "maker"),
                                                          ("delivered", "maker")]
    ledger = call(api, "GET", "/vendor/payouts", vendor["token"]).json()["entries"]
    credits = [e for e in ledger if e.get("parcel_id") == parcel["id"]]
    assert [e["kind"] for e in credits] == ["credit_delivery"]
    assert 0 < credits[0]["amount_paise"] < parcel["value_paise"]

    assert books.settled(manual, stripe_client, baseline) == []


def test_the_office_sees_a_parcel_without_tracking_and_records_its_return(manual, api, vendor,
                                                                           office,
                                                                           stripe_client):
    baseline = books.snapshot(manual, stripe_client)
    created, parcel = cod_order(api, vendor)
    overdue = call(api, "GET", "/admin/parcels/overdue?limit=100", office)
    assert overdue.status_code == 200, overdue.text
    assert overdue.json()["deadline_hours"] == 0
    listed = [p for p in overdue.json()["items"] if p["id"] == parcel["id"]]
    assert listed and listed[0]["tracking_number"] is None and listed[0]["vendor_id"] == vendor["id"]
    assert "ship_to" not in listed[0] or listed[0]["ship_to"] is None   # no address for the office

    base = f"/admin/parcels/{parcel['id']}"
    nameless = call(api, "POST", base + "/handover", office,
                    json={"courier": "other", "tracking_number": "DTDC-Z12345678"})
    assert nameless.json()["error"]["code"] == "courier_name_required"
    handed = call(api, "POST", base + "/handover", office, json={
        "courier": "other", "courier_name": "DTDC", "tracking_number": "dtdc-z12345678"})
    assert handed.status_code == 200 and handed.json()["tracking_number"] == "DTDC-Z12345678"
    overdue = call(api, "GET", "/admin/parcels/overdue?limit=100", office).json()["items"]
    assert parcel["id"] not in [p["id"] for p in overdue]

    back = call(api, "POST", base + "/outcome", office, json={"status": "returned"})
    assert back.status_code == 200 and back.json()["status"] == "returned", back.text
    late = call(api, "POST", base + "/outcome", office, json={"status": "delivered"})
    assert (late.status_code, late.json()["error"]["code"]) == (409, "parcel_closed")
    assert status_of(api, created)["status"] == "completed"
    ledger = call(api, "GET", "/vendor/payouts", vendor["token"]).json()["entries"]
    assert not [e for e in ledger if e.get("parcel_id") == parcel["id"]]   # never delivered
    # another maker's token cannot touch it, nor read it
    stranger = call(api, "POST", f"/vendor/parcels/{parcel['id']}/outcome", office,
                    json={"status": "returned"})
    assert stranger.status_code == 403

    assert books.settled(manual, stripe_client, baseline) == []


# --- in the portal (Chromium) -----------------------------------------------------------

def test_a_maker_records_the_handover_and_delivery_in_the_portal(manual, api, vendor, chromium):
    from playwright.sync_api import expect

    from tests.integration.portal_pages import account, clean, new_page, portal, shot, sign_in
    created, parcel = cod_order(api, vendor)
    maker = account(manual, "vendor", 0)
    assert maker["vendor_id"] == vendor["id"]
    page = new_page(chromium)
    try:
        sign_in(page, manual, maker["email"], maker["password"])
        portal(page, manual, "#/orders")
        card = page.locator(f'[data-testid=parcel][data-id="{parcel["id"]}"]')
        form = card.get_by_test_id("handover")
        form.get_by_test_id("handover-number").fill("EE 473 124 828 IN")   # a digit miscopied
        form.get_by_test_id("handover-save").click()
        expect(form.locator(".form-msg")).to_contain_text("जाँच अंक ग़लत")
        form.get_by_test_id("handover-number").fill("EE 473 124 829 IN")
        shot(page, "manual-handover")
        form.get_by_test_id("handover-save").click()
        card = page.locator(f'[data-testid=parcel][data-id="{parcel["id"]}"]')
        expect(card.locator(".notice.good")).to_contain_text("सौंपना दर्ज हुआ")
        expect(card.get_by_test_id("tracking")).to_have_text(f"India Post: {GOOD_S10}")
        expect(card.get_by_test_id("parcel-status")).to_have_attribute("data-status", "picked_up")
        card.get_by_test_id("outcome-delivered").click()
        card = page.locator(f'[data-testid=parcel][data-id="{parcel["id"]}"]')
        expect(card.get_by_test_id("parcel-status")).to_have_attribute("data-status", "delivered")
        expect(card.locator(".notice.good")).to_contain_text("पहुँचा दर्ज हुआ")
        page.get_by_role("link", name="कमाई").first.click()
        entry = page.get_by_test_id("ledger-entry").filter(has_text=parcel["id"])
        expect(entry).to_have_attribute("data-kind", "credit_delivery")
        clean(page)
    finally:
        page.context.close()


def test_the_desk_lists_parcels_without_tracking_and_records_a_handover(manual, api, vendor,
                                                                        office, chromium):
    from playwright.sync_api import expect

    from tests.integration import browser
    from tests.integration.portal_pages import account, new_page, portal, shot, sign_in
    _, parcel = cod_order(api, vendor)
    admin = account(manual, "admin")
    page = new_page(chromium, bypass_csp=True)      # for axe-core (the portal's CSP refuses it)
    try:
        sign_in(page, manual, admin["email"], admin["password"])
        portal(page, manual, "#/desk")
        expect(page.get_by_test_id("waiting-parcels")).not_to_have_text("…")
        assert int(page.get_by_test_id("waiting-parcels").get_attribute("data-count")) >= 1
        portal(page, manual, "#/desk/parcels")
        item = page.locator(f'[data-testid=desk-parcel][data-id="{parcel["id"]}"]')
        expect(item).to_be_visible()
        page.wait_for_load_state("networkidle")
        violations = browser.axe_violations(page)
        assert not violations, [(v["id"], v["help"], len(v["nodes"])) for v in violations]
        shot(page, "desk-parcels")
        item.get_by_test_id("handover-courier").select_option("other")
        item.get_by_test_id("handover-name").fill("DTDC")
        item.get_by_test_id("handover-number").fill("z1234-5678")
        item.get_by_test_id("handover-save").click()
        item = page.locator(f'[data-testid=desk-parcel][data-id="{parcel["id"]}"]')
        expect(item.get_by_test_id("desk-tracking")).to_have_text("DTDC: Z1234-5678")
        expect(item.get_by_test_id("outcome-delivered")).to_be_visible()
        assert not page.errors
    finally:
        page.context.close()
    # delivered, so the parcel ends as the other tests' books expect
    assert call(api, "POST", f"/admin/parcels/{parcel['id']}/outcome", office,
                json={"status": "delivered"}).status_code == 200
