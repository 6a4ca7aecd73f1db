"""What the district office reads: a report as CSV, as a bilingual HTML page with charts,
as a short plain-text summary, and as the e-mail that links to them.

Pure: no AWS, no I/O. Money arrives in paise; the CSV writes decimal rupees (1234.50) so a
spreadsheet sees numbers, the page and the mail write ₹ with Indian digit grouping
(₹1,25,000.00). Every name taken from the catalog or a user is HTML-escaped.
"""
from __future__ import annotations

import base64
import csv
import io
from datetime import datetime
from html import escape

from chalicelib.orders.invoice import IST, rupees
from chalicelib.reports import exports, quality
from chalicelib.reports.charts import charts
from chalicelib.reports.data import Attention, ReportData, Row, Sales
from chalicelib.spreadsheet import safe_cell as _text

__all__ = ["charts", "mail", "period", "rupees", "subject", "summary_text", "to_csv", "to_html"]

DASH = "—"
KINDS = {"daily": ("दैनिक", "daily"), "weekly": ("साप्ताहिक", "weekly"), "custom": ("चुनी अवधि की", "custom")}
NO_ORDERS = ("इस अवधि में कोई ऑर्डर नहीं आया।", "There were no orders in this period.")
NOTHING = ("कुछ नहीं", "Nothing")
SECTIONS = {
    "report": ("रिपोर्ट", "Report"), "totals": ("बिक्री", "Sales"), "day": ("दिन के अनुसार", "By day"),
    "category": ("श्रेणी के अनुसार", "By category"), "block": ("प्रखंड के अनुसार", "By block"),
    "maker": ("कारीगर के अनुसार", "By maker"), "product": ("सबसे ज़्यादा बिके उत्पाद", "Top products"),
    "delivery": ("डिलीवरी", "Delivery"), "payments": ("भुगतान", "Payments"),
    "by_payment": ("भुगतान का तरीका", "Payments by gateway and method"),
    "quality": quality.SECTION,
    "exports": exports.SECTION,
    "catalog": ("नए विक्रेता और उत्पाद", "New vendors and listings"),
    "attention": ("ध्यान देने योग्य", "Needs attention"), "payout": ("देय भुगतान", "Payouts due"),
}
# how a payment was made: gateway, method (reports/data.py PaymentRow)
PAY_NAMES = {"stripe": ("स्ट्राइप", "Stripe"), "razorpay": ("रेज़रपे", "Razorpay"),
             "cod": ("नकद", "Cash"), "upi": ("यूपीआई", "UPI"), "card": ("कार्ड", "Card"),
             "netbanking": ("नेटबैंकिंग", "Netbanking"), "wallet": ("वॉलेट", "Wallet")}
PAY_HEAD = (("गेटवे", "Gateway"), ("तरीका", "Method"), ("भुगतान", "Payments"), ("राशि", "Amount"),
            ("असफल प्रयास", "Failed attempts"), ("वापसी", "Refunds"), ("वापस राशि", "Refunded"))
ATTENTION = {"stuck_order": ("अटका ऑर्डर", "Stuck order"), "failed_parcel": ("असफल पार्सल", "Failed parcel"),
             "pending_vendor": ("मंज़ूरी बाकी: विक्रेता", "Vendor awaiting approval"),
             "pending_listing": ("मंज़ूरी बाकी: उत्पाद", "Listing awaiting approval"),
             "export_profile": ("मंज़ूरी बाकी: निर्यात के कागज़", "Export papers to check"),
             "lut_ending": ("LUT समाप्त होने वाला", "LUT ending"),
             "realisation_due": ("निर्यात भुगतान की प्राप्ति बाकी", "Export payment not realised")}
SALES_HEAD = (("ऑर्डर", "Orders"), ("नग", "Units"), ("कुल बिक्री", "GMV"), ("शुद्ध बिक्री", "Net"),
              ("नकद ऑर्डर", "COD orders"), ("रद्द", "Cancelled"), ("वापसी", "Refunded"))
