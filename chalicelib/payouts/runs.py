"""Payout runs, prepared by one official and approved by another (maker-checker).

prepare: everything payable at the cut-off (past its return window, not in another run),
  one line per maker — its credits less its reversals, a negative total carried forward —
  each entry claimed for the run in the same transaction as the line, so no entry is ever
  in two runs and no maker has two lines. Makers whose payouts are held (a new bank account
  waiting for the office, no account) are listed with the reason and left out.
approve: a second admin; the run's preparer gets 403 `same_official`; approving again
  changes nothing. Approval writes the bank file (chalicelib/payouts/bank.py) to the private
  reports bucket; `view` gives a time-limited link to it.
The bank's answer is read by `chalicelib/payouts/settle.py`. Only one run may be open
(prepared, not yet approved) at a time: a lock item makes two prepares at once a 409.
"""
from __future__ import annotations

import json
import secrets
from concurrent.futures import ThreadPoolExecutor

from pynamodb.exceptions import PutError, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.auth.principal import Principal
from chalicelib.db.conditions import conditional_failed
from chalicelib.db.order_models import StatItem
from chalicelib.db.payout_models import (PayableItem, PayoutLineItem, PayoutRunItem,
                                         RunLockItem, bind)
from chalicelib.errors import Conflict, Forbidden, NotFound
from chalicelib.observability import logger
from chalicelib.orders import repository as orders_repo
from chalicelib.payouts import bank as banks
from chalicelib.vendors import banking
from chalicelib.vendors import repository as vendors
from chalicelib.vendors.schemas import mask

LOCK = ("PAYOUTRUN#OPEN", "LOCK")
CLAIMS_PER_WRITE = 90        # a DynamoDB transaction takes 100 items: the line and 90 claims
WORKERS = 8                  # makers prepared (and bank lines settled) at once
STATUSES = ("preparing", "prepared", "approved", "closed")


def _lock(run_id: str) -> None:
    bind()
    try:
        RunLockItem(*LOCK, run_id=run_id).save(condition=RunLockItem.pk.does_not_exist())
    except PutError as exc:
        if not conditional_failed(exc):
            raise
        held = RunLockItem.get(*LOCK, consistent_read=True).run_id
        raise Conflict(f"payout run {held} is still open: approve it first",
                       code="run_open", details=[{"run_id": held}]) from None


def _unlock() -> None:
    RunLockItem(*LOCK).delete()


def _set_status(run: PayoutRunItem, status: str, **fields) -> None:
    run.status, run.status_pk = status, f"PAYOUTRUN#{status}"
    run.updated_at = orders_repo.now()
    for k, v in fields.items():
        setattr(run, k, v)
    run.save()


def get_run(run_id: str) -> PayoutRunItem:
    bind()
    try:
        return PayoutRunItem.get(f"PAYOUTRUN#{run_id}", "RUN", consistent_read=True)
    except PayoutRunItem.DoesNotExist:
        raise NotFound("no such payout run", code="run_not_found") from None


def lines_of(run_id: str) -> list[PayoutLineItem]:
    bind()
    return list(PayoutLineItem.query(f"PAYOUTRUN#{run_id}", PayoutLineItem.sk.startswith("LINE#"),
                                     consistent_read=True))


def payable(vendor_id: str, cutoff: str) -> list[PayableItem]:
    """A maker's entries payable at the cut-off and in no run."""
    return [p for p in PayableItem.query(f"OPEN#{vendor_id}", PayableItem.sk <= f"{cutoff}#~",
                                         consistent_read=True) if p.run_id is None]


