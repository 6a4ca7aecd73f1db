"""The money rules of the books check (books.py): the makers' payouts against the ledger,
and the platform's money per order. Split from books.py to keep each module readable."""
from __future__ import annotations

from collections import Counter

from tests.integration.books_quality import owed_by_parcel, paid_back_by_parcel
from tests.integration.books_state import State

DEDUCTIONS = ("commission_paise", "commission_gst_paise", "tcs_cgst_paise", "tcs_sgst_paise",
              "tcs_igst_paise", "tds_paise")
MONEY = ("amount_paise", "gross_paise", "taxable_paise", "sales_gst_paise", "tds_base_paise",
         "tcs_base_paise") + DEDUCTIONS


def platform_problems(scope: list[dict], state: State, intents: list[dict],
                       refunds: list[dict]) -> list[str]:
    """The platform's money, order by order: what Stripe kept (charged less refunded; for
    COD, the cash of the parcels delivered) is what the makers were credited — their net
    plus commission, GST on it, TCS and TDS, i.e. the parcel's value — plus shipping, plus
    the goods of paid parcels still on their way. Summed over the stack: money collected −
    refunds = payouts + balances + commission + GST on commission + TCS + TDS + shipping +
    goods in transit (payouts + balances = the makers' net credits)."""
    out = []
    back = Counter()
    for r in refunds:
        back[r["_intent"]] += int(r["amount"])
    kept_at_stripe = Counter()
    for i in intents:
        if i["status"] == "succeeded":
            kept_at_stripe[(i.get("metadata") or {}).get("order_id")] += int(i["amount"]) - back[i["id"]]
    credited_of = Counter()   # a delivered parcel's credit, less complaints' parts of it
    for e in state.ledger:
        if e["kind"] in ("credit_delivery", "debit_complaint"):
            credited_of[e["parcel_id"]] += int(e["amount_paise"]) + sum(
                int(e.get(f) or 0) for f in DEDUCTIONS)
    owed, paid_back = owed_by_parcel(state), paid_back_by_parcel(state)
    for o in scope:
        card = o["payment_method"] != "cod"   # paid online: Stripe or Razorpay
        collected, accounted = kept_at_stripe[o["id"]] if card else 0, 0
        for p in state.parcels.get(o["id"], []):
            value, shipping = int(p["value_paise"]), int(p["shipping_paise"])
            if p["status"] == "delivered":
                # a cash-on-delivery complaint's refund: owed until the office pays it
                accounted += credited_of[p["id"]] + shipping + owed[p["id"]]
                collected += 0 if card else value + shipping - paid_back[p["id"]]
            elif card and o.get("payment_status") == "succeeded" and \
                    p["status"] not in ("returned", "cancelled") and not p.get("refunded_paise"):
                accounted += value + shipping                 # paid, on its way
        if collected != accounted:
            out.append(f"order {o['id']}: {collected} collected less refunds, {accounted} "
                       "credited to makers (with deductions), shipping and goods in transit")
    return out


def payout_problems(state: State) -> list[str]:
    """Each maker: credits − reversals − deductions − payouts = balance (the per-entry rule
    and the balance counter above); here the payouts: a paid line is one `payout` entry of
    its amount, and its amount is what its entries were worth; an open entry is its ledger
    entry."""
    out = []
    by_sk = {(e["vendor_id"], e["sk"]): e for e in state.ledger}
    payouts = {(e["vendor_id"], e["order_id"]): e for e in state.ledger if e["kind"] == "payout"}
    for line in state.payout_lines:
        worth = sum(int(by_sk.get((line["vendor_id"], sk.split("#", 1)[1]), {}).get("amount_paise", 0))
                    for sk in line.get("entries") or [])
        if worth != int(line["amount_paise"]):
            out.append(f"payout line {line['pk']}/{line['vendor_id']}: {line['amount_paise']} "
                       f"for entries worth {worth}")
        paid = payouts.get((line["vendor_id"], line["run_id"]))
        if (line["status"] == "paid") != (paid is not None) or \
                (paid and int(paid["amount_paise"]) != -int(line["amount_paise"])):
            out.append(f"payout line {line['pk']}/{line['vendor_id']} ({line['status']}) and its "
                       f"ledger payout {paid and paid['amount_paise']} disagree")
    for p in state.payable:
        entry = by_sk.get((p["vendor_id"], p["ledger_sk"]))
        if entry is None or int(entry["amount_paise"]) != int(p["amount_paise"]):
            out.append(f"open entry {p['sk']} of {p['vendor_id']} is not its ledger entry")
    return out
