"""A shopper in a real browser (Debian's Chromium through Playwright) on the local stack."""
from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.integration import browser
from tests.integration.mailbox import wait_mail
from tests.integration.waiting import wait_for

CONTACT = {"name": "Meena Devi", "phone": "9431012345", "email": "meena@example.in",
           "line1": "Shivganga Road", "city": "Deoghar", "state": "Jharkhand",
           "pincode": "814112"}


def _page(chromium, bypass_csp: bool, **device):
    """A page in a fresh context: a phone's width, Hindi, the site's CSP enforced (unless
    `bypass_csp`); `device` overrides (another viewport, touch)."""
    context = chromium.new_context(**{"viewport": {"width": 412, "height": 915}, "locale": "hi-IN",
                                      **device}, bypass_csp=bypass_csp)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    # The site must pass its own Content Security Policy: any violation is an error.
    page.on("console", lambda m: errors.append(m.text)
            if "Content Security Policy" in m.text else None)
    page.errors = errors
    return context, page


@pytest.fixture
def page(chromium, stack):
    context, page = _page(chromium, bypass_csp=False)
    yield page
    context.close()


@pytest.fixture
def tool_page(chromium, stack):
    """For tests that inject their own tools (axe-core, polling scripts) into the page,
    which the site's CSP rightly forbids."""
    context, page = _page(chromium, bypass_csp=True)
    yield page
    context.close()


def english(page, stack, route="#/"):
    in_language(page, stack, "en", route)


def in_language(page, stack, lang: str, route="#/"):
    """Opens `route` in `lang`: a product, maker, category or the home page is a real page
    (Hindi at /p/<id>, English at /en/p/<id>); other views are #/ routes."""
    real = re.fullmatch(r"#/(?:([pmc])/([^?]+))?", route)
    if real:
        prefix = "/en" if lang == "en" else ""
        page.goto(stack["web_url"] + prefix + (f"/{real[1]}/{real[2]}" if real[1] else "/"))
    else:                    # a #/ view opened cold is drawn on /app (js/boot.js)
        page.goto(f"{stack['web_url']}/app{route}")
        if page.evaluate("document.documentElement.lang") != lang:
            page.get_by_test_id("lang-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", lang)


CARD = "4242424242424242"
CARD_3DS = "4000002760003184"        # localstripe (like Stripe) asks for 3-D Secure
CARD_DECLINED = "4000000000000341"   # accepted by Stripe.js, declined when charged


def buy(page, stack, query: str, pay: str, shot: str, lang="en", card=CARD):
    """Home -> search -> product -> cart -> checkout -> place the order."""
    in_language(page, stack, lang)
    expect(page.locator("a.cat").first).to_be_visible()   # the home page has loaded
    browser.screenshot(page, f"{shot}-home")
    page.get_by_test_id("search").fill(query)
    page.get_by_test_id("search").press("Enter")
    cards = page.get_by_test_id("product-card")
    expect(cards.first).to_be_visible()
    browser.screenshot(page, f"{shot}-search")
    cards.first.locator("a").first.click()
    add = page.get_by_test_id("add-to-cart")
    expect(add).to_be_visible()
    browser.screenshot(page, f"{shot}-product")
    add.click()
    expect(page.get_by_test_id("cart-count")).to_have_text("1")
    page.locator("a.cart-link").click()
    expect(page.get_by_test_id("to-checkout")).to_be_visible()
    browser.screenshot(page, f"{shot}-cart")
    page.get_by_test_id("to-checkout").click()
    for field, value in CONTACT.items():
        page.get_by_test_id(field).fill(value)
    page.get_by_test_id(f"pay-{pay}").check()
    if pay == "card":
        fill_card(page, card)
    browser.screenshot(page, f"{shot}-checkout")
    page.get_by_test_id("place-order").click()


def fill_card(page, number: str):
    card = page.get_by_test_id("card-element")
    for placeholder, value in (("number", number), ("exp_month", "12"),
                               ("exp_year", "30"), ("cvc", "123"), ("postal_code", "81411")):
        card.locator(f"input[placeholder={placeholder}]").fill(value)


def order_status(page, shot: str):
    status = page.get_by_test_id("order-status")
    try:
        expect(status).to_be_visible(timeout=20000)
    finally:
        browser.screenshot(page, f"{shot}-after-order")
    return status


def order_id(page) -> str:
    return re.search(r"#/order/([\w-]+)", page.url).group(1)


