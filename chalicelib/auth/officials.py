"""District officials: the office invites block facilitators and further admins, changes their
role or block, disables and enables them; every change goes to the audit trail.

Cognito holds each official's password and group; an `OfficialItem` holds the role, the block
and whether the account may act. `effective()` reads it on each official's request, so a
disabled account, or a role taken away, stops at once — not when its token expires.
The last enabled admin can be neither disabled nor made a facilitator: each such change is
one transaction with a condition check that another admin is still enabled, so two admins
disabling each other at the same moment cannot both succeed.
"""
from __future__ import annotations

import secrets
import string

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib import config, pagination
from chalicelib.auth.principal import ADMINS, FACILITATORS, Principal
from chalicelib.db.models import OfficialItem, bind
from chalicelib.errors import Conflict, InvalidInput, NotFound, Unauthorized
from chalicelib.vendors import repository as repo

GROUP = {"admin": ADMINS, "facilitator": FACILITATORS}
OFFICIAL_GROUPS = frozenset(GROUP.values())
LIST_PK = "OFFICIALS"


def key(sub: str) -> tuple[str, str]:
    return f"OFFICIAL#{sub}", "PROFILE"


def get(sub: str) -> OfficialItem | None:
    bind()
    try:
        return OfficialItem.get(*key(sub))
    except OfficialItem.DoesNotExist:
        return None


def effective(principal: Principal) -> Principal:
    """The caller as the office has set them now. Officials' accounts made before the
    registry existed (no item) keep their token's groups."""
    if not principal.in_any(OFFICIAL_GROUPS):
        return principal
    item = get(principal.sub)
    if item is None:
        return principal
    if not item.enabled:
        raise Unauthorized("this account has been disabled by the district office",
                           code="account_disabled")
    groups = (principal.groups - OFFICIAL_GROUPS) | {GROUP[item.role]}
    return Principal(sub=principal.sub, groups=frozenset(groups), username=principal.username)


def block_of(principal: Principal) -> str | None:
    item = get(principal.sub) if principal.is_facilitator else None
    return item.block if item is not None else None


def view(o: OfficialItem) -> dict:
    return {"sub": o.pk.split("#", 1)[1], "email": o.email, "name": o.name, "role": o.role,
            "block": o.block, "enabled": bool(o.enabled), "invited_by": o.invited_by,
            "created_at": o.created_at, "updated_at": o.updated_at, "version": int(o.version)}


def _stamp(o: OfficialItem) -> None:
    o.updated_at = repo.now()
    o.status_pk, o.status_sk = LIST_PK, f"{o.email}#{o.pk.split('#', 1)[1]}"


def _audit(principal: Principal, o: OfficialItem, action: str, detail: str):
    return repo.audit_entry("official", o.pk.split("#", 1)[1], action, principal.sub,
                            principal.username, f"{o.email}: {detail}")


def temporary_password() -> str:
    """12 characters the pool's policy accepts (upper, lower, digits), from `secrets`."""
    pick = [secrets.choice(string.ascii_uppercase) for _ in range(4)] + \
        [secrets.choice(string.ascii_lowercase) for _ in range(4)] + \
        [secrets.choice(string.digits) for _ in range(4)]
    secrets.SystemRandom().shuffle(pick)
    return "".join(pick)


def _check_block(role: str, block: str | None) -> str | None:
    if role == "facilitator" and not block:
        raise InvalidInput("a facilitator works for one block: name it", code="block_required")
    return block


def invite(principal: Principal, email: str, name: str, role: str, block: str | None) -> dict:
    """Cognito e-mails the invitation with a temporary password (never shown to the admin);
    the first sign-in sets the official's own."""
    from chalicelib.auth import cognito
    block = _check_block(role, block)
    sub = cognito.create_invited(email, name, temporary_password(), GROUP[role])
    now = repo.now()
    o = OfficialItem(*key(sub), email=email, name=name, role=role, block=block, enabled=True,
                     invited_by=principal.sub, created_at=now, updated_at=now,
                     status_pk=LIST_PK, status_sk="")
    _stamp(o)
    try:
        _write(o, _audit(principal, o, "invite", f"{role}" + (f", block {block}" if block else "")),
               new=True)
    except Exception:
        cognito.delete(sub)           # no account without its record
        raise
    return view(o)


