"""Issue 8 content: the intake vocabulary and the self-care each finding holds back.

The expected ``holds_back`` of each item is written out here by hand, independently of the
knowledge files, so that a change of scope has to be made twice, on purpose.
"""

from __future__ import annotations

from pathlib import Path

from trigger_rules import Case, Consultant
from trigger_rules.cases import load_cases

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "examples" / "cases"

ALL = frozenset({"self_treatment", "stretch", "strengthen"})

#: item id -> {(kind, area)} it holds back while raised.
EXPECTED_HOLDS: dict[str, set[tuple[str, str]]] = {
    "fracture": {(k, "low_back") for k in ALL},
    "malignancy": {(k, "low_back") for k in ALL},
    "infection": {(k, "low_back") for k in ALL},
    "hold_pressure_until_seen": {(k, "low_back") for k in ALL},
    "aortic_aneurysm": {("self_treatment", "abdomen")},
    "ectopic_pregnancy": {(k, a) for k in ALL for a in ("abdomen", "pelvis")},
    "internal_bleeding": {(k, a) for k in ALL for a in ("abdomen", "pelvis")},
    "belly_pain_with_bleeding": {(k, a) for k in ALL for a in ("abdomen", "pelvis")},
    "pregnancy_belly": {("self_treatment", "abdomen"), ("strengthen", "abdomen")},
    "appendicitis": {("self_treatment", "abdomen")},
    "visceral_mimic": {("self_treatment", "abdomen")},
    "structural_abnormality": {("self_treatment", "low_back")},
    "strong_pain_back_off": {("self_treatment", "low_back")},
    "kidney": {("self_treatment", "low_back")},
    "leg_swelling_check": {("self_treatment", "lower_leg")},
    "deep_vein_thrombosis": {("self_treatment", "lower_leg")},
    "shingles": {("self_treatment", a) for a in ("low_back", "abdomen", "buttocks")},
    "trochanteric_pain": {("self_treatment", "buttocks")},
}


def _scopes(consultant: Consultant, item_id: str) -> set[tuple[str, str]]:
    item = consultant.knowledge.items[item_id]
    return {
        (kind, area) for scope in item.holds_back for kind in scope.kinds for area in scope.areas
    }


def test_holds_back_matches_the_hand_written_table(consultant: Consultant) -> None:
    holding = {i.id for i in consultant.knowledge.items.values() if i.holds_back}
    assert holding == set(EXPECTED_HOLDS)
    for item_id, expected in EXPECTED_HOLDS.items():
        assert _scopes(consultant, item_id) == expected, item_id


def test_an_item_that_holds_back_self_care_says_so_as_judgement_or_in_its_text(
    consultant: Consultant,
) -> None:
    # a scope is a clinical choice: it must be visible to the reader of the item
    for item_id in EXPECTED_HOLDS:
        item = consultant.knowledge.items[item_id]
        words = f"{item.text} {item.judgement}".lower()
        assert any(w in words for w in ("press", "hold", "massage", "stretch")), item_id


def test_every_fact_has_a_question_and_appears_in_an_example_case(
    consultant: Consultant,
) -> None:
    seen: set[str] = set()
    for example in load_cases([CASES]):
        seen |= example.case.present | example.case.absent
        seen |= {code for code, _ in example.case.values}
    facts = consultant.knowledge.facts
    assert sorted(set(facts) - seen) == []
    assert all(f.question.rstrip().endswith("?") for f in facts.values())


def test_sex_and_pregnancy_are_choice_facts(consultant: Consultant) -> None:
    facts = consultant.knowledge.facts
    assert facts["sex"].type == "choice"
    assert set(facts["sex"].choices) >= {"female", "male"}
    assert facts["pregnant"].type == "choice"
    assert set(facts["pregnant"].choices) == {"yes", "possible", "no"}


def test_tingling_below_the_knee_is_a_symptom_and_pressing_it_a_finding(
    consultant: Consultant,
) -> None:
    facts = consultant.knowledge.facts
    assert facts["tingling_below_knee"].kind == "symptom"
    assert facts["tingling_below_knee"].group == "where_it_hurts"
    pressing = facts["tingling_below_knee_while_pressing"]
    assert pressing.kind == "finding"
    assert pressing.group == "self_treatment_findings"


def test_the_low_back_hold_follows_the_spinal_flags_not_the_inflammatory_one(
    consultant: Consultant,
) -> None:
    fracture = consultant.consult(
        Case(present={"minor_trauma", "osteoporosis"}, values={"age": 50})
    )
    assert "hold_pressure_until_seen" in {c.id for c in fracture.cautions}
    inflammatory = consultant.consult(
        Case(
            present={"morning_stiffness_over_30_min", "improves_with_exercise"},
            values={"age": 30, "duration_days": 120},
        )
    )
    assert inflammatory.red_flags
    assert "hold_pressure_until_seen" not in {c.id for c in inflammatory.cautions}
