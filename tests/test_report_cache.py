"""Reports are deeply immutable, so a consultant can cache and share them."""

from __future__ import annotations

import pickle

import pytest

from trigger_rules import Case, Consultant
from trigger_rules.engine import default_consultant
from trigger_rules.report import FrozenMapping


@pytest.fixture(scope="module")
def rulebook():  # type: ignore[no-untyped-def]
    return default_consultant().rulebook


def test_the_case_in_a_report_cannot_be_changed() -> None:
    report = default_consultant().consult(Case(present={"cough_sneeze_pain"}, values={"age": 40}))
    assert isinstance(report.case, FrozenMapping)
    assert report.case["present"] == ("cough_sneeze_pain",)
    with pytest.raises(TypeError):
        report.case["present"] = ()  # type: ignore[index]
    with pytest.raises(TypeError):
        report.case["values"]["age"] = 41
    with pytest.raises(AttributeError):
        report.case._data = {}  # type: ignore[misc]
    assert hash(report) == hash(report)
    assert report.to_dict()["case"] == {
        "present": ["cough_sneeze_pain"],
        "absent": [],
        "values": {"age": 40},
    }


@pytest.mark.parametrize("engine", ["experta", "compiled"])
def test_a_cached_consultant_returns_the_same_report_for_the_same_case(
    rulebook,
    engine: str,  # type: ignore[no-untyped-def]
) -> None:
    consultant = Consultant(rulebook=rulebook, engine=engine, cache_size=2)
    first = consultant.consult(Case(present={"cough_sneeze_pain", "fever"}))
    again = consultant.consult({"fever": True, "cough_sneeze_pain": True})
    assert again is first
    consultant.consult(Case(present={"buttock_pain"}))
    consultant.consult(Case(present={"tailbone_pain"}))
    # Least recently used is evicted: a fresh, equal report comes back.
    third = consultant.consult(Case(present={"cough_sneeze_pain", "fever"}))
    assert third is not first
    assert third == first


def test_without_a_cache_reports_are_equal_but_new(rulebook) -> None:  # type: ignore[no-untyped-def]
    consultant = Consultant(rulebook=rulebook)
    case = Case(present={"cough_sneeze_pain"})
    assert consultant.consult(case) == consultant.consult(case)
    assert consultant.consult(case) is not consultant.consult(case)


@pytest.mark.parametrize("size", [-1, 1.5, True])
def test_a_bad_cache_size_is_refused(rulebook, size: object) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="cache_size"):
        Consultant(rulebook=rulebook, cache_size=size)  # type: ignore[arg-type]


def test_reports_survive_pickling_for_process_pools() -> None:
    report = default_consultant().consult(Case(present={"cough_sneeze_pain"}, values={"age": 40}))
    again = pickle.loads(pickle.dumps(report))
    assert again == report
    assert again.to_json() == report.to_json()
    assert isinstance(again.case["values"], FrozenMapping)
