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
