"""The district office on the running local stack: figures that follow real orders (paid at
localstripe, COD, cancelled and refunded), a report made on demand, stored in the private
bucket and e-mailed (read back from moto)."""
from __future__ import annotations

import csv
import io
from datetime import date

import pytest
import requests

from tests.integration.shopping import (call, order, pay, set_stock, status_of,
                                           vendor_product)
from tests.integration import mailbox
from tests.integration.waiting import wait_for

@pytest.fixture(scope="module")
def admin(api, stack):
    account = next(a for a in stack["demo_accounts"] if a["role"] == "admin")
    return call(api, "POST", "/auth/login", json={"email": account["email"],
                                                  "password": account["password"]}).json()["id_token"]


def figures(api, admin) -> dict:
    r = call(api, "GET", "/admin/stats", admin)
    assert r.status_code == 200, r.text
    return r.json()


def recent(stats: dict) -> dict:
    """The last 30 days' figures without their dates: compared before and after the orders,
    they move by the orders alone, even when India's midnight passes in between (today's
    would start again from zero). The stack is younger than 30 days."""
    return {k: v for k, v in stats["last_30_days"].items() if k not in ("from", "to")}


def settled(api, admin) -> dict:
    """The figures once nothing is moving (earlier tests' orders have finished): two reads
    a poll apart alike."""
    seen = [recent(figures(api, admin))]

    def still():
        seen.append(recent(figures(api, admin)))
        return seen[-1] == seen[-2]
    wait_for(still, timeout=30, every=1, what="the figures to stop moving")
    return seen[-1]


def accepted(api, created) -> bool:
    return all(p["status"] != "awaiting_payment" for p in status_of(api, created)["parcels"])


def test_figures_follow_orders_and_a_report_is_made_and_mailed(api, admin, vendor, stripe_client,
                                                               stack):
    product, variant = vendor_product(api, vendor["id"])
    set_stock(api, vendor, product, variant["id"], 20)
    before = settled(api, admin)
    card = order(api, product, variant, quantity=2).json()
    assert pay(api, stripe_client, card).status_code == 200
    cod = order(api, product, variant, quantity=1, method="cod").json()
    wait_for(lambda: accepted(api, card) and accepted(api, cod), what="parcels accepted")
    r = call(api, "POST", f"/orders/{card['order_id']}/cancel", order_token=card["order_token"],
             json={"reason": "ordered twice"})
    assert r.status_code == 200 and r.json()["refunded_paise"] == card["total_paise"]
    stats = figures(api, admin)
    after = recent(stats)
    assert after["orders"] - before["orders"] == 2
    assert after["gmv_paise"] - before["gmv_paise"] == card["total_paise"] + cod["total_paise"]
    assert after["cod_orders"] - before["cod_orders"] == 1
    assert after["cancelled"] - before["cancelled"] == 1
    assert after["net_paise"] - before["net_paise"] == cod["total_paise"]
    assert after["refunded_paise"] - before["refunded_paise"] == card["total_paise"]

    listed = call(api, "GET", "/admin/orders?status=cancelled&limit=100", admin).json()
    assert card["order_id"] in [o["id"] for o in listed["items"]]

    # the report of the day the figures were read for, whatever the clock says by now
    day = stats["today"]["to"]
    r = call(api, "POST", "/admin/reports", admin, json={"kind": "daily", "date": day})
    assert r.status_code == 201, r.text
    report = r.json()
    assert report["id"] == f"daily-{day}"
    assert report["totals"]["orders"] == stats["today"]["orders"]
    sheet = requests.get(report["csv_url"], timeout=30)
    assert sheet.status_code == 200
    rows = list(csv.reader(io.StringIO(sheet.content.decode("utf-8-sig"))))
    assert len(rows) > 5
    page = requests.get(report["html_url"], timeout=30)
    assert page.status_code == 200 and "बिक्री" in page.text and "data:image/png;base64" in page.text
    assert requests.get(report["csv_url"].split("?")[0], timeout=30).status_code == 403  # private
    again = call(api, "GET", f"/admin/reports/{report['id']}", admin).json()
    assert again["totals"] == report["totals"]
    assert report["id"] in [m["id"] for m in call(api, "GET", "/admin/reports", admin).json()["items"]]
    # the e-mail, as moto's SES received it
    mails = [m for m in mailbox.sent(stack)
             if "district-office@demo.deogharmart.in" in m["destinations"]["ToAddresses"]]
    subject = f"DeogharMart daily report {date.fromisoformat(day):%d %b %Y}"
    assert any(m["subject"].startswith(subject) and report["id"] in m["body"] for m in mails), \
        [m["subject"] for m in mails]


def test_office_routes_are_for_admins_only(api, vendor):
    for path in ("/admin/stats", "/admin/orders", "/admin/reports", "/admin/reports/daily-2026-01-01"):
        assert call(api, "GET", path).status_code == 401
        assert call(api, "GET", path, vendor["token"]).status_code == 403
