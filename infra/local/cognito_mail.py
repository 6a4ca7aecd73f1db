"""Cognito's mailer, locally. moto's Cognito sends no mail, so the local moto server puts
the mails Cognito would send into moto's SES outbox (GET /_dm/mail, the portal's local
mailbox), with the texts of the cloud pool's templates (infra/cognito_messages.py):

- AdminCreateUser (an invited official): the invitation with the temporary password;
- ForgotPassword: the code (moto returns it in a header of its own, which is turned into
  the 6 digits Cognito would send; ConfirmForgotPassword takes the digits back, so a wrong
  code fails as on AWS);
- ResendConfirmationCode, which moto lacks: answered here, with a code that ConfirmSignUp
  then checks (moto itself accepts any code).
"""
from __future__ import annotations

import io
import json
import os
import random
import threading

TARGET = "AWSCognitoIdentityProviderService."
SENDER = "no-reply@verificationemail.com"     # Cognito's own sender when no SES identity is set
MOTO_CODE = "moto-confirmation-code:"
_signup_codes: dict[tuple[str, str], str] = {}
_lock = threading.Lock()


def _pool_user(client_id: str | None, pool_id: str | None, username: str):
    from moto.cognitoidp.models import cognitoidp_backends
    for account, regions in list(cognitoidp_backends.items()):
        for region, backend in list(regions.items()):
            for pool in list(backend.user_pools.values()):
                if (pool_id and pool.id == pool_id) or (client_id and client_id in pool.clients):
                    return account, region, pool, pool._get_user(username)
    return None, None, None, None


def _email(user) -> str | None:
    return next((a["Value"] for a in user.attributes if a["Name"] == "email"), None) if user else None


def _mail(account: str, region: str, to: str, subject: str, body: str) -> None:
    from moto.ses.models import Message, ses_backends
    from moto.ses.utils import get_random_message_id
    ses_backends[account][region].sent_messages.append(
        Message(get_random_message_id(), SENDER, subject, body, {"ToAddresses": [to]}))


def _mask(address: str) -> str:
    name, _, domain = address.partition("@")
    return f"{name[:1]}***@{domain[:1]}***"


def _error(start_response, kind: str, message: str):
    start_response("400 Bad Request", [("Content-Type", "application/x-amz-json-1.1")])
    return [json.dumps({"__type": kind, "message": message}).encode()]


def _resend(body: dict, start_response):
    from infra import cognito_messages as m
    account, region, _pool, user = _pool_user(body.get("ClientId"), None, body.get("Username", ""))
    if user is None:
        return _error(start_response, "UserNotFoundException", "Username/client id combination not found.")
    if user.status == "CONFIRMED":
        return _error(start_response, "InvalidParameterException", "User is already confirmed.")
    code = f"{random.randint(0, 999_999):06d}"
    with _lock:
        _signup_codes[(user.user_pool_id, user.username)] = code
    _mail(account, region, _email(user), m.CODE_SUBJECT, m.CODE_BODY.replace("{####}", code))
    start_response("200 OK", [("Content-Type", "application/x-amz-json-1.1")])
    return [json.dumps({"CodeDeliveryDetails": {"Destination": _mask(_email(user) or ""),
                                                "DeliveryMedium": "EMAIL",
                                                "AttributeName": "email"}}).encode()]


def with_cognito_mail(app):
    from infra import cognito_messages as m
    portal = os.environ.get("DM_PORTAL_URL", "http://127.0.0.1:8080/portal.html")

    def wsgi(environ, start_response):
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if not target.startswith(TARGET):
            return app(environ, start_response)
        op = target[len(TARGET):]
        raw = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        body = json.loads(raw or b"{}")
        if op == "ResendConfirmationCode":
            return _resend(body, start_response)
        if op == "ConfirmForgotPassword" and body.get("ConfirmationCode", "").isdigit():
            body["ConfirmationCode"] = MOTO_CODE + body["ConfirmationCode"]
        if op == "ConfirmSignUp":
            _a, _r, _p, user = _pool_user(body.get("ClientId"), None, body.get("Username", ""))
            with _lock:
                issued = _signup_codes.get((user.user_pool_id, user.username)) if user else None
            if issued and body.get("ConfirmationCode") != issued:
                return _error(start_response, "CodeMismatchException", "Invalid verification code provided, please try again.")
        raw = json.dumps(body).encode()
        environ["wsgi.input"], environ["CONTENT_LENGTH"] = io.BytesIO(raw), str(len(raw))
        seen: dict = {}

        def capture(status, headers, exc_info=None):
            seen["status"], seen["headers"] = status, dict((k.lower(), v) for k, v in headers)
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)
        out = list(app(environ, capture))
        if not seen.get("status", "").startswith("200"):
            return out
        if op == "ForgotPassword":
            code = seen["headers"].get("x-moto-forgot-password-confirmation-code", "")
            account, region, _pool, user = _pool_user(body.get("ClientId"), None, body.get("Username", ""))
            if user is not None and code.startswith(MOTO_CODE):
                _mail(account, region, _email(user), m.CODE_SUBJECT,
                      m.CODE_BODY.replace("{####}", code[len(MOTO_CODE):]))
        elif op == "AdminCreateUser" and body.get("MessageAction") != "SUPPRESS" \
                and body.get("TemporaryPassword"):
            account, region, _pool, user = _pool_user(None, body.get("UserPoolId"), body.get("Username", ""))
            if user is not None:
                _mail(account, region, _email(user), m.INVITE_SUBJECT,
                      m.invite_body(portal).replace("{username}", _email(user) or "")
                      .replace("{####}", body["TemporaryPassword"]))
        return out
    return wsgi
