"""What happens between the two phases of a consultation, shared by every engine.

After phase 1 (red flags, referrals, evidence) the triage so far is known and evidence is
ranked into suspects. From these, :func:`between_phases` decides which self-care is held
back: everything over every area when triage is ``same_day`` or higher, and below that
exactly the scopes (``holds_back``) of each raised red flag and referral. Phase 2 then
only lets a self-care advice rule fire when the gate is open for its kind over the area it
applies to. Writing this once keeps the engines from disagreeing about safety.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

import attrs

from .conclusions import EvidenceConclusion, RaisedConclusion
from .knowledge_base import AREAS, SELF_CARE_KINDS, Knowledge, SelfCareScope
from .ranking import SUSPECT_THRESHOLD, combine
from .triage import TriageLevel

__all__ = ["Gate", "Held", "Ranked", "SuspectCount", "between_phases", "rank"]

#: Self-care kinds in the order reports list them.
KIND_ORDER = SELF_CARE_KINDS


@attrs.frozen
class Ranked:
    """A suspect as rules see it: its muscle, the muscle's area, and the supporting facts."""

    muscle: str
    area: str
    certainty: float
    facts: tuple[str, ...]


@attrs.frozen
class SuspectCount:
    """How many suspects reached *min_certainty*, and the facts behind them."""

    min_certainty: float
    count: int
    facts: tuple[str, ...]


@attrs.frozen
class Held:
    """Self-care held back: *kinds* over *areas*, because of *because* (an item id, or
    ``"triage"``) of *category* (``triage``, ``red_flag``, ``referral`` or ``caution``)."""

    kinds: tuple[str, ...]
    areas: tuple[str, ...]
    because: str
    category: str

    def covers(self, kind: str, areas: Iterable[str]) -> bool:
        return kind in self.kinds and any(area in self.areas for area in areas)


@attrs.frozen
class Gate:
    """The decisions between the phases."""

    #: The highest urgency raised in phase 1.
    triage: TriageLevel
    suspects: tuple[Ranked, ...]
    counts: tuple[SuspectCount, ...]
    held: tuple[Held, ...]
    #: (kind, area) pairs that phase 2 may advise self-care for.
    open: frozenset[tuple[str, str]]

    def allows(self, kind: str, areas: Iterable[str]) -> bool:
        return all((kind, area) in self.open for area in areas)


def rank(evidence: Iterable[EvidenceConclusion], areas: Mapping[str, str]) -> tuple[Ranked, ...]:
    """Muscles whose combined evidence reaches the suspect threshold, best first."""
    by_muscle: dict[str, list[EvidenceConclusion]] = defaultdict(list)
    for line in evidence:
        by_muscle[line.muscle].append(line)
    scored = []
    for muscle, lines in by_muscle.items():
        certainty = round(combine(line.weight for line in lines), 3)
        if certainty >= SUSPECT_THRESHOLD:
            support = sorted({c for line in lines if line.weight > 0 for c in line.facts})
            scored.append(Ranked(muscle, areas[muscle], certainty, tuple(support)))
    scored.sort(key=lambda r: (-r.certainty, r.muscle))
    return tuple(scored)


def held_by(scopes: Sequence[SelfCareScope], because: str, category: str) -> tuple[Held, ...]:
    return tuple(
        Held(
            kinds=tuple(k for k in KIND_ORDER if k in scope.kinds),
            areas=tuple(a for a in AREAS if a in scope.areas),
            because=because,
            category=category,
        )
        for scope in scopes
    )


def between_phases(
    knowledge: Knowledge,
    thresholds: Iterable[float],
    raised: Sequence[RaisedConclusion],
    evidence: Iterable[EvidenceConclusion],
    red_flag_items: Iterable[str],
) -> Gate:
    """Triage, ranking and the self-care gate from what phase 1 concluded.

    *thresholds* are the ``min_certainty`` values that ``ManySuspects`` conditions use;
    *raised* are the red flags and referrals of phase 1, *red_flag_items* the ids among
    them that are red flags.
    """
    triage = max((r.urgency for r in raised), default=TriageLevel.SELF_CARE)
    areas = {m: muscle.area for m, muscle in knowledge.muscles.items()}
    suspects = rank(evidence, areas)
    counts = []
    for minimum in sorted(set(thresholds)):
        counted = [s for s in suspects if s.certainty >= minimum]
        if counted:
            facts = tuple(sorted({c for s in counted for c in s.facts}))
            counts.append(SuspectCount(minimum, len(counted), facts))
    held: list[Held] = []
    if triage.withholds_self_care:
        held.append(Held(KIND_ORDER, AREAS, "triage", "triage"))
    flags = set(red_flag_items)
    items = sorted({r.item for r in raised}, key=lambda i: (i not in flags, i))
    for item_id in items:
        category = "red_flag" if item_id in flags else "referral"
        held.extend(held_by(knowledge.item(item_id).holds_back, item_id, category))
    closed = {(k, a) for h in held for k in h.kinds for a in h.areas}
    open_ = frozenset((k, a) for k in KIND_ORDER for a in AREAS if (k, a) not in closed)
    return Gate(
        triage=triage, suspects=suspects, counts=tuple(counts), held=tuple(held), open=open_
    )
