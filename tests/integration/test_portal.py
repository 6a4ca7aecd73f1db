"""The portal (portal.html) in a real browser (Debian's Chromium through Playwright) on the
local stack: a maker signs up and lists a product with photos, bulk listing, orders to pack
and the payout ledger, a facilitator working for the makers it manages, accessibility.
The district office's decisions are made through the API here (the review desk's own test
drives them in the browser). Screenshots: test-artifacts/portal-*.png."""
from __future__ import annotations

import csv
import io
import re
import uuid

import pytest
import requests
from playwright.sync_api import expect

from tests.integration import browser
from tests.integration.portal_pages import (
    PASSWORD, account, admin_token, api_call, clean, fill_profile, jpeg, new_page, new_product,
    portal, shot, sign_in, token_of)
from tests.integration.shopping import order, vendor_product
from tests.integration.waiting import wait_for


@pytest.fixture
def page(chromium, stack):
    p = new_page(chromium)
    yield p
    p.context.close()


@pytest.fixture
def tool_page(chromium, stack):
    """For axe-core, which the portal's CSP rightly refuses to run."""
    p = new_page(chromium, bypass_csp=True)
    yield p
    p.context.close()


def test_a_maker_signs_up_and_lists_a_product_with_photos(page, stack, tmp_path):
    email = f"maker-{uuid.uuid4().hex[:8]}@example.in"
    portal(page, stack)
    expect(page).to_have_url(re.compile(r"#/signin$"))
    expect(page.locator("html")).to_have_attribute("lang", "hi")
    shot(page, "signin")
    page.get_by_test_id("to-signup").click()
    page.get_by_test_id("name").fill("Sita Devi")
    page.get_by_test_id("email").fill(email)
    page.get_by_test_id("password").fill("weak")
    page.get_by_test_id("signup").click()        # checked before sending, in Hindi, on the field
    password = page.get_by_test_id("password")
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_be_focused()
    described = password.get_attribute("aria-describedby").split()
    assert page.locator(f"#{described[-1]}").inner_text().startswith("कम से कम 8 अक्षर")
    password.fill(PASSWORD)
    shot(page, "signup")
    page.get_by_test_id("signup").click()

    # signed in at once (the local stack confirms accounts): the profile comes first
    expect(page).to_have_url(re.compile(r"#/profile$"))
    fill_profile(page)
    page.locator('[data-field="bank.ifsc"]').fill("SBIN00")     # a bank half filled in
    page.get_by_test_id("save-profile").click()
    expect(page.locator('[data-field="bank.ifsc"]')).to_have_attribute("aria-invalid", "true")
    page.locator('[data-field="bank.ifsc"]').fill("")
    shot(page, "profile-new")
    page.get_by_test_id("save-profile").click()
    expect(page.get_by_test_id("vendor-status")).to_have_attribute("data-status", "pending")
    shot(page, "profile")

    # tokens: never in an address; the refresh token survives a new visit, sign-out clears all
    assert not [u for u in page.urls if "eyJ" in u]
    stored = page.evaluate("JSON.stringify([localStorage, sessionStorage])")
    assert "dm.portal.refresh" in stored
    page.reload()
    expect(page.get_by_test_id("vendor-status")).to_have_attribute("data-status", "pending")
    page.get_by_test_id("sign-out").click()
    expect(page).to_have_url(re.compile(r"#/signin$"))
    assert "eyJ" not in page.evaluate("JSON.stringify([localStorage, sessionStorage])")
    sign_in(page, stack, email, PASSWORD)
    expect(page.get_by_test_id("vendor-status")).to_have_attribute("data-status", "pending")
    shot(page, "home")

    # a product with two options
    page.goto(f"{stack['web_url']}/portal.html#/products")
    form = new_product(page)
    page.get_by_test_id("add-variant").click()
    for path, value in {"variants.1.label.hi": "बड़ी", "variants.1.label.en": "Large",
                        "variants.1.sku": f"BB-L-{uuid.uuid4().hex[:4]}",
                        "variants.1.price_paise": "1,200", "variants.1.mrp_paise": "1000",
                        "variants.1.stock": "3", "variants.1.weight_grams": "1500",
                        "variants.1.packed_cm.0": "40", "variants.1.packed_cm.1": "30",
                        "variants.1.packed_cm.2": "20"}.items():
        form.locator(f'[data-field="{path}"]').fill(value)
    page.get_by_test_id("save-product").click()                  # MRP below the price
    expect(form.locator('[data-field="variants.1.mrp_paise"]')).to_have_attribute("aria-invalid", "true")
    form.locator('[data-field="variants.1.mrp_paise"]').fill("1500")
    page.get_by_test_id("save-product").click()
    expect(page).to_have_url(re.compile(r"#/product/p-"))
    expect(page.get_by_test_id("flash")).to_be_visible()
    product_id = page.url.rsplit("/", 1)[1]
    expect(page.get_by_test_id("product-status")).to_have_attribute("data-status", "draft")
    saved = requests.get(f"{stack['api_url']}/vendor/products/{product_id}", timeout=30, headers={
        "Authorization": f"Bearer {token_of(stack, email, PASSWORD)}"}).json()["variants"]
    assert [v["packed_cm"] for v in saved] == [None, [40, 30, 20]]   # the packed size: optional

    # photos: a real JPEG is processed; a PDF named .jpg is refused with the reason
    page.get_by_test_id("photo-gallery").set_input_files(str(jpeg(tmp_path / "basket.jpg")))
    upload = page.get_by_test_id("upload").last
    expect(upload).to_have_attribute("data-state", "ready", timeout=60000)
    expect(page.get_by_test_id("photo")).to_have_count(1)
    fake = tmp_path / "not-a-photo.jpg"
    fake.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n")
    page.get_by_test_id("photo-camera").set_input_files(str(fake))
    upload = page.get_by_test_id("upload").last
    expect(upload).to_have_attribute("data-state", "rejected", timeout=60000)
    assert "not-a-photo.jpg अस्वीकार:" in upload.inner_text()
    shot(page, "editor")

    page.get_by_test_id("submit-product").click()
    expect(page.get_by_test_id("product-status")).to_have_attribute("data-status", "pending_review")

    # the district office refuses the listing and the maker, with reasons
    admin = admin_token(stack)
    r = api_call(stack, "POST", f"/admin/products/{product_id}/reject", admin, json={"reason": "फ़ोटो धुंधली है — Photo is blurry"})
    assert r.status_code == 200, r.text
    page.get_by_role("link", name="मेरे उत्पाद").first.click()
    item = page.get_by_test_id("product-item").filter(has_text="बांस की टोकरी")
    expect(item.get_by_test_id("product-status")).to_have_attribute("data-status", "rejected")
    expect(item.get_by_test_id("product-reason")).to_contain_text("Photo is blurry")
    expect(item.get_by_test_id("submit-product")).to_be_visible()      # it can go again
    shot(page, "products")
    vendor_id = requests.get(stack["api_url"] + "/vendor/profile", timeout=30, headers={
        "Authorization": f"Bearer {token_of(stack, email, PASSWORD)}"}).json()["id"]
    r = api_call(stack, "POST", f"/admin/vendors/{vendor_id}/reject", admin, json={"reason": "Phone number does not answer"})
    assert r.status_code == 200, r.text
    page.get_by_role("link", name="प्रोफ़ाइल").click()
    expect(page.get_by_test_id("vendor-status")).to_have_attribute("data-status", "rejected")
    expect(page.get_by_test_id("vendor-reason")).to_contain_text("Phone number does not answer")
    clean(page)


