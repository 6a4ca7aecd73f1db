"""Liveness and readiness through chalice's test client, on moto in-process.

`/health/ready` is also the floor of the load benchmark (bench/load.py): a bare route
with exactly one DynamoDB read, so its cost must stay exactly that."""
from __future__ import annotations

import collections
import json

import pytest
from botocore.client import BaseClient

from tests.openapi_check import OpenAPIChecker


@pytest.fixture(scope="module")
def checker(client):
    return OpenAPIChecker(json.loads(client.http.get("/openapi.json").body))


@pytest.fixture
def aws_calls(monkeypatch):
    calls: collections.Counter = collections.Counter()
    original = BaseClient._make_api_call

    def counted(self, operation_name, api_params):
        calls[(self.meta.service_model.service_name, operation_name)] += 1
        return original(self, operation_name, api_params)

    monkeypatch.setattr(BaseClient, "_make_api_call", counted)
    return calls


def test_ready_reads_the_catalog_table_exactly_once(client, checker, aws_calls):
    client.http.get("/health/ready")  # the first call of a container binds the models
    aws_calls.clear()
    r = client.http.get("/health/ready")
    body = json.loads(r.body)
    assert r.status_code == 200, body
    assert body["status"] == "ready" and body["stage"] == "local" and body["version"]
    assert r.headers["Cache-Control"] == "no-store"
    checker.check("GET", "/health/ready", r.status_code, body)
    assert dict(aws_calls) == {("dynamodb", "GetItem"): 1}


def test_liveness_reads_nothing(client, aws_calls):
    r = client.http.get("/health")
    assert r.status_code == 200 and json.loads(r.body)["status"] == "ok"
    assert not aws_calls


def test_not_ready_when_the_catalog_table_is_missing(client, checker, monkeypatch):
    from chalicelib.db.models import CategoryItem
    # A stage pointed at a table that does not exist (or was deleted): moto answers
    # ResourceNotFoundException, as DynamoDB would.
    monkeypatch.setattr(CategoryItem.Meta, "table_name", "deogharmart-local-no-such-table")
    monkeypatch.setattr(CategoryItem, "_connection", None)
    r = client.http.get("/health/ready")
    body = json.loads(r.body)
    assert r.status_code == 503 and body["error"]["code"] == "not_ready", body
    checker.check("GET", "/health/ready", r.status_code, body)
    assert "Traceback" not in r.body.decode()
