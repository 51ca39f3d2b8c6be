"""Consulting many cases: in this process, or streamed from a pool of worker processes.

:func:`consult_many` takes any iterable of cases, however long, and yields one report per
case in input order. With ``workers=N`` it consults in ``N`` processes: this one and
``N - 1`` worker processes, each of which builds its consultant once and consults chunks
of cases. Only a few chunks are in flight at a time, so memory stays bounded for inputs of
any size and the input is read only as fast as reports are taken. Workers are started
with the ``spawn`` method on every platform: it works the same on Linux, macOS and
Windows, and never forks a process whose threads may hold locks.

A :class:`WorkerPool` keeps its worker processes for run after run, for apps that consult
batch after batch: starting a worker costs 0.15 to 0.25 s on the project's machine, more
than a small batch takes.
"""

from __future__ import annotations

import collections
import contextlib
import os
import queue
import sys
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import islice
from typing import TYPE_CHECKING, Any, Final

import attrs

from .case import Case, Value
from .engine import Consultant, ConsultantOptionError, check_engine_name, default_consultant
from .errors import InvalidInputTypeError, TriggerRulesError, shown
from .report import Report
from .shapes import ReportDict

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

__all__ = ["PoolUnavailableError", "WorkerError", "WorkerPool", "consult_many", "consult_records"]

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
    :meth:`Case.from_answers`); it may be a generator of any length. ``workers=N``
    consults in ``N`` processes: this one, and ``N - 1`` worker processes it starts (so
    ``workers=1``, the default, starts none, and ``workers=os.cpu_count()`` keeps every
    core busy without crowding them). *chunksize* is the
    number of cases sent to a worker at once (default 64). *progress*, if given, is called
    with the number of cases consulted so far, in input order, before each chunk's
    reports are yielded. *engine* is passed to :class:`Consultant` (``None``: its
    default).

    A case the library refuses raises the same error a single consultation would (for
    example :class:`UnknownFactError`), its message starting with ``case <index>:`` and
    its ``index`` attribute set, once every report before it has been yielded; an error
    raised by *cases* itself is raised as it is, in its turn too. A worker process that
    dies or fails otherwise raises :class:`WorkerError`. Stopping early
    (breaking out of the loop, or closing the iterator) stops the workers.
    """
    _check_workers(workers)
    chunks = _chunks(cases, _checked_chunksize(chunksize))
    if workers == 1:
        return _in_process(chunks, progress, engine)
    return _in_pool(chunks, workers, progress, engine)


def _check_workers(workers: object) -> None:
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ConsultantOptionError(
            f"workers must be a whole number of at least 1 (got {shown(workers)})"
        )


def _checked_chunksize(chunksize: object) -> int:
    size = DEFAULT_CHUNKSIZE if chunksize is None else chunksize
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise ConsultantOptionError(
            f"chunksize must be a whole number of at least 1 (got {shown(chunksize)})"
        )
    return size


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


@attrs.frozen
class _InputFailed:
    """The input iterable raised while a chunk was read: raised again, as it is, once
    every report before it has been yielded (after any refusal before it)."""

    error: Exception

    def rebuild(self) -> Exception:
        return self.error


#: Why the output stops right after a chunk: a case refused, or the input failing.
_Stop = _Refused | _InputFailed
#: (index of the first case, the cases to consult, why the output stops after them)
_Chunk = tuple[int, list[CaseLike], _Stop | None]


def _chunks(cases: Iterable[CaseLike], size: int) -> Iterator[_Chunk]:
    """The cases in chunks, in input order. Reading stops at a case that is not one, and
    at an error of the input itself, which waits for its turn like a refusal."""
    iterator = iter(cases)
    start = 0
    while True:
        chunk: list[CaseLike] = []
        try:
            for case in islice(iterator, size):
                if not isinstance(case, Case | Mapping):
                    wrong = InvalidInputTypeError("a case", "a Case or a mapping of answers", case)
                    yield start, chunk, _Refused.of(wrong, start + len(chunk))
                    return
                chunk.append(case)
        except Exception as error:  # the input's own error, raised again in its turn
            yield start, chunk, _InputFailed(error)
            return
        if not chunk:
            return
        yield start, chunk, None
        start += len(chunk)


# --- consulting one chunk (in this process or in a worker) -------------------------------


def _build_consultant(engine: str | None) -> Consultant:
    if engine is None:
        return default_consultant()
    return Consultant(engine=engine)  # Consultant checks the name


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
    refused: _Stop | None,
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
    yield from _consult_here(_build_consultant(engine), chunks, progress)


def _consult_here(
    consultant: Consultant,
    chunks: Iterator[_Chunk],
    progress: Callable[[int], object] | None,
) -> Iterator[Report]:
    done = 0
    for start, chunk, stop_after in chunks:
        reports, refused = _consult_chunk(consultant, start, chunk)
        yield from _deliver(reports, refused or stop_after, done, progress)
        done += len(reports)


# --- the worker pool ---------------------------------------------------------------------

#: Chunks read ahead for this process beside the workers' share of the window (see
#: ``_Scheduler``): enough to keep this process busy, few enough to keep memory bounded.
_LOCAL_AHEAD: Final = 2
#: Cases this process consults between two looks at the workers: a few milliseconds of
#: work at most, so that a worker is refilled soon after it finishes a chunk.
_PIECE: Final = 8
#: Seconds a worker gets to finish after it is told to stop, before it is terminated.
_STOP_GRACE: Final = 5.0


class WorkerError(TriggerRulesError, RuntimeError):
    """A worker process of :func:`consult_many` failed: it died, or met an error that is
    not one of the library's refusals (its message carries the worker's traceback)."""


#: A worker's messages start with one of these bytes: it has started, a chunk's outcome
#: follows (as :class:`~._wire.PartSender` bytes), or its traceback follows (UTF-8).
_READY, _DONE, _FAILED = b"R", b"D", b"F"


def _worker_main(connection: Connection, engine: str | None) -> None:
    """A worker process: build a consultant, say so, then consult chunks until told to
    stop (``None``), sending back each chunk's outcome.

    Outcomes are sent by a thread of their own, so that this one always goes back to
    reading: a caller blocked sending a large chunk, while this worker was blocked
    sending an outcome the caller was not yet reading, would otherwise wait forever.
    """
    from ._wire import PartSender  # noqa: PLC0415 - pickle stays out of a plain import

    outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
    writer = threading.Thread(target=_send_all, args=(connection, outbox), daemon=True)
    writer.start()
    sender = PartSender()
    try:
        consultant = _build_consultant(engine)
        outbox.put(_READY)
        while (task := connection.recv()) is not None:
            start, chunk = task
            outbox.put(_DONE + sender.dumps(_consult_chunk(consultant, start, chunk)))
    except (EOFError, OSError, KeyboardInterrupt):
        pass  # the caller went away or was interrupted: nothing left to answer
    except BaseException:  # any other failure goes back to the caller, in words
        import traceback  # noqa: PLC0415

        outbox.put(_FAILED + traceback.format_exc().encode())
    outbox.put(None)
    writer.join()
    # Everything is sent: leave without the interpreter's orderly shutdown, which frees
    # every object of the process one by one (tens of milliseconds that the caller would
    # otherwise wait for when it stops this worker). Nothing of ours is left to flush or
    # close; exit handlers that the caller's main module registers when spawn imports it
    # here again do not run in this process.
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError, OSError):  # None, or closed
            stream.flush()
    os._exit(0)


def _send_all(connection: Connection, outbox: queue.SimpleQueue[bytes | None]) -> None:
    """Send the worker's messages in order until ``None``; stop if the caller is gone."""
    with contextlib.suppress(OSError):
        while (message := outbox.get()) is not None:
            connection.send_bytes(message)