# Payment method and refunds are counted per order, not per category, block, maker or
# product: breakdowns leave those columns out rather than show zeros.
ORDER_ONLY = {4, 6}        # positions in SALES_HEAD
ORDER_ONLY_CSV = ("cod_orders", "cod_rupees", "refunded_rupees")
# CSV: one long table (one header row, a section column) so it filters and pivots cleanly
CSV_COLUMNS = (
    ("section", "खंड / Section"), ("key", "कुंजी / Key"), ("name_en", "नाम (अंग्रेज़ी) / Name (English)"),
    ("name_hi", "नाम (हिंदी) / Name (Hindi)"), ("orders", "ऑर्डर / Orders"), ("units", "नग / Units"),
    ("gmv_rupees", "कुल बिक्री ₹ / GMV ₹"), ("net_rupees", "शुद्ध बिक्री ₹ / Net ₹"),
    ("cod_orders", "नकद ऑर्डर / COD orders"), ("cod_rupees", "नकद ₹ / COD ₹"),
    ("cancelled", "रद्द / Cancelled"), ("cancelled_rupees", "रद्द ₹ / Cancelled ₹"),
    ("refunded_rupees", "वापसी ₹ / Refunded ₹"), ("value", "मान / Value"),
    ("amount_rupees", "राशि ₹ / Amount ₹"), ("since", "कब से / Since"), ("detail", "विवरण / Detail"),
)
CSV_TEXT = {"key", "name_en", "name_hi", "value", "since", "detail"}   # free text, never numbers
CHARTS = {"day": ("daily_gmv", "रोज़ की बिक्री", "GMV by day"),
          "category": ("category_gmv", "श्रेणी के अनुसार बिक्री", "GMV by category"),
          "block": ("block_orders", "प्रखंड के अनुसार ऑर्डर", "Orders by block")}


# ---- shared wording ---------------------------------------------------------------------

def _bi(pair: tuple[str, str]) -> str:
    hi, en = pair
    return f"{hi} / {en}" if hi else en


def period(data: ReportData) -> str:
    first = data.start.strftime("%d %b %Y")
    return first if data.end == data.start else f"{first} – {data.end.strftime('%d %b %Y')}"


def _kind(data: ReportData) -> tuple[str, str]:
    return KINDS.get(data.kind, (data.kind, data.kind))


def subject(data: ReportData) -> str:
    hi, en = _kind(data)
    return f"DeogharMart {en} report {period(data)} / {hi} रिपोर्ट"


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else DASH


def _sales_lines(t: Sales) -> list[tuple[str, str, str]]:
    return [("ऑर्डर", "Orders", str(t.orders)), ("कुल बिक्री (GMV)", "GMV", rupees(t.gmv_paise)),
            ("शुद्ध बिक्री (रद्द घटाकर)", "Net (after cancellations)", rupees(t.net_paise)),
            ("नग", "Units", str(t.units)),
            ("डिलीवरी पर नकद", "Cash on delivery",
             f"{t.cod_orders} ({_share(t.cod_orders, t.orders)}), {rupees(t.cod_paise)}"),
            ("रद्द", "Cancelled", f"{t.cancelled}, {rupees(t.cancelled_paise)}"),
            ("वापस की गई राशि", "Refunded", rupees(t.refunded_paise))]


def _headline(data: ReportData) -> list[tuple[str, str, str]]:
    return [*_sales_lines(data.totals),
            ("डिलीवर हुए पार्सल", "Parcels delivered", str(data.delivery.delivered)),
            ("ध्यान देने योग्य", "Needs attention", str(len(data.attention)))]


