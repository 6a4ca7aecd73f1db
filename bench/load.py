"""Load benchmark with a books check: concurrent shoppers through the whole card journey.

N shoppers (bench/shoppers.py) loop for a fixed time (and/or up to a number of orders):
browse (categories + a home, category or search listing, product pages) → POST /quotes →
card token at localstripe (Stripe.js's createToken) → POST /orders → POST /orders/{id}/pay
(the API confirms the PaymentIntent) → the order page; localstripe's signed webhook then
pays the order and the state machine dispatches it. A share of shoppers race for one
low-stock variant (stock-outs must be a clean 409/422, never a 5xx); some cards are
declined, some shoppers cancel right after paying, some never pay (the payment timeout
cancels those).

The floor is GET /health/ready (a bare route, exactly one DynamoDB GetItem), asked by the
same shoppers between their steps, so it runs under the same load at the same time: every
endpoint's p50/p95/p99 is printed as a ratio to the floor's. The machine is shared and
noisy: compare ratios within one run, not milliseconds across runs.

At the end, once every order is decided and nothing is in flight, the books are checked
from the stores themselves (tests/integration/books.py, shared with the fault tests):
every paid order dispatched, no stock negative, stock + units in live orders unchanged,
no order charged twice or lost (every 201 is in the orders table), cancelled payments
refunded, counters and ledger matching the orders, queues drained. Exit 1 when the books
do not balance or the API answered a 5xx (or dropped a connection).

Run: python bench/load.py [--shoppers 20] [--seconds 60] [--orders N]
     python bench/load.py --api http://127.0.0.1:8000   # a stack started by `make run`
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import harness  # noqa: E402
from tests.integration import books  # noqa: E402
from bench.shoppers import FLOOR, Shopper, Stats, run_shoppers  # noqa: E402

ORDER = [FLOOR, "GET /categories", "GET /products (home)", "GET /products?category=",
         "GET /products?q=", "GET /products/{id}", "POST /quotes", "POST stripe /v1/tokens",
         "POST /orders", "POST /orders, refused", "POST /orders/{id}/pay", "GET /orders/{id}",
         "POST /orders/{id}/cancel", "POST /webhooks/stripe"]


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--shoppers", type=int, default=20, help="concurrent shoppers (20)")
    p.add_argument("--seconds", type=float, default=60, help="how long they shop (60)")
    p.add_argument("--orders", type=int, default=0, help="stop after this many placed (no cap)")
    p.add_argument("--api", help="use the running stack at this API address (its stack.json "
                                 "gives the other addresses) instead of starting one")
    p.add_argument("--stack-json", default=str(Path(os.environ.get("DM_STATE_DIR") or
                                                    ROOT / ".local") / "stack.json"))
    p.add_argument("--hot-stock", type=int, default=5, help="units of the raced variant (5)")
    p.add_argument("--hot-share", type=float, default=0.25, help="shoppers racing for it")
    p.add_argument("--decline-share", type=float, default=0.05, help="declined cards")
    p.add_argument("--cancel-share", type=float, default=0.05, help="cancel right after paying")
    p.add_argument("--abandon-share", type=float, default=None,
                   help="never pay (default 0.02 on an own stack, 0 with --api)")
    p.add_argument("--floor-rate", type=float, default=0.4,
                   help="chance of a floor request between two steps (0.4: ~2 a journey)")
    p.add_argument("--payment-timeout", type=int, default=120,
                   help="PAYMENT_TIMEOUT_SECONDS of the own stack (120: longer than a paid "
                        "order's way to dispatch under load, or paid orders time out)")
    p.add_argument("--random-seed", type=int, default=8)
    args = p.parse_args(argv)
    if args.abandon_share is None:
        args.abandon_share = 0.0 if args.api else 0.02
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.api:
        info = json.loads(Path(args.stack_json).read_text())
        info["api_url"] = args.api.rstrip("/")
        return run(info, args)
    with harness.own_stack(PAYMENT_TIMEOUT_SECONDS=str(args.payment_timeout)) as info:
        return run(info, args)


def setup(info: dict, args) -> tuple[dict, dict]:
    """The categories to browse, and the low-stock variant some shoppers race for."""
    api = info["api_url"]
    catalog = {"categories": [c["slug"] for c in
                              requests.get(f"{api}/categories", timeout=30).json()["items"]]}
    vendor = harness.demo_vendor(info)
    card = requests.get(f"{api}/vendors/{vendor['id']}?limit=50", timeout=30).json()["products"][0]
    variant = requests.get(f"{api}/products/{card['id']}", timeout=30).json()["variants"][0]
    harness.set_stock(api, vendor, card["id"], {variant["id"]: args.hot_stock})
    return catalog, {"product_id": card["id"], "variant_id": variant["id"]}


async def warm_up(info: dict, catalog: dict) -> None:
    """One journey before measuring: each process imports its modules on first use."""
    from bench.shoppers import Client
    import random
    client = Client(info, Stats(), 1)
    mix = {"declined": 0, "cancel": 0, "abandon": 0, "floor_rate": 1}
    try:
        for n in range(2):
            await Shopper(n, client, catalog, None, mix, random.Random(n)).once(Stats())
    finally:
        await client.close()


def webhook_to(info: dict, url: str) -> None:
    from infra.local.env import STRIPE_WEBHOOK_SECRET
    requests.post(f"{info['stripe_api_base']}/_config/webhooks/deogharmart", timeout=10,
                  data={"url": url, "secret": STRIPE_WEBHOOK_SECRET},
                  auth=(info["stripe_secret_key"], "")).raise_for_status()


def cpu_seconds(pids: dict[str, int]) -> dict[str, float]:
    """CPU time (user + system) each stack process has used so far."""
    out, tick = {}, os.sysconf("SC_CLK_TCK")
    for name, pid in pids.items():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            out[name] = (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            pass
    t = os.times()
    out["bench (shoppers)"] = t.user + t.system
    return out


def run(info: dict, args) -> int:
    from infra.local.stack import free_port
    catalog, hot = setup(info, args)
    asyncio.run(warm_up(info, catalog))
    baseline = books.snapshot(info)   # once the warm-up's order has gone through
    stats, problems = Stats(), []
    aws_counts = f"{info['aws_endpoint_url']}/_dm/counts"
    requests.delete(aws_counts, timeout=10)
    cpu0, load0 = cpu_seconds(info.get("pids", {})), os.getloadavg()
    timeout = (60 if args.api else args.payment_timeout) + 60

    def settle() -> None:
        """Every new order decided (the abandoned ones by the payment timeout), then the
        books, polled until they balance or `timeout` passes."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and any(
                o["status"] == "pending_payment" for oid, o in books.orders(info).items()
                if oid not in baseline.orders):
            time.sleep(2)
        problems.extend(books.settled(info, baseline=baseline, timeout=timeout,
                                      placed=set(stats.orders), stuck_after=timeout))

    try:
        elapsed = asyncio.run(run_shoppers(
            info, catalog, hot, args, stats, free_port(), lambda url: webhook_to(info, url),
            settle=settle))
    finally:
        webhook_to(info, f"{info['api_url']}/webhooks/stripe")
    cpu1, load1 = cpu_seconds(info.get("pids", {})), os.getloadavg()
    ddb = {k: v for k, v in requests.get(aws_counts, timeout=10).json().items()
           if k.startswith("dynamodb:")}
    new = {oid: o for oid, o in books.orders(info).items() if oid not in baseline.orders}
    print_figures(args, stats, elapsed, new, hot)
    print(f"where the time goes: {sum(ddb.values())} DynamoDB requests at moto, one at a time "
          "behind its lock, in the run and its settling (" + ", ".join(
              f"{k.split(':')[1]} {v}" for k, v in sorted(ddb.items(), key=lambda x: -x[1])[:6])
          + ")")
    busy = {k: cpu1[k] - cpu0.get(k, 0) for k in cpu1}
    if busy:
        print("  CPU seconds used in the run and its settling (2 CPUs shared by all): "
              + ", ".join(f"{k} {v:.1f}" for k, v in sorted(busy.items(), key=lambda x: -x[1])))
    print(f"  load average (1 min): {load0[0]:.1f} before, {load1[0]:.1f} after")
    statuses = Counter(o["status"] for o in new.values())
    head = (f"{len(new)} orders since the baseline (" + ", ".join(
        f"{k} {v}" for k, v in sorted(statuses.items())) + f"), {len(stats.orders)} of them "
        "placed by the shoppers")
    if problems:
        print(f"BOOKS DO NOT BALANCE: {head}; {len(problems)} problems:")
        for line in problems[:40]:
            print("  - " + line)
    else:
        print(f"books balance: {head}")
    if stats.server_errors:
        print(f"{len(stats.server_errors)} server errors or dropped connections, e.g.:")
        for e in stats.server_errors[:10]:
            print("  " + e)
    return 1 if problems or stats.server_errors else 0