def test_bulk_listing_template_and_row_report(page, stack, tmp_path):
    from chalicelib.catalog.csv_import import COLUMNS
    maker = account(stack, "vendor", 1)
    sign_in(page, stack, maker["email"], maker["password"], lang="en")
    page.get_by_role("link", name="Bulk listing").first.click()
    with page.expect_download() as download:
        page.get_by_test_id("csv-template").click()
    text = download.value.path().read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert tuple(rows[0]) == COLUMNS and len(rows) > 2
    ref = f"BULK-{uuid.uuid4().hex[:6]}"
    good = dict(zip(COLUMNS, rows[3]), product_ref=ref, sku=f"{ref}-SET")
    bad = dict(good, product_ref=f"{ref}-X", sku=f"{ref}-X1", price_inr="twelve")
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS)
    writer.writeheader()
    writer.writerows([good, bad])
    upload = tmp_path / "mine.csv"
    upload.write_text(out.getvalue(), encoding="utf-8")
    page.get_by_test_id("csv-file").set_input_files(str(upload))
    page.get_by_test_id("csv-upload").click()
    expect(page.get_by_test_id("import-summary")).to_contain_text("1 products created")
    errors = page.get_by_test_id("import-error")
    expect(errors).to_have_count(1)
    expect(errors.first.locator("td").nth(0)).to_have_text("3")
    expect(errors.first.locator("td").nth(1)).to_have_text("price_inr")
    shot(page, "import")
    page.get_by_role("link", name="See the new drafts").click()
    expect(page.get_by_test_id("product-item").first).to_be_visible()
    clean(page)