def _metrics(data: ReportData, section: str) -> list[tuple[str, str, str, object, str]]:
    """(key, hi, en, raw value for the CSV, text for the page) of a section of single figures."""
    d, p = data.delivery, data.payments
    hours = DASH if d.average_hours is None else f"{d.average_hours:.1f}"
    rows = {
        "delivery": [("dispatched", "रवाना", "Dispatched", d.dispatched, None),
                     ("delivered", "पहुँचे", "Delivered", d.delivered, None),
                     ("returned", "लौटे", "Returned", d.returned, None),
                     ("average_hours", "औसत समय (घंटे)", "Average time (hours)", d.average_hours, hours),
                     ("within_48h", "48 घंटे में", "Within 48 hours", d.within_48h,
                      f"{d.within_48h} ({_share(d.within_48h, d.delivered)})"),
                     ("within_96h", "96 घंटे में", "Within 96 hours", d.within_96h,
                      f"{d.within_96h} ({_share(d.within_96h, d.delivered)})")],
        "payments": [("succeeded", "सफल", "Succeeded", p.succeeded, None),
                     ("failed", "असफल", "Failed", p.failed, None),
                     ("unpaid_cancelled", "बिना भुगतान रद्द", "Cancelled unpaid", p.unpaid_cancelled, None)],
        "catalog": [("new_vendors", "नए विक्रेता", "New vendors", data.new_vendors, None),
                    ("new_listings", "नए उत्पाद", "New listings", data.new_listings, None)],
    }[section]
    return [(k, hi, en, raw, str(raw) if shown is None else shown) for k, hi, en, raw, shown in rows]


def _breakdowns(data: ReportData) -> list[tuple[str, list[Row]]]:
    return [("category", data.by_category), ("block", data.by_block), ("maker", data.by_maker),
            ("product", data.top_products)]


def _when(iso: str) -> str:
    """An ISO time as '26 Nov 2026 14:05' India time; text that is not a time is kept as is."""
    try:
        dt = datetime.fromisoformat(str(iso))
    except ValueError:
        return str(iso or "")
    return (dt.astimezone(IST) if dt.tzinfo else dt).strftime("%d %b %Y %H:%M")


def summary_text(data: ReportData) -> str:
    lines = [subject(data), ""]
    if not data.totals.orders:
        lines += [_bi(NO_ORDERS), ""]
    lines += [f"{_bi((hi, en))}: {value}" for hi, en, value in _headline(data)]
    return "\n".join(lines)


# ---- CSV --------------------------------------------------------------------------------

def _decimal(paise: int) -> str:
    sign = "-" if paise < 0 else ""
    r, p = divmod(abs(paise), 100)
    return f"{sign}{r}.{p:02d}"


def _csv_sales(s: Sales, per_order: bool = True) -> dict:
    out = {"orders": s.orders, "units": s.units, "gmv_rupees": _decimal(s.gmv_paise),
            "net_rupees": _decimal(s.net_paise), "cod_orders": s.cod_orders,
            "cod_rupees": _decimal(s.cod_paise), "cancelled": s.cancelled,
            "cancelled_rupees": _decimal(s.cancelled_paise), "refunded_rupees": _decimal(s.refunded_paise)}
    return out if per_order else {k: v for k, v in out.items() if k not in ORDER_ONLY_CSV}


