"""Bulk listing from a vendor's spreadsheet saved as UTF-8 CSV: one row per variant; rows sharing a
`product_ref` form one product. Pure: text in, (products, errors) out. Row numbers are spreadsheet rows
(header = row 1, blank rows counted), i.e. line numbers unless a quoted cell holds a line break.

Callers holding bytes must decode them with `decode_upload` (refuses non-UTF-8, says how to re-save).
Never decode with latin-1 or errors="replace": parse_csv refuses U+FFFD, NUL and surrogates as a
whole-file error, but latin-1 mojibake looks like text and only shows up as row errors.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass

COLUMNS = ("product_ref", "category", "name_en", "name_hi", "description_en", "description_hi", "tags",
           "variant_label_en", "variant_label_hi", "sku", "price_inr", "mrp_inr", "stock", "weight_grams",
           "perishable", "shelf_life_days", "hsn_code", "gst_rate_percent", "gi_tag")
REQUIRED_PRODUCT = ("category", "name_en", "name_hi", "hsn_code", "gst_rate_percent")  # on the first row of a product
MAX_ROWS = 2000
MAX_BYTES = 1_000_000

REQUIRED_VARIANT = ("product_ref", "variant_label_en", "sku", "price_inr", "stock", "weight_grams")  # on every row
REQUIRED_COLUMNS = tuple(c for c in COLUMNS if c in REQUIRED_PRODUCT or c in REQUIRED_VARIANT)  # in the header
PRODUCT_COLUMNS = ("category", "name_en", "name_hi", "description_en", "description_hi", "tags", "perishable",
                   "shelf_life_days", "hsn_code", "gst_rate_percent", "gi_tag")
TEXT_COLUMNS = ("product_ref", "name_en", "name_hi", "description_en", "description_hi", "tags",
                "variant_label_en", "variant_label_hi", "sku")  # formula-looking values refused here
PRODUCT_DEFAULTS = {"description_en": "", "description_hi": "", "tags": [], "perishable": False,
                    "shelf_life_days": None, "gi_tag": False}
MAX_PRICE_PAISE = 10_00_000_00  # ₹10,00,000
GST_RATES_BP = (0, 25, 300, 500, 1200, 1800, 2800, 4000)
YES = {"yes", "true", "1", "y", "हाँ", "हां"}
NO = {"no", "false", "0", "n", "नहीं", "नही"}
FORMULA_START = ("=", "+", "-", "@")

_NUM = r"(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3})"  # 1250, 1,250 or 1,00,000
_MONEY = re.compile(rf"(-?)({_NUM})(?:\.([0-9]{{1,2}}))?")
_INT = re.compile(_NUM)
_CURRENCY = re.compile(r"^(?:₹|rs\.?|inr)\s*", re.IGNORECASE)
_LENGTHS = {"name_en": (2, 120), "name_hi": (2, 120), "description_en": (0, 2000), "description_hi": (0, 2000),
            "variant_label_en": (1, 60), "variant_label_hi": (1, 60)}
_INTS = {"stock": (0, 100_000, "25"), "weight_grams": (1, 50_000, "500 (packed weight in grams)"),
         "shelf_life_days": (1, 3650, "7")}
_DEVANAGARI = re.compile(r"[\u0900-\u097F\uA8E0-\uA8FF]")
_ORDER = {c: i for i, c in enumerate(("",) + COLUMNS)}  # errors of a row are listed in column order
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@dataclass(frozen=True)
class RowError:
    row: int      # spreadsheet row in the ORIGINAL file: header is row 1 (0 = the whole file)
    field: str    # column name, or "" for the whole row/file
    reason: str   # short English sentence a vendor can act on


@dataclass
class ParsedProduct:
    ref: str
    rows: list[int]
    category: str
    name: dict
    description: dict
    tags: list[str]
    perishable: bool
    shelf_life_days: int | None
    hsn_code: str
    gst_rate_bp: int
    gi_tag: bool
    variants: list[dict]


class _Bad(ValueError):
    pass


def decode_upload(data: bytes) -> str:
    """The text of an uploaded CSV file (BOM removed); ValueError with a fix-it message otherwise."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValueError("the file is saved as UTF-16 (Excel 'Unicode Text'); save it as "
                         "'CSV UTF-8 (Comma delimited) (*.csv)' instead")
    if data.startswith(b"PK\x03\x04"):
        raise ValueError("this is an Excel workbook (.xlsx), not a CSV file; use File > Save As > "
                         "'CSV UTF-8 (Comma delimited) (*.csv)'")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise ValueError(f"the file is not UTF-8 (first unreadable byte on line {line}); in Excel use "
                         "File > Save As > 'CSV UTF-8 (Comma delimited) (*.csv)'") from None
    return text.removeprefix("\ufeff")