def test_orders_to_pack_and_the_payout_ledger(page, stack):
    maker = account(stack, "vendor", 1)
    api = type("Api", (), {"url": stack["api_url"]})
    product, variant = vendor_product(api, maker["vendor_id"])
    placed = order(api, product, variant, method="cod")
    assert placed.status_code == 201, placed.text
    parcel_id = f"{placed.json()['order_id']}-p1"
    token = token_of(stack, maker["email"], maker["password"])
    wait_for(lambda: any(p["id"] == parcel_id and p["tracking_number"] for p in
                         api_call(stack, "GET", "/vendor/orders?limit=50", token).json()["items"]),
             what="the parcel booked with the courier")
    sign_in(page, stack, maker["email"], maker["password"])
    page.get_by_role("link", name="पैक करने वाले ऑर्डर").first.click()
    parcel = page.locator(f'[data-testid=parcel][data-id="{parcel_id}"]')
    expect(parcel.get_by_test_id("ship-to")).to_contain_text("814112")
    expect(parcel.get_by_test_id("tracking")).not_to_be_empty()
    shot(page, "orders")
    with page.expect_popup() as popup:          # the invoice, fetched with the token
        parcel.get_by_role("button", name="बिल खोलें").click()
    invoice = popup.value
    invoice.wait_for_url(re.compile(r"^blob:"))
    expect(invoice.locator("body")).to_contain_text(placed.json()["order_id"])
    invoice.close()
    parcel.get_by_test_id("mark-packed").click()
    expect(page.locator(f'[data-testid=parcel][data-id="{parcel_id}"] .notice.good')).to_contain_text(
        "पैक दर्ज हुआ")

    def delivered():
        page.reload()
        status = page.locator(f'[data-testid=parcel][data-id="{parcel_id}"]').get_by_test_id("parcel-status")
        status.wait_for()
        return status.get_attribute("data-status") == "delivered"
    wait_for(delivered, timeout=60, every=2, what="the parcel delivered")
    page.get_by_role("link", name="कमाई").first.click()
    entry = page.get_by_test_id("ledger-entry").filter(has_text=parcel_id)
    expect(entry).to_have_attribute("data-kind", "credit_delivery")
    expect(page.get_by_test_id("balance")).to_contain_text("₹")
    shot(page, "payouts")
    clean(page)


