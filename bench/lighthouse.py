"""Lighthouse (npm `lighthouse` 12.2.3, tools/browser) on the shop's pre-rendered pages, with
Debian's chromium, mobile form factor (Lighthouse's default simulated throttling: a mid-range
phone on slow 4G): home, a product page and a maker page, in Hindi and in English.

Target (issue 16): SEO ≥ 95 and accessibility ≥ 95 on every page; performance and best
practices are printed for information. A failing SEO or accessibility audit is listed with
its id and title (and the first elements it names). The JSON reports are kept in
test-artifacts/lighthouse/. Starts its own local stack (free ports). Exit 1 below target.
Needs `npm ci` in tools/browser (make test does it).
Run: python bench/lighthouse.py
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CLI = ROOT / "tools" / "browser" / "node_modules" / "lighthouse" / "cli" / "index.js"
REPORTS = ROOT / "test-artifacts" / "lighthouse"
CATEGORIES = ("seo", "accessibility", "performance", "best-practices")
TARGETS = {"seo": 95, "accessibility": 95}
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu"


def pages_of(product: dict) -> list[tuple[str, str]]:
    pid, maker = product["id"], product["vendor"]["id"]
    return [("home hi", "/"), ("home en", "/en/"),
            ("product hi", f"/p/{pid}"), ("product en", f"/en/p/{pid}"),
            ("maker hi", f"/m/{maker}"), ("maker en", f"/en/m/{maker}")]


def lighthouse(url: str, out: Path) -> dict:
    from tests.integration.browser import chromium_path
    cmd = ["node", str(CLI), url, "--quiet", "--output=json", f"--output-path={out}",
           "--form-factor=mobile", f"--only-categories={','.join(CATEGORIES)}",
           f"--chrome-flags={CHROME_FLAGS}", "--max-wait-for-load=60000"]
    done = subprocess.run(cmd, env={**os.environ, "CHROME_PATH": chromium_path()},
                          capture_output=True, text=True, timeout=300)
    if done.returncode != 0 or not out.exists():
        raise RuntimeError(f"lighthouse failed on {url} ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(out.read_text())


def scores(report: dict) -> dict[str, int]:
    return {k: round(100 * (report["categories"][k]["score"] or 0)) for k in CATEGORIES}


def failing(report: dict, category: str) -> list[dict]:
    """The category's scored audits that did not pass."""
    out = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
            items = (audit.get("details") or {}).get("items") or []
            nodes = [(i.get("node") or {}).get("snippet") or (i.get("node") or {}).get("selector")
                     for i in items if isinstance(i, dict)]
            out.append({"id": audit["id"], "title": audit["title"], "weight": ref["weight"],
                        "nodes": [n for n in nodes if n][:3]})
    return out


def main() -> int:
    if not CLI.exists():
        print(f"{CLI} is missing: run `npm ci` in tools/browser", file=sys.stderr)
        return 2
    import requests

    from bench.harness import own_stack
    REPORTS.mkdir(parents=True, exist_ok=True)
    with own_stack() as info:
        product = requests.get(info["api_url"] + "/products?limit=1", timeout=30).json()["items"][0]
        version = subprocess.run(["node", str(CLI), "--version"], capture_output=True,
                                 text=True).stdout.strip()
        print(f"Lighthouse {version}, mobile, chromium {CHROME_FLAGS}; "
              f"product {product['id']}, maker {product['vendor']['id']}")
        print(f"{'page':11} {'path':34} {'SEO':>4} {'a11y':>5} {'perf':>5} {'BP':>4}")
        below, problems = [], []
        for name, path in pages_of(product):
            report = lighthouse(info["web_url"] + path, REPORTS / f"{name.replace(' ', '-')}.json")
            s = scores(report)
            print(f"{name:11} {path[:34]:34} {s['seo']:4} {s['accessibility']:5} "
                  f"{s['performance']:5} {s['best-practices']:4}", flush=True)
            for cat, target in TARGETS.items():
                if s[cat] < target:
                    below.append(f"{name} {cat} {s[cat]} < {target}")
                problems += [(name, cat, a) for a in failing(report, cat)]
        if problems:
            print("\nfailing SEO / accessibility audits:")
            for name, cat, a in problems:
                print(f"  {name:11} {cat:13} {a['id']}: {a['title']}")
                for node in a["nodes"]:
                    print(f"{'':29}{node[:140]}")
        print(f"\nreports: {REPORTS}")
        print("targets met (SEO ≥ 95, accessibility ≥ 95)" if not below else
              "BELOW TARGET: " + "; ".join(below))
        return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
