"""Seeding, visibility and the no-Scan rule, on moto in-process."""
from __future__ import annotations

import collections
import json

import pytest
from botocore.client import BaseClient

from chalicelib import config
from chalicelib.catalog import indexing
from chalicelib.catalog import repository as repo
from infra.seed import seed as seeding


def test_seeding_twice_changes_nothing(seeded):
    again = seeding.seed()
    assert again.products_written == 0
    assert again.products_kept == seeded.products_written + seeded.products_kept
    assert again.images_uploaded == 0
    assert again.categories == 8 and again.vendors == 0


def test_seed_data_meets_the_brief():
    data = seeding.load_data()
    approved_vendors = {v["id"] for v in data["vendors"] if v["status"] == "approved"}
    public = [p for p in data["products"]
              if p["status"] == "approved" and p["vendor"] in approved_vendors]
    assert len(public) >= 60
    assert len({p["vendor"] for p in public}) >= 15
    assert {p["category"] for p in public} == {c["slug"] for c in data["categories"]}
    skus = [v["sku"] for p in data["products"] for v in p["variants"]]
    assert len(skus) == len(set(skus))
    for p in data["products"]:
        for v in p["variants"]:
            assert isinstance(v["price_paise"], int) and 0 < v["price_paise"] <= v["mrp_paise"]
        assert p["name"]["hi"] and any("\u0900" <= c <= "\u097f" for c in p["name"]["hi"])
    blocks = {v["block"] for v in data["vendors"]}
    from chalicelib.catalog.schemas import BLOCKS
    assert blocks <= set(BLOCKS)


def test_a_product_leaves_every_public_index_when_it_stops_being_approved(client, seeded):
    product = next(p for p in seeding.load_data()["products"] if p["status"] == "approved"
                   and p["category"] == "bamboo-craft")
    item = repo.get_product(product["id"])
    vendor = repo.get_vendor(item.vendor_id)
    category = repo.get_category(item.category)
    word = product["name"]["en"].split()[-1]
    try:
        item.status = "archived"
        indexing.store_product(item, vendor, {"en": category.name.en, "hi": category.name.hi})
        assert client.http.get(f"/products/{product['id']}").status_code == 404
        listed = json.loads(client.http.get("/products?category=bamboo-craft&limit=50").body)
        assert product["id"] not in {i["id"] for i in listed["items"]}
        found = json.loads(client.http.get(f"/products?q={word}&limit=50").body)
        assert product["id"] not in {i["id"] for i in found["items"]}
    finally:
        item.status = "approved"
        indexing.store_product(item, vendor, {"en": category.name.en, "hi": category.name.hi})
    found = json.loads(client.http.get(f"/products?q={word}&limit=50").body)
    assert product["id"] in {i["id"] for i in found["items"]}


def test_no_request_path_scans_a_table(client, monkeypatch):
    calls: collections.Counter = collections.Counter()
    original = BaseClient._make_api_call

    def counted(self, operation_name, params):
        calls[operation_name] += 1
        return original(self, operation_name, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", counted)
    vendor = next(v["id"] for v in seeding.load_data()["vendors"] if v["status"] == "approved")
    for path in ["/categories", "/products", "/products?sort=price_asc&category=peda-sweets",
                 "/products?vendor=" + vendor + "&sort=price_desc", "/products?q=honey",
                 "/products?category=nope", "/vendors/" + vendor, "/products?min_price=100"]:
        client.http.get(path)
    assert calls and "Scan" not in calls, calls


def test_missing_configuration_names_every_missing_variable(monkeypatch):
    monkeypatch.delenv("CATALOG_TABLE")
    monkeypatch.delenv("CURSOR_SECRET")
    config.reset()
    try:
        with pytest.raises(config.ConfigError, match="CATALOG_TABLE, .*CURSOR_SECRET"):
            config.settings()
    finally:
        monkeypatch.undo()
        config.reset()
