"""Do the books balance? Everything the local stack recorded, checked against itself and
against the payment gateways (Stripe, Razorpay): the one check the fault tests (and the load bench) end with.

    baseline = books.snapshot(info)                 # before the run
    ...                                             # orders, faults, restarts
    problems = books.settled(info, baseline=baseline)   # [] when everything balances

`info` is the local stack's description (`LocalStack.start()`'s return value, or
`.local/stack.json`): it needs `aws_endpoint_url`, `region`, `stripe_api_base`,
`stripe_secret_key` and, for the courier check, `courier_url`. The data are read
straight from moto and from Stripe's and Razorpay's APIs by books_state.py, never through our own
code, so a bug there cannot hide itself.

What "balance" means (each broken rule is one line of the returned list):
- every paid or confirmed order has every parcel booked with the courier, under a
  tracking number the courier has for that parcel (a parcel delivered by hand,
  COURIER_MODE=manual, has the number people recorded, or none before its handover); no order is stuck waiting; an order
  whose parcels have all reached their end (delivered, returned, cancelled) is completed;
- no unit oversold: no stock below zero, and for every variant stock + units held
  by live (not cancelled) orders is what it was at the baseline;
- the gateways vs our orders: a paid online order has exactly one successful payment
  (PaymentIntent, or captured Razorpay payment) of its total; a cancelled order keeps no
  money; every order's refunds are its gateway's; the counters by gateway and method
  (STAT#PAY) are what the orders show;
  no COD order and no unknown order was charged;
- the payout ledger has exactly one credit per delivered parcel (a returned one's is
  taken back, once, even when it came back after delivery), each entry pays its gross
  less commission, GST on it, TCS and TDS, a reversal is its credit with the sign
  changed, each vendor's balance counter is its ledger's sum, and the counters
  of chalicelib/stats (orders, parcels, units, GMV, cancellations, payments, refunds,
  dispatches, deliveries, returns) equal what the orders themselves show;
- payouts: a paid payout line is one ledger `payout` of its amount and is worth the
  entries it paid; an open (unpaid) entry is its ledger entry; a credit's gross is its
  parcel's value;
- the platform, per order: money collected − refunds = what the makers were credited
  (net + commission + GST on it + TCS + TDS) + shipping + paid goods in transit;
- no message is left: every queue is drained and no dead-letter queue has grown.
With a baseline, per-order rules apply to the orders placed since, and counters are
compared by how much they moved; without one, everything in the stack is checked.
"""
from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone

import requests

from tests.integration.books_money import (DEDUCTIONS, MONEY, payout_problems,
                                           platform_problems)
from tests.integration.books_quality import cod_refunds_paid, ledger_problems, score_problems
from tests.integration.books_state import State, messages, orders, payment_books, read

__all__ = ["Baseline", "snapshot", "discrepancies", "settled", "messages", "orders"]

LIVE = ("pending_payment", "paid", "confirmed", "completed")
SHIPPED_FLOW = ("picked_up", "in_transit", "out_for_delivery", "delivered")
FINAL = ("delivered", "returned", "cancelled")   # a parcel's ends: its order is completed
# counters derived from the orders (not every counter can be: see _derived)
PAY_COUNTERS = ("payments_succeeded", "paid_paise", "refunds", "refunded_paise")
CHECKED_COUNTERS = ("orders", "parcels", "units", "gmv_paise", "cod_orders", "cod_paise",
                    "cancelled", "cancelled_paise", "payments_succeeded", "payments_failed",
                    "refunds", "refunded_paise", "dispatched", "delivered", "returned")


@dataclass
class Baseline:
    held: dict[tuple[str, str], int]          # (product, variant) -> stock + units held
    orders: set[str]                          # order ids that already existed
    counters: dict[str, int]                  # the ALL counters summed over every day
    derived: dict[str, int]                   # the same, derived from the orders
    dead: dict[str, int]                      # messages in each dead-letter queue
    at: float = field(default_factory=time.time)


