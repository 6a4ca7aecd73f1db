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
    """One synthesized app: the stage's stack (`template`) and, when the stage has one, its
    us-east-1 stack (`edge`, infra/cdk/edge.py). `name` tells synths of one stage apart."""

    def __init__(self, stage: str, outdir: Path, name: str | None = None):
        self.stage, self.outdir, self.name = stage, outdir, name or stage
        self.template_path = outdir / f"{stage}.template.json"
        self.template = json.loads(self.template_path.read_text())
        edge = outdir / f"{stage}-edge.template.json"
        self.edge = json.loads(edge.read_text()) if edge.exists() else None

    def resources(self, type_: str, template: dict | None = None) -> dict[str, dict]:
        return {k: v for k, v in (template or self.template)["Resources"].items()
                if v["Type"] == type_}

    def templates(self) -> dict[str, Path]:
        """"<synth>:<stack>" -> template file, for every stack of the app."""
        return {f"{self.name}:{p.name.removesuffix('.template.json')}": p
                for p in sorted(self.outdir.glob("*.template.json"))}


def synthesize(stage: str, outdir: Path, settings: Path | None = None,
               name: str | None = None) -> Synth:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "20"
    extra = ["--settings", str(settings)] if settings else []
    done = subprocess.run([sys.executable, "-m", "infra.cdk.app", "--stage", stage,
                           "--out", str(outdir), *extra], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        pytest.fail(f"synth of {stage} failed:\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}")
    return Synth(stage, outdir, name)   # how long it takes: bench/package_size.py


@pytest.fixture(scope="session")
def dev(tmp_path_factory) -> Synth:
    return synthesize("dev", tmp_path_factory.mktemp("cdk-dev"))


@pytest.fixture(scope="session")
def prod(tmp_path_factory) -> Synth:
    return synthesize("prod", tmp_path_factory.mktemp("cdk-prod"))


# prod with the district's domain and a hosted zone (tests/infra/prod-domain.json): the code
# paths of the custom domains, certificates and DNS records are synthesized and scanned too
PROD_DOMAIN = Path(__file__).with_name("prod-domain.json")


@pytest.fixture(scope="session")
def prod_domain(tmp_path_factory) -> Synth:
    return synthesize("prod", tmp_path_factory.mktemp("cdk-prod-domain"), PROD_DOMAIN,
                      name="prod-domain")


def as_list(value):
    return value if isinstance(value, list) else [value]


def function_actions(synth: Synth) -> dict[str, dict[str, list]]:
    """Function logical id -> {action: [resources]} from its role's policies."""
    policies = synth.resources("AWS::IAM::Policy").values()
    found = {}
    for lid, f in synth.resources("AWS::Serverless::Function").items():
        role = f["Properties"]["Role"]["Fn::GetAtt"][0]
        actions: dict[str, list] = {}
        for p in policies:
            if {"Ref": role} in p["Properties"]["Roles"]:
                for s in p["Properties"]["PolicyDocument"]["Statement"]:
                    for a in as_list(s["Action"]):
                        actions.setdefault(a, []).extend(as_list(s["Resource"]))
        found[lid] = actions
    return found
