"""Checkout and order tracking for shoppers, webhooks from Stripe, Razorpay and the courier,
and the vendor's side of orders: parcels to pack and payouts."""
from __future__ import annotations

from typing import Optional

from chalice import Blueprint
from pydantic import Field

from chalicelib.apimodel import ApiModel, InputModel
from chalicelib.catalog.schemas import NoQuery
from chalicelib.orders import schemas as os_
from chalicelib.routes.auth import for_makers
from chalicelib.vendors.schemas import ActingQuery
from chalicelib.web import endpoint, html_document

bp = Blueprint(__name__)
ORDER = {"order_id": "Order id (o-…)"}
ORDER_TOKEN = {"X-Order-Token": "The order's secret token, from POST /orders"}


class Received(ApiModel):
    received: bool
    type: Optional[str] = None
    ignored: Optional[bool] = None
    applied: Optional[bool] = None
    status: Optional[str] = None
    reason: Optional[str] = None


class VendorOrdersQuery(ActingQuery):
    limit: int = Field(25, ge=1, le=50)
    cursor: Optional[str] = Field(None, max_length=2048)


class VendorParcels(ApiModel):
    items: list[dict]
    next_cursor: Optional[str] = None


class Payouts(ApiModel):
    balance_paise: int
    held_paise: int = Field(description="credits still inside their return window")
    payable_paise: int = Field(description="what the next payout run would pay")
    held_until: Optional[str] = Field(None, description="when the last held credit is payable")
    entries: list[dict]


class CourierEvent(InputModel):
    event_id: str = Field(min_length=1, max_length=100)
    tracking_number: str = Field(min_length=1, max_length=60)
    reference: str = Field(min_length=1, max_length=80)
    status: str = Field(min_length=1, max_length=40)
    at: Optional[str] = Field(None, max_length=40)


@endpoint(bp, "/quotes", methods=["POST"], summary="Price a cart for a destination",
          tags=["checkout"], query=NoQuery, body=os_.QuoteIn, response=os_.QuoteOut,
          errors=(400,))
def quote(query, body):
    from chalicelib.orders import checkout
    return checkout.quote(body)


@endpoint(bp, "/orders", methods=["POST"], summary="Place an order (UPI, card or cash on delivery)",
          tags=["checkout"], query=NoQuery, body=os_.OrderIn, response=os_.OrderCreated,
          errors=(400, 409, 422, 503), status=201)
def place_order(query, body):
    from chalicelib.orders import checkout
    return checkout.place_order(body)


@endpoint(bp, "/orders/{order_id}", summary="An order with each parcel's timeline",
          tags=["checkout"], query=NoQuery, response=os_.OrderOut, errors=(404,),
          path_params=ORDER, headers=ORDER_TOKEN)
def get_order(order_id, query, headers):
    from chalicelib.orders import checkout
    return checkout.order_view(checkout.authorised_order(order_id, headers.get("x-order-token")))


@endpoint(bp, "/orders/{order_id}/pay", methods=["POST"], tags=["checkout"],
          summary="Pay a card order with a Stripe PaymentMethod (created by Stripe.js)",
          query=NoQuery, body=os_.PayIn, response=os_.PayOut, errors=(400, 402, 404, 409, 503),
          path_params=ORDER, headers=ORDER_TOKEN)
def pay_order(order_id, query, body, headers):
    from chalicelib.orders import checkout, lifecycle
    order = checkout.authorised_order(order_id, headers.get("x-order-token"))
    return lifecycle.pay(order, body.payment_method)


@endpoint(bp, "/orders/{order_id}/razorpay", methods=["POST"], tags=["checkout"],
          summary="What Razorpay Checkout handed the browser: verified, then the payment "
                  "is asked of Razorpay", query=NoQuery, body=os_.RazorpayIn,
          response=os_.RazorpayOut, errors=(400, 404, 409, 503), path_params=ORDER,
          headers=ORDER_TOKEN)
def razorpay_return(order_id, query, body, headers):
    from chalicelib.orders import checkout, lifecycle
    order = checkout.authorised_order(order_id, headers.get("x-order-token"))
    return lifecycle.confirm_razorpay(order, body.model_dump())


@endpoint(bp, "/orders/{order_id}/cancel", methods=["POST"], tags=["checkout"],
          summary="Cancel before dispatch: stock released, card payment refunded",
          query=NoQuery, body=os_.CancelIn, response=os_.OrderOut, errors=(400, 404, 409),
          path_params=ORDER, headers=ORDER_TOKEN)
def cancel_order(order_id, query, body, headers):
    from chalicelib.orders import checkout, lifecycle
    order = checkout.authorised_order(order_id, headers.get("x-order-token"))
    lifecycle.cancel_by_shopper(order, body.reason)
    order.refresh()
    return checkout.order_view(order)


@endpoint(bp, "/orders/{order_id}/parcels/{parcel_id}/invoice", tags=["checkout"],
          summary="A parcel's GST invoice (HTML, printable)", query=NoQuery, errors=(404,),
          path_params={**ORDER, "parcel_id": "Parcel id"}, headers=ORDER_TOKEN)
def shopper_invoice(order_id, parcel_id, query, headers):
    from chalicelib.errors import NotFound
    from chalicelib.orders import checkout, delivery
    from chalicelib.orders import repository as repo
    checkout.authorised_order(order_id, headers.get("x-order-token"))
    parcel = repo.get_parcel(parcel_id)
    if parcel is None or parcel.order_id != order_id:
        raise NotFound("no such parcel", code="parcel_not_found")
    return html_document(delivery.invoice_html(parcel))


