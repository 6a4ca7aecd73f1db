"""The district office's order list: by date (the `by_day` index), by status, by maker.

No scan: orders of a date range come day by day from `by_day`, newest first; a maker's
come from their parcels (`by_vendor`). The list shows what an official needs to follow
an order up, not the shopper's name, phone or street (those stay on the order page).
"""
from __future__ import annotations

import json
from datetime import date, timedelta

from chalicelib import config, pagination
from chalicelib.db.order_models import OrderItem, ParcelItem, bind
from chalicelib.errors import InvalidInput
from chalicelib.orders import repository as repo
from chalicelib.stats.counters import utc_start
from chalicelib.stats.figures import today

MAX_DAYS = 92


def _range(date_from: date | None, date_to: date | None) -> tuple[date, date]:
    end = date_to or today()
    start = date_from or end - timedelta(days=6)
    if start > end:
        raise InvalidInput("date_from is after date_to", code="invalid_date_range")
    if (end - start).days >= MAX_DAYS:
        raise InvalidInput(f"at most {MAX_DAYS} days at a time", code="invalid_date_range")
    return start, end


def summary(order: OrderItem) -> dict:
    address = repo.plain(order.address)
    quote = json.loads(order.quote)
    return {"id": order.id, "created_at": order.created_at, "status": order.status,
            "payment_method": order.payment_method, "payment_status": order.payment_status,
            "total_paise": int(order.total_paise),
            "refunded_paise": int(order.refunded_paise or 0),
            "parcels": len(quote.get("parcels", [])),
            "vendors": sorted({p["vendor_id"] for p in quote.get("parcels", [])}),
            "destination": {"city": address.get("city"), "state": address.get("state"),
                            "pincode": address.get("pincode"),
                            "country": address.get("country")},
            "cancel_reason": order.cancel_reason}


def admin_orders(status: str | None, vendor_id: str | None, date_from: date | None,
                 date_to: date | None, limit: int, cursor: str | None) -> dict:
    start, end = _range(date_from, date_to)
    scope = pagination.scope_of(kind="admin-orders", status=status, vendor=vendor_id,
                                start=start, end=end, limit=limit)
    secret = config.settings().cursor_secret
    where = pagination.position(cursor, scope, secret) or {}
    bind()
    if vendor_id:
        found, nxt = _of_vendor(vendor_id, status, start, end, limit, where)
    else:
        found, nxt = _by_day(status, start, end, limit, where)
    return {"items": [summary(o) for o in found], "from": start.isoformat(),
            "to": end.isoformat(),
            "next_cursor": pagination.encode({"k": nxt}, scope, secret) if nxt else None}


def _by_day(status, start: date, end: date, limit: int, where: dict):
    day = date.fromisoformat(where["day"]) if "day" in where else end
    key = where.get("key")
    found: list[OrderItem] = []
    while day >= start:
        condition = OrderItem.status == status if status else None
        result = OrderItem.by_day.query(f"DAY#{day.isoformat()}", scan_index_forward=False,
                                        filter_condition=condition, limit=limit - len(found),
                                        last_evaluated_key=key)
        found += list(result)
        key = result.last_evaluated_key
        if len(found) >= limit:
            return found, ({"day": day.isoformat(), "key": key} if key else
                           {"day": (day - timedelta(days=1)).isoformat()}
                           if day > start else None)
        if not key:
            day -= timedelta(days=1)
    return found, None


def _of_vendor(vendor_id: str, status, start: date, end: date, limit: int, where: dict):
    result = ParcelItem.by_vendor.query(
        f"VENDOR#{vendor_id}", ParcelItem.vendor_sk.between(
            utc_start(start), utc_start(end + timedelta(days=1))),
        scan_index_forward=False, limit=limit, last_evaluated_key=where.get("key"))
    ids = [p.order_id for p in result]
    orders = {o.id: o for o in OrderItem.batch_get([(f"ORDER#{i}", "ORDER") for i in ids])}
    found = [orders[i] for i in ids if i in orders and (not status or orders[i].status == status)]
    key = result.last_evaluated_key
    return found, ({"key": key} if key else None)
