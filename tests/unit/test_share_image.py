"""The share picture (og:image) from the media bucket to the API, on moto in-process."""
from __future__ import annotations

import json
from io import BytesIO

import boto3
import pytest
from PIL import Image

from chalicelib import config
from chalicelib.catalog import editing, views
from chalicelib.db.models import ImageAttribute
from chalicelib.media import uploads
from chalicelib.media.processing import process
from tests.openapi_check import OpenAPIChecker
from tests.unit.conftest import MEDIA_BASE
from tests.unit.test_catalog_api import PUBLIC, get
from tests.unit.test_image_processing import encode, photo

SHARE = (1200, 630)
ALT = {"en": "Peda", "hi": "पेड़ा"}
OLD_PHOTO = {"id": "0" * 32, "key": "products/p/old-800.webp", "width": 800, "height": 600,
             "renditions": [{"key": "products/p/old-800.webp", "width": 800, "height": 600}]}


@pytest.fixture(scope="module")
def checker(client):
    return OpenAPIChecker(get(client, "/openapi.json")[1])


def media_object(url_or_key: str) -> tuple[dict, Image.Image]:
    key = url_or_key.removeprefix(f"{MEDIA_BASE}/")
    s3 = boto3.client("s3", region_name=config.settings().region)
    obj = s3.get_object(Bucket=config.settings().media_bucket, Key=key)
    img = Image.open(BytesIO(obj["Body"].read()))
    assert img.format == "JPEG" and img.size == SHARE
    return obj, img


def assert_share(image: dict) -> None:
    share = image["share"]
    assert (share["width"], share["height"]) == SHARE
    assert share["url"].startswith(f"{MEDIA_BASE}/") and share["url"].endswith("-share.jpg")
    obj, _ = media_object(share["url"])
    assert obj["ContentType"] == "image/jpeg"
    assert obj["CacheControl"] == "public, max-age=31536000, immutable"


def test_seeded_photos_have_a_share_picture(client, checker):
    status, product = get(client, f"/products/{PUBLIC[0]['id']}")
    checker.check("GET", "/products/{product_id}", status, product)
    assert_share(product["images"][0])
    status, page = get(client, "/products?limit=3")
    checker.check("GET", "/products", status, page)
    for card in page["items"]:     # cards come from the stored search postings
        assert_share(card["image"])
    status, categories = get(client, "/categories")
    checker.check("GET", "/categories", status, categories)
    assert_share(categories["items"][0]["image"])


def test_an_upload_is_published_with_its_share_picture(aws):
    upload = "ab" * 16
    image = uploads._publish("test-share-product", upload, process(encode(photo((1600, 900)), "JPEG")))
    assert image["share"] == {"key": f"products/test-share-product/{upload}-share.jpg",
                              "width": 1200, "height": 630}
    stored = editing._image_in(image)     # as attach_image stores it, and back
    assert editing._image_out(stored) == image
    shown = views.image(stored, ALT)
    assert_share(shown)
    card = views.public_card({"name": ALT, "image_key": views.image_ref(stored)})
    assert card["image"]["share"] == shown["share"]


def test_photos_stored_before_share_pictures_still_read(aws):
    raw = ImageAttribute(**{k: v for k, v in OLD_PHOTO.items() if k != "renditions"})
    old = ImageAttribute().deserialize(json.loads(json.dumps(raw.serialize(raw))))
    assert old.share is None
    stored = editing._image_in(OLD_PHOTO)         # e.g. from a pending revision's JSON
    assert stored.share is None and editing._image_out(stored)["share"] is None
    assert views.image(stored, ALT)["share"] is None
    card = {k: v for k, v in OLD_PHOTO.items() if k != "id"}     # a posting's stored card
    assert views.public_card({"name": ALT, "image_key": card})["image"]["share"] is None
