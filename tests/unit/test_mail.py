"""The order mails through SES (moto in-process): the shopper's language leads, the facts
are in both languages, and a mail SES refuses is counted and logged without the address."""
from __future__ import annotations

import json

import boto3
import pytest

from chalicelib import config, observability
from chalicelib.orders import lifecycle, notify
from tests.unit.test_figures import CONTACT, place, three_makers
from tests.unit.test_log_masking import log_output, records  # noqa: F401, F811 (a fixture)


def sent_to(address: str) -> list:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends
    backend = ses_backends[DEFAULT_ACCOUNT_ID][config.settings().region]
    return [m for m in backend.sent_messages if address in m.destinations["ToAddresses"]]


@pytest.fixture
def order(client):
    (p, v, _), _, _ = three_makers()
    placed = place([(p, v, 2)], "cod")
    yield placed
    lifecycle.cancel_unpaid(placed.id, "cancelled by the shopper")   # its stock back


@pytest.mark.parametrize("language,lead,then", [
    ("en", "Hello", "नमस्ते"), ("hi", "नमस्ते", "Hello"), (None, "नमस्ते", "Hello")])
def test_the_shoppers_language_leads(order, language, lead, then):
    order.language = language
    before = len(sent_to(CONTACT["email"]))
    assert notify.shopper(order, "confirmed")
    mail = sent_to(CONTACT["email"])[before]
    first, second = mail.subject.split(" / ")
    assert (order.id in first) and (order.id in second)
    assert first.startswith("Order") == (language == "en")
    assert mail.body.index(lead) < mail.body.index(then)
    line = json.loads(order.quote)["lines"][0]
    for lang in ("hi", "en"):
        assert f"2 × {line['name'][lang]}" in mail.body
    assert mail.body.count("₹") == 2   # the amount to keep ready, in each language


def test_a_refused_mail_is_counted_and_logged_without_the_address(order, capsys,
                                                                  log_output):  # noqa: F811
    ses = boto3.client("ses", region_name=config.settings().region)
    sender = config.settings().sender_email
    observability.flush()
    capsys.readouterr()
    ses.delete_identity(Identity=sender)
    try:
        assert notify.shopper(order, "confirmed") is False
        observability.flush()
    finally:
        ses.verify_email_identity(EmailAddress=sender)
    (logged,) = [e for e in records(log_output) if e.get("message") == "mail not sent"]
    assert (logged["mail"], logged["order_id"], logged["error"]) == \
        ("shopper:confirmed", order.id, "MessageRejected")
    text = log_output.getvalue()
    assert CONTACT["email"] not in text and CONTACT["name"] not in text
    out = capsys.readouterr().out
    emf = [json.loads(line) for line in out.splitlines() if '"NotificationsFailed"' in line]
    (emf,) = emf
    assert emf["NotificationsFailed"] == [1.0] and emf["Audience"] == "shopper"
    assert notify.shopper(order, "confirmed")   # the identity back: mails go again
