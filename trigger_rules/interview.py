"""The interview: which question to ask next, in what order, and when to stop.

Everything here reasons over the rule specs, never over particular fact codes, so new
facts, red flags and muscles join the interview by being written as rules and facts.

For a case and the codes the person said "don't know" to, every rule is given one of
three statuses *over the questions still open* (a don't-know code stays unknown for good,
so a rule that needs it present can never fire and a rule that needs it not present
always may):

* **met**: it fires whatever is asked next; **failed**: it never will; **open**: some
  unasked question decides it.

Questions come in four tiers, in this order (the order of issue 11):

1. ``screen``: questions that could still complete a red-flag or referral rule at
   ``same_day`` or ``emergency``, highest urgency first, however high triage already is;
2. ``triage``: questions that could still raise triage through a lower rule, or change
   it through a referral that depends on the suspects;
3. ``separate``: questions whose answer could change who the top suspect is, or who
   crosses the suspect threshold, best expected change first (certainty factors are
   combined with :func:`trigger_rules.ranking.combine`, one answer at a time);
4. ``advice``: questions that unlock or hold back advice or a caution for the current
   suspects (progression, findings while pressing, habits).

Where several yes/no questions of one tier could each alone complete a rule of the same
kind (the signs of one urgency level, one muscle's signs, one kind of habit), they are
asked as one "any of these?" question, as telephone triage does: *no* answers each of
them no, *don't know* leaves each unknown, and *yes* asks them one by one next.

The interview can stop when no question is left in any tier. Screening questions never
run out early: every open red-flag rule at ``same_day`` or above must be met or failed
(by a no or a don't-know) first, so stopping never hides an emergency.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs

from .case import Case, Value
from .errors import InvalidFactValueError, UnknownFactError
from .knowledge_base import VALUE_RANGES, FactSpec
from .ranking import SUSPECT_THRESHOLD, combine
from .report import Report
from .rulebook import (
    SELF_CARE_KINDS,
    Advise,
    Advised,
    AtLeast,
    Below,
    CaseCondition,
    Condition,
    Evidence,
    Flagged,
    ManySuspects,
    NotPresent,
    RaiseRedFlag,
    Refer,
    Rulebook,
    RuleSpec,
    Status,
    Suspected,
    Warn,
)
from .triage import SELF_CARE_WITHHELD_FROM, TriageLevel

if TYPE_CHECKING:
    from .engine import Consultant

__all__ = [
    "ANY_OF",
    "PURPOSES",
    "Interview",
    "InterviewStatus",
    "Question",
    "interview_status",
    "next_questions",
]

#: Why a question is asked, in the order questions are offered.
PURPOSES: Final = ("screen", "triage", "separate", "advice")
#: The answer type of a grouped question ("any of these?").
ANY_OF: Final = "any_of"
#: Prefix of a grouped question's code; fact codes are lower snake case, so never clash.
GROUP_PREFIX: Final = "any:"

Reply = bool | Value | None


@attrs.frozen
class Question:
    """One question to put to the person, and why it is worth asking now.

    ``code`` is a fact code, or for a grouped question ``"any:..."`` with the fact codes
    it stands for in ``members``. ``type`` is the fact's answer type (``yes_no``,
    ``age_years``, ``duration_days``, ``side``, ``choice``) or ``any_of``. ``allowed``
    lists the accepted answers of side and choice facts, ``value_range`` the inclusive
    range of number facts. ``purpose`` is one of :data:`PURPOSES`; ``urgency`` is the
    highest triage level the answer could lead to (screen and triage questions);
    ``findings`` the red flags and referrals it could raise, ``suspects`` the muscles it
    could move, ``advice`` the advice and caution items it could unlock or hold back.
    """

    code: str
    text: str
    type: str
    group: str
    purpose: str
    why: str
    help: str = ""
    allowed: tuple[str, ...] = ()
    value_range: tuple[int, int] | None = None
    members: tuple[str, ...] = ()
    member_texts: tuple[str, ...] = ()
    urgency: TriageLevel | None = None
    findings: tuple[str, ...] = ()
    suspects: tuple[str, ...] = ()
    advice: tuple[str, ...] = ()

    @property
    def is_group(self) -> bool:
        return bool(self.members)

    @property
    def codes(self) -> tuple[str, ...]:
        """The fact codes this question answers."""
        return self.members or (self.code,)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (str, int, list, dict, None) in a fixed order."""
        return {
            "code": self.code,
            "text": self.text,
            "type": self.type,
            "group": self.group,
            "purpose": self.purpose,
            "why": self.why,
            "help": self.help,
            "allowed": list(self.allowed),
            "value_range": list(self.value_range) if self.value_range else None,
            "members": list(self.members),
            "member_texts": list(self.member_texts),
            "urgency": self.urgency.value if self.urgency else None,
            "findings": list(self.findings),
            "suspects": list(self.suspects),
            "advice": list(self.advice),
        }


