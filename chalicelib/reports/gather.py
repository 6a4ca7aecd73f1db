"""Fill a report's data from the counters, the review queues and the order indexes.

Reads: one Query per counter dimension for the period, the audit trail of the period, the
pending queues, the stuck-order partitions and the payout balances. Never a scan.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from chalicelib import config
from chalicelib.blocks import NAMES_HI as BLOCK_NAMES_HI
from chalicelib.exports import register
from chalicelib.reports import quality
from chalicelib.reports.data import (Attention, Delivery, PaymentRow, Payments, Payout,
                                     ReportData, Row, Sales)
from chalicelib.stats import figures
from chalicelib.db.times import stamp
from chalicelib.stats.counters import utc_start

ATTENTION_LIMIT = 50
UNPACKED_DAYS = 3     # a parcel waiting this long for its maker to pack it needs a call


def period(kind: str, day: date | None = None) -> tuple[date, date]:
    """daily: that day (default yesterday); weekly: Monday to Sunday of that day's week
    (default last week)."""
    today = figures.today()
    if kind == "daily":
        d = day or today - timedelta(days=1)
        return d, d
    d = day or today - timedelta(days=7)
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


def report_id(kind: str, start: date, end: date) -> str:
    return f"{kind}-{start.isoformat()}" if kind in ("daily", "weekly") else \
        f"custom-{start.isoformat()}-to-{end.isoformat()}"


def _sales(c: dict) -> Sales:
    return Sales(orders=c.get("orders", 0), gmv_paise=c.get("gmv_paise", 0),
                 units=c.get("units", 0), cod_orders=c.get("cod_orders", 0),
                 cod_paise=c.get("cod_paise", 0), cancelled=c.get("cancelled", 0),
                 cancelled_paise=c.get("cancelled_paise", 0),
                 refunded_paise=c.get("refunded_paise", 0))


def _rows(dim: str, start: date, end: date, names: dict | None = None,
          per_key: dict | None = None) -> list[Row]:
    out = []
    for key, counts in (per_key if per_key is not None else
                        figures.by_key(dim, start, end)).items():
        name = (names or {}).get(key) or counts.get("label") or {"en": key, "hi": key}
        out.append(Row(key=key, name=name, sales=_sales(counts)))
    return sorted(out, key=lambda r: (-r.sales.gmv_paise, -r.sales.orders, r.key))


def _category_names() -> dict:
    from chalicelib.catalog import repository as catalog
    return {c.sk: {"en": c.name.en, "hi": c.name.hi} for c in catalog.list_categories()}


def _decisions(start: date, end: date) -> tuple[int, int]:
    """Makers and listings approved in the period, from the review desk's audit trail."""
    from chalicelib.db.models import AuditItem, bind
    bind()
    low, high = utc_start(start), utc_start(end + timedelta(days=1))
    vendors = listings = 0
    for entry in AuditItem.by_status.query("AUDIT", AuditItem.status_sk.between(low, high)):
        if entry.action == "approve":
            vendors += entry.kind == "vendor"
            listings += entry.kind == "product"
    return vendors, listings


