"""The local stand-in for the storefront's S3 website: serves frontend/ on loopback.

The pages (index.html, the storefront; portal.html, the makers' and officials' portal) are
rendered by `infra/site.py` from the environment (API, picture host, uploads bucket and
Stripe addresses in the page and its Content Security Policy), as the deploy step does for
the cloud.
Run: python -m infra.local.static_server PORT  (API_URL in the environment)
"""
from __future__ import annotations

import functools
import gzip
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from infra.site import FRONTEND, PAGES, SiteConfig, render_page

COMPRESSIBLE = (".html", ".js", ".css", ".json", ".webmanifest", ".svg")


class Handler(SimpleHTTPRequestHandler):
    """Serves like S3 behind CloudFront: text gzip-compressed when the browser accepts it,
    the service worker never cached, everything else revalidated."""
    pages: dict[str, bytes] = {}     # "/index.html" -> the rendered page
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
                      ".html": "text/html; charset=utf-8",
                      ".webmanifest": "application/manifest+json"}

    def do_GET(self):  # noqa: N802 - http.server's naming
        path = self.path.split("?")[0]
        page = self.pages.get("/index.html" if path == "/" else path)
        if page is not None:
            return self._send(page, "text/html; charset=utf-8", "no-cache")
        local = Path(self.translate_path(path))
        if local.is_dir():
            local = local / "index.html"
        if local.suffix in COMPRESSIBLE and local.is_file():
            cache = "no-cache" if local.name in ("sw.js", "index.html") else "public, max-age=300"
            return self._send(local.read_bytes(), self.guess_type(str(local)), cache)
        super().do_GET()

    def _send(self, body: bytes, content_type: str, cache: str) -> None:
        gzipped = "gzip" in (self.headers.get("Accept-Encoding") or "")
        if gzipped:
            body = gzip.compress(body, compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Cache-Control", cache)
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):  # quiet: the launcher's log is for problems
        if args and str(args[1]).startswith(("4", "5")):
            super().log_message(fmt, *args)


def main(port: int, host: str = "127.0.0.1") -> None:
    cfg = SiteConfig.from_env()
    Handler.pages = {f"/{name}": render_page(cfg, name).encode() for name in PAGES}
    handler = functools.partial(Handler, directory=str(FRONTEND))
    ThreadingHTTPServer((host, port), handler).serve_forever()


if __name__ == "__main__":
    main(int(sys.argv[1]))
