"""Deoghar district's blocks, read from chalicelib/data/blocks.json (the one list: makers'
profiles, officials, reports; the storefront's and portal's copies are checked against it
by tests/unit/test_officials.py)."""
from __future__ import annotations

import json
from pathlib import Path

_DATA = json.loads((Path(__file__).parent / "data" / "blocks.json").read_text(encoding="utf-8"))

BLOCKS: tuple[str, ...] = tuple(b["id"] for b in _DATA["blocks"])
NAMES_HI: dict[str, str] = {b["id"]: b["hi"] for b in _DATA["blocks"]}


def canonical(name: str) -> str | None:
    """The block's id whatever the letter case, or None when it is not a block of Deoghar."""
    return next((b for b in BLOCKS if b.lower() == name.strip().lower()), None)
