"""Reviews by verified buyers: written from the order page (the order token proves the
purchase), one per delivered line, editable for 30 days; published or refused by the
office with a reason; answered once by the maker.

A review's id is `rv-<line id>`: a second review of a line is the same item (409). Its
stars count only while it is published: publishing adds them to STAT#RATING (the
product's and the maker's totals), the maker's scorecard day and the block's and
category's days, in the same transaction as the review's move; an edit of a published
review takes them back the same way. The product and the maker then copy their totals
from STAT#RATING (an idempotent copy, so a retry or a race converges).
"""
from __future__ import annotations

from pynamodb.exceptions import PutError

from chalicelib.db.conditions import conditional_failed
from chalicelib.db.order_models import StatItem
from chalicelib.db.quality_models import ReviewItem, bind
from chalicelib.errors import Conflict, InvalidInput, NotFound
from chalicelib.observability import logger, metric
from chalicelib.orders import repository as orders_repo
from chalicelib.quality import buyer, listing, photos, rules
from chalicelib.stats.counters import Deltas, day_of

PAGE = 10


def review_id(line_id: str) -> str:
    return f"rv-{line_id}"


def get(rid: str) -> ReviewItem | None:
    if not isinstance(rid, str) or not rid.startswith("rv-o-") or len(rid) > 90:
        return None
    line = rid[3:]
    order_id = "-".join(line.split("-")[:2])
    bind()
    try:
        return ReviewItem.get(f"ORDER#{order_id}", f"REVIEW#{line}", consistent_read=True)
    except ReviewItem.DoesNotExist:
        return None


def _need(rid: str) -> ReviewItem:
    review = get(rid)
    if review is None:
        raise NotFound("no such review", code="review_not_found")
    return review


def create(order, line_id: str, rating: int, text: str, upload_ids: list[str]) -> dict:
    parcel, line, _ = buyer.delivered_line(order, line_id)
    shots = photos.ready_photos(order.id, line_id, "review", upload_ids)
    name, town = buyer.author(order)
    now = orders_repo.now()
    item = ReviewItem(
        f"ORDER#{order.id}", f"REVIEW#{line_id}", id=review_id(line_id), order_id=order.id,
        parcel_id=parcel.id, line_id=line_id, product_id=line["product_id"],
        vendor_id=parcel.vendor_id, category=line.get("category"), block=line.get("block"),
        product_name=line.get("product_name") or line.get("name"), rating=rating, text=text,
        photos=shots, author_name=name, author_town=town, status="pending", created_at=now,
        updated_at=now, editable_until=rules.after(now, rules.REVIEW_EDIT_DAYS * 24),
        status_pk="REVIEW#pending", status_sk=f"{now}#{review_id(line_id)}")
    bind()
    try:
        item.save(condition=ReviewItem.pk.does_not_exist())
    except PutError as exc:
        if conditional_failed(exc):
            raise Conflict("this line has a review already: edit it instead",
                           code="already_reviewed") from None
        raise
    metric("ReviewsWritten")
    return own_view(item)


def edit(order, rid: str, rating: int, text: str, upload_ids: list[str]) -> dict:
    review = _need(rid)
    if review.order_id != order.id:
        raise NotFound("no such review", code="review_not_found")
    now = orders_repo.now()
    if now > review.editable_until:
        raise Conflict("a review can be changed for 30 days after it was written",
                       code="review_locked")
    shots = photos.ready_photos(order.id, review.line_id, "review", upload_ids)
    for _ in range(5):
        before = review.status
        deltas = _uncount(review) if before == "published" else None
        fields = {"rating": rating, "text": text, "photos": shots, "status": "pending",
                  "reason": None, "counted": None, "edited": True, "updated_at": now,
                  "status_pk": "REVIEW#pending", "status_sk": f"{now}#{review.id}",
                  "vendor_pk": None, "vendor_sk": None}
        if _set(review, ReviewItem.status == before, deltas, fields):
            if before == "published":
                sync_ratings(review.product_id, review.vendor_id)
            return own_view(review)
        review.refresh(consistent_read=True)
    raise Conflict("the review kept changing; try again", code="review_changed")


