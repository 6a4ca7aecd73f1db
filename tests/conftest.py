"""Rules of every test run, so that a green run means the tests ran:

- a skip (or an expected failure) fails the run unless DOCUMENTED_SKIPS names it with its
  reason: a missing dependency or service must never turn a test into a quiet pass;
- every test is bounded by pytest-timeout (pytest.ini), so a hang fails with a traceback
  instead of eating CI's 90 minutes;
- tests under tests/integration carry the `integration` marker (`-m "not integration"`).
"""
from __future__ import annotations

from pathlib import Path

import pytest

INTEGRATION = Path(__file__).parent / "integration"

# node id prefix -> why that test may be skipped. Empty: nothing may be skipped.
DOCUMENTED_SKIPS: dict[str, str] = {}

_unexplained: list[str] = []


def pytest_collection_modifyitems(config, items):
    for item in items:
        if INTEGRATION in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.integration)


def _documented(nodeid: str) -> bool:
    return any(nodeid.startswith(prefix) for prefix in DOCUMENTED_SKIPS)


def pytest_runtest_logreport(report):
    skipped = report.skipped or hasattr(report, "wasxfail")
    if skipped and not _documented(report.nodeid):
        reason = getattr(report, "wasxfail", None) or (
            report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr))
        _unexplained.append(f"{report.nodeid} ({report.when}): {reason}")


def pytest_sessionfinish(session, exitstatus):
    if _unexplained and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    if _unexplained:
        terminalreporter.section("skipped without a documented reason (the run fails)")
        for line in _unexplained:
            terminalreporter.write_line(line)
        terminalreporter.write_line("Fix the cause, or name the test in DOCUMENTED_SKIPS "
                                    "(tests/conftest.py) with why it may be skipped.")
