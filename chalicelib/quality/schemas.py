"""Request bodies and queries of reviews, complaints and scorecards."""
from __future__ import annotations

import re
from typing import Literal, Optional, Union

from pydantic import Field, field_validator

from chalicelib.apimodel import InputModel
from chalicelib.vendors.schemas import ActingQuery, BankDetailsIn

UPLOAD_ID = r"^[a-f0-9]{32}$"
_UPI = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,255}@[A-Za-z][A-Za-z0-9]{1,63}$")


def _upload_ids(v: list[str]) -> list[str]:
    if any(not re.match(UPLOAD_ID, p) for p in v):
        raise ValueError("photos are upload ids (32 hex characters)")
    return v


def _clean(text: str) -> str:
    """Text as written, without control characters (newlines and tabs kept)."""
    return "".join(ch for ch in text if ch in "\n\t" or ch >= " ").strip()


class PhotoIn(InputModel):
    purpose: Literal["review", "complaint"]
    line_id: str = Field(min_length=1, max_length=80)
    content_type: Literal["image/jpeg", "image/png", "image/webp"]


class ReviewEdit(InputModel):
    rating: int = Field(ge=1, le=5)
    text: str = Field("", max_length=2000)
    photos: list[str] = Field(default_factory=list, max_length=3)

    @field_validator("text")
    @classmethod
    def _text(cls, v: str) -> str:
        return _clean(v)

    @field_validator("photos")
    @classmethod
    def _photos(cls, v: list[str]) -> list[str]:
        return _upload_ids(v)


class ReviewIn(ReviewEdit):
    line_id: str = Field(min_length=1, max_length=80)


class UpiIn(InputModel):
    upi_id: str = Field(max_length=256)

    @field_validator("upi_id")
    @classmethod
    def _upi(cls, v: str) -> str:
        v = v.strip()
        if not _UPI.match(v):
            raise ValueError("a UPI ID looks like name@bank")
        return v


class ComplaintIn(InputModel):
    line_id: str = Field(min_length=1, max_length=80)
    reason: Literal["damaged", "not_as_described", "wrong_or_missing", "quality"]
    text: str = Field(min_length=1, max_length=2000)
    photos: list[str] = Field(default_factory=list, max_length=3)
    wants: Literal["refund", "return"]
    refund_to: Optional[Union[UpiIn, BankDetailsIn]] = None

    @field_validator("text")
    @classmethod
    def _text(cls, v: str) -> str:
        v = _clean(v)
        if not v:
            raise ValueError("say what is wrong")
        return v

    @field_validator("photos")
    @classmethod
    def _photos(cls, v: list[str]) -> list[str]:
        return _upload_ids(v)


class AnswerIn(InputModel):
    text: str = Field(min_length=1, max_length=2000)

    @field_validator("text")
    @classmethod
    def _text(cls, v: str) -> str:
        v = _clean(v)
        if not v:
            raise ValueError("the answer is empty")
        return v


class ReviewDecisionIn(InputModel):
    action: Literal["publish", "reject"]
    reason: Optional[str] = Field(None, max_length=500)


class ComplaintDecisionIn(InputModel):
    refund_paise: int = Field(ge=0, le=10_00_00_000)
    collect: bool = False
    note: str = Field(min_length=1, max_length=1000)


class RefundPaidIn(InputModel):
    reference: str = Field(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9/._-]+$")


class CancelParcelIn(InputModel):
    reason: str = Field(min_length=1, max_length=300)


class CursorQuery(InputModel):
    cursor: Optional[str] = Field(None, max_length=2048)


class ReviewsQuery(CursorQuery):
    status: Literal["pending", "rejected"] = "pending"


class ComplaintsQuery(CursorQuery):
    status: Literal["open", "answered", "refund_pending", "refunding", "closed"] = "open"


class MakerCursorQuery(ActingQuery):
    cursor: Optional[str] = Field(None, max_length=2048)


class MakerComplaintsQuery(MakerCursorQuery):
    status: Optional[Literal["open", "answered", "refund_pending", "closed"]] = None


class FlaggedQuery(InputModel):
    flagged: bool = True
