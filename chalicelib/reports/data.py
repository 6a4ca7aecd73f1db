"""What a report says: plain data, gathered by `gather.py`, rendered by `render.py`.

Money is in paise (integers); names are {"en": ..., "hi": ...}. Periods are whole days in
India time (IST); `end` is inclusive.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Sales:
    """Orders placed (card paid or COD confirmed) in the period, and what became of them."""
    orders: int = 0
    gmv_paise: int = 0             # value of orders placed: items + shipping, GST included
    units: int = 0
    cod_orders: int = 0
    cod_paise: int = 0
    cancelled: int = 0             # placed orders cancelled later (before dispatch)
    cancelled_paise: int = 0
    refunded_paise: int = 0        # card refunds issued in the period

    @property
    def net_paise(self) -> int:
        return self.gmv_paise - self.cancelled_paise


@dataclass(frozen=True)
class Row:
    """One line of a breakdown: a category, a block, a maker or a product."""
    key: str                       # slug / block name / vendor id / product id
    name: dict                     # {"en": ..., "hi": ...}
    sales: Sales


@dataclass(frozen=True)
class Delivery:
    dispatched: int = 0            # parcels picked up by the courier
    delivered: int = 0
    returned: int = 0
    # paid (or confirmed) -> delivered, over the parcels delivered in the period
    average_hours: float | None = None
    within_48h: int = 0
    within_96h: int = 0


@dataclass(frozen=True)
class Payments:
    succeeded: int = 0
    failed: int = 0
    unpaid_cancelled: int = 0      # card orders never paid (timeout, decline, 3-D Secure)


@dataclass(frozen=True)
class PaymentRow:
    """Payments of the period by gateway and method (a COD order counts when confirmed)."""
    provider: str                  # stripe | razorpay | cod
    method: str                    # card | upi | netbanking | wallet | cod
    payments: int = 0
    paid_paise: int = 0
    failed: int = 0                # attempts that failed (Razorpay: the buyer may try again)
    refunds: int = 0
    refunded_paise: int = 0


@dataclass(frozen=True)
class Attention:
    """Something an official should look at: a stuck/failed order or parcel, a pending
    vendor or listing."""
    kind: str                      # stuck_order | failed_parcel | pending_vendor | pending_listing
                                   # | export_profile | lut_ending | realisation_due (exports)
    ref: str                       # order / parcel / vendor / product id
    name: dict                     # what it is, {"en", "hi"}
    since: str                     # ISO time it has been in this state since
    detail: str = ""


@dataclass(frozen=True)
class Payout:
    vendor_id: str
    name: dict
    due_paise: int                 # credits for delivered parcels minus refund debits


@dataclass(frozen=True)
class ReportData:
    id: str                        # e.g. "daily-2026-11-26", "weekly-2026-11-16"
    kind: str                      # daily | weekly | custom
    start: date
    end: date                      # inclusive
    generated_at: str              # ISO time
    stage: str
    totals: Sales
    by_day: list[tuple[date, Sales]]          # every day of the period, zeros included
    by_category: list[Row]                    # largest GMV first
    by_block: list[Row]
    by_maker: list[Row]
    top_products: list[Row]                   # at most 10
    delivery: Delivery
    payments: Payments
    new_vendors: int
    new_listings: int
    attention: list[Attention] = field(default_factory=list)
    payouts: list[Payout] = field(default_factory=list)   # vendors with a non-zero balance
    by_payment: list[PaymentRow] = field(default_factory=list)   # most money first
    # what buyers said, by block then by category (chalicelib/reports/quality.py QualityRow)
    quality: list = field(default_factory=list)
    # the month's export register so far (chalicelib/exports/register.py), None: not gathered
    exports: dict | None = None

    @property
    def empty(self) -> bool:
        return self.totals.orders == 0 and not self.attention
