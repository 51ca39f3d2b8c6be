"""A catalogue of bad input: each kind raises one exact library error, which is also the
matching builtin, and whose message names what was expected, in a line of sane length."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import trigger_rules as tr
from trigger_rules import (
    Case,
    CaseFileError,
    ConflictingFactError,
    Consultant,
    InvalidFactValueError,
    InvalidInputTypeError,
    TriggerRulesError,
    UnknownFactError,
    consult,
)
from trigger_rules.cases import load_cases, run_cases

CODES = "a collection of fact codes"
A_STRING = "must be a string"
AGE = "an age in whole years from 0 to 120"
DAYS = "a duration in whole days from 0 to 36500"
SIDE = "one of 'left', 'right', 'both'"
YES_NO = "given as present or absent"
VALUES = "a mapping of fact codes to values"
ANSWERS = "a mapping of fact codes to True, False, None or a value"
HUGE = "x" * 1_000_000


def _consultant_with(**kwargs: Any) -> Callable[[], object]:
    return lambda: Consultant(**kwargs)


#: (kind of bad input, the call, the exact error class, a fragment naming what was expected)
CATALOGUE: list[tuple[str, Callable[[], object], type[TriggerRulesError], str]] = [
    # collections of codes given as something else
    (
        "absent as a dict",
        lambda: consult(absent={"saddle_numbness": True}),
        InvalidInputTypeError,
        CODES,
    ),
    ("present as a dict", lambda: consult(present={"fever": False}), InvalidInputTypeError, CODES),
    ("present as a string", lambda: consult(present="fever"), InvalidInputTypeError, CODES),
    ("absent as bytes", lambda: consult(absent=b"fever"), InvalidInputTypeError, CODES),
    ("present as an int", lambda: consult(present=5), InvalidInputTypeError, CODES),  # type: ignore[arg-type]
    ("present as None", lambda: consult(present=None), InvalidInputTypeError, CODES),  # type: ignore[arg-type]
    (
        "Case present as a dict",
        lambda: Case(present={"fever": True}),
        InvalidInputTypeError,
        CODES,
    ),  # type: ignore[arg-type]
    # codes of the wrong type
    ("an int code", lambda: consult(present=[1]), InvalidInputTypeError, A_STRING),  # type: ignore[list-item]
    ("a None code", lambda: consult(present=[None]), InvalidInputTypeError, A_STRING),  # type: ignore[list-item]
    ("a dict code", lambda: consult(absent=[{"fever": 1}]), InvalidInputTypeError, A_STRING),  # type: ignore[list-item]
    ("a list code", lambda: consult(present=[["fever"]]), InvalidInputTypeError, A_STRING),  # type: ignore[list-item]
    ("a bytes code", lambda: consult(present=[b"fever"]), InvalidInputTypeError, A_STRING),  # type: ignore[list-item]
    ("an int key in answers", lambda: consult({1: True}), InvalidInputTypeError, A_STRING),  # type: ignore[dict-item]
    ("a None key in answers", lambda: consult({None: True}), InvalidInputTypeError, A_STRING),  # type: ignore[dict-item]
    ("an int key in values", lambda: Case(values={7: 40}), InvalidInputTypeError, A_STRING),  # type: ignore[dict-item]
    # a list where a mapping is expected
    ("answers as a list", lambda: consult(["fever"]), InvalidInputTypeError, ANSWERS),  # type: ignore[arg-type]
    ("answers as a string", lambda: consult("fever"), InvalidInputTypeError, ANSWERS),  # type: ignore[arg-type]
    ("answers as an int", lambda: consult(42), InvalidInputTypeError, ANSWERS),  # type: ignore[arg-type]
    (
        "from_answers of a set",
        lambda: Case.from_answers({"fever"}),
        InvalidInputTypeError,
        ANSWERS,
    ),  # type: ignore[arg-type]
    ("values as a list of codes", lambda: Case(values=["age"]), InvalidInputTypeError, VALUES),  # type: ignore[list-item]
    ("values as a string", lambda: Case(values="age=40"), InvalidInputTypeError, VALUES),  # type: ignore[arg-type]
    ("values as an int", lambda: Case(values=40), InvalidInputTypeError, VALUES),  # type: ignore[arg-type]
    ("values as triples", lambda: Case(values=[("age", 40, 1)]), InvalidInputTypeError, VALUES),  # type: ignore[list-item]
    # a Consultant built from the wrong things
    (
        "Consultant of a string",
        _consultant_with(knowledge="x"),
        InvalidInputTypeError,
        "a Knowledge",
    ),
    ("Consultant of a dict", _consultant_with(knowledge={}), InvalidInputTypeError, "a Knowledge"),
    (
        "rules as a string",
        _consultant_with(rules="rules"),
        InvalidInputTypeError,
        "a sequence of RuleSpec",
    ),
    (
        "rules of ints",
        _consultant_with(rules=[1, 2]),
        InvalidInputTypeError,
        "a sequence of RuleSpec",
    ),
    ("rulebook as a string", _consultant_with(rulebook="x"), InvalidInputTypeError, "a Rulebook"),
    (
        "a case and keywords",
        lambda: consult(Case(), present=["fever"]),
        InvalidInputTypeError,
        "either a case or",
    ),
    # values out of range or of the wrong type
    ("a 5,000-digit age", lambda: consult(age=10**5000), InvalidFactValueError, AGE),
    ("a negative age", lambda: consult(age=-1), InvalidFactValueError, AGE),
    ("an age of 121", lambda: consult(age=121), InvalidFactValueError, AGE),
    ("a float age", lambda: consult(age=40.0), InvalidFactValueError, AGE),  # type: ignore[arg-type]
    ("an age as text", lambda: consult(age="40"), InvalidFactValueError, AGE),
    ("an age of True", lambda: consult(age=True), InvalidFactValueError, AGE),
    (
        "an age of None in values",
        lambda: consult(Case(values={"age": None})),
        InvalidFactValueError,
        AGE,
    ),  # type: ignore[dict-item]
    ("a NaN age", lambda: consult(age=float("nan")), InvalidFactValueError, AGE),  # type: ignore[arg-type]
    (
        "a duration past 100 years",
        lambda: consult(duration_days=36501),
        InvalidFactValueError,
        DAYS,
    ),
    ("a side not known", lambda: consult(pain_side="middle"), InvalidFactValueError, SIDE),
    ("a side as a list", lambda: consult(pain_side=["left"]), InvalidFactValueError, SIDE),  # type: ignore[arg-type]
    ("a value for a yes/no fact", lambda: consult(fever=1), InvalidFactValueError, YES_NO),
    (
        "a text answer for a yes/no fact",
        lambda: consult({"fever": "yes"}),
        InvalidFactValueError,
        YES_NO,
    ),
    (
        "a valued fact given as present",
        lambda: consult(present=["age"]),
        InvalidFactValueError,
        AGE,
    ),
    (
        "one value given twice",
        lambda: consult(Case(values=[("age", 30), ("age", 70)])),
        InvalidFactValueError,
        "given once",
    ),
    # unknown and conflicting codes
    (
        "an unknown code",
        lambda: consult(present=["cough_sneez_pain"]),
        UnknownFactError,
        "did you mean",
    ),
    (
        "a 1 MB unknown code",
        lambda: consult(present=[HUGE]),
        UnknownFactError,
        "trigger-rules facts",
    ),
    ("an unknown value code", lambda: consult(agee=40), UnknownFactError, "'age'"),
    ("an empty code", lambda: consult(absent=[""]), UnknownFactError, "trigger-rules facts"),
    (
        "present and absent at once",
        lambda: consult(present=["fever"], absent=["fever"]),
        ConflictingFactError,
        "both present and absent",
    ),
]

#: The builtin each library error also is, so a host may catch either.
BUILTIN = {
    InvalidInputTypeError: TypeError,
    InvalidFactValueError: ValueError,
    UnknownFactError: ValueError,
    ConflictingFactError: ValueError,
    CaseFileError: ValueError,
}


def test_the_catalogue_has_at_least_forty_kinds() -> None:
    labels = [label for label, *_ in CATALOGUE]
    assert len(set(labels)) == len(labels) >= 40


@pytest.mark.parametrize(
    ("call", "error", "expected"),
    [entry[1:] for entry in CATALOGUE],
    ids=[entry[0] for entry in CATALOGUE],
)
def test_bad_input_raises_the_exact_error_saying_what_was_expected(
    call: Callable[[], object], error: type[TriggerRulesError], expected: str
) -> None:
    with pytest.raises(TriggerRulesError) as info:
        call()
    assert type(info.value) is error
    assert isinstance(info.value, BUILTIN[error])
    message = str(info.value)
    assert expected in message
    assert len(message) < 400, len(message)


def test_a_reported_red_flag_is_never_turned_into_a_denial() -> None:
    with pytest.raises(InvalidInputTypeError):
        consult(absent={"saddle_numbness": True})
    assert consult(present=["saddle_numbness"]).red_flags  # the right way still works


def test_pairs_of_code_and_value_are_still_accepted() -> None:
    assert Case(values=[("age", 40)]) == Case(values={"age": 40})
    assert Case(values=(("age", 40),)).value("age") == 40


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('screening_complete = "false"', "true or false"),
        ("screening_complete = 0", "true or false"),
        ('red_flags = "cauda_equina"', "list of strings"),
    ],
)
def test_case_file_expectations_of_the_wrong_type(
    tmp_path: Path, body: str, expected: str
) -> None:
    path = tmp_path / "typed.toml"
    path.write_text(f'title = "t"\nstory = "s"\n[facts]\n[expect]\n{body}\n', encoding="utf-8")
    with pytest.raises(CaseFileError, match=expected):
        load_cases([path])


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ("values = { age = 4.5 }", "whole number or text"),
        ("values = { age = true }", "whole number or text"),
        ('values = "age"', "table of fact codes"),
        ("values = { age = 500 }", "0 to 120"),
        ('present = "fever"', "list of strings"),
    ],
)
def test_case_file_facts_of_the_wrong_type(tmp_path: Path, facts: str, expected: str) -> None:
    path = tmp_path / "facts.toml"
    path.write_text(f'title = "t"\nstory = "s"\n[facts]\n{facts}\n[expect]\n', encoding="utf-8")
    with pytest.raises(CaseFileError, match=expected) as info:
        run_cases(load_cases([path]))
    assert str(path) in str(info.value)


def test_the_new_error_is_exported() -> None:
    assert tr.InvalidInputTypeError is InvalidInputTypeError
    assert issubclass(InvalidInputTypeError, TypeError)
