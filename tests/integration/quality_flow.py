"""Getting a delivered order and a buyer's photo on the running local stack, for the
quality tests (reviews, complaints, scorecards) and the browser tests built on them."""
from __future__ import annotations

import io

import requests

from tests.integration.faults import reached
from tests.integration.portal_pages import account, admin_token, token_of
from tests.integration.shopping import ADDRESS, CONTACT, call, pay, status_of, vendor_product
from tests.integration.waiting import wait_for


def facilitator(stack) -> dict:
    a = account(stack, "facilitator")
    return {"token": token_of(stack, a["email"], a["password"]), "email": a["email"]}


def office(stack) -> str:
    return admin_token(stack)


def facilitated_maker(api, facilitator_token: str, perishable: bool = False) -> str:
    """A maker the demo facilitator acts for (its parcels are packed by the facilitator)
    with a product in stock that is (or is not) perishable."""
    makers = call(api, "GET", "/facilitator/vendors", facilitator_token).json()["items"]
    for m in makers:
        if m.get("status") != "approved":
            continue
        try:
            vendor_product(api, m["id"], perishable=perishable)
            return m["id"]
        except AssertionError:
            continue
    raise AssertionError(f"no facilitated maker sells a {'' if perishable else 'non-'}"
                         "perishable product")


def buy(api, stack_client, vendor_id: str, method: str = "card", quantity: int = 1,
        perishable=None, address=None, contact=None) -> dict:
    """One item of `vendor_id` ordered (and paid by card at localstripe when `card`)."""
    product, variant = vendor_product(api, vendor_id, min_stock=quantity, perishable=perishable)
    r = call(api, "POST", "/orders", json={
        "items": [{"product_id": product["id"], "variant_id": variant["id"],
                   "quantity": quantity}],
        "contact": contact or CONTACT, "address": address or ADDRESS, "payment_method": method})
    assert r.status_code == 201, r.text
    created = r.json()
    if method == "card":
        paid = pay(api, stack_client, created)
        assert paid.status_code == 200, paid.text
    created["product"], created["variant"], created["payment_method"] = product, variant, method
    return created


def deliver(api, created: dict, token: str, vendor_id: str | None = None) -> dict:
    """Packed by its maker (or the facilitator acting for it); the simulator delivers it."""
    status = "paid" if created.get("payment_method", "card") != "cod" else "confirmed"
    order = wait_for(lambda: (lambda o: o if o["status"] in ("paid", "confirmed") and all(
        p["tracking_number"] for p in o["parcels"]) else None)(status_of(api, created)),
        timeout=60, what=f"order {created['order_id']} {status} and booked")
    query = f"?vendor_id={vendor_id}" if vendor_id else ""
    for parcel in order["parcels"]:
        r = call(api, "POST", f"/vendor/parcels/{parcel['id']}/packed{query}", token)
        assert r.status_code == 200, r.text
    return reached(api, created, "completed", timeout=60)


def photo_bytes(colour=(180, 60, 40)) -> bytes:
    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(out, "JPEG")
    return out.getvalue()


def upload(api, created: dict, line_id: str, purpose: str, data: bytes | None = None,
           content_type: str = "image/jpeg") -> dict:
    """A buyer's photo posted as the browser does; its status once checked."""
    r = call(api, "POST", f"/orders/{created['order_id']}/photos",
             order_token=created["order_token"],
             json={"purpose": purpose, "line_id": line_id, "content_type": content_type})
    assert r.status_code == 201, r.text
    grant = r.json()
    s3 = requests.post(grant["url"], data=grant["fields"], timeout=60,
                       files={"file": ("photo.jpg", data or photo_bytes(), content_type)})
    assert s3.status_code in (200, 204), s3.text

    def checked():
        got = call(api, "GET", f"/orders/{created['order_id']}/photos/{grant['upload_id']}",
                   order_token=created["order_token"]).json()
        return got if got["status"] != "pending" else None
    return wait_for(checked, timeout=60, what=f"photo {grant['upload_id']} checked")


def first_line(api, created: dict) -> dict:
    feedback = call(api, "GET", f"/orders/{created['order_id']}/feedback",
                    order_token=created["order_token"])
    assert feedback.status_code == 200, feedback.text
    return feedback.json()["lines"][0]
