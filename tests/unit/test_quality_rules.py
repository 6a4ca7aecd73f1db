"""The rules of reviews, complaints and scorecards that are plain arithmetic: the rating
shown, a complaint's window and reasons, a partial reversal's rounding, the flags."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from chalicelib import config
from chalicelib.catalog.views import rating
from chalicelib.payouts import ledger
from chalicelib.quality import rules, scorecard


@pytest.mark.parametrize("stars,count,shown", [
    (0, 0, None), (4, 1, {"average": 4.0, "count": 1}), (9, 2, {"average": 4.5, "count": 2}),
    (13, 3, {"average": 4.3, "count": 3}), (14, 3, {"average": 4.7, "count": 3}),
    (29, 7, {"average": 4.1, "count": 7}), (5, 2, {"average": 2.5, "count": 2})])
def test_the_average_is_rounded_half_up_to_one_decimal(stars, count, shown):
    assert rating(SimpleNamespace(rating_sum=stars, rating_count=count)) == shown


def test_peda_takes_damage_only_within_48_hours_with_a_photo():
    assert rules.complaint_rule({"category": "peda-sweets", "perishable": True}) == \
        {"reasons": ["damaged"], "photo_required": True, "window_hours": 48}
    assert rules.complaint_rule({"category": "lac-bangles", "perishable": False}) == \
        {"reasons": list(rules.REASONS), "photo_required": False, "window_hours": 168}


def test_the_policy_says_handmade_differences_are_not_defects_in_both_languages():
    policy = rules.policy()
    assert "not defects" in policy["en"] and "7 days" in policy["en"]
    assert "खराबी नहीं" in policy["hi"] and "7 दिन" in policy["hi"]


def test_a_line_id_names_a_line_of_this_order_only():
    assert rules.split_line_id("o-abc", "o-abc-p1-l2") == ("o-abc-p1", 2)
    for bad in ("o-xyz-p1-l0", "o-abc-p1", "o-abc-p1-lx", "", "o-abc-p1-l0" + "0" * 90):
        with pytest.raises(Exception) as err:
            rules.split_line_id("o-abc", bad)
        assert getattr(err.value, "code", "") == "line_not_found"


def _credit(**figures):
    fields = dict.fromkeys(ledger.MONEY, 0)
    fields.update(figures)
    return SimpleNamespace(**fields)


def test_a_partial_reversal_scales_each_figure_half_up_and_adds_up():
    credit = _credit(gross_paise=33_333, taxable_paise=31_746, sales_gst_paise=1_587,
                     commission_paise=3_175, commission_gst_paise=572, tcs_cgst_paise=79,
                     tcs_sgst_paise=79, tcs_base_paise=31_746, tds_base_paise=31_746,
                     tds_paise=32, amount_paise=29_396)
    part = ledger.scaled(credit, 10_000)
    assert part["gross_paise"] == -10_000
    assert part["commission_paise"] == -953          # 3175 * 10000 / 33333 = 952.5 -> 953
    assert part["tcs_cgst_paise"] == -24             # 23.7 -> 24
    deductions = ("commission_paise", "commission_gst_paise", "tcs_cgst_paise",
                  "tcs_sgst_paise", "tcs_igst_paise", "tds_paise")
    assert part["amount_paise"] == part["gross_paise"] - sum(part[f] for f in deductions)
    whole = ledger.scaled(credit, 33_333)
    assert all(whole[f] == -getattr(credit, f) for f in ledger.MONEY)
    assert ledger.scaled(credit, 99_999)["gross_paise"] == -33_333   # never more than credited


@pytest.fixture
def thresholds(monkeypatch):
    def use(value: dict | None):
        if value is None:
            monkeypatch.delenv("QUALITY_THRESHOLDS", raising=False)
        else:
            monkeypatch.setenv("QUALITY_THRESHOLDS", json.dumps(value))
        config.reset()
    yield use
    config.reset()


def _sums(**counts):
    return {**dict.fromkeys(scorecard.COUNTS, 0), **counts}


def test_flags_need_enough_orders_and_a_rate_over_its_limit(aws, thresholds):
    thresholds(None)
    assert scorecard.flags_of(_sums(orders=4, complaints=4)) == []          # under 5 orders
    assert scorecard.flags_of(_sums(orders=20, complaints=1)) == []         # 5 % is not over
    flags = scorecard.flags_of(_sums(orders=20, complaints=2, packed_late=3, maker_cancelled=1,
                                     rating_sum=13, rating_count=4))
    assert [f["code"] for f in flags] == ["complaints", "late_packing", "low_rating"]
    assert flags[0] == {"code": "complaints", "value": 0.1, "threshold": 0.05}
    thresholds({"min_orders": 1, "complaints_bp": 0})
    assert [f["code"] for f in scorecard.flags_of(_sums(orders=1, complaints=1))] == \
        ["complaints"]


@pytest.mark.parametrize("raw", ['{"complaints": 5}', '{"min_orders": -1}', "[1]",
                                 '{"min_orders": true}', "not json"])
def test_bad_quality_thresholds_stop_the_stage(aws, thresholds, raw, monkeypatch):
    monkeypatch.setenv("QUALITY_THRESHOLDS", raw)
    config.reset()
    with pytest.raises(config.ConfigError):
        config.settings()


def test_packing_later_than_the_deadline_counts_on_the_scorecard_and_the_block(aws):
    from chalicelib.orders.delivery import _packing_counts
    config.reset()
    lines = json.dumps([{"block": "Mohanpur", "product_id": "p-1"}])
    parcel = SimpleNamespace(accepted_at="2026-12-01T00:00:00.000000Z", created_at="x",
                             lines=lines, vendor_id="v-1")
    assert _packing_counts(parcel, "2026-12-02T23:59:00.000000Z") is None      # within 48 h
    late = _packing_counts(parcel, "2026-12-03T00:00:01.000000Z")
    items = {pk_sk: dict(counts) for pk_sk, counts in late.items.items()}
    assert items == {("SCORE#v-1", "2026-12-03"): {"packed_late": 1},
                     ("STAT#BLOCK", "2026-12-03#Mohanpur"): {"packed_late": 1}}
