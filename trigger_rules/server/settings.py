"""How one server runs: where it listens, who may call it, how much it reads.

Settings travel from the ``serve`` command to uvicorn's worker processes as one JSON
environment variable, so every worker builds the same application.
"""

from __future__ import annotations

import ipaddress
import json
import os
from collections.abc import Mapping
from typing import Any, Final

import attrs

__all__ = ["ENVIRONMENT_VARIABLE", "Settings", "is_loopback"]

#: The environment variable that carries the settings to worker processes.
ENVIRONMENT_VARIABLE: Final = "TRIGGER_RULES_SERVER_SETTINGS"

#: A CDS Hooks request with a prefetched QuestionnaireResponse is a few kilobytes; a
#: quarter of a megabyte leaves room for large Bundles and refuses anything absurd.
DEFAULT_MAX_BODY_BYTES: Final = 256 * 1024


#: "auto" serves with the compiled engine: the same reports as experta (both are checked
#: against each other), several times faster.
AUTO_ENGINE: Final = "auto"
_FAST_ENGINE: Final = "compiled"


def is_loopback(host: str) -> bool:
    """Whether *host* only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _positive(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(
            f"{attribute.name!r} must be a whole number of at least 1 (got {value!r})"
        )


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value)


@attrs.frozen
class Settings:
    """What a server needs to know beyond its code.

    ``service_url`` is the public base URL clients call (``https://cds.example.org``): JWT
    audiences are checked against it and cards link to it. Authentication is on when
    ``jwks_file`` or ``public_key_files`` are given; then ``issuers`` lists the token
    issuers (``iss``) that are trusted and must not be empty.
    """

    service_url: str = "http://127.0.0.1:8000"
    issuers: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    jwks_file: str = ""
    public_key_files: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    max_body_bytes: int = attrs.field(default=DEFAULT_MAX_BODY_BYTES, validator=_positive)
    #: Seconds of clock difference tolerated between the client and this server.
    leeway_seconds: int = 30
    #: Passed to ``Consultant(engine=..., cache_size=...)``, for a library version that has
    #: them: "" and 0 leave the library's own defaults. "auto" picks the fastest engine the
    #: library has ("compiled", which gives the same reports as experta), else its default.
    engine: str = "auto"
    cache_size: int = 0

    def __attrs_post_init__(self) -> None:
        if not self.service_url.startswith(("http://", "https://")):
            raise ValueError(
                f"'service_url' must be an absolute http(s) URL (got {self.service_url!r})"
            )
        if self.service_url.endswith("/"):
            object.__setattr__(self, "service_url", self.service_url.rstrip("/"))
        if self.authenticates and not self.issuers:
            raise ValueError(
                "with keys configured, 'issuers' must name at least one trusted token issuer"
            )

    @property
    def consultant_engine(self) -> str:
        return _FAST_ENGINE if self.engine in (AUTO_ENGINE, "") else self.engine

    @property
    def authenticates(self) -> bool:
        return bool(self.jwks_file or self.public_key_files)

    def to_json(self) -> str:
        return json.dumps(attrs.asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Settings:
        data = json.loads(text)
        if not isinstance(data, Mapping):
            raise ValueError(f"settings must be a JSON object (got {type(data).__name__})")
        return cls(**data)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings the ``serve`` command left for its workers, or the defaults."""
        text = (os.environ if environ is None else environ).get(ENVIRONMENT_VARIABLE)
        return cls.from_json(text) if text else cls()
