"""The account behind the Razorpay stand-in (infra/local/razorpay_server.py): orders,
payments and refunds in memory, with Razorpay's rules between them and its objects' shapes,
and the test data that decides how a payment made in Checkout ends.

An order moves created -> attempted (a payment was tried) -> paid (a payment captured).
A payment moves created -> authorized -> captured (at once, unless the order was created with
payment_capture=0: then by POST /v1/payments/{id}/capture), or created -> failed; a UPI
payment with pending@razorpay stays created until the buyer's "UPI app" answers
(`authorize` or `fail`). A payment authorized after another captured the order stays
authorized (as on Razorpay, where the merchant refunds or lets it lapse).
Each change emits its webhook event (razorpay_webhooks.py).
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import string
import time

from infra.local.razorpay_webhooks import Webhooks

UPI_TEST_IDS = {"success@razorpay": "success", "failure@razorpay": "failure",
                "pending@razorpay": "pending"}
TEST_CARDS = {"4111111111111111": "success", "4000000000000002": "failure"}
FAILURES = {  # method -> (description, source) of a failed payment
    "upi": ("The payment failed: the buyer's bank declined the UPI request.", "bank"),
    "card": ("Your payment has been declined by the bank.", "bank"),
    "netbanking": ("The payment failed at the bank.", "bank"),
}
DECLINED = ("The buyer declined the request in the UPI app.", "customer")
ORDER_FIELDS = {"amount", "currency", "receipt", "notes", "payment_capture", "partial_payment"}
REFUND_FIELDS = {"amount", "speed", "notes", "receipt"}
NOT_FOUND = "The id provided does not exist"


def new_id(prefix: str) -> str:
    alphabet = string.ascii_letters + string.digits
    return prefix + "".join(secrets.choice(alphabet) for _ in range(14))


class Refused(Exception):
    """A request Razorpay answers with 400 BAD_REQUEST_ERROR."""

    def __init__(self, description: str, *, reason: str = "input_validation_failed",
                 field: str | None = None, source: str = "business",
                 step: str = "payment_initiation") -> None:
        super().__init__(description)
        self.error = {"code": "BAD_REQUEST_ERROR", "description": description, "source": source,
                      "step": step, "reason": reason, "metadata": {}}
        if field:
            self.error["field"] = field


def check_notes(notes) -> dict:
    if notes is None:
        return {}
    if not isinstance(notes, dict):
        raise Refused("The notes should be an object of key-value pairs", field="notes")
    if len(notes) > 15:
        raise Refused("Number of notes fields should not be more than 15", field="notes")
    if any(len(str(v)) > 256 for v in notes.values()):
        raise Refused("The notes value may not be greater than 256 characters", field="notes")
    return dict(notes)


def check_fields(body: dict, allowed: set[str]) -> None:
    extra = sorted(set(body) - allowed)
    if extra:
        raise Refused(f"{', '.join(extra)} is/are not required and should not be sent",
                      reason="extra_fields_provided")


def amount_of(value, minimum: int = 100) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Refused("The amount must be an integer.", field="amount")
    if value < minimum:
        raise Refused(f"The amount must be atleast INR {minimum / 100:.2f}", field="amount")
    return value


class Razorpay:
    """The account's state: orders, payments and refunds, and the rules between them."""

    def __init__(self, key_id: str, key_secret: str) -> None:
        self.key_id, self.key_secret = key_id, key_secret
        self.orders: dict[str, dict] = {}
        self.payments: dict[str, dict] = {}
        self.refunds: dict[str, dict] = {}
        self.idempotency: dict[str, tuple[object, str]] = {}  # key -> (request, refund id)
        self.manual_capture: set[str] = set()   # orders created with payment_capture=0
        self.webhooks = Webhooks(new_id("acc_"), new_id)

    def find(self, table: dict, entity_id) -> dict:
        if entity_id not in table:
            raise Refused(NOT_FOUND, reason="NA", source="NA", step="NA")
        return table[entity_id]

    def create_order(self, body: dict) -> dict:
        check_fields(body, ORDER_FIELDS)
        amount = amount_of(body.get("amount"))
        if body.get("currency") is None:
            raise Refused("The currency field is required.", field="currency")
        if body["currency"] != "INR":
            raise Refused("Currency is not supported (the stand-in knows INR only)",
                          field="currency")
        receipt = body.get("receipt")
        if receipt is not None and (not isinstance(receipt, str) or len(receipt) > 40):
            raise Refused("The receipt may not be greater than 40 characters.", field="receipt")
        order = {"id": new_id("order_"), "entity": "order", "amount": amount, "amount_paid": 0,
                 "amount_due": amount, "currency": "INR", "receipt": receipt, "offer_id": None,
                 "status": "created", "attempts": 0, "notes": check_notes(body.get("notes")),
                 "created_at": int(time.time())}
        self.orders[order["id"]] = order
        if body.get("payment_capture") in (0, False, "0"):
            self.manual_capture.add(order["id"])
        return order

    # -- payments ------------------------------------------------------------
    def pay(self, body: dict, method: str, outcome: str, details: dict) -> dict:
        """A payment for an order, as Checkout makes it; its outcome decided by the test data."""
        order = self.find(self.orders, body.get("order_id"))
        if order["status"] == "paid":
            raise Refused("This order has already been paid", reason="order_already_paid")
        payment = {"id": new_id("pay_"), "entity": "payment", "amount": order["amount"],
                   "currency": order["currency"], "status": "created", "order_id": order["id"],
                   "invoice_id": None, "international": False, "method": method,
                   "amount_refunded": 0, "refund_status": None, "captured": False,
                   "description": body.get("description"), "card_id": None,
                   "card": details.get("card"), "bank": details.get("bank"), "wallet": None,
                   "vpa": details.get("vpa"), "email": body.get("email"),
                   "contact": body.get("contact"), "notes": check_notes(body.get("notes")),
                   "fee": None, "tax": None, "error_code": None, "error_description": None,
                   "error_source": None, "error_step": None, "error_reason": None,
                   "created_at": int(time.time())}
        self.payments[payment["id"]] = payment
        order["attempts"] += 1
        order["status"] = "attempted"
        if outcome == "success":
            self.authorize(payment)
        elif outcome == "failure":
            self.fail(payment, *FAILURES[method])
        return payment

    def waiting(self, payment_id: str) -> dict:
        payment = self.find(self.payments, payment_id)
        if payment["status"] != "created":
            raise Refused(f"The payment is {payment['status']}, not waiting for approval",
                          reason="payment_not_waiting")
        return payment

    def authorize(self, payment: dict) -> None:
        payment["status"] = "authorized"
        self.webhooks.emit("payment.authorized", payment)
        order = self.orders[payment["order_id"]]
        if order["id"] not in self.manual_capture and order["status"] != "paid":
            self.capture(payment, payment["amount"])

    def capture(self, payment: dict, amount) -> dict:
        if payment["status"] != "authorized":
            raise Refused("This payment has already been captured" if payment["captured"] else
                          "Only payments which have been authorized and not yet captured "
                          "can be captured", reason="payment_not_authorized")
        if amount_of(amount, minimum=1) != payment["amount"]:
            raise Refused("Capture amount must be equal to the amount authorized",
                          field="amount")
        order = self.orders[payment["order_id"]]
        first = order["status"] != "paid"
        payment.update(status="captured", captured=True)
        order["amount_paid"] += amount
        order.update(amount_due=max(0, order["amount"] - order["amount_paid"]), status="paid")
        self.webhooks.emit("payment.captured", payment)
        if first:
            self.webhooks.emit("order.paid", payment, order)
        return payment

    def fail(self, payment: dict, description: str, source: str) -> None:
        payment.update(status="failed", error_code="BAD_REQUEST_ERROR",
                       error_description=description, error_source=source,
                       error_step="payment_authorization", error_reason="payment_failed")
        self.webhooks.emit("payment.failed", payment)

    def signature(self, payment: dict) -> str:
        message = f"{payment['order_id']}|{payment['id']}".encode()
        return hmac.new(self.key_secret.encode(), message, hashlib.sha256).hexdigest()

    def outcome(self, payment: dict) -> dict:
        """What Checkout hands the page: the handler's three fields, payment.failed's
        error, or (a UPI request still waiting) a pending mark."""
        ids = {"razorpay_payment_id": payment["id"], "razorpay_order_id": payment["order_id"]}
        if payment["status"] == "created":
            return {"status": "pending", **ids}
        if payment["status"] == "failed":
            return {"error": {"code": payment["error_code"],
                              "description": payment["error_description"],
                              "source": payment["error_source"], "step": payment["error_step"],
                              "reason": payment["error_reason"],
                              "metadata": {"payment_id": payment["id"],
                                           "order_id": payment["order_id"]}}}
        return {**ids, "razorpay_signature": self.signature(payment)}

    # -- refunds -------------------------------------------------------------
    def refund(self, payment: dict, body: dict, key: str | None) -> dict:
        request = (payment["id"], body)
        if key is not None:
            if not re.fullmatch(r"[A-Za-z0-9_-]{10,}", key):
                raise Refused("The idempotency key must be at least 10 characters: letters, "
                              "digits, hyphens and underscores only")
            if key in self.idempotency:
                seen, refund_id = self.idempotency[key]
                if seen != request:
                    raise Refused("Different request with the same idempotency key has "
                                  "already been processed.", reason="NA", source="NA", step="NA")
                return self.refunds[refund_id]
        check_fields(body, REFUND_FIELDS)
        if payment["status"] not in ("captured", "refunded"):
            raise Refused("Only captured payments can be refunded", reason="payment_not_captured")
        left = payment["amount"] - payment["amount_refunded"]
        if left == 0:
            raise Refused("The payment has been fully refunded already",
                          reason="payment_fully_refunded")
        amount = left if body.get("amount") is None else amount_of(body["amount"], minimum=1)
        if amount > left:
            raise Refused("The total refund amount is greater than the refund payment amount",
                          field="amount")
        refund = {"id": new_id("rfnd_"), "entity": "refund", "amount": amount,
                  "currency": payment["currency"], "payment_id": payment["id"],
                  "receipt": body.get("receipt"), "notes": check_notes(body.get("notes")),
                  "acquirer_data": {"arn": None}, "status": "processed",
                  "speed_requested": body.get("speed", "normal"), "speed_processed": "normal",
                  "batch_id": None, "created_at": int(time.time())}
        self.refunds[refund["id"]] = refund
        payment["amount_refunded"] += amount
        full = payment["amount_refunded"] == payment["amount"]
        payment.update(refund_status="full" if full else "partial",
                       status="refunded" if full else payment["status"])
        if key is not None:
            self.idempotency[key] = (request, refund["id"])
        self.webhooks.emit("refund.processed", refund, payment)
        return refund


