"""Accounts people can keep: a new password on the first sign-in of an invited official,
"forgot password" (Cognito e-mails a code, then a new password), "send the code again"
for an unconfirmed sign-up, and a facilitator starting a reset for a maker they look after.

What these answer never tells whether an e-mail has an account (the pool's client has
PreventUserExistenceErrors): an unknown address gets the same reply as a known one.
"""
from __future__ import annotations

from chalicelib import config
from chalicelib.auth.cognito import error_code, idp
from chalicelib.errors import Conflict, DomainError, InvalidInput, Unauthorized

WEAK = ("InvalidPasswordException", "InvalidParameterException")


class TooMany(DomainError):
    status = 429
    code = "too_many_attempts"


def _client() -> str:
    return config.settings().cognito_client_id


def _common(exc, password: bool = False) -> None:
    """Errors every call here turns into the same answers. Cognito's InvalidParameterException
    means a weak password only where one is set (`password`): for forgot-password and
    resend-code it says the account cannot get a code (e.g. it is confirmed already)."""
    code = error_code(exc)
    if code in ("LimitExceededException", "TooManyRequestsException", "TooManyFailedAttemptsException"):
        raise TooMany("too many attempts; wait a few minutes and try again") from None
    if code in ("CodeMismatchException", "ExpiredCodeException"):
        raise InvalidInput("the code is wrong or has expired; ask for a new one",
                           code="invalid_code") from None
    if password and code in WEAK:
        raise InvalidInput("password too weak: at least 8 characters with upper case, "
                           "lower case and a digit", code="weak_password") from None


def new_password(email: str, session: str, password: str) -> dict:
    """Answer the NEW_PASSWORD_REQUIRED challenge of an invited official's first sign-in."""
    from botocore.exceptions import ClientError

    from chalicelib.auth.accounts import _tokens
    try:
        result = idp().respond_to_auth_challenge(
            ClientId=_client(), ChallengeName="NEW_PASSWORD_REQUIRED", Session=session,
            ChallengeResponses={"USERNAME": email, "NEW_PASSWORD": password})
    except ClientError as exc:
        _common(exc, password=True)
        if error_code(exc) in ("NotAuthorizedException", "UserNotFoundException",
                               "ResourceNotFoundException", "KeyError"):
            raise Unauthorized("the sign-in has expired; sign in again with the temporary "
                               "password", code="invalid_session") from None
        raise
    if "AuthenticationResult" not in result:
        raise Unauthorized("this account needs attention from the district office",
                           code="challenge_required")
    return _tokens(result)


def forgot(username: str) -> dict:
    """Cognito e-mails a code to the account's address (if there is such an account)."""
    from botocore.exceptions import ClientError
    try:
        result = idp().forgot_password(ClientId=_client(), Username=username)
    except ClientError as exc:
        _common(exc)
        if error_code(exc) in ("UserNotFoundException", "NotAuthorizedException",
                               "InvalidParameterException"):
            return {"next_step": "reset_password", "destination": None}
        raise
    details = result.get("CodeDeliveryDetails") or {}
    return {"next_step": "reset_password", "destination": details.get("Destination")}


def reset(email: str, code: str, password: str) -> dict:
    from botocore.exceptions import ClientError
    try:
        idp().confirm_forgot_password(ClientId=_client(), Username=email, ConfirmationCode=code,
                                      Password=password)
    except ClientError as exc:
        _common(exc, password=True)
        # an address without an account: the same answer as a wrong code (moto says
        # ResourceNotFound where Cognito says UserNotFound or CodeMismatch)
        if error_code(exc) in ("UserNotFoundException", "NotAuthorizedException",
                               "ResourceNotFoundException"):
            raise InvalidInput("the code is wrong or has expired; ask for a new one",
                               code="invalid_code") from None
        raise
    return {"next_step": "sign_in"}


def resend_code(email: str) -> dict:
    from botocore.exceptions import ClientError
    try:
        result = idp().resend_confirmation_code(ClientId=_client(), Username=email)
    except ClientError as exc:
        _common(exc)
        code = error_code(exc)
        if code == "InvalidParameterException":     # Cognito: "User is already confirmed."
            raise Conflict("this account is confirmed already: sign in",
                           code="already_confirmed") from None
        if code in ("UserNotFoundException", "NotAuthorizedException"):
            return {"next_step": "confirm_email", "destination": None}
        raise
    details = result.get("CodeDeliveryDetails") or {}
    return {"next_step": "confirm_email", "destination": details.get("Destination")}


def reset_for_maker(principal, vendor_id: str) -> dict:
    """A facilitator starts "forgot password" for the owner of a maker they look after: the
    code goes to the maker's own e-mail, never to the facilitator."""
    from chalicelib.vendors import access, repository as repo
    vendor = access.acting_vendor(principal, vendor_id)
    if not vendor.owner_sub:
        raise Conflict("this maker has no account of their own: you act for them",
                       code="no_maker_account")
    answer = forgot(vendor.owner_sub)
    repo.save_audit(repo.audit_entry("vendor", vendor.id, "password_reset_started",
                                     principal.sub, principal.username, None))
    return answer
