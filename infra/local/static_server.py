"""The local stand-in for the storefront's S3 website: serves frontend/ on loopback.

`/config.js` is generated from the environment so the page finds the local API,
as the deploy step writes it for the cloud.
Run: python -m infra.local.static_server PORT  (API_URL in the environment)
"""
from __future__ import annotations

import functools
import json
import os
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"


class Handler(SimpleHTTPRequestHandler):
    config_js = b""

    def do_GET(self):  # noqa: N802 - http.server's naming
        if self.path.split("?")[0] == "/config.js":
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(self.config_js)))
            self.end_headers()
            self.wfile.write(self.config_js)
            return
        super().do_GET()

    def log_message(self, fmt, *args):  # quiet: the launcher's log is for problems
        if args and str(args[1]).startswith(("4", "5")):
            super().log_message(fmt, *args)


def main(port: int, host: str = "127.0.0.1") -> None:
    config = {"apiUrl": os.environ.get("API_URL", ""), "stage": os.environ.get("STAGE", "local")}
    Handler.config_js = f"window.DM_CONFIG = {json.dumps(config)};\n".encode()
    handler = functools.partial(Handler, directory=str(FRONTEND))
    ThreadingHTTPServer((host, port), handler).serve_forever()


if __name__ == "__main__":
    main(int(sys.argv[1]))
