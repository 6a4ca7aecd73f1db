"""Request and response models of the vendor, facilitator and admin vendor APIs.

Format checks live here (pydantic validators), so bad input is a 400 with the
field named before any domain code runs.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Literal, Optional

from pydantic import EmailStr, Field, ValidationInfo, field_validator, model_validator

from chalicelib.apimodel import ApiModel, InputModel

from chalicelib.blocks import BLOCKS, canonical
from chalicelib.catalog.schemas import Text

_GSTIN = re.compile(r"^[0-3][0-9][A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$")
_GSTIN_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_UDYAM = re.compile(r"^UDYAM-[A-Z]{2}-[0-9]{2}-[0-9]{7}$")
_IFSC = re.compile(r"^[A-Z]{4}0[A-Z0-9]{6}$")
_ACCOUNT = re.compile(r"^[0-9]{9,18}$")
_PHONE = re.compile(r"^(?:\+91|91|0)?([6-9][0-9]{9})$")
_JSLPS = re.compile(r"^[A-Za-z0-9/ _-]{3,40}$")
_PAN = re.compile(r"^[A-Z]{3}[ABCFGHJLPT][A-Z][0-9]{4}[A-Z]$")
_ENROLMENT = re.compile(r"^[0-9A-Z]{15}$")
HOME_STATE_CODE = "20"     # Jharkhand in GSTINs: every maker here is registered in it
INDIVIDUAL_PAN = "PH"      # a PAN's 4th character: P individual, H Hindu undivided family
GST_STATUSES = ("registered", "composition", "unregistered")


def gstin_checksum_ok(gstin: str) -> bool:
    """GSTIN's 15th character is a mod-36 check over the first 14."""
    total = 0
    for i, ch in enumerate(gstin[:14]):
        value = _GSTIN_CHARS.index(ch) * (2 if i % 2 else 1)
        total += value // 36 + value % 36
    return _GSTIN_CHARS[(36 - total % 36) % 36] == gstin[14]


def mask(number: str | None) -> str | None:
    return None if not number else "XXXX" + number[-4:]


StrictModel = InputModel


class BankDetailsIn(StrictModel):
    account_number: str = Field(description="9-18 digits")
    ifsc: str = Field(description="e.g. SBIN0001234")
    holder_name: str = Field(min_length=2, max_length=100)

    @field_validator("account_number")
    @classmethod
    def _account(cls, v: str) -> str:
        v = v.replace(" ", "")
        if not _ACCOUNT.match(v):
            raise ValueError("account number must be 9 to 18 digits")
        return v

    @field_validator("ifsc")
    @classmethod
    def _ifsc(cls, v: str) -> str:
        v = v.upper()
        if not _IFSC.match(v):
            raise ValueError("IFSC must look like SBIN0001234 (4 letters, 0, 6 letters/digits)")
        return v


class BankDetailsOut(ApiModel):
    account_last4: str
    ifsc: str
    holder_name: str


class LocalText(StrictModel):
    en: str = Field(min_length=1, max_length=2000)
    hi: str = Field(min_length=1, max_length=2000)


