"""Cold-start cost: import time of app.py in a fresh interpreter, as a ratio to a bare
Chalice + boto3 app measured in the same run (target ≤ 1.3×). Also what a container's first
Razorpay payment adds (the SDK and `requests`, imported only then, and only on a stage that
turns Razorpay on: app.py never imports it).

Each round starts two new interpreters, one per app, alternating, so machine noise
hits both alike; the figures are medians over the rounds.
Run: python bench/cold_start.py [ROUNDS]
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BARE = '''
import boto3
from chalice import Chalice
app = Chalice(app_name="bare")
boto3.client  # what every Lambda of ours touches

@app.route("/")
def index():
    return {"hello": "world"}
'''
PROBE = ("import time, sys; sys.path.insert(0, {path!r}); t = time.perf_counter(); "
         "import {module}; print(time.perf_counter() - t)")


def measure(path: str, module: str) -> float:
    out = subprocess.run([sys.executable, "-c", PROBE.format(path=path, module=module)],
                         capture_output=True, text=True, check=True, cwd=path,
                         # bytecode cached, as in a Lambda package: any value of
                         # PYTHONDONTWRITEBYTECODE ("0" too) turns the cache off
                         env={k: v for k, v in os.environ.items()
                              if k != "PYTHONDONTWRITEBYTECODE"})
    return float(out.stdout.strip().splitlines()[-1])


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "bare_app.py").write_text(BARE)
        measure(tmp, "bare_app"), measure(str(ROOT), "app")  # warm the bytecode caches
        bare, ours, sdk = [], [], []
        for _ in range(rounds):
            bare.append(measure(tmp, "bare_app"))
            ours.append(measure(str(ROOT), "app"))
            sdk.append(measure(str(ROOT), "razorpay"))
    b, o = statistics.median(bare), statistics.median(ours)
    ratios = sorted(x / y for x, y in zip(ours, bare))
    print(f"cold start: import time over {rounds} rounds (median)")
    print(f"  bare chalice + boto3 app : {b * 1000:7.1f} ms")
    print(f"  deogharmart app.py       : {o * 1000:7.1f} ms")
    print(f"  ratio                    : {o / b:7.2f}x  (per-round ratios "
          f"{ratios[0]:.2f}-{ratios[-1]:.2f}; target <= 1.30x)")
    print(f"  first Razorpay payment   : +{statistics.median(sdk) * 1000:6.1f} ms "
          f"(= {statistics.median(sdk) / b:.2f}x the bare app; never at import)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
