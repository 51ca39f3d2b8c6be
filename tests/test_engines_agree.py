"""The compiled evaluator agrees with experta, the reference, byte for byte.

Both engines run the same rule specs; the conclusions and the JSON of the report must be
identical on every example case and on arbitrary cases (at least 1,000 of them under
``HYPOTHESIS_PROFILE=ci``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings

from trigger_rules import Case, Consultant, TriggerRulesError
from trigger_rules.cases import ExampleCase, load_cases
from trigger_rules.engine import ConsultantOptionError, default_consultant

from .strategies import cases

CASES = Path(__file__).resolve().parent.parent / "examples" / "cases"
_EXAMPLES = load_cases([CASES])
_CI = os.environ.get("HYPOTHESIS_PROFILE") == "ci"


@pytest.fixture(scope="module")
def compiled() -> Consultant:
    return Consultant(rulebook=default_consultant().rulebook, engine="compiled")


@pytest.mark.parametrize("example", _EXAMPLES, ids=[e.name for e in _EXAMPLES])
def test_both_engines_agree_on_every_example(example: ExampleCase, compiled: Consultant) -> None:
    case = example.case
    reference = default_consultant()
    assert compiled.conclude(case) == reference.conclude(case)
    assert compiled.consult(case).to_json() == reference.consult(case).to_json()


_COMPILED = Consultant(rulebook=default_consultant().rulebook, engine="compiled")


@settings(max_examples=1000 if _CI else 100)
@given(cases())
def test_both_engines_agree_on_arbitrary_cases(case: Case) -> None:
    reference = default_consultant()
    assert _COMPILED.conclude(case) == reference.conclude(case)
    assert _COMPILED.consult(case).to_json() == reference.consult(case).to_json()


def test_engine_names_are_checked() -> None:
    with pytest.raises(ConsultantOptionError, match="'experta', 'compiled'") as raised:
        Consultant(engine="compiler")
    assert isinstance(raised.value, ValueError)
    assert isinstance(raised.value, TriggerRulesError)
    assert "did you mean 'compiled'?" in str(raised.value)
