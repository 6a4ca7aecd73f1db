"""Integration tests: the real local stack (moto server, localstripe, chalice local,
runner, static server), started once for the session on free ports and torn down after."""
from __future__ import annotations

import os

import pytest
import requests

from infra.local.env import Ports
from infra.local.stack import LocalStack, free_port


def free_ports() -> Ports:
    return Ports(aws=free_port(), stripe=free_port(), api=free_port(), web=free_port(),
                 courier=free_port(), razorpay=free_port())


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    saved = dict(os.environ)
    # The payment window is production's half hour, which no test races on a loaded machine;
    # the tests of what happens when it passes shorten it for their own orders
    # (faults.payment_timeout).
    os.environ.pop("PAYMENT_TIMEOUT_SECONDS", None)
    os.environ["COURIER_STEP_SECONDS"] = "0.3"
    # A delivered parcel's credit is payable at once (production waits for the category's
    # return window), so the payout tests pay what the order tests delivered.
    os.environ["PAYOUT_HOLD_HOURS"] = "0"
    # A maker is flagged from their first order (production waits for five).
    os.environ["QUALITY_THRESHOLDS"] = '{"min_orders": 1}'
    local = LocalStack(ports=free_ports(), state_dir=tmp_path_factory.mktemp("stack"), quiet=True)
    try:
        info = local.start()
    except Exception:
        logs = local.log_dir
        for f in sorted(logs.glob("*.log")) if logs.exists() else []:
            print(f"--- {f.name}\n{f.read_text(errors='replace')[-3000:]}")
        raise
    info["_stack"] = local
    yield info
    local.stop()
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture
def runner_back(stack):
    """For tests that stop the event runner: a test failing while it is down must not
    leave it down for the next (`pytestmark = pytest.mark.usefixtures("runner_back")`)."""
    yield
    local = stack["_stack"]
    if local.processes["runner"].poll() is not None:
        local.restart("runner")


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium through Playwright, one per browser-test module."""
    from playwright.sync_api import sync_playwright

    from tests.integration import browser
    with sync_playwright() as p:
        b = browser.launch(p)
        yield b
        b.close()


@pytest.fixture(scope="session")
def api(stack):
    session = requests.Session()
    base = stack["api_url"]

    class Api:
        url = base

        def get(self, path, **kw):
            return session.get(base + path, timeout=30, **kw)

    return Api()


# The demo vendor and a Stripe client for localstripe, shared by the order and office tests.
@pytest.fixture(scope="module")
def vendor(api, stack):
    account = next(a for a in stack["demo_accounts"] if a["role"] == "vendor")
    token = requests.post(api.url + "/auth/login", timeout=30, json={
        "email": account["email"], "password": account["password"]}).json()
    return {"id": account["vendor_id"], "token": token["id_token"]}


@pytest.fixture(scope="module")
def stripe_client(stack):
    import stripe
    return stripe.StripeClient(stack["stripe_secret_key"],
                               base_addresses={"api": stack["stripe_api_base"]})
