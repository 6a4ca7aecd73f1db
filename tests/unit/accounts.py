"""Signed-in test users on moto's Cognito, and tokens with every defect a forger tries."""
from __future__ import annotations

import base64
import gzip
import json
import time
from pathlib import Path

import boto3
import jwt

from chalicelib import config
from infra.local import provision
from infra.seed import seed as seeding


def moto_private_key():
    import moto.cognitoidp
    path = Path(moto.cognitoidp.__file__).parent / "resources" / "jwks-private.json.gz"
    jwk = json.loads(gzip.decompress(path.read_bytes()))
    return jwt.algorithms.RSAAlgorithm.from_jwk(json.dumps(jwk)), jwk["kid"]


def make_user(email: str, password: str, group: str, vendor_id: str | None = None,
              role: str = "owner") -> str:
    """A confirmed user in `group`, linked to `vendor_id`. Returns the user's sub."""
    from chalicelib.vendors import repository as vendor_repo
    s = config.settings()
    idp = boto3.client("cognito-idp", region_name=s.region)
    provision.ensure_user(idp, s.cognito_user_pool_id, {
        "email": email, "password": password, "group": group, "name": email, "vendor_id": None})
    sub = seeding.user_sub(idp, s.cognito_user_pool_id, email)
    if vendor_id:
        vendor_repo.link_member(sub, vendor_id, role)
    return sub


def login(client, email: str, password: str) -> dict:
    r = client.http.post("/auth/login", headers={"Content-Type": "application/json"},
                         body=json.dumps({"email": email, "password": password}))
    assert r.status_code == 200, r.body
    return json.loads(r.body)


def token(client, email: str, password: str, group: str) -> str:
    """The id token of a confirmed user in `group` (made if missing)."""
    make_user(email, password, group)
    return login(client, email, password)["id_token"]


def forged(valid_id_token: str, **changes) -> dict[str, str]:
    """Tokens a forger might try, keyed by defect."""
    s = config.settings()
    key, kid = moto_private_key()
    claims = jwt.decode(valid_id_token, options={"verify_signature": False})
    now = int(time.time())

    def sign(extra: dict) -> str:
        return jwt.encode({**claims, **extra}, key, algorithm="RS256", headers={"kid": kid})

    head, body, sig = valid_id_token.split(".")
    padded = body + "=" * (-len(body) % 4)
    payload = json.loads(base64.urlsafe_b64decode(padded))
    payload["cognito:groups"] = ["admins"]
    tampered_body = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    none_header = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode()
    return {
        "garbage": "not-a-token",
        "tampered": f"{head}.{tampered_body}.{sig}",
        "alg_none": f"{none_header}.{tampered_body}.",
        "hs256_with_public_key": jwt.encode({**claims}, "a-shared-secret-that-is-long-enough-32b", algorithm="HS256",
                                            headers={"kid": kid}),
        "expired": sign({"exp": now - 3600, "iat": now - 7200}),
        "wrong_pool": sign({"iss": s.cognito_issuer.rsplit("/", 1)[0] + "/ap-south-1_otherpool"}),
        "wrong_client": sign({"aud": "someotherclientid0000000"}),
        "refresh_token_use": sign({"token_use": "refresh"}),
        **changes,
    }


def four_roles(client, prefix: str, password: str, vendor_a: str, vendor_b: str,
               looked_after: str) -> dict[str, dict]:
    """Signed-in tokens by name: vendors "a" and "b" of their makers, facilitator "f" acting
    for `looked_after`, and an "admin"."""
    make_user(f"{prefix}-a@test.in", password, "vendors", vendor_a)
    make_user(f"{prefix}-b@test.in", password, "vendors", vendor_b)
    make_user(f"{prefix}-f@test.in", password, "facilitators", looked_after, role="facilitator")
    make_user(f"{prefix}-admin@test.in", password, "admins")
    return {name: login(client, f"{prefix}-{name}@test.in", password)
            for name in ("a", "b", "f", "admin")}
