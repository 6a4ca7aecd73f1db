"""Schemathesis against the running local stack's own OpenAPI document, as every role.

Each role gets its own run of schemathesis's engine (coverage, fuzzing and stateful
phases) with the checks below; the test counts the requests really sent and fails on
any check failure or run error, with the request to reproduce it.

The runs go to a stack of their own (`make run`'s launcher in a temporary state
directory), not the session's `stack`: they leave thousands of products, orders, vendors
and reports behind and load the API for minutes, while other modules check exact deltas
of the office figures and time payment windows of a few seconds. Their own stack costs
one more start (~20 s) and makes them independent of test order.
"""
from __future__ import annotations

import collections
import json
import os
import signal
import threading
import time
import uuid
from types import SimpleNamespace

import boto3
import hypothesis.strategies._internal.random  # noqa: F401 - see IMPORT_RACE below
import pytest
import requests
import schemathesis
from schemathesis.engine import Status, events, from_schema

from infra.local.stack import free_port
from tests.integration.test_launcher import launch, wait_for
from tests.integration.shopping import order, status_of, vendor_product

# What our API must satisfy whatever is sent. Not run: `positive_data_acceptance` and
# `negative_data_rejection` (they take the JSON schema for the whole rule, and ours are
# more: MRP >= price, PIN codes, GST rates, signed opaque cursors, accounts that exist),
# `unsupported_method` (API Gateway answers a method it does not route with its 403, which
# the cloud stack turns into our 404, never a 405) and `object_level_authorization` (it
# needs a second identity per role; tests/unit/test_authorization.py tries every route
# with another maker's ids).
CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_headers_conformance", "response_schema_conformance", "ignored_auth",
          "use_after_free", "ensure_resource_availability")
MIN_REQUESTS = 1000
# Generated cases per operation in the fuzzing phase; the coverage phase adds its own
# (boundary values, missing and wrong-typed fields) whatever this is.
MAX_EXAMPLES = int(os.environ.get("DM_FUZZ_EXAMPLES", "10"))
SEED = int(os.environ.get("DM_FUZZ_SEED", "20260817"))
# Besides the demo accounts: a maker who has just signed up (no maker profile yet) and a
# signed-in user in no group (what a sign-up whose group assignment failed leaves).
ROLES = ("anonymous", "no-group", "new-vendor", "vendor", "facilitator", "admin")
PASSWORD = "Fuzz@Deoghar2026"
# Ids the role can see, offered beside the values schemathesis makes up (a dictionary bound
# to the parameter), so the routes that take one get past their 404 to the real work.
LISTINGS = {
    "products": ("/products?limit=50", "/vendor/products?limit=50",
                 "/admin/products?status=pending&limit=50"),
    "vendors": ("/facilitator/vendors", "/admin/vendors?status=pending&limit=50",
                "/admin/vendors?status=approved&limit=50"),
    "reports": ("/admin/reports?limit=20",),
}
BINDINGS = {"path.product_id": "products", "path.vendor_id": "vendors",
            "query.vendor_id": "vendors", "path.report_id": "reports",
            "path.order_id": "orders", "header.X-Order-Token": "order_tokens",
            "path.parcel_id": "parcels"}


@pytest.fixture(scope="module")
def fuzz_stack(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fuzz-stack")
    ports = {name: free_port() for name in ("DM_AWS_PORT", "DM_STRIPE_PORT", "DM_API_PORT",
                                            "DM_WEB_PORT", "DM_COURIER_PORT",
                                            "DM_RAZORPAY_PORT")}
    proc = launch(tmp, ports)
    try:
        wait_for(proc, "Press Ctrl-C")
        info = json.loads((tmp / "stack.json").read_text())
        # The launcher prints nothing more until it stops; drain it anyway so it never blocks.
        threading.Thread(target=proc.stdout.read, daemon=True).start()
        yield {**info, "order": cod_order(info)}
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)


def cod_order(info: dict) -> dict[str, list[str]]:
    """A cash-on-delivery order of the demo vendor's, for the order routes to work on."""
    api = SimpleNamespace(url=info["api_url"])
    vendor_id = next(a for a in info["demo_accounts"] if a["role"] == "vendor")["vendor_id"]
    r = order(api, *vendor_product(api, vendor_id), method="cod")
    assert r.status_code == 201, r.text
    created = r.json()
    parcels = [p["id"] for p in status_of(api, created)["parcels"]]
    return {"orders": [created["order_id"]], "order_tokens": [created["order_token"]],
            "parcels": parcels}


def token_of(info: dict, role: str) -> str | None:
    if role == "anonymous":
        return None
    email, password = f"fuzz-{role}-{uuid.uuid4().hex[:8]}@example.in", PASSWORD
    if role == "new-vendor":
        r = requests.post(info["api_url"] + "/auth/signup", timeout=30,
                          json={"email": email, "password": password, "name": "Fuzz Maker"})
        assert r.status_code == 200, r.text
    elif role == "no-group":
        idp = boto3.client("cognito-idp", endpoint_url=info["aws_endpoint_url"],
                           region_name=info["region"], aws_access_key_id="local",
                           aws_secret_access_key="local")
        pool = info["cognito_user_pool_id"]
        idp.admin_create_user(UserPoolId=pool, Username=email, MessageAction="SUPPRESS",
                              UserAttributes=[{"Name": "email", "Value": email}])
        idp.admin_set_user_password(UserPoolId=pool, Username=email, Password=password,
                                    Permanent=True)
    else:
        account = next(a for a in info["demo_accounts"] if a["role"] == role)
        email, password = account["email"], account["password"]
    r = requests.post(info["api_url"] + "/auth/login", timeout=30,
                      json={"email": email, "password": password})
    assert r.status_code == 200, r.text
    return r.json()["id_token"]


