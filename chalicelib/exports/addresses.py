"""The address checks of an order, by country: India's PIN and state, a served country's
postal code pattern, state and calling code, the card's billing address.

Shapes and lengths are the request models' (chalicelib/orders/schemas.py); what depends on
the country is checked here, and every problem names its field (`address.postal_code`), as
the request models' own errors do, in one 400 `invalid_body`.
"""
from __future__ import annotations

from chalicelib.errors import InvalidInput
from chalicelib.exports import rules


def _fields(order) -> list[dict]:
    a, problems = order.address, []

    def bad(field: str, problem: str) -> None:
        problems.append({"field": field, "problem": problem})

    country = a.country.upper()
    a.country = country
    if country == "IN":
        if len(a.state) < 2:
            bad("address.state", "the state is required for an address in India")
        if a.postal_code:
            bad("address.postal_code", "an address in India has a 6-digit PIN code: "
                "send it as pincode")
    elif rules.country(country) is None:
        bad("address.country", rules.not_served_problem(country)["en"])
    else:
        if a.pincode:
            bad("address.pincode", "an address abroad has no Indian PIN code: send its "
                "postal code as postal_code")
        try:
            a.postal_code = rules.normal_postal_code(country, a.postal_code)
        except ValueError as exc:
            bad("address.postal_code", str(exc))
        if rules.state_required(country) and len(a.state) < 2:
            label = rules.country(country)["state"]["label"]["en"]
            bad("address.state", f"the {label.lower()} is required for an address in "
                f"{rules.country(country)['name']['en']}")
        try:
            rules.check_phone(country, order.contact.phone)
        except ValueError as exc:
            bad("contact.phone", str(exc))
    b = order.billing
    if b is not None:
        b.country = b.country.upper()
        if not b.country.isascii() or not b.country.isalpha():
            bad("billing.country", "a 2-letter ISO country code like US")
        elif rules.country(b.country) is not None:
            try:
                b.postal_code = rules.normal_postal_code(b.country, b.postal_code)
            except ValueError as exc:
                bad("billing.postal_code", str(exc))
    return problems


def check_order(order) -> None:
    """Normalise the order's addresses in place, or one 400 naming every bad field."""
    problems = _fields(order)
    if problems:
        raise InvalidInput("request body is invalid: " + ", ".join(p["field"] for p in problems),
                           code="invalid_body", details=problems)


def check_quote(country: str, postal_code: str | None) -> None:
    if postal_code and rules.country(country) is not None:
        try:
            rules.normal_postal_code(country, postal_code)
        except ValueError as exc:
            raise InvalidInput(str(exc), code="invalid_body",
                               details=[{"field": "postal_code", "problem": str(exc)}]) from None