def _set(review: ReviewItem, condition, deltas, fields: dict) -> bool:
    """Fields set (None removes), with counters in the same transaction."""
    actions = [getattr(ReviewItem, k).set(v) if v is not None else getattr(ReviewItem, k).remove()
               for k, v in fields.items()]
    if not orders_repo.update(review, actions, condition, deltas):
        return False
    for k, v in fields.items():
        setattr(review, k, v)
    return True


def _count(review: ReviewItem, sign: int, day: str, stars: int) -> Deltas:
    """The published review's stars added (sign 1) or taken back (-1) on `day`."""
    stars *= sign
    return Deltas(day).rating(review.product_id, review.vendor_id, stars, sign).quality(
        review.vendor_id, review.block, review.category or "", rating_sum=stars,
        rating_count=sign)


def _uncount(review: ReviewItem) -> Deltas:
    """What publishing added, taken back on the day it was added (so the day's and the
    scorecard's figures stay those of the reviews still published)."""
    counted = orders_repo.plain(review.counted) if review.counted else {}
    return _count(review, -1, counted.get("day") or day_of(review.updated_at),
                  int(counted.get("rating") or review.rating))


def decide(rid: str, publish: bool, reason: str | None, actor: str) -> dict:
    review = _need(rid)
    if review.status != "pending":
        raise Conflict(f"the review is {review.status} already", code="already_decided")
    if not publish and not (reason or "").strip():
        raise InvalidInput("say why the review is not published", code="reason_required")
    now = orders_repo.now()
    if publish:
        day = day_of(now)
        fields = {"status": "published", "reason": None, "decided_by": actor, "updated_at": now,
                  "counted": {"rating": int(review.rating), "day": day},
                  "status_pk": f"REVIEWS#{review.product_id}", "status_sk": f"{now}#{review.id}",
                  "vendor_pk": f"VREVIEWS#{review.vendor_id}", "vendor_sk": f"{now}#{review.id}"}
        deltas = _count(review, 1, day, int(review.rating))
    else:
        fields = {"status": "rejected", "reason": reason.strip(), "decided_by": actor,
                  "updated_at": now, "status_pk": "REVIEW#rejected",
                  "status_sk": f"{now}#{review.id}"}
        deltas = None
    if not _set(review, ReviewItem.status == "pending", deltas, fields):
        raise Conflict("the review was decided or changed meanwhile", code="already_decided")
    if publish:
        metric("ReviewsPublished")
    else:
        metric("ReviewsRejected")
    if publish:
        sync_ratings(review.product_id, review.vendor_id)
        from chalicelib.quality import mails
        mails.review_published(review)
        from chalicelib.quality import scorecard
        scorecard.check(review.vendor_id)
    else:
        from chalicelib.quality import mails
        mails.review_rejected(review)
    return admin_view(review)


def answer(vendor_id: str, rid: str, text: str) -> dict:
    review = _need(rid)
    if review.vendor_id != vendor_id or review.status != "published":
        raise NotFound("no such review", code="review_not_found")
    fields = {"answer": {"text": text, "at": orders_repo.now()}}
    if not _set(review, ReviewItem.answer.does_not_exist(), None, fields):
        raise Conflict("this review has been answered already", code="already_answered")
    return maker_view(review)


# --- copying the totals onto the product and the maker ---------------------------------

def _totals(key: str) -> tuple[int, int]:
    try:
        stat = StatItem.get("STAT#RATING", key, consistent_read=True)
        return int(stat.rating_sum or 0), int(stat.rating_count or 0)
    except StatItem.DoesNotExist:
        return 0, 0


