"""DynamoDB requests per API call, counted at the botocore level, for each public endpoint
(target: one request for a product page and for a list page).

Runs the app through chalice's test client on moto in-process, with the seeded
catalog. Every botocore API call is counted by service and operation.
Run: python bench/ddb_requests.py
"""
from __future__ import annotations

import collections
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CALLS: collections.Counter = collections.Counter()


def count_botocore_calls() -> None:
    from botocore.client import BaseClient
    original = BaseClient._make_api_call

    def counted(self, operation_name, api_params):
        CALLS[(self.meta.service_model.service_name, operation_name)] += 1
        return original(self, operation_name, api_params)

    BaseClient._make_api_call = counted


def main() -> int:
    import boto3
    from moto import mock_aws

    from infra.local import provision
    from infra.local.env import REGION
    from infra.resources import resources
    from chalicelib import config
    from tests.unit.conftest import cognito_env, unit_env

    os.environ.update(unit_env())
    os.environ["POWERTOOLS_METRICS_DISABLED"] = "true"   # the EMF lines would bury the table
    count_botocore_calls()
    with mock_aws():
        done = provision.create_all(resources("local"), boto3.session.Session(region_name=REGION))
        os.environ.update(cognito_env(done))
        config.reset()
        from infra.seed import seed
        seed.seed()
        from chalice.test import Client

        from app import app
        data = seed.load_data()
        product = next(p["id"] for p in data["products"] if p["status"] == "approved")
        vendor = next(v["id"] for v in data["vendors"] if v["status"] == "approved")
        with Client(app, stage_name="local", project_dir=str(ROOT)) as client:
            first = json.loads(client.http.get("/products?limit=24").body)
            cases = [
                ("product page", f"/products/{product}", 1),
                ("list: newest", "/products?limit=24", 1),
                ("list: next page", f"/products?limit=24&cursor={first['next_cursor']}", 1),
                ("list: category", "/products?category=peda-sweets", 1),
                ("list: category by price", "/products?category=lac-bangles&sort=price_asc", 1),
                ("list: price range", "/products?sort=price_desc&min_price=20000&max_price=90000", 1),
                ("list: newest in a range", "/products?min_price=20000&max_price=90000", None),
                ("search: peda", "/products?q=peda", 1),
                ("search: two words", "/products?q=lac%20bangle", 1),
                ("categories", "/categories", 1),
                ("maker page", f"/vendors/{vendor}", None),
                ("product reviews (asked for)", f"/products/{product}/reviews", 1),
                ("maker's reviews (asked for)", f"/vendors/{vendor}/reviews", 1),
                ("health", "/health", 0),
                ("abroad: countries, rates", "/abroad", 1),
            ]
            print(f"{'endpoint':26} {'status':>6} {'DynamoDB requests':>18} {'target':>7}")
            worst = 0
            for label, path, target in cases:
                CALLS.clear()
                r = client.http.get(path)
                n = sum(v for (svc, _), v in CALLS.items() if svc == "dynamodb")
                ops = ",".join(sorted(op for (svc, op) in CALLS if svc == "dynamodb"))
                ok = "" if target is None else ("ok" if n <= target else "OVER")
                worst += 1 if ok == "OVER" else 0
                print(f"{label:26} {r.status_code:>6} {n:>6}  {ops:<12} "
                      f"{'' if target is None else target:>4} {ok}")
            # the cart's quote: the catalog lines in one BatchGet; abroad, the rates too
            item = next(p for p in data["products"] if p["vendor"] == "v-vishwakarma-lohar-karkhana")
            items = [{"product_id": item["id"], "variant_id": item["variants"][0]["id"],
                      "quantity": 1}]
            for label, where, target in (("quote: India", {"pincode": "814112", "country": "IN"}, 1),
                                         ("quote: abroad (US)", {"country": "US"}, 2)):
                CALLS.clear()
                r = client.http.post("/quotes", headers={"Content-Type": "application/json"},
                                     body=json.dumps({"items": items, **where}))
                n = sum(v for (svc, _), v in CALLS.items() if svc == "dynamodb")
                ops = ",".join(sorted(op for (svc, op) in CALLS if svc == "dynamodb"))
                ok = "ok" if n <= target else "OVER"
                worst += 1 if ok == "OVER" else 0
                print(f"{label:26} {r.status_code:>6} {n:>6}  {ops:<12} {target:>4} {ok}")
    return 1 if worst else 0


if __name__ == "__main__":
    sys.exit(main())
