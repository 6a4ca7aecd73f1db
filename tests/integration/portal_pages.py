"""The portal's pages as the browser tests drive them: a page with its errors and requested
addresses recorded, demo accounts and tokens, signing in, filling a maker's profile and a
new product, a real JPEG. Used by test_portal.py and test_story.py."""
from __future__ import annotations

import uuid

import requests
from playwright.sync_api import expect

from tests.integration import browser
from tests.integration.shopping import call

PASSWORD = "Portal@Deoghar2026"


def new_page(chromium, bypass_csp=False):
    context = chromium.new_context(viewport={"width": 412, "height": 915}, locale="hi-IN",
                                   bypass_csp=bypass_csp, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    urls: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    # Script errors, CSP violations and CORS refusals; answers the page expects (a 401 it
    # refreshes its token on, a 404 "no profile yet") are the API's, checked by the tests.
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and
            not m.text.startswith("Failed to load resource") else None)
    page.on("request", lambda r: urls.append(r.url))
    page.errors, page.urls = errors, urls
    return page


def account(stack, role, n=0):
    return [a for a in stack["demo_accounts"] if a["role"] == role][n]


def token_of(stack, email, password):
    r = requests.post(stack["api_url"] + "/auth/login", json={"email": email, "password": password},
                      timeout=30)
    assert r.status_code == 200, r.text
    return r.json()["id_token"]


def api_call(stack, method, path, token=None, **kw):
    return call(type("Api", (), {"url": stack["api_url"]}), method, path, token, **kw)


def admin_token(stack):
    a = account(stack, "admin")
    return token_of(stack, a["email"], a["password"])


def portal(page, stack, route="#/"):
    page.goto(f"{stack['web_url']}/portal.html{route}")


def sign_in(page, stack, email, password, lang="hi"):
    portal(page, stack, "#/signin")
    if page.evaluate("document.documentElement.lang") != lang:
        page.get_by_test_id("lang-switch").click()
    page.get_by_test_id("email").fill(email)
    page.get_by_test_id("password").fill(password)
    page.get_by_test_id("signin").click()
    expect(page.get_by_test_id("sign-out")).to_be_visible()


def clean(page):
    """No script error or CSP violation, and no token in any address the page asked for."""
    assert not page.errors
    assert not [u for u in page.urls if "eyJ" in u]


def shot(page, name):
    page.wait_for_load_state("networkidle")
    browser.screenshot(page, f"portal-{name}")


def fill_profile(page, name_en="Sita Bamboo Works", name_hi="सीता बांस कला", block="Devipur"):
    form = page.get_by_test_id("profile-form").or_(page.get_by_test_id("onboard-form"))
    fields = {"name.hi": name_hi, "name.en": name_en, "craft.hi": "बांस की कारीगरी",
              "craft.en": "Bamboo craft", "story.hi": "तीन पीढ़ियों से बांस की टोकरी बनाते हैं।",
              "story.en": "Three generations of bamboo baskets.", "village.hi": "देवीपुर",
              "village.en": "Devipur", "phone": "98350 12345", "email": "sita@example.in"}
    for path, value in fields.items():
        form.locator(f'[data-field="{path}"]').fill(value)
    form.locator('[data-field="category"]').select_option("bamboo-craft")
    form.locator('[data-field="block"]').select_option(block)


def jpeg(path, colour=(30, 120, 60)):
    from PIL import Image
    Image.new("RGB", (900, 700), colour).save(path, "JPEG")
    return path


def new_product(page, name_en="Bamboo Basket", name_hi="बांस की टोकरी", sku=None):
    page.get_by_test_id("new-product").or_(page.locator('a[href="#/product/new"]')).first.click()
    form = page.get_by_test_id("product-form")
    expect(form).to_be_visible()
    for path, value in {"name.hi": name_hi, "name.en": name_en,
                        "variants.0.label.hi": "छोटी", "variants.0.label.en": "Small",
                        "variants.0.sku": sku or f"BB-{uuid.uuid4().hex[:6]}",
                        "variants.0.price_paise": "350", "variants.0.mrp_paise": "400",
                        "variants.0.stock": "12", "variants.0.weight_grams": "600",
                        "hsn_code": "4602"}.items():
        form.locator(f'[data-field="{path}"]').fill(value)
    form.locator('[data-field="category"]').select_option("bamboo-craft")
    return form
