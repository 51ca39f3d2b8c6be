"""Rule-consistency properties over arbitrary valid cases.

Every property here was seen to fail against a deliberately broken rule before it was
trusted: a property that cannot fail is not a test.
"""

from __future__ import annotations

import contextlib
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trigger_rules import Case, Report, TriggerRulesError, consult
from trigger_rules.engine import default_consultant
from trigger_rules.rulebook import SELF_CARE_KINDS

from .strategies import TRIAGE_CODES, VALUED, YES_NO_CODES, cases

KNOWLEDGE = default_consultant().knowledge
BUTTOCK_MUSCLES = {m for m, spec in KNOWLEDGE.muscles.items() if spec.area == "buttocks"}
ABDOMEN_MUSCLES = {m for m, spec in KNOWLEDGE.muscles.items() if spec.area == "abdomen"}


def _items(report: Report) -> list[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
    """(id, rules, facts, sources) of every conclusion in the report."""
    entries = [
        *report.red_flags,
        *report.referrals,
        *report.recommendations,
        *report.cautions,
        *report.notes,
    ]
    found = [(e.id, e.rules, e.facts, e.sources) for e in entries]
    found += [(s.muscle, s.rules, s.facts, s.sources) for s in report.suspects]
    for suspect in report.suspects:
        for line in (*suspect.evidence, *suspect.evidence_against):
            found.append((line.sign, (line.rule,), line.facts, line.sources))
    return found


def _with_present(case: Case, *codes: str) -> Case:
    return Case(
        present=case.present | set(codes), absent=case.absent - set(codes), values=case.values
    )


class TestRobustness:
    @given(cases())
    def test_any_valid_case_gives_a_report(self, case: Case) -> None:
        assert isinstance(consult(case), Report)

    @given(
        st.dictionaries(
            st.sampled_from(sorted(VALUED)) | st.sampled_from(YES_NO_CODES) | st.text(max_size=12),
            st.none()
            | st.booleans()
            | st.integers(-5, 200)
            | st.floats(allow_nan=True)
            | st.text(max_size=5),
            max_size=6,
        )
    )
    def test_invalid_input_raises_only_library_errors(self, answers: dict[str, object]) -> None:
        with contextlib.suppress(TriggerRulesError):
            consult(Case.from_answers(answers))  # type: ignore[arg-type]


class TestDeterminism:
    @given(cases(), st.randoms(use_true_random=False))
    def test_fact_order_and_repeats_do_not_change_the_report(
        self, case: Case, rnd: random.Random
    ) -> None:
        first = consult(case).to_json()
        present, absent = list(case.present), list(case.absent)
        rnd.shuffle(present)
        rnd.shuffle(absent)
        values = list(case.values)
        rnd.shuffle(values)
        shuffled = Case(present=present, absent=absent, values=values)
        assert consult(shuffled).to_json() == first
        assert consult(case).to_json() == first


class TestSafety:
    @given(cases())
    def test_urgent_triage_withholds_all_self_care_advice(self, case: Case) -> None:
        report = consult(case)
        kinds = {r.kind for r in report.recommendations}
        if report.triage.withholds_self_care:
            assert not kinds & SELF_CARE_KINDS
            assert set(report.withheld_kinds) == SELF_CARE_KINDS
            assert report.withheld[0].because == "triage"
        else:
            assert all(w.because != "triage" for w in report.withheld)

    @given(cases())
    def test_red_flags_are_never_hidden(self, case: Case) -> None:
        report = consult(case)
        for flag in report.red_flags:
            assert report.triage >= flag.urgency
        for referral in report.referrals:
            assert report.triage >= referral.urgency

    @given(cases())
    def test_abdominal_self_treatment_brings_the_aorta_caution(self, case: Case) -> None:
        report = consult(case)
        abdominal = [
            r
            for r in report.recommendations
            if r.kind == "self_treatment" and set(r.muscles) & ABDOMEN_MUSCLES
        ]
        if abdominal:
            assert "aorta_pulse" in {c.id for c in report.cautions}

    @given(cases())
    def test_buttock_self_treatment_brings_the_sciatic_caution(self, case: Case) -> None:
        report = consult(case)
        buttock = [
            r
            for r in report.recommendations
            if r.kind == "self_treatment" and set(r.muscles) & BUTTOCK_MUSCLES
        ]
        if buttock:
            assert "sciatic_nerve" in {c.id for c in report.cautions}

    @given(cases(), st.sets(st.sampled_from(YES_NO_CODES), max_size=8))
    def test_adding_present_facts_never_lowers_triage(self, case: Case, extra: set[str]) -> None:
        triage = consult(case).triage
        assert consult(_with_present(case, *extra)).triage >= triage
        # and each fact that a red flag or referral looks at, one at a time
        for code in sorted(set(TRIAGE_CODES) - case.present):
            assert consult(_with_present(case, code)).triage >= triage, code


class TestExplanations:
    @given(cases())
    def test_every_item_names_rules_present_facts_and_real_sources(self, case: Case) -> None:
        report = consult(case)
        allowed = case.present | {code for code, _ in case.values}
        known_rules = {spec.id for spec in default_consultant().rulebook.specs}
        for item_id, rules, facts, sources in _items(report):
            assert rules, item_id
            assert set(rules) <= known_rules, item_id
            assert set(facts) <= allowed, (item_id, set(facts) - allowed)
            assert not set(facts) & case.absent, item_id
            assert sources, item_id
            assert set(sources) <= set(KNOWLEDGE.sources), item_id

    @given(cases())
    def test_unscreened_questions_are_unknown_in_the_case(self, case: Case) -> None:
        report = consult(case)
        answered = case.present | case.absent | {code for code, _ in case.values}
        assert not set(report.unscreened) & answered


class TestConsistentAdvice:
    @given(cases())
    def test_no_stretch_while_stretching_hurts(self, case: Case) -> None:
        # the facts that unlock stretching and strengthening too, so that a rule that
        # forgot to check for pain would fire here
        case = _with_present(
            case, "stretching_hurts", "self_treatment_relieved", "stretching_pain_free"
        )
        report = consult(case)
        assert not report.recommendations_of("stretch")
        assert not report.recommendations_of("strengthen")

    @given(cases())
    def test_no_strengthening_while_exercise_hurts(self, case: Case) -> None:
        report = consult(_with_present(case, "exercise_hurts", "stretching_pain_free"))
        assert not report.recommendations_of("strengthen")

    @given(cases())
    def test_a_step_back_never_comes_with_the_step_it_undoes(self, case: Case) -> None:
        ids = {r.id for r in consult(case).recommendations}
        kinds = {r.kind for r in consult(case).recommendations}
        if "stretch_hurts_step_back" in ids:
            assert "stretch" not in kinds
        if "exercise_hurts_step_back" in ids:
            assert "strengthen" not in kinds

    @given(cases())
    def test_nothing_advises_sit_ups(self, case: Case) -> None:
        for recommendation in consult(case).recommendations:
            text = recommendation.text.lower()
            if "sit-up" in text:
                assert any(
                    word in text
                    for word in ("instead of sit-ups", "drop sit-ups", "never", "strain")
                ), recommendation.id


@pytest.mark.parametrize("code", ["cough_sneeze_pain", "saddle_numbness"])
def test_absent_is_not_present(code: str) -> None:
    absent = consult(absent=[code])
    unknown = consult()
    assert absent.suspects == unknown.suspects
    assert absent.red_flags == unknown.red_flags == ()