class _Worker:
    """One worker process, its end of the connection, and the chunks it holds, oldest
    first."""

    def __init__(self, process: BaseProcess, connection: Connection) -> None:
        from ._wire import PartReceiver  # noqa: PLC0415 - pickle stays out of a plain import

        self.process = process
        self.connection = connection
        self.receiver = PartReceiver()
        self.ready = False
        self.holding: collections.deque[_Slot] = collections.deque()

    def receive(self) -> None:
        """Take one message from the worker (waiting for it): its start, or the outcome
        of its oldest chunk, kept as bytes until :meth:`_Slot.take` reads it."""
        try:
            message = memoryview(self.connection.recv_bytes())
        except (EOFError, OSError) as error:
            raise self.gone() from error
        kind, body = message[:1], message[1:]
        if kind == _READY:
            self.ready = True
        elif kind == _DONE:
            self.holding.popleft().sent = body
        else:
            trace = bytes(body).decode(errors="replace")
            raise WorkerError(f"a consult_many worker process failed:\n{trace}")

    def gone(self) -> WorkerError:
        return WorkerError(
            f"a consult_many worker process stopped unexpectedly "
            f"(exit code {self.process.exitcode})"
        )

    def stop(self) -> None:
        # Closing our end also stops a worker that is still sending: its send fails.
        with contextlib.suppress(OSError):
            self.connection.send(None)
        self.connection.close()
        self.process.join(_STOP_GRACE)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join()


