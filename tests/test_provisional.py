"""Reports say when triage is provisional, and list unscreened questions most urgent first."""

from __future__ import annotations

from hypothesis import given

from trigger_rules import Case, TriageLevel, consult
from trigger_rules.engine import default_consultant
from trigger_rules.rulebook import NotPresent, RaiseRedFlag, Refer, Status

from .strategies import cases

SPECS = default_consultant().rulebook.specs
FACTS = default_consultant().knowledge.facts


def _could_raise() -> dict[str, TriageLevel]:
    """For every code a screening rule asks, the highest urgency that rule could raise."""
    highest: dict[str, TriageLevel] = {}
    for spec in SPECS:
        then = spec.then
        if isinstance(then, RaiseRedFlag) or (
            isinstance(then, Refer)
            and then.urgency >= TriageLevel.SAME_DAY
            and not spec.derived_conditions
        ):
            for c in spec.case_conditions:
                if not isinstance(c, NotPresent):
                    highest[c.code] = max(highest.get(c.code, then.urgency), then.urgency)
    return highest


COULD_RAISE = _could_raise()


def test_an_empty_case_is_provisional_and_asks_emergency_questions_first() -> None:
    report = consult(Case())
    assert report.provisional
    assert not report.screening_complete
    first = COULD_RAISE[report.unscreened[0]]
    assert first is TriageLevel.EMERGENCY
    assert set(report.unscreened) == set(COULD_RAISE)


def _open_questions(case: Case) -> dict[str, TriageLevel]:
    """Unknown codes of screening rules still undecided on *case*, with the highest urgency
    such a rule raises (computed from the rule specs' own status checks). A rule waiting
    on a question that cannot apply to the person (a pregnancy question for a man) is not
    one any question can complete, so it lists nothing."""
    found: dict[str, TriageLevel] = {}
    values = dict(case.values)
    for spec in SPECS:
        then = spec.then
        screening = isinstance(then, RaiseRedFlag) or (
            isinstance(then, Refer)
            and then.urgency >= TriageLevel.SAME_DAY
            and not spec.derived_conditions
        )
        if not screening or spec.case_status(case) is not Status.UNKNOWN:
            continue
        unknown = [c.code for c in spec.case_conditions if c.status(case) is Status.UNKNOWN]
        if any(not FACTS[code].applies_to(values) for code in unknown):
            continue
        for code in unknown:
            found[code] = max(found.get(code, then.urgency), then.urgency)  # type: ignore[union-attr]
    return found


@given(cases())
def test_unscreened_is_ordered_by_urgency_then_code(case: Case) -> None:
    report = consult(case)
    could_raise = _open_questions(case)
    assert report.unscreened == tuple(
        sorted(could_raise, key=lambda code: (-could_raise[code].rank, code))
    )
    expected = any(
        level >= TriageLevel.SAME_DAY and level > report.triage for level in could_raise.values()
    )
    assert report.provisional is expected
    assert report.to_dict()["provisional"] is report.provisional


def test_answering_every_urgent_question_no_makes_triage_final() -> None:
    urgent = {c for c, level in COULD_RAISE.items() if level >= TriageLevel.SAME_DAY}
    yes_no = {c for c in urgent if default_consultant().knowledge.facts[c].is_yes_no}
    values = {"age": 40} if "age" in urgent else {}
    report = consult(Case(absent=yes_no, values=values))
    assert not report.provisional
    # Questions that could raise only a lower urgency may still be open.
    assert all(COULD_RAISE[c] < TriageLevel.SAME_DAY for c in report.unscreened)


def test_an_emergency_already_raised_is_not_provisional() -> None:
    report = consult(present=["saddle_numbness"])
    assert report.triage is TriageLevel.EMERGENCY
    assert report.unscreened
    assert not report.provisional
