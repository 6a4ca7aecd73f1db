"""Bulk listing from a CSV: parse and check each row (csv_import), write the good products.

A product's id comes from the vendor and the row's `product_ref`, so importing
the same file again finds the products already there and creates nothing twice.
Imported products start as drafts: photos are added and the product submitted
for review like any other.
"""
from __future__ import annotations

import hashlib
import re

from chalicelib.catalog import editing
from chalicelib.catalog import repository as repo
from chalicelib.catalog.csv_import import ParsedProduct, decode_upload, parse_csv
from chalicelib.db.models import ProductItem, VendorItem
from chalicelib.errors import Conflict, InvalidInput
from chalicelib.vendors import repository as vendor_repo


def product_id_for(vendor_id: str, ref: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", ref.lower()).strip("-")[:36] or "item"
    digest = hashlib.sha256(f"{vendor_id}\x00{ref}".encode()).hexdigest()[:8]
    return f"p-{slug}-{digest}"


def import_csv(vendor: VendorItem, data: bytes, row_offset: int = 0) -> dict:
    try:
        text = decode_upload(data)
    except ValueError as exc:
        raise InvalidInput(str(exc), code="invalid_csv") from None
    categories = {c.sk for c in repo.list_categories()}
    products, errors = parse_csv(text, categories, row_offset=row_offset)
    created, unchanged = [], []
    for parsed in products:
        pid = product_id_for(vendor.id, parsed.ref)
        if repo.get_product(pid) is not None:
            unchanged.append(pid)
            continue
        try:
            _create(vendor, pid, parsed)
            created.append(pid)
        except Conflict:  # the same file imported twice at the same moment
            unchanged.append(pid)
    rows = len({r for p in products for r in p.rows} | {e.row for e in errors if e.row > 1})
    return {"created": created, "unchanged": unchanged,
            "errors": [{"row": e.row, "field": e.field, "reason": e.reason} for e in errors],
            "rows": rows}


def _create(vendor: VendorItem, pid: str, parsed: ParsedProduct) -> None:
    now = vendor_repo.now()
    p = ProductItem(*repo.product_key(pid), id=pid, status="draft", created_at=now,
                    updated_at=now, images=[])
    fields = {"category": parsed.category, "name": parsed.name, "description": parsed.description,
              "tags": parsed.tags, "variants": parsed.variants, "perishable": parsed.perishable,
              "shelf_life_days": parsed.shelf_life_days, "hsn_code": parsed.hsn_code,
              "gst_rate_bp": parsed.gst_rate_bp, "gi_tag": parsed.gi_tag}
    for field, value in fields.items():
        editing.set_field(p, field, value)
    editing.store(p, vendor)
