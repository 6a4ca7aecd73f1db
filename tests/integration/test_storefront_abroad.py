"""Issue 20 in the shop: a buyer in the United States on the local stack, in Chromium with the
site's CSP enforced. Nothing of selling abroad is read for a shopper in India (no GET /abroad,
no js/abroad.js); the buyer picks "United States" in the footer and reads the shop in English,
with approximate US dollar prices beside the rupee ones on a card and the product page; an iron
tawa of an export-ready maker ships abroad, a peda cannot; the cart offers India Post's
services; the checkout asks for a US address (ZIP code, state, a number after "+1"), refuses a
bad ZIP at its field (the browser's check, then the server's own answer), and the card is paid
at localstripe in rupees. axe-core on the cart and checkout abroad."""
from __future__ import annotations

import json
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
import requests
from playwright.sync_api import expect

from tests.integration import browser
from tests.integration.test_storefront import CARD, _page, fill_card, order_id

TAWA = "p-iron-roti-tawa"          # seeded: an export-ready maker's ironware (8-digit HSN)
WAIT = 20000                       # ms: a round trip to the server on a busy machine
BUYER = {"name": "Emily Carter", "phone": "212 555 0143", "email": "emily@example.com",
         "line1": "350 Fifth Avenue", "city": "New York", "state": "NY"}


@pytest.fixture
def page(chromium, stack):
    context, page = _page(chromium, bypass_csp=False, locale="en-US")
    page.asked = []
    page.on("request", lambda r: page.asked.append(r.url))
    yield page
    context.close()


def shot(page, name: str):
    return browser.screenshot(page, f"abroad-{name}")


def approx_usd(paise: int, fx: dict) -> str:
    """The contract's conversion: round_half_up(P / 100 * per_inr * 10**exponent) minor units."""
    usd = fx["currencies"]["USD"]
    minor = (Decimal(paise) / 100 * Decimal(usd["per_inr"]) * 10 ** usd["exponent"]).quantize(
        Decimal(1), rounding=ROUND_HALF_UP)
    return f"{usd['symbol']}{int(minor) // 100:,}.{int(minor) % 100:02d}"


def paise_of(text: str) -> int:
    m = re.fullmatch(r"₹([\d,]+)(?:\.(\d{1,2}))?", text.strip())
    return int(m[1].replace(",", "")) * 100 + int((m[2] or "").ljust(2, "0"))


def a_peda(api) -> dict:
    items = requests.get(f"{api.url}/products?category=peda-sweets&limit=1", timeout=30).json()["items"]
    return requests.get(f"{api.url}/products/{items[0]['id']}", timeout=30).json()


