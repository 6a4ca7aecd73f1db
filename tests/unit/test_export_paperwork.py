"""Export papers of a parcel going abroad: invoice, CN22/CN23, PBE-III fields, HTML and CSV.

Expected numbers are worked out by hand in the comments, never by calling the code under test.
"""
from __future__ import annotations

import copy
import csv
import io
import json

import pytest

from chalicelib.exports.paperwork import PaperworkError, build, render_html, to_csv
from tests.unit.html_check import checked

XSS = "<script>alert(1)</script>"
USD = {"currency": "USD", "symbol": "US$", "exponent": 2, "per_inr": "0.01185", "as_of": "2026-12-04"}
LUT_TEXT = "Supply meant for export under LUT without payment of integrated tax"


def _line(name_en, name_hi, qty, taxable, hsn, grams):
    # unit_price_paise is the Indian GST-inclusive price; abroad the value is taxable_paise
    return {"name": {"en": name_en, "hi": name_hi}, "product_name": {"en": name_en, "hi": name_hi},
            "quantity": qty, "unit_price_paise": taxable // qty + 999, "line_total_paise": taxable,
            "taxable_paise": taxable, "hsn_code": hsn, "weight_grams": grams, "category": "crafts",
            "product_id": "p-1", "variant_id": None}


def _order(country="US", approx=USD, billing=None, name="Emily Carter", line1="12 Elm Street"):
    return {"order_id": "o-9f8e", "created_at": "2026-12-05T06:00:00Z",
            "contact": {"name": name, "phone": "+12125550123", "email": "emily@example.com"},
            "address": {"line1": line1, "line2": "Apt 4", "city": "New York", "state": "NY",
                        "postal_code": "10001", "country": country},
            "billing": billing,
            "quote": {"destination": {"zone": "abroad" if country != "IN" else "deoghar", "country": country},
                      "service": "ems", "approx": approx},
            "paid_at": "2026-12-05T06:05:00Z"}


def _parcel(lines=None, tracking="EE123456789IN"):
    return {"id": "pa-0001", "lines": lines if lines is not None else [
        _line("Lac bangles (set of 12)", "लाह की चूड़ियाँ", 2, 100_000, "70189020", 120),
        _line("Bamboo basket", "बांस की टोकरी", 3, 45_000, "46021100", 300)],
        "weight_grams": 1_300, "shipping_paise": 123_400, "service": "ems", "tracking_number": tracking}


def _seller(name_en="Sita Devi SHG", valid_to="2027-03-31"):
    return {"name": {"en": name_en, "hi": "सीता देवी समूह"}, "village": {"en": "Rikhia", "hi": "रिखिया"},
            "block": "Mohanpur", "gstin": "20ABCPK1234M1Z5", "pan": "ABCPK1234M", "iec": "ABCPK1234M",
            "ad_code": "0123456", "lut": {"arn": "AD200426012345X", "financial_year": "2026-27",
                                          "valid_from": "2026-04-01", "valid_to": valid_to}}


def _papers(order=None, parcel=None, seller=None, sdr="0.0087"):
    return build(order or _order(), parcel or _parcel(), seller or _seller(), "2026-12-05T06:05:00Z", sdr)


