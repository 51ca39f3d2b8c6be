"""Hypothesis strategies shared by the property tests: arbitrary valid cases.

Uniformly random subsets of a hundred-odd codes almost never meet the two or three facts
a rule needs together, so a property over them would pass even with a broken rule (seen:
a stretch advised while stretching hurts went unnoticed). :func:`cases` therefore starts
from the conditions of a few real rules, sets the facts that make them fire (including
the facts behind the suspects and advice a rule waits for) mostly present and the facts
that block them mostly not, and adds random other facts on top. Values cluster around
the thresholds rules use.
"""

from __future__ import annotations

from hypothesis import strategies as st

from trigger_rules import Case
from trigger_rules.engine import default_consultant
from trigger_rules.knowledge_base import VALUE_RANGES
from trigger_rules.rulebook import (
    Advise,
    Advised,
    AtLeast,
    Below,
    Evidence,
    Flagged,
    ManySuspects,
    NotPresent,
    Present,
    RaiseRedFlag,
    Refer,
    RuleSpec,
    Suspected,
)

_CONSULTANT = default_consultant()
_FACTS = _CONSULTANT.knowledge.facts
_SPECS = _CONSULTANT.rulebook.specs

YES_NO_CODES = tuple(sorted(code for code, spec in _FACTS.items() if spec.is_yes_no))
VALUED = {code: spec.type for code, spec in _FACTS.items() if not spec.is_yes_no}

_KNOWLEDGE = _CONSULTANT.knowledge


def _strongest_evidence(muscles: set[str]) -> list[RuleSpec]:
    """For each muscle, the evidence rule with the highest weight, strongest first."""
    chosen = []
    for muscle in sorted(muscles):
        candidates = [
            s
            for s in _SPECS
            if isinstance(s.then, Evidence) and s.then.muscle == muscle and s.then.weight > 0
        ]
        if candidates:
            chosen.append(max(candidates, key=lambda s: (s.then.weight, s.id)))  # type: ignore[union-attr]
    return sorted(chosen, key=lambda s: (-s.then.weight, s.id))  # type: ignore[union-attr]


def _muscles_for(condition: Suspected) -> set[str]:
    return {
        m
        for m, spec in _KNOWLEDGE.muscles.items()
        if condition.muscle in (None, m) and condition.area in (None, spec.area)
    }


def _advice_rules_for(condition: Advised) -> list[RuleSpec]:
    found = []
    for spec in _SPECS:
        if not isinstance(spec.then, Advise):
            continue
        item = _KNOWLEDGE.items[spec.then.item]
        if condition.item not in (None, item.id) or condition.kind not in (None, item.kind):
            continue
        if condition.area is not None or condition.muscle is not None:
            wanted = _muscles_for(Suspected(condition.muscle, condition.area))
            suspected = [c for c in spec.derived_conditions if isinstance(c, Suspected)]
            if not any(_muscles_for(c) & wanted for c in suspected):
                continue
        found.append(spec)
    return found


def _enabling(spec: RuleSpec, depth: int = 0) -> tuple[frozenset[str], frozenset[str]]:
    """(required, blocking): yes/no facts that make *spec* fire, including the facts that
    produce the suspects and advice its derived conditions need."""
    required = {c.code for c in spec.case_conditions if isinstance(c, Present)}
    blocking = {c.code for c in spec.case_conditions if isinstance(c, NotPresent)}
    for condition in spec.derived_conditions:
        if isinstance(condition, Suspected):
            for evidence in _strongest_evidence(_muscles_for(condition))[:1]:
                required |= {c.code for c in evidence.case_conditions if isinstance(c, Present)}
        elif isinstance(condition, Flagged):
            flag = next(s for s in _SPECS if isinstance(s.then, RaiseRedFlag))
            required |= {c.code for c in flag.case_conditions if isinstance(c, Present)}
        elif isinstance(condition, ManySuspects):
            for evidence in _strongest_evidence(set(_KNOWLEDGE.muscles))[: condition.count]:
                required |= {c.code for c in evidence.case_conditions if isinstance(c, Present)}
        elif depth < 2:
            for producer in _advice_rules_for(condition)[:1]:
                more, less = _enabling(producer, depth + 1)
                required |= more
                blocking |= less
    return frozenset(required), frozenset(blocking - required)


