"""Make a report now, from the command line, against the configured stage.

  python -m tools.report daily [--date 2026-11-26] [--no-email]
  python -m tools.report weekly [--date <any day of the week>]

Against the local stack: `make report KIND=daily` (it loads the stack's environment).
Prints the report's id, its totals and the time-limited links.
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.report", description=__doc__.split("\n")[0])
    parser.add_argument("kind", choices=("daily", "weekly"))
    parser.add_argument("--date", type=date.fromisoformat, default=None,
                        help="a day of the period (India date); default yesterday / last week")
    parser.add_argument("--no-email", action="store_true", help="store it, do not e-mail it")
    args = parser.parse_args(argv)
    from chalicelib.reports import run, store
    meta = run.make(args.kind, args.date, email=not args.no_email)
    print(json.dumps({**(store.get_report(meta["id"]) or meta),
                      "emailed": bool(meta.get("email_message_id"))}, indent=2,
                     ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
