"""The courier collects a complained-about item from the buyer and takes it back to the
maker (a reverse shipment). Booked once per complaint (the complaint's id is the
courier's reference, so a retried booking returns the same shipment); the courier's
signed events for it move `return_shipment` forward through the same webhook as parcels.
With COURIER_MODE=manual nothing can be booked: the office arranges the pickup."""
from __future__ import annotations

from chalicelib import config
from chalicelib.db.quality_models import ComplaintItem
from chalicelib.errors import NotFound
from chalicelib.observability import logger
from chalicelib.orders import courier
from chalicelib.orders import repository as orders_repo

STEPS = ("booked", "picked_up", "in_transit", "out_for_delivery", "delivered")


def book(order, complaint: ComplaintItem) -> None:
    if complaint.return_shipment:
        return
    if courier.manual():
        orders_repo.set_fields(complaint, condition=ComplaintItem.return_shipment.does_not_exist(),
                               return_shipment={"status": "to_arrange", "events": []})
        complaint.return_shipment = {"status": "to_arrange", "events": []}
        return
    parcel = orders_repo.get_parcel(complaint.parcel_id)
    webhook = f"{config.settings().api_url}/webhooks/courier"
    tracking = courier.adapter().book_return(
        complaint.id, int(parcel.weight_grams) if parcel else 500,
        orders_repo.plain(order.address).get("pincode"), webhook)
    shipment = {"tracking_number": tracking, "status": "booked", "events": []}
    if orders_repo.set_fields(complaint, condition=ComplaintItem.return_shipment.does_not_exist(),
                              return_shipment=shipment):
        complaint.return_shipment = shipment
    logger.info("return pickup booked", extra={"complaint_id": complaint.id})


def apply_event(event: dict) -> dict:
    """A courier event whose reference is a complaint: the item on its way back."""
    from chalicelib.quality import complaints
    complaint = complaints.get(str(event.get("reference")))
    shipment = orders_repo.plain(complaint.return_shipment or {}) if complaint else {}
    if not shipment or shipment.get("tracking_number") != event.get("tracking_number"):
        raise NotFound("no return with this tracking number", code="parcel_not_found")
    status = event.get("status")
    seen = [e.get("event_id") for e in shipment.get("events") or []]
    if event.get("event_id") in seen:
        return {"applied": False, "reason": "duplicate"}
    current = shipment.get("status")
    if status not in STEPS or STEPS.index(status) <= STEPS.index(current):
        return {"applied": False, "reason": f"return is already {current}"}
    events = [*(shipment.get("events") or []),
              {"event_id": str(event.get("event_id")), "status": status,
               "at": str(event.get("at") or orders_repo.now())}]
    moved = {**shipment, "status": status, "events": events}
    if not orders_repo.set_fields(
            complaint, condition=ComplaintItem.return_shipment["status"] == current,
            return_shipment=moved):
        return {"applied": False, "reason": "changed meanwhile"}
    return {"applied": True, "status": status}
