"""Bulk product import from a vendor's CSV: parsing rules, row numbers, chunked upload CLI."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pytest

from chalicelib.catalog.csv_import import (COLUMNS, MAX_BYTES, MAX_ROWS, ParsedProduct, RowError, decode_upload,
                                           template_csv)
from tests.unit.csv_rows import (LAH, PEDA, PEDA_500, make_csv, parse, parsed_ok,
                                 where)
from tools import import_products
from tools.import_products import chunks, row_count

EXPECTED = [
    ParsedProduct(
        ref="PEDA-01", rows=[2, 3], category="peda-sweets", name={"en": "Bhuna Khoa Peda", "hi": "भुना खोया पेड़ा"},
        description={"en": "Slow-roasted khoa peda, packed fresh.", "hi": "धीमी आँच पर भुने खोये का पेड़ा।"},
        tags=["peda", "पेड़ा", "prasad"], perishable=True, shelf_life_days=7, hsn_code="2106", gst_rate_bp=500,
        gi_tag=True, variants=[
            {"id": "250-g", "sku": "PEDA-01-250G", "label": {"en": "250 g", "hi": "250 ग्राम"},
             "price_paise": 12900, "mrp_paise": 14000, "stock": 120, "weight_grams": 330},
            {"id": "500-g", "sku": "PEDA-01-500G", "label": {"en": "500 g", "hi": "500 ग्राम"},
             "price_paise": 24950, "mrp_paise": 24950, "stock": 0, "weight_grams": 600}]),
    ParsedProduct(
        ref="LAH-01", rows=[4], category="lac-bangles", name={"en": "Red Lac Bangle Set", "hi": "लाल लाह की चूड़ी का सेट"},
        description={"en": "", "hi": ""}, tags=[], perishable=False, shelf_life_days=None, hsn_code="7117",
        gst_rate_bp=300, gi_tag=False, variants=[
            {"id": "set-of-12", "sku": "LAH-01-SET12", "label": {"en": "Set of 12", "hi": "Set of 12"},
             "price_paise": 125000, "mrp_paise": 149900, "stock": 25, "weight_grams": 300}]),
]


# --- good files -------------------------------------------------------------------------------------

def test_good_file_with_hindi_gives_exact_products_and_variants():
    assert parse(make_csv(PEDA, PEDA_500, LAH)) == (EXPECTED, [])


def test_excel_file_with_bom_crlf_stray_spaces_and_blank_rows():
    padded = {k: f"  {v} " for k, v in PEDA.items()}
    text = "\ufeff" + make_csv(padded, PEDA_500, LAH, nl="\r\n") + "," * 18 + "\r\n\r\n\r\n"
    assert parse(text) == (EXPECTED, [])


def test_blank_rows_in_the_middle_are_skipped_but_counted():
    text = make_csv(PEDA, PEDA_500, LAH).replace("\nLAH-01", "\n\n , ,,\nLAH-01")
    products, errors = parse(text)
    assert errors == [] and [p.rows for p in products] == [[2, 3], [6]]


def test_header_names_are_forgiving_and_optional_columns_may_be_absent():
    cols = [c for c in COLUMNS if c not in ("description_en", "description_hi", "tags", "variant_label_hi",
                                            "mrp_inr", "perishable", "shelf_life_days", "gi_tag")]
    header = [" Product Ref", *[c.upper() for c in cols[1:]]]
    text = make_csv({**LAH, **dict(zip(header, [LAH.get(c, "") for c in cols]))}, columns=header)
    products, errors = parse(text)
    variant = {**EXPECTED[1].variants[0], "mrp_paise": 125000}
    assert errors == [] and products == [replace(EXPECTED[1], rows=[2], variants=[variant])]


def test_nfc_normalisation_and_multiline_description():
    p = parsed_ok(name_en="Cafe\u0301 Peda", description_en="Line one\r\nLine two")
    assert p.name["en"] == "Caf\u00e9 Peda" and p.description["en"] == "Line one\nLine two"


# --- whole-file problems ----------------------------------------------------------------------------

def test_missing_required_columns_are_named_and_stop_the_import():
    cols = [c for c in COLUMNS if c not in ("sku", "hsn_code")]
    products, errors = parse(make_csv(PEDA, columns=cols))
    assert products == [] and len(errors) == 1
    assert errors[0].row == 1 and errors[0].field == ""
    assert "sku" in errors[0].reason and "hsn_code" in errors[0].reason


def test_semicolon_separated_header_gets_a_hint():
    products, errors = parse(";".join(COLUMNS) + "\n")
    assert products == [] and where(errors) == [(1, "")] and "';'" in errors[0].reason


def test_unknown_column_is_reported_once_and_ignored():
    text = make_csv({**PEDA, "Notes": "call didi"}, PEDA_500, LAH, columns=(*COLUMNS, "Notes"))
    products, errors = parse(text)
    assert products == EXPECTED
    assert where(errors) == [(1, "Notes")] and "unknown column 'Notes'" in errors[0].reason


def test_duplicate_column_empty_file_and_header_only():
    assert where(parse(make_csv(PEDA, columns=(*COLUMNS, "sku")))[1]) == [(1, "sku")]
    assert parse("") == ([], [RowError(1, "", parse("")[1][0].reason)])
    products, errors = parse(make_csv() + "\n\n")
    assert products == [] and where(errors) == [(0, "")] and "no product rows" in errors[0].reason


def row_file(n: int, blank_tail: int = 0) -> str:
    rows = [{**LAH, "product_ref": f"R{i}", "sku": f"SKU-{i}"} for i in range(n)]
    return make_csv(*rows) + "\n" * blank_tail


def test_2001_rows_is_too_many():
    products, errors = parse(row_file(MAX_ROWS + 1))
    assert products == [] and len(errors) == 1 and errors[0].row == 0
    assert "2001" in errors[0].reason and str(MAX_ROWS) in errors[0].reason


def test_2000_rows_with_trailing_blank_lines_is_fine():
    products, errors = parse(row_file(MAX_ROWS, blank_tail=5))
    assert errors == [] and len(products) == MAX_ROWS and products[-1].rows == [MAX_ROWS + 1]


def test_more_than_max_bytes_is_refused_counting_utf8_bytes():
    hindi = "पेड़ा" * (MAX_BYTES // 12)  # fewer characters than MAX_BYTES, but more bytes
    assert len(hindi) < MAX_BYTES < len(hindi.encode())
    products, errors = parse(make_csv({**PEDA, "description_hi": hindi}))
    assert products == [] and where(errors) == [(0, "")] and "MB" in errors[0].reason


def test_unclosed_quote_is_a_whole_file_error_with_its_line():
    text = make_csv(PEDA, LAH) + 'X-1,lac-bangles,"Broken name\n'
    products, errors = parse(text)
    assert products == [] and where(errors) == [(0, "")] and "line 4" in errors[0].reason


# --- bytes: the caller decodes with decode_upload ---------------------------------------------------

def test_decode_upload_accepts_utf8_and_strips_bom():
    text = make_csv(PEDA)
    assert decode_upload(text.encode()) == text
    assert decode_upload(b"\xef\xbb\xbf" + text.encode()) == text


def test_decode_upload_refuses_non_utf8_with_a_clear_message():
    data = make_csv(PEDA).encode() + "X,peda-sweets,Café".encode("cp1252")
    with pytest.raises(ValueError, match=r"not UTF-8 \(first unreadable byte on line 3\).*CSV UTF-8"):
        decode_upload(data)
    with pytest.raises(ValueError, match="UTF-16"):
        decode_upload(make_csv(PEDA).encode("utf-16"))
    with pytest.raises(ValueError, match="Excel workbook"):
        decode_upload(b"PK\x03\x04rest-of-xlsx")


def test_text_decoded_lossily_is_refused_as_a_whole_file():
    data = make_csv(PEDA).encode("utf-8") + b"\xe9\r\n"
    for text in (data.decode("utf-8", "replace"), data.decode("utf-8", "surrogateescape"),
                 make_csv(PEDA).encode("utf-16-le").decode("latin-1")):
        products, errors = parse(text)
        assert products == [] and where(errors) == [(0, "")]


def test_latin1_decoding_garbles_hindi_which_is_why_callers_must_use_decode_upload():
    garbled = make_csv(PEDA).encode("utf-8").decode("latin-1")
    products, errors = parse(garbled)  # never crashes, but the Hindi is lost: rows are refused
    assert products == [] and errors and all(e.row == 2 for e in errors)


def test_variant_ids_are_slugs_deduplicated_within_a_product():
    rows = [{**PEDA, "variant_label_en": "500 g", "sku": "S-1"},
            {**PEDA_500, "variant_label_en": "500 G", "sku": "S-2"},
            {**PEDA_500, "variant_label_en": "500 g", "variant_label_hi": "", "sku": "S-3"},
            {**PEDA_500, "variant_label_en": "Size 2.4", "sku": "S-4"},
            {**PEDA_500, "variant_label_en": "½", "sku": "S-5"},
            {**LAH, "variant_label_en": "500 g"}]
    products, errors = parse(make_csv(*rows))
    assert errors == []
    assert [v["id"] for v in products[0].variants] == ["500-g", "500-g-2", "500-g-3", "size-2-4", "variant"]
    assert products[0].variants[2]["label"] == {"en": "500 g", "hi": "500 g"}
    assert products[1].variants[0]["id"] == "500-g"


def test_duplicate_sku_points_at_the_first_row():
    text = make_csv(PEDA, {**PEDA_500, "sku": "peda-01-250g"}, {**LAH, "sku": "PEDA-01-250G"})
    products, errors = parse(text)
    assert where(errors) == [(3, "sku"), (4, "sku")]
    assert errors[0].reason == "sku 'peda-01-250g' is already used on row 2; every variant needs its own SKU"
    assert [p.rows for p in products] == [[2]]


def test_mixed_rows_bad_rows_never_reject_good_rows():
    text = make_csv({**PEDA, "price_inr": "12o"}, {**PEDA_500, **{k: PEDA[k] for k in
                    ("category", "name_en", "name_hi", "hsn_code", "gst_rate_percent", "perishable",
                     "shelf_life_days")}},
                    {**LAH, "stock": "lots", "sku": "X-1"}, LAH, {**LAH, "product_ref": "", "sku": "Y-1"})
    products, errors = parse(text)
    assert where(errors) == [(2, "price_inr"), (4, "stock"), (6, "product_ref")]
    assert [(p.ref, p.rows) for p in products] == [("PEDA-01", [3]), ("LAH-01", [5])]
    assert products[0].tags == [] and products[0].gi_tag is False  # product fields come from row 3 only


def test_later_rows_may_repeat_product_fields_but_not_change_them():
    same = {**PEDA_500, "category": "PEDA-SWEETS", "gst_rate_percent": "5.0", "gi_tag": "yes", "perishable": "Y",
            "tags": "peda, पेड़ा; prasad", "hsn_code": "2106"}
    products, errors = parse(make_csv(PEDA, same))
    assert errors == [] and products[0].rows == [2, 3]
    changed = {**PEDA_500, "name_en": "Kesar Peda", "gst_rate_percent": "12", "shelf_life_days": "10"}
    products, errors = parse(make_csv(PEDA, changed))
    assert where(errors) == [(3, "name_en"), (3, "shelf_life_days"), (3, "gst_rate_percent")]
    assert errors[0].reason.startswith("name_en conflicts with row 2 ('Bhuna Khoa Peda' there)")
    assert products[0].rows == [2]


def test_conflict_with_a_product_field_left_empty_on_the_product_row():
    products, errors = parse(make_csv(LAH, {**LAH, "sku": "LAH-2", "description_en": "New text"}))
    assert where(errors) == [(3, "description_en")] and "('empty' there)" in errors[0].reason


def test_required_product_fields_on_the_first_row():
    products, errors = parse(make_csv({**PEDA, "hsn_code": "", "name_hi": " "}))
    assert products == [] and where(errors) == [(2, "name_hi"), (2, "hsn_code")]
    assert errors[1].reason == "hsn_code is required on the first row of product 'PEDA-01'"


def test_invalid_first_row_makes_a_later_row_with_product_fields_the_product_row():
    text = make_csv({**PEDA, "category": "mithai"}, PEDA_500, {**PEDA, "sku": "P-3", "variant_label_en": "1 kg"},
                    {**PEDA_500, "sku": "P-4", "variant_label_en": "2 kg"})
    products, errors = parse(text)
    assert where(errors) == [(2, "category"), (3, "")]
    assert "no valid first row yet (row 2 has errors)" in errors[1].reason
    assert [(p.ref, p.rows) for p in products] == [("PEDA-01", [4, 5])]
    assert [v["id"] for v in products[0].variants] == ["1-kg", "2-kg"]


def test_product_without_any_valid_variant_row_is_left_out():
    products, errors = parse(make_csv({**LAH, "weight_grams": "0"}, PEDA))
    assert [p.ref for p in products] == ["PEDA-01"] and where(errors) == [(2, "weight_grams")]


def test_row_with_extra_cells_is_an_error_but_trailing_empty_cells_and_short_rows_are_fine():
    lines = make_csv(PEDA, LAH).splitlines()
    text = "\n".join([lines[0], lines[1] + ",,,", lines[2] + ",oops", lines[2].rsplit(",", 1)[0]]) + "\n"
    products, errors = parse(text)
    assert where(errors) == [(3, "")] and "20 cells but the header has 19 columns" in errors[0].reason
    assert [(p.ref, p.rows) for p in products] == [("PEDA-01", [2]), ("LAH-01", [4])]  # row 4: gi_tag left off


def test_row_offset_shifts_row_numbers_but_not_the_header():
    text = make_csv(PEDA, {**LAH, "stock": "-3"}, columns=(*COLUMNS, "extra"))
    products, errors = parse(text, row_offset=100)
    assert where(errors) == [(1, "extra"), (103, "stock")]
    assert products[0].rows == [102]
    _, errors = parse(make_csv(PEDA, {**PEDA_500, "sku": "PEDA-01-250G"}), row_offset=40)
    assert "already used on row 42" in errors[0].reason and errors[0].row == 43


def test_every_reason_is_a_specific_sentence():
    _, errors = parse(make_csv({k: "=x" if k in ("name_en",) else "?" for k in COLUMNS}))
    assert len(errors) > 10 and all(e.row == 2 and e.field and len(e.reason) > 15 for e in errors)


# --- the template ---------------------------------------------------------------------------------

def test_template_parses_cleanly():
    text = template_csv()
    assert text.startswith("\ufeff") and text.count("\r\n") == 4 and "\n" not in text.replace("\r\n", "")
    assert next(csv.reader(io.StringIO(text.lstrip("\ufeff")))) == list(COLUMNS)
    products, errors = parse(text)
    assert errors == []
    assert [(p.category, [v["id"] for v in p.variants]) for p in products] == [
        ("peda-sweets", ["250-g", "500-g"]), ("lac-bangles", ["set-of-12-size-2-4"])]
    assert all(any("\u0900" <= ch <= "\u097f" for ch in v["label"]["hi"]) for p in products for v in p.variants)
    assert decode_upload(text.encode("utf-8")) == text.lstrip("\ufeff")


# --- chunking for the upload CLI ----------------------------------------------------------------------

def many_products(n: int, per: int = 2) -> list[dict]:
    rows = []
    for i in range(n):
        rows.append({**LAH, "product_ref": f"P{i}", "sku": f"P{i}-1"})
        rows += [{"product_ref": f"P{i}", "variant_label_en": f"v{j}", "sku": f"P{i}-{j}", "price_inr": "10",
                  "stock": "1", "weight_grams": "5"} for j in range(2, per + 1)]
    return rows


def chunked_parse(text: str, n: int):
    products, errors = [], set()
    for offset, chunk in chunks(text, n):
        p, e = parse(chunk, row_offset=offset)
        products += p
        errors |= set(e)
    return products, sorted(errors, key=lambda e: (e.row, e.field))


def test_chunks_hold_whole_products_and_offsets_count_preceding_rows():
    text = make_csv(*many_products(5))
    parts = chunks(text, 2)
    assert [offset for offset, _ in parts] == [0, 4, 8]
    assert [row_count(chunk) for _, chunk in parts] == [4, 4, 2]
    assert all(chunk.startswith(",".join(COLUMNS) + "\r\n") for _, chunk in parts)
    assert chunked_parse(text, 2) == parse(text)


def test_chunks_never_split_a_product_whose_rows_are_apart():
    rows = many_products(4, per=1)
    rows.insert(3, {**PEDA_500, "product_ref": "P0", "sku": "P0-late"})  # P0 again after P1, P2
    text = make_csv(*rows)
    parts = chunks(text, 1)
    assert [offset for offset, _ in parts] == [0, 4]
    assert row_count(parts[0][1]) == 4
    assert chunked_parse(text, 1) == parse(text)


def test_chunks_keep_row_numbers_with_bom_crlf_blank_lines_quotes_and_errors():
    rows = many_products(7)
    rows[3]["stock"] = "-1"
    rows[9]["sku"] = rows[8]["sku"]  # a duplicate SKU inside one chunk (across chunks only the server can tell)
    rows[10]["description_en"] = 'Two lines,\n"quoted"'
    text = "\ufeff" + make_csv(*rows, nl="\r\n").replace("\r\nP3,", "\r\n\r\n,,,\r\nP3,", 1) + "\r\n\r\n"
    whole = parse(text)
    products, errors = chunked_parse(text, 2)
    assert (products, errors) == whole
    assert where(errors) == [(5, "stock"), (13, "sku")]  # rows 8 and 9 are blank
    assert all(not chunk.startswith("\ufeff") for _, chunk in chunks(text, 2))


def test_chunk_edge_cases():
    assert chunks(make_csv(), 50) == [] and chunks("", 50) == []
    assert chunks(make_csv(PEDA, PEDA_500, LAH), 50) == [(0, make_csv(PEDA, PEDA_500, LAH, nl="\r\n"))]
    no_ref = make_csv(PEDA, columns=COLUMNS[1:])
    assert chunks(no_ref, 50) == [(0, no_ref)]  # the server explains the header
    broken = make_csv(PEDA) + 'X,"open\n'
    assert chunks(broken, 50) == [(0, broken)]


# --- the CLI against a fake API that runs the parser ---------------------------------------------------

class FakeResponse:
    def __init__(self, status: int, body: dict):
        self.status_code, self.ok, self._body = status, status < 400, body
        self.text, self.reason = json.dumps(body), "reason"

    def json(self):
        return self._body


class FakeAPI:
    def __init__(self, login_status=200, import_status=200):
        self.headers, self.calls = {}, []
        self.login_status, self.import_status = login_status, import_status

    def __call__(self):  # stands in for requests.Session
        return self

    def post(self, url, **kw):
        self.calls.append((url, kw, dict(self.headers)))
        if url.endswith("/auth/login"):
            if self.login_status != 200:
                return FakeResponse(self.login_status, {"error": {"code": "unauthorized", "message": "wrong password"}})
            return FakeResponse(200, {"id_token": "ID", "access_token": "A", "refresh_token": "R", "expires_in": 3600})
        if self.import_status != 200:
            return FakeResponse(self.import_status, {"error": {"code": "forbidden", "message": "not your vendor"}})
        body = decode_upload(kw["data"])
        products, errors = parse(body, row_offset=kw["params"]["row_offset"])
        return FakeResponse(200, {"created": [p.ref for p in products], "unchanged": [],
                                  "errors": [e.__dict__ for e in errors], "rows": row_count(body)})


def run_cli(monkeypatch, tmp_path, text: str, api: FakeAPI, *extra: str) -> int:
    path = tmp_path / "products.csv"
    path.write_bytes(text.encode("utf-8"))
    monkeypatch.setattr(import_products.requests, "Session", api)
    return import_products.main([str(path), "--api", "http://api.test/", "--email", "e@x.in", "--password", "pw",
                                 *extra])


def test_cli_uploads_chunks_with_row_offsets_and_reports_errors(monkeypatch, tmp_path, capsys):
    rows = many_products(5)
    rows[5]["price_inr"] = "free"  # row 7 of the file, in the second chunk
    api = FakeAPI()
    code = run_cli(monkeypatch, tmp_path, "\ufeff" + make_csv(*rows, nl="\r\n"), api,
                   "--vendor-id", "v-1", "--chunk-products", "2")
    assert code == 2
    login, *uploads = api.calls
    assert login[0] == "http://api.test/auth/login" and login[1]["json"] == {"email": "e@x.in", "password": "pw"}
    assert [c[0] for c in uploads] == ["http://api.test/vendor/imports"] * 3
    assert [c[1]["params"] for c in uploads] == [{"row_offset": o, "vendor_id": "v-1"} for o in (0, 4, 8)]
    assert all(c[2]["Authorization"] == "Bearer ID" for c in uploads)
    assert all(c[1]["headers"]["Content-Type"] == "text/csv; charset=utf-8" for c in uploads)
    out = capsys.readouterr().out
    assert "Created 5" in out and "row errors 1" in out and "price_inr must be a number of rupees" in out
    assert "│ 7 " in out


def test_cli_exit_codes(monkeypatch, tmp_path, capsys):
    assert run_cli(monkeypatch, tmp_path, make_csv(PEDA, PEDA_500, LAH), FakeAPI()) == 0
    extra = make_csv({**PEDA, "notes": "x"}, columns=(*COLUMNS, "notes"))
    assert run_cli(monkeypatch, tmp_path, extra, FakeAPI()) == 0  # an ignored column is reported, not a failure
    assert "unknown column 'notes'" in capsys.readouterr().out
    assert run_cli(monkeypatch, tmp_path, make_csv(PEDA), FakeAPI(login_status=401)) == 1
    assert "wrong password" in capsys.readouterr().out
    assert run_cli(monkeypatch, tmp_path, make_csv(PEDA), FakeAPI(import_status=403)) == 1
    assert "not your vendor" in capsys.readouterr().out


def test_cli_refuses_a_non_utf8_file_before_logging_in(monkeypatch, tmp_path, capsys):
    path = tmp_path / "old.csv"
    path.write_bytes(make_csv(LAH).encode("utf-8") + "X,Café".encode("cp1252"))
    api = FakeAPI()
    monkeypatch.setattr(import_products.requests, "Session", api)
    assert import_products.main([str(path), "--email", "e@x.in", "--password", "pw"]) == 1
    assert api.calls == [] and "not UTF-8" in capsys.readouterr().out


def test_cli_template(capsysbinary):
    assert import_products.main(["--template"]) == 0
    assert capsysbinary.readouterr().out.decode("utf-8") == template_csv()
