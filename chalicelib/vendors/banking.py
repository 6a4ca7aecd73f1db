"""A maker's bank account, and the office's check of every change to it.

Changing the account is the classic way to steal a payout, so once a maker is approved a
new account does not replace the old one: it waits as `bank_change`, the maker's payouts
are held, the maker is mailed (the real maker learns of a change they did not make), and
an admin approves or rejects it on the desk. Both steps go into the audit trail. Account
numbers appear masked everywhere but the bank file.
"""
from __future__ import annotations

from chalicelib.auth.principal import Principal
from chalicelib.db.models import VendorItem
from chalicelib.errors import Conflict, NotFound
from chalicelib.observability import logger
from chalicelib.orders import notify
from chalicelib.vendors import repository as repo
from chalicelib.vendors.schemas import BankDetailsIn, mask

_FIELDS = ("account_number", "ifsc", "holder_name")

MAIL = {
    "requested": {
        "en": ("Your bank account for payouts was changed",
               "The bank account for your DeogharMart payouts was changed to {account} "
               "(IFSC {ifsc}). Payouts are held until the district office checks the change. "
               "If you did not make it, tell the office at once."),
        "hi": ("भुगतान के लिए आपका बैंक खाता बदला गया",
               "DeogharMart से आपके भुगतान का बैंक खाता बदलकर {account} (IFSC {ifsc}) किया गया है। "
               "ज़िला कार्यालय की जाँच तक भुगतान रुका रहेगा। अगर यह बदलाव आपने नहीं किया, "
               "तो तुरंत कार्यालय को बताएँ।")},
    "approved": {
        "en": ("Your new bank account is approved",
               "The district office approved the account {account} (IFSC {ifsc}); "
               "your payouts go to it from the next payout run."),
        "hi": ("आपका नया बैंक खाता स्वीकृत",
               "ज़िला कार्यालय ने खाता {account} (IFSC {ifsc}) स्वीकार कर लिया है; "
               "अगले भुगतान से राशि इसी खाते में जाएगी।")},
    "rejected": {
        "en": ("Your new bank account was not accepted",
               "The district office did not accept the account {account} (IFSC {ifsc}). "
               "Reason: {reason}. Your payouts go to the account you had before."),
        "hi": ("आपका नया बैंक खाता स्वीकार नहीं हुआ",
               "ज़िला कार्यालय ने खाता {account} (IFSC {ifsc}) स्वीकार नहीं किया। "
               "कारण: {reason}। भुगतान आपके पहले वाले खाते में ही जाएगा।")},
}


def _plain(bank) -> dict | None:
    if bank is None:
        return None
    return bank.as_dict() if hasattr(bank, "as_dict") else dict(bank)


def _same(a: dict | None, b: dict | None) -> bool:
    return a is not None and b is not None and all(a.get(f) == b.get(f) for f in _FIELDS)


def account(v: VendorItem) -> dict:
    """The account payouts go to now (the bank file's only source)."""
    b = _plain(v.bank)
    return {f: b[f] for f in _FIELDS}


def payouts_held(v: VendorItem) -> bool:
    """A maker's payouts wait while a new account waits for the office, or when there is
    no account to pay into."""
    return v.bank_change is not None or v.bank is None


def propose(v: VendorItem, bank: BankDetailsIn | None, principal: Principal) -> bool:
    """Take the account given with a profile save. True when a change now waits for the
    office (the caller saves the vendor with `audit(...)` and calls `announce`)."""
    if bank is None:
        return False
    new = bank.model_dump()
    if v.status != "approved":   # a maker not yet approved: reviewed with the profile
        v.bank = new
        return False
    if _same(new, _plain(v.bank)):
        v.bank_change = None     # back to the account the office knows: nothing waits
        return False
    if _same(new, _plain(v.bank_change)):
        return False
    v.bank_change = {**new, "requested_at": repo.now(), "requested_by": principal.sub}
    return True


def audit(v: VendorItem, action: str, principal: Principal, reason: str | None = None):
    account = _plain(v.bank_change) or {}
    note = f"account {mask(account.get('account_number'))} IFSC {account.get('ifsc')}"
    return repo.audit_entry("vendor", v.id, action, principal.sub, principal.username,
                            f"{note}; {reason}" if reason else note)


def announce(v: VendorItem, kind: str = "requested", account: dict | None = None,
             reason: str = "") -> bool:
    """Mail the maker (Hindi first, then English) about their bank account."""
    account = account or _plain(v.bank_change) or _plain(v.bank) or {}
    fill = {"account": mask(account.get("account_number")), "ifsc": account.get("ifsc"),
            "reason": reason}
    texts = MAIL[kind]
    subject = f"{texts['hi'][0]} / {texts['en'][0]}"
    body = "\n\n".join(texts[lang][1].format(**fill) for lang in ("hi", "en"))
    return notify.send(v.email, subject, body + "\n\n" + notify.SIGNATURE,
                       f"vendor:bank_{kind}", vendor_id=v.id)


def decide(principal: Principal, vendor_id: str, approve: bool, reason: str | None) -> VendorItem:
    v = repo.get(vendor_id)
    if v is None:
        raise NotFound("no such vendor", code="vendor_not_found")
    if v.bank_change is None:
        raise Conflict("no bank account change waits for a decision", code="no_bank_change")
    proposed = _plain(v.bank_change)
    entry = audit(v, "bank_change_approve" if approve else "bank_change_reject", principal,
                  reason)
    if approve:
        v.bank = {f: proposed[f] for f in _FIELDS}
    v.bank_change = None
    v.updated_at = repo.now()
    repo.save_with_audit(v, entry)
    logger.info("bank change decided", extra={"vendor_id": v.id, "approved": approve})
    announce(v, "approved" if approve else "rejected", proposed, reason or "")
    return v
