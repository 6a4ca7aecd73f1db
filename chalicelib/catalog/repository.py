"""Storage of the catalog: one DynamoDB table, several item types, owned here.

Item layout (pk / sk):
  CATEGORY        / <slug>            a category
  VENDOR#<id>     / PROFILE           a maker (artisan, SHG, unit)
  PRODUCT#<id>    / PRODUCT           a product with its variants embedded
  SEARCH#<prefix> / <product id>      a search posting: a public product's card

Public listings are sparse global secondary indexes: a product carries the
`pub_*` attributes only while it is approved and its vendor is approved, so
every list page is a single Query and nothing ever needs a Scan.

These models are also the single definition of the table's key schema and
indexes: `infra/resources.py` reads them for the local stack and for CDK.
"""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Iterable, Iterator

from pynamodb.attributes import (BooleanAttribute, ListAttribute, MapAttribute,
                                 NumberAttribute, UnicodeAttribute)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib import config

PUBLIC_ALL = "PUBLIC"


class TextAttribute(MapAttribute):
    en = UnicodeAttribute()
    hi = UnicodeAttribute()


class ImageAttribute(MapAttribute):
    key = UnicodeAttribute()
    width = NumberAttribute()
    height = NumberAttribute()


class VariantAttribute(MapAttribute):
    id = UnicodeAttribute()
    sku = UnicodeAttribute()
    label = TextAttribute()
    price_paise = NumberAttribute()
    mrp_paise = NumberAttribute()
    stock = NumberAttribute()
    weight_grams = NumberAttribute()


class VendorRefAttribute(MapAttribute):
    """The vendor fields a product page and card show, copied onto the product."""
    name = TextAttribute()
    craft = TextAttribute()
    story = TextAttribute()
    block = UnicodeAttribute()
    village = TextAttribute()
    is_shg = BooleanAttribute()


def _index(name: str, hash_attr: str, range_attr: str):
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
    jslps_id = UnicodeAttribute(null=True)
    since_year = NumberAttribute(null=True)
    status = UnicodeAttribute()
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()


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
    status = UnicodeAttribute()
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    search_prefixes = ListAttribute(of=UnicodeAttribute, default=list)

    # Index keys. `owner` is always set (a vendor's own listing, all statuses);
    # the pub_* keys exist only while the product is publicly visible.
    owner = UnicodeAttribute()
    new_sk = UnicodeAttribute()
    price_sk = NumberAttribute()
    pub_all = UnicodeAttribute(null=True)
    pub_cat = UnicodeAttribute(null=True)
    pub_vendor = UnicodeAttribute(null=True)

    by_owner = _index("by_owner", "owner", "new_sk")()
    public_newest = _index("public_newest", "pub_all", "new_sk")()
    public_price = _index("public_price", "pub_all", "price_sk")()
    category_newest = _index("category_newest", "pub_cat", "new_sk")()
    category_price = _index("category_price", "pub_cat", "price_sk")()
    vendor_newest = _index("vendor_newest", "pub_vendor", "new_sk")()


class SearchItem(CatalogModel):
    score = NumberAttribute()
    keys = ListAttribute(of=UnicodeAttribute)
    category = UnicodeAttribute()
    vendor_id = UnicodeAttribute()
    price = NumberAttribute()
    new_sk = UnicodeAttribute()
    card = UnicodeAttribute()  # the ProductCard source as JSON; read back whole


ALL_MODELS = (CategoryItem, VendorItem, ProductItem, SearchItem)
TABLE_MODEL = ProductItem  # the model whose indexes define the table


@lru_cache(maxsize=1)
def bind() -> None:
    """Point every model at the configured table (once per container)."""
    s = config.settings()
    for model in (CatalogModel, *ALL_MODELS):
        model.Meta.table_name = s.catalog_table
        model.Meta.region = s.region
        model._connection = None


# --- keys -----------------------------------------------------------------

def category_key(slug: str) -> tuple[str, str]:
    return "CATEGORY", slug


def vendor_key(vendor_id: str) -> tuple[str, str]:
    return f"VENDOR#{vendor_id}", "PROFILE"


def product_key(product_id: str) -> tuple[str, str]:
    return f"PRODUCT#{product_id}", "PRODUCT"


# --- reads ------------------------------------------------------------------

def list_categories() -> list[CategoryItem]:
    bind()
    return sorted(CategoryItem.query("CATEGORY"), key=lambda c: (c.sort, c.sk))


def get_category(slug: str) -> CategoryItem | None:
    bind()
    try:
        return CategoryItem.get(*category_key(slug))
    except CategoryItem.DoesNotExist:
        return None


def get_vendor(vendor_id: str) -> VendorItem | None:
    bind()
    try:
        return VendorItem.get(*vendor_key(vendor_id))
    except VendorItem.DoesNotExist:
        return None


def get_product(product_id: str) -> ProductItem | None:
    bind()
    try:
        return ProductItem.get(*product_key(product_id))
    except ProductItem.DoesNotExist:
        return None


def query_index(index_name: str, hash_value: str, *, range_condition=None, filter_condition=None,
                forward: bool = True, limit: int, start_key: dict | None = None,
                max_pages: int = 3) -> tuple[list[ProductItem], dict | None]:
    """One page of a public index: up to `limit` products and the key to go on from.

    Without a filter this is exactly one DynamoDB request. With a filter it may
    read up to `max_pages` pages to fill the page, never more.
    """
    bind()
    index = getattr(ProductItem, index_name)
    items: list[ProductItem] = []
    last_key = start_key
    for _ in range(max_pages):
        result = index.query(hash_value, range_condition, filter_condition,
                             scan_index_forward=forward, limit=limit - len(items),
                             page_size=limit - len(items), last_evaluated_key=last_key)
        items.extend(result)
        last_key = result.last_evaluated_key
        if not last_key or len(items) >= limit or filter_condition is None:
            break
    return items, last_key


def search_postings(prefix: str, cap: int = 1000) -> list[SearchItem]:
    bind()
    return list(SearchItem.query(f"SEARCH#{prefix}", limit=cap, page_size=cap))


# --- writes -----------------------------------------------------------------

def save_category(item: CategoryItem) -> None:
    bind()
    item.save()


def save_vendor(item: VendorItem) -> None:
    bind()
    item.save()


def exists(model: type[Model], pk: str, sk: str) -> bool:
    bind()
    return model.count(pk, model.sk == sk, limit=1) > 0


def save_product(product: ProductItem, postings: dict[str, tuple[int, list[str], dict]],
                 old_prefixes: Iterable[str] = ()) -> None:
    """Write a product and keep its search postings in step with it.

    `postings` maps prefix -> (score, keys, card); prefixes the product no
    longer has are deleted.
    """
    bind()
    product.search_prefixes = sorted(postings)
    stale = set(old_prefixes) - set(postings)
    with SearchItem.batch_write() as batch:
        for prefix in stale:
            batch.delete(SearchItem(f"SEARCH#{prefix}", product.id))
        for prefix, (score, keys, card) in postings.items():
            batch.save(SearchItem(
                f"SEARCH#{prefix}", product.id, score=score, keys=keys, category=product.category,
                vendor_id=product.vendor_id, price=product.price_sk, new_sk=product.new_sk,
                card=json.dumps(card, ensure_ascii=False, separators=(",", ":"))))
    product.save()


def card_of(posting: SearchItem) -> dict[str, Any]:
    return json.loads(posting.card)


def iter_products_of_owner(vendor_id: str) -> Iterator[ProductItem]:
    bind()
    return ProductItem.by_owner.query(f"VENDOR#{vendor_id}")
