"""How times are stored: UTC, ISO 8601 with microseconds and a Z, so they sort as text
(status and day index keys are built from them)."""
from __future__ import annotations

from datetime import datetime, timezone


def stamp(at: datetime | None = None) -> str:
    """`at` (default: now) as stored; an aware time is converted to UTC first."""
    at = at or datetime.now(timezone.utc)
    if at.tzinfo is not None:
        at = at.astimezone(timezone.utc)
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
