"""Vendors manage their products; administrators review them.

Lifecycle: draft -> pending_review -> approved | rejected; any -> archived.
On an approved product, price and stock changes apply at once; changes to
what the listing says or shows (text, category, tax, variants, photos) wait
in `revision` for review while the approved version stays on sale. Every
write is version-checked: a stale edit is a 409, never a silent overwrite.
"""
from __future__ import annotations

import json
import re
import secrets

from chalicelib import config, pagination
from chalicelib.auth.principal import Principal
from chalicelib.catalog import indexing, views
from chalicelib.catalog import repository as repo
from chalicelib.catalog.editing_schemas import MAX_IMAGES, ProductIn, ProductPatch
from chalicelib.db.models import (ImageAttribute, ProductItem, RenditionAttribute, TextAttribute,
                                  VariantAttribute, VendorItem)
from chalicelib.errors import Conflict, InvalidInput, NotFound
from chalicelib.observability import metric
from chalicelib.vendors import repository as vendor_repo

CONTENT_FIELDS = ("category", "name", "description", "tags", "variants", "perishable",
                  "shelf_life_days", "hsn_code", "gst_rate_bp", "gi_tag", "images",
                  "export_clearance")
MAX_REJECTIONS_KEPT = 10


# --- plain dicts <-> stored attributes -------------------------------------------

def _text_in(d: dict) -> TextAttribute:
    return TextAttribute(en=d["en"], hi=d["hi"])


def _image_out(i: ImageAttribute) -> dict:
    return {"id": i.id, **views.image_ref(i)}


def _image_in(d: dict) -> ImageAttribute:
    share = d.get("share")  # photos (and revisions) from before share pictures have none
    return ImageAttribute(id=d.get("id"), key=d["key"], width=d["width"], height=d["height"],
                          renditions=[RenditionAttribute(**r) for r in d.get("renditions", [])],
                          share=RenditionAttribute(**share) if share else None)


def get_field(p: ProductItem, field: str):
    value = getattr(p, field)
    if field in ("name", "description"):
        return views.text(value)
    if field == "variants":
        return [{"id": v.id, "sku": v.sku, "label": views.text(v.label),
                 "price_paise": int(v.price_paise), "mrp_paise": int(v.mrp_paise),
                 "stock": int(v.stock), "weight_grams": int(v.weight_grams),
                 "packed_cm": [int(x) for x in v.packed_cm] if v.packed_cm else None}
                for v in value]
    if field == "images":
        return [_image_out(i) for i in value or []]
    if field == "tags":
        return list(value or [])
    if field in ("shelf_life_days", "gst_rate_bp") and value is not None:
        return int(value)
    if field == "export_clearance" and value is not None:
        return value.as_dict() if hasattr(value, "as_dict") else dict(value)
    return value


def set_field(p: ProductItem, field: str, value) -> None:
    if field in ("name", "description"):
        value = _text_in(value)
    elif field == "variants":
        value = [VariantAttribute(id=v["id"], sku=v["sku"], label=_text_in(v["label"]),
                                  price_paise=v["price_paise"], mrp_paise=v["mrp_paise"],
                                  stock=v["stock"], weight_grams=v["weight_grams"],
                                  packed_cm=v.get("packed_cm"))
                 for v in value]
    elif field == "images":
        value = [_image_in(i) for i in value]
    setattr(p, field, value)


def _with_variant_ids(variants: list[dict]) -> list[dict]:
    seen: set[str] = set()
    for v in variants:
        base = v.get("id") or re.sub(r"[^a-z0-9]+", "-", v["label"]["en"].lower()).strip("-")[:36]
        vid, n = base or "v", 2
        while vid in seen:
            vid, n = f"{base}-{n}", n + 1
        v["id"] = vid
        seen.add(vid)
    return variants


def owner_view(p: ProductItem) -> dict:
    out = {f: get_field(p, f) for f in CONTENT_FIELDS}
    out["images"] = [{**views.image(_image_in(i), views.text(p.name)), "id": i["id"]}
                     for i in out["images"]]
    out.update(id=p.id, vendor_id=p.vendor_id, status=p.status,
               review_state=indexing.review_state(p), review_reason=p.review_reason,
               on_sale=indexing.is_public(p),
               version=int(p.version or 0), revision=json.loads(p.revision) if p.revision else None,
               revision_status=p.revision_status,
               image_rejections=json.loads(p.image_rejections or "[]"),
               created_at=p.created_at, updated_at=p.updated_at)
    return out


