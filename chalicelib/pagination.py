"""Opaque, tamper-proof list cursors.

A cursor carries either DynamoDB's LastEvaluatedKey or an offset, plus a scope:
a digest of the query it belongs to, so a cursor from one listing cannot be
replayed against another. It is signed so that a client cannot hand DynamoDB a
start key of its own choosing.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from chalicelib.errors import InvalidInput

_SIG_LEN = 12


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def scope_of(**query: Any) -> str:
    raw = json.dumps(query, sort_keys=True, default=str).encode()
    return hashlib.sha256(raw).hexdigest()[:16]


def encode(payload: dict, scope: str, secret: str) -> str:
    body = json.dumps({"s": scope, "p": payload}, separators=(",", ":"), sort_keys=True).encode()
    sig = hmac.new(secret.encode(), body, hashlib.sha256).digest()[:_SIG_LEN]
    return _b64(sig + body)


def decode(cursor: str, scope: str, secret: str) -> dict:
    bad = InvalidInput("cursor is not valid for this listing; start again without it",
                       code="invalid_cursor")
    if not cursor or len(cursor) > 2048:
        raise bad
    try:
        raw = _unb64(cursor)
    except (ValueError, TypeError):
        raise bad from None
    sig, body = raw[:_SIG_LEN], raw[_SIG_LEN:]
    expected = hmac.new(secret.encode(), body, hashlib.sha256).digest()[:_SIG_LEN]
    if not hmac.compare_digest(sig, expected):
        raise bad
    try:
        data = json.loads(body)
    except ValueError:
        raise bad from None
    if not isinstance(data, dict) or data.get("s") != scope or not isinstance(data.get("p"), dict):
        raise bad
    return data["p"]


def position(cursor: str | None, scope: str, secret: str, field: str = "k", kind: type = dict):
    """Where a listing goes on from: a DynamoDB start key ("k") or an offset ("o");
    None without a cursor."""
    if not cursor:
        return None
    value = decode(cursor, scope, secret).get(field)
    if not isinstance(value, kind) or (kind is int and value < 0):
        raise InvalidInput("cursor is not valid for this listing; start again without it",
                           code="invalid_cursor")
    return value
