"""A shopper on a small phone, in Hindi, paying by UPI through Razorpay Checkout (the local
stand-in's modal, infra/local/razorpay_server.py): paid, failed and retried, and a collect
request approved in the buyer's UPI app while the shop waits."""
from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import expect

from infra.local import env as stack_env
from tests.integration import browser
from tests.integration.test_storefront import _page, buy, order_id, order_status

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}


@pytest.fixture(params=[False], ids=["csp"])
def phone(chromium, stack, request):
    context, page = _page(chromium, bypass_csp=request.param, **PHONE)
    yield page
    context.close()


def pay_by_upi(page, stack, shot: str, vpa: str):
    """A product into the cart, checkout in Hindi choosing UPI, the stand-in's modal open."""
    buy(page, stack, "पेड़ा", "upi", shot, lang="hi")
    vpa_box = page.get_by_label("UPI ID / यूपीआई आईडी")
    expect(vpa_box).to_be_visible(timeout=20000)     # Checkout loaded only now, UPI first
    vpa_box.fill(vpa)
    page.locator(".dmrzp-dialog form:not([hidden])").get_by_role("button").click()


def stored_order(page) -> tuple[str, str]:
    """The order the checkout placed (id and token, as js/checkout.js keeps them)."""
    orders = page.evaluate("JSON.parse(localStorage.getItem('dm.orders') || '{}')")
    return list(orders.items())[-1]


def test_upi_payment_in_hindi_on_a_small_phone(phone, stack):
    page = phone
    pay_by_upi(page, stack, "upi", "success@razorpay")
    expect(order_status(page, "upi")).to_have_attribute("data-status", "paid", timeout=30000)
    paid_by = page.get_by_test_id("paid-by")
    expect(paid_by).to_have_attribute("data-paid-by", "upi", timeout=30000)
    expect(paid_by).to_have_text("UPI")
    expect(page.get_by_text("धन्यवाद! भुगतान मिल गया है")).to_be_visible()
    expect(page.get_by_test_id("cart-count")).to_have_text("0")      # paid: the cart is done
    page.screenshot(path=str(browser.ARTIFACTS / "upi-paid-360.png"))
    assert not page.errors


def test_the_desk_counts_upi_payments_apart(chromium, stack):
    """The office's overview: payments by gateway and method, UPI among them (the test above
    paid one; the figures are today's)."""
    from tests.integration.portal_pages import account, clean, new_page, portal, sign_in
    desk = new_page(chromium)
    admin = account(stack, "admin")
    sign_in(desk, stack, admin["email"], admin["password"], lang="en")
    portal(desk, stack, "#/desk")
    row = desk.locator('[data-testid=figures-by-payment] td[data-key="today.razorpay:upi"]')
    expect(row).to_have_text(re.compile(r"^[1-9]\d* · ₹"), timeout=20000)
    expect(desk.get_by_role("rowheader", name="Razorpay · UPI")).to_be_visible()
    browser.screenshot(desk, "desk-by-payment")
    clean(desk)
    desk.context.close()


def test_the_upi_choice_comes_first_and_nothing_of_razorpay_loads_before(phone, stack):
    page = phone
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.goto(f"{stack['web_url']}/p/p-khurchan")
    page.get_by_test_id("add-to-cart").click()
    expect(page.get_by_test_id("cart-count")).to_have_text("1")
    page.goto(f"{stack['web_url']}/app#/checkout")
    choices = page.locator(".pay-choice:not([hidden]) input[type=radio]")
    expect(choices.first).to_have_attribute("value", "upi")
    page.get_by_test_id("pincode").fill("814112")
    expect(choices).to_have_count(3)       # with a quote: UPI, card, cash on delivery
    assert [c.get_attribute("value") for c in choices.all()] == ["upi", "card", "cod"]
    expect(page.get_by_test_id("pay-upi")).to_be_checked()
    expect(page.get_by_text("UPI — PhonePe, Google Pay, Paytm, BHIM से भुगतान")).to_be_visible()
    expect(page.get_by_text("अंतरराष्ट्रीय कार्ड (Stripe)")).to_be_visible()
    page.get_by_test_id("pay-upi").scroll_into_view_if_needed()
    page.screenshot(path=str(browser.ARTIFACTS / "upi-choice-hi-360.png"))
    # neither Razorpay's script nor Stripe.js: nothing of a provider before an order needs it
    rzp = stack["razorpay_api_base"]
    assert not [u for u in urls if u.startswith(rzp) or "/v1/checkout.js" in u or "stripe" in u]
    assert not page.errors


def test_a_failed_upi_payment_keeps_the_cart_and_can_be_tried_again(phone, stack):
    page = phone
    pay_by_upi(page, stack, "upi-fail", "failure@razorpay")
    # the reason, on the page under the modal, which stays open for another try
    expect(page.get_by_test_id("pay-failed")).to_contain_text("भुगतान नहीं हो सका", timeout=20000)
    page.get_by_role("button", name="Close / बंद करें").click()
    failed = page.get_by_test_id("pay-failed")
    expect(failed).to_contain_text("फिर कोशिश करें या किसी और तरीक़े से भुगतान करें")
    expect(page.get_by_test_id("cart-count")).to_have_text("1")        # the cart is kept
    oid, token = stored_order(page)
    order = requests.get(f"{stack['api_url']}/orders/{oid}", headers={"X-Order-Token": token},
                         timeout=30).json()
    assert order["status"] == "pending_payment"
    browser.screenshot(page, "upi-failed")
    page.get_by_test_id("pay-again").click()         # the same order, a new attempt
    page.get_by_label("UPI ID / यूपीआई आईडी").fill("success@razorpay")
    page.locator(".dmrzp-dialog form:not([hidden])").get_by_role("button").click()
    expect(order_status(page, "upi-retry")).to_have_attribute("data-status", "paid", timeout=30000)
    assert order_id(page) == oid
    assert not page.errors


