"""Catalog storage: reads and writes of categories, products and search postings.

The item layout and indexes are defined in `chalicelib/db/models.py`.
"""
from __future__ import annotations

import json
from typing import Any, Iterable, Iterator

from pynamodb.exceptions import PutError, TransactWriteError
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.db.conditions import conditional_failed
from chalicelib.errors import Conflict

from chalicelib.db.models import (PUBLIC_ALL, TABLE_MODEL, CategoryItem, ImageAttribute,  # noqa: F401
                                  ProductItem, RenditionAttribute, SearchItem, TextAttribute,
                                  VariantAttribute, VendorItem, VendorRefAttribute, bind)

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


def probe() -> None:
    """Exactly one GetItem, of a key no item has: the catalog table exists and answers.
    What a readiness check needs, and nothing more (no item is read or parsed)."""
    from pynamodb.exceptions import GetError

    from chalicelib.errors import Unavailable
    bind()
    try:
        CategoryItem.get("PROBE", "READY", attributes_to_get=["pk"])
    except CategoryItem.DoesNotExist:
        return
    except GetError:
        raise Unavailable("the catalog table does not answer", code="not_ready") from None


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


def save_product(product: ProductItem, postings: dict[str, tuple[int, list[str], dict]],
                 old_prefixes: Iterable[str] = (), also: Iterable[Model] = ()) -> None:
    """Write a product (version-checked), then bring its search postings in step.

    `postings` maps prefix -> (score, keys, card); prefixes the product no
    longer has are deleted. The product goes first so that a version conflict
    leaves the postings untouched; a crash between the two leaves postings that
    the next save of the product corrects.
    """
    bind()
    product.search_prefixes = sorted(postings)
    also = list(also)
    try:
        if also:
            with TransactWrite(connection=ProductItem._get_connection().connection) as tx:
                tx.save(product)
                for item in also:
                    tx.save(item)
        else:
            product.save()
    except (PutError, TransactWriteError) as exc:
        if conditional_failed(exc):
            raise Conflict("the product was changed by someone else; reload and try again",
                           code="version_conflict") from None
        raise
    stale = set(old_prefixes) - set(postings)
    with SearchItem.batch_write() as batch:
        for prefix in stale:
            batch.delete(SearchItem(f"SEARCH#{prefix}", product.id))
        for prefix, (score, keys, card) in postings.items():
            batch.save(SearchItem(
                f"SEARCH#{prefix}", product.id, score=score, keys=keys, category=product.category,
                vendor_id=product.vendor_id, price=product.price_sk, new_sk=product.new_sk,
                card=json.dumps(card, ensure_ascii=False, separators=(",", ":"))))


def card_of(posting: SearchItem) -> dict[str, Any]:
    return json.loads(posting.card)


def iter_products_of_owner(vendor_id: str) -> Iterator[ProductItem]:
    bind()
    return ProductItem.by_owner.query(f"VENDOR#{vendor_id}", scan_index_forward=False)


def owner_page(vendor_id: str, limit: int, start_key: dict | None,
               status: str | None = None) -> tuple[list[ProductItem], dict | None]:
    bind()
    cond = (ProductItem.status == status) if status else None
    return query_index("by_owner", f"VENDOR#{vendor_id}", filter_condition=cond, forward=False,
                       limit=limit, start_key=start_key)
