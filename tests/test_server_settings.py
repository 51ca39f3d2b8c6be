"""Server settings: what reaches the Consultant, and what cannot be served."""

from __future__ import annotations

import pytest

from trigger_rules.server import Settings, create_app
from trigger_rules.server.settings import is_loopback


def test_auto_serves_with_the_compiled_engine() -> None:
    assert Settings(engine="auto").consultant_engine == "compiled"
    assert Settings(engine="experta").consultant_engine == "experta"
    assert create_app(Settings()).state.consultant.engine == "compiled"


def test_an_engine_the_library_lacks_is_refused_when_the_app_is_built() -> None:
    with pytest.raises(ValueError, match="engine"):
        create_app(Settings(engine="no_such_engine"))


def test_settings_travel_to_workers_unchanged() -> None:
    settings = Settings(service_url="https://cds.example.org/", max_body_bytes=1000)
    assert settings.service_url == "https://cds.example.org"
    assert Settings.from_json(settings.to_json()) == settings


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.5.5.5", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("10.0.0.1", False),
        ("example.org", False),
    ],
)
def test_loopback_addresses(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_a_relative_service_url_is_refused() -> None:
    with pytest.raises(ValueError, match="absolute"):
        Settings(service_url="cds.example.org")
