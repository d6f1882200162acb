"""Guards for a server on 127.0.0.1 that any web page in the same browser can reach.

There is no login (the app is local), so two cheap checks keep other sites out:

- :class:`SameOriginWrites` refuses a POST whose ``Origin`` is another site.
  Without it, any page the user visits could submit a hidden form to
  ``http://127.0.0.1:8000/upload`` and store calls (a multipart form POST
  needs no CORS preflight).
- Starlette's ``TrustedHostMiddleware`` (added by ``create_app`` when the app
  listens on loopback) refuses a ``Host`` other than localhost, which defeats
  DNS rebinding: a hostile domain re-pointed at 127.0.0.1 could otherwise
  read every stored call.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class SameOriginWrites:
    """ASGI middleware: a state-changing request from another origin gets 403.

    Requests without an ``Origin`` header (curl, scripts, the test client)
    pass: the header is what browsers add, and browsers are what this guards.
    """

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in SAFE_METHODS and not _same_origin(scope):
            body = json.dumps({"error": "cross-site request refused: upload from this app's own pages"}).encode()
            await send({"type": "http.response.start", "status": 403,
                        "headers": [(b"content-type", b"application/json"),
                                    (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)


def _same_origin(scope: Scope) -> bool:
    headers = dict(scope.get("headers") or [])
    origin = headers.get(b"origin", b"").decode("latin-1")
    if not origin:
        return True
    # "null" (sandboxed frames, file:// pages) is never this app's own origin.
    return urlsplit(origin).netloc.lower() == headers.get(b"host", b"").decode("latin-1").lower()
