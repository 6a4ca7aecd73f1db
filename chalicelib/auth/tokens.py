"""Verify Cognito JWTs with PyJWT against the user pool's JWKS.

Checked: RS256 only (never `none` or HMAC), a known key id, signature, expiry,
issuer (this pool), audience or client id (this app client) and token_use.
Keys are fetched once per container and cached.
"""
from __future__ import annotations

from functools import lru_cache

import jwt

from chalicelib import config
from chalicelib.auth.principal import Principal
from chalicelib.errors import Unauthorized

LEEWAY_SECONDS = 30
MAX_TOKEN_CHARS = 8192   # Cognito's id tokens are ~1 KB; nothing larger is parsed


@lru_cache(maxsize=1)
def _jwks() -> jwt.PyJWKClient:
    return jwt.PyJWKClient(config.settings().cognito_jwks_url, cache_keys=True, lifespan=3600,
                           timeout=5)


def _reject(why: str) -> Unauthorized:
    return Unauthorized(f"token rejected: {why}", code="invalid_token")


def verify(token: str) -> Principal:
    s = config.settings()
    if len(token or "") > MAX_TOKEN_CHARS:
        raise _reject(f"longer than {MAX_TOKEN_CHARS} characters")
    if not token or token.count(".") != 2:
        raise _reject("not a JWT")
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise _reject("unreadable header") from None
    if header.get("alg") != "RS256":
        raise _reject("algorithm must be RS256")
    try:
        key = _jwks().get_signing_key_from_jwt(token)
        claims = jwt.decode(token, key.key, algorithms=["RS256"], issuer=s.cognito_issuer,
                            leeway=LEEWAY_SECONDS,
                            options={"require": ["exp", "iat", "iss", "sub", "token_use"],
                                     "verify_aud": False})
    except jwt.ExpiredSignatureError:
        raise _reject("expired") from None
    except (jwt.PyJWTError, jwt.PyJWKClientError) as exc:
        raise _reject(type(exc).__name__) from None
    use = claims.get("token_use")
    if use == "id":
        audience = claims.get("aud")
    elif use == "access":
        audience = claims.get("client_id")
    else:
        raise _reject("token_use must be id or access")
    if audience != s.cognito_client_id:
        raise _reject("issued to another app client")
    groups = claims.get("cognito:groups") or []
    # Users sign in with their e-mail (the pool's username attribute), so Cognito's own
    # username is a uuid: the id token's e-mail is the name people know (the audit's "who").
    return Principal(sub=claims["sub"], groups=frozenset(groups),
                     username=claims.get("email") or claims.get("cognito:username")
                     or claims.get("username") or "")
