"""The export papers of one parcel, for its maker and for the office: the export invoice,
the CN22/CN23 customs declaration and the fields of the postal bill of export, as a
printable page, CSV or JSON (chalicelib/exports/paperwork.py makes them)."""
from __future__ import annotations

import json

from chalicelib.errors import Conflict
from chalicelib.orders import repository as repo


def _seller(vendor) -> dict:
    from chalicelib.exports.readiness import plain
    export = plain(vendor.export) or {}
    return {"name": {"en": vendor.name.en, "hi": vendor.name.hi},
            "village": {"en": vendor.village.en, "hi": vendor.village.hi},
            "block": vendor.block, "gstin": vendor.gstin, "pan": vendor.pan,
            "iec": export.get("iec"), "ad_code": export.get("ad_code"),
            "lut": export.get("lut")}


def papers(parcel) -> dict:
    """{invoice, customs, pbe} of an export parcel that has been paid for."""
    from chalicelib.exports import paperwork
    from chalicelib.vendors import repository as vendor_repo
    order = repo.get_order(parcel.order_id)
    quote = json.loads(order.quote)
    if quote["destination"]["zone"] != "abroad":
        raise Conflict("this parcel goes to an address in India: its papers are the invoice",
                       code="not_an_export")
    if order.payment_status != "succeeded" or order.status == "cancelled":
        raise Conflict("the order is not paid (or was cancelled): nothing to export",
                       code="not_paid")
    vendor = vendor_repo.get(parcel.vendor_id)
    approx = quote.get("approx") or {}
    try:
        return _build(paperwork, order, parcel, quote, vendor, approx)
    except paperwork.PaperworkError as exc:   # e.g. the maker's export profile was removed
        raise Conflict(str(exc), code=exc.code) from None


def _build(paperwork, order, parcel, quote, vendor, approx) -> dict:
    return paperwork.build(
        {"order_id": order.id, "created_at": order.created_at,
         "contact": repo.plain(order.contact), "address": repo.plain(order.address),
         "billing": repo.plain(order.billing) if order.billing else None, "quote": quote,
         "paid_at": parcel.accepted_at, "payment_reference": order.payment_intent_id},
        {"id": parcel.id, "lines": json.loads(parcel.lines),
         "weight_grams": int(parcel.weight_grams), "shipping_paise": int(parcel.shipping_paise),
         "service": quote.get("service"), "tracking_number": parcel.tracking_number},
        _seller(vendor), parcel.accepted_at or parcel.created_at, approx.get("sdr_per_inr"))
