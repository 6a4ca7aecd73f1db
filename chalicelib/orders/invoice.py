"""Printable invoice for one parcel (one seller): a self-contained bilingual HTML5 document.

Pure: no AWS, no I/O. Money is integer paise. A GST-registered seller issues a Tax Invoice;
an unregistered one a Bill of Supply (no tax broken out). Exports are zero-rated under LUT.
Every value taken from the inputs is HTML-escaped.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from html import escape

IST = timezone(timedelta(hours=5, minutes=30))
DASH = "—"

_ONES = ("Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven",
         "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen")
_TENS = ("", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety")


def _int(v) -> int:
    if not isinstance(v, int) or isinstance(v, bool):
        raise TypeError(f"amount must be integer paise, got {v!r}")
    return v


def indian_grouping(n: int) -> str:
    """Indian digit grouping of a non-negative integer: 12345678 -> 1,23,45,678."""
    s = str(n)
    head = s[:-3]
    pairs = [head[max(0, i - 2):i] for i in range(len(head), 0, -2)][::-1]
    return ",".join([*pairs, s[-3:]])


def rupees(paise: int) -> str:
    paise = _int(paise)
    sign = "-" if paise < 0 else ""
    r, p = divmod(abs(paise), 100)
    return f"{sign}₹{indian_grouping(r)}.{p:02d}"


def _below_100(n: int) -> str:
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


def _below_1000(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    return " ".join(p for p in (f"{_ONES[hundreds]} Hundred" if hundreds else "",
                                 _below_100(rest) if rest else "") if p)


def _words(n: int) -> str:
    """Indian system: crore, lakh, thousand; above 99 crore the crore count recurses."""
    if n == 0:
        return "Zero"
    crores, n = divmod(n, 10_000_000)
    lakhs, n = divmod(n, 100_000)
    thousands, n = divmod(n, 1_000)
    parts = [f"{_words(crores)} Crore" if crores else "", f"{_below_100(lakhs)} Lakh" if lakhs else "",
             f"{_below_100(thousands)} Thousand" if thousands else "", _below_1000(n) if n else ""]
    return " ".join(p for p in parts if p)


def amount_in_words(paise: int) -> str:
    paise = _int(paise)
    sign = "Minus " if paise < 0 else ""
    r, p = divmod(abs(paise), 100)
    text = f"{sign}Rupees {_words(r)}"
    if p:
        text += f" and {_words(p)} {'Paisa' if p == 1 else 'Paise'}"
    return text + " Only"


def percent(bp: int) -> str:
    whole, frac = divmod(_int(bp), 100)
    return f"{whole}%" if not frac else f"{whole}.{frac:02d}".rstrip("0") + "%"


def date_text(iso) -> str:
    """'2024-05-01T04:30:00Z' -> '01 May 2024' (IST), HTML-safe; unparseable text is shown as given."""
    try:
        dt = datetime.fromisoformat(str(iso))
    except ValueError:
        return escape(str(iso or ""))
    if dt.tzinfo is not None:
        dt = dt.astimezone(IST)
    return dt.strftime("%d %b %Y")


def html_text(v) -> str:
    """Any value as HTML-escaped text (quotes too, so it is safe in attributes); None -> ""."""
    return "" if v is None else escape(str(v), quote=True)


_date, _e = date_text, html_text   # the short names this module's templates use


def _money(paise: int) -> str:  # zero tax columns show a dash
    return DASH if paise == 0 else rupees(paise)


CSS = """@page { size: A4; margin: 12mm; } * { box-sizing: border-box; }
body { font-family: "Noto Sans", "Noto Sans Devanagari", Mangal, Arial, sans-serif; font-size: 10pt; margin: 0; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 6pt; }
table { width: 100%; border-collapse: collapse; margin-bottom: 8pt; } .meta td { padding: 2pt 4pt; }
.parties td { vertical-align: top; width: 50%; border: 1px solid #999; padding: 6pt; }
.items th, .items td { border: 1px solid #999; padding: 3pt 4pt; } .items th { background: #eee; font-size: 8.5pt; }
.num { text-align: right; white-space: nowrap; } .small { font-size: 8.5pt; color: #444; }
table.totals { width: 55%; margin-left: auto; } .totals td { padding: 2pt 4pt; border-bottom: 1px solid #ddd; }
.grand td { font-weight: bold; border-top: 2px solid #111; } .note { border: 1px dashed #999; padding: 4pt 6pt; }
@media print { .items thead { display: table-header-group; } tr { page-break-inside: avoid; } }"""


def _seller_block(seller: dict) -> str:
    name, village = seller.get("name") or {}, seller.get("village") or {}
    rows = [f"<strong>{_e(name.get('en'))}</strong><br>{_e(name.get('hi'))}",
            f"{_e(village.get('en'))} / {_e(village.get('hi'))}, Block {_e(seller.get('block'))}",
            "Deoghar, Jharkhand / देवघर, झारखंड"]
    if seller.get("is_shg"):
        rows.append("Self-Help Group / स्वयं सहायता समूह")
    if seller.get("gstin"):
        rows.append(f"GSTIN: {_e(seller['gstin'])}")
    if seller.get("enrolment_number"):
        rows.append(f"GST enrolment no. / जीएसटी नामांकन संख्या: {_e(seller['enrolment_number'])}")
    if seller.get("udyam"):
        rows.append(f"Udyam: {_e(seller['udyam'])}")
    rows.append('<span class="small">Marketplace: DeogharMart, Deoghar district administration'
                " / बाज़ार: देवघरमार्ट, देवघर ज़िला प्रशासन</span>")
    return "<br>".join(rows)


def _buyer_block(order: dict) -> str:
    c, a = order.get("contact") or {}, order.get("address") or {}
    rows = [f"<strong>{_e(c.get('name'))}</strong>", _e(a.get("line1"))]
    if a.get("line2"):
        rows.append(_e(a["line2"]))
    rows.append(", ".join(_e(a.get(k)) for k in ("city", "state", "pincode") if a.get(k)))
    rows.append(_e(a.get("country")))
    contact = " · ".join(_e(c.get(k)) for k in ("phone", "email") if c.get(k))
    if contact:
        rows.append(contact)
    return "<br>".join(r for r in rows if r)


def render_invoice(order: dict, parcel: dict, seller: dict, issued_at: str) -> str:
    dest = (order.get("quote") or {}).get("destination") or {}
    export = dest.get("zone") == "abroad" or (dest.get("country") or "IN").upper() != "IN"
    status = seller.get("gst_status") or ("registered" if seller.get("gstin") else "unregistered")
    registered = status == "registered"   # composition and unregistered: a bill of supply
    if export:
        supply = f"Export (zero-rated under LUT) — {_e(dest.get('country'))}"
    else:
        state = dest.get("state") or (order.get("address") or {}).get("state") or ""
        supply = _e(str(state).title())
    title = "Tax Invoice / कर बीजक" if registered else "Bill of Supply / आपूर्ति का बिल"
    lines = parcel.get("lines") or []
    shipping = _int(parcel.get("shipping_paise", 0))
    tot = {k: sum(_int(l.get(k, 0)) for l in lines)
           for k in ("line_total_paise", "taxable_paise", "cgst_paise", "sgst_paise", "igst_paise")}
    grand = tot["line_total_paise"] + shipping

    tax_heads = ("<th>Taxable value<br>कर योग्य मूल्य</th><th>GST rate<br>दर</th><th>CGST</th>"
                 "<th>SGST</th><th>IGST</th>") if registered else ""
    head = (f"<tr><th>#</th><th>Item<br>वस्तु</th><th>HSN</th><th>Qty<br>मात्रा</th>"
            f"<th>Unit price<br>इकाई मूल्य</th>{tax_heads}<th>Line total<br>कुल</th></tr>")
    body = []
    for i, l in enumerate(lines, 1):
        nm = l.get("name") or {}
        tax_cells = (f'<td class="num">{rupees(_int(l["taxable_paise"]))}</td>'
                     f'<td class="num">{_e(percent(l["gst_rate_bp"]))}</td>'
                     + "".join(f'<td class="num">{_money(_int(l[k]))}</td>'
                               for k in ("cgst_paise", "sgst_paise", "igst_paise"))) if registered else ""
        body.append(f'<tr><td class="num">{i}</td><td>{_e(nm.get("en"))}<br>{_e(nm.get("hi"))}</td>'
                    f'<td>{_e(l.get("hsn_code"))}</td><td class="num">{_e(l.get("quantity"))}</td>'
                    f'<td class="num">{rupees(_int(l["unit_price_paise"]))}</td>{tax_cells}'
                    f'<td class="num">{rupees(_int(l["line_total_paise"]))}</td></tr>')

    def row(label: str, value: str, cls: str = "") -> str:
        c = f' class="{cls}"' if cls else ""
        return f'<tr{c}><td>{label}</td><td class="num">{value}</td></tr>'

    summary = []
    if registered:
        summary += [row("Taxable value / कर योग्य मूल्य", rupees(tot["taxable_paise"])),
                    row("CGST / केंद्रीय जीएसटी", _money(tot["cgst_paise"])),
                    row("SGST / राज्य जीएसटी", _money(tot["sgst_paise"])),
                    row("IGST / एकीकृत जीएसटी", _money(tot["igst_paise"]))]
    summary += [row("Items total / सामान का योग", rupees(tot["line_total_paise"])),
                row("Shipping / डाक शुल्क", rupees(shipping))]
    summary.append(row("Grand total / कुल देय राशि", rupees(grand), "grand"))

    notes = []
    if status == "composition":
        notes.append("Composition taxable person, not eligible to collect tax on supplies. "
                     "/ कंपोज़िशन करदाता, आपूर्ति पर कर वसूलने के पात्र नहीं।")
    elif not registered:
        notes.append("The seller is not registered under GST; prices include applicable taxes. "
                     "/ विक्रेता जीएसटी में पंजीकृत नहीं है; मूल्यों में लागू कर शामिल हैं।")
    if export:
        notes.append("Supply meant for export under LUT without payment of integrated tax. "
                     "/ निर्यात हेतु आपूर्ति, LUT के अंतर्गत बिना एकीकृत कर (आईजीएसटी) भुगतान के।")
    notes_html = "".join(f'<p class="note">{n}</p>' for n in notes)

    return f"""<!DOCTYPE html>
<html lang="hi">
<head>
<meta charset="utf-8">
<title>{_e(title)} {_e(parcel.get("id"))}</title>
<style>{CSS}</style>
</head>
<body>
<h1>{title}</h1>
<table class="meta">
<tr><td>Invoice no. / बीजक संख्या: <strong>{_e(parcel.get("id"))}</strong></td>
<td>Invoice date / बीजक तिथि: {_date(issued_at)}</td></tr>
<tr><td>Order ID / ऑर्डर संख्या: {_e(order.get("order_id"))}</td>
<td>Order date / ऑर्डर तिथि: {_date(order.get("created_at"))}</td></tr>
<tr><td colspan="2">Place of supply / आपूर्ति का स्थान: <strong>{supply}</strong></td></tr>
</table>
<table class="parties">
<tr><td><div class="small">Sold by / विक्रेता</div>{_seller_block(seller)}</td>
<td><div class="small">Ship to / प्राप्तकर्ता</div>{_buyer_block(order)}</td></tr>
</table>
<table class="items">
<thead>{head}</thead>
<tbody>
{chr(10).join(body)}
</tbody>
</table>
<table class="totals">
{chr(10).join(summary)}
</table>
<p><strong>Amount in words / राशि शब्दों में:</strong> {_e(amount_in_words(grand))}</p>
{notes_html}
<p class="small">Computer-generated document; no signature required. / यह कंप्यूटर द्वारा बनाया गया दस्तावेज़ है; हस्ताक्षर आवश्यक नहीं।</p>
</body>
</html>
"""
