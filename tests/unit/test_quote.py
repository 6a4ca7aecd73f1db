"""Checkout quotes: perishables against transit time, parcels per maker, totals, stock, COD. Pure."""
from __future__ import annotations

import random

import pytest

from chalicelib.orders.pricing import ZONES, destination, perishable_problem, quote, shipping_paise
from tests.unit.pricing_lines import (DEOGHAR, DELHI, NEPAL, RANCHI, USA, bilingual as _bilingual,
                                      err as _err, line)


# ---- perishables ----------------------------------------------------------------------------

@pytest.mark.parametrize("zone", ["deoghar", "jharkhand", "india"])
def test_peda_7_days_ok_in_india(zone):
    assert perishable_problem(zone, True, 7) is None


def test_abroad_a_line_that_may_not_go_has_that_one_problem():
    from dataclasses import replace
    why = {"code": "no_export_clearance", "en": "Peda is perishable", "hi": "पेड़ा"}
    q = quote([replace(line(perishable=True, shelf=7), export_problem=why)], USA, 10**9)
    assert q["ok"] is False and [p["code"] for p in q["lines"][0]["problems"]] == \
        ["no_export_clearance"]
    # in India the same line's export problem does not matter
    assert quote([replace(line(perishable=True, shelf=7), export_problem=why)], DEOGHAR,
                 10**9)["ok"] is True


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
    # 400 g to the US: the tracked packet, ₹320 for 50 g and ₹55 for each further 50 g (7),
    # is cheaper than EMS (₹1,050 + ₹215) and is chosen
    assert q["service"] == "itps" and q["parcels"][0]["service"] == "itps"
    assert q["totals"]["items_paise"] == 10_000 and q["totals"]["shipping_paise"] == 70_500
    assert q["totals"]["total_paise"] == 80_500
    ems = next(s for s in q["services"] if s["id"] == "ems")
    assert ems["available"] and ems["shipping_paise"] == 126_500
    assert q["ok"] is True and q["cod_available"] is False       # no COD abroad
    _assert_totals_add_up(q)


def test_quote_cleared_peda_abroad_only_by_a_fast_enough_service():
    # Nepal: EMS takes up to 6 days (6 + 1 <= 7: fits), the tracked packet 12 (too slow)
    q = quote([line(perishable=True, shelf=7)], NEPAL, cod_limit_paise=10**9)
    assert q["ok"] is True and q["service"] == "ems"
    itps = next(s for s in q["services"] if s["id"] == "itps")
    assert not itps["available"] and itps["problems"][0]["code"] == "too_slow_for_perishable"
    _bilingual(itps["problems"][0])
    # five days' shelf life: no service is fast enough
    q = quote([line(perishable=True, shelf=5)], NEPAL, cod_limit_paise=10**9)
    assert q["ok"] is False and q["service"] is None
    assert [p["code"] for p in q["problems"]] == ["no_service_fits"]


def test_quote_heavy_parcel_refused_by_the_2_kg_service():
    q = quote([line(weight=5_000, qty=2)], USA, cod_limit_paise=10**9, service="itps")
    itps = next(s for s in q["services"] if s["id"] == "itps")
    assert not itps["available"] and itps["shipping_paise"] is None
    assert itps["problems"][0]["code"] == "too_heavy_for_service" and "10" in \
        itps["problems"][0]["en"]
    assert q["ok"] is True and q["service"] == "ems"          # EMS carries up to 35 kg
    q = quote([line(weight=20_000, qty=2)], USA, cod_limit_paise=10**9)
    assert q["ok"] is False and [p["code"] for p in q["problems"]] == ["no_service_fits"]


def test_quote_to_a_country_not_served():
    q = quote([line()], destination(None, "BR"), cod_limit_paise=10**9)
    assert q["ok"] is False and q["problems"][0]["code"] == "country_not_served"
    _bilingual(q["problems"][0])


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
        assert q["ok"] == (all(not l["problems"] for l in q["lines"]) and not q["problems"])
        for l in q["lines"]:
            tax = l["cgst_paise"] + l["sgst_paise"] + l["igst_paise"]
            if dest.zone == "abroad":
                assert tax == 0 and l["line_total_paise"] == l["taxable_paise"]
            else:
                assert l["taxable_paise"] + tax == l["line_total_paise"] == l["unit_price_paise"] * l["quantity"]
        for p in q["parcels"]:
            if dest.zone == "abroad":
                assert p["service"] == q["service"] and (q["service"] or not q["ok"])
            else:
                assert p["shipping_paise"] == shipping_paise(dest.zone, p["weight_grams"])


@pytest.mark.parametrize("status", ["unregistered", "composition", None])
def test_a_maker_without_full_gst_registration_sells_inside_jharkhand_only(status):
    """Notifications 34/36/37-2023: unregistered and composition sellers make no
    inter-state supply through an operator; a maker who has not said counts as one."""
    from dataclasses import replace
    lines = [replace(line(), seller_gst_status=status),
             replace(line(product_id="p-bangle", vendor_id="ven-2"), seller_gst_status="registered")]
    for dest in (DEOGHAR, RANCHI):
        assert quote(lines, dest, 5_000_00)["ok"]
    for dest in (DELHI, USA):
        q = quote(lines, dest, 5_000_00)
        assert not q["ok"]
        problems = [p for l in q["lines"] for p in l["problems"]]
        assert [p["code"] for p in problems if p["code"].startswith("seller")] == \
            ["seller_sells_in_jharkhand_only"]
        _bilingual(problems[-1])
        assert not q["lines"][1]["problems"]     # the registered maker's line goes anywhere


def test_quote_abroad_weighs_each_items_packed_size_against_the_services():
    from dataclasses import replace
    ladle = replace(line(weight=600), packed_cm=(12, 62, 6))       # any order: longest first
    q = quote([ladle], USA, cod_limit_paise=10**9)
    itps = next(s for s in q["services"] if s["id"] == "itps")
    assert [p["code"] for p in itps["problems"]] == ["too_big_for_service"]
    assert q["ok"] and q["service"] == "ems"
    assert "items_cm" not in q["parcels"][0] and "shelf_life_days" not in q["parcels"][0]
    assert quote([ladle], DEOGHAR, cod_limit_paise=10**9)["ok"]     # in India: no such limit
