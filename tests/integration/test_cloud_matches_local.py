"""The running local stack (stage `local`) and the synthesized cloud stack (stage `dev`)
agree: table keys and indexes, queue names and redrive, buckets and their roles, state
machine and topic — names compared after mapping the stage (checks in tests/infra)."""
from __future__ import annotations

import boto3
import pytest

from tests.infra.conftest import synthesize
from tests.infra.test_local_matches_cloud import check_all


@pytest.fixture(scope="module")
def dev_template(tmp_path_factory):
    return synthesize("dev", tmp_path_factory.mktemp("cdk-dev"))


def test_running_local_stack_agrees_with_the_cloud_stack(stack, dev_template):
    check_all(boto3.client, dev_template, "local")