@attrs.frozen
class InterviewStatus:
    """Whether the interview can stop, and if not, what is still open."""

    can_stop: bool
    #: One line per reason the interview cannot stop yet (empty when it can).
    reasons: tuple[str, ...]
    #: The open questions by purpose, as codes in the order they would be asked.
    open_questions: Mapping[str, tuple[str, ...]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "can_stop": self.can_stop,
            "reasons": list(self.reasons),
            "open_questions": {p: list(self.open_questions.get(p, ())) for p in PURPOSES},
        }


def _codes(values: Iterable[str]) -> frozenset[str]:
    if isinstance(values, str):  # a bare string would become a set of its letters
        raise TypeError(f"expected a collection of fact codes (got the string {values!r})")
    return frozenset(values)


@attrs.frozen
class Interview:
    """The state of one interview: the answers so far, the don't-knows, and the grouped
    questions answered yes (whose members are then asked one by one).

    >>> interview = Interview().answer("cough_sneeze_pain", True)
    >>> sorted(interview.case.present)
    ['cough_sneeze_pain']
    """

    case: Case = attrs.field(factory=Case)
    dont_know: frozenset[str] = attrs.field(factory=frozenset, converter=_codes)
    expanded: frozenset[str] = attrs.field(factory=frozenset, converter=_codes)

    def answer(self, question: Question | str, reply: Reply) -> Interview:
        """The interview after *reply* to *question*: ``True`` yes, ``False`` no, ``None``
        don't know, or a value for a valued fact. A grouped question must be given as the
        :class:`Question` (its members are in it)."""
        if isinstance(question, Question) and question.is_group:
            if reply is True:
                return attrs.evolve(self, expanded=self.expanded | {question.code})
            if reply is False:
                return self._with(absent=question.members)
            if reply is None:
                return attrs.evolve(self, dont_know=self.dont_know | set(question.members))
            raise InvalidFactValueError(question.code, "yes, no or don't know", reply)
        code = question.code if isinstance(question, Question) else question
        if reply is None:
            return attrs.evolve(self, dont_know=self.dont_know | {code})
        if reply is True:
            return self._with(present=(code,))
        if reply is False:
            return self._with(absent=(code,))
        values = dict(self.case.values)
        values[code] = reply
        return attrs.evolve(
            self,
            case=Case(present=self.case.present, absent=self.case.absent, values=values),
            dont_know=self.dont_know - {code},
        )

    def _with(self, *, present: Iterable[str] = (), absent: Iterable[str] = ()) -> Interview:
        present, absent = frozenset(present), frozenset(absent)
        case = Case(
            present=(self.case.present - absent) | present,
            absent=(self.case.absent - present) | absent,
            values=self.case.values,
        )
        return attrs.evolve(self, case=case, dont_know=self.dont_know - present - absent)

    def to_dict(self) -> dict[str, Any]:
        return {
            "present": sorted(self.case.present),
            "absent": sorted(self.case.absent),
            "values": dict(self.case.values),
            "dont_know": sorted(self.dont_know),
            "expanded": sorted(self.expanded),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Interview:
        """The inverse of :meth:`to_dict`; raises ``TypeError`` on a wrong shape."""
        known = {"present", "absent", "values", "dont_know", "expanded"}
        extra = sorted(set(data) - known)
        if extra:
            raise TypeError(f"unexpected keys {extra} (expected some of {sorted(known)})")
        lists = {}
        for key in ("present", "absent", "dont_know", "expanded"):
            value = data.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise TypeError(f"'{key}' must be a list of strings (got {value!r})")
            lists[key] = value
        values = data.get("values", {})
        if not isinstance(values, dict) or not all(
            isinstance(v, int | str) and not isinstance(v, bool) for v in values.values()
        ):
            raise TypeError(f"'values' must map codes to numbers or text (got {values!r})")
        return cls(
            case=Case(present=lists["present"], absent=lists["absent"], values=values),
            dont_know=lists["dont_know"],
            expanded=lists["expanded"],
        )


# --- the index: what the rule specs say about each code, built once per rulebook ----------


def _is_triage(spec: RuleSpec) -> bool:
    return isinstance(spec.then, RaiseRedFlag | Refer)


@attrs.frozen
class _Index:
    rulebook: Rulebook
    facts: Mapping[str, FactSpec]
    #: Fact codes in catalogue order (the order of the knowledge files).
    order: Mapping[str, int]
    triage_case: tuple[RuleSpec, ...]
    triage_derived: tuple[RuleSpec, ...]
    evidence_by_muscle: Mapping[str, tuple[RuleSpec, ...]]
    evidence_by_code: Mapping[str, tuple[RuleSpec, ...]]
    advice_rules: tuple[RuleSpec, ...]
    #: Numbers worth trying for each number fact: both sides of every threshold.
    probe_values: Mapping[str, tuple[Value, ...]]


def _build_index(rulebook: Rulebook) -> _Index:
    facts = rulebook.knowledge.facts
    evidence_by_muscle: dict[str, list[RuleSpec]] = defaultdict(list)
    evidence_by_code: dict[str, list[RuleSpec]] = defaultdict(list)
    thresholds: dict[str, set[int]] = defaultdict(set)
    for spec in rulebook.specs:
        if isinstance(spec.then, Evidence):
            evidence_by_muscle[spec.then.muscle].append(spec)
            for code in sorted(spec.codes):
                evidence_by_code[code].append(spec)
        for condition in spec.case_conditions:
            if isinstance(condition, AtLeast):
                thresholds[condition.code] |= {condition.minimum - 1, condition.minimum}
            elif isinstance(condition, Below):
                thresholds[condition.code] |= {condition.limit - 1, condition.limit}
    probes: dict[str, tuple[Value, ...]] = {}
    for code, fact in facts.items():
        if fact.type in VALUE_RANGES:
            low, high = VALUE_RANGES[fact.type]
            probes[code] = tuple(sorted(v for v in thresholds[code] | {low} if low <= v <= high))
        elif fact.allowed_values:
            probes[code] = fact.allowed_values
    return _Index(
        rulebook=rulebook,
        facts=facts,
        order={code: i for i, code in enumerate(facts)},
        triage_case=tuple(s for s in rulebook.specs if _is_triage(s) and not s.derived_conditions),
        triage_derived=tuple(s for s in rulebook.specs if _is_triage(s) and s.derived_conditions),
        evidence_by_muscle={m: tuple(v) for m, v in evidence_by_muscle.items()},
        evidence_by_code={c: tuple(v) for c, v in evidence_by_code.items()},
        advice_rules=tuple(s for s in rulebook.specs if isinstance(s.then, Advise | Warn)),
        probe_values=probes,
    )


_INDEXES: dict[int, _Index] = {}
_INDEX_LOCK = threading.Lock()


def _index_for(rulebook: Rulebook) -> _Index:
    with _INDEX_LOCK:
        index = _INDEXES.get(id(rulebook))
        if index is None or index.rulebook is not rulebook:
            if len(_INDEXES) > 8:  # rulebooks are few; keep the cache from growing forever
                _INDEXES.clear()
            index = _build_index(rulebook)
            _INDEXES[id(rulebook)] = index
        return index


# --- one analysis of a state --------------------------------------------------------------


class _Analysis:
    """What is settled and what is still open for one case and its don't-knows."""

    def __init__(
        self, index: _Index, case: Case, dont_know: frozenset[str], report: Report
    ) -> None:
        self.index = index
        self.case = case
        self.dont_know = dont_know
        self.report = report
        facts = index.facts
        known = case.present | case.absent | {code for code, _ in case.values}
        # A follow-up whose parent was denied or not known stays unknown for good.
        self.open: set[str] = set()
        self.askable: set[str] = set()
        for code, fact in facts.items():
            if code in known or code in dont_know:
                continue
            if self._reachable(code, known, dont_know):
                self.open.add(code)
                parent = fact.follow_up_of
                if not parent or parent in case.present:
                    self.askable.add(code)
        self.certainty = {
            muscle: self._certainty(specs, case)
            for muscle, specs in index.evidence_by_muscle.items()
        }
        self.suspects = {m for m, c in self.certainty.items() if c >= SUSPECT_THRESHOLD}
        self.top = _top(self.certainty)
        # The highest certainty each muscle could still reach, and the questions that lead
        # there (positive evidence rules still open).
        self.ceiling: dict[str, float] = {}
        self._signs: dict[str, tuple[str, ...]] = {}
        for muscle, specs in index.evidence_by_muscle.items():
            weights: list[float] = []
            signs: set[str] = set()
            for spec in specs:
                weight = spec.then.weight  # type: ignore[union-attr]
                status = self.case_status(spec)
                if status is Status.MET or (status is Status.UNKNOWN and weight > 0):
                    weights.append(weight)
                if status is Status.UNKNOWN and weight > 0:
                    signs.update(a for c in self.open_codes(spec) if (a := self.askable_for(c)))
            self.ceiling[muscle] = round(combine(weights), 3) if weights else 0.0
            self._signs[muscle] = tuple(sorted(signs, key=index.order.__getitem__))

    def _reachable(self, code: str, known: frozenset[str], dont_know: frozenset[str]) -> bool:
        parent = self.index.facts[code].follow_up_of
        seen = {code}
        while parent:
            if parent in self.case.present:
                return True
            if parent in known or parent in dont_know or parent in seen:
                return False
            seen.add(parent)
            parent = self.index.facts[parent].follow_up_of
        return True

    @staticmethod
    def _certainty(specs: Iterable[RuleSpec], case: Case) -> float:
        weights = [s.then.weight for s in specs if s.case_status(case) is Status.MET]  # type: ignore[union-attr]
        return round(combine(weights), 3) if weights else 0.0

    def area_of(self, muscle: str) -> str:
        return self.index.rulebook.knowledge.muscles[muscle].area

    def signs_of(self, muscle: str) -> tuple[str, ...]:
        return self._signs.get(muscle, ())

    def favoured(self, code: str) -> str | None:
        """The muscle a yes to *code* raises most (ties by id), if any."""
        if not self.index.facts[code].is_yes_no:
            return None
        after = self.certainty_after(code, True)
        gains = sorted(
            (-(after[m] - self.certainty[m]), m) for m in after if after[m] > self.certainty[m]
        )
        return gains[0][1] if gains else None

    def muscles_wanted(
        self, conditions: Iterable[Condition], areas: Mapping[str, str]
    ) -> set[str] | None:
        """Muscles whose signs could still make every suspect condition hold (``None``:
        they cannot all hold whatever is asked)."""
        wanted: set[str] = set()
        could = {m for m, c in self.ceiling.items() if c >= SUSPECT_THRESHOLD}
        for condition in conditions:
            if isinstance(condition, Suspected):
                match = {
                    m
                    for m in could
                    if (condition.muscle is None or m == condition.muscle)
                    and (condition.area is None or areas[m] == condition.area)
                }
                if not match:
                    return None
                if not match & self.suspects:
                    wanted |= match
            elif isinstance(condition, ManySuspects):
                # A minimum certainty on the condition (if the rulebook has one) counts only
                # clearly suspected muscles.
                floor = max(SUSPECT_THRESHOLD, getattr(condition, "min_certainty", None) or 0.0)
                reach = {m for m, c in self.ceiling.items() if c >= floor}
                now = {m for m, c in self.certainty.items() if c >= floor}
                if len(reach) < condition.count:
                    return None
                if len(now) < condition.count:
                    wanted |= reach - now
            elif isinstance(condition, Flagged):
                if not self.report.red_flags:
                    return None
            else:
                return None
        return wanted

    # Three statuses over the open questions.
    def condition_status(self, condition: CaseCondition) -> Status:
        code = condition.code
        if code in self.open:
            return Status.UNKNOWN
        if isinstance(condition, NotPresent):
            return Status.FAILED if code in self.case.present else Status.MET
        status = condition.status(self.case)
        # Unknown for good: a rule that needs it known never fires.
        return Status.FAILED if status is Status.UNKNOWN else status

    def case_status(self, spec: RuleSpec) -> Status:
        statuses = {self.condition_status(c) for c in spec.case_conditions}
        if Status.FAILED in statuses:
            return Status.FAILED
        return Status.UNKNOWN if Status.UNKNOWN in statuses else Status.MET

    def open_codes(self, spec: RuleSpec) -> list[str]:
        return sorted(c.code for c in spec.case_conditions if c.code in self.open)

    def askable_for(self, code: str) -> str | None:
        """The question that leads to *code*: itself, or the nearest open parent."""
        seen: set[str] = set()
        while code and code not in self.askable:
            if code in seen or code not in self.open:
                return None
            seen.add(code)
            code = self.index.facts[code].follow_up_of
        return code or None

    # One answer, looked ahead.
    def case_after(self, code: str, reply: Reply) -> Case:
        case = self.case
        if reply is True:
            return Case(present=case.present | {code}, absent=case.absent, values=case.values)
        if reply is False:
            return Case(present=case.present, absent=case.absent | {code}, values=case.values)
        values = dict(case.values)
        if reply is not None:
            values[code] = reply
        return Case(present=case.present, absent=case.absent, values=values)

    def replies(self, code: str) -> tuple[Reply, ...]:
        if self.index.facts[code].is_yes_no:
            return (True, False)
        return self.index.probe_values.get(code, ())

    def certainty_after(self, code: str, reply: Reply) -> dict[str, float]:
        case = self.case_after(code, reply)
        certainty = dict(self.certainty)
        for muscle in {s.then.muscle for s in self.index.evidence_by_code.get(code, ())}:  # type: ignore[union-attr]
            certainty[muscle] = self._certainty(self.index.evidence_by_muscle[muscle], case)
        return certainty


def _top(certainty: Mapping[str, float]) -> str | None:
    ranked = sorted((-c, m) for m, c in certainty.items() if c >= SUSPECT_THRESHOLD)
    return ranked[0][1] if ranked else None


def _derived_holds(
    condition: Condition, suspects: set[str], areas: Mapping[str, str], flagged: bool
) -> bool:
    if isinstance(condition, Suspected):
        return any(
            (condition.muscle is None or m == condition.muscle)
            and (condition.area is None or areas[m] == condition.area)
            for m in suspects
        )
    if isinstance(condition, ManySuspects):
        return len(suspects) >= condition.count
    if isinstance(condition, Flagged):
        return flagged
    return False


# --- building the questions ---------------------------------------------------------------


@attrs.frozen
class _Need:
    """One code worth asking, with what it could do."""

    code: str
    purpose: str
    rank: tuple[Any, ...]
    urgency: TriageLevel | None = None
    #: (red flag or referral id, the urgency it would be raised at)
    findings: frozenset[tuple[str, TriageLevel]] = frozenset()
    suspects: frozenset[str] = frozenset()
    advice: frozenset[str] = frozenset()
    #: The key under which codes of this tier may be grouped, or "" (never grouped).
    group_key: str = ""


def _screen_and_triage(analysis: _Analysis) -> list[_Need]:
    index = analysis.index
    settled = [s for s in index.triage_case if analysis.case_status(s) is Status.MET]
    lower = max((s.then.urgency for s in settled), default=TriageLevel.SELF_CARE)  # type: ignore[union-attr]
    lower = max(lower, analysis.report.triage if index.triage_derived else lower)
    needs: dict[str, _Need] = {}

    def add(code: str, purpose: str, urgency: TriageLevel, finding: str, rank: Any) -> None:
        asked = analysis.askable_for(code)
        if asked is None:
            return
        level_key = f"{purpose}:{urgency.value}" if index.facts[asked].is_yes_no else ""
        old = needs.get(asked)
        if old is not None:
            better = (PURPOSES.index(purpose), -urgency.rank) < (
                PURPOSES.index(old.purpose),
                -(old.urgency or TriageLevel.SELF_CARE).rank,
            )
            findings = old.findings | {(finding, urgency)}
            if not better:
                needs[asked] = attrs.evolve(old, findings=findings)
                return
        else:
            findings = frozenset({(finding, urgency)})
        needs[asked] = _Need(
            code=asked,
            purpose=purpose,
            rank=rank,
            urgency=urgency,
            findings=findings,
            group_key=level_key,
        )

    for spec in index.triage_case:
        then = spec.then
        assert isinstance(then, RaiseRedFlag | Refer)
        if analysis.case_status(spec) is not Status.UNKNOWN:
            continue
        screening = then.urgency >= SELF_CARE_WITHHELD_FROM
        if not screening and then.urgency <= lower:
            continue
        purpose = "screen" if screening else "triage"
        finding = then.flag if isinstance(then, RaiseRedFlag) else then.referral
        codes = analysis.open_codes(spec)
        # Codes shared by many open rules settle more at once; a rule close to complete
        # asks its remaining questions first.
        for code in codes:
            rank = (PURPOSES.index(purpose), -then.urgency.rank, len(codes), index.order[code])
            add(code, purpose, then.urgency, finding, rank)

    # Referrals that depend on the suspects: open while enough muscles could still cross
    # the threshold; their signs are asked muscle by muscle.
    areas = {m: index.rulebook.knowledge.muscles[m].area for m in analysis.certainty}
    firing = {rule for f in analysis.report.referrals for rule in f.rules}
    firing |= {rule for f in analysis.report.red_flags for rule in f.rules}
    for spec in index.triage_derived:
        then = spec.then
        assert isinstance(then, RaiseRedFlag | Refer)
        if (
            then.urgency <= lower
            or spec.id in firing
            or analysis.case_status(spec) is Status.FAILED
        ):
            continue
        wanted = analysis.muscles_wanted(spec.derived_conditions, areas)
        if wanted is None:
            continue
        finding = then.flag if isinstance(then, RaiseRedFlag) else then.referral
        for muscle in sorted(wanted):
            for code in analysis.signs_of(muscle):
                rank = (PURPOSES.index("triage"), -then.urgency.rank, 9, index.order[code])
                before = needs.get(code)
                add(code, "triage", then.urgency, finding, rank)
                if before is None and code in needs:
                    favoured = analysis.favoured(code)
                    needs[code] = attrs.evolve(
                        needs[code],
                        group_key=f"triage:{analysis.area_of(favoured)}" if favoured else "",
                        suspects=frozenset({muscle}),
                    )
        for code in analysis.open_codes(spec):
            rank = (PURPOSES.index("triage"), -then.urgency.rank, 9, index.order[code])
            add(code, "triage", then.urgency, finding, rank)
    return list(needs.values())


def _separate(analysis: _Analysis, taken: set[str]) -> list[_Need]:
    """Signs of every muscle that could still overtake the top suspect (or become the
    first suspect), and answers that could push the top suspect down."""
    index = analysis.index
    top = analysis.top
    bar = max(analysis.certainty[top], SUSPECT_THRESHOLD) if top else SUSPECT_THRESHOLD
    candidates: set[str] = set()
    for muscle, ceiling in analysis.ceiling.items():
        if muscle != top and ceiling >= bar:
            candidates.update(analysis.signs_of(muscle))
    if top:
        for spec in index.evidence_by_muscle[top]:
            if analysis.case_status(spec) is not Status.FAILED:
                weight = spec.then.weight  # type: ignore[union-attr]
                if weight < 0 or any(isinstance(c, NotPresent) for c in spec.case_conditions):
                    candidates.update(
                        a for c in analysis.open_codes(spec) if (a := analysis.askable_for(c))
                    )
    needs = []
    for code in sorted(candidates - taken, key=index.order.__getitem__):
        moved: set[str] = set()
        total = 0.0
        replies = analysis.replies(code)
        for reply in replies:
            after = analysis.certainty_after(code, reply)
            if _top(after) != top:
                total += 2.0
            for muscle, value in after.items():
                before = analysis.certainty[muscle]
                if value != before:
                    moved.add(muscle)
                    total += abs(value - before)
                    if (value >= SUSPECT_THRESHOLD) != (before >= SUSPECT_THRESHOLD):
                        total += 1.0
        expected = total / len(replies) if replies else 0.0
        favoured = analysis.favoured(code)
        key = (
            f"separate:{analysis.area_of(favoured)}"
            if favoured and index.facts[code].is_yes_no
            else ""
        )
        needs.append(
            _Need(
                code=code,
                purpose="separate",
                rank=(PURPOSES.index("separate"), -round(expected, 6), index.order[code]),
                suspects=frozenset(
                    moved | ({top} if top else set()) | ({favoured} if favoured else set())
                ),
                group_key=key,
            )
        )
    return needs


def _advice(analysis: _Analysis, taken: set[str]) -> list[_Need]:
    index = analysis.index
    report = analysis.report
    knowledge = index.rulebook.knowledge
    suspects = {s.muscle for s in report.suspects}
    areas = {m: knowledge.muscles[m].area for m in knowledge.muscles}
    given = {r.id for r in report.recommendations}
    given_kinds = {r.kind for r in report.recommendations}
    given_areas = {
        (r.kind, areas[m]) for r in report.recommendations for m in r.muscles if m in areas
    }
    flagged = bool(report.red_flags)
    gate_closed = report.triage.withholds_self_care
    by_code: dict[str, set[str]] = defaultdict(set)
    for spec in index.advice_rules:
        then = spec.then
        item = then.item if isinstance(then, Advise) else then.caution  # type: ignore[union-attr]
        if gate_closed and knowledge.item(item).kind in SELF_CARE_KINDS:
            continue
        if analysis.case_status(spec) is not Status.UNKNOWN:
            continue
        holds = True
        for condition in spec.derived_conditions:
            if isinstance(condition, Advised):
                holds = (
                    (condition.item is None or condition.item in given)
                    and (condition.kind is None or condition.kind in given_kinds)
                    and (
                        condition.area is None
                        or any(area == condition.area for _, area in given_areas)
                    )
                )
            else:
                holds = _derived_holds(condition, suspects, areas, flagged)
            if not holds:
                break
        if not holds:
            continue
        for code in analysis.open_codes(spec):
            asked = analysis.askable_for(code)
            if asked is not None and asked not in taken:
                by_code[asked].add(item)
    needs = []
    for code, items in by_code.items():
        fact = index.facts[code]
        needs.append(
            _Need(
                code=code,
                purpose="advice",
                rank=(PURPOSES.index("advice"), -len(items), index.order[code]),
                advice=frozenset(items),
                group_key=f"advice:{fact.group}" if fact.is_yes_no else "",
            )
        )
    return needs


def _all_needs(analysis: _Analysis) -> list[_Need]:
    needs = _screen_and_triage(analysis)
    taken = {n.code for n in needs}
    separate = _separate(analysis, taken)
    taken |= {n.code for n in separate}
    return needs + separate + _advice(analysis, taken)


def _questions(analysis: _Analysis, expanded: frozenset[str]) -> list[Question]:
    needs = sorted(_all_needs(analysis), key=lambda n: n.rank)
    by_key: dict[str, list[_Need]] = defaultdict(list)
    for need in needs:
        if need.group_key:
            by_key[need.group_key].append(need)
    questions: list[Question] = []
    done: set[str] = set()
    narrowed = _narrowed(analysis, needs, expanded)
    if narrowed is not None:
        code, members = narrowed
        if code:
            questions.append(_group_question(analysis, code, members))
        else:
            questions.append(_single_question(analysis, members[0]))
        done.update(n.code for n in members)
    for need in needs:
        if need.code in done:
            continue
        if not need.group_key:
            questions.append(_single_question(analysis, need))
            done.add(need.code)
            continue
        members = [n for n in by_key[need.group_key] if n.code not in done]
        members.sort(key=lambda n: analysis.index.order[n.code])
        code = _group_code(need.group_key, members)
        if len(members) >= 2 and code not in expanded:
            questions.append(_group_question(analysis, code, members))
            done.update(n.code for n in members)
        else:
            questions.append(_single_question(analysis, need))
            done.add(need.code)
    return questions


def _group_code(key: str, members: Sequence[_Need]) -> str:
    return f"{GROUP_PREFIX}{key}:{','.join(n.code for n in members)}"


def group_members(code: str) -> tuple[str, ...]:
    """The fact codes a grouped question's code stands for (empty for a fact code)."""
    if not code.startswith(GROUP_PREFIX):
        return ()
    return tuple(code.rpartition(":")[2].split(","))


def _narrowed(
    analysis: _Analysis, needs: Sequence[_Need], expanded: frozenset[str]
) -> tuple[str, list[_Need]] | None:
    """The question that follows a grouped question answered yes.

    While every other member of it was answered no (or don't know: a member the person
    did not know cannot be the one they said yes to), the yes is among the members left;
    they are asked in two halves, each again "any of these?", so finding the one sign
    present among n takes about log2(n) questions, not n. Returns the first half as
    (group code, members), or ("", [member]) when one is left.
    """
    settled_codes = analysis.case.absent | analysis.dont_know
    narrowest: tuple[str, list[_Need]] | None = None
    for code in sorted(expanded):
        said_yes = set(group_members(code))
        left = sorted(
            (n for n in needs if n.code in said_yes), key=lambda n: analysis.index.order[n.code]
        )
        settled = said_yes - {n.code for n in left}
        if (
            left
            and settled <= settled_codes
            and (narrowest is None or len(left) < len(narrowest[1]))
        ):
            narrowest = (code.removeprefix(GROUP_PREFIX).rpartition(":")[0], left)
    if narrowest is None:
        return None
    key, left = narrowest
    if len(left) == 1:
        return "", left
    half = left[: (len(left) + 1) // 2]
    if len(half) == 1:
        return "", half
    return _group_code(key, half), half


def _why(analysis: _Analysis, needs: Sequence[_Need]) -> str:
    knowledge = analysis.index.rulebook.knowledge
    purpose = needs[0].purpose
    if purpose in ("screen", "triage"):
        levels: dict[str, TriageLevel] = {}
        for need in needs:
            for finding, level in need.findings:
                levels[finding] = max(levels.get(finding, level), level)
        parts = [
            f"{knowledge.item(f).title} ({level.value})"
            for f, level in sorted(levels.items(), key=lambda e: (-e[1].rank, e[0]))
        ]
        verb = "could raise" if purpose == "screen" else "could change triage through"
        return f"{verb}: " + "; ".join(parts)
    if purpose == "separate":
        names = sorted({m for n in needs for m in n.suspects})
        titles = [knowledge.muscles[m].name for m in names]
        return "could change the top suspect among: " + ", ".join(titles)
    items = sorted({i for n in needs for i in n.advice})
    return "could unlock or hold back: " + ", ".join(knowledge.item(i).title for i in items)


def _single_question(analysis: _Analysis, need: _Need) -> Question:
    fact = analysis.index.facts[need.code]
    return Question(
        code=fact.code,
        text=fact.question,
        type=fact.type,
        group=fact.group,
        purpose=need.purpose,
        why=_why(analysis, [need]),
        help=fact.help,
        allowed=fact.allowed_values,
        value_range=VALUE_RANGES.get(fact.type),
        urgency=need.urgency,
        findings=tuple(sorted({f for f, _ in need.findings})),
        suspects=tuple(sorted(need.suspects)),
        advice=tuple(sorted(need.advice)),
    )


_GROUP_TEXT: Final = {
    "screen": "Does any of the following apply to you now?",
    "triage": "Does any of the following apply to you?",
    "separate": "Does any of the following describe your pain?",
    "advice": "Does any of the following apply to you?",
}


def _group_question(analysis: _Analysis, code: str, needs: Sequence[_Need]) -> Question:
    facts = analysis.index.facts
    first = facts[needs[0].code]
    urgency = max((n.urgency for n in needs if n.urgency), default=None)
    return Question(
        code=code,
        text=_GROUP_TEXT[needs[0].purpose],
        type=ANY_OF,
        group=first.group,
        purpose=needs[0].purpose,
        why=_why(analysis, needs),
        help="Answer yes if at least one applies; you will then be asked which.",
        members=tuple(n.code for n in needs),
        member_texts=tuple(facts[n.code].question for n in needs),
        urgency=urgency,
        findings=tuple(sorted({f for n in needs for f, _ in n.findings})),
        suspects=tuple(sorted({m for n in needs for m in n.suspects})),
        advice=tuple(sorted({i for n in needs for i in n.advice})),
    )


# --- public functions ---------------------------------------------------------------------


def _prepare(
    case: Case | Mapping[str, Reply],
    dont_know: Iterable[str],
    consultant: Consultant | None,
) -> tuple[_Analysis, Consultant]:
    if consultant is None:
        from .engine import default_consultant  # noqa: PLC0415 (engine imports this module)

        consultant = default_consultant()
    if not isinstance(case, Case):
        case = Case.from_answers(case)
    facts = consultant.knowledge.facts
    case = case.validated(facts)
    if isinstance(dont_know, str):
        raise TypeError(f"expected a collection of fact codes (got the string {dont_know!r})")
    unsure = frozenset(dont_know)
    for code in sorted(unsure):
        if code not in facts:
            raise UnknownFactError(code, facts)
    known = case.present | case.absent | {code for code, _ in case.values}
    unsure -= known
    report = consultant.consult(case)
    return _Analysis(_index_for(consultant.rulebook), case, unsure, report), consultant


def next_questions(
    case: Case | Mapping[str, Reply] | None = None,
    *,
    dont_know: Iterable[str] = (),
    limit: int | None = 10,
    expanded: Iterable[str] = (),
    consultant: Consultant | None = None,
) -> tuple[Question, ...]:
    """The questions worth asking next about *case*, best first (at most *limit*).

    Codes already answered and codes in *dont_know* are never offered; a follow-up is
    only offered once its parent is present. *expanded* names grouped questions already
    answered yes, whose members are then offered one by one. An empty result means the
    interview can stop (see :func:`interview_status`). Deterministic: the same case gives
    the same questions in the same order, whatever order the answers came in.
    """
    if limit is not None and limit < 0:
        raise ValueError(f"'limit' must be a non-negative number or None (got {limit!r})")
    analysis, _ = _prepare(case if case is not None else Case(), dont_know, consultant)
    questions = _questions(analysis, frozenset(expanded))
    return tuple(questions if limit is None else questions[:limit])


def interview_status(
    case: Case | Mapping[str, Reply] | None = None,
    *,
    dont_know: Iterable[str] = (),
    expanded: Iterable[str] = (),
    consultant: Consultant | None = None,
) -> InterviewStatus:
    """Whether the interview about *case* can stop: it can when no unasked question could
    change triage, the top suspect, or the advice; otherwise the reasons say what could."""
    questions = next_questions(
        case, dont_know=dont_know, limit=None, expanded=expanded, consultant=consultant
    )
    by_purpose: dict[str, list[str]] = {p: [] for p in PURPOSES}
    for question in questions:
        by_purpose[question.purpose].extend(question.codes)
    reasons = []
    lines = {
        "screen": "red-flag questions that could raise same_day or emergency are unanswered",
        "triage": "questions that could change triage are unanswered",
        "separate": "questions that could change the top suspect are unanswered",
        "advice": "questions that could unlock or hold back advice are unanswered",
    }
    for purpose in PURPOSES:
        codes = by_purpose[purpose]
        if codes:
            reasons.append(f"{lines[purpose]}: {', '.join(codes)}")
    return InterviewStatus(
        can_stop=not questions,
        reasons=tuple(reasons),
        open_questions={p: tuple(c) for p, c in by_purpose.items()},
    )
