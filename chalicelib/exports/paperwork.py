"""The papers of one parcel going abroad: export invoice, CN22/CN23 customs data, postal bill
of export (PBE-III, filed online at the Dak Ghar Niryat Kendra; CBIC Circular 25/2022-Customs).

Pure: no AWS, no I/O. `build` gathers the facts once and every section reads the same line
rows, so the invoice, the customs form and the PBE cannot disagree. Money is integer paise;
foreign amounts are integer minor units of the buyer's currency, converted with Decimal at
the order's quoted rate (approximate: the card was charged in INR). The marketplace sells
abroad only under a LUT, so no IGST is ever charged here.
"""
from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation

from chalicelib.exports import rules
from chalicelib.exports.paperwork_html import render_html
from chalicelib.orders.invoice import IST, amount_in_words
from chalicelib.spreadsheet import safe_cell

__all__ = ["PaperworkError", "build", "render_html", "to_csv"]

LUT_DECLARATION = "Supply meant for export under LUT without payment of integrated tax"
INCOTERM = "DAP"
INCOTERM_TEXT = "DAP (Delivered at Place), destination duties and taxes payable by the consignee"
CN22_MAX_SDR = Decimal(300)          # UPU: CN22 up to 300 SDR of contents, CN23 above
UNIT = "NOS"                         # customs' unit quantity code for pieces
ORIGIN, ORIGIN_CODE = "India", "IN"
# Every maker is in Deoghar district; GST state code 20 is Jharkhand (the GSTIN starts with it)
DISTRICT, STATE, STATE_CODE = "Deoghar", "Jharkhand", "20"
SERVICES = {"ems": ("International Speed Post (EMS)", "EMS"),
            "itps": ("International Tracked Packet", "Tracked packet")}
PORT_OF_EXPORT = "Foreign Post Office (booked at the DNK)"
PAYMENT_CHANNEL = "Marketplace payment gateway (card, INR)"
HSN = re.compile(r"[0-9]{8}")
ADDRESS_KEYS = ("line1", "line2", "city", "state", "postal_code", "country")


class PaperworkError(ValueError):
    """The parcel cannot have export papers. `.code` is stable: not_an_export, hsn_not_for_export,
    exporter_incomplete, invalid_parcel."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def _whole(value, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise PaperworkError("invalid_parcel", f"{what} must be a whole number, 0 or more (got {value!r}).")
    return value


def _half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _fx(approx: dict | None) -> dict | None:
    """The quote's rate, plus its inverse: customs forms state INR per unit of the currency."""
    if not approx:
        return None
    try:
        per_inr, exponent = Decimal(str(approx["per_inr"])), approx["exponent"]
    except (KeyError, InvalidOperation):
        raise PaperworkError("invalid_parcel", f"The order's approx rate is unreadable: {approx!r}.") from None
    if not per_inr.is_finite() or per_inr <= 0 or not isinstance(exponent, int) or not 0 <= exponent <= 4:
        raise PaperworkError("invalid_parcel", f"The order's approx rate is unreadable: {approx!r}.")
    return {"currency": approx.get("currency"), "symbol": approx.get("symbol"), "exponent": exponent,
            "per_inr": str(approx["per_inr"]), "as_of": approx.get("as_of"),
            "inr_per_unit": str((1 / per_inr).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))}


def minor_units(paise: int, fx: dict | None) -> int | None:
    """round_half_up(paise / 100 * per_inr * 10**exponent), the contract's approximation."""
    if fx is None:
        return None
    return rules.to_minor(paise, fx["per_inr"], fx["exponent"])


def _destination(order: dict) -> str:
    dest = (order.get("quote") or {}).get("destination") or {}
    shipped = str((order.get("address") or {}).get("country") or "").upper()
    quoted = str(dest.get("country") or "").upper()
    if shipped and quoted and shipped != quoted:
        raise PaperworkError("invalid_parcel", f"The order ships to {shipped} but was quoted for {quoted}.")
    country = shipped or quoted or "IN"
    if country == "IN":
        raise PaperworkError("not_an_export", "This parcel stays in India: it has no export papers.")
    return country


def _issued(issued_at: str) -> date:
    try:
        dt = datetime.fromisoformat(str(issued_at))
    except ValueError:
        raise PaperworkError("invalid_parcel", f"issued_at is not an ISO date-time: {issued_at!r}.") from None
    return (dt.astimezone(IST) if dt.tzinfo else dt).date()   # Indian invoices are dated in IST