def test_us_export_invoice():
    inv = _papers()["invoice"]
    assert inv["title"] == "Export Invoice"
    assert inv["declaration"] == LUT_TEXT
    assert inv["lut"]["arn"] == "AD200426012345X" and inv["lut"]["financial_year"] == "2026-27"
    assert inv["lut"]["covers_invoice_date"] is True
    assert inv["invoice_number"] == "pa-0001" and inv["order_id"] == "o-9f8e"
    assert inv["invoice_date"] == "2026-12-05"     # 06:05 UTC is 11:35 IST, same day
    assert inv["place_of_supply"] == "Outside India"
    x = inv["exporter"]
    assert (x["iec"], x["gstin"], x["ad_code"]) == ("ABCPK1234M", "20ABCPK1234M1Z5", "0123456")
    assert x["address_text"] == "Rikhia, Block Mohanpur, Deoghar, Jharkhand, India"
    assert inv["consignee"]["name"] == "Emily Carter" and inv["consignee"]["country"] == "US"
    assert inv["consignee"]["address"]["postal_code"] == "10001"
    assert inv["buyer"] is None
    first, second = inv["lines"]
    assert (first["hs_code"], first["hsn_code"]) == ("701890", "70189020")
    assert (second["hs_code"], second["hsn_code"]) == ("460211", "46021100")
    assert (first["quantity"], first["unit"]) == (2, "NOS")
    # 1,00,000 paise for 2 -> 50,000 a piece; USD: 100000 * 0.01185 = 1185 cents,
    # the piece 50000 * 0.01185 = 592.5 -> 593 (half up, where banker's rounding gives 592)
    assert (first["unit_value_paise"], first["value_paise"]) == (50_000, 100_000)
    assert (first["unit_value_minor"], first["value_minor"]) == (593, 1185)
    # 45,000 paise for 3 -> 15,000; 45000 * 0.01185 = 533.25 -> 533; 15000 * 0.01185 = 177.75 -> 178
    assert (second["unit_value_paise"], second["value_minor"], second["unit_value_minor"]) == (15_000, 533, 178)
    assert first["igst_paise"] == 0 and inv["igst_paise"] == 0
    # FOB = 1,00,000 + 45,000; freight 1,23,400; total 2,68,400 paise = ₹2,684
    assert (inv["fob_paise"], inv["freight_paise"], inv["total_paise"]) == (145_000, 123_400, 268_400)
    # cents: 1185 + 533 = 1718; freight 123400 * 0.01185 = 1462.29 -> 1462; 1718 + 1462 = 3180
    assert (inv["fob_minor"], inv["freight_minor"], inv["total_minor"]) == (1718, 1462, 3180)
    assert inv["currency"] == "USD" and inv["fx"]["as_of"] == "2026-12-04" and inv["fx"]["per_inr"] == "0.01185"
    assert inv["amount_in_words"] == "Rupees Two Thousand Six Hundred Eighty-Four Only"
    # net = 2 x 120 g + 3 x 300 g; gross is the parcel's
    assert (inv["net_weight_grams"], inv["gross_weight_grams"]) == (1_140, 1_300)
    assert inv["country_of_origin"] == "India" and inv["incoterm"] == "DAP"
    assert inv["incoterm_text"] == "DAP (Delivered at Place), destination duties and taxes payable by the consignee"
    json.dumps(_papers())   # plain data all the way down


def test_buyer_shown_only_when_billing_differs():
    same = {"name": "Emily Carter", "line1": "12 Elm Street", "line2": "Apt 4", "city": "New York",
            "state": "NY", "postal_code": "10001", "country": "US"}
    assert _papers(order=_order(billing=same))["invoice"]["buyer"] is None
    other = {**same, "name": "Carter Holdings LLC", "line1": "1 Wall St"}
    buyer = _papers(order=_order(billing=other))["invoice"]["buyer"]
    assert buyer["name"] == "Carter Holdings LLC" and buyer["address"]["line1"] == "1 Wall St"


@pytest.mark.parametrize("paise,sdr,form,shown", [
    (3_000_000, "0.01", "CN22", "300.00"),     # ₹30,000 x 0.01 = exactly 300 SDR
    (3_000_001, "0.01", "CN23", "300.01"),     # one paisa more: 300.0001 SDR, shown rounded up
    (145_000, "0.0087", "CN22", "12.62"),      # ₹1,450 x 0.0087 = 12.615 SDR
    (145_000, None, "CN23", None),             # no SDR rate: the longer form is always accepted
])
def test_cn22_up_to_300_sdr(paise, sdr, form, shown):
    parcel = _parcel([_line("Terracotta lamp", "मिट्टी का दीया", 1, paise, "69139000", 500)])
    customs = _papers(parcel=parcel, sdr=sdr)["customs"]
    assert (customs["form"], customs["value_sdr"]) == (form, shown)


