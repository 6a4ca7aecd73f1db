"""`make smoke` (tools/smoke.py) against the local stack: every check passes; and it fails,
naming the check, when the API does not answer or the shop's published settings name another
API. The failures are staged on a copy of the shop (a small server on its own port serving the
stack's pages with the API's address changed), never by breaking the shared stack."""
from __future__ import annotations

import io
import re
import subprocess
import sys
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

from infra.local.stack import free_port
from infra.site import SECURITY_HEADERS
from tools.smoke import CHECKS, Smoke

NAMES = [name[len("check_"):].replace("_", " ") for name in CHECKS]


def run(shop: str, api: str | None) -> tuple[int, dict[str, tuple[str, str]]]:
    out = io.StringIO()
    code = Smoke(shop, api).run(out=out)
    lines = {}
    for line in out.getvalue().splitlines():
        m = re.match(r"^(PASS|FAIL)  (.{17}) (.*)$", line)
        if m:
            lines[m.group(2).strip()] = (m.group(1), m.group(3))
    assert list(lines) == NAMES, out.getvalue()      # every check ran, in order
    return code, lines


@contextmanager
def shop_copy(stack, api_url: str):
    """The stack's home page and portal, as the web server sends them (security headers
    included), with the API's address replaced by `api_url` everywhere (settings and CSP)."""
    pages = {}
    for path in ("/", "/portal.html"):
        r = requests.get(stack["web_url"] + path, timeout=30)
        r.raise_for_status()
        pages[path] = r.text.replace(stack["api_url"], api_url).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = pages.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            for name, value in SECURITY_HEADERS.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body or b"not here")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_every_check_passes_against_the_local_stack(stack):
    code, lines = run(stack["web_url"], stack["api_url"])
    failed = {name: why for name, (verdict, why) in lines.items() if verdict == "FAIL"}
    assert code == 0 and not failed, failed
    assert "trial mode on" in lines["config"][1]            # the local stage shows the trial


def test_the_command_line_finds_the_api_from_the_shop_and_exits_0(stack):
    done = subprocess.run([sys.executable, "-m", "tools.smoke", stack["web_url"]],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"apiUrl {stack['api_url']}" in done.stdout
    assert f"{len(CHECKS)} of {len(CHECKS)} checks passed" in done.stdout


def test_an_api_that_does_not_answer_fails_the_api_checks_by_name(stack):
    dead = f"http://127.0.0.1:{free_port()}"
    with shop_copy(stack, dead) as shop:
        done = subprocess.run([sys.executable, "-m", "tools.smoke", shop, "--api", dead],
                              capture_output=True, text=True, timeout=120)
        code, lines = run(shop, dead)
    assert done.returncode == 1 and "FAIL  health" in done.stdout, done.stdout
    assert code == 1
    for name in ("health", "catalog", "cors", "webhooks"):
        assert lines[name][0] == "FAIL" and "no answer" in lines[name][1], (name, lines[name])
    for name in ("shop", "config", "csp", "security headers", "portal", "trial banner"):
        assert lines[name][0] == "PASS", (name, lines[name])


def test_a_published_config_naming_another_api_fails_the_config_check(stack):
    elsewhere = "https://api.elsewhere.example"
    with shop_copy(stack, elsewhere) as shop:
        code, lines = run(shop, stack["api_url"])
    assert code == 1
    assert lines["config"] == ("FAIL", f"the published config names the API {elsewhere}, "
                                       f"not {stack['api_url']}")
    assert lines["csp"][0] == "FAIL" and stack["api_url"] in lines["csp"][1]
    assert lines["portal"][0] == "FAIL"
    for name in ("health", "catalog", "quote", "cors", "webhooks"):   # the real API still works
        assert lines[name][0] == "PASS", (name, lines[name])
