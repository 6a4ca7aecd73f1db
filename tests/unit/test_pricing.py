"""Checkout pricing: zones from PIN codes, parcel shipping slabs, GST split, quotes. Pure, no network."""
from __future__ import annotations

import random
import re

import pytest

from chalicelib.orders import pricing
from chalicelib.orders.pricing import (
    SHIPPING_SLABS_PAISE,
    TRANSIT_DAYS,
    ZONES,
    Destination,
    LineIn,
    PricingError,
    Tax,
    destination,
    gst_included,
    perishable_problem,
    quote,
    shipping_paise,
)

DEVANAGARI = re.compile(r"[\u0900-\u097F]")

DEOGHAR = destination("814112", "IN")
RANCHI = destination("834001", "IN")
DELHI = destination("110001", "IN")
NEPAL = destination(None, "np")
USA = destination("814112", "US")


def _err(fn, *args, **kwargs) -> PricingError:
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


def _bilingual(problem: dict) -> None:
    assert problem["code"] and problem["en"] and problem["hi"]
    assert DEVANAGARI.search(problem["hi"]), problem["hi"]
    assert not DEVANAGARI.search(problem["en"]), problem["en"]


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
                                              ("india", 9000, 4000), ("abroad", 95000, 45000)])
def test_slab_boundaries(zone, first, extra):
    assert shipping_paise(zone, 1) == first
    assert shipping_paise(zone, 500) == first
    assert shipping_paise(zone, 501) == first + extra
    assert shipping_paise(zone, 1000) == first + extra
    assert shipping_paise(zone, 1001) == first + 2 * extra
    assert shipping_paise(zone, 5000) == first + 9 * extra


def test_slab_table_covers_every_zone():
    assert set(SHIPPING_SLABS_PAISE) == set(ZONES) == set(TRANSIT_DAYS)
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


# ---- perishables ----------------------------------------------------------------------------

@pytest.mark.parametrize("zone", ["deoghar", "jharkhand", "india"])
def test_peda_7_days_ok_in_india(zone):
    assert perishable_problem(zone, True, 7) is None


def test_peda_refused_abroad():
    p = perishable_problem("abroad", True, 7)
    assert p["code"] == "perishable_no_export"
    _bilingual(p)
    assert perishable_problem("abroad", True, 365)["code"] == "perishable_no_export"


def test_five_day_sweet_refused_for_india():
    p = perishable_problem("india", True, 5, {"en": "Rasmalai", "hi": "रसमलाई"})
    assert p["code"] == "perishable_too_far"
    _bilingual(p)
    assert "5 days" in p["en"] and "6 days" in p["en"] and "Rasmalai" in p["en"]
    assert "रसमलाई" in p["hi"] and "5" in p["hi"] and "6" in p["hi"]
    assert perishable_problem("jharkhand", True, 5) is None      # 3 + 1 <= 5


def test_perishable_boundaries():
    assert perishable_problem("deoghar", True, 2) is None         # 1 + 1 <= 2
    assert perishable_problem("deoghar", True, 1)["code"] == "perishable_too_far"
    assert perishable_problem("jharkhand", True, 3)["code"] == "perishable_too_far"
    assert perishable_problem("india", True, 6)["code"] == "perishable_too_far"
    assert perishable_problem("india", True, None)["code"] == "perishable_too_far"


def test_not_perishable_goes_anywhere():
    for zone in ZONES:
        assert perishable_problem(zone, False, None) is None


# ---- quote ----------------------------------------------------------------------------------

def _assert_totals_add_up(q: dict) -> None:
    good = [l for l in q["lines"] if not l["problems"]]
    t = q["totals"]
    assert t["items_paise"] == sum(l["line_total_paise"] for l in good)
    assert t["shipping_paise"] == sum(p["shipping_paise"] for p in q["parcels"])
    assert t["total_paise"] == t["items_paise"] + t["shipping_paise"]
    for k in ("cgst_paise", "sgst_paise", "igst_paise"):
        assert t[k] == sum(l[k] for l in good)
    assert all(type(v) is int for v in t.values())


