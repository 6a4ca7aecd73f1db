"""Events that arrive late or out of order count once and never undo what was done
(moto in-process; found by the fault tests in tests/integration/test_faults.py)."""
from __future__ import annotations

from chalicelib.payments.stripe_gateway import payment_of
from chalicelib.orders import lifecycle
from chalicelib.orders import repository as repo
from tests.unit.test_figures import (accept_all, confirm, courier, diff, paid, place, snapshot,
                                     three_makers)


def cod_parcel_with_the_courier():
    """A COD order of one maker, confirmed, its parcel accepted and booked."""
    (p, v, _), _, _ = three_makers()
    order = place([(p, v, 1)], "cod")
    confirm(order, "confirmed")
    assert all(accept_all(order))
    parcel = repo.parcels_of(order.id)[0]
    repo.set_fields(parcel, tracking_number="T-" + parcel.id)
    return order, parcel


def crash_after_the_move(monkeypatch, step: str, parcel, status: str, n: int) -> None:
    """The courier's event `n` moves the parcel to `status`, then the handler dies (a
    Lambda timing out) before `step` of chalicelib/orders/delivery.py has run."""
    import pytest

    from chalicelib.orders import delivery

    def crash(parcel):
        raise RuntimeError("Lambda timed out")

    with monkeypatch.context() as m:
        m.setattr(delivery, step, crash)
        with pytest.raises(RuntimeError):
            courier(parcel, status, n)


def test_a_late_payment_webhook_leaves_a_refunded_order_refunded(client):
    """Stripe's webhook reached us after the order was cancelled and its payment refunded
    (the payment timeout found the payment at Stripe). The late event must neither make
    the payment look kept again nor count it a second time, nor refund again (a refund
    would reach for Stripe: unit tests have no network)."""
    (p, v, _), _, _ = three_makers()
    order = place([(p, v, 1)], "card")
    paid(order)                                  # the payment, recorded and counted once
    assert repo.cancel_and_release(order, ("pending_payment",), "payment not received in time")
    assert repo.set_fields(order, payment_status="refunded",   # what refund_all records
                           refunded_paise=int(order.total_paise))
    before = snapshot()
    paid(order)                                  # the same payment's webhook, late
    order.refresh()
    assert (order.status, order.payment_status) == ("cancelled", "refunded")
    assert int(order.refunded_paise) == int(order.total_paise)
    assert diff(snapshot()["payments"], before["payments"])["succeeded"] == 0


def test_a_payment_that_failed_then_went_through_counts_once(client):
    (p, v, _), _, _ = three_makers()
    order = place([(p, v, 1)], "card")
    before = snapshot()
    lifecycle.payment_failed(payment_of({"id": f"pi_{order.id}", "amount": int(order.total_paise),
                              "metadata": {"order_id": order.id}}))
    paid(order)
    paid(order)
    confirm(order, "paid")   # as the state machine would (and the reconciliation test expects)
    assert order.payment_status == "succeeded"
    assert diff(snapshot()["payments"], before["payments"]) == {
        "succeeded": 1, "failed": 1, "unpaid_cancelled": 0}


def test_delivered_before_picked_up_still_counts_the_dispatch_once(client):
    """The courier's picked_up came after delivered (so it is stale and not applied): the
    parcel was dispatched all the same, once, and nothing moves it back."""
    order, parcel = cod_parcel_with_the_courier()
    before = snapshot()
    assert courier(parcel, "delivered", 0)["applied"]
    for n, status in enumerate(("picked_up", "in_transit", "delivered"), start=1):
        assert not courier(parcel, status, n)["applied"]
    assert not courier(parcel, "delivered", 0)["applied"]      # the same event again
    moved = diff(snapshot()["delivery"], before["delivery"])
    assert (moved["dispatched"], moved["delivered"]) == (1, 1)
    parcel.refresh()
    assert parcel.status == "delivered"
    assert [e["status"] for e in map(repo.plain, parcel.events) if e["applied"]] == ["delivered"]
    assert [e.kind for e in repo.ledger(parcel.vendor_id)
            if e.parcel_id == parcel.id] == ["credit_delivery"]


def test_a_delivery_whose_credit_a_crash_lost_is_finished_by_the_couriers_retry(client, monkeypatch):
    """The handler died after moving the parcel to delivered, before crediting the maker:
    the courier's retry of the same event must credit once and complete the order."""
    order, parcel = cod_parcel_with_the_courier()
    crash_after_the_move(monkeypatch, "_delivered", parcel, "delivered", 0)
    for _ in range(2):                                   # the retry, and one more
        assert not courier(parcel, "delivered", 0)["applied"]
    credits = [e for e in repo.ledger(parcel.vendor_id)
               if e.kind == "credit_delivery" and e.parcel_id == parcel.id]
    order.refresh()
    assert len(credits) == 1 and order.status == "completed"


