"""Linters on the synthesized templates: cfn-lint (ignored rules and reasons in
.cfnlintrc.yaml) and cdk-nag's AwsSolutions pack (run by every synth; each suppression
carries its reason in the stack code); checkov: test_checkov.py. prod_domain is prod with
the district's domain (tests/infra/prod-domain.json); prod's us-east-1 stack is linted too."""
from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from infra.cdk.app import nag_findings
from tests.infra.conftest import ROOT


@pytest.mark.parametrize("stage", ["dev", "prod", "prod_domain"])
def test_cfn_lint_is_clean(stage, request):
    synth = request.getfixturevalue(stage)
    cfn_lint = Path(sys.executable).with_name("cfn-lint")
    # cfn-lint applies SAM's transform first: a `RestAPI.Stage` reference that SAM did not
    # resolve would be an error here
    done = subprocess.run([str(cfn_lint), *map(str, synth.templates().values())],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def test_cfn_lint_ignores_are_explained():
    text = (ROOT / ".cfnlintrc.yaml").read_text()
    rules = [line.strip()[2:] for line in text.splitlines() if line.strip().startswith("- ")]
    for rule in rules:
        before = text[:text.index(f"- {rule}")].rstrip().splitlines()
        assert before[-1].lstrip().startswith("#") and len(before[-1]) > 20, rule


def _report(synth, stack: str | None = None):
    (path,) = synth.outdir.glob(f"AwsSolutions-*-{stack or 'deogharmart-' + synth.stage}"
                                "-NagReport.csv")
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("stage", ["dev", "prod", "prod_domain"])
def test_cdk_nag_has_no_unsuppressed_finding(stage, request):
    synth = request.getfixturevalue(stage)
    assert nag_findings(str(synth.outdir)) == []
    rows = _report(synth)
    assert len(rows) > 50        # the pack really ran over the stack
    if synth.edge is not None:   # ...and over the us-east-1 one (no rule of the pack applies
        _report(synth, f"deogharmart-{synth.stage}-edge")      # to a web ACL or certificate)


def test_every_cdk_nag_suppression_has_a_reason(dev):
    suppressed = [r for r in _report(dev) if r["Compliance"] == "Suppressed"]
    assert suppressed
    for row in suppressed:
        assert len(row["Exception Reason"].strip()) >= 30, row
