"""What publishing the shop's pages costs (issue 16), on the local stack, in this process with
the stack's environment (as `infra/local/stack.py` publishes on start).

(a) Rebuild of every page of the seeded catalog (`infra.local.pages.publish()`: site settings
    + `publisher.rebuild()`), timed, twice: first into a web bucket emptied of pages (every page
    new), then again with nothing changed.
(b) One catalog change: one product's price lowered by ₹1 through the catalog's own code (as
    `PATCH /vendor/products/{id}` does), then the message it sent to the site-pages queue is
    handled by `publisher.handle_batch` (= `publisher.publish(products=[id])`), as the event
    handler does; then the same message once more (a duplicate delivery).
Every botocore call of this process is counted by service and operation (the publisher's
S3 requests and its DynamoDB reads): the target is no DynamoDB Scan. The stack's event runner
is stopped first, so that it does not publish the change alongside.
The keys written with new bytes (PutObject) are listed when they are few. The times are on
moto and this machine (compare runs, not clouds). Exit 1 on a DynamoDB Scan, on a change that
sent no page message, or when the product page does not show the new price.
Run: python bench/publish_pages.py
"""
from __future__ import annotations

import collections
import json
import signal
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CALLS: collections.Counter = collections.Counter()
PUT_KEYS: list[str] = []          # the keys PutObject wrote (new bytes)
_lock = threading.Lock()


def count_botocore_calls() -> None:
    from botocore.client import BaseClient
    original = BaseClient._make_api_call

    def counted(self, operation_name, api_params):
        with _lock:
            CALLS[(self.meta.service_model.service_name, operation_name)] += 1
            if operation_name == "PutObject":
                PUT_KEYS.append(api_params.get("Key", "?"))
        return original(self, operation_name, api_params)

    BaseClient._make_api_call = counted


def measured(fn, *args):
    CALLS.clear()
    PUT_KEYS.clear()
    started = time.monotonic()
    out = fn(*args)
    seconds = time.monotonic() - started
    return out, seconds, collections.Counter(CALLS), sorted(PUT_KEYS)


def ops(calls: collections.Counter, service: str) -> str:
    parts = sorted(((op, n) for (svc, op), n in calls.items() if svc == service), key=lambda x: -x[1])
    total = sum(n for _, n in parts)
    return f"{total} (" + ", ".join(f"{op} {n}" for op, n in parts) + ")" if parts else "0"


def report(label: str, counters: dict, seconds: float, calls: collections.Counter,
           put: list[str]) -> None:
    print(f"\n{label}: {seconds:.1f} s")
    print("  pages:    " + ", ".join(f"{k} {v}" for k, v in sorted(counters.items())))
    print("  S3 PutObject keys: " + (", ".join(put) if len(put) <= 12 else f"{len(put)} keys"))
    print("  S3:       " + ops(calls, "s3"))
    print("  DynamoDB: " + ops(calls, "dynamodb"))
    other = {f"{s}.{o}": n for (s, o), n in calls.items() if s not in ("s3", "dynamodb")}
    if other:
        print("  other:    " + ", ".join(f"{k} {v}" for k, v in sorted(other.items())))


def lastmods(s3, bucket: str) -> dict[str, str]:
    """<loc> → <lastmod> of the sitemap (a single file at the seeded catalog's size)."""
    import re
    text = s3.get_object(Bucket=bucket, Key="sitemap.xml")["Body"].read().decode()
    return dict(re.findall(r"<loc>([^<]+)</loc><lastmod>([^<]+)</lastmod>", text))


def empty_pages(s3, bucket: str) -> int:
    """Every page out of the web bucket (the site settings stay)."""
    keys = [o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
            for o in page.get("Contents", []) if not o["Key"].startswith("_site/")]
    for i in range(0, len(keys), 1000):
        s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in keys[i:i + 1000]]})
    return len(keys)


