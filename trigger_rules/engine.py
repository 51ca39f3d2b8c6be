"""Consulting the rules: from a :class:`Case` to a :class:`Report`.

A consultation runs the experta engine in two phases on one fact base:

1. the case is declared; red-flag, referral, evidence, finding and habit rules fire;
2. triage is the highest urgency raised; evidence is ranked into suspects, which are
   declared together with ``SelfCareAllowed`` only if triage lets self-care through; then
   advice rules fire from the suspects and caution rules from the advice.

The gate sits between the phases, so no firing order can let self-care advice through
under an emergency. Output order never depends on firing order: everything is sorted.
"""

from __future__ import annotations

import functools
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, Final, TypeVar

from .case import Case, Value
from .extension import extended_rulebook
from .interview import Question, next_questions
from .knowledge_base import ADVICE_KINDS, Knowledge, load_knowledge
from .ranking import SUSPECT_THRESHOLD, combine
from .report import (
    Caution,
    EvidenceLine,
    Finding,
    Note,
    Recommendation,
    Report,
    SourceRef,
    Suspect,
)
from .rulebook import (
    SELF_CARE_KINDS,
    AdviceFact,
    CaseFacts,
    CautionFact,
    Evidence,
    EvidenceFact,
    NoteFact,
    Present,
    RaiseRedFlag,
    RedFlagFact,
    Refer,
    ReferralFact,
    Rulebook,
    RuleSpec,
    SelfCareAllowed,
    Status,
    SuspectCountFact,
    SuspectFact,
    TriggerRulesEngine,
)
from .rules import all_rules
from .triage import SELF_CARE_WITHHELD_FROM, TriageLevel
from .versioning import knowledge_version

__all__ = ["Consultant", "consult", "default_consultant"]

_Explained = TypeVar("_Explained", Caution, Note)
_KIND_ORDER: Final = {kind: i for i, kind in enumerate(ADVICE_KINDS)}


