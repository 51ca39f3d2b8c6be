"""Exceptions raised by trigger_rules.

Every error is a :class:`TriggerRulesError` and also the builtin it resembles, so callers
may catch either. Messages say what was expected, what was given and, for an unknown name,
the closest known ones.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = [
    "CaseDataError",
    "CaseFileError",
    "ConflictingFactError",
    "InvalidFactValueError",
    "KnowledgeError",
    "TriggerRulesError",
    "UnknownFactError",
]


def closest(name: str, known: Iterable[str], limit: int = 3) -> tuple[str, ...]:
    """The known names nearest to *name*, best first."""
    return tuple(difflib.get_close_matches(name, sorted(known), n=limit, cutoff=0.6))


class TriggerRulesError(Exception):
    """Base class of every error this library raises on purpose."""


class UnknownFactError(TriggerRulesError, ValueError):
    """A fact code that the catalogue does not know."""

    def __init__(self, code: str, known: Iterable[str]) -> None:
        self.code = code
        self.suggestions = closest(code, known)
        if self.suggestions:
            hint = "did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        else:
            hint = "run 'trigger-rules facts' to list the known codes"
        super().__init__(f"unknown fact code {code!r}: {hint}")


class InvalidFactValueError(TriggerRulesError, ValueError):
    """A known fact given a value of the wrong type or outside its range."""

    def __init__(self, code: str, expected: str, got: object) -> None:
        self.code = code
        self.expected = expected
        self.got = got
        super().__init__(f"{code!r} must be {expected} (got {got!r})")


class ConflictingFactError(TriggerRulesError, ValueError):
    """The same fact given as both present and absent."""

    def __init__(self, codes: Iterable[str]) -> None:
        self.codes = tuple(sorted(codes))
        listed = ", ".join(repr(c) for c in self.codes)
        super().__init__(f"a fact cannot be both present and absent (got both for {listed})")


class KnowledgeError(TriggerRulesError, ValueError):
    """The knowledge base or the rules that use it are inconsistent."""


class CaseFileError(TriggerRulesError, ValueError):
    """A scripted example case file that cannot be read."""


class CaseDataError(TriggerRulesError, ValueError):
    """Case data (JSON, a FHIR QuestionnaireResponse) of the wrong shape or type.

    ``field`` names where the problem is (``"values.age"``, ``"item[3].answer"``)."""

    def __init__(self, field: str, expected: str, got: object) -> None:
        self.field = field
        self.expected = expected
        self.got = got
        super().__init__(f"{field}: expected {expected} (got {got!r})")
