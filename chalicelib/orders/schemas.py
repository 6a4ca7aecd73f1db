"""Request and response models of checkout and order tracking."""
from __future__ import annotations

import re
from typing import Literal, Optional

from pydantic import EmailStr, Field, field_validator, model_validator

from chalicelib.apimodel import ApiModel, InputModel

MAX_QUANTITY = 100
MAX_LINES = 30


class ItemIn(InputModel):
    product_id: str = Field(pattern=r"^[a-z0-9-]{1,64}$")
    variant_id: str = Field(pattern=r"^[a-z0-9-]{1,40}$")
    quantity: int = Field(ge=1, le=MAX_QUANTITY, strict=True)
    price_paise: Optional[int] = Field(None, description="ignored: prices come from the catalog")


def _unique(items: list[ItemIn]) -> list[ItemIn]:
    keys = [(i.product_id, i.variant_id) for i in items]
    if len(set(keys)) != len(keys):
        raise ValueError("each product variant may appear once; add up the quantity instead")
    return items


class QuoteIn(InputModel):
    items: list[ItemIn] = Field(min_length=1, max_length=MAX_LINES)
    pincode: Optional[str] = Field(None, max_length=10)
    country: str = Field("IN", min_length=2, max_length=2)
    postal_code: Optional[str] = Field(None, max_length=12, description="abroad: checked "
                                       "against the country's pattern when given")
    service: Optional[Literal["ems", "itps"]] = Field(
        None, description="abroad: the India Post service (default: the cheapest that fits)")

    _check = field_validator("items")(classmethod(lambda cls, v: _unique(v)))


class ContactIn(InputModel):
    name: str = Field(min_length=2, max_length=100)
    phone: str = Field(min_length=8, max_length=20)
    email: EmailStr

    @field_validator("phone")
    @classmethod
    def _phone(cls, v: str) -> str:
        digits = re.sub(r"[\s()-]", "", v)
        if not re.fullmatch(r"\+?[0-9]{8,15}", digits):
            raise ValueError("phone must be 8 to 15 digits, optionally with a leading +")
        return digits


class AddressIn(InputModel):
    line1: str = Field(min_length=3, max_length=200)
    line2: str = Field("", max_length=200)
    city: str = Field(min_length=2, max_length=100)
    state: str = Field("", max_length=100, description="required in India and in the "
                       "countries that ask for it (GET /abroad)")
    pincode: Optional[str] = Field(None, max_length=10, description="India only")
    postal_code: Optional[str] = Field(None, max_length=12, description="abroad: the "
                                       "country's postal code (GET /abroad has the patterns)")
    country: str = Field("IN", min_length=2, max_length=2)

    @model_validator(mode="after")
    def _pin_for_india(self):
        if self.country.upper() == "IN" and not self.pincode:
            raise ValueError("an Indian address needs its 6-digit PIN code")
        return self


class BillingIn(InputModel):
    """The card's billing address (Stripe wants it for a payment from abroad)."""
    name: str = Field(min_length=2, max_length=100)
    line1: str = Field(min_length=3, max_length=200)
    line2: str = Field("", max_length=200)
    city: str = Field(min_length=2, max_length=100)
    state: str = Field("", max_length=100)
    postal_code: Optional[str] = Field(None, max_length=12)
    country: str = Field(min_length=2, max_length=2)


class OrderIn(InputModel):
    items: list[ItemIn] = Field(min_length=1, max_length=MAX_LINES)
    contact: ContactIn
    address: AddressIn
    billing: Optional[BillingIn] = Field(None, description="the card's billing address; "
                                         "default: the shipping address and contact name")
    service: Optional[Literal["ems", "itps"]] = Field(
        None, description="abroad: the India Post service (default: the cheapest that fits)")
    payment_method: Literal["upi", "card", "cod"] = Field(
        description="upi: Razorpay (UPI first; cards and netbanking in its Checkout too); "
                    "card: Stripe where the stage has it, else Razorpay; cod: cash on delivery")
    language: Literal["hi", "en"] = Field("hi", description="the shop's language at checkout: "
                                          "the order's mails lead with it")

    _check = field_validator("items")(classmethod(lambda cls, v: _unique(v)))


class Problem(ApiModel):
    code: str
    en: str
    hi: str


