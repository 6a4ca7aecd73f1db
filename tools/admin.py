"""The stage's first district-office admin, without the AWS console:

    make admin EMAIL=dc-office@deoghar.nic.in NAME="District office" STAGE=dev

creates the account in the stage's user pool (or finds it), puts it in the `admins` group and
sets the password you type, and records it among the district's officials (asked twice, never on the command line or in the shell's history;
`--password-stdin` reads it from standard input for scripts). The admin signs in on the portal
with it; further officials are invited from the desk. Against the local stack use STAGE=local
(with `make run` going). In the cloud it uses your AWS credentials and the stack's `UserPoolId`
output. Running it again for the same address only makes sure of the group and the password.
"""
from __future__ import annotations

import argparse
import getpass
import os
import re
import sys

GROUP = "admins"
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def pool_id(stage: str, session) -> str:
    if stage == "local":
        return os.environ["COGNITO_USER_POOL_ID"]
    from infra.cdk.publish import stack_outputs
    return stack_outputs(session.client("cloudformation"), f"deogharmart-{stage}")["UserPoolId"]


def catalog_table(stage: str, session) -> str:
    if stage == "local":
        return os.environ["CATALOG_TABLE"]
    from infra.cdk.publish import stack_outputs
    return stack_outputs(session.client("cloudformation"), f"deogharmart-{stage}")["CatalogTableName"]


def register(table: str, region: str, idp, pool: str, email: str, name: str) -> None:
    """The admin's record among the officials (the desk lists it; chalicelib/auth/officials)."""
    from chalicelib.auth import officials
    from chalicelib.db.models import bind_to
    bind_to(table, region)
    user = idp.admin_get_user(UserPoolId=pool, Username=email)
    sub = next(a["Value"] for a in user["UserAttributes"] if a["Name"] == "sub")
    officials.register(sub, email, name)


def make_admin(idp, pool: str, email: str, name: str, password: str) -> bool:
    """True when the account was created, False when it existed already."""
    from botocore.exceptions import ClientError
    created = True
    try:
        idp.admin_create_user(UserPoolId=pool, Username=email, MessageAction="SUPPRESS",
                              TemporaryPassword=password,   # the pool's policy checks it here
                              UserAttributes=[{"Name": "email", "Value": email},
                                              {"Name": "email_verified", "Value": "true"},
                                              {"Name": "name", "Value": name}])
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "UsernameExistsException":
            raise
        created = False
    try:
        idp.admin_set_user_password(UserPoolId=pool, Username=email, Password=password,
                                    Permanent=True)
        idp.admin_add_user_to_group(UserPoolId=pool, Username=email, GroupName=GROUP)
    except ClientError:
        if created:      # never leave a half-made account behind
            idp.admin_delete_user(UserPoolId=pool, Username=email)
        raise
    return created


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("New admin's password: ")
    if getpass.getpass("Once more: ") != first:
        raise SystemExit("the two passwords differ")
    return first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", required=True, choices=["local", "dev", "prod"])
    parser.add_argument("--email", required=True)
    parser.add_argument("--name", default="District office")
    parser.add_argument("--password-stdin", action="store_true")
    args = parser.parse_args(argv)
    if not EMAIL.match(args.email):
        parser.error(f"not an e-mail address: {args.email!r}")
    import boto3
    from botocore.exceptions import ClientError
    session = boto3.session.Session()
    password = _password(args.password_stdin)
    try:
        pool = pool_id(args.stage, session)
        idp = session.client("cognito-idp")
        created = make_admin(idp, pool, args.email.lower(), args.name, password)
        register(catalog_table(args.stage, session), idp.meta.region_name, idp, pool,
                 args.email.lower(), args.name)
    except ClientError as exc:     # e.g. a password the pool's policy refuses
        print(f"not done: {exc.response['Error'].get('Message', exc)}", file=sys.stderr)
        return 1
    print(f"{'created' if created else 'updated'} admin {args.email.lower()} in {pool} "
          f"({args.stage}); sign in on the portal with the password you chose")
    return 0


if __name__ == "__main__":
    sys.exit(main())
