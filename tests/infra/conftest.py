"""Infra tests: synthesize the CDK app once per session (a fresh interpreter, as
`make synth` does) and read the cloud assembly. No AWS account, no network: sockets are
blocked here too (jsii talks to node over pipes; `chalice package` reuses the cached
deployment package or the configured pip mirror / wheelhouse in its own process)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_socket import disable_socket

ROOT = Path(__file__).resolve().parents[2]


def pytest_runtest_setup(item):
    disable_socket(allow_unix_socket=True)


class Synth:
    def __init__(self, stage: str, outdir: Path):
        self.stage, self.outdir = stage, outdir
        self.template_path = outdir / f"{stage}.template.json"
        self.template = json.loads(self.template_path.read_text())

    def resources(self, type_: str) -> dict[str, dict]:
        return {k: v for k, v in self.template["Resources"].items() if v["Type"] == type_}


def synthesize(stage: str, outdir: Path) -> Synth:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "20"
    done = subprocess.run([sys.executable, "-m", "infra.cdk.app", "--stage", stage,
                           "--out", str(outdir)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=900)
    if done.returncode != 0:
        pytest.fail(f"synth of {stage} failed:\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}")
    return Synth(stage, outdir)   # how long it takes: bench/package_size.py


@pytest.fixture(scope="session")
def dev(tmp_path_factory) -> Synth:
    return synthesize("dev", tmp_path_factory.mktemp("cdk-dev"))


@pytest.fixture(scope="session")
def prod(tmp_path_factory) -> Synth:
    return synthesize("prod", tmp_path_factory.mktemp("cdk-prod"))
