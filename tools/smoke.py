"""Smoke test of a live stage, end to end, without changing its data: after a deploy, and
against the local stack in the tests.

    python -m tools.smoke https://shop.example.in [--api https://…/api]
    python -m tools.smoke --stage dev        (the stack's outputs WebUrl, ApiUrl: AWS credentials)
    python -m tools.smoke --local            (the running local stack: .local/stack.json)
    make smoke URL=https://shop.example.in [API=…]      (no URL: the running local stack)

The shop's address is enough: the API's address is read from the shop's published settings
(`<meta name="dm-config">`, written by infra/site.py). Given `--api` (the deploy knows it),
the published settings must name that API. Every check runs, also after one fails, and prints
PASS or FAIL with one line of reason; the exit status is 1 when any failed.

Only reads and refused calls: no order, no account, no upload. The webhook checks post
unsigned bodies, which the API must refuse (they appear on the dashboard's webhook signature
failures graph; no alarm watches it).
"""
from __future__ import annotations

import argparse
import html
import json
import re
import sys
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urlsplit

import requests

TIMEOUT = 15
PINCODE = "814112"          # Deoghar: a quote every stage can answer
_META = r'<meta\s+{}="{}"\s+content="([^"]*)"'


class Fail(Exception):
    """A check's failure; its message is the one-line reason."""


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def meta(page: str, attr: str, name: str) -> str | None:
    m = re.search(_META.format(attr, re.escape(name)), page)
    return html.unescape(m.group(1)) if m else None