def known_ids(info: dict, token: str | None) -> dict[str, list[str]]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    found: dict[str, set[str]] = {name: set() for name in LISTINGS}
    for name, paths in LISTINGS.items():
        for path in paths:
            r = requests.get(info["api_url"] + path, headers=headers, timeout=30)
            if r.status_code == 200:
                found[name].update(item["id"] for item in r.json()["items"])
    me = requests.get(info["api_url"] + "/auth/me", headers=headers, timeout=30)
    if me.status_code == 200:
        found["vendors"].update(me.json()["vendor_ids"])
    return {**{name: sorted(ids) for name, ids in found.items() if ids}, **info["order"]}


def load_schema(info: dict, token: str | None):
    ids = known_ids(info, token)
    config = schemathesis.Config.from_dict({
        "dictionaries": {name: {"values": values} for name, values in ids.items()},
        "parameters": {key: {"dictionary": name, "probability": 0.5}
                       for key, name in BINDINGS.items() if name in ids},
        "base-url": info["api_url"],
        "headers": {"Authorization": f"Bearer {token}"} if token else {},
        "seed": SEED,
        "workers": 2,
        "request-timeout": 30,
        "cache": {"enabled": False},                 # nothing replayed from earlier runs
        "auth": {"auto-signup": False},              # anonymous stays anonymous
        "generation": {"max-examples": MAX_EXAMPLES, "database": "none"},
        "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
        "phases": {"examples": {"enabled": False}},   # the document has no examples
        "output": {"sanitization": {"enabled": True}},  # tokens never in a report
    })
    return schemathesis.openapi.from_url(info["openapi_url"], config=config, timeout=30)


def describe(recorder, case_id: str, check) -> str:
    """The failing operation, what the check says, the answer, and the request(s) to send
    again (a stateful failure needs the steps before it)."""
    info = check.failure_info
    node = recorder.cases.get(case_id)
    where = f"{node.value.method} {node.value.operation.path}" if node else "?"
    interaction = recorder.interactions.get(case_id)
    answer = ""
    if interaction is not None and interaction.response is not None:
        body = interaction.response.content[:400].decode("utf-8", "replace")
        answer = f"\n  answered {interaction.response.status_code}: {body}"
    steps = [step.curl for step in info.steps] or [info.code_sample]
    return (f"{where} ({recorder.label}): {check.name} — "
            f"{info.failure.title}\n  {info.failure.message}{answer}\n  reproduce:\n    "
            + "\n    ".join(steps))


def run(schema) -> tuple[collections.Counter, list[str], events.EngineFinished]:
    sent: collections.Counter = collections.Counter()
    lock = threading.Lock()

    @schema.hook
    def after_call(context, case, response):
        with lock:
            sent[case.meta.phase.name.value if case.meta else "other"] += 1

    problems: list[str] = []
    finished = None
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished) and event.status != Status.SUCCESS:
            for case_id, checks in event.recorder.checks.items():
                problems += [describe(event.recorder, case_id, c) for c in checks
                             if c.status == Status.FAILURE]
        elif isinstance(event, events.NonFatalError):
            problems.append(f"{event.label}: error — {event.info.title}: {event.info.message}")
        elif isinstance(event, events.FatalError):
            problems.append(f"fatal: {event.exception!r}")
        elif isinstance(event, events.EngineFinished):
            finished = event
    return sent, problems, finished


CPYTHON_106905 = "AST constructor recursion depth mismatch"
# schemathesis generates on two threads and hypothesis imports some strategies lazily: two
# threads importing one module at once can see it half-made ("cannot import name
# 'RandomStrategy' from 'hypothesis.strategies._internal.random'", met once). Imported here,
# once, on one thread; such an import race also counts as the interpreter's, not the API's.
IMPORT_RACE = "cannot import name"
THREAD_RACES = (CPYTHON_106905, IMPORT_RACE)


@pytest.mark.parametrize("role", ROLES)
def test_the_api_keeps_its_document_whatever_is_sent(fuzz_stack, role, capsys):
    started = time.monotonic()
    token = token_of(fuzz_stack, role)
    sent, problems, finished = run(load_schema(fuzz_stack, token))
    if problems and all(any(race in p for race in THREAD_RACES) for p in problems):
        # The interpreter, not the API: CPython 3.11.7's ast races between schemathesis's
        # two worker threads (gh-106905, fixed in 3.11.8) and aborts that operation's
        # generation. Met once in ~8 full runs on a loaded machine; the role runs again.
        with capsys.disabled():
            print(f"\nschemathesis as {role}: a thread race in the tools met "
                  f"({problems[0][:80]}); again")
        sent, problems, finished = run(load_schema(fuzz_stack, token))
    total = sum(sent.values())
    with capsys.disabled():
        print(f"\nschemathesis as {role}: {total} requests "
              f"({', '.join(f'{k} {v}' for k, v in sorted(sent.items()))}), "
              f"{len(problems)} failure(s), {time.monotonic() - started:.0f} s, seed {SEED}")
    assert not problems, f"{len(problems)} failure(s) as {role}:\n\n" + "\n\n".join(problems[:20])
    assert finished is not None and finished.stop_reason == "completed", finished
    assert total >= MIN_REQUESTS, f"only {total} requests as {role}"
    assert all(sent[phase] for phase in ("coverage", "fuzzing", "stateful")), sent
