"""What a health app knows about one person: the input of a consultation.

Every yes/no fact has three states. *Present* means the person said yes, *absent* means
they were asked and said no, and a code in neither set is *unknown*. The difference
matters: an absent fact is never evidence, and an unknown red-flag question is reported
as not screened instead of being taken as a no.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Final

import attrs

from .errors import (
    ConflictingFactError,
    InvalidFactValueError,
    InvalidInputTypeError,
    UnknownFactError,
)
from .knowledge_base import SIDES, FactSpec

__all__ = ["Case", "FactState", "Value"]

Value = int | str


class FactState(enum.Enum):
    PRESENT = "present"
    ABSENT = "absent"
    UNKNOWN = "unknown"


_CODES = "a collection of fact codes (a list, set or tuple of strings)"
_VALUES = "a mapping of fact codes to values, such as {'age': 42}"


def _code(code: object, where: str) -> str:
    if not isinstance(code, str):
        raise InvalidInputTypeError(f"each code in {where}", "a string", code)
    return code


def _codes(values: Iterable[str]) -> frozenset[str]:
    # A mapping would give its keys, so {"saddle_numbness": True} given as absent would
    # deny the very red flag the person reported; a bare string would give its letters.
    if isinstance(values, Mapping | str | bytes) or not isinstance(values, Iterable):
        raise InvalidInputTypeError("present and absent", _CODES, values)
    return frozenset(_code(code, "present and absent") for code in values)


def _values(
    values: Mapping[str, Value] | Iterable[tuple[str, Value]],
) -> tuple[tuple[str, Value], ...]:
    if isinstance(values, Mapping):
        pairs = list(values.items())
    elif isinstance(values, list | tuple) and all(
        isinstance(pair, tuple) and len(pair) == 2 for pair in values
    ):
        pairs = list(values)  # (code, value) pairs: the stored form, as attrs.evolve passes
    else:
        raise InvalidInputTypeError("values", _VALUES, values)
    # sorted by code only: values of different types need not compare
    return tuple(sorted(((_code(c, "values"), v) for c, v in pairs), key=lambda p: p[0]))


@attrs.frozen
class Case:
    """The facts of one consultation.

    >>> case = Case(present={"cough_sneeze_pain"}, absent={"fever"}, values={"age": 42})
    >>> case.state("fever"), case.value("age")
    (<FactState.ABSENT: 'absent'>, 42)

    A case is checked against the fact catalogue when it is consulted; unknown codes,
    values of the wrong type and codes given both present and absent raise then.
    """

    present: frozenset[str] = attrs.field(factory=frozenset, converter=_codes)
    absent: frozenset[str] = attrs.field(factory=frozenset, converter=_codes)
    values: tuple[tuple[str, Value], ...] = attrs.field(factory=tuple, converter=_values)

    @classmethod
    def from_answers(cls, answers: Mapping[str, bool | Value | None]) -> Case:
        """Build a case from form answers: ``True`` present, ``False`` absent, ``None`` unknown,
        and a number or text for a valued fact such as ``age``."""
        if not isinstance(answers, Mapping):
            raise InvalidInputTypeError(
                "answers", "a mapping of fact codes to True, False, None or a value", answers
            )
        present, absent, values = set(), set(), {}
        for code, answer in answers.items():
            _code(code, "answers")
            if answer is True:
                present.add(code)
            elif answer is False:
                absent.add(code)
            elif answer is not None:
                values[code] = answer
        return cls(present=present, absent=absent, values=values)

    def state(self, code: str) -> FactState:
        if code in self.present:
            return FactState.PRESENT
        if code in self.absent:
            return FactState.ABSENT
        return FactState.UNKNOWN

    def value(self, code: str) -> Value | None:
        return dict(self.values).get(code)

    def validated(self, catalogue: Mapping[str, FactSpec]) -> Case:
        """Return this case after checking it against *catalogue*, or raise."""
        for code in sorted(self.present | self.absent | {c for c, _ in self.values}):
            if code not in catalogue:
                raise UnknownFactError(code, catalogue)
        conflicts = self.present & self.absent
        if conflicts:
            raise ConflictingFactError(conflicts)
        for code in sorted(self.present | self.absent):
            spec = catalogue[code]
            if not spec.is_yes_no:
                raise InvalidFactValueError(code, _expected(spec), "present/absent")
        seen: set[str] = set()
        for code, value in self.values:
            if code in seen:
                raise InvalidFactValueError(code, "given once", "several values")
            seen.add(code)
            _check_value(catalogue[code], value)
        return self


#: Whole-number fact types: (what the number is, upper limit). Bounds keep a typo such as
#: an age of 400 from passing as data.
INTEGER_TYPES: Final = {
    "age_years": ("an age in whole years", 120),
    "duration_days": ("a duration in whole days", 36500),
}


def _expected(spec: FactSpec) -> str:
    if spec.type in INTEGER_TYPES:
        what, upper = INTEGER_TYPES[spec.type]
        return f"{what} from 0 to {upper}"
    if spec.type == "side":
        return "one of " + ", ".join(repr(s) for s in SIDES)
    return "given as present or absent, not as a value"


def _check_value(spec: FactSpec, value: object) -> None:
    if spec.type in INTEGER_TYPES:
        upper = INTEGER_TYPES[spec.type][1]
        # bool is an int to Python, but True is not an age
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= upper:
            raise InvalidFactValueError(spec.code, _expected(spec), value)
    elif spec.type == "side":
        if not isinstance(value, str) or value not in SIDES:
            raise InvalidFactValueError(spec.code, _expected(spec), value)
    else:
        raise InvalidFactValueError(spec.code, _expected(spec), value)
