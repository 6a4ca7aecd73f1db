"""Vendor profiles: a maker's own, those a facilitator onboards, and the admin's review."""
from __future__ import annotations

import re
import secrets
import unicodedata

from chalicelib import config, pagination
from chalicelib.auth.principal import Principal
from chalicelib.catalog import indexing
from chalicelib.catalog import repository as catalog_repo
from chalicelib.db.models import TextAttribute, VendorItem
from chalicelib.errors import Conflict, InvalidInput, NotFound
from chalicelib.exports import profile as export_profile
from chalicelib.observability import logger
from chalicelib.vendors import access, banking
from chalicelib.vendors import repository as repo
from chalicelib.vendors.schemas import ConsentIn, VendorProfileIn, mask

# What products carry of their maker: a change is copied onto every product of theirs.
PUBLIC_FIELDS = ("name", "story", "craft", "category", "block", "village", "is_shg", "accepts_cod",
                 "gst_status")


TAX_FIELDS = frozenset({"gst_status", "gstin", "enrolment_number", "pan", "individual"})


def _text(t) -> TextAttribute:
    return TextAttribute(en=t.en, hi=t.hi)


def new_vendor_id(name_en: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name_en).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40] or "maker"
    return f"v-{slug}-{secrets.token_hex(2)}"


def view(v: VendorItem) -> dict:
    return {
        "id": v.id, "status": v.status, "review_reason": v.review_reason,
        "name": {"en": v.name.en, "hi": v.name.hi}, "story": {"en": v.story.en, "hi": v.story.hi},
        "craft": {"en": v.craft.en, "hi": v.craft.hi}, "category": v.category, "block": v.block,
        "village": {"en": v.village.en, "hi": v.village.hi}, "phone": v.phone, "email": v.email,
        "is_shg": bool(v.is_shg), "accepts_cod": v.accepts_cod is not False, "jslps_id": v.jslps_id,
        "gst_status": v.gst_status, "gstin": v.gstin, "enrolment_number": v.enrolment_number,
        "pan": v.pan, "individual": bool(v.individual), "udyam": v.udyam,
        "bank": _masked_bank(v.bank), "bank_change": _masked_bank(v.bank_change),
        "since_year": int(v.since_year) if v.since_year is not None else None,
        "managed_by_facilitator": bool(v.managed_by), "own_account": bool(v.owner_sub),
        "consent": v.consent.as_dict() if v.consent is not None else None,
        "version": int(v.version or 0), "created_at": v.created_at, "updated_at": v.updated_at,
        "export": export_profile.view(v),
    }


def _masked_bank(bank) -> dict | None:
    """A bank account as anyone but the bank file sees it: the last 4 digits."""
    if bank is None:
        return None
    b = bank.as_dict() if hasattr(bank, "as_dict") else dict(bank)
    out = {"account_last4": mask(b["account_number"]), "ifsc": b["ifsc"],
           "holder_name": b["holder_name"]}
    if b.get("requested_at"):
        out["requested_at"] = b["requested_at"]
    return out


def _check_category(slug: str) -> None:
    if catalog_repo.get_category(slug) is None:
        raise InvalidInput(f"unknown category '{slug}'", code="unknown_category")


def _apply(v: VendorItem, data: VendorProfileIn) -> bool:
    """Copy the request onto the item; say whether anything shoppers see changed."""
    before = {f: _public_value(v, f) for f in PUBLIC_FIELDS}
    v.name, v.story, v.craft = _text(data.name), _text(data.story), _text(data.craft)
    v.village = _text(data.village)
    v.category, v.block, v.is_shg = data.category, data.block, data.is_shg
    v.accepts_cod = data.accepts_cod
    v.jslps_id, v.udyam = data.jslps_id, data.udyam
    if TAX_FIELDS & data.model_fields_set:
        # the tax part is replaced as a whole when any of it is sent; a client that sends
        # none of it (an older one, a script) keeps what the maker declared
        v.gst_status, v.gstin = data.gst_status, data.gstin
        v.enrolment_number, v.pan, v.individual = data.enrolment_number, data.pan, data.individual
    v.phone, v.email, v.since_year = data.phone, str(data.email), data.since_year
    v.updated_at = repo.now()
    return before != {f: _public_value(v, f) for f in PUBLIC_FIELDS}


def _public_value(v: VendorItem, field: str):
    value = getattr(v, field, None)
    return (value.en, value.hi) if isinstance(value, TextAttribute) else value


def get_profile(principal: Principal, vendor_id: str | None) -> dict:
    return view(access.acting_vendor(principal, vendor_id))


