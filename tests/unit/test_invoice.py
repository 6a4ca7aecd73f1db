"""Parcel invoice HTML: money formatting, amount in words, tax invoice vs bill of supply, escaping."""
from __future__ import annotations

import re

import pytest

from tests.unit.html_check import checked
from chalicelib.orders.invoice import amount_in_words, percent, render_invoice, rupees

DEVANAGARI = re.compile(r"[\u0900-\u097F]")
XSS = "<script>alert(1)</script>"


@pytest.mark.parametrize("paise,text", [
    (0, "₹0.00"), (99, "₹0.99"), (100, "₹1.00"), (99_999, "₹999.99"), (100_000, "₹1,000.00"),
    (12_500_000, "₹1,25,000.00"), (1_234_567_890, "₹1,23,45,678.90"), (-1_250, "-₹12.50"),
])
def test_rupees_indian_grouping(paise, text):
    assert rupees(paise) == text


def test_rupees_refuses_float():
    with pytest.raises(TypeError):
        rupees(12.5)


@pytest.mark.parametrize("paise,text", [
    (0, "Rupees Zero Only"),
    (1, "Rupees Zero and One Paisa Only"),
    (100, "Rupees One Only"),
    (12_500_050, "Rupees One Lakh Twenty-Five Thousand and Fifty Paise Only"),
    (1_000_000_000, "Rupees One Crore Only"),
    (1_234_567_899, ("Rupees One Crore Twenty-Three Lakh Forty-Five Thousand Six Hundred Seventy-Eight "
                     "and Ninety-Nine Paise Only")),
    (100_000 * 10_000_000 * 100, "Rupees One Lakh Crore Only"),
    (-150, "Minus Rupees One and Fifty Paise Only"),
])
def test_amount_in_words(paise, text):
    assert amount_in_words(paise) == text


@pytest.mark.parametrize("bp,text", [(500, "5%"), (25, "0.25%"), (1200, "12%"), (250, "2.5%"), (0, "0%")])
def test_percent(bp, text):
    assert percent(bp) == text


def _line(name_en, qty, unit, rate_bp, *, intra=True, export=False, hsn="0910"):
    gross = unit * qty
    taxable = (2 * gross * 10_000 + 10_000 + rate_bp) // (2 * (10_000 + rate_bp))
    tax = 0 if export else gross - taxable
    cgst = tax // 2 if intra else 0
    return {"name": {"en": name_en, "hi": "हल्दी पाउडर"}, "quantity": qty, "unit_price_paise": unit,
            "line_total_paise": taxable if export else gross, "taxable_paise": taxable,
            "cgst_paise": cgst, "sgst_paise": tax - cgst if intra else 0, "igst_paise": 0 if intra else tax,
            "gst_rate_bp": rate_bp, "hsn_code": hsn}


def _order(state="JHARKHAND", country="IN", zone="deoghar", name="Sita Devi"):
    return {"order_id": "o-1a2b3c", "created_at": "2024-05-01T04:30:00Z",
            "contact": {"name": name, "phone": "+919876543210", "email": "sita@example.com"},
            "address": {"line1": "Near Baba Mandir", "line2": "", "city": "Deoghar", "state": "Jharkhand",
                        "pincode": "814112", "country": country},
            "quote": {"destination": {"zone": zone, "country": country, "pincode": "814112",
                                      "state": state, "district": "DEOGHAR"}}}


def _parcel(lines, shipping=4_000):
    return {"id": "o-1a2b3c-p1", "lines": lines, "shipping_paise": shipping,
            "value_paise": sum(l["line_total_paise"] for l in lines) + shipping}


SELLER = {"name": {"en": "Mohanpur Mahila Samiti", "hi": "मोहनपुर महिला समिति"}, "block": "Mohanpur",
          "village": {"en": "Ghorlas", "hi": "घोरलास"}, "gstin": "20ABCDE1234F1Z5",
          "udyam": "UDYAM-JH-06-0012345", "is_shg": True}
UNREGISTERED = {**SELLER, "gstin": None, "udyam": None, "is_shg": False}


def _check(doc: str) -> str:
    assert doc.startswith("<!DOCTYPE html>")
    assert '<html lang="hi">' in doc
    assert not re.search(r"<(link|script|img|iframe)\b|@import|url\(|https?://", doc)
    p = checked(doc)
    assert p.rows_open == p.rows_closed > 0
    return " ".join(" ".join(p.text).split())


