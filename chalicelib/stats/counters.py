"""Pre-aggregated counters: what /admin/stats and the reports read instead of the orders.

Every counted change (a parcel accepted for dispatch, a payment's verdict, a delivery, a
refund...) is a conditional update of an order or parcel. The counters move in the same
DynamoDB transaction as that update, so a change is counted exactly once: a retried
message or a duplicate webhook fails the condition and counts nothing, and a crash
can never leave the change without its count (or the count without the change).

Items (orders table): pk STAT#<dim>, sk <day>#<key>, day in India time. Dimensions:
ALL (key "-"), CATEGORY (slug), BLOCK (block name), VENDOR (id), PRODUCT (id); and
STAT#BALANCE / <vendor id>, a vendor's payout balance over all time. PAY (key
<provider>:<method>, e.g. razorpay:upi, stripe:card, cod:cod) counts payments, the money
they took and the refunds of it by gateway and method (a COD order counts when confirmed:
the courier takes the money at the door).
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone

from chalicelib.db.order_models import StatItem
from chalicelib.db.times import stamp

IST = timezone(timedelta(hours=5, minutes=30))
DIMENSIONS = ("ALL", "CATEGORY", "BLOCK", "VENDOR", "PRODUCT", "PAY")
ALL_KEY = "-"


def day_of(iso: str | None = None) -> str:
    """The India-time date of an ISO UTC time (now when None), as YYYY-MM-DD."""
    at = datetime.now(timezone.utc) if iso is None else \
        datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return at.astimezone(IST).date().isoformat()


def utc_start(day) -> str:
    """The UTC time, as stored, at which an India-time day (a date) begins."""
    return stamp(datetime.combine(day, time(0), IST))


def hours_between(start_iso: str, end_iso: str) -> float:
    parse = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))  # noqa: E731
    return max(0.0, (parse(end_iso) - parse(start_iso)).total_seconds() / 3600)


@dataclass
class Deltas:
    """Counter changes, merged per item: one transaction may touch an item only once."""
    day: str
    items: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    labels: dict = field(default_factory=dict)

    def add(self, dim: str, key: str, label: dict | None = None, **counts: int) -> "Deltas":
        item = (f"STAT#{dim}", f"{self.day}#{key}" if dim != "BALANCE" else key)
        for name, value in counts.items():
            if value:
                self.items[item][name] += value
        if label:
            self.labels[item] = label
        return self

    def all(self, **counts: int) -> "Deltas":
        return self.add("ALL", ALL_KEY, **counts)

    def pay(self, provider: str, method: str, **counts: int) -> "Deltas":
        """Counts of payments and refunds by gateway and method (STAT#PAY)."""
        return self.add("PAY", f"{provider}:{method}", **counts)

    def score(self, vendor_id: str, **counts: int) -> "Deltas":
        """A maker's quality counts of the day (SCORE#<vid> / <day>: one Query reads 90 days)."""
        item = (f"SCORE#{vendor_id}", self.day)
        for name, value in counts.items():
            if value:
                self.items[item][name] += value
        return self

    def quality(self, vendor_id: str, block: str | None, category: str | None = None,
                **counts: int) -> "Deltas":
        """What buyers said or a maker did, counted on the maker's scorecard day and on the
        block's (and, when known, the category's) day for the reports' quality section."""
        self.score(vendor_id, **counts)
        self.add("BLOCK", block or "unknown", **counts)
        if category is not None:
            self.add("CATEGORY", category or "unknown", **counts)
        return self

    def rating(self, product_id: str, vendor_id: str, stars: int, count: int) -> "Deltas":
        """Published stars of a product and of its maker, over all time (STAT#RATING)."""
        for key in (f"PRODUCT#{product_id}", f"VENDOR#{vendor_id}"):
            for name, value in (("rating_sum", stars), ("rating_count", count)):
                if value:
                    self.items[("STAT#RATING", key)][name] += value
        return self

    def balance(self, vendor_id: str, amount_paise: int) -> "Deltas":
        return self.add("BALANCE", vendor_id, payout_paise=amount_paise)

    def updates(self) -> list[tuple[StatItem, list]]:
        """(item, PynamoDB update actions) for each counter item touched."""
        out = []
        for (pk, sk), counts in self.items.items():
            if not any(counts.values()):
                continue
            actions = [getattr(StatItem, name).add(value) for name, value in counts.items()
                       if value]
            label = self.labels.get((pk, sk))
            if label:
                text = json.dumps(label, ensure_ascii=False)
                actions.append(StatItem.label.set(StatItem.label | text))
            out.append((StatItem(pk, sk), actions))
        return out


def _lines_by(lines: list[dict], key: str) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for line in lines:
        groups[line.get(key) or "unknown"].append(line)
    return groups


def parcel_sale(parcel, lines: list[dict], method: str, first: bool, sign: int = 1,
                day: str | None = None) -> Deltas:
    """A parcel accepted for dispatch (sign 1) or cancelled after that (sign -1, counted as
    a cancellation, not subtracted). `first`: the order's first parcel carries the
    order-level counts, so an order of three makers is one order."""
    d = Deltas(day or day_of())
    value = int(parcel.value_paise)
    order_value = value + int(parcel.shipping_paise)
    units = sum(int(line["quantity"]) for line in lines)
    if sign > 0:
        d.score(parcel.vendor_id, orders=1)   # the maker's scorecard counts parcels as orders
        d.all(orders=int(first), gmv_paise=order_value, units=units, parcels=1,
              cod_orders=int(first and method == "cod"),
              cod_paise=order_value if method == "cod" else 0)
        if method == "cod":
            d.pay("cod", "cod", payments_succeeded=int(first), paid_paise=order_value)
    else:
        d.all(cancelled=int(first), cancelled_paise=order_value)

    def count(dim: str, key: str, label, group: list[dict]) -> None:
        gmv = sum(int(line["line_total_paise"]) for line in group)
        if sign > 0:
            d.add(dim, key, label, orders=1, gmv_paise=gmv,
                  units=sum(int(line["quantity"]) for line in group))
        else:
            d.add(dim, key, label, cancelled=1, cancelled_paise=gmv)

    count("VENDOR", parcel.vendor_id, lines[0].get("vendor_name") if lines else None, lines)
    count("BLOCK", (lines[0].get("block") if lines else None) or "unknown", None, lines)
    for category, group in _lines_by(lines, "category").items():
        count("CATEGORY", category, None, group)
    for product_id, group in _lines_by(lines, "product_id").items():
        count("PRODUCT", product_id, group[0].get("product_name"), group)
    return d


ON_THE_WAY = ("picked_up", "in_transit", "out_for_delivery", "delivered")


def leaves_for_delivery(before: str, status: str) -> bool:
    """The courier has the parcel: its first event on the way, whichever arrives first
    (a late or lost picked_up must not leave a delivered parcel undispatched)."""
    return before == "awaiting_pickup" and status in ON_THE_WAY


def parcel_moved(parcel, status: str) -> Deltas:
    """The courier moved a parcel from its current status: dispatched, delivered (with how
    long it took), returned."""
    d = Deltas(day_of())
    if leaves_for_delivery(parcel.status, status):
        d.all(dispatched=1).add("VENDOR", parcel.vendor_id, dispatched=1)
    if status == "delivered":
        hours = hours_between(parcel.accepted_at or parcel.created_at, stamp())
        timing = {"delivered": 1, "delivery_hours": round(hours, 2),
                  "within_48h": int(hours <= 48), "within_96h": int(hours <= 96)}
        d.all(**timing).add("VENDOR", parcel.vendor_id, **timing)
    elif status == "returned":
        d.all(returned=1).add("VENDOR", parcel.vendor_id, returned=1)
    return d