def prepare(principal: Principal, cutoff: str | None = None) -> dict:
    now = orders_repo.now()
    cutoff = min(cutoff or now, now)
    run_id = f"pr-{now[:10].replace('-', '')}-{secrets.token_hex(3)}"
    _lock(run_id)
    run = PayoutRunItem(f"PAYOUTRUN#{run_id}", "RUN", id=run_id, status="preparing",
                        status_pk="PAYOUTRUN#preparing", status_sk=f"{now}#{run_id}",
                        cutoff=cutoff, prepared_by=principal.sub,
                        prepared_by_name=principal.username, created_at=now, updated_at=now)
    run.save()
    candidates = [b.sk for b in StatItem.query("STAT#BALANCE") if int(b.payout_paise or 0)]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:   # each maker: 3 requests, waited for
        outcomes = list(pool.map(lambda vid: _prepare_line(run, vid, cutoff), candidates))
    amounts = [o for o in outcomes if isinstance(o, int)]
    lines, total = len(amounts), sum(amounts)
    held = [o for o in outcomes if isinstance(o, dict)]
    if not lines:
        run.delete()
        _unlock()
        raise Conflict("nothing is payable at this cut-off", code="nothing_payable",
                       details=held)   # the makers left out, and why
    _set_status(run, "prepared", lines=lines, amount_paise=total,
                held=json.dumps(held, ensure_ascii=False))
    audit(principal, run_id, "prepare", f"{lines} makers, {banks.rupees(total)} rupees")
    logger.info("payout run prepared", extra={"run_id": run_id, "lines": lines,
                                              "amount_paise": total, "held": len(held)})
    return view(run)


def _prepare_line(run: PayoutRunItem, vendor_id: str, cutoff: str):
    """The maker's line (its amount), or why there is none (a dict), or None."""
    entries = payable(vendor_id, cutoff)
    amount = sum(int(e.amount_paise) for e in entries)
    if not entries:
        return None
    vendor = vendors.get(vendor_id)
    name = vendor.name.en if vendor is not None else vendor_id
    if amount <= 0:
        return {"vendor_id": vendor_id, "name": name, "amount_paise": amount,
                "reason": "negative_balance"}
    if vendor is None or banking.payouts_held(vendor):
        reason = "bank_change_pending" if vendor is not None and vendor.bank_change else "no_bank_account"
        return {"vendor_id": vendor_id, "name": name, "amount_paise": amount, "reason": reason}
    account = banking.account(vendor)
    line = PayoutLineItem(run.pk, f"LINE#{vendor_id}", run_id=run.id, vendor_id=vendor_id,
                          vendor_name=name, amount_paise=0, entries=[],
                          bank=account, status="pending", created_at=run.created_at,
                          vendor_pk=f"PAYOUTS#{vendor_id}", vendor_sk=f"{run.created_at}#{run.id}")
    claimed = 0
    for start in range(0, len(entries), CLAIMS_PER_WRITE):
        chunk = entries[start:start + CLAIMS_PER_WRITE]
        claimed += _claim(line, chunk, first=start == 0)
    return claimed


def _claim(line: PayoutLineItem, chunk: list[PayableItem], first: bool) -> int:
    """Claim entries for the line and move its amount, in one transaction."""
    amount = sum(int(e.amount_paise) for e in chunk)
    try:
        with TransactWrite(connection=orders_repo.connection()) as tw:
            if first:
                line.amount_paise, line.entries = amount, [e.sk for e in chunk]
                tw.save(line, condition=PayoutLineItem.pk.does_not_exist())
            else:
                tw.update(line, actions=[
                    PayoutLineItem.amount_paise.add(amount),
                    PayoutLineItem.entries.set(PayoutLineItem.entries.append([e.sk for e in chunk]))])
            for e in chunk:
                tw.update(e, actions=[PayableItem.run_id.set(line.run_id)],
                          condition=PayableItem.run_id.does_not_exist())
        return amount
    except TransactWriteError as exc:
        if conditional_failed(exc):   # another run took an entry meanwhile: not possible
            raise Conflict("an entry was claimed by another run", code="run_open") from None
        raise


