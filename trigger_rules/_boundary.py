"""Type checks on what a host passes to :class:`~trigger_rules.Consultant`.

Without them a wrong argument fails deep inside with a bare ``AttributeError``; a check
here says which argument was wrong and what it should have been.
"""

from __future__ import annotations

from collections.abc import Sequence

from .errors import InvalidInputTypeError
from .knowledge_base import Knowledge
from .rulebook import Rulebook, RuleSpec

__all__ = ["check_consultant_arguments"]


def check_consultant_arguments(knowledge: object, rules: object, rulebook: object) -> None:
    if knowledge is not None and not isinstance(knowledge, Knowledge):
        raise InvalidInputTypeError(
            "knowledge", "a Knowledge from trigger_rules.load_knowledge(), or None", knowledge
        )
    if rules is not None and (
        not isinstance(rules, Sequence)
        or isinstance(rules, str | bytes)
        or not all(isinstance(spec, RuleSpec) for spec in rules)
    ):
        raise InvalidInputTypeError(
            "rules", "a sequence of RuleSpec, such as trigger_rules.rules.all_rules()", rules
        )
    if rulebook is not None and not isinstance(rulebook, Rulebook):
        raise InvalidInputTypeError("rulebook", "a Rulebook, or None", rulebook)