def test_a_waiting_upi_request_approved_in_the_app_moves_the_page_on(phone, stack):
    page = phone
    pay_by_upi(page, stack, "upi-pending", "pending@razorpay")
    expect(page.locator(".dmrzp-dialog")).to_contain_text("अपने यूपीआई ऐप में", timeout=20000)
    page.get_by_role("button", name="Close / बंद करें").click()   # the buyer goes to the app
    waiting = page.get_by_test_id("upi-waiting")
    expect(waiting).to_be_visible(timeout=20000)
    expect(waiting).to_have_attribute("role", "status")
    expect(waiting).to_contain_text(re.compile(r"आपके UPI ऐप का इंतज़ार है — .*₹"))
    page.screenshot(path=str(browser.ARTIFACTS / "upi-waiting-hi-360.png"))
    expect(page.get_by_test_id("cart-count")).to_have_text("1")
    # the buyer's UPI app approves the collect request (the stand-in's hook)
    oid, token = stored_order(page)
    order = requests.get(f"{stack['api_url']}/orders/{oid}", headers={"X-Order-Token": token},
                         timeout=30).json()
    rzp = stack["razorpay_api_base"]
    payments = requests.get(f"{rzp}/v1/orders/{order['payment']['razorpay_order_id']}/payments",
                            auth=(stack_env.RAZORPAY_KEY_ID, stack_env.RAZORPAY_KEY_SECRET),
                            timeout=30).json()["items"]
    waiting_payment = next(p for p in payments if p["status"] == "created")
    requests.post(f"{rzp}/_dm/payments/{waiting_payment['id']}/approve", json={},
                  timeout=30).raise_for_status()
    expect(page).to_have_url(re.compile(rf"#/order/{oid}$"), timeout=40000)
    expect(order_status(page, "upi-approved")).to_have_attribute("data-status", "paid", timeout=30000)
    expect(page.get_by_test_id("paid-by")).to_have_text("UPI", timeout=30000)
    expect(page.get_by_test_id("cart-count")).to_have_text("0")
    assert not page.errors


def test_pay_another_way_cancels_the_order_and_keeps_the_cart(phone, stack):
    page = phone
    pay_by_upi(page, stack, "upi-other", "pending@razorpay")
    page.get_by_role("button", name="Close / बंद करें").click()
    expect(page.get_by_test_id("upi-waiting")).to_be_visible(timeout=20000)
    oid, token = stored_order(page)
    page.get_by_test_id("pay-other").click()
    expect(page.get_by_test_id("place-order")).to_be_visible(timeout=20000)   # the form again
    expect(page.get_by_test_id("name")).to_have_value("Meena Devi")
    expect(page.get_by_test_id("cart-count")).to_have_text("1")
    order = requests.get(f"{stack['api_url']}/orders/{oid}", headers={"X-Order-Token": token},
                         timeout=30).json()
    assert order["status"] == "cancelled"
    page.get_by_test_id("pay-cod").check()
    page.get_by_test_id("place-order").click()
    expect(order_status(page, "upi-other-cod")).to_have_attribute("data-status", "confirmed",
                                                                  timeout=30000)
    expect(page.get_by_test_id("cart-count")).to_have_text("0")
    assert not page.errors


def test_an_unpaid_upi_order_is_paid_from_its_own_page(phone, stack):
    """The buyer leaves the checkout after a failed attempt; the order's page says so and
    its "Pay now" opens Checkout again for that order."""
    page = phone
    pay_by_upi(page, stack, "upi-later", "failure@razorpay")
    expect(page.get_by_test_id("pay-failed")).to_be_visible(timeout=20000)
    page.get_by_role("button", name="Close / बंद करें").click()
    oid, _ = stored_order(page)
    page.goto(f"{stack['web_url']}/app#/order/{oid}")
    expect(order_status(page, "upi-later")).to_have_attribute("data-status", "pending_payment")
    expect(page.get_by_text("पिछली बार भुगतान नहीं हो सका")).to_be_visible()
    expect(page.get_by_test_id("paid-by")).to_have_text("UPI")       # the way it is to be paid
    page.get_by_test_id("pay-now").click()
    page.get_by_label("UPI ID / यूपीआई आईडी").fill("success@razorpay")
    page.locator(".dmrzp-dialog form:not([hidden])").get_by_role("button").click()
    expect(page.get_by_test_id("order-status")).to_have_attribute("data-status", "paid", timeout=30000)
    expect(page.get_by_test_id("pay-now")).to_have_count(0)
    expect(page.get_by_test_id("cart-count")).to_have_text("0")     # its cart goes once it is paid
    assert not page.errors


@pytest.mark.parametrize("phone", [True], ids=["axe"], indirect=True)   # axe needs the CSP off
def test_the_upi_states_have_no_serious_accessibility_violations(phone, stack):
    page = phone
    pay_by_upi(page, stack, "upi-axe", "pending@razorpay")
    page.get_by_role("button", name="Close / बंद करें").click()
    expect(page.get_by_test_id("upi-waiting")).to_be_visible(timeout=20000)
    assert page.evaluate("document.activeElement.tagName") == "H2"     # focus moved to the news
    violations = browser.axe_violations(page)
    assert not violations, [(v["id"], v["help"], len(v["nodes"])) for v in violations]
    page.get_by_test_id("pay-other").click()
    expect(page.get_by_test_id("pay-upi")).to_be_checked(timeout=20000)
    violations = browser.axe_violations(page, exclude=["[data-testid=card-element]"])
    assert not violations, [(v["id"], v["help"], len(v["nodes"])) for v in violations]
