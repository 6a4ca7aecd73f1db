"""A maker's scorecard over the last 90 days, from counts kept as things happen.

Every counted event (a parcel accepted, packed late, cancelled by the maker, a complaint,
an item collected back, a review published) adds to the maker's day item SCORE#<vid> /
<India date> in the same transaction as the event itself (chalicelib/stats/counters.py).
A scorecard is one Query of at most 90 such items: no Scan, nothing recomputed from orders.

Thresholds (config.QUALITY_THRESHOLDS, per stage) flag a maker with at least `min_orders`
orders in the window: complaint, late-packing or cancellation rate above its limit, or an
average rating below it. A flag is kept as FLAG#<vid> (on the `by_status` index under
FLAGGED while it stands): checked after each counted event, and when a maker becomes
flagged their facilitator and the office get one mail. Makers leave the list when their
figures recover (checked again when the list is read).
"""
from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

from pynamodb.exceptions import PutError

from chalicelib import config
from chalicelib.db.conditions import conditional_failed
from chalicelib.db.order_models import StatItem
from chalicelib.db.quality_models import FlagItem, ReviewItem, bind
from chalicelib.observability import logger, metric
from chalicelib.orders import repository as orders_repo
from chalicelib.quality import rules
from chalicelib.stats.figures import today

WINDOW_DAYS = 90
COUNTS = ("orders", "packed_late", "maker_cancelled", "complaints", "returns", "rating_sum",
          "rating_count", "complaint_refunds", "complaint_refunded_paise",
          *(f"c_{r}" for r in rules.REASONS))


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def totals(vendor_id: str, end: date | None = None) -> tuple[str, dict]:
    end = end or today()
    since = (end - timedelta(days=WINDOW_DAYS - 1)).isoformat()
    bind()
    sums = dict.fromkeys(COUNTS, 0)
    for day in StatItem.query(f"SCORE#{vendor_id}",
                              StatItem.sk.between(since, end.isoformat())):
        for name in COUNTS:
            sums[name] += int(getattr(day, name, None) or 0)
    return since, sums


def flags_of(sums: dict) -> list[dict]:
    limits = config.settings().quality_thresholds
    orders = sums["orders"]
    if orders < limits["min_orders"]:
        return []
    out = []
    for code, part, key in (("complaints", sums["complaints"], "complaints_bp"),
                            ("late_packing", sums["packed_late"], "late_packing_bp"),
                            ("cancellations", sums["maker_cancelled"], "cancellations_bp")):
        value = _rate(part, orders)
        if part * 10_000 > limits[key] * orders:
            out.append({"code": code, "value": value, "threshold": limits[key] / 10_000})
    if sums["rating_count"] and sums["rating_sum"] * 10 < limits["min_rating_x10"] * \
            sums["rating_count"]:
        out.append({"code": "low_rating",
                    "value": round(sums["rating_sum"] / sums["rating_count"], 1),
                    "threshold": limits["min_rating_x10"] / 10})
    return out


def card(vendor, said: bool = True) -> dict:
    since, s = totals(vendor.id)
    orders = s["orders"]
    reasons = sorted(((r, s[f"c_{r}"]) for r in rules.REASONS if s[f"c_{r}"]),
                     key=lambda x: -x[1])
    out = {"vendor_id": vendor.id, "name": {"en": vendor.name.en, "hi": vendor.name.hi},
           "block": vendor.block, "window_days": WINDOW_DAYS, "since": since, "orders": orders,
           "packed_late": s["packed_late"], "packed_late_rate": _rate(s["packed_late"], orders),
           "cancelled_by_maker": s["maker_cancelled"],
           "cancel_rate": _rate(s["maker_cancelled"], orders),
           "complaints": s["complaints"], "complaint_rate": _rate(s["complaints"], orders),
           "returns": s["returns"], "return_rate": _rate(s["returns"], orders),
           "refunded_paise": s["complaint_refunded_paise"],
           "top_reasons": [{"reason": r, "count": n} for r, n in reasons],
           "rating": {"average": round(s["rating_sum"] / s["rating_count"], 1),
                      "count": s["rating_count"]} if s["rating_count"] else None,
           "flags": flags_of(s)}
    if said:
        out["said"] = what_buyers_said(vendor.id)
    return out


