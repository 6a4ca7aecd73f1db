"""Load the Deoghar catalog (catalog.json) into the catalog table and media bucket.

Idempotent: categories and vendors are rewritten from the file; products that
already exist are left alone (their stock may have moved since) unless
--reset is given; images already in the bucket are not uploaded again.
Needs the stack's environment (see infra/local/env.py); the launcher runs it.
"""
from __future__ import annotations

import argparse
import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import boto3
from botocore.exceptions import ClientError

from chalicelib import config
from chalicelib.catalog import indexing
from chalicelib.catalog import repository as repo
from infra.seed import images

DATA = Path(__file__).with_name("catalog.json")
IMAGE_SIZE = 800


@dataclass
class SeedResult:
    categories: int = 0
    vendors: int = 0
    products_written: int = 0
    products_kept: int = 0
    images_uploaded: int = 0


# A demo maker's tax profile (catalog.json "tax"): every GST status, one maker without PAN.
TAX_FIELDS = ("gst_status", "gstin", "enrolment_number", "pan", "individual")


def load_data() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def demo_vendor_ids(data: dict, count: int = 2) -> list[str]:
    """The vendors whose demo logins the local stack creates: the first approved ones."""
    return [v["id"] for v in data["vendors"] if v["status"] == "approved"][:count]


def demo_export(given: dict | None, today: date | None = None) -> dict | None:
    """A demo maker's export profile (catalog.json "export": IEC, AD code, status) with an LUT
    for the financial year of `today`, so the demo never runs on an expired one."""
    if not given:
        return None
    today = today or date.today()
    start = today.year if today.month >= 4 else today.year - 1
    digest = hashlib.sha256(given["iec"].encode()).hexdigest()
    arn = f"AD2004{start % 100:02d}{int(digest[:8], 16) % 10**6:06d}{digest[8].upper()}"
    lut = {"arn": arn, "financial_year": f"{start}-{(start + 1) % 100:02d}",
           "valid_from": f"{start}-04-01", "valid_to": f"{start + 1}-03-31"}
    return {"iec": given["iec"], "ad_code": given["ad_code"], "lut": lut,
            "status": given.get("status", "approved"), "review_reason": None,
            "submitted_at": "2026-01-01T00:00:00Z", "decided_at": "2026-01-01T00:00:00Z"}


def _text(d: dict) -> repo.TextAttribute:
    return repo.TextAttribute(en=d["en"], hi=d["hi"])


class _Media:
    def __init__(self):
        self.s3 = boto3.client("s3", region_name=config.settings().region)
        self.bucket = config.settings().media_bucket
        self.uploaded = 0

    def exists(self, key: str) -> bool:
        try:
            self.s3.head_object(Bucket=self.bucket, Key=key)
            return True
        except ClientError as e:
            if e.response["Error"]["Code"] not in ("404", "NoSuchKey", "NotFound"):
                raise
        return False

    def put(self, key: str, body: bytes, content_type: str) -> None:
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=body, ContentType=content_type,
                           CacheControl="public, max-age=31536000, immutable")
        self.uploaded += 1

    def put_once(self, key: str, render) -> None:
        if not self.exists(key):
            self.put(key, render(), "image/jpeg")

    def product_photo(self, key_base: str, render) -> repo.ImageAttribute:
        """A generated picture through the same pipeline as a vendor's upload: WebP
        renditions (every width up to the picture's own) for the storefront's srcset,
        and the share JPEG for link previews."""
        from chalicelib.media.processing import RENDITION_WIDTHS, SHARE_SIZE, process
        keys = {w: f"{key_base}-{w}.webp" for w in RENDITION_WIDTHS if w <= IMAGE_SIZE}
        share_key = f"{key_base}-share.jpg"
        if not all(self.exists(k) for k in (*keys.values(), share_key)):
            processed = process(render())
            for r in processed.renditions:
                self.put(keys[r.width], r.data, r.content_type)
            self.put(share_key, processed.share.data, processed.share.content_type)
        renditions = [repo.RenditionAttribute(key=keys[w], width=w, height=w) for w in keys]
        share = repo.RenditionAttribute(key=share_key, width=SHARE_SIZE[0], height=SHARE_SIZE[1])
        return repo.ImageAttribute(key=keys[IMAGE_SIZE], width=IMAGE_SIZE, height=IMAGE_SIZE,
                                   id="seed", renditions=renditions, share=share)


def _image_key(kind: str, item: dict) -> str:
    # The content hash in the key lets browsers cache forever and still see changes.
    digest = hashlib.sha256(json.dumps(item, sort_keys=True).encode()).hexdigest()[:10]
    return f"{kind}/{item.get('id') or item['slug']}/{digest}.jpg"


def seed(reset: bool = False, progress=None) -> SeedResult:
    """The demo catalog. No page events: whoever seeds rebuilds the shop's pages after
    (`infra/local/pages.py`), which is one render per page instead of one per product."""
    from chalicelib.exports import fx
    from chalicelib.pages import events
    with events.suspended():
        result = _seed(reset, progress)
    fx.refresh()   # approximate prices abroad: the rates the `fx_rates` schedule keeps
    return result


