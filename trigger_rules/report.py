"""The report a consultation returns: frozen, ordered, and convertible to plain data."""

from __future__ import annotations

import enum
import json
from collections.abc import Iterator, Mapping
from typing import Any, cast

import attrs

from .shapes import ReportDict
from .triage import TriageLevel
from .versioning import SCHEMA_VERSION, library_version
from .vocabulary import AdviceKind

__all__ = [
    "Caution",
    "EvidenceLine",
    "Finding",
    "FrozenMapping",
    "Note",
    "Recommendation",
    "Report",
    "SourceRef",
    "Suspect",
    "Withheld",
]


class FrozenMapping(Mapping[str, Any]):
    """A mapping that cannot be changed after it is made, and can be hashed.

    Reports hold the case they answer as one of these (with tuples and frozen mappings
    inside), so a report can be cached and handed to several callers safely.
    """

    __slots__ = ("_data", "_hash")
    _data: dict[str, Any]
    _hash: int | None

    def __init__(self, data: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_data", dict(data))
        object.__setattr__(self, "_hash", None)

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            value = hash(tuple(self._data.items()))
            object.__setattr__(self, "_hash", value)
            return value
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self._data) == dict(other)
        return NotImplemented

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a FrozenMapping cannot be changed")

    def __reduce__(self) -> tuple[type[FrozenMapping], tuple[dict[str, Any]]]:
        # Rebuilt through __init__, so reports can cross process boundaries (pickle).
        return (FrozenMapping, (self._data,))

    def __repr__(self) -> str:
        return f"FrozenMapping({self._data!r})"


@attrs.frozen
class Finding:
    """A red flag or a referral: who should see the person, and how soon."""

    id: str
    title: str
    text: str
    urgency: TriageLevel
    rules: tuple[str, ...]
    facts: tuple[str, ...]
    sources: tuple[str, ...]
    judgement: str = ""


@attrs.frozen
class EvidenceLine:
    """One rule's evidence about one muscle."""

    rule: str
    sign: str
    text: str
    weight: float
    facts: tuple[str, ...]
    sources: tuple[str, ...]


@attrs.frozen
class Suspect:
    """A muscle whose trigger points may be contributing, with the reasons."""

    muscle: str
    name: str
    rank: int
    certainty: float
    statement: str
    evidence: tuple[EvidenceLine, ...]
    evidence_against: tuple[EvidenceLine, ...]
    #: Signs of this muscle's pattern that the person denied, or was not asked about.
    expected_absent: tuple[str, ...]
    expected_unknown: tuple[str, ...]
    rules: tuple[str, ...]
    facts: tuple[str, ...]
    sources: tuple[str, ...]


@attrs.frozen
class Recommendation:
    """Advice of one kind: self_treatment, stretch, strengthen or prevention."""

    id: str
    kind: AdviceKind = attrs.field(converter=AdviceKind)
    title: str
    text: str
    muscles: tuple[str, ...]
    rules: tuple[str, ...]
    facts: tuple[str, ...]
    sources: tuple[str, ...]
    judgement: str = ""


@attrs.frozen
class _Worded:
    """A worded knowledge item in a report, with what produced it."""

    id: str
    title: str
    text: str
    rules: tuple[str, ...]
    facts: tuple[str, ...]
    sources: tuple[str, ...]
    judgement: str = ""


@attrs.frozen
class Caution(_Worded):
    """A warning that goes with advice, or with something felt during self-treatment."""


@attrs.frozen
class Note(_Worded):
    """Background that helps read the pain: no advice, no urgency."""


@attrs.frozen
class Withheld:
    """Self-care held back by one cause: which *kinds* of advice, over which body *areas*,
    *because* of what (a red flag, referral or caution id, or ``"triage"``), and why in
    words (*reason*)."""

    kinds: tuple[str, ...]
    areas: tuple[str, ...]
    because: str
    reason: str


@attrs.frozen
class SourceRef:
    id: str
    title: str
    publisher: str
    address: str


NOTICE = (
    "Decision support for self-care, not a diagnosis. It says which muscles' trigger points "
    "may be contributing and when to see a professional; it cannot rule out other causes."
)


@attrs.frozen
class Report:
    """What the library concludes for one case.

    Red flags and referrals come first; ``triage`` is the highest urgency any of them
    raised (``self_care`` when there are none). When triage is ``same_day`` or
    ``emergency``, self-treatment, stretching and strengthening advice is withheld over
    every area; below that, each raised red flag, referral or caution holds back the
    self-care it names over the areas it names. ``withheld`` has one entry per cause.

    ``provisional`` is true while some unanswered question (listed in ``unscreened``, most
    urgent first) could still raise triage to ``same_day`` or ``emergency``.

    A report is deeply immutable (``case`` is a :class:`FrozenMapping`), so it can be
    cached and shared.
    """

    triage: TriageLevel
    red_flags: tuple[Finding, ...]
    referrals: tuple[Finding, ...]
    suspects: tuple[Suspect, ...]
    recommendations: tuple[Recommendation, ...]
    cautions: tuple[Caution, ...]
    notes: tuple[Note, ...]
    withheld: tuple[Withheld, ...]
    withheld_reason: str
    #: Questions this case left unanswered whose answer could raise a red flag or an
    #: urgent referral (same day or emergency), ordered by the highest urgency each could
    #: raise, then by code.
    unscreened: tuple[str, ...]
    #: Whether an unanswered question could still raise triage to same_day or emergency.
    provisional: bool
    sources: tuple[SourceRef, ...]
    case: Mapping[str, Any]
    notice: str = NOTICE
    #: Version of the JSON shape (``trigger-rules schema report``); see the README's
    #: "Report contract" for what a minor and a major change may do.
    schema_version: str = SCHEMA_VERSION
    library_version: str = attrs.field(factory=library_version)
    #: Digest of the knowledge and rules behind this report (see
    #: :func:`trigger_rules.versioning.knowledge_version`); empty if the caller gave none.
    knowledge_version: str = ""

    @property
    def screening_complete(self) -> bool:
        return not self.unscreened

    @property
    def withheld_kinds(self) -> tuple[str, ...]:
        """Every kind of self-care held back over some area, in report order."""
        kinds = {kind for entry in self.withheld for kind in entry.kinds}
        return tuple(k for k in ("self_treatment", "stretch", "strengthen") if k in kinds)

    def recommendations_of(self, kind: str) -> tuple[Recommendation, ...]:
        return tuple(r for r in self.recommendations if r.kind == kind)

    def to_dict(self) -> ReportDict:
        """Plain data (str, int, float, bool, list, dict) in a fixed order, in the shape
        of ``trigger-rules schema report``."""
        data = attrs.asdict(self, recurse=True, value_serializer=_plain)
        data["screening_complete"] = self.screening_complete
        return cast(ReportDict, data)

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


def _plain(_: object, __: object, value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, FrozenMapping):
        return {k: _plain(None, None, v) for k, v in value.items()}
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, tuple):
        return list(value)
    return value
