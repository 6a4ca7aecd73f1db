"""Report rendering: CSV numbers and sections, the bilingual HTML page (escaping, ₹ grouping,
embedded charts), the empty report, the plain-text summary and the e-mail bodies."""
from __future__ import annotations

import base64
import csv
import io
import re
from datetime import date, timedelta

import pytest
from PIL import Image

from chalicelib.reports import render
from tests.unit.html_check import TagChecker, checked
from chalicelib.reports.charts import LABEL_CHARS, _label
from chalicelib.reports.data import (Attention, Delivery, Payments, Payout, ReportData, Row,
                                     Sales)

XSS = "<script>alert(1)</script>"
PNG = b"\x89PNG\r\n\x1a\n"
START = date(2026, 11, 16)


def _sales(orders, gmv, **more) -> Sales:
    return Sales(orders=orders, gmv_paise=gmv, units=orders * 2, **more)


TOTALS = Sales(orders=10, gmv_paise=12_345_678, units=25, cod_orders=4, cod_paise=2_000_000,
               cancelled=1, cancelled_paise=45_678, refunded_paise=12_050)
CATEGORIES = [Row("peda", {"en": "Peda", "hi": "पेड़ा"}, _sales(6, 10_000_000, cod_orders=3)),
              Row("lahthi", {"en": "Lac bangles", "hi": "लाह चूड़ी"}, _sales(3, 2_000_000)),
              Row("bad", {"en": XSS, "hi": XSS}, _sales(1, 345_678, cancelled=1))]
BLOCKS = [Row("Deoghar", {"en": "Deoghar", "hi": "देवघर"}, _sales(7, 9_000_000)),
          Row("Madhupur", {"en": "Madhupur", "hi": "मधुपुर"}, _sales(3, 3_345_678))]
MAKERS = [Row("v-sita", {"en": "Sita Devi SHG", "hi": "सीता देवी समूह"}, _sales(6, 10_000_000)),
          Row("v-odd", {"en": "Rs $\\frac$ & =SUM(A1)", "hi": "कारीगर"}, _sales(4, 2_345_678))]


def _report(**changes) -> ReportData:
    days = [(START + timedelta(i), _sales(i % 3, 1_000_000 * (i % 3))) for i in range(7)]
    base = dict(
        id="weekly-2026-11-16", kind="weekly", start=START, end=START + timedelta(6),
        generated_at="2026-11-23T00:30:00+00:00", stage="test", totals=TOTALS, by_day=days,
        by_category=CATEGORIES, by_block=BLOCKS, by_maker=MAKERS, top_products=CATEGORIES[:2],
        delivery=Delivery(dispatched=9, delivered=8, returned=1, average_hours=41.5, within_48h=6,
                          within_96h=8),
        payments=Payments(succeeded=6, failed=2, unpaid_cancelled=1), new_vendors=2, new_listings=5,
        attention=[Attention("stuck_order", "ord-1", {"en": "Order ord-1", "hi": "ऑर्डर ord-1"},
                             "2026-11-20T04:30:00Z", "paid, not split"),
                   Attention("pending_listing", "p-9", {"en": XSS, "hi": "नया उत्पाद"},
                             "2026-11-21T10:00:00Z")],
        payouts=[Payout("v-sita", {"en": "Sita Devi SHG", "hi": "सीता देवी समूह"}, 12_500_000),
                 Payout("v-odd", {"en": "Odd maker", "hi": "कारीगर"}, -1_250)])
    return ReportData(**{**base, **changes})


def _empty() -> ReportData:
    return _report(id="daily-2026-11-26", kind="daily", start=date(2026, 11, 26), end=date(2026, 11, 26),
                   totals=Sales(), by_day=[(date(2026, 11, 26), Sales())], by_category=[], by_block=[],
                   by_maker=[], top_products=[], delivery=Delivery(), payments=Payments(),
                   new_vendors=0, new_listings=0, attention=[], payouts=[])


def _csv(data) -> list[dict]:
    raw = render.to_csv(data)
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    header, *rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert header == [label for _, label in render.CSV_COLUMNS]
    keys = [key for key, _ in render.CSV_COLUMNS]
    assert all(len(r) == len(keys) for r in rows)
    return [dict(zip(keys, r)) for r in rows]


def _section(rows, section) -> list[dict]:
    label = render._bi(render.SECTIONS[section])
    return [r for r in rows if r["section"] == label]


