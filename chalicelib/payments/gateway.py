"""The payment gateways behind one interface: Stripe (international cards) and Razorpay
(UPI, RuPay and Indian cards, netbanking), each turned on per stage (PAYMENT_PROVIDERS).

The order flow never asks which gateway it has: it starts a payment (`begin`), learns the
verdict as a `payment` dict (from a verified webhook or the browser's verified return),
refunds (`refund`), and, when a verdict never came, asks the gateway (`find_paid`,
`abandon`). The gateway of an order is fixed when it is placed (`order.payment_provider`;
orders placed before there were two are Stripe's).

A `payment` is a plain dict (it passes through the idempotency layer, which stores JSON):
    provider            "stripe" | "razorpay"
    id                  the gateway's payment id (pi_…, pay_…): what a refund names
    status              "succeeded" | "failed" | "pending"
    amount              paise
    order_id            ours (o-…)
    provider_order_id   Razorpay's order (order_…); None for Stripe
    method              "card" | "upi" | "netbanking" | "wallet"
    reason              why it failed, when it did
Each gateway module is imported only when a stage uses it, so a stage without Razorpay
loads nothing of it (nor of `requests`).
"""
from __future__ import annotations

from chalicelib import config
from chalicelib.errors import DomainError, Unprocessable


class PaymentUnavailable(DomainError):
    status = 503
    code = "payment_unavailable"


class CardDeclined(DomainError):
    status = 402
    code = "card_declined"


# What the shopper chooses at checkout, in the order the checkout offers it, and who takes it.
METHODS = ("upi", "card", "cod")
PAID_BY = ("upi", "card", "netbanking", "wallet", "cod")


def providers() -> tuple[str, ...]:
    return config.settings().payment_providers


def provider_for(method: str) -> str | None:
    """The gateway that takes this checkout choice on this stage (None: cash on delivery).
    UPI is Razorpay's; a card is Stripe's where Stripe is on, else Razorpay's."""
    on = providers()
    if method == "cod":
        return None
    if method == "upi" and "razorpay" in on:
        return "razorpay"
    if method == "card":
        return "stripe" if "stripe" in on else "razorpay"
    raise Unprocessable(f"this shop does not take {method} payments",
                        code="payment_method_unavailable")


def options(cod_available: bool) -> list[dict]:
    """The checkout's choices, in the order it shows them: UPI first where Razorpay is on."""
    out = []
    if "razorpay" in providers():
        out.append({"method": "upi", "provider": "razorpay"})
    out.append({"method": "card", "provider": provider_for("card")})
    if cod_available:
        out.append({"method": "cod", "provider": None})
    return out


def _module(provider: str | None):
    if provider == "razorpay":
        from chalicelib.payments import razorpay_gateway
        return razorpay_gateway
    from chalicelib.payments import stripe_gateway
    return stripe_gateway


def provider_of(order) -> str | None:
    if order.payment_method == "cod":
        return None
    return order.payment_provider or "stripe"


def method_of(payment: dict) -> str:
    """How a gateway's payment was made, as counted: one of PAID_BY (a card when unsaid)."""
    return payment.get("method") if payment.get("method") in PAID_BY else "card"


def paid_with(order) -> tuple[str, str]:
    """(gateway, method) an order is counted under (STAT#PAY, the ledger's `paid_by`):
    ("cod", "cod") for cash on delivery."""
    if order.payment_method == "cod":
        return "cod", "cod"
    return provider_of(order), order.paid_by or "card"


def begin(order) -> dict:
    """What the browser needs to pay a new order; Razorpay's order is created here (once:
    its receipt is our order id)."""
    provider = provider_of(order)
    if provider is None:
        return {"method": "cod"}
    return _module(provider).begin(order)


def browser_payment(order) -> dict | None:
    """The same, for an order still waiting for its payment (the shopper came back)."""
    provider = provider_of(order)
    if provider is None or order.status != "pending_payment":
        return None
    return _module(provider).browser_payment(order)


def refund(order, amount_paise: int, key: str) -> str:
    """Refund (part of) the order's payment once: the key makes a retry a no-op at the
    gateway (Stripe's Idempotency-Key, Razorpay's X-Refund-Idempotency)."""
    return _module(provider_of(order)).refund(order.payment_intent_id, amount_paise, key)


def find_paid(order) -> dict | None:
    """Ask the gateway whether the order was paid after all: the payment, or None."""
    provider = provider_of(order)
    return None if provider is None else _module(provider).find_paid(order)


def abandon(order) -> dict | None:
    """The order will not be paid (its window closed): stop what can be stopped, and
    return a payment that went through all the same (to be refunded), if any."""
    provider = provider_of(order)
    return None if provider is None else _module(provider).abandon(order)
