"""The buyer's side: which lines of an order they may review or complain about, and the
feedback view of the order page (GET /orders/{id}/feedback)."""
from __future__ import annotations

from chalicelib.db.quality_models import ComplaintItem, ReviewItem, bind
from chalicelib.errors import Conflict, NotFound
from chalicelib.orders import repository as orders_repo
from chalicelib.quality import rules


def delivered_line(order, line_id: str) -> tuple:
    """(parcel, line, delivered_at) of a delivered line of this order; 404 `line_not_found`,
    409 `not_delivered`."""
    parcel_id, index = rules.split_line_id(order.id, line_id)
    parcel = orders_repo.get_parcel(parcel_id)
    if parcel is None or parcel.order_id != order.id:
        raise NotFound("no such line in this order", code="line_not_found")
    lines = rules.lines_of(parcel)
    if index >= len(lines):
        raise NotFound("no such line in this order", code="line_not_found")
    at = rules.delivered_at(parcel)
    if at is None:
        raise Conflict("this parcel has not been delivered yet", code="not_delivered")
    return parcel, lines[index], at


def author(order) -> tuple[str, str | None]:
    """The buyer as a review shows them: first name and town, nothing more."""
    contact, address = orders_repo.plain(order.contact), orders_repo.plain(order.address)
    first = (str(contact.get("name") or "").split() or ["—"])[0][:40]
    town = str(address.get("city") or "").strip()[:60] or None
    return first, town


def _own(order_id: str) -> tuple[dict, dict]:
    bind()
    reviews, complaints = {}, {}
    for item in ReviewItem.query(f"ORDER#{order_id}", ReviewItem.sk.startswith("REVIEW#")):
        reviews[item.line_id] = item
    for item in ComplaintItem.query(f"ORDER#{order_id}",
                                    ComplaintItem.sk.startswith("COMPLAINT#")):
        complaints[item.line_id] = item
    return reviews, complaints


def feedback(order) -> dict:
    from chalicelib.quality import complaints as complaint_views
    from chalicelib.quality import reviews as review_views
    now = orders_repo.now()
    reviews, complaints = _own(order.id)
    out = []
    for parcel in orders_repo.parcels_of(order.id):
        at = rules.delivered_at(parcel)
        for index, line in enumerate(rules.lines_of(parcel)):
            lid = rules.line_id(parcel.id, index)
            rule = rules.complaint_rule(line)
            review, complaint = reviews.get(lid), complaints.get(lid)
            until = rules.after(at, rule["window_hours"]) if at else None
            out.append({
                "line_id": lid, "parcel_id": parcel.id, "product_id": line["product_id"],
                "name": line.get("product_name") or line.get("name"),
                "variant": line.get("name"), "quantity": int(line["quantity"]),
                "line_total_paise": int(line["line_total_paise"]),
                "category": line.get("category"), "perishable": bool(line.get("perishable")),
                "delivered_at": at,
                "review": review_views.own_view(review) if review else None,
                "can_review": bool(at) and review is None,
                "review_editable_until": review.editable_until if review else None,
                "complaint": complaint_views.buyer_view(complaint) if complaint else None,
                "can_complain": bool(at) and complaint is None and now <= until,
                "complain_until": until, "complaint_rule": rule})
    return {"lines": out, "refund_account_needed": order.payment_method == "cod"}
