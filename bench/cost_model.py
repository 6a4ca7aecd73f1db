"""Prices, assumptions and arithmetic of the cost model (bench/cost.py measures its inputs).

Prices: AWS list prices for Asia Pacific (Mumbai), ap-south-1, in US dollars, on-demand, no
free tier, as published on the AWS pricing pages in 2025 (DynamoDB on-demand after the
November 2024 halving). This machine has no internet: they could not be re-checked on the
day of the run — check them in the AWS Pricing Calculator before a budget is approved.
AWS India (AISPL) bills Indian customers in rupees with 18 % GST on top.
"""
from __future__ import annotations

from dataclasses import dataclass

PRICES_AS_OF = "AWS public list prices, ap-south-1, as published in 2025 (not re-checked: no network)"
USD_INR = 88.0          # assumed exchange rate (RBI reference rate was ~₹88/US$ in late 2025)
GST = 0.18

PRICE = {   # US$
    "api_gateway_rest_per_million": 3.50,
    "lambda_requests_per_million": 0.20,
    "lambda_gb_second": 0.0000166667,
    "dynamodb_write_units_per_million": 0.7116,
    "dynamodb_read_units_per_million": 0.1423,
    "dynamodb_storage_gb_month": 0.285,
    "dynamodb_pitr_gb_month": 0.228,
    "sqs_requests_per_million": 0.40,
    "stepfunctions_transitions_per_thousand": 0.025,
    "s3_storage_gb_month": 0.025,
    "s3_put_per_thousand": 0.005,
    "cloudfront_india_out_gb": 0.170,
    "cloudfront_india_https_per_10k": 0.0120,
    "api_data_out_gb": 0.1093,
    "cloudwatch_logs_ingest_gb": 0.50,
    "cloudwatch_logs_store_gb_month": 0.03,
    "cloudwatch_metric_month": 0.30,
    "cloudwatch_dashboard_month": 3.00,
    "cloudwatch_alarm_month": 0.10,
    "ses_per_thousand": 0.10,
    "xray_traces_per_million": 5.00,
    "secret_month": 0.40,
}

# Stated, not measured: what shoppers and makers do, and the system's fixed shape.
PAGE_MIX = {"home": 0.25, "category": 0.20, "search": 0.10, "product": 0.40, "maker": 0.05}
# Product photos shown per page and their bytes (storefront bench, BENCHMARKS.md:
# total minus "without images", KB, cold load at 412 px) — CloudFront transfer.
PAGE_IMAGE_KB = {"home": 39.4, "category": 35.5, "search": 37.9, "product": 8.7, "maker": 22.3}
PAGE_IMAGES = {"home": 16, "category": 12, "search": 12, "product": 2, "maker": 6}
ORDER_PAGE_VIEWS = 4     # the shopper opens the order/tracking page (1 GET each)
VENDOR_VIEWS_PER_PARCEL = 2   # the maker opens orders/payouts (besides packing, measured)
LOG_BYTES_PER_INVOCATION = 1500   # START/END/REPORT + our JSON line + EMF metrics
XRAY_SAMPLED = 0.05      # X-Ray default sampling: 1 request/s reservoir + 5 %
API_MEMORY_GB, WORKER_MEMORY_GB, IMAGE_MEMORY_GB = 1.0, 0.125, 1.0   # cdk.json prod
QUEUES_POLLED, POLLERS, LONG_POLL_S = 4, 5, 20   # Lambda's SQS pollers when idle
METRICS = 17 + 3 * 7     # business metrics + latency/4xx/5xx per route group (observability.py)
DASHBOARDS, ALARMS, SECRETS = 1, 8, 1
ORDER_ITEM_KB = 6        # an order with one parcel, its counters' share and audit entries
CATALOG_PRODUCTS = 1500


@dataclass(frozen=True)
class Month:
    name: str
    visits: int
    pages_per_visit: float
    conversion: float      # orders per visit
    card_share: float
    new_photos: int
    note: str

    @property
    def orders(self) -> int:
        return round(self.visits * self.conversion)


MONTHS = [
    Month("normal month", visits=30_000, pages_per_visit=5, conversion=0.025, card_share=0.6,
          new_photos=300, note="30,000 visits (district residents, buyers elsewhere), 2.5 % "
          "order, 60 % by card"),
    Month("Shravani Mela month", visits=30_000 + 800_000, pages_per_visit=4, conversion=0.03,
          card_share=0.5, new_photos=1500, note="80 lakh pilgrims, 1 in 10 opens the site "
          "(QR codes at the temple and on peda boxes) on top of the normal 30,000 visits; 3 % "
          "order (peda and bangles sent home), half by card"),
]


