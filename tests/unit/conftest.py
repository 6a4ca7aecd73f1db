"""Unit tests: moto in-process, no network (pytest-socket blocks every socket)."""
from __future__ import annotations

import os

import boto3
import pytest
from pytest_socket import disable_socket

from infra.local.env import Ports, REGION, stack_env

MEDIA_BASE = "https://media.test.deogharmart.in"


def pytest_runtest_setup(item):
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


def cognito_env(done, folder) -> dict[str, str]:
    """Point token verification at moto's signing keys through a file: URL (no network)."""
    import gzip
    from pathlib import Path

    import moto.cognitoidp
    keys = Path(moto.cognitoidp.__file__).parent / "resources" / "jwks-public.json.gz"
    jwks = folder / "jwks.json"
    jwks.write_bytes(gzip.decompress(keys.read_bytes()))
    return {"COGNITO_USER_POOL_ID": done.user_pool_id, "COGNITO_CLIENT_ID": done.user_pool_client_id,
            "COGNITO_JWKS_URL": jwks.as_uri()}


@pytest.fixture(scope="package")
def aws(tmp_path_factory):
    from moto import mock_aws

    from chalicelib import config
    from chalicelib.catalog import repository
    from infra.local import provision
    from infra.resources import resources

    saved = dict(os.environ)
    os.environ.update(unit_env())
    os.environ.pop("AWS_ENDPOINT_URL", None)
    config.reset()
    repository.bind.cache_clear()
    with mock_aws():
        done = provision.create_all(resources("local"), boto3.session.Session(region_name=REGION))
        os.environ.update(cognito_env(done, tmp_path_factory.mktemp("jwks")))
        config.reset()
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
