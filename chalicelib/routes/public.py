"""Public shopper routes: health, categories, products, makers.

The catalog domain (PynamoDB, botocore) is imported on the first request that
needs it, not at cold start: every Lambda of the app imports this module.
"""
from __future__ import annotations

from chalice import Blueprint

from chalicelib import config
from chalicelib.catalog import schemas as s
from chalicelib.web import endpoint

bp = Blueprint(__name__)
VERSION = "0.1.0"


@endpoint(bp, "/health", summary="Liveness check", tags=["meta"], query=s.NoQuery,
          response=s.Health)
def health(query):
    return {"status": "ok", "stage": config.settings().stage, "version": VERSION}


@endpoint(bp, "/blocks", summary="Deoghar district's blocks (English and Hindi names)",
          tags=["catalog"], query=s.NoQuery, response=s.BlockList, cache_seconds=86400)
def blocks(query):
    from chalicelib.blocks import BLOCKS, NAMES_HI
    return {"items": [{"id": b, "en": b, "hi": NAMES_HI[b]} for b in BLOCKS]}


@endpoint(bp, "/health/ready", summary="Readiness check: the catalog table answers (one read)",
          tags=["meta"], query=s.NoQuery, response=s.Ready, errors=(503,))
def ready(query):
    from chalicelib.catalog import repository
    repository.probe()
    return {"status": "ready", "stage": config.settings().stage, "version": VERSION}


@endpoint(bp, "/categories", summary="All product categories", tags=["catalog"],
          query=s.NoQuery, response=s.CategoryList, cache_seconds=300)
def categories(query):
    from chalicelib.catalog import listing
    return listing.list_categories()


@endpoint(bp, "/products", summary="Approved products: filter, search, sort, page",
          tags=["catalog"], query=s.ProductQuery, response=s.ProductList, errors=(400,),
          cache_seconds=60)
def products(query):
    from chalicelib.catalog import listing
    return listing.list_products(query)


@endpoint(bp, "/products/{product_id}", summary="One approved product", tags=["catalog"],
          query=s.NoQuery, response=s.Product, errors=(400, 404), cache_seconds=60,
          path_params={"product_id": "Product id, e.g. p-deoghar-peda"})
def product(product_id, query):
    from chalicelib.catalog import listing
    return listing.get_product(product_id)


@endpoint(bp, "/vendors/{vendor_id}", summary="A maker's public profile and products",
          tags=["catalog"], query=s.VendorQuery, response=s.Vendor, errors=(400, 404),
          cache_seconds=60, path_params={"vendor_id": "Vendor id, e.g. v-maa-tara-shg"})
def vendor(vendor_id, query):
    from chalicelib.catalog import listing
    return listing.get_vendor(vendor_id, query)
