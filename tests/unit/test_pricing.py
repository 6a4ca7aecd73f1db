"""Checkout pricing: zones from PIN codes, parcel shipping slabs, GST split, quotes. Pure, no network."""
from __future__ import annotations

import random

import pytest

from chalicelib.orders import pricing
from chalicelib.orders.pricing import (
    SHIPPING_SLABS_PAISE,
    TRANSIT_DAYS,
    ZONES,
    Destination,
    Tax,
    destination,
    gst_included,
    shipping_paise,
)

from tests.unit.pricing_lines import DEOGHAR, DELHI, NEPAL, RANCHI, err as _err


# ---- destination ----------------------------------------------------------------------------

def test_deoghar_pin():
    assert DEOGHAR == Destination("deoghar", "IN", "814112", "JHARKHAND", "DEOGHAR", True)


def test_ranchi_is_jharkhand():
    assert RANCHI.zone == "jharkhand" and RANCHI.district == "RANCHI"
    assert RANCHI.state == "JHARKHAND" and RANCHI.intra_state is True


def test_delhi_is_india_igst():
    assert DELHI.zone == "india" and DELHI.state == "DELHI" and DELHI.intra_state is False
    assert DELHI.pincode == "110001" and DELHI.country == "IN"


def test_country_case_insensitive_and_surrounding_spaces():
    assert destination(" 814112 ", "in") == DEOGHAR


def test_deogarh_in_odisha_is_not_deoghar():
    d = destination("768110", "IN")   # Deogarh, Odisha: similar name, other state
    assert d.zone == "india" and d.intra_state is False


def test_pin_shared_with_neighbour_district_takes_worst_case():
    d = destination("814120", "IN")   # Deoghar and Dumka
    assert d.zone == "jharkhand" and d.intra_state is True and "DEOGHAR" in d.district


def test_unknown_pin():
    assert _err(destination, "999999", "IN").code == "unknown_pincode"


@pytest.mark.parametrize("pin", ["81411", "8141120", "abcdef", "014112", "८१४११२", "814 112", "814112\n1",
                                 "", "   ", None, 814112])
def test_invalid_pin(pin):
    e = _err(destination, pin, "IN")
    assert e.code == "invalid_pincode"
    assert "6 digits" in e.message


def test_surrounding_whitespace_stripped_but_pin_fullmatched():
    # the package's own regex uses `$` (matches before a final newline): we fullmatch
    assert destination("814112\n", "IN") == DEOGHAR   # whitespace around is stripped
    assert _err(destination, "8141125\n", "IN").code == "invalid_pincode"


@pytest.mark.parametrize("country", ["np", "US", "gb", " Us "])
def test_abroad_ignores_pin(country):
    d = destination("814112", country)
    assert d.zone == "abroad" and d.pincode is None and d.state is None and d.district is None
    assert d.intra_state is False and d.country == country.strip().upper()


@pytest.mark.parametrize("country", ["", "I", "IND", "1N", "ÎN", None, "i n"])
def test_invalid_country(country):
    assert _err(destination, "814112", country).code == "invalid_country"


def test_lookup_is_cached():
    pricing._pin_lookup.cache_clear()
    destination("834001", "IN")
    destination("834001", "IN")
    info = pricing._pin_lookup.cache_info()
    assert info.hits == 1 and info.misses == 1


# ---- shipping -------------------------------------------------------------------------------

@pytest.mark.parametrize("zone,first,extra", [("deoghar", 4000, 1000), ("jharkhand", 6000, 2500),
                                              ("india", 9000, 4000)])
def test_slab_boundaries(zone, first, extra):
    assert shipping_paise(zone, 1) == first
    assert shipping_paise(zone, 500) == first
    assert shipping_paise(zone, 501) == first + extra
    assert shipping_paise(zone, 1000) == first + extra
    assert shipping_paise(zone, 1001) == first + 2 * extra
    assert shipping_paise(zone, 5000) == first + 9 * extra


def test_slab_table_covers_every_zone_in_india():
    # abroad, postage is by country and India Post service (chalicelib/data/abroad.json)
    assert set(SHIPPING_SLABS_PAISE) == set(ZONES) - {"abroad"} == set(TRANSIT_DAYS)
    assert all(isinstance(v, int) for pair in SHIPPING_SLABS_PAISE.values() for v in pair)


