"""Ports and environment of the local stack: one place, used by launcher, seed and tests."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from infra.resources import resources

ROOT = Path(__file__).resolve().parents[2]
STATE_DIR = Path(os.environ.get("DM_STATE_DIR") or ROOT / ".local")  # stack.json, logs
REGION = "ap-south-1"
# localstripe accepts any key of the right shape; these are not secrets.
STRIPE_SECRET_KEY = "sk_test_deogharmart_local"
STRIPE_PUBLISHABLE_KEY = "pk_test_deogharmart_local"
STRIPE_WEBHOOK_SECRET = "whsec_deogharmart_local"
# the Razorpay stand-in (infra/local/razorpay_server.py) checks this pair; not secrets either.
RAZORPAY_KEY_ID = "rzp_test_deogharmart_local"
RAZORPAY_KEY_SECRET = "rzp_secret_deogharmart_local"
RAZORPAY_WEBHOOK_SECRET = "rzp_whsec_deogharmart_local"
COURIER_WEBHOOK_SECRET = "courier-local-secret"
MOTO_ACCOUNT = "123456789012"


@dataclass(frozen=True)
class Ports:
    aws: int = 5500
    stripe: int = 8420
    api: int = 8000
    web: int = 8080
    courier: int = 8430
    razorpay: int = 8440

    @classmethod
    def from_env(cls) -> "Ports":
        d = cls()
        return cls(aws=int(os.environ.get("DM_AWS_PORT", d.aws)),
                   stripe=int(os.environ.get("DM_STRIPE_PORT", d.stripe)),
                   api=int(os.environ.get("DM_API_PORT", d.api)),
                   web=int(os.environ.get("DM_WEB_PORT", d.web)),
                   courier=int(os.environ.get("DM_COURIER_PORT", d.courier)),
                   razorpay=int(os.environ.get("DM_RAZORPAY_PORT", d.razorpay)))

    def named(self) -> dict[str, int]:
        return {"DM_AWS_PORT": self.aws, "DM_STRIPE_PORT": self.stripe,
                "DM_API_PORT": self.api, "DM_WEB_PORT": self.web, "DM_COURIER_PORT": self.courier,
                "DM_RAZORPAY_PORT": self.razorpay}


def chalice_stage_env(stage: str = "local") -> dict[str, str]:
    cfg = json.loads((ROOT / ".chalice" / "config.json").read_text())
    env = dict(cfg.get("environment_variables", {}))
    env.update(cfg["stages"][stage].get("environment_variables", {}))
    return env


def urls(ports: Ports) -> dict[str, str]:
    return {"aws_endpoint_url": f"http://127.0.0.1:{ports.aws}",
            "stripe_api_base": f"http://127.0.0.1:{ports.stripe}",
            "api_url": f"http://127.0.0.1:{ports.api}",
            "web_url": f"http://127.0.0.1:{ports.web}",
            "courier_url": f"http://127.0.0.1:{ports.courier}",
            "razorpay_api_base": f"http://127.0.0.1:{ports.razorpay}"}


def stack_env(ports: Ports, stage: str = "local", extra: dict | None = None) -> dict[str, str]:
    """The environment every local process (API, runner, seed, tests) runs with."""
    u = urls(ports)
    res = resources(stage)
    env = {
        "AWS_ENDPOINT_URL": u["aws_endpoint_url"],
        "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGION, "AWS_REGION": REGION,
        "STRIPE_API_BASE": u["stripe_api_base"], "STRIPE_SECRET_KEY": STRIPE_SECRET_KEY,
        "STRIPE_PUBLISHABLE_KEY": STRIPE_PUBLISHABLE_KEY,
        "MEDIA_BASE_URL": f"{u['aws_endpoint_url']}/{res.bucket('MediaBucket').name}",
        "API_URL": u["api_url"],
        "SITE_URL": u["web_url"],   # the shop's own address: canonical links, sitemap
        "UPLOADS_URL": u["aws_endpoint_url"],   # presigned photo uploads (the portal's CSP)
        "PHOTOS_URL": u["aws_endpoint_url"],    # complaints' photos, by expiring links (CSP)
        "STRIPE_WEBHOOK_SECRET": STRIPE_WEBHOOK_SECRET,
        # display order of the payment providers; "stripe" alone tries a stage without Razorpay
        "PAYMENT_PROVIDERS": os.environ.get("PAYMENT_PROVIDERS", "razorpay,stripe"),
        "RAZORPAY_KEY_ID": RAZORPAY_KEY_ID, "RAZORPAY_KEY_SECRET": RAZORPAY_KEY_SECRET,
        "RAZORPAY_WEBHOOK_SECRET": RAZORPAY_WEBHOOK_SECRET,
        "RAZORPAY_API_BASE": u["razorpay_api_base"],
        "COURIER_WEBHOOK_SECRET": COURIER_WEBHOOK_SECRET,
        "COURIER_API_URL": u["courier_url"],
        # the simulator books and moves parcels; `COURIER_MODE=manual make run` tries the
        # pilot's delivery by hand (the simulator then stays idle)
        "COURIER_MODE": os.environ.get("COURIER_MODE", "simulator"),
        "ORDER_STATE_MACHINE_ARN": f"arn:aws:states:{REGION}:{MOTO_ACCOUNT}:stateMachine:"
                                   f"{res.order_state_machine.name}",
        "PAYMENT_TIMEOUT_SECONDS": os.environ.get("PAYMENT_TIMEOUT_SECONDS", "1800"),
        "COURIER_STEP_SECONDS": os.environ.get("COURIER_STEP_SECONDS", "3"),
        # the return window before a credit is payable: the category's unless set (tests: 0)
        **({"PAYOUT_HOLD_HOURS": os.environ["PAYOUT_HOLD_HOURS"]}
           if os.environ.get("PAYOUT_HOLD_HOURS") else {}),
        # a maker's quality flags (chalicelib/config.py): the tests flag after one order
        **({"QUALITY_THRESHOLDS": os.environ["QUALITY_THRESHOLDS"]}
           if os.environ.get("QUALITY_THRESHOLDS") else {}),
        "ADMIN_EMAILS": os.environ.get("ADMIN_EMAILS", "district-office@demo.deogharmart.in"),
        # every log line (EMF metrics too) in the log file as it is written, as in CloudWatch
        "PYTHONUNBUFFERED": "1",
    }
    env.update(res.environment())
    env.update(chalice_stage_env(stage))
    env.update(extra or {})
    return env