def _csv_rows(data: ReportData):
    def row(section, key, name=None, **values):
        name = name or {}
        cells = {"section": _bi(SECTIONS[section]), "key": key, "name_en": name.get("en", ""),
                 "name_hi": name.get("hi", ""), **values}
        return {k: _text(v) if k in CSV_TEXT else v for k, v in cells.items()}

    hi, en = _kind(data)
    yield row("report", data.id, {"en": f"{en} report {period(data)}", "hi": f"{hi} रिपोर्ट {period(data)}"},
              value=data.stage, detail=f"generated {data.generated_at}")
    yield row("totals", "total", {"en": "Total", "hi": "कुल"}, **_csv_sales(data.totals))
    for day, sales in data.by_day:
        yield row("day", day.isoformat(), **_csv_sales(sales))
    for section, rows in _breakdowns(data):
        for r in rows:
            yield row(section, r.key, r.name, **_csv_sales(r.sales, per_order=False))
    for section in ("delivery", "payments", "catalog"):
        for key, hi, en, raw, _ in _metrics(data, section):
            yield row(section, key, {"en": en, "hi": hi}, value="" if raw is None else raw)
    for p in data.by_payment:
        yield row("by_payment", f"{p.provider}:{p.method}", _pay_name(p), orders=p.payments,
                  amount_rupees=_decimal(p.paid_paise), value=p.failed,
                  refunded_rupees=_decimal(p.refunded_paise), detail=f"{p.refunds} refunds")
    for q in data.quality:
        yield row("quality", f"{q.kind}:{q.key}", q.name, **quality.csv_values(q, _decimal))
    if data.exports:
        for key, _, rows in exports.groups(data.exports):
            for r in rows:
                yield row("exports", f"{key[3:]}:{r['key']}", exports.label(key, r),
                          orders=r["parcels"], amount_rupees=_decimal(r["value_paise"]))
    for a in data.attention:
        yield row("attention", a.ref, a.name, value=a.kind, since=a.since, detail=a.detail)
    for p in data.payouts:
        yield row("payout", p.vendor_id, p.name, amount_rupees=_decimal(p.due_paise))


def _pay_name(p) -> dict:
    provider, method = (PAY_NAMES.get(k, (k, k)) for k in (p.provider, p.method))
    return {"hi": f"{provider[0]} · {method[0]}", "en": f"{provider[1]} · {method[1]}"}


def _payments_table(rows) -> str:
    return _table([_eb(h) for h in PAY_HEAD],
                  [[_eb(PAY_NAMES.get(p.provider, (p.provider, p.provider))),
                    _eb(PAY_NAMES.get(p.method, (p.method, p.method))), str(p.payments),
                    rupees(p.paid_paise), str(p.failed), str(p.refunds), rupees(p.refunded_paise)]
                   for p in rows], numeric={2, 3, 4, 5, 6})


def _quality_tables(rows) -> str:
    out = []
    for kind, first in (("block", ("प्रखंड", "Block")), ("category", ("श्रेणी", "Category"))):
        mine = [r for r in rows if r.kind == kind]
        out.append(_table([_eb(first), *(_eb(h) for h in quality.HEAD[1:])],
                          [[_name(r.name, r.key), *(_e(c) for c in quality.cells(r, rupees))]
                           for r in mine], numeric=set(range(1, len(quality.HEAD)))))
    return "".join(out)


def _exports_tables(register: dict | None) -> str:
    if not register:
        return ""
    out = [_pairs_table(exports.lines(register, rupees))]
    for key, head, rows in exports.groups(register):
        out.append(_table([_eb(head), *(_eb(h) for h in exports.HEAD)],
                          [[_name(exports.label(key, r), r["key"]), str(r["parcels"]),
                            rupees(r["value_paise"])] for r in rows], numeric={1, 2}))
    return "".join(out)


def to_csv(data: ReportData) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerow(label for _, label in CSV_COLUMNS)
    writer = csv.DictWriter(out, fieldnames=[key for key, _ in CSV_COLUMNS], restval="")
    writer.writerows(_csv_rows(data))
    return out.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8, not ANSI


# ---- HTML -------------------------------------------------------------------------------