def test_customs_declaration_data():
    c = _papers()["customs"]
    assert c["category"] == "Sale of goods"
    assert [i["hs_tariff_number"] for i in c["items"]] == ["701890", "460211"]
    assert [i["country_of_origin"] for i in c["items"]] == ["IN", "IN"]
    assert [(i["quantity"], i["net_weight_grams"], i["value_paise"], i["value_minor"]) for i in c["items"]] == [
        (2, 240, 100_000, 1185), (3, 900, 45_000, 533)]
    assert (c["total_gross_weight_grams"], c["total_value_paise"], c["total_value_minor"]) == (1_300, 145_000, 1718)
    assert c["currency"] == "USD" and c["invoice_number"] == "pa-0001"
    assert c["sender"]["iec"] == "ABCPK1234M" and "IEC ABCPK1234M" in c["licence"]
    assert c["addressee"]["name"] == "Emily Carter" and c["addressee"]["phone"] == "+12125550123"
    assert c["service_name"] == "International Speed Post (EMS)" and c["tracking_number"] == "EE123456789IN"
    assert _papers(parcel=_parcel(tracking=None))["customs"]["tracking_number"] is None


def test_postal_bill_of_export_fields():
    p = _papers()["pbe"]
    assert p["form"] == "PBE-III"
    assert (p["exporter"]["iec"], p["exporter"]["gstin"], p["exporter"]["ad_code"]) == (
        "ABCPK1234M", "20ABCPK1234M1Z5", "0123456")
    assert p["lut_or_bond"] == "LUT" and p["lut"]["arn"] == "AD200426012345X"
    assert p["igst_payment_status"] == "Not applicable (LUT)"
    assert p["consignee"]["name"] == "Emily Carter" and p["country_of_destination"] == "US"
    assert (p["invoice_number"], p["invoice_date"]) == ("pa-0001", "2026-12-05")
    assert p["nature_of_transaction"] == "Sale"
    assert [(i["sr_no"], i["cth"], i["quantity"], i["uqc"]) for i in p["items"]] == [
        (1, "70189020", 2, "NOS"), (2, "46021100", 3, "NOS")]
    assert [(i["unit_price_paise"], i["fob_paise"], i["unit_price_minor"], i["fob_minor"]) for i in p["items"]] == [
        (50_000, 100_000, 593, 1185), (15_000, 45_000, 178, 533)]
    # 1 / 0.01185 = 84.38818... rupees a dollar
    assert p["exchange_rate"] == "84.3882" and p["items"][0]["exchange_rate"] == "84.3882"
    assert (p["total_fob_paise"], p["total_fob_minor"], p["currency"], p["invoice_currency"]) == (
        145_000, 1718, "USD", "INR")
    assert p["port_of_export"] == "Foreign Post Office (booked at the DNK)"
    assert (p["mail_article_type"], p["article_number"]) == ("EMS", "EE123456789IN")
    assert p["gross_weight_grams"] == 1_300 and p["country_of_origin"] == "India"
    assert p["payment_realised_through"] == "Marketplace payment gateway (card, INR)"


@pytest.mark.parametrize("approx,paise,minor", [
    # JPY, no decimals: ₹1,000 x 1.79 = 1790 yen; ₹123.45 x 1.79 = 220.9755 -> 221
    ({"currency": "JPY", "symbol": "¥", "exponent": 0, "per_inr": "1.79", "as_of": "2026-12-04"}, 100_000, 1790),
    ({"currency": "JPY", "symbol": "¥", "exponent": 0, "per_inr": "1.79", "as_of": "2026-12-04"}, 12_345, 221),
    ({"currency": "JPY", "symbol": "¥", "exponent": 0, "per_inr": "1.5", "as_of": "2026-12-04"}, 300, 5),  # 4.5 up
    # KWD, three decimals (fils): ₹1,000 x 0.00365 = 3.650 KWD; ₹10 x 0.00365 = 0.0365 -> 36.5 fils -> 37
    ({"currency": "KWD", "symbol": "KD", "exponent": 3, "per_inr": "0.00365", "as_of": "2026-12-04"}, 100_000, 3650),
    ({"currency": "KWD", "symbol": "KD", "exponent": 3, "per_inr": "0.00365", "as_of": "2026-12-04"}, 1_000, 37),
])
def test_currency_exponents_round_half_up(approx, paise, minor):
    parcel = _parcel([_line("Peda box", "पेड़ा", 1, paise, "04029990", 250)])
    papers = _papers(order=_order(country="KW" if approx["currency"] == "KWD" else "JP", approx=approx),
                     parcel=parcel)
    assert papers["invoice"]["lines"][0]["value_minor"] == minor
    assert papers["pbe"]["total_fob_minor"] == minor and papers["invoice"]["currency"] == approx["currency"]


