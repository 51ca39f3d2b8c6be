"""aortic_aneurysm: to be written (see issue 4)."""

from __future__ import annotations

from ..rulebook import RuleSpec

RULES: tuple[RuleSpec, ...] = ()