def put_profile(principal: Principal, vendor_id: str | None, data: VendorProfileIn,
                version: int | None) -> dict:
    _check_category(data.category)
    if not principal.is_facilitator and access.own_vendor_id(principal) is None:
        if vendor_id:
            raise NotFound("no such vendor", code="vendor_not_found")
        return view(_create(principal, data, "owner", owner_sub=principal.sub))
    v = access.acting_vendor(principal, vendor_id)
    if version is not None and version != int(v.version or 0):
        raise Conflict("the profile was changed by someone else; reload and try again",
                       code="version_conflict")
    public_changed = _apply(v, data)
    if banking.propose(v, data.bank, principal):
        repo.save_with_audit(v, banking.audit(v, "bank_change_request", principal))
        banking.announce(v)
    else:
        repo.save(v)
    if public_changed:
        indexing.refresh_vendor_products(v)
    return view(v)


def onboard(principal: Principal, data: VendorProfileIn, consent: ConsentIn) -> dict:
    """A facilitator lists a maker who cannot do it alone, with the maker's consent. A
    facilitator the office has tied to a block onboards makers of that block."""
    from chalicelib.auth import officials
    _check_category(data.category)
    block = officials.block_of(principal)
    if block and data.block != block:
        raise InvalidInput(f"you onboard makers of {block} block; another block's makers are "
                           "onboarded by its own facilitator", code="block_not_yours")
    recorded = {**consent.model_dump(mode="json"), "recorded_by": principal.sub,
                "recorded_at": repo.now()}
    return view(_create(principal, data, "facilitator", managed_by=principal.sub,
                        consent=recorded))


def _create(principal: Principal, data: VendorProfileIn, role: str, **fields) -> VendorItem:
    """A new maker, pending review, with the creator's membership (one transaction)."""
    vendor_id = new_vendor_id(data.name.en)
    v = VendorItem(*repo.vendor_key(vendor_id), id=vendor_id, status="pending",
                   created_at=repo.now(), **fields)
    _apply(v, data)
    if data.bank is not None:   # a new maker's first account is reviewed with the profile
        v.bank = data.bank.model_dump()
    repo.create(v, principal.sub, role)
    logger.info("vendor created", extra={"vendor_id": v.id, "by": role})
    return v


def managed(principal: Principal) -> dict:
    ids = [m.vendor_id for m in repo.memberships(principal.sub)]
    items = [view(v) for v in (repo.get(i) for i in ids) if v is not None]
    return {"items": items, "next_cursor": None}


# --- administrators -------------------------------------------------------------

def _secret() -> str:
    return config.settings().cursor_secret


def admin_list(status: str, limit: int, cursor: str | None) -> dict:
    scope = pagination.scope_of(kind="admin-vendors", status=status, limit=limit)
    start = pagination.position(cursor, scope, _secret())
    items, last = repo.by_status_page(f"VENDOR#{status}", VendorItem, limit, start)
    return {"items": [view(v) for v in items],
            "next_cursor": pagination.encode({"k": last}, scope, _secret()) if last else None}


def decide(principal: Principal, vendor_id: str, approve: bool, reason: str | None) -> dict:
    v = repo.get(vendor_id)
    if v is None:
        raise NotFound("no such vendor", code="vendor_not_found")
    target = "approved" if approve else "rejected"
    if v.status == target:
        raise Conflict(f"the vendor is already {target}", code="already_decided")
    v.status = target
    v.review_reason = None if approve else reason
    v.updated_at = repo.now()
    audit = repo.audit_entry("vendor", v.id, "approve" if approve else "reject",
                             principal.sub, principal.username, reason)
    repo.save_with_audit(v, audit)
    touched = indexing.refresh_vendor_products(v)
    logger.info("vendor decision", extra={"vendor_id": v.id, "status": target,
                                          "products": touched})
    return view(v)


def audit_list(kind: str | None, entity_id: str | None, limit: int, cursor: str | None) -> dict:
    from chalicelib.db.models import AuditItem
    if entity_id and not kind:
        raise InvalidInput("give kind together with entity_id", code="kind_required")
    scope = pagination.scope_of(kind="audit", k=kind, e=entity_id, limit=limit)
    start = pagination.position(cursor, scope, _secret())
    if entity_id:
        items, last = repo.audit_of(kind, entity_id, limit, start)
    else:
        items, last = repo.by_status_page("AUDIT", AuditItem, limit, start, newest_first=True)
        if kind:
            items = [a for a in items if a.kind == kind]
    return {"items": [{"kind": a.kind, "entity_id": a.entity_id, "action": a.action,
                       "reason": a.reason, "actor_sub": a.actor_sub, "actor_name": a.actor_name,
                       "at": a.at} for a in items],
            "next_cursor": pagination.encode({"k": last}, scope, _secret()) if last else None}
