"""The AWS bill on paper, in rupees and dollars, from what the system was measured to do.

1. Measure (own local stack, `--measure`, about two minutes): the storefront's API calls
   for each kind of page view and a set of card and cash-on-delivery orders from checkout
   to delivered, counting at the moto server DynamoDB read/write request units (by
   DynamoDB's billing rules: infra/local/capacity.py), SQS, Step Functions and SES calls,
   and at the client the API requests, their bytes and durations; Step Functions state
   transitions from the order state machine's own definition; a phone photo through the
   real image pipeline, timed; the pictures' stored bytes. The figures are saved as JSON.
2. Price them (`bench/cost_model.py`) at ap-south-1 list prices for a normal month and a
   Shravani Mela month, and per 1,000 orders, under the stated assumptions.

Run: python bench/cost.py                   (measure, then price)
     python bench/cost.py --from FILE       (price a saved measurement again)
"""
from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from cost_model import MONTHS, price_all, print_bill  # noqa: E402

SAVED = ROOT / "bench" / "results" / "cost_measured.json"
# The storefront's pages and the API paths each one reads first (frontend/js/boot.js).
PAGES = {
    "home": lambda c: ["/categories", "/products?limit=12"],
    "category": lambda c: ["/categories", f"/products?category={c['category']}&limit=24"],
    "search": lambda c: ["/categories", "/products?q=peda&limit=24"],
    "product": lambda c: [f"/products/{c['product']}"],
    "maker": lambda c: [f"/vendors/{c['vendor']}?limit=24"],
}


