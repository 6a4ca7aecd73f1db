"""What the books check reads: the local stack's orders, parcels, ledger, counters and
products straight from moto (DynamoDB scans and batch reads, SQS attributes), and every
PaymentIntent and refund from Stripe's API and every payment and refund from Razorpay's (its
local stand-in, through the official SDK) — never through our own code, so a bug there
cannot hide itself. Used by books.py (the rules) and the load bench."""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

import boto3
from boto3.dynamodb.types import TypeDeserializer

from infra.resources import resources


def aws(info: dict, service: str):
    return boto3.client(service, endpoint_url=info["aws_endpoint_url"],
                        region_name=info.get("region", "ap-south-1"),
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def _scan(ddb, table: str) -> list[dict]:
    plain = TypeDeserializer()
    items = []
    for page in ddb.get_paginator("scan").paginate(TableName=table):
        items += [{k: plain.deserialize(v) for k, v in item.items()} for item in page["Items"]]
    return items


@dataclass
class State:
    orders: dict[str, dict]
    parcels: dict[str, list[dict]]            # order id -> its parcels
    ledger: list[dict]
    stats: list[dict]
    products: list[dict]
    payout_lines: list[dict] = field(default_factory=list)   # every run's lines
    payable: list[dict] = field(default_factory=list)        # OPEN#: entries not paid out
    complaints: list[dict] = field(default_factory=list)     # buyers' complaints
    reviews: list[dict] = field(default_factory=list)
    scores: list[dict] = field(default_factory=list)         # SCORE#<vid> / <day>


def _products(ddb, table: str, ids: set[str]) -> list[dict]:
    """Products by id (a scan of the whole catalog would take moto ~20 s)."""
    plain = TypeDeserializer()
    keys = [{"pk": {"S": f"PRODUCT#{i}"}, "sk": {"S": "PRODUCT"}} for i in sorted(ids)]
    out = []
    for start in range(0, len(keys), 100):
        todo = {table: {"Keys": keys[start:start + 100], "ProjectionExpression": "pk, variants"}}
        while todo:
            got = ddb.batch_get_item(RequestItems=todo)
            out += [{k: plain.deserialize(v) for k, v in item.items()}
                    for item in got["Responses"].get(table, [])]
            todo = got.get("UnprocessedKeys") or {}
    return out


def _on_sale(ddb, table: str) -> set[str]:
    ids = set()
    for page in ddb.get_paginator("query").paginate(
            TableName=table, IndexName="public_newest", KeyConditionExpression="pub_all = :p",
            ExpressionAttributeValues={":p": {"S": "PUBLIC"}}, ProjectionExpression="pk"):
        ids |= {item["pk"]["S"].split("#", 1)[1] for item in page["Items"]}
    return ids


def read(info: dict, products: set[str] = frozenset()) -> State:
    """Orders, parcels, ledger and counters; the products on sale, those of every order,
    and `products`."""
    res = resources(info.get("stage", "local"))
    ddb = aws(info, "dynamodb")
    orders, parcels, ledger, stats, lines, payable = {}, defaultdict(list), [], [], [], []
    said: dict[str, list] = {"COMPLAINT#": [], "REVIEW#": [], "SCORE#": []}
    for item in _scan(ddb, res.table("Orders").name):
        pk, sk = item["pk"], item["sk"]
        if pk.startswith("ORDER#") and sk == "ORDER":
            orders[item["id"]] = item
        elif pk.startswith("ORDER#") and sk.startswith(("COMPLAINT#", "REVIEW#")):
            said[sk.split("#", 1)[0] + "#"].append(item)
        elif pk.startswith("SCORE#"):
            said["SCORE#"].append(item)
        elif pk.startswith("ORDER#") and sk.startswith("PARCEL#"):
            parcels[item["order_id"]].append(item)
        elif pk.startswith("LEDGER#"):
            ledger.append(item)
        elif pk.startswith("STAT#"):
            stats.append(item)
        elif pk.startswith("PAYOUTRUN#") and sk.startswith("LINE#"):
            lines.append(item)
        elif pk.startswith("OPEN#"):
            payable.append(item)
    catalog = res.table("Catalog").name
    ids = set(products) | _on_sale(ddb, catalog) | {
        line["product_id"] for o in orders.values() for line in json.loads(o["stock_lines"])}
    return State(orders, dict(parcels), ledger, stats, _products(ddb, catalog, ids), lines,
                 payable, said["COMPLAINT#"], said["REVIEW#"], said["SCORE#"])


def stripe_books(info: dict, client) -> tuple[list[dict], list[dict]]:
    """Every PaymentIntent and every refund Stripe has (refunds tagged with their intent)."""
    if client is None:
        import stripe
        client = stripe.StripeClient(info["stripe_secret_key"],
                                     base_addresses={"api": info["stripe_api_base"]})
    intents = [i.to_dict() for i in
               client.v1.payment_intents.list(params={"limit": 100}).auto_paging_iter()]
    by_charge = {}
    for i in intents:
        charge = i.get("latest_charge")
        if charge:
            by_charge[charge if isinstance(charge, str) else charge["id"]] = i["id"]
    refunds = []
    for r in client.v1.refunds.list(params={"limit": 100}).auto_paging_iter():
        r = r.to_dict()
        r["_intent"] = r.get("payment_intent") or by_charge.get(r.get("charge"))
        refunds.append(r)
    return intents, refunds


def razorpay_books(info: dict) -> tuple[list[dict], list[dict]]:
    """Every Razorpay payment and refund, shaped as stripe_books' (status "succeeded" for a
    captured payment, its order id in metadata — the Razorpay order's receipt — and each
    refund tagged with its payment), so the same rules read both gateways."""
    if not info.get("razorpay_api_base"):
        return [], []
    import razorpay
    client = razorpay.Client(auth=(info["razorpay_key_id"], info["razorpay_key_secret"]),
                             base_url=info["razorpay_api_base"])

    def every(resource) -> list[dict]:
        out, skip = [], 0
        while True:
            page = resource.all({"count": 100, "skip": skip})["items"]
            out += page
            skip += len(page)
            if len(page) < 100:
                return out
    receipts: dict[str, str] = {}
    payments = []
    for p in every(client.payment):
        if p["order_id"] not in receipts:
            receipts[p["order_id"]] = client.order.fetch(p["order_id"])["receipt"]
        payments.append({"id": p["id"], "amount": int(p["amount"]), "_provider": "razorpay",
                         "status": "succeeded" if p["status"] in ("captured", "refunded")
                         else p["status"], "metadata": {"order_id": receipts[p["order_id"]]}})
    refunds = [{"id": r["id"], "amount": int(r["amount"]), "_intent": r["payment_id"]}
               for r in every(client.refund)]
    return payments, refunds


def payment_books(info: dict, stripe_client) -> tuple[list[dict], list[dict]]:
    """Both gateways' payments and refunds (stripe_books' shape)."""
    intents, refunds = stripe_books(info, stripe_client)
    payments, rz_refunds = razorpay_books(info)
    return intents + payments, refunds + rz_refunds


def messages(info: dict) -> dict[str, int]:
    """Messages (visible or in flight) in every queue and dead-letter queue."""
    sqs = aws(info, "sqs")
    out = {}
    for q in resources(info.get("stage", "local")).queues:
        for name in (q.name, q.dlq_name):
            url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
            a = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])
            out[name] = sum(int(v) for v in a["Attributes"].values())
    return out


def orders(info: dict) -> dict[str, dict]:
    """Every order as stored, each with its parcels under "parcels" (the load bench times
    payment to dispatch from them)."""
    state = read(info)
    return {oid: {**o, "parcels": state.parcels.get(oid, [])} for oid, o in state.orders.items()}
