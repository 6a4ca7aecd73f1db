"""The shop's pre-rendered pages on the local stack, read as a crawler or a link preview reads
them: plain HTTP, no JavaScript. Changes go through the real API; the event runner's
`publish_site_pages` handler re-renders into the local web bucket that the static server
serves (as CloudFront serves S3)."""
from __future__ import annotations

import io
import time
import xml.etree.ElementTree as ET

import pytest
import requests
from PIL import Image

from tests.integration.shopping import call, list_on_sale, order, set_stock, vendor_product
from tests.integration.waiting import wait_for
from tests.page_reader import Page

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HOSTILE = {"en": 'Bangles </script><script>alert("x")</script> "best" & \'finest\' <!--',
           "hi": 'चूड़ियाँ </script><img src=x onerror=alert(1)> "सबसे" &'}
PAGE_WAIT = 60     # the promise: a change shows within a minute


def fetch(stack, path: str) -> requests.Response:
    return requests.get(stack["web_url"] + path, timeout=30)


def read(stack, path: str) -> Page:
    r = fetch(stack, path)
    assert r.status_code == 200, (path, r.status_code)
    assert r.headers["Content-Type"].startswith("text/html")
    page = Page(r.text)
    assert not page.errors and not page.stack, (path, page.errors)
    return page


def ld_of(page: Page, kind: str) -> dict:
    return next(x for x in page.ld() if x["@type"] == kind)


def sitemap(stack) -> dict[str, str | None]:
    """loc -> lastmod of every URL in the sitemap (following an index)."""
    root = ET.fromstring(fetch(stack, "/sitemap.xml").content)
    if root.tag == SITEMAP_NS + "sitemapindex":
        parts = [ET.fromstring(requests.get(x.text, timeout=30).content)
                 for x in root.iter(SITEMAP_NS + "loc")]
    else:
        parts = [root]
    return {u.find(SITEMAP_NS + "loc").text: getattr(u.find(SITEMAP_NS + "lastmod"), "text", None)
            for part in parts for u in part.findall(SITEMAP_NS + "url")}


def on_sale(api) -> set[str]:
    ids, cursor = set(), None
    while True:
        page = api.get("/products?limit=50" + (f"&cursor={cursor}" if cursor else "")).json()
        ids |= {p["id"] for p in page["items"]}
        cursor = page.get("next_cursor")
        if not cursor:
            return ids


def test_every_kind_of_page_carries_what_crawlers_and_previews_read(stack, api):
    card = api.get("/products?category=peda-sweets&limit=1").json()["items"][0]
    product = api.get(f"/products/{card['id']}").json()
    web = stack["web_url"]
    for path, kind in ((f"/p/{product['id']}", "product"), (f"/en/p/{product['id']}", "product"),
                       (f"/m/{product['vendor']['id']}", "maker"), ("/en/c/peda-sweets", "category"),
                       ("/", "home"), ("/en/", "home")):
        page = read(stack, path)
        english = path.startswith("/en/")
        assert page.title.strip() and page.meta["description"]
        canonical = next(x["href"] for x in page.links if x.get("rel") == "canonical")
        assert canonical == web + path
        alternates = {x["hreflang"]: x["href"] for x in page.links if x.get("rel") == "alternate"}
        assert set(alternates) == {"hi", "en", "x-default"}
        assert alternates["en" if english else "hi"] == canonical
        assert page.meta["og:url"] == canonical and page.meta["og:title"]
        image = requests.get(page.meta["og:image"], timeout=30)
        assert image.status_code == 200 and image.headers["Content-Type"].startswith("image/"), path
        assert any(x["@type"] in ("BreadcrumbList", "WebSite") for x in page.ld())
        if kind == "product":
            assert page.meta["og:type"] == "product" and page.meta["product:price:currency"] == "INR"
            assert (page.meta["og:image:width"], page.meta["og:image:height"]) == ("1200", "630")
            assert image.content[:3] == b"\xff\xd8\xff"           # a JPEG previews everywhere
            offered = ld_of(page, "Product")
            name = product["name"]["en" if english else "hi"]
            assert offered["name"] == name and name in page.title
            assert offered["image"] and all(requests.get(u, timeout=30).status_code == 200
                                            for u in offered["image"])
            for offer, variant in zip(offered["offers"], product["variants"]):
                assert offer["priceCurrency"] == "INR" and offer["url"] == canonical
                assert offer["price"] == f"{variant['price_paise'] / 100:.2f}"
                assert offer["availability"].endswith("InStock" if variant["in_stock"] else "OutOfStock")
                assert offer["seller"]["name"] == product["vendor"]["name"]["en" if english else "hi"]
    missing = fetch(stack, "/p/p-no-such-thing")
    assert missing.status_code == 404
    assert "पेज नहीं मिला" in missing.text and "Page not found" in missing.text
    assert "Sitemap: " + web + "/sitemap.xml" in fetch(stack, "/robots.txt").text


