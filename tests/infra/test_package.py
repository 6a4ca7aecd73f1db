"""The Lambda deployment package the synth produced (the CDK asset): within Lambda's size
limits, and every compiled dependency from a manylinux wheel Lambda's python3.11 (Amazon
Linux 2, glibc 2.26) can load — never a build of this machine (`linux_x86_64`), which would
link libraries Lambda does not have."""
from __future__ import annotations

import zipfile

from bench.package_size import UNZIPPED_LIMIT, ZIPPED_LIMIT, local_builds, sizes


def _package(dev):
    (asset,) = dev.outdir.glob("asset.*.zip")
    return asset


def test_package_within_lambda_limits(dev):
    zipped, unzipped, _ = sizes(_package(dev))
    assert zipped < ZIPPED_LIMIT and unzipped < UNZIPPED_LIMIT, (zipped, unzipped)


def test_no_dependency_built_on_this_machine(dev):
    assert local_builds(_package(dev)) == []


def test_package_holds_the_app_and_no_tests(dev):
    names = zipfile.ZipFile(_package(dev)).namelist()
    assert "app.py" in names and "chalicelib/config.py" in names
    assert not any(n.startswith(("tests/", "infra/", "frontend/", "bench/")) for n in names)