def test_a_facilitator_onboards_a_maker_and_lists_for_them(page, stack):
    facilitator = account(stack, "facilitator")
    sign_in(page, stack, facilitator["email"], facilitator["password"])
    expect(page.get_by_role("link", name="कारीगर चुनें").first).to_be_visible()
    page.get_by_role("link", name="मेरे कारीगर").click()
    expect(page.get_by_test_id("maker")).not_to_have_count(0)
    before = page.get_by_test_id("maker").count()
    shot(page, "makers")
    page.get_by_test_id("onboard").click()
    fill_profile(page, name_en="Jhumri Didi Sangh", name_hi="झुमरी दीदी संघ", block="Mohanpur")
    page.get_by_test_id("save-onboard").click()        # consent not recorded yet
    agreed = page.locator('[data-field="agreed"]')
    expect(agreed).to_have_attribute("aria-invalid", "true")
    consent = page.get_by_test_id("consent")
    consent.locator('[data-field="consent.maker_name"]').fill("Jhumri Devi")
    consent.locator('[data-field="consent.method"]').select_option("thumb_impression")
    consent.locator('[data-field="consent.witness"]').fill("Mukhiya, Mohanpur")
    agreed.check()
    shot(page, "onboard")
    page.get_by_test_id("save-onboard").click()
    expect(page.get_by_test_id("acting-maker")).to_contain_text("झुमरी दीदी संघ")
    expect(page.get_by_test_id("vendor-status")).to_have_attribute("data-status", "pending")

    page.get_by_role("link", name="मेरे उत्पाद").first.click()
    new_product(page, name_en="Sabai Grass Mat", name_hi="सबई घास की चटाई")
    page.get_by_test_id("save-product").click()
    expect(page).to_have_url(re.compile(r"#/product/p-"))
    product_id = page.url.rsplit("/", 1)[1]
    token = token_of(stack, facilitator["email"], facilitator["password"])
    makers = api_call(stack, "GET", "/facilitator/vendors", token).json()["items"]
    new = next(m for m in makers if m["name"]["en"] == "Jhumri Didi Sangh")
    assert new["consent"]["method"] == "thumb_impression" and len(makers) == before + 1
    mine = api_call(stack, "GET", f"/vendor/products/{product_id}?vendor_id={new['id']}", token)
    assert mine.status_code == 200 and mine.json()["vendor_id"] == new["id"]

    # switch to another maker: every page works for that one now, and it is remembered
    page.get_by_role("link", name="बदलें").click()
    other = page.get_by_test_id("maker").filter(has_not_text="झुमरी दीदी संघ").first
    other_id = other.get_attribute("data-id")
    other.get_by_test_id("act-for").click()
    expect(page.get_by_test_id("acting-maker")).not_to_contain_text("झुमरी")
    page.reload()
    page.get_by_role("link", name="मेरे उत्पाद").first.click()
    expect(page.get_by_test_id("product-item").first).to_be_visible()
    ids = page.get_by_test_id("product-item").evaluate_all("els => els.map(e => e.dataset.id)")
    owners = {api_call(stack, "GET", f"/vendor/products/{i}?vendor_id={other_id}", token).status_code
              for i in ids}
    assert owners == {200} and product_id not in ids
    clean(page)


def test_the_session_refreshes_itself_and_survives_a_new_visit(page, stack):
    maker = account(stack, "vendor", 0)
    sign_in(page, stack, maker["email"], maker["password"])
    # an id token about to expire is refreshed before use...
    page.evaluate("sessionStorage.setItem('dm.portal.tab', JSON.stringify({id: 'x', exp: 0}))")
    page.reload()
    expect(page.get_by_test_id("profile-status")).to_be_visible()
    # ...one the API refuses is refreshed and the call made again...
    page.evaluate("sessionStorage.setItem('dm.portal.tab', JSON.stringify({id: 'not.a.token', exp: Date.now() + 3e6}))")
    page.reload()
    expect(page.get_by_test_id("profile-status")).to_be_visible()
    # ...and a new tab (no session storage) signs in with the kept refresh token
    fresh = page.context.new_page()
    fresh.goto(f"{stack['web_url']}/portal.html#/products")
    expect(fresh.get_by_test_id("product-item").first).to_be_visible()
    fresh.close()
    assert sum("/auth/refresh" in u for u in page.urls) >= 2
    # a refresh token the API refuses ends the session politely
    page.evaluate("localStorage.setItem('dm.portal.refresh', 'revoked-refresh-token');"
                  "sessionStorage.removeItem('dm.portal.tab')")
    page.reload()
    expect(page).to_have_url(re.compile(r"#/signin$"))
    expect(page.get_by_text("आपका सत्र ख़त्म हो गया")).to_be_visible()
    clean(page)


