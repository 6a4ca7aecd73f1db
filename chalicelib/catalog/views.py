"""Stored catalog items -> the shapes the public API returns."""
from __future__ import annotations

from chalicelib import config
from chalicelib.catalog.repository import (CategoryItem, ImageAttribute, ProductItem,
                                           TextAttribute, VendorItem)


def text(attr: TextAttribute | None) -> dict:
    return {"en": attr.en, "hi": attr.hi} if attr is not None else {"en": "", "hi": ""}


def media_url(key: str) -> str:
    return f"{config.settings().media_base_url}/{key}"


def image(img: ImageAttribute | None, alt: dict) -> dict | None:
    return _linked(image_ref(img), alt) if img is not None else None


def category(item: CategoryItem) -> dict:
    name = text(item.name)
    return {"slug": item.sk, "name": name, "description": text(item.description),
            "image": image(item.image, name)}


def rating(item) -> dict | None:
    """Published reviews' average (one decimal, half up) and count; None before the first."""
    count = int(item.rating_count or 0)
    if count <= 0:
        return None
    tenths = (int(item.rating_sum or 0) * 20 + count) // (2 * count)
    return {"average": tenths / 10, "count": count}


def _cheapest(product: ProductItem):
    return min(product.variants, key=lambda v: (v.price_paise, v.id))


def card(product: ProductItem) -> dict:
    """The list/search card. Also stored verbatim on search postings."""
    cheapest = _cheapest(product)
    name = text(product.name)
    return {
        "id": product.id,
        "name": name,
        "category": product.category,
        "vendor": {"id": product.vendor_id, "name": text(product.vendor.name),
                   "block": product.vendor.block, "village": text(product.vendor.village),
                   "is_shg": bool(product.vendor.is_shg)},
        "price_from_paise": int(cheapest.price_paise),
        "mrp_paise": int(cheapest.mrp_paise),
        "in_stock": any(v.stock > 0 for v in product.variants),
        "image_key": image_ref(product.images[0]) if product.images else None,
        "perishable": bool(product.perishable),
        "gi_tag": bool(product.gi_tag),
        "rating": rating(product),
        "created_at": product.created_at,
    }


def public_card(stored: dict) -> dict:
    """A stored card with its image key turned into a URL for this stage."""
    out = dict(stored)
    img = out.pop("image_key", None)
    out["image"] = _linked(img, out["name"]) if img else None
    return out


def image_ref(img: ImageAttribute) -> dict:
    """A stored image as keys and sizes (search cards, revisions): URLs depend on the stage."""
    return {**_ref(img), "renditions": [_ref(r) for r in img.renditions or []],
            "share": _ref(img.share) if img.share else None}


def _ref(r) -> dict:
    return {"key": r.key, "width": int(r.width), "height": int(r.height)}


def _linked(ref: dict, alt: dict) -> dict:
    """An image_ref as the API shows it, with URLs for this stage."""
    share = ref.get("share")  # refs stored before share pictures existed have none
    return {**_url(ref), "alt": alt, "renditions": [_url(r) for r in ref.get("renditions", [])],
            "share": _url(share) if share else None}


def _url(r: dict) -> dict:
    return {"url": media_url(r["key"]), "width": int(r["width"]), "height": int(r["height"])}


def product(item: ProductItem) -> dict:
    name = text(item.name)
    v = item.vendor
    return {
        "id": item.id,
        "name": name,
        "description": text(item.description),
        "category": item.category,
        "tags": list(item.tags or []),
        "vendor": {"id": item.vendor_id, "name": text(v.name), "block": v.block,
                   "village": text(v.village), "is_shg": bool(v.is_shg),
                   "craft": text(v.craft), "story": text(v.story)},
        "variants": [{"id": x.id, "sku": x.sku, "label": text(x.label),
                      "price_paise": int(x.price_paise), "mrp_paise": int(x.mrp_paise),
                      "stock": int(x.stock), "in_stock": x.stock > 0,
                      "weight_grams": int(x.weight_grams),
                      "packed_cm": [int(n) for n in x.packed_cm] if x.packed_cm else None}
                     for x in item.variants],
        "images": [image(i, name) for i in item.images or []],
        "price_from_paise": int(_cheapest(item).price_paise),
        "in_stock": any(x.stock > 0 for x in item.variants),
        "perishable": bool(item.perishable),
        "shelf_life_days": int(item.shelf_life_days) if item.shelf_life_days is not None else None,
        "hsn_code": item.hsn_code,
        "gst_rate_bp": int(item.gst_rate_bp),
        "gi_tag": bool(item.gi_tag),
        "rating": rating(item),
        "export": _export(item),
        "status": item.status,
        "created_at": item.created_at,
        "updated_at": item.updated_at,
    }


def _export(item: ProductItem) -> dict:
    """May it be sent abroad (the shop says so to a buyer whose country is not India)."""
    from chalicelib.exports import readiness
    problem = readiness.product_problem(item)
    return {"ok": problem is None, "problem": problem}


def vendor(item: VendorItem) -> dict:
    return {"id": item.id, "name": text(item.name), "story": text(item.story),
            "craft": text(item.craft), "category": item.category, "block": item.block,
            "village": text(item.village), "is_shg": bool(item.is_shg),
            "jslps_id": item.jslps_id, "rating": rating(item),
            "since_year": int(item.since_year) if item.since_year is not None else None}

