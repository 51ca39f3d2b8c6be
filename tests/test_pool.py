"""WorkerPool: worker processes kept for run after run, each run giving consult's reports
in input order; a run left early, refused or failed leaves the pool clean or stopped,
never out of step."""

from __future__ import annotations

import contextlib
import gc
import itertools
import multiprocessing
from collections.abc import Iterator
from typing import Any

import pytest

from trigger_rules import (
    Case,
    PoolUnavailableError,
    UnknownFactError,
    WorkerError,
    WorkerPool,
    batch,
)
from trigger_rules._wire import PartReceiver
from trigger_rules.engine import ConsultantOptionError

from .test_batch import (
    CASES,
    _Endless,
    _expected,
    _kill_the_worker_while_reading,
    _read_into,
)


@pytest.fixture
def kept() -> Iterator[WorkerPool]:
    """A pool of this process and one worker process, started and ready."""
    with WorkerPool(2) as pool:
        for worker in pool._pool:
            while not worker.ready:
                assert worker.connection.poll(60), "the worker did not start"
                worker.receive()
        yield pool
    assert multiprocessing.active_children() == []


def _worker_ids() -> list[int | None]:
    return sorted(p.pid for p in multiprocessing.active_children())


# --- runs after runs ---------------------------------------------------------------------


def test_run_after_run_gives_consults_reports_from_the_same_workers(kept: WorkerPool) -> None:
    started = _worker_ids()
    for chunksize in (8, 5, 64):
        reports = kept.consult_many(CASES * 2, chunksize=chunksize)
        assert [r.to_json() for r in reports] == _expected(CASES * 2)
    assert _worker_ids() == started
    assert len(started) == 1


def test_progress_counts_from_zero_in_every_run(kept: WorkerPool) -> None:
    for _ in range(2):
        seen: list[int] = []
        for _ in kept.consult_many(CASES[:10], chunksize=4, progress=seen.append):
            pass
        assert seen == [4, 8, 10]


def test_a_pool_of_one_consults_in_this_process() -> None:
    with WorkerPool(1) as pool:
        assert multiprocessing.active_children() == []
        assert [r.to_json() for r in pool.consult_many(CASES[:20])] == _expected(CASES[:20])


def test_the_compiled_engine_gives_the_same_reports_on_a_pool() -> None:
    with WorkerPool(2, engine="compiled") as pool:
        for _ in range(2):
            reports = pool.consult_many(CASES, chunksize=6)
            assert [r.to_json() for r in reports] == _expected(CASES)


# --- runs that end early -----------------------------------------------------------------


