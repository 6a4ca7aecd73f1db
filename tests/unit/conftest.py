"""Unit tests: moto in-process, no network (pytest-socket blocks every socket; a test marked
`allow_hosts(["127.0.0.1"])` may talk to a server of its own on loopback)."""
from __future__ import annotations

import os

import boto3
import pytest
from pytest_socket import disable_socket

from infra.local.env import Ports, REGION, stack_env

MEDIA_BASE = "https://media.test.deogharmart.in"


def pytest_runtest_setup(item):
    if item.get_closest_marker("allow_hosts"):
        return  # pytest-socket's own marker: connections to those hosts only (loopback servers)
    disable_socket(allow_unix_socket=True)


@pytest.fixture(autouse=True)
def no_aws_endpoint(monkeypatch):
    """moto in-process only intercepts AWS's own endpoints: never a local server's."""
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)


def unit_env() -> dict[str, str]:
    env = stack_env(Ports())
    env.pop("AWS_ENDPOINT_URL")  # moto in-process intercepts botocore; no server
    env["MEDIA_BASE_URL"] = MEDIA_BASE
    return env


def cognito_env(done) -> dict[str, str]:
    return {"COGNITO_USER_POOL_ID": done.user_pool_id,
            "COGNITO_CLIENT_ID": done.user_pool_client_id}


def preload_jwks() -> None:
    """Unit tests have no network: put moto's public signing keys in the key cache
    that would otherwise be filled from the pool's JWKS URL (the integration tests
    fetch it over HTTP from the moto server)."""
    import gzip
    import json
    from pathlib import Path

    import moto.cognitoidp

    from chalicelib.auth import tokens
    keys = Path(moto.cognitoidp.__file__).parent / "resources" / "jwks-public.json.gz"
    tokens._jwks.cache_clear()
    tokens._jwks().jwk_set_cache.put(json.loads(gzip.decompress(keys.read_bytes())))


@pytest.fixture(scope="package")
def aws():
    from moto import mock_aws

    from chalicelib import config
    from chalicelib.catalog import repository
    from infra.local import provision
    from infra.resources import resources

    from infra.local import moto_transactions
    moto_transactions.install()        # as the moto server does: rollback by item
    moto_transactions.serialise_in_process()   # and one DynamoDB call at a time
    saved = dict(os.environ)
    os.environ.update(unit_env())
    os.environ.pop("AWS_ENDPOINT_URL", None)
    config.reset()
    repository.bind.cache_clear()
    with mock_aws():
        done = provision.create_all(resources("local"), boto3.session.Session(region_name=REGION))
        os.environ.update(cognito_env(done))
        config.reset()
        preload_jwks()
        yield done
    os.environ.clear()
    os.environ.update(saved)
    config.reset()
    repository.bind.cache_clear()


@pytest.fixture(scope="package")
def seeded(aws):
    from infra.seed import seed
    return seed.seed()


@pytest.fixture(scope="package")
def client(seeded):
    from chalice.test import Client

    from app import app
    from infra.local import gateway
    gateway.install()
    with Client(app, stage_name="local", project_dir=str(_root())) as c:
        yield c


def _root():
    from infra.local.env import ROOT
    return ROOT
