"""What happens between the two phases of a consultation, shared by every engine.

After phase 1 (red flags, referrals, evidence) the triage so far is known and evidence is
ranked into suspects. From these, :class:`BetweenPhases` decides which self-care is held
back: everything over every area when triage is ``same_day`` or higher, and below that
exactly the scopes (``holds_back``) of each raised red flag and referral (see
:class:`BetweenPhases`). Phase 2 then
only lets a self-care advice rule fire when the gate is open for its kind over the area it
applies to. Writing this once keeps the engines from disagreeing about safety.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

import attrs

from .conclusions import EvidenceConclusion, RaisedConclusion
from .knowledge_base import AREAS, SELF_CARE_KINDS, Knowledge, SelfCareScope
from .ranking import SUSPECT_THRESHOLD, combine
from .triage import TriageLevel

__all__ = ["BetweenPhases", "Gate", "Held", "Ranked", "SuspectCount", "held_by", "rank"]

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
    #: The suspected muscles and their areas, for quick look-ups.
    muscles: frozenset[str] = attrs.field(init=False, eq=False, repr=False)
    areas: frozenset[str] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "muscles", frozenset(s.muscle for s in self.suspects))
        object.__setattr__(self, "areas", frozenset(s.area for s in self.suspects))

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


_ALL_OPEN: Final = frozenset((k, a) for k in KIND_ORDER for a in AREAS)


class BetweenPhases:
    """The shared step between the phases, prepared once per rule book.

    *thresholds* are the ``min_certainty`` values that ``ManySuspects`` conditions use;
    *red_flag_items* the item ids that are red flags (the others raised are referrals).
    """

    def __init__(
        self, knowledge: Knowledge, thresholds: Iterable[float], red_flag_items: Iterable[str]
    ) -> None:
        self.knowledge = knowledge
        self._thresholds = tuple(sorted(set(thresholds)))
        self._areas = {m: muscle.area for m, muscle in knowledge.muscles.items()}
        self._flags = frozenset(red_flag_items)
        self._held: dict[str, tuple[Held, ...]] = {}

    def _held_by(self, item_id: str) -> tuple[Held, ...]:
        held = self._held.get(item_id)
        if held is None:
            category = "red_flag" if item_id in self._flags else "referral"
            held = held_by(self.knowledge.item(item_id).holds_back, item_id, category)
            self._held[item_id] = held
        return held

    def __call__(
        self, raised: Sequence[RaisedConclusion], evidence: Iterable[EvidenceConclusion]
    ) -> Gate:
        """Triage, ranking and the self-care gate from what phase 1 concluded (*raised*:
        its red flags and referrals)."""
        triage = max((r.urgency for r in raised), default=TriageLevel.SELF_CARE)
        suspects = rank(evidence, self._areas)
        counts = []
        for minimum in self._thresholds:
            counted = [s for s in suspects if s.certainty >= minimum]
            if counted:
                facts = tuple(sorted({c for s in counted for c in s.facts}))
                counts.append(SuspectCount(minimum, len(counted), facts))
        held: list[Held] = []
        if triage.withholds_self_care:
            held.append(Held(KIND_ORDER, AREAS, "triage", "triage"))
        flags = self._flags
        for item_id in sorted({r.item for r in raised}, key=lambda i: (i not in flags, i)):
            held.extend(self._held_by(item_id))
        if held:
            closed = {(k, a) for h in held for k in h.kinds for a in h.areas}
            open_ = frozenset(pair for pair in _ALL_OPEN if pair not in closed)
        else:
            open_ = _ALL_OPEN
        return Gate(
            triage=triage, suspects=suspects, counts=tuple(counts), held=tuple(held), open=open_
        )
