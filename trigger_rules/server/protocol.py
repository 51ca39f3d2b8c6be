"""uvicorn's HTTP protocol, with Nagle's algorithm off on every connection.

With ``--workers`` above 1, uvicorn binds the listening socket itself with ``proto`` left
at 0; accepted sockets inherit it and asyncio then skips ``TCP_NODELAY`` (uvicorn issue
3149, open when this was written). Starlette sends a response's headers and body as two
writes, so on a keep-alive connection the body waited for the client's delayed ACK:
about 40 ms on every request after the first (measured here: 44 ms at p50 with one
client and two workers, against under 2 ms with one worker). Setting the option when the
connection is made fixes it whatever the socket's origin.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from typing import Any

from uvicorn.protocols.http.auto import AutoHTTPProtocol

__all__ = ["NoDelayHTTPProtocol"]

_Base: Any = AutoHTTPProtocol


class NoDelayHTTPProtocol(_Base):  # type: ignore[misc]
    """uvicorn's automatic choice of HTTP protocol (httptools, else h11), with TCP_NODELAY."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            # the peer may already be gone; the request then fails on its own
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
