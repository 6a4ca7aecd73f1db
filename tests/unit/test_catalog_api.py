"""The public catalog API through chalice's test client, on moto in-process."""
from __future__ import annotations

import json

import pytest

from infra.seed.seed import load_data
from tests.openapi_check import OpenAPIChecker

DATA = load_data()
PUBLIC_VENDORS = {v["id"] for v in DATA["vendors"] if v["status"] == "approved"}
PUBLIC = [p for p in DATA["products"] if p["status"] == "approved" and p["vendor"] in PUBLIC_VENDORS]
HIDDEN = [p for p in DATA["products"] if p not in PUBLIC]


def get(client, path):
    r = client.http.get(path)
    return r.status_code, json.loads(r.body) if r.body else None


@pytest.fixture(scope="module")
def checker(client):
    status, doc = get(client, "/openapi.json")
    assert status == 200
    return OpenAPIChecker(doc)


def all_pages(client, path, limit=50):
    items, cursor, pages = [], None, 0
    while True:
        sep = "&" if "?" in path else "?"
        url = f"{path}{sep}limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        status, body = get(client, url)
        assert status == 200, body
        items += body["items"]
        cursor = body["next_cursor"]
        pages += 1
        if not cursor:
            return items, pages


def test_health(client, checker):
    status, body = get(client, "/health")
    assert status == 200 and body["status"] == "ok" and body["stage"] == "local"
    checker.check("GET", "/health", status, body)


def test_categories_are_the_eight_in_both_languages(client, checker):
    status, body = get(client, "/categories")
    assert status == 200
    checker.check("GET", "/categories", status, body)
    slugs = [c["slug"] for c in body["items"]]
    assert slugs == ["peda-sweets", "lohargiri-ironware", "terracotta-clay", "silai-kadhai",
                     "bamboo-craft", "lac-bangles", "jslps-didi-products", "other-local"]
    for c in body["items"]:
        assert c["name"]["en"] and c["name"]["hi"]
        assert c["image"]["url"].startswith("https://media.test.deogharmart.in/categories/")


def test_list_shows_every_public_product_once_and_nothing_else(client, checker):
    items, pages = all_pages(client, "/products", limit=7)
    ids = [i["id"] for i in items]
    assert len(ids) == len(set(ids))
    assert set(ids) == {p["id"] for p in PUBLIC}
    assert pages >= len(PUBLIC) // 7
    for hidden in HIDDEN:
        assert hidden["id"] not in ids
    status, body = get(client, "/products?limit=5")
    checker.check("GET", "/products", status, body)


def test_newest_first_by_default(client):
    _, body = get(client, "/products?limit=50")
    dates = [i["created_at"] for i in body["items"]]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("sort,reverse", [("price_asc", False), ("price_desc", True)])
def test_price_sorts(client, sort, reverse):
    items, _ = all_pages(client, f"/products?sort={sort}", limit=9)
    prices = [i["price_from_paise"] for i in items]
    assert prices == sorted(prices, reverse=reverse)
    assert len(items) == len(PUBLIC)


def test_category_filter_with_price_range(client):
    peda = [p for p in PUBLIC if p["category"] == "peda-sweets"]
    items, _ = all_pages(client, "/products?category=peda-sweets", limit=4)
    assert {i["id"] for i in items} == {p["id"] for p in peda}
    lo, hi = 10000, 30000
    items, _ = all_pages(client, f"/products?category=peda-sweets&min_price={lo}&max_price={hi}"
                                 "&sort=price_asc")
    expected = {p["id"] for p in peda
                if lo <= min(v["price_paise"] for v in p["variants"]) <= hi}
    assert {i["id"] for i in items} == expected
    items, _ = all_pages(client, f"/products?category=peda-sweets&min_price={lo}&max_price={hi}")
    assert {i["id"] for i in items} == expected


def test_vendor_filter(client):
    vendor = next(iter(sorted(PUBLIC_VENDORS)))
    mine = {p["id"] for p in PUBLIC if p["vendor"] == vendor}
    items, _ = all_pages(client, f"/products?vendor={vendor}", limit=2)
    assert {i["id"] for i in items} == mine
    items, _ = all_pages(client, f"/products?vendor={vendor}&sort=price_desc", limit=2)
    assert {i["id"] for i in items} == mine


@pytest.mark.parametrize("q", ["peda", "pera", "पेड़ा", "PEDA", "pedha", "Peda "])
def test_search_finds_peda_however_it_is_typed(client, q):
    status, body = get(client, f"/products?q={q}")
    assert status == 200
    names = [i["name"]["en"].lower() for i in body["items"]]
    assert names and all(i["category"] for i in body["items"])
    assert any("peda" in n for n in names), names
    # relevance: a product called peda comes before anything that merely mentions it
    assert "peda" in names[0]


@pytest.mark.parametrize("q", ["bangle", "chudi", "churi", "लहठी", "lahthi"])
def test_search_bangles(client, q):
    _, body = get(client, f"/products?q={q}")
    assert body["items"], q
    assert all(i["category"] == "lac-bangles" for i in body["items"][:3]), q


def test_search_never_shows_hidden_products(client):
    for p in HIDDEN:
        word = p["name"]["en"].split()[0]
        _, body = get(client, f"/products?q={word}&limit=50")
        assert p["id"] not in {i["id"] for i in body["items"]}


def test_search_multiple_words_narrow(client):
    _, wide = get(client, "/products?q=peda&limit=50")
    _, narrow = get(client, "/products?q=peda%20deoghar&limit=50")
    assert len(narrow["items"]) <= len(wide["items"])


def test_search_paging_is_stable(client):
    items, _ = all_pages(client, "/products?q=ha", limit=3)
    ids = [i["id"] for i in items]
    assert len(ids) == len(set(ids))