def measure(orders: int) -> dict:
    from harness import demo_vendor, own_stack, set_stock
    with own_stack(PAYMENT_TIMEOUT_SECONDS="300", COURIER_STEP_SECONDS="0.1") as info:
        api, aws = info["api_url"], info["aws_endpoint_url"]
        vendor = demo_vendor(info)
        maker = requests.get(f"{api}/vendors/{vendor['id']}?limit=50", timeout=30).json()
        product = requests.get(f"{api}/products/{maker['products'][0]['id']}", timeout=30).json()
        set_stock(api, vendor, product["id"], 10_000)
        ctx = {"category": product["category"], "product": product["id"], "vendor": vendor["id"]}
        result = {"measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                  "pages": measure_pages(api, aws, ctx)}
        result["orders"] = measure_orders(info, vendor, product, orders)
        result["media"] = measure_media(aws, info)
    result["image_processing_ms"] = time_image_pipeline()
    result["shell"] = shell_size()
    return result


def shell_size() -> dict:
    """The storefront's first-visit files (page, style, the scripts it loads at start),
    gzip-compressed as CloudFront serves them."""
    import gzip
    import re
    from infra.site import FRONTEND, SiteConfig, render_index
    page = render_index(SiteConfig(api_url="https://api.example.in", stripe_publishable_key="pk",
                                   media_base_url="https://media.example.in"))
    files = [page.encode()] + [(FRONTEND / f).read_bytes() for f in re.findall(
        r'(?:src|href)="((?:js/)?[\w.-]+\.(?:js|css))"', page)]
    return {"files": len(files), "bytes": sum(len(gzip.compress(f, 6)) for f in files)}


def _reset(aws: str) -> None:
    requests.delete(f"{aws}/_dm/capacity", timeout=10)
    requests.delete(f"{aws}/_dm/counts", timeout=10)


def _units(aws: str) -> dict:
    cap = requests.get(f"{aws}/_dm/capacity", timeout=10).json()
    return {"RRU": sum(v["RRU"] for v in cap.values()), "WRU": sum(v["WRU"] for v in cap.values()),
            "by_table": cap}


def _timed_get(url: str, **kw) -> tuple[float, int]:
    start = time.perf_counter()
    r = requests.get(url, timeout=30, headers={"Accept-Encoding": "gzip"}, **kw)
    r.raise_for_status()
    return (time.perf_counter() - start) * 1000, int(r.headers.get("Content-Length") or len(r.content))


def measure_pages(api: str, aws: str, ctx: dict, rounds: int = 5) -> dict:
    """Per page view: API requests, their transferred bytes, request units, durations."""
    for paths in (f(ctx) for f in PAGES.values()):        # warm the API process
        for p in paths:
            _timed_get(api + p)
    out = {}
    for page, paths_of in PAGES.items():
        _reset(aws)
        ms, sizes = [], []
        for _ in range(rounds):
            for p in paths_of(ctx):
                t, n = _timed_get(api + p)
                ms.append(t)
                sizes.append(n)
        units = _units(aws)
        out[page] = {"api_requests": len(paths_of(ctx)), "api_bytes": sum(sizes) / rounds,
                     "RRU": units["RRU"] / rounds, "WRU": units["WRU"] / rounds,
                     "median_ms": statistics.median(ms)}
    return out


def measure_orders(info: dict, vendor: dict, product: dict, n: int) -> dict:
    """n card and n COD orders, each from quote to delivered, the maker listing their orders
    and packing the parcel."""
    from harness import Journeys
    aws = info["aws_endpoint_url"]
    journeys = Journeys(info, vendor, product, maker_lists_orders=True)
    calls = journeys.call_ms

    def order(method: str) -> int:
        done = journeys.run(method)
        return sum(len(p.get("timeline", [])) for p in done["parcels"])

    order("card")                           # warm-up (first imports in every process)
    out = {}
    for method in ("card", "cod"):
        _reset(aws)
        polls_before, calls[:] = journeys.polls, []
        events = [order(method) for _ in range(n)]
        counts = requests.get(f"{aws}/_dm/counts", timeout=10).json()
        polls = journeys.polls - polls_before        # the bench's own status reads (1 GetItem + 1 Query)
        units = _units(aws)
        order_table = next((k for k in units["by_table"] if k.endswith(":GetItem")
                            and "orders" in k), None)
        poll_rru = 0.0
        if order_table and polls:
            # what the bench's status polls read is not the order's cost: take them out at the
            # mean GetItem/Query price of the orders table
            get = units["by_table"][order_table]
            query = units["by_table"].get(order_table.replace("GetItem", "Query"), get)
            poll_rru = polls * (get["RRU"] / max(get["items"], 1)
                                + query["RRU"] / max(query["items"], 1))
        out[method] = {
            "orders": n, "api_requests": len(calls) / n, "api_median_ms": statistics.median(calls),
            "RRU": (units["RRU"] - poll_rru) / n, "WRU": units["WRU"] / n,
            "courier_events": statistics.mean(events) - 1,    # the timeline's first entry is ours
            "sqs_messages": counts.get("sqs:SendMessage", 0) / n
                            + counts.get("sqs:SendMessageBatch", 0) / n,
            "sfn_executions": counts.get("states:StartExecution", 0) / n,
            "emails": sum(v for k, v in counts.items() if k.startswith("ses:")) / n,
            "stripe_webhooks": 1 if method == "card" else 0,
            "sfn_transitions": transitions(method, parcels=1),
            "units_by_table": {k: {u: round(v[u] / n, 2) for u in v}
                               for k, v in units["by_table"].items()},
        }
    return out


def transitions(method: str, parcels: int) -> int:
    """State transitions of one execution on the happy path, walked from the ASL file."""
    text = (ROOT / "infra" / "statemachines" / "order.asl.json").read_text()
    text = text.replace("${PaymentTimeoutSeconds}", "1800")
    machine = json.loads(text)
    states, name, n = machine["States"], machine["StartAt"], 0
    while name:
        state, n = states[name], n + 1
        if state["Type"] == "Choice":
            hit = [c["Next"] for c in state["Choices"] if c.get("StringEquals") == method]
            name = hit[0] if hit else state["Default"]
            continue
        if state["Type"] == "Map":
            n += parcels * len(state["ItemProcessor"]["States"])
        name = None if state.get("End") else state.get("Next")
    return n


def measure_media(aws: str, info: dict) -> dict:
    """Stored bytes of one product photo's renditions (the seeded catalog's mean)."""
    import boto3
    s3 = boto3.client("s3", endpoint_url=aws, region_name="ap-south-1",
                      aws_access_key_id="local", aws_secret_access_key="local")
    bucket = next(b["Name"] for b in s3.list_buckets()["Buckets"] if b["Name"].endswith("-media"))
    sizes: dict[str, list[int]] = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for obj in page.get("Contents", []):
            width = obj["Key"].rsplit("/", 1)[-1].split(".")[0].split("-")[-1]
            sizes.setdefault(width, []).append(obj["Size"])
    photos = max((len(v) for v in sizes.values()), default=0)
    return {"photos": photos, "bytes_per_photo": sum(sum(v) for v in sizes.values()) / max(photos, 1),
            "mean_bytes_by_rendition": {k: statistics.mean(v) for k, v in sorted(sizes.items())}}


def time_image_pipeline() -> float:
    """A 12-megapixel phone photo (2.6 MB JPEG) through the real rendition code, in ms."""
    from PIL import Image, ImageFilter
    from chalicelib.media.processing import process
    img = Image.effect_noise((4000, 3000), 60).convert("RGB").filter(ImageFilter.GaussianBlur(2))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=88)
    process(buf.getvalue())                       # warm-up: codecs load once per Lambda
    start = time.perf_counter()
    process(buf.getvalue())
    return (time.perf_counter() - start) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--from", dest="source", help="a saved measurement (JSON)")
    parser.add_argument("--orders", type=int, default=5, help="orders of each kind to measure")
    args = parser.parse_args()
    if args.source:
        measured = json.loads(Path(args.source).read_text())
    else:
        measured = measure(args.orders)
        SAVED.parent.mkdir(exist_ok=True)
        SAVED.write_text(json.dumps(measured, indent=1))
        print(f"measurement saved to {SAVED.relative_to(ROOT)}")
    bills = price_all(measured)
    print_bill(measured, bills, MONTHS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
