"""Bulk product import: each column's rule and the reason a vendor reads when a cell breaks it."""
from __future__ import annotations

import pytest

from tests.unit.csv_rows import CATS, PEDA, make_csv, one_error, parse, parsed_ok, where

# --- each rule's error ------------------------------------------------------------------------------

@pytest.mark.parametrize("value, paise", [
    ("320", 32000), ("320.5", 32050), ("320.50", 32050), ("0.29", 29), ("4.35", 435), ("19.99", 1999),
    ("1,250", 125000), ("1,00,000", 10000000), ("100,000.75", 10000075), ("₹1,250.00", 125000),
    ("Rs. 99", 9900), ("320/-", 32000), ("10,00,000", 100000000)])
def test_money_is_exact_paise(value, paise):
    variant = parsed_ok(price_inr=value, mrp_inr="").variants[0]
    assert variant["price_paise"] == variant["mrp_paise"] == paise
    assert type(variant["price_paise"]) is int


@pytest.mark.parametrize("value, says", [
    ("320.505", "at most 2 decimals"), ("abc", "number of rupees like 320 or 320.50"),
    ("1,2,3", "number of rupees"), ("12,50", "number of rupees"), ("1e3", "number of rupees"),
    ("NaN", "number of rupees"), (".5", "number of rupees"), ("३२०", "number of rupees"),
    ("0", "more than 0"), ("0.00", "more than 0"), ("-5", "more than 0"), ("10,00,000.01", "at most ₹10,00,000")])
def test_bad_price(value, says):
    assert says in one_error("price_inr", price_inr=value, mrp_inr="")


def test_mrp_rules():
    assert parsed_ok(price_inr="140", mrp_inr="140").variants[0]["mrp_paise"] == 14000
    assert "must not be less than price_inr" in one_error("mrp_inr", price_inr="150", mrp_inr="140")
    assert "number of rupees" in one_error("mrp_inr", mrp_inr="free")


@pytest.mark.parametrize("field, value, ok", [
    ("stock", "0", 0), ("stock", "100000", 100000), ("stock", "1,200", 1200), ("stock", "100001", None),
    ("stock", "-1", None), ("stock", "1.5", None), ("stock", "many", None),
    ("weight_grams", "1", 1), ("weight_grams", "50000", 50000), ("weight_grams", "0", None),
    ("weight_grams", "50001", None), ("weight_grams", "250g", None)])
def test_whole_numbers(field, value, ok):
    if ok is None:
        assert field in one_error(field, **{field: value})
    else:
        assert parsed_ok(**{field: value}).variants[0][field] == ok


@pytest.mark.parametrize("value, bp", [("0", 0), ("0.25", 25), ("3", 300), ("5", 500), ("5%", 500),
                                       ("12.0", 1200), ("18", 1800), ("28", 2800), ("40", 4000)])
def test_gst_rates(value, bp):
    assert parsed_ok(gst_rate_percent=value).gst_rate_bp == bp


@pytest.mark.parametrize("value", ["7", "0.5", "2.5", "100", "five", "-5"])
def test_bad_gst_rate(value):
    assert "must be one of 0, 0.25, 3, 5, 12, 18, 28, 40" in one_error("gst_rate_percent", gst_rate_percent=value)


@pytest.mark.parametrize("value, code", [("2106", "2106"), ("210690", "210690"), ("21069099", "21069099"),
                                         ("2106 90 99", "21069099")])
def test_hsn_codes(value, code):
    assert parsed_ok(hsn_code=value).hsn_code == code


def test_bad_hsn_codes():
    assert "leading zero" in one_error("hsn_code", hsn_code="402")
    for value in ("21069", "ABCD", "२१०६", "210690991"):
        assert "4, 6 or 8 digits" in one_error("hsn_code", hsn_code=value)


def test_category_must_be_known_and_is_case_insensitive():
    reason = one_error("category", category="sarees")
    assert reason.startswith("unknown category 'sarees' (use one of: ") and all(c in reason for c in CATS)
    assert parsed_ok(category="Peda-Sweets").category == "peda-sweets"


