"""The vocabulary rule modules are written in, and its translation into experta rules.

A rule module lists :class:`RuleSpec` values: *when* these conditions hold, *then* this
conclusion. Writing rules as data keeps each module readable as the passage it encodes,
lets the library check every rule against the knowledge base before the first
consultation, and lets screening ask which red-flag rules are still undecided. Each spec
becomes one experta :class:`Rule` whose left-hand side matches the single ``CaseFacts``
fact (one fact with a field per code is several times faster to match than one fact per
symptom) and the facts other rules derived.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

import attrs

from ._experta import AS, MATCH, NOT, Fact, P, Rule
from ._rete import FastKnowledgeEngine
from .case import Case, FactState, Value
from .conclusions import (
    AdviceConclusion,
    CautionConclusion,
    EvidenceConclusion,
    NoteConclusion,
    RedFlagConclusion,
    ReferralConclusion,
)
from .conclusions import Conclusion as Concluded
from .errors import KnowledgeError, closest
from .knowledge_base import ADVICE_KINDS, AREAS, VALUE_RANGES, Knowledge
from .ranking import SUSPECT_THRESHOLD
from .triage import SELF_CARE_WITHHELD_FROM, TriageLevel

__all__ = [
    "Advise",
    "Advised",
    "AtLeast",
    "Below",
    "Evidence",
    "Flagged",
    "Inform",
    "ManySuspects",
    "NotPresent",
    "OneOf",
    "Present",
    "RaiseRedFlag",
    "Refer",
    "RuleSpec",
    "Rulebook",
    "SideIs",
    "Status",
    "Suspected",
    "Warn",
    "rule",
]

#: Advice kinds that an emergency or same-day triage holds back.
SELF_CARE_KINDS: Final = frozenset({"self_treatment", "stretch", "strengthen"})


# --- experta facts -------------------------------------------------------------------------


class CaseFacts(Fact):  # type: ignore[misc]
    """The person's answers: ``code=True`` present, ``code=False`` absent, missing unknown."""


class EvidenceFact(Fact):  # type: ignore[misc]
    pass


class RedFlagFact(Fact):  # type: ignore[misc]
    pass


class ReferralFact(Fact):  # type: ignore[misc]
    pass


class SuspectFact(Fact):  # type: ignore[misc]
    pass


class SuspectCountFact(Fact):  # type: ignore[misc]
    pass


class SelfCareOpen(Fact):  # type: ignore[misc]
    """Declared in phase 2 for each (kind, area) of self-care that nothing holds back."""


class AdviceFact(Fact):  # type: ignore[misc]
    pass


class CautionFact(Fact):  # type: ignore[misc]
    pass


class NoteFact(Fact):  # type: ignore[misc]
    pass


# --- conditions ----------------------------------------------------------------------------


class Status(enum.Enum):
    MET = "met"
    FAILED = "failed"
    UNKNOWN = "unknown"


@attrs.frozen
class Present:
    """The yes/no fact *code* is present. Absent or unknown does not match."""

    code: str

    def status(self, case: Case) -> Status:
        return {
            FactState.PRESENT: Status.MET,
            FactState.ABSENT: Status.FAILED,
            FactState.UNKNOWN: Status.UNKNOWN,
        }[case.state(self.code)]


@attrs.frozen
class NotPresent:
    """The yes/no fact *code* is not present (absent or unknown): for facts that block."""

    code: str

    def status(self, case: Case) -> Status:
        return Status.FAILED if case.state(self.code) is FactState.PRESENT else Status.MET


@attrs.frozen
class AtLeast:
    """The valued fact *code* is known and at least *minimum*."""

    code: str
    minimum: int

    def accepts(self, value: Value) -> bool:
        return isinstance(value, int) and value >= self.minimum

    def status(self, case: Case) -> Status:
        return _value_status(self, case)


@attrs.frozen
class Below:
    """The valued fact *code* is known and below *limit*."""

    code: str
    limit: int

    def accepts(self, value: Value) -> bool:
        return isinstance(value, int) and value < self.limit

    def status(self, case: Case) -> Status:
        return _value_status(self, case)


@attrs.frozen
class SideIs:
    """The side fact *code* is known and one of *sides*."""

    code: str
    sides: tuple[str, ...]

    def accepts(self, value: Value) -> bool:
        return value in self.sides

    def status(self, case: Case) -> Status:
        return _value_status(self, case)


