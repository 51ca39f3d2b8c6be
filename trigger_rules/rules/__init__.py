"""The rule modules: one per muscle, one per red-flag family, and the shared concerns.

Each module opens with the passages it encodes and their sources, and lists its rules in
``RULES``. A module listed here is part of every engine; a module not listed is not.
"""

from __future__ import annotations

from types import ModuleType

import attrs

from ..rulebook import RuleSpec
from . import (
    cauda_equina,
    iliopsoas,
    prevention,
    progression,
    quadratus_lumborum,
    safety,
    technique,
)

__all__ = ["MODULES", "all_rules"]

MODULES: tuple[ModuleType, ...] = (
    # red flags
    cauda_equina,
    # muscles
    quadratus_lumborum,
    iliopsoas,
    # shared concerns
    technique,
    progression,
    safety,
    prevention,
)


def all_rules() -> tuple[RuleSpec, ...]:
    """Every rule of every module, each stamped with its module's name."""
    return tuple(
        attrs.evolve(spec, module=module.__name__.rsplit(".", 1)[1])
        for module in MODULES
        for spec in module.RULES
    )
