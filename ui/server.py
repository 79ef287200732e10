"""Debrief's server before any page runs: the names it answers to, and what it tells nobody.

`app.py` declares the server (`st.App`) with `ONLY_THIS_COMPUTERS_NAMES` and
`private_from_the_start`. Both take hold as the server starts, before the first
browser connects, so they cover what no page can: the very first session's
first message, Streamlit's own files, its health and metrics endpoints, and the
websocket itself.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.middleware import Middleware
from starlette.types import ASGIApp, Receive, Scope, Send

from ui.access import foreign_host_refusal, host_allowed, keep_this_computer_private


class RefuseForeignNames:
    """Answer a request whose `Host` is not one of this computer's names (`host_allowed`) with a refusal.

    A web page can point a name of its own at this computer (DNS rebinding)
    and then read whatever answers under that name from the user's browser.
    Refused here, such a request gets no page, no file and no websocket: an
    HTTP request gets 403 with the reason and the address to use instead, in
    plain text (the name it came under is not repeated back); a websocket is
    closed before it opens.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and not host_allowed(_host_header(scope)):
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
                return
            body = foreign_host_refusal().encode("utf-8")
            await send(
                {
                    "type": "http.response.start",
                    "status": 403,
                    "headers": [
                        (b"content-type", b"text/plain; charset=utf-8"),
                        (b"content-length", str(len(body)).encode("ascii")),
                        (b"cache-control", b"no-store"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)


def _host_header(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"host":
            return value.decode("latin-1")
    return None


ONLY_THIS_COMPUTERS_NAMES = [Middleware(RefuseForeignNames)]


@asynccontextmanager
async def private_from_the_start(_app: Any) -> AsyncIterator[None]:
    """Keep the install folder and Streamlit's figures private from the server's start (`keep_this_computer_private`)."""
    keep_this_computer_private()
    yield