@attrs.frozen
class OneOf:
    """The choice (or side) fact *code* is known and one of *values*."""

    code: str
    values: tuple[str, ...]

    def accepts(self, value: Value) -> bool:
        return value in self.values

    def status(self, case: Case) -> Status:
        return _value_status(self, case)


ValueCondition = AtLeast | Below | SideIs | OneOf
CaseCondition = Present | NotPresent | ValueCondition


def _value_status(condition: ValueCondition, case: Case) -> Status:
    value = case.value(condition.code)
    if value is None:
        return Status.UNKNOWN
    return Status.MET if condition.accepts(value) else Status.FAILED


@attrs.frozen
class Suspected:
    """A muscle (or any muscle of an area) ranked among the suspects."""

    muscle: str | None = None
    area: str | None = None


@attrs.frozen
class Advised:
    """Advice matching every given field was given in this consultation."""

    item: str | None = None
    kind: str | None = None
    muscle: str | None = None
    area: str | None = None


@attrs.frozen
class ManySuspects:
    """At least *count* muscles were ranked among the suspects with a certainty of at least
    *min_certainty* (by default every suspect counts)."""

    count: int
    min_certainty: float = SUSPECT_THRESHOLD


@attrs.frozen
class Flagged:
    """Some red flag was raised in this consultation."""


DerivedCondition = Suspected | Advised | ManySuspects | Flagged
Condition = CaseCondition | DerivedCondition


# --- conclusions ---------------------------------------------------------------------------


@attrs.frozen
class Evidence:
    """Weighted evidence, for (positive) or against (negative), that *muscle* holds trigger
    points; *sign* is the knowledge item that words it."""

    muscle: str
    sign: str
    weight: float


@attrs.frozen
class RaiseRedFlag:
    flag: str
    urgency: TriageLevel


@attrs.frozen
class Refer:
    referral: str
    urgency: TriageLevel


@attrs.frozen
class Advise:
    item: str


@attrs.frozen
class Warn:
    caution: str


@attrs.frozen
class Inform:
    """A note that explains the pain without advising anything (category ``note``)."""

    note: str


Conclusion = Evidence | RaiseRedFlag | Refer | Advise | Warn | Inform


@attrs.frozen
class RuleSpec:
    """One rule: when every condition holds, then the conclusion.

    ``module`` is filled in by the rule registry from the module that lists the rule, so a
    rule's public id is ``"<module>.<name>"``.
    """

    name: str
    when: tuple[Condition, ...]
    then: Conclusion
    module: str = ""

    @property
    def id(self) -> str:
        return f"{self.module}.{self.name}"

    @property
    def case_conditions(self) -> tuple[CaseCondition, ...]:
        return tuple(c for c in self.when if not isinstance(c, DerivedCondition))

    @property
    def derived_conditions(self) -> tuple[DerivedCondition, ...]:
        return tuple(c for c in self.when if isinstance(c, DerivedCondition))

    @property
    def supporting_codes(self) -> tuple[str, ...]:
        """Codes whose presence or value the rule needs: its evidence when it fires."""
        return tuple(
            sorted({c.code for c in self.case_conditions if not isinstance(c, NotPresent)})
        )

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(c.code for c in self.case_conditions)

    def case_status(self, case: Case) -> Status:
        """Whether the case conditions hold, fail, or cannot be decided from *case*."""
        statuses = {c.status(case) for c in self.case_conditions}
        if Status.FAILED in statuses:
            return Status.FAILED
        return Status.UNKNOWN if Status.UNKNOWN in statuses else Status.MET


def rule(name: str, *when: Condition, then: Conclusion) -> RuleSpec:
    """Write one rule; see :class:`RuleSpec`."""
    return RuleSpec(name=name, when=tuple(when), then=then)


# --- compiling to experta ------------------------------------------------------------------

#: Red flags and referrals match first so that a trace of any consultation reads
#: safety-first; correctness does not depend on it (see engine phases).
_SALIENCE: Final[Mapping[type, int]] = {RaiseRedFlag: 20, Refer: 10}


