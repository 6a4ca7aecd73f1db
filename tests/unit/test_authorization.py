"""The authorization matrix over every protected route, through chalice's local gateway
(the custom authorizer runs as API Gateway would run it)."""
from __future__ import annotations

import json

import pytest

from app import app
from infra.seed import seed as seeding
from tests.unit import accounts

DATA = seeding.load_data()
APPROVED = [v["id"] for v in DATA["vendors"] if v["status"] == "approved"]
VENDOR_A, VENDOR_B, VENDOR_C = APPROVED[5], APPROVED[6], APPROVED[7]
PRODUCT_B = next(p["id"] for p in DATA["products"] if p["vendor"] == VENDOR_B)
PASSWORD = "Matrix@Deoghar2026"


def protected_routes() -> list[tuple[str, str, tuple[str, ...]]]:
    out = []
    for path, methods in sorted(app.routes.items()):
        for method, entry in methods.items():
            op = getattr(entry.view_function, "__openapi__", None)
            if op is not None and op.groups:
                out.append((method, path, op.groups))
    return out


ROUTES = protected_routes()


@pytest.fixture(scope="module")
def users(client):
    return accounts.four_roles(client, "matrix", PASSWORD, VENDOR_A, VENDOR_B, VENDOR_C)


def call(client, method, path, token=None, body=None, content_type="application/json"):
    headers = {"Content-Type": content_type}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    if body is None:
        body = "" if method in ("GET", "DELETE") else ("{}" if "json" in content_type else "x")
    r = client.http.request(method, path, headers=headers, body=body)
    return r.status_code, (json.loads(r.body) if r.body else None)


def concrete(path: str) -> str:
    return path.replace("{product_id}", PRODUCT_B).replace("{vendor_id}", VENDOR_B)


def content_type(path: str) -> str:
    """What the route takes: a CSV upload (imports, bank responses) or JSON."""
    from app import app
    accepted = [t for entry in app.routes[path].values() for t in entry.content_types]
    return "text/csv" if "text/csv" in accepted else "application/json"


DEFECTS = ["missing", "garbage", "tampered", "alg_none", "hs256_with_public_key", "expired",
           "wrong_pool", "wrong_client", "refresh_token_use"]


@pytest.mark.parametrize("defect", DEFECTS)
@pytest.mark.parametrize("method,path,groups", ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES])
def test_every_token_defect_is_401(client, users, method, path, groups, defect):
    token = None if defect == "missing" else accounts.forged(users["a"]["id_token"])[defect]
    status, _ = call(client, method, concrete(path), token, content_type=content_type(path))
    assert status == 401, (defect, method, path)


WRONG_GROUP = [(m, p, caller) for m, p, groups in ROUTES for caller, group in
               (("a", "vendors"), ("f", "facilitators"), ("admin", "admins"))
               if group not in groups]


@pytest.mark.parametrize("method,path,caller", WRONG_GROUP,
                         ids=[f"{c}:{m} {p}" for m, p, c in WRONG_GROUP])
def test_a_valid_token_of_the_wrong_group_is_403(client, users, method, path, caller):
    status, body = call(client, method, concrete(path), users[caller]["id_token"],
                        content_type=content_type(path))
    assert status == 403 and body["error"]["code"] == "forbidden", (status, body)


def test_access_tokens_work_too(client, users):
    status, body = call(client, "GET", "/auth/me", users["a"]["access_token"])
    assert status == 200 and body["vendor_ids"] == [VENDOR_A]


VENDOR_B_PATHS = [(m, p) for m, p, groups in ROUTES if "{product_id}" in p and "vendors" in groups]


@pytest.mark.parametrize("method,path", VENDOR_B_PATHS)
def test_vendor_a_cannot_touch_vendor_bs_products(client, users, method, path):
    status, body = call(client, method, concrete(path), users["a"]["id_token"],
                        body=_body(method, path))
    assert status == 404 and body["error"]["code"] == "product_not_found", (status, body)


def _body(method, path):
    if method == "PATCH":
        return json.dumps({"version": 1, "tags": ["x"]})
    if path.endswith("/images"):
        return json.dumps({"content_type": "image/jpeg"})
    return None


@pytest.mark.parametrize("path", ["/vendor/profile", "/vendor/products"])
def test_vendor_a_cannot_name_vendor_b(client, users, path):
    status, body = call(client, "GET", f"{path}?vendor_id={VENDOR_B}", users["a"]["id_token"])
    assert status == 404 and body["error"]["code"] == "vendor_not_found"


def test_facilitator_acts_only_for_the_makers_it_onboarded(client, users):
    token = users["f"]["id_token"]
    status, body = call(client, "GET", f"/vendor/profile?vendor_id={VENDOR_C}", token)
    assert status == 200 and body["id"] == VENDOR_C
    status, body = call(client, "GET", f"/vendor/profile?vendor_id={VENDOR_B}", token)
    assert status == 404 and body["error"]["code"] == "vendor_not_found"
    status, body = call(client, "GET", f"/vendor/products/{PRODUCT_B}?vendor_id={VENDOR_C}",
                        token)
    assert status == 404
    status, body = call(client, "GET", "/vendor/profile", token)
    assert status == 400 and body["error"]["code"] == "vendor_id_required"


def test_matrix_size():
    """The closing note quotes this figure."""
    defects = len(ROUTES) * len(DEFECTS)
    size = defects + len(WRONG_GROUP) + len(VENDOR_B_PATHS) + 2 + 1 + 1
    print(f"authorization matrix: {len(ROUTES)} protected routes; {defects} token-defect cases, "
          f"{len(WRONG_GROUP)} wrong-group, {len(VENDOR_B_PATHS) + 3} cross-tenant, "
          f"1 access-token; {size} in all")
    assert len(ROUTES) >= 19
