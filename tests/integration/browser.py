"""Playwright on Debian's Chromium (never a downloaded browser), for the storefront tests
and the page benchmark."""
from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tools" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    for candidate in ("/usr/lib/chromium/chromium", shutil.which("chromium") or ""):
        if candidate and Path(candidate).exists():
            return candidate
    raise RuntimeError("Debian's chromium is needed: apt-get install chromium (make test does it)")


def launch(playwright):
    return playwright.chromium.launch(executable_path=chromium_path(), args=ARGS)


def slow_3g(page, kbps: int = 400, latency_ms: int = 400) -> None:
    """The budget's network: 400 kbit/s both ways, 400 ms round trip (CDP emulation)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": latency_ms,
        "downloadThroughput": kbps * 1000 / 8, "uploadThroughput": kbps * 1000 / 8})


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page, exclude: list[str] | None = None) -> list[dict]:
    page.add_script_tag(content=AXE.read_text())
    context = {"exclude": [[s] for s in exclude or []]}
    result = page.evaluate("ctx => axe.run(ctx, {resultTypes: ['violations']})", context)
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
