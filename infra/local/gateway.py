"""Make `chalice local` behave like API Gateway where it matters to the tests.

On AWS, a Lambda authorizer that raises "Unauthorized" makes API Gateway answer
401. chalice's local gateway lets that exception escape instead (a 500 or a
dropped connection). `install()` maps it to the 401 API Gateway gives; the
local stack's API process and the tests' chalice client both run with it.
Run the API with it: python -m infra.local.gateway local --port ... --stage local
"""
from __future__ import annotations

import sys

from chalice import UnauthorizedError
from chalice import local as chalice_local

_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    original = chalice_local.LocalGatewayAuthorizer.authorize

    def authorize(self, raw_path, lambda_event, lambda_context):
        try:
            return original(self, raw_path, lambda_event, lambda_context)
        except UnauthorizedError:
            raise chalice_local.NotAuthorizedError(
                {"x-amzn-RequestId": lambda_context.aws_request_id,
                 "x-amzn-ErrorType": "UnauthorizedException"},
                b'{"message":"Unauthorized"}') from None

    chalice_local.LocalGatewayAuthorizer.authorize = authorize
    # socketserver's default listen backlog of 5 resets connections when a few dozen
    # shoppers arrive at once; API Gateway never does that.
    chalice_local.ThreadedHTTPServer.request_queue_size = 256
    _compress_like_api_gateway()
    _installed = True


MIN_COMPRESSION_BYTES = 1024  # the API's minimumCompressionSize in the cloud stack


def _compress_like_api_gateway() -> None:
    """API Gateway gzips responses above its minimum compression size when the client
    accepts it; `chalice local` never does, which would make every page on the slow
    network emulation pay for uncompressed JSON."""
    import gzip
    handler = chalice_local.ChaliceRequestHandler
    original = handler._send_http_response_with_body

    def send(self, code, headers, body):
        raw = body if isinstance(body, bytes) else body.encode("utf-8")
        if len(raw) >= MIN_COMPRESSION_BYTES and \
                "gzip" in (self.headers.get("Accept-Encoding") or ""):
            headers = {**headers, "Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
            raw = gzip.compress(raw, compresslevel=6, mtime=0)
        return original(self, code, headers, raw)

    handler._send_http_response_with_body = send


if __name__ == "__main__":
    install()
    from chalice.cli import main
    sys.argv[0] = "chalice"
    sys.exit(main())