def _case_pattern(spec: RuleSpec) -> list[Any]:
    fields: dict[str, Any] = {}
    value_checks: dict[str, list[ValueCondition]] = {}
    blocked: list[Any] = []
    for condition in spec.case_conditions:
        if isinstance(condition, Present):
            fields[condition.code] = True
        elif isinstance(condition, NotPresent):
            blocked.append(NOT(CaseFacts(**{condition.code: True})))
        else:
            value_checks.setdefault(condition.code, []).append(condition)
    for code, checks in value_checks.items():
        fields[code] = P(_all_accept(tuple(checks)))
    patterns: list[Any] = [CaseFacts(**fields)] if fields else []
    return patterns + blocked


def _all_accept(checks: tuple[ValueCondition, ...]) -> Callable[[Value], bool]:
    return lambda value: all(check.accepts(value) for check in checks)


def _derived_pattern(condition: DerivedCondition, bind_area: str | None = None) -> Any:
    if isinstance(condition, Suspected):
        fields: dict[str, Any] = _given(muscle=condition.muscle, area=condition.area)
        if bind_area is not None:
            fields["area"] = getattr(MATCH, bind_area)
        return SuspectFact(**fields)
    if isinstance(condition, Advised):
        return AdviceFact(
            **_given(
                item=condition.item,
                kind=condition.kind,
                muscle=condition.muscle,
                area=condition.area,
            )
        )
    if isinstance(condition, Flagged):
        return RedFlagFact()
    minimum = condition.count
    return SuspectCountFact(min_certainty=condition.min_certainty, count=P(lambda n: n >= minimum))


def _given(**fields: str | None) -> dict[str, str]:
    return {k: v for k, v in fields.items() if v is not None}


def _derived_name(index: int) -> str:
    return f"derived_{index:02d}"


class TriggerRulesEngine(FastKnowledgeEngine):
    """Base of the composed engine; records the order in which rules fired and what they
    concluded.

    This is the one place the experta base class is named, so a faster base engine can be
    swapped in here alone.
    """

    def __init__(self) -> None:
        super().__init__()
        self.fired: list[str] = []
        self.concluded: list[Concluded] = []


@attrs.frozen
class GatePlan:
    """How a self-care advice rule is gated: by the area of the suspect it binds (the
    first ``Suspected`` condition, index *suspect*), else by each of the item's areas."""

    kind: str
    suspect: int | None
    areas: tuple[str, ...]


def gate_plan(spec: RuleSpec, knowledge: Knowledge) -> GatePlan | None:
    """The gate the compiler adds to *spec*, or None when it gives no self-care advice.

    Rule authors never write the gate: every self-care advice rule gets it here.
    """
    then = spec.then
    if not isinstance(then, Advise):
        return None
    item = knowledge.item(then.item)
    if item.kind not in SELF_CARE_KINDS:
        return None
    for index, condition in enumerate(spec.derived_conditions):
        if isinstance(condition, Suspected):
            return GatePlan(kind=item.kind, suspect=index, areas=())
    return GatePlan(kind=item.kind, suspect=None, areas=item.areas)


def advice_subject(spec: RuleSpec) -> int | None:
    """Index of the derived condition whose suspect an advice rule is about, if any."""
    for index, condition in enumerate(spec.derived_conditions):
        if isinstance(condition, Suspected):
            return index
    return None


