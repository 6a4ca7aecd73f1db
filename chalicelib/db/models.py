"""PynamoDB models of the catalog table: every item type, and the table's indexes.

Item layout (pk / sk):
  CATEGORY          / <slug>               a category
  VENDOR#<id>       / PROFILE              a maker (artisan, SHG, unit) with private details
  PRODUCT#<id>      / PRODUCT              a product with its variants embedded
  SEARCH#<prefix>   / <product id>         a search posting: a public product's card
  MEMBER#<user sub> / VENDOR#<id>          a user's right to act for a vendor (owner/facilitator)
  AUDIT#<kind>#<id> / <time>#<random>      one review decision
  OFFICIAL#<user sub> / PROFILE            a district official (admin or block facilitator)

Public listings are sparse global secondary indexes: a product carries the
`pub_*` attributes only while it is approved and its vendor is approved.
`status_pk` / `status_sk` feed the review queues and the audit trail.

These models are the single definition of the table's key schema and indexes:
`infra/resources.py` reads them for the local stack and for CDK.
"""
from __future__ import annotations

from functools import lru_cache

from pynamodb.attributes import (BooleanAttribute, ListAttribute, MapAttribute,
                                 NumberAttribute, UnicodeAttribute, VersionAttribute)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib import config

PUBLIC_ALL = "PUBLIC"


class TextAttribute(MapAttribute):
    en = UnicodeAttribute()
    hi = UnicodeAttribute()


class RenditionAttribute(MapAttribute):
    key = UnicodeAttribute()
    width = NumberAttribute()
    height = NumberAttribute()


class ImageAttribute(MapAttribute):
    key = UnicodeAttribute()          # the default rendition (about 800 px wide)
    width = NumberAttribute()
    height = NumberAttribute()
    id = UnicodeAttribute(null=True)  # the upload it came from
    renditions = ListAttribute(of=RenditionAttribute, null=True)
    # 1200x630 JPEG for link previews (og:image); photos stored before it existed have none
    share = RenditionAttribute(null=True)


class VariantAttribute(MapAttribute):
    id = UnicodeAttribute()
    sku = UnicodeAttribute()
    label = TextAttribute()
    price_paise = NumberAttribute()
    mrp_paise = NumberAttribute()
    stock = NumberAttribute()
    weight_grams = NumberAttribute()
    # one unit packed for the post, in cm (length, width, height): India Post's size limits
    packed_cm = ListAttribute(of=NumberAttribute, null=True)


class VendorRefAttribute(MapAttribute):
    """The vendor fields a product page and card show, copied onto the product."""
    name = TextAttribute()
    craft = TextAttribute()
    story = TextAttribute()
    block = UnicodeAttribute()
    village = TextAttribute()
    is_shg = BooleanAttribute()
    accepts_cod = BooleanAttribute(null=True)  # None: yes (the default)
    # registered | composition | unregistered | None: the last two (and a maker who has not
    # said) sell inside Jharkhand only (chalicelib/payouts/taxrules.py)
    gst_status = UnicodeAttribute(null=True)
    # the last day of the maker's approved LUT: may go abroad until then (chalicelib/exports)
    export_until = UnicodeAttribute(null=True)


def gsi(name: str, hash_attr: str, range_attr: str):
    """A global secondary index class projecting everything (a `price_sk` range is a number)."""
    class Meta:
        index_name = name
        projection = AllProjection()
    Meta.__qualname__ = f"{name}.Meta"
    return type(name, (GlobalSecondaryIndex,), {
        "Meta": Meta,
        hash_attr: UnicodeAttribute(hash_key=True),
        range_attr: (NumberAttribute if range_attr == "price_sk" else UnicodeAttribute)(range_key=True),
    })


class CatalogModel(Model):
    class Meta:
        table_name = "catalog"  # bound to the configured name by `bind()`
        billing_mode = "PAY_PER_REQUEST"

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)


