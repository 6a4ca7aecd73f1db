"""Bytes per page and Largest Contentful Paint / layout shift per page, in headless
Chromium with the network emulated at 400 kbit/s and 400 ms round trip, on the local stack.

Budgets:
- issue 5: home and category ≤ 100 KB transferred excluding product images; LCP ≤ 2.5 s;
  CLS ≤ 0.1. The sellers' portal's first page (portal.html, the sign-in page when signed out;
  issue 9) has the same budget; search and maker pages: LCP and CLS only.
- issue 16: the pre-rendered product page (Hindi `/p/<id>` and English `/en/p/<id>`), first
  visit, ≤ 60 KB without product images; LCP ≤ 1.8 s; CLS ≤ 0.05.
The shop's pages are measured at their real URLs (`/`, `/c/<slug>`, `/p/<id>`, `/m/<id>`,
`/en/…`), pre-rendered in the web bucket; the old hash links (`/#/c/…`) only redirect there.
"Without product images" leaves out every image response (the product photos from the media
bucket, and the shell's few icons, if any), as issue 5's figures did.
Each page is loaded cold (new browser context, empty cache) three times; the figures are
medians. Starts its own local stack (free ports). Exit 1 if a budget is missed.
Run: python bench/storefront_pages.py [--runs N]
"""
from __future__ import annotations

import argparse
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OBSERVE = """
window.__lcp = 0; window.__cls = 0;
new PerformanceObserver(l => { for (const e of l.getEntries()) window.__lcp = e.startTime; })
  .observe({type: 'largest-contentful-paint', buffered: true});
new PerformanceObserver(l => { for (const e of l.getEntries())
  if (!e.hadRecentInput) window.__cls += e.value; })
  .observe({type: 'layout-shift', buffered: true});
"""


@dataclass(frozen=True)
class Budget:
    kb: float | None     # KB transferred without product images (None: not budgeted)
    lcp: float           # seconds
    cls: float
    issue: int

    def checks(self, m: dict) -> list[tuple[str, bool]]:
        out = [] if self.kb is None else [(f"≤{self.kb:g} KB", m["no_images"] <= self.kb * 1000)]
        return out + [(f"LCP≤{self.lcp:g}s", m["lcp"] <= self.lcp),
                      (f"CLS≤{self.cls:g}", m["cls"] <= self.cls)]


SHOP = Budget(kb=100, lcp=2.5, cls=0.1, issue=5)
PRODUCT = Budget(kb=60, lcp=1.8, cls=0.05, issue=16)
OTHER = Budget(kb=None, lcp=2.5, cls=0.1, issue=5)


def pages_of(product: dict) -> list[tuple[str, str, Budget]]:
    pid, maker = product["id"], product["vendor"]["id"]
    return [("home", "/", SHOP),
            ("category", "/c/peda-sweets", SHOP),
            ("product hi", f"/p/{pid}", PRODUCT),
            ("product en", f"/en/p/{pid}", PRODUCT),
            ("maker", f"/m/{maker}", OTHER),
            # the site's search address (schema.org SearchAction): /app draws #/ views cold
            ("search", "/app?q=peda", OTHER),
            ("portal", "/portal.html#/signin", SHOP)]


def measure(chromium, url: str) -> dict:
    context = chromium.new_context(viewport={"width": 412, "height": 915})
    page = context.new_page()
    page.add_init_script(OBSERVE)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 400,
                                                  "downloadThroughput": 400_000 / 8,
                                                  "uploadThroughput": 400_000 / 8})
    sizes: dict[str, int] = {}
    kinds: dict[str, str] = {}
    cdp.on("Network.responseReceived", lambda e: kinds.__setitem__(e["requestId"], e["type"]))
    cdp.on("Network.loadingFinished",
           lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])))
    response = page.goto(url, wait_until="networkidle", timeout=120_000)
    if response is None or response.status != 200:
        raise RuntimeError(f"{url}: HTTP {response.status if response else 'no response'}")
    page.wait_for_timeout(1000)
    lcp = page.evaluate("window.__lcp") / 1000
    cls = page.evaluate("window.__cls")
    total = sum(sizes.values())
    images = sum(v for k, v in sizes.items() if kinds.get(k) == "Image")
    context.close()
    return {"bytes": total, "no_images": total - images, "lcp": lcp, "cls": cls}


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--runs", type=int, default=3, help="cold loads per page (median)")
    opts = args.parse_args(argv)
    import requests
    from playwright.sync_api import sync_playwright

    from bench.harness import own_stack
    from tests.integration import browser
    with own_stack() as info:
        product = requests.get(info["api_url"] + "/products?limit=1", timeout=30).json()["items"][0]
        print(f"median of {opts.runs} cold loads, 412×915, 400 kbit/s, 400 ms RTT; "
              f"product {product['id']}, maker {product['vendor']['id']}")
        print(f"{'page':11} {'path':38} {'KB total':>8} {'KB w/o img':>10} {'LCP s':>6} "
              f"{'(min–max)':>11} {'CLS':>6}  budgets")
        failed = []
        with sync_playwright() as p:
            chromium = browser.launch(p)
            for name, path, budget in pages_of(product):
                runs = [measure(chromium, info["web_url"] + path) for _ in range(opts.runs)]
                m = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                checks = budget.checks(m)
                failed += [f"{name}: {label}" for label, ok in checks if not ok]
                verdict = "  ".join(f"{label} {'ok' if ok else 'FAIL'}" for label, ok in checks)
                lcps = [r["lcp"] for r in runs]
                print(f"{name:11} {path[:38]:38} {m['bytes'] / 1000:8.1f} "
                      f"{m['no_images'] / 1000:10.1f} {m['lcp']:6.2f} "
                      f"({min(lcps):4.2f}–{max(lcps):4.2f}) {m['cls']:6.3f}  "
                      f"{verdict}  (issue {budget.issue})", flush=True)
            chromium.close()
        print("all budgets met" if not failed else "OVER BUDGET: " + "; ".join(failed))
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