def test_an_unpaid_cancellation_cut_short_by_a_crash_still_refunds_on_redelivery(client, monkeypatch):
    """The payment timeout cancelled the order, then the handler died before looking at
    Stripe; the payment had gone through. The redelivered message must refund it, once.
    (Stripe itself is replaced by a fake: unit tests have no network.)"""
    import pytest

    from chalicelib.payments import stripe_gateway as gateway
    refunds = []
    monkeypatch.setattr(gateway, "cancel", lambda intent: None)
    monkeypatch.setattr(gateway, "refund", lambda intent, amount, key: refunds.append(
        (intent, amount, key)) or "re_1")
    (p, v, _), _, _ = three_makers()
    order = place([(p, v, 1)], "card")
    repo.set_fields(order, payment_intent_id=f"pi_{order.id}")
    monkeypatch.setattr(gateway, "retrieve", lambda intent: gateway.Intent(
        intent, "succeeded", int(order.total_paise), None, order.id))
    real = lifecycle._keep_no_money
    with monkeypatch.context() as m:
        m.setattr(lifecycle, "_keep_no_money", lambda o: (_ for _ in ()).throw(RuntimeError("crash")))
        with pytest.raises(RuntimeError):
            lifecycle.cancel_unpaid(order.id, "payment not received in time")
    assert lifecycle._keep_no_money is real
    for _ in range(2):                                   # the redelivery, and one more
        assert not lifecycle.cancel_unpaid(order.id, "payment not received in time")
    order.refresh()
    assert (order.status, order.payment_status) == ("cancelled", "refunded")
    assert refunds == [(f"pi_{order.id}", int(order.total_paise), f"{order.id}-all")]


def card_order_of_two_makers_delivered(monkeypatch):
    """A paid card order of two makers, both parcels delivered and credited; Stripe's
    refunds recorded by a fake (unit tests have no network)."""
    from chalicelib.payments import stripe_gateway as gateway
    refunds = []
    monkeypatch.setattr(gateway, "refund", lambda intent, amount, key: refunds.append(
        (intent, amount, key)) or "re_1")
    (p1, v1, _), (p2, v2, _), _ = three_makers()
    order = place([(p1, v1, 1), (p2, v2, 2)], "card")
    paid(order)
    confirm(order, "paid")
    assert all(accept_all(order))
    parcels = repo.parcels_of(order.id)
    for parcel in parcels:
        repo.set_fields(parcel, tracking_number="T-" + parcel.id)
        assert courier(parcel, "delivered", 0)["applied"]
    order.refresh()
    assert order.status == "completed"
    return order, parcels, refunds


def test_parcels_sent_back_after_delivery_are_refunded_and_debited_once_each(client,
                                                                             monkeypatch):
    """Both parcels come back, one after the other, each event twice: each is refunded
    once (its goods and shipping), each maker's credit is taken back once, and the order's
    refunded total is their sum."""
    order, parcels, refunds = card_order_of_two_makers_delivered(monkeypatch)
    before = snapshot()
    for parcel in parcels:
        assert courier(parcel, "returned", 1)["applied"]
        assert courier(parcel, "returned", 1) == {"applied": False, "reason": "duplicate"}
        assert not courier(parcel, "returned", 2)["applied"]
    stale = repo.parcels_of(order.id)[0]
    stale.refunded_paise = None            # read before the refund was recorded
    lifecycle.refund_parcel(repo.get_order(order.id), stale)   # a late, concurrent repeat
    values = [int(p.value_paise) + int(p.shipping_paise) for p in parcels]
    # one refund per parcel, and a key always asks for the same amount (Stripe refuses a
    # key repeated with other parameters: the concurrent repeat would have been a 500)
    assert refunds == [(f"pi_{order.id}", v, f"{p.id}-return") for p, v in zip(parcels, values)]
    order.refresh()
    assert int(order.refunded_paise) == sum(values) and order.status == "completed"
    for parcel in parcels:
        kinds = sorted((e.kind, int(e.amount_paise)) for e in repo.ledger(parcel.vendor_id)
                       if e.parcel_id == parcel.id)
        assert [k for k, _ in kinds] == ["credit_delivery", "debit_refund"]
        assert sum(a for _, a in kinds) == 0
    moved = diff(snapshot()["delivery"], before["delivery"])
    assert (moved["returned"], moved["delivered"]) == (2, 0)


def test_a_return_whose_refund_a_crash_cut_short_is_finished_by_the_couriers_retry(
        client, monkeypatch):
    """The handler died after moving the parcel to returned, before the refund and the
    debit: the courier's retry of the same event does both, once."""
    order, parcels, refunds = card_order_of_two_makers_delivered(monkeypatch)
    parcel = parcels[0]
    crash_after_the_move(monkeypatch, "_returned", parcel, "returned", 1)
    assert refunds == []
    for _ in range(2):                                   # the retry, and one more
        assert courier(parcel, "returned", 1) == {"applied": False, "reason": "duplicate"}
    assert len(refunds) == 1
    order.refresh()
    assert int(order.refunded_paise) == int(parcel.value_paise) + int(parcel.shipping_paise)
    assert [e.kind for e in repo.ledger(parcel.vendor_id) if e.parcel_id == parcel.id
            and e.kind == "debit_refund"] == ["debit_refund"]


def test_a_parcel_that_never_arrived_completes_its_order_when_it_comes_back(client):
    """Failed, then returned: the order has nothing left to deliver and is completed (it
    used to stay paid, or confirmed, for ever)."""
    order, parcel = cod_parcel_with_the_courier()
    assert courier(parcel, "failed", 1)["applied"]
    assert courier(parcel, "returned", 2)["applied"]
    order.refresh()
    assert order.status == "completed"
    assert [e.kind for e in repo.ledger(parcel.vendor_id) if e.parcel_id == parcel.id] == []
