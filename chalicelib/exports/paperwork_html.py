"""The printable page of a parcel's export papers (built by exports/paperwork.build): export
invoice, CN22/CN23 declaration data and the PBE-III fields, each section on its own A4 sheet.

Pure. English first (customs and the foreign buyer read it), short Hindi labels for the maker.
Every value from the papers is HTML-escaped here: names, addresses and references were typed
by shoppers and makers. Only the page's own labels and formatted numbers are written raw.
"""
from __future__ import annotations

from decimal import Decimal

from chalicelib.orders.invoice import CSS, DASH, date_text, html_text, indian_grouping, rupees

PAGE_CSS = CSS + """
h2 { font-size: 13pt; margin: 0 0 6pt; border-bottom: 2px solid #111; padding-bottom: 2pt; }
section + section { page-break-before: always; break-before: page; }
.kv td { border-bottom: 1px solid #ddd; padding: 2pt 4pt; vertical-align: top; }
.kv td:first-child { width: 36%; color: #333; }
.parties { table-layout: fixed; } .parties td { width: auto; }  /* a buyer makes three columns */
.warn { border: 2px solid #a00; padding: 4pt 6pt; }
@media screen { body { max-width: 210mm; margin: 0 auto; padding: 8mm; } }"""
NUM, GRAND = ' class="num"', ' class="grand"'


class Html(str):
    """Text that is already HTML (money, dates, markup built here): not escaped again."""


def _v(value) -> str:
    return value if isinstance(value, Html) else html_text(DASH if value in (None, "") else value)


def _inr(paise) -> Html:
    return Html(DASH if paise is None else rupees(paise))


def _foreign(minor, fx) -> Html:
    """"US$12.40": the quote's symbol, the currency's own decimals; a dash without a rate."""
    if minor is None or not fx:
        return Html(DASH)
    exp = fx["exponent"]
    amount = format(Decimal(minor).scaleb(-exp), f",.{exp}f")
    return Html(f"{html_text(fx.get('symbol') or fx.get('currency'))}{amount}")


def _grams(g) -> Html:
    return Html(DASH if g is None else f"{indian_grouping(g)} g")


def _kv(rows) -> str:
    body = "".join(f"<tr><td>{label}</td><td>{_v(value)}</td></tr>" for label, value in rows)
    return f'<table class="kv">{body}</table>'


def _table(head, rows, numeric=()) -> str:
    th = "".join(f"<th>{h}</th>" for h in head)
    trs = "".join("<tr>" + "".join(f'<td{NUM if i in numeric else ""}>{_v(c)}</td>'
                                   for i, c in enumerate(r)) + "</tr>" for r in rows)
    return f'<table class="items"><thead><tr>{th}</tr></thead><tbody>{trs}</tbody></table>'


def _lines(*parts) -> Html:
    return Html("<br>".join(_v(p) for p in parts if p not in (None, "")))


def _exporter(x: dict) -> Html:
    a = x["address"]
    return Html(f"<strong>{_v(x['name'])}</strong><br>" + _lines(
        x.get("name_hi"), x["address_text"], f"{a.get('village_hi') or ''}, देवघर, झारखंड".lstrip(", "),
        f"IEC: {x['iec']}", f"GSTIN: {x['gstin']}", f"AD code: {x['ad_code']}"))


def _party(p: dict | None) -> Html:
    if not p:
        return Html(DASH)
    a = p["address"]
    contact = " · ".join(str(p[k]) for k in ("phone", "email") if p.get(k))
    return Html(f"<strong>{_v(p['name'])}</strong><br>" + _lines(
        a.get("line1"), a.get("line2"), ", ".join(str(a[k]) for k in ("city", "state", "postal_code") if a.get(k)),
        p["country"], contact))


def _rate(fx) -> str:
    if not fx:
        return "No exchange rate on the order: amounts in INR only."
    return (f"1 INR = {html_text(fx['per_inr'])} {html_text(fx['currency'])} (1 {html_text(fx['currency'])} = "
            f"₹{html_text(fx['inr_per_unit'])}), marketplace rate of {date_text(fx['as_of'])}. Foreign amounts "
            "are approximate: the buyer paid in INR. / विदेशी मुद्रा की राशि अनुमानित है; भुगतान रुपये में हुआ।")


