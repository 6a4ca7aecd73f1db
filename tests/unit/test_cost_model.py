"""The cost model's arithmetic (bench/cost_model.py), on a small made-up measurement."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import cost_model as cm  # noqa: E402

PAGE = {"api_requests": 2, "api_bytes": 4000, "RRU": 4.0, "WRU": 0, "median_ms": 100}
ORDER = {"api_requests": 5, "api_median_ms": 100, "RRU": 10, "WRU": 200, "courier_events": 3,
         "sqs_messages": 2, "sfn_executions": 1, "emails": 3, "stripe_webhooks": 1,
         "sfn_transitions": 5}
MEASURED = {"measured_at": "test", "pages": {p: dict(PAGE) for p in cm.PAGE_MIX},
            "orders": {"card": dict(ORDER), "cod": dict(ORDER, stripe_webhooks=0)},
            "media": {"bytes_per_photo": 40_000}, "image_processing_ms": 700,
            "shell": {"files": 9, "bytes": 32_000}}


def test_an_order_is_priced_from_its_counted_requests():
    lines = cm.per_order(MEASURED, "card")
    api_calls = 5 + cm.ORDER_PAGE_VIEWS + cm.VENDOR_VIEWS_PER_PARCEL + 1 + 3
    assert lines["API Gateway"] == pytest.approx(api_calls * 3.50 / 1e6)
    assert lines["DynamoDB"] == pytest.approx(10 * 0.1423 / 1e6 + 200 * 0.7116 / 1e6)
    assert lines["Step Functions"] == pytest.approx(5 * 0.025 / 1000)
    assert lines["SQS"] == pytest.approx(3 * 2 * 0.40 / 1e6)     # send, receive, delete


def test_the_mela_month_costs_more_but_less_per_order():
    bills = cm.price_all(MEASURED)
    normal, mela = (bills[m.name] for m in cm.MONTHS)
    assert sum(mela["bill"].values()) > 3 * sum(normal["bill"].values())
    assert mela["orders"] > 10 * normal["orders"]
    # fixed costs (monitoring, idle polling) spread over more orders
    per_order_normal = sum(normal["bill"].values()) / normal["orders"]
    per_order_mela = sum(mela["bill"].values()) / mela["orders"]
    assert per_order_mela < per_order_normal


def test_rupees_include_gst_at_the_stated_rate():
    assert cm.inr(1.0) == pytest.approx(cm.USD_INR * 1.18)