def approve(principal: Principal, run_id: str) -> dict:
    run = get_run(run_id)
    if run.status in ("approved", "closed"):
        return view(run)          # approving again changes nothing
    if run.prepared_by == principal.sub:
        raise Forbidden("a payout run is approved by another official than the one who "
                        "prepared it", code="same_official")
    if run.status != "prepared":
        raise Conflict("the run is still being prepared", code="run_not_prepared")
    lines = lines_of(run_id)
    key = f"payouts/{run_id}/bank-file-{run_id}.csv"
    bank = banks.bank()
    from chalicelib.reports import store
    store.put_private(key, bank.instructions([banks.Instruction(
        reference=f"{run_id}/{l.vendor_id}", holder_name=l.bank["holder_name"],
        account_number=l.bank["account_number"], ifsc=l.bank["ifsc"],
        amount_paise=int(l.amount_paise), narration=f"DeogharMart {run_id} {l.vendor_id}")
        for l in lines]), bank.content_type, f"deogharmart-{run_id}.csv")
    try:
        run.update(actions=[PayoutRunItem.status.set("approved"),
                            PayoutRunItem.status_pk.set("PAYOUTRUN#approved"),
                            PayoutRunItem.approved_by.set(principal.sub),
                            PayoutRunItem.approved_by_name.set(principal.username or ""),
                            PayoutRunItem.approved_at.set(orders_repo.now()),
                            PayoutRunItem.file_key.set(key),
                            PayoutRunItem.updated_at.set(orders_repo.now())],
                   condition=PayoutRunItem.status == "prepared")
    except Exception as exc:
        if conditional_failed(exc):   # approved at the same moment by someone else
            return view(get_run(run_id))
        raise
    _unlock()
    audit(principal, run_id, "approve", f"{len(lines)} lines")
    logger.info("payout run approved", extra={"run_id": run_id, "lines": len(lines)})
    return view(run)


def close(run: PayoutRunItem) -> None:
    """Every line is paid or failed: the run is done."""
    try:
        run.update(actions=[PayoutRunItem.status.set("closed"),
                            PayoutRunItem.status_pk.set("PAYOUTRUN#closed"),
                            PayoutRunItem.updated_at.set(orders_repo.now())],
                   condition=PayoutRunItem.status == "approved")
    except Exception as exc:
        if not conditional_failed(exc):
            raise


def audit(principal: Principal, run_id: str, action: str, note: str) -> None:
    vendors.audit_entry("payout_run", run_id, action, principal.sub, principal.username,
                        note).save()


def line_view(line: PayoutLineItem) -> dict:
    bank = dict(line.bank.as_dict() if hasattr(line.bank, "as_dict") else line.bank)
    return {"vendor_id": line.vendor_id, "name": line.vendor_name,
            "amount_paise": int(line.amount_paise), "entries": len(line.entries or []),
            "account_last4": mask(bank["account_number"]), "ifsc": bank["ifsc"],
            "status": line.status, "utr": line.utr, "failure_reason": line.failure_reason,
            "settled_at": line.settled_at}


def view(run: PayoutRunItem, with_lines: bool = True) -> dict:
    out = {"id": run.id, "status": run.status, "cutoff": run.cutoff,
           "prepared_by": run.prepared_by_name or run.prepared_by,
           "approved_by": (run.approved_by_name or run.approved_by) if run.approved_by else None,
           "approved_at": run.approved_at, "created_at": run.created_at,
           "lines_count": int(run.lines or 0), "amount_paise": int(run.amount_paise or 0),
           "held": json.loads(run.held) if run.held else [], "bank_file_url": None}
    if with_lines:
        out["lines"] = [line_view(l) for l in lines_of(run.id)]
    if run.file_key:
        from chalicelib.reports import store
        out["bank_file_url"] = store.link_to(run.file_key)
    return out


def list_runs(limit: int = 50) -> dict:
    bind()
    runs = [r for status in STATUSES for r in PayoutRunItem.by_status.query(
        f"PAYOUTRUN#{status}", scan_index_forward=False, limit=limit)]
    runs.sort(key=lambda r: r.created_at, reverse=True)
    return {"items": [view(r, with_lines=False) for r in runs[:limit]]}


SCHEDULE = Principal(sub="schedule:payout_run", groups=frozenset({"admins"}),
                     username="weekly schedule")


def scheduled() -> dict:
    """The weekly run, prepared by the schedule (any admin approves it); nothing to pay or a
    run still open is no error here."""
    try:
        return {"prepared": prepare(SCHEDULE)["id"]}
    except Conflict as exc:
        logger.info("no payout run prepared", extra={"code": exc.code})
        return {"prepared": None, "code": exc.code}
