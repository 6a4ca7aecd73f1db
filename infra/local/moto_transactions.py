"""moto's TransactWriteItems without copying whole tables.

moto (5.2) keeps a rollback copy of every table a transaction names — `copy.deepcopy` of
the table, once per item of the transaction — so a checkout's cost grows with the size of
the orders and catalog tables: on the local stack under load that was half of moto's time,
and the unit suite (one moto backend for the whole package) slowed down as it went.
`install()` keeps the same all-or-nothing behaviour by saving only the items the
transaction names: moto's own rollback then puts back the same table objects (a no-op) and
the saved items are restored. Used by the moto server (infra/local/moto_server.py) and the
unit tests' in-process moto.
"""
from __future__ import annotations

import copy
import threading

_lock = threading.RLock()
_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.models.table import Table
    original = DynamoDBBackend.transact_write_items

    def transact_write_items(self, transact_items):
        with _lock:
            saved = [_save(self, entry) for entry in transact_items]
            Table.__deepcopy__ = _same_table        # moto's backup: the table itself
            try:
                return original(self, transact_items)
            except Exception:
                for entry in reversed(saved):
                    if entry:
                        _restore(*entry)
                raise
            finally:
                del Table.__deepcopy__

    DynamoDBBackend.transact_write_items = transact_write_items
    _installed = True


def _same_table(table, memo):
    return table


def _save(backend, entry: dict):
    """(table, hash key, range key, a copy of the item or None) for one transaction item."""
    from moto.dynamodb.models.dynamo_type import DynamoType
    try:
        (_, op), = entry.items()
        table = backend.tables[op["TableName"]]
        key = op.get("Key") or op.get("Item") or {}
        hash_key = DynamoType(key[table.hash_key_attr])
        range_key = DynamoType(key[table.range_key_attr]) if table.range_key_attr else None
    except (KeyError, ValueError, TypeError):
        return None       # moto refuses the request itself; nothing is written
    current = table.get_item(hash_key, range_key)
    return table, hash_key, range_key, copy.deepcopy(current) if current is not None else None


def _restore(table, hash_key, range_key, item) -> None:
    if item is None:
        if range_key is not None:
            table.items.get(hash_key, {}).pop(range_key, None)
        else:
            table.items.pop(hash_key, None)
    elif range_key is not None:
        table.items[hash_key][range_key] = item
    else:
        table.items[hash_key] = item


_serialised = False


def serialise_in_process() -> None:
    """In-process moto (the unit tests, the benchmarks) answers one DynamoDB call at a time,
    as the moto server does (`moto_server.locked_dynamodb`): its tables are plain dicts that
    threads (a payout run prepares makers in parallel) would change under each other."""
    global _serialised
    if _serialised:
        return
    from botocore.client import BaseClient
    original = BaseClient._make_api_call
    lock = threading.RLock()

    def call(self, operation_name, api_params):
        if self.meta.service_model.service_name != "dynamodb":
            return original(self, operation_name, api_params)
        with lock:
            return original(self, operation_name, api_params)

    BaseClient._make_api_call = call
    _serialised = True
