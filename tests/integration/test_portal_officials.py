"""Officials from the desk and accounts people can keep (issue 17), in the portal on the
local stack: the district office invites a block official on the desk (in English), the
invitation's temporary password is read from the local mailbox, the official signs in (in
Hindi), chooses a password and finds the onboarding form locked to their block; the office
moves them to another block and disables them, which stops them at their next step. A maker
who forgot the password sets a new one with the mailed code; "send the code again" and a
facilitator's reset for a maker without an account of their own are answered in place.
Screenshots: test-artifacts/portal-officials*.png, portal-new-password.png, portal-reset.png."""
from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from infra.cognito_messages import CODE_SUBJECT, INVITE_SUBJECT
from tests.integration import browser
from tests.integration.mailbox import wait_mail
from tests.integration.portal_pages import (PASSWORD, account, api_call, clean, new_page, portal,
                                            shot, sign_in)

HOSTILE = '<img src=x onerror="window.pwned=1">Ramesh Mahto'


@pytest.fixture
def pages(chromium, stack):
    made = {"admin": new_page(chromium), "official": new_page(chromium, bypass_csp=True),
            "maker": new_page(chromium), "tool": new_page(chromium, bypass_csp=True)}
    yield made
    for p in made.values():
        p.context.close()


def no_serious_violations(page, what: str) -> None:
    page.wait_for_load_state("networkidle")
    violations = browser.axe_violations(page)
    assert not violations, (what, [(v["id"], v["help"], len(v["nodes"])) for v in violations])


def invite(page, email: str, name: str, block: str | None) -> None:
    form = page.get_by_test_id("invite-form")
    form.get_by_test_id("official-email").fill(email)
    form.get_by_test_id("official-name").fill(name)
    form.get_by_test_id("official-role").select_option("facilitator")
    form.get_by_test_id("official-block").select_option(block or "")
    form.get_by_test_id("invite").click()


def test_the_office_invites_a_block_official_who_sets_a_password_and_onboards_in_their_block(pages, stack):
    admin, official, tool = pages["admin"], pages["official"], pages["tool"]
    office = account(stack, "admin")
    email = f"bdo-{uuid.uuid4().hex[:8]}@example.in"

    # 1. The desk's officials, in English: a block official needs a block.
    sign_in(admin, stack, office["email"], office["password"], lang="en")
    admin.get_by_role("link", name="Officials", exact=True).first.click()
    expect(admin).to_have_url(re.compile(r"#/desk/officials$"))
    # the list drawn first (the seeded officials): the view is ready and the page keeps focus
    expect(admin.get_by_test_id("official").first).to_be_visible()
    invite(admin, email, HOSTILE, None)
    block = admin.get_by_test_id("invite-form").get_by_test_id("official-block")
    expect(block).to_have_attribute("aria-invalid", "true")
    expect(block).to_be_focused()
    invite(admin, email, HOSTILE, "Madhupur")
    expect(admin.get_by_test_id("invite-form").locator(".form-msg")).to_contain_text(f"Invitation e-mailed to {email}")
    item = admin.locator(f'[data-testid=official][data-email="{email}"]')
    expect(item.get_by_test_id("official-name")).to_have_text(HOSTILE)        # text, never HTML
    assert item.locator("img").count() == 0 and admin.evaluate("window.pwned") is None
    expect(item.get_by_test_id("official-block")).to_have_text("Madhupur")
    expect(item.get_by_test_id("official-status")).to_have_attribute("data-status", "enabled")
    # the same address again: the API's account_exists, said on the e-mail field
    invite(admin, email, "Someone Else", "Deoghar")
    field = admin.get_by_test_id("invite-form").get_by_test_id("official-email")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(admin.get_by_test_id("invite-form").locator(".form-msg")).to_contain_text("already has an account")
    shot(admin, "officials")
    sign_in(tool, stack, office["email"], office["password"])
    portal(tool, stack, "#/desk/officials")
    expect(tool.locator(f'[data-testid=official][data-email="{email}"]')).to_be_visible()
    no_serious_violations(tool, "#/desk/officials")

    # 2. The invitation in the mailbox; the official signs in (Hindi) and chooses a password.
    mail = wait_mail(stack, email, "", starts=INVITE_SUBJECT)
    temporary = re.search(r"Temporary password: ([A-Za-z0-9]+)", mail["body"]).group(1)
    portal(official, stack, "#/signin")
    official.get_by_test_id("email").fill(email)
    official.get_by_test_id("password").fill(temporary)
    official.get_by_test_id("signin").click()
    expect(official).to_have_url(re.compile(r"#/new-password$"))
    expect(official.get_by_test_id("new-password-email")).to_have_text(email)
    hint = official.get_by_test_id("new-password").get_attribute("aria-describedby").split()[0]
    assert official.locator(f"#{hint}").inner_text().startswith("कम से कम 8 अक्षर")   # the rule shown
    mine = "Bdo@Madhupur2026"
    official.get_by_test_id("new-password").fill(mine)
    official.get_by_test_id("password-again").fill(mine + "x")
    official.get_by_test_id("save-password").click()
    again = official.get_by_test_id("password-again")
    expect(again).to_have_attribute("aria-invalid", "true")
    expect(official.locator("#" + again.get_attribute("id") + "-err")).to_have_text("दोनों पासवर्ड एक जैसे नहीं हैं।")
    shot(official, "new-password")
    no_serious_violations(official, "#/new-password")
    again.fill(mine)
    official.get_by_test_id("save-password").click()
    expect(official.get_by_test_id("sign-out")).to_be_visible()
    expect(official.get_by_test_id("flash")).to_contain_text("पासवर्ड सहेज लिया गया")
    assert api_call(stack, "POST", "/auth/login", json={"email": email, "password": temporary}).status_code == 401
    assert api_call(stack, "POST", "/auth/login", json={"email": email, "password": mine}).status_code == 200

    # 3. Onboarding a maker: the block is the official's, locked.
    official.get_by_role("link", name="मेरे कारीगर").first.click()
    official.get_by_test_id("onboard").click()
    locked = official.get_by_test_id("onboard-form").get_by_test_id("block")
    expect(locked.locator("option")).to_have_count(1)
    expect(locked).to_have_value("Madhupur")
    shot(official, "officials-onboard-locked")

    # 4. The office moves the official to Sarath, then disables them (after a question).
    item.get_by_test_id("change-official").click()
    item.get_by_test_id("change-block").select_option("Sarath")
    item.get_by_test_id("save-official").click()
    expect(item.get_by_test_id("official-note")).to_contain_text("saved")
    expect(item.get_by_test_id("official-block")).to_have_text("Sarath")
    item.get_by_test_id("disable").click()
    expect(item.get_by_test_id("official-question")).to_be_focused()
    item.get_by_test_id("cancel-disable").click()
    expect(item.get_by_test_id("official-status")).to_have_attribute("data-status", "enabled")
    item.get_by_test_id("disable").click()
    item.get_by_test_id("confirm-disable").click()
    expect(item.get_by_test_id("official-status")).to_have_attribute("data-status", "disabled")
    expect(item.get_by_test_id("enable")).to_be_visible()
    shot(admin, "officials-disabled")
    clean(admin)

    # the official's next step stops them, with the reason
    official.reload()
    expect(official).to_have_url(re.compile(r"#/signin"))
    expect(official.get_by_test_id("notice")).to_contain_text("ज़िला कार्यालय ने यह खाता बंद कर दिया है")


