"""The local stand-in's transactions stay all-or-nothing when moto no longer copies whole
tables to roll back (infra/local/moto_transactions.py)."""
import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from infra.local import moto_transactions


@pytest.fixture
def ddb():
    moto_transactions.install()
    with mock_aws():
        client = boto3.client("dynamodb", region_name="ap-south-1")
        client.create_table(
            TableName="t", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                       {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "sk", "AttributeType": "S"}])
        client.put_item(TableName="t", Item={"pk": {"S": "P"}, "sk": {"S": "1"},
                                             "stock": {"N": "5"}})
        yield client
        client.delete_table(TableName="t")   # the package's moto may be the same backend


def _stock(ddb, sk="1"):
    item = ddb.get_item(TableName="t", Key={"pk": {"S": "P"}, "sk": {"S": sk}}).get("Item")
    return item and int(item["stock"]["N"])


def test_a_failed_condition_undoes_every_write_of_the_transaction(ddb):
    with pytest.raises(ClientError, match="TransactionCanceled"):
        ddb.transact_write_items(TransactItems=[
            {"Update": {"TableName": "t", "Key": {"pk": {"S": "P"}, "sk": {"S": "1"}},
                        "UpdateExpression": "SET stock = stock - :n",
                        "ExpressionAttributeValues": {":n": {"N": "2"}}}},
            {"Put": {"TableName": "t", "Item": {"pk": {"S": "P"}, "sk": {"S": "2"},
                                               "stock": {"N": "1"}}}},
            {"Update": {"TableName": "t", "Key": {"pk": {"S": "P"}, "sk": {"S": "3"}},
                        "UpdateExpression": "SET stock = :n",
                        "ConditionExpression": "attribute_exists(pk)",
                        "ExpressionAttributeValues": {":n": {"N": "9"}}}}])
    assert _stock(ddb) == 5                    # the update is undone
    assert _stock(ddb, "2") is None            # the new item is gone
    assert _stock(ddb, "3") is None


def test_a_transaction_that_holds_is_written_whole(ddb):
    ddb.transact_write_items(TransactItems=[
        {"Update": {"TableName": "t", "Key": {"pk": {"S": "P"}, "sk": {"S": "1"}},
                    "UpdateExpression": "SET stock = stock - :n", "ConditionExpression": "stock >= :n",
                    "ExpressionAttributeValues": {":n": {"N": "5"}}}},
        {"Put": {"TableName": "t", "Item": {"pk": {"S": "P"}, "sk": {"S": "2"}, "stock": {"N": "1"}}}}])
    assert _stock(ddb) == 0 and _stock(ddb, "2") == 1


def test_the_same_item_twice_is_refused_and_nothing_is_written(ddb):
    key = {"pk": {"S": "P"}, "sk": {"S": "1"}}
    with pytest.raises(ClientError):
        ddb.transact_write_items(TransactItems=[
            {"Update": {"TableName": "t", "Key": key, "UpdateExpression": "SET stock = :n",
                        "ExpressionAttributeValues": {":n": {"N": "1"}}}},
            {"Delete": {"TableName": "t", "Key": key}}])
    assert _stock(ddb) == 5


def test_no_table_is_copied(ddb, monkeypatch):
    import copy as copy_module
    from moto.dynamodb.models.table import Table
    real = copy_module.deepcopy
    copied = []

    def spy(x, memo=None, _nil=[]):
        if isinstance(x, Table) and x.__class__.__dict__.get("__deepcopy__") is None:
            copied.append(x.name)
        return real(x, memo)

    monkeypatch.setattr(copy_module, "deepcopy", spy)
    ddb.transact_write_items(TransactItems=[
        {"Put": {"TableName": "t", "Item": {"pk": {"S": "P"}, "sk": {"S": "9"}}}}])
    assert copied == []
