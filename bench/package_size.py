"""The Lambda deployment package, as `make synth` / `make deploy` build it: its size
(zipped and unzipped, against Lambda's 50 MB and 250 MB limits), the largest parts, and
the cold-start import ratio of the foundation benchmark (bench/cold_start.py) measured on
the packaged code: app.py vs a bare Chalice + boto3 app, both imported from the unzipped
package only (`python -S`: no site-packages, as on Lambda).

Run: python bench/package_size.py [ROUNDS] [--stage dev]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.cold_start import BARE, PROBE  # noqa: E402

MB = 1024 * 1024
ZIPPED_LIMIT, UNZIPPED_LIMIT = 50 * MB, 250 * MB
SYNTH_TARGET = 300   # seconds: a deploy that waits longer is a problem worth a look


def build_package(stage: str, out: Path) -> Path:
    """`chalice package` for the stage, as chalice.cdk runs it during synth (reuses
    .chalice/deployments/ when requirements.txt is unchanged)."""
    env = {**os.environ, "STAGE": stage}
    env.setdefault("AWS_DEFAULT_REGION", "ap-south-1")
    subprocess.run([str(Path(sys.executable).with_name("chalice")), "package", "--stage", stage,
                    str(out)], cwd=ROOT, env=env, check=True, capture_output=True)
    return out / "deployment.zip"


def sizes(zip_path: Path) -> tuple[int, int, Counter]:
    parts: Counter = Counter()
    with zipfile.ZipFile(zip_path) as z:
        for info in z.infolist():
            top = info.filename.split("/", 1)[0]
            parts[top.split(".dist-info")[0] if "/" in info.filename else top] += info.file_size
    return zip_path.stat().st_size, sum(parts.values()), parts


def local_builds(zip_path: Path) -> list[str]:
    """Distributions whose wheel was built on this machine (tag linux_x86_64, not manylinux):
    they link this machine's libraries and may not load on Lambda."""
    found = []
    with zipfile.ZipFile(zip_path) as z:
        for name in z.namelist():
            if name.endswith(".dist-info/WHEEL"):
                tags = [line.split(":", 1)[1].strip() for line in
                        z.read(name).decode().splitlines() if line.startswith("Tag:")]
                if any(t.endswith("linux_x86_64") and "manylinux" not in t for t in tags):
                    found.append(name.split("/", 1)[0])
    return found


def synth_seconds(stage: str, out: Path) -> float:
    """The CDK app synthesized as `make synth` and the infra tests do (packaging included)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "20"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "infra.cdk.app", "--stage", stage, "--out", str(out)],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def import_seconds(path: Path, module: str) -> float:
    done = subprocess.run([sys.executable, "-S", "-c", PROBE.format(path=str(path),
                                                                    module=module)],
                          capture_output=True, text=True, check=True, cwd=path,
                          env={"PATH": os.environ.get("PATH", ""), "STAGE": "dev",
                               "AWS_DEFAULT_REGION": "ap-south-1"})
    return float(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("rounds", nargs="?", type=int, default=15)
    parser.add_argument("--stage", default="dev")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        zip_path = build_package(args.stage, Path(tmp, "package"))
        packaged = time.perf_counter() - started
        synthesized = synth_seconds(args.stage, Path(tmp, "cdk"))
        print(f"synth of the {args.stage} stack (`make synth` without cfn-lint): "
              f"{synthesized:.0f} s, packaging alone {packaged:.0f} s (target <= {SYNTH_TARGET} s)")
        zipped, unzipped, parts = sizes(zip_path)
        print(f"deployment package ({args.stage}): {zip_path.name}")
        print(f"  zipped   : {zipped / MB:7.1f} MB  ({100 * zipped / ZIPPED_LIMIT:.0f}% of "
              "Lambda's 50 MB direct-upload limit)")
        print(f"  unzipped : {unzipped / MB:7.1f} MB  ({100 * unzipped / UNZIPPED_LIMIT:.0f}% of "
              "Lambda's 250 MB limit)")
        print("  largest parts (unzipped): " + ", ".join(
            f"{name} {size / MB:.1f} MB" for name, size in parts.most_common(8)))
        built_here = local_builds(zip_path)
        print("  built on this machine (may not load on Lambda): "
              + (", ".join(built_here) if built_here else "none"))
        code = Path(tmp, "code")
        with zipfile.ZipFile(zip_path) as z:
            z.extractall(code)
        (code / "bare_app.py").write_text(BARE)
        import_seconds(code, "bare_app"), import_seconds(code, "app")   # warm bytecode caches
        bare, ours = [], []
        for _ in range(args.rounds):
            bare.append(import_seconds(code, "bare_app"))
            ours.append(import_seconds(code, "app"))
    b, o = statistics.median(bare), statistics.median(ours)
    print(f"cold start from the package: import time over {args.rounds} rounds (median)")
    print(f"  bare chalice + boto3 app : {b * 1000:7.1f} ms")
    print(f"  deogharmart app.py       : {o * 1000:7.1f} ms")
    print(f"  ratio                    : {o / b:7.2f}x  (target <= 1.30x)")
    ok = zipped <= ZIPPED_LIMIT and unzipped <= UNZIPPED_LIMIT and not built_here and \
        synthesized <= SYNTH_TARGET
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
