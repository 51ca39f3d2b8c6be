"""A compiled evaluator of the rule specs: the same conclusions as experta, without it.

Each :class:`~trigger_rules.rulebook.RuleSpec` becomes a few precomputed checks (the codes
that must be present, the codes that must not be, the value tests). Rules are indexed by
one code they need present, so a case only looks at the rules it could fire. Rules that
wait for other conclusions (suspects, advice, a red flag) are iterated to a fixed point in
each phase; the phases and what lies between them (:class:`trigger_rules.gate.BetweenPhases`)
are the same as in the experta engine, which stays the reference: tests check that both
give identical reports.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

from .case import Case
from .conclusions import (
    AdviceConclusion,
    Conclusion,
    Conclusions,
    EvidenceConclusion,
    RaisedConclusion,
    RedFlagConclusion,
)
from .gate import BetweenPhases, Gate
from .rulebook import (
    Advise,
    Advised,
    DerivedCondition,
    Flagged,
    GatePlan,
    ManySuspects,
    NotPresent,
    Present,
    RaiseRedFlag,
    Rulebook,
    RuleSpec,
    Suspected,
    ValueCondition,
    advice_subject,
    conclusion_builder,
    gate_plan,
)

__all__ = ["CompiledEngine"]


class _Rule:
    """One rule spec as fast checks."""

    __slots__ = (
        "areas_needed",
        "blocked",
        "build",
        "derived",
        "early",
        "gate",
        "id",
        "late",
        "muscles_needed",
        "needs_suspect",
        "order",
        "required",
        "sorted_support",
        "spec",
        "subject",
        "supporting",
        "values",
    )

    def __init__(self, order: int, spec: RuleSpec, rulebook: Rulebook) -> None:
        self.order = order
        self.id = spec.id
        conditions = spec.case_conditions
        self.required = frozenset(c.code for c in conditions if isinstance(c, Present))
        self.blocked = frozenset(c.code for c in conditions if isinstance(c, NotPresent))
        self.values: tuple[ValueCondition, ...] = tuple(
            c for c in conditions if not isinstance(c, Present | NotPresent)
        )
        self.derived: tuple[DerivedCondition, ...] = spec.derived_conditions
        self.supporting = frozenset(spec.supporting_codes)
        self.build: Callable[[tuple[str, ...], str, str], Conclusion] = conclusion_builder(
            spec, rulebook.knowledge
        )
        self.gate: GatePlan | None = gate_plan(spec, rulebook.knowledge)
        self.subject = advice_subject(spec) if isinstance(spec.then, Advise) else None
        self.sorted_support = tuple(sorted(self.supporting))
        self.spec = spec
        #: Whether the rule can fire in phase 1: it waits for no suspect and no gate.
        self.early = self.gate is None and not any(
            isinstance(c, Suspected | ManySuspects) for c in self.derived
        )
        suspected = [c for c in self.derived if isinstance(c, Suspected)]
        #: Quick refusals before binding: suspects this rule needs, by muscle or area.
        self.muscles_needed = frozenset(c.muscle for c in suspected if c.muscle is not None)
        self.areas_needed = frozenset(c.area for c in suspected if c.area is not None)
        self.needs_suspect = bool(suspected)
        #: Whether phase 2 can bring it anything new: suspects, the gate, or advice
        #: (red flags are all known after phase 1).
        self.late = not self.early or any(isinstance(c, Advised) for c in self.derived)

    def holds_on(self, present: frozenset[str], values: dict[str, Any]) -> bool:
        if not self.required <= present or not self.blocked.isdisjoint(present):
            return False
        for check in self.values:
            value = values.get(check.code)
            if value is None or not check.accepts(value):
                return False
        return True


class _Store:
    """Conclusions so far, and the ones later rules can wait for."""

    __slots__ = ("advice", "concluded", "fired", "flags", "seen")

    def __init__(self) -> None:
        self.concluded: list[Conclusion] = []
        self.fired: list[str] = []
        self.seen: set[Conclusion] = set()
        self.flags: list[RedFlagConclusion] = []
        self.advice: list[AdviceConclusion] = []

    def add(self, rule: _Rule, conclusion: Conclusion) -> bool:
        if conclusion in self.seen:
            return False
        self.seen.add(conclusion)
        self.concluded.append(conclusion)
        self.fired.append(rule.id)
        if isinstance(conclusion, RedFlagConclusion):
            self.flags.append(conclusion)
        elif isinstance(conclusion, AdviceConclusion):
            self.advice.append(conclusion)
        return True


def _candidates(condition: DerivedCondition, store: _Store, gate: Gate | None) -> list[Any]:
    """The derived facts that *condition* can bind to."""
    if isinstance(condition, Flagged):
        return list(store.flags)
    if isinstance(condition, Advised):
        return [
            a
            for a in store.advice
            if condition.item in (None, a.item)
            and condition.kind in (None, a.kind)
            and condition.muscle in (None, a.muscle)
            and condition.area in (None, a.area)
        ]
    if gate is None:
        return []
    if isinstance(condition, Suspected):
        return [
            s
            for s in gate.suspects
            if condition.muscle in (None, s.muscle) and condition.area in (None, s.area)
        ]
    assert isinstance(condition, ManySuspects)
    return [
        c
        for c in gate.counts
        if c.min_certainty == condition.min_certainty and c.count >= condition.count
    ]


def _feeds(producer: _Rule, consumer: _Rule, rulebook: Rulebook) -> bool:
    """Whether a conclusion of *producer* could bind one of *consumer*'s conditions."""
    then = producer.spec.then
    for condition in consumer.derived:
        if isinstance(condition, Flagged) and isinstance(then, RaiseRedFlag):
            return True
        if isinstance(condition, Advised) and isinstance(then, Advise):
            kind = rulebook.knowledge.item(then.item).kind
            if condition.item not in (None, then.item) or condition.kind not in (None, kind):
                continue
            if producer.subject is None and (condition.muscle or condition.area):
                continue  # advice about no suspect has no muscle or area to match
            return True
    return False


