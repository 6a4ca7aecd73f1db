"""Reviews, complaints and scorecards on the running local stack, through the API as the
order page, the portal and the desk call it: verified buyers only, the office's decisions,
refunds at localstripe, the maker's ledger taken back in part, the books balanced."""
from __future__ import annotations

import pytest

from tests.integration import books
from tests.integration.faults import balanced
from tests.integration.quality_flow import (buy, deliver, facilitated_maker, facilitator,
                                            first_line, office, upload)
from tests.integration.shopping import call, status_of

pytestmark = pytest.mark.usefixtures("runner_back")
HOSTILE = '<img src=x onerror=alert(1)><script>alert("x")</script> बहुत सुंदर'


@pytest.fixture(scope="module")
def people(api, stack):
    f = facilitator(stack)
    return {"office": office(stack), "facilitator": f["token"],
            "maker": facilitated_maker(api, f["token"])}


def _code(r) -> str:
    return r.json()["error"]["code"]


def test_a_verified_buyer_reviews_the_office_publishes_the_product_shows_it(
        api, stack, people, stripe_client):
    baseline = books.snapshot(stack, stripe_client)
    maker, fac = people["maker"], people["facilitator"]
    created = buy(api, stripe_client, maker, perishable=False)
    line = first_line(api, created)
    assert (line["can_review"], line["delivered_at"]) == (False, None)
    r = call(api, "POST", f"/orders/{created['order_id']}/reviews",
             order_token=created["order_token"],
             json={"line_id": line["line_id"], "rating": 4, "text": "अच्छा"})
    assert r.status_code == 409 and _code(r) == "not_delivered", r.text
    deliver(api, created, fac, maker)
    line = first_line(api, created)
    assert line["can_review"] and line["can_complain"] and line["delivered_at"]
    shot = upload(api, created, line["line_id"], "review")
    assert shot["status"] == "ready" and shot["url"], shot
    fake = upload(api, created, line["line_id"], "review", b"%PDF-1.4\n" + b"0" * 4000)
    assert fake["status"] == "rejected" and fake["reason"]["en"], fake
    product_id = line["product_id"]
    before = call(api, "GET", f"/products/{product_id}").json()["rating"] or {"count": 0}

    body = {"line_id": line["line_id"], "rating": 4, "text": HOSTILE,
            "photos": [shot["upload_id"]]}
    r = call(api, "POST", f"/orders/{created['order_id']}/reviews", order_token="wrong",
             json=body)
    assert r.status_code == 404 and _code(r) == "order_not_found"
    r = call(api, "POST", f"/orders/{created['order_id']}/reviews",
             order_token=created["order_token"], json={**body, "photos": [fake["upload_id"]]})
    assert r.status_code == 400 and _code(r) == "photo_not_ready", r.text
    r = call(api, "POST", f"/orders/{created['order_id']}/reviews",
             order_token=created["order_token"], json=body)
    assert r.status_code == 201, r.text
    review = r.json()
    assert (review["status"], review["text"], review["author"]) == \
        ("pending", HOSTILE, {"name": "Asha", "town": "Deoghar"})
    r = call(api, "POST", f"/orders/{created['order_id']}/reviews",
             order_token=created["order_token"], json=body)
    assert r.status_code == 409 and _code(r) == "already_reviewed"

    waiting = call(api, "GET", "/admin/reviews?status=pending", people["office"]).json()
    assert review["id"] in [x["id"] for x in waiting["items"]]
    r = call(api, "POST", f"/admin/reviews/{review['id']}/decision", people["office"],
             json={"action": "reject"})
    assert r.status_code == 400 and _code(r) == "reason_required"
    r = call(api, "POST", f"/admin/reviews/{review['id']}/decision", people["office"],
             json={"action": "publish"})
    assert r.status_code == 200 and r.json()["status"] == "published", r.text
    r = call(api, "POST", f"/admin/reviews/{review['id']}/decision", people["office"],
             json={"action": "publish"})
    assert r.status_code == 409 and _code(r) == "already_decided"

    rating = call(api, "GET", f"/products/{product_id}").json()["rating"]
    assert rating["count"] == before["count"] + 1
    shown = call(api, "GET", f"/products/{product_id}/reviews").json()
    mine = next(x for x in shown["items"] if x["id"] == review["id"])
    assert mine["text"] == HOSTILE and mine["photos"][0]["url"] and "line_id" not in mine
    assert set(mine["author"]) == {"name", "town"}
    assert any(x["id"] == review["id"] for x in
               call(api, "GET", f"/vendors/{maker}/reviews").json()["items"])

    r = call(api, "POST", f"/vendor/reviews/{review['id']}/answer?vendor_id={maker}", fac,
             json={"text": "धन्यवाद!"})
    assert r.status_code == 200 and r.json()["answer"]["text"] == "धन्यवाद!", r.text
    r = call(api, "POST", f"/vendor/reviews/{review['id']}/answer?vendor_id={maker}", fac,
             json={"text": "again"})
    assert r.status_code == 409 and _code(r) == "already_answered"
    card = call(api, "GET", f"/vendor/scorecard?vendor_id={maker}", fac).json()
    assert card["rating"]["count"] >= 1 and card["orders"] >= 1
    balanced(stack, stripe_client, baseline)