def _attention(now: datetime) -> list[Attention]:
    from chalicelib.db.models import ProductItem, VendorItem
    from chalicelib.db.order_models import OrderItem, ParcelItem
    from chalicelib.db.order_models import bind as bind_orders
    from chalicelib.db.models import bind as bind_catalog
    bind_catalog()
    bind_orders()
    late_payment = stamp(now - timedelta(seconds=config.settings().payment_timeout_seconds + 900))
    unpacked = stamp(now - timedelta(days=UNPACKED_DAYS))
    out: list[Attention] = []

    def since(sk: str) -> str:
        return sk.split("#", 1)[0]

    for o in OrderItem.by_status.query("ORDER#pending_payment", OrderItem.status_sk < late_payment,
                                       limit=ATTENTION_LIMIT):
        out.append(Attention("stuck_order", o.id, {"en": "Card payment never settled",
                                                   "hi": "कार्ड भुगतान पूरा नहीं हुआ"},
                             since(o.status_sk), f"₹{int(o.total_paise) / 100:.2f}"))
    for p in ParcelItem.by_status.query("PARCEL#awaiting_pickup", ParcelItem.status_sk < unpacked,
                                        limit=ATTENTION_LIMIT):
        out.append(Attention("stuck_order", p.id, {"en": "Not packed or picked up",
                                                   "hi": "पैक या पिकअप नहीं हुआ"},
                             since(p.status_sk), p.vendor_id))
    for p in ParcelItem.by_status.query("PARCEL#failed", limit=ATTENTION_LIMIT):
        out.append(Attention("failed_parcel", p.id, {"en": "Delivery failed", "hi": "डिलीवरी विफल"},
                             since(p.status_sk), p.vendor_id))
    for v in VendorItem.by_status.query("VENDOR#pending", limit=ATTENTION_LIMIT):
        out.append(Attention("pending_vendor", v.id, {"en": v.name.en, "hi": v.name.hi},
                             since(v.status_sk), v.block))
    for p in ProductItem.by_status.query("PRODUCT#pending_review", limit=ATTENTION_LIMIT):
        out.append(Attention("pending_listing", p.id, {"en": p.name.en, "hi": p.name.hi},
                             since(p.status_sk), p.vendor_id))
    from chalicelib.exports import watch
    out += [Attention(**item) for item in watch.items(now.date(), ATTENTION_LIMIT)]
    return out


def _payouts() -> list[Payout]:
    from chalicelib.catalog import repository as catalog
    out = []
    for vendor_id, due in sorted(figures.balances().items()):
        if due:
            v = catalog.get_vendor(vendor_id)
            name = {"en": v.name.en, "hi": v.name.hi} if v else {"en": vendor_id, "hi": vendor_id}
            out.append(Payout(vendor_id, name, due))
    return sorted(out, key=lambda p: -p.due_paise)


def gather(kind: str, start: date, end: date) -> ReportData:
    days = figures.by_day(start, end)
    totals: dict = {}
    for counts in days.values():
        for k, v in counts.items():
            totals[k] = totals.get(k, 0) + v
    delivered = totals.get("delivered", 0)
    new_vendors, new_listings = _decisions(start, end)
    blocks = {b: {"en": b, "hi": hi} for b, hi in BLOCK_NAMES_HI.items()}
    categories = _category_names()
    per_block, per_category = (figures.by_key(d, start, end) for d in ("BLOCK", "CATEGORY"))
    now = datetime.now(timezone.utc)
    return ReportData(
        id=report_id(kind, start, end), kind=kind, start=start, end=end,
        generated_at=now.isoformat(timespec="seconds"), stage=config.settings().stage,
        totals=_sales(totals),
        by_day=[(d, _sales(c)) for d, c in sorted(days.items())],
        by_category=_rows("CATEGORY", start, end, categories, per_category),
        by_block=_rows("BLOCK", start, end, blocks, per_block),
        by_maker=_rows("VENDOR", start, end),
        top_products=_rows("PRODUCT", start, end)[:10],
        delivery=Delivery(dispatched=totals.get("dispatched", 0), delivered=delivered,
                          returned=totals.get("returned", 0),
                          average_hours=round(totals.get("delivery_hours", 0) / delivered, 1)
                          if delivered else None,
                          within_48h=totals.get("within_48h", 0),
                          within_96h=totals.get("within_96h", 0)),
        payments=Payments(succeeded=totals.get("payments_succeeded", 0),
                          failed=totals.get("payments_failed", 0),
                          unpaid_cancelled=totals.get("unpaid_cancelled", 0)),
        new_vendors=new_vendors, new_listings=new_listings,
        attention=_attention(now), payouts=_payouts(),
        by_payment=[PaymentRow(**r) for r in figures.by_payment(start, end)],
        quality=quality.rows("block", per_block, blocks)
        + quality.rows("category", per_category, categories),
        exports=register.month_register(end.strftime("%Y-%m")))