def column_key(name: str) -> str:
    """Header cell -> column name: ' Product Ref ' -> 'product_ref'."""
    return re.sub(r"[\s-]+", "_", name.strip().removeprefix("\ufeff").strip().lower())


def _clean(raw: str, col: str) -> str:
    s = unicodedata.normalize("NFC", raw.strip())
    multiline = col.startswith("description_")
    if multiline:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    for ch in s:
        if ch in "\r\n" and not multiline:
            raise _Bad(f"{col} contains a line break; keep it on one line")
        if (unicodedata.category(ch) == "Cc" and ch != "\n") or ch in _BIDI:
            raise _Bad(f"{col} contains an invisible control character (U+{ord(ch):04X}); remove it")
    if col in TEXT_COLUMNS and s.startswith(FORMULA_START):
        raise _Bad(f"{col} starts with '{s[0]}' so it looks like a spreadsheet formula; remove the leading '{s[0]}'")
    return s


def _money(s: str, col: str) -> int:
    t = _CURRENCY.sub("", s).removesuffix("/-").rstrip()  # "₹1,250.00" (Excel currency format), "320/-"
    m = _MONEY.fullmatch(t)
    if not m:
        if re.fullmatch(r"-?[0-9,]+\.[0-9]{3,}", t):
            raise _Bad(f"{col} can have at most 2 decimals (paise), like 320.50 (got '{s}')")
        raise _Bad(f"{col} must be a number of rupees like 320 or 320.50 (got '{s}')")
    paise = int(m[2].replace(",", "")) * 100 + int((m[3] or "0").ljust(2, "0"))
    if m[1] or paise == 0:
        raise _Bad(f"{col} must be more than 0 (got '{s}')")
    if paise > MAX_PRICE_PAISE:
        raise _Bad(f"{col} must be at most ₹10,00,000 (got '{s}')")
    return paise


def _int(s: str, col: str, lo: int, hi: int, example: str) -> int:
    if not _INT.fullmatch(s):
        raise _Bad(f"{col} must be a whole number like {example} (got '{s}')")
    n = int(s.replace(",", ""))
    if not lo <= n <= hi:
        raise _Bad(f"{col} must be from {lo} to {hi} (got {n})")
    return n


def _tags(s: str) -> list[str]:
    tags, seen = [], set()
    for tag in (t.strip() for t in re.split(r"[;,]", s)):
        if not tag or tag.casefold() in seen:
            continue
        if len(tag) > 40:
            raise _Bad(f"tag '{tag[:20]}…' is longer than 40 characters")
        if tag.startswith(FORMULA_START):
            raise _Bad(f"tag '{tag}' starts with '{tag[0]}' so it looks like a spreadsheet formula")
        seen.add(tag.casefold())
        tags.append(tag)
    if len(tags) > 20:
        raise _Bad(f"tags can list at most 20 tags (found {len(tags)})")
    return tags


def _parse(col: str, s: str, categories: dict[str, str]):
    if col in _LENGTHS and not _LENGTHS[col][0] <= len(s) <= _LENGTHS[col][1]:
        raise _Bad(f"{col} must be {_LENGTHS[col][0]} to {_LENGTHS[col][1]} characters long (it has {len(s)})")
    if col in ("product_ref", "sku"):
        lo, hi, like = (1, 64, "PEDA-01") if col == "product_ref" else (3, 40, "PEDA-01-500G")
        if not re.fullmatch(rf"[A-Za-z0-9_-]{{{lo},{hi}}}", s):
            raise _Bad(f"{col} must be {lo} to {hi} letters, digits, '-' or '_', like {like} (got '{s}')")
    elif col == "category":
        if s.lower() not in categories:
            raise _Bad(f"unknown category '{s}' (use one of: {', '.join(sorted(categories.values()))})")
        return categories[s.lower()]
    elif col == "name_hi" and not _DEVANAGARI.search(s):
        raise _Bad("name_hi must be written in Hindi (Devanagari script)")
    elif col == "tags":
        return _tags(s)
    elif col in ("price_inr", "mrp_inr"):
        return _money(s, col)
    elif col in _INTS:
        return _int(s, col, *_INTS[col])
    elif col in ("perishable", "gi_tag"):
        if s.casefold() not in YES | NO:
            raise _Bad(f"{col} must be yes or no (got '{s}')")
        return s.casefold() in YES
    elif col == "hsn_code":
        t = s.replace(" ", "")
        if t.isascii() and t.isdigit() and len(t) in (4, 6, 8):
            return t
        hint = "; if Excel removed a leading zero, format the column as Text" if t.isdigit() and len(t) in (3, 5, 7) else ""
        raise _Bad(f"hsn_code must be 4, 6 or 8 digits like 2106 (got '{s}'){hint}")
    elif col == "gst_rate_percent":
        m = re.fullmatch(r"([0-9]{1,2})(?:\.([0-9]{1,2}))?\s*%?", s)
        bp = m and int(m[1]) * 100 + int((m[2] or "0").ljust(2, "0"))
        if bp is None or bp not in GST_RATES_BP:
            raise _Bad(f"gst_rate_percent must be one of 0, 0.25, 3, 5, 12, 18, 28, 40 (got '{s}')")
        return bp
    return s


