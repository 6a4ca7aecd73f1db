"""PynamoDB models of the orders table: orders, their parcels, and vendors' payout ledger.

Item layout (pk / sk):
  ORDER#<id>    / ORDER                 the order: lines, totals, contact, payment state
  ORDER#<id>    / PARCEL#<n>            one parcel per vendor of the order
  LEDGER#<vid>  / <kind>#<parcel id>    a vendor's payout ledger entry (credit or debit)
  STAT#<dim>    / <day>#<key>           counters for one day (IST) of one category, block,
                                        maker, product, or ALL (key "-"); STAT#BALANCE /
                                        <vendor id>: a vendor's payout balance (chalicelib/stats);
                                        STAT#TDSYEAR / <vendor id>#<FY>: the TDS base so far;
                                        STAT#RATING / PRODUCT#<id> | VENDOR#<id>: stars so far
  SCORE#<vid>   / <day>                 a maker's quality counts of a day (chalicelib/quality)
  (reviews, complaints, buyers' photos: chalicelib/db/quality_models.py)

Indexes: `by_status` (status_pk = ORDER#<status> | PARCEL#<status>, by time) feeds the
reconciliation; `by_vendor` (vendor_pk = VENDOR#<id>) lists a vendor's parcels; `by_day`
(day_pk = DAY#<India date the order was placed>, orders only) lists orders by date.
Personal data (contact, address) lives only on the order item. Orders and parcels
change by conditional field updates (status transitions), never by whole-item
rewrites, so concurrent webhooks and handlers cannot overwrite each other.
"""
from __future__ import annotations

from functools import lru_cache

from pynamodb.attributes import (BooleanAttribute, ListAttribute, MapAttribute, NumberAttribute,
                                 UnicodeAttribute)
from pynamodb.models import Model

from chalicelib import config
from chalicelib.db.models import gsi


class OrdersModel(Model):
    class Meta:
        table_name = "orders"  # bound to the configured name by `bind()`
        billing_mode = "PAY_PER_REQUEST"

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    status_pk = UnicodeAttribute(null=True)
    status_sk = UnicodeAttribute(null=True)
    vendor_pk = UnicodeAttribute(null=True)
    vendor_sk = UnicodeAttribute(null=True)
    day_pk = UnicodeAttribute(null=True)
    day_sk = UnicodeAttribute(null=True)
    by_status = gsi("by_status", "status_pk", "status_sk")()
    by_vendor = gsi("by_vendor", "vendor_pk", "vendor_sk")()
    by_day = gsi("by_day", "day_pk", "day_sk")()


class OrderItem(OrdersModel):
    id = UnicodeAttribute()
    token_hash = UnicodeAttribute()
    status = UnicodeAttribute()       # pending_payment | paid | confirmed (COD) | cancelled | completed
    payment_method = UnicodeAttribute()   # the shopper's choice: card | upi | cod
    payment_provider = UnicodeAttribute(null=True)   # stripe | razorpay (none: cod, or older
                                                     # orders, which are all Stripe's)
    provider_order_id = UnicodeAttribute(null=True)  # Razorpay's order (order_…)
    paid_by = UnicodeAttribute(null=True)            # how it was paid: upi | card | netbanking | wallet
    payment_attempt = UnicodeAttribute(null=True)    # JSON: the last failed attempt (Razorpay)
    payment_status = UnicodeAttribute(null=True)   # succeeded | failed | refunded
    payment_intent_id = UnicodeAttribute(null=True)  # the gateway's payment: pi_… or pay_…
    client_secret = UnicodeAttribute(null=True)
    task_token = UnicodeAttribute(null=True)
    execution_arn = UnicodeAttribute(null=True)
    contact = MapAttribute()
    address = MapAttribute()
    billing = MapAttribute(null=True)  # the card's billing address, when not the shipping one
    quote = UnicodeAttribute()        # JSON: the priced lines, parcels and totals
    stock_lines = UnicodeAttribute()  # JSON: what was reserved, to release it exactly
    total_paise = NumberAttribute()
    refunded_paise = NumberAttribute(default=0)
    cancel_reason = UnicodeAttribute(null=True)
    notified = UnicodeAttribute(null=True)   # the paid/confirmed mail went out
    language = UnicodeAttribute(null=True)   # hi | en: the shopper's, for mails
    history = ListAttribute(of=MapAttribute, default=list)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    deadline_at = UnicodeAttribute(null=True)


class ParcelItem(OrdersModel):
    id = UnicodeAttribute()           # <order id>-p<n>
    order_id = UnicodeAttribute()
    vendor_id = UnicodeAttribute()
    status = UnicodeAttribute()       # awaiting_payment | awaiting_pickup | picked_up | in_transit
                                      # | out_for_delivery | delivered | failed | returned | cancelled
    lines = UnicodeAttribute()        # JSON
    value_paise = NumberAttribute()
    shipping_paise = NumberAttribute()
    weight_grams = NumberAttribute()
    packed = UnicodeAttribute(null=True)
    accepted_at = UnicodeAttribute(null=True)   # paid (or COD confirmed) and booked for pickup
    country = UnicodeAttribute(null=True)       # going abroad: the country (chalicelib/exports)
    courier = UnicodeAttribute(null=True)       # the adapter's name, or "manual" (recorded by hand)
    courier_name = UnicodeAttribute(null=True)  # manual: who carries it ("India Post", …)
    tracking_number = UnicodeAttribute(null=True)
    refunded_paise = NumberAttribute(null=True)   # set once, with the order's refund total
    complaint_refunded_paise = NumberAttribute(null=True)   # refunded on buyers' complaints
    events = ListAttribute(of=MapAttribute, default=list)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()


