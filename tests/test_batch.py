"""consult_many: the same reports as consult, in input order, lazily, from any number of
worker processes; bad cases raise the library's errors with their index."""

from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from trigger_rules import (
    Case,
    InvalidFactValueError,
    InvalidInputTypeError,
    UnknownFactError,
    WorkerError,
    consult,
    consult_many,
)
from trigger_rules.cases import load_cases
from trigger_rules.engine import ConsultantOptionError

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "cases"
CASES = [e.case for e in load_cases([EXAMPLES])]


def _expected(cases: list[Any]) -> list[str]:
    return [consult(case).to_json() for case in cases]


def test_in_process_gives_consults_reports_in_input_order() -> None:
    reports = list(consult_many(CASES, chunksize=7))
    assert [r.to_json() for r in reports] == _expected(CASES)


def test_mappings_of_answers_are_accepted() -> None:
    answers = [{"cough_sneeze_pain": True, "fever": False, "age": 40}, {"saddle_numbness": True}]
    got = [r.to_json() for r in consult_many(answers)]
    assert got == [consult(a).to_json() for a in answers]


def test_two_workers_give_the_same_reports_in_the_same_order() -> None:
    cases = CASES * 3
    progress: list[int] = []
    reports = list(consult_many(cases, workers=2, chunksize=16, progress=progress.append))
    assert [r.to_json() for r in reports] == _expected(cases)
    assert progress == [min(n, len(cases)) for n in range(16, len(cases) + 16, 16)]
    assert multiprocessing.active_children() == []


def test_progress_counts_cases_in_input_order() -> None:
    seen: list[int] = []
    for _ in consult_many(CASES[:10], chunksize=4, progress=seen.append):
        pass
    assert seen == [4, 8, 10]


class _Endless:
    """The example cases over and over, counting how many were read."""

    def __init__(self) -> None:
        self.pulled = 0

    def __iter__(self) -> Iterator[Case]:
        for case in itertools.cycle(CASES):
            self.pulled += 1
            yield case


def test_input_is_read_lazily() -> None:
    endless = _Endless()
    first = list(itertools.islice(consult_many(endless, chunksize=5), 12))
    assert len(first) == 12
    assert endless.pulled <= 15


def test_pool_reads_only_a_few_chunks_ahead_and_stops_when_closed() -> None:
    endless = _Endless()
    reports = consult_many(endless, workers=2, chunksize=10)
    first = list(itertools.islice(reports, 25))
    assert [r.to_json() for r in first] == _expected([*CASES, *CASES][:25])
    # the three chunks read from, two more in the one worker process, two more held here
    assert endless.pulled <= 10 * (3 + 2 * 2)
    reports.close()
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("workers", [1, 2])
def test_an_unknown_code_raises_after_the_reports_before_it(workers: int) -> None:
    cases: list[Any] = [*CASES[:7], Case(present={"cough_sneze_pain"}), *CASES[7:12]]
    delivered: list[str] = []

    def read_all() -> None:
        for report in consult_many(cases, workers=workers, chunksize=3):
            delivered.append(report.to_json())

    with pytest.raises(UnknownFactError) as raised:
        read_all()
    assert delivered == _expected(CASES[:7])
    error = raised.value
    assert error.index == 7  # type: ignore[attr-defined]
    assert str(error).startswith("case 7: unknown fact code 'cough_sneze_pain'")
    assert error.suggestions[0] == "cough_sneeze_pain"
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("workers", [1, 2])
def test_a_bad_value_and_a_non_case_are_refused_with_their_index(workers: int) -> None:
    with pytest.raises(InvalidFactValueError, match=r"^case 2: 'age' must be"):
        list(consult_many([CASES[0], CASES[1], {"age": 999}], workers=workers))
    with pytest.raises(InvalidInputTypeError, match=r"^case 1: a case must be a Case or"):
        list(consult_many([CASES[0], "cough_sneeze_pain"], workers=workers))  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"workers": 0}, "workers must be"),
        ({"workers": 1.5}, "workers must be"),
        ({"chunksize": 0}, "chunksize must be"),
    ],
)
def test_bad_options_are_refused_at_once(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ConsultantOptionError, match=message):
        consult_many(CASES, **options)


def test_workers_counts_this_process_so_two_start_one_worker_process() -> None:
    reports = consult_many(_Endless(), workers=2, chunksize=8)
    first = list(itertools.islice(reports, 40))
    assert len(multiprocessing.active_children()) == 1
    reports.close()
    assert [r.to_json() for r in first] == _expected([*CASES, *CASES][:40])
    assert multiprocessing.active_children() == []


def test_three_workers_give_the_same_reports_in_the_same_order() -> None:
    cases = CASES * 2
    reports = list(consult_many(cases, workers=3, chunksize=8))
    assert [r.to_json() for r in reports] == _expected(cases)
    assert multiprocessing.active_children() == []


def test_a_worker_that_dies_raises_worker_error() -> None:
    reports = consult_many(_Endless(), workers=2, chunksize=4)
    for _ in itertools.islice(reports, 4):
        pass
    (worker,) = multiprocessing.active_children()
    worker.kill()
    with pytest.raises(WorkerError, match="stopped unexpectedly"):
        for _ in itertools.islice(reports, 10_000):
            pass
    reports.close()
    assert multiprocessing.active_children() == []