@attrs.frozen
class Rulebook:
    """The checked rule specs and the experta engine class compiled from them."""

    specs: tuple[RuleSpec, ...]
    knowledge: Knowledge
    #: Whether every knowledge item, fact code and muscle must be used by some rule. Leave
    #: it on; turn it off only while drafting rules for new knowledge.
    require_complete: bool = True
    engine_class: type[TriggerRulesEngine] = attrs.field(init=False)
    #: The ``min_certainty`` values ``ManySuspects`` conditions use.
    thresholds: tuple[float, ...] = attrs.field(init=False)
    #: Case codes some rule reads: only these are declared into the experta network.
    codes: frozenset[str] = attrs.field(init=False)
    #: Whether some rule waits for a red flag (``Flagged``) or for advice (``Advised``):
    #: otherwise those conclusions are never declared into the network.
    reads_red_flags: bool = attrs.field(init=False)
    reads_advice: bool = attrs.field(init=False)
    #: The (kind, area) gate facts some self-care rule reads: only these are declared.
    gate_pairs: frozenset[tuple[str, str]] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        check_rules(self.specs, self.knowledge, require_complete=self.require_complete)
        derived = [c for spec in self.specs for c in spec.derived_conditions]
        object.__setattr__(
            self,
            "thresholds",
            tuple(sorted({c.min_certainty for c in derived if isinstance(c, ManySuspects)})),
        )
        object.__setattr__(self, "codes", frozenset(c for s in self.specs for c in s.codes))
        object.__setattr__(self, "reads_red_flags", any(isinstance(c, Flagged) for c in derived))
        object.__setattr__(self, "reads_advice", any(isinstance(c, Advised) for c in derived))
        pairs: set[tuple[str, str]] = set()
        for spec in self.specs:
            plan = gate_plan(spec, self.knowledge)
            if plan is not None:
                areas = self._gate_areas(spec, plan)
                pairs.update((plan.kind, area) for area in (AREAS if areas is None else areas))
        object.__setattr__(self, "gate_pairs", frozenset(pairs))
        methods = {f"{spec.module}__{spec.name}": self._compile(spec) for spec in self.specs}
        cls = type("TriggerRulesEngineComposed", (TriggerRulesEngine,), methods)
        object.__setattr__(self, "engine_class", cls)

    def _compile(self, spec: RuleSpec) -> Any:
        patterns = _case_pattern(spec)
        derived = spec.derived_conditions
        plan = gate_plan(spec, self.knowledge)
        bind_area = None
        areas: tuple[Any, ...] = ()
        if plan is not None:
            static = self._gate_areas(spec, plan)
            if static is None:
                bind_area = "gate_area"
                areas = (MATCH.gate_area,)
            else:
                areas = static
        for index, condition in enumerate(derived):
            pattern = _derived_pattern(
                condition, bind_area if plan is not None and index == plan.suspect else None
            )
            patterns.append(getattr(AS, _derived_name(index)) << pattern)
        if plan is not None:
            # The gate of every self-care advice rule, added here so no rule can lack it.
            patterns.extend(SelfCareOpen(kind=plan.kind, area=area) for area in areas)
        conclude = conclusion_builder(spec, self.knowledge)
        subject = advice_subject(spec) if isinstance(spec.then, Advise) else None
        names = tuple(_derived_name(i) for i in range(len(derived)))
        declared = self._declared(spec)
        rule_id = spec.id
        supporting = spec.supporting_codes

        def fire(engine: TriggerRulesEngine, **bound: Any) -> None:
            facts = [bound[name] for name in names]
            support = set(supporting)
            for fact in facts:
                support.update(fact["facts"])
            if subject is None:
                conclusion = conclude(tuple(sorted(support)), "", "")
            else:
                about = facts[subject]
                conclusion = conclude(tuple(sorted(support)), about["muscle"], about["area"])
            engine.fired.append(rule_id)
            engine.concluded.append(conclusion)
            if declared is not None:
                engine.declare(declared(conclusion))

        fire.__name__ = f"{spec.module}__{spec.name}"
        fire.__qualname__ = fire.__name__
        return Rule(*patterns, salience=_SALIENCE.get(type(spec.then), 0))(fire)

    def _declared(self, spec: RuleSpec) -> Callable[[Any], Any] | None:
        """How a conclusion of *spec* enters the network, or None if no rule reads it."""
        if isinstance(spec.then, RaiseRedFlag) and self.reads_red_flags:
            return lambda c: RedFlagFact(item=c.item, facts=c.facts)
        if isinstance(spec.then, Advise) and self.reads_advice:
            return lambda c: AdviceFact(
                item=c.item, kind=c.kind, muscle=c.muscle, area=c.area, facts=c.facts
            )
        return None

    def _gate_areas(self, spec: RuleSpec, plan: GatePlan) -> tuple[str, ...] | None:
        """The areas a self-care rule's gate checks, or None when they are those of
        whichever suspect the rule binds (a ``Suspected()`` naming neither)."""
        if plan.suspect is None:
            return plan.areas
        suspected = spec.derived_conditions[plan.suspect]
        assert isinstance(suspected, Suspected)
        if suspected.area is not None:
            return (suspected.area,)
        if suspected.muscle is not None:
            return (self.knowledge.muscles[suspected.muscle].area,)
        return None

    def new_engine(self) -> TriggerRulesEngine:
        return self.engine_class()