def test_quote_two_vendors_two_parcels_in_jharkhand():
    lines = [line("p-peda", "v-1kg", "ven-peda", price=52_500, qty=2, weight=1000, rate=500, perishable=True, shelf=7),
             line("p-bangle", "v-red", "ven-lac", price=29_900, qty=3, weight=120, rate=1200,
                  name={"en": "Lac bangles", "hi": "लाह की चूड़ियाँ"}),
             line("p-peda", "v-250g", "ven-peda", price=14_000, qty=1, weight=250, rate=500, perishable=True, shelf=7)]
    q = quote(lines, RANCHI, cod_limit_paise=500_000)
    assert q["ok"] is True and q["problems"] == []
    assert q["destination"] == {"zone": "jharkhand", "country": "IN", "pincode": "834001",
                                "state": "JHARKHAND", "district": "RANCHI"}
    assert [p["vendor_id"] for p in q["parcels"]] == ["ven-peda", "ven-lac"]
    peda, lac = q["parcels"]
    assert peda["line_indexes"] == [0, 2] and peda["weight_grams"] == 2250
    assert peda["shipping_paise"] == 6000 + 4 * 2500                  # 5 slabs
    assert lac["line_indexes"] == [1] and lac["weight_grams"] == 360 and lac["shipping_paise"] == 6000
    l0 = q["lines"][0]
    assert l0["line_total_paise"] == 105_000 and l0["taxable_paise"] == 100_000
    assert l0["cgst_paise"] == l0["sgst_paise"] == 2_500 and l0["igst_paise"] == 0
    assert l0["hsn_code"] == "2106" and l0["gst_rate_bp"] == 500 and l0["name"]["hi"] == "पेड़ा"
    assert q["totals"]["items_paise"] == 105_000 + 89_700 + 14_000
    assert q["totals"]["igst_paise"] == 0
    _assert_totals_add_up(q)
    assert q["cod_available"] is True


def test_quote_delhi_uses_igst():
    q = quote([line(price=10_500, qty=2, weight=300)], DELHI, cod_limit_paise=10**9)
    l0 = q["lines"][0]
    assert (l0["taxable_paise"], l0["cgst_paise"], l0["sgst_paise"], l0["igst_paise"]) == (20_000, 0, 0, 1_000)
    assert q["parcels"][0]["shipping_paise"] == 9000 + 4000   # 600 g
    assert q["totals"]["total_paise"] == 21_000 + 13_000
    _assert_totals_add_up(q)


def test_quote_export_charges_taxable_value():
    lines = [line("p-dokra", "v-1", "ven-iron", price=10_500, qty=1, weight=400, rate=500)]
    q = quote(lines, USA, cod_limit_paise=10**9)
    l0 = q["lines"][0]
    assert l0["line_total_paise"] == 10_000 and l0["taxable_paise"] == 10_000
    assert l0["cgst_paise"] == l0["sgst_paise"] == l0["igst_paise"] == 0
    assert q["totals"]["items_paise"] == 10_000 and q["totals"]["shipping_paise"] == 95_000
    assert q["totals"]["total_paise"] == 105_000
    assert q["ok"] is True and q["cod_available"] is False       # no COD abroad
    _assert_totals_add_up(q)


def test_quote_peda_abroad_refused():
    q = quote([line(perishable=True, shelf=7)], NEPAL, cod_limit_paise=10**9)
    assert q["ok"] is False and q["parcels"] == [] and q["totals"]["total_paise"] == 0
    assert [p["code"] for p in q["lines"][0]["problems"]] == ["perishable_no_export"]


def test_quote_out_of_stock_line_excluded_with_hindi_reason():
    lines = [line("p-peda", "v-1", "ven-peda", stock=0),
             line("p-bamboo", "v-1", "ven-bamboo", price=45_000, weight=800, rate=1200,
                  name={"en": "Bamboo basket", "hi": "बाँस की टोकरी"})]
    q = quote(lines, DEOGHAR, cod_limit_paise=10**9)
    assert q["ok"] is False
    (p,) = q["lines"][0]["problems"]
    assert p["code"] == "out_of_stock" and "पेड़ा" in p["hi"]
    _bilingual(p)
    assert q["lines"][1]["problems"] == []
    assert [x["vendor_id"] for x in q["parcels"]] == ["ven-bamboo"] and q["parcels"][0]["line_indexes"] == [1]
    assert q["totals"]["items_paise"] == 45_000 and q["totals"]["shipping_paise"] == 4000 + 1000
    _assert_totals_add_up(q)
    assert q["cod_available"] is False                            # order not ok


def test_quote_insufficient_stock_says_how_many_left():
    q = quote([line(qty=5, stock=3)], DEOGHAR, cod_limit_paise=10**9)
    (p,) = q["lines"][0]["problems"]
    assert p["code"] == "insufficient_stock" and p["available"] == 3
    assert "3" in p["en"] and "3" in p["hi"]
    _bilingual(p)
    assert q["ok"] is False and q["parcels"] == []
    assert quote([line(qty=3, stock=3)], DEOGHAR, 10**9)["ok"] is True


