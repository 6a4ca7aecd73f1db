"""The office's tax workings as the e-commerce operator, from the makers' months
(TAXMONTH#<month>: one query a month, never a scan):

- GSTR-8 (monthly, by the 10th): per supplier GSTIN, supplies and returns without GST, the
  net, TCS by head; makers without registration (enrolment number) listed apart — they are
  reported, nothing is collected from them.
- Form 26Q (quarterly): per PAN, the amount credited (the TDS base), the rate, the TDS;
  makers without PAN apart, at 5 %.
CSV for each, also kept in the private reports bucket (tax/...) behind a time-limited link.
"""
from __future__ import annotations

import csv
import io
import re
from collections import defaultdict

from chalicelib.db.payout_models import TaxMonthItem, bind
from chalicelib.errors import InvalidInput
from chalicelib.payouts.bank import rupees
from chalicelib.payouts.statements import check_month

QUARTER = re.compile(r"^FY(20\d{2})-\d{2}-Q([1-4])$")


def _month(month: str) -> list[TaxMonthItem]:
    bind()
    return list(TaxMonthItem.query(f"TAXMONTH#{month}", consistent_read=True))


def _n(item, field: str) -> int:
    return int(getattr(item, field) or 0)


def gstr8(month: str | None) -> dict:
    month = check_month(month)
    registered, unregistered = [], []
    for m in _month(month):
        row = {"vendor_id": m.vendor_id or m.sk, "gst_status": m.gst_status, "gstin": m.gstin,
               "supplies_paise": _n(m, "taxable_paise"),
               "returns_paise": _n(m, "returned_taxable_paise"),
               "net_paise": _n(m, "taxable_paise") - _n(m, "returned_taxable_paise"),
               "cgst_paise": _n(m, "tcs_cgst_paise"), "sgst_paise": _n(m, "tcs_sgst_paise"),
               "igst_paise": _n(m, "tcs_igst_paise")}
        (registered if m.gstin else unregistered).append(row)
    registered.sort(key=lambda r: r["gstin"])
    unregistered.sort(key=lambda r: r["vendor_id"])
    heads = ("supplies_paise", "returns_paise", "net_paise", "cgst_paise", "sgst_paise",
             "igst_paise")
    return {"month": month, "suppliers": registered, "unregistered": unregistered,
            "totals": {h: sum(r[h] for r in registered) for h in heads}}


def quarter_months(quarter: str) -> list[str]:
    m = QUARTER.match(quarter or "")
    if not m:
        raise InvalidInput("quarter must look like FY2026-27-Q3", code="invalid_quarter")
    start, q = int(m.group(1)), int(m.group(2))
    first = 4 + 3 * (q - 1)
    return [f"{start + (mm - 1) // 12}-{(mm - 1) % 12 + 1:02d}" for mm in range(first, first + 3)]


def tds_26q(quarter: str) -> dict:
    by_pan: dict[str, dict] = defaultdict(lambda: {"credited_paise": 0, "tds_paise": 0,
                                                   "vendors": set()})
    for month in quarter_months(quarter):
        for m in _month(month):
            key = m.pan or f"NO-PAN:{m.vendor_id or m.sk}"
            row = by_pan[key]
            row["credited_paise"] += _n(m, "tds_base_paise")
            row["tds_paise"] += _n(m, "tds_paise")
            row["vendors"].add(m.vendor_id or m.sk)
    rows = [{"pan": None if k.startswith("NO-PAN:") else k, "vendors": sorted(v["vendors"]),
             "credited_paise": v["credited_paise"], "tds_paise": v["tds_paise"],
             "rate_bp": round(v["tds_paise"] * 10_000 / v["credited_paise"])
             if v["credited_paise"] else 0}
            for k, v in sorted(by_pan.items())]
    return {"quarter": quarter, "deductees": rows,
            "totals": {"credited_paise": sum(r["credited_paise"] for r in rows),
                       "tds_paise": sum(r["tds_paise"] for r in rows)}}