CSS = """* { box-sizing: border-box; }
body { font-family: "Noto Sans", "Noto Sans Devanagari", Mangal, Arial, sans-serif; margin: 0 auto;
  max-width: 60rem; padding: 1rem; color: #1d1d1d; line-height: 1.4; }
h1 { font-size: 1.5rem; margin: 0; } h2 { font-size: 1.15rem; margin: 1.6rem 0 .5rem;
  border-bottom: 2px solid #b5522b; padding-bottom: .2rem; }
.meta { color: #555; margin: .3rem 0 0; } .stage { background: #ffe9a8; padding: 0 .3rem; }
.notice { background: #f3ece6; border-left: 4px solid #b5522b; padding: .6rem .8rem; }
.scroll { overflow-x: auto; } table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border-bottom: 1px solid #ddd; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3ece6; font-weight: 600; } .num { text-align: right; white-space: nowrap; }
.hi { color: #555; font-size: .85em; } figure { margin: .8rem 0; } img { max-width: 100%; height: auto; }
tfoot td { font-weight: 600; border-top: 2px solid #999; }
@media print { h2 { break-after: avoid; } tr, figure { break-inside: avoid; } }"""


def _e(v) -> str:
    return "" if v is None else escape(str(v), quote=True)


def _eb(pair: tuple[str, str]) -> str:
    return _e(_bi(pair))


def _name(name: dict | None, key: str) -> str:
    name = name or {}
    en, hi = name.get("en") or key, name.get("hi")
    return _e(en) + (f'<br><span class="hi" lang="hi">{_e(hi)}</span>' if hi and hi != en else "")


def _table(head: list[str], rows: list[list[str]], numeric: set[int] = frozenset(),
           foot: list[str] | None = None) -> str:
    """Cells are HTML already (escaped by the caller); `numeric` columns align right."""
    def tr(cells, tag="td"):
        return "<tr>" + "".join(f'<{tag}{" class=num" if i in numeric else ""}>{c}</{tag}>'
                                for i, c in enumerate(cells)) + "</tr>"
    body = "".join(tr(r) for r in rows) or f'<tr><td colspan="{len(head)}">{_eb(NOTHING)}</td></tr>'
    tfoot = f"<tfoot>{tr(foot)}</tfoot>" if foot and rows else ""
    return (f'<div class="scroll"><table><thead>{tr(head, "th")}</thead>'
            f"<tbody>{body}</tbody>{tfoot}</table></div>")


def _sales_cells(s: Sales, per_order: bool) -> list[str]:
    cells = [str(s.orders), str(s.units), rupees(s.gmv_paise), rupees(s.net_paise), str(s.cod_orders),
             str(s.cancelled), rupees(s.refunded_paise)]
    return [c for n, c in enumerate(cells) if per_order or n not in ORDER_ONLY]


def _sales_table(first: tuple[str, str], rows: list[tuple[str, Sales]], per_order: bool = True) -> str:
    heads = [h for n, h in enumerate(SALES_HEAD) if per_order or n not in ORDER_ONLY]
    head = [_eb(first), *(_eb(h) for h in heads)]
    return _table(head, [[label, *_sales_cells(s, per_order)] for label, s in rows],
                  numeric=set(range(1, len(heads) + 1)))


def _chart(images: dict[str, bytes], section: str) -> str:
    key, hi, en = CHARTS[section]
    png = images.get(key)
    if not png:
        return ""
    src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    return f'<figure><img src="{src}" alt="{_e(_bi((hi, en)))}"></figure>'


def _section(section: str, body: str) -> str:
    return f'<section id="{section}"><h2>{_eb(SECTIONS[section])}</h2>{body}</section>'


def _pairs_table(lines) -> str:
    return _table([_eb(("माप", "Measure")), _eb(("मान", "Value"))],
                  [[_e(_bi((hi, en))), _e(value)] for hi, en, value in lines], numeric={1})


def _attention_rows(items: list[Attention]) -> list[list[str]]:
    return [[_eb(ATTENTION.get(a.kind, ("", a.kind))), _e(a.ref), _name(a.name, a.ref), _e(_when(a.since)),
             _e(a.detail)] for a in items]


