"""Parcels after payment: booking with the courier, packing, tracking, delivery, payouts.
With COURIER_MODE=manual nothing is booked: people record the handover and the outcome
(chalicelib/orders/manual.py), which come through `apply_event` like the courier's events.

Parcel states: awaiting_payment -> awaiting_pickup (booked; the vendor packs it)
-> picked_up -> in_transit -> out_for_delivery -> delivered, or failed -> returned;
a delivered parcel can still come back (returned): its refund and the maker's credit
taken back follow. Courier events may arrive twice or out of order: an event only ever
moves a parcel forward, and each event id is applied once. An order whose parcels have
all reached the end (delivered, returned, cancelled) is completed.
"""
from __future__ import annotations

import json

from chalicelib.db.order_models import OrderItem, ParcelItem
from chalicelib.errors import Conflict, InvalidInput, NotFound
from chalicelib.observability import logger, metric
from chalicelib.orders import courier
from chalicelib.orders import repository as repo
from chalicelib.payouts import ledger, taxrules
from chalicelib.stats import counters

FLOW = ("awaiting_pickup", "picked_up", "in_transit", "out_for_delivery", "delivered")
FAILED = ("failed", "returned")
RETURNABLE = ("awaiting_pickup", "picked_up", "in_transit", "out_for_delivery", "failed",
              "delivered")
FINAL = ("delivered", "returned", "cancelled")


def dispatch(message: dict, webhook_url: str) -> None:
    """One parcel from the state machine's Map: book it (once) with the courier."""
    parcel = repo.get_parcel(message["parcel_id"])
    order = repo.get_order(message["order_id"])
    if parcel is None or order is None:
        logger.warning("dispatch for an unknown parcel", extra={"parcel_id": message.get("parcel_id")})
        return
    if order.status not in ("paid", "confirmed"):
        logger.info("order not payable any more; parcel not booked",
                    extra={"order_id": order.id, "status": order.status})
        return
    accept(order, parcel)
    _register_export(order, parcel)
    parcel.refresh()
    if parcel.status != "awaiting_pickup" or parcel.tracking_number:
        return  # booked by an earlier delivery of this message
    if parcel.courier == courier.MANUAL or courier.manual():
        # No courier API: the maker hands the parcel over and records it (orders/manual.py).
        # The maker's and the shopper's mails go once, as after a booking.
        if repo.set_fields(parcel, condition=ParcelItem.courier.does_not_exist(),
                           courier=courier.MANUAL):
            _notify_booked(order, parcel)
        logger.info("parcel awaits a handover recorded by hand",
                    extra={"parcel_id": parcel.id, "order_id": order.id})
        return
    tracking = courier.adapter().book(parcel.id, int(parcel.weight_grams),
                                      repo.plain(order.address).get("pincode"), webhook_url)
    if repo.set_fields(parcel, condition=ParcelItem.tracking_number.does_not_exist(),
                       tracking_number=tracking, courier=courier.HttpCourier.name):
        _notify_booked(order, parcel)
    logger.info("parcel booked", extra={"parcel_id": parcel.id, "order_id": order.id})


def _register_export(order: OrderItem, parcel: ParcelItem) -> None:
    """A parcel going abroad: its row in the export register (once; a repeat finds it)."""
    from chalicelib.exports import register
    if register.is_export(order):
        register.record(order, parcel)


def accept(order: OrderItem, parcel: ParcelItem) -> bool:
    """Paid (or COD confirmed): the parcel waits for packing, and the sale is counted."""
    lines = json.loads(parcel.lines)
    first = parcel.sk == "PARCEL#01"
    sale = counters.parcel_sale(parcel, lines, order.payment_method, first)
    if not repo.transition(parcel, ("awaiting_payment",), "awaiting_pickup", deltas=sale,
                           accepted_at=repo.now()):
        return False
    if first:
        metric("OrdersPlaced")
        metric("OrderValue", int(order.total_paise) / 100)
        if order.payment_method == "cod":
            metric("CodOrders")
    return True


def _notify_booked(order, parcel) -> None:
    from chalicelib.orders import notify
    from chalicelib.vendors import repository as vendor_repo
    notify.vendor_new_parcel(vendor_repo.get(parcel.vendor_id), parcel)
    kind = "confirmed" if order.payment_method == "cod" else "paid"
    if repo.set_fields(order, condition=OrderItem.notified.does_not_exist(), notified=kind):
        notify.shopper(order, kind)