class CategoryItem(CatalogModel):
    name = TextAttribute()
    description = TextAttribute()
    sort = NumberAttribute(default=0)
    color = UnicodeAttribute(null=True)
    image = ImageAttribute(null=True)


class VendorItem(CatalogModel):
    id = UnicodeAttribute()
    name = TextAttribute()
    story = TextAttribute()
    craft = TextAttribute()
    category = UnicodeAttribute()
    block = UnicodeAttribute()
    village = TextAttribute()
    is_shg = BooleanAttribute(default=False)
    accepts_cod = BooleanAttribute(null=True)  # None: yes (the default)
    jslps_id = UnicodeAttribute(null=True)
    since_year = NumberAttribute(null=True)
    status = UnicodeAttribute()
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    # Private: never in a public response.
    phone = UnicodeAttribute(null=True)
    email = UnicodeAttribute(null=True)
    gst_status = UnicodeAttribute(null=True)        # registered | composition | unregistered
    gstin = UnicodeAttribute(null=True)
    enrolment_number = UnicodeAttribute(null=True)  # GST enrolment of an unregistered maker
    pan = UnicodeAttribute(null=True)
    individual = BooleanAttribute(null=True)        # individual or HUF (TDS exemption)
    udyam = UnicodeAttribute(null=True)
    bank = MapAttribute(null=True)        # account_number, ifsc, holder_name
    # A new account waiting for the office: payouts are held until it is decided.
    bank_change = MapAttribute(null=True)  # account_number, ifsc, holder_name, requested_at, by
    consent = MapAttribute(null=True)     # how a facilitator recorded the maker's consent
    # IEC, AD code, the year's LUT and the office's review of them (chalicelib/exports/profile.py)
    export = MapAttribute(null=True)
    owner_sub = UnicodeAttribute(null=True)
    managed_by = UnicodeAttribute(null=True)
    review_reason = UnicodeAttribute(null=True)
    status_pk = UnicodeAttribute(null=True)
    status_sk = UnicodeAttribute(null=True)
    rating_sum = NumberAttribute(null=True)     # published reviews of the maker's products
    rating_count = NumberAttribute(null=True)
    version = VersionAttribute()
    by_status = gsi("by_status", "status_pk", "status_sk")()


class ProductItem(CatalogModel):
    id = UnicodeAttribute()
    vendor_id = UnicodeAttribute()
    vendor = VendorRefAttribute()
    vendor_status = UnicodeAttribute()
    category = UnicodeAttribute()
    name = TextAttribute()
    description = TextAttribute()
    tags = ListAttribute(of=UnicodeAttribute, default=list)
    variants = ListAttribute(of=VariantAttribute)
    images = ListAttribute(of=ImageAttribute, default=list)
    perishable = BooleanAttribute(default=False)
    shelf_life_days = NumberAttribute(null=True)
    hsn_code = UnicodeAttribute()
    gst_rate_bp = NumberAttribute()
    gi_tag = BooleanAttribute(default=False)
    # a perishable goes abroad only with one: {reference, authority, valid_until}
    export_clearance = MapAttribute(null=True)
    status = UnicodeAttribute()
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    search_prefixes = ListAttribute(of=UnicodeAttribute, default=list)
    # Content changes to an approved product wait here for review while the
    # approved version stays on sale (JSON of the changed fields).
    revision = UnicodeAttribute(null=True)
    revision_status = UnicodeAttribute(null=True)    # pending_review | rejected
    review_reason = UnicodeAttribute(null=True)
    image_rejections = UnicodeAttribute(null=True)   # JSON list, newest last
    status_pk = UnicodeAttribute(null=True)
    status_sk = UnicodeAttribute(null=True)
    # a digest of what shoppers see of it while on sale: a write that leaves it alone (a change
    # waiting for review, a photo refused) does not re-render its pages (chalicelib/pages)
    public_sig = UnicodeAttribute(null=True)
    # published reviews (chalicelib/quality/reviews.py copies them from STAT#RATING)
    rating_sum = NumberAttribute(null=True)
    rating_count = NumberAttribute(null=True)
    version = VersionAttribute()

    # Index keys. `owner` is always set (a vendor's own listing, all statuses);
    # the pub_* keys exist only while the product is publicly visible.
    owner = UnicodeAttribute()
    new_sk = UnicodeAttribute()
    price_sk = NumberAttribute()
    pub_all = UnicodeAttribute(null=True)
    pub_cat = UnicodeAttribute(null=True)
    pub_vendor = UnicodeAttribute(null=True)

    by_owner = gsi("by_owner", "owner", "new_sk")()
    public_newest = gsi("public_newest", "pub_all", "new_sk")()
    public_price = gsi("public_price", "pub_all", "price_sk")()
    category_newest = gsi("category_newest", "pub_cat", "new_sk")()
    category_price = gsi("category_price", "pub_cat", "price_sk")()
    vendor_newest = gsi("vendor_newest", "pub_vendor", "new_sk")()
    by_status = gsi("by_status", "status_pk", "status_sk")()


