"""The office's export register: every parcel sent abroad, by month, country, category,
block and maker, and which still wait for the bank's realisation of the foreign payment.

A row is written when the parcel is accepted after payment (chalicelib/orders/delivery.py,
idempotently: a repeated dispatch finds it there). The parcel's state is read when the
register is; the realisation (the bank's e-BRC/FIRC reference) is recorded by the office.
"""
from __future__ import annotations

import json
from collections import defaultdict

from pynamodb.exceptions import PutError

from chalicelib.db import export_models
from chalicelib.db.conditions import conditional_failed
from chalicelib.db.export_models import ExportItem
from chalicelib.errors import Conflict, NotFound
from chalicelib.observability import logger
from chalicelib.orders import repository as orders_repo
from chalicelib.stats.counters import day_of

AWAITING = "EXPORTS#AWAITING"


def is_export(order) -> bool:
    return json.loads(order.quote)["destination"]["zone"] == "abroad"


def record(order, parcel) -> bool:
    """The parcel's row, once (True when this call wrote it)."""
    export_models.bind()
    quote = json.loads(order.quote)
    lines = json.loads(parcel.lines)
    first = lines[0] if lines else {}
    paid_at = orders_repo.now()
    month = day_of(paid_at)[:7]
    approx = quote.get("approx") or {}
    value = int(parcel.value_paise)
    value_minor = None
    if approx.get("per_inr"):
        from chalicelib.exports import rules
        value_minor = rules.to_minor(value, approx["per_inr"], int(approx["exponent"]))
    item = ExportItem(
        f"EXPORT#{parcel.id}", "EXPORT", parcel_id=parcel.id, order_id=order.id,
        vendor_id=parcel.vendor_id, maker=first.get("vendor_name") or {"en": parcel.vendor_id,
                                                                        "hi": parcel.vendor_id},
        block=first.get("block"), categories=sorted({l.get("category") for l in lines
                                                     if l.get("category")}),
        country=quote["destination"]["country"], service=quote.get("service"),
        value_paise=value, shipping_paise=int(parcel.shipping_paise),
        currency=approx.get("currency"), value_minor=value_minor, month=month, paid_at=paid_at,
        status_pk=f"EXPORTS#{month}", status_sk=f"{paid_at}#{parcel.id}",
        day_pk=AWAITING, day_sk=f"{paid_at}#{parcel.id}")
    try:
        item.save(condition=ExportItem.pk.does_not_exist())
    except PutError as exc:
        if conditional_failed(exc):
            return False
        raise
    logger.info("export registered", extra={"parcel_id": parcel.id, "country": item.country})
    return True


def _row(item: ExportItem, status: str | None) -> dict:
    return {"parcel_id": item.parcel_id, "order_id": item.order_id, "vendor_id": item.vendor_id,
            "maker": orders_repo.plain(item.maker), "country": item.country,
            "categories": list(item.categories or []), "block": item.block,
            "service": item.service, "value_paise": int(item.value_paise),
            "shipping_paise": int(item.shipping_paise), "currency": item.currency,
            "value_minor": int(item.value_minor) if item.value_minor is not None else None,
            "status": status, "paid_at": item.paid_at,
            "realisation": orders_repo.plain(item.realisation) if item.realisation else None}


def _statuses(items: list[ExportItem]) -> dict[str, str]:
    parcels = orders_repo.parcels_by_ids([i.parcel_id for i in items])
    return {p.id: p.status for p in parcels}


def _group(rows: list[dict], key) -> list[dict]:
    out: dict[str, dict] = defaultdict(lambda: {"parcels": 0, "value_paise": 0})
    for row in rows:
        for k in key(row):
            g = out[k]
            g["parcels"] += 1
            g["value_paise"] += row["value_paise"]
    return sorted(({"key": k, **v} for k, v in out.items()),
                  key=lambda g: (-g["value_paise"], g["key"]))


def month_register(month: str | None) -> dict:
    export_models.bind()
    month = month or day_of()[:7]
    items = list(ExportItem.by_status.query(f"EXPORTS#{month}"))
    awaiting_before = [i for i in ExportItem.by_day.query(AWAITING) if i.month < month]
    statuses = _statuses(items + awaiting_before)
    rows = [_row(i, statuses.get(i.parcel_id)) for i in items]
    # a parcel that never left (cancelled, or came back) has nothing to realise
    counted = [r for r in rows if r["status"] not in ("cancelled",)]
    waiting = [r for r in counted if r["realisation"] is None
               and r["status"] not in ("returned",)]
    makers = {r["vendor_id"]: r["maker"] for r in counted}
    by_maker = _group(counted, lambda r: [r["vendor_id"]])
    for g in by_maker:
        g["name"] = makers[g["key"]]
    return {"month": month,
            "totals": {"parcels": len(counted),
                       "value_paise": sum(r["value_paise"] for r in counted),
                       "awaiting_realisation": len(waiting),
                       "awaiting_paise": sum(r["value_paise"] for r in waiting)},
            "by_country": _group(counted, lambda r: [r["country"]]),
            "by_category": _group(counted, lambda r: r["categories"] or ["-"]),
            "by_block": _group(counted, lambda r: [r["block"] or "-"]),
            "by_maker": by_maker, "parcels": rows,
            "awaiting_other_months": [_row(i, statuses.get(i.parcel_id)) for i in awaiting_before
                                      if statuses.get(i.parcel_id) not in ("cancelled",
                                                                           "returned")]}


def realise(parcel_id: str, reference: str, realised_on: str, by: str) -> dict:
    export_models.bind()
    try:
        item = ExportItem.get(f"EXPORT#{parcel_id}", "EXPORT")
    except ExportItem.DoesNotExist:
        raise NotFound("no export parcel with that id", code="parcel_not_found") from None
    realisation = {"reference": reference, "realised_on": realised_on,
                   "recorded_at": orders_repo.now(), "by": by}
    if not orders_repo.update(item, [ExportItem.realisation.set(realisation),
                                     ExportItem.day_pk.remove(), ExportItem.day_sk.remove()],
                              condition=ExportItem.realisation.does_not_exist()):
        raise Conflict("the bank's realisation is already recorded for this parcel",
                       code="already_realised")
    logger.info("export realisation recorded", extra={"parcel_id": parcel_id})
    return _row(item, _statuses([item]).get(parcel_id))