def main() -> int:
    import os

    import boto3
    import requests

    from bench.harness import own_stack
    with own_stack() as info:    # leaves the stack's environment in os.environ
        os.environ["POWERTOOLS_METRICS_DISABLED"] = "true"   # EMF lines would bury the figures
        os.killpg(info["pids"]["runner"], signal.SIGTERM)    # no event handler but ours
        from chalicelib import config
        from chalicelib.catalog import editing
        from chalicelib.catalog import repository as repo
        from chalicelib.catalog.editing_schemas import ProductPatch
        from chalicelib.observability import logger
        from chalicelib.pages import publisher
        from chalicelib.vendors import repository as vendors
        from infra.local import pages
        logger.setLevel("WARNING")    # the publisher's JSON lines say what is printed below
        config.reset()
        count_botocore_calls()
        s3, bucket = boto3.client("s3"), os.environ["WEB_BUCKET"]
        products = sum(1 for _ in publisher._public_products())
        print(f"seeded catalog: {products} products on sale; workers {publisher.WORKERS}")
        failures = []

        # (a) the whole site, twice
        removed = empty_pages(s3, bucket)
        print(f"emptied the web bucket of its {removed} pages")
        first, t1, c1, p1 = measured(pages.publish)
        report("(a) rebuild 1, every page new", first, t1, c1, p1)
        before = lastmods(s3, bucket)
        second, t2, c2, p2 = measured(pages.publish)
        report("(a) rebuild 2, nothing changed", second, t2, c2, p2)
        after = lastmods(s3, bucket)
        moved = sum(1 for loc, when in after.items() if before.get(loc) != when)
        print(f"  sitemap <lastmod> changed by rebuild 2: {moved} of {len(after)} URLs")

        # (b) one product's price
        pid = requests.get(info["api_url"] + "/products?limit=1", timeout=30).json()["items"][0]["id"]
        item = repo.get_product(pid)
        vendor = vendors.get(item.vendor_id)
        own = editing.owner_view(item)
        variants = [{k: v[k] for k in ("id", "sku", "label", "price_paise", "mrp_paise", "stock",
                                       "weight_grams")} for v in own["variants"]]
        old = variants[0]["price_paise"]
        variants[0]["price_paise"] = old - 100
        change = ProductPatch(version=own["version"], variants=variants)
        _, tc, cc, _ = measured(editing.patch, vendor, pid, change)
        print(f"\n(b) {pid}: price {old / 100:.2f} → {(old - 100) / 100:.2f} rupees "
              f"(catalog change {tc:.2f} s; DynamoDB {ops(cc, 'dynamodb')}; SQS {ops(cc, 'sqs')})")
        sqs = boto3.client("sqs")
        queue = sqs.get_queue_url(QueueName=os.environ["SITE_PAGES_QUEUE"])["QueueUrl"]
        got = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=2)
        bodies = [m["Body"] for m in got.get("Messages", [])]
        print(f"    site-pages queue: {len(bodies)} message(s): {bodies}")
        if len(bodies) != 1:
            failures.append(f"{len(bodies)} page messages for one price change")
        event = {"Records": [{"body": b} for b in bodies]}
        one, tp, cp, pp = measured(publisher.handle_batch, event)
        report(f"(b) publish(products=['{pid}'])", one, tp, cp, pp)
        again, ta, ca, pa = measured(publisher.handle_batch, event)
        report("(b) the same message again (a duplicate delivery)", again, ta, ca, pa)
        page = requests.get(f"{info['web_url']}/p/{pid}", timeout=30).text
        from chalicelib.pages.text import money
        shown = money(old - 100) in page
        print(f"\n    the product page shows the new price: {'yes' if shown else 'NO'}")
        if not shown:
            failures.append("the new price is not on the page")

        scans = sum(n for calls in (c1, c2, cp, ca) for (svc, op), n in calls.items()
                    if svc == "dynamodb" and op == "Scan")
        print(f"DynamoDB Scan requests in all of the above: {scans} (target 0)")
        if scans:
            failures.append(f"{scans} Scan requests")
        print("ok" if not failures else "FAILED: " + "; ".join(failures))
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
