"""The local stack and the cloud stack agree: table key schemas and indexes, queue names and
redrive settings, buckets and their roles, the state machine's and topic's names — read back
from moto (what the local stack created) and from the synthesized dev template.

Here the local provisioning code (`infra.local.provision.create_all`, what `make run` runs)
creates the dev stage in moto in-process; `tests/integration/test_cloud_matches_local.py`
runs the same checks against the running local stack (stage `local`, names mapped by stage).
"""
from __future__ import annotations

import json

import boto3
import pytest
from botocore.exceptions import ClientError

from infra.resources import resources
from infra.site import SECURITY_HEADERS

REGION = "ap-south-1"


def check_all(client, synth, local_stage: str) -> None:
    """`client(service)` gives a boto3 client of the local stack whose stage is `local_stage`."""
    def cloud_name(local_name: str) -> str:
        return local_name.replace(f"deogharmart-{local_stage}-", f"deogharmart-{synth.stage}-")
    check_tables(client("dynamodb"), synth, local_stage, cloud_name)
    check_queues(client("sqs"), synth, local_stage, cloud_name)
    check_buckets(client("s3"), synth, local_stage, cloud_name)
    check_machine_and_topic(client("stepfunctions"), client("sns"), synth, local_stage, cloud_name)


def _gsis(indexes):
    return {g["IndexName"]: (g["KeySchema"], g["Projection"]["ProjectionType"])
            for g in indexes or []}


def _attrs(items):
    return sorted(items, key=lambda a: a["AttributeName"])


def check_tables(ddb, synth, local_stage, cloud_name):
    cloud = {t["Properties"]["TableName"]: t["Properties"]
             for t in synth.resources("AWS::DynamoDB::Table").values()}
    local_names = [t.name for t in resources(local_stage).tables]
    assert sorted(map(cloud_name, local_names)) == sorted(cloud)
    for name in local_names:
        have, want = ddb.describe_table(TableName=name)["Table"], cloud[cloud_name(name)]
        assert have["KeySchema"] == want["KeySchema"], name
        assert _attrs(have["AttributeDefinitions"]) == _attrs(want["AttributeDefinitions"]), name
        assert _gsis(have.get("GlobalSecondaryIndexes")) == _gsis(
            want.get("GlobalSecondaryIndexes")), name
        ttl = ddb.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
        assert ttl.get("AttributeName") == want.get("TimeToLiveSpecification", {}).get(
            "AttributeName"), name


def check_queues(sqs, synth, local_stage, cloud_name):
    by_id = {k: v["Properties"] for k, v in synth.resources("AWS::SQS::Queue").items()}
    want = {}
    for props in by_id.values():
        redrive = props.get("RedrivePolicy")
        if redrive:      # (visibility, DLQ name, max receives) of each working queue
            dlq = by_id[redrive["deadLetterTargetArn"]["Fn::GetAtt"][0]]["QueueName"]
            want[props["QueueName"]] = (props["VisibilityTimeout"], dlq,
                                        int(redrive["maxReceiveCount"]))
        else:
            want[props["QueueName"]] = None
    have = {}
    res = resources(local_stage)      # the schedule failures queue: no redrive, no consumer
    attrs = sqs.get_queue_attributes(QueueUrl=sqs.get_queue_url(
        QueueName=res.schedule_failures)["QueueUrl"], AttributeNames=["All"])["Attributes"]
    have[cloud_name(res.schedule_failures)] = None if "RedrivePolicy" not in attrs else "redrive"
    for q in res.queues:
        for name in (q.name, q.dlq_name):
            url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
            attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
            redrive = json.loads(attrs["RedrivePolicy"]) if "RedrivePolicy" in attrs else None
            have[cloud_name(name)] = (int(attrs["VisibilityTimeout"]), cloud_name(
                redrive["deadLetterTargetArn"].rsplit(":", 1)[1]),
                int(redrive["maxReceiveCount"])) if redrive else None
    assert have == want


def _exists(call, **kwargs) -> bool:
    try:
        call(**kwargs)
        return True
    except ClientError:
        return False


