"""Re-render the pages a catalog change touches and write them to the web bucket, in order.

A batch of `events` messages names products, makers and categories. Each product's pages
(Hindi and English) are rendered from the catalog as it is now; so are its maker's and
category's pages — the old ones too, when the product moved (the page remembers them in its
object metadata) — and then the home page and the sitemap. A page no longer on sale (archived,
the maker suspended, a category emptied) is deleted: CloudFront answers 404 and the sitemap
drops it.

Order: every render is stamped with the time it began reading the catalog (`version`, ns) and
the stamp is kept in the object's metadata. A write first reads the current object: a newer
stamp wins (the late, stale render is dropped); the same bytes only get the newer stamp
(a metadata copy); otherwise the page is replaced with `If-Match` on what was read (or
`If-None-Match: *` for a new page), so two renders racing between the read and the write
cannot both succeed — the loser reads again.

`rebuild()` renders every page (after a template change: `make publish`, and nightly), reading
the catalog through its indexes: never a table Scan. It leaves a page whose bytes are the same
untouched (no stamp copy), so the sitemap's `lastmod` — the object's LastModified — moves only
for pages a catalog change touched or whose content changed.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from threading import Lock

from botocore.exceptions import ClientError

from chalicelib import config
from chalicelib.catalog import listing, views
from chalicelib.catalog import repository as repo
from chalicelib.catalog.schemas import ProductQuery, VendorQuery
from chalicelib.errors import NotFound
from chalicelib.observability import logger, metric
from chalicelib.pages import render
from chalicelib.pages import structured as st
from chalicelib.pages.text import LANGS, SITE_KEY, Site, SiteNotPublished, tx

PAGE_CACHE = "public, max-age=60"          # a change shows within a minute, CDN included
FILE_CACHE = "public, max-age=3600"        # sitemap, robots.txt
HTML = "text/html; charset=utf-8"
WORKERS = 8
_site_lock = Lock()
_site_cache: dict[str, Site] = {}


def _s3():
    return _client("s3", config.settings().region, os.environ.get("AWS_ENDPOINT_URL"))


@lru_cache(maxsize=4)
def _client(service: str, region: str, endpoint: str | None):
    """One client per place it talks to (the local stack publishes in the process that ran
    the unit tests' in-process moto before)."""
    import boto3
    return boto3.client(service, region_name=region)


def bucket() -> str:
    name = config.settings().web_bucket
    if not name:
        raise SiteNotPublished("WEB_BUCKET is not set")
    return name


def load_site() -> Site:
    """The site settings the deploy step wrote; re-read only when their ETag changes."""
    try:
        etag = _s3().head_object(Bucket=bucket(), Key=SITE_KEY)["ETag"]
    except ClientError as exc:
        raise SiteNotPublished(f"s3://{bucket()}/{SITE_KEY} is missing: run `make publish`") from exc
    with _site_lock:
        if SITE_KEY not in _site_cache or _site_cache[SITE_KEY].etag != etag:
            body = _s3().get_object(Bucket=bucket(), Key=SITE_KEY)["Body"].read()
            _site_cache[SITE_KEY] = Site.from_json(json.loads(body), etag)
        return _site_cache[SITE_KEY]


@dataclass
class Run:
    site: Site
    version: int = field(default_factory=time.time_ns)
    stats: Counter = field(default_factory=Counter)
    _categories: list | None = None
    _public: list | None = None
    restamp: bool = True      # the same bytes from a newer render: move the stamp (events)
    _lock: Lock = field(default_factory=Lock)

    def count(self, what: str, n: int = 1) -> None:
        with self._lock:
            self.stats[what] += n

    def categories(self) -> list[dict]:
        if self._categories is None:
            self._categories = [views.category(c) for c in repo.list_categories()]
        return self._categories

    def public(self) -> list:
        """Every product on sale (one paginated index Query per run)."""
        if self._public is None:
            self._public = list(_public_products())
        return self._public

    def category_name(self, slug: str, lang: str) -> str:
        return next((tx(c["name"], lang) for c in self.categories() if c["slug"] == slug), slug)

    # --- the bucket ----------------------------------------------------------------------

    def head(self, key: str) -> dict | None:
        try:
            return _s3().head_object(Bucket=bucket(), Key=key)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise

    def write(self, key: str, text: str, content_type: str = HTML, cache: str = PAGE_CACHE,
              meta: dict | None = None, known: dict | None = None) -> bool:
        """`known`: the object's HEAD the caller has just made (the first try uses it; the
        conditional write still refuses it if the object moved since)."""
        body = text.encode("utf-8")
        digest = hashlib.md5(body).hexdigest()  # noqa: S324 - S3's ETag of a single-part object
        metadata = {"dm-version": str(self.version), **(meta or {})}
        self.count("rendered")
        for attempt in range(5):
            current = known if attempt == 0 and known is not None else self.head(key)
            if current is not None and _version(current) > self.version:
                self.count("stale")
                return False
            etag = (current or {}).get("ETag", "").strip('"')
            try:
                if etag == digest and not self.restamp:
                    self.count("unchanged")
                    return False
                if etag == digest:     # same page: only the newer stamp
                    _s3().copy_object(Bucket=bucket(), Key=key, CopySource={"Bucket": bucket(), "Key": key},
                                      CopySourceIfMatch=etag, MetadataDirective="REPLACE",
                                      Metadata=metadata, ContentType=content_type, CacheControl=cache)
                    self.count("unchanged")
                    return False
                cond = {"IfMatch": etag} if current is not None else {"IfNoneMatch": "*"}
                _s3().put_object(Bucket=bucket(), Key=key, Body=body, ContentType=content_type,
                                 CacheControl=cache, Metadata=metadata, **cond)
                self.count("written")
                return True
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") not in (
                        "PreconditionFailed", "412", "ConditionalRequestConflict", "NoSuchKey"):
                    raise
                self.count("raced")
        raise RuntimeError(f"{key}: kept losing the race to other renders")

    def remove(self, key: str, known: dict | None = None) -> bool:
        current = known if known is not None else self.head(key)
        if current is None:
            return False
        if _version(current) > self.version:
            self.count("stale")
            return False
        _s3().delete_object(Bucket=bucket(), Key=key)
        self.count("removed")
        return True

    # --- pages ---------------------------------------------------------------------------

    def product(self, product_id: str, item=None) -> tuple[set, set]:
        """Both languages of a product's page; returns the makers and categories whose pages
        show it (now or before)."""
        heads = {"hi": self.head(st.key_of("product", product_id, "hi"))}
        previous = (heads["hi"] or {}).get("Metadata", {})
        makers = {previous["vendor"]} if previous.get("vendor") else set()
        cats = {previous["category"]} if previous.get("category") else set()
        try:
            p = views.product(item) if item is not None else listing.get_product(product_id)
        except NotFound:
            p = None
        for lang in LANGS:
            key = st.key_of("product", product_id, lang)
            if p is None:
                self.remove(key, known=heads.get(lang))
            else:
                self.write(key, render.product_page(self.site, lang, p, self.category_name(p["category"], lang)),
                           meta={"vendor": p["vendor"]["id"], "category": p["category"]},
                           known=heads.get(lang))
        if p is not None:
            makers.add(p["vendor"]["id"])
            cats.add(p["category"])
        return makers, cats

    def maker(self, vendor_id: str) -> None:
        v, products, cursor = None, [], None
        try:
            while True:
                page = listing.get_vendor(vendor_id, VendorQuery(limit=50, cursor=cursor))
                v, cursor = page, page.get("next_cursor")
                products += page["products"]
                if not cursor:
                    break
        except NotFound:
            v = None
        for lang in LANGS:
            key = st.key_of("maker", vendor_id, lang)
            if v is None or not products:
                self.remove(key)
            else:
                self.write(key, render.maker_page(self.site, lang, v, products))

    def category(self, slug: str) -> None:
        c = next((x for x in self.categories() if x["slug"] == slug), None)
        page = listing.list_products(ProductQuery(category=slug, limit=24)) if c else {"items": []}
        for lang in LANGS:
            key = st.key_of("category", slug, lang)
            if not page["items"]:
                self.remove(key)
            else:
                self.write(key, render.category_page(self.site, lang, c, page, self.categories()))

    def home(self) -> None:
        """The crafts that have something on sale, and the newest products."""
        newest = listing.list_products(ProductQuery(limit=12))["items"]
        selling = {p.category for p in self.public()}
        crafts = [c for c in self.categories() if c["slug"] in selling]
        for lang in LANGS:
            self.write(st.key_of("home", None, lang),
                       render.home_page(self.site, lang, crafts, newest))

    def sitemap(self) -> None:
        """The sitemap lists exactly what is on sale, each page with the time its object last
        changed."""
        products = self.public()
        makers = sorted({p.vendor_id for p in products})
        cats = sorted({p.category for p in products})
        changed = self._last_modified()
        pages = [("home", None, changed.get(st.key_of("home", None, "hi")))]
        pages += [("category", c, changed.get(st.key_of("category", c, "hi"))) for c in cats]
        pages += [("maker", m, changed.get(st.key_of("maker", m, "hi"))) for m in makers]
        pages += [("product", p.id, changed.get(st.key_of("product", p.id, "hi"))) for p in products]
        files = st.sitemap_files(self.site, pages)
        for key, text in files.items():
            self.write(key, text, "application/xml; charset=utf-8", FILE_CACHE)
        for obj in self._keys("sitemaps/"):
            if obj["Key"] not in files:
                self.remove(obj["Key"])

    def fixed(self) -> None:
        """What changes only with the site settings: robots.txt (naming the sitemap), the 404
        page and /app (where #/ views opened cold are drawn)."""
        self.write("robots.txt", st.robots(self.site), "text/plain; charset=utf-8", FILE_CACHE)
        self.write("404.html", render.not_found_page(self.site))
        self.write("app", render.app_page(self.site))

    def _keys(self, prefix: str):
        for page in _s3().get_paginator("list_objects_v2").paginate(Bucket=bucket(), Prefix=prefix):
            for obj in page.get("Contents", []):
                yield obj

    def _last_modified(self) -> dict[str, str]:
        out = {}
        for prefix in ("p/", "m/", "c/", "index.html"):
            for obj in self._keys(prefix):
                out[obj["Key"]] = obj["LastModified"].strftime("%Y-%m-%dT%H:%M:%SZ")
        return out

    def summary(self) -> dict:
        metric("PagesWritten", self.stats["written"])
        metric("PagesRemoved", self.stats["removed"])
        return dict(self.stats)


