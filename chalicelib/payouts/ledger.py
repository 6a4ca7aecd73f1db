"""A maker's ledger: the credit for a delivered parcel — its value less commission, GST on
the commission, TCS and TDS (`deductions`) — and its reversal when the parcel comes back,
or the part of it a buyer's complaint refunded (`debit_complaint`, scaled from the credit).

Each entry is written once (its key names the parcel) in one transaction with the maker's
balance counter and, for credits, the maker's TDS base for the financial year (the ₹5 lakh
exemption needs what was sold before). Two deliveries of one maker at once race on that
total: the loser's condition fails and it computes again on the new total.
"""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib import config
from chalicelib.db.conditions import conditional_failed
from chalicelib.db.order_models import LedgerItem, ParcelItem, StatItem
from chalicelib.db.payout_models import PayableItem, TaxMonthItem, bind
from chalicelib.db.times import stamp
from chalicelib.orders import repository as orders_repo
from chalicelib.payouts import taxrules
from chalicelib.payouts.deductions import TaxProfile, for_parcel
from chalicelib.stats.counters import Deltas, day_of

# Every signed money field of an entry: a reversal negates each.
MONEY = ("amount_paise", "gross_paise", "commission_paise", "sales_gst_paise", "taxable_paise",
         "commission_gst_paise", "tcs_cgst_paise", "tcs_sgst_paise", "tcs_igst_paise",
         "tcs_base_paise", "tds_base_paise", "tds_paise")
_TRIES = 8


class LedgerRace(RuntimeError):
    """The year's total kept moving under us: let the event be retried."""


def profile_of(vendor) -> TaxProfile:
    if vendor is None:   # a maker deleted since: the safest reading (no PAN known)
        return TaxProfile(None, None, False)
    return TaxProfile(vendor.gst_status, vendor.pan, bool(vendor.individual))


def _hold_hours(lines: list[dict]) -> int:
    override = config.settings().payout_hold_hours
    if override is not None:
        return override
    return max((taxrules.return_window_hours(l.get("category")) for l in lines),
               default=taxrules.RETURN_WINDOW_HOURS_DEFAULT)


def _year_key(vendor_id: str, day: date) -> tuple[str, str]:
    return "STAT#TDSYEAR", f"{vendor_id}#{taxrules.financial_year(day)}"


def year_base(vendor_id: str, day: date) -> int:
    bind()
    try:
        return int(StatItem.get(*_year_key(vendor_id, day), consistent_read=True)
                   .year_base_paise or 0)
    except StatItem.DoesNotExist:
        return 0


def credit_delivery(parcel: ParcelItem, vendor, intra_state: bool,
                    paid_by: str | None = None) -> bool:
    """Credit the maker for a delivered parcel, once. False when it was credited already.
    `paid_by`: how the buyer paid (<gateway>:<method>), for the payout's books."""
    lines = json.loads(parcel.lines)
    now = orders_repo.now()
    day = date.fromisoformat(day_of(now))
    profile = profile_of(vendor)
    delivered = datetime.fromisoformat(now.replace("Z", "+00:00"))
    payable_at = stamp(delivered + timedelta(hours=_hold_hours(lines)))
    for _ in range(_TRIES):
        before = year_base(parcel.vendor_id, day)
        d = for_parcel(lines, profile, intra_state, day, config.settings().commission_bp, before)
        entry = LedgerItem(
            f"LEDGER#{parcel.vendor_id}", f"credit_delivery#{parcel.id}",
            vendor_id=parcel.vendor_id, kind="credit_delivery", amount_paise=d.net_paise,
            gross_paise=d.gross_paise, commission_paise=d.commission_paise,
            sales_gst_paise=d.sales_gst_paise, taxable_paise=d.taxable_paise,
            commission_bp=d.commission_bp, commission_gst_paise=d.commission_gst_paise,
            tcs_cgst_paise=d.tcs_cgst_paise, tcs_sgst_paise=d.tcs_sgst_paise,
            tcs_igst_paise=d.tcs_igst_paise, tcs_base_paise=d.tcs_base_paise,
            tds_rate_bp=d.tds_rate_bp, tds_base_paise=d.tds_base_paise, tds_paise=d.tds_paise,
            gst_status=profile.gst_status, gstin=getattr(vendor, "gstin", None),
            pan=profile.pan, intra_state=intra_state, day=day.isoformat(),
            payable_at=payable_at, paid_by=paid_by,
            order_id=parcel.order_id, parcel_id=parcel.id, at=now)
        added = before + (d.taxable_paise if taxrules.TDS_BASE_EXCLUDES_SEPARATE_GST
                          else d.gross_paise)
        outcome = _write(entry, _year_key(parcel.vendor_id, day), before, added)
        if outcome is not None:
            return outcome
    raise LedgerRace(f"the TDS year of {parcel.vendor_id} kept changing")


