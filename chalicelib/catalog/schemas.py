"""Request and response models of the public catalog API (also its OpenAPI schemas)."""
from __future__ import annotations

from enum import Enum
from typing import Literal, Optional

from pydantic import Field

from chalicelib.apimodel import ApiModel, InputModel
from chalicelib.blocks import BLOCKS  # noqa: F401  (Deoghar's blocks are data)

PRODUCT_STATUSES = ("draft", "pending_review", "approved", "rejected", "archived")
VENDOR_STATUSES = ("pending", "approved", "rejected", "suspended")
MAX_PRICE_PAISE = 10_000_000_00  # ₹1 crore: above any listing, keeps numbers sane


class Text(ApiModel):
    """Text shown to shoppers in both languages."""
    en: str
    hi: str


class Rendition(ApiModel):
    url: str
    width: int
    height: int


class Image(ApiModel):
    url: str
    width: int
    height: int
    alt: Text
    renditions: list[Rendition] = Field(default_factory=list,
                                        description="WebP sizes for srcset, narrowest first")
    share: Optional[Rendition] = Field(
        None, description="1200x630 JPEG of the whole photo on white, for link previews "
                          "(og:image); none on photos added before it existed")


class Category(ApiModel):
    slug: str
    name: Text
    description: Text
    image: Optional[Image]


class CategoryList(ApiModel):
    items: list[Category]
    next_cursor: Optional[str] = None


class VendorSummary(ApiModel):
    id: str
    name: Text
    block: str
    village: Text
    is_shg: bool


class VendorOnProduct(VendorSummary):
    craft: Text
    story: Text


class VariantOut(ApiModel):
    """A variant as its vendor manages it."""
    id: str
    sku: str
    label: Text
    price_paise: int
    mrp_paise: int
    stock: int
    weight_grams: int
    packed_cm: Optional[list[int]] = Field(None, description="one unit packed: length, width, "
                                           "height in cm (India Post's size limits abroad)")


class Variant(VariantOut):
    """A variant as shoppers see it."""
    in_stock: bool


class Rating(ApiModel):
    """Published reviews by verified buyers: the average (one decimal) and how many."""
    average: float
    count: int


class ProductCard(ApiModel):
    """What a list or search result shows of a product."""
    id: str
    name: Text
    category: str
    vendor: VendorSummary
    price_from_paise: int
    mrp_paise: int
    in_stock: bool
    image: Optional[Image]
    perishable: bool
    gi_tag: bool
    rating: Optional[Rating] = None
    created_at: str


class Product(ApiModel):
    id: str
    name: Text
    description: Text
    category: str
    tags: list[str]
    vendor: VendorOnProduct
    variants: list[Variant]
    images: list[Image]
    price_from_paise: int
    in_stock: bool
    perishable: bool
    shelf_life_days: Optional[int]
    hsn_code: str
    gst_rate_bp: int = Field(description="GST rate in basis points: 500 = 5%")
    gi_tag: bool
    rating: Optional[Rating] = None
    status: Literal["approved"]
    created_at: str
    updated_at: str


class ProductList(ApiModel):
    items: list[ProductCard]
    next_cursor: Optional[str] = None


class Vendor(ApiModel):
    id: str
    name: Text
    story: Text
    craft: Text
    category: str
    block: str
    village: Text
    is_shg: bool
    jslps_id: Optional[str]
    since_year: Optional[int]
    rating: Optional[Rating] = None
    products: list[ProductCard]
    next_cursor: Optional[str] = None


class Sort(str, Enum):
    newest = "newest"
    price_asc = "price_asc"
    price_desc = "price_desc"
    relevance = "relevance"


class ProductQuery(InputModel):
    category: Optional[str] = Field(None, max_length=64, pattern=r"^[a-z0-9-]+$")
    vendor: Optional[str] = Field(None, max_length=64, pattern=r"^[a-z0-9-]+$")
    min_price: Optional[int] = Field(None, ge=0, le=MAX_PRICE_PAISE, description="paise")
    max_price: Optional[int] = Field(None, ge=0, le=MAX_PRICE_PAISE, description="paise")
    q: Optional[str] = Field(None, min_length=1, max_length=100)
    sort: Optional[Sort] = Field(None, description="default: relevance with q, newest without")
    limit: int = Field(24, ge=1, le=50)
    cursor: Optional[str] = Field(None, max_length=2048)


class VendorQuery(InputModel):
    limit: int = Field(24, ge=1, le=50)
    cursor: Optional[str] = Field(None, max_length=2048)


class NoQuery(InputModel):
    pass


class Health(ApiModel):
    status: Literal["ok"]
    stage: str
    version: str


class Ready(ApiModel):
    """The API and its catalog table answer (an uptime monitor's readiness check)."""
    status: Literal["ready"]
    stage: str
    version: str


class ErrorDetail(ApiModel):
    code: str
    message: str
    details: Optional[list[dict]] = None


class ErrorBody(ApiModel):
    error: ErrorDetail


class Block(ApiModel):
    id: str
    en: str
    hi: str


class BlockList(ApiModel):
    items: list[Block]