def _page(doc: bytes) -> TagChecker:
    text = doc.decode("utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in text
    return checked(text)


@pytest.mark.parametrize("paise,text", [(0, "₹0.00"), (12_345_678, "₹1,23,456.78"),
                                        (12_500_000, "₹1,25,000.00"), (-1_250, "-₹12.50")])
def test_rupees_indian_grouping(paise, text):
    assert render.rupees(paise) == text


def test_csv_numbers_are_decimal_rupees_and_match_the_data():
    rows = _csv(_report())
    [total] = _section(rows, "totals")
    assert (total["orders"], total["units"], total["cod_orders"], total["cancelled"]) == ("10", "25", "4", "1")
    assert (total["gmv_rupees"], total["net_rupees"], total["cod_rupees"]) == ("123456.78", "123000.00",
                                                                               "20000.00")
    assert (total["cancelled_rupees"], total["refunded_rupees"]) == ("456.78", "120.50")
    days = _section(rows, "day")
    assert [d["key"] for d in days] == [(START + timedelta(i)).isoformat() for i in range(7)]
    assert [d["gmv_rupees"] for d in days] == ["0.00", "10000.00", "20000.00"] * 2 + ["0.00"]
    categories = _section(rows, "category")
    assert [(c["key"], c["name_hi"], c["gmv_rupees"]) for c in categories] == [
        ("peda", "पेड़ा", "100000.00"), ("lahthi", "लाह चूड़ी", "20000.00"), ("bad", XSS, "3456.78")]
    assert len(_section(rows, "block")) == 2 and len(_section(rows, "product")) == 2
    delivery = {r["key"]: r["value"] for r in _section(rows, "delivery")}
    assert delivery == {"dispatched": "9", "delivered": "8", "returned": "1", "average_hours": "41.5",
                        "within_48h": "6", "within_96h": "8"}
    assert {r["key"]: r["value"] for r in _section(rows, "catalog")} == {"new_vendors": "2", "new_listings": "5"}
    attention = _section(rows, "attention")
    assert [(a["key"], a["value"], a["since"]) for a in attention] == [
        ("ord-1", "stuck_order", "2026-11-20T04:30:00Z"), ("p-9", "pending_listing", "2026-11-21T10:00:00Z")]
    assert [(p["key"], p["amount_rupees"]) for p in _section(rows, "payout")] == [
        ("v-sita", "125000.00"), ("v-odd", "-12.50")]


def test_csv_text_cannot_become_a_spreadsheet_formula():
    [odd] = [r for r in _section(_csv(_report()), "maker") if r["key"] == "v-odd"]
    assert odd["name_en"].startswith("Rs ")  # harmless text is kept as is
    rows = _csv(_report(by_maker=[Row("=cmd", {"en": "=HYPERLINK(\"http://x\")", "hi": "+1"}, _sales(1, 100))]))
    [maker] = _section(rows, "maker")
    assert (maker["key"], maker["name_en"], maker["name_hi"]) == ("'=cmd", "'=HYPERLINK(\"http://x\")", "'+1")


def test_html_is_bilingual_escaped_and_formatted():
    data = _report()
    html = render.to_html(data, render.charts(data))
    page, doc = _page(html), html.decode("utf-8")
    assert XSS not in doc and "&lt;script&gt;alert(1)&lt;/script&gt;" in doc
    for heading in ("बिक्री / Sales", "दिन के अनुसार / By day", "श्रेणी के अनुसार / By category",
                    "प्रखंड के अनुसार / By block", "कारीगर के अनुसार / By maker",
                    "सबसे ज़्यादा बिके उत्पाद / Top products", "डिलीवरी / Delivery", "भुगतान / Payments",
                    "नए विक्रेता और उत्पाद / New vendors and listings", "ध्यान देने योग्य / Needs attention",
                    "देय भुगतान / Payouts due"):
        assert f"<h2>{heading}</h2>" in doc
    assert "₹1,23,456.78" in doc and "₹1,25,000.00" in doc and "-₹12.50" in doc
    assert "पेड़ा" in doc and "लाह चूड़ी" in doc
    assert "6 (75.0%)" in doc  # delivered within 48 hours, share of delivered
    assert "20 Nov 2026 10:00" in doc  # the stuck order's time, in IST
    assert "इस अवधि में कोई ऑर्डर नहीं" not in doc
    assert len(page.images) == 3
    for img in page.images:
        assert img["alt"] and img["src"].startswith("data:image/png;base64,")
        assert base64.b64decode(img["src"].split(",", 1)[1]).startswith(PNG)


def _size(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG)
    return Image.open(io.BytesIO(png)).size


def test_charts_are_pngs_only_where_there_is_something_to_draw():
    drawn = render.charts(_report())
    assert set(drawn) == {"daily_gmv", "category_gmv", "block_orders"}
    assert _size(drawn["daily_gmv"]) == (900, 420)
    assert _size(drawn["category_gmv"])[0] == 900 and _size(drawn["block_orders"])[0] == 900
    assert _size(drawn["category_gmv"])[1] > _size(drawn["block_orders"])[1]  # 3 bars, 2 bars
    one_day = _report(by_day=[(START, TOTALS)], by_block=[Row("Karon", {"en": "Karon", "hi": "करौं"}, Sales())])
    assert set(render.charts(one_day)) == {"category_gmv"}  # one bar says nothing; no block sold
    assert render.charts(_empty()) == {}


def test_charts_draw_hostile_and_long_names():
    hostile = ("<script>$x^$\\frac{1}{0}\n\t\u200b" + "मधुपुर" + "W" * 60)[:60]
    assert len(hostile) == 60
    rows = [Row(f"k{i}", {"en": hostile[: 60 - i]}, _sales(i + 1, 10_000_000_000 - i)) for i in range(15)]
    days = [(START + timedelta(i), _sales(1, 100 * i)) for i in range(62)]  # a long custom period
    drawn = render.charts(_report(by_day=days, by_category=rows, by_block=[Row("$x$", None, _sales(3, 1)),
                                                                                    Row("unnamed", {}, _sales(1, 100))]))
    assert set(drawn) == {"daily_gmv", "category_gmv", "block_orders"}
    assert _size(drawn["daily_gmv"]) == (900, 420)
    width, height = _size(drawn["category_gmv"])
    assert width == 900 and 420 < height < 700  # at most 12 bars, taller than a 3-bar chart
    label = _label(rows[0])  # one line, cut to LABEL_CHARS with an ellipsis
    assert label.endswith("…") and len(label) == LABEL_CHARS and "\n" not in label and "\u200b" not in label


def test_empty_report_renders_a_page_and_a_csv_without_breakdowns():
    data = _empty()
    assert data.empty
    assert render.charts(data) == {}
    page = _page(render.to_html(data, render.charts(data)))
    text = "".join(page.text)
    assert "इस अवधि में कोई ऑर्डर नहीं आया।" in text and "There were no orders in this period." in text
    assert not page.images and "बिक्री / Sales" in text and "भुगतान / Payments" in text
    rows = _csv(data)
    for section in ("category", "block", "maker", "product", "attention", "payout"):
        assert _section(rows, section) == []
    [total] = _section(rows, "totals")
    assert (total["orders"], total["gmv_rupees"]) == ("0", "0.00")
    assert len(_section(rows, "day")) == 1


def test_summary_text_is_bilingual_with_the_headline_figures():
    text = render.summary_text(_report())
    assert text.startswith("DeogharMart weekly report 16 Nov 2026 – 22 Nov 2026 / साप्ताहिक रिपोर्ट")
    for line in ("ऑर्डर / Orders: 10", "कुल बिक्री (GMV) / GMV: ₹1,23,456.78",
                 "शुद्ध बिक्री (रद्द घटाकर) / Net (after cancellations): ₹1,23,000.00",
                 "डिलीवरी पर नकद / Cash on delivery: 4 (40.0%), ₹20,000.00", "रद्द / Cancelled: 1, ₹456.78",
                 "वापस की गई राशि / Refunded: ₹120.50", "डिलीवर हुए पार्सल / Parcels delivered: 8",
                 "ध्यान देने योग्य / Needs attention: 2"):
        assert line in text.splitlines()
    empty = render.summary_text(_empty())
    assert "इस अवधि में कोई ऑर्डर नहीं आया। / There were no orders in this period." in empty
    assert "DeogharMart daily report 26 Nov 2026 / दैनिक रिपोर्ट" in empty


def test_mail_links_the_report_instead_of_carrying_it():
    links = {"html": "https://s3.example/r.html?a=1&b=2", "csv": "https://s3.example/r.csv?x=<y>"}
    mail = render.mail(_report(), links, 86_400)
    assert mail["subject"] == "DeogharMart weekly report 16 Nov 2026 – 22 Nov 2026 / साप्ताहिक रिपोर्ट"
    assert links["html"] in mail["text"] and links["csv"] in mail["text"] and "24 hours" in mail["text"]
    page = _page(mail["html"].encode("utf-8"))
    assert not page.images and "<table" in mail["html"] and "By category" not in mail["html"]
    assert 'href="https://s3.example/r.html?a=1&amp;b=2"' in mail["html"]
    assert "x=&lt;y&gt;" in mail["html"] and "₹1,23,456.78" in mail["html"]


def test_every_catalog_name_is_escaped_everywhere_on_the_page():
    hostile = {"en": '"><img src=x onerror=alert(1)>', "hi": XSS}
    data = _report(by_block=[Row("b", hostile, _sales(1, 100))], payouts=[Payout("v<x>", hostile, 100)])
    doc = render.to_html(data, render.charts(data)).decode("utf-8")
    assert "<img src=x" not in doc and "v<x>" not in doc and not re.search(r"<script", doc)
    _page(doc.encode("utf-8"))


def test_the_quality_section_by_block_and_category_in_html_and_csv():
    from chalicelib.reports.quality import rows
    per_block = {"Mohanpur": {"orders": 40, "complaints": 3, "returns": 1,
                              "complaint_refunded_paise": 45_000, "packed_late": 4,
                              "rating_sum": 26, "rating_count": 6},
                 "Devipur": {"orders": 10}}
    per_category = {"lac-bangles": {"orders": 12, "complaints": 2, "rating_sum": 0,
                                    "rating_count": 0, "label": {"en": "<b>Lac</b>",
                                                                 "hi": "लाह"}}}
    quality = rows("block", per_block, {"Mohanpur": {"en": "Mohanpur", "hi": "मोहनपुर"}}) + \
        rows("category", per_category, {})
    data = _report(quality=quality)
    raw = render.to_html(data, {})
    _page(raw)                       # well-formed
    page = raw.decode()
    assert "Quality: what buyers say" in page and "गुणवत्ता" in page
    assert "7.5%" in page and "4.3 (6)" in page and "₹450.00" in page
    assert "&lt;b&gt;Lac&lt;/b&gt;" in page and "<b>Lac</b>" not in page
    found = _section(_csv(data), "quality")
    assert [r["key"] for r in found] == ["block:Mohanpur", "block:Devipur", "category:lac-bangles"]
    assert found[0]["refunded_rupees"] == "450.00" and "complaint rate 7.5%" in found[0]["detail"]


def test_the_export_register_of_the_month_in_html_and_csv():
    hostile = {"en": "<script>x</script> Lohar", "hi": "लोहार"}
    register = {"month": "2026-12",
                "totals": {"parcels": 3, "value_paise": 512_300, "awaiting_realisation": 2,
                           "awaiting_paise": 412_300},
                "by_country": [{"key": "US", "parcels": 2, "value_paise": 412_300},
                               {"key": "AE", "parcels": 1, "value_paise": 100_000}],
                "by_category": [{"key": "lohargiri-ironware", "parcels": 3, "value_paise": 512_300}],
                "by_block": [{"key": "Karon", "parcels": 3, "value_paise": 512_300}],
                "by_maker": [{"key": "v-lohar", "name": hostile, "parcels": 3,
                              "value_paise": 512_300}],
                "parcels": [], "awaiting_other_months": [{"parcel_id": "o-1-p1"}]}
    data = _report(exports=register)
    raw = render.to_html(data, {})
    _page(raw)
    page = raw.decode()
    assert "Export register (month to date)" in page and "निर्यात रजिस्टर" in page
    assert "₹5,123.00" in page and "2 · ₹4,123.00" in page and "2026-12" in page
    assert "&lt;script&gt;" in page and "<script>x" not in page
    found = _section(_csv(data), "exports")
    assert [r["key"] for r in found] == ["country:US", "country:AE",
                                         "category:lohargiri-ironware", "block:Karon",
                                         "maker:v-lohar"]
    assert found[0]["orders"] == "2" and found[0]["amount_rupees"] == "4123.00"
    assert "exports" not in {r["section"] for r in _csv(_report())}   # not gathered: no rows
