"""PynamoDB models of what buyers say, in the orders table (chalicelib/quality).

Item layout (pk / sk):
  ORDER#<id>   / REVIEW#<line id>     a buyer's review of one order line (one per line)
  ORDER#<id>   / COMPLAINT#<line id>  a buyer's complaint about one delivered line
  ORDER#<id>   / PHOTO#<upload id>    a buyer's photo, checked by the image worker
  SCORE#<vid>  / <day>                a maker's quality counts of one India-time day (StatItem)
  FLAG#<vid>   / FLAG                 a maker over a quality threshold (their facilitator and
                                      the office are told once per flagging)

Indexes (the table's own, no new one):
  by_status: REVIEW#<status> (pending | rejected), by time — the office's queue;
             REVIEWS#<product id>, by time — a product's published reviews;
             COMPLAINT#<status> (open | answered | refund_pending | closed), by time;
             FLAGGED, by how bad — the office's list of flagged makers.
  by_vendor: VREVIEWS#<vid> — a maker's published reviews; VCOMPLAINTS#<vid> — a maker's
             complaints, by time.
"""
from __future__ import annotations

from functools import lru_cache

from pynamodb.attributes import (BooleanAttribute, ListAttribute, MapAttribute, NumberAttribute,
                                 UnicodeAttribute)

from chalicelib.db import order_models
from chalicelib.db.order_models import OrdersModel


class ReviewItem(OrdersModel):
    id = UnicodeAttribute()              # rv-<hex>
    order_id = UnicodeAttribute()
    parcel_id = UnicodeAttribute()
    line_id = UnicodeAttribute()
    product_id = UnicodeAttribute()
    vendor_id = UnicodeAttribute()
    category = UnicodeAttribute(null=True)
    block = UnicodeAttribute(null=True)
    product_name = MapAttribute()        # {en, hi}
    rating = NumberAttribute()           # 1..5
    text = UnicodeAttribute(default="")
    photos = ListAttribute(of=MapAttribute, default=list)   # [{id, key, width, height}]
    author_name = UnicodeAttribute()     # the buyer's first name
    author_town = UnicodeAttribute(null=True)
    status = UnicodeAttribute()          # pending | published | rejected
    reason = UnicodeAttribute(null=True)           # the office's, when rejected
    counted = MapAttribute(null=True)    # {rating, day}: what the published review added
    answer = MapAttribute(null=True)     # the maker's: {text, at}
    decided_by = UnicodeAttribute(null=True)
    edited = BooleanAttribute(default=False)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    editable_until = UnicodeAttribute()
    status_pk = UnicodeAttribute(null=True)
    status_sk = UnicodeAttribute(null=True)
    vendor_pk = UnicodeAttribute(null=True)
    vendor_sk = UnicodeAttribute(null=True)


class ComplaintItem(OrdersModel):
    id = UnicodeAttribute()              # cp-<hex>
    order_id = UnicodeAttribute()
    parcel_id = UnicodeAttribute()
    line_id = UnicodeAttribute()
    product_id = UnicodeAttribute()
    vendor_id = UnicodeAttribute()
    category = UnicodeAttribute(null=True)
    block = UnicodeAttribute(null=True)
    product_name = MapAttribute()
    quantity = NumberAttribute()
    line_total_paise = NumberAttribute()
    reason = UnicodeAttribute()          # damaged | not_as_described | wrong_or_missing | quality
    text = UnicodeAttribute()
    wants = UnicodeAttribute()           # refund | return
    photos = ListAttribute(of=MapAttribute, default=list)
    buyer_name = UnicodeAttribute()
    buyer_town = UnicodeAttribute(null=True)
    payment_method = UnicodeAttribute()  # the order's: card | upi | cod
    refund_to = MapAttribute(null=True)  # cash on delivery: {upi_id} or {account_number, ifsc,
                                         # holder_name}; never in a maker's view nor a log
    status = UnicodeAttribute()          # open | answered | refund_pending | closed
    answer = MapAttribute(null=True)     # the maker's: {text, at, by}
    answer_due = UnicodeAttribute()
    decision = MapAttribute(null=True)   # {refund_paise, collect, note, at, by}
    refund = MapAttribute(null=True)     # {method, status: issued | to_pay | paid, reference}
    return_shipment = MapAttribute(null=True)   # {tracking_number, status, events}
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    status_pk = UnicodeAttribute(null=True)
    status_sk = UnicodeAttribute(null=True)
    vendor_pk = UnicodeAttribute(null=True)
    vendor_sk = UnicodeAttribute(null=True)


class BuyerPhotoItem(OrdersModel):
    """An upload by a buyer for a review or a complaint of one line."""
    id = UnicodeAttribute()
    order_id = UnicodeAttribute()
    line_id = UnicodeAttribute()
    purpose = UnicodeAttribute()         # review | complaint
    status = UnicodeAttribute()          # pending | ready | rejected
    image = MapAttribute(null=True)      # {key, width, height, thumb}
    reason = MapAttribute(null=True)     # {en, hi} when rejected
    created_at = UnicodeAttribute()


class FlagItem(OrdersModel):
    vendor_id = UnicodeAttribute()
    flags = UnicodeAttribute()           # JSON: the scorecard's flags
    flagged_at = UnicodeAttribute()
    status_pk = UnicodeAttribute(null=True)   # FLAGGED while flagged
    status_sk = UnicodeAttribute(null=True)


MODELS = (ReviewItem, ComplaintItem, BuyerPhotoItem, FlagItem)


@lru_cache(maxsize=1)
def bind() -> None:
    order_models.bind()
    order_models.point(MODELS)