class SearchItem(CatalogModel):
    score = NumberAttribute()
    keys = ListAttribute(of=UnicodeAttribute)
    category = UnicodeAttribute()
    vendor_id = UnicodeAttribute()
    price = NumberAttribute()
    new_sk = UnicodeAttribute()
    card = UnicodeAttribute()  # the ProductCard source as JSON; read back whole


class MemberItem(CatalogModel):
    role = UnicodeAttribute()           # owner | facilitator
    vendor_id = UnicodeAttribute()
    created_at = UnicodeAttribute()


class AuditItem(CatalogModel):
    kind = UnicodeAttribute()           # vendor | product
    entity_id = UnicodeAttribute()
    action = UnicodeAttribute()         # approve | reject | ...
    reason = UnicodeAttribute(null=True)
    actor_sub = UnicodeAttribute()
    actor_name = UnicodeAttribute(null=True)
    at = UnicodeAttribute()
    status_pk = UnicodeAttribute()      # "AUDIT": the whole trail, newest first
    status_sk = UnicodeAttribute()
    by_status = gsi("by_status", "status_pk", "status_sk")()


class OfficialItem(CatalogModel):
    """A district official's account as the office manages it: Cognito holds the password
    and the group, this item the role, block and whether the account may act at all
    (checked on every official's request, so a disabled account stops at once)."""
    email = UnicodeAttribute()
    name = UnicodeAttribute()
    role = UnicodeAttribute()           # admin | facilitator
    block = UnicodeAttribute(null=True)  # a facilitator's block
    enabled = BooleanAttribute(default=True)
    invited_by = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    status_pk = UnicodeAttribute()      # "OFFICIALS": the office's list, by e-mail
    status_sk = UnicodeAttribute()
    by_status = gsi("by_status", "status_pk", "status_sk")()
    version = VersionAttribute()


ALL_MODELS = (CategoryItem, VendorItem, ProductItem, SearchItem, MemberItem, AuditItem,
              OfficialItem)
TABLE_MODEL = ProductItem  # the model whose indexes define the table


_pinned: list[str] = []


def _point(table: str, region: str) -> None:
    for model in (CatalogModel, *ALL_MODELS):
        model.Meta.table_name = table
        model.Meta.region = region
        model._connection = None


def bind_to(table: str, region: str) -> None:
    """Point every model at `table` for good (a tool run outside a stage's functions, without
    the stage's settings: tools/admin.py)."""
    _point(table, region)
    _pinned[:] = [table]


@lru_cache(maxsize=1)
def bind() -> None:
    """Point every model at the configured table (once per container; tests clear the cache
    to bind again after changing the environment)."""
    if _pinned:
        return
    s = config.settings()
    _point(s.catalog_table, s.region)
