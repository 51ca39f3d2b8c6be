"""Shared fixtures and the hypothesis profiles.

``HYPOTHESIS_PROFILE=ci`` (set by .ci/run) runs hundreds of examples per property; the
default ``dev`` profile runs fewer for a quick local loop.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from trigger_rules import Consultant
from trigger_rules.engine import default_consultant

settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile("dev", max_examples=60, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session")
def consultant() -> Consultant:
    return default_consultant()
