"""checkov, the second IaC scanner (next to cdk-nag and cfn-lint), on synthesized templates.

checkov runs with all its CloudFormation checks; every finding must match an entry of
`infra/checkov-skips.yaml` (check id, optionally a regular expression on checkov's resource
name "AWS::Type.LogicalId" and fnmatch patterns on "<synth>:<stack>", and the reason). The
matching is done here, not with checkov's --skip-check, which can only drop a check everywhere.
An entry that matches nothing any more is stale (tests/infra/test_checkov.py fails on it).

checkov lives in its own virtualenv (.venv-checkov/, `make checkov`): its pins (boto3, packaging,
networkx) conflict with the app's.

    python -m infra.cdk.checkov_scan --label dev cdk.out     (what `make synth` runs)
"""
from __future__ import annotations

import argparse
import fnmatch
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPS = ROOT / "infra" / "checkov-skips.yaml"
CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"


@dataclass(frozen=True)
class Skip:
    check: str
    reason: str
    resources: str = ".*"               # regular expression on "AWS::Type.LogicalId"
    templates: tuple[str, ...] = ("*",)  # fnmatch patterns on "<synth>:<stack>"

    def matches(self, template: str, finding: dict) -> bool:
        return (finding["check_id"] == self.check
                and re.fullmatch(self.resources, finding["resource"]) is not None
                and any(fnmatch.fnmatchcase(template, p) for p in self.templates))


def load_skips(path: Path = SKIPS) -> list[Skip]:
    import yaml
    skips = []
    for entry in yaml.safe_load(path.read_text()):
        unknown = set(entry) - {"check", "reason", "resources", "templates"}
        if unknown or not re.fullmatch(r"CKV2?_AWS_\d+", str(entry.get("check", ""))):
            raise ValueError(f"{path.name}: bad entry {entry}")
        if len(str(entry.get("reason", "")).split()) < 8:
            raise ValueError(f"{path.name}: {entry['check']} needs a reason (a sentence)")
        skips.append(Skip(entry["check"], " ".join(entry["reason"].split()),
                          entry.get("resources", ".*"),
                          tuple(entry.get("templates", ["*"]))))
    return skips


def start(template: Path) -> subprocess.Popen:
    """checkov on one template, in the background (each takes ~1 min: start them together)."""
    if not CHECKOV.exists():
        raise FileNotFoundError(f"{CHECKOV} is missing: run `make checkov`")
    return subprocess.Popen([str(CHECKOV), "-f", str(template), "--framework", "cloudformation",
                             "-o", "json", "--quiet", "--compact", "--skip-download"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def result(process: subprocess.Popen, timeout: float = 600) -> dict:
    """{"passed": n, "failed": [finding, ...]} of a run `start` began."""
    out, err = process.communicate(timeout=timeout)
    try:
        report = json.loads(out)
    except ValueError:
        raise RuntimeError(f"checkov gave no report (exit {process.returncode}): {err[-2000:]}")
    report = report[0] if isinstance(report, list) else report
    if report["summary"].get("parsing_errors"):
        raise RuntimeError(f"checkov could not parse the template: {report['summary']}")
    failed = [{"check_id": f["check_id"], "resource": f["resource"], "name": f["check_name"]}
              for f in report["results"]["failed_checks"]]
    return {"passed": report["summary"]["passed"], "failed": failed}


def unexplained(template: str, failed: list[dict], skips: list[Skip]) -> list[dict]:
    return [f for f in failed if not any(s.matches(template, f) for s in skips)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", required=True, help="the synth's name, e.g. the stage")
    parser.add_argument("outdir", type=Path)
    args = parser.parse_args(argv)
    skips = load_skips()
    runs = {f"{args.label}:{t.name.removesuffix('.template.json')}": start(t)
            for t in sorted(args.outdir.glob("*.template.json"))}
    bad = 0
    for template, process in runs.items():
        found = result(process)
        left = unexplained(template, found["failed"], skips)
        bad += len(left)
        for f in left:
            print(f"checkov: {template} {f['check_id']} {f['resource']}: {f['name']}",
                  file=sys.stderr)
        print(f"checkov {template}: {found['passed']} passed, {len(found['failed'])} failed "
              f"({len(found['failed']) - len(left)} skipped with a reason in "
              f"{SKIPS.relative_to(ROOT)}, {len(left)} unexplained)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