def _month_actions(entry: LedgerItem) -> list:
    """The maker's month (the entry's India-time day) moves with the entry."""
    value = lambda f: int(getattr(entry, f) or 0)  # noqa: E731
    returned = entry.kind != "credit_delivery"
    # a parcel comes back whole (debit_refund); a complaint's refund takes back part of its
    # value (debit_complaint) and leaves the parcel counted
    adds = {"parcels": -1 if entry.kind == "debit_refund" else 0 if returned else 1,
            "gross_paise": 0 if returned else value("gross_paise"),
            "returned_paise": -value("gross_paise") if returned else 0,
            "taxable_paise": 0 if returned else value("taxable_paise"),
            "returned_taxable_paise": -value("taxable_paise") if returned else 0,
            **{f: value(f) for f in ("sales_gst_paise", "commission_paise",
                                     "commission_gst_paise", "tcs_cgst_paise", "tcs_sgst_paise",
                                     "tcs_igst_paise", "tds_base_paise", "tds_paise")},
            "net_paise": value("amount_paise")}
    actions = [getattr(TaxMonthItem, f).add(v) for f, v in adds.items() if v]
    actions.append(TaxMonthItem.vendor_id.set(entry.vendor_id))
    for f in ("gst_status", "gstin", "pan"):
        if getattr(entry, f):
            actions.append(getattr(TaxMonthItem, f).set(getattr(entry, f)))
    return actions


def month_key(vendor_id: str, day: str) -> tuple[str, str]:
    return f"TAXMONTH#{day[:7]}", vendor_id


def _write(entry: LedgerItem, year: tuple[str, str] | None = None, before: int = 0,
           after: int = 0) -> bool | None:
    """The entry, its payable twin (OPEN#), the maker's balance and month, and for a
    credit the TDS year, in one transaction. True: written; False: the entry exists
    already; None: the year's total moved meanwhile (compute again)."""
    bind()
    balance = Deltas(entry.at[:10]).balance(entry.vendor_id, int(entry.amount_paise))
    payable = PayableItem(f"OPEN#{entry.vendor_id}", f"{entry.payable_at}#{entry.sk}",
                          vendor_id=entry.vendor_id, ledger_sk=entry.sk,
                          amount_paise=int(entry.amount_paise), payable_at=entry.payable_at)
    try:
        with TransactWrite(connection=orders_repo.connection()) as tw:
            tw.save(entry, condition=LedgerItem.pk.does_not_exist())
            tw.save(payable)
            tw.update(TaxMonthItem(*month_key(entry.vendor_id, entry.day)),
                      actions=_month_actions(entry))
            if year is not None:
                same = (StatItem.year_base_paise == before) if before else \
                    StatItem.year_base_paise.does_not_exist() | (StatItem.year_base_paise == 0)
                tw.update(StatItem(*year), actions=[StatItem.year_base_paise.set(after)],
                          condition=same)
            for stat, actions in balance.updates():
                tw.update(stat, actions=actions)
        return True
    except TransactWriteError as exc:
        if not conditional_failed(exc):
            raise
    return False if _exists(entry) else None


def _exists(entry: LedgerItem) -> bool:
    try:
        LedgerItem.get(entry.pk, entry.sk, consistent_read=True)
        return True
    except LedgerItem.DoesNotExist:
        return False


def _credit(parcel: ParcelItem) -> LedgerItem | None:
    try:
        return LedgerItem.get(f"LEDGER#{parcel.vendor_id}", f"credit_delivery#{parcel.id}",
                              consistent_read=True)
    except LedgerItem.DoesNotExist:
        return None


def _taken_by_complaints(parcel: ParcelItem) -> dict[str, int]:
    """What complaints' refunds have taken back of the parcel's credit so far, per field."""
    taken = {f: 0 for f in MONEY}
    for e in LedgerItem.query(f"LEDGER#{parcel.vendor_id}",
                              LedgerItem.sk.startswith(f"debit_complaint#{parcel.id}#"),
                              consistent_read=True):
        for f in MONEY:
            taken[f] += int(getattr(e, f) or 0)
    return taken