def sync_ratings(product_id: str, vendor_id: str) -> None:
    """The product and its maker take the published totals; their pages follow."""
    from chalicelib.catalog import editing
    from chalicelib.catalog import repository as catalog
    from chalicelib.errors import DomainError
    from chalicelib.media.uploads import retrying
    from chalicelib.pages import events
    from chalicelib.vendors import repository as vendors

    def product() -> None:
        stars, count = _totals(f"PRODUCT#{product_id}")
        item = catalog.get_product(product_id)
        vendor = vendors.get(vendor_id)
        if item is None or vendor is None or (int(item.rating_sum or 0), int(
                item.rating_count or 0)) == (stars, count):
            return
        item.rating_sum, item.rating_count = stars, count
        editing.store(item, vendor)

    def maker() -> None:
        stars, count = _totals(f"VENDOR#{vendor_id}")
        vendor = vendors.get(vendor_id)
        if vendor is None or (int(vendor.rating_sum or 0), int(vendor.rating_count or 0)) \
                == (stars, count):
            return
        vendor.rating_sum, vendor.rating_count = stars, count
        vendors.save(vendor)
        events.changed(vendors=[vendor_id])

    for step in (product, maker):
        try:
            retrying(step)
        except DomainError as exc:   # a later publish or the nightly rebuild copies it again
            logger.warning("rating not copied", extra={"product_id": product_id,
                                                      "code": exc.code})


# --- views ------------------------------------------------------------------------------

def _public(review: ReviewItem) -> dict:
    answer_ = orders_repo.plain(review.answer) if review.answer else None
    return {"id": review.id, "rating": int(review.rating), "text": review.text or "",
            "photos": photos.views("review", review.photos),
            "author": {"name": review.author_name, "town": review.author_town},
            "created_at": review.created_at, "edited": bool(review.edited),
            "answer": {"text": answer_["text"], "at": answer_["at"]} if answer_ else None}


def own_view(review: ReviewItem) -> dict:
    return {**_public(review), "photos": photos.views("review", review.photos, own=True),
            "line_id": review.line_id, "product_id": review.product_id,
            "status": review.status, "reason": review.reason,
            "updated_at": review.updated_at, "editable_until": review.editable_until}


def maker_view(review: ReviewItem) -> dict:
    return {**_public(review), "product_id": review.product_id,
            "product_name": orders_repo.plain(review.product_name),
            "can_answer": review.status == "published" and not review.answer}


def admin_view(review: ReviewItem) -> dict:
    from chalicelib.vendors import repository as vendors
    vendor = vendors.get(review.vendor_id)
    return {**own_view(review), "order_id": review.order_id,
            "product_name": orders_repo.plain(review.product_name),
            "vendor_id": review.vendor_id,
            "vendor_name": {"en": vendor.name.en, "hi": vendor.name.hi} if vendor else None}


def product_reviews(product_id: str, cursor: str | None) -> dict:
    """A product's published reviews: one Query (the product page already shows its rating;
    an unknown product simply has none)."""
    if len(product_id) > 80:
        raise NotFound("no such product", code="product_not_found")
    bind()
    items, nxt = listing.page(ReviewItem.by_status, f"REVIEWS#{product_id}", PAGE, cursor,
                              kind="product-reviews")
    return {"items": [_public(r) for r in items], "next_cursor": nxt}


def _with_product(review: ReviewItem) -> dict:
    return {**_public(review), "product_id": review.product_id,
            "product_name": orders_repo.plain(review.product_name)}


def vendor_reviews(vendor_id: str, cursor: str | None, maker: bool = False) -> dict:
    """A maker's published reviews, newest first: one Query."""
    if len(vendor_id) > 80:
        raise NotFound("no such vendor", code="vendor_not_found")
    bind()
    items, nxt = listing.page(ReviewItem.by_vendor, f"VREVIEWS#{vendor_id}", PAGE, cursor,
                              kind="vendor-reviews", maker=maker)
    view = maker_view if maker else _with_product
    return {"items": [view(r) for r in items], "next_cursor": nxt}


def admin_list(status: str, cursor: str | None) -> dict:
    bind()
    items, nxt = listing.page(ReviewItem.by_status, f"REVIEW#{status}", 25, cursor,
                              newest_first=status != "pending", kind="admin-reviews")
    return {"items": [admin_view(r) for r in items], "next_cursor": nxt}