def _held(state: State) -> dict[tuple[str, str], int]:
    """Stock plus the units live orders hold, per variant: only a vendor's edit moves it."""
    held: dict[tuple[str, str], int] = defaultdict(int)
    for product in state.products:
        for v in product.get("variants") or []:
            held[(product["pk"].split("#", 1)[1], v["id"])] += int(v["stock"])
    for o in state.orders.values():
        if o["status"] in LIVE:
            gone = {line["product_id"] for p in state.parcels.get(o["id"], [])   # a maker
                    if p["status"] == "cancelled" for line in json.loads(p["lines"])}  # cancelled
            for line in json.loads(o["stock_lines"]):
                if line["product_id"] not in gone:
                    held[(line["product_id"], line["variant_id"])] += int(line["quantity"])
    return dict(held)


def _counters(state: State) -> dict[str, int]:
    """The ALL counters of chalicelib/stats, summed over every day."""
    total: Counter = Counter()
    for item in state.stats:
        if item["pk"] == "STAT#ALL":
            total.update({k: int(item.get(k) or 0) for k in CHECKED_COUNTERS})
    out = {k: total[k] for k in CHECKED_COUNTERS}
    for item in state.stats:          # by gateway and method (STAT#PAY <day>#<provider>:<method>)
        if item["pk"] == "STAT#PAY":
            key = item["sk"].split("#", 1)[1]
            for name in PAY_COUNTERS:
                out[f"{key} {name}"] = out.get(f"{key} {name}", 0) + int(item.get(name) or 0)
    return out


def _units(parcel: dict) -> int:
    return sum(int(line["quantity"]) for line in json.loads(parcel["lines"]))


def _applied(parcel: dict) -> list[str]:
    return [e["status"] for e in parcel.get("events") or [] if e.get("applied")]


def _derived(state: State, refunds: list[dict]) -> dict[str, int]:
    """What the counters should say, from the orders and parcels (and Stripe's refunds).
    Not derivable, so not checked: unpaid_cancelled (a paid order cancelled before its
    parcels were accepted looks the same) and delivery hours."""
    d: Counter = Counter()
    for o in state.orders.values():
        d["payments_succeeded"] += o.get("payment_status") in ("succeeded", "refunded")
        d["payments_failed"] += o.get("payment_status") == "failed"
        d["refunded_paise"] += int(o.get("refunded_paise") or 0)
        for p in state.parcels.get(o["id"], []):
            if not p.get("accepted_at"):
                continue
            first = p["sk"] == "PARCEL#01"
            value = int(p["value_paise"]) + int(p["shipping_paise"])
            d["orders"] += first
            d["parcels"] += 1
            d["units"] += _units(p)
            d["gmv_paise"] += value
            if o["payment_method"] == "cod":
                d["cod_orders"] += first
                d["cod_paise"] += value
            if p["status"] == "cancelled":
                d["cancelled"] += first
                d["cancelled_paise"] += value
            d["dispatched"] += any(s in SHIPPED_FLOW for s in _applied(p))
            d["delivered"] += "delivered" in _applied(p)   # and perhaps returned since
            d["returned"] += p["status"] == "returned"
    ours = {o.get("payment_intent_id") for o in state.orders.values()} - {None}
    mine = [r for r in refunds if r["_intent"] in ours]
    paid_by_hand = cod_refunds_paid(state)       # cash-on-delivery complaints' refunds
    d["refunds"] = len(mine) + sum(len(v) for v in paid_by_hand.values())
    out = {k: d[k] for k in CHECKED_COUNTERS}
    for key, counts in _by_payment(state, mine, paid_by_hand).items():
        for name, value in counts.items():
            out[f"{key} {name}"] = value
    return out