def _usd(quantity: float, price: float, per: float = 1) -> float:
    return quantity * price / per


def per_page_view(m: dict) -> dict[str, float]:
    """US$ for one page view of the mix (API side and CloudFront images)."""
    lines: dict[str, float] = {}
    for page, share in PAGE_MIX.items():
        p = m["pages"][page]
        add = {
            "API Gateway": _usd(p["api_requests"], PRICE["api_gateway_rest_per_million"], 1e6),
            "Lambda": _usd(p["api_requests"], PRICE["lambda_requests_per_million"], 1e6)
            + p["api_requests"] * p["median_ms"] / 1000 * API_MEMORY_GB * PRICE["lambda_gb_second"],
            "DynamoDB": _usd(p["RRU"], PRICE["dynamodb_read_units_per_million"], 1e6),
            "data out (API)": p["api_bytes"] / 1e9 * PRICE["api_data_out_gb"],
            "CloudFront": PAGE_IMAGE_KB[page] / 1e6 * PRICE["cloudfront_india_out_gb"]
            + _usd(PAGE_IMAGES[page], PRICE["cloudfront_india_https_per_10k"], 1e4),
            "CloudWatch": p["api_requests"] * LOG_BYTES_PER_INVOCATION / 1e9
            * PRICE["cloudwatch_logs_ingest_gb"],
            "X-Ray": _usd(p["api_requests"] * XRAY_SAMPLED, PRICE["xray_traces_per_million"], 1e6),
        }
        for k, v in add.items():
            lines[k] = lines.get(k, 0.0) + share * v
    return lines


def per_visit_shell(m: dict) -> dict[str, float]:
    """The storefront's HTML, CSS and scripts once per visit (then cached)."""
    return {"CloudFront": m["shell"]["bytes"] / 1e9 * PRICE["cloudfront_india_out_gb"]
            + _usd(m["shell"]["files"], PRICE["cloudfront_india_https_per_10k"], 1e4)}


def per_order(m: dict, method: str) -> dict[str, float]:
    """US$ for one order of the kind, checkout to delivered, measured."""
    o = m["orders"][method]
    api = (o["api_requests"] + ORDER_PAGE_VIEWS + VENDOR_VIEWS_PER_PARCEL
           + o["stripe_webhooks"] + o["courier_events"])
    workers = o["sqs_messages"]            # one invocation per message at this volume
    seconds = o["api_median_ms"] / 1000
    return {
        "API Gateway": _usd(api, PRICE["api_gateway_rest_per_million"], 1e6),
        "Lambda": _usd(api + workers, PRICE["lambda_requests_per_million"], 1e6)
        + (api * API_MEMORY_GB + workers * WORKER_MEMORY_GB) * seconds * PRICE["lambda_gb_second"],
        "DynamoDB": _usd(o["RRU"], PRICE["dynamodb_read_units_per_million"], 1e6)
        + _usd(o["WRU"], PRICE["dynamodb_write_units_per_million"], 1e6),
        "SQS": _usd(3 * o["sqs_messages"], PRICE["sqs_requests_per_million"], 1e6),
        "Step Functions": _usd(o["sfn_transitions"],
                               PRICE["stepfunctions_transitions_per_thousand"], 1e3),
        "SES": _usd(o["emails"], PRICE["ses_per_thousand"], 1e3),
        "CloudWatch": (api + workers) * LOG_BYTES_PER_INVOCATION / 1e9
        * PRICE["cloudwatch_logs_ingest_gb"],
        "X-Ray": _usd(api * XRAY_SAMPLED, PRICE["xray_traces_per_million"], 1e6),
    }


def fixed_month(m: dict, month: Month) -> dict[str, float]:
    """What the month costs whatever the traffic: idle queue polling, schedules,
    monitoring, storage, new photos."""
    idle_polls = QUEUES_POLLED * POLLERS * 30 * 86400 / LONG_POLL_S
    schedules = 30 * 96 + 30 + 4                    # reconcile every 15 min, daily, weekly
    photo_mb = m["media"]["bytes_per_photo"] / 1e6
    photos_stored = CATALOG_PRODUCTS * 3 + month.new_photos
    ddb_gb = (CATALOG_PRODUCTS * 8 + month.orders * ORDER_ITEM_KB) / 1e6 * 12  # a year kept
    return {
        "SQS": _usd(idle_polls, PRICE["sqs_requests_per_million"], 1e6),
        "Lambda": _usd(schedules, PRICE["lambda_requests_per_million"], 1e6)
        + (30 * 96 * 1.0 * API_MEMORY_GB + 34 * 20 * 1.0) * PRICE["lambda_gb_second"]
        + month.new_photos * m["image_processing_ms"] / 1000 * IMAGE_MEMORY_GB
        * PRICE["lambda_gb_second"],
        "S3": photos_stored * photo_mb / 1000 * PRICE["s3_storage_gb_month"]
        + _usd(month.new_photos * 6, PRICE["s3_put_per_thousand"], 1e3),
        "DynamoDB": ddb_gb * (PRICE["dynamodb_storage_gb_month"] + PRICE["dynamodb_pitr_gb_month"]),
        "CloudWatch": METRICS * PRICE["cloudwatch_metric_month"]
        + DASHBOARDS * PRICE["cloudwatch_dashboard_month"] + ALARMS * PRICE["cloudwatch_alarm_month"],
        "Secrets Manager": SECRETS * PRICE["secret_month"],
    }


