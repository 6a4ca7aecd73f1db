"""Selling abroad, the pure parts: the configuration's shape, postal codes and phones by
country, India Post's services for a set of parcels, currency conversion. No network."""
from __future__ import annotations

import re
from datetime import date

import pytest

from chalicelib.exports import fx, rules
from chalicelib.exports.schemas import ExportProfileIn, fy_bounds

DEVANAGARI = re.compile(r"[\u0900-\u097F]")


def test_the_configuration_says_where_its_figures_come_from_and_is_complete():
    t = rules.table()
    date.fromisoformat(t["effective_from"])
    assert "India Post" in t["source"] and "Re-check" in t["source"]
    assert t["services"]["ems"]["max_grams"] == 35_000
    assert t["services"]["itps"]["max_grams"] == 2_000
    assert "IN" not in t["countries"] and len(t["countries"]) >= 15
    for code, c in t["countries"].items():
        assert re.fullmatch(r"[A-Z]{2}", code) and c["currency"] in t["currencies"]
        assert c["name"]["en"] and DEVANAGARI.search(c["name"]["hi"])
        assert c["calling_code"].isdigit() and c["calling_code"] != "91"
        for service in rules.SERVICES:
            rate = c["rates"][service]
            assert isinstance(rate["first_paise"], int) and rate["first_paise"] > 0
            assert isinstance(rate["step_paise"], int) and rate["step_paise"] > 0
            low, high = rate["days"]
            assert 0 < low <= high
        example, pattern = c["postal_code"]["example"], c["postal_code"]["pattern"]
        if pattern:
            assert rules.normal_postal_code(code, example) == example.upper()
    for cur, (exponent, symbol) in t["currencies"].items():
        assert exponent in (0, 2, 3) and symbol


@pytest.mark.parametrize("country, given, stored", [
    ("US", "10118", "10118"), ("US", "10118-2201", "10118-2201"), ("GB", "sw1a  1aa", "SW1A 1AA"),
    ("CA", "m5v 2t6", "M5V 2T6"), ("NL", "1012ab", "1012AB"), ("JP", "100-0001", "100-0001"),
    ("AE", "", None), ("QA", None, None), ("BH", "", None)])
def test_postal_codes_as_the_post_writes_them(country, given, stored):
    assert rules.normal_postal_code(country, given) == stored


@pytest.mark.parametrize("country, given", [("US", "1011"), ("US", "ABCDE"), ("US", None),
                                             ("GB", "12345"), ("CA", "123 456"),
                                             ("SG", "01895"), ("DE", "1011")])
def test_bad_postal_codes_say_what_the_country_expects(country, given):
    with pytest.raises(ValueError) as e:
        rules.normal_postal_code(country, given)
    assert rules.country(country)["postal_code"]["label"]["en"] in str(e.value)


def test_a_phone_abroad_carries_its_calling_code():
    rules.check_phone("US", "+12125550147")
    rules.check_phone("AE", "+971501234567")
    for country, phone in (("US", "2125550147"), ("US", "+442079460958"), ("AE", "+12125550147")):
        with pytest.raises(ValueError):
            rules.check_phone(country, phone)


def test_postage_is_the_first_slab_then_each_further_slab_or_part_of_one():
    us = rules.country("US")["rates"]
    assert rules.price_paise("US", "ems", 1) == us["ems"]["first_paise"]
    assert rules.price_paise("US", "ems", 250) == us["ems"]["first_paise"]
    assert rules.price_paise("US", "ems", 251) == us["ems"]["first_paise"] + us["ems"]["step_paise"]
    assert rules.price_paise("US", "itps", 101) == \
        us["itps"]["first_paise"] + 2 * us["itps"]["step_paise"]


def test_the_plan_picks_the_cheapest_service_that_fits_every_parcel():
    light = [{"weight_grams": 300, "shelf_life_days": None}]
    plan = rules.plan("US", light, None)
    cheapest = min((s for s in plan["services"] if s["available"]),
                   key=lambda s: s["shipping_paise"])
    assert plan["service"] == cheapest["id"] and plan["shipping"] == [cheapest["shipping_paise"]]
    assert rules.plan("US", light, "ems")["service"] == "ems"        # asked for, and it fits
    heavy = light + [{"weight_grams": 2_001, "shelf_life_days": None}]
    plan = rules.plan("US", heavy, "itps")
    itps = next(s for s in plan["services"] if s["id"] == "itps")
    assert plan["service"] == "ems" and not itps["available"]
    assert itps["problems"][0]["code"] == "too_heavy_for_service" and "2 kg" in \
        itps["problems"][0]["en"] and DEVANAGARI.search(itps["problems"][0]["hi"])
    assert len(plan["shipping"]) == 2
    none = rules.plan("US", [{"weight_grams": 35_001, "shelf_life_days": None}], None)
    assert none["service"] is None and none["problems"][0]["code"] == "no_service_fits"


