"""Payouts on the running local stack, as the desk and the bank do them over HTTP: orders
delivered, a run prepared (closing one another test left open), the bank's response.
Shared by test_payouts.py and test_story_payouts.py."""
from __future__ import annotations

import csv
import io

from tests.integration.faults import pack_all, place, reached
from tests.integration.shopping import call, pay


def rupees(paise: int) -> str:
    return f"{paise // 100}.{paise % 100:02d}"


def respond(api, token, run_id, rows) -> dict:
    out = io.StringIO()
    csv.writer(out).writerows([["reference", "status", "utr", "amount", "reason"], *rows])
    r = call(api, "POST", f"/admin/payout-runs/{run_id}/bank-response", token,
             data=out.getvalue().encode(), headers={"Content-Type": "text/csv"})
    assert r.status_code == 200, r.text
    return r.json()


def prepare(api, officials, by: int) -> dict:
    """A run prepared by official `by`; a run another test left open (the fuzz test prepares
    some) is approved by the other official and answered `failed`, so its entries come back."""
    for _ in range(2):
        r = call(api, "POST", "/admin/payout-runs", officials[by], json={})
        if r.status_code == 201:
            return r.json()
        assert r.status_code == 409 and r.json()["error"]["code"] == "run_open", r.text
        stale = r.json()["error"]["details"][0]["run_id"]
        for token in officials:
            approved = call(api, "POST", f"/admin/payout-runs/{stale}/approve", token)
            if approved.status_code == 200:
                break
        respond(api, officials[0], stale, [[f"{stale}/{l['vendor_id']}", "failed", "", "",
                                            "closed by the test"]
                                           for l in approved.json()["lines"]])
    raise AssertionError("could not prepare a payout run")


def payouts(api, seller) -> dict:
    r = call(api, "GET", "/vendor/payouts", seller["token"])
    assert r.status_code == 200, r.text
    return r.json()


def delivered(api, stack, sellers, stripe_client, method, quantity=1) -> dict:
    created = place(api, sellers, method, quantity)
    if method == "card":
        assert pay(api, stripe_client, created).status_code == 200
    order = reached(api, created, "paid" if method == "card" else "confirmed", booked=True)
    pack_all(api, sellers, order)
    return reached(api, created, "completed")