def test_kwd_amounts_print_three_decimals():
    kwd = {"currency": "KWD", "symbol": "KD", "exponent": 3, "per_inr": "0.00365", "as_of": "2026-12-04"}
    papers = _papers(order=_order(country="KW", approx=kwd),
                     parcel=_parcel([_line("Peda box", "पेड़ा", 1, 100_000, "04029990", 250)]))
    assert "KD3.650" in render_html(papers)
    row = next(csv.DictReader(io.StringIO(to_csv(papers))))
    assert (row["fob_foreign"], row["fob_inr"], row["currency"]) == ("3.650", "1000.00", "KWD")


def test_without_a_rate_amounts_are_inr_only():
    papers = _papers(order=_order(approx=None))
    inv = papers["invoice"]
    assert inv["fx"] is None and inv["currency"] is None
    assert inv["fob_minor"] is None and inv["lines"][0]["value_minor"] is None
    assert inv["total_paise"] == 268_400
    checked(render_html(papers))
    row = next(csv.DictReader(io.StringIO(to_csv(papers))))
    assert row["fob_foreign"] == "" and row["fob_inr"] == "1000.00"


def test_unit_value_of_an_uneven_split_rounds_half_up():
    # ₹1.00 for 3 -> 33.33 paise -> 33; ₹1.00 for 8 -> 12.5 -> 13; the line value stays whole
    lines = [_line("Bead", "मनका", 3, 100, "70181010", 5), _line("Pin", "पिन", 8, 100, "73192000", 1)]
    inv = _papers(parcel=_parcel(lines))["invoice"]
    assert [(l["unit_value_paise"], l["value_paise"]) for l in inv["lines"]] == [(33, 100), (13, 100)]


def test_html_page_escapes_every_value():
    hostile = f'{XSS} "Smith" & <b>Co</b>'
    order = _order(name=hostile, line1="<img src=x onerror=alert(1)>",
                   billing={"name": "=HYPERLINK(\"http://x\")", "line1": XSS, "city": "A&B", "country": "US"})
    order["order_id"] = "o-<script>"
    order["quote"]["approx"] = {**USD, "symbol": "<i>$</i>"}
    parcel = _parcel([_line(XSS, "लाह की <चूड़ियाँ>", 1, 1_000, "70189020", 100)],
                     tracking='EE1"><script>x</script>')
    parcel["id"] = "pa-<script>"
    doc = render_html(build(order, parcel, _seller(name_en=hostile), "2026-12-05T06:05:00Z", "0.0087"))
    page = checked(doc)                         # well nested, and no script element at all
    assert "<script" not in doc and "<img" not in doc and "<b>Co" not in doc and "<i>$" not in doc
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &quot;Smith&quot; &amp; &lt;b&gt;Co&lt;/b&gt;" in doc
    assert "&lt;img src=x onerror=alert(1)&gt;" in doc and "A&amp;B" in doc
    assert "EE1&quot;&gt;&lt;script&gt;" in doc
    text = "".join(page.text)
    assert "लाह की <चूड़ियाँ>" in text and "सीता देवी समूह" in text and "रिखिया" in text


def test_html_page_shape():
    doc = render_html(_papers())
    page = checked(doc)
    assert '<html lang="en">' in doc and '<meta name="robots" content="noindex">' in doc
    assert "@page { size: A4" in doc
    text = " ".join(page.text)
    for words in ("Export Invoice", LUT_TEXT, "AD200426012345X", "2026-27", "CN22 customs declaration data",
                  "Postal bill of export (PBE-III)", "Outside India", "US$11.85", "US$31.80", "₹2,684.00",
                  "70189020", "701890", "लाह की चूड़ियाँ", "Not applicable (LUT)", "EE123456789IN"):
        assert words in text, words
    assert doc.count("<section>") == 3