@attrs.define(eq=False)  # slots are told apart by identity: two may hold equal chunks
class _Slot:
    """A chunk's place in the output: its *cases* while nobody consults them yet, its
    outcome once known (consulted here, or *sent* back by *worker*), and why the output
    stops right after it, if it does.

    A worker's outcome stays in bytes until its turn to be yielded: its reports are then
    made just before the caller takes them, instead of waiting in memory behind older
    chunks, where the garbage collector would move them to its oldest generation and
    soon after walk every object of the process.
    """

    stop_after: _Stop | None
    #: The index of the chunk's first case, and its cases while nobody consults them yet.
    start: int = 0
    cases: list[CaseLike] | None = None
    worker: _Worker | None = None
    outcome: _Outcome | None = None
    sent: memoryview | None = None

    @property
    def arrived(self) -> bool:
        return self.outcome is not None or self.sent is not None

    def take(self) -> _Outcome:
        if self.outcome is None:
            assert self.worker is not None
            assert self.sent is not None
            # Read in the order the worker sent: each slot of a worker is taken in turn.
            self.outcome = self.worker.receiver.loads(self.sent)
            self.sent = None
        return self.outcome


def _stop_all(workers: list[_Worker]) -> None:
    for worker in workers:
        worker.stop()


def _start_workers(count: int, engine: str | None) -> list[_Worker]:
    # Imported here: `import trigger_rules` must stay light for apps that never batch.
    import multiprocessing  # noqa: PLC0415

    context = multiprocessing.get_context("spawn")
    started = []
    try:
        for _ in range(count):
            ours, theirs = context.Pipe(duplex=True)
            process = context.Process(
                target=_worker_main, args=(theirs, engine), name="trigger_rules worker"
            )
            process.daemon = True  # never outlives the caller
            process.start()
            theirs.close()
            started.append(_Worker(process, ours))
    except BaseException:
        _stop_all(started)
        raise
    return started


def _in_pool(
    chunks: Iterator[_Chunk],
    workers: int,
    progress: Callable[[int], object] | None,
    engine: str | None,
) -> Iterator[Report]:
    """Consult in this process and in ``workers - 1`` worker processes started for this
    run alone (``_Scheduler`` shares the work)."""
    with WorkerPool(workers, engine=engine) as pool:
        # The workers stop right after, so chunks still in flight need not be read.
        yield from pool._run(chunks, progress, settle=False)


class PoolUnavailableError(TriggerRulesError, RuntimeError):
    """A :class:`WorkerPool` cannot start a run: it is closed, a worker of it failed, or
    it is still serving an earlier run."""