def conclusion_builder(
    spec: RuleSpec, knowledge: Knowledge
) -> Callable[[tuple[str, ...], str, str], Concluded]:
    """Build *spec*'s conclusion from its supporting facts and, for advice about a suspect,
    that suspect's muscle and area; shared by both engines."""
    then = spec.then
    rule_id = spec.id
    if isinstance(then, Evidence):
        return lambda facts, _m, _a: EvidenceConclusion(
            rule_id, then.sign, facts, then.muscle, then.weight
        )
    if isinstance(then, RaiseRedFlag):
        return lambda facts, _m, _a: RedFlagConclusion(rule_id, then.flag, facts, then.urgency)
    if isinstance(then, Refer):
        return lambda facts, _m, _a: ReferralConclusion(
            rule_id, then.referral, facts, then.urgency
        )
    if isinstance(then, Warn):
        return lambda facts, _m, _a: CautionConclusion(rule_id, then.caution, facts)
    if isinstance(then, Inform):
        return lambda facts, _m, _a: NoteConclusion(rule_id, then.note, facts)
    kind = knowledge.item(then.item).kind or ""
    item = then.item
    return lambda facts, muscle, area: AdviceConclusion(rule_id, item, facts, kind, muscle, area)


# --- checking rules against the knowledge base ---------------------------------------------


def _fail(spec: RuleSpec, problem: str) -> KnowledgeError:
    return KnowledgeError(f"rule {spec.id!r}: {problem}")


def _require(spec: RuleSpec, item_id: str, category: str, knowledge: Knowledge) -> None:
    item = knowledge.items.get(item_id)
    if item is None:
        near = closest(item_id, knowledge.items)
        hint = f"; did you mean {', '.join(map(repr, near))}?" if near else ""
        raise _fail(
            spec, f"refers to {category} item {item_id!r}, which no knowledge file defines{hint}"
        )
    if item.category != category:
        raise _fail(
            spec,
            f"refers to {item_id!r} as a {category}, but "
            f"{knowledge.origins.get(item_id, '?')} defines it as a {item.category}",
        )


def check_rules(
    specs: Sequence[RuleSpec], knowledge: Knowledge, *, require_complete: bool = True
) -> None:
    """Raise :class:`KnowledgeError` unless rules and knowledge fit each other exactly."""
    seen: dict[str, RuleSpec] = {}
    for spec in specs:
        if not spec.module:
            raise _fail(spec, "has no module; list it in trigger_rules.rules")
        if spec.id in seen:
            raise _fail(spec, "is defined twice; rule names must be unique within a module")
        seen[spec.id] = spec
        _check_conditions(spec, knowledge)
        _check_conclusion(spec, knowledge)
    if require_complete:
        _check_everything_used(specs, knowledge)


def _check_conditions(spec: RuleSpec, knowledge: Knowledge) -> None:
    if not spec.when:
        raise _fail(spec, "has no condition; a rule that always fires is not a rule")
    for condition in spec.when:
        if isinstance(condition, Present | NotPresent | AtLeast | Below | SideIs | OneOf):
            fact = knowledge.facts.get(condition.code)
            if fact is None:
                near = closest(condition.code, knowledge.facts)
                hint = f"; did you mean {', '.join(map(repr, near))}?" if near else ""
                raise _fail(
                    spec,
                    f"uses fact {condition.code!r}, not in the fact catalogue{hint}",
                )
            wants_yes_no = isinstance(condition, Present | NotPresent)
            if wants_yes_no != fact.is_yes_no:
                raise _fail(
                    spec,
                    f"tests {condition.code!r} as a {'yes/no' if wants_yes_no else 'valued'} "
                    f"fact, but the fact catalogue gives it type {fact.type!r}",
                )
            if isinstance(condition, SideIs) and fact.type != "side":
                raise _fail(spec, f"tests {condition.code!r} for a side, but it is {fact.type!r}")
            if isinstance(condition, AtLeast | Below) and fact.type not in VALUE_RANGES:
                raise _fail(
                    spec, f"compares {condition.code!r} with a number, but it is {fact.type!r}"
                )
            if isinstance(condition, OneOf):
                wrong = [v for v in condition.values if v not in fact.allowed_values]
                if not condition.values or wrong:
                    raise _fail(
                        spec,
                        f"tests {condition.code!r} for {condition.values!r}, but it accepts "
                        f"only {fact.allowed_values!r}",
                    )
        elif isinstance(condition, Suspected):
            if condition.muscle is not None and condition.muscle not in knowledge.muscles:
                raise _fail(spec, f"suspects unknown muscle {condition.muscle!r}")
            if condition.area is not None and condition.area not in AREAS:
                raise _fail(spec, f"names unknown area {condition.area!r}")
        elif isinstance(condition, ManySuspects):
            if condition.count < 1:
                raise _fail(spec, f"counts at least {condition.count} suspects; give 1 or more")
            if not SUSPECT_THRESHOLD <= condition.min_certainty <= 1:
                raise _fail(
                    spec,
                    f"counts suspects of certainty {condition.min_certainty!r}; give a value "
                    f"from the suspect threshold {SUSPECT_THRESHOLD} to 1",
                )
        elif isinstance(condition, Advised):
            if condition.item is not None:
                _require(spec, condition.item, "advice", knowledge)
            if condition.kind is not None and condition.kind not in ADVICE_KINDS:
                raise _fail(spec, f"names unknown advice kind {condition.kind!r}")
            if condition.muscle is not None and condition.muscle not in knowledge.muscles:
                raise _fail(spec, f"names unknown muscle {condition.muscle!r}")
            if condition.area is not None and condition.area not in AREAS:
                raise _fail(spec, f"names unknown area {condition.area!r}")


