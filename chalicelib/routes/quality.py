"""What buyers say: reviews and complaints from the order page, ratings in the shop, and
what makers, facilitators and the office do with them (chalicelib/quality)."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.catalog.schemas import NoQuery
from chalicelib.quality import schemas as qs
from chalicelib.routes.auth import for_admins, for_facilitators, for_makers
from chalicelib.vendors.schemas import ActingQuery
from chalicelib.web import endpoint

bp = Blueprint(__name__)
ORDER = {"order_id": "Order id (o-…)"}
ORDER_TOKEN = {"X-Order-Token": "The order's token (from POST /orders, or a mail's link)"}
BUYER_ERRORS = (400, 404, 409)


def _order(order_id: str, headers):
    from chalicelib.orders import checkout
    return checkout.authorised_order(order_id, headers.get("x-order-token"))


def _actor(principal) -> str:
    return principal.username or principal.sub


# --- the buyer (the order's token) --------------------------------------------------------

@endpoint(bp, "/orders/{order_id}/feedback", tags=["quality"], query=NoQuery,
          summary="Each delivered line: its review and complaint, and what may still be done",
          errors=(404,), path_params=ORDER, headers=ORDER_TOKEN)
def feedback(order_id, query, headers):
    from chalicelib.quality import buyer
    return buyer.feedback(_order(order_id, headers))


@endpoint(bp, "/orders/{order_id}/photos", methods=["POST"], tags=["quality"], status=201,
          summary="Upload a photo for a review or a complaint (a presigned S3 POST)",
          query=NoQuery, body=qs.PhotoIn, errors=BUYER_ERRORS, path_params=ORDER,
          headers=ORDER_TOKEN)
def photo_upload(order_id, query, body, headers):
    from chalicelib.quality import photos
    return photos.presign(_order(order_id, headers), body.line_id, body.purpose,
                          body.content_type)


@endpoint(bp, "/orders/{order_id}/photos/{upload_id}", tags=["quality"], query=NoQuery,
          summary="Whether an uploaded photo passed its checks", errors=(404,),
          path_params={**ORDER, "upload_id": "Upload id"}, headers=ORDER_TOKEN)
def photo_status(order_id, upload_id, query, headers):
    from chalicelib.quality import photos
    return photos.status_view(_order(order_id, headers), upload_id)


@endpoint(bp, "/orders/{order_id}/reviews", methods=["POST"], tags=["quality"], status=201,
          summary="Review a delivered line (1-5 stars, words, up to 3 photos)",
          query=NoQuery, body=qs.ReviewIn, errors=BUYER_ERRORS, path_params=ORDER,
          headers=ORDER_TOKEN)
def write_review(order_id, query, body, headers):
    from chalicelib.quality import reviews
    return reviews.create(_order(order_id, headers), body.line_id, body.rating, body.text,
                          body.photos)


@endpoint(bp, "/orders/{order_id}/reviews/{review_id}", methods=["PUT"], tags=["quality"],
          summary="Change one's review within 30 days (it waits for the office again)",
          query=NoQuery, body=qs.ReviewEdit, errors=BUYER_ERRORS,
          path_params={**ORDER, "review_id": "Review id"}, headers=ORDER_TOKEN)
def edit_review(order_id, review_id, query, body, headers):
    from chalicelib.quality import reviews
    return reviews.edit(_order(order_id, headers), review_id, body.rating, body.text,
                        body.photos)


@endpoint(bp, "/orders/{order_id}/complaints", methods=["POST"], tags=["quality"], status=201,
          summary="Complain about a delivered line (damaged, not as described, wrong or "
                  "missing, quality)", query=NoQuery, body=qs.ComplaintIn,
          errors=BUYER_ERRORS, path_params=ORDER, headers=ORDER_TOKEN)
def complain(order_id, query, body, headers):
    from chalicelib.quality import complaints
    return complaints.create(_order(order_id, headers), body)


# --- the shop -------------------------------------------------------------------------------

@endpoint(bp, "/products/{product_id}/reviews", tags=["catalog"], query=qs.CursorQuery,
          summary="A product's published reviews, newest first", errors=(400, 404),
          path_params={"product_id": "Product id"}, cache_seconds=60)
def product_reviews(product_id, query):
    from chalicelib.quality import reviews
    return reviews.product_reviews(product_id, query.cursor)


@endpoint(bp, "/vendors/{vendor_id}/reviews", tags=["catalog"], query=qs.CursorQuery,
          summary="A maker's published reviews, newest first", errors=(400, 404),
          path_params={"vendor_id": "Vendor id"}, cache_seconds=60)
def maker_reviews(vendor_id, query):
    from chalicelib.quality import reviews
    return reviews.vendor_reviews(vendor_id, query.cursor)


# --- makers -------------------------------------------------------------------------------

def _vendor(principal, query) -> str:
    from chalicelib.vendors import access
    return access.acting_vendor_id(principal, query.vendor_id)


@for_makers(bp, "/vendor/reviews", tags=["quality"], query=qs.MakerCursorQuery,
            summary="Published reviews of the maker's products", errors=(400, 404))
def vendor_reviews(query, principal):
    from chalicelib.quality import reviews
    return reviews.vendor_reviews(_vendor(principal, query), query.cursor, maker=True)


@for_makers(bp, "/vendor/reviews/{review_id}/answer", methods=["POST"], tags=["quality"],
            summary="Answer a review, once", query=ActingQuery, body=qs.AnswerIn,
            errors=(400, 404, 409), path_params={"review_id": "Review id"})
def answer_review(review_id, query, body, principal):
    from chalicelib.quality import reviews
    return reviews.answer(_vendor(principal, query), review_id, body.text)


@for_makers(bp, "/vendor/complaints", tags=["quality"], query=qs.MakerComplaintsQuery,
            summary="Complaints about the maker's items, newest first", errors=(400, 404))
def vendor_complaints(query, principal):
    from chalicelib.quality import complaints
    return complaints.vendor_list(_vendor(principal, query), query.status, query.cursor)


@for_makers(bp, "/vendor/complaints/{complaint_id}/answer", methods=["POST"], tags=["quality"],
            summary="Answer a complaint (within 48 hours), once", query=ActingQuery,
            body=qs.AnswerIn, errors=(400, 404, 409),
            path_params={"complaint_id": "Complaint id"})
def answer_complaint(complaint_id, query, body, principal):
    from chalicelib.quality import complaints
    by = "facilitator" if principal.is_facilitator else "maker"
    return complaints.answer(_vendor(principal, query), complaint_id, body.text, by)


@for_makers(bp, "/vendor/parcels/{parcel_id}/cancel", methods=["POST"], tags=["quality"],
            summary="The maker cannot send this parcel: cancelled, its buyer refunded, "
                    "counted on the scorecard", query=ActingQuery, body=qs.CancelParcelIn,
            errors=(400, 404, 409), path_params={"parcel_id": "Parcel id"})
def cancel_parcel(parcel_id, query, body, principal):
    from chalicelib.orders import delivery
    return delivery.cancel_by_maker(_vendor(principal, query), parcel_id, body.reason)


@for_makers(bp, "/vendor/scorecard", tags=["quality"], query=ActingQuery,
            summary="The maker's last 90 days: orders, late packing, cancellations, "
                    "complaints, returns, rating, flags, and what buyers said",
            errors=(400, 404))
def scorecard(query, principal):
    from chalicelib.quality import scorecard as cards
    from chalicelib.vendors import access
    return cards.card(access.acting_vendor(principal, query.vendor_id))


# --- facilitators and the office -------------------------------------------------------------

@for_facilitators(bp, "/facilitator/scorecards", tags=["quality"], query=NoQuery,
                  summary="The scorecards of the makers this facilitator acts for, worst first")
def facilitator_scorecards(query, principal):
    from chalicelib.quality import scorecard as cards
    return {"items": cards.of_facilitator(principal.sub)}


@for_admins(bp, "/admin/scorecards", tags=["quality"], query=qs.FlaggedQuery,
            summary="Flagged makers' scorecards (or every approved maker's), worst first",
            errors=(400,))
def admin_scorecards(query, principal):
    from chalicelib.quality import scorecard as cards
    return {"items": cards.flagged() if query.flagged else cards.approved_makers()}


@for_admins(bp, "/admin/reviews", tags=["quality"], query=qs.ReviewsQuery,
            summary="Reviews waiting for the office (oldest first), or refused",
            errors=(400,))
def admin_reviews(query, principal):
    from chalicelib.quality import reviews
    return reviews.admin_list(query.status, query.cursor)


@for_admins(bp, "/admin/reviews/{review_id}/decision", methods=["POST"], tags=["quality"],
            summary="Publish a review, or refuse it with a reason", query=NoQuery,
            body=qs.ReviewDecisionIn, errors=(400, 404, 409),
            path_params={"review_id": "Review id"})
def decide_review(review_id, query, body, principal):
    from chalicelib.quality import reviews
    return reviews.decide(review_id, body.action == "publish", body.reason, _actor(principal))


@for_admins(bp, "/admin/complaints", tags=["quality"], query=qs.ComplaintsQuery,
            summary="Complaints by state", errors=(400,))
def admin_complaints(query, principal):
    from chalicelib.quality import complaints
    return complaints.admin_list(query.status, query.cursor)


@for_admins(bp, "/admin/complaints/{complaint_id}/decision", methods=["POST"],
            tags=["quality"], summary="Decide a complaint: refund (full, part, none) and "
                                      "whether the courier collects the item",
            query=NoQuery, body=qs.ComplaintDecisionIn, errors=(400, 404, 409, 503),
            path_params={"complaint_id": "Complaint id"})
def decide_complaint(complaint_id, query, body, principal):
    from chalicelib.quality import complaints
    return complaints.decide(complaint_id, body.refund_paise, body.collect, body.note,
                             _actor(principal))


@for_admins(bp, "/admin/complaints/{complaint_id}/refund-paid", methods=["POST"],
            tags=["quality"], summary="A cash-on-delivery refund was paid by hand",
            query=NoQuery, body=qs.RefundPaidIn, errors=(400, 404, 409),
            path_params={"complaint_id": "Complaint id"})
def complaint_refund_paid(complaint_id, query, body, principal):
    from chalicelib.quality import complaints
    return complaints.refund_paid(complaint_id, body.reference, _actor(principal))
