"""Destinations and cart lines for the pricing and quote tests."""
from __future__ import annotations

import re

import pytest

from chalicelib.orders.pricing import LineIn, PricingError, destination

DEVANAGARI = re.compile(r"[\u0900-\u097F]")

DEOGHAR = destination("814112", "IN")
RANCHI = destination("834001", "IN")
DELHI = destination("110001", "IN")
NEPAL = destination(None, "np")
USA = destination("814112", "US")


def err(fn, *args, **kwargs) -> PricingError:
    with pytest.raises(PricingError) as e:
        fn(*args, **kwargs)
    assert e.value.code and e.value.message and str(e.value) == e.value.message
    return e.value


def line(product_id="p-peda", variant_id="v-500g", vendor_id="ven-1", price=10_500, qty=1, weight=500,
         rate=500, perishable=False, shelf=None, stock=50, purchasable=True, name=None) -> LineIn:
    return LineIn(product_id=product_id, variant_id=variant_id, vendor_id=vendor_id,
                  name=name or {"en": "Peda", "hi": "पेड़ा"}, unit_price_paise=price, quantity=qty,
                  weight_grams=weight, gst_rate_bp=rate, hsn_code="2106", perishable=perishable,
                  shelf_life_days=shelf, stock=stock, purchasable=purchasable)


def bilingual(problem: dict) -> None:
    assert problem["code"] and problem["en"] and problem["hi"]
    assert DEVANAGARI.search(problem["hi"]), problem["hi"]
    assert not DEVANAGARI.search(problem["en"]), problem["en"]