def _by_payment(state: State, refunds: list[dict],
                paid_by_hand: dict[str, list[int]]) -> dict[str, Counter]:
    """The STAT#PAY counters as the orders show them: an online order paid counts once under
    its gateway and the method it was paid by, with its total and its refunds; a COD order
    under cod:cod with each parcel accepted for dispatch (the order once)."""
    by_intent = Counter(r["_intent"] for r in refunds)
    out: dict[str, Counter] = defaultdict(Counter)
    for o in state.orders.values():
        if o["payment_method"] == "cod":
            for p in state.parcels.get(o["id"], []):
                if p.get("accepted_at"):
                    out["cod:cod"]["payments_succeeded"] += p["sk"] == "PARCEL#01"
                    out["cod:cod"]["paid_paise"] += int(p["value_paise"]) + int(p["shipping_paise"])
            out["cod:cod"]["refunds"] += len(paid_by_hand.get(o["id"], []))
            out["cod:cod"]["refunded_paise"] += sum(paid_by_hand.get(o["id"], []))
        elif o.get("payment_status") in ("succeeded", "refunded"):
            key = f"{o.get('payment_provider') or 'stripe'}:{o.get('paid_by') or 'card'}"
            out[key]["payments_succeeded"] += 1
            out[key]["paid_paise"] += int(o["total_paise"])
            out[key]["refunds"] += by_intent[o.get("payment_intent_id")]
            out[key]["refunded_paise"] += int(o.get("refunded_paise") or 0)
    return out


# -- checking ---------------------------------------------------------------------------
def snapshot(info: dict, stripe_client=None, quiet_timeout: float = 60) -> Baseline:
    """The books as they are now, to check a run against. Taken once nothing moves (no
    message in a queue, two reads alike), or after `quiet_timeout` as they are."""
    deadline = time.monotonic() + quiet_timeout
    last = None
    while True:
        state = read(info)
        _, refunds = payment_books(info, stripe_client)
        queues = messages(info)
        now = Baseline(held=_held(state), orders=set(state.orders), counters=_counters(state),
                       derived=_derived(state, refunds),
                       dead={n: c for n, c in queues.items() if n.endswith("-dlq")})
        busy = any(c for n, c in queues.items() if not n.endswith("-dlq"))
        same = last is not None and (last.held, last.counters, last.derived) == \
            (now.held, now.counters, now.derived)
        if (same and not busy) or time.monotonic() > deadline:
            return now
        last = now
        time.sleep(1)


def discrepancies(info: dict, stripe_client=None, baseline: Baseline | None = None,
                  stuck_after: float = 60, dead_letters: dict[str, int] | None = None,
                  courier: bool = True, placed: set[str] | None = None) -> list[str]:
    """Every way the books do not balance right now (empty: they do). `dead_letters`:
    messages a run is meant to leave in a dead-letter queue ({queue name: count});
    `stuck_after`: seconds after which an order still waiting for payment is stuck;
    `placed`: ids the API answered 201 for, each of which must be in the orders table."""
    state = read(info, {product for product, _ in baseline.held} if baseline else set())
    intents, refunds = payment_books(info, stripe_client)
    problems: list[str] = [f"order {oid} was placed (201) but is not in the orders table"
                           for oid in sorted(set(placed or ()) - set(state.orders))]
    scope = [o for o in state.orders.values()
             if baseline is None or o["id"] not in baseline.orders]
    for o in scope:
        problems += _order_problems(o, state.parcels.get(o["id"], []), stuck_after)
    problems += _money_problems(scope, state.orders, intents, refunds)
    problems += _ledger_problems(state, {o["id"] for o in scope})
    problems += platform_problems(scope, state, intents, refunds)
    problems += ledger_problems(state) + score_problems(state)
    if courier:
        problems += _courier_problems(info, [p for o in scope if o["status"] in LIVE
                                             for p in state.parcels.get(o["id"], [])])
    for product in state.products:
        for v in product.get("variants") or []:
            if int(v["stock"]) < 0:
                problems.append(f"stock of {product['pk']}/{v['id']} is {v['stock']}")
    for (product, variant), units in _held(state).items():
        if baseline is not None and units != baseline.held.get((product, variant), units):
            problems.append(f"{product}/{variant}: stock + units held by live orders is {units}, "
                            f"was {baseline.held[(product, variant)]} (oversold or released "
                            "twice)")
    counters, derived = _counters(state), _derived(state, refunds)
    for name in sorted(set(counters) | set(derived)):
        moved = counters.get(name, 0) - (baseline.counters.get(name, 0) if baseline else 0)
        happened = derived.get(name, 0) - (baseline.derived.get(name, 0) if baseline else 0)
        if moved != happened:
            problems.append(f"counter {name} moved by {moved}, the orders show {happened}")
    queues = messages(info)
    for name, count in queues.items():
        if name.endswith("-dlq"):
            expected = (baseline.dead.get(name, 0) if baseline else 0) + \
                (dead_letters or {}).get(name, 0)
            if count != expected:
                problems.append(f"dead-letter queue {name} holds {count} message(s), "
                                f"expected {expected}")
        elif count:
            problems.append(f"queue {name} still holds {count} message(s)")
    return problems


