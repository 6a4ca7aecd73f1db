"""Selling abroad (issue 20) in the portal, in a real browser on the local stack: a block
official acting for a maker without GST registration is told in plain words why the export
papers cannot be sent; a maker (the second demo maker, GST-registered) fills the export profile
in Hindi, a bad IEC and an LUT outside its financial year refused on their fields, then sent;
the district office approves it on the desk (a reason needed to reject) and the maker reads
"approved until"; the maker adds an export clearance to a perishable listing and reads the
8-digit HSN note on a 4-digit one; a buyer abroad orders the maker's export-ready product, the
maker opens its export papers (print, CSV, JSON) and the office finds the parcel in the export
register, waiting for the bank, and records its realisation. axe-core on every new page.
Screenshots: test-artifacts/portal-export-*.png."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.integration import browser
from tests.integration.portal_pages import (account, admin_token, api_call, clean, new_page,
                                            portal, shot, sign_in, token_of)
from tests.integration.shopping import call, pay, status_of
from tests.integration.waiting import wait_for

LOAD = 20_000   # ms for a server round trip on a shared, slow machine
PERISHABLE = "p-khurchan"              # the second demo maker's, 5 days' shelf life
PLAIN = "p-elaichidana-prasad"         # the same maker's, not perishable, HSN 1704
HSN8 = "17049090"
ABROAD = {"line1": "350 Fifth Avenue", "line2": "Floor 20", "city": "New York", "state": "NY",
          "postal_code": "10118", "country": "US"}
BUYER = {"name": "Emily Carter", "phone": "+1 212 555 0142", "email": "emily@example.com"}


def financial_year(today: date | None = None) -> tuple[str, str, str]:
    """This Indian financial year: its name and first and last day."""
    today = today or date.today()
    start = today.year - (today.month < 4)
    return f"{start}-{(start + 1) % 100:02d}", f"{start}-04-01", f"{start + 1}-03-31"


@pytest.fixture(scope="module")
def people(stack):
    maker = account(stack, "vendor", 1)
    return {"maker": maker, "maker_token": token_of(stack, maker["email"], maker["password"]),
            "office": account(stack, "admin"), "office_token": admin_token(stack),
            "official": account(stack, "facilitator")}


@pytest.fixture(scope="module")
def pages(chromium, stack, people):
    """The maker (Hindi), the office and the official under the site's CSP; one page without
    it for axe-core (its script is injected inline)."""
    made = {name: new_page(chromium) for name in ("maker", "office", "official")}
    made["axe"] = new_page(chromium, bypass_csp=True)
    for name, who in (("maker", people["maker"]), ("office", people["office"]),
                      ("official", people["official"])):
        sign_in(made[name], stack, who["email"], who["password"])
    yield made
    for p in made.values():
        p.context.close()


def no_serious_violations(page, stack, who, route: str, ready: str) -> None:
    """axe-core on `route`, signed in as `who`, once the test id `ready` shows."""
    sign_in(page, stack, who["email"], who["password"])
    portal(page, stack, route)
    expect(page.get_by_test_id(ready).first).to_be_visible(timeout=LOAD)
    page.wait_for_load_state("networkidle")
    violations = browser.axe_violations(page)
    assert not violations, (route, [(v["id"], v["help"], len(v["nodes"])) for v in violations])
    page.get_by_test_id("sign-out").click()


def field_error(form, testid: str):
    """The error shown under the field (its aria-describedby's last id)."""
    el = form.get_by_test_id(testid)
    expect(el).to_have_attribute("aria-invalid", "true", timeout=LOAD)
    return form.page.locator("#" + el.get_attribute("aria-describedby").split()[-1])


def test_a_maker_without_gst_registration_is_told_why_in_plain_words(pages, stack):
    page = pages["official"]
    portal(page, stack, "#/makers")
    unregistered = "v-jai-maa-durga-mahila-samooh"     # the official's SHG, enrolled, not registered
    page.locator(f'[data-testid=maker][data-id="{unregistered}"]').get_by_test_id("act-for").click()
    expect(page.get_by_test_id("acting-maker")).to_be_visible(timeout=LOAD)
    portal(page, stack, "#/profile")
    expect(page.get_by_test_id("export-panel")).to_be_visible(timeout=LOAD)
    expect(page.get_by_test_id("export-status")).to_have_attribute("data-status", "none")
    page.get_by_test_id("open-export").click()
    form = page.get_by_test_id("export-form")
    expect(form).to_be_visible(timeout=LOAD)
    expect(page.get_by_test_id("export-problems")).to_contain_text("जीएसटी")   # the API says so first
    form.get_by_test_id("iec").fill("FDXAJ4195F")
    form.get_by_test_id("ad-code").fill("0123456")
    form.get_by_test_id("lut-arn").fill("AD200426012345X")
    form.get_by_test_id("save-export").click()
    gst = page.get_by_test_id("export-gst")
    expect(gst).to_contain_text("GST पंजीकरण ज़रूरी है", timeout=LOAD)
    expect(gst.get_by_test_id("to-profile")).to_have_attribute("href", "#/profile")
    expect(page.get_by_test_id("export-status")).to_have_attribute("data-status", "none")
    clean(page)


def test_the_maker_sends_export_papers_with_errors_shown_on_their_fields(pages, stack, api, people):
    page = pages["maker"]
    fy, first, last = financial_year()
    portal(page, stack, "#/export")
    form = page.get_by_test_id("export-form")
    expect(form).to_be_visible(timeout=LOAD)
    # (test_exports.py may have given this maker's papers already: sent again, they wait again)
    expect(page.get_by_test_id("export-status")).to_have_attribute("data-status", re.compile("^(none|approved)$"))
    # choosing a financial year fills in its dates
    start = int(fy[:4])
    form.get_by_test_id("lut-fy").select_option(f"{start + 1}-{(start + 2) % 100:02d}")
    expect(form.get_by_test_id("lut-from")).to_have_value(f"{start + 1}-04-01")
    form.get_by_test_id("lut-fy").select_option(fy)
    expect(form.get_by_test_id("lut-from")).to_have_value(first)
    expect(form.get_by_test_id("lut-to")).to_have_value(last)
    # a bad IEC: refused on its field, in Hindi, before anything is sent
    form.get_by_test_id("iec").fill("ABC12")
    form.get_by_test_id("ad-code").fill("6390005")
    form.get_by_test_id("lut-arn").fill("ad200426012345x")
    form.get_by_test_id("save-export").click()
    expect(field_error(form, "iec")).to_have_text("IEC में 10 अक्षर और अंक होते हैं, जैसे ABCPK1234M।")
    expect(form.get_by_test_id("iec")).to_be_focused()
    # an LUT past its financial year: the API's 400 names lut.valid_to, shown on that field
    form.get_by_test_id("iec").fill("qeufb6068o")
    form.get_by_test_id("lut-to").fill(f"{int(last[:4])}-06-30")
    form.get_by_test_id("save-export").click()
    expect(field_error(form, "lut-to")).to_contain_text("वित्त वर्ष")
    expect(form.get_by_test_id("iec")).not_to_have_attribute("aria-invalid", "true")
    shot(page, "export-profile")
    form.get_by_test_id("lut-to").fill(last)
    form.get_by_test_id("save-export").click()
    expect(page.get_by_test_id("flash")).to_be_visible(timeout=LOAD)
    expect(page.get_by_test_id("export-status")).to_have_attribute("data-status", "pending")
    expect(page.get_by_test_id("export-state-text")).to_contain_text("ज़िला कार्यालय")
    # what the API keeps: upper case, as typed otherwise
    saved = api_call(stack, "GET", "/vendor/export", people["maker_token"]).json()
    assert (saved["status"], saved["iec"], saved["ad_code"]) == ("pending", "QEUFB6068O", "6390005")
    assert saved["lut"] == {"arn": "AD200426012345X", "financial_year": fy, "valid_from": first,
                            "valid_to": last}
    shot(page, "export-profile-sent")
    clean(page)
    no_serious_violations(pages["axe"], stack, people["maker"], "#/export", "export-form")


def test_the_office_approves_the_export_papers_on_the_desk(pages, stack, people):
    page = pages["office"]
    vendor_id = people["maker"]["vendor_id"]
    fy, _, last = financial_year()
    portal(page, stack, "#/desk")
    expect(page.get_by_test_id("waiting-export")).to_have_attribute("data-count", re.compile(r"^[1-9]"), timeout=LOAD)
    portal(page, stack, "#/desk/export-profiles")
    item = page.locator(f'[data-testid=desk-export-profile][data-id="{vendor_id}"]')
    expect(item).to_be_visible(timeout=LOAD)
    expect(item.get_by_test_id("x-iec")).to_have_text("QEUFB6068O")
    expect(item.get_by_test_id("x-ad")).to_have_text("6390005")
    expect(item.get_by_test_id("x-arn")).to_have_text("AD200426012345X")
    expect(item.get_by_test_id("x-gstin")).to_have_text("20QEUFB6068O1Z8")
    expect(item).to_contain_text(fy)
    shot(page, "export-desk-profiles")
    item.get_by_test_id("export-reject").click()                 # a reason is needed to reject
    expect(item.get_by_test_id("export-reason")).to_have_attribute("aria-invalid", "true")
    item.get_by_test_id("export-approve").click()
    expect(page.get_by_test_id("decided")).to_be_visible(timeout=LOAD)
    clean(page)
    no_serious_violations(pages["axe"], stack, people["office"], "#/desk/export-profiles?status=approved",
                          "desk-export-profile")

    maker = pages["maker"]
    maker.reload()                                   # still on #/export: read it again
    expect(maker.get_by_test_id("export-status")).to_have_attribute("data-status", "approved", timeout=LOAD)
    expect(maker.get_by_test_id("export-state-text")).to_contain_text(str(int(last[:4])))
    expect(maker.get_by_test_id("export-problems")).to_have_count(0)


def test_the_maker_adds_an_export_clearance_to_a_perishable_listing(pages, stack, people):
    page = pages["maker"]
    valid_until = f"{date.today().year + 1}-06-30"
    portal(page, stack, f"#/product/{PERISHABLE}")
    form = page.get_by_test_id("product-form")
    expect(form).to_be_visible(timeout=LOAD)
    box = form.get_by_test_id("export-clearance")
    expect(box).to_be_visible()
    expect(box.get_by_test_id("clearance-lead")).to_contain_text("निर्यात मंज़ूरी")
    expect(form.get_by_test_id("hsn-abroad")).to_be_visible()          # HSN 2106: 4 digits
    # one of the three is not enough
    box.get_by_test_id("clearance-reference").fill("EIC/KOL/2026/123")
    form.get_by_test_id("save-product").click()
    expect(box.get_by_test_id("clearance-authority")).to_have_attribute("aria-invalid", "true")
    box.get_by_test_id("clearance-authority").fill("Export Inspection Council")
    box.get_by_test_id("clearance-valid").fill(valid_until)
    form.get_by_test_id("hsn").fill("21069099")
    expect(form.get_by_test_id("hsn-abroad")).to_be_hidden()
    form.get_by_test_id("save-product").click()
    expect(page.get_by_test_id("flash")).to_be_visible(timeout=LOAD)
    mine = api_call(stack, "GET", f"/vendor/products/{PERISHABLE}", people["maker_token"]).json()
    current = {**mine, **(mine.get("revision") or {})}        # on sale: the change waits for review
    assert current["export_clearance"] == {"reference": "EIC/KOL/2026/123",
                                           "authority": "Export Inspection Council",
                                           "valid_until": valid_until}
    # shown again as saved; unticking "perishable" hides the group
    expect(form.get_by_test_id("clearance-reference")).to_have_value("EIC/KOL/2026/123", timeout=LOAD)
    form.locator('[data-field="perishable"]').uncheck()
    expect(form.get_by_test_id("export-clearance")).to_be_hidden()
    # a listing that is not perishable: no clearance, the gentle HSN note
    portal(page, stack, f"#/product/{PLAIN}")
    form = page.get_by_test_id("product-form")
    expect(form).to_be_visible(timeout=LOAD)
    expect(form.get_by_test_id("export-clearance")).to_be_hidden()
    expect(form.get_by_test_id("hsn-abroad")).to_contain_text("8 अंक")
    clean(page)
    no_serious_violations(pages["axe"], stack, people["maker"], f"#/product/{PERISHABLE}", "export-clearance")


@pytest.fixture(scope="module")
def export_parcel(api, stack, stripe_client, people):
    """A paid card order from New York of the maker's plain listing, once its 8-digit HSN is
    approved (the maker's export papers were approved above): its parcel."""
    token, office = people["maker_token"], people["office_token"]
    mine = api_call(stack, "GET", f"/vendor/products/{PLAIN}", token).json()
    if mine["hsn_code"] != HSN8:
        r = api_call(stack, "PATCH", f"/vendor/products/{PLAIN}", token,
                     json={"version": mine["version"], "hsn_code": HSN8})
        assert r.status_code == 200, r.text
        r = api_call(stack, "POST", f"/admin/products/{PLAIN}/approve", office, json={})
        assert r.status_code == 200, r.text
    product = wait_for(lambda: (lambda p: p if (p.get("export") or {}).get("ok") else None)(
        call(api, "GET", f"/products/{PLAIN}").json()), timeout=30, what=f"{PLAIN} ready for export")
    variant = next(v for v in product["variants"] if v["stock"] >= 1)
    r = call(api, "POST", "/orders", json={
        "items": [{"product_id": PLAIN, "variant_id": variant["id"], "quantity": 1}],
        "contact": BUYER, "address": ABROAD, "payment_method": "card"})
    assert r.status_code == 201, r.text
    created = r.json()
    paid = pay(api, stripe_client, created)
    assert paid.status_code == 200, paid.text
    order = wait_for(lambda: (lambda o: o if o["status"] == "paid" and o["parcels"] else None)(
        status_of(api, created)), timeout=60, what=f"order {created['order_id']} paid")
    pid = order["parcels"][0]["id"]

    def to_pack():
        items = api_call(stack, "GET", "/vendor/orders?limit=50", token).json()["items"]
        return any(p["id"] == pid and p["status"] == "awaiting_pickup" for p in items)
    wait_for(to_pack, timeout=60, what=f"parcel {pid} to pack")
    return pid


def india_month() -> str:
    return datetime.now(ZoneInfo("Asia/Kolkata")).strftime("%Y-%m")


def test_the_maker_opens_the_export_papers_and_the_office_records_the_realisation(
        pages, stack, people, export_parcel):
    pid = export_parcel
    page = pages["maker"]
    portal(page, stack, "#/orders")
    parcel = page.locator(f'[data-testid=parcel][data-id="{pid}"]')
    expect(parcel).to_be_visible(timeout=LOAD)
    expect(parcel.get_by_test_id("parcel-abroad")).to_have_attribute("data-country", "US")
    expect(parcel.get_by_test_id("ship-to")).to_contain_text("10118")
    # printable papers, opened with the token in a new window (a Blob: no token in any address)
    with page.expect_popup() as opened:
        parcel.get_by_test_id("papers-html").click()
    papers = opened.value
    expect(papers.locator("body")).to_contain_text("AD200426012345X", timeout=LOAD)   # the LUT's ARN
    expect(papers.locator("body")).to_contain_text(HSN8)
    browser.screenshot(papers, "portal-export-papers")
    papers.close()
    with page.expect_download(timeout=LOAD) as got:
        parcel.get_by_test_id("papers-csv").click()
    assert got.value.suggested_filename == f"export-papers-{pid}.csv"
    rows = list(csv.reader(io.StringIO(Path(got.value.path()).read_text(encoding="utf-8-sig"))))
    assert len(rows) >= 2 and any(HSN8 in cell for cell in rows[1])
    with page.expect_download(timeout=LOAD) as got:
        parcel.get_by_test_id("papers-json").click()
    data = json.loads(Path(got.value.path()).read_text(encoding="utf-8"))
    assert data["customs"]["form"] in ("CN22", "CN23") and data["invoice"] and data["pbe"]
    shot(page, "export-orders")
    clean(page)

    # the office: the parcel in this month's register, waiting for the bank
    office = pages["office"]
    office.set_viewport_size({"width": 1280, "height": 900})
    portal(office, stack, "#/desk/exports")
    register = office.get_by_test_id("export-register")
    expect(register).to_have_attribute("data-month", india_month())
    row = office.locator(f'[data-testid=register-parcel][data-id="{pid}"]')
    expect(row).to_be_visible(timeout=LOAD)
    expect(row).to_have_attribute("data-awaiting", "true")
    expect(row.get_by_test_id("awaiting")).to_be_visible()
    expect(row.get_by_test_id("country")).to_contain_text("US")
    expect(office.locator('[data-testid=by-country] tr[data-key="US"]')).to_be_visible()
    expect(office.locator(f'[data-testid=by-maker] tr[data-key="{people["maker"]["vendor_id"]}"]')).to_be_visible()
    waiting = int(office.get_by_test_id("x-total-awaiting").get_attribute("data-count"))
    assert waiting >= 1
    shot(office, "export-register")
    # the papers from the desk too
    with office.expect_popup() as opened:
        row.get_by_test_id("papers-html").click()
    expect(opened.value.locator("body")).to_contain_text("AD200426012345X", timeout=LOAD)
    opened.value.close()
    # record the bank's realisation: a reference is needed
    row.get_by_test_id("realise").locator("summary").click()
    row.get_by_test_id("realise-save").click()
    expect(row.get_by_test_id("realise-reference")).to_have_attribute("aria-invalid", "true")
    row.get_by_test_id("realise-reference").fill("FIRC/SBI/2026/0042")
    # the form offers India's today; the API (on UTC) refuses a day ahead of its own
    row.get_by_test_id("realise-date").fill(datetime.now(timezone.utc).date().isoformat())
    row.get_by_test_id("realise-save").click()
    expect(row.get_by_test_id("realise-done")).to_be_visible(timeout=LOAD)
    expect(row).to_have_attribute("data-awaiting", "false")
    expect(row.get_by_test_id("realised")).to_have_attribute("data-reference", "FIRC/SBI/2026/0042")
    expect(office.get_by_test_id("x-total-awaiting")).to_have_attribute("data-count", str(waiting - 1))
    shot(office, "export-register-realised")
    clean(office)
    saved = api_call(stack, "GET", f"/admin/exports?month={india_month()}", people["office_token"]).json()
    mine = next(p for p in saved["parcels"] if p["parcel_id"] == pid)
    assert mine["realisation"]["reference"] == "FIRC/SBI/2026/0042"
    assert saved["totals"]["awaiting_realisation"] == waiting - 1
    no_serious_violations(pages["axe"], stack, people["office"], "#/desk/exports", "register-totals")
