"""Delivery without a courier contract (COURIER_MODE=manual; moto in-process): the maker,
their facilitator or the office records the handover and the outcome through the API,
with the same states, timeline, mails, counters and ledger as the courier's webhook."""
from __future__ import annotations

import json

import pytest

from chalicelib import config
from chalicelib.errors import InvalidInput
from chalicelib.orders import courier, delivery, reconcile
from chalicelib.orders import repository as repo
from tests.unit import accounts
from tests.unit.test_figures import (accept_all, confirm, diff, place, snapshot, three_makers)
from tests.unit.test_mail import sent_to

SHOPPER = "ravi@example.in"
GOOD_S10 = "EE473124829IN"       # UPU's worked example: 47312482 -> check digit 9
PASSWORD = "Manual@Deoghar2026"


@pytest.fixture
def manual_mode(monkeypatch, request):
    monkeypatch.setenv("COURIER_MODE", "manual")
    config.reset()
    request.addfinalizer(config.reset)   # settings are read again once monkeypatch undoes


def manual_parcel(maker: int = 0):
    """A confirmed COD order of one maker, dispatched in manual mode: no booking (a booking
    would reach for the courier's API, and unit tests have no network)."""
    (p, v, _) = three_makers()[maker]
    order = place([(p, v, 1)], "cod")
    confirm(order, "confirmed")
    parcel = repo.parcels_of(order.id)[0]
    delivery.dispatch({"parcel_id": parcel.id, "order_id": order.id}, "http://unused/")
    parcel.refresh()
    return order, parcel


def who(client, name: str, group: str, vendor_id: str | None, role: str = "owner") -> dict:
    email = f"{name}@manual.example.in"
    accounts.make_user(email, PASSWORD, group, vendor_id, role)
    return {"Authorization": "Bearer " + accounts.login(client, email, PASSWORD)["id_token"],
            "Content-Type": "application/json"}


def post(client, path: str, headers: dict, body: dict | None = None):
    r = client.http.post(path, headers=headers, body=json.dumps(body or {}))
    return r.status_code, json.loads(r.body or b"null")


def code(reply) -> str:
    return reply[1]["error"]["code"]


def credits(parcel) -> list:
    return [e for e in repo.ledger(parcel.vendor_id) if e.parcel_id == parcel.id]


# --- tracking numbers ---------------------------------------------------------------

@pytest.mark.parametrize("raw,stored", [(GOOD_S10, GOOD_S10), ("ee 473 124 829 in", GOOD_S10),
                                        ("EE123456785IN", "EE123456785IN"),
                                        ("RR000000005IN", "RR000000005IN")])
def test_india_post_numbers_pass_their_s10_check(raw, stored):
    assert courier.tracking_number(True, raw) == stored


@pytest.mark.parametrize("raw,error", [("EE473124828IN", "tracking_check_digit"),
                                       ("EE47312482IN", "invalid_tracking_number"),
                                       ("E1473124829IN", "invalid_tracking_number"),
                                       ("EE473124829US", "invalid_tracking_number"),
                                       ("", "invalid_tracking_number")])
def test_india_post_numbers_that_are_not(raw, error):
    with pytest.raises(InvalidInput) as e:
        courier.tracking_number(True, raw)
    assert e.value.code == error


def test_s10_check_digits_10_and_11():
    assert courier.s10_check_digit("00000001") == 4        # 11 - 7
    assert courier.s10_check_digit("00000000") == 5        # 11 -> 5
    assert courier.s10_check_digit("00004000") == 0        # 4 * 3 = 12, 11 - 1 = 10 -> 0


@pytest.mark.parametrize("raw,ok", [("DTDC-12345678", True), ("1234567890", True),
                                    ("AB12", False), ("X" * 31, False), ("<script>", False),
                                    ("12345-", False)])
def test_other_couriers_numbers(raw, ok):
    if ok:
        assert courier.tracking_number(False, raw) == raw.upper()
    else:
        with pytest.raises(InvalidInput):
            courier.tracking_number(False, raw)


# --- the setting --------------------------------------------------------------------

