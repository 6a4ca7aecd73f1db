"""Sign-up, sign-in, refresh, and the authorizer every protected route uses."""
from __future__ import annotations

import functools

from chalice import AuthResponse, Blueprint, UnauthorizedError

from chalicelib.auth import schemas as s
from chalicelib.catalog.schemas import NoQuery
from chalicelib.web import endpoint

bp = Blueprint(__name__)
ALL_ROLES = ("vendors", "facilitators", "admins")


@bp.authorizer(ttl_seconds=300)
def cognito_jwt(auth_request):
    """Verify the Cognito JWT (`Authorization: Bearer <token>`). Any defect is a 401;
    what the caller may do is decided per route from its groups."""
    from chalicelib.auth import tokens
    from chalicelib.errors import Unauthorized
    raw = auth_request.token or ""
    scheme, _, token = raw.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise UnauthorizedError("Unauthorized")
    try:
        principal = tokens.verify(token.strip())
    except Unauthorized:
        raise UnauthorizedError("Unauthorized") from None
    return AuthResponse(routes=["*"], principal_id=principal.sub, context=principal.to_context())


def signed_in(*groups: str):
    """`endpoint` for routes that need a verified token (cognito_jwt) of one of `groups`."""
    return functools.partial(endpoint, groups=groups, authorizer=cognito_jwt)


for_admins = signed_in("admins")
for_makers = signed_in("vendors", "facilitators")      # a vendor, or a facilitator acting for one
for_facilitators = signed_in("facilitators")
for_everyone_signed_in = signed_in(*ALL_ROLES)


@endpoint(bp, "/auth/signup", methods=["POST"], summary="Create a vendor account",
          tags=["auth"], query=NoQuery, body=s.SignUpIn, response=s.SignUpOut, errors=(400, 409))
def signup(query, body):
    from chalicelib.auth import accounts
    return accounts.sign_up(str(body.email), body.password, body.name)


@endpoint(bp, "/auth/confirm", methods=["POST"], summary="Confirm a new account with the "
          "e-mailed code", tags=["auth"], query=NoQuery, body=s.ConfirmIn, response=s.ConfirmOut,
          errors=(400,))
def confirm(query, body):
    from chalicelib.auth import accounts
    return accounts.confirm(str(body.email), body.code)


@endpoint(bp, "/auth/login", methods=["POST"], summary="Sign in: tokens for the API, or (an "
          "invited official's first sign-in) the step that sets a new password", tags=["auth"],
          query=NoQuery, body=s.LoginIn, response=s.LoginOut,
          errors=(400, 401, 409))
def login(query, body):
    from chalicelib.auth import accounts
    return accounts.sign_in(str(body.email), body.password)


@endpoint(bp, "/auth/new-password", methods=["POST"], summary="First sign-in of an invited "
          "official: replace the temporary password", tags=["auth"], query=NoQuery,
          body=s.NewPasswordIn, response=s.Tokens, errors=(400, 401, 429))
def new_password(query, body):
    from chalicelib.auth import recovery
    return recovery.new_password(str(body.email), body.session, body.new_password)


@endpoint(bp, "/auth/forgot-password", methods=["POST"], summary="Forgot password: Cognito "
          "e-mails a code (the same answer whether or not the address has an account)",
          tags=["auth"], query=NoQuery, body=s.EmailIn, response=s.CodeSent, errors=(400, 429))
def forgot_password(query, body):
    from chalicelib.auth import recovery
    return recovery.forgot(str(body.email).lower())


@endpoint(bp, "/auth/reset-password", methods=["POST"], summary="Set a new password with the "
          "e-mailed code", tags=["auth"], query=NoQuery, body=s.ResetPasswordIn,
          response=s.ResetDone, errors=(400, 429))
def reset_password(query, body):
    from chalicelib.auth import recovery
    return recovery.reset(str(body.email).lower(), body.code, body.new_password)


@endpoint(bp, "/auth/resend-code", methods=["POST"], summary="Send the sign-up confirmation "
          "code again", tags=["auth"], query=NoQuery, body=s.EmailIn, response=s.CodeSent,
          errors=(400, 409, 429))
def resend_code(query, body):
    from chalicelib.auth import recovery
    return recovery.resend_code(str(body.email).lower())


@endpoint(bp, "/auth/refresh", methods=["POST"], summary="New tokens from a refresh token",
          tags=["auth"], query=NoQuery, body=s.RefreshIn, response=s.Tokens, errors=(400, 401))
def refresh(query, body):
    from chalicelib.auth import accounts
    return accounts.refresh(body.refresh_token)


@for_everyone_signed_in(bp, "/auth/me", summary="Who the token belongs to and which makers it acts for",
          tags=["auth"], query=NoQuery, response=s.Me)
def me(query, principal):
    from chalicelib.auth import officials
    from chalicelib.vendors import repository
    return {"sub": principal.sub, "groups": sorted(principal.groups),
            "username": principal.username,
            "vendor_ids": [m.vendor_id for m in repository.memberships(principal.sub)],
            "block": officials.block_of(principal)}
