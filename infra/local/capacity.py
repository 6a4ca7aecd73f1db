"""What DynamoDB on demand would bill for the requests the local moto server answers.

moto does not meter capacity, so the moto server (infra/local/moto_server.py) hands every
DynamoDB request and its response to `CapacityMeter.record`, which applies DynamoDB's
published rules:
  - item size: attribute names plus values (strings in UTF-8 bytes, numbers about one byte
    per two digits, lists and maps 3 bytes plus one per element);
  - reads: one read request unit per 4 KB read strongly consistent, half that eventually
    consistent; a Query or BatchGetItem adds up the items it returns; transactional reads
    cost two units per 4 KB;
  - writes: one write request unit per 1 KB of the larger of the item before and after the
    write, two in a transaction; each global secondary index the item belongs to costs
    another write of the item's size (our indexes project all attributes), two when a key
    of the index changes (a delete and a put in the index).
Sizes of items before and after a write are read back from the same server (a GetItem on
the same key, not counted). The benchmarks read the totals at GET /_dm/capacity (by table
and operation) and reset them with DELETE. `bench/cost.py` turns them into rupees.
"""
from __future__ import annotations

import base64
import io
import json
import math
import threading
from typing import Callable

READ_UNIT, WRITE_UNIT = 4096, 1024
TARGET = "DynamoDB_20120810."
WRITES = ("PutItem", "UpdateItem", "DeleteItem")


def value_size(value: dict) -> int:
    (kind, v), = value.items()
    if kind == "S":
        return len(v.encode())
    if kind == "N":
        digits = v.lstrip("-").replace(".", "").lstrip("0") or "0"
        return math.ceil(len(digits) / 2) + 1
    if kind == "B":
        return len(base64.b64decode(v))
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "SS":
        return sum(len(s.encode()) for s in v)
    if kind == "NS":
        return sum(value_size({"N": n}) for n in v)
    if kind == "BS":
        return sum(len(base64.b64decode(b)) for b in v)
    if kind == "L":
        return 3 + sum(1 + value_size(x) for x in v)
    if kind == "M":
        return 3 + sum(1 + len(k.encode()) + value_size(x) for k, x in v.items())
    raise ValueError(f"unknown DynamoDB type {kind}")


def item_size(item: dict | None) -> int:
    return sum(len(k.encode()) + value_size(v) for k, v in (item or {}).items())


def read_units(size: int, consistent: bool, transactional: bool = False) -> float:
    units = max(1, math.ceil(size / READ_UNIT))
    return units * 2 if transactional else (units if consistent else units / 2)


def write_units(size: int) -> int:
    return max(1, math.ceil(size / WRITE_UNIT))


