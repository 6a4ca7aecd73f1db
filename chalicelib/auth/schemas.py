"""Request and response models of sign-up and sign-in."""
from __future__ import annotations

from typing import Literal

from pydantic import EmailStr, Field

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