def _version(head: dict) -> int:
    try:
        return int(head.get("Metadata", {}).get("dm-version", 0))
    except ValueError:
        return 0


def _public_products():
    start = None
    while True:
        items, start = repo.query_index("public_newest", repo.PUBLIC_ALL, forward=False,
                                        limit=500, start_key=start)
        yield from items
        if not start:
            return


def publish(products=(), vendors=(), categories=()) -> dict:
    """Re-render what these changes touch (the event handler's work)."""
    run = Run(load_site())
    makers, cats = set(vendors), set(categories)
    for pid in sorted(set(products)):
        more_makers, more_cats = run.product(pid)
        makers |= more_makers
        cats |= more_cats
    _each(run.maker, sorted(makers))
    _each(run.category, sorted(cats))
    run.home()
    run.sitemap()
    out = run.summary()
    logger.info("pages published", extra={"pages": out, "products": len(set(products))})
    return out


def rebuild() -> dict:
    """Every page from the catalog as it is now; pages of what is no longer on sale go."""
    run = Run(load_site(), restamp=False)
    items = run.public()
    _each(lambda p: run.product(p.id, p), items)
    on_sale = {st.key_of("product", p.id, lang) for p in items for lang in LANGS}
    makers = sorted({p.vendor_id for p in items})
    cats = sorted({c["slug"] for c in run.categories()})
    _each(run.maker, makers)
    _each(run.category, cats)
    kept = on_sale | {st.key_of(k, i, lang) for k, ids in (("maker", makers), ("category", cats))
                      for i in ids for lang in LANGS}
    gone = [o["Key"] for prefix in ("p/", "m/", "c/", "en/p/", "en/m/", "en/c/")
            for o in run._keys(prefix) if o["Key"] not in kept]
    _each(run.remove, gone)
    run.home()
    run.sitemap()
    run.fixed()
    out = run.summary()
    logger.info("pages rebuilt", extra={"pages": out, "products": len(items)})
    return out


def _each(fn, items) -> None:
    items = list(items)
    if len(items) <= 1:
        for x in items:
            fn(x)
        return
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(fn, items))


def handle_batch(event: dict) -> dict:
    """The `site_pages` queue: every message of the batch in one publish (a page touched by
    several changes is rendered once). A failure returns the whole batch to the queue."""
    from chalicelib.pages import events
    wanted = {"products": set(), "vendors": set(), "categories": set(), "all": False}
    for record in event.get("Records", []):
        msg = events.parse(record["body"])
        for k in ("products", "vendors", "categories"):
            wanted[k] |= msg[k]
        wanted["all"] |= msg["all"]
    if wanted["all"]:
        return rebuild()
    return publish(wanted["products"], wanted["vendors"], wanted["categories"])
