"""The write side of the catalog: derived keys, visibility and search postings.

Every product write goes through `store_product`, so the sparse public indexes
and the search postings always agree with the product's and vendor's status.
"""
from __future__ import annotations

import hashlib
import json

from chalicelib.catalog import repository as repo
from chalicelib.catalog import search, views
from chalicelib.catalog.repository import ProductItem, VendorItem
from chalicelib.exports import readiness
from chalicelib.pages import events

# How much a word counts for relevance, by where it appears.
_WEIGHTS = {"name": 10, "tags": 6, "category": 4, "vendor": 3}


def is_public(product: ProductItem) -> bool:
    return product.status == "approved" and product.vendor_status == "approved"


def apply_vendor(product: ProductItem, vendor: VendorItem) -> None:
    product.vendor_id = vendor.id
    product.vendor_status = vendor.status
    product.vendor = repo.VendorRefAttribute(
        name=vendor.name, craft=vendor.craft, story=vendor.story, block=vendor.block,
        village=vendor.village, is_shg=vendor.is_shg,
        accepts_cod=vendor.accepts_cod is not False, gst_status=vendor.gst_status,
        export_until=readiness.export_until(vendor))


def review_state(product: ProductItem) -> str:
    """What the review desk sees: a pending revision counts as pending review."""
    if product.revision and product.revision_status == "pending_review":
        return "pending_review"
    return product.status


def apply_derived_keys(product: ProductItem) -> None:
    product.status_pk = f"PRODUCT#{review_state(product)}"
    product.status_sk = f"{product.updated_at}#{product.id}"
    product.owner = f"VENDOR#{product.vendor_id}"
    product.new_sk = f"{product.created_at}#{product.id}"
    product.price_sk = int(min(v.price_paise for v in product.variants))
    if is_public(product):
        product.pub_all = repo.PUBLIC_ALL
        product.pub_cat = f"CAT#{product.category}"
        product.pub_vendor = f"VENDOR#{product.vendor_id}"
    else:
        product.pub_all = product.pub_cat = product.pub_vendor = None


def postings_for(product: ProductItem, category_name: dict | None) -> dict:
    if not is_public(product):
        return {}
    texts = [(product.name.en, _WEIGHTS["name"]), (product.name.hi, _WEIGHTS["name"]),
             (" ".join(product.tags or []), _WEIGHTS["tags"]),
             (product.vendor.name.en, _WEIGHTS["vendor"]),
             (product.vendor.name.hi, _WEIGHTS["vendor"]),
             (product.vendor.block, _WEIGHTS["vendor"])]
    if category_name:
        texts += [(category_name["en"], _WEIGHTS["category"]),
                  (category_name["hi"], _WEIGHTS["category"])]
    scores = search.index_entries(texts)
    keys = sorted({k for t, _ in texts for k in search.keys_of(t)})
    card = views.card(product)
    return {prefix: (score, keys, card) for prefix, score in scores.items()}


def store_product(product: ProductItem, vendor: VendorItem, category_name: dict | None,
                  also=()) -> None:
    """Save a product with everything derived from it; `also` items (an audit
    entry) are written in the same transaction."""
    old_prefixes = list(product.search_prefixes or [])
    seen_before = product.public_sig
    apply_vendor(product, vendor)
    apply_derived_keys(product)
    product.public_sig = public_signature(product) if is_public(product) else None
    repo.save_product(product, postings_for(product, category_name), old_prefixes, also)
    if product.public_sig != seen_before:   # what shoppers see changed: its pages follow
        events.changed(products=[product.id])


def public_signature(product: ProductItem) -> str:
    """A digest of the product as its public page shows it (not when it was saved)."""
    shown = {k: v for k, v in views.product(product).items() if k != "updated_at"}
    text = json.dumps(shown, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def refresh_vendor_products(vendor: VendorItem) -> int:
    """Copy a vendor's public fields and status onto each of its products.

    Runs after a vendor is approved, rejected or edits its profile, so the
    public indexes and search follow. Returns the number of products touched.
    """
    categories = {c.sk: views.text(c.name) for c in repo.list_categories()}
    touched = []
    with events.suspended():   # one page event for all of them
        for product in repo.iter_products_of_owner(vendor.id):
            store_product(product, vendor, categories.get(product.category))
            touched.append(product.id)
    events.changed(products=touched, vendors=[vendor.id])
    return len(touched)