def _sales_sections(data: ReportData, images: dict[str, bytes]) -> list[str]:
    days = [(_e(d.strftime("%a %d %b")), s) for d, s in data.by_day]
    out = [_section("day", _sales_table(("तारीख", "Date"), days) + _chart(images, "day"))]
    for section, rows in _breakdowns(data):
        table = _sales_table(("नाम", "Name"), [(_name(r.name, r.key), r.sales) for r in rows],
                             per_order=False)
        out.append(_section(section, table + (_chart(images, section) if section in CHARTS else "")))
    return out


def to_html(data: ReportData, charts: dict[str, bytes]) -> bytes:
    title, (kind_hi, kind_en) = _e(subject(data)), _kind(data)
    stage = "" if data.stage == "prod" else f' · <span class="stage">{_e(data.stage)}</span>'
    notice = "" if data.totals.orders else f'<p class="notice">{_eb(NO_ORDERS)}</p>'
    parts = [
        f'<header><h1>{_eb(("देवघरमार्ट बिक्री रिपोर्ट", "DeogharMart sales report"))}</h1>'
        f'<p class="meta">{_eb((kind_hi, kind_en.capitalize()))} · {_e(period(data))} · '
        f'{_eb(("बनी", "generated"))} {_e(_when(data.generated_at))} IST{stage}</p></header>',
        _section("totals", notice + _pairs_table(_sales_lines(data.totals))),
        *(_sales_sections(data, charts) if data.totals.orders else []),
        *(_section(s, _pairs_table((hi, en, shown) for _, hi, en, _, shown in _metrics(data, s)))
          for s in ("delivery", "payments", "catalog")),
        _section("by_payment", _payments_table(data.by_payment)),
        _section("quality", _quality_tables(data.quality)),
        _section("exports", _exports_tables(data.exports)),
        _section("attention", _table(
            [_eb(h) for h in (("प्रकार", "Kind"), ("संदर्भ", "Reference"), ("नाम", "Name"),
                              ("कब से (IST)", "Since (IST)"), ("विवरण", "Detail"))],
            _attention_rows(data.attention))),
        _section("payout", _table(
            [_eb(("विक्रेता", "Vendor")), _eb(("नाम", "Name")), _eb(("देय राशि", "Amount due"))],
            [[_e(p.vendor_id), _name(p.name, p.vendor_id), rupees(p.due_paise)] for p in data.payouts],
            numeric={2}, foot=[_eb(("कुल", "Total")), "", rupees(sum(p.due_paise for p in data.payouts))])),
    ]
    return _page(title, "".join(parts)).encode("utf-8")


def _page(title: str, body: str) -> str:
    return ('<!DOCTYPE html><html lang="hi"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{title}</title><style>{CSS}</style></head><body>{body}</body></html>")


# ---- e-mail -----------------------------------------------------------------------------

def mail(data: ReportData, links: dict[str, str], expires_in: int) -> dict[str, str]:
    """Subject, plain text and HTML of the report e-mail: the headline figures and
    time-limited links to the full page and the CSV (never the page itself)."""
    hours = max(1, expires_in // 3600)
    expiry = (f"ये लिंक {hours} घंटे तक खुलेंगे।", f"These links work for {hours} hours.")
    labels = {"html": ("पूरी रिपोर्ट", "Full report"), "csv": ("स्प्रेडशीट (CSV)", "Spreadsheet (CSV)")}
    text = "\n".join([summary_text(data), "",
                      *(f"{_bi(labels[k])}: {url}" for k, url in links.items()), _bi(expiry)])
    link_html = "".join(f'<li><a href="{_e(url)}">{_eb(labels[k])}</a></li>' for k, url in links.items())
    notice = "" if data.totals.orders else f"<p>{_eb(NO_ORDERS)}</p>"
    html = _page(_e(subject(data)), f"<h1>{_e(subject(data))}</h1>{notice}"
                 f"{_pairs_table(_headline(data))}<ul>{link_html}</ul><p>{_eb(expiry)}</p>")
    return {"subject": subject(data), "text": text, "html": html}
