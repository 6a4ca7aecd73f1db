"""Vendor storage: profiles, who may act for whom (membership), and the audit trail."""
from __future__ import annotations

import secrets

from pynamodb.exceptions import PutError, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.db.models import AuditItem, MemberItem, VendorItem, bind
from chalicelib.db.conditions import conditional_failed
from chalicelib.db.times import stamp
from chalicelib.errors import Conflict


def now() -> str:
    return stamp()


def vendor_key(vendor_id: str) -> tuple[str, str]:
    return f"VENDOR#{vendor_id}", "PROFILE"


def member_key(sub: str, vendor_id: str) -> tuple[str, str]:
    return f"MEMBER#{sub}", f"VENDOR#{vendor_id}"


def get(vendor_id: str) -> VendorItem | None:
    bind()
    try:
        return VendorItem.get(*vendor_key(vendor_id))
    except VendorItem.DoesNotExist:
        return None


def memberships(sub: str) -> list[MemberItem]:
    bind()
    return list(MemberItem.query(f"MEMBER#{sub}"))


def membership(sub: str, vendor_id: str) -> MemberItem | None:
    bind()
    try:
        return MemberItem.get(*member_key(sub, vendor_id))
    except MemberItem.DoesNotExist:
        return None


def set_status_keys(vendor: VendorItem) -> None:
    vendor.status_pk = f"VENDOR#{vendor.status}"
    vendor.status_sk = f"{vendor.updated_at}#{vendor.id}"


def create(vendor: VendorItem, member_sub: str, role: str) -> None:
    """The vendor and the creator's membership, together or not at all."""
    bind()
    set_status_keys(vendor)
    member = MemberItem(*member_key(member_sub, vendor.id), role=role, vendor_id=vendor.id,
                        created_at=vendor.created_at)
    try:
        with TransactWrite(connection=VendorItem._get_connection().connection) as tx:
            tx.save(vendor, condition=VendorItem.pk.does_not_exist())
            tx.save(member, condition=MemberItem.pk.does_not_exist())
    except TransactWriteError:
        raise Conflict("this maker already exists", code="vendor_exists") from None


def link_member(sub: str, vendor_id: str, role: str) -> None:
    bind()
    MemberItem(*member_key(sub, vendor_id), role=role, vendor_id=vendor_id,
               created_at=now()).save()


def save(vendor: VendorItem) -> None:
    """Version-checked write: a concurrent edit makes this a 409, never a silent overwrite."""
    bind()
    set_status_keys(vendor)
    try:
        vendor.save()
    except PutError as exc:
        if conditional_failed(exc):
            raise Conflict("the profile was changed by someone else; reload and try again",
                           code="version_conflict") from None
        raise


def save_with_audit(vendor: VendorItem, audit: AuditItem) -> None:
    bind()
    set_status_keys(vendor)
    try:
        with TransactWrite(connection=VendorItem._get_connection().connection) as tx:
            tx.save(vendor)
            tx.save(audit)
    except (TransactWriteError, UpdateError):
        raise Conflict("the vendor changed while you were deciding; reload and try again",
                       code="version_conflict") from None


def save_audit(audit: AuditItem) -> None:
    bind()
    audit.save()


def audit_entry(kind: str, entity_id: str, action: str, actor_sub: str,
                actor_name: str | None, reason: str | None) -> AuditItem:
    at = now()
    sk = f"{at}#{secrets.token_hex(4)}"
    return AuditItem(f"AUDIT#{kind}#{entity_id}", sk, kind=kind, entity_id=entity_id,
                     action=action, reason=reason, actor_sub=actor_sub, actor_name=actor_name,
                     at=at, status_pk="AUDIT", status_sk=sk)


def by_status_page(status_pk: str, model, limit: int, start_key: dict | None,
                   newest_first: bool = False):
    bind()
    result = model.by_status.query(status_pk, scan_index_forward=not newest_first, limit=limit,
                                   page_size=limit, last_evaluated_key=start_key)
    items = list(result)
    return items, result.last_evaluated_key


def iter_by_status(status: str):
    """Every vendor of a status (the office's lists over all makers: a few hundred)."""
    bind()
    return VendorItem.by_status.query(f"VENDOR#{status}")


def audit_of(kind: str, entity_id: str, limit: int, start_key: dict | None):
    bind()
    result = AuditItem.query(f"AUDIT#{kind}#{entity_id}", scan_index_forward=False, limit=limit,
                             page_size=limit, last_evaluated_key=start_key)
    items = list(result)
    return items, result.last_evaluated_key