class QuoteOut(ApiModel):
    destination: dict
    lines: list[dict]
    parcels: list[dict]
    totals: dict
    ok: bool
    cod_available: bool
    problems: list[dict]
    payment_options: list[dict] = Field(description="the checkout's choices in their order: "
                                        "{method: upi|card|cod, provider: razorpay|stripe|null}")
    returns_policy: dict = Field(description="complaints and returns of handmade goods: "
                                 "{en, hi}, shown at checkout")
    services: Optional[list[dict]] = Field(None, description="abroad: India Post's services, "
                                           "each {id, name, available, shipping_paise, days, "
                                           "problems}")
    service: Optional[str] = Field(None, description="abroad: the service the totals use")
    approx: Optional[dict] = Field(None, description="abroad: the totals in the buyer's "
                                   "currency, approximate (minor units; the card pays INR)")


class PaymentOut(ApiModel):
    method: Literal["upi", "card", "cod"]
    provider: Optional[Literal["stripe", "razorpay"]] = None
    publishable_key: Optional[str] = Field(None, description="Stripe: for Stripe.js")
    key_id: Optional[str] = Field(None, description="Razorpay: Checkout's `key`")
    razorpay_order_id: Optional[str] = Field(None, description="Razorpay: Checkout's `order_id`")
    amount_paise: Optional[int] = None
    currency: Optional[str] = None
    checkout_url: Optional[str] = Field(None, description="Razorpay: the Checkout script")


class OrderCreated(ApiModel):
    order_id: str
    order_token: str
    status: str
    total_paise: int
    payment: PaymentOut


class ParcelOut(ApiModel):
    id: str
    vendor_id: str
    status: str
    lines: list[dict]
    value_paise: int
    shipping_paise: int
    tracking_number: Optional[str]
    courier_name: Optional[str] = None   # recorded by hand (COURIER_MODE=manual)
    timeline: list[dict]


class OrderOut(ApiModel):
    order_id: str
    status: str
    payment_method: str
    payment_status: Optional[str]
    payment_provider: Optional[str] = None
    paid_by: Optional[str] = Field(None, description="upi | card | netbanking | wallet | cod")
    payment_attempt: Optional[dict] = Field(None, description="the last failed attempt of an "
                                            "order still waiting (Razorpay): {status, reason}")
    total_paise: int
    refunded_paise: int
    quote: dict
    parcels: list[ParcelOut]
    history: list[dict]
    created_at: str
    payment: Optional[PaymentOut] = None


class PayIn(InputModel):
    payment_method: str = Field(pattern=r"^(pm|card|tok|src)_[A-Za-z0-9_]{3,100}$",
                                description="a Stripe PaymentMethod id from Stripe.js")


class RazorpayIn(InputModel):
    """What Razorpay Checkout's handler receives."""
    razorpay_payment_id: str = Field(pattern=r"^pay_[A-Za-z0-9]{6,40}$")
    razorpay_order_id: str = Field(pattern=r"^order_[A-Za-z0-9]{6,40}$")
    razorpay_signature: str = Field(pattern=r"^[0-9a-f]{64}$")


class RazorpayOut(ApiModel):
    status: Literal["succeeded", "pending", "failed"]
    order_status: str


class PayOut(ApiModel):
    status: str
    payment_intent_id: str
    client_secret: Optional[str] = Field(None, description="only when 3-D Secure is needed")


class CancelIn(InputModel):
    reason: Optional[str] = Field(None, max_length=300)


# Delivery recorded by hand (COURIER_MODE=manual: chalicelib/orders/manual.py)
class HandoverIn(InputModel):
    courier: Literal["india_post", "other"] = Field(
        description="india_post: the number is checked as UPU S10 (EE123456785IN)")
    courier_name: Optional[str] = Field(None, min_length=2, max_length=60,
                                        description="required for another courier")
    tracking_number: str = Field(min_length=1, max_length=40)


class OutcomeIn(InputModel):
    status: Literal["delivered", "returned"]


class ParcelRecord(ApiModel):
    """A parcel as its maker (or the office) sees it, without the ship-to address."""
    id: str
    order_id: str
    status: str
    lines: list[dict]
    value_paise: int
    weight_grams: int
    packed_at: Optional[str] = None
    tracking_number: Optional[str] = None
    by_hand: bool
    courier_name: Optional[str] = None
    timeline: list[dict]
    created_at: str
    vendor_id: Optional[str] = None
    waiting_since: Optional[str] = None
    ship_to: Optional[dict] = None
    export: bool = Field(False, description="going abroad: it has export papers")
    country: Optional[str] = None


class OverdueQuery(InputModel):
    tracking: Literal["missing", "any"] = Field(
        "missing", description="missing: only parcels nobody has recorded a tracking number for")
    limit: int = Field(25, ge=1, le=100)
    cursor: Optional[str] = Field(None, max_length=2048)


class ParcelRecords(ApiModel):
    items: list[ParcelRecord]
    deadline_hours: int
    next_cursor: Optional[str] = None