@pytest.mark.parametrize("paise, rate, exponent, minor", [
    (100_00, "0.01183", 2, 118),        # ₹100 -> 1.183 USD -> 118 cents
    (50_00, "0.01183", 2, 59),          # 0.5915 USD: half a cent and more rounds up
    (42_27, "0.01183", 2, 50),          # 0.50054...
    (10_000_00, "1.7650", 0, 17650),    # yen have no minor unit
    (100_00, "0.003635", 3, 364),       # 0.3635 KWD: fils, half up
    (1, "0.005", 2, 0), (100, "0.005", 2, 1)])   # 0.005 cents; 0.5 cents rounds up to 1
def test_conversion_rounds_half_up_to_the_minor_unit(paise, rate, exponent, minor):
    assert rules.to_minor(paise, rate, exponent) == minor


def test_approx_marks_its_currency_rate_and_date():
    rates = {"as_of": "2026-12-01", "source": "fixture", "per_inr": {"KWD": "0.003635",
                                                                        "XDR": "0.00875"}}
    a = fx.approx("KW", {"total": 100_00}, rates)
    assert a == {"currency": "KWD", "exponent": 3, "symbol": "KWD ", "per_inr": "0.003635",
                 "as_of": "2026-12-01", "sdr_per_inr": "0.00875", "total": 364}
    assert fx.approx("US", {"total": 1}, rates) is None    # no USD rate: no approximation
    assert fx.approx("US", {"total": 1}, None) is None


def test_the_lut_lies_within_its_financial_year():
    assert fy_bounds("2026-27") == (date(2026, 4, 1), date(2027, 3, 31))
    good = {"iec": "abcpk1234m", "ad_code": "0104422",
            "lut": {"arn": "ad200426012345x", "financial_year": "2026-27",
                    "valid_from": "2026-04-01", "valid_to": "2027-03-31"}}
    p = ExportProfileIn.model_validate(good)
    assert p.iec == "ABCPK1234M" and p.lut.arn == "AD200426012345X"
    for bad in ({"financial_year": "2026-28"}, {"valid_to": "2027-04-01"},
                {"valid_from": "2027-01-01", "valid_to": "2026-12-31"},
                {"arn": "AA200426012345X"}, {"arn": "AD210426012345X"}):
        with pytest.raises(ValueError):
            ExportProfileIn.model_validate({**good, "lut": {**good["lut"], **bad}})
    with pytest.raises(ValueError):
        ExportProfileIn.model_validate({**good, "ad_code": "12345"})


def test_an_item_too_big_packed_cannot_go_by_a_service_whose_limits_it_passes():
    def offer(items_cm, service):
        plan = rules.plan("US", [{"weight_grams": 600, "shelf_life_days": None,
                                  "items_cm": items_cm}], None)
        return next(s for s in plan["services"] if s["id"] == service)
    # tracked packet: longest side 60 cm, length + width + height 90 cm
    assert offer([[60, 20, 10]], "itps")["available"]                 # 60 and 90: at the limit
    long = offer([[62, 12, 6]], "itps")
    assert not long["available"] and long["problems"][0]["code"] == "too_big_for_service"
    assert "62 × 12 × 6 cm" in long["problems"][0]["en"] and "60 cm" in long["problems"][0]["en"]
    assert DEVANAGARI.search(long["problems"][0]["hi"])
    assert not offer([[50, 30, 11]], "itps")["available"]            # 91 cm in all
    # EMS: longest side 150 cm, length + girth (2 × (width + height)) 300 cm
    assert offer([[62, 12, 6]], "ems")["available"]
    assert offer([[150, 40, 35]], "ems")["available"]                 # 150 + 150 = 300
    assert not offer([[150, 40, 36]], "ems")["available"]
    assert not offer([[151, 10, 10]], "ems")["available"]
    assert offer([], "itps")["available"]                             # size not known: weight only
