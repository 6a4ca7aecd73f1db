"""Run one of the stage's scheduled jobs now, in the cloud (docs/operations.md):

    python -m tools.run_job --stage prod reconcile_orders

invokes the job's function `deogharmart-<stage>-<job>` with the event its schedule would send
(an empty payload fails before the job runs) and prints its answer. Jobs: reconcile_orders,
daily_report, weekly_report, payout_run, tax_workings, publish_site, fx_rates. Uses your AWS
credentials; on the local stack use `make schedule NAME=<job>`.
"""
from __future__ import annotations

import argparse
import json
import sys

JOBS = ("reconcile_orders", "daily_report", "weekly_report", "payout_run", "tax_workings",
        "publish_site", "fx_rates")


def invoke(session, stage: str, job: str) -> dict:
    """The job's answer; RuntimeError with it when the function failed."""
    from botocore.config import Config

    from chalicelib.config import stage_name
    from infra.local.schedule import scheduled_event
    lam = session.client("lambda", config=Config(read_timeout=900, retries={"max_attempts": 0}))
    event = scheduled_event(job, lam.meta.region_name, rule=f"manual:{stage_name(stage, job)}")
    answer = lam.invoke(FunctionName=stage_name(stage, job), Payload=json.dumps(event).encode())
    result = json.loads(answer["Payload"].read() or b"{}")
    if answer.get("FunctionError"):
        raise RuntimeError(f"{job} failed: {result}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.run_job", description=__doc__.split("\n")[0])
    parser.add_argument("--stage", required=True, choices=("dev", "prod"))
    parser.add_argument("job", choices=JOBS)
    args = parser.parse_args(argv)
    import boto3
    try:
        print(json.dumps(invoke(boto3.session.Session(), args.stage, args.job), indent=2,
                         ensure_ascii=False, default=str))
    except RuntimeError as e:
        print(e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