def test_quote_not_available():
    q = quote([line(purchasable=False, stock=0)], DEOGHAR, cod_limit_paise=10**9)
    assert [p["code"] for p in q["lines"][0]["problems"]] == ["not_available"]
    _bilingual(q["lines"][0]["problems"][0])


def test_quote_line_can_have_stock_and_perishable_problems():
    q = quote([line(perishable=True, shelf=5, qty=4, stock=2)], DELHI, cod_limit_paise=10**9)
    codes = [p["code"] for p in q["lines"][0]["problems"]]
    assert codes == ["insufficient_stock", "perishable_too_far"]
    for p in q["lines"][0]["problems"]:
        _bilingual(p)


def test_quote_empty():
    q = quote([], DEOGHAR, cod_limit_paise=10**9)
    assert q["ok"] is False and q["cod_available"] is False
    assert q["lines"] == [] and q["parcels"] == []
    assert q["totals"] == {"items_paise": 0, "shipping_paise": 0, "cgst_paise": 0, "sgst_paise": 0,
                           "igst_paise": 0, "total_paise": 0}
    (p,) = q["problems"]
    assert p["code"] == "empty_order"
    _bilingual(p)


def test_cod_limit_is_inclusive():
    lines = [line(price=10_500, weight=500)]              # 10 500 + 4 000 shipping in Deoghar
    assert quote(lines, DEOGHAR, cod_limit_paise=14_500)["cod_available"] is True
    assert quote(lines, DEOGHAR, cod_limit_paise=14_499)["cod_available"] is False


def test_cod_vendors():
    lines = [line("p-1", "v", "ven-a"), line("p-2", "v", "ven-b")]
    assert quote(lines, DELHI, 10**9, cod_vendors=None)["cod_available"] is True
    assert quote(lines, DELHI, 10**9, cod_vendors={"ven-a", "ven-b", "ven-c"})["cod_available"] is True
    assert quote(lines, DELHI, 10**9, cod_vendors={"ven-a"})["cod_available"] is False
    assert quote(lines, DELHI, 10**9, cod_vendors=set())["cod_available"] is False


@pytest.mark.parametrize("qty", [0, -1, 101, 2.0, True])
def test_invalid_quantity(qty):
    assert _err(quote, [line(qty=qty)], DEOGHAR, 10**9).code == "invalid_quantity"


def test_quantity_bounds_accepted():
    assert quote([line(qty=1)], DEOGHAR, 10**9)["ok"] is True
    assert quote([line(qty=100, stock=100)], DEOGHAR, 10**9)["ok"] is True


def test_duplicate_line():
    lines = [line("p-1", "v-1", qty=1), line("p-1", "v-1", qty=2)]
    assert _err(quote, lines, DEOGHAR, 10**9).code == "duplicate_line"
    # same product, other variant: fine
    assert quote([line("p-1", "v-1"), line("p-1", "v-2")], DEOGHAR, 10**9)["ok"] is True


def test_float_price_rejected():
    assert _err(quote, [line(price=105.0)], DEOGHAR, 10**9).code == "invalid_price"


def test_quote_is_json_serialisable():
    import json
    q = quote([line(), line("p-2", "v", "ven-2", stock=0)], RANCHI, 10**9)
    assert json.loads(json.dumps(q, ensure_ascii=False)) == q


def test_quote_totals_property():
    rnd = random.Random(7)
    dests = [DEOGHAR, RANCHI, DELHI, NEPAL]
    for _ in range(300):
        n = rnd.randint(1, 6)
        lines = [line(f"p-{i}", "v", f"ven-{rnd.randint(1, 3)}", price=rnd.randint(100, 500_000),
                      qty=rnd.randint(1, 10), weight=rnd.randint(1, 3000),
                      rate=rnd.choice([0, 25, 300, 500, 1200, 1800, 2800]),
                      stock=rnd.choice([0, 5, 50]), perishable=rnd.random() < 0.2, shelf=rnd.randint(1, 10))
                 for i in range(n)]
        dest = rnd.choice(dests)
        q = quote(lines, dest, cod_limit_paise=rnd.randint(0, 2_000_000))
        _assert_totals_add_up(q)
        assert q["ok"] == all(not l["problems"] for l in q["lines"])
        for l in q["lines"]:
            tax = l["cgst_paise"] + l["sgst_paise"] + l["igst_paise"]
            if dest.zone == "abroad":
                assert tax == 0 and l["line_total_paise"] == l["taxable_paise"]
            else:
                assert l["taxable_paise"] + tax == l["line_total_paise"] == l["unit_price_paise"] * l["quantity"]
        for p in q["parcels"]:
            assert p["shipping_paise"] == shipping_paise(dest.zone, p["weight_grams"])
