"""Complaints and returns fit for handmade goods.

A buyer complains about one delivered line (id `cp-<line id>`, so once per line) within
its window (chalicelib/quality/rules.py), with photos; the maker answers within 48 hours;
the office then decides: a refund of up to the line's price (0 refuses it), and whether
the courier collects the item. States (the `by_status` index, COMPLAINT#<state>):

  open -> answered -> refunding -> closed      (paid online: the gateway refunds at once)
                   -> refund_pending -> closed (cash on delivery: the office pays the buyer's
                                                UPI ID or account and marks it paid)
                   -> closed                   (no refund)

Deciding writes the decision first (conditionally, once); `finish` then does what follows,
each step once and in order — the gateway's refund (keyed by the complaint), the refund
counted on the order and parcel, the maker's credit taken back in part
(chalicelib/payouts/ledger.py `debit_complaint`), the courier's pickup — so a crash
halfway is finished by calling it again (the reconciliation does, for `refunding`).
The money moves are in chalicelib/quality/refunds.py.
"""
from __future__ import annotations

from chalicelib.db.quality_models import ComplaintItem, bind
from chalicelib.errors import Conflict, InvalidInput, NotFound
from chalicelib.observability import metric
from chalicelib.orders import repository as orders_repo
from chalicelib.quality import buyer, listing, photos, rules
from chalicelib.stats.counters import Deltas, day_of

DECIDABLE = ("open", "answered")


def complaint_id(line_id: str) -> str:
    return f"cp-{line_id}"


def get(cid: str) -> ComplaintItem | None:
    if not isinstance(cid, str) or not cid.startswith("cp-o-") or len(cid) > 90:
        return None
    line = cid[3:]
    bind()
    try:
        return ComplaintItem.get(f"ORDER#{'-'.join(line.split('-')[:2])}", f"COMPLAINT#{line}",
                                 consistent_read=True)
    except ComplaintItem.DoesNotExist:
        return None


def need(cid: str, vendor_id: str | None = None) -> ComplaintItem:
    complaint = get(cid)
    if complaint is None or (vendor_id is not None and complaint.vendor_id != vendor_id):
        raise NotFound("no such complaint", code="complaint_not_found")
    return complaint


def _refund_to(order, given) -> dict | None:
    if order.payment_method != "cod":
        return None
    if given is None:
        raise InvalidInput("for a cash-on-delivery order, give the UPI ID or bank account the "
                           "refund should go to", code="refund_account_required")
    return given.model_dump()


def create(order, body) -> dict:
    parcel, line, delivered = buyer.delivered_line(order, body.line_id)
    rule = rules.complaint_rule(line)
    now = orders_repo.now()
    if now > rules.after(delivered, rule["window_hours"]):
        raise Conflict(f"complaints about this item were open for {rule['window_hours']} hours "
                       "after delivery", code="complaint_window_closed")
    if body.reason not in rule["reasons"]:
        raise InvalidInput("for this item only damage can be reported", code="reason_not_allowed")
    shots = photos.ready_photos(order.id, body.line_id, "complaint", body.photos)
    if rule["photo_required"] and not shots:
        raise InvalidInput("add a photo of the damage", code="photo_required")
    name, town = buyer.author(order)
    cid = complaint_id(body.line_id)
    item = ComplaintItem(
        f"ORDER#{order.id}", f"COMPLAINT#{body.line_id}", id=cid, order_id=order.id,
        parcel_id=parcel.id, line_id=body.line_id, product_id=line["product_id"],
        vendor_id=parcel.vendor_id, category=line.get("category"), block=line.get("block"),
        product_name=line.get("product_name") or line.get("name"),
        quantity=int(line["quantity"]), line_total_paise=int(line["line_total_paise"]),
        reason=body.reason, text=body.text, wants=body.wants, photos=shots,
        buyer_name=name, buyer_town=town, payment_method=order.payment_method,
        refund_to=_refund_to(order, body.refund_to), status="open",
        answer_due=rules.after(now, rules.ANSWER_HOURS), created_at=now, updated_at=now,
        status_pk="COMPLAINT#open", status_sk=f"{now}#{cid}",
        vendor_pk=f"VCOMPLAINTS#{parcel.vendor_id}", vendor_sk=f"{now}#{cid}")
    counts = {"complaints": 1, f"c_{body.reason}": 1}
    deltas = Deltas(day_of(now)).quality(parcel.vendor_id, item.block, item.category or "",
                                         **counts)
    bind()
    if not orders_repo.with_counters(
            lambda tw: tw.save(item, condition=ComplaintItem.pk.does_not_exist()),
            deltas.updates()):
        raise Conflict("this item has a complaint already", code="already_complained")
    metric("ComplaintsOpened", Reason=body.reason)
    from chalicelib.quality import mails, scorecard
    mails.complaint_opened(order, item)
    scorecard.check(parcel.vendor_id)
    return buyer_view(item)


