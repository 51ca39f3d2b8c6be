"""Reports are deeply immutable, so a consultant can cache and share them."""

from __future__ import annotations

import pickle

import pytest

from trigger_rules import Case, Consultant
from trigger_rules.assemble import _Shared
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


def test_equal_parts_of_different_reports_are_one_object_and_stay_correct() -> None:
    consultant = Consultant(engine="compiled")
    alone = consultant.consult(Case(present={"saddle_numbness"}))
    with_more = consultant.consult(Case(present={"saddle_numbness", "cough_sneeze_pain"}))
    (flag,) = alone.red_flags
    assert with_more.red_flags[0] is flag
    # a part that differs (here: the facts behind it) is never shared
    fresh = Consultant(engine="compiled")
    assert fresh.consult(Case(present={"saddle_numbness"})) == alone


def test_shared_parts_are_bounded() -> None:
    shared = _Shared(limit=2)
    first = shared.get("a", list)
    assert shared.get("a", list) is first
    shared.get("b", list)
    shared.get("c", list)  # full: forgets what it held
    assert shared.get("a", list) is not first
