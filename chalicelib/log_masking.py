"""Keeps shoppers' personal data out of the logs.

`MaskingFormatter` is the powertools JSON formatter with one step added: before
a record is serialised, every value under a personal key (phone, address, ...)
at any depth is replaced by `MASK`, and Indian mobile numbers, PIN codes and
e-mail addresses inside any other string (messages, free text, tracebacks) are
replaced too. `chalicelib.observability` registers it on the one shared logger,
so no log call can forget it.

powertools' own `DataMasking.erase` needs JSONPath field lists (the
`jsonpath-ng` extra) and does not look inside message strings, so the rules
live here.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Any

from aws_lambda_powertools.logging.formatter import LambdaPowertoolsFormatter

MASK = "*****"  # what powertools' DataMasking.erase writes, so both read alike

# Keys (compared lower-case, "-" read as "_") whose whole value is personal or secret.
PERSONAL_KEYS = frozenset({
    "phone", "phone_number", "mobile", "email", "email_address", "name", "full_name",
    "contact", "address", "addresses", "line1", "line2", "address_line1", "address_line2",
    "landmark", "pincode", "pin_code", "postal_code", "zip", "ship_to", "shipping_address",
    "billing_address", "recipient", "account_number", "ifsc", "upi", "vpa", "aadhaar", "pan",
    # not personal, but never to be logged either
    "password", "client_secret", "authorization", "id_token", "access_token", "refresh_token",
})

# Standard powertools keys: machine-made, and request ids must stay intact for correlation.
_STRUCTURAL_KEYS = frozenset({
    "level", "location", "timestamp", "service", "cold_start", "function_name",
    "function_memory_size", "function_arn", "function_request_id", "xray_trace_id",
    "correlation_id", "sampling_rate",
})

# +91 98765 43210, 09876543210, 98765-43210, 9876543210: 10 digits starting 6-9.
_MOBILE = re.compile(r"(?<![\w+])(?:\+?91[\s-]?|0)?[6-9]\d{4}[\s-]?\d{5}(?!\w)")
# 814112 or 814 112: a PIN code never starts with 0.
_PIN = re.compile(r"(?<![\w+])[1-9]\d{2}\s?\d{3}(?!\w)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def mask_text(text: str) -> str:
    """Personal numbers and addresses inside free text replaced by MASK."""
    for pattern in (_EMAIL, _MOBILE, _PIN):
        text = pattern.sub(MASK, text)
    return text


def _is_personal(key: Any) -> bool:
    return isinstance(key, str) and key.lower().replace("-", "_") in PERSONAL_KEYS


def mask(value: Any) -> Any:
    """A copy of `value` with personal data masked (dicts, lists, models, text)."""
    if isinstance(value, str):
        return mask_text(value)
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, dict):
        return {k: MASK if _is_personal(k) else mask(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [mask(v) for v in value]
    if hasattr(value, "model_dump"):  # pydantic models, e.g. a whole OrderIn
        return mask(value.model_dump(mode="json"))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return mask(dataclasses.asdict(value))
    return mask_text(str(value))  # what the JSON serialiser would have written


class MaskingFormatter(LambdaPowertoolsFormatter):
    """The powertools structured-log formatter, masking every record before output."""

    def serialize(self, log: dict) -> str:
        masked = {k: v if k in _STRUCTURAL_KEYS else MASK if _is_personal(k) else mask(v)
                  for k, v in log.items()}
        return super().serialize(masked)