def test_the_mode_defaults_to_the_simulator_locally_and_the_api_elsewhere(aws, monkeypatch):
    try:
        monkeypatch.delenv("COURIER_MODE", raising=False)
        config.reset()
        assert config.settings().courier_mode == ("simulator" if config.settings().stage == "local"
                                                  else "http")
        monkeypatch.setenv("STAGE", "prod")
        config.reset()
        assert config.settings().courier_mode == "http"
        monkeypatch.setenv("COURIER_MODE", "Manual")
        config.reset()
        assert config.settings().courier_mode == "manual"
        monkeypatch.setenv("COURIER_MODE", "pigeon")
        config.reset()
        with pytest.raises(config.ConfigError, match="COURIER_MODE"):
            config.settings()
    finally:
        monkeypatch.undo()
        config.reset()


# --- the flow through the API ---------------------------------------------------------

def test_a_maker_hands_over_and_delivers_by_hand(client, manual_mode, monkeypatch):
    from chalicelib.orders import notify
    told = []   # the seeded makers have no e-mail address: count the maker's mails asked for
    send = notify.vendor_new_parcel
    monkeypatch.setattr(notify, "vendor_new_parcel", lambda v, p: told.append(p.id) or send(v, p))
    order, parcel = manual_parcel()
    assert (parcel.status, parcel.courier, parcel.tracking_number) == (
        "awaiting_pickup", "manual", None)
    # the maker's "new parcel to pack" went once, also when the dispatch message comes again
    delivery.dispatch({"parcel_id": parcel.id, "order_id": order.id}, "http://unused/")
    assert told == [parcel.id]
    before = snapshot()
    mails_before = len(sent_to(SHOPPER))
    maker = who(client, "maker-a", "vendors", parcel.vendor_id)
    base = f"/vendor/parcels/{parcel.id}"

    # packed works without a tracking number (nobody is called)
    assert client.http.post(base + "/packed", headers=maker).status_code == 200
    # an outcome before the handover, numbers that are not numbers, a missing courier name
    assert code(post(client, base + "/outcome", maker, {"status": "delivered"})) == "not_handed_over"
    assert code(post(client, base + "/handover", maker, {
        "courier": "india_post", "tracking_number": "EE473124828IN"})) == "tracking_check_digit"
    assert code(post(client, base + "/handover", maker, {
        "courier": "other", "tracking_number": "DTDC-1234567"})) == "courier_name_required"
    assert post(client, base + "/handover", maker, {
        "courier": "pigeon", "tracking_number": GOOD_S10})[0] == 400

    status, view = post(client, base + "/handover", maker, {
        "courier": "india_post", "tracking_number": "ee473124829in"})
    assert status == 200, view
    assert (view["status"], view["tracking_number"], view["courier_name"], view["by_hand"]) == (
        "picked_up", GOOD_S10, "India Post", True)
    assert [(e["status"], e["by"]) for e in view["timeline"]] == [("picked_up", "maker")]
    shipped = sent_to(SHOPPER)[mails_before:]
    assert len(shipped) == 1 and f"{GOOD_S10} (India Post)" in shipped[0].body

    # the same handover again changes nothing; another number is refused
    assert post(client, base + "/handover", maker, {
        "courier": "india_post", "tracking_number": GOOD_S10})[0] == 200
    assert code(post(client, base + "/handover", maker, {
        "courier": "india_post", "tracking_number": "EE123456785IN"})) == "already_handed_over"

    status, view = post(client, base + "/outcome", maker, {"status": "delivered"})
    assert status == 200 and view["status"] == "delivered", view
    assert post(client, base + "/outcome", maker, {"status": "delivered"})[0] == 200  # again
    assert len(credits(parcel)) == 1 and credits(parcel)[0].kind == "credit_delivery"
    order.refresh()
    assert order.status == "completed"
    kinds = [m.subject for m in sent_to(SHOPPER)[mails_before:]]
    assert len(kinds) == 2 and "delivered" in kinds[1]
    moved = diff(snapshot()["delivery"], before["delivery"])
    assert (moved["dispatched"], moved["delivered"]) == (1, 1), moved

    # what the shopper's order page shows
    from chalicelib.orders import checkout
    p = checkout.order_view(order)["parcels"][0]
    assert (p["courier_name"], p["tracking_number"]) == ("India Post", GOOD_S10)
    assert [e["status"] for e in p["timeline"]] == ["picked_up", "delivered"]


