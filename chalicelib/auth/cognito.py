"""The Cognito user pool's admin calls, in one place (the IAM policy in
infra/cdk/permissions.py grants exactly these)."""
from __future__ import annotations

from functools import lru_cache

from chalicelib import config
from chalicelib.errors import Conflict, InvalidInput


@lru_cache(maxsize=1)
def idp():
    import boto3
    return boto3.client("cognito-idp", region_name=config.settings().region)


def error_code(exc) -> str:
    return getattr(exc, "response", {}).get("Error", {}).get("Code", "")


def _pool() -> str:
    return config.settings().cognito_user_pool_id


def create_invited(email: str, name: str, temporary_password: str, group: str) -> str:
    """A new account in FORCE_CHANGE_PASSWORD: Cognito e-mails the invitation (the pool's
    invitation template) with `temporary_password`. Returns the account's sub."""
    from botocore.exceptions import ClientError
    try:
        user = idp().admin_create_user(
            UserPoolId=_pool(), Username=email, TemporaryPassword=temporary_password,
            DesiredDeliveryMediums=["EMAIL"],
            UserAttributes=[{"Name": "email", "Value": email},
                            {"Name": "email_verified", "Value": "true"},
                            {"Name": "name", "Value": name}])["User"]
    except ClientError as exc:
        if error_code(exc) in ("UsernameExistsException", "AliasExistsException"):
            raise Conflict("an account with this e-mail exists already (a maker's, perhaps): "
                           "officials need an address of their own", code="account_exists") from None
        if error_code(exc) == "InvalidParameterException":
            raise InvalidInput("Cognito refused this e-mail address", code="invalid_email") from None
        raise
    sub = next(a["Value"] for a in user["Attributes"] if a["Name"] == "sub")
    try:
        idp().admin_add_user_to_group(UserPoolId=_pool(), Username=sub, GroupName=group)
    except Exception:
        delete(sub)
        raise
    return sub


def delete(sub: str) -> None:
    idp().admin_delete_user(UserPoolId=_pool(), Username=sub)


def move_group(sub: str, old: str, new: str) -> None:
    """The new group first, then out of the old one; refresh tokens revoked so the next
    sign-in carries the new group (until then `officials.effective` corrects the old token)."""
    idp().admin_add_user_to_group(UserPoolId=_pool(), Username=sub, GroupName=new)
    idp().admin_remove_user_from_group(UserPoolId=_pool(), Username=sub, GroupName=old)
    idp().admin_user_global_sign_out(UserPoolId=_pool(), Username=sub)


def set_enabled(sub: str, enabled: bool) -> None:
    if enabled:
        idp().admin_enable_user(UserPoolId=_pool(), Username=sub)
    else:
        idp().admin_disable_user(UserPoolId=_pool(), Username=sub)
        idp().admin_user_global_sign_out(UserPoolId=_pool(), Username=sub)