def _add(total: dict[str, float], lines: dict[str, float], times: float) -> None:
    for k, v in lines.items():
        total[k] = total.get(k, 0.0) + v * times


def bill(m: dict, month: Month) -> dict[str, float]:
    total: dict[str, float] = {}
    _add(total, per_page_view(m), month.visits * month.pages_per_visit)
    _add(total, per_visit_shell(m), month.visits)
    _add(total, per_order(m, "card"), month.orders * month.card_share)
    _add(total, per_order(m, "cod"), month.orders * (1 - month.card_share))
    _add(total, fixed_month(m, month), 1)
    return total


def per_thousand_orders(m: dict, month: Month) -> dict[str, float]:
    """The traffic-driven part of a month's bill for each 1,000 orders (browsing that
    leads to them included), without the fixed costs."""
    total: dict[str, float] = {}
    visits = 1000 / month.conversion
    _add(total, per_page_view(m), visits * month.pages_per_visit)
    _add(total, per_visit_shell(m), visits)
    _add(total, per_order(m, "card"), 1000 * month.card_share)
    _add(total, per_order(m, "cod"), 1000 * (1 - month.card_share))
    return total


def price_all(m: dict) -> dict:
    return {month.name: {"bill": bill(m, month), "per_1000": per_thousand_orders(m, month),
                         "orders": month.orders} for month in MONTHS}


def inr(usd: float) -> float:
    return usd * USD_INR * (1 + GST)


def _money(usd: float) -> str:
    rupees = inr(usd)
    return f"US${usd:>9,.2f}  ₹{rupees:>10,.0f}" if rupees >= 10 else f"US${usd:>9,.4f}  ₹{rupees:>10,.2f}"


def print_bill(m: dict, bills: dict, months: list[Month]) -> None:
    print(f"\nPrices: {PRICES_AS_OF}; ₹{USD_INR:g}/US$; rupee figures include {GST:.0%} GST.")
    print(f"Measured {m['measured_at']}:")
    for page, p in m["pages"].items():
        print(f"  page {page:9} {p['api_requests']} API calls, {p['api_bytes'] / 1024:5.1f} KB, "
              f"{p['RRU']:.1f} RRU, {p['median_ms']:.0f} ms median")
    for method, o in m["orders"].items():
        print(f"  {method:4} order  {o['api_requests']:.0f} API calls (+{o['stripe_webhooks']} Stripe, "
              f"{o['courier_events']:.0f} courier webhooks), {o['RRU']:.1f} RRU, {o['WRU']:.1f} WRU, "
              f"{o['sqs_messages']:.1f} SQS messages, {o['sfn_transitions']} state transitions, "
              f"{o['emails']:.0f} e-mails")
    print(f"  storefront shell {m['shell']['bytes'] / 1024:.1f} KB in {m['shell']['files']} files; "
          f"a photo's renditions {m['media']['bytes_per_photo'] / 1024:.0f} KB; "
          f"image pipeline {m['image_processing_ms']:.0f} ms for a 12 MP photo")
    for month in months:
        b = bills[month.name]
        total = sum(b["bill"].values())
        print(f"\n{month.name}: {month.visits:,} visits × {month.pages_per_visit:g} pages, "
              f"{b['orders']:,} orders ({month.note})")
        for k, v in sorted(b["bill"].items(), key=lambda kv: -kv[1]):
            print(f"  {k:16} {_money(v)}")
        print(f"  {'total':16} {_money(total)}")
        per = sum(b["per_1000"].values())
        print(f"  per 1,000 orders (traffic only, browsing included): {_money(per)}")
    print("\nNot in these figures: Stripe's fees (about 2 % of each card payment, far above "
          "the AWS bill), the courier, a domain name, AWS support.")