# --- store ------------------------------------------------------------------------

def _category_name(slug: str) -> dict:
    category = repo.get_category(slug)
    if category is None:
        raise InvalidInput(f"unknown category '{slug}'", code="unknown_category")
    return views.text(category.name)


def store(p: ProductItem, vendor: VendorItem, also=()) -> None:
    p.updated_at = vendor_repo.now()
    indexing.store_product(p, vendor, _category_name(p.category), also)


def store_for_review(p: ProductItem, vendor: VendorItem, state_before: str) -> None:
    """Store a vendor's change; count it when it puts the listing in the review queue
    (a submitted draft, or an edit of an approved listing waiting as a revision)."""
    store(p, vendor)
    if state_before != "pending_review" and indexing.review_state(p) == "pending_review":
        metric("ListingsSubmitted", Kind="revision" if p.status == "approved" else "new")


def get_own(vendor: VendorItem, product_id: str) -> ProductItem:
    p = repo.get_product(product_id) if re.fullmatch(r"[a-z0-9-]{1,64}", product_id) else None
    if p is None or p.vendor_id != vendor.id:
        raise NotFound("no such product", code="product_not_found")
    return p


def _check_version(p: ProductItem, version: int | None) -> None:
    if version is not None and version != int(p.version or 0):
        raise Conflict("the product was changed by someone else; reload and try again",
                       code="version_conflict")


# --- vendor actions -----------------------------------------------------------------

def create(vendor: VendorItem, data: ProductIn) -> dict:
    _category_name(data.category)
    now = vendor_repo.now()
    pid = "p-" + re.sub(r"[^a-z0-9]+", "-", data.name.en.lower()).strip("-")[:40] + "-" + \
        secrets.token_hex(3)
    p = ProductItem(*repo.product_key(pid), id=pid, status="draft", created_at=now, updated_at=now,
                    images=[])
    fields = data.model_dump(mode="json")
    fields["variants"] = _with_variant_ids(fields["variants"])
    for f in CONTENT_FIELDS:
        if f in fields:
            set_field(p, f, fields[f])
    store(p, vendor)
    return owner_view(p)


def list_own(vendor: VendorItem, status: str | None, limit: int, cursor: str | None) -> dict:
    secret = config.settings().cursor_secret
    scope = pagination.scope_of(kind="own", vendor=vendor.id, status=status, limit=limit)
    start = pagination.position(cursor, scope, secret)
    items, last = repo.owner_page(vendor.id, limit, start, status)
    return {"items": [owner_view(p) for p in items],
            "next_cursor": pagination.encode({"k": last}, scope, secret) if last else None}


def _only_price_or_stock(old: list[dict], new: list[dict]) -> bool:
    def shape(vs):
        return [(v["id"], v["sku"], v["label"]["en"], v["label"]["hi"], v["weight_grams"],
                 v.get("packed_cm")) for v in vs]
    return shape(old) == shape(new)


def patch(vendor: VendorItem, product_id: str, change: ProductPatch) -> dict:
    p = get_own(vendor, product_id)
    _check_version(p, change.version)
    if p.status == "archived":
        raise Conflict("archived products cannot be edited", code="archived")
    state_before = indexing.review_state(p)
    fields = change.model_dump(mode="json", exclude_unset=True, exclude={"version", "image_ids"})
    if "variants" in fields:
        fields["variants"] = _with_variant_ids(fields["variants"])
    if change.image_ids is not None:
        current = {i["id"]: i for i in _pending_or_live(p, "images")}
        unknown = [i for i in change.image_ids if i not in current]
        if unknown:
            raise InvalidInput(f"unknown image id(s): {', '.join(unknown)}", code="unknown_image")
        fields["images"] = [current[i] for i in change.image_ids]
    if "category" in fields:
        _category_name(fields["category"])
    if p.status == "approved":
        live_variants = get_field(p, "variants")
        if "variants" in fields and _only_price_or_stock(live_variants, fields["variants"]):
            set_field(p, "variants", fields.pop("variants"))  # on sale at the new price now
        content = {k: v for k, v in fields.items() if v != _pending_or_live(p, k)}
        if content:
            revision = json.loads(p.revision) if p.revision else {}
            revision.update(content)
            p.revision, p.revision_status, p.review_reason = json.dumps(revision), \
                "pending_review", None
    else:
        for k, v in fields.items():
            set_field(p, k, v)
    if p.perishable and not p.shelf_life_days:
        raise InvalidInput("perishable products need shelf_life_days", code="invalid_body")
    store_for_review(p, vendor, state_before)
    return owner_view(p)


