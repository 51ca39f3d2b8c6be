"""Consulting many cases: in this process, or streamed from a pool of worker processes.

:func:`consult_many` takes any iterable of cases, however long, and yields one report per
case in input order. With ``workers=N`` it consults in ``N`` worker processes; each worker
builds its consultant once and consults chunks of cases, and only a few chunks are in
flight at a time, so memory stays bounded for inputs of any size and the input is read
only as fast as reports are taken. Workers are started with the ``spawn`` method on every
platform: it works the same on Linux, macOS and Windows, and never forks a process whose
threads may hold locks.
"""

from __future__ import annotations

import collections
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import islice
from typing import TYPE_CHECKING, Any, Final

import attrs

from .case import Case, Value
from .engine import Consultant, ConsultantOptionError, default_consultant
from .errors import InvalidInputTypeError, TriggerRulesError, shown
from .report import Report
from .shapes import ReportDict

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["consult_many", "consult_records"]

CaseLike = Case | Mapping[str, bool | Value | None]

#: Cases per task when none is given: a task then takes tens of milliseconds, long
#: enough that sending it to a worker costs little beside it.
DEFAULT_CHUNKSIZE: Final = 64
#: Chunks in flight per worker: enough to keep every worker busy while the caller reads.
_IN_FLIGHT_PER_WORKER: Final = 2


def consult_many(
    cases: Iterable[CaseLike],
    *,
    workers: int = 1,
    chunksize: int | None = None,
    progress: Callable[[int], object] | None = None,
    engine: str | None = None,
) -> Iterator[Report]:
    """Consult every case and yield the reports lazily, in input order.

    *cases* holds :class:`Case` objects or mappings of answers (see
    :meth:`Case.from_answers`); it may be a generator of any length. ``workers=1``
    consults in this process; more start that many worker processes. *chunksize* is the
    number of cases sent to a worker at once (default 64). *progress*, if given, is called
    with the number of cases consulted so far, in input order, before each chunk's
    reports are yielded. *engine* is passed to :class:`Consultant` (``None``: its
    default).

    A case the library refuses raises the same error a single consultation would (for
    example :class:`UnknownFactError`), its message starting with ``case <index>:`` and
    its ``index`` attribute set, once every report before it has been yielded. Stopping
    early (breaking out of the loop, or closing the iterator) stops the workers.
    """
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ConsultantOptionError(
            f"workers must be a whole number of at least 1 (got {shown(workers)})"
        )
    size = DEFAULT_CHUNKSIZE if chunksize is None else chunksize
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise ConsultantOptionError(
            f"chunksize must be a whole number of at least 1 (got {shown(chunksize)})"
        )
    chunks = _chunks(cases, size)
    if workers == 1:
        return _in_process(chunks, progress, engine)
    return _in_pool(chunks, workers, progress, engine)


@attrs.frozen
class _Refused:
    """A case the library refused, in a form that crosses process boundaries: the
    library's errors take other arguments than their message, so they do not unpickle."""

    error: type[Exception]
    message: str
    attributes: dict[str, Any]

    @classmethod
    def of(cls, error: Exception, index: int) -> _Refused:
        # Say which case was refused, keeping the error's class and attributes.
        message = str(error.args[0]) if error.args else ""
        error.args = (f"case {index}: {message}", *error.args[1:])
        error.index = index  # type: ignore[attr-defined]
        return cls(type(error), str(error), dict(vars(error)))

    def rebuild(self) -> Exception:
        error = self.error.__new__(self.error)
        Exception.__init__(error, self.message)
        error.__dict__.update(self.attributes)
        return error


#: (index of the first case, the cases to consult, the case refused right after them)
_Chunk = tuple[int, list[CaseLike], _Refused | None]


def _chunks(cases: Iterable[CaseLike], size: int) -> Iterator[_Chunk]:
    """The cases in chunks, in input order; reading stops at a case that is not one."""
    iterator = iter(cases)
    start = 0
    while chunk := list(islice(iterator, size)):
        for offset, case in enumerate(chunk):
            if not isinstance(case, Case | Mapping):
                error = InvalidInputTypeError("a case", "a Case or a mapping of answers", case)
                yield start, chunk[:offset], _Refused.of(error, start + offset)
                return
        yield start, chunk, None
        start += len(chunk)


