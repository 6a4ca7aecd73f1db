"""The district office's figures, order list and reports on the API (validation + OpenAPI)."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Optional

from pydantic import Field

from chalicelib.apimodel import ApiModel, InputModel

ORDER_STATUS = Literal["pending_payment", "paid", "confirmed", "cancelled", "completed"]
# A day the office may ask about. Far outside it, the date arithmetic (India midnight in
# UTC, a week or a day either side) leaves the range Python's dates hold: a 500, not a 400.
OfficeDay = Annotated[dt.date, Field(ge=dt.date(2000, 1, 1), le=dt.date(2999, 12, 31))]


class TopCategory(ApiModel):
    category: str
    orders: int
    gmv_paise: int
    units: int


class PaymentFigure(ApiModel):
    provider: str = Field(description="stripe | razorpay | cod")
    method: str = Field(description="card | upi | netbanking | wallet | cod")
    payments: int
    paid_paise: int
    failed: int = Field(description="attempts that failed (Razorpay: the buyer may try again)")
    refunds: int
    refunded_paise: int


class Period(ApiModel):
    from_: str = Field(alias="from")
    to: str
    orders: int = Field(description="orders placed: card paid or cash on delivery confirmed")
    gmv_paise: int = Field(description="value of orders placed, shipping and GST included")
    net_paise: int = Field(description="GMV less orders cancelled in the period")
    units: int
    cod_orders: int
    cancelled: int
    refunded_paise: int
    payment_success_rate: Optional[float]
    delivered: int
    average_delivery_hours: Optional[float]
    top_categories: list[TopCategory]
    by_payment: list[PaymentFigure] = Field(default_factory=list, description="payments by "
                                            "gateway and method (COD: confirmed orders)")


class StatsOut(ApiModel):
    as_of: str
    today: Period
    last_7_days: Period
    last_30_days: Period


class AdminOrdersQuery(InputModel):
    status: Optional[ORDER_STATUS] = None
    vendor_id: Optional[str] = Field(None, max_length=64, pattern=r"^[a-z0-9-]+$")
    date_from: Optional[OfficeDay] = Field(None, description="India date; default 6 days before "
                                                             "date_to")
    date_to: Optional[OfficeDay] = Field(None, description="India date; default today")
    limit: int = Field(25, ge=1, le=100)
    cursor: Optional[str] = Field(None, max_length=2048)


class Destination(ApiModel):
    city: Optional[str]
    state: Optional[str]
    pincode: Optional[str]
    country: Optional[str]


class AdminOrder(ApiModel):
    id: str
    created_at: str
    status: str
    payment_method: str
    payment_status: Optional[str]
    total_paise: int
    refunded_paise: int
    parcels: int
    vendors: list[str]
    destination: Destination
    cancel_reason: Optional[str]


class AdminOrderList(ApiModel):
    items: list[AdminOrder]
    from_: str = Field(alias="from")
    to: str
    next_cursor: Optional[str]


class ReportTotals(ApiModel):
    orders: int
    gmv_paise: int
    net_paise: int


class ReportMeta(ApiModel):
    id: str
    kind: str
    start: str
    end: str
    generated_at: str
    empty: bool
    totals: ReportTotals


class ReportOut(ReportMeta):
    html_url: str = Field(description="time-limited link to the HTML report")
    csv_url: str = Field(description="time-limited link to the CSV")
    expires_in: int


class ReportList(ApiModel):
    items: list[ReportMeta]


class ReportsQuery(InputModel):
    kind: Optional[Literal["daily", "weekly", "custom"]] = None
    limit: int = Field(30, ge=1, le=100)


class ReportIn(InputModel):
    kind: Literal["daily", "weekly"] = "daily"
    date: Optional[OfficeDay] = Field(None, description="a day of the period; default: "
                                                        "yesterday (daily) or last week (weekly)")
    email: bool = Field(True, description="send it to the admin list")