def _age(iso: str) -> float:
    at = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return (datetime.now(timezone.utc) - at).total_seconds()


def _order_problems(o: dict, parcels: list[dict], stuck_after: float) -> list[str]:
    oid, status = o["id"], o["status"]
    out = []
    if not parcels:
        out.append(f"order {oid} has no parcels")
    if status == "pending_payment" and _age(o["created_at"]) > stuck_after:
        out.append(f"order {oid} still waits for payment after {_age(o['created_at']):.0f} s")
    if status in ("paid", "confirmed") and parcels and all(p["status"] in FINAL
                                                          for p in parcels):
        out.append(f"order {oid} is still {status}, yet every parcel has reached its end")
    for p in parcels:
        where = f"order {oid} ({status}) parcel {p['id']} is {p['status']}"
        if status in ("paid", "confirmed", "completed"):
            if p["status"] in ("awaiting_payment", "cancelled"):
                out.append(where + ": never dispatched")
            elif not p.get("tracking_number") and not (
                    p.get("courier") == "manual" and p["status"] == "awaiting_pickup"):
                # (delivery by hand: no number until someone records the handover)
                out.append(where + " with no courier booking")
        elif status == "cancelled" and p["status"] != "cancelled":
            out.append(where + ": not cancelled with its order")
        elif status == "pending_payment" and p["status"] != "awaiting_payment":
            out.append(where + " before payment")
        if status == "completed" and p["status"] not in FINAL:
            out.append(where + " in a completed order")
        applied = _applied(p)
        if len(applied) != len(set(applied)):
            out.append(f"parcel {p['id']} applied a status twice: {applied}")
    return out


def _money_problems(scope: list[dict], orders: dict, intents: list[dict],
                    refunds: list[dict]) -> list[str]:
    out = []
    refunded = Counter()
    for r in refunds:
        refunded[r["_intent"]] += int(r["amount"])
    succeeded = defaultdict(list)
    for i in intents:
        if i["status"] == "succeeded":
            order_id = (i.get("metadata") or {}).get("order_id")
            succeeded[order_id].append(i)
            if order_id not in orders:
                out.append(f"the gateway charged {i['id']} for an unknown order {order_id!r}")
    for o in scope:
        oid, total = o["id"], int(o["total_paise"])
        paid = succeeded.get(oid, [])
        charged = sum(int(i["amount"]) for i in paid)
        back = sum(refunded[i["id"]] for i in paid)
        ours = int(o.get("refunded_paise") or 0)
        if o["payment_method"] == "cod":
            if paid:
                out.append(f"COD order {oid} was charged at a gateway")
            continue
        if back != ours:
            out.append(f"order {oid}: the gateway refunded {back}, the order says {ours}")
        if o["status"] in ("paid", "confirmed", "completed"):
            if len(paid) != 1:
                out.append(f"paid order {oid} has {len(paid)} successful PaymentIntents")
            elif paid[0]["id"] != o.get("payment_intent_id") or charged != total:
                out.append(f"paid order {oid}: intent {paid[0]['id']} of {charged}, the order "
                           f"has {o.get('payment_intent_id')} of {total}")
        elif o["status"] == "cancelled":
            if charged - back:
                out.append(f"cancelled order {oid} keeps {charged - back} paise")
            if paid and o.get("payment_status") != "refunded":
                out.append(f"cancelled, refunded order {oid} says payment "
                           f"{o.get('payment_status')}")
    return out