def _invoice(inv: dict) -> str:
    fx, lut = inv["fx"], inv["lut"]
    cur = html_text(inv["currency"] or "")
    warn = ""
    if lut["covers_invoice_date"] is False:
        warn = (f'<p class="warn">The LUT is valid {date_text(lut["valid_from"])} to {date_text(lut["valid_to"])}, '
                "not on the invoice date: file a new LUT before shipping. / LUT इस तिथि पर मान्य नहीं है।</p>")
    meta = _kv([
        ("Invoice no. / बीजक संख्या", Html(f"<strong>{html_text(inv['invoice_number'])}</strong>")),
        ("Invoice date / बीजक तिथि", Html(date_text(inv["issued_at"]))),
        ("Order / ऑर्डर", Html(f"{html_text(inv['order_id'])} ({date_text(inv['order_date'])})")),
        ("Place of supply / आपूर्ति का स्थान", inv["place_of_supply"]),
        ("Country of destination / गंतव्य देश", inv["destination_country"]),
        ("Terms of delivery / डिलीवरी शर्तें", inv["incoterm_text"]),
        ("Country of origin / मूल देश", inv["country_of_origin"])])
    parties = [("Exporter / निर्यातक", _exporter(inv["exporter"])),
               ("Consignee / प्राप्तकर्ता", _party(inv["consignee"]))]
    if inv["buyer"]:
        parties.append(("Buyer (billing) / खरीदार", _party(inv["buyer"])))
    parties_html = "<table class=\"parties\"><tr>" + "".join(
        f'<td><div class="small">{label}</div>{body}</td>' for label, body in parties) + "</tr></table>"
    items = _table(
        ["#", "Description / विवरण", "HS code", "ITC-HS (HSN)", "Qty / मात्रा", "Unit", "Unit value ₹",
         "Value ₹ / मूल्य", f"Value {cur}", "IGST"],
        [[l["sr_no"], _lines(l["description"], l["description_hi"]), l["hs_code"], l["hsn_code"], l["quantity"],
          l["unit"], _inr(l["unit_value_paise"]), _inr(l["value_paise"]), _foreign(l["value_minor"], fx),
          _inr(l["igst_paise"])] for l in inv["lines"]], numeric={0, 4, 6, 7, 8, 9})
    totals = "".join(f'<tr{GRAND if grand else ""}><td>{label}</td><td class="num">{_inr(p)}</td>'
                     f'<td class="num">{_foreign(m, fx)}</td></tr>' for label, p, m, grand in (
                         ("FOB value (goods) / माल का मूल्य", inv["fob_paise"], inv["fob_minor"], False),
                         ("Freight (postage) / डाक शुल्क", inv["freight_paise"], inv["freight_minor"], False),
                         ("IGST / एकीकृत जीएसटी", inv["igst_paise"], None, False),
                         ("Invoice total / कुल", inv["total_paise"], inv["total_minor"], True)))
    return f"""<section>
<h1>Export Invoice / निर्यात बीजक</h1>
<p class="note"><strong>{html_text(inv["declaration"])}</strong><br>LUT ARN {html_text(lut["arn"])},
financial year {html_text(lut["financial_year"])} / LUT के अंतर्गत निर्यात, आईजीएसटी का भुगतान नहीं।</p>
{warn}{meta}{parties_html}{items}
<table class="totals">{totals}</table>
<p><strong>Amount in words / राशि शब्दों में:</strong> {html_text(inv["amount_in_words"])}</p>
<p>Net weight / शुद्ध वज़न: {_grams(inv["net_weight_grams"])} · Gross weight / कुल वज़न:
{_grams(inv["gross_weight_grams"])}</p>
<p class="small">{_rate(fx)}</p>
<p class="small">We declare that this invoice shows the actual price of the goods described and that all
particulars are true and correct. Computer-generated; no signature required.</p>
</section>"""


