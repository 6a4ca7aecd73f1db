"""Every test, in two pytest processes at once (`make test`): the integration tests against
the session's local stack in one; the unit and infra tests, then the fuzz tests (which start
a stack of their own), in the other. Each lane is the plain `pytest` of its paths, so nothing
is skipped or weakened; they share no port, file or state. The integration lane waits on its
stack much of the time (webhooks, courier steps, the browser), which the other lane's CPU work
fills: on a 2-CPU machine the whole run takes about two thirds of one process's time.

The integration lane prints as it goes; the other lane's output is kept and printed after
it, so the log reads as two whole pytest runs. The exit status is the first non-zero of the
two (a failure in either fails the run).

    python -m tests.lanes [extra pytest arguments for both lanes]
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time

FUZZ = "tests/integration/test_fuzz.py"
LANES = {
    "integration": ["tests/integration", f"--ignore={FUZZ}"],
    "unit, infra and fuzz": ["tests/unit", "tests/infra", FUZZ],
}


def main(extra: list[str]) -> int:
    started = time.monotonic()
    (first, first_args), (second, second_args) = LANES.items()
    with tempfile.TemporaryFile("w+") as kept:
        other = subprocess.Popen([sys.executable, "-m", "pytest", *second_args, *extra],
                                 stdout=kept, stderr=subprocess.STDOUT)
        try:
            print(f"=== lane 1: {first} (lane 2, {second}, runs beside it; its output follows)",
                  flush=True)
            live = subprocess.call([sys.executable, "-m", "pytest", *first_args, *extra])
            done = other.wait()
        except BaseException:
            other.kill()
            raise
        kept.seek(0)
        print(f"\n=== lane 2: {second}", flush=True)
        sys.stdout.write(kept.read())
    minutes = (time.monotonic() - started) / 60
    print(f"\n=== lanes: {first} exit {live}, {second} exit {done}; {minutes:.1f} min in all",
          flush=True)
    return live or done


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
