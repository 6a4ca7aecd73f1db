"""Bytes per page and Largest Contentful Paint / layout shift per page, in headless
Chromium with the network emulated at 400 kbit/s and 400 ms round trip, on the local stack.

Budgets (issue 5): home and category ≤ 100 KB transferred excluding product images;
LCP ≤ 2.5 s; CLS ≤ 0.1. The sellers' portal's first page (portal.html, the sign-in page when
signed out; issue 9) has the same budget. Each page is loaded cold (new browser context, empty cache),
three times; the figures are medians. Starts its own local stack.
Run: python bench/storefront_pages.py
"""
from __future__ import annotations

import statistics
import sys
import tempfile
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


def measure(browser_mod, chromium, url: str) -> dict:
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
    page.goto(url, wait_until="networkidle", timeout=120_000)
    page.wait_for_timeout(1000)
    lcp = page.evaluate("window.__lcp") / 1000
    cls = page.evaluate("window.__cls")
    total = sum(sizes.values())
    images = sum(v for k, v in sizes.items() if kinds.get(k) == "Image")
    context.close()
    return {"bytes": total, "no_images": total - images, "lcp": lcp, "cls": cls}


def main() -> int:
    from playwright.sync_api import sync_playwright

    from infra.local.env import Ports
    from infra.local.stack import LocalStack, free_port
    from tests.integration import browser
    ports = Ports(aws=free_port(), stripe=free_port(), api=free_port(), web=free_port(),
                  courier=free_port())
    stack = LocalStack(ports=ports, state_dir=Path(tempfile.mkdtemp()), quiet=True)
    info = stack.start()
    try:
        import requests
        product = requests.get(info["api_url"] + "/products?limit=1", timeout=30).json()["items"][0]
        pages = {"home": "#/", "category": "#/c/peda-sweets", "search": "#/search?q=peda",
                 "product": f"#/p/{product['id']}", "maker": f"#/m/{product['vendor']['id']}",
                 "portal": "portal.html#/signin"}
        print("page       KB total  KB w/o images  LCP s   CLS     (median of 3 cold loads, "
              "400 kbit/s, 400 ms RTT)")
        worst = 0
        with sync_playwright() as p:
            chromium = browser.launch(p)
            for name, route in pages.items():
                runs = [measure(browser, chromium, f"{info['web_url']}/{route}") for _ in range(3)]
                m = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                over = (name in ("home", "category", "portal") and m["no_images"] > 100_000) or \
                    m["lcp"] > 2.5 or m["cls"] > 0.1
                worst += over
                print(f"{name:10} {m['bytes'] / 1000:8.1f}  {m['no_images'] / 1000:13.1f}  "
                      f"{m['lcp']:5.2f}  {m['cls']:6.3f}  {'OVER BUDGET' if over else 'ok'}")
            chromium.close()
        return 1 if worst else 0
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