def _exporter(seller: dict) -> dict:
    missing = [k for k in ("iec", "gstin", "ad_code") if not seller.get(k)]
    if not (seller.get("lut") or {}).get("arn"):
        missing.append("lut.arn")
    if missing:
        raise PaperworkError("exporter_incomplete", f"The maker's export profile lacks {', '.join(missing)}.")
    name, village = seller.get("name") or {}, seller.get("village") or {}
    address = {"village": village.get("en"), "village_hi": village.get("hi"), "block": seller.get("block"),
               "district": DISTRICT, "state": STATE, "pincode": seller.get("pincode"), "country": ORIGIN}
    text = [village.get("en"), f"Block {seller.get('block')}" if seller.get("block") else None,
            DISTRICT, STATE, seller.get("pincode"), ORIGIN]
    return {"name": name.get("en"), "name_hi": name.get("hi"), "address": address,
            "address_text": ", ".join(str(t) for t in text if t), "iec": seller["iec"],
            "gstin": seller["gstin"], "ad_code": seller["ad_code"], "pan": seller.get("pan"),
            "state_code": STATE_CODE}


def _party(name, address: dict, country: str, contact: dict | None = None) -> dict:
    addr = {k: address.get(k) for k in ADDRESS_KEYS}
    addr["country"] = str(addr["country"] or country).upper()
    out = {"name": name, "address": addr, "country": addr["country"],
           "address_text": ", ".join(str(addr[k]) for k in ADDRESS_KEYS if addr[k])}
    if contact is not None:   # CN23 asks for the addressee's telephone and e-mail
        out.update(phone=contact.get("phone"), email=contact.get("email"))
    return out


def _buyer(order: dict, consignee: dict, country: str) -> dict | None:
    """The card's billing party, only when it is not the consignee (else the form repeats itself)."""
    billing = order.get("billing")
    if not billing:
        return None
    buyer = _party(billing.get("name"), billing, country)
    same = buyer["name"] == consignee["name"] and buyer["address"] == consignee["address"]
    return None if same else buyer


def _lut(seller: dict, on: date) -> dict:
    lut = seller["lut"]
    covers = None
    if lut.get("valid_from") and lut.get("valid_to"):   # ISO dates compare as text
        covers = lut["valid_from"] <= on.isoformat() <= lut["valid_to"]
    return {"arn": lut["arn"], "financial_year": lut.get("financial_year"), "valid_from": lut.get("valid_from"),
            "valid_to": lut.get("valid_to"), "covers_invoice_date": covers}


def _line(sr_no: int, line: dict, fx: dict | None) -> dict:
    hsn = line.get("hsn_code")
    name = line.get("name") or line.get("product_name") or {}
    if not isinstance(hsn, str) or not HSN.fullmatch(hsn):
        raise PaperworkError("hsn_not_for_export",
                             f"Line {sr_no} ({name.get('en')}) needs an 8-digit HSN for export, has {hsn!r}.")
    qty = _whole(line.get("quantity"), f"line {sr_no} quantity")
    if qty == 0:
        raise PaperworkError("invalid_parcel", f"Line {sr_no} has quantity 0.")
    # abroad the shopper paid the value without GST (taxable_paise == line_total_paise);
    # unit_price_paise is the Indian, GST-inclusive price, so the unit value is derived
    value = _whole(line.get("taxable_paise"), f"line {sr_no} taxable_paise")
    unit_value = _half_up(Decimal(value) / qty)
    row = {"sr_no": sr_no, "description": name.get("en"), "description_hi": name.get("hi"),
           "hs_code": hsn[:6], "hsn_code": hsn, "quantity": qty, "unit": UNIT,
           "unit_value_paise": unit_value, "value_paise": value,
           "unit_value_minor": minor_units(unit_value, fx), "value_minor": minor_units(value, fx),
           "net_weight_grams": _whole(line.get("weight_grams"), f"line {sr_no} weight_grams") * qty,
           "category": line.get("category"), "sku": line.get("variant_id") or line.get("product_id")}
    clearance = line.get("export_clearance")   # perishables: the inspection certificate, if given
    row["certificate"] = clearance.get("reference") if isinstance(clearance, dict) else None
    return row


