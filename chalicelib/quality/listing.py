"""One page of an index Query, with a signed cursor (no Scan anywhere in quality)."""
from __future__ import annotations

from chalicelib import config, pagination


def page(index, hash_key: str, limit: int, cursor: str | None, *, newest_first: bool = True,
         kind: str, **scope) -> tuple[list, str | None]:
    secret = config.settings().cursor_secret
    where = pagination.scope_of(kind=kind, key=hash_key, limit=limit, **scope)
    start = pagination.position(cursor, where, secret)
    result = index.query(hash_key, scan_index_forward=not newest_first, limit=limit,
                         page_size=limit, last_evaluated_key=start)
    items = list(result)
    last = result.last_evaluated_key
    return items, pagination.encode({"k": last}, where, secret) if last else None
