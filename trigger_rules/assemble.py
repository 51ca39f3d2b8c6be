"""From a case and its conclusions to a :class:`Report`: the one place reports are worded.

Both engines hand their :class:`~trigger_rules.conclusions.Conclusions` here, so a report
depends only on what was concluded, never on which engine concluded it or in what order.
Besides wording, this module makes the last safety pass: self-care that a referral raised
late (in phase 2) or a caution in the report holds back is removed, so no report advises
what its own cautions forbid.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any, Final, TypeVar

from .case import Case, Value
from .conclusions import (
    AdviceConclusion,
    CautionConclusion,
    Conclusions,
    EvidenceConclusion,
    NoteConclusion,
    RaisedConclusion,
)
from .gate import KIND_ORDER, Held, held_by
from .knowledge_base import ADVICE_KINDS, FactSpec, Knowledge
from .report import (
    Caution,
    EvidenceLine,
    Finding,
    FrozenMapping,
    Note,
    Recommendation,
    Report,
    SourceRef,
    Suspect,
    Withheld,
)
from .rulebook import (
    Evidence,
    NotPresent,
    Present,
    RaiseRedFlag,
    Refer,
    RuleSpec,
    ValueCondition,
)
from .triage import SELF_CARE_WITHHELD_FROM, TriageLevel

__all__ = ["Assembler", "Screening"]

_Explained = TypeVar("_Explained", Caution, Note)
_Part = TypeVar("_Part")
_KIND_ORDER: Final = {kind: i for i, kind in enumerate(ADVICE_KINDS)}
_KIND_WORDS: Final = {
    "self_treatment": "self-treatment",
    "stretch": "stretching",
    "strengthen": "strengthening",
}
_AREA_WORDS: Final = {
    "low_back": "the low back",
    "buttocks": "the buttocks",
    "abdomen": "the belly",
    "lower_leg": "the lower leg",
    "pelvis": "the pelvis",
}


class Screening:
    """Which unanswered questions could raise a red flag or an urgent referral.

    Built once per consultant from the rule specs: the questions of every red flag, and of
    every referral urgent enough to hold back self-care that depends on the case alone.
    A question that cannot apply to the person (its fact's ``applies_if`` ruled out by
    what the case says, such as a pregnancy question for a man) is not unscreened.

    Most screening rules mention none of a case's facts, and such a rule leaves all its
    questions open, so the answer for the empty case is worked out once; a consultation
    then re-examines only the rules its facts (or a question ruled out for the person)
    touch, and only the questions of those rules.
    """

    def __init__(
        self, specs: Iterable[RuleSpec], facts: Mapping[str, FactSpec] | None = None
    ) -> None:
        self._applies_if = {code: fact for code, fact in (facts or {}).items() if fact.applies_if}
        #: The valued facts (such as sex) that can rule a question out for a person.
        self._deciders = frozenset(
            code for fact in self._applies_if.values() for code in fact.applies_if
        )
        rules: list[_ScreeningRule] = []
        for spec in specs:
            then = spec.then
            if isinstance(then, RaiseRedFlag) or (
                isinstance(then, Refer)
                and then.urgency >= SELF_CARE_WITHHELD_FROM
                and not spec.derived_conditions
            ):
                conditions = spec.case_conditions
                rules.append(
                    _ScreeningRule(
                        then.urgency.rank,
                        frozenset(c.code for c in conditions if isinstance(c, Present)),
                        frozenset(c.code for c in conditions if isinstance(c, NotPresent)),
                        tuple(c for c in conditions if not isinstance(c, Present | NotPresent)),
                    )
                )
        self._rules = tuple(rules)
        touched_by: dict[str, list[int]] = defaultdict(list)
        asking: dict[str, list[int]] = defaultdict(list)
        for index, rule in enumerate(rules):
            for code in sorted(rule.mentions):
                touched_by[code].append(index)
            for code in sorted(rule.asks):
                asking[code].append(index)
        #: For each code, the rules whose status a case mentioning it can change.
        self._touched_by = {code: tuple(found) for code, found in touched_by.items()}
        #: For each question, the rules that ask it, most urgent first.
        self._asking = {
            code: tuple(sorted(found, key=lambda i: -rules[i].urgency))
            for code, found in asking.items()
        }
        #: The answer for a case that says nothing.
        self._empty = {code: rules[found[0]].urgency for code, found in self._asking.items()}

    def unscreened(self, case: Case) -> dict[str, int]:
        """Unknown codes of screening rules the case neither met nor ruled out, each with
        the rank of the highest urgency it could raise."""
        present, absent = case.present, case.absent
        values = dict(case.values)
        touched_by = self._touched_by
        touched: set[int] = set()
        for group in (present, absent, values):
            for code in group:
                rules_of_code = touched_by.get(code)
                if rules_of_code:
                    touched.update(rules_of_code)
        inapplicable: frozenset[str] = frozenset()
        if not self._deciders.isdisjoint(values):
            inapplicable = frozenset(
                code for code, fact in self._applies_if.items() if not fact.applies_to(values)
            )
            for code in inapplicable:
                touched.update(self._asking.get(code, ()))
        if not touched:
            return dict(self._empty)
        # What each touched rule still asks (None: the case met a blocker or ruled it out).
        still_asks: dict[int, frozenset[str] | None] = {}
        changed: set[str] = set()
        rules = self._rules
        for index in touched:
            rule = rules[index]
            asks = rule.still_asks(present, absent, values, inapplicable)
            still_asks[index] = asks
            changed.update(rule.asks if asks is None else rule.asks - asks)
        found = dict(self._empty)
        asking = self._asking
        for code in changed:
            for index in asking[code]:
                if index not in still_asks:
                    found[code] = rules[index].urgency
                    break
                asks = still_asks[index]
                if asks is not None and code in asks:
                    found[code] = rules[index].urgency
                    break
            else:
                del found[code]
        return found


class _ScreeningRule:
    """One screening rule's urgency and conditions."""

    __slots__ = ("asks", "blocked", "checks", "mentions", "required", "urgency")

    def __init__(
        self,
        urgency: int,
        required: frozenset[str],
        blocked: frozenset[str],
        checks: tuple[ValueCondition, ...],
    ) -> None:
        self.urgency = urgency
        self.required = required
        self.blocked = blocked
        self.checks = checks
        #: The questions it asks of a case that says nothing.
        self.asks = required | {check.code for check in checks}
        self.mentions = self.asks | blocked

    def still_asks(
        self,
        present: frozenset[str],
        absent: frozenset[str],
        values: Mapping[str, Value],
        inapplicable: frozenset[str],
    ) -> frozenset[str] | None:
        """The questions still open for a case, or None when the case ruled the rule out
        (or it needs a question that cannot apply to the person)."""
        if not self.required.isdisjoint(absent) or not self.blocked.isdisjoint(present):
            return None
        unknown = set(self.required - present)
        for check in self.checks:
            value = values.get(check.code)
            if value is None:
                unknown.add(check.code)
            elif not check.accepts(value):
                return None
        if not inapplicable.isdisjoint(unknown):
            return None
        return frozenset(unknown)


