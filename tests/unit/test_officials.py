"""Officials from the desk (chalicelib/auth/officials.py) through the API on moto's Cognito:
invite, the first sign-in's new password, block-tied onboarding, role and block changes,
disable/enable taking effect on the next request, the last-admin guard; forgot password.
The mails Cognito sends are checked on the local stack (tests/integration/test_officials.py)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from chalicelib.blocks import BLOCKS, NAMES_HI
from tests.unit import accounts
from tests.unit.test_authorization import call
from tests.unit.test_vendor_flow import PROFILE

PASSWORD = "Office@Deoghar2026"
ROOT = Path(__file__).resolve().parents[2]


def _moto_user(email: str):
    from moto.cognitoidp.models import cognitoidp_backends
    for regions in cognitoidp_backends.values():
        for backend in regions.values():
            for pool in backend.user_pools.values():
                user = pool._get_user(email)
                if user is not None:
                    return user
    raise AssertionError(f"no moto user {email}")


def _first_sign_in(client, email: str, new_password: str) -> dict:
    """Sign in with the temporary password Cognito would have mailed, set a new one."""
    temporary = _moto_user(email).password
    status, challenge = call(client, "POST", "/auth/login",
                             body=json.dumps({"email": email, "password": temporary}))
    assert status == 200 and challenge["next_step"] == "new_password", challenge
    status, weak = call(client, "POST", "/auth/new-password", body=json.dumps(
        {"email": email, "session": challenge["session"], "new_password": "weakweak"}))
    assert status == 400 and weak["error"]["code"] == "weak_password"
    status, tokens = call(client, "POST", "/auth/new-password", body=json.dumps(
        {"email": email, "session": challenge["session"], "new_password": new_password}))
    assert status == 200 and tokens["id_token"], tokens
    return tokens


@pytest.fixture(scope="module")
def office(client):
    """A registered admin (as `make admin` leaves one) and its token."""
    from chalicelib.auth import officials
    sub = accounts.make_user("off-admin@test.in", PASSWORD, "admins")
    officials.register(sub, "off-admin@test.in", "District office")
    return sub, accounts.login(client, "off-admin@test.in", PASSWORD)["id_token"]


def _invite(client, token, **body):
    return call(client, "POST", "/admin/officials", token, body=json.dumps(body))


def test_an_invited_facilitator_sets_a_password_and_onboards_makers_of_their_block(client, office):
    _sub, admin = office
    status, f = _invite(client, admin, email="Rekha.Sarath@Test.in", name="Rekha Kumari",
                        role="facilitator", block="sarath")
    assert status == 201 and f["block"] == "Sarath" and f["email"] == "rekha.sarath@test.in", f
    assert _moto_user("rekha.sarath@test.in").status == "FORCE_CHANGE_PASSWORD"
    assert _invite(client, admin, email="rekha.sarath@test.in", name="Again", role="facilitator",
                   block="Sarath")[1]["error"]["code"] == "account_exists"
    assert _invite(client, admin, email="x@test.in", name="No block",
                   role="facilitator")[1]["error"]["code"] == "block_required"
    assert _invite(client, admin, email="y@test.in", name="Wrong", role="facilitator",
                   block="Dumka")[0] == 400
    tokens = _first_sign_in(client, "rekha.sarath@test.in", "Rekha@Sarath2026")
    me = call(client, "GET", "/auth/me", tokens["id_token"])[1]
    assert me["groups"] == ["facilitators"] and me["block"] == "Sarath"
    onboard = {"profile": {**PROFILE, "name": {"en": "Pathrol Lac Samooh", "hi": "पथरोल लाह समूह"},
                           "bank": None, "is_shg": True},
               "consent": {"maker_name": "Sunita Devi", "method": "signed_form",
                           "recorded_on": "2026-12-01", "witness": "Block coordinator"}}
    status, other = call(client, "POST", "/facilitator/vendors", tokens["id_token"], body=json.dumps(
        {**onboard, "profile": {**onboard["profile"], "block": "Madhupur"}}))
    assert status == 400 and other["error"]["code"] == "block_not_yours", other
    status, maker = call(client, "POST", "/facilitator/vendors", tokens["id_token"],
                         body=json.dumps(onboard))
    assert status == 200 and maker["block"] == "Sarath", maker
    listed = call(client, "GET", "/admin/officials", admin)[1]["items"]
    assert {"rekha.sarath@test.in", "off-admin@test.in"} <= {o["email"] for o in listed}
    trail = call(client, "GET", f"/admin/audit?kind=official&entity_id={f['sub']}", admin)[1]
    assert [a["action"] for a in trail["items"]] == ["invite"]
    assert "facilitator, block Sarath" in trail["items"][0]["reason"]


def test_disable_and_role_changes_act_on_the_next_request(client, office):
    _sub, admin = office
    f = _invite(client, admin, email="mohan.f@test.in", name="Mohan Das", role="facilitator",
                block="Mohanpur")[1]
    token = _first_sign_in(client, "mohan.f@test.in", "Mohan@Pur2026x")["id_token"]
    assert call(client, "GET", "/facilitator/vendors", token)[0] == 200
    status, off = call(client, "POST", f"/admin/officials/{f['sub']}/disable", admin,
                       body=json.dumps({"version": f["version"]}))
    assert status == 200 and off["enabled"] is False
    status, body = call(client, "GET", "/facilitator/vendors", token)   # the same token
    assert status == 401 and body["error"]["code"] == "account_disabled"
    assert call(client, "POST", "/auth/login", body=json.dumps(
        {"email": "mohan.f@test.in", "password": "Mohan@Pur2026x"}))[0] == 401
    stale = call(client, "POST", f"/admin/officials/{f['sub']}/enable", admin,
                 body=json.dumps({"version": f["version"]}))
    assert stale[0] == 409 and stale[1]["error"]["code"] == "version_conflict"
    status, on = call(client, "POST", f"/admin/officials/{f['sub']}/enable", admin, body="{}")
    assert status == 200 and on["enabled"] is True
    token = accounts.login(client, "mohan.f@test.in", "Mohan@Pur2026x")["id_token"]
    assert call(client, "GET", "/facilitator/vendors", token)[0] == 200
    status, moved = call(client, "PATCH", f"/admin/officials/{f['sub']}", admin,
                         body=json.dumps({"block": "Karon"}))
    assert status == 200 and moved["block"] == "Karon"
    assert call(client, "GET", "/auth/me", token)[1]["block"] == "Karon"
    status, promoted = call(client, "PATCH", f"/admin/officials/{f['sub']}", admin,
                            body=json.dumps({"role": "admin"}))
    assert status == 200 and promoted["role"] == "admin" and promoted["block"] is None
    assert call(client, "GET", "/admin/officials", token)[0] == 200   # the old token, as admin
    assert call(client, "GET", "/facilitator/vendors", token)[0] == 403
    actions = [a["action"] for a in call(client, "GET", "/admin/audit?kind=official&entity_id="
                                        + f["sub"], admin)[1]["items"]]
    assert actions == ["change", "change", "enable", "disable", "invite"]


def test_no_admin_disables_themself_or_the_last_admin(client, office):
    sub, admin = office
    body = call(client, "POST", f"/admin/officials/{sub}/disable", admin, body="{}")[1]
    assert body["error"]["code"] == "cannot_disable_self"
    body = call(client, "PATCH", f"/admin/officials/{sub}", admin,
                body=json.dumps({"role": "facilitator", "block": "Deoghar"}))[1]
    assert body["error"]["code"] == "cannot_change_self"
    # An admin made before the registry (console, old `make admin`) has no record: the
    # registered admins are the ones the guard counts.
    legacy = accounts.token(client, "legacy-admin@test.in", PASSWORD, "admins")
    from chalicelib.auth import officials
    others = [o for o in officials.OfficialItem.by_status.query(officials.LIST_PK)
              if o.role == "admin" and o.enabled and o.pk != f"OFFICIAL#{sub}"]
    subs = [o.pk.split("#")[1] for o in others]
    try:
        for other in subs:   # earlier tests' admins: disabled, so `office` is the last one
            assert call(client, "POST", f"/admin/officials/{other}/disable", legacy,
                        body="{}")[0] == 200
        status, body = call(client, "POST", f"/admin/officials/{sub}/disable", legacy, body="{}")
        assert status == 409 and body["error"]["code"] == "last_admin", body
        status, body = call(client, "PATCH", f"/admin/officials/{sub}", legacy,
                            body=json.dumps({"role": "facilitator", "block": "Deoghar"}))
        assert status == 409 and body["error"]["code"] == "last_admin"
    finally:
        for other in subs:
            call(client, "POST", f"/admin/officials/{other}/enable", legacy, body="{}")
    assert call(client, "GET", "/admin/officials", admin)[0] == 200     # still the office


def test_a_vendor_gets_nothing_of_the_officials(client, office):
    vendor = accounts.token(client, "off-vendor@test.in", PASSWORD, "vendors")
    for method, path in (("GET", "/admin/officials"), ("POST", "/admin/officials"),
                         ("POST", f"/admin/officials/{office[0]}/disable")):
        status, body = call(client, method, path, vendor, body=json.dumps(
            {"email": "me@test.in", "name": "Me", "role": "admin"}) if method == "POST" else None)
        assert status == 403, (path, body)


def test_forgot_password_then_a_new_one(client):
    accounts.make_user("forgetful@test.in", PASSWORD, "vendors")
    for email in ("forgetful@test.in", "nobody-here@test.in"):     # the same answer for both
        status, body = call(client, "POST", "/auth/forgot-password",
                            body=json.dumps({"email": email}))
        assert status == 200 and body["next_step"] == "reset_password", body
    status, body = call(client, "POST", "/auth/reset-password", body=json.dumps(
        {"email": "forgetful@test.in", "code": "123456", "new_password": "short"}))
    assert status == 400
    status, body = call(client, "POST", "/auth/reset-password", body=json.dumps(
        {"email": "forgetful@test.in", "code": "12ab", "new_password": "Forgot@Not2026"}))
    assert status == 400 and body["error"]["code"] == "invalid_body"
    # moto accepts any code of digits; the local stack's stand-in checks it (integration)
    status, body = call(client, "POST", "/auth/reset-password", body=json.dumps(
        {"email": "forgetful@test.in", "code": "123456", "new_password": "Forgot@Not2026"}))
    assert status == 200 and body["next_step"] == "sign_in"
    assert accounts.login(client, "forgetful@test.in", "Forgot@Not2026")["id_token"]


def test_the_blocks_are_one_list():
    """chalicelib/data/blocks.json is the list; the storefront's and portal's copies match."""
    assert len(BLOCKS) == 10 and set(NAMES_HI) == set(BLOCKS)
    i18n = (ROOT / "frontend/js/i18n.js").read_text(encoding="utf-8")
    shop = dict(re.findall(r'(\w+): "([^"]+)"', re.search(r"var BLOCKS = \{(.*?)\};", i18n,
                                                          re.S).group(1)))
    assert shop == NAMES_HI
    portal = (ROOT / "frontend/portal/profile.js").read_text(encoding="utf-8")
    listed = re.search(r"var BLOCKS = \[(.*?)\];", portal).group(1)
    assert tuple(re.findall(r'"(\w+)"', listed)) == BLOCKS


def test_the_blocks_route(client):
    status, body = call(client, "GET", "/blocks")
    assert status == 200 and [b["id"] for b in body["items"]] == list(BLOCKS)
    assert body["items"][0] == {"id": "Deoghar", "en": "Deoghar", "hi": "देवघर"}


def test_temporary_passwords_meet_the_pool_policy():
    from chalicelib.auth.officials import temporary_password
    for _ in range(200):
        p = temporary_password()
        assert len(p) == 12 and re.search("[A-Z]", p) and re.search("[a-z]", p) \
            and re.search("[0-9]", p)


def test_the_functions_role_grants_every_cognito_admin_call_the_code_makes():
    from infra.cdk.permissions import COGNITO_ADMIN
    calls = set()
    for path in (ROOT / "chalicelib").rglob("*.py"):
        calls |= set(re.findall(r"\b_?idp\(\)\.(admin_\w+)\(", path.read_text(encoding="utf-8")))
    assert calls, "no Cognito admin call found: the pattern is stale"
    actions = {"cognito-idp:" + "".join(w.capitalize() for w in c.split("_")) for c in calls}
    assert actions == set(COGNITO_ADMIN), actions ^ set(COGNITO_ADMIN)