@for_makers(bp, "/vendor/parcels/{parcel_id}/invoice", tags=["vendor"], query=ActingQuery,
            summary="The invoice of one of the vendor's parcels (HTML)", errors=(400, 404),
            path_params={"parcel_id": "Parcel id"})
def vendor_invoice(parcel_id, query, principal):
    from chalicelib.orders import delivery
    from chalicelib.vendors import access
    vendor_id = access.acting_vendor_id(principal, query.vendor_id)
    return html_document(delivery.invoice_html(delivery.own_parcel(vendor_id, parcel_id)))


@endpoint(bp, "/webhooks/stripe", methods=["POST"], summary="Stripe's signed events",
          tags=["webhooks"], query=NoQuery, response=Received, errors=(401, 409),
          raw_body="application/json",
          headers={"Stripe-Signature": "Stripe's signature of the body"})
def stripe_webhook(query, raw, headers):
    from chalicelib.payments import webhooks
    return webhooks.handle(raw, headers.get("stripe-signature"), bp.lambda_context)


@endpoint(bp, "/webhooks/razorpay", methods=["POST"], summary="Razorpay's signed events",
          tags=["webhooks"], query=NoQuery, response=Received, errors=(401, 409),
          raw_body="application/json",
          headers={"X-Razorpay-Signature": "Razorpay's HMAC-SHA256 of the body",
                   "X-Razorpay-Event-Id": "The event's id (a repeat is the same event)"})
def razorpay_webhook(query, raw, headers):
    from chalicelib.payments import webhooks
    return webhooks.handle_razorpay(raw, headers.get("x-razorpay-signature"),
                                    headers.get("x-razorpay-event-id"), bp.lambda_context)


@endpoint(bp, "/webhooks/courier", methods=["POST"], summary="The courier's signed tracking events",
          tags=["webhooks"], query=NoQuery, response=Received, errors=(400, 401, 404),
          raw_body="application/json",
          headers={"X-Courier-Signature": "The courier's HMAC of the body"})
def courier_webhook(query, raw, headers):
    from chalicelib.orders import courier, delivery
    courier.verify(raw, headers.get(courier.SIGNATURE_HEADER))
    from chalicelib.web import parse_body
    event = parse_body(CourierEvent, raw)
    return {"received": True, **delivery.apply_event(event.model_dump())}


@for_makers(bp, "/vendor/orders", summary="The acting vendor's parcels: what to pack, ship-to",
            tags=["vendor"], query=VendorOrdersQuery, response=VendorParcels, errors=(400, 404))
def vendor_orders(query, principal):
    from chalicelib import config, pagination
    from chalicelib.orders import delivery
    from chalicelib.vendors import access
    vendor_id = access.acting_vendor_id(principal, query.vendor_id)
    secret = config.settings().cursor_secret
    scope = pagination.scope_of(kind="vendor-orders", vendor=vendor_id, limit=query.limit)
    start = pagination.position(query.cursor, scope, secret)
    items, last = delivery.vendor_parcels(vendor_id, query.limit, start)
    return {"items": items,
            "next_cursor": pagination.encode({"k": last}, scope, secret) if last else None}


@for_makers(bp, "/vendor/parcels/{parcel_id}/packed", methods=["POST"], tags=["vendor"],
            summary="The parcel is packed: the courier comes to pick it up", query=ActingQuery,
            response=None, errors=(400, 404, 409),
            path_params={"parcel_id": "Parcel id (<order id>-p<n>)"})
def packed(parcel_id, query, principal):
    from chalicelib.orders import delivery
    from chalicelib.vendors import access
    return delivery.mark_packed(access.acting_vendor_id(principal, query.vendor_id), parcel_id)


def _recorder(principal) -> str:
    return "facilitator" if principal.is_facilitator else "maker"


@for_makers(bp, "/vendor/parcels/{parcel_id}/handover", methods=["POST"], tags=["vendor"],
            summary="Delivery by hand (COURIER_MODE=manual): the parcel went to this courier "
                    "with this tracking number", query=ActingQuery, body=os_.HandoverIn,
            response=os_.ParcelRecord, errors=(400, 404, 409),
            path_params={"parcel_id": "Parcel id (<order id>-p<n>)"})
def handover(parcel_id, query, body, principal):
    from chalicelib.orders import delivery, manual
    from chalicelib.vendors import access
    parcel = delivery.own_parcel(access.acting_vendor_id(principal, query.vendor_id), parcel_id)
    return manual.hand_over(parcel, body.courier == "india_post", body.courier_name,
                            body.tracking_number, _recorder(principal))


@for_makers(bp, "/vendor/parcels/{parcel_id}/outcome", methods=["POST"], tags=["vendor"],
            summary="Delivery by hand: the parcel was delivered, or came back",
            query=ActingQuery, body=os_.OutcomeIn, response=os_.ParcelRecord,
            errors=(400, 404, 409), path_params={"parcel_id": "Parcel id (<order id>-p<n>)"})
def outcome(parcel_id, query, body, principal):
    from chalicelib.orders import delivery, manual
    from chalicelib.vendors import access
    parcel = delivery.own_parcel(access.acting_vendor_id(principal, query.vendor_id), parcel_id)
    return manual.record_outcome(parcel, body.status, _recorder(principal))


@for_makers(bp, "/vendor/payouts", summary="The payout ledger: credits on delivery, debits on refund",
            tags=["vendor"], query=ActingQuery, response=Payouts, errors=(400, 404))
def payouts(query, principal):
    from chalicelib.payouts import ledger
    from chalicelib.vendors import access
    return ledger.earnings(access.acting_vendor_id(principal, query.vendor_id))