class WorkerPool:
    """Worker processes that stay started for several :meth:`consult_many` runs.

    ``trigger_rules.consult_many(cases, workers=N)`` starts its worker processes and stops
    them when it ends. Starting one (a fresh interpreter that imports the library and
    builds its rules) takes 0.15 to 0.25 s on the project's machine: more than a batch of
    a thousand compiled consultations. An app that consults batch after batch keeps a
    pool instead::

        with WorkerPool(workers=2, engine="compiled") as pool:
            for batch in batches:
                for report in pool.consult_many(batch):
                    ...

    *workers* counts this process, as in :func:`consult_many`: ``workers=N`` starts
    ``N - 1`` worker processes, at once; they finish starting while the first run
    begins here. A run behaves as :func:`consult_many` does, and gives the same reports.

    A pool serves one run at a time: a run ends when its reports have all been read, or
    when its iterator is closed (leaving a ``for`` loop early closes it, in CPython, as
    soon as nothing else refers to it; ``contextlib.closing`` makes sure). Starting a run
    while another is open raises :class:`PoolUnavailableError` instead of mixing them. A
    run that ends early, or with a refused case, first reads what the workers still have
    in hand, so the next run starts clean. A worker that dies or fails raises
    :class:`WorkerError` and stops the pool; later runs raise
    :class:`PoolUnavailableError`. :meth:`close` (or leaving the ``with`` block) stops the
    workers; they are also stopped when the pool is garbage-collected or the interpreter
    exits, and never outlive this process.
    """

    def __init__(self, workers: int, *, engine: str | None = None) -> None:
        _check_workers(workers)
        if engine is not None:
            check_engine_name(engine)  # a bad name is refused before any worker starts
        self.workers = workers
        self.engine = engine
        # Workers first: each takes a fraction of a second to start, and this process
        # builds its own consultant meanwhile.
        self._pool = _start_workers(workers - 1, engine)
        self._stop_workers = weakref.finalize(self, _stop_all, self._pool)
        try:
            self._local = _build_consultant(engine)
        except BaseException:
            self._stop_workers()
            raise
        self._busy = threading.Lock()
        self._closed = False
        self._failure: BaseException | None = None

    def consult_many(
        self,
        cases: Iterable[CaseLike],
        *,
        chunksize: int | None = None,
        progress: Callable[[int], object] | None = None,
    ) -> Iterator[Report]:
        """Consult every case on this pool; see :func:`trigger_rules.consult_many`."""
        chunks = _chunks(cases, _checked_chunksize(chunksize))
        self._check_available()
        return self._run(chunks, progress, settle=True)

    def close(self) -> None:
        """Stop the worker processes; a closed pool starts no more runs."""
        self._closed = True
        self._stop_workers()

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._closed else "stopped" if self._failure else "open"
        return f"WorkerPool(workers={self.workers}, engine={self.engine!r}) [{state}]"

    def _check_available(self) -> None:
        if self._closed:
            raise PoolUnavailableError("this WorkerPool is closed: start a new one")
        if self._failure is not None:
            raise PoolUnavailableError(
                f"this WorkerPool stopped when a worker failed ({self._failure}); start a new one"
            ) from self._failure

    def _run(
        self,
        chunks: Iterator[_Chunk],
        progress: Callable[[int], object] | None,
        *,
        settle: bool,
    ) -> Iterator[Report]:
        if not self._busy.acquire(blocking=False):
            raise PoolUnavailableError(
                "this WorkerPool is still serving an earlier consult_many run: read it to "
                "the end or close its iterator (contextlib.closing does) before starting "
                "another"
            )
        try:
            self._check_available()
            if not self._pool:
                yield from _consult_here(self._local, chunks, progress)
                return
            scheduler = _Scheduler(self._pool, self._local, progress)
            try:
                yield from scheduler.run(chunks)
            except WorkerError as error:
                self._stop_after(error)
                raise
            except (Exception, GeneratorExit):
                if settle and not self._closed:
                    self._settle(scheduler)
                raise
            except BaseException as error:  # interrupted: what the workers hold is unknown
                self._stop_after(error)
                raise
        finally:
            self._busy.release()

    def _settle(self, scheduler: _Scheduler) -> None:
        """Read, in order, every outcome the workers still owe this run, so that the next
        run's messages are read in step with what each worker sent."""
        try:
            for slot in scheduler.slots:
                if slot.worker is not None:
                    while not slot.arrived:
                        slot.worker.receive()
                    slot.take()
        except BaseException as error:
            # Any failure or interruption here leaves the workers out of step. The run has
            # already ended for its reader; the next run says so.
            self._stop_after(error)
            if not isinstance(error, Exception):
                raise

    def _stop_after(self, failure: BaseException) -> None:
        self._failure = failure
        self._stop_workers()


