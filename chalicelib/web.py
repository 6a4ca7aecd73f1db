"""HTTP plumbing shared by every route: input parsing, error mapping, JSON replies.

`endpoint()` registers a view on a Chalice app or Blueprint and records what the
OpenAPI document needs (models, parameters, error statuses) on the view itself,
so the document is generated from the same declarations that run.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from chalice import CORSConfig, Response
from pydantic import BaseModel, ValidationError

from chalicelib.config import cors_origin
from chalicelib.errors import DomainError, InvalidInput
from chalicelib.observability import logger

JSON_TYPE = "application/json; charset=utf-8"
# The storefront is served from another origin (S3/CloudFront; with the stage's own domain,
# only that origin); guest orders send their token in X-Order-Token, so browsers must be
# allowed to send that header.
CORS = CORSConfig(allow_origin=cors_origin(), allow_headers=["X-Order-Token"], max_age=600)


@dataclass
class Operation:
    summary: str
    tags: list[str]
    query: type[BaseModel] | None = None
    body: type[BaseModel] | None = None
    response: type[BaseModel] | None = None
    path_params: dict[str, str] = field(default_factory=dict)
    errors: tuple[int, ...] = ()
    cache_seconds: int = 0
    status: int = 200
    groups: tuple[str, ...] = ()
    raw_body: str | None = None  # a non-JSON request body's media type (e.g. text/csv)
    header_params: dict[str, str] = field(default_factory=dict)  # name: description


def json_response(body: Any, status: int = 200, headers: dict | None = None) -> Response:
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return Response(body=text, status_code=status,
                    headers={"Content-Type": JSON_TYPE, **(headers or {})})


# chalice refuses some requests itself, before any view runs: a body in a media type the
# route does not take (415), or a method it does not route (405). Its {"Code", "Message"}
# body becomes the API's error format.
FRAMEWORK_CODES = {"UnsupportedMediaType": "unsupported_media_type",
                   "MethodNotAllowedError": "method_not_allowed", "BadRequestError": "bad_request"}


def html_document(text: str) -> Response:
    """A private, printable page (an invoice, a statement, export papers): never cached, and
    nothing in it may load or run anything (inline styles only)."""
    return Response(body=text, status_code=200, headers={
        "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-store",
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"})


def csv_download(body: str | bytes, filename: str) -> Response:
    """A private spreadsheet download, never cached."""
    return Response(body=body, status_code=200, headers={
        "Content-Type": "text/csv; charset=utf-8", "Cache-Control": "private, no-store",
        "Content-Disposition": f'attachment; filename="{filename}"'})


def in_api_format(response: Response) -> Response:
    body = response.body
    if response.status_code < 400 or not isinstance(body, dict) or set(body) != {"Code", "Message"}:
        return response
    headers = {k: v for k, v in (response.headers or {}).items() if k.lower() != "content-type"}
    code = FRAMEWORK_CODES.get(body["Code"], "bad_request" if response.status_code < 500
                               else "internal_error")
    return json_response(error_body(code, str(body["Message"])), response.status_code, headers)


def error_body(code: str, message: str, details: Any = None) -> dict:
    err: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        err["details"] = details
    return {"error": err}


def _validation_details(exc: ValidationError) -> list[dict]:
    return [{"field": ".".join(str(p) for p in e["loc"]) or "(root)", "problem": e["msg"]}
            for e in exc.errors(include_url=False, include_input=False)]


def parse_query(model: type[BaseModel], params: dict | None) -> BaseModel:
    try:
        return model.model_validate(dict(params or {}))
    except ValidationError as exc:
        details = _validation_details(exc)
        fields = ", ".join(d["field"] for d in details)
        raise InvalidInput(f"invalid query parameter(s): {fields}", details=details) from None


def parse_body(model: type[BaseModel], raw: bytes | None) -> BaseModel:
    if not raw:
        raise InvalidInput("request body is required", code="body_required")
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        details = _validation_details(exc)
        if any(d["problem"].startswith("Invalid JSON") for d in details):
            raise InvalidInput("request body is not valid JSON", code="invalid_json") from None
        raise InvalidInput("request body is invalid", code="invalid_body", details=details) from None


def _principal(request, groups: tuple[str, ...]):
    from chalicelib.auth.principal import Principal
    from chalicelib.errors import Forbidden, Unauthorized
    principal = Principal.from_context((request.context or {}).get("authorizer"))
    if principal is None:
        raise Unauthorized("sign in first", code="unauthorized")
    from chalicelib.auth import officials
    principal = officials.effective(principal)     # a disabled official stops here (401)
    if not principal.in_any(groups):
        raise Forbidden("your account may not do this", code="forbidden")
    return principal


def endpoint(target, path: str, *, methods: Iterable[str] = ("GET",), summary: str,
             tags: Iterable[str] = (), query=None, body=None, response=None,
             path_params: dict[str, str] | None = None, errors: Iterable[int] = (),
             cache_seconds: int = 0, cors: bool = True, groups: Iterable[str] = (),
             authorizer=None, raw_body: str | None = None, status: int = 200,
             headers: dict[str, str] | None = None, **route_kwargs) -> Callable:
    """Register a view. With `groups`, the route needs a verified token (the
    `authorizer`) of a user in one of them: the view gets `principal=`. With `headers`
    (name: description, documented as required), the view gets `headers=` (lower-cased)."""
    groups = tuple(groups)
    if groups and authorizer is None:
        raise ValueError(f"{path}: a protected route needs its authorizer")
    errors = tuple(errors) + ((401, 403) if groups else ()) + \
        ((415,) if body is not None or raw_body is not None else ())
    op = Operation(summary=summary, tags=list(tags), query=query, body=body, response=response,
                   path_params=dict(path_params or {}), errors=errors,
                   cache_seconds=cache_seconds, groups=groups, raw_body=raw_body, status=status,
                   header_params=dict(headers or {}))
    if authorizer is not None:
        route_kwargs["authorizer"] = authorizer
    if body is None and raw_body is None:   # chalice would refuse a GET sent as text/plain (415)
        route_kwargs.setdefault("content_types", ["*/*"])

    def decorate(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def view(**uri_params):
            request = target.current_request
            try:
                kwargs = dict(uri_params)
                if groups:
                    kwargs["principal"] = _principal(request, groups)
                if raw_body is not None:
                    kwargs["raw"] = request.raw_body or b""
                if headers:
                    kwargs["headers"] = {k.lower(): v for k, v in (request.headers or {}).items()}
                if query is not None:
                    kwargs["query"] = parse_query(query, request.query_params)
                if body is not None:
                    kwargs["body"] = parse_body(body, request.raw_body)
                result = fn(**kwargs)
            except DomainError as exc:
                return json_response(error_body(exc.code, exc.message, exc.details), exc.status)
            except Exception:  # the one place an unexpected failure becomes a clean 500
                logger.exception("unhandled error", extra={"path": path})
                return json_response(error_body("internal_error", "something went wrong on our side; "
                                                "please try again"), 500)
            if isinstance(result, Response):  # a view that answers other than JSON
                return result
            if isinstance(result, BaseModel):
                result = result.model_dump(mode="json")
            cache = {"Cache-Control": f"public, max-age={op.cache_seconds}"} if op.cache_seconds \
                else {"Cache-Control": "no-store"}
            return json_response(result, status, cache)

        view.__openapi__ = op
        target.route(path, methods=list(methods), cors=CORS if cors else None,
                     **route_kwargs)(view)
        return view

    return decorate