def _debit(parcel: ParcelItem, credit: LedgerItem, kind: str, sk: str,
           figures: dict[str, int]) -> bool:
    keep = ("commission_bp", "tds_rate_bp", "gst_status", "gstin", "pan", "intra_state",
            "paid_by")
    now = orders_repo.now()
    # a credit still held is cancelled while held; one already payable is reduced now
    payable_at = max(credit.payable_at or now, now)
    return bool(_write(LedgerItem(
        f"LEDGER#{parcel.vendor_id}", sk, vendor_id=parcel.vendor_id, kind=kind, **figures,
        **{f: getattr(credit, f) for f in keep}, day=day_of(now), payable_at=payable_at,
        order_id=parcel.order_id, parcel_id=parcel.id, at=now)))


def reverse(parcel: ParcelItem) -> bool | None:
    """Take back a parcel's credit, once: None when it was never credited, False when it
    was taken back already. Before the credit is paid out the two cancel out in the next
    run; after, the maker's next payouts carry the negative amount until it is recovered.
    What complaints' refunds took back already is not taken twice."""
    bind()
    credit = _credit(parcel)
    if credit is None:
        return None
    taken = _taken_by_complaints(parcel)
    figures = {f: -int(getattr(credit, f) or 0) - taken[f] for f in MONEY}
    return _debit(parcel, credit, "debit_refund", f"debit_refund#{parcel.id}", figures)


def scaled(credit: LedgerItem, part_paise: int) -> dict[str, int]:
    """The credit's figures for `part_paise` of its gross, negated: each deduction scaled by
    part / gross and rounded half up on its own (taxrules' rule), the net what is left of
    the part after them — so the figures of a debit add up as a credit's do."""
    gross = int(credit.gross_paise)
    part = min(max(int(part_paise), 0), gross)

    def of(field: str) -> int:
        value = int(getattr(credit, field) or 0)
        return (value * part * 2 + gross) // (2 * gross) if gross else 0

    out = {f: of(f) for f in MONEY if f not in ("gross_paise", "amount_paise")}
    out["gross_paise"] = part
    out["amount_paise"] = part - sum(out[f] for f in ("commission_paise", "commission_gst_paise",
                                                     "tcs_cgst_paise", "tcs_sgst_paise",
                                                     "tcs_igst_paise", "tds_paise"))
    return {f: -v for f, v in out.items()}


def debit_complaint(parcel: ParcelItem, complaint_id: str, part_paise: int) -> bool | None:
    """Take back the part of a parcel's credit that a complaint refunded (its goods, not
    shipping), once per complaint: None when there is nothing to take it from (never
    credited, or the whole parcel came back), False when it was taken already."""
    bind()
    credit = _credit(parcel)
    if credit is None or part_paise <= 0:
        return None
    try:
        LedgerItem.get(f"LEDGER#{parcel.vendor_id}", f"debit_refund#{parcel.id}",
                       consistent_read=True)
        return None
    except LedgerItem.DoesNotExist:
        pass
    taken = _taken_by_complaints(parcel)
    left = int(credit.gross_paise) + taken["gross_paise"]
    return _debit(parcel, credit, "debit_complaint",
                  f"debit_complaint#{parcel.id}#{complaint_id}",
                  scaled(credit, min(part_paise, left)))


def entry_view(e: LedgerItem) -> dict:
    out = {f: int(getattr(e, f) or 0) for f in MONEY}
    out.update({"kind": e.kind, "order_id": e.order_id, "parcel_id": e.parcel_id, "at": e.at,
                "day": e.day, "payable_at": e.payable_at, "gst_status": e.gst_status,
                "intra_state": e.intra_state,
                "tcs_paise": out["tcs_cgst_paise"] + out["tcs_sgst_paise"] + out["tcs_igst_paise"],
                "commission_bp": int(e.commission_bp) if e.commission_bp is not None else None,
                "tds_rate_bp": int(e.tds_rate_bp) if e.tds_rate_bp is not None else None})
    return out


def earnings(vendor_id: str) -> dict:
    """The maker's ledger, newest first, with what is still held by the return window."""
    entries = sorted(orders_repo.ledger(vendor_id), key=lambda e: e.at, reverse=True)
    now = orders_repo.now()
    held = [e for e in entries if e.payable_at and e.payable_at > now]
    balance = sum(int(e.amount_paise) for e in entries)
    held_paise = sum(int(e.amount_paise) for e in held)
    return {"balance_paise": balance, "held_paise": held_paise,
            "payable_paise": balance - held_paise,
            "held_until": max((e.payable_at for e in held), default=None),
            "entries": [entry_view(e) for e in entries]}