class Consultant:
    """A reusable, thread-safe consultation service over one knowledge base.

    Building one loads and checks the knowledge base and compiles the rules (tens of
    milliseconds); each :meth:`consult` then reuses the same engine. Concurrent calls on
    one instance are serialised by a lock; for parallel work use one instance per thread,
    as :func:`consult` does.
    """

    def __init__(
        self,
        knowledge: Knowledge | None = None,
        rules: Sequence[RuleSpec] | None = None,
        *,
        rulebook: Rulebook | None = None,
    ) -> None:
        if rulebook is None:
            rulebook = Rulebook(
                specs=tuple(all_rules() if rules is None else rules),
                knowledge=load_knowledge() if knowledge is None else knowledge,
            )
        self.rulebook = rulebook
        self.knowledge = rulebook.knowledge
        self._engine: TriggerRulesEngine = rulebook.new_engine()
        self._lock = threading.Lock()
        specs = rulebook.specs
        # Questions worth asking: those of every red flag, and of every referral urgent
        # enough to hold back self-care (chest pain, right lower belly pain, a swollen leg).
        self._screening_specs = tuple(
            s
            for s in specs
            if isinstance(s.then, RaiseRedFlag)
            or (
                isinstance(s.then, Refer)
                and s.then.urgency >= SELF_CARE_WITHHELD_FROM
                and not s.derived_conditions
            )
        )
        self._pattern_codes = _pattern_codes(specs)

    @classmethod
    def extended(
        cls,
        *,
        rules: Sequence[RuleSpec] | ModuleType = (),
        knowledge: str | Path | None = None,
        namespace: str | None = None,
    ) -> Consultant:
        """A consultant over the packaged rules and knowledge plus an app's own; see
        :mod:`trigger_rules.extension`."""
        return cls(rulebook=extended_rulebook(rules, knowledge, namespace=namespace))

    @property
    def last_firing_order(self) -> tuple[str, ...]:
        """Rule ids in the order they fired in the latest consultation (for tracing)."""
        return tuple(self._engine.fired)

    def consult(self, case: Case | Mapping[str, bool | Value | None]) -> Report:
        """Run every rule on *case* and return the report."""
        if not isinstance(case, Case):
            case = Case.from_answers(case)
        case = case.validated(self.knowledge.facts)
        with self._lock:
            engine = self._engine
            engine.reset()
            engine.fired = []
            answers: dict[str, Any] = dict.fromkeys(case.present, True)
            answers.update(dict.fromkeys(case.absent, False))
            answers.update(dict(case.values))
            engine.declare(CaseFacts(**answers))
            engine.run()

            red_flags = self._findings(_facts_of(engine, RedFlagFact))
            referrals_early = _facts_of(engine, ReferralFact)
            triage = max(
                (f.urgency for f in red_flags + self._findings(referrals_early)),
                default=TriageLevel.SELF_CARE,
            )
            suspects = self._rank(case, _facts_of(engine, EvidenceFact))
            for suspect in suspects:
                engine.declare(
                    SuspectFact(
                        muscle=suspect.muscle,
                        area=self.knowledge.muscles[suspect.muscle].area,
                        facts=suspect.facts,
                    )
                )
            if suspects:
                every = sorted({code for s in suspects for code in s.facts})
                engine.declare(SuspectCountFact(count=len(suspects), facts=tuple(every)))
            if not triage.withholds_self_care:
                engine.declare(SelfCareAllowed())
            engine.run()

            referrals = self._findings(_facts_of(engine, ReferralFact))
            advice = _facts_of(engine, AdviceFact)
            cautions = _facts_of(engine, CautionFact)
            notes = _facts_of(engine, NoteFact)

        triage = max([triage, *(r.urgency for r in referrals)])
        recommendations = self._recommendations(advice, suspects)
        caution_items = self._explained(cautions, Caution)
        note_items = self._explained(notes, Note)
        cited = {
            source
            for group in (
                red_flags,
                referrals,
                suspects,
                recommendations,
                caution_items,
                note_items,
            )
            for entry in group
            for source in entry.sources
        }
        return Report(
            triage=triage,
            red_flags=red_flags,
            referrals=referrals,
            suspects=suspects,
            recommendations=recommendations,
            cautions=caution_items,
            notes=note_items,
            withheld=_WITHHELD if triage.withholds_self_care else (),
            withheld_reason=_withheld_reason(triage),
            unscreened=self._unscreened(case),
            sources=tuple(self._source_ref(s) for s in sorted(cited)),
            case={
                "present": sorted(case.present),
                "absent": sorted(case.absent),
                "values": dict(case.values),
            },
            knowledge_version=knowledge_version(self.rulebook),
        )

    def next_questions(
        self,
        case: Case | Mapping[str, bool | Value | None] | None = None,
        *,
        dont_know: Iterable[str] = (),
        limit: int | None = 10,
        expanded: Iterable[str] = (),
    ) -> tuple[Question, ...]:
        """The questions worth asking next; see :func:`trigger_rules.next_questions`."""
        return next_questions(
            case, dont_know=dont_know, limit=limit, expanded=expanded, consultant=self
        )

    # --- assembling the report -------------------------------------------------------------

    def _findings(self, facts: Iterable[Any]) -> tuple[Finding, ...]:
        merged = _merge(facts)
        findings = []
        for item_id, group in merged.items():
            item = self.knowledge.item(item_id)
            findings.append(
                Finding(
                    id=item_id,
                    title=item.title,
                    text=item.text,
                    urgency=max(TriageLevel(f["urgency"]) for f in group),
                    rules=_union(f["rule"] for f in group),
                    facts=_union(c for f in group for c in f["facts"]),
                    sources=item.sources,
                    judgement=item.judgement,
                )
            )
        return tuple(sorted(findings, key=lambda f: (-f.urgency.rank, f.id)))

    def _rank(self, case: Case, facts: Iterable[Any]) -> tuple[Suspect, ...]:
        by_muscle: dict[str, list[Any]] = defaultdict(list)
        for fact in facts:
            by_muscle[fact["muscle"]].append(fact)
        scored = []
        for muscle_id, group in by_muscle.items():
            certainty = round(combine(f["weight"] for f in group), 3)
            if certainty >= SUSPECT_THRESHOLD:
                scored.append((certainty, muscle_id, group))
        scored.sort(key=lambda entry: (-entry[0], entry[1]))
        suspects = []
        for rank, (certainty, muscle_id, group) in enumerate(scored, start=1):
            muscle = self.knowledge.muscles[muscle_id]
            lines = sorted((self._evidence_line(f) for f in group), key=lambda e: e.rule)
            expected = self._pattern_codes.get(muscle_id, frozenset())
            support = [line for line in lines if line.weight > 0]
            suspects.append(
                Suspect(
                    muscle=muscle_id,
                    name=muscle.name,
                    rank=rank,
                    certainty=certainty,
                    statement=f"Trigger points in the {muscle.name.lower()} may be "
                    "contributing to this pain.",
                    evidence=tuple(support),
                    evidence_against=tuple(line for line in lines if line.weight < 0),
                    expected_absent=tuple(sorted(expected & case.absent)),
                    expected_unknown=tuple(sorted(expected - case.present - case.absent)),
                    rules=tuple(line.rule for line in lines),
                    facts=_union(c for line in support for c in line.facts),
                    sources=_union(
                        [*muscle.sources, *(s for line in lines for s in line.sources)]
                    ),
                )
            )
        return tuple(suspects)

    def _evidence_line(self, fact: Any) -> EvidenceLine:
        sign = self.knowledge.item(fact["sign"])
        return EvidenceLine(
            rule=fact["rule"],
            sign=sign.id,
            text=sign.text,
            weight=fact["weight"],
            facts=tuple(fact["facts"]),
            sources=sign.sources,
        )

    def _recommendations(
        self, facts: Iterable[Any], suspects: Sequence[Suspect]
    ) -> tuple[Recommendation, ...]:
        rank_of = {s.muscle: s.rank for s in suspects}
        recommendations = []
        for item_id, group in _merge(facts).items():
            item = self.knowledge.item(item_id)
            muscles = tuple(
                sorted({f["muscle"] for f in group if f["muscle"]}, key=rank_of.__getitem__)
            )
            recommendations.append(
                Recommendation(
                    id=item_id,
                    kind=item.kind or "",
                    title=item.title,
                    text=item.text,
                    muscles=muscles,
                    rules=_union(f["rule"] for f in group),
                    facts=_union(c for f in group for c in f["facts"]),
                    sources=item.sources,
                    judgement=item.judgement,
                )
            )

        def order(r: Recommendation) -> tuple[int, int, str]:
            first = rank_of[r.muscles[0]] if r.muscles else len(rank_of) + 1
            return (_KIND_ORDER[r.kind], first, r.id)

        return tuple(sorted(recommendations, key=order))

    def _explained(self, facts: Iterable[Any], shape: type[_Explained]) -> tuple[_Explained, ...]:
        """Cautions or notes, one per item id, in id order."""
        explained = []
        for item_id, group in sorted(_merge(facts).items()):
            item = self.knowledge.item(item_id)
            explained.append(
                shape(
                    id=item_id,
                    title=item.title,
                    text=item.text,
                    rules=_union(f["rule"] for f in group),
                    facts=_union(c for f in group for c in f["facts"]),
                    sources=item.sources,
                    judgement=item.judgement,
                )
            )
        return tuple(explained)

    def _unscreened(self, case: Case) -> tuple[str, ...]:
        """Unknown codes of screening rules that the case neither met nor ruled out."""
        unknown: set[str] = set()
        for spec in self._screening_specs:
            if spec.case_status(case) is Status.UNKNOWN:
                unknown.update(
                    c.code for c in spec.case_conditions if c.status(case) is Status.UNKNOWN
                )
        return tuple(sorted(unknown))

    def _source_ref(self, source_id: str) -> SourceRef:
        source = self.knowledge.sources[source_id]
        return SourceRef(
            id=source.id, title=source.title, publisher=source.publisher, address=source.address
        )