def _ledger_problems(state: State, scope: set[str]) -> list[str]:
    out = []
    by_parcel = defaultdict(list)
    balance = Counter()
    entries = defaultdict(dict)
    for e in state.ledger:
        if e["kind"] != "debit_complaint":   # a complaint's part: books_quality.py
            by_parcel[e["parcel_id"]].append(e["kind"])
            entries[e["parcel_id"]][e["kind"]] = e
        balance[e["vendor_id"]] += int(e["amount_paise"])
        taken = sum(int(e.get(f) or 0) for f in DEDUCTIONS)
        if e["kind"] != "payout" and int(e["amount_paise"]) != int(e["gross_paise"]) - taken:
            out.append(f"ledger {e['sk']} of {e['vendor_id']}: {e['amount_paise']} paid is not "
                       f"{e['gross_paise']} gross less {taken} deducted")
    for oid in scope:
        for p in state.parcels.get(oid, []):
            credit = entries.get(p["id"], {}).get("credit_delivery")
            if credit and int(credit["gross_paise"]) != int(p["value_paise"]):
                out.append(f"parcel {p['id']}: credited on a gross of {credit['gross_paise']}, "
                           f"its value is {p['value_paise']}")
    out += payout_problems(state)
    for parcel_id, kinds in entries.items():
        credit, debit = kinds.get("credit_delivery"), kinds.get("debit_refund")
        if credit and debit and any(int(debit.get(f) or 0) != -int(credit.get(f) or 0)
                                    for f in MONEY):
            out.append(f"parcel {parcel_id}: its reversal is not its credit with the sign changed")
    for oid in scope:
        for p in state.parcels.get(oid, []):
            kinds = sorted(by_parcel.get(p["id"], []))
            allowed = {"delivered": [["credit_delivery"]],   # credited once, never twice
                       "returned": [[], ["credit_delivery", "debit_refund"]]}  # taken back
            if kinds not in allowed.get(p["status"], [[]]):
                out.append(f"parcel {p['id']} ({p['status']}) has ledger entries {kinds}")
    counted = {s["sk"]: int(s.get("payout_paise") or 0) for s in state.stats
               if s["pk"] == "STAT#BALANCE"}
    for vendor in set(balance) | set(counted):
        if balance[vendor] != counted.get(vendor, 0):
            out.append(f"vendor {vendor}: ledger sums to {balance[vendor]}, balance counter "
                       f"{counted.get(vendor, 0)}")
    return out


def _courier_problems(info: dict, parcels: list[dict]) -> list[str]:
    out = []
    for p in parcels:
        if not p.get("tracking_number") or p.get("courier") == "manual":
            continue   # (recorded by hand: no courier API knows the number)
        r = requests.get(f"{info['courier_url']}/shipments/{p['tracking_number']}", timeout=10)
        if r.status_code != 200 or r.json().get("reference") != p["id"]:
            out.append(f"parcel {p['id']}: the courier has no shipment {p['tracking_number']} "
                       "for it")
    return out


def settled(info: dict, stripe_client=None, baseline: Baseline | None = None,
            timeout: float = 60, **kw) -> list[str]:
    """`discrepancies` once the stack has caught up (queues, webhooks, the courier are
    asynchronous): polled until it is empty, or its last answer after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        problems = discrepancies(info, stripe_client, baseline, **kw)
        if not problems or time.monotonic() > deadline:
            return problems
        time.sleep(2)
