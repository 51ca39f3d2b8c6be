"""pelvic_floor: to be written (see issue 3)."""

from __future__ import annotations

from ..rulebook import RuleSpec

RULES: tuple[RuleSpec, ...] = ()
