"""progressive_neurological_deficit: to be written (see issue 4)."""

from __future__ import annotations

from ..rulebook import RuleSpec

RULES: tuple[RuleSpec, ...] = ()
