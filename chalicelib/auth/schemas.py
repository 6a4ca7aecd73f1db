"""Request and response models of sign-up and sign-in."""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import EmailStr, Field, RootModel, field_validator

from chalicelib.apimodel import ApiModel, InputModel


_Strict = InputModel


class SignUpIn(_Strict):
    email: EmailStr
    password: str = Field(min_length=8, max_length=128)
    name: str = Field(min_length=2, max_length=100)
    role: Literal["vendor"] = "vendor"


class SignUpOut(ApiModel):
    user_sub: str
    confirmed: bool
    next_step: Literal["sign_in", "confirm_email"]


class ConfirmIn(_Strict):
    email: EmailStr
    code: str = Field(pattern=r"^[0-9]{4,8}$")


class ConfirmOut(ApiModel):
    confirmed: bool
    next_step: Literal["sign_in"]


class LoginIn(_Strict):
    email: EmailStr
    password: str = Field(min_length=1, max_length=128)


class RefreshIn(_Strict):
    refresh_token: str = Field(min_length=10, max_length=8192)


class Tokens(ApiModel):
    id_token: str
    access_token: str
    refresh_token: str
    expires_in: int
    token_type: Literal["Bearer"]


class Me(ApiModel):
    sub: str
    groups: list[str]
    username: str
    vendor_ids: list[str]
    block: Optional[str] = Field(None, description="a facilitator's block")


class LoginChallenge(ApiModel):
    """An invited official's first sign-in: set a new password (POST /auth/new-password)."""
    next_step: Literal["new_password"]
    session: str


class LoginOut(RootModel[Tokens | LoginChallenge]):
    """Tokens, or the new-password step of an invited official's first sign-in."""


class NewPasswordIn(_Strict):
    email: EmailStr
    session: str = Field(min_length=20, max_length=4096)
    new_password: str = Field(min_length=8, max_length=128)


class EmailIn(_Strict):
    email: EmailStr


class CodeSent(ApiModel):
    next_step: Literal["reset_password", "confirm_email"]
    destination: Optional[str] = Field(None, description="where Cognito sent it, masked "
                                       "(e.g. o***@d***); null when not told")


class ResetPasswordIn(_Strict):
    email: EmailStr
    code: str = Field(pattern=r"^[0-9]{4,8}$")
    new_password: str = Field(min_length=8, max_length=128)


class ResetDone(ApiModel):
    next_step: Literal["sign_in"]


ROLES = Literal["admin", "facilitator"]


class OfficialInviteIn(_Strict):
    email: EmailStr
    name: str = Field(min_length=2, max_length=100)
    role: ROLES
    block: Optional[str] = Field(None, description="Deoghar's block; a facilitator needs one")

    @field_validator("block")
    @classmethod
    def _block(cls, v):
        return _known_block(v)


class OfficialChangeIn(_Strict):
    role: Optional[ROLES] = None
    block: Optional[str] = None
    version: Optional[int] = Field(None, ge=0, description="the version read; a 409 if it moved")

    @field_validator("block")
    @classmethod
    def _block(cls, v):
        return _known_block(v)


class VersionIn(_Strict):
    version: Optional[int] = Field(None, ge=0)


def _known_block(v: str | None) -> str | None:
    from chalicelib.blocks import BLOCKS, canonical
    if v is None:
        return None
    match = canonical(v)
    if match is None:
        raise ValueError("block must be one of Deoghar district's blocks: " + ", ".join(BLOCKS))
    return match


class Official(ApiModel):
    sub: str
    email: str
    name: str
    role: ROLES
    block: Optional[str]
    enabled: bool
    invited_by: Optional[str]
    created_at: str
    updated_at: str
    version: int


class OfficialList(ApiModel):
    items: list[Official]
    next_cursor: Optional[str]


class OfficialQuery(_Strict):
    limit: int = Field(50, ge=1, le=100)
    cursor: Optional[str] = Field(None, max_length=2048)
