"""Sign-up, sign-in and token refresh: thin wrappers over the Cognito user pool."""
from __future__ import annotations

from chalicelib import config
from chalicelib.auth.cognito import error_code as _code, idp as _idp
from chalicelib.auth.principal import VENDORS
from chalicelib.errors import Conflict, DomainError, InvalidInput, Unauthorized


def _tokens(result: dict, refresh_token: str | None = None) -> dict:
    auth = result["AuthenticationResult"]
    return {"id_token": auth["IdToken"], "access_token": auth["AccessToken"],
            "refresh_token": auth.get("RefreshToken") or refresh_token,
            "expires_in": int(auth.get("ExpiresIn", 3600)), "token_type": "Bearer"}


def sign_up(email: str, password: str, name: str) -> dict:
    """A new vendor account. Locally (AUTO_CONFIRM_SIGNUP) it is confirmed at once;
    on AWS Cognito e-mails a code and the account waits for it."""
    from botocore.exceptions import ClientError
    s = config.settings()
    try:
        result = _idp().sign_up(ClientId=s.cognito_client_id, Username=email, Password=password,
                                UserAttributes=[{"Name": "email", "Value": email},
                                                {"Name": "name", "Value": name}])
        _idp().admin_add_user_to_group(UserPoolId=s.cognito_user_pool_id, Username=email,
                                       GroupName=VENDORS)
        confirmed = bool(result.get("UserConfirmed"))
        if s.auto_confirm_signup and not confirmed:
            _idp().admin_confirm_sign_up(UserPoolId=s.cognito_user_pool_id, Username=email)
            confirmed = True
    except ClientError as exc:
        code = _code(exc)
        if code == "UsernameExistsException":
            raise Conflict("an account with this e-mail already exists; sign in instead",
                           code="account_exists") from None
        if code in ("InvalidPasswordException", "InvalidParameterException"):
            raise InvalidInput("password too weak: at least 8 characters with upper case, "
                               "lower case and a digit", code="weak_password") from None
        raise
    return {"user_sub": result["UserSub"], "confirmed": confirmed,
            "next_step": "sign_in" if confirmed else "confirm_email"}


def confirm(email: str, code: str) -> dict:
    """The code Cognito e-mailed at sign-up (AWS stages)."""
    from botocore.exceptions import ClientError
    try:
        _idp().confirm_sign_up(ClientId=config.settings().cognito_client_id, Username=email,
                               ConfirmationCode=code)
    except ClientError as exc:
        code_ = _code(exc)
        if code_ in ("CodeMismatchException", "ExpiredCodeException"):
            raise InvalidInput("the code is wrong or has expired; ask for a new one",
                               code="invalid_code") from None
        if code_ in ("UserNotFoundException", "NotAuthorizedException"):
            raise InvalidInput("no unconfirmed account with this e-mail",
                               code="nothing_to_confirm") from None
        raise
    return {"confirmed": True, "next_step": "sign_in"}


def sign_in(email: str, password: str) -> dict:
    from botocore.exceptions import ClientError
    try:
        result = _idp().initiate_auth(ClientId=config.settings().cognito_client_id,
                                      AuthFlow="USER_PASSWORD_AUTH",
                                      AuthParameters={"USERNAME": email, "PASSWORD": password})
    except ClientError as exc:
        code = _code(exc)
        if code in ("NotAuthorizedException", "UserNotFoundException"):
            raise Unauthorized("wrong e-mail or password", code="invalid_credentials") from None
        if code == "UserNotConfirmedException":
            raise DomainError("confirm your e-mail address first", code="not_confirmed") from None
        if code == "PasswordResetRequiredException":
            raise Conflict("a password reset was started for this account: use the code "
                           "e-mailed to you to set a new password", code="password_reset_required") from None
        raise
    if result.get("ChallengeName") == "NEW_PASSWORD_REQUIRED":   # an invited official's first sign-in
        return {"next_step": "new_password", "session": result["Session"]}
    if "AuthenticationResult" not in result:  # another challenge (e.g. MFA) we do not serve
        raise Unauthorized("this account needs attention from the district office",
                           code="challenge_required")
    return _tokens(result)


def refresh(refresh_token: str) -> dict:
    from botocore.exceptions import ClientError
    try:
        result = _idp().initiate_auth(ClientId=config.settings().cognito_client_id,
                                      AuthFlow="REFRESH_TOKEN_AUTH",
                                      AuthParameters={"REFRESH_TOKEN": refresh_token})
    except ClientError as exc:
        if _code(exc) == "NotAuthorizedException":
            raise Unauthorized("sign in again", code="invalid_refresh_token") from None
        raise
    return _tokens(result, refresh_token)
