"""The shop's pre-rendered pages (chalicelib/pages): what crawlers and link previews read, hostile
text kept inert, the sitemap, and the publisher's ordering against the web bucket (moto)."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from chalicelib.pages import render
from chalicelib.pages import structured as st
from chalicelib.pages.text import Site, money, short
from infra.site import SiteConfig, site_settings
from tests.page_reader import Page

CFG = SiteConfig(api_url="https://api.test.in", media_base_url="https://media.test.in",
                 stripe_publishable_key="pk_test_1", stage="dev")
SITE = Site.from_json(site_settings(CFG, "https://shop.test.in/"))
HOSTILE = '</script><script>alert(1)</script><!-- "quoted" & \'single\' \u2028 <b>x</b>'


def image(n: int = 0) -> dict:
    base = f"https://media.test.in/products/p-x/{n}"
    return {"url": f"{base}-800.webp", "width": 800, "height": 800, "alt": {"en": "", "hi": ""},
            "renditions": [{"url": f"{base}-{w}.webp", "width": w, "height": w} for w in (320, 800)],
            "share": {"url": f"{base}-share.jpg", "width": 1200, "height": 630}}


def product(name: str = "Lac bangles", stock: int = 4) -> dict:
    return {"id": "p-lac-bangles-1a2b3c", "name": {"en": name, "hi": name + " (हिन्दी)"},
            "description": {"en": "Red lac bangles. " + name, "hi": "लाल लाह की चूड़ियाँ।"},
            "category": "lac-bangles", "tags": [],
            "vendor": {"id": "v-didi-1234", "name": {"en": "Didi " + name, "hi": "दीदी"},
                       "block": "Mohanpur", "village": {"en": "Ghormara", "hi": "घोरमारा"},
                       "is_shg": True, "craft": {"en": "Lac", "hi": "लाह"},
                       "story": {"en": "Since 1990.", "hi": "1990 से।"}},
            "variants": [{"id": "set-6", "sku": "DM-1", "label": {"en": "Set of 6", "hi": "6 का सेट"},
                          "price_paise": 29950, "mrp_paise": 35000, "stock": stock,
                          "in_stock": stock > 0, "weight_grams": 300}],
            "images": [image(0), image(1)], "price_from_paise": 29950, "in_stock": stock > 0,
            "perishable": False, "shelf_life_days": None, "hsn_code": "7117", "gst_rate_bp": 300,
            "gi_tag": True, "status": "approved"}


SHELL = Page(SITE.shell)


@pytest.mark.parametrize("lang", ["hi", "en"])
def test_a_hostile_name_stays_text_and_the_json_ld_still_parses(lang):
    page = Page(render.product_page(SITE, lang, product(HOSTILE), HOSTILE))
    assert not page.errors and not page.stack
    # the shell's own scripts and nothing else runs; no script body carries the name
    assert len(page.executable()) == len(SHELL.executable())
    assert all("alert(1)" not in body for kind, _, body in page.executable())
    ld = page.ld()
    offered = next(x for x in ld if x["@type"] == "Product")
    name = HOSTILE if lang == "en" else HOSTILE + " (हिन्दी)"
    assert offered["name"] == name and offered["category"] == HOSTILE
    assert page.meta["og:title"] == name and name in page.title
    data = json.loads(next(body for kind, _, body in page.scripts if kind == "application/json"))
    assert data["product"]["name"]["en"] == HOSTILE


def test_a_product_page_has_what_search_engines_and_previews_read():
    p = product()
    page = Page(render.product_page(SITE, "en", p, "Lac bangles"))
    url = "https://shop.test.in/en/p/p-lac-bangles-1a2b3c"
    assert {"rel": "canonical", "href": url} in page.links
    alternates = {x["hreflang"]: x["href"] for x in page.links if x.get("rel") == "alternate"}
    assert alternates == {"hi": "https://shop.test.in/p/p-lac-bangles-1a2b3c", "en": url,
                          "x-default": url}
    assert page.meta["og:url"] == url and page.meta["og:type"] == "product"
    assert page.meta["og:image"] == p["images"][0]["share"]["url"]
    assert (page.meta["og:image:width"], page.meta["og:image:height"]) == ("1200", "630")
    assert page.meta["product:price:amount"] == "299.50"
    assert page.meta["product:price:currency"] == "INR"
    assert page.meta["twitter:card"] == "summary_large_image"
    assert page.meta["description"].startswith("₹299.5 · Didi Lac bangles, Mohanpur")
    product_ld = next(x for x in page.ld() if x["@type"] == "Product")
    assert product_ld["image"] == [i["url"] for i in p["images"]]
    (offer,) = product_ld["offers"]
    assert offer["price"] == "299.50" and offer["priceCurrency"] == "INR"
    assert offer["availability"] == "https://schema.org/InStock" and offer["url"] == url
    assert offer["seller"]["name"] == "Didi Lac bangles"
    crumbs = next(x for x in page.ld() if x["@type"] == "BreadcrumbList")
    assert [c["item"] for c in crumbs["itemListElement"]] == [
        "https://shop.test.in/en/", "https://shop.test.in/en/c/lac-bangles", url]


def test_sold_out_is_out_of_stock_everywhere_on_the_page():
    page = Page(render.product_page(SITE, "hi", product(stock=0), "लाह"))
    offer = next(x for x in page.ld() if x["@type"] == "Product")["offers"][0]
    assert offer["availability"] == "https://schema.org/OutOfStock"
    assert page.meta["product:availability"] == "oos"


def test_the_home_page_names_the_site_and_its_search():
    page = Page(render.home_page(SITE, "hi", [], [{
        "id": "p-a", "name": {"en": "A", "hi": "अ"}, "vendor": {"id": "v-a", "name": {"en": "V"}},
        "price_from_paise": 100, "mrp_paise": 100, "image": image()}]))
    kinds = {x["@type"]: x for x in page.ld()}
    assert kinds["Organization"]["url"] == "https://shop.test.in/"
    action = kinds["WebSite"]["potentialAction"]
    assert action["target"]["urlTemplate"] == "https://shop.test.in/app?q={search_term_string}"
    assert page.meta["og:type"] == "website"


def test_the_not_found_page_speaks_both_languages_and_is_not_indexed():
    page = Page(render.not_found_page(SITE))
    assert page.meta["robots"] == "noindex"
    assert "पेज नहीं मिला" in page.title and "Page not found" in page.title


def test_the_sitemap_becomes_an_index_past_its_limit():
    pages = [("home", None, None), ("product", "p-a", "2026-12-01T10:00:00Z"),
             ("maker", "v-b", None), ("category", "peda", None)]
    one = st.sitemap_files(SITE, pages)
    assert list(one) == ["sitemap.xml"]
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = ET.fromstring(one["sitemap.xml"]).findall("s:url", ns)
    assert len(urls) == 8      # every page in Hindi and English
    first = urls[2]
    assert first.find("s:loc", ns).text == "https://shop.test.in/p/p-a"
    assert first.find("s:lastmod", ns).text == "2026-12-01T10:00:00Z"
    assert {x.get("hreflang") for x in first.findall("x:link", ns)} == {"hi", "en", "x-default"}
    split = st.sitemap_files(SITE, pages, limit=3)
    assert sorted(split) == ["sitemap.xml", "sitemaps/1.xml", "sitemaps/2.xml", "sitemaps/3.xml"]
    index = ET.fromstring(split["sitemap.xml"])
    assert [x.text for x in index.iter("{%s}loc" % ns["s"])] == [
        f"https://shop.test.in/sitemaps/{n}.xml" for n in (1, 2, 3)]
    locs = [x.text for key in split if key != "sitemap.xml"
            for x in ET.fromstring(split[key]).iter("{%s}loc" % ns["s"])]
    assert sorted(locs) == sorted(u.find("s:loc", ns).text for u in urls)


def test_money_and_descriptions_as_the_shop_writes_them():
    assert money(12900) == "₹129" and money(29950) == "₹299.5" and money(12345605) == "₹1,23,456.05"
    assert short("word " * 60, 40).endswith("…") and len(short("word " * 60, 40)) <= 40


# --- the publisher against the web bucket --------------------------------------------------

@pytest.fixture(scope="module")
def published(seeded):
    import boto3

    from chalicelib import config
    from chalicelib.pages import publisher
    from chalicelib.pages.text import SITE_KEY
    body = json.dumps(site_settings(CFG, "https://shop.test.in"), ensure_ascii=False)
    boto3.client("s3").put_object(Bucket=config.settings().web_bucket, Key=SITE_KEY,
                                  Body=body.encode())
    return publisher.rebuild()


def _object(key: str):
    import boto3

    from chalicelib import config
    try:
        return boto3.client("s3").get_object(Bucket=config.settings().web_bucket, Key=key)
    except Exception:   # noqa: BLE001 - missing
        return None


def test_a_rebuild_writes_every_page_on_sale_and_the_sitemap_lists_exactly_them(published):
    from chalicelib.pages import publisher
    products = list(publisher._public_products())
    assert published["written"] >= 4 * len(products) // 2
    sitemap = _object("sitemap.xml")["Body"].read().decode()
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = {x.text for x in ET.fromstring(sitemap).iter(ns + "loc")}
    listed = {u.rsplit("/", 1)[1] for u in locs if "/p/" in u and "/en/" not in u}
    assert listed == {p.id for p in products}
    page = _object(f"p/{products[0].id}")
    assert page["ContentType"] == "text/html; charset=utf-8"
    assert page["CacheControl"] == "public, max-age=60"
    assert page["Metadata"]["vendor"] == products[0].vendor_id


def test_a_late_render_never_replaces_a_newer_page(published):
    from chalicelib.pages import publisher
    key = "p/p-khurchan"
    newer = publisher.Run(publisher.load_site())
    stale = publisher.Run(publisher.load_site(), version=newer.version - 1)
    before = _object(key)["Metadata"]["dm-version"]
    assert newer.write(key, "<p>new</p>") is True
    assert stale.write(key, "<p>old</p>") is False and stale.stats["stale"] == 1
    assert _object(key)["Body"].read() == b"<p>new</p>"
    assert stale.remove(key) is False            # nor removes it
    # the same bytes from a newer render: only the stamp moves, so an older render still loses
    newest = publisher.Run(publisher.load_site())
    assert newest.write(key, "<p>new</p>") is False and newest.stats["unchanged"] == 1
    assert int(_object(key)["Metadata"]["dm-version"]) == newest.version > int(before)
    publisher.publish(products=["p-khurchan"])   # and the real page is back
    assert b"p-khurchan" in _object(key)["Body"].read()


def test_an_archived_product_leaves_its_pages_and_the_sitemap(published):
    from chalicelib.catalog import indexing
    from chalicelib.catalog import repository as repo
    from chalicelib.pages import publisher
    p = repo.get_product("p-gur-peda")
    vendor = repo.get_vendor(p.vendor_id)
    p.status = "archived"
    indexing.store_product(p, vendor, None)
    out = publisher.publish(products=[p.id])
    assert out["removed"] == 2
    assert _object("p/p-gur-peda") is None and _object("en/p/p-gur-peda") is None
    assert "p-gur-peda" not in _object("sitemap.xml")["Body"].read().decode()
    p = repo.get_product("p-gur-peda")
    p.status = "approved"
    indexing.store_product(p, vendor, None)
    publisher.publish(products=[p.id])
    assert _object("p/p-gur-peda") is not None


def test_past_the_limit_the_sitemap_is_split_and_the_parts_go_when_it_shrinks(published,
                                                                            monkeypatch):
    from chalicelib.pages import publisher
    monkeypatch.setattr(st, "SITEMAP_LIMIT", 40)
    run = publisher.Run(publisher.load_site())
    run.sitemap()
    index = _object("sitemap.xml")["Body"].read().decode()
    parts = [loc.split("/")[-1] for loc in index.split("<loc>")[1:]]
    assert "<sitemapindex" in index and len(parts) >= 3 and _object("sitemaps/1.xml")
    monkeypatch.setattr(st, "SITEMAP_LIMIT", 50_000)
    publisher.Run(publisher.load_site()).sitemap()
    assert "<urlset" in _object("sitemap.xml")["Body"].read().decode()
    assert _object("sitemaps/1.xml") is None


def test_a_second_rebuild_reads_through_indexes_and_writes_nothing_new(published, monkeypatch):
    """Idempotent (same pages: only the stamps move) and never a table Scan."""
    from pynamodb.connection.base import Connection

    from chalicelib.pages import publisher

    def no_scan(*args, **kwargs):
        raise AssertionError("a rebuild must not Scan the table")
    monkeypatch.setattr(Connection, "scan", no_scan)
    out = publisher.rebuild()
    assert out.get("written", 0) == 0 and out.get("removed", 0) == 0
    assert out["unchanged"] == out["rendered"] > 100


def test_only_a_change_shoppers_see_sends_a_page_event(seeded):
    """A change waiting for review leaves the page alone; a new price does not."""
    import boto3

    from chalicelib.catalog import indexing
    from chalicelib.catalog import repository as repo
    from chalicelib.pages import events
    sqs = boto3.client("sqs")
    url = events._queue_url()
    sqs.purge_queue(QueueUrl=url)

    def sent() -> list[dict]:
        out = []
        while msgs := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages"):
            out += [json.loads(m["Body"]) for m in msgs]
            for m in msgs:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
        return out
    p = repo.get_product("p-khasta-tilkut")
    vendor = repo.get_vendor(p.vendor_id)
    p.revision, p.revision_status = json.dumps({"name": {"en": "New", "hi": "नया"}}), "pending_review"
    indexing.store_product(p, vendor, None)
    assert sent() == []
    p.variants[0].price_paise += 100
    indexing.store_product(p, vendor, None)
    assert [m["products"] for m in sent()] == [["p-khasta-tilkut"]]
