"""checkov on every synthesized template (dev; prod and its us-east-1 stack; prod with the
district's domain): every failed check is skipped with its reason in infra/checkov-skips.yaml,
and every entry there still matches a finding (a fixed gap leaves no stale skip behind)."""
from __future__ import annotations

import pytest

from infra.cdk import checkov_scan

SYNTHS = ("dev", "prod", "prod_domain")


@pytest.fixture(scope="module")
def scans(request) -> dict[str, dict]:
    """"<synth>:<stack>" -> checkov's result; the runs go in parallel (~1 min each)."""
    paths = {}
    for name in SYNTHS:
        paths.update(request.getfixturevalue(name).templates())
    runs = {label: checkov_scan.start(path) for label, path in paths.items()}
    return {label: checkov_scan.result(process) for label, process in runs.items()}


@pytest.fixture(scope="module")
def skips() -> list[checkov_scan.Skip]:
    return checkov_scan.load_skips()


@pytest.mark.timeout(900)
def test_every_checkov_failure_is_skipped_with_a_reason(scans, skips):
    assert {"dev:dev", "prod:prod", "prod:prod-edge", "prod-domain:prod",
            "prod-domain:prod-edge"} == set(scans)
    left = {label: [f"{f['check_id']} {f['resource']}: {f['name']}" for f in
                    checkov_scan.unexplained(label, found["failed"], skips)]
            for label, found in scans.items()}
    assert left == {label: [] for label in scans}
    for label, found in scans.items():      # checkov really read each template
        assert found["passed"] >= (5 if label.endswith("-edge") else 300), label


def test_no_skip_is_stale(scans, skips):
    stale = [s for s in skips if not any(s.matches(label, f) for label, found in scans.items()
                                         for f in found["failed"])]
    assert stale == []


def test_skips_are_one_per_check_and_explained(skips):
    assert len({(s.check, s.resources, s.templates) for s in skips}) == len(skips)
    for s in skips:
        assert len(s.reason) >= 60, s.check