def _pending_or_live(p: ProductItem, field: str):
    revision = json.loads(p.revision) if p.revision else {}
    return revision[field] if field in revision else get_field(p, field)


def archive(vendor: VendorItem, product_id: str, version: int | None) -> dict:
    p = get_own(vendor, product_id)
    _check_version(p, version)
    p.status, p.revision, p.revision_status = "archived", None, None
    store(p, vendor)
    return owner_view(p)


def submit(vendor: VendorItem, product_id: str, version: int | None) -> dict:
    p = get_own(vendor, product_id)
    _check_version(p, version)
    state_before = indexing.review_state(p)
    if p.status in ("draft", "rejected"):
        if not p.images:
            raise Conflict("add at least one photo before sending the product for review",
                           code="image_required")
        p.status, p.review_reason = "pending_review", None
    elif p.status == "approved" and p.revision and p.revision_status == "rejected":
        p.revision_status, p.review_reason = "pending_review", None
    else:
        raise Conflict(f"a product that is {indexing.review_state(p)} cannot be submitted",
                       code="not_submittable")
    store_for_review(p, vendor, state_before)
    return owner_view(p)


# --- photos (called by the image pipeline) -------------------------------------------

def attach_image(vendor: VendorItem, product_id: str, image: dict) -> bool:
    """Add a processed photo. False when it is already there (a redelivered message)."""
    p = get_own(vendor, product_id)
    images = _pending_or_live(p, "images")
    if any(i["id"] == image["id"] for i in images) or p.status == "archived":
        return False
    if len(images) >= MAX_IMAGES:
        raise Conflict(f"a product can have at most {MAX_IMAGES} photos", code="too_many_images")
    state_before = indexing.review_state(p)
    if p.status == "approved":
        revision = json.loads(p.revision) if p.revision else {}
        revision["images"] = images + [image]
        p.revision, p.revision_status, p.review_reason = json.dumps(revision), "pending_review", None
    else:
        set_field(p, "images", images + [image])
    store_for_review(p, vendor, state_before)
    return True


def record_rejection(vendor: VendorItem, product_id: str, rejection: dict) -> None:
    p = get_own(vendor, product_id)
    kept = json.loads(p.image_rejections or "[]")
    if any(r["upload_id"] == rejection["upload_id"] for r in kept):
        return
    p.image_rejections = json.dumps((kept + [rejection])[-MAX_REJECTIONS_KEPT:],
                                    ensure_ascii=False)
    store(p, vendor)


# --- administrators ---------------------------------------------------------------------

def admin_list(status: str, limit: int, cursor: str | None) -> dict:
    secret = config.settings().cursor_secret
    scope = pagination.scope_of(kind="admin-products", status=status, limit=limit)
    start = pagination.position(cursor, scope, secret)
    items, last = vendor_repo.by_status_page(f"PRODUCT#{status}", ProductItem, limit, start)
    return {"items": [owner_view(p) for p in items],
            "next_cursor": pagination.encode({"k": last}, scope, secret) if last else None}


def admin_decide(principal: Principal, product_id: str, approve: bool, reason: str | None) -> dict:
    p = repo.get_product(product_id) if re.fullmatch(r"[a-z0-9-]{1,64}", product_id) else None
    if p is None:
        raise NotFound("no such product", code="product_not_found")
    if indexing.review_state(p) != "pending_review":
        raise Conflict("the product is not waiting for review", code="not_pending")
    kind = "new" if p.status == "pending_review" else "revision"
    if p.status == "pending_review":
        p.status = "approved" if approve else "rejected"
    elif approve:  # an approved product's revision
        for field, value in json.loads(p.revision).items():
            set_field(p, field, value)
        p.revision, p.revision_status = None, None
    else:
        p.revision_status = "rejected"
    p.review_reason = None if approve else reason
    vendor = vendor_repo.get(p.vendor_id)
    audit = vendor_repo.audit_entry("product", p.id, "approve" if approve else "reject",
                                    principal.sub, principal.username, reason)
    store(p, vendor, also=[audit])
    if approve:
        metric("ListingsApproved", Kind=kind)
    else:
        metric("ListingsRejected", Kind=kind)
    return owner_view(p)