@pytest.mark.parametrize("weight", [0, -1, 1.5, "500", True])
def test_invalid_weight(weight):
    assert _err(shipping_paise, "india", weight).code == "invalid_weight"


def test_invalid_zone():
    assert _err(shipping_paise, "mars", 500).code == "invalid_zone"


# ---- GST ------------------------------------------------------------------------------------

def test_gst_5pc_inside_jharkhand():
    assert gst_included(10_500, 500, DEOGHAR) == Tax(10_000, 250, 250, 0)
    assert gst_included(10_500, 500, RANCHI) == Tax(10_000, 250, 250, 0)
    assert gst_included(10_500, 500, DEOGHAR).total_paise == 500


def test_gst_5pc_other_state_is_igst():
    t = gst_included(10_500, 500, DELHI)
    assert t == Tax(10_000, 0, 0, 500) and t.total_paise == 500


def test_export_is_zero_rated_taxable_only():
    t = gst_included(10_500, 500, NEPAL)
    assert t == Tax(10_000, 0, 0, 0) and t.total_paise == 0


def test_odd_paise_rounding():
    # 9999 / 1.12 = 8927.67.. -> 8928; tax 1071 is odd: cgst 535, sgst 536
    t = gst_included(9_999, 1200, DEOGHAR)
    assert t == Tax(8_928, 535, 536, 0)
    assert t.taxable_paise + t.total_paise == 9_999
    assert gst_included(9_999, 1200, DELHI) == Tax(8_928, 0, 0, 1_071)


def test_round_half_up():
    assert gst_included(21, 500, DELHI) == Tax(20, 0, 0, 1)         # 21 / 1.05 = 20 exactly
    # 3 * 10000 / 12000 = 2.5 -> 3 (half up, not banker's 2)
    assert gst_included(3, 2000, DELHI).taxable_paise == 3
    # 5 * 10000 / 20000 = 2.5 -> 3
    assert gst_included(5, 10_000, DELHI).taxable_paise == 3


def test_quarter_percent_rate():
    t = gst_included(100_250, 25, RANCHI)          # rough diamonds / gems rate 0.25 %
    assert t == Tax(100_000, 125, 125, 0)
    t = gst_included(1_000, 25, DELHI)             # 997.506 -> 998, tax 2
    assert t == Tax(998, 0, 0, 2)


def test_zero_rate_and_zero_amount():
    assert gst_included(12_345, 0, DEOGHAR) == Tax(12_345, 0, 0, 0)
    assert gst_included(0, 1800, DELHI) == Tax(0, 0, 0, 0)


@pytest.mark.parametrize("gross,rate,code", [(-1, 500, "invalid_amount"), (100.0, 500, "invalid_amount"),
                                             (100, -5, "invalid_gst_rate"), (100, 5.0, "invalid_gst_rate")])
def test_gst_rejects_bad_input(gross, rate, code):
    assert _err(gst_included, gross, rate, DELHI).code == code


def test_tax_invariants_property():
    rnd = random.Random(20240814)
    rates = [0, 25, 300, 500, 1200, 1800, 2800, 4000]
    for _ in range(5000):
        gross = rnd.choice([rnd.randint(0, 200), rnd.randint(0, 10**6), rnd.randint(0, 10**10)])
        rate = rnd.choice(rates + [rnd.randint(0, 10_000)])
        exact_num, exact_den = gross * 10_000, 10_000 + rate
        for dest in (DEOGHAR, DELHI, NEPAL):
            t = gst_included(gross, rate, dest)
            assert all(type(v) is int and v >= 0 for v in
                       (t.taxable_paise, t.cgst_paise, t.sgst_paise, t.igst_paise))
            # taxable is the correctly rounded (half up) quotient: |2*den*taxable - 2*num| <= den
            assert -exact_den < 2 * exact_den * t.taxable_paise - 2 * exact_num <= exact_den
            if dest is NEPAL:
                assert t.total_paise == 0
                continue
            assert t.taxable_paise + t.total_paise == gross
            if dest.intra_state:
                assert t.igst_paise == 0 and t.cgst_paise + t.sgst_paise == t.total_paise
                assert 0 <= t.sgst_paise - t.cgst_paise <= 1
            else:
                assert t.cgst_paise == t.sgst_paise == 0 and t.igst_paise == t.total_paise
