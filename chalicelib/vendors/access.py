"""Which vendor a caller may act for.

A vendor acts only for the vendor it owns; a facilitator only for the makers it
onboarded (named with `vendor_id`). Anything else is "not found", so ids of
other vendors reveal nothing.
"""
from __future__ import annotations

from chalicelib.auth.principal import Principal
from chalicelib.db.models import VendorItem
from chalicelib.errors import Forbidden, InvalidInput, NotFound
from chalicelib.vendors import repository as repo


def _not_found() -> NotFound:
    return NotFound("no such vendor", code="vendor_not_found")


def own_vendor_id(principal: Principal) -> str | None:
    owned = [m for m in repo.memberships(principal.sub) if m.role == "owner"]
    return owned[0].vendor_id if owned else None


def acting_vendor_id(principal: Principal, requested: str | None) -> str:
    if principal.is_facilitator:
        if not requested:
            raise InvalidInput("name the maker you act for with vendor_id", code="vendor_id_required")
        member = repo.membership(principal.sub, requested)
        if member is None or member.role != "facilitator":
            raise _not_found()
        return requested
    if "vendors" not in principal.groups:
        raise Forbidden("only vendors and facilitators may do this")
    own = own_vendor_id(principal)
    if own is None:
        raise NotFound("create your vendor profile first", code="profile_missing")
    if requested and requested != own:
        raise _not_found()
    return own


def acting_vendor(principal: Principal, requested: str | None) -> VendorItem:
    vendor = repo.get(acting_vendor_id(principal, requested))
    if vendor is None:
        raise _not_found()
    return vendor
