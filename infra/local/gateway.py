"""Make `chalice local` behave like API Gateway where it matters to the tests.

On AWS, a Lambda authorizer that raises "Unauthorized" makes API Gateway answer
401. chalice's local gateway lets that exception escape instead (a 500 or a
dropped connection). `install()` maps it to the 401 API Gateway gives — in the API's
error format, as the cloud stack's gateway responses write it — and answers methods
API Gateway does not route (TRACE...) with the cloud's 404; the local stack's API
process and the tests' chalice client both run with it.
Run the API with it: python -m infra.local.gateway local --port ... --stage local
"""
from __future__ import annotations

import sys

from chalice import UnauthorizedError
from chalice import local as chalice_local

from infra.resources import API_MIN_COMPRESSION_BYTES

_installed = False
# What the cloud stack's gateway responses answer (infra/cdk/stack.py GATEWAY_RESPONSES)
UNAUTHORIZED = b'{"error": {"code": "unauthorized", "message": "Unauthorized"}}'
NOT_FOUND = b'{"error": {"code": "not_found", "message": "Missing Authentication Token"}}'


def install() -> None:
    global _installed
    if _installed:
        return
    original = chalice_local.LocalGatewayAuthorizer.authorize

    def authorize(self, raw_path, lambda_event, lambda_context):
        try:
            return original(self, raw_path, lambda_event, lambda_context)
        except (UnauthorizedError, chalice_local.NotAuthorizedError):   # refused, or no token
            raise chalice_local.NotAuthorizedError(
                {"x-amzn-RequestId": lambda_context.aws_request_id,
                 "x-amzn-ErrorType": "UnauthorizedException",
                 # as the cloud's gateway responses: a browser page may read the 401
                 # (the portal refreshes its token on it)
                 "Access-Control-Allow-Origin": "*"},
                UNAUTHORIZED) from None

    chalice_local.LocalGatewayAuthorizer.authorize = authorize
    # socketserver's default listen backlog of 5 resets connections when a few dozen
    # shoppers arrive at once; API Gateway never does that.
    chalice_local.ThreadedHTTPServer.request_queue_size = 256
    # http.server sends a response's headers and body in two writes: with Nagle's algorithm
    # on, the body waited for the client's delayed ACK, 40 ms on every kept-alive request.
    chalice_local.ChaliceRequestHandler.disable_nagle_algorithm = True
    for method in ("TRACE", "CONNECT", "QUERY"):
        setattr(chalice_local.ChaliceRequestHandler, f"do_{method}", _not_routed)
    _compress_like_api_gateway()
    _installed = True


def _not_routed(self) -> None:
    """API Gateway has no route for this method: its 403 Missing Authentication Token,
    which the cloud stack turns into a 404 in the API's error format. Any body is read
    (or the connection closed), so it cannot be taken for the next request."""
    length = self.headers.get("Content-Length")
    if length and length.isdigit() and int(length) <= 10 * 1024 * 1024:
        self.rfile.read(int(length))
    else:
        self.close_connection = True
    self.send_response(404)
    self.send_header("Content-Type", "application/json")
    self.send_header("Access-Control-Allow-Origin", "*")
    self.send_header("Content-Length", str(len(NOT_FOUND)))
    self.end_headers()
    self.wfile.write(NOT_FOUND)


MIN_COMPRESSION_BYTES = API_MIN_COMPRESSION_BYTES  # the cloud API's minimumCompressionSize


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
