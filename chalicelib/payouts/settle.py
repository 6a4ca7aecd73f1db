"""The bank's answer to a payout run, line by line.

paid: the line takes its UTR (used once, ever), the maker's ledger gets a `payout` entry
  (their balance goes down by what was paid) and the entries it paid leave the open list,
  all in one transaction; the maker is mailed the amount and the UTR.
failed: the line records the bank's reason, its entries become payable again (the next
  run takes them, once the maker's account is fixed) and the maker is mailed to fix it.
Refused, each with a code, changing nothing: an unknown line, a UTR missing or used before,
an amount that is not the line's, a status that is neither. A line already settled the same
way is `unchanged`, so uploading the same file twice changes nothing. When no line is
pending any more the run is closed.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.auth.principal import Principal
from chalicelib.db.conditions import conditional_failed
from chalicelib.db.order_models import LedgerItem
from chalicelib.db.payout_models import PayableItem, PayoutLineItem, TaxMonthItem, UtrItem
from chalicelib.errors import Conflict
from chalicelib.observability import logger
from chalicelib.orders import notify
from chalicelib.orders import repository as orders_repo
from chalicelib.payouts import bank as banks
from chalicelib.payouts import ledger, runs
from chalicelib.stats.counters import Deltas, day_of
from chalicelib.vendors import repository as vendors
from chalicelib.vendors.schemas import mask

MAIL = {
    "paid": {"en": ("DeogharMart payout sent: ₹{amount}",
                    "₹{amount} was sent to your account {account} (payout run {run}). "
                    "Bank reference (UTR): {utr}. Your statement is in the makers' portal."),
             "hi": ("DeogharMart भुगतान भेजा गया: ₹{amount}",
                    "₹{amount} आपके खाते {account} में भेजे गए (भुगतान सूची {run})। "
                    "बैंक संदर्भ (UTR): {utr}। आपका विवरण कारीगर पोर्टल में है।")},
    "failed": {"en": ("DeogharMart payout could not be sent",
                      "The bank could not pay ₹{amount} into your account {account}: {reason}. "
                      "Please check your bank details in the makers' portal; the amount is "
                      "paid in the next payout run."),
               "hi": ("DeogharMart भुगतान नहीं भेजा जा सका",
                      "बैंक आपके खाते {account} में ₹{amount} नहीं भेज सका: {reason}। "
                      "कृपया कारीगर पोर्टल में अपने बैंक विवरण जाँचें; राशि अगली भुगतान सूची "
                      "में भेजी जाएगी।")},
}
CLEAN_PER_WRITE = 90


def apply_response(principal: Principal, run_id: str, data: bytes) -> dict:
    run = runs.get_run(run_id)
    if run.status not in ("approved", "closed"):
        raise Conflict("the run is not approved yet: there is no bank file to answer",
                       code="run_not_approved")
    results = banks.bank().results(data)
    lines = {l.vendor_id: l for l in runs.lines_of(run_id)}
    utr_owner: dict[str, str] = {}   # a UTR belongs to the first line that names it as paid
    by_line: dict[str, list] = {}    # a line's rows in file order; lines settle in parallel
    for r in results:
        if r.status == "paid" and r.utr:
            utr_owner.setdefault(r.utr, r.reference)
        by_line.setdefault(r.reference, []).append(r)

    def settle_rows(rows):
        return [{"row": r.row, "reference": r.reference, **_one(run_id, lines, r, utr_owner)}
                for r in rows]
    with ThreadPoolExecutor(max_workers=runs.WORKERS) as pool:
        report = sorted((x for rows in pool.map(settle_rows, by_line.values()) for x in rows),
                        key=lambda x: x["row"])
    counts = {k: sum(1 for x in report if x["outcome"] == k)
              for k in ("paid", "failed", "unchanged", "refused")}
    remaining = [l for l in runs.lines_of(run_id) if l.status == "pending"]
    if not remaining and run.status != "closed":
        runs.close(run)
    runs.audit(principal, run_id, "bank_response",
               ", ".join(f"{v} {k}" for k, v in counts.items()))
    logger.info("bank response read", extra={"run_id": run_id, **counts})
    return {"run_id": run_id, **counts, "pending": len(remaining), "rows": report}


def _refused(code: str, message: str) -> dict:
    return {"outcome": "refused", "code": code, "message": message}


def _one(run_id: str, lines: dict, r: banks.Result, utr_owner: dict) -> dict:
    prefix, _, vendor_id = r.reference.partition("/")
    line = lines.get(vendor_id) if prefix == run_id else None
    if line is None:
        return _refused("unknown_line", f"no line '{r.reference}' in run {run_id}")
    if r.status not in ("paid", "failed"):
        return _refused("bad_status", "status must be paid or failed")
    if r.amount_paise is not None and r.amount_paise != int(line.amount_paise):
        return _refused("amount_mismatch", f"the line is {banks.rupees(int(line.amount_paise))}, "
                                           f"not {banks.rupees(r.amount_paise)}")
    if r.status == "paid":
        if not banks.valid_utr(r.utr):
            return _refused("missing_utr", "a paid line needs the bank's UTR (10-22 letters "
                                           "and digits)")
        if line.status == "paid":
            return ({"outcome": "unchanged", "utr": line.utr} if line.utr == r.utr else
                    _refused("already_paid", f"the line was paid with UTR {line.utr}"))
        if line.status == "failed":
            return _refused("already_failed", "the line was reported failed before")
        if utr_owner.get(r.utr) != r.reference:
            return _refused("duplicate_utr", f"UTR {r.utr} is another line's in this file")
        return _paid(line, r.utr)
    if line.status == "failed":
        return {"outcome": "unchanged"}
    if line.status == "paid":
        return _refused("already_paid", f"the line was paid with UTR {line.utr}")
    return _failed(line, r.reason or "no reason given")


def _paid(line: PayoutLineItem, utr: str) -> dict:
    now = orders_repo.now()
    amount = int(line.amount_paise)
    payout = LedgerItem(f"LEDGER#{line.vendor_id}", f"payout#{line.run_id}",
                        vendor_id=line.vendor_id, kind="payout", amount_paise=-amount,
                        gross_paise=0, commission_paise=0, day=day_of(now), payable_at=now,
                        order_id=line.run_id, parcel_id=utr, at=now)
    balance = Deltas(now[:10]).balance(line.vendor_id, -amount)
    entries = list(line.entries or [])
    try:
        with TransactWrite(connection=orders_repo.connection()) as tw:
            tw.update(line, actions=[PayoutLineItem.status.set("paid"),
                                     PayoutLineItem.utr.set(utr),
                                     PayoutLineItem.settled_at.set(now)],
                      condition=PayoutLineItem.status == "pending")
            tw.save(UtrItem(f"UTR#{utr}", "UTR", run_id=line.run_id, vendor_id=line.vendor_id),
                    condition=UtrItem.pk.does_not_exist())
            tw.save(payout, condition=LedgerItem.pk.does_not_exist())
            tw.update(TaxMonthItem(*ledger.month_key(line.vendor_id, day_of(now))),
                      actions=[TaxMonthItem.paid_paise.add(amount),
                               TaxMonthItem.vendor_id.set(line.vendor_id)])
            for stat, actions in balance.updates():
                tw.update(stat, actions=actions)
    except TransactWriteError as exc:
        if not conditional_failed(exc):
            raise
        return _refused("duplicate_utr", f"UTR {utr} was used before, or the line changed "
                                         "meanwhile; upload again to see which")
    line.status, line.utr = "paid", utr   # a later row of the same line sees it
    _clean(line.vendor_id, entries)
    _mail(line, "paid", utr=utr)
    return {"outcome": "paid", "utr": utr}


def _clean(vendor_id: str, entries: list[str]) -> None:
    """The paid entries leave the open list (a crash here leaves them claimed by a paid run:
    no run takes them again)."""
    with PayableItem.batch_write() as batch:
        for sk in entries:
            batch.delete(PayableItem(f"OPEN#{vendor_id}", sk))


def _failed(line: PayoutLineItem, reason: str) -> dict:
    try:
        line.update(actions=[PayoutLineItem.status.set("failed"),
                             PayoutLineItem.failure_reason.set(reason[:300]),
                             PayoutLineItem.settled_at.set(orders_repo.now())],
                    condition=PayoutLineItem.status == "pending")
    except Exception as exc:
        if conditional_failed(exc):
            return {"outcome": "unchanged"}
        raise
    line.status, line.failure_reason = "failed", reason
    for sk in line.entries or []:   # payable again: the next run takes them
        try:
            PayableItem(f"OPEN#{line.vendor_id}", sk).update(
                actions=[PayableItem.run_id.remove()], condition=PayableItem.run_id == line.run_id)
        except Exception as exc:
            if not conditional_failed(exc):
                raise
    _mail(line, "failed", reason=reason)
    return {"outcome": "failed", "reason": reason}


def _mail(line: PayoutLineItem, kind: str, **values) -> None:
    vendor = vendors.get(line.vendor_id)
    if vendor is None:
        return
    bank = line.bank.as_dict() if hasattr(line.bank, "as_dict") else dict(line.bank)
    fill = {"amount": banks.rupees(int(line.amount_paise)), "run": line.run_id,
            "account": mask(bank["account_number"]), "utr": "", "reason": "", **values}
    texts = MAIL[kind]
    subject = f"{texts['hi'][0]} / {texts['en'][0]}".format(**fill)
    body = "\n\n".join(texts[lang][1].format(**fill) for lang in ("hi", "en"))
    if kind == "paid":
        body += "\n\n" + _statement_text(vendor)
    notify.send(vendor.email, subject, body + "\n\n" + notify.SIGNATURE, f"vendor:payout_{kind}",
                vendor_id=line.vendor_id)


def _statement_text(vendor) -> str:
    """The month's statement in the payout mail (the portal has the printable one)."""
    from chalicelib.orders.invoice import rupees
    from chalicelib.payouts import statements
    data = statements.monthly(vendor, None)
    rows = [f"{hi} / {en}: {rupees(data['figures'][f])}" for f, en, hi in statements.ROWS
            if data["figures"][f]]
    return f"{data['month']} — विवरण / statement:\n" + "\n".join("  " + r for r in rows)