def set_fields(complaint: ComplaintItem, condition, deltas=None, **fields) -> bool:
    """Fields set on the complaint if `condition` holds (the status keys follow `status`),
    with counters in the same transaction."""
    now = orders_repo.now()
    fields.setdefault("updated_at", now)
    if "status" in fields:
        fields["status_pk"] = f"COMPLAINT#{fields['status']}"
        fields["status_sk"] = f"{now}#{complaint.id}"
    if not orders_repo.set_fields(complaint, condition=condition, deltas=deltas, **fields):
        return False
    for k, v in fields.items():
        setattr(complaint, k, v)
    return True


def answer(vendor_id: str, cid: str, text: str, by: str) -> dict:
    complaint = need(cid, vendor_id)
    if complaint.answer:
        raise Conflict("this complaint has been answered already", code="already_answered")
    if complaint.status not in DECIDABLE:
        raise Conflict("the office has decided this complaint", code="complaint_closed")
    entry = {"text": text, "at": orders_repo.now(), "by": by}
    status = "answered" if complaint.status == "open" else complaint.status
    if not set_fields(complaint, ComplaintItem.answer.does_not_exist()
                      & ComplaintItem.status.is_in(*DECIDABLE), answer=entry, status=status):
        raise Conflict("this complaint has been answered already", code="already_answered")
    from chalicelib.quality import mails
    mails.complaint_answered(complaint)
    return maker_view(complaint)


def decide(cid: str, refund_paise: int, collect: bool, note: str, actor: str) -> dict:
    from chalicelib.quality import refunds
    complaint = need(cid)
    if complaint.status not in DECIDABLE:
        raise Conflict(f"the complaint is {complaint.status} already", code="already_decided")
    if complaint.status == "open" and orders_repo.now() < complaint.answer_due:
        raise Conflict("the maker has until the answer time to answer first",
                       code="awaiting_maker", details=[{"answer_due": complaint.answer_due}])
    order = orders_repo.get_order(complaint.order_id)
    most = refunds.refundable(order, complaint)
    if refund_paise > most:
        raise InvalidInput(f"at most {most} paise can be refunded on this line",
                           code="refund_too_large", details=[{"refundable_paise": most}])
    now = orders_repo.now()
    decision = {"refund_paise": refund_paise, "collect": bool(collect), "note": note, "at": now,
                "by": actor}
    if refund_paise == 0:
        status, refund = "closed", None
    elif complaint.payment_method == "cod":
        status = "refund_pending"
        refund = {"method": "upi" if (orders_repo.plain(complaint.refund_to or {})
                                      .get("upi_id")) else "bank", "status": "to_pay"}
    else:
        status, refund = "refunding", {"method": complaint.payment_method, "status": "issuing"}
    deltas = None
    if collect:
        deltas = Deltas(day_of(now)).quality(complaint.vendor_id, complaint.block,
                                             complaint.category or "", returns=1)
    fields = {"decision": decision, "status": status}
    if refund:
        fields["refund"] = refund
    if not set_fields(complaint, ComplaintItem.status.is_in(*DECIDABLE)
                      & ComplaintItem.decision.does_not_exist(), deltas, **fields):
        raise Conflict("the complaint was decided meanwhile", code="already_decided")
    metric("ComplaintsDecided", Refund="none" if not refund_paise else
           "full" if refund_paise >= int(complaint.line_total_paise) else "part")
    finish(complaint, order)
    from chalicelib.quality import scorecard
    scorecard.check(complaint.vendor_id)
    return admin_view(complaint)


def finish(complaint: ComplaintItem, order=None) -> None:
    """What follows a decision, each step once: safe to call again after a crash."""
    from chalicelib.quality import mails, refunds, returns
    order = order or orders_repo.get_order(complaint.order_id)
    decision = orders_repo.plain(complaint.decision or {})
    amount = int(decision.get("refund_paise") or 0)
    if amount:
        refunds.take_back(complaint, amount)
    if complaint.status == "refunding":
        refunds.refund_online(order, complaint, amount)
    if decision.get("collect"):
        returns.book(order, complaint)
    if not complaint.refund or orders_repo.plain(complaint.refund).get("status") != "issuing":
        mails.complaint_decided(order, complaint)