_WITHHELD: Final = tuple(sorted(SELF_CARE_KINDS, key=_KIND_ORDER.__getitem__))


def _withheld_reason(triage: TriageLevel) -> str:
    if not triage.withholds_self_care:
        return ""
    return (
        f"Self-treatment, stretching and strengthening advice is held back because triage is "
        f"{triage.value!r}: the person should be seen by a professional first."
    )


def _facts_of(engine: TriggerRulesEngine, kind: type) -> list[Any]:
    return [fact for fact in engine.facts.values() if isinstance(fact, kind)]


def _merge(facts: Iterable[Any]) -> dict[str, list[Any]]:
    merged: dict[str, list[Any]] = defaultdict(list)
    for fact in facts:
        merged[fact["item"]].append(fact)
    return merged


def _union(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(values)))


def _pattern_codes(specs: Iterable[RuleSpec]) -> dict[str, frozenset[str]]:
    """For each muscle, the yes/no codes whose presence would count in its favour."""
    codes: dict[str, set[str]] = defaultdict(set)
    for spec in specs:
        if isinstance(spec.then, Evidence) and spec.then.weight > 0:
            codes[spec.then.muscle].update(
                c.code for c in spec.case_conditions if isinstance(c, Present)
            )
    return {muscle: frozenset(found) for muscle, found in codes.items()}


_LOCAL = threading.local()
_SHARED_LOCK = threading.Lock()


@functools.cache
def _packaged_rulebook() -> Rulebook:
    return Rulebook(specs=all_rules(), knowledge=load_knowledge())


def default_consultant() -> Consultant:
    """This thread's consultant over the packaged knowledge base.

    The knowledge base is loaded and the rules compiled once per process; each thread gets
    its own engine so that threads never share a fact base.
    """
    consultant: Consultant | None = getattr(_LOCAL, "consultant", None)
    if consultant is None:
        with _SHARED_LOCK:  # build the shared rulebook once, even when threads race
            rulebook = _packaged_rulebook()
        consultant = Consultant(rulebook=rulebook)
        _LOCAL.consultant = consultant
    return consultant


def consult(
    case: Case | Mapping[str, bool | Value | None] | None = None,
    /,
    *,
    present: Iterable[str] = (),
    absent: Iterable[str] = (),
    **values: Value,
) -> Report:
    """Consult the packaged knowledge base.

    Give either a :class:`Case` (or a mapping of answers, see :meth:`Case.from_answers`),
    or the facts as keywords::

        consult(present=["cough_sneeze_pain"], absent=["fever"], age=42)
    """
    if case is not None:
        if present or absent or values:
            raise TypeError("give either a case or present/absent/values keywords, not both")
    else:
        case = Case(present=present, absent=absent, values=values)
    return default_consultant().consult(case)
