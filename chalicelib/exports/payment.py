"""What a card payment for an order shipped abroad tells Stripe.

Stripe India asks, for a payment from a buyer abroad (an export of goods): the buyer's name
and a billing address outside India, the shipping address, and a description of what is
sold. The billing address is the one the buyer gave for the card, else the shipping address.
"""
from __future__ import annotations

import json

from chalicelib.orders import repository as repo

MAX_DESCRIPTION = 1000


def _address(a: dict) -> dict:
    out = {"line1": a["line1"], "city": a["city"], "country": a["country"]}
    for key in ("line2", "state", "postal_code"):
        if a.get(key):
            out[key] = a[key]
    return out


def description(quote: dict) -> str:
    """"Handmade goods from Deoghar, India: 2 × Iron roti tawa — 10 inch; ..." (English)."""
    items = "; ".join(f"{line['quantity']} × {line['name']['en']}" for line in quote["lines"]
                      if not line.get("problems"))
    text = f"Handmade goods from Deoghar, India: {items}"
    return text if len(text) <= MAX_DESCRIPTION else text[:MAX_DESCRIPTION - 1] + "…"


def stripe_fields(order) -> dict | None:
    """None for an order in India; else the customer, shipping and description."""
    quote = json.loads(order.quote)
    if quote["destination"]["zone"] != "abroad":
        return None
    contact, address = repo.plain(order.contact), repo.plain(order.address)
    billing = repo.plain(order.billing) if order.billing else None
    shipping = {"name": contact["name"], "phone": contact["phone"], "address": _address(address)}
    customer = {"name": (billing or {}).get("name") or contact["name"], "email": contact["email"],
                "phone": contact["phone"], "address": _address(billing or address)}
    return {"customer": customer, "shipping": shipping, "description": description(quote)}
