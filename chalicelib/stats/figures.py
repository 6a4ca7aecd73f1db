"""Reading the counters: figures for a period, per dimension, and the admin dashboard.

One Query per dimension and period (the counters of a dimension share a partition,
sorted by day); nothing here reads an order.
"""
from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone

from chalicelib.db.order_models import StatItem, bind
from chalicelib.stats.counters import ALL_KEY, IST

FIELDS = tuple(name for name in StatItem.get_attributes()
               if name not in ("pk", "sk", "label", "status_pk", "status_sk", "vendor_pk",
                               "vendor_sk", "day_pk", "day_sk"))


def today() -> date:
    return datetime.now(timezone.utc).astimezone(IST).date()


def rows(dim: str, start: date, end: date) -> list[StatItem]:
    """Every counter item of a dimension for the days start..end (inclusive)."""
    bind()
    return list(StatItem.query(f"STAT#{dim}", StatItem.sk.between(
        start.isoformat(), end.isoformat() + "#\uffff")))


def _counts(item: StatItem) -> dict:
    return {f: (float(v) if f == "delivery_hours" else int(v))
            for f in FIELDS if (v := getattr(item, f, None)) is not None}


def by_key(dim: str, start: date, end: date) -> dict[str, dict]:
    """{key: summed counts (+ "label")} over the period."""
    out: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for item in rows(dim, start, end):
        key = item.sk.split("#", 1)[1]
        for name, value in _counts(item).items():
            out[key][name] += value
        if item.label:
            out[key]["label"] = json.loads(item.label)
    return {k: dict(v) for k, v in out.items()}


def by_day(start: date, end: date) -> dict[date, dict]:
    """The ALL counters of each day of the period (days without any: empty dict)."""
    days = {start + timedelta(n): {} for n in range((end - start).days + 1)}
    for item in rows("ALL", start, end):
        day, key = item.sk.split("#", 1)
        if key == ALL_KEY:
            days[date.fromisoformat(day)] = _counts(item)
    return days


def payment_rows(per_key: dict[str, dict]) -> list[dict]:
    """STAT#PAY counts summed by key (<gateway>:<method>) as rows, most money first."""
    out = []
    for key, c in per_key.items():
        provider, _, method = key.partition(":")
        out.append({"provider": provider, "method": method,
                    "payments": c.get("payments_succeeded", 0),
                    "paid_paise": c.get("paid_paise", 0),
                    "failed": c.get("payments_failed", 0), "refunds": c.get("refunds", 0),
                    "refunded_paise": c.get("refunded_paise", 0)})
    return sorted(out, key=lambda r: (-r["paid_paise"], r["provider"], r["method"]))


def by_payment(start: date, end: date) -> list[dict]:
    """Payments and refunds by gateway and method over the period, most money first."""
    return payment_rows(by_key("PAY", start, end))


def _since(items: list[StatItem], first: date) -> dict[str, dict]:
    """The counts of a dimension's items from the day `first` on, summed by key."""
    out: dict = defaultdict(lambda: defaultdict(int))
    for item in items:
        day, key = item.sk.split("#", 1)
        if date.fromisoformat(day) >= first:
            for k, v in _counts(item).items():
                out[key][k] += v
    return out


def balances() -> dict[str, int]:
    """Each vendor's payout balance (credits for delivered parcels minus refund debits)."""
    bind()
    return {item.sk: int(item.payout_paise or 0) for item in StatItem.query("STAT#BALANCE")}


def summary(counts: dict) -> dict:
    """The headline figures of summed ALL counters."""
    c = defaultdict(int, counts)
    attempts = c["payments_succeeded"] + c["payments_failed"]
    return {"orders": c["orders"], "gmv_paise": c["gmv_paise"],
            "net_paise": c["gmv_paise"] - c["cancelled_paise"], "units": c["units"],
            "cod_orders": c["cod_orders"], "cancelled": c["cancelled"],
            "refunded_paise": c["refunded_paise"],
            "payment_success_rate": round(c["payments_succeeded"] / attempts, 4) if attempts
            else None,
            "delivered": c["delivered"],
            "average_delivery_hours": round(c["delivery_hours"] / c["delivered"], 1)
            if c["delivered"] else None}


def admin_stats(top: int = 5) -> dict:
    """Today, the last 7 and the last 30 days (India time): two Queries in all."""
    end = today()
    start = end - timedelta(days=29)
    days = by_day(start, end)
    categories = rows("CATEGORY", start, end)
    payments = rows("PAY", start, end)
    periods = {}
    for name, length in (("today", 1), ("last_7_days", 7), ("last_30_days", 30)):
        first = end - timedelta(days=length - 1)
        totals: dict = defaultdict(int)
        for day, counts in days.items():
            if day >= first:
                for k, v in counts.items():
                    totals[k] += v
        ranked = sorted(_since(categories, first).items(),
                        key=lambda kv: (-kv[1]["gmv_paise"], kv[0]))
        periods[name] = {**summary(totals), "from": first.isoformat(), "to": end.isoformat(),
                         "top_categories": [{"category": slug, "orders": c["orders"],
                                             "gmv_paise": c["gmv_paise"], "units": c["units"]}
                                            for slug, c in ranked[:top] if c["gmv_paise"]],
                         "by_payment": payment_rows(_since(payments, first))}
    return {"as_of": datetime.now(timezone.utc).isoformat(timespec="seconds"), **periods}