def own_parcel(vendor_id: str, parcel_id: str) -> ParcelItem:
    parcel = repo.get_parcel(parcel_id) if len(parcel_id) < 60 else None
    if parcel is None or parcel.vendor_id != vendor_id:
        raise NotFound("no such parcel", code="parcel_not_found")
    return parcel


def mark_packed(vendor_id: str, parcel_id: str) -> dict:
    parcel = own_parcel(vendor_id, parcel_id)
    by_hand = parcel.courier == courier.MANUAL
    if parcel.status != "awaiting_pickup" or not (parcel.tracking_number or by_hand):
        raise Conflict(f"a parcel that is {parcel.status} cannot be marked packed",
                       code="not_packable")
    now = repo.now()
    late = _packing_counts(parcel, now)
    if repo.set_fields(parcel, condition=ParcelItem.packed.does_not_exist(), deltas=late,
                       packed=now):
        if not by_hand:
            courier.adapter().ready_for_pickup(parcel.tracking_number)
        if late is not None:   # late packing may flag the maker
            from chalicelib.quality import scorecard
            scorecard.check(vendor_id)
    parcel.refresh()
    return vendor_parcel_view(parcel, None)


def _packing_counts(parcel: ParcelItem, packed_at: str):
    """Packed past the packing deadline (hours after the parcel was accepted) counts on the
    maker's scorecard and their block's day."""
    from chalicelib import config
    from chalicelib.quality.rules import after
    due = after(parcel.accepted_at or parcel.created_at, config.settings().packing_deadline_hours)
    if packed_at <= due:
        return None
    return counters.Deltas(counters.day_of(packed_at)).quality(
        parcel.vendor_id, _block_of(json.loads(parcel.lines)), packed_late=1)


def _block_of(lines: list[dict]) -> str | None:
    """The maker's block, as the parcel's lines carry it."""
    return lines[0].get("block") if lines else None


def cancel_by_maker(vendor_id: str, parcel_id: str, reason: str) -> dict:
    """The maker cannot send a parcel (before the courier has it): it is cancelled, the
    buyer's money for it refunded, its units given back to stock (the maker sets the stock
    to what they really have), and it counts on the maker's scorecard."""
    from chalicelib.orders import lifecycle, notify
    from chalicelib.quality import scorecard
    parcel = own_parcel(vendor_id, parcel_id)
    lines = json.loads(parcel.lines)
    order = repo.get_order(parcel.order_id)
    undo = counters.parcel_sale(parcel, lines, order.payment_method, parcel.sk == "PARCEL#01",
                                sign=-1)
    undo.quality(vendor_id, _block_of(lines), maker_cancelled=1)
    mine = {line["product_id"] for line in lines}
    stock = [s for s in json.loads(order.stock_lines) if s["product_id"] in mine]
    if parcel.status != "awaiting_pickup" or not repo.cancel_parcel_and_release(parcel, stock,
                                                                                undo):
        raise Conflict(f"a parcel that is {parcel.status} cannot be cancelled by its maker",
                       code="not_cancellable")
    metric("ParcelsCancelledByMaker")
    _record(parcel, {"event_id": f"maker-cancel-{parcel.id}", "status": "cancelled",
                     "by": "maker", "reason": reason}, applied=True)
    if order.payment_method != "cod":
        lifecycle.refund_parcel(order, parcel)
    notify.shopper(order, "parcel_cancelled", lines=lines, reason=reason)
    if all(p.status == "cancelled" for p in repo.parcels_of(order.id)):
        order.refresh()
        repo.transition(order, ("paid", "confirmed"), "cancelled",
                        cancel_reason="the makers could not send it",
                        **({"payment_status": "refunded"} if order.refunded_paise
                           and int(order.refunded_paise) >= int(order.total_paise) else {}))
    else:
        _complete_when_done(order.id)
    scorecard.check(vendor_id)
    parcel.refresh()
    return vendor_parcel_view(parcel, None)