def _check_row(cells: dict[str, str], categories: dict[str, str]):
    """A row on its own: (parsed values, cleaned texts, [(field, reason)])."""
    vals, texts, errs = {}, {}, []
    for col in COLUMNS:
        try:
            s = _clean(cells.get(col, ""), col)
            if s:
                texts[col], vals[col] = s, _parse(col, s, categories)
        except _Bad as e:
            errs.append((col, str(e)))
    bad = {f for f, _ in errs}
    errs += [(c, f"{c} is required on every row") for c in REQUIRED_VARIANT if c not in vals and c not in bad]
    if "price_inr" in vals and vals.get("mrp_inr", vals["price_inr"]) < vals["price_inr"]:
        errs.append(("mrp_inr", f"mrp_inr ({texts['mrp_inr']}) must not be less than price_inr ({texts['price_inr']})"))
    return vals, texts, errs


def _file_problem(text: str) -> str | None:
    if "\x00" in text:
        return "the file contains NUL characters: it looks like UTF-16 or a binary file; save it as 'CSV UTF-8'"
    if "\ufffd" in text or any("\ud800" <= ch <= "\udfff" for ch in text):
        return "the file is not valid UTF-8 (some characters could not be read); save it as 'CSV UTF-8'"
    if len(text) > MAX_BYTES or len(text.encode("utf-8")) > MAX_BYTES:
        return f"the file is larger than {MAX_BYTES // 1_000_000} MB; split it into smaller files"
    return None


def _records(text: str) -> list[list[str]]:
    """CSV records, blank lines included (they count as rows); csv.Error with the line where it broke."""
    reader, out, start = csv.reader(io.StringIO(text, newline=""), strict=True), [], 1
    try:
        for rec in reader:
            out.append(rec)
            start = reader.line_num + 1
    except csv.Error as e:
        raise csv.Error(f"the file is not valid CSV from line {start} ({e}): check for a stray or unclosed "
                        "double quote (\")") from None
    return out


