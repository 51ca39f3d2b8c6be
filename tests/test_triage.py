"""Triage comes first, and urgent triage withholds self-care advice."""

from __future__ import annotations

import pytest

from trigger_rules import Consultant, TriageLevel, consult
from trigger_rules.rulebook import SELF_CARE_KINDS


def test_levels_are_ordered_lowest_to_highest() -> None:
    ordered = [level.value for level in sorted(TriageLevel)]
    assert ordered == ["self_care", "routine", "urgent_days", "same_day", "emergency"]


@pytest.mark.parametrize(
    ("level", "withholds"),
    [
        (TriageLevel.SELF_CARE, False),
        (TriageLevel.ROUTINE, False),
        (TriageLevel.URGENT_DAYS, False),
        (TriageLevel.SAME_DAY, True),
        (TriageLevel.EMERGENCY, True),
    ],
)
def test_which_levels_withhold(level: TriageLevel, withholds: bool) -> None:
    assert level.withholds_self_care is withholds


def test_no_red_flag_means_self_care() -> None:
    report = consult(present=["cough_sneeze_pain"])
    assert report.triage is TriageLevel.SELF_CARE
    assert report.withheld == ()
    assert report.withheld_reason == ""


def test_emergency_withholds_self_care_but_keeps_suspects_and_prevention() -> None:
    report = consult(present=["saddle_numbness", "cough_sneeze_pain", "wallet_in_back_pocket"])
    assert report.triage is TriageLevel.EMERGENCY
    assert [f.id for f in report.red_flags] == ["cauda_equina"]
    assert not {r.kind for r in report.recommendations} & SELF_CARE_KINDS
    assert set(report.withheld_kinds) == SELF_CARE_KINDS
    assert [w.because for w in report.withheld] == ["triage"]
    assert "emergency" in report.withheld[0].reason
    assert "emergency" in report.withheld_reason
    assert report.suspects[0].muscle == "quadratus_lumborum"
    assert "prevent_wallet" in {r.id for r in report.recommendations}


def test_same_case_without_the_flag_gets_the_advice() -> None:
    report = consult(
        present=["cough_sneeze_pain", "wallet_in_back_pocket"], absent=["saddle_numbness"]
    )
    assert report.triage is TriageLevel.SELF_CARE
    assert {"self_treatment", "prevention"} <= {r.kind for r in report.recommendations}


def test_red_flag_names_rule_facts_and_guideline(consultant: Consultant) -> None:
    report = consultant.consult({"saddle_numbness": True})
    (flag,) = report.red_flags
    assert flag.rules == ("cauda_equina.saddle_numbness",)
    assert flag.facts == ("saddle_numbness",)
    kinds = {consultant.knowledge.sources[s].kind for s in flag.sources}
    assert kinds == {"guideline"}


def test_a_pulse_felt_alone_is_a_caution_not_a_red_flag() -> None:
    report = consult(present=["pulse_felt_while_pressing"])
    assert "aorta_pulse" in {c.id for c in report.cautions}
    assert report.red_flags == ()
