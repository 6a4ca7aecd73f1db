"""Delivery without a courier contract (`COURIER_MODE=manual`): the maker, their
facilitator or the district office records the courier and its tracking number when
the parcel is handed over, then whether it was delivered or came back.

Each record is a courier event with a fixed id (`<parcel>-manual-<status>`) put through
`delivery.apply_event`, the courier webhook's own path: the same parcel states, timeline,
mails, counters, ledger credit (or reversal) and order completion, and a repeated
record is a duplicate event that changes nothing (its unfinished work is finished).
What a courier may do but a person may not is refused here first: an outcome before the
handover, a second handover with another number, a move of a parcel a courier API carries.
"""
from __future__ import annotations

from chalicelib.db.order_models import ParcelItem
from chalicelib.errors import Conflict, InvalidInput, NotFound
from chalicelib.observability import logger
from chalicelib.orders import courier, delivery
from chalicelib.orders import repository as repo

HANDED_OVER = ("picked_up", "in_transit", "out_for_delivery")
OUTCOMES = ("delivered", "returned")


def parcel_for_office(parcel_id: str) -> ParcelItem:
    parcel = repo.get_parcel(parcel_id) if len(parcel_id) < 60 else None
    if parcel is None:
        raise NotFound("no such parcel", code="parcel_not_found")
    return parcel


def _by_hand(parcel: ParcelItem) -> None:
    if parcel.courier != courier.MANUAL:
        raise Conflict("this parcel's courier reports its moves itself", code="not_manual")


def _event(parcel: ParcelItem, status: str, by: str) -> dict:
    return {"event_id": f"{parcel.id}-manual-{status}", "tracking_number": parcel.tracking_number,
            "reference": parcel.id, "status": status, "at": repo.now(), "by": by}


def hand_over(parcel: ParcelItem, india_post: bool, courier_name: str | None,
              tracking_number: str, by: str) -> dict:
    """The parcel went to the courier: its name and tracking number, then `picked_up`."""
    _by_hand(parcel)
    number = courier.tracking_number(india_post, tracking_number)
    name = courier.INDIA_POST if india_post else (courier_name or "").strip()
    if not name:
        raise InvalidInput("name the courier", code="courier_name_required")
    if not parcel.tracking_number:
        if parcel.status != "awaiting_pickup":
            raise Conflict(f"a parcel that is {parcel.status} cannot be handed over",
                           code="not_handable")
        recorded = repo.set_fields(
            parcel, condition=ParcelItem.tracking_number.does_not_exist()
            & (ParcelItem.status == "awaiting_pickup"),
            tracking_number=number, courier_name=name)
        if not recorded:      # someone recorded (or the parcel moved) meanwhile: look again
            parcel.refresh()
            if not parcel.tracking_number:
                raise Conflict(f"a parcel that is {parcel.status} cannot be handed over",
                               code="not_handable")
    if parcel.tracking_number != number:
        raise Conflict("this parcel was handed over with another tracking number",
                       code="already_handed_over")
    result = delivery.apply_event(_event(parcel, "picked_up", by))
    logger.info("handover recorded by hand", extra={"parcel_id": parcel.id, "by": by,
                                                    "applied": result["applied"]})
    return _view(parcel)


def record_outcome(parcel: ParcelItem, status: str, by: str) -> dict:
    """Delivered, or came back (also after delivery: the refund and the credit taken back
    follow, once)."""
    _by_hand(parcel)
    if status not in OUTCOMES:   # the route's schema allows only these
        raise Conflict(f"unknown outcome {status!r}", code="unknown_status")
    if parcel.status != status:
        if parcel.status in ("awaiting_payment", "awaiting_pickup") or not parcel.tracking_number:
            raise Conflict("record the handover (courier and tracking number) first",
                           code="not_handed_over")
        allowed = HANDED_OVER + (("delivered",) if status == "returned" else ())
        if parcel.status not in allowed:
            raise Conflict(f"the parcel is already {parcel.status}", code="parcel_closed")
    result = delivery.apply_event(_event(parcel, status, by))
    if not result["applied"] and result.get("reason") != "duplicate":
        parcel.refresh()
        if parcel.status != status:
            raise Conflict(f"the parcel is {parcel.status} now", code="parcel_closed")
    logger.info("outcome recorded by hand", extra={"parcel_id": parcel.id, "status": status,
                                                   "by": by, "applied": result["applied"]})
    return _view(parcel)


def _view(parcel: ParcelItem) -> dict:
    parcel.refresh()
    return delivery.vendor_parcel_view(parcel, None)


def overdue(deadline: str, limit: int, start_key: dict | None,
            missing_only: bool = True) -> tuple[list[dict], dict | None]:
    """Parcels waiting for pickup since before `deadline` (one Query of the status index),
    by default only those without a tracking number: handed over to nobody yet."""
    parcels, last = repo.waiting_for_pickup(deadline, limit, start_key, missing_only)
    out = []
    for p in parcels:
        view = delivery.vendor_parcel_view(p, None)
        view["waiting_since"] = p.status_sk.split("#", 1)[0]
        out.append(view)
    return out, last
