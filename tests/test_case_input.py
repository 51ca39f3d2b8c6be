"""Bad input raises the library's own errors, which say what was expected and suggest."""

from __future__ import annotations

import pytest
from hypothesis import given

from trigger_rules import (
    Case,
    ConflictingFactError,
    FactState,
    InvalidFactValueError,
    TriggerRulesError,
    UnknownFactError,
    consult,
)

from .strategies import unknown_codes


def test_unknown_code_suggests_the_closest() -> None:
    with pytest.raises(UnknownFactError) as info:
        consult(present=["cough_sneez_pain"])
    assert info.value.suggestions[0] == "cough_sneeze_pain"
    assert "cough_sneez_pain" in str(info.value)
    assert "did you mean 'cough_sneeze_pain'" in str(info.value)
    assert isinstance(info.value, ValueError)


@given(unknown_codes())
def test_any_unknown_code_raises_unknown_fact_error(code: str) -> None:
    with pytest.raises(UnknownFactError):
        consult(present=[code])


def test_present_and_absent_at_once_is_refused() -> None:
    with pytest.raises(ConflictingFactError, match="cough_sneeze_pain"):
        consult(present=["cough_sneeze_pain"], absent=["cough_sneeze_pain"])


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        ({"age": -1}, "0 to 120"),
        ({"age": 121}, "0 to 120"),
        ({"age": "forty"}, "0 to 120"),
        ({"age": True}, "0 to 120"),
        ({"duration_days": 36501}, "0 to 36500"),
        ({"pain_side": "middle"}, "'left', 'right', 'both'"),
    ],
)
def test_values_out_of_range_or_of_wrong_type(values: dict[str, object], fragment: str) -> None:
    with pytest.raises(InvalidFactValueError) as info:
        consult(Case(values=values))  # type: ignore[arg-type]
    assert fragment in str(info.value)
    assert repr(next(iter(values.values()))) in str(info.value)


@pytest.mark.parametrize(("age", "ok"), [(0, True), (120, True), (-1, False), (121, False)])
def test_age_boundaries(age: int, ok: bool) -> None:
    if ok:
        consult(age=age)
    else:
        with pytest.raises(InvalidFactValueError):
            consult(age=age)


def test_valued_fact_cannot_be_given_as_present() -> None:
    with pytest.raises(InvalidFactValueError, match="age"):
        consult(present=["age"])


def test_yes_no_fact_cannot_be_given_a_value() -> None:
    with pytest.raises(InvalidFactValueError, match="fever"):
        consult(Case(values={"fever": 1}))


def test_a_bare_string_is_not_split_into_letters() -> None:
    with pytest.raises(TypeError, match="string"):
        Case(present="fever")  # type: ignore[arg-type]


def test_case_and_keywords_together_are_refused() -> None:
    with pytest.raises(TypeError):
        consult(Case(), present=["fever"])


def test_from_answers_maps_true_false_none_and_values() -> None:
    case = Case.from_answers(
        {"cough_sneeze_pain": True, "fever": False, "night_pain": None, "age": 40}
    )
    assert case.state("cough_sneeze_pain") is FactState.PRESENT
    assert case.state("fever") is FactState.ABSENT
    assert case.state("night_pain") is FactState.UNKNOWN
    assert case.value("age") == 40


def test_all_library_errors_share_one_base() -> None:
    for error in (UnknownFactError, ConflictingFactError, InvalidFactValueError):
        assert issubclass(error, TriggerRulesError)
        assert issubclass(error, ValueError)
