"""Payouts in the browser, in Hindi: the second official approves a payout run on the desk
and downloads the bank file; after the bank's answer the maker reads the payout and the
month's statement in the portal. Screenshots: tests/artifacts/portal-payouts-*.png."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.integration import browser
from tests.integration.faults import makers
from tests.integration.payout_flow import delivered, prepare, respond, rupees
from tests.integration.portal_pages import account, new_page, portal, sign_in, token_of

pytestmark = pytest.mark.usefixtures("runner_back")
RAW_KEY = re.compile(r"\b(dk[A-Z]\w*|dk[a-z]+_\w+|e_[a-z_]+|[a-z]+[A-Z]\w*Line)\b")


def test_a_run_approved_on_the_desk_and_the_statement_read_in_the_portal(api, stack, chromium,
                                                                          stripe_client):
    sellers = makers(api, stack)
    seller = sellers[0]
    officials = [token_of(stack, a["email"], a["password"])
                 for a in (account(stack, "admin", 0), account(stack, "admin", 1))]
    delivered(api, stack, sellers[:1], stripe_client, "cod", 2)
    run = prepare(api, officials, 0)                     # the district office prepares it
    mine = next(l for l in run["lines"] if l["vendor_id"] == seller["id"])

    desk = new_page(chromium)
    second = account(stack, "admin", 1)
    sign_in(desk, stack, second["email"], second["password"], lang="hi")
    portal(desk, stack, f"#/desk/payouts?run={run['id']}")
    line = desk.locator(f'[data-testid=payout-line][data-vendor="{seller["id"]}"]')
    expect(line).to_have_attribute("data-status", "pending")
    expect(line).to_contain_text(mine["account_last4"][-4:])
    desk.get_by_test_id("payout-approve").click()
    link = desk.get_by_test_id("bank-file")
    expect(link).to_be_visible()
    browser.screenshot(desk, "portal-payouts-approved-hi")
    with desk.expect_download() as download:
        link.click()
    text = open(download.value.path(), encoding="utf-8").read()
    assert f"{run['id']}/{seller['id']}" in text and rupees(mine["amount_paise"]) in text
    assert not RAW_KEY.search(desk.locator("main").inner_text())

    rows = [[f"{run['id']}/{l['vendor_id']}", "paid", f"PUNB3261{n:08d}", rupees(l["amount_paise"]), ""]
            for n, l in enumerate(run["lines"], start=700)]
    assert respond(api, officials[1], run["id"], rows)["paid"] == len(rows)
    desk.reload()
    expect(line).to_have_attribute("data-status", "paid")
    assert not desk.errors, desk.errors

    maker = new_page(chromium)
    who = next(a for a in stack["demo_accounts"] if a.get("vendor_id") == seller["id"])
    sign_in(maker, stack, who["email"], who["password"], lang="hi")
    portal(maker, stack, "#/payouts")
    payout = maker.locator('[data-testid=ledger-entry][data-kind=payout]').first
    expect(payout).to_contain_text("आपके बैंक में भेजा गया")
    expect(payout).to_contain_text(f"PUNB3261{700 + run['lines'].index(mine):08d}")
    expect(maker.locator('[data-testid=ledger-entry][data-kind=credit_delivery]').first) \
        .to_contain_text("आयकर टीडीएस")
    browser.screenshot(maker, "portal-payouts-earnings-hi")
    with maker.context.expect_page() as opened:
        maker.get_by_test_id("statement-open").click()
    statement = opened.value
    statement.wait_for_load_state()
    expect(statement.locator("h1")).to_contain_text("कमाई का विवरण")
    expect(statement.locator("body")).to_contain_text(run["id"])
    browser.screenshot(statement, "portal-payouts-statement")
    assert not maker.errors, maker.errors
    assert not RAW_KEY.search(maker.locator("main").inner_text())
