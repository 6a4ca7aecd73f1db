"""Payout runs end to end through the API (moto in-process): prepared by one admin,
refused to them, approved by another, the bank file, the bank's response line by line,
a failed line payable again, a return after payout recovered from the next run."""
from __future__ import annotations

import csv
import io
import json
from datetime import date

import boto3
import pytest

from chalicelib import config
from chalicelib.orders import repository as repo
from chalicelib.payouts import ledger, statements, taxrules
from chalicelib.stats.counters import day_of
from chalicelib.vendors import repository as vendors
from infra.seed import seed as seeding
from tests.unit import accounts
from tests.unit.test_authorization import call
from tests.unit.test_figures import accept_all, confirm, courier, place, three_makers

PASSWORD = "Payout@Deoghar2026"


@pytest.fixture(scope="module")
def officials(client):
    return (accounts.token(client, "payout-admin1@test.in", PASSWORD, "admins"),
            accounts.token(client, "payout-admin2@test.in", PASSWORD, "admins"))


@pytest.fixture
def no_hold(monkeypatch):
    """Credits payable at once (the return window is 0 hours)."""
    monkeypatch.setenv("PAYOUT_HOLD_HOURS", "0")
    config.reset()
    yield
    monkeypatch.delenv("PAYOUT_HOLD_HOURS")
    config.reset()


def delivered(maker, quantity=1):
    """A COD parcel of `maker` delivered: the maker's ledger credit."""
    p, v, _ = maker
    order = place([(p, v, quantity)], "cod")
    confirm(order, "confirmed")
    assert all(accept_all(order))
    parcel = repo.parcels_of(order.id)[0]
    repo.set_fields(parcel, tracking_number="T-" + parcel.id)
    assert courier(parcel, "delivered", 0)["applied"]
    parcel.refresh()
    return parcel


def net_of(parcel) -> int:
    return next(int(e.amount_paise) for e in repo.ledger(parcel.vendor_id)
                if e.kind == "credit_delivery" and e.parcel_id == parcel.id)


def balance(vendor_id: str) -> int:
    return ledger.earnings(vendor_id)["balance_paise"]


def bank_file(run: dict) -> list[dict]:
    key = f"payouts/{run['id']}/bank-file-{run['id']}.csv"
    body = boto3.client("s3").get_object(Bucket=config.settings().reports_bucket, Key=key)["Body"]
    return list(csv.DictReader(io.StringIO(body.read().decode())))


def respond(client, token, run_id, rows) -> tuple[int, dict]:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["reference", "status", "utr", "amount", "reason"])
    w.writerows(rows)
    return call(client, "POST", f"/admin/payout-runs/{run_id}/bank-response", token,
                body=out.getvalue(), content_type="text/csv")


