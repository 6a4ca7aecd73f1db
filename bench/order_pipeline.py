"""Calls per order and orders per second through the whole pipeline, on the local stack.

Starts its own local stack (moto server, localstripe, chalice local, runner, courier
simulator) on free ports, then:
1. runs N orders one after another from checkout to delivered (quote → order → card
   paid at localstripe → signed webhook → state machine → parcel booked → packed →
   courier events → delivered → ledger) and prints the AWS and Stripe calls per order,
   counted at the moto server and at localstripe;
2. runs M orders concurrently and prints orders per second through the pipeline, with
   the same run's single-order latency as the floor to compare against.
Run: python bench/order_pipeline.py [N] [M]
"""
from __future__ import annotations

import concurrent.futures
import statistics
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    m = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    from bench import harness
    with harness.own_stack(PAYMENT_TIMEOUT_SECONDS="120", COURIER_STEP_SECONDS="0.1") as info:
        return run(info, n, m)


def run(info: dict, n: int, m: int) -> int:
    api, aws, sp = info["api_url"], info["aws_endpoint_url"], info["stripe_api_base"]
    from bench import harness
    vendor = harness.demo_vendor(info)
    products = requests.get(f"{api}/vendors/{vendor['id']}?limit=50", timeout=30).json()
    product = requests.get(f"{api}/products/{products['products'][0]['id']}", timeout=30).json()
    harness.set_stock(api, vendor, product["id"], 10_000)
    journeys = harness.Journeys(info, vendor, product)

    def one_order() -> float:
        start = time.perf_counter()
        journeys.run("card")
        return time.perf_counter() - start

    one_order()  # warm-up: first requests of each process import their modules
    requests.delete(f"{aws}/_dm/counts", timeout=10)
    requests.delete(f"{sp}/_dm/counts", timeout=10)
    journeys.polls = 0
    latencies = [one_order() for _ in range(n)]
    polls = journeys.polls
    aws_counts = requests.get(f"{aws}/_dm/counts", timeout=10).json()
    # What the bench itself asked (its status polls), not what the pipeline costs:
    aws_counts["dynamodb:GetItem"] -= polls
    aws_counts["dynamodb:Query"] -= polls
    stripe_counts = requests.get(f"{sp}/_dm/counts", timeout=10).json()
    print(f"calls per order, checkout to delivered (mean of {n} sequential orders; the "
          f"bench's own {polls / n:.0f} status polls per order subtracted)")
    for service in ("dynamodb", "sqs", "states", "ses"):
        ops = {k.split(":", 1)[1]: v / n for k, v in aws_counts.items()
               if k.startswith(service + ":")}
        total = sum(ops.values())
        detail = ", ".join(f"{op} {c:.1f}" for op, c in sorted(ops.items()))
        print(f"  {service:9} {total:6.1f}   ({detail})")
    print(f"  {'stripe':9} {sum(stripe_counts.values()) / n:6.1f}   (" + ", ".join(
        f"{k} {v / n:.1f}" for k, v in sorted(stripe_counts.items())) + ")")
    print("  (sqs ReceiveMessage includes the runner's idle long polls of 5 queues, as Lambda's"
          " pollers would)")
    floor = statistics.median(latencies)
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=m) as pool:
        concurrent_latencies = list(pool.map(lambda _: one_order(), range(m)))
    elapsed = time.perf_counter() - start
    print(f"single order, checkout to delivered: median {floor:.2f} s "
          "(includes ~1 s localstripe webhook delay and 4 courier steps of 0.1 s)")
    print(f"{m} concurrent orders: {m / elapsed:.2f} orders/s through the whole pipeline; "
          f"median latency {statistics.median(concurrent_latencies):.2f} s "
          f"= {statistics.median(concurrent_latencies) / floor:.2f}x the single-order floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
