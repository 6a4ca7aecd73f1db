"""A payout run at scale: 1,000 makers with 10 delivered parcels each (seeded directly),
prepared, approved and answered by the bank. Counts DynamoDB requests by operation at the
botocore level and times each step; a Scan anywhere fails the run.

Runs on moto in-process (requests, not latency, are what carries over to AWS: each request
is one round trip there, a few milliseconds in the same region).
Run: python bench/payout_run.py [MAKERS] [PARCELS_PER_MAKER]
"""
from __future__ import annotations

import collections
import csv
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.ddb_requests import CALLS, count_botocore_calls  # noqa: E402


def seed(makers: int, parcels: int) -> None:
    """Approved makers with bank accounts, each with `parcels` payable credits."""
    from chalicelib.db.models import TextAttribute, VendorItem, bind as bind_catalog
    from chalicelib.db.order_models import StatItem
    from chalicelib.db.payout_models import PayableItem, bind
    bind_catalog()
    bind()
    text = TextAttribute(en="Bench maker", hi="बेंच कारीगर")
    with VendorItem.batch_write() as vendors, PayableItem.batch_write() as open_, \
            StatItem.batch_write() as stats:
        for m in range(makers):
            vid = f"v-bench-{m:05d}"
            vendors.save(VendorItem(f"VENDOR#{vid}", "PROFILE", id=vid, name=text, story=text,
                                    craft=text, category="lac-bangles", block="Deoghar",
                                    village=text, status="approved", gst_status="registered",
                                    bank={"account_number": f"{m:012d}", "ifsc": "SBIN0000096",
                                          "holder_name": f"Bench Maker {m}"},
                                    created_at="2026-01-01T00:00:00Z",
                                    updated_at="2026-01-01T00:00:00Z"))
            for p in range(parcels):
                sk = f"2026-11-01T00:00:00.000000Z#credit_delivery#o-bench-{m}-{p}-p1"
                open_.save(PayableItem(f"OPEN#{vid}", sk, vendor_id=vid, ledger_sk=sk.split("#", 1)[1],
                                       amount_paise=98_500, payable_at="2026-11-01T00:00:00.000000Z"))
            stats.save(StatItem("STAT#BALANCE", vid, payout_paise=98_500 * parcels))


def dynamodb_requests() -> tuple[int, dict]:
    ops = {op: n for (svc, op), n in CALLS.items() if svc == "dynamodb"}
    return sum(ops.values()), ops


def main() -> int:
    makers = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    parcels = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    import boto3
    from moto import mock_aws

    from chalicelib import config
    from chalicelib.auth.principal import Principal
    from infra.local import moto_transactions, provision
    from infra.local.env import REGION
    from infra.resources import resources
    from tests.unit.conftest import cognito_env, unit_env

    os.environ.update(unit_env())
    os.environ["POWERTOOLS_METRICS_DISABLED"] = "true"
    os.environ["POWERTOOLS_LOG_LEVEL"] = "WARNING"
    os.environ["LOG_LEVEL"] = "WARNING"
    moto_transactions.install()
    moto_transactions.serialise_in_process()
    count_botocore_calls()
    with mock_aws():
        done = provision.create_all(resources("local"), boto3.session.Session(region_name=REGION))
        os.environ.update(cognito_env(done))
        config.reset()
        started = time.perf_counter()
        seed(makers, parcels)
        print(f"seeded {makers} makers x {parcels} payable parcels in "
              f"{time.perf_counter() - started:.1f} s")
        from chalicelib.payouts import runs, settle
        first = Principal(sub="bench-admin-1", groups=frozenset({"admins"}), username="one")
        second = Principal(sub="bench-admin-2", groups=frozenset({"admins"}), username="two")

        steps = []
        CALLS.clear()
        t = time.perf_counter()
        run = runs.prepare(first)
        steps.append(("prepare", time.perf_counter() - t, *dynamodb_requests()))
        CALLS.clear()
        t = time.perf_counter()
        approved = runs.approve(second, run["id"])
        steps.append(("approve + bank file", time.perf_counter() - t, *dynamodb_requests()))
        out = io.StringIO()
        w = csv.writer(out)
        w.writerow(["reference", "status", "utr", "amount", "reason"])
        for n, line in enumerate(approved["lines"]):
            w.writerow([f"{run['id']}/{line['vendor_id']}", "paid", f"SBIN3261{n:08d}",
                        f"{line['amount_paise'] // 100}.{line['amount_paise'] % 100:02d}", ""])
        CALLS.clear()
        t = time.perf_counter()
        report = settle.apply_response(second, run["id"], out.getvalue().encode())
        steps.append(("bank response", time.perf_counter() - t, *dynamodb_requests()))

        print(f"\npayout run over {makers} makers x {parcels} parcels: {run['lines_count']} lines, "
              f"₹{run['amount_paise'] // 100:,}; bank response: {report['paid']} paid")
        print(f"{'step':22} {'seconds':>8} {'DynamoDB req':>13} {'per maker':>10}  by operation")
        scans = 0
        for name, seconds, total, ops in steps:
            scans += ops.get("Scan", 0)
            print(f"{name:22} {seconds:8.1f} {total:13d} {total / makers:10.2f}  "
                  + ", ".join(f"{k} {v}" for k, v in sorted(ops.items())))
        print(f"\nScan requests: {scans} (target 0)")
        return 0 if scans == 0 and report["paid"] == makers else 1


if __name__ == "__main__":
    sys.exit(main())
