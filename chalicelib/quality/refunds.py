"""The money of a decided complaint: the buyer's refund and the maker's credit taken back.

- Paid online: the gateway refunds at once under the key `<complaint id>-refund` (a retry
  gets the same refund back), then the refund is counted: the order's refunded total, the
  parcel's `complaint_refunded_paise`, the counters (refunds by gateway and method, the
  maker's scorecard) and the complaint's close, in one transaction.
- Cash on delivery: the office pays the buyer's UPI ID or account by hand and records the
  reference; the same transaction counts it then.
- The maker: the goods' part of the refund (never shipping, which was never theirs) is
  taken back from the parcel's credit, scaled (ledger.debit_complaint): before the credit
  is paid out it simply pays less; after, the next payout recovers it.
"""
from __future__ import annotations

from chalicelib.db.order_models import OrderItem, ParcelItem
from chalicelib.db.quality_models import ComplaintItem
from chalicelib.errors import Conflict
from chalicelib.observability import logger, metric
from chalicelib.orders import repository as orders_repo
from chalicelib.stats.counters import Deltas


def refundable(order, complaint: ComplaintItem) -> int:
    """The most a decision may refund on the complaint's line: its price, and never more
    than is left of what the order took."""
    if order is None:
        return 0
    left = int(order.total_paise) - int(order.refunded_paise or 0)
    return max(0, min(int(complaint.line_total_paise), left))


def take_back(complaint: ComplaintItem, amount: int) -> None:
    from chalicelib.payouts import ledger
    parcel = orders_repo.get_parcel(complaint.parcel_id)
    if parcel is None:
        return
    goods = min(amount, int(complaint.line_total_paise))
    taken = ledger.debit_complaint(parcel, complaint.id, goods)
    if taken:
        logger.info("credit taken back in part", extra={"parcel_id": parcel.id,
                                                        "complaint_id": complaint.id})


def _counts(order, complaint: ComplaintItem, amount: int) -> Deltas:
    from chalicelib.orders.lifecycle import refund_counts
    return refund_counts(order, amount).quality(
        complaint.vendor_id, complaint.block, complaint.category or "", complaint_refunds=1,
        complaint_refunded_paise=amount)


def _count(order, complaint: ComplaintItem, amount: int, from_status: str,
           refund: dict) -> bool:
    """The refund counted with the complaint's close, once (the complaint's status is the
    guard; the order's refunded total must not have moved since it was read)."""
    parcel = orders_repo.get_parcel(complaint.parcel_id)
    for _ in range(5):
        already = int(order.refunded_paise or 0)
        now = orders_repo.now()

        def write(tw):
            tw.update(order, actions=[OrderItem.refunded_paise.set(already + amount),
                                      OrderItem.updated_at.set(now)],
                      condition=OrderItem.refunded_paise == already)
            tw.update(parcel, actions=[ParcelItem.complaint_refunded_paise.add(amount)])
            tw.update(complaint, actions=[
                ComplaintItem.status.set("closed"), ComplaintItem.refund.set(refund),
                ComplaintItem.updated_at.set(now), ComplaintItem.status_pk.set("COMPLAINT#closed"),
                ComplaintItem.status_sk.set(f"{now}#{complaint.id}")],
                condition=ComplaintItem.status == from_status)

        if orders_repo.with_counters(write, _counts(order, complaint, amount).updates()):
            complaint.status, complaint.refund = "closed", refund
            order.refunded_paise = already + amount
            return True
        complaint.refresh(consistent_read=True)
        if complaint.status != from_status:
            return False   # counted by another call
        order.refresh(consistent_read=True)
    raise Conflict("the order kept changing; the refund will be counted on retry",
                   code="order_changed")


def refund_online(order, complaint: ComplaintItem, amount: int) -> None:
    from chalicelib.payments import gateway
    gateway.refund(order, amount, f"{complaint.id}-refund")
    refund = {**orders_repo.plain(complaint.refund or {}), "status": "issued"}
    if _count(order, complaint, amount, "refunding", refund):
        metric("RefundsIssued")
        logger.info("complaint refunded", extra={"complaint_id": complaint.id,
                                                 "amount_paise": amount})


def paid_by_hand(complaint: ComplaintItem, reference: str, actor: str) -> None:
    order = orders_repo.get_order(complaint.order_id)
    amount = int(orders_repo.plain(complaint.decision)["refund_paise"])
    refund = {**orders_repo.plain(complaint.refund or {}), "status": "paid",
              "reference": reference, "by": actor}
    if not _count(order, complaint, amount, "refund_pending", refund):
        raise Conflict("the refund was marked paid meanwhile", code="not_refund_pending")
    metric("RefundsIssued")