def test_a_facilitator_records_for_the_maker_and_nobody_else_can(client, manual_mode):
    _, parcel = manual_parcel(1)
    base = f"/vendor/parcels/{parcel.id}"
    body = {"courier": "other", "courier_name": "Shree Maruti", "tracking_number": "SM-88001234"}
    stranger = who(client, "maker-b", "vendors", three_makers()[2][0]["vendor"])
    assert code(post(client, base + "/handover", stranger, body)) == "parcel_not_found"
    helper = who(client, "block-official", "facilitators", parcel.vendor_id, role="facilitator")
    other_helper = who(client, "other-official", "facilitators", None)
    assert post(client, f"{base}/handover?vendor_id={parcel.vendor_id}", other_helper,
                body)[0] == 404
    status, view = post(client, f"{base}/handover?vendor_id={parcel.vendor_id}", helper, body)
    assert status == 200 and view["timeline"][-1]["by"] == "facilitator", view
    assert view["courier_name"] == "Shree Maruti"


def test_the_office_sees_parcels_without_tracking_and_records_returns(client, manual_mode,
                                                                      monkeypatch):
    _, parcel = manual_parcel(2)
    office = who(client, "office", "admins", None)
    monkeypatch.setenv("PICKUP_DEADLINE_HOURS", "0")
    monkeypatch.setenv("DISPATCH_DEADLINE_SECONDS", "0")
    config.reset()
    r = json.loads(client.http.get("/admin/parcels/overdue?limit=100", headers=office).body)
    assert parcel.id in [p["id"] for p in r["items"]]
    assert all(p["tracking_number"] is None for p in r["items"])
    stuck = reconcile.run()["stuck"]
    assert {"parcel_id": parcel.id, "vendor_id": parcel.vendor_id,
            "problem": "no tracking number for 0 hours", "packed": False} in stuck
    parcel.refresh()
    assert parcel.tracking_number is None      # not booked again with any courier

    base = f"/admin/parcels/{parcel.id}"
    assert post(client, base + "/handover", office, {
        "courier": "india_post", "tracking_number": GOOD_S10})[0] == 200
    r = json.loads(client.http.get("/admin/parcels/overdue?limit=100", headers=office).body)
    assert parcel.id not in [p["id"] for p in r["items"]]
    assert post(client, base + "/outcome", office, {"status": "delivered"})[0] == 200
    status, view = post(client, base + "/outcome", office, {"status": "returned"})
    assert status == 200 and view["status"] == "returned"
    post(client, base + "/outcome", office, {"status": "returned"})
    assert sorted(e.kind for e in credits(parcel)) == ["credit_delivery", "debit_refund"]
    assert sum(int(e.amount_paise) for e in credits(parcel)) == 0
    assert code(post(client, base + "/outcome", office, {"status": "delivered"})) == "parcel_closed"
    assert [e["by"] for e in view["timeline"]] == ["office", "office", "office"]
    assert client.http.get("/admin/parcels/o-nope-p1", headers=office).status_code == 404


def test_a_parcel_the_courier_api_carries_is_not_recorded_by_hand(client):
    (p, v, _) = three_makers()[0]
    order = place([(p, v, 1)], "cod")
    confirm(order, "confirmed")
    assert all(accept_all(order))
    parcel = repo.parcels_of(order.id)[0]
    repo.set_fields(parcel, tracking_number="DMC" + parcel.id[-6:].upper(),
                    courier=courier.HttpCourier.name)
    maker = who(client, "maker-c", "vendors", parcel.vendor_id)
    assert code(post(client, f"/vendor/parcels/{parcel.id}/outcome", maker,
                     {"status": "delivered"})) == "not_manual"
