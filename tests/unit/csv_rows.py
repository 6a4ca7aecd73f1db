"""Rows for the CSV import tests: sample products and small helpers to parse them."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from chalicelib.catalog.csv_import import COLUMNS, ParsedProduct, RowError, parse_csv

ROOT = Path(__file__).resolve().parents[2]
CATS = {c["slug"] for c in json.loads((ROOT / "infra/seed/catalog.json").read_text("utf-8"))["categories"]}

PEDA = {"product_ref": "PEDA-01", "category": "peda-sweets", "name_en": "Bhuna Khoa Peda",
        "name_hi": "भुना खोया पेड़ा", "description_en": "Slow-roasted khoa peda, packed fresh.",
        "description_hi": "धीमी आँच पर भुने खोये का पेड़ा।", "tags": "peda; पेड़ा, prasad",
        "variant_label_en": "250 g", "variant_label_hi": "250 ग्राम", "sku": "PEDA-01-250G",
        "price_inr": "129", "mrp_inr": "140", "stock": "120", "weight_grams": "330", "perishable": "yes",
        "shelf_life_days": "7", "hsn_code": "2106", "gst_rate_percent": "5", "gi_tag": "हाँ"}
PEDA_500 = {"product_ref": "PEDA-01", "variant_label_en": "500 g", "variant_label_hi": "500 ग्राम",
            "sku": "PEDA-01-500G", "price_inr": "249.50", "mrp_inr": "", "stock": "0", "weight_grams": "600"}
LAH = {"product_ref": "LAH-01", "category": "lac-bangles", "name_en": "Red Lac Bangle Set",
       "name_hi": "लाल लाह की चूड़ी का सेट", "variant_label_en": "Set of 12", "sku": "LAH-01-SET12",
       "price_inr": "1,250", "mrp_inr": "1,499.00", "stock": "25", "weight_grams": "300", "perishable": "no",
       "hsn_code": "7117", "gst_rate_percent": "3", "gi_tag": ""}


def make_csv(*rows: dict, columns=COLUMNS, nl: str = "\n") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=nl)
    writer.writerow(columns)
    writer.writerows([[r.get(c, "") for c in columns] for r in rows])
    return buf.getvalue()


def parse(text: str, **kw):
    return parse_csv(text, CATS, **kw)


def where(errors: list[RowError]) -> list[tuple[int, str]]:
    return [(e.row, e.field) for e in errors]


def one_error(field: str, **changes) -> str:
    """Parse a one-row file with PEDA changed; it must fail on exactly `field`; returns the reason."""
    products, errors = parse(make_csv({**PEDA, **changes}))
    assert products == []
    assert where(errors) == [(2, field)], errors
    return errors[0].reason


def parsed_ok(**changes) -> ParsedProduct:
    products, errors = parse(make_csv({**PEDA, **changes}))
    assert errors == []
    return products[0]
