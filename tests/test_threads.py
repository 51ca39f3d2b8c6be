"""Several threads consulting at once each get exactly their own report."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from trigger_rules import Case, Consultant, consult
from trigger_rules.engine import default_consultant

CASES = [
    Case(present={"cough_sneeze_pain"}),
    Case(present={"saddle_numbness", "cough_sneeze_pain"}),
    Case(present={"pain_worse_standing", "pulse_felt_while_pressing"}),
    Case(present={"wallet_in_back_pocket", "sits_over_an_hour"}, values={"age": 30}),
    Case(present={"vertical_strip_beside_spine", "self_treatment_relieved"}),
    Case(absent={"saddle_numbness", "bladder_or_bowel_change"}),
]


def test_module_level_consult_from_many_threads() -> None:
    expected = [consult(case).to_json() for case in CASES]
    jobs = [CASES[i % len(CASES)] for i in range(600)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda case: consult(case).to_json(), jobs))
    for index, result in enumerate(results):
        assert result == expected[index % len(CASES)]


def test_one_shared_consultant_is_serialised_by_its_lock() -> None:
    shared = Consultant(rulebook=default_consultant().rulebook)
    expected = [shared.consult(case).to_json() for case in CASES]
    jobs = [CASES[i % len(CASES)] for i in range(300)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda case: shared.consult(case).to_json(), jobs))
    for index, result in enumerate(results):
        assert result == expected[index % len(CASES)]