def test_card_purchase_in_english(page, stack):
    buy(page, stack, "peda", "card", "card")
    expect(order_status(page, "card")).to_have_attribute("data-status", "paid", timeout=30000)
    browser.screenshot(page, "card-order")
    assert not page.errors
    oid = order_id(page)   # the shop's language goes with the order: its mails lead with it
    wait_mail(stack, CONTACT["email"], oid, f"Payment received for order {oid}")


def test_cash_on_delivery_in_hindi(page, stack):
    buy(page, stack, "चूड़ी", "cod", "cod", lang="hi")
    expect(order_status(page, "cod")).to_have_attribute("data-status", "confirmed", timeout=30000)
    expect(page.get_by_text("कैश ऑन डिलीवरी").first).to_be_visible()
    browser.screenshot(page, "cod-order")
    assert not page.errors
    oid = order_id(page)
    wait_mail(stack, CONTACT["email"], oid, f"ऑर्डर {oid} पक्का")


def test_card_with_3d_secure(page, stack):
    buy(page, stack, "peda", "card", "3ds", card=CARD_3DS)
    # localstripe's Stripe.js shows its own 3-D Secure challenge, as the bank's page would be
    page.get_by_role("button", name="Complete authentication").click()
    expect(order_status(page, "3ds")).to_have_attribute("data-status", "paid", timeout=30000)
    assert not page.errors


def test_failed_3d_secure_and_declined_card_keep_the_cart(page, stack):
    buy(page, stack, "peda", "card", "3ds-fail", card=CARD_3DS)
    page.get_by_role("button", name="Fail authentication").click()
    expect(page.get_by_text("3-D Secure) was not completed")).to_be_visible(timeout=20000)
    expect(page.get_by_test_id("cart-count")).to_have_text("1")     # the same cart, to try again
    browser.screenshot(page, "3ds-failed")
    fill_card(page, CARD_DECLINED)
    page.get_by_test_id("place-order").click()
    expect(page.get_by_text("Your card was declined")).to_be_visible(timeout=20000)
    expect(page.get_by_test_id("cart-count")).to_have_text("1")
    fill_card(page, CARD)
    page.get_by_test_id("place-order").click()
    expect(order_status(page, "retry")).to_have_attribute("data-status", "paid", timeout=30000)
    assert not page.errors


def test_browse_category_filters_and_maker(page, stack):
    english(page, stack)
    page.locator("a.cat").first.click()
    cards = page.get_by_test_id("product-card")
    expect(cards.first).to_be_visible()
    browser.screenshot(page, "category")
    page.get_by_label("Sort by").select_option("price_asc")     # applies at once
    expect(page).to_have_url(re.compile(r"sort=price_asc"))
    expect(cards.first).to_be_visible()
    prices = [int(p.replace("₹", "").replace(",", "")) for p in
              page.locator(".card .price strong").all_inner_texts()]
    assert prices and prices == sorted(prices)
    cards.first.locator("p.by a").click()
    expect(page).to_have_url(re.compile(r"/en/m/v-[\w-]+$"))       # the maker's own page
    # the category's cards are gone (the check waits for the maker's page to replace them)...
    expect(page.locator(".card p.by")).to_have_count(0)
    expect(page.get_by_test_id("product-card").first).to_be_visible()
    assert page.locator(".card p.by").count() == 0    # ...and its own cards have no "by ..." line
    browser.screenshot(page, "maker")
    assert not page.errors


