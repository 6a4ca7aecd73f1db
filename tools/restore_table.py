"""Bring back items of one of the stage's DynamoDB tables from point-in-time recovery
(docs/operations.md, "Restoring a table"). Two steps; the live table is never replaced:

  1. python -m tools.restore_table restore --stage prod --table orders --time 2026-12-03T14:05+05:30
     DynamoDB makes a copy of the table as it was at that moment (any second of the last 35
     days), under a new name: deogharmart-prod-orders-restored-<UTC yyyymmddhhmm>. Waits until
     the copy is ACTIVE (on AWS: minutes to hours, by size) and prints its name.
  2. python -m tools.restore_table compare --stage prod --table orders --from <copy> [--apply]
     Lists items the copy has and the live table has lost (deleted by mistake), and items
     that differ. With --apply, puts the lost ones back, each only if it is still missing.
     Changed items are listed, never overwritten: they are decided one by one.

`--table` is catalog, orders or idempotency. In the cloud it uses your AWS credentials; on
the local stack (STAGE local, with `make run` going) the stack's environment: moto copies
the table as it is now, whatever the time (the rehearsal in tests/unit/test_restore_table.py
runs both steps there). Delete the copy when done: aws dynamodb delete-table --table-name …
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime, timezone

TABLES = {"catalog": "Catalog", "orders": "Orders", "idempotency": "Idempotency"}


def live_name(stage: str, table: str) -> str:
    from infra.resources import resources
    return resources(stage).table(TABLES[table]).name


def restore(ddb, source: str, when: datetime, wait: bool = True) -> str:
    """The copy's name; `when` must be timezone-aware."""
    target = f"{source}-restored-{when.astimezone(timezone.utc):%Y%m%d%H%M}"
    ddb.restore_table_to_point_in_time(SourceTableName=source, TargetTableName=target,
                                       RestoreDateTime=when)
    if wait:
        ddb.get_waiter("table_exists").wait(TableName=target,
                                            WaiterConfig={"Delay": 20, "MaxAttempts": 540})
    return target


def _items(ddb, table: str, keys: list[str]) -> dict[tuple, dict]:
    found = {}
    for page in ddb.get_paginator("scan").paginate(TableName=table, ConsistentRead=True):
        for item in page["Items"]:
            found[tuple(json.dumps(item[k], sort_keys=True) for k in keys)] = item
    return found


def compare(ddb, live: str, copy: str, apply: bool = False) -> dict:
    """{"missing": [...], "changed": [...], "restored": n}: keys as {name: value} dicts."""
    keys = [k["AttributeName"] for k in ddb.describe_table(TableName=live)["Table"]["KeySchema"]]
    have, had = _items(ddb, live, keys), _items(ddb, copy, keys)
    missing = [k for k in had if k not in have]
    changed = [k for k in had if k in have and had[k] != have[k]]
    restored = 0
    if apply:
        from botocore.exceptions import ClientError
        for k in missing:
            try:
                ddb.put_item(TableName=live, Item=had[k],
                             ConditionExpression="attribute_not_exists(#k)",
                             ExpressionAttributeNames={"#k": keys[0]})
                restored += 1
            except ClientError as e:   # written again meanwhile: the live one stays
                if e.response["Error"]["Code"] != "ConditionalCheckFailedException":
                    raise

    def named(k: tuple) -> dict:
        return {name: json.loads(v) for name, v in zip(keys, k)}
    return {"missing": [named(k) for k in missing], "changed": [named(k) for k in changed],
            "restored": restored}


def _client(stage: str):
    import boto3
    if stage == "local":
        return boto3.client("dynamodb", endpoint_url=os.environ.get("AWS_ENDPOINT_URL"))
    return boto3.client("dynamodb")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.restore_table",
                                     description=__doc__.split("\n")[0])
    steps = parser.add_subparsers(dest="step", required=True)
    for step in ("restore", "compare"):
        p = steps.add_parser(step)
        p.add_argument("--stage", required=True, choices=("local", "dev", "prod"))
        p.add_argument("--table", required=True, choices=sorted(TABLES))
        if step == "restore":
            p.add_argument("--time", required=True, type=datetime.fromisoformat,
                           help="ISO time with its offset, e.g. 2026-12-03T14:05+05:30")
        else:
            p.add_argument("--from", dest="copy", required=True, help="the restored copy's name")
            p.add_argument("--apply", action="store_true", help="put the lost items back")
    args = parser.parse_args(argv)
    if args.step == "restore" and args.time.tzinfo is None:
        parser.error("--time needs its offset (+05:30 for India time)")
    ddb, live = _client(args.stage), live_name(args.stage, args.table)
    if args.step == "restore":
        print(f"restoring {live} as of {args.time.isoformat()} …", flush=True)
        print(restore(ddb, live, args.time))
        return 0
    result = compare(ddb, live, args.copy, apply=args.apply)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"{len(result['missing'])} lost, {len(result['changed'])} changed; "
          + (f"{result['restored']} put back" if args.apply else "nothing written (--apply puts "
                                                                  "the lost ones back)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