#: For each rule, the facts that make it fire and the facts that block it. Rules that
#: wait for other conclusions or can be blocked are listed three times: they need more
#: facts to line up, so they are drawn more often.
RULE_FACTS = tuple(
    _enabling(spec)
    for spec in _SPECS
    for _ in range(3 if spec.derived_conditions or spec.codes - set(spec.supporting_codes) else 1)
)
#: The yes/no facts each rule looks at, one group per rule.
RULE_CODE_GROUPS = tuple(sorted(req | block) for req, block in RULE_FACTS if req | block)

#: Codes that red-flag and referral rules look at: the ones that can move triage.
TRIAGE_CODES = tuple(
    sorted(
        {c for s in _SPECS if isinstance(s.then, RaiseRedFlag | Refer) for c in s.codes}
        & set(YES_NO_CODES)
    )
)
_THRESHOLDS: dict[str, set[int]] = {}
for _spec in _SPECS:
    for _condition in _spec.case_conditions:
        if isinstance(_condition, AtLeast):
            _THRESHOLDS.setdefault(_condition.code, set()).update(
                {_condition.minimum - 1, _condition.minimum}
            )
        elif isinstance(_condition, Below):
            _THRESHOLDS.setdefault(_condition.code, set()).update(
                {_condition.limit - 1, _condition.limit}
            )

states = st.sampled_from(("present", "absent", "unknown"))


def _value(code: str) -> st.SearchStrategy[int | str]:
    kind = VALUED[code]
    if kind not in VALUE_RANGES:
        return st.sampled_from(_FACTS[code].allowed_values)
    upper = VALUE_RANGES[kind][1]
    near = sorted(v for v in _THRESHOLDS.get(code, ()) if 0 <= v <= upper)
    anywhere = st.integers(0, upper)
    return st.sampled_from(near) | anywhere if near else anywhere


likely_present = st.sampled_from(("present", "present", "present", "absent", "unknown"))
likely_not_present = st.sampled_from(("present", "absent", "absent", "unknown", "unknown"))


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """A valid case: a few rules' enabling facts, mostly set to fire them, random others,
    and maybe values."""
    chosen: dict[str, str] = draw(
        st.dictionaries(st.sampled_from(YES_NO_CODES), states, max_size=12)
    )
    for required, blocking in draw(st.lists(st.sampled_from(RULE_FACTS), max_size=8)):
        chosen.update({code: draw(likely_present) for code in sorted(required)})
        chosen.update({code: draw(likely_not_present) for code in sorted(blocking)})
    values = {}
    for code in sorted(VALUED):
        value = draw(st.none() | _value(code))
        if value is not None:
            values[code] = value
    return Case(
        present={c for c, s in chosen.items() if s == "present"},
        absent={c for c, s in chosen.items() if s == "absent"},
        values=values,
    )


def unknown_codes() -> st.SearchStrategy[str]:
    """Strings that are not fact codes."""
    return st.text(min_size=1, max_size=30).filter(lambda s: s not in _FACTS)


# --- the interview (issue 11) ---------------------------------------------------------------


def interview_reply(
    question_type: str, allowed: tuple[str, ...], kind: str
) -> st.SearchStrategy[bool | int | str | None]:
    """A reply a person could type to a question of *question_type*: yes, no or don't know,
    or a value; *kind* is ``VALUE_RANGES`` key for number questions."""
    if question_type in ("yes_no", "any_of"):
        # Mostly no or don't know, as most answers are; a yes often enough to walk groups.
        return st.sampled_from((True, False, False, None))
    if allowed:
        return st.none() | st.sampled_from(allowed)
    low, high = VALUE_RANGES[kind]
    return st.none() | st.integers(low, high)


def chief_complaints() -> st.SearchStrategy[frozenset[str]]:
    """What a person might open an interview with: up to three present yes/no facts."""
    return st.frozensets(st.sampled_from(YES_NO_CODES), max_size=3)
