"""The district office on the running local stack: figures that follow real orders (paid at
localstripe, COD, cancelled and refunded), a report made on demand, stored in the private
bucket and e-mailed (read back from moto)."""
from __future__ import annotations

import csv
import io
import time
from datetime import datetime, timedelta, timezone

import pytest
import requests

from tests.integration.test_orders import (call, order, pay, set_stock, status_of,
                                           vendor_product)
from tests.integration.waiting import wait_for

IST = timezone(timedelta(hours=5, minutes=30))


@pytest.fixture(scope="module")
def admin(api, stack):
    account = next(a for a in stack["demo_accounts"] if a["role"] == "admin")
    return call(api, "POST", "/auth/login", json={"email": account["email"],
                                                  "password": account["password"]}).json()["id_token"]


def today(api, admin) -> dict:
    r = call(api, "GET", "/admin/stats", admin)
    assert r.status_code == 200, r.text
    return r.json()["today"]


def settled(api, admin) -> dict:
    """Today's figures once nothing is moving (earlier tests' orders have finished)."""
    last = None
    for _ in range(20):
        now = today(api, admin)
        if now == last:
            return now
        last = now
        time.sleep(1)
    return last


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
    after = today(api, admin)
    assert after["orders"] - before["orders"] == 2
    assert after["gmv_paise"] - before["gmv_paise"] == card["total_paise"] + cod["total_paise"]
    assert after["cod_orders"] - before["cod_orders"] == 1
    assert after["cancelled"] - before["cancelled"] == 1
    assert after["net_paise"] - before["net_paise"] == cod["total_paise"]
    assert after["refunded_paise"] - before["refunded_paise"] == card["total_paise"]

    listed = call(api, "GET", "/admin/orders?status=cancelled&limit=100", admin).json()
    assert card["order_id"] in [o["id"] for o in listed["items"]]

    day = datetime.now(timezone.utc).astimezone(IST).date().isoformat()
    r = call(api, "POST", "/admin/reports", admin, json={"kind": "daily", "date": day})
    assert r.status_code == 201, r.text
    report = r.json()
    assert report["id"] == f"daily-{day}" and report["totals"]["orders"] == after["orders"]
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
    models = requests.get(stack["aws_endpoint_url"] + "/moto-api/data.json", timeout=30).json()
    mails = [m for m in models.get("ses", {}).get("Message", [])
             if "district-office@demo.deogharmart.in" in str(m.get("destinations"))]
    assert mails and any(report["id"] in str(m.get("body")) or day in str(m.get("subject"))
                         for m in mails)


def test_office_routes_are_for_admins_only(api, vendor):
    for path in ("/admin/stats", "/admin/orders", "/admin/reports", "/admin/reports/daily-2026-01-01"):
        assert call(api, "GET", path).status_code == 401
        assert call(api, "GET", path, vendor["token"]).status_code == 403