class _Shared:
    """Report parts made once and handed out again while they are equal.

    Reports are deeply immutable, so two reports can hold the same :class:`Finding` or
    :class:`EvidenceLine`. Sharing saves building equal parts again, and lets pickle send
    one copy for a whole batch of reports (``consult_many``'s workers send thousands).
    Bounded: it forgets everything once it holds *limit* parts.
    """

    __slots__ = ("_limit", "_made")

    def __init__(self, limit: int = 8192) -> None:
        self._made: dict[Hashable, Any] = {}
        self._limit = limit

    def get(self, key: Hashable, make: Callable[..., _Part], *args: Any) -> _Part:
        """The part equal to *key*, made by ``make(*args)`` if there is none yet."""
        found: _Part | None = self._made.get(key)
        if found is None:
            if len(self._made) >= self._limit:
                self._made.clear()
            found = self._made[key] = make(*args)
        return found


class Assembler:
    """Words conclusions into reports for one knowledge base and rule set.

    Not thread-safe: one per consultant, which serialises its calls.
    """

    def __init__(
        self, knowledge: Knowledge, specs: Sequence[RuleSpec], *, knowledge_version: str
    ) -> None:
        self.knowledge = knowledge
        self.knowledge_version = knowledge_version
        self.screening = Screening(specs, knowledge.facts)
        self._pattern_codes = _pattern_codes(specs)
        self._scopes: dict[str, tuple[Held, ...]] = {}
        self._shared = _Shared()
        self._sources = {
            sid: SourceRef(id=s.id, title=s.title, publisher=s.publisher, address=s.address)
            for sid, s in knowledge.sources.items()
        }

    def assemble(self, case: Case, conclusions: Conclusions) -> Report:
        gate = conclusions.gate
        red_flags = self._findings(conclusions.red_flags)
        referrals = self._findings(conclusions.referrals)
        triage = max(
            [gate.triage, *(f.urgency for f in red_flags), *(f.urgency for f in referrals)]
        )
        cautions = self._explained(conclusions.cautions, Caution)
        held = self._held(gate.held, referrals, cautions)
        advice = [a for a in conclusions.advice if not self._is_held(a, held)]
        suspects = self._suspects(case, conclusions)
        recommendations = self._recommendations(advice, suspects)
        notes = self._explained(conclusions.notes, Note)
        cited = {
            source
            for group in (red_flags, referrals, suspects, recommendations, cautions, notes)
            for entry in group
            for source in entry.sources
        }
        withheld = tuple(self._withheld(h, triage) for h in held)
        unscreened = self.screening.unscreened(case)
        order = [code for _, code in sorted((-rank, code) for code, rank in unscreened.items())]
        # Provisional: an open question could still raise triage to same_day or higher.
        floor = max(SELF_CARE_WITHHELD_FROM.rank, triage.rank + 1)
        provisional = any(rank >= floor for rank in unscreened.values())
        return Report(
            triage=triage,
            red_flags=red_flags,
            referrals=referrals,
            suspects=suspects,
            recommendations=recommendations,
            cautions=cautions,
            notes=notes,
            withheld=withheld,
            withheld_reason=" ".join(w.reason for w in withheld),
            unscreened=tuple(order),
            provisional=provisional,
            knowledge_version=self.knowledge_version,
            sources=tuple(self._sources[s] for s in sorted(cited)),
            case=FrozenMapping(
                {
                    "present": tuple(sorted(case.present)),
                    "absent": tuple(sorted(case.absent)),
                    "values": FrozenMapping(dict(case.values)),
                }
            ),
        )

    # --- holding back ----------------------------------------------------------------------

    def _held(
        self, early: Sequence[Held], referrals: Sequence[Finding], cautions: Sequence[Caution]
    ) -> tuple[Held, ...]:
        """The gate's scopes, then those of late referrals and of the report's cautions."""
        held = list(early)
        seen = {h.because for h in held}
        for finding in referrals:
            if finding.id not in seen:
                held.extend(self._held_by(finding.id, "referral"))
        for caution in cautions:
            held.extend(self._held_by(caution.id, "caution"))
        return tuple(held)

    def _held_by(self, item_id: str, category: str) -> tuple[Held, ...]:
        held = self._scopes.get(item_id)
        if held is None:
            held = held_by(self.knowledge.item(item_id).holds_back, item_id, category)
            self._scopes[item_id] = held
        return held

    def _is_held(self, advice: AdviceConclusion, held: Sequence[Held]) -> bool:
        if advice.kind not in KIND_ORDER:
            return False
        areas = (advice.area,) if advice.area else self.knowledge.item(advice.item).areas
        return any(h.covers(advice.kind, areas) for h in held)

    def _withheld(self, held: Held, triage: TriageLevel) -> Withheld:
        return self._shared.get((held, triage), self._new_withheld, held, triage)

    def _new_withheld(self, held: Held, triage: TriageLevel) -> Withheld:
        kinds = _phrase([_KIND_WORDS[k] for k in held.kinds])
        if held.category == "triage":
            reason = (
                f"Self-treatment, stretching and strengthening advice is held back because "
                f"triage is {triage.value!r}: the person should be seen by a professional "
                f"first."
            )
        else:
            areas = _phrase([_AREA_WORDS[a] for a in held.areas])
            title = self.knowledge.item(held.because).title
            what = {"red_flag": "red flag", "referral": "referral", "caution": "caution"}
            reason = (
                f"{kinds[0].upper()}{kinds[1:]} over {areas} is held back because of the "
                f"{what[held.category]} {title!r}."
            )
        return Withheld(kinds=held.kinds, areas=held.areas, because=held.because, reason=reason)

    # --- wording ---------------------------------------------------------------------------

    def _findings(self, facts: Iterable[RaisedConclusion]) -> tuple[Finding, ...]:
        findings = [
            self._shared.get((Finding, tuple(group)), self._new_finding, item_id, group)
            for item_id, group in _merge(facts).items()
        ]
        return tuple(sorted(findings, key=lambda f: (-f.urgency.rank, f.id)))

    def _new_finding(self, item_id: str, group: Sequence[RaisedConclusion]) -> Finding:
        item = self.knowledge.item(item_id)
        return Finding(
            id=item_id,
            title=item.title,
            text=item.text,
            urgency=max(f.urgency for f in group),
            rules=_union(f.rule for f in group),
            facts=_union(c for f in group for c in f.facts),
            sources=item.sources,
            judgement=item.judgement,
        )

    def _suspects(self, case: Case, conclusions: Conclusions) -> tuple[Suspect, ...]:
        by_muscle: dict[str, list[EvidenceConclusion]] = defaultdict(list)
        for line in conclusions.evidence:
            by_muscle[line.muscle].append(line)
        suspects = []
        for rank, ranked in enumerate(conclusions.gate.suspects, start=1):
            muscle = self.knowledge.muscles[ranked.muscle]
            lines = sorted(
                (self._evidence_line(f) for f in by_muscle[ranked.muscle]), key=lambda e: e.rule
            )
            expected = self._pattern_codes.get(ranked.muscle, frozenset())
            support = [line for line in lines if line.weight > 0]
            suspects.append(
                Suspect(
                    muscle=ranked.muscle,
                    name=muscle.name,
                    rank=rank,
                    certainty=ranked.certainty,
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

    def _evidence_line(self, fact: EvidenceConclusion) -> EvidenceLine:
        return self._shared.get(fact, self._new_evidence_line, fact)

    def _new_evidence_line(self, fact: EvidenceConclusion) -> EvidenceLine:
        sign = self.knowledge.item(fact.item)
        return EvidenceLine(
            rule=fact.rule,
            sign=sign.id,
            text=sign.text,
            weight=fact.weight,
            facts=fact.facts,
            sources=sign.sources,
        )

    def _recommendations(
        self, facts: Iterable[AdviceConclusion], suspects: Sequence[Suspect]
    ) -> tuple[Recommendation, ...]:
        rank_of = {s.muscle: s.rank for s in suspects}
        recommendations = []
        for item_id, group in _merge(facts).items():
            muscles = tuple(sorted({f.muscle for f in group if f.muscle}, key=rank_of.__getitem__))
            recommendations.append(
                self._shared.get(
                    (Recommendation, muscles, tuple(group)),
                    self._new_recommendation,
                    item_id,
                    group,
                    muscles,
                )
            )

        def order(r: Recommendation) -> tuple[int, int, str]:
            first = rank_of[r.muscles[0]] if r.muscles else len(rank_of) + 1
            return (_KIND_ORDER[r.kind], first, r.id)

        return tuple(sorted(recommendations, key=order))

    def _new_recommendation(
        self, item_id: str, group: Sequence[AdviceConclusion], muscles: tuple[str, ...]
    ) -> Recommendation:
        item = self.knowledge.item(item_id)
        return Recommendation(
            id=item_id,
            kind=item.kind or "",
            title=item.title,
            text=item.text,
            muscles=muscles,
            rules=_union(f.rule for f in group),
            facts=_union(c for f in group for c in f.facts),
            sources=item.sources,
            judgement=item.judgement,
        )

    def _explained(
        self, facts: Iterable[CautionConclusion | NoteConclusion], shape: type[_Explained]
    ) -> tuple[_Explained, ...]:
        """Cautions or notes, one per item id, in id order."""
        explained: list[_Explained] = []
        for item_id, group in sorted(_merge(facts).items()):
            key = (shape, tuple(group))
            made: _Explained = self._shared.get(key, self._new_explained, item_id, group, shape)
            explained.append(made)
        return tuple(explained)

    def _new_explained(
        self,
        item_id: str,
        group: Sequence[CautionConclusion | NoteConclusion],
        shape: type[_Explained],
    ) -> _Explained:
        item = self.knowledge.item(item_id)
        return shape(
            id=item_id,
            title=item.title,
            text=item.text,
            rules=_union(f.rule for f in group),
            facts=_union(c for f in group for c in f.facts),
            sources=item.sources,
            judgement=item.judgement,
        )


_M = TypeVar(
    "_M",
    RaisedConclusion,
    AdviceConclusion,
    CautionConclusion,
    NoteConclusion,
    CautionConclusion | NoteConclusion,
)


def _merge(facts: Iterable[_M]) -> dict[str, list[_M]]:
    merged: dict[str, list[_M]] = defaultdict(list)
    for fact in facts:
        merged[fact.item].append(fact)
    return merged


def _union(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(values)))


def _phrase(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _pattern_codes(specs: Iterable[RuleSpec]) -> dict[str, frozenset[str]]:
    """For each muscle, the yes/no codes whose presence would count in its favour."""
    codes: dict[str, set[str]] = defaultdict(set)
    for spec in specs:
        if isinstance(spec.then, Evidence) and spec.then.weight > 0:
            codes[spec.then.muscle].update(
                c.code for c in spec.case_conditions if isinstance(c, Present)
            )
    return {muscle: frozenset(found) for muscle, found in codes.items()}