def test_html_warns_when_the_lut_does_not_cover_the_invoice_date():
    doc = render_html(_papers(seller=_seller(valid_to="2026-11-30")))
    assert "file a new LUT" in doc
    assert "file a new LUT" not in render_html(_papers())


def test_csv_rows_with_pbe_fields_and_no_formulas():
    order = _order(name="=HYPERLINK(\"http://evil\",\"x\")")
    lines = [_line("+cmd|' /C calc'!A0", "लाह की चूड़ियाँ", 2, 100_000, "70189020", 120),
             _line("@SUM(A1:A2)", "बांस की टोकरी", 3, 45_000, "46021100", 300),
             _line("-2+3", "दीया", 1, 500, "69139000", 50)]
    rows = list(csv.reader(io.StringIO(to_csv(_papers(order=order, parcel=_parcel(lines))))))
    head, body = rows[0], [dict(zip(rows[0], r)) for r in rows[1:]]
    assert len(body) == 3
    for column in ("exporter_iec", "invoice_number", "consignee_country", "currency", "exchange_rate_inr",
                   "cth", "uqc", "fob_inr", "fob_foreign", "sr_no"):
        assert column in head
    assert [r["description"] for r in body] == ["'+cmd|' /C calc'!A0", "'@SUM(A1:A2)", "'-2+3"]
    assert {r["consignee_name"] for r in body} == {"'=HYPERLINK(\"http://evil\",\"x\")"}
    assert [r["description_hi"] for r in body] == ["लाह की चूड़ियाँ", "बांस की टोकरी", "दीया"]
    first = body[0]
    assert (first["exporter_iec"], first["invoice_number"], first["consignee_country"]) == (
        "ABCPK1234M", "pa-0001", "US")
    assert (first["cth"], first["hs_code"], first["quantity"], first["uqc"]) == ("70189020", "701890", "2", "NOS")
    assert (first["unit_price_inr"], first["fob_inr"], first["unit_price_foreign"], first["fob_foreign"]) == (
        "500.00", "1000.00", "5.93", "11.85")
    assert (first["currency"], first["exchange_rate_inr"], first["article_number"]) == ("USD", "84.3882",
                                                                                          "EE123456789IN")


def test_a_domestic_parcel_has_no_export_papers():
    with pytest.raises(ValueError, match="stays in India") as err:
        _papers(order=_order(country="IN", approx=None))
    assert err.value.code == "not_an_export"


@pytest.mark.parametrize("hsn", ["4602", "460211", "4602110A", 46021100, None])
def test_a_line_without_an_8_digit_hsn_is_refused(hsn):
    parcel = _parcel([_line("Bamboo basket", "बांस की टोकरी", 1, 45_000, hsn, 300)])
    with pytest.raises(PaperworkError, match="8-digit HSN") as err:
        _papers(parcel=parcel)
    assert err.value.code == "hsn_not_for_export" and isinstance(err.value, ValueError)


def test_an_incomplete_export_profile_is_refused():
    seller = _seller()
    seller["lut"] = None
    del seller["ad_code"]
    with pytest.raises(PaperworkError, match="ad_code, lut.arn"):
        _papers(seller=seller)


def test_inputs_are_not_changed():
    order, parcel, seller = _order(), _parcel(), _seller()
    before = copy.deepcopy((order, parcel, seller))
    build(order, parcel, seller, "2026-12-05T06:05:00Z", "0.0087")
    assert (order, parcel, seller) == before


def test_foreign_totals_add_up_the_printed_rows():
    # each ₹500 row is 50000 x 0.01185 = 592.5 -> 593 cents; converting the ₹1,000 total at
    # once would give 1185, and the page's column would not add up
    lines = [_line("Bangle", "चूड़ी", 1, 50_000, "70189020", 50), _line("Bangle", "चूड़ी", 1, 50_000, "70189020", 50)]
    papers = _papers(parcel=_parcel(lines))
    assert [l["value_minor"] for l in papers["invoice"]["lines"]] == [593, 593]
    assert papers["invoice"]["fob_minor"] == papers["customs"]["total_value_minor"] == 1186
    assert papers["pbe"]["total_fob_minor"] == 1186
    # + freight 1462 cents (123400 x 0.01185 = 1462.29)
    assert papers["invoice"]["total_minor"] == 2648