def test_shelf_life():
    assert "required when perishable is yes" in one_error("shelf_life_days", shelf_life_days="")
    assert parsed_ok(perishable="no", shelf_life_days="").shelf_life_days is None
    assert parsed_ok(shelf_life_days="3650").shelf_life_days == 3650
    for value in ("0", "3651", "a week"):
        assert "shelf_life_days" in one_error("shelf_life_days", shelf_life_days=value)


@pytest.mark.parametrize("value, flag", [("yes", True), ("YES", True), ("True", True), ("1", True), ("y", True),
                                         ("हाँ", True), ("हां", True), ("no", False), ("FALSE", False),
                                         ("0", False), ("N", False), ("नहीं", False), ("", False)])
def test_yes_no(value, flag):
    p = parsed_ok(perishable=value, gi_tag=value)
    assert p.perishable is flag and p.gi_tag is flag


def test_bad_yes_no():
    assert "perishable must be yes or no (got 'maybe')" in one_error("perishable", perishable="maybe")
    assert "gi_tag must be yes or no" in one_error("gi_tag", gi_tag="GI")


def test_sku_format():
    for value in ("AB", "PEDA 01", "P" * 41, "पेड़ा-1"):
        assert "sku must be 3 to 40 letters" in one_error("sku", sku=value)
    assert parsed_ok(sku="a_B-9").variants[0]["sku"] == "a_B-9"


def test_product_ref_format_and_required_fields_on_every_row():
    for value in ("PEDA 01", "R" * 65, "पेड़ा"):
        assert "product_ref must be 1 to 64" in one_error("product_ref", product_ref=value)
    for field in ("product_ref", "variant_label_en", "sku", "price_inr", "stock", "weight_grams"):
        assert one_error(field, **{field: " "}) == f"{field} is required on every row"


def test_names_descriptions_and_labels():
    assert "2 to 120 characters" in one_error("name_en", name_en="P")
    assert "2 to 120 characters" in one_error("name_hi", name_hi="प" * 121)
    assert "Devanagari" in one_error("name_hi", name_hi="Bhuna Peda")
    assert "0 to 2000 characters" in one_error("description_en", description_en="x" * 2001)
    assert parsed_ok(description_hi="क" * 2000).description["hi"] == "क" * 2000
    assert "1 to 60 characters" in one_error("variant_label_en", variant_label_en="g" * 61)


@pytest.mark.parametrize("field, value, says", [
    ("name_en", "Bhuna\x07Peda", "control character (U+0007)"), ("name_en", "Bhuna\tPeda", "control character"),
    ("name_hi", "पेड़ा\u202e", "control character (U+202E)"), ("name_en", "Bhuna\nPeda", "line break"),
    ("variant_label_en", "250\r\ng", "line break"), ("description_en", "Nice\x00", "")])
def test_control_characters_are_refused(field, value, says):
    if field == "description_en":  # NUL anywhere: the whole file is refused
        assert where(parse(make_csv({**PEDA, field: value}))[1]) == [(0, "")]
    else:
        assert says in one_error(field, **{field: value})


@pytest.mark.parametrize("field, value", [
    ("name_en", "=HYPERLINK(\"http://x\",\"Peda\")"), ("name_hi", "+पेड़ा"), ("description_en", "@SUM(A1)"),
    ("description_hi", "-पेड़ा"), ("variant_label_en", "=1+1"), ("variant_label_hi", "@x"), ("sku", "-PEDA-1"),
    ("product_ref", "=A1"), ("tags", "=cmd|' /C calc'!A0")])
def test_formula_looking_cells_are_refused(field, value):
    assert "looks like a spreadsheet formula" in one_error(field, **{field: value})


def test_formula_looking_tag_inside_the_list_and_price_minus_is_a_number_error():
    assert "tag '@evil' starts with '@'" in one_error("tags", tags="peda; @evil")
    assert "formula" not in one_error("price_inr", price_inr="=100")


def test_tags_split_trim_dedupe_and_limits():
    assert parsed_ok(tags=" peda ;Peda,, पेड़ा ; ;prasad,PEDA ").tags == ["peda", "पेड़ा", "prasad"]
    assert "at most 20 tags (found 21)" in one_error("tags", tags=";".join(f"t{i}" for i in range(21)))
    assert parsed_ok(tags=";".join(f"t{i}" for i in range(20))).tags[-1] == "t19"
    assert "longer than 40 characters" in one_error("tags", tags="peda; " + "x" * 41)