def what_buyers_said(vendor_id: str) -> dict:
    from chalicelib.quality import complaints, photos
    bind()
    reviews = ReviewItem.by_vendor.query(f"VREVIEWS#{vendor_id}", scan_index_forward=False,
                                         limit=5)
    plain = orders_repo.plain
    return {"reviews": [{"id": r.id, "rating": int(r.rating), "text": r.text or "",
                         "product_name": plain(r.product_name), "created_at": r.created_at}
                        for r in reviews],
            "complaints": [{"id": c.id, "reason": c.reason, "text": c.text,
                            "status": "refund_pending" if c.status == "refunding" else c.status,
                            "photos": photos.views("complaint", c.photos),
                            "product_name": plain(c.product_name), "created_at": c.created_at}
                           for c in complaints.recent(vendor_id)]}


def _badness(c: dict) -> tuple:
    return (not c["flags"], -c["complaint_rate"], -c["packed_late_rate"], -c["cancel_rate"],
            (c["rating"] or {}).get("average", 5.0))


def worst_first(cards: list[dict]) -> list[dict]:
    return sorted(cards, key=_badness)


def _cards(vendor_ids: list[str]) -> list[dict]:
    from chalicelib.vendors import repository as vendors

    def one(vid: str):
        vendor = vendors.get(vid)
        return card(vendor) if vendor is not None else None

    with ThreadPoolExecutor(max_workers=8) as pool:
        return [c for c in pool.map(one, dict.fromkeys(vendor_ids)) if c is not None]


def of_facilitator(sub: str) -> list[dict]:
    from chalicelib.vendors import repository as vendors
    ids = [m.vendor_id for m in vendors.memberships(sub) if m.role == "facilitator"]
    return worst_first(_cards(ids))


def flagged() -> list[dict]:
    bind()
    ids = [f.vendor_id for f in FlagItem.by_status.query("FLAGGED")]
    cards = _cards(ids)
    for c in cards:
        if not c["flags"]:
            _unflag(c["vendor_id"])
    return worst_first([c for c in cards if c["flags"]])


def approved_makers(limit: int = 200) -> list[dict]:
    """Every approved maker's scorecard (the office's whole list; a Query per maker)."""
    from chalicelib.db.models import VendorItem
    from chalicelib.vendors import repository as vendors
    items, _ = vendors.by_status_page("VENDOR#approved", VendorItem, limit, None)
    return worst_first(_cards([v.id for v in items]))


# --- flags ------------------------------------------------------------------------------

def check(vendor_id: str) -> list[dict]:
    """Flag (or clear) the maker after a counted event; tell them once when newly flagged.
    Never fails the event that called it."""
    try:
        from chalicelib.vendors import repository as vendors
        vendor = vendors.get(vendor_id)
        if vendor is None:
            return []
        current = card(vendor, said=False)
        if current["flags"]:
            _flag(vendor, current)
        else:
            _unflag(vendor_id)
        return current["flags"]
    except Exception:   # a scorecard is advice: the complaint or review stands regardless
        logger.exception("scorecard check failed", extra={"vendor_id": vendor_id})
        return []


def _flag(vendor, current: dict) -> None:
    now = orders_repo.now()
    rank = f"{1 - current['complaint_rate']:.4f}#{vendor.id}"
    item = FlagItem(f"FLAG#{vendor.id}", "FLAG", vendor_id=vendor.id,
                    flags=json.dumps(current["flags"]), flagged_at=now, status_pk="FLAGGED",
                    status_sk=rank)
    try:
        item.save(condition=FlagItem.status_pk.does_not_exist())
    except PutError as exc:
        if not conditional_failed(exc):
            raise
        FlagItem(f"FLAG#{vendor.id}", "FLAG").update(actions=[
            FlagItem.flags.set(json.dumps(current["flags"])), FlagItem.status_sk.set(rank)])
        return
    metric("MakersFlagged")
    from chalicelib.quality import mails
    mails.maker_flagged(vendor, current)


def _unflag(vendor_id: str) -> None:
    bind()
    try:
        FlagItem(f"FLAG#{vendor_id}", "FLAG").update(
            actions=[FlagItem.status_pk.remove(), FlagItem.status_sk.remove()],
            condition=FlagItem.status_pk.exists())
    except Exception as exc:   # not flagged: nothing to clear
        if not conditional_failed(exc):
            raise
