"""What a catalog change tells the page publisher: one SQS message on the `site-pages` queue
naming the products, makers or categories whose pages may have changed. Sent after the change
is stored; the publisher reads the current state itself, so a message is only a hint and
sending one too many costs a render, never a wrong page. A message that cannot be sent is
logged and counted (`PageEventsLost`); the nightly rebuild (`publish_site`) repairs the pages.
"""
from __future__ import annotations

import json
import os
import threading
from contextlib import contextmanager
from functools import lru_cache

from chalicelib import config
from chalicelib.observability import logger, metric

_local = threading.local()
# An order that leaves this many units or fewer of a variant announces the product: two
# shoppers buying at once each saw more stock than is left, so "the last unit" is not exact.
LOW_STOCK = 5


def _sqs():
    return _client(config.settings().region, os.environ.get("AWS_ENDPOINT_URL"))


@lru_cache(maxsize=4)
def _client(region: str, endpoint: str | None):
    """One client per place it talks to (tests run in-process moto, then a local stack)."""
    import boto3
    return boto3.client("sqs", region_name=region)


def _queue_url() -> str:
    return _url(config.resource_name("SITE_PAGES_QUEUE", "site-pages"),
                os.environ.get("AWS_ENDPOINT_URL"))


@lru_cache(maxsize=4)
def _url(name: str, endpoint: str | None) -> str:
    return _sqs().get_queue_url(QueueName=name)["QueueUrl"]


@contextmanager
def suspended():
    """No messages from this thread inside the block (the seed rebuilds everything after)."""
    before = getattr(_local, "off", False)
    _local.off = True
    try:
        yield
    finally:
        _local.off = before


def changed(*, products=(), vendors=(), categories=(), everything: bool = False) -> None:
    if getattr(_local, "off", False) or not (products or vendors or categories or everything):
        return
    body = {"products": sorted(set(products)), "vendors": sorted(set(vendors)),
            "categories": sorted(set(categories)), "all": everything}
    try:
        _sqs().send_message(QueueUrl=_queue_url(), MessageBody=json.dumps(body))
    except Exception:   # the change itself is stored; the rebuild will show it
        logger.exception("page event not sent", extra={"event": body})
        metric("PageEventsLost")


def low_stock(stock_lines: list[dict]) -> set[str]:
    """Products of an order's stock lines whose availability may have changed."""
    return {line["product_id"] for line in stock_lines if line.get("left", 0) <= LOW_STOCK}


def parse(body: str) -> dict:
    data = json.loads(body)
    return {"products": set(data.get("products") or ()), "vendors": set(data.get("vendors") or ()),
            "categories": set(data.get("categories") or ()), "all": bool(data.get("all"))}