def apply_event(event: dict) -> dict:
    """A signed courier event: {event_id, tracking_number, reference, status, at}."""
    status = event.get("status")
    if status not in FLOW[1:] + FAILED:
        raise InvalidInput(f"unknown parcel status {status!r}", code="unknown_status")
    if str(event.get("reference", "")).startswith("cp-"):   # an item collected on a complaint
        from chalicelib.quality import returns
        return returns.apply_event(event)
    parcel = repo.get_parcel(str(event.get("reference", "")))
    if parcel is None or parcel.tracking_number != event.get("tracking_number"):
        raise NotFound("no parcel with this tracking number", code="parcel_not_found")
    logger.append_keys(order_id=parcel.order_id)
    allowed = [s for s in FLOW if _rank(s) < _rank(status)] if status in FLOW else \
        RETURNABLE if status == "returned" else FLOW[:-1]
    for _ in range(3):
        if any(repo.plain(e).get("event_id") == event.get("event_id") for e in parcel.events or []):
            _finish(parcel, status)
            return {"applied": False, "reason": "duplicate"}
        current = parcel.status
        if current not in allowed:
            _finish(parcel, status)
            _record(parcel, event, applied=False)
            return {"applied": False, "reason": f"parcel is already {current}"}
        # From exactly the status read, which the counters are worked out from: another
        # event moving the parcel meanwhile makes this one look again.
        if repo.transition(parcel, (current,), status,
                           deltas=counters.parcel_moved(parcel, status)):
            break
        parcel.refresh()
    else:
        return {"applied": False, "reason": "changed meanwhile"}
    _measure(parcel, status, current)
    _record(parcel, event, applied=True)
    if status == "delivered":
        _delivered(parcel)
    elif status == "returned":
        _returned(parcel)
    if status in ("picked_up", "delivered"):
        from chalicelib.orders import notify
        order = repo.get_order(parcel.order_id)
        if order is not None:
            link = order_link(order.id, f"{parcel.id}-l0") if status == "delivered" else ""
            notify.shopper(order, "shipped" if status == "picked_up" else "delivered",
                           lines=json.loads(parcel.lines), tracking=tracking_label(parcel),
                           link=link)
    return {"applied": True, "status": status}


def order_link(order_id: str, line_id: str | None = None) -> str:
    """The order page with the mail's own key (checkout.link_token), opening a line's
    review when named."""
    from chalicelib.orders.checkout import link_token
    from chalicelib.pages import publisher
    try:
        base = publisher.load_site().base_url
    except Exception:   # the shop's pages are not published on this stage: a path only
        base = ""
    review = f"&review={line_id}" if line_id else ""
    return f"{base}/app#/order/{order_id}?t={link_token(order_id)}{review}"


def tracking_label(parcel: ParcelItem) -> str:
    """The tracking number as the shopper needs it: with the courier's name when people,
    not the courier's API, recorded it."""
    number = parcel.tracking_number or ""
    return f"{number} ({parcel.courier_name})" if number and parcel.courier_name else number


def _measure(parcel: ParcelItem, status: str, before: str) -> None:
    if counters.leaves_for_delivery(before, status):
        metric("ParcelsDispatched")
    if status == "delivered":
        metric("ParcelsDelivered")
        metric("PaidToDeliveredHours", counters.hours_between(
            parcel.accepted_at or parcel.created_at, parcel.updated_at))
    elif status == "returned":
        metric("ParcelsReturned")


def _rank(status: str) -> int:
    return FLOW.index(status) if status in FLOW else -1


def _record(parcel: ParcelItem, event: dict, applied: bool) -> None:
    entry = {"event_id": str(event.get("event_id")), "status": event["status"],
             "at": str(event.get("at") or repo.now()), "applied": applied}
    if event.get("by"):   # recorded by hand: maker, facilitator or office (never a person's id)
        entry["by"] = str(event["by"])
    if event.get("reason"):
        entry["reason"] = str(event["reason"])
    parcel.update(actions=[ParcelItem.events.set(ParcelItem.events.append([entry]))])


def _finish(parcel: ParcelItem, status: str) -> None:
    """A crash between the parcel's move (to delivered or returned) and what follows it
    leaves the courier's webhook unanswered; its retry is then a duplicate or a stale
    event, and finishes the work here (each step is conditional, so done once)."""
    if status == parcel.status == "delivered":
        _delivered(parcel)
    elif status == parcel.status == "returned":
        _returned(parcel)