def register(sub: str, email: str, name: str, role: str = "admin",
             block: str | None = None) -> bool:
    """An account made outside the desk — the stage's first admin (tools/admin.py), the local
    stack's demo officials — recorded, enabled. True when written."""
    existing = get(sub)
    if existing is not None and existing.enabled and existing.role == role \
            and existing.block == block:
        return False
    now = repo.now()
    o = existing or OfficialItem(*key(sub), email=email, name=name, created_at=now,
                                 updated_at=now, status_pk=LIST_PK, status_sk="")
    o.role, o.enabled, o.block = role, True, _check_block(role, block)
    _stamp(o)
    o.save()
    return True


def listing(limit: int, cursor: str | None) -> dict:
    scope = pagination.scope_of(kind="officials", limit=limit)
    secret = config.settings().cursor_secret
    start = pagination.position(cursor, scope, secret)
    items, last = repo.by_status_page(LIST_PK, OfficialItem, limit, start)
    return {"items": [view(o) for o in items],
            "next_cursor": pagination.encode({"k": last}, scope, secret) if last else None}


def _load(sub: str, version: int | None) -> OfficialItem:
    o = get(sub)
    if o is None:
        raise NotFound("no such official", code="official_not_found")
    if version is not None and version != int(o.version):
        raise Conflict("changed by someone else; reload and try again", code="version_conflict")
    return o


def change(principal: Principal, sub: str, role: str | None, block: str | None,
           version: int | None) -> dict:
    from chalicelib.auth import cognito
    o = _load(sub, version)
    new_role = role or o.role
    new_block = block if block is not None else (o.block if new_role == "facilitator" else None)
    if new_role == "admin" and block is None:
        new_block = None
    _check_block(new_role, new_block)
    if sub == principal.sub and new_role != o.role:
        raise Conflict("you cannot change your own role; ask another admin",
                       code="cannot_change_self")
    detail = []
    if new_role != o.role:
        detail.append(f"role {o.role} → {new_role}")
    if new_block != o.block:
        detail.append(f"block {o.block or '-'} → {new_block or '-'}")
    if not detail:
        return view(o)
    old_role = o.role
    o.role, o.block = new_role, new_block
    _stamp(o)
    _write(o, _audit(principal, o, "change", "; ".join(detail)),
           needs_other_admin=old_role == "admin" and new_role != "admin" and o.enabled)
    if new_role != old_role:
        cognito.move_group(sub, GROUP[old_role], GROUP[new_role])
    return view(o)


def set_enabled(principal: Principal, sub: str, enabled: bool, version: int | None) -> dict:
    from chalicelib.auth import cognito
    if sub == principal.sub and not enabled:
        raise Conflict("you cannot disable your own account", code="cannot_disable_self")
    o = _load(sub, version)
    if bool(o.enabled) == enabled:
        return view(o)
    o.enabled = enabled
    _stamp(o)
    _write(o, _audit(principal, o, "enable" if enabled else "disable", o.role),
           needs_other_admin=o.role == "admin" and not enabled)
    cognito.set_enabled(sub, enabled)
    return view(o)


def _write(o: OfficialItem, audit, *, new: bool = False, needs_other_admin: bool = False) -> None:
    """The official and the audit entry together; with `needs_other_admin`, only while another
    admin is enabled (a condition check on one of them inside the same transaction)."""
    bind()
    other = _another_enabled_admin(o.pk) if needs_other_admin else None
    if needs_other_admin and other is None:
        raise Conflict("this is the last enabled admin: invite or enable another admin first",
                       code="last_admin")
    try:
        with TransactWrite(connection=OfficialItem._get_connection().connection) as tx:
            tx.save(o, condition=OfficialItem.pk.does_not_exist() if new else None)
            tx.save(audit)
            if other is not None:
                tx.condition_check(OfficialItem, other.pk, other.sk,
                                   condition=(OfficialItem.enabled == True)  # noqa: E712
                                   & (OfficialItem.role == "admin"))
    except TransactWriteError:
        if needs_other_admin:
            raise Conflict("the other admins changed at the same moment; reload and try again",
                           code="last_admin") from None
        raise Conflict("changed by someone else; reload and try again",
                       code="version_conflict") from None


def _another_enabled_admin(pk: str) -> OfficialItem | None:
    for o in OfficialItem.by_status.query(LIST_PK):
        if o.pk != pk and o.role == "admin" and o.enabled:
            return o
    return None