def test_hindi_search_and_language_switch(page, stack):
    page.goto(f"{stack['web_url']}/")
    expect(page.locator("html")).to_have_attribute("lang", "hi")
    page.get_by_test_id("search").fill("पेड़ा")
    page.get_by_test_id("search").press("Enter")
    expect(page.get_by_test_id("product-card").first).to_be_visible()
    browser.screenshot(page, "hindi-search")
    page.get_by_test_id("lang-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "en")  # the choice is remembered


def test_the_trial_banner_shows_in_hindi_and_english(page, stack):
    """The local stage is a trial stage (TRIAL_MODE): every page says so, in both languages,
    in a status line that stays small on a phone."""
    page.goto(f"{stack['web_url']}/")
    banner = page.get_by_role("status").filter(has_text="ट्रायल")
    expect(banner).to_be_visible()
    assert page.get_by_test_id("trial-banner").bounding_box()["height"] <= 60   # 412 px wide
    page.get_by_test_id("lang-switch").click()
    expect(page.get_by_test_id("trial-banner")).to_contain_text("Trial run before the launch")
    page.goto(f"{stack['web_url']}/en/c/peda-sweets")       # a pre-rendered English page
    expect(page.get_by_test_id("trial-banner")).to_contain_text("Trial run before the launch")
    assert not page.errors


def test_hostile_product_name_is_inert(page, stack):
    from chalicelib.catalog import indexing
    from chalicelib.catalog import repository as repo
    product = next(p for p in repo.iter_products_of_owner(
        next(a for a in stack["demo_accounts"] if a["role"] == "vendor")["vendor_id"])
        if p.status == "approved")
    vendor = repo.get_vendor(product.vendor_id)
    product.name.en = "<img src=x onerror=alert(1)> Peda"
    category = repo.get_category(product.category)
    indexing.store_product(product, vendor, {"en": category.name.en, "hi": category.name.hi})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    # the page publisher re-renders the product's page (the event runner, within a minute)
    wait_for(lambda: "onerror=alert(1)&gt; Peda" in requests.get(
        f"{stack['web_url']}/en/p/{product.id}", timeout=30).text, timeout=60)
    english(page, stack, f"#/p/{product.id}")
    expect(page.get_by_text("<img src=x onerror=alert(1)> Peda").first).to_be_visible()
    assert page.locator("img[src=x]").count() == 0 and not dialogs


def test_old_links_lead_to_the_new_pages(page, stack):
    """Links shared before the pages existed (#/p/<id>, #/m/<id>, #/c/<slug>) still work."""
    web = stack["web_url"]
    for old, new in (("#/p/p-khurchan", "/p/p-khurchan"), ("#/c/peda-sweets", "/c/peda-sweets"),
                     ("#/m/v-ghormara-peda-bhandar", "/m/v-ghormara-peda-bhandar"), ("#/", "/")):
        page.goto(f"{web}/{old}")
        expect(page).to_have_url(web + new)
        expect(page.locator("h1")).to_be_visible()
    assert not page.errors


def test_a_pre_rendered_page_is_taken_over_without_being_drawn_again(page, stack):
    """The script adopts the server's page: the same elements stay (no redraw), the cart
    button works, the shopper's way back from the cart returns to the same page."""
    english(page, stack, "#/p/p-khurchan")
    page.evaluate("window.__h1 = document.querySelector('h1'); window.__gallery = "
                  "document.querySelector('.gallery')")
    page.get_by_test_id("add-to-cart").click()
    expect(page.get_by_test_id("cart-count")).to_have_text("1")
    assert page.evaluate("window.__h1 === document.querySelector('h1') && "
                         "window.__gallery === document.querySelector('.gallery')")
    page.locator(".cart-link").click()
    expect(page).to_have_url(re.compile(r"/en/p/p-khurchan#/cart$"))
    expect(page.get_by_test_id("to-checkout")).to_be_visible()
    page.go_back()
    expect(page.locator("h1")).to_have_text(re.compile("Khurchan"))
    assert page.evaluate("window.__h1 === document.querySelector('h1')")
    page.get_by_test_id("lang-switch").click()                      # Hindi is another page
    expect(page).to_have_url(f"{stack['web_url']}/p/p-khurchan")
    expect(page.locator("html")).to_have_attribute("lang", "hi")
    assert not page.errors


def test_offline_revisit_of_a_seen_page(tool_page, stack):
    page = tool_page
    english(page, stack, "#/c/peda-sweets")
    expect(page.get_by_test_id("product-card").first).to_be_visible()
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller",
                           timeout=15000)
    page.reload()
    expect(page.get_by_test_id("product-card").first).to_be_visible()
    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_test_id("product-card").first).to_be_visible()
    expect(page.get_by_test_id("offline-banner")).to_be_visible()
    browser.screenshot(page, "offline")
    page.context.set_offline(False)


@pytest.mark.parametrize("route", ["#/", "#/c/lac-bangles", "#/cart"])
def test_no_serious_accessibility_violations(tool_page, stack, route):
    page = tool_page
    english(page, stack, route)
    page.wait_for_load_state("networkidle")
    violations = browser.axe_violations(page, exclude=["[data-testid=card-element]"])
    assert not violations, [(v["id"], v["help"], len(v["nodes"])) for v in violations]
