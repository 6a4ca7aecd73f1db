"""Request and response models of selling abroad (chalicelib/exports)."""
from __future__ import annotations

import re
from datetime import date
from typing import Literal, Optional

from pydantic import Field, ValidationInfo, field_validator, model_validator

from chalicelib.apimodel import ApiModel, InputModel

_IEC = re.compile(r"^[A-Z0-9]{10}$")
_AD_CODE = re.compile(r"^[0-9]{7}([0-9]{7})?$")
# A GST application reference number: AD (refunds, where the LUT is filed: RFD-11), the
# state's code (20: Jharkhand), month and year of filing, a serial, a check character.
_ARN = re.compile(r"^AD20(0[1-9]|1[0-2])[0-9]{2}[0-9]{6}[0-9A-Z]$")
_FY = re.compile(r"^(20[0-9]{2})-([0-9]{2})$")


def fy_bounds(fy: str) -> tuple[date, date]:
    """"2026-27" -> (2026-04-01, 2027-03-31)."""
    start = int(fy[:4])
    return date(start, 4, 1), date(start + 1, 3, 31)


class LutIn(InputModel):
    arn: str = Field(description="the LUT's ARN from the GST portal (RFD-11), e.g. AD200426012345X")
    financial_year: str = Field(description="the financial year it covers, e.g. 2026-27")
    valid_from: date
    valid_to: date

    @field_validator("arn")
    @classmethod
    def _arn(cls, v: str) -> str:
        v = v.upper().replace(" ", "")
        if not _ARN.match(v):
            raise ValueError("the LUT's ARN has 15 characters: AD, 20 (Jharkhand), month and "
                             "year of filing, six digits and a check character, like "
                             "AD200426012345X")
        return v

    @field_validator("financial_year")
    @classmethod
    def _fy(cls, v: str) -> str:
        m = _FY.match(v)
        if not m or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
            raise ValueError("financial year like 2026-27 (April to March)")
        return v

    @field_validator("valid_to")
    @classmethod
    def _within_year(cls, v: date, info: ValidationInfo) -> date:
        fy, start = info.data.get("financial_year"), info.data.get("valid_from")
        if fy is None or start is None:
            return v
        first, last = fy_bounds(fy)
        if not first <= start <= v <= last:
            raise ValueError(f"an LUT is valid within its financial year: from {first} to "
                             f"{last} at most, and valid_from not after valid_to")
        return v


class ExportProfileIn(InputModel):
    iec: str = Field(description="Importer-Exporter Code from DGFT: 10 characters (a PAN)")
    ad_code: str = Field(description="the bank's Authorised Dealer code: 7 or 14 digits")
    lut: LutIn

    @field_validator("iec")
    @classmethod
    def _iec(cls, v: str) -> str:
        v = v.upper().replace(" ", "")
        if not _IEC.match(v):
            raise ValueError("the IEC has 10 letters and digits (since 2017 it is the PAN)")
        return v

    @field_validator("ad_code")
    @classmethod
    def _ad(cls, v: str) -> str:
        v = v.replace(" ", "")
        if not _AD_CODE.match(v):
            raise ValueError("the AD code is 7 or 14 digits, as the bank's letter gives it")
        return v


class ExportProfileOut(ApiModel):
    status: Literal["none", "pending", "approved", "rejected"]
    iec: Optional[str] = None
    ad_code: Optional[str] = None
    lut: Optional[dict] = None
    review_reason: Optional[str] = None
    submitted_at: Optional[str] = None
    decided_at: Optional[str] = None
    ready: bool = Field(description="the maker's goods may be offered abroad now")
    ready_until: Optional[str] = Field(None, description="the last day the LUT covers")
    problems: list[dict] = Field(default_factory=list, description="why not ready: {code, en, hi}")


class ExportProfileRow(ApiModel):
    vendor_id: str
    name: dict
    block: str
    gst_status: Optional[str]
    gstin: Optional[str]
    export: ExportProfileOut


class ExportProfileList(ApiModel):
    items: list[ExportProfileRow]


class ExportProfileQuery(InputModel):
    status: Literal["pending", "approved", "rejected"] = "pending"


class ClearanceIn(InputModel):
    """What lets a perishable listing go abroad (e.g. the Export Inspection Council's or the
    importing country's clearance for a dairy sweet)."""
    reference: str = Field(min_length=3, max_length=80)
    authority: str = Field(min_length=2, max_length=100)
    valid_until: date


class PapersQuery(InputModel):
    format: Literal["html", "json", "csv"] = "html"
    vendor_id: Optional[str] = Field(None, pattern=r"^[a-z0-9-]{1,64}$")


class RegisterQuery(InputModel):
    month: Optional[str] = Field(None, pattern=r"^20[0-9]{2}-(0[1-9]|1[0-2])$",
                                 description="YYYY-MM, India time; default this month")


class RealisationIn(InputModel):
    reference: str = Field(min_length=3, max_length=60,
                           description="the bank's realisation reference (e-BRC / FIRC no.)")
    realised_on: date

    @model_validator(mode="after")
    def _not_future(self):
        from chalicelib.stats.counters import day_of   # India's date: the desk's "today"
        if self.realised_on.isoformat() > day_of():
            raise ValueError("realised_on cannot be in the future")
        return self


class RegisterRow(ApiModel):
    parcel_id: str
    order_id: str
    vendor_id: str
    maker: dict
    country: str
    categories: list[str]
    block: Optional[str]
    service: Optional[str] = None
    value_paise: int
    shipping_paise: int
    currency: Optional[str]
    value_minor: Optional[int]
    status: Optional[str] = None
    paid_at: str
    realisation: Optional[dict]


class Register(ApiModel):
    month: str
    totals: dict
    by_country: list[dict]
    by_category: list[dict]
    by_block: list[dict]
    by_maker: list[dict]
    parcels: list[RegisterRow]
    awaiting_other_months: list[RegisterRow] = Field(
        default_factory=list, description="earlier months' parcels still waiting for the bank")


class AbroadOut(ApiModel):
    countries: list[dict]
    services: dict
    fx: Optional[dict]
    effective_from: str
    source: str
