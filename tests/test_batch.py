"""consult_many: the same reports as consult, in input order, lazily, from any number of
worker processes; bad cases raise the library's errors with their index."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from trigger_rules import (
    Case,
    InvalidFactValueError,
    InvalidInputTypeError,
    UnknownFactError,
    WorkerError,
    batch,
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


def test_the_first_report_needs_only_the_first_chunk_while_no_worker_has_started() -> None:
    endless = _Endless()
    reports = consult_many(endless, workers=2, chunksize=5)
    next(reports)  # a worker takes far longer to start than five consultations
    assert endless.pulled <= 5
    reports.close()
    assert multiprocessing.active_children() == []


def test_pool_reads_only_a_few_chunks_ahead_and_stops_when_closed() -> None:
    endless = _Endless()
    reports = consult_many(endless, workers=2, chunksize=10)
    first = list(itertools.islice(reports, 25))
    assert [r.to_json() for r in first] == _expected([*CASES, *CASES][:25])
    # The chunks delivered so far, and a window of at most held_limit = 2 * 2 * 1 + 2 = 6
    # more, however the worker and this process share it.
    assert endless.pulled <= 10 * (3 + 2 * 2 * 1 + 2)
    reports.close()
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("workers", [1, 2])
def test_an_unknown_code_raises_after_the_reports_before_it(workers: int) -> None:
    cases: list[Any] = [*CASES[:7], Case(present={"cough_sneze_pain"}), *CASES[7:12]]
    delivered: list[str] = []
    reports = consult_many(cases, workers=workers, chunksize=3)
    with pytest.raises(UnknownFactError) as raised:
        _read_into(delivered, reports)
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


def _kill_the_worker_while_reading(reports: Iterator[Any]) -> None:
    """Read a few reports, kill the one worker process, and read on into the error."""
    for _ in itertools.islice(reports, 4):
        pass
    (worker,) = multiprocessing.active_children()
    worker.kill()
    with pytest.raises(WorkerError, match="stopped unexpectedly"):
        for _ in itertools.islice(reports, 10_000):
            pass


def test_a_worker_that_dies_raises_worker_error() -> None:
    reports = consult_many(_Endless(), workers=2, chunksize=4)
    _kill_the_worker_while_reading(reports)
    reports.close()
    assert multiprocessing.active_children() == []


# --- the worker path, with the worker known to have started ------------------------------


@pytest.fixture
def pool(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """The workers the next consult_many starts, and how many chunks it sends them."""
    record = SimpleNamespace(workers=[], sent=0)
    start_workers, send = batch._start_workers, batch._Scheduler.send

    def recording(count: int, engine: str | None) -> list[Any]:
        record.workers = start_workers(count, engine)
        return record.workers  # type: ignore[no-any-return]

    def counting(self: Any, worker: Any, slot: Any) -> None:
        record.sent += 1
        send(self, worker, slot)

    monkeypatch.setattr(batch, "_start_workers", recording)
    monkeypatch.setattr(batch._Scheduler, "send", counting)
    return record


def _read_into(delivered: list[str], reports: Iterable[Any]) -> None:
    for report in reports:
        delivered.append(report.to_json())


def _once_started(cases: Iterable[Any], pool: SimpleNamespace, at: int) -> Iterator[Any]:
    """Yield *cases*, waiting before case *at* until every worker has said it started.

    The scheduler reads that message between the pieces of the chunk holding case *at*,
    which it consults itself (no worker had started when it was read), and sends the
    workers the chunks it reads from then on."""
    for index, case in enumerate(cases):
        if index == at:
            for worker in pool.workers:
                assert worker.ready or worker.connection.poll(60), "no worker started"
        yield case


def test_a_case_refused_in_a_worker_raises_in_order(pool: SimpleNamespace) -> None:
    # Chunks of 20: 0-19 and 20-39 are consulted here, 40-59 in the worker, which meets
    # the unknown code at offset 10 of its chunk.
    cases = [*CASES[:50], Case(present={"cough_sneze_pain"}), *CASES[50:59]]
    delivered: list[str] = []
    reports = consult_many(_once_started(cases, pool, 20), workers=2, chunksize=20)
    with pytest.raises(UnknownFactError, match=r"^case 50: unknown fact code") as raised:
        _read_into(delivered, reports)
    assert pool.sent >= 1
    assert delivered == _expected(CASES[:50])
    assert raised.value.index == 50  # type: ignore[attr-defined]
    assert multiprocessing.active_children() == []


def _slowly(answers: dict[str, Any]) -> dict[str, Any]:
    time.sleep(0.02)
    return answers


class _SlowInAWorker(dict):  # type: ignore[type-arg]
    """Answers that take 20 ms to unpickle: a worker's chunks lag far behind this
    process's, so only the limit on held chunks stops this process reading ahead."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (_slowly, (dict(self),))