def gstr8_csv(data: dict) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["month", "gstin", "vendor_id", "gst_status", "supplies", "returns", "net",
                "tcs_cgst", "tcs_sgst", "tcs_igst"])
    for section in ("suppliers", "unregistered"):
        for r in data[section]:
            w.writerow([data["month"], r["gstin"] or "UNREGISTERED", r["vendor_id"],
                        r["gst_status"], *(rupees(r[h]) for h in (
                            "supplies_paise", "returns_paise", "net_paise", "cgst_paise",
                            "sgst_paise", "igst_paise"))])
    return out.getvalue()


def tds_csv(data: dict) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["quarter", "pan", "vendor_ids", "amount_credited", "rate_percent", "tds"])
    for r in data["deductees"]:
        w.writerow([data["quarter"], r["pan"] or "PANNOTAVBL", " ".join(r["vendors"]),
                    rupees(r["credited_paise"]), f"{r['rate_bp'] / 100:.2f}",
                    rupees(r["tds_paise"])])
    return out.getvalue()


def stored(kind: str, period: str) -> dict:
    """Make the CSV, keep it in the reports bucket, return the data with a link."""
    from chalicelib.reports import store
    data = gstr8(period) if kind == "gstr8" else tds_26q(period)
    period = data.get("month") or data.get("quarter")
    text = gstr8_csv(data) if kind == "gstr8" else tds_csv(data)
    name = f"{kind}-{period}.csv"
    store.put_private(f"tax/{name}", text.encode("utf-8"), "text/csv; charset=utf-8",
                      f"deogharmart-{name}")
    return {**data, "csv_url": store.link_to(f"tax/{name}")}


def _previous_month(today: str) -> str:
    y, m = int(today[:4]), int(today[5:7])
    return f"{y - 1}-12" if m == 1 else f"{y}-{m - 1:02d}"


def monthly_mail(today: str | None = None) -> dict:
    """The 2nd of each month (schedule `tax_workings`): last month's GSTR-8 workings, and
    after a quarter's last month its 26Q, stored and mailed to the district office (GSTR-8
    is due by the 10th, 26Q by the end of the month after the quarter)."""
    from datetime import date

    from chalicelib import config
    from chalicelib.orders import notify
    from chalicelib.orders.invoice import rupees as money
    from chalicelib.payouts import taxrules
    from chalicelib.stats.counters import day_of
    month = _previous_month(today or day_of())
    tcs = stored("gstr8", month)
    t = tcs["totals"]
    lines = [f"GST TCS (GSTR-8) {month} / जीएसटी टीसीएस {month}: "
             f"{len(tcs['suppliers'])} suppliers with GSTIN, {len(tcs['unregistered'])} without",
             f"  net supplies / शुद्ध आपूर्ति {money(t['net_paise'])}; CGST {money(t['cgst_paise'])}, "
             f"SGST {money(t['sgst_paise'])}, IGST {money(t['igst_paise'])}",
             f"  CSV: {tcs['csv_url']}"]
    out = {"month": month, "gstr8": f"tax/gstr8-{month}.csv", "tds": None}
    if int(month[5:]) in (3, 6, 9, 12):
        last = date(int(month[:4]), int(month[5:]), 1)
        quarter = f"{taxrules.financial_year(last)}-{taxrules.quarter(last)}"
        tds = stored("tds", quarter)
        lines += [f"TDS s.194-O (26Q) {quarter} / टीडीएस {quarter}: "
                  f"{len(tds['deductees'])} deductees, credited {money(tds['totals']['credited_paise'])}, "
                  f"TDS {money(tds['totals']['tds_paise'])}", f"  CSV: {tds['csv_url']}"]
        out["tds"] = f"tax/tds-{quarter}.csv"
    subject = f"कर का हिसाब / Tax workings {month}"
    body = "\n".join(lines) + "\n\nLinks expire; the desk (#/desk/tax) makes new ones.\n\n" + \
        notify.SIGNATURE
    out["mailed"] = sum(notify.send(to, subject, body, "office:tax_workings", month=month)
                        for to in config.settings().admin_emails)
    return out
