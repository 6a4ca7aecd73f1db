"""The moto server meters DynamoDB request units as AWS would bill them (the cost model's
input, bench/cost.py): sizes, consistency, transactions and index writes."""
from __future__ import annotations

import boto3
import requests


def test_request_units_follow_dynamodbs_rules(stack):
    aws = stack["aws_endpoint_url"]
    ddb = boto3.client("dynamodb", endpoint_url=aws, region_name="ap-south-1",
                       aws_access_key_id="local", aws_secret_access_key="local")
    ddb.create_table(
        TableName="capacity-check", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "by-g", "Projection": {"ProjectionType": "ALL"},
                                 "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}]}])
    requests.delete(f"{aws}/_dm/capacity", timeout=10)
    t = "capacity-check"
    ddb.put_item(TableName=t, Item={"pk": {"S": "a"}, "data": {"S": "x" * 3000}})   # 3 KB: 3
    ddb.put_item(TableName=t, Item={"pk": {"S": "b"}, "g": {"S": "1"}, "d": {"S": "घ" * 100}})
    # 1 for the item + 1 for its index entry
    ddb.update_item(TableName=t, Key={"pk": {"S": "b"}}, UpdateExpression="SET g = :g",
                    ExpressionAttributeValues={":g": {"S": "2"}})  # 1 + 2 (index key moved)
    ddb.get_item(TableName=t, Key={"pk": {"S": "a"}})                          # 0.5
    ddb.get_item(TableName=t, Key={"pk": {"S": "a"}}, ConsistentRead=True)     # 1
    ddb.transact_write_items(TransactItems=[
        {"Put": {"TableName": t, "Item": {"pk": {"S": "c"}, "n": {"N": "5"}}}},    # 2
        {"ConditionCheck": {"TableName": t, "Key": {"pk": {"S": "a"}},
                            "ConditionExpression": "attribute_exists(pk)"}}])   # 2 x 3 KB = 6
    units = requests.get(f"{aws}/_dm/capacity", timeout=10).json()
    assert units[f"{t}:PutItem"] == {"items": 2, "RRU": 0, "WRU": 5}
    assert units[f"{t}:UpdateItem"] == {"items": 1, "RRU": 0, "WRU": 3}
    assert units[f"{t}:GetItem"] == {"items": 2, "RRU": 1.5, "WRU": 0}
    assert units[f"{t}:TransactWriteItems"] == {"items": 2, "RRU": 0, "WRU": 8}
    # the sizes read around each write are not counted as requests
    counts = requests.get(f"{aws}/_dm/counts", timeout=10).json()
    assert counts.get("dynamodb:GetItem", 0) >= 2
    ddb.delete_table(TableName=t)
