"""The order's mails on the running local stack, read back from moto's SES: who gets which
mail at each step, in the shopper's language first, with the order's facts (number, items,
amount, tracking); and a mail SES refuses is counted and logged, while the order goes on."""
from __future__ import annotations

import json

import boto3
import pytest

from infra.resources import resources
from tests.integration.mailbox import to, wait_mail
from tests.integration.shopping import (ADDRESS, CONTACT, call, pay, set_stock, status_of,
                                           vendor_product)
from tests.integration.waiting import wait_for

SHOPPER = CONTACT["email"]
MAKER = "maker-mails@example.in"


def rupees(paise: int) -> str:
    """₹ with Indian grouping, as the mails write amounts."""
    r, p = divmod(paise, 100)
    head, tail = str(r)[:-3], str(r)[-3:]
    groups = []
    while len(head) > 2:
        head, groups = head[:-2], [head[-2:], *groups]
    return "₹" + ",".join([g for g in [head, *groups] if g] + [tail]) + f".{p:02d}"


def test_rupees_helper_groups_like_india():
    assert (rupees(12345678900), rupees(99900), rupees(5)) == \
        ("₹12,34,56,789.00", "₹999.00", "₹0.05")


@pytest.fixture(scope="module")
def goods(api, vendor):
    """The demo maker, with an e-mail address for its mails, and a product in stock."""
    profile = call(api, "GET", "/vendor/profile", vendor["token"]).json()
    editable = {k: profile[k] for k in ("name", "story", "craft", "category", "block", "village",
                                        "is_shg", "since_year", "accepts_cod")}
    r = call(api, "PUT", f"/vendor/profile?version={profile['version']}", vendor["token"],
             json={**editable, "phone": "9876500000", "email": MAKER})
    assert r.status_code == 200, r.text
    product, variant = vendor_product(api, vendor["id"])
    set_stock(api, vendor, product, variant["id"], 20)
    return product, variant


def place(api, goods, method: str, language: str, quantity: int = 1) -> dict:
    product, variant = goods
    r = call(api, "POST", "/orders", json={
        "items": [{"product_id": product["id"], "variant_id": variant["id"],
                   "quantity": quantity}],
        "contact": CONTACT, "address": ADDRESS, "payment_method": method, "language": language})
    assert r.status_code == 201, r.text
    return r.json()


def item(goods, lang: str, quantity: int) -> str:
    product, variant = goods
    return f"{quantity} × {product['name'][lang]} — {variant['label'][lang]}"


def first(body: str, lead: str, then: str) -> None:
    assert lead in body and then in body and body.index(lead) < body.index(then), body


def booked(api, created, status: str) -> dict:
    return wait_for(lambda: (lambda o: o if o["status"] == status and all(
        p["tracking_number"] for p in o["parcels"]) else None)(status_of(api, created)),
        what=f"{status} and booked")


def test_a_card_order_in_english_mails_each_step(api, vendor, goods, stripe_client, stack):
    created = place(api, goods, "card", "en", quantity=2)
    oid = created["order_id"]
    assert pay(api, stripe_client, created).status_code == 200
    parcel = booked(api, created, "paid")["parcels"][0]

    paid = wait_mail(stack, SHOPPER, oid, "Payment received")
    assert paid["subject"] == f"Payment received for order {oid} / ऑर्डर {oid} का भुगतान मिल गया"
    first(paid["body"], "Hello Asha Kumari", "नमस्ते Asha Kumari")
    first(paid["body"], item(goods, "en", 2), item(goods, "hi", 2))
    assert f"We received {rupees(created['total_paise'])}" in paid["body"]

    new = wait_mail(stack, MAKER, parcel["id"], "नया ऑर्डर पैक करें")
    first(new["body"], item(goods, "hi", 2), item(goods, "en", 2))
    assert "Asha" not in new["body"]   # the address is in the portal, not in a mail

    r = call(api, "POST", f"/vendor/parcels/{parcel['id']}/packed", vendor["token"])
    assert r.status_code == 200, r.text
    shipped = wait_mail(stack, SHOPPER, oid, "A parcel of order")
    assert shipped["subject"].startswith(f"A parcel of order {oid} is on its way / ")
    assert f"Tracking number: {parcel['tracking_number']}." in shipped["body"]
    delivered = wait_mail(stack, SHOPPER, oid, f"A parcel of order {oid} was delivered")
    assert item(goods, "en", 2) in delivered["body"]
    wait_for(lambda: status_of(api, created)["status"] == "completed", what="completed")
    assert len(to(stack, SHOPPER, oid)) == 3 and len(to(stack, MAKER, parcel["id"])) == 1


