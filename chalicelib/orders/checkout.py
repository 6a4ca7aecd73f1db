"""Checkout: price the cart from the catalog, reserve stock with the order, start payment.

Prices, taxes and shipping always come from the catalog and `pricing` — a price
sent by the client is never read. Guest orders are reached with the order
token (a secret shown once); only its hash is stored.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import secrets

from chalicelib import config
from chalicelib.catalog import indexing
from chalicelib.db.models import ProductItem, bind as bind_catalog
from chalicelib.db.order_models import OrderItem, ParcelItem
from chalicelib.errors import InvalidInput, NotFound, Unprocessable
from chalicelib.exports import addresses, readiness
from chalicelib.observability import logger
from chalicelib.orders import pricing
from chalicelib.orders import repository as repo
from chalicelib.pages import events
from chalicelib.stats.counters import day_of
from chalicelib.orders.schemas import OrderIn, QuoteIn


def _destination(pincode: str | None, country: str) -> pricing.Destination:
    try:
        return pricing.destination(pincode, country)
    except pricing.PricingError as exc:
        raise InvalidInput(exc.message, code=exc.code) from None


def _load_lines(items) -> tuple[list[pricing.LineIn], list[dict], set[str]]:
    """Catalog lines for the cart (one BatchGet) and where each variant sits in its product."""
    bind_catalog()
    ids = sorted({i.product_id for i in items})
    products = {p.id: p for p in ProductItem.batch_get([(f"PRODUCT#{i}", "PRODUCT") for i in ids])}
    lines, stock_lines, cod_vendors = [], [], set()
    today = day_of()
    for item in items:
        product = products.get(item.product_id)
        if product is None or not indexing.is_public(product):
            raise InvalidInput(f"product {item.product_id} is not on sale", code="unknown_product")
        index = next((n for n, v in enumerate(product.variants) if v.id == item.variant_id), None)
        if index is None:
            raise InvalidInput(f"product {item.product_id} has no variant {item.variant_id}",
                               code="unknown_variant")
        v = product.variants[index]
        lines.append(pricing.LineIn(
            product_id=product.id, variant_id=v.id, vendor_id=product.vendor_id,
            name={"en": f"{product.name.en} — {v.label.en}", "hi": f"{product.name.hi} — {v.label.hi}"},
            unit_price_paise=int(v.price_paise), quantity=item.quantity,
            weight_grams=int(v.weight_grams), gst_rate_bp=int(product.gst_rate_bp),
            hsn_code=product.hsn_code, perishable=bool(product.perishable),
            shelf_life_days=int(product.shelf_life_days) if product.shelf_life_days else None,
            stock=int(v.stock), seller_gst_status=product.vendor.gst_status,
            facts={"category": product.category, "block": product.vendor.block,
                   "product_name": {"en": product.name.en, "hi": product.name.hi},
                   "vendor_name": {"en": product.vendor.name.en, "hi": product.vendor.name.hi}},
            export_problem=readiness.product_problem(product, today),
            packed_cm=tuple(int(x) for x in v.packed_cm) if v.packed_cm else None))
        stock_lines.append({"product_id": product.id, "variant_id": v.id, "variant_index": index,
                            "quantity": item.quantity, "left": int(v.stock) - item.quantity})
        if product.vendor.accepts_cod is not False:
            cod_vendors.add(product.vendor_id)
    return lines, stock_lines, cod_vendors


def _quote(items, pincode, country, service=None) -> tuple[dict, list[dict]]:
    dest = _destination(pincode, country)
    lines, stock_lines, cod_vendors = _load_lines(items)
    try:
        result = pricing.quote(lines, dest, config.settings().cod_limit_paise, cod_vendors,
                               service)
    except pricing.PricingError as exc:
        raise InvalidInput(exc.message, code=exc.code) from None
    result["approx"] = _approx(result)
    return result, stock_lines


def _approx(q: dict) -> dict | None:
    """Abroad: the totals in the buyer's currency, approximately (the card pays rupees)."""
    from chalicelib.exports import fx, rules
    country = q["destination"]["country"]
    if q["destination"]["zone"] != "abroad" or rules.country(country) is None:
        return None
    t = q["totals"]
    return fx.approx(country, {"items": t["items_paise"], "shipping": t["shipping_paise"],
                               "total": t["total_paise"]}, fx.latest())


def _payment_options(q: dict) -> list[dict]:
    from chalicelib.payments import gateway
    options = gateway.options(q["cod_available"])
    if q["destination"]["zone"] == "abroad":   # a foreign card through Stripe: no UPI, no COD
        options = [o for o in options if o["method"] == "card"]
    return options