def parse_csv(text: str, categories: set[str], row_offset: int = 0) -> tuple[list[ParsedProduct], list[RowError]]:
    text = text.removeprefix("\ufeff")
    problem = _file_problem(text)
    try:
        records = [] if problem else _records(text)
    except csv.Error as e:
        problem = str(e)
    if problem:
        return [], [RowError(0, "", problem)]
    header = records[0] if records else []
    keys = [column_key(h) for h in header]
    if not any(keys):
        return [], [RowError(1, "", "the file is empty: its first row must be the header (download the template)")]
    dup = next((k for i, k in enumerate(keys) if k and k in keys[:i]), None)
    if dup:
        return [], [RowError(1, dup, f"column {dup} appears twice in the header; keep one")]
    missing = [c for c in REQUIRED_COLUMNS if c not in keys]
    if missing:
        hint = "; the header looks separated by ';', save as 'CSV UTF-8 (Comma delimited)'" if ";" in "".join(header) else ""
        return [], [RowError(1, "", f"the header is missing required column(s): {', '.join(missing)}{hint}")]
    errors = [RowError(1, h.strip(), f"unknown column '{h.strip()}' was ignored (columns are: {', '.join(COLUMNS)})")
              for h, k in zip(header, keys) if k and k not in COLUMNS]
    data = [(row_offset + i + 2, rec) for i, rec in enumerate(records[1:]) if any(c.strip() for c in rec)]
    if len(data) > MAX_ROWS:
        return [], [RowError(0, "", f"the file has {len(data)} product rows; at most {MAX_ROWS} per upload, split it")]
    if not data:
        return [], [RowError(0, "", "the file has a header but no product rows")]

    cats = {c.lower(): c for c in categories}
    products: list[ParsedProduct] = []
    groups: dict[str, dict] = {}  # ref -> {"first": row, "product", "row", "vals", "texts", "ids"}
    skus: dict[str, int] = {}
    for row, rec in data:
        if any(c.strip() for c in rec[len(keys):]):
            errors.append(RowError(row, "", f"this row has {len(rec)} cells but the header has {len(keys)} columns; "
                                            "put values that contain commas in double quotes"))
            continue
        cells = {k: v for k, v in zip(keys, rec) if k in COLUMNS}
        vals, texts, errs = _check_row(cells, cats)
        if "sku" in vals:
            first = skus.setdefault(vals["sku"].casefold(), row)
            if first != row:
                errs.append(("sku", f"sku '{vals['sku']}' is already used on row {first}; every variant needs its own SKU"))
        ref = vals.get("product_ref")
        group = groups.setdefault(ref, {"first": row, "product": None}) if ref else None
        if group and group["product"]:
            for c in PRODUCT_COLUMNS:
                if c in vals and vals[c] != group["vals"][c]:
                    was = group["texts"].get(c, "empty")
                    errs.append((c, f"{c} conflicts with row {group['row']} ('{was}' there); leave it empty or use the same value"))
        elif group:
            if group["first"] != row and not any(cells.get(c, "").strip() for c in PRODUCT_COLUMNS):
                errs.append(("", f"product '{ref}' has no valid first row yet (row {group['first']} has errors): "
                                 f"fix that row, or fill the product columns ({', '.join(REQUIRED_PRODUCT)}) here too"))
            else:
                errs += [(c, f"{c} is required on the first row of product '{ref}'")
                         for c in REQUIRED_PRODUCT if not cells.get(c, "").strip()]
                if vals.get("perishable") and "shelf_life_days" not in texts and "shelf_life_days" not in dict(errs):
                    errs.append(("shelf_life_days", "shelf_life_days is required when perishable is yes (e.g. 7)"))
        errors += [RowError(row, f, r) for f, r in sorted(errs, key=lambda e: _ORDER[e[0]])]
        if errs:
            continue
        if not group["product"]:
            pv = {c: vals.get(c, PRODUCT_DEFAULTS.get(c)) for c in PRODUCT_COLUMNS}
            group.update(row=row, vals=pv, texts=texts, ids=set(), product=ParsedProduct(
                ref=ref, rows=[], category=pv["category"], name={"en": pv["name_en"], "hi": pv["name_hi"]},
                description={"en": pv["description_en"], "hi": pv["description_hi"]}, tags=pv["tags"],
                perishable=pv["perishable"], shelf_life_days=pv["shelf_life_days"], hsn_code=pv["hsn_code"],
                gst_rate_bp=pv["gst_rate_percent"], gi_tag=pv["gi_tag"], variants=[]))
            products.append(group["product"])
        product, label = group["product"], vals["variant_label_en"]
        base = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") or "variant"
        vid, n = base, 2
        while vid in group["ids"]:
            vid, n = f"{base}-{n}", n + 1
        group["ids"].add(vid)
        product.rows.append(row)
        product.variants.append({
            "id": vid, "sku": vals["sku"], "label": {"en": label, "hi": vals.get("variant_label_hi", label)},
            "price_paise": vals["price_inr"], "mrp_paise": vals.get("mrp_inr", vals["price_inr"]),
            "stock": vals["stock"], "weight_grams": vals["weight_grams"]})
    return products, errors


_TEMPLATE = (
    ("PEDA-01", "peda-sweets", "Ghormara Bhuna Khoa Peda", "घोरमारा भुना खोया पेड़ा",
     "Deoghar's classic brown peda of slow-roasted khoa and sugar. Packed the morning it ships.",
     "धीमी आँच पर भुने खोये और चीनी से बना देवघर का ख़ास भूरा पेड़ा। जिस सुबह भेजा जाता है, उसी सुबह पैक होता है।",
     "peda; पेड़ा; prasad; प्रसाद; mithai", "250 g", "250 ग्राम", "PEDA-01-250G", "129", "140", "120", "330",
     "yes", "7", "2106", "5", "yes"),
    ("PEDA-01", "", "", "", "", "", "", "500 g", "500 ग्राम", "PEDA-01-500G", "249", "270", "90", "600",
     "", "", "", "", ""),
    ("LAH-01", "lac-bangles", "Red Lac Bangle Set", "लाल लाह की चूड़ी का सेट",
     "A set of 12 red lac bangles with golden beads, made by hand over a coal fire.",
     "सुनहरे दानों वाली 12 लाल लाह की चूड़ियों का सेट, कोयले की आँच पर हाथ से बना।",
     "bangle; चूड़ी; lac; लाह; lahthi", "Set of 12 (size 2.4)", "12 का सेट (साइज़ 2.4)", "LAH-01-SET12",
     "1,250", "1,499", "25", "300", "no", "", "7117", "3", "no"),
)


def template_csv() -> str:
    """Header + example rows, CRLF line ends, with a UTF-8 BOM so Excel shows the Hindi correctly."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(_TEMPLATE)
    return "\ufeff" + buf.getvalue()
