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
    "InvalidInputTypeError",
    "KnowledgeError",
    "TriggerRulesError",
    "UnknownFactError",
    "shown",
]

#: Longest repr of a given value that a message quotes; a 1 MB code would otherwise make a
#: 1 MB error line in a log or a terminal.
SHOWN_LIMIT = 60


def shown(value: object, limit: int = SHOWN_LIMIT) -> str:
    """``repr(value)``, cut to about *limit* characters, and safe for any value.

    A huge integer has no repr past Python's digit limit, and a hostile object's repr may
    raise: neither may turn a clear error into a different one.
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        digits = int(value.bit_length() * 0.30103) + 1
        return f"<an integer of about {digits} digits>"
    try:
        text = repr(value)
    except Exception:  # a repr that fails must not hide the real problem
        return f"<a {type(value).__name__}>"
    if len(text) > limit:
        return f"{text[:limit]}... ({len(text)} characters)"
    return text


def closest(name: str, known: Iterable[str], limit: int = 3) -> tuple[str, ...]:
    """The known names nearest to *name*, best first."""
    return tuple(difflib.get_close_matches(name, sorted(known), n=limit, cutoff=0.6))


class TriggerRulesError(Exception):
    """Base class of every error this library raises on purpose."""


class UnknownFactError(TriggerRulesError, ValueError):
    """A fact code that the catalogue does not know."""

    def __init__(self, code: str, known: Iterable[str]) -> None:
        self.code = code
        # difflib is quadratic; a name far longer than any code has no near match anyway
        self.suggestions = closest(code, known) if len(code) <= 200 else ()
        if self.suggestions:
            hint = "did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        else:
            hint = "run 'trigger-rules facts' to list the known codes"
        super().__init__(f"unknown fact code {shown(code)}: {hint}")


class InvalidFactValueError(TriggerRulesError, ValueError):
    """A known fact given a value of the wrong type or outside its range."""

    def __init__(self, code: str, expected: str, got: object) -> None:
        self.code = code
        self.expected = expected
        self.got = got
        super().__init__(f"{shown(code)} must be {expected} (got {shown(got)})")


class ConflictingFactError(TriggerRulesError, ValueError):
    """The same fact given as both present and absent."""

    def __init__(self, codes: Iterable[str]) -> None:
        self.codes = tuple(sorted(codes))
        listed = ", ".join(shown(c) for c in self.codes[:5])
        if len(self.codes) > 5:
            listed += f" and {len(self.codes) - 5} more"
        super().__init__(f"a fact cannot be both present and absent (got both for {listed})")


class InvalidInputTypeError(TriggerRulesError, TypeError):
    """An argument of the wrong type: a mapping where a collection of codes is expected, a
    code that is not a string, a list where a mapping is expected."""

    def __init__(self, what: str, expected: str, got: object) -> None:
        self.what = what
        self.expected = expected
        self.got = got
        super().__init__(f"{what} must be {expected} (got {type(got).__name__} {shown(got)})")


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