def _order(rules: Sequence[_Rule], rulebook: Rulebook) -> tuple[tuple[_Rule, ...], bool]:
    """*rules* with every producer before its consumers, and whether that order exists
    (without it, rules are iterated to a fixed point instead)."""
    waiting = {r.order: r for r in rules}
    needs = {
        r.order: {p.order for p in rules if p is not r and _feeds(p, r, rulebook)} for r in rules
    }
    ordered: list[_Rule] = []
    while waiting:
        ready = [o for o in sorted(waiting) if not needs[o] & waiting.keys()]
        if not ready:
            return tuple(rules), False
        for o in ready:
            ordered.append(waiting.pop(o))
    return tuple(ordered), True


class CompiledEngine:
    """Evaluates a :class:`Rulebook`'s specs directly. Not thread-safe: one per thread, or
    behind a lock (as :class:`~trigger_rules.engine.Consultant` does)."""

    def __init__(self, rulebook: Rulebook) -> None:
        self.rulebook = rulebook
        self._rules = tuple(_Rule(i, spec, rulebook) for i, spec in enumerate(rulebook.specs))
        by_code: dict[str, list[_Rule]] = {}
        always: list[_Rule] = []
        for r in self._rules:
            if r.required:
                # Index under the rarest-looking code: any one needed code will do.
                by_code.setdefault(min(r.required), []).append(r)
            else:
                always.append(r)
        self._by_code = {code: tuple(rules) for code, rules in by_code.items()}
        self._always = tuple(always)
        self._between = BetweenPhases(
            rulebook.knowledge,
            rulebook.thresholds,
            (s.then.flag for s in rulebook.specs if isinstance(s.then, RaiseRedFlag)),
        )
        waiting = [r for r in self._rules if r.derived or r.gate is not None]
        ordered, self._acyclic = _order(waiting, rulebook)
        self._rank = {r.order: i for i, r in enumerate(ordered)}
        self.fired: list[str] = []

    def conclude(self, case: Case) -> Conclusions:
        present = case.present
        values = dict(case.values)
        candidates = list(self._always)
        by_code = self._by_code
        for code in present:
            found = by_code.get(code)
            if found is not None:
                candidates.extend(found)
        matched = sorted(
            (r for r in candidates if r.holds_on(present, values)), key=lambda r: r.order
        )
        store = _Store()
        waiting = []
        for r in matched:
            if r.derived or r.gate is not None:
                waiting.append(r)
            else:
                store.add(r, r.build(r.sorted_support, "", ""))
        rank = self._rank
        waiting.sort(key=lambda r: rank[r.order])
        once = self._acyclic
        _saturate([r for r in waiting if r.early], store, None, once)
        raised = [c for c in store.concluded if isinstance(c, RaisedConclusion)]
        evidence = [c for c in store.concluded if isinstance(c, EvidenceConclusion)]
        gate = self._between(raised, evidence)
        _saturate([r for r in waiting if r.late], store, gate, once)
        self.fired = store.fired
        return Conclusions.collect(store.concluded, gate)


def _saturate(rules: Sequence[_Rule], store: _Store, gate: Gate | None, once: bool) -> None:
    """Fire *rules* on every binding of their derived conditions until nothing is new.

    With *once*, *rules* are in producer-before-consumer order, so one pass is enough.
    """
    changed = True
    while changed:
        changed = False
        for r in rules:
            plan = r.gate
            if plan is not None and gate is None:
                continue  # self-care waits for the gate of phase 2
            if r.needs_suspect and gate is not None:
                muscles, areas = gate.muscles, gate.areas
                if not muscles or not r.muscles_needed <= muscles or not r.areas_needed <= areas:
                    continue
            bindings = [_candidates(c, store, gate) for c in r.derived]
            if len(bindings) == 1 and plan is None and r.subject is None:
                # The common case: one derived condition, no gate, no subject.
                for fact in bindings[0]:
                    facts = fact.facts if not r.supporting else _merged(r.supporting, fact.facts)
                    if store.add(r, r.build(facts, "", "")):
                        changed = True
                continue
            for combo in itertools.product(*bindings):
                if combo:
                    support = set(r.supporting)
                    for fact in combo:
                        support.update(fact.facts)
                    facts = tuple(sorted(support))
                else:
                    facts = r.sorted_support
                muscle = area = ""
                if r.subject is not None:
                    muscle, area = combo[r.subject].muscle, combo[r.subject].area
                if plan is not None and gate is not None:
                    gated = (area,) if plan.suspect is not None else plan.areas
                    if not gate.allows(plan.kind, gated):
                        continue
                if store.add(r, r.build(facts, muscle, area)):
                    changed = True
        if once:
            return


def _merged(codes: frozenset[str], more: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(codes.union(more)))