def refund_paid(cid: str, reference: str, actor: str) -> dict:
    from chalicelib.quality import refunds
    complaint = need(cid)
    if complaint.status != "refund_pending":
        raise Conflict("only a refund waiting to be paid can be marked paid",
                       code="not_refund_pending")
    refunds.paid_by_hand(complaint, reference, actor)
    from chalicelib.quality import mails
    mails.refund_paid(complaint)
    return admin_view(complaint)


# --- views ------------------------------------------------------------------------------

def _common(c: ComplaintItem) -> dict:
    plain = orders_repo.plain
    return {"id": c.id, "line_id": c.line_id, "product_id": c.product_id, "reason": c.reason,
            "text": c.text, "wants": c.wants, "photos": photos.views("complaint", c.photos),
            "status": "refund_pending" if c.status == "refunding" else c.status,
            "answer": {k: plain(c.answer).get(k) for k in ("text", "at")} if c.answer else None,
            "answer_due": c.answer_due,
            "decision": {k: plain(c.decision).get(k) for k in ("refund_paise", "collect", "note",
                                                                "at")} if c.decision else None,
            "refund": {k: plain(c.refund).get(k) for k in ("method", "status", "reference")}
            if c.refund else None,
            "return_shipment": {k: plain(c.return_shipment).get(k) for k in
                                ("tracking_number", "status")} if c.return_shipment else None,
            "created_at": c.created_at}


def buyer_view(c: ComplaintItem) -> dict:
    return _common(c)


def maker_view(c: ComplaintItem) -> dict:
    return {**_common(c), "order_id": c.order_id, "parcel_id": c.parcel_id,
            "product_name": orders_repo.plain(c.product_name), "quantity": int(c.quantity),
            "line_total_paise": int(c.line_total_paise),
            "buyer": {"name": c.buyer_name, "town": c.buyer_town},
            "overdue": c.status == "open" and orders_repo.now() > c.answer_due}


def _masked(refund_to) -> dict | None:
    if not refund_to:
        return None
    r = orders_repo.plain(refund_to)
    if r.get("upi_id"):
        user, _, bank = r["upi_id"].partition("@")
        return {"upi_id": f"{user[:2]}***@{bank}"}
    return {"account": "XXXXXX" + str(r.get("account_number", ""))[-4:], "ifsc": r.get("ifsc"),
            "holder_name": r.get("holder_name")}


def admin_view(c: ComplaintItem) -> dict:
    from chalicelib.quality import refunds
    from chalicelib.vendors import repository as vendors
    vendor = vendors.get(c.vendor_id)
    order = orders_repo.get_order(c.order_id)
    return {**maker_view(c), "vendor_id": c.vendor_id,
            "vendor_name": {"en": vendor.name.en, "hi": vendor.name.hi} if vendor else None,
            "payment_method": c.payment_method, "refund_to": _masked(c.refund_to),
            "refundable_paise": refunds.refundable(order, c) if c.status in DECIDABLE else 0}


def admin_list(status: str, cursor: str | None) -> dict:
    bind()
    items, nxt = listing.page(ComplaintItem.by_status, f"COMPLAINT#{status}", 25, cursor,
                              newest_first=status == "closed", kind="admin-complaints")
    return {"items": [admin_view(c) for c in items], "next_cursor": nxt}


def vendor_list(vendor_id: str, status: str | None, cursor: str | None) -> dict:
    bind()
    shown = "refunding" if status == "refund_pending" else status
    items, nxt = listing.page(ComplaintItem.by_vendor, f"VCOMPLAINTS#{vendor_id}", 25, cursor,
                              kind="vendor-complaints", status=status)
    if status:
        items = [c for c in items if c.status in (status, shown)]
    return {"items": [maker_view(c) for c in items], "next_cursor": nxt}


def waiting(status: str, older_than: str) -> list[ComplaintItem]:
    """Complaints in `status` since before `older_than` (the reconciliation's)."""
    bind()
    return list(ComplaintItem.by_status.query(f"COMPLAINT#{status}",
                                              ComplaintItem.status_sk < older_than))


def recent(vendor_id: str, count: int = 5) -> list[ComplaintItem]:
    bind()
    return list(ComplaintItem.by_vendor.query(f"VCOMPLAINTS#{vendor_id}",
                                              scan_index_forward=False, limit=count))