@dataclass
class Smoke:
    shop: str
    api: str | None = None              # the API the shop must name (None: whatever it names)
    http: requests.Session = field(default_factory=requests.Session)
    found: dict = field(default_factory=dict)   # what earlier checks learnt

    # --- helpers ----------------------------------------------------------------------------
    def get(self, url: str, **kw) -> requests.Response:
        return self._call("GET", url, **kw)

    def _call(self, method: str, url: str, **kw) -> requests.Response:
        try:
            return self.http.request(method, url, timeout=TIMEOUT, allow_redirects=False, **kw)
        except requests.RequestException as e:
            raise Fail(f"{method} {url}: no answer ({type(e).__name__})") from None

    def expect(self, r: requests.Response, *statuses: int) -> requests.Response:
        if r.status_code not in statuses:
            raise Fail(f"{r.request.method} {r.url}: {r.status_code}, expected "
                       + " or ".join(map(str, statuses)))
        return r

    def json(self, r: requests.Response) -> dict:
        try:
            return r.json()
        except ValueError:
            raise Fail(f"{r.request.method} {r.url}: the answer is not JSON") from None

    def api_url(self) -> str:
        """The API under test: the one the deploy names, else the one the shop names."""
        url = self.api or self.found.get("api_url")
        if not url:
            raise Fail("no API address: the shop's published settings could not be read")
        return url.rstrip("/")

    def api_get(self, path: str) -> dict:
        return self.json(self.expect(self.get(self.api_url() + path), 200))

    def home(self) -> requests.Response:
        if "home" not in self.found:
            raise Fail("the shop's home page could not be read")
        return self.found["home"]

    # --- the checks, in order ---------------------------------------------------------------
    def check_shop(self) -> str:
        r = self.expect(self.get(self.shop + "/"), 200)
        if not r.headers.get("Content-Type", "").startswith("text/html"):
            raise Fail(f"GET /: {r.headers.get('Content-Type')!r}, not an HTML page")
        self.found["home"] = r
        return f"GET / 200, {len(r.content)} bytes"

    def check_config(self) -> str:
        raw = meta(self.home().text, "name", "dm-config")
        try:
            cfg = json.loads(raw or "")
        except ValueError:
            raise Fail("the home page has no readable <meta name=\"dm-config\">") from None
        published = str(cfg.get("apiUrl") or "").rstrip("/")
        if not published.startswith(("https://", "http://")):
            raise Fail(f"the published apiUrl {published!r} is not an http(s) address")
        self.found.update(config=cfg, api_url=published)
        if self.api and published != self.api.rstrip("/"):
            raise Fail(f"the published config names the API {published}, not {self.api.rstrip('/')}")
        return (f"apiUrl {published}, stage {cfg.get('stage')}, "
                f"trial mode {'on' if cfg.get('trial') else 'off'}")

    def check_csp(self) -> str:
        policy = meta(self.home().text, "http-equiv", "Content-Security-Policy") or ""
        directives = dict((d.strip().split(" ", 1) + [""])[:2] for d in policy.split(";") if d.strip())
        api = origin(self.api_url())
        if api not in directives.get("connect-src", "").split():
            raise Fail(f"the page's CSP connect-src does not name the API origin {api}")
        if "'unsafe-inline'" in directives.get("script-src", ""):
            raise Fail("the page's CSP allows 'unsafe-inline' scripts")
        return f"connect-src names {api}; no inline script but by hash"

    def check_security_headers(self) -> str:
        h = self.home().headers
        rules = {"Strict-Transport-Security": lambda v: int(
                     (re.search(r"max-age=(\d+)", v) or [0, 0])[1]) >= 365 * 24 * 3600,
                 "X-Content-Type-Options": lambda v: v.lower() == "nosniff",
                 "X-Frame-Options": lambda v: v.upper() == "DENY",
                 "Referrer-Policy": lambda v: v in ("strict-origin-when-cross-origin", "no-referrer",
                                                    "same-origin", "strict-origin"),
                 "Content-Security-Policy": lambda v: "frame-ancestors 'none'" in v}
        wrong = [f"{name}: {h.get(name)!r}" for name, ok in rules.items()
                 if h.get(name) is None or not ok(h[name])]
        if wrong:
            raise Fail("missing or weak: " + "; ".join(wrong))
        return ", ".join(rules)

    def check_health(self) -> str:
        live = self.api_get("/health")
        ready = self.api_get("/health/ready")
        if live.get("status") != "ok" or ready.get("status") != "ready":
            raise Fail(f"/health {live.get('status')!r}, /health/ready {ready.get('status')!r}")
        return f"ok and ready (stage {live.get('stage')}, version {live.get('version')})"

    def check_catalog(self) -> str:
        categories = self.api_get("/categories").get("items") or []
        products = self.api_get("/products?limit=1").get("items") or []
        if not categories or not products:
            raise Fail(f"{len(categories)} categories, {len(products)} products listed")
        product = self.api_get(f"/products/{products[0]['id']}")
        if not product.get("variants"):
            raise Fail(f"product {product.get('id')} has no variants")
        self.found["product"] = product
        return f"{len(categories)} categories; product {product['id']} with " \
               f"{len(product['variants'])} variant(s)"

    def check_product_page(self) -> str:
        product = self._product()
        r = self.expect(self.get(f"{self.shop}/p/{product['id']}"), 200)
        if f'data-id="{product["id"]}"' not in r.text:
            raise Fail(f"/p/{product['id']} is not that product's page")
        return f"/p/{product['id']} published"

    def check_quote(self) -> str:
        product = self._product()
        body = {"items": [{"product_id": product["id"], "variant_id": product["variants"][0]["id"],
                           "quantity": 1}], "pincode": PINCODE, "country": "IN"}
        quote = self.json(self.expect(self._call("POST", self.api_url() + "/quotes", json=body), 200))
        totals = quote.get("totals") or {}
        if not isinstance(totals.get("total_paise"), int):
            raise Fail(f"POST /quotes: no total in {sorted(totals)}")
        return f"1 × {product['id']} to {PINCODE}: ₹{totals['total_paise'] / 100:,.2f}"

    def check_cors(self) -> str:
        shop = origin(self.shop)
        pre = self.expect(self._call("OPTIONS", self.api_url() + "/products", headers={
            "Origin": shop, "Access-Control-Request-Method": "GET"}), 200, 204)
        got = self.get(self.api_url() + "/categories", headers={"Origin": shop})
        allowed = [x.headers.get("Access-Control-Allow-Origin") for x in (pre, got)]
        if any(a not in ("*", shop) for a in allowed):
            raise Fail(f"Access-Control-Allow-Origin {allowed} for the shop's origin {shop}")
        return f"the API allows {shop} (preflight and GET)"

    def check_portal(self) -> str:
        r = self.expect(self.get(self.shop + "/portal.html"), 200)
        cfg = json.loads(meta(r.text, "name", "dm-config") or "{}")
        if str(cfg.get("apiUrl") or "").rstrip("/") != self.api_url():
            raise Fail(f"the portal names the API {cfg.get('apiUrl')!r}, not {self.api_url()}")
        if bool(cfg.get("trial")) != ('data-testid="trial-banner"' in r.text):
            raise Fail("the portal's trial banner does not match its trial setting")
        return "portal.html names the same API" + (", trial banner shown" if cfg.get("trial") else "")

    def check_webhooks(self) -> str:
        answers = []
        for hook in ("stripe", "courier"):
            r = self._call("POST", f"{self.api_url()}/webhooks/{hook}", data=b'{"type": "smoke"}',
                           headers={"Content-Type": "application/json"})
            if r.status_code not in (400, 401, 403):
                raise Fail(f"an unsigned POST /webhooks/{hook} got {r.status_code}, not a refusal")
            answers.append(f"{hook} {r.status_code}")
        return "unsigned calls refused: " + ", ".join(answers)

    def check_trial_banner(self) -> str:
        trial = bool(self.found.get("config", {}).get("trial"))
        shown = 'data-testid="trial-banner"' in self.home().text
        if trial != shown:
            raise Fail(f"trial mode {'on' if trial else 'off'} but the banner is "
                       f"{'shown' if shown else 'missing'}")
        return "trial mode on: the banner is shown" if trial else "trial mode off: no banner"

    def _product(self) -> dict:
        if "product" not in self.found:
            raise Fail("no product to look at (the catalog check failed)")
        return self.found["product"]

    def checks(self) -> list[tuple[str, Callable[[], str]]]:
        return [(name[len("check_"):].replace("_", " "), getattr(self, name))
                for name in CHECKS]

    def run(self, out=sys.stdout) -> int:
        failed = 0
        print(f"smoke test of {self.shop}" + (f" (API {self.api})" if self.api else ""), file=out)
        for name, check in self.checks():
            try:
                line, ok = check(), True
            except Fail as e:
                line, ok = str(e), False
            except Exception as e:     # noqa: BLE001 - a check's own bug is a failure too
                line, ok = f"{type(e).__name__}: {e}", False
            failed += not ok
            print(f"{'PASS' if ok else 'FAIL'}  {name:<17} {line}", file=out, flush=True)
        total = len(CHECKS)
        print(f"{total - failed} of {total} checks passed" + (f"; {failed} FAILED" if failed else ""),
              file=out)
        return 1 if failed else 0


CHECKS = ["check_shop", "check_config", "check_csp", "check_security_headers", "check_health",
          "check_catalog", "check_product_page", "check_quote", "check_cors", "check_portal",
          "check_webhooks", "check_trial_banner"]


def addresses(args) -> tuple[str, str | None]:
    if args.local:
        from infra.local.env import STATE_DIR
        info = json.loads((STATE_DIR / "stack.json").read_text())
        return info["web_url"], info["api_url"]
    if args.stage:
        import boto3

        from infra.cdk.publish import stack_outputs
        out = stack_outputs(boto3.client("cloudformation"), f"deogharmart-{args.stage}")
        return out["WebUrl"], out["ApiUrl"]
    return args.url, args.api


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.smoke", description=__doc__.split("\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("url", nargs="?", help="the shop's address")
    where.add_argument("--stage", help="a deployed stage (dev, prod): its stack's outputs")
    where.add_argument("--local", action="store_true", help="the running local stack")
    parser.add_argument("--api", help="the API the shop must name (default: whatever it names)")
    args = parser.parse_args(argv)
    shop, api = addresses(args)
    return Smoke(shop.rstrip("/"), api.rstrip("/") if api else None).run()


if __name__ == "__main__":
    sys.exit(main())
