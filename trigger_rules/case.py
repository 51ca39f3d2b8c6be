"""What a health app knows about one person: the input of a consultation.

Every yes/no fact has three states. *Present* means the person said yes, *absent* means
they were asked and said no, and a code in neither set is *unknown*. The difference
matters: an absent fact is never evidence, and an unknown red-flag question is reported
as not screened instead of being taken as a no.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from .errors import (
    CaseDataError,
    ConflictingFactError,
    InvalidFactValueError,
    UnknownFactError,
    closest,
)
from .knowledge_base import VALUE_RANGES, FactSpec
from .shapes import CaseDict

__all__ = ["Case", "FactState", "Value"]

Value = int | str


class FactState(enum.Enum):
    PRESENT = "present"
    ABSENT = "absent"
    UNKNOWN = "unknown"


def _codes(values: Iterable[str]) -> frozenset[str]:
    if isinstance(values, str):
        # A bare string would otherwise become a set of its letters.
        raise TypeError(f"expected a collection of fact codes (got the string {values!r})")
    return frozenset(values)


def _values(
    values: Mapping[str, Value] | Iterable[tuple[str, Value]],
) -> tuple[tuple[str, Value], ...]:
    pairs = values.items() if isinstance(values, Mapping) else values
    return tuple(sorted(pairs))


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
        present, absent, values = set(), set(), {}
        for code, answer in answers.items():
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

    def to_dict(self) -> CaseDict:
        """The case as JSON data (``trigger-rules schema case``), codes sorted."""
        return {
            "present": sorted(self.present),
            "absent": sorted(self.absent),
            "values": dict(self.values),
        }

    @classmethod
    def from_dict(cls, data: object) -> Case:
        """Read a case from JSON data shaped like :meth:`to_dict` (each key optional).

        Nothing is guessed or dropped: an unknown key, a code that is not a string, a bare
        string for a list, or a value that is neither a whole number nor a string raises
        :class:`~trigger_rules.errors.CaseDataError` naming the field. Codes and values
        are checked against the fact catalogue when the case is consulted.
        """
        if not isinstance(data, Mapping):
            raise CaseDataError("case", "an object with present, absent and values", data)
        for key in data:
            if key not in _CASE_KEYS:
                near = closest(str(key), _CASE_KEYS, limit=1)
                hint = f"did you mean {near[0]!r}?" if near else "one of present, absent, values"
                raise CaseDataError(f"case.{key}", f"no such key; {hint}", data[key])
        present = _code_list(data, "present")
        absent = _code_list(data, "absent")
        raw_values = data.get("values", {})
        if not isinstance(raw_values, Mapping):
            raise CaseDataError("values", "an object of fact code to value", raw_values)
        values: dict[str, Value] = {}
        for code, value in raw_values.items():
            if not isinstance(code, str):
                raise CaseDataError("values", "fact codes as keys", code)
            if isinstance(value, bool) or not isinstance(value, int | str):
                raise CaseDataError(f"values.{code}", "a whole number or a string", value)
            values[code] = value
        return cls(present=present, absent=absent, values=values)


def _expected(spec: FactSpec) -> str:
    if spec.type in VALUE_RANGES:
        low, high = VALUE_RANGES[spec.type]
        unit = "an age in whole years" if spec.type == "age_years" else "a duration in whole days"
        return f"{unit} from {low} to {high}"
    if spec.allowed_values:
        return "one of " + ", ".join(repr(s) for s in spec.allowed_values)
    return "given as present or absent, not as a value"


def _check_value(spec: FactSpec, value: object) -> None:
    if spec.type in VALUE_RANGES:
        low, high = VALUE_RANGES[spec.type]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise InvalidFactValueError(spec.code, _expected(spec), value)
    elif spec.allowed_values:
        if value not in spec.allowed_values:
            raise InvalidFactValueError(spec.code, _expected(spec), value)
    else:
        raise InvalidFactValueError(spec.code, _expected(spec), value)


_CASE_KEYS = ("present", "absent", "values")


def _code_list(data: Mapping[str, Any], key: str) -> list[str]:
    codes = data.get(key, [])
    if not isinstance(codes, list | tuple):
        raise CaseDataError(key, "a list of fact codes", codes)
    for index, code in enumerate(codes):
        if not isinstance(code, str):
            raise CaseDataError(f"{key}[{index}]", "a fact code (a string)", code)
    if len(set(codes)) != len(codes):
        repeated = sorted({c for c in codes if codes.count(c) > 1})
        raise CaseDataError(key, "each code once", repeated)
    return list(codes)
