"""Request and response models of vendors' product management (the upload API)."""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field, field_validator, model_validator

from chalicelib.apimodel import ApiModel, InputModel

from chalicelib.catalog.schemas import Image, Text, VariantOut
from chalicelib.exports.schemas import ClearanceIn

GST_RATES_BP = (0, 25, 300, 500, 1200, 1800, 2800, 4000)
MAX_IMAGES = 10


_Strict = InputModel


class NameText(_Strict):
    en: str = Field(min_length=2, max_length=120)
    hi: str = Field(min_length=2, max_length=120)


class LongText(_Strict):
    en: str = Field("", max_length=2000)
    hi: str = Field("", max_length=2000)


class LabelText(_Strict):
    en: str = Field(min_length=1, max_length=60)
    hi: str = Field(min_length=1, max_length=60)


class VariantIn(_Strict):
    id: Optional[str] = Field(None, pattern=r"^[a-z0-9-]{1,40}$")
    sku: str = Field(pattern=r"^[A-Za-z0-9_-]{3,40}$")
    label: LabelText
    price_paise: int = Field(ge=100, le=100_000_000)
    mrp_paise: int = Field(ge=100, le=100_000_000)
    stock: int = Field(ge=0, le=100_000)
    weight_grams: int = Field(ge=1, le=50_000)
    packed_cm: Optional[list[int]] = Field(
        None, min_length=3, max_length=3, description="one unit packed for the post: length, "
        "width, height in whole cm (1 to 300); abroad, India Post's size limits apply")

    @field_validator("packed_cm")
    @classmethod
    def _packed(cls, v):
        if v is not None and not all(isinstance(x, int) and 1 <= x <= 300 for x in v):
            raise ValueError("packed size: three whole numbers of cm, 1 to 300 each")
        return v

    @model_validator(mode="after")
    def _mrp(self):
        if self.mrp_paise < self.price_paise:
            raise ValueError("mrp_paise must be at least price_paise")
        return self


def _tags(v: list[str]) -> list[str]:
    out: list[str] = []
    for t in v:
        t = t.strip()
        if not t or len(t) > 40:
            raise ValueError("each tag must be 1 to 40 characters")
        if t not in out:
            out.append(t)
    return out


class _ProductFields(_Strict):
    @field_validator("variants", check_fields=False)
    @classmethod
    def _unique_skus(cls, v):
        if v is None:
            return v
        skus = [x.sku for x in v]
        ids = [x.id for x in v if x.id]
        if len(set(skus)) != len(skus) or len(set(ids)) != len(ids):
            raise ValueError("variant SKUs and ids must be unique within the product")
        return v

    @field_validator("tags", check_fields=False)
    @classmethod
    def _clean_tags(cls, v):
        return None if v is None else _tags(v)

    @field_validator("gst_rate_bp", check_fields=False)
    @classmethod
    def _gst(cls, v):
        if v is not None and v not in GST_RATES_BP:
            raise ValueError("gst_rate_bp must be one of " + ", ".join(map(str, GST_RATES_BP)))
        return v


class ProductIn(_ProductFields):
    category: str = Field(pattern=r"^[a-z0-9-]{2,64}$")
    name: NameText
    description: LongText = LongText()
    tags: list[str] = Field(default_factory=list, max_length=20)
    variants: list[VariantIn] = Field(min_length=1, max_length=20)
    perishable: bool = False
    shelf_life_days: Optional[int] = Field(None, ge=1, le=3650)
    hsn_code: str = Field(pattern=r"^(\d{4}|\d{6}|\d{8})$")
    gst_rate_bp: int
    gi_tag: bool = False
    export_clearance: Optional[ClearanceIn] = Field(
        None, description="a perishable goes abroad only with one (chalicelib/exports)")

    @model_validator(mode="after")
    def _shelf_life(self):
        if self.perishable and not self.shelf_life_days:
            raise ValueError("perishable products need shelf_life_days")
        return self


class ProductPatch(_ProductFields):
    version: int = Field(ge=0, description="the version you edited; a newer one gives 409")
    category: Optional[str] = Field(None, pattern=r"^[a-z0-9-]{2,64}$")
    name: Optional[NameText] = None
    description: Optional[LongText] = None
    tags: Optional[list[str]] = Field(None, max_length=20)
    variants: Optional[list[VariantIn]] = Field(None, min_length=1, max_length=20)
    perishable: Optional[bool] = None
    shelf_life_days: Optional[int] = Field(None, ge=1, le=3650)
    hsn_code: Optional[str] = Field(None, pattern=r"^(\d{4}|\d{6}|\d{8})$")
    gst_rate_bp: Optional[int] = None
    gi_tag: Optional[bool] = None
    export_clearance: Optional[ClearanceIn] = Field(None, description="null removes it")
    image_ids: Optional[list[str]] = Field(None, max_length=MAX_IMAGES,
                                           description="keep these images, in this order")


class VersionIn(_Strict):
    version: int = Field(ge=0)


class UploadIn(_Strict):
    content_type: Literal["image/jpeg", "image/png", "image/webp"]


class UploadOut(ApiModel):
    upload_id: str
    url: str
    fields: dict[str, str]
    max_bytes: int
    expires_in: int


class ManagedImage(Image):
    id: Optional[str] = None


class ImageRejection(ApiModel):
    upload_id: str
    code: str
    reason: Text
    at: str


class OwnerProduct(ApiModel):
    """A product as its vendor sees it: the live version and any change under review."""
    id: str
    vendor_id: str
    status: Literal["draft", "pending_review", "approved", "rejected", "archived"]
    review_state: str
    review_reason: Optional[str]
    on_sale: bool = Field(description="shoppers can see and buy it: it has a page in the shop")
    version: int
    category: str
    name: Text
    description: Text
    tags: list[str]
    variants: list[VariantOut]
    images: list[ManagedImage]
    perishable: bool
    shelf_life_days: Optional[int]
    hsn_code: str
    gst_rate_bp: int
    gi_tag: bool
    export_clearance: Optional[dict] = None
    revision: Optional[dict]
    revision_status: Optional[str]
    image_rejections: list[ImageRejection]
    created_at: str
    updated_at: str


class OwnerProductList(ApiModel):
    items: list[OwnerProduct]
    next_cursor: Optional[str] = None


class OwnerProductQuery(_Strict):
    vendor_id: Optional[str] = Field(None, pattern=r"^[a-z0-9-]{1,64}$")
    status: Optional[Literal["draft", "pending_review", "approved", "rejected", "archived"]] = None
    limit: int = Field(25, ge=1, le=50)
    cursor: Optional[str] = Field(None, max_length=2048)


class AdminProductQuery(_Strict):
    status: Literal["pending_review", "approved", "rejected", "draft", "archived"] = "pending_review"
    limit: int = Field(25, ge=1, le=100)
    cursor: Optional[str] = Field(None, max_length=2048)
