"""Makers get paid, on the running local stack: card and COD orders delivered, a payout
run prepared by one official, refused to them and approved by another, the bank file
downloaded through its link, the bank's response with UTRs and a failure, a failed line
payable again, a return after payout recovered from the next run, the books balanced."""
from __future__ import annotations

import csv
import io
import re

import pytest
import requests

from tests.integration import books
from tests.integration.faults import balanced, makers
from tests.integration.payout_flow import delivered, payouts, prepare, respond, rupees
from tests.integration.portal_pages import token_of
from tests.integration.shopping import call, courier_post

pytestmark = pytest.mark.usefixtures("runner_back")


@pytest.fixture(scope="module")
def sellers(api, stack):
    return makers(api, stack)


@pytest.fixture(scope="module")
def officials(stack):
    admins = [a for a in stack["demo_accounts"] if a["role"] == "admin"]
    assert len(admins) == 2, "the local stack has two demo admins"
    return [token_of(stack, a["email"], a["password"]) for a in admins]


def test_makers_are_paid_through_two_officials_and_the_bank(api, stack, sellers, officials,
                                                             stripe_client):
    baseline = books.snapshot(stack, stripe_client)
    card = delivered(api, stack, sellers, stripe_client, "card", 2)
    delivered(api, stack, sellers, stripe_client, "cod")
    a, b = sellers[0], sellers[1]
    earned = {m["id"]: payouts(api, m) for m in (a, b)}
    for m in (a, b):
        mine = [e for e in earned[m["id"]]["entries"] if e["kind"] == "credit_delivery"][:2]
        for e in mine:   # each credit: gross less commission, GST on it, TCS, TDS
            assert e["amount_paise"] == e["gross_paise"] - e["commission_paise"] - \
                e["commission_gst_paise"] - e["tcs_paise"] - e["tds_paise"]
            assert e["tcs_cgst_paise"] == e["tcs_sgst_paise"]       # Deoghar: CGST + SGST
            assert (e["tcs_paise"] > 0) == (e["gst_status"] in ("registered", "composition"))
        assert earned[m["id"]]["held_paise"] == 0       # PAYOUT_HOLD_HOURS=0

    run = prepare(api, officials, 0)
    lines = {l["vendor_id"]: l for l in run["lines"]}
    for m in (a, b):
        assert lines[m["id"]]["amount_paise"] == earned[m["id"]]["payable_paise"]
    r = call(api, "POST", f"/admin/payout-runs/{run['id']}/approve", officials[0])
    assert r.status_code == 403 and r.json()["error"]["code"] == "same_official", r.text
    r = call(api, "POST", f"/admin/payout-runs/{run['id']}/approve", officials[1])
    assert r.status_code == 200, r.text
    approved = r.json()
    assert call(api, "POST", f"/admin/payout-runs/{run['id']}/approve",
                officials[1]).json()["approved_at"] == approved["approved_at"]

    file = requests.get(approved["bank_file_url"], timeout=30)
    assert file.status_code == 200, file.text
    rows = {row["reference"]: row for row in csv.DictReader(io.StringIO(file.text))}
    assert len(rows) == len(approved["lines"])
    ref_a, ref_b = f"{run['id']}/{a['id']}", f"{run['id']}/{b['id']}"
    assert rows[ref_a]["amount"] == rupees(lines[a["id"]]["amount_paise"])
    assert rows[ref_a]["account_number"].endswith(lines[a["id"]]["account_last4"][-4:])

    answer = [[ref_a, "paid", "SBIN326100000101", rows[ref_a]["amount"], ""],
              [ref_b, "failed", "", rows[ref_b]["amount"], "account frozen"]]
    answer += [[ref, "failed", "", "", "not this test's"] for ref in rows if ref not in (ref_a, ref_b)]
    report = respond(api, officials[1], run["id"], answer)
    assert (report["paid"], report["refused"], report["pending"]) == (1, 0, 0), report
    one = call(api, "GET", f"/vendor/statements/payouts/{run['id']}", a["token"])
    assert one.status_code == 200, one.text
    assert one.json()["utr"] == "SBIN326100000101"
    assert one.json()["figures"]["net_paise"] == one.json()["amount_paise"] == \
        lines[a["id"]]["amount_paise"] == int(rows[ref_a]["amount"].replace(".", ""))
    # the payout's books say how the buyers paid, and add up to what was sent
    assert all(re.fullmatch(r"(stripe|razorpay|cod):(card|upi|netbanking|wallet|cod)",
                            p["paid_by"]) for p in one.json()["parcels"]), one.json()["parcels"]
    assert sum(one.json()["by_payment"].values()) == one.json()["amount_paise"]
    month = call(api, "GET", "/vendor/statements", a["token"]).json()
    assert any(p["run_id"] == run["id"] for p in month["payouts"])
    assert call(api, "GET", "/vendor/statements/payouts/pr-20000101-000000",
                a["token"]).status_code == 404
    again = respond(api, officials[1], run["id"], answer)
    assert again["unchanged"] == len(answer) and again["paid"] == 0, again
    after_a = payouts(api, a)
    assert after_a["balance_paise"] == earned[a["id"]]["balance_paise"] - lines[a["id"]]["amount_paise"]
    assert any(e["kind"] == "payout" and e["amount_paise"] == -lines[a["id"]]["amount_paise"]
               for e in after_a["entries"])

    # A's parcel of the card order comes back after the payout: refunded, and recovered from
    # A's next run; B's failed line is payable again.
    parcel = next(p for p in card["parcels"] if p["vendor_id"] == a["id"])
    r = courier_post(api, {"tracking_number": parcel["tracking_number"], "reference": parcel["id"],
                           "event_id": f"{parcel['id']}-returned", "status": "returned"})
    assert r.status_code == 200 and r.json()["applied"], r.text
    taken = next(e for e in payouts(api, a)["entries"]
                 if e["kind"] == "debit_refund" and e["parcel_id"] == parcel["id"])
    delivered(api, stack, sellers[:1], stripe_client, "cod", 4)
    owed_a = payouts(api, a)["payable_paise"]
    run2 = prepare(api, officials, 1)
    lines2 = {l["vendor_id"]: l for l in run2["lines"]}
    assert lines2[a["id"]]["amount_paise"] == owed_a and taken["amount_paise"] < 0
    assert lines2[b["id"]]["amount_paise"] == lines[b["id"]]["amount_paise"]
    assert call(api, "POST", f"/admin/payout-runs/{run2['id']}/approve",
                officials[0]).status_code == 200
    paid = respond(api, officials[0], run2["id"], [
        [f"{run2['id']}/{l['vendor_id']}", "paid", f"UTIB3261{n:08d}", rupees(l["amount_paise"]), ""]
        for n, l in enumerate(run2["lines"], start=500)])
    assert paid["paid"] == len(run2["lines"]) and paid["pending"] == 0, paid
    assert payouts(api, a)["payable_paise"] == 0
    balanced(stack, stripe_client, baseline)
