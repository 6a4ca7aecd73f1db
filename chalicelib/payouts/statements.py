"""A maker's statement for a month: what was sold and returned, the value without GST, GST
on the sales, commission and GST on it, TCS by head, TDS, what was paid (with UTRs) and
what is still held — as data, a printable page in Hindi and English, and CSV.

Read without scanning: the month's figures are the maker's TAXMONTH item (moved with every
ledger entry), the payouts are the maker's payout lines (`by_vendor`, PAYOUTS#<vid>).
"""
from __future__ import annotations

import csv
import html
import io
import re

from chalicelib.db.order_models import LedgerItem
from chalicelib.db.payout_models import PayoutLineItem, TaxMonthItem, bind
from chalicelib.errors import InvalidInput, NotFound
from chalicelib.orders.invoice import CSS, rupees
from chalicelib.payouts import ledger
from chalicelib.payouts.bank import rupees as plain_rupees
from chalicelib.stats.counters import day_of

MONTH = re.compile(r"^20\d{2}-(0[1-9]|1[0-2])$")
# (field, English, Hindi): the statement's rows, in order
ROWS = (
    ("gross_paise", "Sales (GST included)", "बिक्री (जीएसटी सहित)"),
    ("returned_paise", "Returns", "वापसी"),
    ("taxable_paise", "Value of sales without GST", "जीएसटी रहित बिक्री मूल्य"),
    ("returned_taxable_paise", "Returns without GST", "जीएसटी रहित वापसी"),
    ("sales_gst_paise", "GST on your sales (yours to pay)", "आपकी बिक्री पर जीएसटी (आपको जमा करना है)"),
    ("commission_paise", "Commission", "कमीशन"),
    ("commission_gst_paise", "GST on commission (18 %)", "कमीशन पर जीएसटी (18 %)"),
    ("tcs_cgst_paise", "GST TCS — CGST", "जीएसटी टीसीएस — सीजीएसटी"),
    ("tcs_sgst_paise", "GST TCS — SGST", "जीएसटी टीसीएस — एसजीएसटी"),
    ("tcs_igst_paise", "GST TCS — IGST", "जीएसटी टीसीएस — आईजीएसटी"),
    ("tds_paise", "Income-tax TDS (s.194-O)", "आयकर टीडीएस (धारा 194-O)"),
    ("net_paise", "Net earned this month", "इस महीने की शुद्ध कमाई"),
    ("paid_paise", "Paid to your bank this month", "इस महीने बैंक में भेजा गया"),
)


def check_month(month: str | None) -> str:
    month = month or day_of()[:7]
    if not MONTH.match(month):
        raise InvalidInput("month must look like 2026-12", code="invalid_month")
    return month


PAYOUT_FIELDS = ("gross_paise", "returned_paise", "taxable_paise", "commission_paise",
                 "commission_gst_paise", "tcs_paise", "tds_paise", "net_paise")


def _entries(line: PayoutLineItem) -> list[LedgerItem]:
    """The ledger entries a payout line paid (one BatchGet per 100)."""
    keys = [(f"LEDGER#{line.vendor_id}", sk.split("#", 1)[1]) for sk in line.entries or []]
    return list(LedgerItem.batch_get(keys)) if keys else []


def _row(e: LedgerItem) -> dict:
    n = lambda f: int(getattr(e, f) or 0)  # noqa: E731
    credit = e.kind == "credit_delivery"
    return {"gross_paise": n("gross_paise") if credit else 0,
            "returned_paise": 0 if credit else -n("gross_paise"),
            "taxable_paise": n("taxable_paise"), "commission_paise": n("commission_paise"),
            "commission_gst_paise": n("commission_gst_paise"),
            "tcs_paise": n("tcs_cgst_paise") + n("tcs_sgst_paise") + n("tcs_igst_paise"),
            "tds_paise": n("tds_paise"), "net_paise": n("amount_paise")}


def _sum(entries: list[LedgerItem]) -> dict:
    rows = [_row(e) for e in entries]
    return {f: sum(r[f] for r in rows) for f in PAYOUT_FIELDS}


def payout(vendor, run_id: str) -> dict:
    """The statement of one payout: each parcel it paid (or took back), with the
    deductions, adding up to the amount sent and its UTR."""
    bind()
    try:
        line = PayoutLineItem.get(f"PAYOUTRUN#{run_id}", f"LINE#{vendor.id}", consistent_read=True)
    except PayoutLineItem.DoesNotExist:
        raise NotFound("no payout of this maker in that run", code="payout_not_found") from None
    entries = sorted(_entries(line), key=lambda e: e.at)
    return {"vendor_id": vendor.id, "run_id": run_id, "status": line.status, "utr": line.utr,
            "paid_at": line.settled_at, "amount_paise": int(line.amount_paise),
            "parcels": [{"parcel_id": e.parcel_id, "order_id": e.order_id, "kind": e.kind,
                         "day": e.day, "paid_by": e.paid_by, **_row(e)} for e in entries],
            "figures": _sum(entries), "by_payment": _by_payment(entries)}


def _by_payment(entries: list[LedgerItem]) -> dict:
    """Net paid out by how the buyers paid (<gateway>:<method>): what came through
    Razorpay or Stripe and what the courier collected in cash."""
    out: dict[str, int] = {}
    for e in entries:
        key = e.paid_by or "unknown"
        out[key] = out.get(key, 0) + int(e.amount_paise or 0)
    return out


