"""A maker's tax and bank profile (issue 15): formats checked with the field named, the
checkout obeying the seller's GST status, and a change of bank account held for the office."""
from __future__ import annotations

import json

import pytest

from chalicelib.db.models import AuditItem
from chalicelib.vendors.schemas import VendorProfileIn
from infra.seed import seed as seeding
from tests.unit import accounts
from tests.unit.test_authorization import call
from tests.unit.test_mail import sent_to
from tests.unit.test_vendor_flow import PASSWORD, PROFILE

REGISTERED = {**PROFILE, "gst_status": "registered"}   # GSTIN 20AAAPL1234C1ZS: PAN AAAPL1234C
UNREGISTERED = {**PROFILE, "gstin": None, "gst_status": "unregistered",
                "enrolment_number": "20ABCDE1234F1Z9", "pan": "AAAPL1234C"}


@pytest.fixture(scope="module")
def admin(client):
    return accounts.token(client, "tax-admin@test.in", PASSWORD, "admins")


@pytest.fixture(scope="module")
def maker(client):
    return accounts.token(client, "tax-maker@test.in", PASSWORD, "vendors")


@pytest.mark.parametrize("changes,field", [
    ({"gst_status": "registered", "gstin": None}, "gstin"),
    ({"gst_status": "composition", "gstin": None}, "gstin"),
    ({"gst_status": "unregistered"}, "gstin"),                      # has a GSTIN: registered
    ({"gst_status": "unregistered", "gstin": None}, "enrolment_number"),
    ({"gst_status": "registered", "enrolment_number": "20ABCDE1234F1Z9"}, "enrolment_number"),
    ({"gstin": "07AAAPL1234C1ZT"}, "gstin"),                         # Delhi's, valid check digit
    ({"pan": "AAAPL1234"}, "pan"),
    ({"pan": "AAAXL1234C"}, "pan"),                                  # X is no holder type
    ({"pan": "AAAPK1234C"}, "pan"),                                  # not the GSTIN's PAN
    ({"individual": False}, "individual"),                           # the PAN says P: individual
    ({**UNREGISTERED, "enrolment_number": "20-ABC"}, "enrolment_number"),
    ({**UNREGISTERED, "pan": "AAAFL1234C", "individual": True}, "individual"),
])
def test_tax_formats_are_checked_with_the_field_named(client, maker, changes, field):
    status, body = call(client, "PUT", "/vendor/profile", maker,
                        body=json.dumps({**REGISTERED, **changes}))
    assert status == 400 and body["error"]["code"] == "invalid_body", body
    assert [d["field"] for d in body["error"]["details"]][0] == field, body


def test_defaults_follow_the_gstin():
    p = VendorProfileIn.model_validate({**PROFILE})
    assert (p.gst_status, p.pan, p.individual) == ("registered", "AAAPL1234C", True)
    p = VendorProfileIn.model_validate({**PROFILE, "gstin": None})
    assert (p.gst_status, p.pan, p.individual) == (None, None, False)
    p = VendorProfileIn.model_validate({**UNREGISTERED, "pan": "aaahl1234c"})
    assert (p.pan, p.individual) == ("AAAHL1234C", True)            # H: a Hindu undivided family


def test_every_demo_maker_has_a_valid_profile_of_every_kind():
    vendors = seeding.load_data()["vendors"]
    for v in vendors:
        VendorProfileIn.model_validate({**PROFILE, **v["tax"], "bank": v["bank"],
                                        "gstin": v["tax"].get("gstin")})
    statuses = {v["tax"]["gst_status"] for v in vendors}
    assert statuses == {"registered", "composition", "unregistered"}
    assert any(not v["tax"].get("pan") for v in vendors)


def _approved_maker(client, admin, email: str) -> tuple[str, dict]:
    token = accounts.token(client, email, PASSWORD, "vendors")
    status, profile = call(client, "PUT", "/vendor/profile", token,
                           body=json.dumps({**REGISTERED, "email": email}))
    assert status == 200 and profile["bank"]["account_last4"] == "XXXX9012", profile
    status, _ = call(client, "POST", f"/admin/vendors/{profile['id']}/approve", admin, body="{}")
    assert status == 200
    return token, profile


def _audit(vendor_id: str) -> list[str]:
    return [a.action for a in AuditItem.query(f"AUDIT#vendor#{vendor_id}")]