# --- consulting one chunk (in this process or in a worker) -------------------------------


def _build_consultant(engine: str | None) -> Consultant:
    if engine is None:
        return default_consultant()
    # The choice of engine belongs to Consultant, which checks the name.
    options: dict[str, Any] = {"engine": engine}
    return Consultant(**options)


#: The reports of a chunk, and the case refused after them if any.
_Outcome = tuple[list[Report], _Refused | None]


def _consult_chunk(consultant: Consultant, start: int, chunk: list[CaseLike]) -> _Outcome:
    reports: list[Report] = []
    for offset, case in enumerate(chunk):
        try:
            reports.append(consultant.consult(case))
        except TriggerRulesError as error:
            return reports, _Refused.of(error, start + offset)
    return reports, None


def _deliver(
    reports: list[Report],
    refused: _Refused | None,
    done: int,
    progress: Callable[[int], object] | None,
) -> Iterator[Report]:
    if progress is not None:
        progress(done + len(reports))
    yield from reports
    if refused is not None:
        raise refused.rebuild()


def _in_process(
    chunks: Iterator[_Chunk],
    progress: Callable[[int], object] | None,
    engine: str | None,
) -> Iterator[Report]:
    consultant = _build_consultant(engine)
    done = 0
    for start, chunk, refused_next in chunks:
        reports, refused = _consult_chunk(consultant, start, chunk)
        yield from _deliver(reports, refused or refused_next, done, progress)
        done += len(reports)


# --- the worker pool ---------------------------------------------------------------------

#: The consultant of a worker process, built once by :func:`_start_worker`.
_worker_consultant: Consultant | None = None


def _start_worker(engine: str | None) -> None:
    global _worker_consultant  # noqa: PLW0603 (one consultant per worker process)
    _worker_consultant = _build_consultant(engine)


def _work(start: int, chunk: list[CaseLike]) -> _Outcome:
    if _worker_consultant is None:
        raise RuntimeError("a trigger_rules worker was started without its consultant")
    return _consult_chunk(_worker_consultant, start, chunk)


def _in_pool(
    chunks: Iterator[_Chunk],
    workers: int,
    progress: Callable[[int], object] | None,
    engine: str | None,
) -> Iterator[Report]:
    # Imported here: `import trigger_rules` must stay light for apps that never batch.
    import multiprocessing  # noqa: PLC0415
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(engine,),
    )
    in_flight: collections.deque[tuple[Future[_Outcome], _Refused | None]] = collections.deque()
    limit = workers * _IN_FLIGHT_PER_WORKER
    done = 0

    def oldest() -> Iterator[Report]:
        nonlocal done
        future, refused_next = in_flight.popleft()
        reports, refused = future.result()
        yield from _deliver(reports, refused or refused_next, done, progress)
        done += len(reports)

    try:
        for start, chunk, refused_next in chunks:
            in_flight.append((pool.submit(_work, start, chunk), refused_next))
            if len(in_flight) >= limit:
                yield from oldest()
        while in_flight:
            yield from oldest()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# --- one partition of a distributed data set ---------------------------------------------

_THREAD = threading.local()


def consult_records(records: Iterable[CaseLike], *, engine: str | None = None) -> list[ReportDict]:
    """Consult a partition of cases and return each report as a plain dict.

    Made for data-parallel frameworks (``dask.bag.Bag.map_partitions``, Spark's
    ``mapPartitions``): it is a module-level function, so it pickles by reference and runs
    unchanged on any worker that has ``trigger_rules`` installed; it keeps no state but a
    consultant per worker thread over rules compiled once per process, and returns
    :meth:`Report.to_dict` values, which any serialiser handles. A refused case raises the
    library's error with ``case <index>:`` (its index within the partition).
    """
    consultants: dict[str | None, Consultant] = _THREAD.__dict__.setdefault("consultants", {})
    consultant = consultants.get(engine)
    if consultant is None:
        consultant = consultants[engine] = _build_consultant(engine)
    reports = []
    for index, record in enumerate(records):
        if not isinstance(record, Case | Mapping):
            raise InvalidInputTypeError(f"case {index}", "a Case or a mapping of answers", record)
        try:
            reports.append(consultant.consult(record).to_dict())
        except TriggerRulesError as error:
            _Refused.of(error, index)
            raise
    return reports