def monthly(vendor, month: str | None) -> dict:
    month = check_month(month)
    bind()
    try:
        item = TaxMonthItem.get(*ledger.month_key(vendor.id, month + "-01"), consistent_read=True)
    except TaxMonthItem.DoesNotExist:
        item = None
    figures = {f: int(getattr(item, f) or 0) if item else 0 for f, _, _ in ROWS}
    payouts = [{"run_id": l.run_id, "amount_paise": int(l.amount_paise), "utr": l.utr,
                "paid_at": l.settled_at, "parcels": len(l.entries or []),
                "figures": _sum(_entries(l))}
               for l in PayoutLineItem.by_vendor.query(f"PAYOUTS#{vendor.id}")
               if l.status == "paid" and (l.settled_at or "")[:7] == month]
    earned = ledger.earnings(vendor.id)
    return {"vendor_id": vendor.id, "month": month,
            "maker": {"name": {"en": vendor.name.en, "hi": vendor.name.hi},
                      "gst_status": vendor.gst_status, "gstin": vendor.gstin,
                      "enrolment_number": vendor.enrolment_number,
                      "pan": ("XXXXXX" + vendor.pan[-4:]) if vendor.pan else None},
            "parcels": int(item.parcels or 0) if item else 0, "figures": figures,
            "tcs_paise": figures["tcs_cgst_paise"] + figures["tcs_sgst_paise"] +
            figures["tcs_igst_paise"],
            "payouts": payouts, "held_paise": earned["held_paise"],
            "held_until": earned["held_until"], "payable_paise": earned["payable_paise"]}


def as_csv(statement: dict) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["maker", statement["vendor_id"], "month", statement["month"]])
    w.writerow(["item", "मद", "rupees"])
    for field, en, hi in ROWS:
        paise = statement["figures"][field]
        w.writerow([en, hi, plain_rupees(paise)])
    w.writerow([])
    w.writerow(["payout run", "UTR", "paid at", "parcels", *PAYOUT_FIELDS, "paid"])
    for p in statement["payouts"]:
        w.writerow([p["run_id"], p["utr"], p["paid_at"], p["parcels"],
                    *(plain_rupees(p["figures"][f]) for f in PAYOUT_FIELDS), plain_rupees(p["amount_paise"])])
    return out.getvalue()


def as_html(statement: dict) -> str:
    e = html.escape
    m = statement["maker"]
    ident = (f"GSTIN {e(m['gstin'])}" if m["gstin"] else
             f"GST enrolment / जीएसटी नामांकन {e(m['enrolment_number'] or '—')}")
    rows = "".join(f'<tr><td>{e(en)}<br><span class="small">{e(hi)}</span></td>'
                   f'<td class="num">{rupees(statement["figures"][f])}</td></tr>'
                   for f, en, hi in ROWS)
    paid = "".join(f'<tr><td>{e(p["run_id"])}<br>{e(p["utr"] or "")}</td>'
                   f'<td>{e((p["paid_at"] or "")[:10])}</td>'
                   f'<td class="num">{rupees(p["figures"]["gross_paise"] - p["figures"]["returned_paise"])}</td>'
                   f'<td class="num">{rupees(p["figures"]["net_paise"] - p["figures"]["gross_paise"] + p["figures"]["returned_paise"])}</td>'
                   f'<td class="num">{rupees(p["amount_paise"])}</td></tr>'
                   for p in statement["payouts"]) or \
        '<tr><td colspan="5">No payout this month / इस महीने कोई भुगतान नहीं</td></tr>'
    held = (f'<p>On hold for the return window / वापसी अवधि के लिए रुका: '
            f'<strong>{rupees(statement["held_paise"])}</strong> '
            f'(until / तक {e((statement["held_until"] or "")[:10])})</p>'
            if statement["held_paise"] else "")
    return f"""<!DOCTYPE html>
<html lang="hi"><head><meta charset="utf-8">
<title>Statement / विवरण {e(statement["vendor_id"])} {e(statement["month"])}</title>
<style>{CSS}</style></head>
<body>
<h1>Statement of earnings / कमाई का विवरण — {e(statement["month"])}</h1>
<p><strong>{e(m["name"]["en"])}</strong> / {e(m["name"]["hi"])}<br>{ident}
{('<br>PAN ' + e(m["pan"])) if m["pan"] else '<br>PAN not given: TDS at 5 % / पैन नहीं दिया: 5 % टीडीएस'}</p>
<table class="totals">{rows}</table>
<h2>Payouts / भुगतान</h2>
<table class="items"><thead><tr><th>Run, UTR / सूची, UTR</th><th>Date / तिथि</th>
<th>Sales less returns / बिक्री − वापसी</th><th>Deductions / कटौती</th>
<th>Paid / भेजा</th></tr></thead><tbody>{paid}</tbody></table>
{held}
<p class="small">DeogharMart, Deoghar district administration, collects GST TCS (s.52 CGST Act)
and deducts income-tax TDS (s.194-O) on your sales and deposits them in your name: claim them in
your returns. / देवघरमार्ट आपकी बिक्री पर जीएसटी टीसीएस और आयकर टीडीएस काटकर आपके नाम से जमा करता है;
अपने रिटर्न में इनका दावा करें।</p>
</body></html>
"""
