"""The local stand-in for CloudFront in front of the web bucket, on loopback.

The shop's pages — home, products, makers, categories, in Hindi and English, the sitemap,
robots.txt and the 404 page — come from the local web bucket, where the page publisher
(chalicelib/pages) writes them, exactly as CloudFront serves them from S3: the local shop is
the cloud shop. Paths map to keys as the CloudFront Function does (`page_key`).
Scripts, styles and icons come from frontend/ on disk, so an edit shows on reload; the portal
(portal.html) is rendered by `infra/site.py` from the environment, as the deploy step does.
Run: python -m infra.local.static_server PORT  (the stack's environment: API_URL, WEB_BUCKET…)
"""
from __future__ import annotations

import functools
import gzip
import os
import re
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from infra.site import FRONTEND, SECURITY_HEADERS, SiteConfig, render_page

PAGE_PATH = re.compile(r"^/(?:en/)?[pmc]/[^/]+$|^/sitemap\.xml$|^/sitemaps/\d+\.xml$|^/robots\.txt$"
                       r"|^/404\.html$|^/app$")


def page_key(path: str) -> str | None:
    """The web bucket's key for a page path (infra/cdk/web.py's CloudFront Function does the
    same: / and /en/ are the home pages); None for the shop's files on disk."""
    if path in ("/", "/index.html"):
        return "index.html"
    if path in ("/en", "/en/", "/en/index.html"):
        return "en/index.html"
    return path[1:] if PAGE_PATH.match(path) else None

COMPRESSIBLE = (".html", ".js", ".css", ".json", ".webmanifest", ".svg")


class Handler(SimpleHTTPRequestHandler):
    """Serves like S3 behind CloudFront: text gzip-compressed when the browser accepts it,
    the service worker never cached, everything else revalidated, and CloudFront's security
    headers on every answer."""
    pages: dict[str, bytes] = {}     # "/index.html" -> the rendered page
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
                      ".html": "text/html; charset=utf-8",
                      ".webmanifest": "application/manifest+json"}

    def do_GET(self):  # noqa: N802 - http.server's naming
        from urllib.parse import unquote
        path = unquote(self.path.split("?")[0].split("#")[0])
        page = self.pages.get(path)
        if page is not None:
            return self._send(page, "text/html; charset=utf-8", "no-cache")
        key = page_key(path)
        if key is not None:
            return self._from_bucket(key)
        local = Path(self.translate_path(path))
        if local.suffix in COMPRESSIBLE and local.is_file() and local.name != "index.html":
            cache = "no-cache" if local.name == "sw.js" else "public, max-age=300"
            return self._send(local.read_bytes(), self.guess_type(str(local)), cache)
        if local.is_file() and local.name != "index.html":
            return super().do_GET()
        self._from_bucket("404.html", status=404)

    def _from_bucket(self, key: str, status: int = 200) -> None:
        """A page as CloudFront answers: the object, or the 404 page with status 404."""
        try:
            obj = _s3().get_object(Bucket=os.environ["WEB_BUCKET"], Key=key)
        except Exception:   # noqa: BLE001 - a missing key (or no bucket yet): not found
            if key == "404.html":
                return self._send(b"<!doctype html><title>404</title><h1>404</h1>",
                                  "text/html; charset=utf-8", "no-cache", 404)
            return self._from_bucket("404.html", status=404)
        self._send(obj["Body"].read(), obj.get("ContentType") or "text/html; charset=utf-8",
                   obj.get("CacheControl") or "no-cache", status)

    def _send(self, body: bytes, content_type: str, cache: str, status: int = 200) -> None:
        gzipped = "gzip" in (self.headers.get("Accept-Encoding") or "")
        if gzipped:
            body = gzip.compress(body, compresslevel=6, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Cache-Control", cache)
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, fmt, *args):  # quiet: the launcher's log is for problems
        if args and str(args[1]).startswith(("4", "5")):
            super().log_message(fmt, *args)


@functools.lru_cache(maxsize=1)
def _s3():
    import boto3
    return boto3.client("s3", endpoint_url=os.environ.get("AWS_ENDPOINT_URL"),
                        region_name=os.environ.get("AWS_REGION", "ap-south-1"))


def main(port: int, host: str = "127.0.0.1") -> None:
    cfg = SiteConfig.from_env()
    Handler.pages = {"/portal.html": render_page(cfg, "portal.html").encode()}
    handler = functools.partial(Handler, directory=str(FRONTEND))
    ThreadingHTTPServer((host, port), handler).serve_forever()


if __name__ == "__main__":
    main(int(sys.argv[1]))