def test_a_slow_worker_still_lets_only_a_few_chunks_be_read_ahead(
    pool: SimpleNamespace,
) -> None:
    pulled = itertools.count()

    def endless() -> Iterator[Any]:
        for index in itertools.count():
            next(pulled)
            yield _SlowInAWorker({"cough_sneeze_pain": True, "age": 20 + index % 60})

    reports = consult_many(_once_started(endless(), pool, 10), workers=2, chunksize=10)
    assert len(list(itertools.islice(reports, 45))) == 45
    assert pool.sent >= 1
    # Five chunks reached the output, and a window of at most held_limit = 2 * 2 * 1 + 2 = 6
    # more, however the worker and this process share it.
    assert next(pulled) <= 10 * (5 + 2 * 2 * 1 + 2)
    reports.close()
    assert multiprocessing.active_children() == []


def _explode() -> None:
    raise RuntimeError("this case cannot be read in a worker")


class _UnreadableInAWorker(dict):  # type: ignore[type-arg]
    """Answers that consult well here but fail to unpickle in a worker process."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (_explode, ())


def test_a_worker_that_fails_raises_worker_error_with_its_traceback(
    pool: SimpleNamespace,
) -> None:
    cases = [*CASES[:45], _UnreadableInAWorker({"fever": True}), *CASES[45:60]]
    delivered: list[str] = []
    reports = consult_many(_once_started(cases, pool, 20), workers=2, chunksize=20)
    with pytest.raises(WorkerError, match=r"(?s)worker process failed.*cannot be read"):
        _read_into(delivered, reports)
    assert pool.sent >= 1
    assert len(delivered) == 40  # the two chunks consulted here
    assert multiprocessing.active_children() == []


# --- errors of the input itself ----------------------------------------------------------


def _failing_after(cases: Iterable[Any]) -> Iterator[Any]:
    yield from cases
    raise ValueError("the input broke")


@pytest.mark.parametrize("workers", [1, 2])
def test_an_error_of_the_input_comes_after_every_report_before_it(workers: int) -> None:
    delivered: list[str] = []
    reports = consult_many(_failing_after(CASES[:45]), workers=workers, chunksize=10)
    with pytest.raises(ValueError, match="the input broke"):
        _read_into(delivered, reports)
    assert delivered == _expected(CASES[:45])


@pytest.mark.parametrize("workers", [1, 2])
def test_a_refusal_before_an_error_of_the_input_is_raised_first(workers: int) -> None:
    cases = [*CASES[:30], {"age": 999}, *CASES[30:40]]
    delivered: list[str] = []
    reports = consult_many(_failing_after(cases), workers=workers, chunksize=8)
    with pytest.raises(InvalidFactValueError, match=r"^case 30: 'age' must be"):
        _read_into(delivered, reports)
    assert delivered == _expected(CASES[:30])


# --- chunks larger than a pipe's buffer ----------------------------------------------------

_BIG_CHUNKS = textwrap.dedent(
    """
    import trigger_rules

    if __name__ == "__main__":
        cases = [
            trigger_rules.Case(
                present={"cough_sneeze_pain"} if i % 2 else set(),
                absent={"fever"} if i % 3 else set(),
                values={"age": 20 + i % 60},
            )
            for i in range(36_000)
        ]
        reports = trigger_rules.consult_many(
            cases, workers=2, chunksize=12_000, engine="compiled"
        )
        print(sum(1 for _ in reports))
    """
)


def test_chunks_larger_than_a_pipe_buffer_do_not_deadlock(tmp_path: Path) -> None:
    # A chunk of 12,000 cases pickles to about 390 KB, more than a socket buffer holds: the
    # caller sending it blocks until the worker reads, while the worker sends the outcome
    # of the chunk before it (megabytes) to a caller that is not reading.
    script = tmp_path / "big_chunks.py"
    script.write_text(_BIG_CHUNKS)
    run = subprocess.Popen(
        [sys.executable, str(script)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = run.communicate(timeout=180)
    except subprocess.TimeoutExpired:
        os.killpg(run.pid, signal.SIGKILL)
        run.communicate()
        pytest.fail("consult_many with 12,000-case chunks did not finish in 180 s")
    assert run.returncode == 0, err
    assert out.strip() == "36000"
