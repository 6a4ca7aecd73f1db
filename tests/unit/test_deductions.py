"""The worked examples of a maker's deductions (chalicelib/payouts): commission, GST on it,
GST TCS and income-tax TDS, in integer paise, with the rules of the day of the credit."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, strategies as st

from chalicelib.payouts import taxrules
from chalicelib.payouts.deductions import TaxProfile, for_parcel, share

DAY = date(2026, 12, 3)
FIRM = TaxProfile("registered", "AAAFD1234K", individual=False)        # a firm (4th char F)
PERSON = TaxProfile("registered", "AAAPL1234C", individual=True)
COMPOSITION = TaxProfile("composition", "AAAPK1234M", individual=True)
UNREGISTERED = TaxProfile("unregistered", "AAAPM1234N", individual=True)
NO_PAN = TaxProfile("unregistered", None, individual=False)


def peda(gross=1_050_00, taxable=1_000_00, rate=500):
    """One line as the quote stores it: ₹1,050 with 5 % GST inside."""
    gst = gross - taxable
    return [{"line_total_paise": gross, "taxable_paise": taxable, "gst_rate_bp": rate,
             "cgst_paise": gst // 2, "sgst_paise": gst - gst // 2, "igst_paise": 0}]


def test_the_issues_example_a_registered_maker_in_deoghar():
    """₹1,050 parcel, 5 % GST inside (₹1,000 taxable), 5 % commission, sold in Jharkhand."""
    d = for_parcel(peda(), FIRM, intra_state=True, day=DAY, commission_bp=500)
    assert (d.gross_paise, d.sales_gst_paise, d.taxable_paise) == (1_050_00, 50_00, 1_000_00)
    assert d.commission_paise == 50_00            # 5 % of ₹1,000
    assert d.commission_gst_paise == 9_00         # 18 % of ₹50
    assert (d.tcs_cgst_paise, d.tcs_sgst_paise, d.tcs_igst_paise) == (2_50, 2_50, 0)   # 0.25 % + 0.25 %
    assert (d.tds_rate_bp, d.tds_base_paise, d.tds_paise) == (10, 1_000_00, 1_00)      # 0.1 % of ₹1,000
    assert d.net_paise == 985_00                  # 1,050 − 50 − 9 − 5 − 1


def test_outside_jharkhand_tcs_is_igst():
    d = for_parcel(peda(), FIRM, intra_state=False, day=DAY, commission_bp=500)
    assert (d.tcs_cgst_paise, d.tcs_sgst_paise, d.tcs_igst_paise) == (0, 0, 5_00)
    assert d.net_paise == 985_00


def test_an_individual_within_five_lakh_pays_no_tds_and_the_crossing_sale_taxes_the_year():
    d = for_parcel(peda(), PERSON, True, DAY, 500, year_base_before=0)
    assert (d.tds_base_paise, d.tds_paise) == (0, 0) and d.net_paise == 986_00
    # exactly ₹5 lakh with this sale: still exempt
    d = for_parcel(peda(), PERSON, True, DAY, 500, year_base_before=4_99_000_00)
    assert d.tds_paise == 0
    # ₹4,99,500 before + ₹1,000 now passes ₹5 lakh: 0.1 % of ₹5,00,500 = ₹500.50
    d = for_parcel(peda(), PERSON, True, DAY, 500, year_base_before=4_99_500_00)
    assert (d.tds_base_paise, d.tds_paise) == (5_00_500_00, 500_50)
    # after that, every sale of the year is taxed on its own value
    d = for_parcel(peda(), PERSON, True, DAY, 500, year_base_before=5_00_500_00)
    assert (d.tds_base_paise, d.tds_paise) == (1_000_00, 1_00)


def test_without_pan_tds_is_five_percent():
    d = for_parcel(peda(), NO_PAN, True, DAY, 500)
    assert (d.tds_rate_bp, d.tds_paise) == (500, 52_50)   # 5 % of ₹1,050: no GST on a bill of supply


def test_an_unregistered_maker_charges_no_gst_and_has_no_tcs():
    d = for_parcel(peda(), UNREGISTERED, True, DAY, 500, year_base_before=10_00_000_00)
    assert (d.sales_gst_paise, d.taxable_paise) == (0, 1_050_00)
    assert d.commission_paise == 52_50 and d.commission_gst_paise == 9_45
    assert d.tcs_paise == 0 and d.tcs_base_paise == 1_050_00   # reported in GSTR-8, not collected
    assert d.tds_paise == 1_05
    assert d.net_paise == 1_050_00 - 52_50 - 9_45 - 1_05


def test_a_composition_maker_has_tcs_on_the_whole_price():
    d = for_parcel(peda(), COMPOSITION, True, DAY, 500, year_base_before=0)
    assert d.sales_gst_paise == 0 and (d.tcs_cgst_paise, d.tcs_sgst_paise) == (2_63, 2_63)


@pytest.mark.parametrize("day,tcs,tds", [
    (date(2024, 7, 9), (5_00, 5_00), 10_00),      # TCS 1 %, TDS 1 %
    (date(2024, 7, 10), (2_50, 2_50), 10_00),     # TCS 0.5 % from 10 Jul 2024
    (date(2024, 9, 30), (2_50, 2_50), 10_00),
    (date(2024, 10, 1), (2_50, 2_50), 1_00),      # TDS 0.1 % from 1 Oct 2024
])
def test_each_day_uses_the_rules_in_force_that_day(day, tcs, tds):
    d = for_parcel(peda(), FIRM, True, day, 500)
    assert (d.tcs_cgst_paise, d.tcs_sgst_paise) == tcs and d.tds_paise == tds


def test_no_rule_before_tcs_existed():
    with pytest.raises(ValueError):
        taxrules.rules_on(date(2017, 1, 1))


def test_rounding_is_half_up_to_the_paisa():
    assert share(200, 25) == 1          # 0.5 paisa -> 1
    assert share(199, 25) == 0          # 0.4975 -> 0
    assert share(333, 25) == 1          # 0.8325 -> 1
    assert share(-200, 25) == -1        # half away from zero
    assert share(0, 1800) == 0


def test_financial_year_and_quarter():
    assert taxrules.financial_year(date(2026, 12, 3)) == "FY2026-27"
    assert taxrules.financial_year(date(2027, 3, 31)) == "FY2026-27"
    assert taxrules.financial_year(date(2027, 4, 1)) == "FY2027-28"
    assert [taxrules.quarter(date(2026, m, 1)) for m in (4, 7, 10, 1, 3)] == \
        ["Q1", "Q2", "Q3", "Q4", "Q4"]


@given(gross=st.integers(0, 10_00_000_00), rate=st.sampled_from([0, 300, 500, 1200, 1800]),
       commission=st.integers(0, 3000), before=st.integers(0, 20_00_000_00),
       profile=st.sampled_from([FIRM, PERSON, COMPOSITION, UNREGISTERED, NO_PAN]),
       intra=st.booleans())
def test_the_parts_always_add_up_to_the_gross(gross, rate, commission, before, profile, intra):
    taxable = (2 * gross * 10_000 + 10_000 + rate) // (2 * (10_000 + rate))
    d = for_parcel(peda(gross, taxable, rate), profile, intra, DAY, commission, before)
    parts = (d.commission_paise, d.commission_gst_paise, d.tcs_paise, d.tds_paise)
    assert all(p >= 0 for p in parts)
    assert d.net_paise == d.gross_paise - sum(parts)
    assert d.taxable_paise <= d.gross_paise
