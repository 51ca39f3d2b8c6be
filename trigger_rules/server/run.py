"""``trigger-rules serve``: run the application under uvicorn."""

from __future__ import annotations

import os
import sys
from typing import TextIO

import uvicorn

from .app import create_app
from .protocol import NoDelayHTTPProtocol
from .settings import ENVIRONMENT_VARIABLE, Settings, is_loopback

__all__ = ["serve"]

NO_AUTH_WARNING = (
    "WARNING: no JWT keys configured: the server accepts requests from anyone who can reach "
    "it. It listens on {host} only. Give --jwks or --public-key with --issuer before "
    "exposing it to a network."
)


class ServeError(ValueError):
    """Settings that cannot be served; the message says what to change."""


def serve(
    settings: Settings,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    allow_unauthenticated: bool = False,
    log_level: str = "info",
    access_log: bool = False,
    stderr: TextIO | None = None,
) -> int:
    """Serve until interrupted; return the exit status."""
    stderr = stderr or sys.stderr
    # Built once here so that a key file or an option that cannot work fails as one line
    # now, not as a traceback in every worker.
    create_app(settings)
    if not settings.authenticates:
        if not is_loopback(host) and not allow_unauthenticated:
            raise ServeError(
                f"refusing to listen on {host} without authentication: configure JWT keys "
                "(--jwks or --public-key, with --issuer), or pass --allow-unauthenticated "
                "if something in front of this server authenticates callers"
            )
        print(NO_AUTH_WARNING.format(host=host), file=stderr, flush=True)
    if workers < 1:
        raise ServeError(f"--workers must be at least 1 (got {workers})")
    # Workers are separate processes: they rebuild the application from this variable.
    os.environ[ENVIRONMENT_VARIABLE] = settings.to_json()
    uvicorn.run(
        "trigger_rules.server.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        # The access log records method, path and status, never bodies.
        access_log=access_log,
        server_header=False,
        http=NoDelayHTTPProtocol,
    )
    return 0
