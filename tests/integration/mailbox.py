"""The mails the local stack sent, as moto's SES accepted them (GET /_dm/mail on the
local moto server), and waiting for one."""
from __future__ import annotations

import requests

from tests.integration.waiting import wait_for


def sent(stack) -> list[dict]:
    r = requests.get(stack["aws_endpoint_url"] + "/_dm/mail", timeout=30)
    r.raise_for_status()
    return r.json()["messages"]


def to(stack, address: str, subject_has: str) -> list[dict]:
    """Mails to `address` whose subject contains `subject_has` (an order or parcel id)."""
    return [m for m in sent(stack) if address in m["destinations"].get("ToAddresses", [])
            and subject_has in m["subject"]]


def wait_mail(stack, address: str, subject_has: str, starts: str = "",
              timeout: float = 40) -> dict:
    """The one mail to `address` about `subject_has` whose subject starts with `starts`,
    once it has been sent (and never two of them)."""
    def found():
        mails = [m for m in to(stack, address, subject_has) if m["subject"].startswith(starts)]
        assert len(mails) <= 1, f"{len(mails)} mails '{starts}…' about {subject_has}"
        return mails[0] if mails else None
    return wait_for(found, timeout=timeout, what=f"a mail '{starts}…' about {subject_has}")