def _paid_by(order: OrderItem | None) -> str | None:
    """<gateway>:<method> of the order, as the office's figures count it (STAT#PAY)."""
    from chalicelib.payments import gateway
    return ":".join(gateway.paid_with(order)) if order is not None else None


def _delivered(parcel: ParcelItem) -> None:
    from chalicelib.vendors import repository as vendors
    order = repo.get_order(parcel.order_id)
    dest = json.loads(order.quote).get("destination", {}) if order and order.quote else {}
    credited = ledger.credit_delivery(parcel, vendors.get(parcel.vendor_id),
                                      intra_state=dest.get("state") == taxrules.HOME_STATE,
                                      paid_by=_paid_by(order))
    _complete_when_done(parcel.order_id)
    logger.info("parcel delivered", extra={"parcel_id": parcel.id, "credited": credited})


def _complete_when_done(order_id: str) -> None:
    order = repo.get_order(order_id)
    if order is not None and all(p.status in FINAL for p in repo.parcels_of(order.id)):
        repo.transition(order, ("paid", "confirmed"), "completed")


def _returned(parcel: ParcelItem) -> None:
    """The parcel came back (never delivered, or sent back after delivery): refund it
    (card) and take back the maker's credit, each once."""
    from chalicelib.orders import lifecycle
    order = repo.get_order(parcel.order_id)
    if order is not None and order.payment_method != "cod":
        lifecycle.refund_parcel(order, parcel)
    taken = ledger.reverse(parcel)
    if taken is not None:
        logger.info("credit taken back", extra={"parcel_id": parcel.id, "debited": taken})
    _complete_when_done(parcel.order_id)


def vendor_parcel_view(parcel: ParcelItem, address: dict | None) -> dict:
    return {"id": parcel.id, "order_id": parcel.order_id, "vendor_id": parcel.vendor_id,
            "status": parcel.status,
            "lines": json.loads(parcel.lines), "value_paise": int(parcel.value_paise),
            "weight_grams": int(parcel.weight_grams), "packed_at": parcel.packed,
            "tracking_number": parcel.tracking_number, "ship_to": address,
            "by_hand": parcel.courier == courier.MANUAL, "courier_name": parcel.courier_name,
            "timeline": [repo.plain(e) for e in parcel.events or []],
            "export": bool(parcel.country), "country": parcel.country,
            "created_at": parcel.created_at}


def vendor_parcels(vendor_id: str, limit: int, cursor_key: dict | None) -> tuple[list, dict | None]:
    parcels, last = repo.vendor_parcels(vendor_id, limit, cursor_key)
    out = []
    for p in parcels:
        address = None
        if p.status == "awaiting_pickup":  # the address is shown only while there is packing to do
            order = repo.get_order(p.order_id)
            if order is not None:
                a, c = repo.plain(order.address), repo.plain(order.contact)
                address = {**a, "name": c.get("name"), "phone": c.get("phone")}
        out.append(vendor_parcel_view(p, address))
    return out, last


def invoice_html(parcel: ParcelItem) -> str:
    """The parcel's GST invoice (or bill of supply) as a printable HTML page."""
    from chalicelib.orders.invoice import render_invoice
    from chalicelib.vendors import repository as vendor_repo
    order = repo.get_order(parcel.order_id)
    vendor = vendor_repo.get(parcel.vendor_id)
    seller = {"name": {"en": vendor.name.en, "hi": vendor.name.hi}, "block": vendor.block,
              "village": {"en": vendor.village.en, "hi": vendor.village.hi},
              "gstin": vendor.gstin, "udyam": vendor.udyam, "is_shg": bool(vendor.is_shg),
              "gst_status": vendor.gst_status, "enrolment_number": vendor.enrolment_number}
    return render_invoice(
        {"order_id": order.id, "created_at": order.created_at, "contact": repo.plain(order.contact),
         "address": repo.plain(order.address), "quote": json.loads(order.quote)},
        {"id": parcel.id, "lines": json.loads(parcel.lines),
         "shipping_paise": int(parcel.shipping_paise), "value_paise": int(parcel.value_paise)},
        seller, parcel.created_at)
