"""`make admin` (tools/admin.py): the stage's first admin without the AWS console, against the
running local stack; the new admin signs in through the API and acts as the district office."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.integration.shopping import call

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Office@Deoghar2026"


def run_cli(email: str, password: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tools.admin", "--stage", "local", "--email",
                           email, "--name", "DC office", "--password-stdin"],
                          input=password + "\n", capture_output=True, text=True, cwd=ROOT,
                          env=dict(os.environ), timeout=120)


def login(api, email: str, password: str):
    return call(api, "POST", "/auth/login", json={"email": email, "password": password})


def test_the_first_admin_is_one_command_and_acts_as_the_office(api, stack):
    email = "dc-office@example.in"
    done = run_cli(email, PASSWORD)
    assert done.returncode == 0, done.stderr
    assert "created admin dc-office@example.in" in done.stdout and PASSWORD not in done.stdout
    r = login(api, email, PASSWORD)
    assert r.status_code == 200, r.text
    token = r.json()["id_token"]
    assert call(api, "GET", "/admin/vendors?status=approved&limit=5", token).status_code == 200
    again = run_cli(email.upper(), PASSWORD + "x")           # again: same account, new password
    assert again.returncode == 0 and "updated admin dc-office@example.in" in again.stdout
    assert login(api, email, PASSWORD).status_code == 401
    assert login(api, email, PASSWORD + "x").status_code == 200
    weak = run_cli("weak@example.in", "short")               # the pool's password policy
    assert weak.returncode == 1 and "not done" in weak.stderr
    bad = run_cli("not-an-address", PASSWORD)
    assert bad.returncode == 2 and "not an e-mail address" in bad.stderr