def test_a_run_from_preparation_to_the_banks_answer(client, officials, no_hold):
    first, second = officials
    a, b, _ = three_makers()
    pa1, pa2, pb = delivered(a), delivered(a, 2), delivered(b)
    owed_a, owed_b = net_of(pa1) + net_of(pa2), net_of(pb)
    before_a = balance(pa1.vendor_id)

    status, run = call(client, "POST", "/admin/payout-runs", first, body="{}")
    assert status == 201, run
    lines = {l["vendor_id"]: l for l in run["lines"]}
    assert lines[pa1.vendor_id]["amount_paise"] == owed_a and lines[pa1.vendor_id]["entries"] == 2
    assert lines[pb.vendor_id]["amount_paise"] == owed_b
    assert len(run["lines"]) == len(lines) == run["lines_count"]          # one line per maker
    assert run["status"] == "prepared" and run["bank_file_url"] is None
    assert all(l["account_last4"].startswith("XXXX") for l in run["lines"])

    status, body = call(client, "POST", "/admin/payout-runs", second, body="{}")
    assert status == 409 and body["error"]["code"] == "run_open", body
    status, body = call(client, "POST", f"/admin/payout-runs/{run['id']}/approve", first)
    assert status == 403 and body["error"]["code"] == "same_official", body
    status, approved = call(client, "POST", f"/admin/payout-runs/{run['id']}/approve", second)
    assert status == 200 and approved["status"] == "approved" and approved["bank_file_url"]
    status, again = call(client, "POST", f"/admin/payout-runs/{run['id']}/approve", second)
    assert status == 200 and again["approved_at"] == approved["approved_at"]

    rows = {r["reference"]: r for r in bank_file(approved)}
    ref_a, ref_b = f"{run['id']}/{pa1.vendor_id}", f"{run['id']}/{pb.vendor_id}"
    assert rows[ref_a]["amount"] == f"{owed_a // 100}.{owed_a % 100:02d}"
    seeded = {v["id"]: v for v in seeding.load_data()["vendors"]}
    assert rows[ref_a]["account_number"] == seeded[pa1.vendor_id]["bank"]["account_number"]
    assert rows[ref_a]["ifsc"] == seeded[pa1.vendor_id]["bank"]["ifsc"]
    assert run["id"] in rows[ref_a]["narration"] and pa1.vendor_id in rows[ref_a]["narration"]
    assert sum(int(l["amount_paise"]) for l in approved["lines"]) == approved["amount_paise"]

    answer = [[ref_a, "paid", "SBIN326112345678", rows[ref_a]["amount"], ""],
              [ref_b, "failed", "", rows[ref_b]["amount"], "account closed"],
              [f"{run['id']}/v-nobody", "paid", "SBIN326199999999", "1.00", ""],
              [ref_a, "paid", "SBIN326112345678", "1.00", ""],
              [ref_a, "bounced", "", "", ""]]
    status, report = respond(client, second, run["id"], answer)
    assert status == 200, report
    outcomes = [(r["outcome"], r.get("code")) for r in report["rows"]]
    assert outcomes == [("paid", None), ("failed", None), ("refused", "unknown_line"),
                        ("refused", "amount_mismatch"), ("refused", "bad_status")]
    assert balance(pa1.vendor_id) == before_a - owed_a
    payout = next(e for e in repo.ledger(pa1.vendor_id) if e.kind == "payout")
    assert int(payout.amount_paise) == -owed_a and payout.parcel_id == "SBIN326112345678"

    # the same file again changes nothing
    status, again = respond(client, second, run["id"], answer)
    assert [(r["outcome"], r.get("code")) for r in again["rows"]][:2] == \
        [("unchanged", None), ("unchanged", None)]
    assert balance(pa1.vendor_id) == before_a - owed_a
    status, closed = call(client, "GET", f"/admin/payout-runs/{run['id']}", first)
    assert closed["status"] == "closed"
    assert {l["vendor_id"]: l["status"] for l in closed["lines"]}[pb.vendor_id] == "failed"

    # the failed line is payable again; a return after payout is recovered from the next run
    ledger.reverse(pa2)
    pa3 = delivered(a, 3)
    status, run2 = call(client, "POST", "/admin/payout-runs", second, body="{}")
    assert status == 201, run2
    lines2 = {l["vendor_id"]: l for l in run2["lines"]}
    assert lines2[pb.vendor_id]["amount_paise"] == owed_b
    assert lines2[pa1.vendor_id]["amount_paise"] == net_of(pa3) - net_of(pa2)
    status, body = call(client, "POST", f"/admin/payout-runs/{run2['id']}/approve", first)
    assert status == 200
    # a UTR is used once, ever
    status, report = respond(client, first, run2["id"], [
        [f"{run2['id']}/{pb.vendor_id}", "paid", "SBIN326112345678",
         f"{owed_b // 100}.{owed_b % 100:02d}", ""]])
    assert report["rows"][0]["code"] == "duplicate_utr", report


def test_a_return_after_payout_larger_than_the_next_credits_is_carried(client, officials, no_hold):
    first, second = officials
    _, _, c = three_makers()
    parcel = delivered(c, 2)
    status, run = call(client, "POST", "/admin/payout-runs", first, body="{}")
    assert status == 201, run
    call(client, "POST", f"/admin/payout-runs/{run['id']}/approve", second)
    line = next(l for l in run["lines"] if l["vendor_id"] == parcel.vendor_id)
    amount = f"{line['amount_paise'] // 100}.{line['amount_paise'] % 100:02d}"
    status, _ = respond(client, second, run["id"], [
        [f"{run['id']}/{parcel.vendor_id}", "paid", "UTIB326100000001", amount, ""]]
        + [[f"{run['id']}/{l['vendor_id']}", "failed", "", "", "test"]
           for l in run["lines"] if l["vendor_id"] != parcel.vendor_id])
    ledger.reverse(parcel)
    before = balance(parcel.vendor_id)
    assert ledger.earnings(parcel.vendor_id)["payable_paise"] == -net_of(parcel)
    status, body = call(client, "POST", "/admin/payout-runs", first, body="{}")
    held = body["held"] if status == 201 else body["error"]["details"]
    mine = next(h for h in held if h["vendor_id"] == parcel.vendor_id)
    assert mine["reason"] == "negative_balance" and mine["amount_paise"] == -net_of(parcel)
    if status == 201:   # other makers' failed lines came back: approve, so no run stays open
        call(client, "POST", f"/admin/payout-runs/{body['id']}/approve", second)
    assert balance(parcel.vendor_id) == before      # carried, never lost


def test_nothing_payable_is_a_409_and_leaves_no_run_open(client, officials):
    first, _ = officials
    status, body = call(client, "POST", "/admin/payout-runs", first,
                        body=json.dumps({"cutoff": "2020-01-01T00:00:00Z"}))
    assert status == 409 and body["error"]["code"] == "nothing_payable", body
    status, body = call(client, "POST", "/admin/payout-runs", first,
                        body=json.dumps({"cutoff": "2020-01-01T00:00:00Z"}))
    assert body["error"]["code"] == "nothing_payable"


def test_only_admins_reach_payout_runs(client):
    maker = accounts.token(client, "payout-maker@test.in", PASSWORD, "vendors")
    for method, path in (("GET", "/admin/payout-runs"), ("POST", "/admin/payout-runs")):
        status, _ = call(client, method, path, maker, body="{}" if method == "POST" else None)
        assert status == 403