class LedgerItem(OrdersModel):
    """A maker's credit for a delivered parcel, or its reversal. Amounts are signed (a
    reversal copies its credit's with the sign changed); the deduction fields are those of
    chalicelib/payouts/deductions.py (absent on entries written before it: read as 0)."""
    vendor_id = UnicodeAttribute()
    kind = UnicodeAttribute()         # credit_delivery | debit_refund | debit_complaint
    amount_paise = NumberAttribute()  # net to the maker: gross less every deduction
    gross_paise = NumberAttribute()
    commission_paise = NumberAttribute()
    sales_gst_paise = NumberAttribute(null=True)
    taxable_paise = NumberAttribute(null=True)
    commission_bp = NumberAttribute(null=True)
    commission_gst_paise = NumberAttribute(null=True)
    tcs_cgst_paise = NumberAttribute(null=True)
    tcs_sgst_paise = NumberAttribute(null=True)
    tcs_igst_paise = NumberAttribute(null=True)
    tcs_base_paise = NumberAttribute(null=True)
    tds_rate_bp = NumberAttribute(null=True)
    tds_base_paise = NumberAttribute(null=True)
    tds_paise = NumberAttribute(null=True)
    gst_status = UnicodeAttribute(null=True)      # the maker's, when credited
    gstin = UnicodeAttribute(null=True)
    pan = UnicodeAttribute(null=True)
    intra_state = BooleanAttribute(null=True)     # the parcel went to a Jharkhand address
    paid_by = UnicodeAttribute(null=True)         # how the buyer paid: <gateway>:<method>
                                                  # (razorpay:upi, stripe:card, cod:cod)
    day = UnicodeAttribute(null=True)             # India-time day of the credit: its tax month
    payable_at = UnicodeAttribute(null=True)      # the return window's end
    order_id = UnicodeAttribute()
    parcel_id = UnicodeAttribute()
    at = UnicodeAttribute()


class StatItem(OrdersModel):
    """Counters, only ever changed by ADD in the same transaction as the change they count."""
    label = UnicodeAttribute(null=True)    # JSON {"en", "hi"}: what the key names
    orders = NumberAttribute(null=True)    # ALL: orders; other dimensions: parcels with it
    gmv_paise = NumberAttribute(null=True)
    units = NumberAttribute(null=True)
    cod_orders = NumberAttribute(null=True)
    cod_paise = NumberAttribute(null=True)
    cancelled = NumberAttribute(null=True)
    cancelled_paise = NumberAttribute(null=True)
    refunds = NumberAttribute(null=True)
    refunded_paise = NumberAttribute(null=True)
    unpaid_cancelled = NumberAttribute(null=True)
    payments_succeeded = NumberAttribute(null=True)
    payments_failed = NumberAttribute(null=True)
    paid_paise = NumberAttribute(null=True)       # STAT#PAY: taken by <provider>:<method>
    parcels = NumberAttribute(null=True)
    dispatched = NumberAttribute(null=True)
    delivered = NumberAttribute(null=True)
    returned = NumberAttribute(null=True)
    delivery_hours = NumberAttribute(null=True)   # summed over delivered parcels
    within_48h = NumberAttribute(null=True)
    within_96h = NumberAttribute(null=True)
    payout_paise = NumberAttribute(null=True)     # STAT#BALANCE only
    year_base_paise = NumberAttribute(null=True)  # STAT#TDSYEAR: a maker's TDS base in a year
    # quality (chalicelib/quality): SCORE#<vid> / <day>, and the BLOCK and CATEGORY days
    packed_late = NumberAttribute(null=True)      # packed past the packing deadline
    maker_cancelled = NumberAttribute(null=True)  # parcels the maker could not send
    complaints = NumberAttribute(null=True)
    c_damaged = NumberAttribute(null=True)        # complaints by reason
    c_not_as_described = NumberAttribute(null=True)
    c_wrong_or_missing = NumberAttribute(null=True)
    c_quality = NumberAttribute(null=True)
    returns = NumberAttribute(null=True)          # items the courier collects on a complaint
    complaint_refunds = NumberAttribute(null=True)
    complaint_refunded_paise = NumberAttribute(null=True)
    rating_sum = NumberAttribute(null=True)       # published reviews' stars (and STAT#RATING)
    rating_count = NumberAttribute(null=True)


TABLE_MODEL = OrdersModel
ALL_MODELS = (OrdersModel, OrderItem, ParcelItem, LedgerItem, StatItem)


def point(models) -> None:
    """Point models of the orders table at the configured table (each module's `bind`)."""
    s = config.settings()
    for model in models:
        model.Meta.table_name = s.orders_table
        model.Meta.region = s.region
        model._connection = None


@lru_cache(maxsize=1)
def bind() -> None:
    point(ALL_MODELS)