def test_the_sitemap_lists_exactly_the_products_on_sale(stack, api):
    listed = {loc.rsplit("/", 1)[1] for loc in sitemap(stack) if "/p/" in loc and "/en/" not in loc}
    assert listed == on_sale(api)


def test_a_price_change_reaches_the_page_and_the_sitemap_within_a_minute(stack, api, vendor):
    product, variant = vendor_product(api, vendor["id"])
    path = f"/en/p/{product['id']}"
    before = sitemap(stack)[stack["web_url"] + path]
    time.sleep(1.1)                    # lastmod has whole seconds
    new_price = variant["price_paise"] + 1100
    mine = call(api, "GET", f"/vendor/products/{product['id']}", vendor["token"]).json()
    for v in mine["variants"]:
        if v["id"] == variant["id"]:
            v["price_paise"], v["mrp_paise"] = new_price, max(v["mrp_paise"], new_price)
    r = call(api, "PATCH", f"/vendor/products/{product['id']}", vendor["token"],
             json={"version": mine["version"], "variants": mine["variants"]})
    assert r.status_code == 200, r.text

    def shown():
        offers = ld_of(read(stack, path), "Product")["offers"]
        return any(o["price"] == f"{new_price / 100:.2f}" for o in offers)
    wait_for(shown, timeout=PAGE_WAIT, what="the new price on the product page")
    wait_for(lambda: sitemap(stack)[stack["web_url"] + path] != before, timeout=PAGE_WAIT,
             what="the sitemap's lastmod")


def test_the_last_unit_sold_makes_the_page_out_of_stock(stack, api, vendor):
    product, variant = vendor_product(api, vendor["id"])
    for v in product["variants"]:
        set_stock(api, vendor, product, v["id"], 1 if v["id"] == variant["id"] else 0)
    path = f"/p/{product['id']}"
    created = order(api, product, variant, method="cod")
    assert created.status_code in (200, 201), created.text

    def sold_out():
        return all(o["availability"].endswith("OutOfStock")
                   for o in ld_of(read(stack, path), "Product")["offers"])
    wait_for(sold_out, timeout=PAGE_WAIT, what="OutOfStock on the product page")
    assert read(stack, path).meta["product:availability"] == "oos"
    for v in product["variants"]:                                # back for the other tests
        set_stock(api, vendor, product, v["id"], max(v["stock"], 20))
    wait_for(lambda: not sold_out(), timeout=PAGE_WAIT, what="in stock again")


def _photo() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (900, 700), (180, 40, 60)).save(buf, "JPEG")
    return buf.getvalue()


@pytest.fixture(scope="module")
def hostile_listing(api, stack, vendor):
    body = {"category": "lac-bangles", "name": HOSTILE,
            "description": {"en": HOSTILE["en"] + " description", "hi": HOSTILE["hi"]},
            "variants": [{"sku": "HOSTILE-1", "label": {"en": '6 "pcs" </script>', "hi": "6"},
                          "price_paise": 45000, "mrp_paise": 50000, "stock": 5,
                          "weight_grams": 300}],
            "hsn_code": "7117", "gst_rate_bp": 300}
    admin = next(a for a in stack["demo_accounts"] if a["role"] == "admin")
    token = call(api, "POST", "/auth/login", json={"email": admin["email"],
                                                   "password": admin["password"]}).json()["id_token"]
    return list_on_sale(api, vendor["token"], token, body, _photo()), token


def test_a_hostile_product_name_leaves_the_page_well_formed_and_inert(stack, api, hostile_listing):
    pid, _ = hostile_listing
    for lang, path in (("hi", f"/p/{pid}"), ("en", f"/en/p/{pid}")):
        wait_for(lambda: fetch(stack, path).status_code == 200, timeout=PAGE_WAIT,
                 what="the approved listing's page")
        page = read(stack, path)                       # every element closes in order
        shell = read(stack, "/en/")
        assert len(page.executable()) == len(shell.executable())
        assert all("alert" not in body for _, _, body in page.executable())
        offered = ld_of(page, "Product")               # the JSON-LD parsed
        assert offered["name"] == HOSTILE[lang] and page.meta["og:title"] == HOSTILE[lang]
        assert offered["offers"][0]["name"] == ('6 "pcs" </script>' if lang == "en" else "6")


def test_an_archived_product_is_404_and_leaves_the_sitemap(stack, api, vendor, hostile_listing):
    pid, _ = hostile_listing
    mine = call(api, "GET", f"/vendor/products/{pid}", vendor["token"]).json()
    r = call(api, "DELETE", f"/vendor/products/{pid}?version={mine['version']}", vendor["token"])
    assert r.status_code == 200, r.text
    for path in (f"/p/{pid}", f"/en/p/{pid}"):
        wait_for(lambda: fetch(stack, path).status_code == 404, timeout=PAGE_WAIT,
                 what="the archived product's page gone")
    wait_for(lambda: not any(pid in loc for loc in sitemap(stack)), timeout=PAGE_WAIT,
             what="the archived product gone from the sitemap")   # written after the pages