def test_a_buyer_in_the_united_states_pays_by_card(page, stack, api):
    web = stack["web_url"]
    fx = requests.get(f"{api.url}/abroad", timeout=30).json()["fx"]
    assert fx and "USD" in fx["currencies"]

    # a shopper in India: nothing of selling abroad is read
    page.goto(f"{web}/")
    expect(page.locator("a.cat").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert not [u for u in page.asked if u.endswith("/abroad") or "abroad.js" in u]
    expect(page.locator("html")).to_have_attribute("lang", "hi")

    # "Ship to" in the footer: the list of countries is read now; the shop turns English
    foot = page.locator("footer")
    foot.get_by_test_id("ship-change").click()
    foot.get_by_label("कहाँ भेजें").select_option("US")
    expect(page).to_have_url(f"{web}/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("footer").get_by_label("Ship to")).to_have_value("US")

    # a card's price with its approximation in US dollars
    card = page.get_by_test_id("product-card").first
    expect(card.get_by_test_id("approx")).to_contain_text("≈ US$", timeout=WAIT)
    rupees = paise_of(card.locator(".price strong").inner_text())
    expect(card.get_by_test_id("approx")).to_contain_text(f"≈ {approx_usd(rupees, fx)}")
    expect(card.get_by_test_id("approx")).to_have_attribute("title", re.compile("charged in Indian rupees"))

    # the tawa: a Hindi link leads an English-first buyer to its English page; it ships abroad
    page.goto(f"{web}/p/{TAWA}")
    expect(page).to_have_url(f"{web}/en/p/{TAWA}")
    status = page.get_by_test_id("export-status")
    expect(status).to_have_text("Ships abroad by India Post", timeout=WAIT)
    expect(status).to_have_attribute("data-ok", "true")
    # its price sent abroad, without GST, as the quote will charge it
    export_price = page.get_by_test_id("export-price")
    expect(export_price).to_contain_text("Sent abroad without GST: from ₹", timeout=WAIT)
    shown = paise_of(re.search(r"from (₹[\d,.]+)", export_price.inner_text()).group(1))
    tawa = requests.get(f"{api.url}/products/{TAWA}", timeout=30).json()
    cheapest = min(tawa["variants"], key=lambda v: v["price_paise"])
    q = requests.post(f"{api.url}/quotes", timeout=30, json={"country": "US", "items": [
        {"product_id": TAWA, "variant_id": cheapest["id"], "quantity": 1}]}).json()
    assert shown == q["lines"][0]["line_total_paise"] < cheapest["price_paise"]
    price = page.locator(".pdp-price .price")
    expect(price.get_by_test_id("approx")).to_contain_text(
        f"≈ {approx_usd(paise_of(price.locator('strong').inner_text()), fx)}")
    shot(page, "product")
    page.get_by_test_id("add-to-cart").click()
    expect(page.get_by_test_id("cart-count")).to_have_text("1")

    # a peda cannot be sent abroad: the product's own reason
    peda = a_peda(api)
    assert peda["export"]["ok"] is False, peda["export"]
    page.goto(f"{web}/en/p/{peda['id']}")
    status = page.get_by_test_id("export-status")
    expect(status).to_have_attribute("data-ok", "false", timeout=WAIT)
    expect(status).to_contain_text("Cannot be sent to United States")
    expect(status).to_contain_text(peda["export"]["problem"]["en"])
    shot(page, "peda")

    # the cart: India Post's services with their prices, the total in rupees and ≈ dollars
    page.locator("a.cart-link").click()
    expect(page.get_by_test_id("ship-to").first.get_by_label("Ship to")).to_have_value("US")
    services = page.get_by_test_id("services")
    expect(services).to_be_visible(timeout=WAIT)
    expect(page.get_by_test_id("service-ems")).to_contain_text("International Speed Post (EMS)")
    expect(page.get_by_test_id("service-itps")).to_contain_text("International Tracked Packet")
    expect(page.get_by_test_id("service-ems").locator("input")).to_be_enabled()
    expect(page.get_by_test_id("sum-total").get_by_test_id("approx")).to_contain_text("≈ US$")
    expect(page.get_by_test_id("abroad-quote")).to_contain_text("Indian rupees")
    page.get_by_test_id("service-ems").locator("input").check()
    expect(page.get_by_test_id("sum-shipping")).to_contain_text("International Speed Post", timeout=WAIT)
    shot(page, "cart")

    # the checkout: a US address form
    page.get_by_test_id("to-checkout").click()
    expect(page.get_by_label("ZIP code")).to_be_visible(timeout=WAIT)
    expect(page.get_by_test_id("pincode")).to_have_count(0)
    expect(page.locator(".phone-row .cc")).to_have_text("+1")
    expect(page.get_by_test_id("pay-cod")).to_be_hidden()
    expect(page.get_by_test_id("pay-upi")).to_be_hidden()
    expect(page.get_by_test_id("billing-same")).to_be_checked()
    expect(page.get_by_test_id("service-ems").locator("input")).to_be_checked(timeout=WAIT)
    for field, value in BUYER.items():
        page.get_by_test_id(field).fill(value)
    page.get_by_test_id("postal_code").fill("ABCDE")
    page.get_by_test_id("pay-card").check()
    fill_card(page, CARD)
    expect(page.get_by_test_id("card-inr")).to_contain_text("Your card is charged in Indian rupees: ₹")
    page.get_by_test_id("place-order").click()
    zip_error = page.locator("#co-postal_code-err")
    expect(zip_error).to_have_text("This is not a valid ZIP code. For example 10001.")
    expect(page.get_by_test_id("postal_code")).to_have_attribute("aria-invalid", "true")

    # the server's own answer for a bad ZIP (as it answers any client), shown at the field
    tawa = requests.get(f"{api.url}/products/{TAWA}", timeout=30).json()
    refused = requests.post(f"{api.url}/orders", timeout=30, json={
        "items": [{"product_id": TAWA, "variant_id": tawa["variants"][0]["id"], "quantity": 1}],
        "contact": {"name": BUYER["name"], "phone": "+12125550143", "email": BUYER["email"]},
        "address": {"line1": BUYER["line1"], "city": BUYER["city"], "state": "NY",
                    "postal_code": "1000", "country": "US"},
        "payment_method": "card", "service": "ems", "language": "en"})
    assert refused.status_code == 400, refused.text
    problem = next(d for d in refused.json()["error"]["details"] if d["field"] == "address.postal_code")
    page.get_by_test_id("postal_code").fill("10001")
    page.route(f"{api.url}/orders", lambda route: route.fulfill(
        status=400, content_type="application/json", body=refused.text,
        headers={"Access-Control-Allow-Origin": "*"}), times=1)
    page.get_by_test_id("place-order").click()
    expect(zip_error).to_have_text(problem["problem"], timeout=WAIT)
    shot(page, "checkout")

    # now the real order: paid by card, in rupees
    fill_card(page, CARD)
    page.get_by_test_id("place-order").click()
    status = page.get_by_test_id("order-status")
    expect(status).to_have_attribute("data-status", "paid", timeout=30000)
    shot(page, "paid")
    orders = page.evaluate("JSON.parse(localStorage.getItem('dm.orders') || '{}')")
    oid = order_id(page)
    order = requests.get(f"{api.url}/orders/{oid}", headers={"X-Order-Token": orders[oid]},
                         timeout=30).json()
    assert order["status"] == "paid" and order["quote"]["destination"]["country"] == "US"
    assert order["quote"]["service"] == "ems" and order["quote"]["approx"]["currency"] == "USD"
    assert order["total_paise"] == order["quote"]["totals"]["total_paise"]      # in rupees
    expect(page.locator(".sum.total").get_by_test_id("approx")).to_contain_text("≈ US$")
    # what the order keeps (the order view shows no address): read from the table
    from chalicelib.orders import repository as orders_repo
    kept = orders_repo.get_order(oid)
    address, contact = orders_repo.plain(kept.address), orders_repo.plain(kept.contact)
    assert (address["country"], address["postal_code"], address["state"]) == ("US", "10001", "NY")
    assert not address.get("pincode") and contact["phone"] == "+12125550143"
    assert not page.errors, page.errors


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_the_cart_and_checkout_abroad_pass_axe(chromium, stack, api, lang):
    """In English, and in Hindi for a buyer abroad who chose it (then it stays Hindi)."""
    context, page = _page(chromium, bypass_csp=True, locale="en-US")   # axe is injected
    tawa = requests.get(f"{api.url}/products/{TAWA}", timeout=30).json()
    line = {"product_id": TAWA, "variant_id": tawa["variants"][0]["id"], "quantity": 1,
            "price_paise": tawa["variants"][0]["price_paise"], "name": tawa["name"], "image": None}
    context.add_init_script(f"""if (!localStorage.getItem('dm.country')) {{
        localStorage.setItem('dm.country', '"US"');
        localStorage.setItem('dm.lang', '"{lang}"');
        localStorage.setItem('dm.langChosen', 'true');
        localStorage.setItem('dm.cart', {json.dumps(json.dumps([line]))}); }}""")
    try:
        for route in ("#/cart", "#/checkout"):
            page.goto(f"{stack['web_url']}/app{route}")
            expect(page.get_by_test_id("services")).to_be_visible(timeout=WAIT)
            expect(page.locator("html")).to_have_attribute("lang", lang)
            expect(page.get_by_test_id("sum-total").get_by_test_id("approx")).to_be_visible()
            page.wait_for_load_state("networkidle")
            shot(page, f"{route[2:]}-{lang}")
            violations = browser.axe_violations(page, exclude=["[data-testid=card-element]"])
            assert not violations, [(v["id"], v["help"], len(v["nodes"])) for v in violations]
        expect(page.get_by_label("ज़िप कोड" if lang == "hi" else "ZIP code")).to_be_visible()
        assert not page.errors, page.errors
    finally:
        context.close()
