"""`make run`'s launcher as a newcomer uses it: start, Ctrl-C, start again, busy ports."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from infra.local.env import ROOT
from infra.local.stack import free_port


def launch(tmp: Path, ports: dict[str, int]) -> subprocess.Popen:
    env = {**os.environ, "DM_STATE_DIR": str(tmp), **{k: str(v) for k, v in ports.items()}}
    for var in ("AWS_ENDPOINT_URL", "CATALOG_TABLE", "STAGE"):  # as from a fresh shell
        env.pop(var, None)
    return subprocess.Popen([sys.executable, "-m", "infra.local"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wait_for(proc: subprocess.Popen, text: str, timeout: float = 180) -> str:
    out = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line and proc.poll() is not None:
            break
        out.append(line)
        if text in line:
            return "".join(out)
    raise AssertionError(f"never printed {text!r}:\n" + "".join(out))


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in status


@pytest.fixture
def ports():
    return {"DM_AWS_PORT": free_port(), "DM_STRIPE_PORT": free_port(),
            "DM_API_PORT": free_port(), "DM_WEB_PORT": free_port(),
            "DM_COURIER_PORT": free_port(), "DM_RAZORPAY_PORT": free_port()}


def test_start_stop_and_start_again_leaves_no_orphans(tmp_path, ports):
    for attempt in (1, 2):
        proc = launch(tmp_path, ports)
        try:
            out = wait_for(proc, "Press Ctrl-C")
            assert "demo accounts" in out and "vendor1@demo.deogharmart.in" in out
            info = json.loads((tmp_path / "stack.json").read_text())
            assert requests.get(info["api_url"] + "/health", timeout=10).status_code == 200
            kids = children_of(proc.pid)
            assert len(kids) == 7, kids  # moto, stripe, razorpay, api, runner, courier, web
        finally:
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=60)
        assert proc.returncode == 0, attempt
        deadline = time.monotonic() + 10
        while any(alive(k) for k in kids) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(alive(k) for k in kids), "processes left behind"


def test_a_busy_port_gets_a_clear_message_not_a_traceback(tmp_path, ports):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", ports["DM_API_PORT"]))
        busy.listen()
        proc = launch(tmp_path, ports)
        out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert f"DM_API_PORT={ports['DM_API_PORT']}" in out and "already in use" in out
    assert "Traceback" not in out
