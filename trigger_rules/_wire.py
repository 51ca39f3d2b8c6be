"""Reports on the way from a ``consult_many`` worker to the caller, sent cheaply.

A batch's reports hold the same knowledge-derived parts again and again: the same
findings, evidence lines, recommendations, cautions, notes, withheld entries and source
references (the assembler shares equal parts, see ``assemble._Shared``). Plain pickle sends
each part once per message and the caller rebuilds it once per message, which made
pickling and unpickling cost about a third of a compiled consultation per report.

Here a worker's :class:`PartSender` sends each part once per connection: the first
message that holds it carries it in full, with a number; later messages carry only the
number, which the caller's :class:`PartReceiver` turns back into the part it already has.
Both sides forget every part at once when the sender has numbered *limit* of them, so
memory stays bounded on both ends of a connection that lives for millions of reports.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Callable
from typing import Any, Final, NoReturn

from .report import Caution, EvidenceLine, Finding, Note, Recommendation, SourceRef, Withheld

__all__ = ["PartReceiver", "PartSender"]

#: Parts sent once per connection: immutable, made from the knowledge, shared between
#: reports. A part's first copy is pickled plainly, whatever it holds.
_NUMBERED: Final = frozenset(
    (Caution, EvidenceLine, Finding, Note, Recommendation, SourceRef, Withheld)
)
#: Parts numbered before both sides forget them all: about a megabyte on each side.
DEFAULT_LIMIT: Final = 16_384


def _part(number: int) -> NoReturn:
    """Stands in a message for an already-sent part; only a :class:`PartReceiver` can
    resolve it, since the part lives in the receiver's table."""
    raise RuntimeError(
        f"part {number} of a consult_many message can only be read by a PartReceiver"
    )


class PartSender:
    """Pickles messages for one connection, sending each shared part in full only once."""

    __slots__ = ("_limit", "_numbers")

    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        #: id(part) -> (number, part); the part is kept so that its id is not reused.
        self._numbers: dict[int, tuple[int, object]] = {}
        self._limit = limit

    def dumps(self, message: object) -> bytes:
        """The message as bytes for :meth:`PartReceiver.loads` on the other end."""
        forget = len(self._numbers) >= self._limit
        if forget:
            self._numbers.clear()
        first = len(self._numbers)
        fresh: list[object] = []
        body = io.BytesIO()
        _NumberingPickler(body, self._numbers, fresh).dump(message)
        header = (forget, first, fresh, body.getvalue())
        return pickle.dumps(header, protocol=pickle.HIGHEST_PROTOCOL)


class _NumberingPickler(pickle.Pickler):
    def __init__(
        self, file: io.BytesIO, numbers: dict[int, tuple[int, object]], fresh: list[object]
    ) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._numbers = numbers
        self._fresh = fresh

    # Called only for objects of classes pickle has no fast path for, so the tuples and
    # strings that make up most of a report cost nothing extra.
    def reducer_override(self, obj: object) -> Any:
        if type(obj) not in _NUMBERED:
            return NotImplemented
        entry = self._numbers.get(id(obj))
        if entry is None:
            entry = self._numbers[id(obj)] = (len(self._numbers), obj)
            self._fresh.append(obj)
        return _part, (entry[0],)


class PartReceiver:
    """Unpickles what one :class:`PartSender` sent, in the order it was sent."""

    __slots__ = ("_parts",)

    def __init__(self) -> None:
        self._parts: list[object] = []

    def loads(self, data: bytes | memoryview) -> Any:
        forget, first, fresh, body = pickle.loads(data)  # only ever from our own worker
        if forget:
            self._parts.clear()
        if first != len(self._parts):
            # Numbers would resolve to the wrong parts: a message was skipped or reordered.
            raise RuntimeError(
                f"consult_many message read out of order: its new parts start at number "
                f"{first}, but {len(self._parts)} parts were received before it"
            )
        self._parts.extend(fresh)
        return _Unpickler(io.BytesIO(body), self._parts.__getitem__).load()


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, part: Callable[[int], object]) -> None:
        super().__init__(file)
        self._part = part

    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name == _part.__name__:
            return self._part
        return super().find_class(module, name)