class VendorProfileIn(StrictModel):
    name: LocalText
    story: LocalText
    craft: LocalText
    category: str = Field(pattern=r"^[a-z0-9-]{2,64}$")
    block: str
    village: LocalText
    phone: str
    email: EmailStr
    is_shg: bool = False
    accepts_cod: bool = Field(True, description="offer cash on delivery for this maker's goods")
    jslps_id: Optional[str] = None
    # Tax profile (issue 15): decides TCS, TDS, the invoice's kind and where the maker may sell.
    gst_status: Optional[Literal["registered", "composition", "unregistered"]] = Field(
        None, description="registered and composition need a GSTIN; unregistered an enrolment "
                          "number and sells inside Jharkhand only; omitted with a GSTIN: registered")
    gstin: Optional[str] = Field(None, validate_default=True)
    enrolment_number: Optional[str] = Field(
        None, validate_default=True,
        description="GST enrolment number of a maker without registration (15 characters)")
    pan: Optional[str] = Field(None, description="PAN, e.g. ABCPK1234M; taken from the GSTIN "
                                                 "when omitted. Without it TDS is 5 %")
    individual: Optional[bool] = Field(
        None, validate_default=True,
        description="an individual or HUF (the TDS exemption up to ₹5 lakh a year); "
                    "follows the PAN's 4th character when a PAN is known")
    udyam: Optional[str] = None
    bank: Optional[BankDetailsIn] = None
    since_year: Optional[int] = Field(None, ge=1900, le=2100)

    @field_validator("block")
    @classmethod
    def _block(cls, v: str) -> str:
        match = canonical(v)
        if match is None:
            raise ValueError("block must be one of Deoghar district's blocks: " + ", ".join(BLOCKS))
        return match

    @field_validator("phone")
    @classmethod
    def _phone(cls, v: str) -> str:
        m = _PHONE.match(re.sub(r"[\s-]", "", v))
        if not m:
            raise ValueError("phone must be an Indian mobile number, e.g. 9876543210")
        return "+91" + m.group(1)

    @field_validator("gstin")
    @classmethod
    def _gstin(cls, v: Optional[str], info: ValidationInfo) -> Optional[str]:
        status = info.data.get("gst_status")
        if not v:
            if status in ("registered", "composition"):
                raise ValueError(f"a {status} maker must give the GSTIN")
            return None
        v = v.upper()
        if not _GSTIN.match(v) or not gstin_checksum_ok(v):
            raise ValueError("GSTIN is not valid (15 characters with a correct check digit)")
        if not v.startswith(HOME_STATE_CODE):
            raise ValueError("the GSTIN must be a Jharkhand registration (starting with 20)")
        if status == "unregistered":
            raise ValueError("a maker with a GSTIN is registered: choose registered or composition")
        return v

    @field_validator("enrolment_number")
    @classmethod
    def _enrolment(cls, v: Optional[str], info: ValidationInfo) -> Optional[str]:
        status = info.data.get("gst_status")
        if not v:
            if status == "unregistered":
                raise ValueError("a maker without GST registration must give the enrolment "
                                 "number from the GST portal")
            return None
        v = v.upper().replace(" ", "")
        if not _ENROLMENT.match(v):
            raise ValueError("enrolment number: 15 letters and digits")
        if status != "unregistered":
            raise ValueError("an enrolment number is for makers without GST registration")
        return v

    @field_validator("pan")
    @classmethod
    def _pan(cls, v: Optional[str], info: ValidationInfo) -> Optional[str]:
        if not v:
            return None
        v = v.upper().replace(" ", "")
        if not _PAN.match(v):
            raise ValueError("PAN must look like ABCPK1234M (5 letters, 4 digits, a letter)")
        gstin = info.data.get("gstin")
        if gstin and gstin[2:12] != v:
            raise ValueError("the PAN does not match the one inside the GSTIN")
        return v

    @field_validator("individual")
    @classmethod
    def _individual(cls, v: Optional[bool], info: ValidationInfo) -> Optional[bool]:
        pan = info.data.get("pan") or ((info.data.get("gstin") or "")[2:12] or None)
        if pan is None:
            return bool(v)
        by_pan = pan[3] in INDIVIDUAL_PAN
        if v is not None and v != by_pan:
            raise ValueError("the PAN says " + ("an individual or HUF" if by_pan else
                                                "not an individual or HUF"))
        return by_pan

    @model_validator(mode="after")
    def _defaults(self):
        if self.gst_status is None and self.gstin:
            self.gst_status = "registered"
        if self.pan is None and self.gstin:
            self.pan = self.gstin[2:12]
        return self

    @field_validator("udyam")
    @classmethod
    def _udyam(cls, v: Optional[str]) -> Optional[str]:
        if not v:
            return None
        v = v.upper()
        if not _UDYAM.match(v):
            raise ValueError("Udyam number must look like UDYAM-JH-05-0012345")
        return v

    @field_validator("jslps_id")
    @classmethod
    def _jslps(cls, v: Optional[str]) -> Optional[str]:
        if not v:
            return None
        if not _JSLPS.match(v):
            raise ValueError("JSLPS id: 3-40 letters, digits, '/', '-', '_' or spaces")
        return v


class ConsentIn(StrictModel):
    """How the maker agreed to be listed by a facilitator."""
    maker_name: str = Field(min_length=2, max_length=100)
    method: Literal["signed_form", "thumb_impression", "verbal_witnessed"]
    recorded_on: date
    witness: Optional[str] = Field(None, max_length=100)
    note: Optional[str] = Field(None, max_length=500)


class OnboardIn(StrictModel):
    profile: VendorProfileIn
    consent: ConsentIn


class VendorProfileOut(ApiModel):
    id: str
    status: Literal["pending", "approved", "rejected", "suspended"]
    review_reason: Optional[str]
    name: Text
    story: Text
    craft: Text
    category: str
    block: str
    village: Text
    phone: Optional[str]
    email: Optional[str]
    is_shg: bool
    accepts_cod: bool
    jslps_id: Optional[str]
    gst_status: Optional[Literal["registered", "composition", "unregistered"]]
    gstin: Optional[str]
    enrolment_number: Optional[str]
    pan: Optional[str]
    individual: bool
    udyam: Optional[str]
    bank: Optional[BankDetailsOut]
    bank_change: Optional[dict] = Field(
        None, description="a new bank account waiting for the office's approval (masked); "
                          "payouts are held until it is decided")
    since_year: Optional[int]
    managed_by_facilitator: bool
    own_account: bool = Field(False, description="the maker signs in with an account of their "
                                                 "own (a password reset can be started for it)")
    consent: Optional[dict]
    export: Optional[dict] = Field(None, description="the export profile (GET /vendor/export)")
    version: int
    created_at: str
    updated_at: str


class VendorProfileList(ApiModel):
    items: list[VendorProfileOut]
    next_cursor: Optional[str] = None


class ActingQuery(StrictModel):
    """Facilitators name the maker they act for; vendors may omit it."""
    vendor_id: Optional[str] = Field(None, pattern=r"^[a-z0-9-]{1,64}$")


class ReasonIn(StrictModel):
    reason: str = Field(min_length=3, max_length=1000)


class OptionalReasonIn(StrictModel):
    reason: Optional[str] = Field(None, max_length=1000)


class AdminVendorQuery(StrictModel):
    status: Literal["pending", "approved", "rejected", "suspended"] = "pending"
    limit: int = Field(25, ge=1, le=100)
    cursor: Optional[str] = Field(None, max_length=2048)


class AuditEntry(ApiModel):
    kind: str
    entity_id: str
    action: str
    reason: Optional[str]
    actor_sub: str
    actor_name: Optional[str]
    at: str


class AuditList(ApiModel):
    items: list[AuditEntry]
    next_cursor: Optional[str] = None


class AuditQuery(StrictModel):
    kind: Optional[Literal["vendor", "product", "payout_run", "official"]] = None
    entity_id: Optional[str] = Field(None, pattern=r"^[a-z0-9-]{1,64}$")
    limit: int = Field(50, ge=1, le=100)
    cursor: Optional[str] = Field(None, max_length=2048)