def check_buckets(s3, synth, local_stage, cloud_name):
    res = resources(local_stage)
    existing = {b["Name"] for b in s3.list_buckets()["Buckets"]}
    assert {b.name for b in res.buckets} <= existing
    buckets = synth.resources("AWS::S3::Bucket")
    cloud = {b["Properties"].get("BucketName"): b["Properties"] for b in buckets.values()}
    ids = {b["Properties"].get("BucketName"): k for k, b in buckets.items()}
    assert {cloud_name(b.name) for b in res.buckets} == {n for n in cloud if n}  # + access logs
    origins = json.dumps([d["Properties"]["DistributionConfig"]["Origins"]
                          for d in synth.resources("AWS::CloudFront::Distribution").values()])
    for b in res.buckets:
        props = cloud[cloud_name(b.name)]
        # uploads: browsers post presigned forms, in both stacks
        assert ("CorsConfiguration" in props) == b.cors_put == _exists(
            s3.get_bucket_cors, Bucket=b.name), b.name
        # new uploads are announced to the same queue with the same prefix
        local_notify = s3.get_bucket_notification_configuration(Bucket=b.name).get(
            "QueueConfigurations", [])
        cloud_notify = props.get("NotificationConfiguration", {}).get("QueueConfigurations", [])
        assert len(local_notify) == len(cloud_notify) == (1 if b.notify_queue else 0), b.name
        if b.notify_queue:
            assert local_notify[0]["QueueArn"].endswith(res.queue(b.notify_queue).name)
            assert cloud_notify[0]["Queue"]["Fn::GetAtt"][0].startswith(b.notify_queue)
            assert local_notify[0]["Filter"]["Key"]["FilterRules"] == [
                {"Name": "prefix", "Value": b.notify_prefix}]
            assert cloud_notify[0]["Filter"]["S3Key"]["Rules"] == [
                {"Name": "prefix", "Value": b.notify_prefix}]
        # versioned in both, and in the cloud old versions expire
        local_versioning = s3.get_bucket_versioning(Bucket=b.name).get("Status")
        cloud_versioning = props.get("VersioningConfiguration", {}).get("Status")
        assert local_versioning == cloud_versioning == (
            "Enabled" if b.old_versions_days else None), b.name
        if b.old_versions_days:
            expiry = [r["NoncurrentVersionExpiration"]["NoncurrentDays"]
                      for r in props["LifecycleConfiguration"]["Rules"]
                      if "NoncurrentVersionExpiration" in r]
            assert expiry == [b.old_versions_days], b.name
        # public-read media: anyone reads it locally; in the cloud only CloudFront does
        assert _exists(s3.get_bucket_policy, Bucket=b.name) == b.public_read, b.name
        behind_cdn = ids[cloud_name(b.name)] in origins
        assert behind_cdn == (b.public_read or b.logical_id == "WebBucket"), b.name


def check_machine_and_topic(sfn, sns, synth, local_stage, cloud_name):
    res = resources(local_stage)
    machines = {m["name"] for m in sfn.list_state_machines()["stateMachines"]}
    assert res.order_state_machine.name in machines
    (cloud,) = synth.resources("AWS::StepFunctions::StateMachine").values()
    assert cloud_name(res.order_state_machine.name) == cloud["Properties"]["StateMachineName"]
    topics = {t["TopicArn"].rsplit(":", 1)[1] for t in sns.list_topics()["Topics"]}
    assert res.alarm_topic.name in topics
    (topic,) = synth.resources("AWS::SNS::Topic").values()
    assert cloud_name(res.alarm_topic.name) == topic["Properties"]["TopicName"]


@pytest.fixture(scope="module")
def moto_dev():
    from moto import mock_aws

    from infra.local import provision
    mp = pytest.MonkeyPatch()
    for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
        mp.delenv(name, raising=False)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        mp.setenv(name, "testing")
    mp.setenv("AWS_DEFAULT_REGION", REGION)
    with mock_aws():
        session = boto3.session.Session(region_name=REGION)
        provision.create_all(resources("dev"), session)
        yield session
    mp.undo()


def test_local_provisioning_of_dev_agrees_with_the_dev_template(dev, moto_dev):
    check_all(moto_dev.client, dev, "dev")


def cloudfront_headers(config: dict) -> dict[str, str]:
    """A ResponseHeadersPolicy's security headers as CloudFront writes them."""
    h = config["SecurityHeadersConfig"]
    hsts = h["StrictTransportSecurity"]
    return {"Strict-Transport-Security": f"max-age={hsts['AccessControlMaxAgeSec']}"
            + ("; includeSubDomains" if hsts.get("IncludeSubdomains") else "")
            + ("; preload" if hsts.get("Preload") else ""),
            "X-Content-Type-Options": "nosniff",
            "X-Frame-Options": h["FrameOptions"]["FrameOption"],
            "Referrer-Policy": h["ReferrerPolicy"]["ReferrerPolicy"],
            "Content-Security-Policy": h["ContentSecurityPolicy"]["ContentSecurityPolicy"]}


def test_the_local_web_server_sends_the_security_headers_cloudfront_adds(dev):
    """infra/local/static_server.py sends infra.site.SECURITY_HEADERS on every answer (the
    smoke test checks them on the running stack); here they are CloudFront's."""
    policies = dev.resources("AWS::CloudFront::ResponseHeadersPolicy")
    assert policies
    for lid, policy in policies.items():
        assert cloudfront_headers(policy["Properties"]["ResponseHeadersPolicyConfig"]) == \
            SECURITY_HEADERS, lid