def _seed(reset: bool = False, progress=None) -> SeedResult:
    data = load_data()
    media = _Media()
    result = SeedResult()
    categories = {c["slug"]: c for c in data["categories"]}
    vendors: dict[str, repo.VendorItem] = {}
    advance = progress or (lambda label: None)

    for c in data["categories"]:
        photo = media.product_photo(_image_key("categories", c).removesuffix(".jpg"),
                                    lambda c=c: images.render_category_image(c, IMAGE_SIZE))
        repo.save_category(repo.CategoryItem(
            *repo.category_key(c["slug"]), name=_text(c["name"]),
            description=_text(c["description"]), sort=c["sort"], color=c.get("color"),
            image=photo))
        result.categories += 1
        advance(c["name"]["en"])

    for v in data["vendors"]:
        existing = repo.get_vendor(v["id"])
        if existing is not None and not reset:
            vendors[v["id"]] = existing  # the maker may have edited it since
            advance(v["name"]["en"])
            continue
        item = repo.VendorItem(
            *repo.vendor_key(v["id"]), id=v["id"], name=_text(v["name"]), story=_text(v["story"]),
            craft=_text(v["craft"]), category=v["category"], block=v["block"],
            village=_text(v["village"]), is_shg=v["is_shg"], jslps_id=v.get("jslps_id"),
            since_year=v.get("since_year"), status=v["status"], bank=v.get("bank"),
            export=demo_export(v.get("export")),
            **{k: v.get("tax", {}).get(k) for k in TAX_FIELDS},
            created_at="2026-01-01T00:00:00Z", updated_at="2026-01-01T00:00:00Z")
        if existing is not None:
            item.version = existing.version
        item.status_pk = f"VENDOR#{item.status}"
        item.status_sk = f"{item.updated_at}#{item.id}"
        repo.save_vendor(item)
        vendors[v["id"]] = item
        result.vendors += 1
        advance(v["name"]["en"])

    for p in data["products"]:
        advance(p["name"]["en"])
        if not reset and repo.get_product(p["id"]) is not None:
            result.products_kept += 1
            continue
        photo = media.product_photo(_image_key("products", p).removesuffix(".jpg"),
                                    lambda p=p: images.render_product_image(
                                        p, categories[p["category"]], IMAGE_SIZE))
        product = repo.ProductItem(
            *repo.product_key(p["id"]), id=p["id"], category=p["category"],
            name=_text(p["name"]), description=_text(p["description"]), tags=p["tags"],
            variants=[repo.VariantAttribute(
                id=x["id"], sku=x["sku"], label=_text(x["label"]), price_paise=x["price_paise"],
                mrp_paise=x["mrp_paise"], stock=x["stock"], weight_grams=x["weight_grams"],
                packed_cm=x.get("packed_cm"))
                for x in p["variants"]],
            images=[photo],
            perishable=p["perishable"], shelf_life_days=p.get("shelf_life_days"),
            hsn_code=p["hsn_code"], gst_rate_bp=p["gst_rate_bp"], gi_tag=p["gi_tag"],
            status=p["status"], created_at=p["created_at"], updated_at=p["created_at"])
        existing = repo.get_product(p["id"]) if reset else None
        if existing is not None:
            product.search_prefixes = existing.search_prefixes
            product.version = existing.version
        indexing.store_product(product, vendors[p["vendor"]], categories[p["category"]]["name"])
        result.products_written += 1
    result.images_uploaded = media.uploaded
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Seed the Deoghar catalog (idempotent).")
    parser.add_argument("--reset", action="store_true",
                        help="rewrite products that already exist (stock goes back to the file)")
    args = parser.parse_args(argv)
    from rich.progress import Progress

    data = load_data()
    total = len(data["categories"]) + len(data["vendors"]) + len(data["products"])
    with Progress() as bar:
        task = bar.add_task("Seeding the Deoghar catalog", total=total)
        result = seed(reset=args.reset,
                      progress=lambda label: bar.update(task, advance=1, description=label[:40]))
        bar.update(task, description="Seeded the Deoghar catalog")
    print(f"categories {result.categories}, vendors {result.vendors}, products written "
          f"{result.products_written}, kept {result.products_kept}, "
          f"images uploaded {result.images_uploaded}")
    return 0


def demo_facilitator_vendor_ids(data: dict, count: int = 2) -> list[str]:
    """Self-help groups the demo facilitator looks after (not the demo vendors' own)."""
    own = set(demo_vendor_ids(data))
    return [v["id"] for v in data["vendors"]
            if v["status"] == "approved" and v["is_shg"] and v["id"] not in own][:count]


def user_sub(idp, pool_id: str, email: str) -> str:
    attrs = idp.admin_get_user(UserPoolId=pool_id, Username=email)["UserAttributes"]
    return next(a["Value"] for a in attrs if a["Name"] == "sub")


def link_demo_accounts(idp, pool_id: str, accounts: list[dict]) -> None:
    """Give the demo vendors their makers and the demo facilitator its groups, and record the
    demo officials as the desk would (idempotent)."""
    from chalicelib.auth import officials
    from chalicelib.vendors import repository as vendor_repo
    data = load_data()
    for account in accounts:
        if account["role"] in officials.GROUP:
            officials.register(user_sub(idp, pool_id, account["email"]), account["email"],
                               account["name"], account["role"], account.get("block"))
        if account["role"] == "vendor" and account.get("vendor_id"):
            vendor_repo.link_member(user_sub(idp, pool_id, account["email"]),
                                    account["vendor_id"], "owner")
        elif account["role"] == "facilitator":
            sub = user_sub(idp, pool_id, account["email"])
            for vendor_id in demo_facilitator_vendor_ids(data):
                vendor_repo.link_member(sub, vendor_id, "facilitator")
                vendor = vendor_repo.get(vendor_id)
                if vendor is not None and vendor.managed_by != sub:
                    vendor.managed_by = sub
                    vendor_repo.save(vendor)