def test_the_shop_links_to_the_portal_and_its_service_worker_keeps_out(tool_page, stack):
    page = tool_page
    page.goto(f"{stack['web_url']}/")
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller",
                           timeout=15000)
    page.get_by_test_id("sell-link").click()
    expect(page).to_have_url(re.compile(r"portal\.html#/signin$"))
    expect(page.get_by_test_id("signin-form")).to_be_visible()     # not the shop's page
    maker = account(stack, "vendor", 0)
    sign_in(page, stack, maker["email"], maker["password"])
    page.get_by_role("link", name="मेरे उत्पाद").first.click()
    expect(page.get_by_test_id("product-item").first).to_be_visible()
    # a product on sale links to its page in the shop and can be sent on WhatsApp
    shop_link = page.get_by_test_id("product-page-link").first
    href = shop_link.get_attribute("href")
    assert re.fullmatch(re.escape(stack["web_url"]) + r"/p/p-[\w-]+", href), href
    assert requests.get(href, timeout=30).status_code == 200
    share = page.get_by_test_id("share-product").first.get_attribute("href")
    assert share.startswith("https://wa.me/?text=") and requests.utils.quote(href, safe="") in share
    cached = page.evaluate("""async () => {
        const out = [];
        for (const name of await caches.keys()) {
            for (const req of await (await caches.open(name)).keys()) out.push(req.url);
        }
        return out;
    }""")
    assert cached and not [u for u in cached if re.search(r"/(vendor|auth|admin|facilitator)/|portal", u)]


def test_the_trial_banner_shows_in_hindi_and_english(page, stack):
    portal(page, stack, "#/signin")
    expect(page.get_by_role("status").filter(has_text="ट्रायल")).to_be_visible()
    expect(page.get_by_test_id("trial-banner")).to_contain_text("अभ्यास")
    page.get_by_test_id("lang-switch").click()
    expect(page.get_by_test_id("trial-banner")).to_contain_text("Trial run before the launch")
    assert page.get_by_test_id("trial-banner").bounding_box()["height"] <= 60   # 412 px wide
    clean(page)


def test_english_is_one_switch_away_and_remembered(page, stack):
    maker = account(stack, "vendor", 0)
    sign_in(page, stack, maker["email"], maker["password"])
    page.get_by_test_id("lang-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="My products").first).to_be_visible()
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("profile-status")).to_contain_text("Approved")


@pytest.mark.parametrize("route", ["#/signin", "#/signup", "#/", "#/profile", "#/products",
                                   "#/product/new", "#/product/", "#/import", "#/orders",
                                   "#/payouts"])
def test_no_serious_accessibility_violations(tool_page, stack, route):
    page = tool_page
    if route not in ("#/signin", "#/signup"):
        maker = account(stack, "vendor", 0)
        sign_in(page, stack, maker["email"], maker["password"])
    if route == "#/product/":     # an existing product: its photos and variants
        token = token_of(stack, maker["email"], maker["password"])
        route += api_call(stack, "GET", "/vendor/products?limit=1", token).json()["items"][0]["id"]
    portal(page, stack, route)
    expect(page.locator("main h1")).to_be_visible()
    page.wait_for_load_state("networkidle")
    violations = browser.axe_violations(page)
    assert not violations, [(v["id"], v["help"], len(v["nodes"])) for v in violations]


def test_facilitator_pages_are_accessible(tool_page, stack):
    page = tool_page
    facilitator = account(stack, "facilitator")
    sign_in(page, stack, facilitator["email"], facilitator["password"])
    for route in ("#/makers", "#/makers/new"):
        portal(page, stack, route)
        expect(page.locator("main h1")).to_be_visible()
        page.wait_for_load_state("networkidle")
        violations = browser.axe_violations(page)
        assert not violations, (route, [(v["id"], v["help"], len(v["nodes"])) for v in violations])
