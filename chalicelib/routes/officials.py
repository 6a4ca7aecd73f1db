"""The office's officials: invite block facilitators and admins, change their role or block,
disable and enable them (chalicelib/auth/officials.py). Admins only."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.auth import schemas as s
from chalicelib.catalog.schemas import NoQuery
from chalicelib.routes.auth import for_admins

bp = Blueprint(__name__)
SUB = {"sub": "The official's account id (Cognito sub)"}


@for_admins(bp, "/admin/officials", summary="The district's officials, by e-mail",
            tags=["admin"], query=s.OfficialQuery, response=s.OfficialList, errors=(400,))
def officials_list(query, principal):
    from chalicelib.auth import officials
    return officials.listing(query.limit, query.cursor)


@for_admins(bp, "/admin/officials", methods=["POST"], status=201, tags=["admin"],
            summary="Invite an official: Cognito e-mails a temporary password",
            query=NoQuery, body=s.OfficialInviteIn, response=s.Official, errors=(400, 409))
def invite(query, body, principal):
    from chalicelib.auth import officials
    return officials.invite(principal, str(body.email).lower(), body.name, body.role, body.block)


@for_admins(bp, "/admin/officials/{sub}", methods=["PATCH"], tags=["admin"],
            summary="Change an official's role or block", query=NoQuery,
            body=s.OfficialChangeIn, response=s.Official, errors=(400, 404, 409), path_params=SUB)
def change(sub, query, body, principal):
    from chalicelib.auth import officials
    return officials.change(principal, sub, body.role, body.block, body.version)


@for_admins(bp, "/admin/officials/{sub}/disable", methods=["POST"], tags=["admin"],
            summary="Disable an official: signed out at once, cannot sign in",
            query=NoQuery, body=s.VersionIn, response=s.Official, errors=(400, 404, 409),
            path_params=SUB)
def disable(sub, query, body, principal):
    from chalicelib.auth import officials
    return officials.set_enabled(principal, sub, False, body.version)


@for_admins(bp, "/admin/officials/{sub}/enable", methods=["POST"], tags=["admin"],
            summary="Enable a disabled official again", query=NoQuery, body=s.VersionIn,
            response=s.Official, errors=(400, 404, 409), path_params=SUB)
def enable(sub, query, body, principal):
    from chalicelib.auth import officials
    return officials.set_enabled(principal, sub, True, body.version)
