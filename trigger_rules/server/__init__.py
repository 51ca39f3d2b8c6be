"""A web service over trigger_rules: CDS Hooks 2.0 and a JSON API (the ``server`` extra).

>>> from trigger_rules.server import Settings, create_app  # doctest: +SKIP
>>> app = create_app(Settings(service_url="https://cds.example.org"))  # doctest: +SKIP

Run it with ``trigger-rules serve``. ``import trigger_rules`` never imports this package,
so apps that embed the library do not load a web framework.
"""

from __future__ import annotations

from .app import SERVICE_ID, app_from_environment, create_app
from .settings import Settings

__all__ = ["SERVICE_ID", "Settings", "app_from_environment", "create_app"]
