"""Buyers' photos for a review or a complaint: the product photos' pipeline, another owner.

The browser posts the file straight to the private uploads bucket under
`uploads/buyers/<order id>/<upload id>` (a presigned POST, like a maker's photo). The image
queue's worker (chalicelib/media/uploads.py) hands such keys here: the bytes are checked
by the same `processing.process` (type by magic bytes, size, pixels, EXIF stripped), and
two WebP renditions are kept — a thumbnail and a large one. A review's photos go to the
public media bucket (they are shown in the shop once the review is published); a
complaint's to the private reports bucket, shown through links that expire, to the buyer,
the maker, their facilitator and the office only.
"""
from __future__ import annotations

import re
import secrets
from functools import lru_cache

from chalicelib import config
from chalicelib.db.quality_models import BuyerPhotoItem, bind
from chalicelib.errors import InvalidInput, NotFound
from chalicelib.observability import logger, metric
from chalicelib.orders import repository as orders_repo
from chalicelib.quality import rules

EXPIRES_IN = 900
LINK_SECONDS = 900
KEY = re.compile(r"^uploads/buyers/(?P<order>o-[a-f0-9]{1,32})/(?P<upload>[a-f0-9]{32})$")
PURPOSES = ("review", "complaint")
MAX_PER_LINE = 12      # uploads a buyer may start for one line and purpose (retries included)


@lru_cache(maxsize=1)
def _s3():
    import boto3
    return boto3.client("s3", region_name=config.settings().region)


def _bucket(purpose: str) -> str:
    s = config.settings()
    return s.media_bucket if purpose == "review" else s.reports_bucket


def presign(order, line_id: str, purpose: str, content_type: str) -> dict:
    from chalicelib.media.processing import MAX_BYTES
    from chalicelib.quality import buyer
    buyer.delivered_line(order, line_id)      # 404 / 409 before any upload
    bind()
    started = sum(1 for p in BuyerPhotoItem.query(
        f"ORDER#{order.id}", BuyerPhotoItem.sk.startswith("PHOTO#"),
        filter_condition=(BuyerPhotoItem.line_id == line_id)
        & (BuyerPhotoItem.purpose == purpose)))
    if started >= MAX_PER_LINE:
        raise InvalidInput("too many photos tried for this line", code="too_many_photos")
    upload_id = secrets.token_hex(16)
    BuyerPhotoItem(f"ORDER#{order.id}", f"PHOTO#{upload_id}", id=upload_id, order_id=order.id,
                   line_id=line_id, purpose=purpose, status="pending",
                   created_at=orders_repo.now()).save()
    post = _s3().generate_presigned_post(
        Bucket=config.settings().uploads_bucket, Key=f"uploads/buyers/{order.id}/{upload_id}",
        Fields={"Content-Type": content_type},
        Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, MAX_BYTES]],
        ExpiresIn=EXPIRES_IN)
    return {"upload_id": upload_id, "url": post["url"], "fields": post["fields"],
            "max_bytes": MAX_BYTES, "expires_in": EXPIRES_IN}


def get(order_id: str, upload_id: str) -> BuyerPhotoItem | None:
    bind()
    if not re.fullmatch(r"[a-f0-9]{32}", upload_id or ""):
        return None
    try:
        return BuyerPhotoItem.get(f"ORDER#{order_id}", f"PHOTO#{upload_id}", consistent_read=True)
    except BuyerPhotoItem.DoesNotExist:
        return None


def status_view(order, upload_id: str) -> dict:
    photo = get(order.id, upload_id)
    if photo is None:
        raise NotFound("no such photo", code="photo_not_found")
    image = orders_repo.plain(photo.image) if photo.image else None
    return {"upload_id": photo.id, "status": photo.status,
            "reason": orders_repo.plain(photo.reason) if photo.reason else None,
            "url": link(photo.purpose, image["thumb"]) if image else None}