def _customs(c: dict) -> str:
    fx = c["fx"]
    sdr = f"{c['value_sdr']} SDR" if c["value_sdr"] else "SDR rate unknown: CN23 used"
    head = _kv([
        ("Category of item / वस्तु की श्रेणी", Html(f"☑ {html_text(c['category'])}")),
        ("Sender / प्रेषक", _exporter(c["sender"])), ("Addressee / प्राप्तकर्ता", _party(c["addressee"])),
        ("Value of contents / मूल्य", Html(f"{_inr(c['total_value_paise'])} · {_foreign(c['total_value_minor'], fx)}"
                                           f" · {html_text(sdr)} (CN22 up to {c['cn22_max_sdr']} SDR)")),
        ("Postal charges / डाक शुल्क", Html(f"{_inr(c['postal_charges_paise'])} · "
                                            f"{_foreign(c['postal_charges_minor'], fx)}")),
        ("Total gross weight / कुल वज़न", _grams(c["total_gross_weight_grams"])),
        ("Invoice / बीजक", c["invoice_number"]), ("Licence / लाइसेंस", c["licence"]),
        ("Certificates / प्रमाणपत्र", ", ".join(c["certificates"])), ("Comments / टिप्पणी", c["comments"]),
        ("Service / सेवा", c["service_name"]), ("Tracking number / ट्रैकिंग संख्या", c["tracking_number"])])
    items = _table(
        ["Detailed description / विवरण", "Quantity", "Net weight", "Value ₹", f"Value {html_text(c['currency'] or '')}",
         "HS tariff no.", "Country of origin"],
        [[_lines(i["description"], i["description_hi"]), i["quantity"], _grams(i["net_weight_grams"]),
          _inr(i["value_paise"]), _foreign(i["value_minor"], fx), i["hs_tariff_number"], i["country_of_origin"]]
         for i in c["items"]], numeric={1, 2, 3, 4})
    return (f"<section>\n<h2>{html_text(c['form'])} customs declaration data / सीमा शुल्क घोषणा</h2>\n"
            f"{head}{items}</section>")


def _pbe(p: dict) -> str:
    fx, x, lut = p["fx"], p["exporter"], p["lut"]
    cur = html_text(p["currency"] or "")
    rate = Html(f"₹{html_text(p['exchange_rate'])} per 1 {cur} ({date_text(fx['as_of'])})") if fx else None
    head = _kv([
        ("Form / प्रपत्र", f"{p['form']}, {p['filed_via']} ({p['reference']})"),
        ("Exporter IEC", x["iec"]), ("GSTIN", x["gstin"]), ("State code", x["state_code"]),
        ("AD code", x["ad_code"]), ("Exporter / निर्यातक", _lines(x["name"], x["name_hi"], x["address_text"])),
        ("LUT / bond", Html(f"{html_text(p['lut_or_bond'])} ARN {html_text(lut['arn'])}, FY "
                            f"{html_text(lut['financial_year'])} ({date_text(lut['valid_from'])} – "
                            f"{date_text(lut['valid_to'])})")),
        ("IGST payment status", p["igst_payment_status"]),
        ("Consignee / प्राप्तकर्ता", _lines(p["consignee"]["name"], p["consignee"]["address_text"])),
        ("Country of destination", p["country_of_destination"]),
        ("Invoice no. and date", Html(f"{html_text(p['invoice_number'])}, {date_text(p['invoice_date'])}")),
        ("Nature of transaction", p["nature_of_transaction"]), ("Port of export", p["port_of_export"]),
        ("Mail article type", p["mail_article_type"]), ("Article number", p["article_number"]),
        ("Gross weight / net weight", Html(f"{_grams(p['gross_weight_grams'])} / {_grams(p['net_weight_grams'])}")),
        ("Country of origin", p["country_of_origin"]),
        ("Invoice currency; foreign currency", f"{p['invoice_currency']}; {p['currency'] or DASH}"),
        ("Exchange rate (INR per unit)", rate),
        ("Total FOB", Html(f"{_inr(p['total_fob_paise'])} · {_foreign(p['total_fob_minor'], fx)}")),
        ("Payment realised through", p["payment_realised_through"]),
        ("Payment reference", p.get("payment_reference"))])
    items = _table(
        ["Sr", "Description / विवरण", "CTH", "Qty", "UQC", "Unit price ₹", "FOB ₹", f"Unit price {cur}",
         f"FOB {cur}", "Exch. rate"],
        [[i["sr_no"], _lines(i["description"], i["description_hi"]), i["cth"], i["quantity"], i["uqc"],
          _inr(i["unit_price_paise"]), _inr(i["fob_paise"]), _foreign(i["unit_price_minor"], fx),
          _foreign(i["fob_minor"], fx), i["exchange_rate"]] for i in p["items"]], numeric={0, 3, 5, 6, 7, 8, 9})
    return f"<section>\n<h2>Postal bill of export (PBE-III) fields / डाक निर्यात बिल</h2>\n{head}{items}</section>"


def render_html(papers: dict) -> str:
    inv = papers["invoice"]
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Export papers {html_text(inv["invoice_number"])}</title>
<style>{PAGE_CSS}</style>
</head>
<body>
{_invoice(inv)}
{_customs(papers["customs"])}
{_pbe(papers["pbe"])}
</body>
</html>
"""
