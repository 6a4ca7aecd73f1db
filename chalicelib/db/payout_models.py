"""PynamoDB models of makers' payouts, in the orders table (chalicelib/payouts).

Item layout (pk / sk):
  OPEN#<vid>        / <payable_at>#<ledger sk>  a ledger entry not yet paid out; `run_id` set
                                                while a payout run holds it; deleted when paid
  PAYOUTRUN#<id>    / RUN                        a payout run: who prepared and approved it,
                                                 its cut-off, totals, the bank file's key
  PAYOUTRUN#OPEN    / LOCK                       the run prepared and not yet approved
  PAYOUTRUN#<id>    / LINE#<vid>                 one maker's line: amount, the entries it pays,
                                                 the bank account, then the UTR or the failure
  UTR#<utr>         / UTR                        a bank reference used once, ever
  TAXMONTH#<YYYY-MM> / <vid>                     a maker's sales and deductions in a month
                                                 (GSTR-8, 26Q, statements), moved with the ledger

Runs are listed through `by_status` (status_pk PAYOUTRUN), a maker's lines through
`by_vendor` (vendor_pk PAYOUTS#<vid>).
"""
from __future__ import annotations

from functools import lru_cache

from pynamodb.attributes import (ListAttribute, MapAttribute, NumberAttribute,
                                 UnicodeAttribute)

from chalicelib.db import order_models
from chalicelib.db.order_models import OrdersModel


class PayableItem(OrdersModel):
    vendor_id = UnicodeAttribute()
    ledger_sk = UnicodeAttribute()
    amount_paise = NumberAttribute()
    payable_at = UnicodeAttribute()
    run_id = UnicodeAttribute(null=True)


class PayoutRunItem(OrdersModel):
    id = UnicodeAttribute()
    status = UnicodeAttribute()          # preparing | prepared | approved | closed
    cutoff = UnicodeAttribute()
    prepared_by = UnicodeAttribute()
    prepared_by_name = UnicodeAttribute(null=True)
    approved_by = UnicodeAttribute(null=True)
    approved_by_name = UnicodeAttribute(null=True)
    approved_at = UnicodeAttribute(null=True)
    lines = NumberAttribute(default=0)
    amount_paise = NumberAttribute(default=0)
    held = UnicodeAttribute(null=True)   # JSON: makers left out, with what and why
    file_key = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()


class PayoutLineItem(OrdersModel):
    run_id = UnicodeAttribute()
    vendor_id = UnicodeAttribute()
    vendor_name = UnicodeAttribute()
    amount_paise = NumberAttribute()
    entries = ListAttribute(of=UnicodeAttribute, default=list)   # OPEN# sort keys it pays
    bank = MapAttribute()                # account_number, ifsc, holder_name when prepared
    status = UnicodeAttribute()          # pending | paid | failed
    utr = UnicodeAttribute(null=True)
    failure_reason = UnicodeAttribute(null=True)
    settled_at = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()


class RunLockItem(OrdersModel):
    """PAYOUTRUN#OPEN / LOCK: the one run prepared and not yet approved."""
    run_id = UnicodeAttribute()


class UtrItem(OrdersModel):
    run_id = UnicodeAttribute()
    vendor_id = UnicodeAttribute()


class TaxMonthItem(OrdersModel):
    """ADDed with every ledger entry; credits count as supplies, reversals as returns."""
    vendor_id = UnicodeAttribute(null=True)
    gst_status = UnicodeAttribute(null=True)
    gstin = UnicodeAttribute(null=True)
    pan = UnicodeAttribute(null=True)
    parcels = NumberAttribute(null=True)
    gross_paise = NumberAttribute(null=True)           # supplies, GST included
    returned_paise = NumberAttribute(null=True)        # returns, GST included (positive)
    taxable_paise = NumberAttribute(null=True)         # supplies, without GST
    returned_taxable_paise = NumberAttribute(null=True)
    sales_gst_paise = NumberAttribute(null=True)       # net of returns
    commission_paise = NumberAttribute(null=True)
    commission_gst_paise = NumberAttribute(null=True)
    tcs_cgst_paise = NumberAttribute(null=True)
    tcs_sgst_paise = NumberAttribute(null=True)
    tcs_igst_paise = NumberAttribute(null=True)
    tds_base_paise = NumberAttribute(null=True)
    tds_paise = NumberAttribute(null=True)
    net_paise = NumberAttribute(null=True)
    paid_paise = NumberAttribute(null=True)            # paid out in the month


MODELS = (PayableItem, PayoutRunItem, PayoutLineItem, RunLockItem, UtrItem, TaxMonthItem)


@lru_cache(maxsize=1)
def bind() -> None:
    order_models.bind()
    order_models.point(MODELS)