class CapacityMeter:
    """Read and write request units by "table:operation", under one lock."""

    def __init__(self, call: Callable[[str, dict], dict]):
        self.call = call             # (operation, body) -> response body, not metered
        self.lock = threading.Lock()
        self.units: dict[str, dict[str, float]] = {}
        self._tables: dict[str, dict] = {}

    def snapshot(self) -> dict:
        with self.lock:
            return {k: dict(v) for k, v in sorted(self.units.items())}

    def reset(self) -> None:
        with self.lock:
            self.units.clear()

    def _add(self, table: str, op: str, rru: float = 0, wru: float = 0) -> None:
        with self.lock:
            row = self.units.setdefault(f"{table}:{op}", {"items": 0, "RRU": 0.0, "WRU": 0.0})
            row["RRU"] += rru
            row["WRU"] += wru

    def _count(self, table: str, op: str) -> None:
        with self.lock:
            row = self.units.setdefault(f"{table}:{op}", {"items": 0, "RRU": 0.0, "WRU": 0.0})
            row["items"] += 1

    # -- reads ------------------------------------------------------------------------
    def before(self, op: str, body: dict):
        """Sizes a write needs from before it happens (the item it replaces)."""
        if op in WRITES:
            return {0: self._current(body["TableName"], body.get("Key") or self._key(
                body["TableName"], body.get("Item", {})))}
        if op == "TransactWriteItems":
            return {i: self._current(*self._target(entry))
                    for i, entry in enumerate(body.get("TransactItems", []))}
        return None

    def record(self, op: str, body: dict, response: dict, before) -> None:
        if op in ("CreateTable", "UpdateTable", "DeleteTable"):
            self._tables.pop(body.get("TableName"), None)
        elif op == "GetItem":
            size = item_size(response.get("Item"))
            self._count(body["TableName"], op)
            self._add(body["TableName"], op, rru=read_units(size, body.get("ConsistentRead", False)))
        elif op in ("Query", "Scan"):
            size = sum(item_size(i) for i in response.get("Items", []))
            self._count(body["TableName"], op)
            self._add(body["TableName"], op, rru=read_units(size, body.get("ConsistentRead", False)))
        elif op == "BatchGetItem":
            for table, items in response.get("Responses", {}).items():
                consistent = body["RequestItems"].get(table, {}).get("ConsistentRead", False)
                self._count(table, op)
                for item in items:
                    self._add(table, op, rru=read_units(item_size(item), consistent))
        elif op == "TransactGetItems":
            for entry, got in zip(body.get("TransactItems", []), response.get("Responses", [])):
                table = entry["Get"]["TableName"]
                self._count(table, op)
                self._add(table, op, rru=read_units(item_size(got.get("Item")), True, True))
        elif op in WRITES:
            table = body["TableName"]
            key = body.get("Key") or self._key(table, body.get("Item", {}))
            self._count(table, op)
            self._write(table, op, key, before[0], factor=1)
        elif op == "TransactWriteItems":
            for i, entry in enumerate(body.get("TransactItems", [])):
                table, key = self._target(entry)
                self._count(table, op)
                if "ConditionCheck" in entry:
                    self._add(table, op, wru=2 * write_units(item_size(before[i])))
                else:
                    self._write(table, op, key, before[i], factor=2)

    def _write(self, table: str, op: str, key: dict, old: dict | None, factor: int) -> None:
        new = self._current(table, key)
        size = max(item_size(old), item_size(new))
        wru = factor * write_units(size)
        for index_keys in self._index_keys(table):
            was = all(k in (old or {}) for k in index_keys)
            now = all(k in (new or {}) for k in index_keys)
            if not (was or now):
                continue
            moved = was and now and any(old[k] != new[k] for k in index_keys)
            wru += factor * write_units(size) * (2 if moved else 1)
        self._add(table, op, wru=wru)

    # -- helpers (unmetered calls to the same server) ----------------------------------
    def _target(self, entry: dict) -> tuple[str, dict]:
        (kind, spec), = entry.items()
        return spec["TableName"], spec.get("Key") or self._key(spec["TableName"], spec["Item"])

    def _current(self, table: str, key: dict) -> dict | None:
        try:
            return self.call("GetItem", {"TableName": table, "Key": key,
                                         "ConsistentRead": True}).get("Item")
        except Exception:    # a table that does not exist: the write fails anyway
            return None

    def _describe(self, table: str) -> dict:
        """Key schema and indexes (fixed once a table exists: kept)."""
        if table not in self._tables:
            described = self.call("DescribeTable", {"TableName": table}).get("Table", {})
            if not described:
                return {}
            self._tables[table] = described
        return self._tables[table]

    def _key(self, table: str, item: dict) -> dict:
        names = [k["AttributeName"] for k in self._describe(table).get("KeySchema", [])]
        return {n: item[n] for n in names if n in item}

    def _index_keys(self, table: str) -> list[tuple[str, ...]]:
        return [tuple(k["AttributeName"] for k in g["KeySchema"])
                for g in self._describe(table).get("GlobalSecondaryIndexes", [])]


def metered(app, meter_factory):
    """WSGI middleware: DynamoDB requests metered; GET/DELETE /_dm/capacity."""
    caller = _InternalCaller(app)
    meter = meter_factory(caller)

    def wsgi(environ, start_response):
        if environ.get("PATH_INFO") == "/_dm/capacity":
            if environ["REQUEST_METHOD"] == "DELETE":
                meter.reset()
            body = json.dumps(meter.snapshot()).encode()
            start_response("200 OK", [("Content-Type", "application/json")])
            return [body]
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if not target.startswith(TARGET):
            return app(environ, start_response)
        op = target[len(TARGET):]
        caller.auth = environ.get("HTTP_AUTHORIZATION", "")   # same account and region
        raw = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        environ["wsgi.input"] = io.BytesIO(raw)
        try:
            body = json.loads(raw or b"{}")
            before = meter.before(op, body)
        except Exception:
            body, before = None, None
        status: list[str] = []

        def capture(s, headers, exc_info=None):
            status.append(s)
            return start_response(s, headers, exc_info)

        chunks = list(app(environ, capture))
        if body is not None and status and status[0].startswith("200"):
            try:
                meter.record(op, body, json.loads(b"".join(chunks) or b"{}"), before)
            except Exception:     # metering must never break the emulator
                pass
        return chunks

    return wsgi


class _InternalCaller:
    """Calls the wrapped moto app directly (no HTTP, no metering, no counting), as the
    request being metered (its credential scope names the region). Runs under the moto
    server's DynamoDB lock, so the reads before and after a write see only that write."""

    def __init__(self, app):
        self.app = app
        self.auth = ""

    def __call__(self, op: str, body: dict) -> dict:
        raw = json.dumps(body).encode()
        environ = {
            "REQUEST_METHOD": "POST", "PATH_INFO": "/", "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "0", "HTTP_HOST": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(raw),
            "wsgi.errors": None, "wsgi.version": (1, 0), "wsgi.multithread": True,
            "wsgi.multiprocess": False, "wsgi.run_once": False,
            "CONTENT_TYPE": "application/x-amz-json-1.0", "CONTENT_LENGTH": str(len(raw)),
            "HTTP_X_AMZ_TARGET": TARGET + op, "HTTP_AUTHORIZATION": self.auth,
        }
        status: list[str] = []
        out = b"".join(self.app(environ, lambda s, h, e=None: status.append(s)))
        return json.loads(out or b"{}") if status and status[0].startswith("200") else {}