def dispatched_at(order: dict) -> float | None:
    """When the order's last parcel was accepted for dispatch (Unix time), if all were."""
    times = [p.get("accepted_at") for p in order["parcels"]]
    if not times or not all(times):
        return None
    return max(datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp() for s in times)


def print_figures(args, stats: Stats, elapsed: float, orders: dict, hot: dict) -> None:
    o = stats.outcomes
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    print(f"load: {args.shoppers} shoppers for {elapsed:.1f} s on {os.cpu_count()} CPUs ({cpu}); "
          f"{round(args.shoppers * args.hot_share)} of them race for {hot['product_id']}/"
          f"{hot['variant_id']} ({args.hot_stock} units)")
    placed = list(stats.orders.values())
    paid = [x for x in placed if x.paid]
    failed = {k.split(": ", 1)[1]: v for k, v in o.items() if k.startswith("failed: ")}
    print(f"orders: {o['attempted']} attempted, {len(placed)} placed (201), {len(paid)} paid "
          f"→ {len(placed) / elapsed:.2f} placed/s, {len(paid) / elapsed:.2f} paid/s")
    print("  refused: " + (", ".join(f"{k} ×{v}" for k, v in sorted(failed.items())) or "none"))
    after = Counter(x.outcome for x in placed)
    print("  placed, then: " + ", ".join(f"{k} ×{v}" for k, v in sorted(after.items())))
    late = [x.id for x in paid if x.outcome == "paid" and
            orders.get(x.id, {}).get("status") == "cancelled"]
    if late:
        print(f"  paid, yet cancelled (and refunded) by the payment timeout: {len(late)} — the "
              "webhook's way to the state machine took longer than --payment-timeout")
    others = {k: v for k, v in o.items() if not k.startswith(("failed: ", "webhook "))
              and k not in ("attempted", "placed") and k not in after}
    if others:
        print("  no order: " + ", ".join(f"{k} ×{v}" for k, v in sorted(others.items())))
    print("  Stripe webhooks relayed: " + ", ".join(
        f"{k[8:]} ×{v}" for k, v in sorted(o.items()) if k.startswith("webhook ")))
    floor = stats.percentiles(FLOOR)
    print(f"{'endpoint (client-side, ms)':28} {'n':>5} {'p50':>7} {'p95':>7} {'p99':>7}   "
          f"{'p50/floor':>9} {'p95/floor':>9} {'p99/floor':>9}  statuses")
    for label in ORDER + sorted(set(stats.latency) - set(ORDER)):
        pct = stats.percentiles(label)
        if pct is None:
            continue
        ratios = "".join(f" {v / f:9.2f}" for v, f in zip(pct, floor)) if floor else ""
        codes = " ".join(f"{k}×{v}" for k, v in sorted(stats.statuses[label].items(), key=str))
        name = label + (" = floor" if label == FLOOR else "")
        print(f"{name:28} {len(stats.latency[label]):5d} {pct[0]:7.1f} {pct[1]:7.1f} "
              f"{pct[2]:7.1f}  {ratios}  {codes}")
    timings = {"pay sent → webhook arrives": [], "webhook arrives → dispatched": [],
               "pay sent → dispatched": []}
    for order in paid:
        done = dispatched_at(orders.get(order.id, {"parcels": []}))
        if order.outcome != "paid" or not done:
            continue
        timings["pay sent → dispatched"].append((done - order.pay_sent_at) * 1000)
        if order.webhook_at:
            timings["pay sent → webhook arrives"].append(
                (order.webhook_at - order.pay_sent_at) * 1000)
            timings["webhook arrives → dispatched"].append((done - order.webhook_at) * 1000)
    print("a paid order's way to dispatch (localstripe sends the webhook 1 s after the "
          "PaymentIntent succeeds; dispatched = every parcel accepted and booked):")
    for label, data in timings.items():
        stats.latency[label] = data
        pct = stats.percentiles(label)
        if pct:
            print(f"  {label:30} n={len(data)}: p50 {pct[0]:.0f} ms, p95 {pct[1]:.0f} ms, "
                  f"p99 {pct[2]:.0f} ms")


if __name__ == "__main__":
    sys.exit(main())