def quote(body: QuoteIn) -> dict:
    from chalicelib.quality import rules
    addresses.check_quote(body.country.upper(), body.postal_code)
    q = _quote(body.items, body.pincode, body.country, body.service)[0]
    return {**q, "payment_options": _payment_options(q),
            "returns_policy": rules.policy(abroad=q["destination"]["zone"] == "abroad")}


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def place_order(body: OrderIn) -> dict:
    from chalicelib.orders import lifecycle
    from chalicelib.payments import gateway
    addresses.check_order(body)
    provider = gateway.provider_for(body.payment_method)   # 422 for a method not offered
    q, stock_lines = _quote(body.items, body.address.pincode, body.address.country,
                            body.service)
    if body.service and q["service"] not in (None, body.service):
        raise Unprocessable(f"the {body.service} service cannot carry this order's parcels",
                            code="service_not_possible",
                            details=next(s["problems"] for s in q["services"]
                                         if s["id"] == body.service))
    if not q["ok"]:
        raise Unprocessable("some items cannot be ordered as they are; see details",
                            code="order_not_possible",
                            details=[p for line in q["lines"] for p in line["problems"]] +
                            q["problems"])
    if body.payment_method == "cod" and not q["cod_available"]:
        raise Unprocessable("cash on delivery is not available for this order",
                            code="cod_not_available")
    if body.payment_method not in {o["method"] for o in _payment_options(q)}:
        raise Unprocessable("an order to an address abroad is paid by card",
                            code="payment_method_unavailable")
    order_id = "o-" + secrets.token_hex(6)
    logger.append_keys(order_id=order_id)
    token = secrets.token_urlsafe(24)
    now = repo.now()
    total = q["totals"]["total_paise"]
    order = OrderItem(f"ORDER#{order_id}", "ORDER", id=order_id, token_hash=token_hash(token),
                      status="pending_payment", payment_method=body.payment_method,
                      payment_provider=provider,
                      language=body.language,
                      contact=body.contact.model_dump(mode="json"),
                      address=body.address.model_dump(mode="json"), quote=repo.dumps(q),
                      billing=body.billing.model_dump(mode="json") if body.billing else None,
                      stock_lines=repo.dumps(stock_lines), total_paise=total,
                      created_at=now, updated_at=now, status_pk="ORDER#pending_payment",
                      status_sk=f"{now}#{order_id}", day_pk=f"DAY#{day_of(now)}",
                      day_sk=f"{now}#{order_id}",
                      history=[{"at": now, "status": "pending_payment"}])
    parcels = []
    abroad_to = q["destination"]["country"] if q["destination"]["zone"] == "abroad" else None
    for n, p in enumerate(q["parcels"], start=1):
        lines = [q["lines"][i] for i in p["line_indexes"]]
        parcels.append(ParcelItem(
            f"ORDER#{order_id}", f"PARCEL#{n:02d}", id=f"{order_id}-p{n}", order_id=order_id,
            vendor_id=p["vendor_id"], status="awaiting_payment", lines=repo.dumps(lines),
            value_paise=sum(line["line_total_paise"] for line in lines),
            shipping_paise=p["shipping_paise"], weight_grams=p["weight_grams"],
            country=abroad_to,
            created_at=now, updated_at=now, vendor_pk=f"VENDOR#{p['vendor_id']}",
            vendor_sk=f"{now}#{order_id}", status_pk="PARCEL#awaiting_payment",
            status_sk=f"{now}#{order_id}-p{n}"))
    repo.place(order, parcels, stock_lines)
    events.changed(products=events.low_stock(stock_lines))   # "out of stock" on its pages
    logger.info("order placed", extra={"order_id": order_id, "total_paise": total,
                                       "method": body.payment_method})
    payment = lifecycle.start(order, parcels)
    return {"order_id": order_id, "order_token": token, "status": order.status,
            "total_paise": total, "payment": payment}


def link_token(order_id: str) -> str:
    """The key a mail's link carries to the order page (the order's own token is never
    stored, only its hash): derived from the stage's secret, so it opens this order only."""
    secret = config.settings().cursor_secret.encode()
    return hmac.new(secret, f"order-link:{order_id}".encode(), hashlib.sha256).hexdigest()[:40]


def authorised_order(order_id: str, token: str | None) -> OrderItem:
    order = repo.get_order(order_id) if order_id.startswith("o-") and len(order_id) < 40 else None
    if order is None or not token or not (
            hmac.compare_digest(order.token_hash, token_hash(token))
            or (token.isascii() and hmac.compare_digest(link_token(order_id), token))):
        raise NotFound("no such order", code="order_not_found")
    logger.append_keys(order_id=order.id)
    return order


def order_view(order: OrderItem) -> dict:
    from chalicelib.payments import gateway
    parcels = repo.parcels_of(order.id)
    out = {"order_id": order.id, "status": order.status, "payment_method": order.payment_method,
           "payment_status": order.payment_status, "total_paise": int(order.total_paise),
           "payment_provider": gateway.provider_of(order),
           "paid_by": "cod" if order.payment_method == "cod" else order.paid_by,
           "payment_attempt": json.loads(order.payment_attempt) if order.payment_attempt
           and order.status == "pending_payment" else None,
           "refunded_paise": int(order.refunded_paise or 0), "quote": json.loads(order.quote),
           "parcels": [{"id": p.id, "vendor_id": p.vendor_id, "status": p.status,
                        "lines": json.loads(p.lines), "value_paise": int(p.value_paise),
                        "shipping_paise": int(p.shipping_paise),
                        "tracking_number": p.tracking_number, "courier_name": p.courier_name,
                        "timeline": [repo.plain(e) for e in p.events or []]}
                       for p in parcels],
           "history": [repo.plain(h) for h in order.history or []],
           "created_at": order.created_at}
    payment = gateway.browser_payment(order)
    if payment is not None:
        out["payment"] = payment
    return out
