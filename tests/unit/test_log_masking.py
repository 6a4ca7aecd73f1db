"""Shoppers' personal data never reaches the log output: the real logger, its real
formatter and handler, output captured where it is written."""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from chalicelib.log_masking import MASK, MaskingFormatter, mask_text
from chalicelib.observability import logger

ROOT = Path(__file__).resolve().parents[2]
PHONE_DIGITS = "9876543210"
CONTACT = {"name": "Sunita Devi", "phone": "+91 98765 43210", "email": "sunita.devi@example.in"}
ADDRESS = {"line1": "House 12, Shivganga Lane", "line2": "Near Baba Mandir Gate 3",
           "city": "Deoghar", "state": "Jharkhand", "pincode": "814112", "country": "IN"}
SECRETS = ("Sunita", "Shivganga", "Baba Mandir", "814112", "814 112", "sunita.devi@example.in",
           "98765 43210", "98765-43210", PHONE_DIGITS)


@pytest.fixture
def log_output():
    """Everything the shared logger writes, through the handler it writes with (from a clean
    state: an order id an earlier test left appended could look like a phone number)."""
    logger.clear_state()
    handler = logger.registered_handler
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    try:
        yield buffer
    finally:
        handler.setStream(previous)


def records(buffer: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]


def assert_clean(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret
    assert not re.search(r"(?<!\d)[6-9]\d{9}(?!\d)", text)


def test_the_shared_logger_masks_with_the_registered_formatter():
    assert isinstance(logger.registered_handler.formatter, MaskingFormatter)


def test_contact_and_address_dicts_are_masked_order_id_kept(log_output):
    logger.info("order placed", extra={"order_id": "o-20260714-ab12", "total_paise": 125000,
                                       "contact": CONTACT, "address": ADDRESS})
    logger.info("ship to", extra={"order_id": "o-20260714-ab12",
                                  "parcel": {"ship_to": ADDRESS, "lines": [{"sku": "peda-500g"}]},
                                  "contacts": [CONTACT], "shopper": dict(CONTACT)})
    logger.info({"order_id": "o-20260714-ab12", "address": ADDRESS, **ADDRESS})
    out = log_output.getvalue()
    assert_clean(out)
    first, second, third = records(log_output)
    assert first["order_id"] == "o-20260714-ab12" and first["total_paise"] == 125000
    assert first["contact"] == MASK and first["address"] == MASK
    assert second["parcel"]["ship_to"] == MASK and second["parcel"]["lines"] == [{"sku": "peda-500g"}]
    assert second["shopper"] == {"name": MASK, "phone": MASK, "email": MASK}
    assert third["message"]["order_id"] == "o-20260714-ab12"
    assert third["message"]["city"] == "Deoghar"  # a town alone identifies no one


def test_phone_numbers_pin_codes_and_emails_inside_messages_are_masked(log_output):
    logger.warning("shopper rang from +91 98765 43210 about o-20260714-ab12; PIN 814112")
    logger.warning("call back on 09876543210 or 98765-43210 or %s, mail sunita.devi@example.in",
                   PHONE_DIGITS)
    logger.info("cancelled", extra={"order_id": "o-20260714-ab12",
                                    "reason": f"wrong address, my number is {PHONE_DIGITS}"})
    out = log_output.getvalue()
    assert_clean(out)
    first, second, third = records(log_output)
    assert first["message"] == f"shopper rang from {MASK} about o-20260714-ab12; PIN {MASK}"
    assert "call back on" in second["message"]
    assert third["reason"] == f"wrong address, my number is {MASK}"


def test_exception_tracebacks_and_models_are_masked(log_output):
    from chalicelib.orders.schemas import OrderIn
    order = OrderIn.model_validate({"items": [{"product_id": "peda", "variant_id": "v1", "quantity": 1}],
                                    "contact": CONTACT, "address": ADDRESS,
                                    "payment_method": "cod"})
    try:
        raise ValueError(f"courier refused {ADDRESS['pincode']} for {CONTACT['phone']}")
    except ValueError:
        logger.exception("booking failed", extra={"order_id": "o-1", "order": order})
    out = log_output.getvalue()
    assert_clean(out)
    (rec,) = records(log_output)
    assert rec["order_id"] == "o-1" and rec["exception_name"] == "ValueError"
    assert rec["order"]["contact"] == MASK and rec["order"]["payment_method"] == "cod"


@pytest.mark.parametrize("text", [
    "2026-07-14 10:00:00,123+0000", "o-20260714-ab12", "parcel o-20260714-ab12-p2",
    "upload 3f2a9c81d4e5b6a7123456abcdef0011", "stock 12 of 40", "amount 1250.50",
    "request c6af9ac6-7b61-11e6-9a41-93e812345678"])
def test_ids_timestamps_and_small_numbers_survive(text):
    assert mask_text(text) == text


def test_no_module_creates_its_own_logger_or_prints():
    """One logger, registered once: a second Logger or a print() would skip the masking."""
    offenders = []
    for path in [ROOT / "app.py", *sorted((ROOT / "chalicelib").rglob("*.py"))]:
        text = path.read_text()
        if path.name != "observability.py" and re.search(r"\bLogger\(|logging\.getLogger\(", text):
            offenders.append(f"{path.name}: own logger")
        if re.search(r"^\s*print\(", text, re.M):
            offenders.append(f"{path.name}: print")
    assert offenders == []