class _Scheduler:
    """Hands each chunk to a worker or to this process, and yields reports in input
    order.

    This process consults too rather than only collecting: it has to receive every report
    a worker sends, and a process that did only that would still compete with the workers
    for the cores. Reports come back over one duplex connection per worker and are
    received here, in the caller's thread, between pieces of its own chunks: a result
    thread would have to win the interpreter lock from this one for every read. A worker
    sends each shared report part only once per connection (``_wire``), so receiving a
    report costs this process far less than consulting it.

    Chunks are read into a window of at most ``held_limit`` slots: this process's next
    ``_LOCAL_AHEAD`` (one until a worker has started; ``read_ahead``), and up to
    ``_IN_FLIGHT_PER_WORKER`` for each worker (``feed_workers``). This process consults
    the oldest chunk nobody consults yet, which is usually next in the output, so its
    reports are usually yielded at once, while a worker's outcome, sent early, waits as
    bytes: reports that wait in memory behind a worker's chunk outlive the garbage
    collector's young generations. This process consults in pieces of ``_PIECE``
    cases and refills the workers between pieces: a worker that finished while this
    process was busy would otherwise wait for a whole chunk.
    """

    def __init__(
        self,
        pool: list[_Worker],
        local: Consultant,
        progress: Callable[[int], object] | None,
    ) -> None:
        self.pool = pool
        self.local = local
        self.progress = progress
        self.slots: collections.deque[_Slot] = collections.deque()
        # Room for each worker's chunks twice over (those it holds, and as many that came
        # back ahead of their turn) and for this process's next ones.
        self.held_limit = 2 * len(pool) * _IN_FLIGHT_PER_WORKER + _LOCAL_AHEAD
        self.done = 0
        #: Whether the output is known to stop at a chunk already read (a refusal, or
        #: the input failing): then no more input is read.
        self.stopping = False
        self.exhausted = False
        self.chunks: Iterator[_Chunk] = iter(())

    def run(self, chunks: Iterator[_Chunk]) -> Iterator[Report]:
        self.chunks = chunks
        while True:
            self.receive_waiting()
            yield from self.deliver()
            self.read_ahead()
            self.feed_workers()
            if not self.slots:
                return  # nothing left to read: the input ended, or the output stops here
            waiting = self.oldest_waiting()
            if waiting is not None:
                self.consult_here(waiting)
            else:  # every chunk held is with a worker: wait for the oldest
                oldest = self.slots[0]
                assert oldest.worker is not None
                while not oldest.arrived:
                    oldest.worker.receive()

    def receive_waiting(self) -> None:
        """Take every message the workers have already sent, without waiting."""
        for worker in self.pool:
            while worker.connection.poll():
                worker.receive()

    def read_ahead(self) -> None:
        """Read this process's next chunks: one while no worker has started yet, and
        ``_LOCAL_AHEAD`` once one has, so that the chunks read for the workers after them
        come later in the output than this process's."""
        wanted = _LOCAL_AHEAD if any(worker.ready for worker in self.pool) else 1
        while sum(1 for slot in self.slots if slot.cases is not None) < wanted:
            if self.read_one() is None:
                return

    def feed_workers(self) -> None:
        """Read a chunk for each started worker with room, least busy first, and send it.

        Each chunk a worker gets is the newest read, so it sends its outcomes in output
        order: the order they must be read in (``_wire``).
        """
        while True:
            room = [w for w in self.pool if w.ready and len(w.holding) < _IN_FLIGHT_PER_WORKER]
            if not room:
                return
            slot = self.read_one()
            if slot is None:
                return
            self.send(min(room, key=lambda worker: len(worker.holding)), slot)

    def read_one(self) -> _Slot | None:
        """The input's next chunk, placed at the end of the window; ``None`` if the window
        is full, the input has ended, or the output is known to stop at a chunk already
        read."""
        if self.exhausted or self.stopping or len(self.slots) >= self.held_limit:
            return None
        chunk = next(self.chunks, None)
        if chunk is None:
            self.exhausted = True
            return None
        start, cases, stop = chunk
        slot = _Slot(stop, start, cases)
        self.slots.append(slot)
        self.stopping = stop is not None
        return slot

    def oldest_waiting(self) -> _Slot | None:
        """The oldest chunk nobody consults yet: this process's next."""
        return next((slot for slot in self.slots if slot.cases is not None), None)

    def send(self, worker: _Worker, slot: _Slot) -> None:
        assert slot.cases is not None
        try:
            worker.connection.send((slot.start, slot.cases))
        except OSError as error:
            raise worker.gone() from error
        slot.cases = None
        slot.worker = worker
        worker.holding.append(slot)

    def consult_here(self, slot: _Slot) -> None:
        """Consult a chunk in this process, in pieces, keeping the workers fed between
        them."""
        cases, slot.cases = slot.cases, None
        assert cases is not None
        reports: list[Report] = []
        for offset in range(0, len(cases), _PIECE):
            piece = cases[offset : offset + _PIECE]
            done, refused = _consult_chunk(self.local, slot.start + offset, piece)
            reports += done
            if refused is not None:
                slot.outcome = (reports, refused)
                self.stop_at(slot)
                return
            self.receive_waiting()
            self.feed_workers()
        slot.outcome = (reports, None)

    def stop_at(self, refused: _Slot) -> None:
        """The output stops at *refused*: read no more, and drop the chunks nobody
        consults yet. *refused* was the oldest of those, so they all come after it (those
        with a worker are still read, see ``WorkerPool``)."""
        self.stopping = True
        for slot in [slot for slot in self.slots if slot.cases is not None]:
            self.slots.remove(slot)

    def deliver(self) -> Iterator[Report]:
        """Yield the reports of the oldest chunks that are here, in input order."""
        slots = self.slots
        while slots and slots[0].arrived:
            slot = slots.popleft()
            reports, refused = slot.take()
            yield from _deliver(reports, refused or slot.stop_after, self.done, self.progress)
            self.done += len(reports)


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