def _sdr(goods_paise: int, sdr_per_inr: str | None) -> tuple[str, str | None]:
    """CN22 when the contents are worth at most 300 SDR; CN23 (the longer form) when unknown."""
    if sdr_per_inr is None:
        return "CN23", None
    try:
        value = Decimal(goods_paise) * Decimal(str(sdr_per_inr)) / 100
    except InvalidOperation:
        raise PaperworkError("invalid_parcel", f"sdr_per_inr is not a decimal: {sdr_per_inr!r}.") from None
    # shown rounded up, so a parcel a fraction over the limit never reads "300.00" on a CN23
    shown = str(value.quantize(Decimal("0.01"), rounding=ROUND_CEILING))
    return ("CN22" if value <= CN22_MAX_SDR else "CN23"), shown


def build(order: dict, parcel: dict, seller: dict, issued_at: str, sdr_per_inr: str | None) -> dict:
    """{"invoice", "customs", "pbe"}: plain JSON-able data. PaperworkError (a ValueError) when
    the parcel is not an export, a line has no 8-digit HSN, or the exporter profile is incomplete."""
    country = _destination(order)
    quote = order.get("quote") or {}
    fx = _fx(quote.get("approx"))
    on = _issued(issued_at)
    exporter = _exporter(seller)   # checks the LUT is there before _lut reads it
    lut = _lut(seller, on)
    contact = order.get("contact") or {}
    consignee = _party(contact.get("name"), order.get("address") or {}, country, contact)
    rows = [_line(i, line, fx) for i, line in enumerate(parcel.get("lines") or [], 1)]
    if not rows:
        raise PaperworkError("invalid_parcel", "The parcel has no lines.")
    fob = sum(r["value_paise"] for r in rows)
    freight = _whole(parcel.get("shipping_paise"), "parcel shipping_paise")
    # foreign totals add the rounded rows, so each column of the page adds up as printed
    fob_minor = None if fx is None else sum(r["value_minor"] for r in rows)
    freight_minor = minor_units(freight, fx)
    total_minor = None if fx is None else fob_minor + freight_minor
    net = sum(r["net_weight_grams"] for r in rows)
    gross = _whole(parcel.get("weight_grams"), "parcel weight_grams")
    service = parcel.get("service") or quote.get("service")
    service_name, article_type = SERVICES.get(service, (service, service))
    invoice_no, tracking = parcel.get("id"), parcel.get("tracking_number") or None
    currency = fx["currency"] if fx else None

    invoice = {
        "title": "Export Invoice", "invoice_number": invoice_no, "invoice_date": on.isoformat(),
        "issued_at": issued_at, "order_id": order.get("order_id"), "order_date": order.get("created_at"),
        "paid_at": order.get("paid_at"), "place_of_supply": "Outside India",
        "declaration": LUT_DECLARATION, "lut": lut, "exporter": exporter, "consignee": consignee,
        "buyer": _buyer(order, consignee, country), "destination_country": country,
        "lines": [{**r, "igst_rate_bp": 0, "igst_paise": 0} for r in rows],
        "fob_paise": fob, "freight_paise": freight, "igst_paise": 0, "total_paise": fob + freight,
        "fob_minor": fob_minor, "freight_minor": freight_minor, "total_minor": total_minor,
        "currency": currency, "fx": fx, "amount_in_words": amount_in_words(fob + freight),
        "net_weight_grams": net, "gross_weight_grams": gross, "country_of_origin": ORIGIN,
        "incoterm": INCOTERM, "incoterm_text": INCOTERM_TEXT,
    }
    form, value_sdr = _sdr(fob, sdr_per_inr)
    certificates = sorted({r["certificate"] for r in rows if r["certificate"]})
    customs = {
        "form": form, "value_sdr": value_sdr, "sdr_per_inr": None if sdr_per_inr is None else str(sdr_per_inr),
        "cn22_max_sdr": int(CN22_MAX_SDR), "category": "Sale of goods",
        "items": [{"description": r["description"], "description_hi": r["description_hi"],
                   "quantity": r["quantity"], "net_weight_grams": r["net_weight_grams"],
                   "value_paise": r["value_paise"], "value_minor": r["value_minor"],
                   "hs_tariff_number": r["hs_code"], "country_of_origin": ORIGIN_CODE} for r in rows],
        "total_net_weight_grams": net, "total_gross_weight_grams": gross,
        "total_value_paise": fob, "total_value_minor": fob_minor, "currency": currency, "fx": fx,
        "postal_charges_paise": freight, "postal_charges_minor": freight_minor,
        "sender": exporter, "addressee": consignee, "invoice_number": invoice_no,
        "licence": f"IEC {exporter['iec']}", "certificates": certificates,
        "comments": f"Export under LUT {lut['arn']} ({lut['financial_year']}); IEC {exporter['iec']}",
        "service": service, "service_name": service_name, "tracking_number": tracking,
    }
    pbe = {
        "form": "PBE-III", "filed_via": "Dak Ghar Niryat Kendra (DNK), online",
        "reference": "CBIC Circular 25/2022-Customs", "exporter": exporter,
        "lut_or_bond": "LUT", "lut": lut, "igst_payment_status": "Not applicable (LUT)",
        "consignee": {k: consignee[k] for k in ("name", "address", "address_text", "country")},
        "country_of_destination": country, "invoice_number": invoice_no, "invoice_date": on.isoformat(),
        "nature_of_transaction": "Sale",
        "items": [{"sr_no": r["sr_no"], "description": r["description"], "description_hi": r["description_hi"],
                   "cth": r["hsn_code"], "quantity": r["quantity"], "uqc": UNIT,
                   "unit_price_paise": r["unit_value_paise"], "fob_paise": r["value_paise"],
                   "unit_price_minor": r["unit_value_minor"], "fob_minor": r["value_minor"],
                   "exchange_rate": fx["inr_per_unit"] if fx else None, "net_weight_grams": r["net_weight_grams"],
                   "sku": r["sku"]} for r in rows],
        "total_fob_paise": fob, "total_fob_minor": fob_minor, "invoice_currency": "INR",
        "currency": currency, "exchange_rate": fx["inr_per_unit"] if fx else None, "fx": fx,
        "port_of_export": PORT_OF_EXPORT, "mail_article_type": article_type, "article_number": tracking,
        "gross_weight_grams": gross, "net_weight_grams": net, "country_of_origin": ORIGIN,
        "payment_realised_through": PAYMENT_CHANNEL,
        # the gateway's payment id: what the bank's realisation is matched against
        "payment_reference": order.get("payment_reference"),
    }
    return {"invoice": invoice, "customs": customs, "pbe": pbe}


