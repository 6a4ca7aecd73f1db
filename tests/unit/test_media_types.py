"""A body in a media type the route does not take: a documented 415 in the API's error format.

Found by schemathesis (tests/integration/test_fuzz.py): chalice refuses such a request
itself, before any view runs, and answered with its own `{"Code", "Message"}` body and a
status the OpenAPI document did not list (e.g. POST /vendor/imports with no Content-Type).
"""
from __future__ import annotations

import json

import pytest

from tests.openapi_check import OpenAPIChecker
from tests.unit import accounts

PASSWORD = "Media@Deoghar2026"


@pytest.fixture(scope="module")
def checker(client):
    return OpenAPIChecker(json.loads(client.http.get("/openapi.json").body))


@pytest.fixture(scope="module")
def vendor(client):
    accounts.make_user("media-types@test.in", PASSWORD, "vendors")
    return accounts.login(client, "media-types@test.in", PASSWORD)["id_token"]


@pytest.mark.parametrize("path,content_type,body", [
    ("/quotes", "text/plain", '{"items": []}'),         # a JSON route sent text
    ("/vendor/imports", None, ""),                      # the CSV import sent nothing typed
    ("/vendor/imports", "application/json", "[]"),      # ...or JSON
])
def test_an_unaccepted_media_type_is_a_documented_415(client, checker, vendor, path,
                                                      content_type, body):
    headers = {"Authorization": f"Bearer {vendor}"}
    if content_type:
        headers["Content-Type"] = content_type
    r = client.http.post(path, headers=headers, body=body)
    assert r.status_code == 415, r.body
    assert r.headers["Content-Type"].startswith("application/json")
    error = json.loads(r.body)
    assert error["error"]["code"] == "unsupported_media_type", error
    checker.check("POST", path, 415, error)


def test_every_operation_that_takes_a_body_documents_415(checker):
    with_body = [(method, path) for path, ops in checker.doc["paths"].items()
                 for method, op in ops.items() if "requestBody" in op]
    assert len(with_body) > 15
    assert [m for m in with_body
            if "415" not in checker.operation(*m)["responses"]] == []


@pytest.mark.parametrize("content_type", ["multipart/form-data", "text/plain"])
def test_a_route_that_takes_no_body_ignores_the_content_type(client, content_type):
    """chalice checked the Content-Type of every request, so a GET that some client sent
    with one was a 415 the document did not list (schemathesis, GET /orders/{order_id})."""
    r = client.http.get("/categories", headers={"Content-Type": content_type})
    assert r.status_code == 200, r.body