def test_a_complaint_answered_then_refunded_in_part_takes_back_the_makers_credit(
        api, stack, people, stripe_client):
    baseline = books.snapshot(stack, stripe_client)
    maker, fac, desk = people["maker"], people["facilitator"], people["office"]
    before = call(api, "GET", f"/vendor/scorecard?vendor_id={maker}", fac).json()
    created = buy(api, stripe_client, maker, quantity=2, perishable=False)
    deliver(api, created, fac, maker)
    line = first_line(api, created)
    shot = upload(api, created, line["line_id"], "complaint")
    body = {"line_id": line["line_id"], "reason": "damaged", "text": HOSTILE,
            "photos": [shot["upload_id"]], "wants": "refund"}
    r = call(api, "POST", f"/orders/{created['order_id']}/complaints",
             order_token=created["order_token"], json=body)
    assert r.status_code == 201, r.text
    complaint = r.json()
    assert complaint["status"] == "open" and complaint["photos"][0]["url"]
    r = call(api, "POST", f"/orders/{created['order_id']}/complaints",
             order_token=created["order_token"], json=body)
    assert r.status_code == 409 and _code(r) == "already_complained"
    r = call(api, "POST", f"/admin/complaints/{complaint['id']}/decision", desk,
             json={"refund_paise": 100, "note": "too early"})
    assert r.status_code == 409 and _code(r) == "awaiting_maker"

    mine = call(api, "GET", f"/vendor/complaints?vendor_id={maker}", fac).json()["items"]
    seen = next(x for x in mine if x["id"] == complaint["id"])
    assert seen["text"] == HOSTILE and "refund_to" not in seen and "address" not in seen
    r = call(api, "POST", f"/vendor/complaints/{complaint['id']}/answer?vendor_id={maker}", fac,
             json={"text": "पैकिंग और मज़बूत करेंगे"})
    assert r.status_code == 200 and r.json()["status"] == "answered", r.text

    listed = call(api, "GET", "/admin/complaints?status=answered", desk).json()["items"]
    mine = next(x for x in listed if x["id"] == complaint["id"])
    line_total = mine["line_total_paise"]
    assert mine["refundable_paise"] == line_total
    r = call(api, "POST", f"/admin/complaints/{complaint['id']}/decision", desk,
             json={"refund_paise": line_total + 1, "note": "too much"})
    assert r.status_code == 400 and _code(r) == "refund_too_large"
    part = line_total // 2
    r = call(api, "POST", f"/admin/complaints/{complaint['id']}/decision", desk,
             json={"refund_paise": part, "collect": False, "note": "one bangle broken"})
    assert r.status_code == 200, r.text
    decided = r.json()
    assert (decided["status"], decided["refund"]["status"]) == ("closed", "issued")

    order = status_of(api, created)
    assert order["refunded_paise"] == part
    intent = order["payment_intent_id"] if "payment_intent_id" in order else None
    refunds = [x for x in stripe_client.v1.refunds.list(params={"limit": 100}).auto_paging_iter()
               if x.amount == part and (intent is None or x.payment_intent == intent)]
    assert refunds, "localstripe has no refund of the decided amount"
    ledger = call(api, "GET", f"/vendor/payouts?vendor_id={maker}", fac).json()["entries"]
    taken = [e for e in ledger if e["kind"] == "debit_complaint"
             and e["order_id"] == created["order_id"]]
    assert len(taken) == 1 and taken[0]["gross_paise"] == -part
    after = call(api, "GET", f"/vendor/scorecard?vendor_id={maker}", fac).json()
    assert after["complaints"] == before["complaints"] + 1
    assert {"reason": "damaged"}.items() <= after["top_reasons"][0].items()
    assert any(c["id"] == complaint["id"] for c in after["said"]["complaints"])
    listed = call(api, "GET", "/facilitator/scorecards", fac).json()["items"]
    assert listed[0]["flags"] and listed[0]["vendor_id"] == maker
    flagged = call(api, "GET", "/admin/scorecards", desk).json()["items"]
    assert maker in [c["vendor_id"] for c in flagged]
    balanced(stack, stripe_client, baseline)


