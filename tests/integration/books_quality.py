"""The books' rules for what buyers said (chalicelib/quality), read from moto like the rest:

- a decided complaint with a refund takes back exactly its part of the parcel's credit:
  one `debit_complaint` entry of the goods refunded (never shipping), no other entry;
- a complaint's refund is the order's: paid online, at the gateway (books.py compares
  refunds); cash on delivery, owed while `refund_pending` and refunded once marked paid;
- the makers' scorecard counts (SCORE#<vid>, over all days) are what the parcels,
  complaints and published reviews show: orders (parcels accepted), parcels the maker
  cancelled, complaints by reason, items collected back, refunds, stars.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from tests.integration.books_state import State

REASONS = ("damaged", "not_as_described", "wrong_or_missing", "quality")
SCORED = ("orders", "maker_cancelled", "complaints", "returns", "complaint_refunds",
          "complaint_refunded_paise", "rating_sum", "rating_count",
          *(f"c_{r}" for r in REASONS))


def _refund(c: dict) -> int:
    return int((c.get("decision") or {}).get("refund_paise") or 0)


def cod_refunds_paid(state: State) -> dict[str, list[int]]:
    """Order id -> the amounts of its cash-on-delivery complaint refunds marked paid."""
    out: dict[str, list[int]] = defaultdict(list)
    for c in state.complaints:
        if c["payment_method"] == "cod" and (c.get("refund") or {}).get("status") == "paid":
            out[c["order_id"]].append(_refund(c))
    return out


def owed_by_parcel(state: State) -> Counter:
    """Parcel id -> cash-on-delivery refunds decided and not yet paid (owed to the buyer)."""
    owed: Counter = Counter()
    for c in state.complaints:
        if c["status"] == "refund_pending":
            owed[c["parcel_id"]] += _refund(c)
    return owed


def paid_back_by_parcel(state: State) -> Counter:
    paid: Counter = Counter()
    for c in state.complaints:
        if c["payment_method"] == "cod" and (c.get("refund") or {}).get("status") == "paid":
            paid[c["parcel_id"]] += _refund(c)
    return paid


def ledger_problems(state: State) -> list[str]:
    out = []
    debits = {e["sk"]: e for e in state.ledger if e["kind"] == "debit_complaint"}
    expected = set()
    for c in state.complaints:
        amount = _refund(c)
        if not amount:
            continue
        parcel = next((p for p in state.parcels.get(c["order_id"], [])
                       if p["id"] == c["parcel_id"]), None)
        if parcel is None or parcel["status"] != "delivered":
            continue
        sk = f"debit_complaint#{c['parcel_id']}#{c['id']}"
        expected.add(sk)
        entry = debits.get(sk)
        goods = min(amount, int(c["line_total_paise"]))
        if entry is None:
            out.append(f"complaint {c['id']}: refunded {amount}, nothing taken from the maker")
        elif int(entry["gross_paise"]) != -goods:
            out.append(f"complaint {c['id']}: took back {entry['gross_paise']} of a "
                       f"{goods} refund of goods")
    for sk in set(debits) - expected:
        out.append(f"ledger {sk}: taken back for no refunded complaint")
    return out


def _derived_scores(state: State) -> dict[str, Counter]:
    d: dict[str, Counter] = defaultdict(Counter)
    for parcels in state.parcels.values():
        for p in parcels:
            if p.get("accepted_at"):
                d[p["vendor_id"]]["orders"] += 1
            if any(e.get("status") == "cancelled" and e.get("by") == "maker"
                   for e in p.get("events") or []):
                d[p["vendor_id"]]["maker_cancelled"] += 1
    for c in state.complaints:
        got = d[c["vendor_id"]]
        got["complaints"] += 1
        got[f"c_{c['reason']}"] += 1
        got["returns"] += bool((c.get("decision") or {}).get("collect"))
        if c["status"] == "closed" and _refund(c):
            got["complaint_refunds"] += 1
            got["complaint_refunded_paise"] += _refund(c)
    for r in state.reviews:
        if r["status"] == "published":
            d[r["vendor_id"]]["rating_sum"] += int(r["rating"])
            d[r["vendor_id"]]["rating_count"] += 1
    return d


def score_problems(state: State) -> list[str]:
    counted: dict[str, Counter] = defaultdict(Counter)
    for item in state.scores:
        vendor = item["pk"].split("#", 1)[1]
        counted[vendor].update({k: int(item.get(k) or 0) for k in SCORED})
    derived = _derived_scores(state)
    out = []
    for vendor in sorted(set(counted) | set(derived)):
        for name in SCORED:
            if counted[vendor][name] != derived[vendor][name]:
                out.append(f"scorecard {vendor} {name}: counted {counted[vendor][name]}, "
                           f"the orders show {derived[vendor][name]}")
    return out
