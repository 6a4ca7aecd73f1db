"""Entry of the CDK app: synthesizes one stage's stack into cdk.out/.

    python -m infra.cdk.app [--stage dev|prod] [--out cdk.out]     (what `make synth` runs)
        [--settings extra.json]      (settings laid over the stage's: e.g. a domain, in tests)
    npx aws-cdk@<pinned> deploy -c stage=dev                        (cdk.json runs this module)

Stage settings live in cdk.json under context.stages; `-c stage=...` or `--stage` picks one.
The stack's construct id is the stage name because `chalice.cdk` takes the Chalice stage
from it; the CloudFormation stack is named deogharmart-<stage>. cdk-nag's AwsSolutions
pack runs on every synth: an unsuppressed finding is a synth error.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _context() -> dict:
    return json.loads((ROOT / "cdk.json").read_text())["context"]


def feature_flags() -> dict:
    """cdk.json's "@aws-cdk/..." flags, also when synthesized without the CDK CLI."""
    return {k: v for k, v in _context().items() if k.startswith("@aws-cdk/")}


def stage_settings(stage: str, extra: dict | None = None) -> dict:
    """cdk.json's settings of the stage; `extra` replaces whole top-level keys."""
    stages = _context()["stages"]
    if stage not in stages:
        raise SystemExit(f"unknown stage {stage!r}; cdk.json defines {', '.join(stages)}")
    return {**stages[stage], **(extra or {})}


def build(stage: str, outdir: str | None = None, extra: dict | None = None):
    """Build the CDK app of one stage (synthesize with `.synth()`)."""
    settings = stage_settings(stage, extra)
    region = settings.get("region") or "ap-south-1"
    # app.py names its queues from STAGE when imported; `chalice package` needs a region.
    os.environ["STAGE"] = stage
    os.environ.setdefault("AWS_DEFAULT_REGION", region)
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    os.chdir(ROOT)                      # chalice.cdk writes chalice.out/ in the working dir
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))

    import aws_cdk as cdk
    from cdk_nag import AwsSolutionsChecks

    from infra.cdk import edge
    from infra.cdk.domain import Domain
    from infra.cdk.stack import DeogharMartStack
    from infra.resources import resources

    # ...and its CORS answers (packaged from the imported app) name the stage's shop
    os.environ["CORS_ALLOW_ORIGIN"] = Domain.of(settings).cors_origin

    app = cdk.App(outdir=outdir, context=feature_flags()) if outdir else \
        cdk.App(context=feature_flags())
    account = settings.get("account") or os.environ.get("CDK_DEFAULT_ACCOUNT")
    us_east = None
    if edge.needed(settings):     # CloudFront's web ACL and certificate (infra/cdk/edge.py)
        us_east = edge.EdgeStack(app, f"{stage}-edge", stage=stage, settings=settings,
                                 stack_name=f"deogharmart-{stage}-edge",
                                 env=cdk.Environment(account=account, region=edge.REGION),
                                 cross_region_references=True,
                                 description=f"DeogharMart marketplace ({stage}): CloudFront's "
                                             "web ACL and certificate")
    DeogharMartStack(app, stage, stack_name=f"deogharmart-{stage}", res=resources(stage),
                     settings=settings, env=cdk.Environment(account=account, region=region),
                     edge=us_east, cross_region_references=us_east is not None,
                     description=f"DeogharMart marketplace ({stage})")
    cdk.Aspects.of(app).add(AwsSolutionsChecks(verbose=True))
    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", default=None)
    parser.add_argument("--out", default=None)
    parser.add_argument("--settings", type=Path, default=None)
    args = parser.parse_args(argv)
    import aws_cdk as cdk  # noqa: F401  (fails early with a clear ImportError)
    stage = args.stage or os.environ.get("DM_STAGE") or _context_stage() or "dev"
    extra = json.loads(args.settings.read_text()) if args.settings else None
    assembly = build(stage, args.out, extra).synth()
    # chalice.cdk leaves a copy of the package per synth in chalice.out/; cdk.out has its own
    shutil.rmtree(ROOT / "chalice.out", ignore_errors=True)
    findings = nag_findings(assembly.directory)
    for line in findings:
        print("cdk-nag:", line, file=sys.stderr)
    print(f"synthesized stage {stage} into {assembly.directory}"
          + (f"; {len(findings)} unsuppressed cdk-nag finding(s)" if findings else
             "; cdk-nag AwsSolutions: no unsuppressed finding"))
    return 1 if findings else 0


def nag_findings(outdir: str) -> list[str]:
    """Rows of cdk-nag's reports that are neither compliant nor suppressed (with a reason)."""
    import csv
    found = []
    for report in Path(outdir).glob("AwsSolutions-*NagReport.csv"):
        with report.open(newline="") as f:
            for row in csv.DictReader(f):
                if row["Compliance"] == "Non-Compliant":
                    found.append(f"{row['Rule ID']} {row['Resource ID']}: {row['Rule Info']}")
    return found


def _context_stage() -> str | None:
    """`cdk deploy -c stage=prod` passes context through CDK_CONTEXT_JSON."""
    try:
        return json.loads(os.environ.get("CDK_CONTEXT_JSON", "{}")).get("stage")
    except ValueError:
        return None


if __name__ == "__main__":
    sys.exit(main())