def test_product_page(client, checker):
    p = PUBLIC[0]
    status, body = get(client, f"/products/{p['id']}")
    assert status == 200
    checker.check("GET", "/products/{product_id}", status, body)
    assert body["name"] == p["name"]
    assert [v["sku"] for v in body["variants"]] == [v["sku"] for v in p["variants"]]
    assert body["vendor"]["id"] == p["vendor"] and body["vendor"]["story"]["hi"]
    assert body["images"] and body["images"][0]["url"].endswith("-800.webp")
    assert [r["width"] for r in body["images"][0]["renditions"]] == [160, 320, 480, 800]


def test_hidden_products_are_404(client, checker):
    for p in HIDDEN:
        status, body = get(client, f"/products/{p['id']}")
        assert status == 404 and body["error"]["code"] == "product_not_found"
        checker.check("GET", "/products/{product_id}", status, body)


def test_vendor_page(client, checker):
    vendor = next(v for v in DATA["vendors"] if v["status"] == "approved")
    status, body = get(client, f"/vendors/{vendor['id']}")
    assert status == 200
    checker.check("GET", "/vendors/{vendor_id}", status, body)
    assert body["story"] == vendor["story"]
    assert {i["id"] for i in body["products"]} == {p["id"] for p in PUBLIC
                                                    if p["vendor"] == vendor["id"]}


def test_pending_vendor_is_404(client):
    pending = next(v for v in DATA["vendors"] if v["status"] != "approved")
    status, body = get(client, f"/vendors/{pending['id']}")
    assert status == 404 and body["error"]["code"] == "vendor_not_found"
    status, body = get(client, f"/products?vendor={pending['id']}")
    assert status == 400 and body["error"]["code"] == "unknown_vendor"


@pytest.mark.parametrize("path,code", [
    ("/products?category=sarees", "unknown_category"),
    ("/products?category=DROP%20TABLE", "invalid_parameter"),
    ("/products?min_price=-1", "invalid_parameter"),
    ("/products?max_price=abc", "invalid_parameter"),
    ("/products?min_price=500&max_price=100", "invalid_price_range"),
    ("/products?limit=10000", "invalid_parameter"),
    ("/products?limit=0", "invalid_parameter"),
    ("/products?cursor=garbage", "invalid_cursor"),
    ("/products?cursor=" + "A" * 300, "invalid_cursor"),
    ("/products?sort=cheapest", "invalid_parameter"),
    ("/products?sort=relevance", "invalid_sort"),
    ("/products?q=%20%20", "invalid_parameter"),
    ("/products?q=-", "query_too_short"),
    ("/products?colour=red", "invalid_parameter"),
    ("/products/p%20x%3Cscript%3E", "product_not_found"),
    ("/vendors/" + "x" * 100, "vendor_not_found"),
])
def test_bad_parameters_get_a_4xx_with_a_code(client, checker, path, code):
    status, body = get(client, path)
    assert 400 <= status < 500, (status, body)
    assert body["error"]["code"] == code, body
    assert body["error"]["message"]


def test_cursor_from_one_listing_is_refused_by_another(client):
    _, body = get(client, "/products?limit=2")
    cursor = body["next_cursor"]
    status, body = get(client, f"/products?limit=2&category=peda-sweets&cursor={cursor}")
    assert status == 400 and body["error"]["code"] == "invalid_cursor"
    tampered = cursor[:-2] + ("AA" if cursor[-2:] != "AA" else "BB")
    status, body = get(client, f"/products?limit=2&cursor={tampered}")
    assert status == 400 and body["error"]["code"] == "invalid_cursor"


def test_hindi_is_sent_as_utf8_not_escaped(client):
    r = client.http.get("/categories")
    text = r.body.decode("utf-8")
    assert "पेड़ा" in text and "\\u" not in text
    assert r.headers["Content-Type"].startswith("application/json")
    assert "max-age" in r.headers["Cache-Control"]


def test_openapi_document_is_valid_and_covers_every_route(client):
    from openapi_spec_validator import validate

    from app import app
    _, doc = get(client, "/openapi.json")
    validate(doc)
    for path, methods in app.routes.items():
        for method in methods:
            if method != "OPTIONS":
                assert method.lower() in doc["paths"][path], (method, path)


def test_openapi_document_names_the_headers_routes_read(client):
    """An order's routes need its token, a webhook its signature: a client (or schemathesis)
    reading the document learns it there, not from a description's prose."""
    _, doc = get(client, "/openapi.json")
    declared = {}
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            for p in op["parameters"]:
                if p["in"] == "header" and p["required"]:
                    declared.setdefault((method.upper(), path), set()).add(p["name"])
    orders = {("GET", "/orders/{order_id}"), ("POST", "/orders/{order_id}/pay"),
              ("POST", "/orders/{order_id}/razorpay"), ("POST", "/orders/{order_id}/cancel"),
              ("GET", "/orders/{order_id}/parcels/{parcel_id}/invoice"),
              ("GET", "/orders/{order_id}/feedback"), ("POST", "/orders/{order_id}/photos"),
              ("GET", "/orders/{order_id}/photos/{upload_id}"),
              ("POST", "/orders/{order_id}/reviews"),
              ("PUT", "/orders/{order_id}/reviews/{review_id}"),
              ("POST", "/orders/{order_id}/complaints")}
    assert declared == {**{op: {"X-Order-Token"} for op in orders},
                        ("POST", "/webhooks/stripe"): {"Stripe-Signature"},
                        ("POST", "/webhooks/razorpay"): {"X-Razorpay-Signature",
                                                         "X-Razorpay-Event-Id"},
                        ("POST", "/webhooks/courier"): {"X-Courier-Signature"}}
