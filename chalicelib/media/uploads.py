"""Product photo uploads: presigned S3 POSTs out, S3 notifications (through SQS) in.

The browser uploads straight to the private uploads bucket under the vendor's
own prefix. The bucket tells the image queue; `process_notification` checks the
file (size, type, pixels — S3 and moto do not enforce the POST's conditions
locally, and a client can lie), writes WebP renditions and a link-preview JPEG
to the media bucket, attaches them to the product in one write and deletes the
original. A rejected file leaves its reason on the product. A redelivered
message changes nothing.
"""
from __future__ import annotations

import json
import re
import secrets
from functools import lru_cache
from urllib.parse import unquote_plus

from chalicelib import config
from chalicelib.catalog import editing
from chalicelib.errors import Conflict, DomainError, NotFound
from chalicelib.observability import logger, metric
from chalicelib.vendors import repository as vendor_repo

EXPIRES_IN = 900
FULL = (f"The product already has {editing.MAX_IMAGES} photos, the most it can have: "
        "remove one to add another.",
        f"इस उत्पाद में पहले से {editing.MAX_IMAGES} फ़ोटो हैं, जो सबसे ज़्यादा हैं: नई "
        "जोड़ने के लिए एक हटाएँ।")
_KEY = re.compile(r"^uploads/(?P<vendor>[a-z0-9-]{1,64})/(?P<product>[a-z0-9-]{1,64})/"
                  r"(?P<upload>[a-f0-9]{32})$")


@lru_cache(maxsize=1)
def _s3():
    import boto3
    return boto3.client("s3", region_name=config.settings().region)


def presign(vendor, product_id: str, content_type: str) -> dict:
    from chalicelib.media.processing import MAX_BYTES
    product = editing.get_own(vendor, product_id)
    if product.status == "archived":
        raise Conflict("archived products cannot get new photos", code="archived")
    if len(editing._pending_or_live(product, "images")) >= editing.MAX_IMAGES:
        raise Conflict(f"a product can have at most {editing.MAX_IMAGES} photos",
                       code="too_many_images")
    upload_id = secrets.token_hex(16)
    key = f"uploads/{vendor.id}/{product_id}/{upload_id}"
    post = _s3().generate_presigned_post(
        Bucket=config.settings().uploads_bucket, Key=key,
        Fields={"Content-Type": content_type},
        Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, MAX_BYTES]],
        ExpiresIn=EXPIRES_IN)
    return {"upload_id": upload_id, "url": post["url"], "fields": post["fields"],
            "max_bytes": MAX_BYTES, "expires_in": EXPIRES_IN}


def process_notification(body: str) -> int:
    """One SQS message carrying an S3 notification. Returns the objects handled."""
    message = json.loads(body)
    if message.get("Event") == "s3:TestEvent":
        return 0
    handled = 0
    for record in message.get("Records", []):
        if not record.get("eventName", "").startswith("ObjectCreated"):
            continue
        bucket = record["s3"]["bucket"]["name"]
        key = unquote_plus(record["s3"]["object"]["key"])
        process_object(bucket, key)
        handled += 1
    return handled


def process_object(bucket: str, key: str) -> None:
    from chalicelib.media.processing import MAX_BYTES, ImageRejected, process
    if key.startswith("uploads/buyers/"):   # a buyer's photo for a review or a complaint
        from chalicelib.quality import photos
        return photos.process_object(bucket, key)
    s3 = _s3()
    m = _KEY.match(key)
    if not m:
        logger.warning("unexpected upload key; deleting", extra={"key": key})
        s3.delete_object(Bucket=bucket, Key=key)
        return
    vendor = vendor_repo.get(m["vendor"])
    try:
        head = s3.head_object(Bucket=bucket, Key=key)
    except s3.exceptions.ClientError as exc:
        if exc.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
            return  # already processed and deleted: a redelivery
        raise
    upload = m["upload"]
    try:
        if vendor is None:
            raise NotFound("vendor gone", code="vendor_not_found")
        if head["ContentLength"] > MAX_BYTES:  # do not even download it
            raise ImageRejected("too_large", "The file is larger than 5 MB.",
                                "फ़ाइल 5 MB से बड़ी है।")
        data = s3.get_object(Bucket=bucket, Key=key)["Body"].read(MAX_BYTES + 1)
        processed = process(data)
        image = _publish(m["product"], upload, processed)
        retrying(lambda: editing.attach_image(vendor, m["product"], image))
        logger.info("photo attached", extra={"product_id": m["product"], "upload_id": upload})
        s3.delete_object(Bucket=bucket, Key=key)
    except ImageRejected as rejected:
        logger.info("photo rejected", extra={"product_id": m["product"], "code": rejected.code})
        _reject(vendor, m["product"], upload, rejected)
        metric("ImagesRejected", Reason=rejected.code)
        s3.delete_object(Bucket=bucket, Key=key)
    except DomainError as exc:
        if exc.code == "version_conflict":
            raise  # the product changed meanwhile: the queue delivers the message again
        if exc.code == "too_many_images":   # room when presigned, full by the time it came
            _reject(vendor, m["product"], upload, ImageRejected("too_many_images", *FULL))
            metric("ImagesRejected", Reason=exc.code)
        # product gone, archived or full: nothing to attach to
        logger.warning("photo not attached", extra={"product_id": m["product"], "code": exc.code})
        s3.delete_object(Bucket=bucket, Key=key)


def _reject(vendor, product_id: str, upload: str, rejected) -> None:
    try:
        retrying(lambda: editing.record_rejection(vendor, product_id, {
            "upload_id": upload, "code": rejected.code,
            "reason": {"en": rejected.reason_en, "hi": rejected.reason_hi},
            "at": vendor_repo.now()}))
    except DomainError as exc:
        if exc.code == "version_conflict":
            raise
        logger.warning("rejection not recorded", extra={"product_id": product_id,
                                                       "code": exc.code})


def retrying(write, attempts: int = 5):
    """Photos of one product processed side by side race for its version: each
    write re-reads the product, so trying again soon is enough (the queue's
    redelivery, minutes later, is the fallback)."""
    import random
    import time
    for attempt in range(attempts):
        try:
            return write()
        except DomainError as exc:
            if exc.code != "version_conflict" or attempt == attempts - 1:
                raise
            time.sleep(random.uniform(0.02, 0.1) * (attempt + 1))


def _publish(product_id: str, upload_id: str, processed) -> dict:
    base = f"products/{product_id}/{upload_id}"
    renditions = [_put(f"{base}-{r.width}.webp", r) for r in processed.renditions]
    default = min(renditions, key=lambda r: abs(r["width"] - 800))
    return {"id": upload_id, "key": default["key"], "width": default["width"],
            "height": default["height"], "renditions": renditions,
            "share": _put(f"{base}-share.jpg", processed.share)}


def _put(key: str, rendition) -> dict:
    _s3().put_object(Bucket=config.settings().media_bucket, Key=key, Body=rendition.data,
                     ContentType=rendition.content_type,
                     CacheControl="public, max-age=31536000, immutable")
    return {"key": key, "width": rendition.width, "height": rendition.height}
