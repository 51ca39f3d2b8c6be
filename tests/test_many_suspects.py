"""ManySuspects counts only the suspects that reach its min_certainty, in both engines."""

from __future__ import annotations

import pytest

from trigger_rules import Case, Consultant, KnowledgeError
from trigger_rules.engine import default_consultant
from trigger_rules.ranking import SUSPECT_THRESHOLD
from trigger_rules.rulebook import ManySuspects, Refer, Rulebook, RuleSpec
from trigger_rules.triage import TriageLevel

BASE = default_consultant().rulebook
CASE = Case(present={"cough_sneeze_pain", "buttock_pain", "tailbone_pain"})


def _with(*conditions: ManySuspects) -> tuple[Consultant, Consultant]:
    extra = tuple(
        RuleSpec(
            name=f"count_{i}",
            when=(condition,),
            then=Refer("chronic_pain_assessment", TriageLevel.ROUTINE),
            module="test_many_suspects",
        )
        for i, condition in enumerate(conditions)
    )
    rulebook = Rulebook(specs=BASE.specs + extra, knowledge=BASE.knowledge)
    return Consultant(rulebook=rulebook), Consultant(rulebook=rulebook, engine="compiled")


def test_the_default_counts_every_suspect() -> None:
    assert ManySuspects(2).min_certainty == SUSPECT_THRESHOLD


@pytest.mark.parametrize("engine", [0, 1])
def test_only_suspects_at_or_above_the_minimum_count(engine: int) -> None:
    suspects = default_consultant().consult(CASE).suspects
    assert len(suspects) == 2
    top, second = suspects[0].certainty, suspects[1].certainty
    assert top > second
    cases = {
        "both": ManySuspects(2, min_certainty=second),
        "top only, two wanted": ManySuspects(2, min_certainty=top),
        "top only, one wanted": ManySuspects(1, min_certainty=top),
        "none": ManySuspects(1, min_certainty=round(top + 0.001, 3)),
    }
    consultant = _with(*cases.values())[engine]
    report = consultant.consult(CASE)
    fired = {
        rule.removeprefix("test_many_suspects.")
        for f in report.referrals
        for rule in f.rules
        if rule.startswith("test_many_suspects.")
    }
    assert fired == {"count_0", "count_2"}
    referral = next(f for f in report.referrals if f.id == "chronic_pain_assessment")
    # Only the counted suspects' facts support "top only"; both suspects' support "both".
    assert set(suspects[0].facts) | set(suspects[1].facts) <= set(referral.facts)


def test_the_engines_agree_with_thresholds() -> None:
    experta, compiled = _with(ManySuspects(1, min_certainty=0.5), ManySuspects(2, 0.4))
    for case in (CASE, Case(present={"cough_sneeze_pain"}), Case()):
        assert experta.conclude(case) == compiled.conclude(case)
        assert experta.consult(case).to_json() == compiled.consult(case).to_json()


@pytest.mark.parametrize("engine", [0, 1])
def test_only_the_counted_suspects_support_the_conclusion(engine: int) -> None:
    top = default_consultant().consult(CASE).suspects[0]
    consultant = _with(ManySuspects(1, min_certainty=top.certainty))[engine]
    referral = next(
        f for f in consultant.consult(CASE).referrals if f.id == "chronic_pain_assessment"
    )
    assert referral.rules == ("test_many_suspects.count_0",)
    assert referral.facts == top.facts


@pytest.mark.parametrize(
    ("condition", "problem"),
    [
        (ManySuspects(0), "give 1 or more"),
        (ManySuspects(2, min_certainty=0.1), "from the suspect threshold"),
        (ManySuspects(2, min_certainty=1.5), "from the suspect threshold"),
    ],
)
def test_impossible_counts_are_refused(condition: ManySuspects, problem: str) -> None:
    with pytest.raises(KnowledgeError, match=problem):
        _with(condition)