def _major(minor: int | None, exponent: int) -> str:
    """Minor units as a plain decimal a spreadsheet reads as a number: 1240, 2 -> "12.40"."""
    return "" if minor is None else f"{Decimal(minor).scaleb(-exponent):.{exponent}f}"


CSV_COLUMNS = ("invoice_number", "invoice_date", "exporter_iec", "exporter_gstin", "ad_code", "lut_arn",
               "consignee_name", "consignee_country", "sr_no", "description", "description_hi", "cth",
               "hs_code", "quantity", "uqc", "unit_price_inr", "fob_inr", "currency", "exchange_rate_inr",
               "unit_price_foreign", "fob_foreign", "net_weight_grams", "gross_weight_grams",
               "country_of_origin", "mail_article_type", "article_number")


def to_csv(papers: dict) -> str:
    """One row per line: the PBE item fields with the parcel's fields repeated, money as plain
    decimals (rupees; the currency's own units). Text that a spreadsheet would run is neutralised."""
    pbe = papers["pbe"]
    fx = pbe.get("fx") or {}
    exp = fx.get("exponent", 2)
    head = {"invoice_number": pbe["invoice_number"], "invoice_date": pbe["invoice_date"],
            "exporter_iec": pbe["exporter"]["iec"], "exporter_gstin": pbe["exporter"]["gstin"],
            "ad_code": pbe["exporter"]["ad_code"], "lut_arn": pbe["lut"]["arn"],
            "consignee_name": pbe["consignee"]["name"], "consignee_country": pbe["country_of_destination"],
            "currency": pbe["currency"], "exchange_rate_inr": pbe["exchange_rate"],
            "gross_weight_grams": pbe["gross_weight_grams"], "country_of_origin": pbe["country_of_origin"],
            "mail_article_type": pbe["mail_article_type"], "article_number": pbe["article_number"]}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for item in pbe["items"]:
        row = {**head, **{k: item[k] for k in ("sr_no", "description", "description_hi", "cth",
                                               "quantity", "uqc", "net_weight_grams")},
               "hs_code": item["cth"][:6],
               "unit_price_inr": _major(item["unit_price_paise"], 2), "fob_inr": _major(item["fob_paise"], 2),
               "unit_price_foreign": _major(item["unit_price_minor"], exp),
               "fob_foreign": _major(item["fob_minor"], exp)}
        writer.writerow({k: "" if v is None else safe_cell(v) for k, v in row.items()})
    return out.getvalue()