def test_cash_on_delivery_in_hindi_confirmed_then_cancelled(api, goods, stack):
    created = place(api, goods, "cod", "hi")
    oid = created["order_id"]
    booked(api, created, "confirmed")
    confirmed = wait_mail(stack, SHOPPER, oid, f"ऑर्डर {oid} पक्का")
    assert confirmed["subject"].endswith(f" / Order {oid} confirmed (cash on delivery)")
    first(confirmed["body"], "नमस्ते", "Hello")
    first(confirmed["body"], f"डिलीवरी के समय {rupees(created['total_paise'])} तैयार रखें",
          f"Please keep {rupees(created['total_paise'])} ready at delivery")
    r = call(api, "POST", f"/orders/{oid}/cancel", order_token=created["order_token"],
             json={"reason": "गलती से दो बार ऑर्डर किया"})
    assert r.status_code == 200, r.text
    cancelled = wait_mail(stack, SHOPPER, oid, f"ऑर्डर {oid} रद्द हुआ")
    assert "कारण: गलती से दो बार ऑर्डर किया।" in cancelled["body"]   # the shopper's words
    assert not to(stack, SHOPPER, f"ऑर्डर {oid} की राशि वापस")   # nothing was paid


def test_a_paid_card_order_cancelled_in_hindi_mails_the_refund(api, goods, stripe_client, stack):
    created = place(api, goods, "card", "hi", quantity=3)
    oid = created["order_id"]
    assert pay(api, stripe_client, created).status_code == 200
    booked(api, created, "paid")
    r = call(api, "POST", f"/orders/{oid}/cancel", order_token=created["order_token"], json={})
    assert r.status_code == 200, r.text
    cancelled = wait_mail(stack, SHOPPER, oid, f"ऑर्डर {oid} रद्द हुआ")
    first(cancelled["body"], "कारण: आपने रद्द किया।", "Reason: cancelled by you.")
    refund = wait_mail(stack, SHOPPER, oid, f"ऑर्डर {oid} की राशि वापस")
    amount = rupees(created["total_paise"])
    first(refund["body"], f"{amount} आपके कार्ड पर लौटाए जा रहे हैं",
          f"{amount} is on its way back to your card")
    assert item(goods, "hi", 3) in refund["body"]


def log_lines(stack, start: int, *needles: str) -> list[str]:
    log = stack["_stack"].log_dir / "runner.log"
    text = log.read_bytes()[start:].decode(errors="replace")
    return [line for line in text.splitlines() if all(n in line for n in needles)]


def test_a_refused_mail_is_counted_and_logged_and_the_order_goes_on(api, goods, stack):
    """SES refuses every mail while the sender is not verified (on AWS: a sandbox, a lost
    domain verification): the order is confirmed and booked all the same, and the failure
    is a log line naming the order (not the shopper) and a NotificationsFailed metric."""
    ses = boto3.client("ses")
    sender = resources("local").sender_email
    log = stack["_stack"].log_dir / "runner.log"
    start = log.stat().st_size
    ses.delete_identity(Identity=sender)
    try:
        created = place(api, goods, "cod", "en")
        oid = created["order_id"]
        booked(api, created, "confirmed")
        def refused() -> list[str]:   # both mails (the maker's goes first), and their metric
            lines = log_lines(stack, start, '"mail not sent"', oid)
            emf = [json.loads(line) for line in log_lines(stack, start, '"NotificationsFailed"')]
            counted = {e.get("Audience") for e in emf if e.get("NotificationsFailed")}
            return lines if len(lines) >= 2 and {"shopper", "vendor"} <= counted else []
        lines = wait_for(refused, what="both refused mails logged and counted")
        entries = [json.loads(line) for line in lines]
        assert sorted((e["mail"], e["error"]) for e in entries) == \
            [("shopper:confirmed", "MessageRejected"), ("vendor:new_parcel", "MessageRejected")]
        assert not any(s in line for line in lines for s in (SHOPPER, MAKER, "Asha"))
    finally:
        ses.verify_email_identity(EmailAddress=sender)
    assert not to(stack, SHOPPER, oid)
