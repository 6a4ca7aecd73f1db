"""The rehearsal of docs/operations.md's table restore (tools/restore_table.py), on moto:
restore the orders table to a point in time under a new name, find what the live table lost
and what changed, put the lost items back and leave the changed ones alone.

moto copies the table as it is when asked (its RestoreTableToPointInTime ignores the time),
so this proves the steps, the names, the copy's keys and indexes and the copy-back — not
DynamoDB's choice of versions, which AWS guarantees."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import boto3
import pytest
from moto import mock_aws

from infra.local import provision
from infra.resources import resources
from tools import restore_table

IST = timezone(timedelta(hours=5, minutes=30))


@pytest.fixture
def ddb(monkeypatch):
    for name, value in (("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing"),
                        ("AWS_DEFAULT_REGION", "ap-south-1")):
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    with mock_aws():
        client = boto3.client("dynamodb", region_name="ap-south-1")
        for table in resources("local").tables:     # as the local stack creates them
            provision._table(client, table)
        yield client


def item(pk: str, sk: str, status: str) -> dict:
    return {"pk": {"S": pk}, "sk": {"S": sk}, "status": {"S": status}}


def test_restore_then_put_back_what_was_lost(ddb, capsys):
    live = restore_table.live_name("local", "orders")
    assert live == "deogharmart-local-orders"
    keys = [k["AttributeName"] for k in ddb.describe_table(TableName=live)["Table"]["KeySchema"]]
    assert keys == ["pk", "sk"]
    for n in range(3):
        ddb.put_item(TableName=live, Item=item(f"ORDER#o{n}", "ORDER", "paid"))

    when = datetime(2026, 12, 3, 14, 5, tzinfo=IST)
    assert restore_table.main(["restore", "--stage", "local", "--table", "orders",
                               "--time", when.isoformat()]) == 0
    copy = capsys.readouterr().out.strip().splitlines()[-1]
    assert copy == f"{live}-restored-202612030835"            # named in UTC
    have, had = (ddb.describe_table(TableName=t)["Table"] for t in (live, copy))
    assert had["KeySchema"] == have["KeySchema"]
    assert {g["IndexName"] for g in had.get("GlobalSecondaryIndexes", [])} == \
        {g["IndexName"] for g in have.get("GlobalSecondaryIndexes", [])}

    # the mistake: one order deleted, another changed since
    ddb.delete_item(TableName=live, Key={"pk": {"S": "ORDER#o1"}, "sk": {"S": "ORDER"}})
    ddb.put_item(TableName=live, Item=item("ORDER#o2", "ORDER", "delivered"))

    dry = restore_table.compare(ddb, live, copy)
    assert dry == {"missing": [{"pk": {"S": "ORDER#o1"}, "sk": {"S": "ORDER"}}],
                   "changed": [{"pk": {"S": "ORDER#o2"}, "sk": {"S": "ORDER"}}], "restored": 0}
    assert "Item" not in ddb.get_item(TableName=live, Key={"pk": {"S": "ORDER#o1"},
                                                           "sk": {"S": "ORDER"}})
    assert restore_table.main(["compare", "--stage", "local", "--table", "orders",
                               "--from", copy, "--apply"]) == 0
    assert "1 lost, 1 changed; 1 put back" in capsys.readouterr().out
    got = ddb.get_item(TableName=live, Key={"pk": {"S": "ORDER#o1"}, "sk": {"S": "ORDER"}})
    assert got["Item"] == item("ORDER#o1", "ORDER", "paid")
    kept = ddb.get_item(TableName=live, Key={"pk": {"S": "ORDER#o2"}, "sk": {"S": "ORDER"}})
    assert kept["Item"]["status"] == {"S": "delivered"}        # the newer state is left alone
    assert restore_table.compare(ddb, live, copy, apply=True)["restored"] == 0   # idempotent


def test_a_time_without_its_offset_is_refused():
    with pytest.raises(SystemExit):
        restore_table.main(["restore", "--stage", "local", "--table", "orders",
                            "--time", "2026-12-03T14:05"])
