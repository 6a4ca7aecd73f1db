"""Request and response models of the payout API."""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from chalicelib.apimodel import ApiModel, InputModel

RUN_ID = {"run_id": "Payout run id, e.g. pr-20261203-a1b2c3"}


class PrepareIn(InputModel):
    cutoff: Optional[str] = Field(
        None, pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$",
        description="pay what was payable at this UTC time (default and latest: now)")


class HeldMaker(ApiModel):
    vendor_id: str
    name: str
    amount_paise: int
    reason: Literal["bank_change_pending", "no_bank_account", "negative_balance"]


class PayoutLineOut(ApiModel):
    vendor_id: str
    name: str
    amount_paise: int
    entries: int
    account_last4: str
    ifsc: str
    status: Literal["pending", "paid", "failed"]
    utr: Optional[str]
    failure_reason: Optional[str]
    settled_at: Optional[str]


class PayoutRunOut(ApiModel):
    id: str
    status: Literal["preparing", "prepared", "approved", "closed"]
    cutoff: str
    prepared_by: str
    approved_by: Optional[str]
    approved_at: Optional[str]
    created_at: str
    lines_count: int
    amount_paise: int
    held: list[HeldMaker]
    bank_file_url: Optional[str] = Field(description="time-limited link to the bank file, "
                                                     "once approved")
    lines: Optional[list[PayoutLineOut]] = None


class PayoutRunList(ApiModel):
    items: list[PayoutRunOut]


class ResponseRow(ApiModel):
    row: int
    reference: str
    outcome: Literal["paid", "failed", "unchanged", "refused"]
    code: Optional[str] = None
    message: Optional[str] = None
    utr: Optional[str] = None
    reason: Optional[str] = None


class BankResponseReport(ApiModel):
    run_id: str
    paid: int
    failed: int
    unchanged: int
    refused: int
    pending: int
    rows: list[ResponseRow]


class StatementQuery(InputModel):
    vendor_id: Optional[str] = Field(None, pattern=r"^[a-z0-9-]{1,64}$",
                                     description="facilitators: the maker they act for")
    month: Optional[str] = Field(None, pattern=r"^20\d{2}-(0[1-9]|1[0-2])$",
                                 description="YYYY-MM, India time (default: this month)")


class DocumentQuery(InputModel):
    vendor_id: Optional[str] = Field(None, pattern=r"^[a-z0-9-]{1,64}$")
    format: Literal["html", "csv"] = "html"


class StatementOut(ApiModel):
    vendor_id: str
    month: str
    maker: dict
    parcels: int
    figures: dict[str, int]
    tcs_paise: int
    payouts: list[dict]
    held_paise: int
    held_until: Optional[str]
    payable_paise: int


class PayoutStatementOut(ApiModel):
    vendor_id: str
    run_id: str
    status: Literal["pending", "paid", "failed"]
    utr: Optional[str]
    paid_at: Optional[str]
    amount_paise: int
    parcels: list[dict]
    figures: dict[str, int]
    by_payment: dict[str, int] = Field(default_factory=dict, description="net paid out by how "
                                       "the buyers paid: razorpay:upi, stripe:card, cod:cod, …")


class MonthQuery(InputModel):
    month: Optional[str] = Field(None, pattern=r"^20\d{2}-(0[1-9]|1[0-2])$")


class QuarterQuery(InputModel):
    quarter: str = Field(pattern=r"^FY20\d{2}-\d{2}-Q[1-4]$", description="e.g. FY2026-27-Q3")


class Gstr8Out(ApiModel):
    month: str
    suppliers: list[dict]
    unregistered: list[dict]
    totals: dict[str, int]
    csv_url: str


class TdsOut(ApiModel):
    quarter: str
    deductees: list[dict]
    totals: dict[str, int]
    csv_url: str