def test_cash_on_delivery_refund_is_owed_then_paid_and_the_courier_collects_it(
        api, stack, people, stripe_client):
    baseline = books.snapshot(stack, stripe_client)
    maker, fac, desk = people["maker"], people["facilitator"], people["office"]
    created = buy(api, stripe_client, maker, method="cod", perishable=False)
    deliver(api, created, fac, maker)
    line = first_line(api, created)
    body = {"line_id": line["line_id"], "reason": "not_as_described", "text": "रंग अलग है",
            "wants": "return"}
    r = call(api, "POST", f"/orders/{created['order_id']}/complaints",
             order_token=created["order_token"], json=body)
    assert r.status_code == 400 and _code(r) == "refund_account_required"
    r = call(api, "POST", f"/orders/{created['order_id']}/complaints",
             order_token=created["order_token"], json={**body, "refund_to": {"upi_id": "bad"}})
    assert r.status_code == 400, r.text
    r = call(api, "POST", f"/orders/{created['order_id']}/complaints",
             order_token=created["order_token"],
             json={**body, "refund_to": {"upi_id": "asha.kumari@okaxis"}})
    assert r.status_code == 201, r.text
    cid = r.json()["id"]
    call(api, "POST", f"/vendor/complaints/{cid}/answer?vendor_id={maker}", fac,
         json={"text": "वापस भेज दें"})
    r = call(api, "POST", f"/admin/complaints/{cid}/decision", desk,
             json={"refund_paise": line["line_total_paise"], "collect": True,
                   "note": "return and full refund"})
    assert r.status_code == 200, r.text
    decided = r.json()
    assert decided["status"] == "refund_pending" and decided["refund"]["status"] == "to_pay"
    assert decided["refund_to"] == {"upi_id": "as***@okaxis"}
    assert decided["return_shipment"]["tracking_number"]
    balanced(stack, stripe_client, baseline)      # owed to the buyer, not yet paid
    r = call(api, "POST", f"/admin/complaints/{cid}/refund-paid", desk,
             json={"reference": "UTR123456789"})
    assert r.status_code == 200 and r.json()["status"] == "closed", r.text
    r = call(api, "POST", f"/admin/complaints/{cid}/refund-paid", desk,
             json={"reference": "UTR123456789"})
    assert r.status_code == 409 and _code(r) == "not_refund_pending"
    from tests.integration.waiting import wait_for
    back = wait_for(lambda: (lambda c: c if c["return_shipment"]["status"] == "delivered"
                             else None)(first_line(api, created)["complaint"]), timeout=60,
                    what="the item back with its maker")
    assert back["refund"]["status"] == "paid"
    assert status_of(api, created)["refunded_paise"] == line["line_total_paise"]
    balanced(stack, stripe_client, baseline)


def test_peda_takes_only_damage_with_a_photo(api, stack, people, stripe_client):
    fac = people["facilitator"]
    maker = facilitated_maker(api, fac, perishable=True)
    created = buy(api, stripe_client, maker, perishable=True)
    deliver(api, created, fac, maker)
    line = first_line(api, created)
    assert line["complaint_rule"] == {"reasons": ["damaged"], "photo_required": True,
                                      "window_hours": 48}
    base = {"line_id": line["line_id"], "text": "खराब", "wants": "refund"}
    r = call(api, "POST", f"/orders/{created['order_id']}/complaints",
             order_token=created["order_token"], json={**base, "reason": "quality"})
    assert r.status_code == 400 and _code(r) == "reason_not_allowed", r.text
    r = call(api, "POST", f"/orders/{created['order_id']}/complaints",
             order_token=created["order_token"], json={**base, "reason": "damaged"})
    assert r.status_code == 400 and _code(r) == "photo_required", r.text


def test_a_maker_who_cannot_send_a_parcel_cancels_it_and_the_buyer_is_refunded(
        api, stack, people, stripe_client):
    baseline = books.snapshot(stack, stripe_client)
    maker, fac = people["maker"], people["facilitator"]
    before = call(api, "GET", f"/vendor/scorecard?vendor_id={maker}", fac).json()
    created = buy(api, stripe_client, maker)
    from tests.integration.faults import reached
    order = reached(api, created, "paid", booked=True)
    parcel = order["parcels"][0]["id"]
    r = call(api, "POST", f"/vendor/parcels/{parcel}/cancel?vendor_id={maker}", fac,
             json={"reason": "भट्ठी टूट गई"})
    assert r.status_code == 200 and r.json()["status"] == "cancelled", r.text
    r = call(api, "POST", f"/vendor/parcels/{parcel}/cancel?vendor_id={maker}", fac,
             json={"reason": "again"})
    assert r.status_code == 409 and _code(r) == "not_cancellable"
    order = status_of(api, created)
    assert order["status"] == "cancelled" and order["refunded_paise"] == order["total_paise"]
    after = call(api, "GET", f"/vendor/scorecard?vendor_id={maker}", fac).json()
    assert after["cancelled_by_maker"] == before["cancelled_by_maker"] + 1
    balanced(stack, stripe_client, baseline)