def ready_photos(order_id: str, line_id: str, purpose: str, upload_ids: list[str]) -> list[dict]:
    """The stored images of these uploads, each checked and of this line: 400
    `photo_not_ready` otherwise (still being checked, refused, or someone else's)."""
    out = []
    for upload_id in dict.fromkeys(upload_ids):
        photo = get(order_id, upload_id)
        if photo is None or photo.line_id != line_id or photo.purpose != purpose \
                or photo.status != "ready":
            raise InvalidInput("a photo is not ready (still being checked, or refused)",
                               code="photo_not_ready", details=[{"upload_id": upload_id}])
        out.append({"id": upload_id, **orders_repo.plain(photo.image)})
    if len(out) > rules.MAX_PHOTOS:
        raise InvalidInput(f"at most {rules.MAX_PHOTOS} photos", code="too_many_photos")
    return out


def link(purpose: str, key: str) -> str:
    if purpose == "review":
        from chalicelib.catalog.views import media_url
        return media_url(key)
    return _s3().generate_presigned_url("get_object", ExpiresIn=LINK_SECONDS, Params={
        "Bucket": config.settings().reports_bucket, "Key": key})


def views(purpose: str, photos, own: bool = False) -> list[dict]:
    """Photos as shown; `own`: the buyer's view, with the upload ids an edit sends back."""
    out = []
    for p in photos or []:
        p = orders_repo.plain(p)
        out.append({"url": link(purpose, p["key"]), "thumb": link(purpose, p["thumb"]),
                    "width": int(p["width"]), "height": int(p["height"]),
                    **({"upload_id": p["id"]} if own else {})})
    return out


def process_object(bucket: str, key: str) -> None:
    """One buyer's upload, from the image queue: checked, stored, or refused with a reason."""
    from chalicelib.media.processing import MAX_BYTES, ImageRejected, process
    s3 = _s3()
    m = KEY.match(key)
    photo = get(m["order"], m["upload"]) if m else None
    if photo is None or photo.status != "pending":
        logger.warning("unexpected buyer upload; deleting", extra={"key": key})
        s3.delete_object(Bucket=bucket, Key=key)
        return
    try:
        head = s3.head_object(Bucket=bucket, Key=key)
    except s3.exceptions.ClientError as exc:
        if exc.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
            return   # processed already: a redelivery
        raise
    try:
        if head["ContentLength"] > MAX_BYTES:
            raise ImageRejected("too_large", "The file is larger than 5 MB.",
                                "फ़ाइल 5 MB से बड़ी है।")
        data = s3.get_object(Bucket=bucket, Key=key)["Body"].read(MAX_BYTES + 1)
        processed = process(data)
        image = _store(photo, processed)
        photo.update(actions=[BuyerPhotoItem.status.set("ready"),
                              BuyerPhotoItem.image.set(image)],
                     condition=BuyerPhotoItem.status == "pending")
    except ImageRejected as rejected:
        metric("ImagesRejected", Reason=rejected.code)
        photo.update(actions=[BuyerPhotoItem.status.set("rejected"), BuyerPhotoItem.reason.set(
            {"en": rejected.reason_en, "hi": rejected.reason_hi, "code": rejected.code})],
            condition=BuyerPhotoItem.status == "pending")
    s3.delete_object(Bucket=bucket, Key=key)


def _store(photo: BuyerPhotoItem, processed) -> dict:
    renditions = sorted(processed.renditions, key=lambda r: r.width)
    thumb = renditions[0]
    large = min(renditions, key=lambda r: abs(r.width - 800))
    base = f"{'reviews' if photo.purpose == 'review' else 'complaints'}/{photo.order_id}/{photo.id}"
    cache = "public, max-age=31536000, immutable" if photo.purpose == "review" else "private"
    for name, r in (("thumb", thumb), ("large", large)):
        _s3().put_object(Bucket=_bucket(photo.purpose), Key=f"{base}-{name}.webp", Body=r.data,
                         ContentType=r.content_type, CacheControl=cache)
    return {"key": f"{base}-large.webp", "thumb": f"{base}-thumb.webp",
            "width": large.width, "height": large.height}
