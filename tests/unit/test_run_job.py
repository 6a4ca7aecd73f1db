"""Running a scheduled job by hand (tools/run_job.py; the deploy's page publishing uses it):
the function gets the event its schedule would send, which chalice's handler accepts — an
empty payload does not get past chalice."""
from __future__ import annotations

import io
import json

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import ANY, Stubber
from chalice.app import CloudWatchEvent

from infra.local.schedule import scheduled_event
from tools import run_job


def test_the_event_is_one_chalices_schedule_handlers_accept():
    CloudWatchEvent(scheduled_event("publish_site", "ap-south-1"), None)
    with pytest.raises(KeyError):
        CloudWatchEvent({}, None)


def _answer(body: dict, error: bool = False) -> dict:
    raw = json.dumps(body).encode()
    return {"StatusCode": 200, "Payload": StreamingBody(io.BytesIO(raw), len(raw)),
            **({"FunctionError": "Unhandled"} if error else {})}


@pytest.mark.parametrize("error", [False, True])
def test_invoke_names_the_stage_function_and_reports_its_failure(monkeypatch, error):
    session = boto3.session.Session(region_name="ap-south-1", aws_access_key_id="x",
                                    aws_secret_access_key="x")
    lam = session.client("lambda")
    monkeypatch.setattr(session, "client", lambda *a, **kw: lam)
    with Stubber(lam) as stub:
        stub.add_response("invoke", _answer({"rendered": 3}, error),
                          {"FunctionName": "deogharmart-prod-publish_site", "Payload": ANY})
        if error:
            with pytest.raises(RuntimeError, match="publish_site failed"):
                run_job.invoke(session, "prod", "publish_site")
        else:
            assert run_job.invoke(session, "prod", "publish_site") == {"rendered": 3}