def test_statements_and_tax_workings_agree_with_the_bank_file(client, officials, no_hold):
    """One maker's month, three ways: the statement, GSTR-8 and 26Q read the same entries
    the bank file paid, to the paisa."""
    first, second = officials
    a, _, _ = three_makers()
    vendor_id = a[0]["vendor"]
    month = day_of()[:7]
    status, before = call(client, "GET", f"/admin/tax/gstr8?month={month}", first)
    assert status == 200, before
    parcels = [delivered(a), delivered(a, 2)]
    status, run = call(client, "POST", "/admin/payout-runs", first, body="{}")
    assert status == 201, run
    call(client, "POST", f"/admin/payout-runs/{run['id']}/approve", second)
    rows = {r["reference"]: r for r in bank_file(run)}
    answer = [[ref, "paid", f"HDFC3261{n:08d}", row["amount"], ""]
              for n, (ref, row) in enumerate(rows.items(), start=900)]
    status, report = respond(client, second, run["id"], answer)
    assert report["paid"] == len(answer), report
    paid_a = int(rows[f"{run['id']}/{vendor_id}"]["amount"].replace(".", ""))

    credits = [e for e in repo.ledger(vendor_id) if e.parcel_id in {p.id for p in parcels}]
    status, after = call(client, "GET", f"/admin/tax/gstr8?month={month}", first)
    row = lambda data: next((r for r in data["suppliers"] + data["unregistered"]  # noqa: E731
                             if r["vendor_id"] == vendor_id), None)
    old = row(before) or {"net_paise": 0, "cgst_paise": 0, "sgst_paise": 0, "igst_paise": 0}
    assert row(after)["net_paise"] - old["net_paise"] == sum(int(e.taxable_paise) for e in credits)
    assert row(after)["cgst_paise"] - old["cgst_paise"] == sum(int(e.tcs_cgst_paise) for e in credits)
    assert after["csv_url"].startswith("http")

    statement = statements.monthly(vendors.get(vendor_id), month)
    paid = next(p for p in statement["payouts"] if p["run_id"] == run["id"])
    assert paid["amount_paise"] == paid_a == paid["figures"]["net_paise"]
    one = statements.payout(vendors.get(vendor_id), run["id"])
    assert one["utr"] == paid["utr"] and one["figures"] == paid["figures"]
    assert sum(p["net_paise"] for p in one["parcels"]) == paid_a
    assert {p["parcel_id"] for p in one["parcels"]} >= {p.id for p in parcels}
    for p in one["parcels"]:
        assert p["net_paise"] == p["gross_paise"] - p["returned_paise"] - p["commission_paise"] - \
            p["commission_gst_paise"] - p["tcs_paise"] - p["tds_paise"]
    f = statement["figures"]
    assert f["net_paise"] == f["gross_paise"] - f["returned_paise"] - f["commission_paise"] - \
        f["commission_gst_paise"] - statement["tcs_paise"] - f["tds_paise"]
    assert f["tcs_cgst_paise"] == row(after)["cgst_paise"]
    text = statements.as_html(statement)
    assert "कमाई का विवरण" in text and "Statement of earnings" in text and run["id"] in text
    assert statements.as_csv(statement).count("\r\n") >= len(statements.ROWS) + 3

    quarter = f"{taxrules.financial_year(date.fromisoformat(day_of()))}-" \
              f"{taxrules.quarter(date.fromisoformat(day_of()))}"
    status, tds = call(client, "GET", f"/admin/tax/tds?quarter={quarter}", first)
    assert status == 200, tds
    pan = vendors.get(vendor_id).pan
    mine = next(d for d in tds["deductees"] if d["pan"] == pan)
    assert mine["tds_paise"] >= f["tds_paise"] and vendor_id in mine["vendors"]
    status, body = call(client, "GET", "/admin/tax/tds?quarter=2026-Q3", first)
    assert status == 400


def test_the_monthly_tax_workings_are_stored_and_mailed(client, no_hold):
    """On the 2nd: last month's GSTR-8 and, after December, the quarter's 26Q, in the
    reports bucket and in the office's mail."""
    from chalicelib.payouts import taxworkings
    from tests.unit.test_mail import sent_to
    office = config.settings().admin_emails[0]
    before = len(sent_to(office))
    done = taxworkings.monthly_mail("2027-01-02")
    assert done == {"month": "2026-12", "gstr8": "tax/gstr8-2026-12.csv",
                    "tds": "tax/tds-FY2026-27-Q3.csv", "mailed": 1}
    s3 = boto3.client("s3")
    for key in (done["gstr8"], done["tds"]):
        body = s3.get_object(Bucket=config.settings().reports_bucket, Key=key)["Body"].read()
        assert body.startswith(b"month,gstin" if "gstr8" in key else b"quarter,pan")
    mail = sent_to(office)[before]
    assert "2026-12" in mail.subject and "GSTR-8" in mail.body and "26Q" in mail.body
    assert taxworkings.monthly_mail("2026-12-02")["tds"] is None      # November ends no quarter
