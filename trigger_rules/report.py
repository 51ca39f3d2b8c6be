"""The report a consultation returns: frozen, ordered, and convertible to plain data."""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
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
    "Note",
    "Recommendation",
    "Report",
    "SourceRef",
    "Suspect",
]


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
    ``emergency``, self-treatment, stretching and strengthening advice is withheld and
    ``withheld`` says which kinds and why.
    """

    triage: TriageLevel
    red_flags: tuple[Finding, ...]
    referrals: tuple[Finding, ...]
    suspects: tuple[Suspect, ...]
    recommendations: tuple[Recommendation, ...]
    cautions: tuple[Caution, ...]
    notes: tuple[Note, ...]
    withheld: tuple[str, ...]
    withheld_reason: str
    #: Questions this case left unanswered whose answer could raise a red flag or an
    #: urgent referral (same day or emergency).
    unscreened: tuple[str, ...]
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
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, tuple):
        return list(value)
    return value