def test_intra_state_tax_invoice_totals_add_up():
    lines = [_line("Turmeric powder", 3, 12_000, 500), _line("Peda", 2, 45_050, 1200)]
    doc = render_invoice(_order(), _parcel(lines), SELLER, "2024-05-02T10:00:00+05:30")
    text = _check(doc)
    assert "Tax Invoice / कर बीजक" in text and "Bill of Supply" not in text
    assert "o-1a2b3c-p1" in text and "o-1a2b3c" in text
    assert "01 May 2024" in text and "02 May 2024" in text
    assert "20ABCDE1234F1Z5" in text and "UDYAM-JH-06-0012345" in text
    assert "Deoghar, Jharkhand" in text and "Mohanpur" in text
    assert "DeogharMart, Deoghar district administration" in text
    assert "Place of supply / आपूर्ति का स्थान: Jharkhand" in text
    assert "5%" in text and "12%" in text
    for l in lines:
        assert l["cgst_paise"] + l["sgst_paise"] + l["taxable_paise"] == l["line_total_paise"]
        assert rupees(l["cgst_paise"]) in text and rupees(l["sgst_paise"]) in text
    grand = sum(l["line_total_paise"] for l in lines) + 4_000
    assert f"Grand total / कुल देय राशि {rupees(grand)}" in text
    assert f"Taxable value / कर योग्य मूल्य {rupees(sum(l['taxable_paise'] for l in lines))}" in text
    assert f"CGST / केंद्रीय जीएसटी {rupees(sum(l['cgst_paise'] for l in lines))}" in text
    assert "IGST / एकीकृत जीएसटी —" in text
    assert amount_in_words(grand) in text
    assert "मोहनपुर महिला समिति" in text and "हल्दी पाउडर" in text and "स्वयं सहायता समूह" in text


def test_inter_state_shows_igst():
    lines = [_line("Turmeric powder", 2, 10_500, 500, intra=False)]
    doc = render_invoice(_order(state="DELHI", zone="india"), _parcel(lines, 9_000), SELLER, "2024-05-02")
    text = _check(doc)
    igst = lines[0]["igst_paise"]
    assert igst > 0
    assert f"IGST / एकीकृत जीएसटी {rupees(igst)}" in text
    assert "CGST / केंद्रीय जीएसटी —" in text and "SGST / राज्य जीएसटी —" in text
    assert "Place of supply / आपूर्ति का स्थान: Delhi" in text
    assert f"Grand total / कुल देय राशि {rupees(21_000 + 9_000)}" in text


def test_export_is_zero_rated():
    lines = [_line("Turmeric powder", 1, 10_500, 500, export=True)]
    order = _order(state=None, country="NP", zone="abroad")
    text = _check(render_invoice(order, _parcel(lines, 95_000), SELLER, "2024-05-02"))
    assert "Export (zero-rated under LUT)" in text and "NP" in text
    assert "IGST / एकीकृत जीएसटी —" in text
    assert f"Grand total / कुल देय राशि {rupees(10_000 + 95_000)}" in text


def test_unregistered_seller_issues_bill_of_supply():
    lines = [_line("Sabai grass basket", 1, 35_000, 1200)]
    text = _check(render_invoice(_order(), _parcel(lines), UNREGISTERED, "2024-05-02"))
    assert "Bill of Supply / आपूर्ति का बिल" in text and "Tax Invoice" not in text
    assert "not registered under GST" in text and "prices include applicable taxes" in text
    assert "GSTIN" not in text and "Udyam" not in text
    assert f"Grand total / कुल देय राशि {rupees(39_000)}" in text


def test_every_input_value_is_escaped():
    evil = {**SELLER, "name": {"en": XSS, "hi": XSS}, "village": {"en": XSS, "hi": "<b>x</b>"},
            "block": XSS, "gstin": XSS, "udyam": XSS}
    order = _order(name=XSS)
    order["order_id"] = XSS
    order["address"] = {**order["address"], "line1": XSS, "line2": XSS, "city": '"><img src=x>'}
    order["contact"]["email"] = XSS
    lines = [{**_line(XSS, 1, 10_500, 500), "hsn_code": XSS}]
    parcel = {**_parcel(lines), "id": XSS}
    doc = render_invoice(order, parcel, evil, XSS)
    assert "<script" not in doc and "<img" not in doc and "<b>x" not in doc
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc
    text = _check(doc)
    assert XSS in text  # shown to the reader as text


def test_a_composition_maker_issues_a_bill_of_supply_that_says_so():
    lines = [_line("Sabai grass basket", 1, 35_000, 0)]
    text = _check(render_invoice(_order(), _parcel(lines), {**SELLER, "gst_status": "composition"},
                                 "2024-05-02"))
    assert "Bill of Supply / आपूर्ति का बिल" in text and "Tax Invoice" not in text
    assert "Composition taxable person, not eligible to collect tax on supplies" in text
    assert "GSTIN: 20ABCDE1234F1Z5" in text


def test_an_enrolled_maker_shows_the_enrolment_number():
    lines = [_line("Sabai grass basket", 1, 35_000, 0)]
    seller = {**UNREGISTERED, "gst_status": "unregistered", "enrolment_number": "20ABCDE1234F1Z9"}
    text = _check(render_invoice(_order(), _parcel(lines), seller, "2024-05-02"))
    assert "Bill of Supply" in text and "20ABCDE1234F1Z9" in text
