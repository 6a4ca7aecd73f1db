"""What a maker is credited for one delivered parcel: the parcel's value less the platform's
commission, GST on that commission, GST TCS and income-tax TDS — all in integer paise,
rounded as `taxrules` states (half up, per parcel, per tax head).

Pure functions: the caller gives the maker's tax profile, where the parcel went, the day of
the credit and what the maker sold earlier in the financial year (for the TDS exemption).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from chalicelib.payouts import taxrules


def share(amount_paise: int, bp: int) -> int:
    """`bp` basis points of an amount, rounded half up to the paisa (half away from zero)."""
    sign = -1 if amount_paise < 0 else 1
    return sign * ((abs(amount_paise) * bp * 2 + 10_000) // 20_000)


@dataclass(frozen=True)
class TaxProfile:
    gst_status: str | None      # registered | composition | unregistered | None (not given)
    pan: str | None             # furnished PAN (a GSTIN carries one)
    individual: bool            # an individual or HUF (the TDS exemption applies to them only)

    @property
    def charges_gst(self) -> bool:
        """Only a regular registered maker charges GST on its sales (a tax invoice);
        composition and unregistered makers issue a bill of supply."""
        return self.gst_status == "registered"

    @property
    def collects_tcs(self) -> bool:
        return self.gst_status in ("registered", "composition")


@dataclass(frozen=True)
class Deductions:
    day: str
    gross_paise: int            # what the buyer paid for the goods (GST included)
    sales_gst_paise: int        # GST on the maker's sale (theirs to pay; 0 without a tax invoice)
    taxable_paise: int          # value without GST: the base of commission, TCS and TDS
    commission_bp: int
    commission_paise: int
    commission_gst_paise: int
    tcs_cgst_paise: int
    tcs_sgst_paise: int
    tcs_igst_paise: int
    tcs_base_paise: int         # net taxable value reported in GSTR-8 (also for unregistered)
    tds_rate_bp: int
    tds_base_paise: int         # what TDS was computed on (a crossing sale: the year so far)
    tds_paise: int
    net_paise: int              # credited to the maker

    @property
    def tcs_paise(self) -> int:
        return self.tcs_cgst_paise + self.tcs_sgst_paise + self.tcs_igst_paise

    def as_dict(self) -> dict:
        return asdict(self)


def parcel_values(lines: list[dict], profile: TaxProfile) -> tuple[int, int, int]:
    """(gross, GST on the sale, taxable value) of a parcel's lines as quoted."""
    gross = sum(int(l["line_total_paise"]) for l in lines)
    if not profile.charges_gst:
        return gross, 0, gross
    taxable = sum(int(l["taxable_paise"]) for l in lines)
    return gross, gross - taxable, taxable


def tds_due(rules: taxrules.Rules, profile: TaxProfile, base: int,
            year_base_before: int) -> tuple[int, int, int]:
    """(rate, base taxed, TDS) for a sale of `base` when the maker's earlier sales in the
    financial year came to `year_base_before`."""
    if not profile.pan:
        return rules.tds_without_pan_bp, base, share(base, rules.tds_without_pan_bp)
    if profile.individual:
        limit = rules.tds_exempt_upto_paise
        if year_base_before + base <= limit:
            return rules.tds_bp, 0, 0
        if year_base_before <= limit:   # this sale ends the exemption: tax the year so far too
            base += year_base_before
    return rules.tds_bp, base, share(base, rules.tds_bp)


def for_parcel(lines: list[dict], profile: TaxProfile, intra_state: bool, day: date,
               commission_bp: int, year_base_before: int = 0) -> Deductions:
    rules = taxrules.rules_on(day)
    gross, sales_gst, taxable = parcel_values(lines, profile)
    commission = share(taxable, commission_bp)
    commission_gst = share(commission, rules.gst_on_commission_bp)
    cgst = sgst = igst = 0
    if profile.collects_tcs:
        if intra_state:
            cgst = share(taxable, rules.tcs_bp // 2)
            sgst = share(taxable, rules.tcs_bp - rules.tcs_bp // 2)
        else:
            igst = share(taxable, rules.tcs_bp)
    tds_base_now = taxable if taxrules.TDS_BASE_EXCLUDES_SEPARATE_GST else gross
    rate, tds_base, tds = tds_due(rules, profile, tds_base_now, year_base_before)
    net = gross - commission - commission_gst - cgst - sgst - igst - tds
    return Deductions(day=day.isoformat(), gross_paise=gross, sales_gst_paise=sales_gst,
                      taxable_paise=taxable, commission_bp=commission_bp,
                      commission_paise=commission, commission_gst_paise=commission_gst,
                      tcs_cgst_paise=cgst, tcs_sgst_paise=sgst, tcs_igst_paise=igst,
                      tcs_base_paise=taxable, tds_rate_bp=rate, tds_base_paise=tds_base,
                      tds_paise=tds, net_paise=net)