def checkout_choice(body: dict) -> tuple[str, str, dict]:
    """(method, outcome, details) of what the buyer entered, by the test data."""
    method = body.get("method")
    if method == "upi":
        vpa = str(body.get("vpa") or "").strip().lower()
        if vpa not in UPI_TEST_IDS:
            raise Refused("Invalid VPA. In test mode use success@razorpay, failure@razorpay "
                          "or pending@razorpay.", field="vpa")
        return method, UPI_TEST_IDS[vpa], {"vpa": vpa}
    if method == "card":
        number = re.sub(r"[\s-]", "", str(body.get("card_number") or ""))
        if number not in TEST_CARDS:
            raise Refused("Invalid card number. In test mode use 4111 1111 1111 1111 "
                          "(success) or 4000 0000 0000 0002 (failure).", field="card_number")
        return method, TEST_CARDS[number], {"card": {"last4": number[-4:], "network": "Visa"}}
    if method == "netbanking":
        bank = str(body.get("bank") or "").upper()
        if not re.fullmatch(r"[A-Z]{4}", bank):
            raise Refused("Choose a bank.", field="bank")
        return method, "success", {"bank": bank}
    raise Refused("The payment method should be upi, card or netbanking", field="method")


def entry_for(method: str, outcome: str) -> dict:
    """What a buyer would enter in Checkout to pay by `method` with this `outcome`."""
    card = next((n for n, o in TEST_CARDS.items() if o == outcome), "")
    return {"upi": {"vpa": f"{outcome}@razorpay"}, "card": {"card_number": card},
            "netbanking": {"bank": "SBIN" if outcome == "success" else ""}}.get(method, {})