def _count_settled(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many worker outcomes each ended run had to read before the next could start."""
    counts: list[int] = []
    settle = batch.WorkerPool._settle

    def counting(self: WorkerPool, scheduler: Any) -> None:
        counts.append(sum(1 for slot in scheduler.slots if slot.worker is not None))
        settle(self, scheduler)

    monkeypatch.setattr(batch.WorkerPool, "_settle", counting)
    return counts


def test_a_run_left_early_leaves_the_pool_in_step_for_the_next(
    kept: WorkerPool, monkeypatch: pytest.MonkeyPatch
) -> None:
    settled = _count_settled(monkeypatch)
    for taken in (3, 17, 40):
        reports = kept.consult_many(_Endless(), chunksize=4)
        first = list(itertools.islice(reports, taken))
        reports.close()
        assert [r.to_json() for r in first] == _expected([*CASES, *CASES][:taken])
        # The next run reads only its own outcomes: an outcome left over from the run
        # before would be read as its own, or refused as out of order.
        assert [r.to_json() for r in kept.consult_many(CASES)] == _expected(CASES)
    assert len(settled) == 3
    assert sum(settled) >= 1, "no chunk was still in a worker when a run was left"
    assert all(not worker.holding for worker in kept._pool)


def test_leaving_a_for_loop_ends_the_run(kept: WorkerPool) -> None:
    for _ in kept.consult_many(_Endless(), chunksize=4):
        break
    assert [r.to_json() for r in kept.consult_many(CASES[:30])] == _expected(CASES[:30])


def test_a_refused_case_ends_its_run_and_the_next_run_is_clean(kept: WorkerPool) -> None:
    cases: list[Any] = [*CASES[:50], Case(present={"cough_sneze_pain"}), *CASES[50:]]
    delivered: list[str] = []
    with pytest.raises(UnknownFactError, match=r"^case 50: unknown fact code"):
        _read_into(delivered, kept.consult_many(cases, chunksize=4))
    assert delivered == _expected(CASES[:50])
    assert [r.to_json() for r in kept.consult_many(CASES)] == _expected(CASES)


def _failing_after(count: int) -> Iterator[Case]:
    yield from CASES[:count]
    raise ValueError("the input broke")


def test_an_error_of_the_input_ends_its_run_and_the_next_run_is_clean(
    kept: WorkerPool,
) -> None:
    delivered: list[str] = []
    with pytest.raises(ValueError, match="the input broke"):
        _read_into(delivered, kept.consult_many(_failing_after(45), chunksize=4))
    assert delivered == _expected(CASES[:45])
    assert [r.to_json() for r in kept.consult_many(CASES)] == _expected(CASES)


# --- what a pool refuses ------------------------------------------------------------------


def test_a_second_run_while_one_is_open_is_refused(kept: WorkerPool) -> None:
    first = kept.consult_many(CASES, chunksize=4)
    next(first)
    with pytest.raises(PoolUnavailableError, match="still serving an earlier consult_many run"):
        next(kept.consult_many(CASES))
    with contextlib.closing(first):
        assert len(list(first)) == len(CASES) - 1
    assert [r.to_json() for r in kept.consult_many(CASES[:5])] == _expected(CASES[:5])


def test_closing_a_pool_lets_its_workers_leave_on_their_own(kept: WorkerPool) -> None:
    assert len(list(kept.consult_many(CASES[:5]))) == 5
    processes = [worker.process for worker in kept._pool]
    kept.close()
    # Exit code 0: each worker left when told to, not terminated after the grace period
    # (which would read -15).
    assert [process.exitcode for process in processes] == [0]


def test_a_worker_told_to_stop_at_once_still_delivers_everything_it_owes() -> None:
    # The worker leaves with os._exit right after its writer thread has sent the last
    # message: that message must still be there to read after the process has gone.
    (worker,) = batch._start_workers(1, None)
    try:
        worker.connection.send((0, CASES[:3]))
        worker.connection.send(None)
        worker.process.join(60)
        assert worker.process.exitcode == 0
        messages = [worker.connection.recv_bytes(), worker.connection.recv_bytes()]
        with pytest.raises(EOFError):  # and nothing after them
            worker.connection.recv_bytes()
    finally:
        worker.stop()
    assert [message[:1] for message in messages] == [b"R", b"D"]
    reports, refused = PartReceiver().loads(messages[1][1:])
    assert refused is None
    assert [r.to_json() for r in reports] == _expected(CASES[:3])


def test_a_closed_pool_refuses_runs_at_once() -> None:
    pool = WorkerPool(2)
    pool.close()
    pool.close()  # closing twice is harmless
    assert pool.closed
    assert multiprocessing.active_children() == []
    with pytest.raises(PoolUnavailableError, match="this WorkerPool is closed"):
        pool.consult_many(CASES)
    assert "[closed]" in repr(pool)


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"workers": 0}, ConsultantOptionError, "workers must be"),
        ({"workers": True}, ConsultantOptionError, "workers must be"),
        ({"workers": 2, "engine": "compiledd"}, ConsultantOptionError, "compiled"),
    ],
)
def test_bad_options_are_refused_before_any_worker_starts(
    options: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        WorkerPool(**options)
    assert multiprocessing.active_children() == []


def test_a_bad_chunksize_is_refused_when_the_run_is_asked_for(kept: WorkerPool) -> None:
    with pytest.raises(ConsultantOptionError, match="chunksize must be"):
        kept.consult_many(CASES, chunksize=0)
    assert [r.to_json() for r in kept.consult_many(CASES[:5])] == _expected(CASES[:5])


# --- workers that fail, pools that are forgotten -----------------------------------------


def test_a_worker_that_dies_stops_the_pool_and_later_runs_say_why(kept: WorkerPool) -> None:
    _kill_the_worker_while_reading(kept.consult_many(_Endless(), chunksize=4))
    assert multiprocessing.active_children() == []
    with pytest.raises(PoolUnavailableError, match="stopped when a worker failed") as raised:
        kept.consult_many(CASES)
    assert isinstance(raised.value.__cause__, WorkerError)
    assert "[stopped]" in repr(kept)


def test_a_pool_that_is_forgotten_stops_its_workers() -> None:
    pool = WorkerPool(2)
    assert len(multiprocessing.active_children()) == 1
    del pool
    gc.collect()
    assert multiprocessing.active_children() == []