def _check_conclusion(spec: RuleSpec, knowledge: Knowledge) -> None:
    then = spec.then
    if isinstance(then, Evidence):
        if then.muscle not in knowledge.muscles:
            raise _fail(spec, f"gives evidence for unknown muscle {then.muscle!r}")
        _require(spec, then.sign, "sign", knowledge)
        if not (-1.0 <= then.weight <= 1.0) or then.weight == 0:
            raise _fail(spec, f"weight must be in [-1, 1] and not 0 (got {then.weight!r})")
        if spec.derived_conditions:
            raise _fail(spec, "evidence may only depend on the case, not on other conclusions")
    elif isinstance(then, RaiseRedFlag | Refer):
        category = "red_flag" if isinstance(then, RaiseRedFlag) else "referral"
        item_id = then.flag if isinstance(then, RaiseRedFlag) else then.referral
        _require(spec, item_id, category, knowledge)
        if isinstance(then, RaiseRedFlag) and spec.derived_conditions:
            raise _fail(spec, "red flags may only depend on the case, so they are never late")
        if spec.derived_conditions and then.urgency >= SELF_CARE_WITHHELD_FROM:
            # Triage gates self-care before derived conclusions exist; a late referral at
            # this level would arrive after the gate was already open.
            raise _fail(
                spec,
                f"a referral that depends on conclusions must be below "
                f"{SELF_CARE_WITHHELD_FROM.value!r} (got {then.urgency.value!r})",
            )
    elif isinstance(then, Advise):
        _require(spec, then.item, "advice", knowledge)
    elif isinstance(then, Inform):
        _require(spec, then.note, "note", knowledge)
    else:
        _require(spec, then.caution, "caution", knowledge)


def _check_everything_used(specs: Sequence[RuleSpec], knowledge: Knowledge) -> None:
    used_items: set[str] = set()
    used_codes: set[str] = set()
    evidenced: set[str] = set()
    for spec in specs:
        used_codes |= spec.codes
        then = spec.then
        if isinstance(then, Evidence):
            used_items.add(then.sign)
            evidenced.add(then.muscle)
        elif isinstance(then, RaiseRedFlag):
            used_items.add(then.flag)
        elif isinstance(then, Refer):
            used_items.add(then.referral)
        elif isinstance(then, Advise):
            used_items.add(then.item)
        elif isinstance(then, Inform):
            used_items.add(then.note)
        else:
            used_items.add(then.caution)
    unused_items = sorted(set(knowledge.items) - used_items)
    if unused_items:
        where = ", ".join(f"{i!r} ({knowledge.origins.get(i, '?')})" for i in unused_items)
        raise KnowledgeError(f"knowledge items no rule uses: {where}")
    unused_codes = sorted(set(knowledge.facts) - used_codes)
    if unused_codes:
        raise KnowledgeError(f"facts/: fact codes no rule uses: {', '.join(unused_codes)}")
    silent = sorted(set(knowledge.muscles) - evidenced)
    if silent:
        raise KnowledgeError(f"muscles with no evidence rule: {', '.join(silent)}")
