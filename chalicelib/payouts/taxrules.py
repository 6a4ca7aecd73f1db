"""Every tax rate and threshold the marketplace applies to makers' money, with the day it
took effect and where it comes from — so a statement for an old month is computed with that
month's rules. Change a rule by adding a dated entry, never by editing an old one.

Verified 2026-12 (see ../shared/DESIGN.md, "Money rules in India"); re-check before relying
on a figure, and ask the district's tax adviser when the law moves. From 1 Apr 2026 the
Income-tax Act 2025 renumbers the sections: the TDS rule below is still cited as 194-O.

Rounding (one rule for all of DeogharMart's deductions): every deduction is computed per
parcel from whole paise as an exact fraction and rounded half up to the paisa; each tax head
(CGST, SGST, IGST) is rounded on its own; a reversal copies the credit's figures with the
sign changed, never recomputes them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

HOME_STATE = "JHARKHAND"   # the operator's (and every maker's) state: CGST+SGST inside it


@dataclass(frozen=True)
class Rate:
    since: date
    bp: int          # basis points: 50 = 0.5 %
    source: str


# GST TCS, s.52 CGST Act: on the supplier's net taxable value (sales without GST, less
# returns). Collected from registered and composition makers; unregistered makers (enrolment
# number, s.24(ix) relaxation) are reported but not collected from.
TCS = (
    Rate(date(2018, 10, 1), 100, "s.52 CGST Act; Notification 52/2018-CT: 1 % (0.5 % CGST + 0.5 % SGST, or 1 % IGST)"),
    Rate(date(2024, 7, 10), 50, "Notifications 15/2024-CT and 01/2024-IT: 0.5 % (0.25 % CGST + 0.25 % SGST, or 0.5 % IGST)"),
)

# TDS, s.194-O Income-tax Act 1961, at credit or payment, whichever is first (we deduct at
# credit: the parcel's delivery).
TDS = (
    Rate(date(2020, 10, 1), 100, "s.194-O, Finance Act 2020: 1 % of the gross amount of sales"),
    Rate(date(2024, 10, 1), 10, "Finance (No.2) Act 2024: 0.1 % of the gross amount of sales"),
)
TDS_WITHOUT_PAN = (
    Rate(date(2020, 10, 1), 500, "s.206AA(1A): 5 % when the participant has not furnished PAN or Aadhaar"),
)
# Individuals and HUFs who gave PAN/Aadhaar are exempt while their gross sales through the
# platform in the financial year (April-March) stay within this (s.194-O(2)). Our reading:
# once the year's gross passes it the exemption is gone for the whole year, so the sale that
# crosses it is taxed on the year's gross so far, and every later sale of the year is taxed;
# returns do not bring the exemption back.
TDS_EXEMPT_UPTO = ((date(2020, 10, 1), 5_00_000_00, "s.194-O(2): ₹5 lakh of gross sales in the financial year"),)

# Is GST part of the TDS base? No, when the invoice shows it separately (a registered maker's
# tax invoice does): CBDT Circular 23/2017 says TDS under Chapter XVII-B is not deducted on a
# GST component shown separately, and the large operators deduct 194-O on the value without
# GST. A composition or unregistered maker charges no GST, so the base is the whole price.
TDS_BASE_EXCLUDES_SEPARATE_GST = True

# The platform's service to the maker (its commission) carries GST at 18 % (SAC 9985).
GST_ON_COMMISSION = (Rate(date(2017, 7, 1), 1800, "GST on the operator's commission, SAC 9985: 18 %"),)

# Sellers without GST registration may sell through an operator, inside their state only,
# since this day (Notifications 34/2023-CT and 37/2023-CT); composition sellers likewise
# (Notification 36/2023-CT).
UNREGISTERED_INTRA_STATE_SINCE = date(2023, 10, 1)
INTRA_STATE_ONLY = ("unregistered", "composition")

# Settlement: a delivered parcel's credit is payable once the return window of its category
# has passed (hours after delivery). PAYOUT_HOLD_HOURS in the environment overrides all.
RETURN_WINDOW_HOURS = {"peda-sweets": 48}
RETURN_WINDOW_HOURS_DEFAULT = 7 * 24


def _on(rates, day: date):
    chosen = None
    for rate in rates:
        if rate.since <= day:
            chosen = rate
    if chosen is None:
        raise ValueError(f"no rule in force on {day.isoformat()}")
    return chosen


@dataclass(frozen=True)
class Rules:
    """The rules in force on one day."""
    day: date
    tcs_bp: int
    tds_bp: int
    tds_without_pan_bp: int
    tds_exempt_upto_paise: int
    gst_on_commission_bp: int


def rules_on(day: date) -> Rules:
    exempt = [e for e in TDS_EXEMPT_UPTO if e[0] <= day]
    return Rules(day=day, tcs_bp=_on(TCS, day).bp, tds_bp=_on(TDS, day).bp,
                 tds_without_pan_bp=_on(TDS_WITHOUT_PAN, day).bp,
                 tds_exempt_upto_paise=exempt[-1][1] if exempt else 0,
                 gst_on_commission_bp=_on(GST_ON_COMMISSION, day).bp)


def financial_year(day: date) -> str:
    """India's financial year, April to March: 2026-12-03 -> 'FY2026-27'."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"FY{start}-{str(start + 1)[-2:]}"


def quarter(day: date) -> str:
    """The TDS return's quarter of the financial year: Q1 = April-June."""
    return f"Q{((day.month - 4) % 12) // 3 + 1}"


def return_window_hours(category: str | None) -> int:
    return RETURN_WINDOW_HOURS.get(category or "", RETURN_WINDOW_HOURS_DEFAULT)