def test_a_new_bank_account_waits_for_the_office_and_the_maker_is_told(client, admin):
    token, profile = _approved_maker(client, admin, "bank-change@test.in")
    new = {"account_number": "99887766554433", "ifsc": "PUNB0247700", "holder_name": "Sita Devi"}
    before = len(sent_to("bank-change@test.in"))
    status, saved = call(client, "PUT", "/vendor/profile", token, body=json.dumps(
        {**REGISTERED, "email": "bank-change@test.in", "bank": new}))
    assert status == 200, saved
    assert saved["bank"]["account_last4"] == "XXXX9012"               # the old one still pays
    assert saved["bank_change"]["account_last4"] == "XXXX4433"
    assert "99887766554433" not in json.dumps(saved)
    mails = sent_to("bank-change@test.in")[before:]
    assert len(mails) == 1 and "XXXX4433" in mails[0].body and "99887766554433" not in mails[0].body
    assert "बैंक खाता" in mails[0].subject and "bank account" in mails[0].subject
    # saving the same change again sends nothing more
    call(client, "PUT", "/vendor/profile", token, body=json.dumps(
        {**REGISTERED, "email": "bank-change@test.in", "bank": new}))
    assert len(sent_to("bank-change@test.in")) == before + 1
    # a maker cannot approve it; the office can, once
    status, body = call(client, "POST", f"/admin/vendors/{profile['id']}/bank-change/approve",
                        token, body="{}")
    assert status == 403, body
    status, body = call(client, "POST", f"/admin/vendors/{profile['id']}/bank-change/approve",
                        admin, body="{}")
    assert status == 200 and body["bank"]["account_last4"] == "XXXX4433" and not body["bank_change"]
    status, body = call(client, "POST", f"/admin/vendors/{profile['id']}/bank-change/approve",
                        admin, body="{}")
    assert status == 409 and body["error"]["code"] == "no_bank_change"
    assert {"bank_change_request", "bank_change_approve"} <= set(_audit(profile["id"]))
    assert "approved" in sent_to("bank-change@test.in")[-1].body


def test_a_rejected_bank_account_leaves_the_old_one(client, admin):
    token, profile = _approved_maker(client, admin, "bank-reject@test.in")
    new = {"account_number": "11112222333344", "ifsc": "SBIN0007402", "holder_name": "Someone Else"}
    call(client, "PUT", "/vendor/profile", token, body=json.dumps(
        {**REGISTERED, "email": "bank-reject@test.in", "bank": new}))
    status, body = call(client, "POST", f"/admin/vendors/{profile['id']}/bank-change/reject",
                        admin, body=json.dumps({"reason": "holder is not the maker"}))
    assert status == 200 and body["bank"]["account_last4"] == "XXXX9012" and not body["bank_change"]
    assert "holder is not the maker" in sent_to("bank-reject@test.in")[-1].body
    assert "bank_change_reject" in _audit(profile["id"])


def test_a_client_that_sends_no_tax_fields_keeps_what_the_maker_declared(client):
    """PUT replaces the profile, but its tax part only when some of it is sent: an older
    client or a script editing the story must not turn a registered maker into one who
    sells inside Jharkhand only."""
    token = accounts.token(client, "tax-keep@test.in", PASSWORD, "vendors")
    body = {**UNREGISTERED, "email": "tax-keep@test.in"}
    status, saved = call(client, "PUT", "/vendor/profile", token, body=json.dumps(body))
    assert status == 200 and saved["gst_status"] == "unregistered", saved
    untaxed = {k: v for k, v in body.items()
               if k not in ("gst_status", "gstin", "enrolment_number", "pan", "individual")}
    untaxed["story"] = {"en": "A new story.", "hi": "नई कहानी।"}
    status, saved = call(client, "PUT", "/vendor/profile", token, body=json.dumps(untaxed))
    assert status == 200 and saved["story"]["en"] == "A new story."
    assert (saved["gst_status"], saved["enrolment_number"], saved["pan"]) == \
        ("unregistered", "20ABCDE1234F1Z9", "AAAPL1234C")
    status, saved = call(client, "PUT", "/vendor/profile", token,
                         body=json.dumps({**untaxed, "gst_status": None}))
    assert status == 200 and saved["gst_status"] is None and saved["pan"] is None