def test_a_maker_who_forgot_the_password_sets_a_new_one_with_the_mailed_code(pages, stack):
    page = pages["maker"]
    email = f"forgot-{uuid.uuid4().hex[:8]}@example.in"
    r = api_call(stack, "POST", "/auth/signup", json={"email": email, "password": PASSWORD, "name": "Lakhi Devi"})
    assert r.status_code == 200 and r.json()["confirmed"], r.text

    portal(page, stack, "#/signin")
    page.get_by_test_id("email").fill(email)
    page.get_by_test_id("to-forgot").click()
    expect(page).to_have_url(re.compile(r"#/forgot$"))
    expect(page.get_by_test_id("email")).to_have_value(email)
    page.get_by_test_id("send-code").click()
    expect(page).to_have_url(re.compile(r"#/forgot\?step=code$"))
    code = re.search(r"code: (\d{6})", wait_mail(stack, email, "", starts=CODE_SUBJECT)["body"]).group(1)

    new = "Lakhi@Sarath2026"
    page.get_by_test_id("code").fill("000000" if code != "000000" else "111111")
    page.get_by_test_id("new-password").fill(new)
    page.get_by_test_id("password-again").fill(new)
    page.get_by_test_id("save-password").click()
    expect(page.get_by_test_id("code")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".form-msg")).to_contain_text("यह कोड ग़लत है या पुराना हो गया है।")
    shot(page, "reset")
    page.get_by_test_id("code").fill(code)
    page.get_by_test_id("save-password").click()
    expect(page).to_have_url(re.compile(r"#/signin$"))
    expect(page.get_by_test_id("notice")).to_contain_text("आपका पासवर्ड बदल गया है")
    expect(page.get_by_test_id("email")).to_have_value(email)
    page.get_by_test_id("password").fill(new)
    page.get_by_test_id("signin").click()
    expect(page.get_by_test_id("sign-out")).to_be_visible()
    assert api_call(stack, "POST", "/auth/login", json={"email": email, "password": PASSWORD}).status_code == 401

    # "send the code again" on the confirmation step, for an account confirmed already
    page.get_by_test_id("sign-out").click()
    portal(page, stack, "#/confirm")
    page.get_by_test_id("email").fill(email)
    page.get_by_test_id("resend-code").click()
    expect(page).to_have_url(re.compile(r"#/signin$"))
    expect(page.get_by_test_id("notice")).to_contain_text("यह खाता पहले से पक्का है")
    clean(page)


def test_recovery_pages_are_accessible_and_no_reset_is_offered_for_a_maker_without_an_account(pages, stack):
    tool, page = pages["tool"], pages["maker"]
    for route in ("#/forgot", "#/forgot?step=code", "#/confirm"):
        portal(tool, stack, route)
        expect(tool.locator("main h1")).to_be_visible()
        no_serious_violations(tool, route)
    facilitator = account(stack, "facilitator")
    sign_in(page, stack, facilitator["email"], facilitator["password"])
    portal(page, stack, "#/makers")
    maker = page.get_by_test_id("maker").first
    # the demo facilitator's groups have no accounts of their own: nothing to reset
    expect(maker).to_be_visible()
    expect(page.get_by_test_id("maker-reset")).to_have_count(0)
    clean(page)
