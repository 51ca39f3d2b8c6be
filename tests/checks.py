"""Properties as plain functions, shared by the hypothesis tests and the mutation harness.

Each check judges a report against something that does not come from the rule under test:
the independent urgency table, the guideline limits below, the fact catalogue's kinds, the
safety contract (an emergency withholds self-care; a red flag is never hidden) or the
output contract (sorted, explained, deterministic). A check raises ``AssertionError`` with
a message saying what broke.

*Case checks* look at one case and its report (and may consult a variant of the case);
*global checks* consult cases of their own, once per rule set.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from typing import Final

from trigger_rules import Case, Report, TriageLevel
from trigger_rules.engine import default_consultant
from trigger_rules.rulebook import (
    Advised,
    AtLeast,
    Below,
    Evidence,
    OneOf,
    Present,
    RuleSpec,
    SideIs,
    Status,
)

from .test_red_flags_and_referrals import EXPECTED_URGENCY

Consult = Callable[[Case], Report]
CaseCheck = Callable[[Case, Report, Consult], None]
GlobalCheck = Callable[[Consult, Sequence[RuleSpec]], None]

_KNOWLEDGE = default_consultant().knowledge
_FACTS = _KNOWLEDGE.facts
_SPECS = default_consultant().rulebook.specs

#: Written out, not imported: a mutant of the library's own constants must not move them.
SELF_CARE: Final = frozenset({"self_treatment", "stretch", "strengthen"})
WITHHOLDING: Final = frozenset({"same_day", "emergency"})
KIND_ORDER: Final = ("self_treatment", "stretch", "strengthen", "prevention")
URGENCY_ORDER: Final = ("self_care", "routine", "urgent_days", "same_day", "emergency")
AREAS: Final = ("low_back", "buttocks", "abdomen", "lower_leg", "pelvis")
#: Library judgement (ranking.py): one specific sign names a muscle, one weak one does not.
THRESHOLD: Final = 0.35

#: The limits the guidelines give, per rule that tests a value: (code, "at_least" | "below",
#: limit). Written from the guidelines (NICE CKS red flags; ASAS inflammatory back pain;
#: acute under a week, chronic from three months), not read from the rules, so a moved
#: limit fails here. A new rule with an age or duration condition must add its row.
GUIDELINE_LIMITS: Final[dict[str, tuple[tuple[str, str, int], ...]]] = {
    "aortic_aneurysm.pulse_with_risk_factors": (("age", "at_least", 65),),
    # Wright et al. 2002: from 60, colic may be a leaking aneurysm
    "aortic_aneurysm.colic_at_60_or_over": (("age", "at_least", 60),),
    "fracture.minor_trauma_older_age": (("age", "at_least", 65),),
    "malignancy.night_pain_over_50": (("age", "at_least", 50),),
    "malignancy.no_improvement_over_50": (("age", "at_least", 50),),
    # the caution that holds pressure back until seen follows its red flag's limit
    "safety.hold_fracture_minor_trauma_older_age": (("age", "at_least", 65),),
    "safety.hold_malignancy_night_pain_over_50": (("age", "at_least", 50),),
    "safety.hold_malignancy_no_improvement_over_50": (("age", "at_least", 50),),
    # NICE NG226: a clinical diagnosis of osteoarthritis from 45
    "hip_osteoarthritis.stiff_painful_hip": (("age", "at_least", 45),),
    "hip_osteoarthritis.stiff_hip_groin_pain": (("age", "at_least", 45),),
    "inflammatory_back_pain.stiffness_and_exercise": (
        ("age", "below", 45),
        ("duration_days", "at_least", 90),
    ),
    "inflammatory_back_pain.stiffness_and_night_waking": (
        ("age", "below", 45),
        ("duration_days", "at_least", 90),
    ),
    "inflammatory_back_pain.exercise_and_night_waking": (
        ("age", "below", 45),
        ("duration_days", "at_least", 90),
    ),
    "inflammatory_back_pain.alternating_buttocks_and_stiffness": (
        ("age", "below", 45),
        ("duration_days", "at_least", 90),
    ),
    "inflammatory_back_pain.alternating_buttocks_and_exercise": (
        ("age", "below", 45),
        ("duration_days", "at_least", 90),
    ),
    "inflammatory_back_pain.alternating_buttocks_and_night_waking": (
        ("age", "below", 45),
        ("duration_days", "at_least", 90),
    ),
    "referrals.chronic_pain": (("duration_days", "at_least", 90),),
    # library threshold: six weeks before several suspects mean chronic, many-muscle pain
    "referrals.many_muscles": (("duration_days", "at_least", 42),),
    "general_signs.acute": (("duration_days", "below", 8),),
    "general_signs.chronic": (("duration_days", "at_least", 90),),
}

#: Facts that meet a limited rule's conditions on the suspects, for the rules that have
#: them: three muscles each named by its own signs (the quadratus lumborum by pain on
#: coughing and bracing on the arms, the iliopsoas by a strip beside the spine and pain
#: worse standing, the gluteus medius by buttock pain on walking and lying on that side).
DERIVED_SUPPORT: Final[dict[str, frozenset[str]]] = {
    "referrals.many_muscles": frozenset(
        {
            "cough_sneeze_pain",
            "braces_on_arms",
            "vertical_strip_beside_spine",
            "pain_worse_standing",
            "buttock_pain",
            "pain_walking",
            "pain_lying_on_painful_side",
        }
    ),
}

#: Red-flag questions that an unanswered case must always list as not screened (cauda
#: equina and infection: the NICE CKS red flags no consultation may skip).
CORE_SCREENING: Final = ("bladder_or_bowel_change", "fever", "saddle_numbness")

_HABITS = tuple(sorted(code for code, spec in _FACTS.items() if spec.kind == "habit"))


def _rank(level: TriageLevel | str) -> int:
    return URGENCY_ORDER.index(level if isinstance(level, str) else level.value)


def rules_in(report: Report) -> set[str]:
    """Every rule id the report names."""
    found: set[str] = set()
    for entry in (
        *report.red_flags,
        *report.referrals,
        *report.recommendations,
        *report.cautions,
        *report.notes,
        *report.suspects,
    ):
        found.update(entry.rules)
    return found


# --- case checks -------------------------------------------------------------------------


def check_self_care_gate(case: Case, report: Report, consult: Consult) -> None:
    """Same-day or emergency triage holds back all self-care; below that only what raised
    red flags, referrals and cautions hold back, and nothing held back is advised."""
    kinds = {r.kind for r in report.recommendations}
    by_triage = [w for w in report.withheld if w.because == "triage"]
    if report.triage.value in WITHHOLDING:
        assert not kinds & SELF_CARE, f"{sorted(kinds & SELF_CARE)} advised at {report.triage}"
        assert len(by_triage) == 1, report.withheld
        assert set(by_triage[0].kinds) == SELF_CARE, by_triage
        assert set(by_triage[0].areas) == set(AREAS), by_triage
    else:
        assert not by_triage, f"withheld by triage at {report.triage}"
    raised = {e.id for e in (*report.red_flags, *report.referrals, *report.cautions)}
    areas_of = {m: spec.area for m, spec in _KNOWLEDGE.muscles.items()}
    for held in report.withheld:
        assert held.because in raised | {"triage"}, held
        for advice in report.recommendations:
            areas = (
                {areas_of[m] for m in advice.muscles}
                if advice.muscles
                else set(_KNOWLEDGE.item(advice.id).areas)
            )
            assert not (advice.kind in held.kinds and areas & set(held.areas)), (
                f"{advice.id} advised over {sorted(areas)} while {held.because} holds back "
                f"{held.kinds} over {held.areas}"
            )


def check_holds_back_shown(case: Case, report: Report, consult: Consult) -> None:
    """Every raised red flag, referral and caution holds back what its item's ``holds_back``
    says (read from the knowledge file, which no engine mutant changes), each scope shown
    in ``withheld`` under its id, at any triage."""
    shown = {(w.because, frozenset(w.kinds), frozenset(w.areas)) for w in report.withheld}
    for entry in (*report.red_flags, *report.referrals, *report.cautions):
        for scope in _KNOWLEDGE.item(entry.id).holds_back:
            wanted = (entry.id, frozenset(scope.kinds), frozenset(scope.areas))
            assert wanted in shown, f"{entry.id} should hold back {scope}: {report.withheld}"


_BY_ID: Final = {spec.id: spec for spec in _SPECS}


def check_nothing_rests_on_advice_not_given(case: Case, report: Report, consult: Consult) -> None:
    """A caution, note or advice whose rule waits for other advice appears only when the
    report gives that advice: advice held back by triage, a red flag or a referral must
    not leave its followers behind. (A caution holds back only once the consultation is
    over, so what followed that advice stays: a caution too many, never one too few.)"""
    cautions = {c.id for c in report.cautions}
    if any(w.because in cautions for w in report.withheld):
        return
    given = report.recommendations
    for entry in (*report.recommendations, *report.cautions, *report.notes):
        for rule_id in entry.rules:
            spec = _BY_ID.get(rule_id)
            if spec is None:
                continue
            for condition in spec.derived_conditions:
                if not isinstance(condition, Advised):
                    continue
                assert any(
                    (condition.item is None or r.id == condition.item)
                    and (condition.kind is None or r.kind == condition.kind)
                    for r in given
                ), f"{entry.id} ({rule_id}) rests on {condition}, which the report does not give"


#: S0: no pressing at all until a professional has seen a suspected fracture, cancer or
#: spinal infection: the red flags that must bring the caution to hold pressure back.
HOLD_PRESSURE_FLAGS: Final = frozenset({"fracture", "malignancy", "infection"})


def check_hold_pressure_follows_its_red_flags(
    case: Case, report: Report, consult: Consult
) -> None:
    """The caution to hold pressure until seen comes with every fracture, cancer or
    infection red flag, and only with them."""
    flags = {f.id for f in report.red_flags} & HOLD_PRESSURE_FLAGS
    cautioned = any(c.id == "hold_pressure_until_seen" for c in report.cautions)
    assert cautioned == bool(flags), f"red flags {sorted(flags)}, hold caution {cautioned}"


def check_urgency_table(case: Case, report: Report, consult: Consult) -> None:
    """Every red flag and referral at the urgency the independent table gives its rules;
    triage the highest of them."""
    highest = 0
    for finding in (*report.red_flags, *report.referrals):
        missing = [r for r in finding.rules if r not in EXPECTED_URGENCY]
        assert not missing, (
            f"rules {missing} raise red flags or referrals but have no row in "
            "EXPECTED_URGENCY (tests/test_red_flags_and_referrals.py): add one"
        )
        expected = max(_rank(EXPECTED_URGENCY[r]) for r in finding.rules)
        assert _rank(finding.urgency) == expected, (
            f"{finding.id} at {finding.urgency.value}, table says {URGENCY_ORDER[expected]}"
        )
        highest = max(highest, expected)
    assert _rank(report.triage) == highest, f"triage {report.triage.value}"


def check_explanations(case: Case, report: Report, consult: Consult) -> None:
    allowed = case.present | {code for code, _ in case.values}
    for entry in (*report.red_flags, *report.referrals, *report.recommendations):
        assert entry.rules, entry.id
        assert entry.sources, entry.id
        assert set(entry.facts) <= allowed, (entry.id, set(entry.facts) - allowed)
    for entry in (*report.cautions, *report.notes):
        assert entry.rules, entry.id
        assert entry.sources, entry.id
        assert set(entry.facts) <= allowed, (entry.id, set(entry.facts) - allowed)
    for suspect in report.suspects:
        assert suspect.certainty >= THRESHOLD, (suspect.muscle, suspect.certainty)
        assert all(line.weight > 0 for line in suspect.evidence), suspect.muscle
        assert all(line.weight < 0 for line in suspect.evidence_against), suspect.muscle
        for line in (*suspect.evidence, *suspect.evidence_against):
            assert set(line.facts) <= allowed, (line.rule, set(line.facts) - allowed)
        # "denied" means asked and denied; "not asked" means unknown
        assert set(suspect.expected_absent) <= case.absent, suspect.muscle
        answered = case.present | case.absent | {code for code, _ in case.values}
        assert not set(suspect.expected_unknown) & answered, suspect.muscle
    answered = case.present | case.absent | {code for code, _ in case.values}
    assert not set(report.unscreened) & answered, "an answered question listed unscreened"


def _is_sorted(values: Sequence[object]) -> bool:
    return list(values) == sorted(values)  # type: ignore[type-var]


def check_order(case: Case, report: Report, consult: Consult) -> None:
    """Output order is a documented function of the content, never of firing or hashing."""
    findings = (*report.red_flags, *report.referrals)
    for entry in (*findings, *report.recommendations, *report.cautions, *report.notes):
        for field in (entry.rules, entry.facts):  # sources keep the knowledge file order
            assert _is_sorted(field), (entry.id, field)
    for group in (report.red_flags, report.referrals):
        keys = [(-_rank(f.urgency), f.id) for f in group]
        assert keys == sorted(keys), [f.id for f in group]
    for group in (report.cautions, report.notes):  # type: ignore[assignment]
        assert _is_sorted([e.id for e in group])
    keys = [(-s.certainty, s.muscle) for s in report.suspects]
    assert keys == sorted(keys), [s.muscle for s in report.suspects]
    assert [s.rank for s in report.suspects] == list(range(1, len(report.suspects) + 1))
    rank_of = {s.muscle: s.rank for s in report.suspects}
    keys = [
        (
            KIND_ORDER.index(r.kind),
            rank_of[r.muscles[0]] if r.muscles else len(rank_of) + 1,
            r.id,
        )
        for r in report.recommendations
    ]
    assert keys == sorted(keys), [r.id for r in report.recommendations]
    for r in report.recommendations:
        assert [rank_of[m] for m in r.muscles] == sorted(rank_of[m] for m in r.muscles), r.id
    for suspect in report.suspects:
        assert _is_sorted(suspect.facts), suspect.muscle
        assert _is_sorted(suspect.sources), suspect.muscle
        assert _is_sorted([line.rule for line in suspect.evidence]), suspect.muscle
        assert _is_sorted(suspect.expected_absent)
        assert _is_sorted(suspect.expected_unknown)
    ranks = _could_raise(case)
    assert set(report.unscreened) == set(ranks), sorted(set(report.unscreened) ^ set(ranks))
    keys = [(-ranks[code], code) for code in report.unscreened]
    assert keys == sorted(keys), report.unscreened
    assert _is_sorted([s.id for s in report.sources])


def _could_raise(case: Case) -> dict[str, int]:
    """For each unanswered question of a still undecided red flag, or of a referral at
    same_day or above, the highest urgency it could raise, by the independent table."""
    ranks: dict[str, int] = {}
    for spec in _SPECS:
        urgency = EXPECTED_URGENCY.get(spec.id)
        if urgency is None or spec.derived_conditions:
            continue
        is_flag = spec.then.__class__.__name__ == "RaiseRedFlag"
        if not is_flag and URGENCY_ORDER.index(urgency) < URGENCY_ORDER.index("same_day"):
            continue
        if spec.case_status(case) is not Status.UNKNOWN:
            continue
        unknown = [c.code for c in spec.case_conditions if c.status(case) is Status.UNKNOWN]
        # a question that cannot apply to the person (a pregnancy question for a man)
        # leaves its rule out of reach, so none of that rule's questions is unscreened
        if not all(_FACTS[code].applies_to(dict(case.values)) for code in unknown):
            continue
        for code in unknown:
            rank = URGENCY_ORDER.index(urgency)
            ranks[code] = max(rank, ranks.get(code, -1))
    return ranks


def check_cautions_follow_self_treatment(case: Case, report: Report, consult: Consult) -> None:
    areas = {m: spec.area for m, spec in _KNOWLEDGE.muscles.items()}
    cautions = {c.id for c in report.cautions}
    for recommendation in report.recommendations_of("self_treatment"):
        treated = {areas[m] for m in recommendation.muscles}
        if "abdomen" in treated:
            assert "aorta_pulse" in cautions, recommendation.id
        if "buttocks" in treated:
            assert "sciatic_nerve" in cautions, recommendation.id
    if report.recommendations_of("self_treatment"):
        assert "pressing_too_hard" in cautions or "over_treating" in cautions


def _kinds_with(case: Case, consult: Consult, *codes: str) -> set[str]:
    forced = Case(
        present=case.present | set(codes), absent=case.absent - set(codes), values=case.values
    )
    return {r.kind for r in consult(forced).recommendations}


def check_no_exercise_that_hurts(case: Case, report: Report, consult: Consult) -> None:
    """Never a stretch while stretching hurts, nor strengthening while exercise hurts, even
    with the facts that would otherwise unlock them."""
    kinds = _kinds_with(case, consult, "stretching_hurts", "self_treatment_relieved")
    kinds |= _kinds_with(
        case, consult, "stretching_hurts", "self_treatment_relieved", "stretching_pain_free"
    )
    assert not kinds & {"stretch", "strengthen"}, kinds
    kinds = _kinds_with(case, consult, "exercise_hurts", "stretching_pain_free")
    assert "strengthen" not in kinds, kinds


def check_core_screening(case: Case, report: Report, consult: Consult) -> None:
    answered = case.present | case.absent
    for code in CORE_SCREENING:
        if code not in answered:
            assert code in report.unscreened, f"{code} unknown but not listed unscreened"
    if not set(CORE_SCREENING) - case.absent - case.present:
        assert not set(CORE_SCREENING) & set(report.unscreened)
    # saddle numbness alone means cauda equina, an emergency (NICE CKS): while it is
    # unanswered below emergency, the report is provisional
    if "saddle_numbness" in report.unscreened and report.triage.value != "emergency":
        assert report.provisional, "saddle numbness unanswered but the report is not provisional"


def check_absent_is_not_evidence(case: Case, report: Report, consult: Consult) -> None:
    """Denied facts never count for anything: dropping them changes no conclusion."""
    if not case.absent:
        return
    other = consult(Case(present=case.present, values=case.values))
    assert other.triage == report.triage
    assert [f.id for f in other.red_flags] == [f.id for f in report.red_flags]
    assert [(s.muscle, s.certainty) for s in other.suspects] == [
        (s.muscle, s.certainty) for s in report.suspects
    ]
    assert [r.id for r in other.recommendations] == [r.id for r in report.recommendations]


def check_more_symptoms_never_lower_triage(case: Case, report: Report, consult: Consult) -> None:
    extra = sorted(_TRIAGE_CODES - case.present)
    if not extra:
        return
    code = random.Random(repr(sorted(case.present))).choice(extra)
    more = consult(
        Case(present=case.present | {code}, absent=case.absent - {code}, values=case.values)
    )
    assert _rank(more.triage) >= _rank(report.triage), code


CASE_CHECKS: Final[tuple[CaseCheck, ...]] = (
    check_self_care_gate,
    check_holds_back_shown,
    check_hold_pressure_follows_its_red_flags,
    check_nothing_rests_on_advice_not_given,
    check_urgency_table,
    check_explanations,
    check_order,
    check_cautions_follow_self_treatment,
    check_no_exercise_that_hurts,
    check_core_screening,
    check_absent_is_not_evidence,
    check_more_symptoms_never_lower_triage,
)


# --- global checks -----------------------------------------------------------------------


def _present_codes(spec: RuleSpec) -> frozenset[str]:
    return frozenset(c.code for c in spec.case_conditions if isinstance(c, Present))


def _choices_meeting(spec: RuleSpec, given: dict[str, int | str]) -> dict[str, int | str]:
    """A side or a choice that meets each of the rule's side and choice conditions (which
    carry no limit: any accepted value will do)."""
    chosen: dict[str, int | str] = {}
    for condition in spec.case_conditions:
        if condition.code in given:
            continue
        if isinstance(condition, SideIs):
            chosen[condition.code] = condition.sides[0]
        elif isinstance(condition, OneOf):
            chosen[condition.code] = condition.values[0]
    return chosen


def check_guideline_limits(consult: Consult, specs: Sequence[RuleSpec]) -> None:
    """Each rule with a limit fires at the guideline's limit and not one unit past it.

    The yes/no facts come from the rule; the limits from GUIDELINE_LIMITS, so a rule whose
    limit moved fails.
    """
    missing = sorted(set(GUIDELINE_LIMITS) - {spec.id for spec in specs})
    assert not missing, f"rules listed in GUIDELINE_LIMITS are missing: {missing}"
    for spec in specs:
        limits = GUIDELINE_LIMITS.get(spec.id)
        if limits is None:
            valued = [c for c in spec.case_conditions if isinstance(c, AtLeast | Below)]
            assert not valued, f"{spec.id} tests a value: give it a row in GUIDELINE_LIMITS"
            continue
        inside = {code: (limit if how == "at_least" else limit - 1) for code, how, limit in limits}
        present = _present_codes(spec) | DERIVED_SUPPORT.get(spec.id, frozenset())
        inside.update(_choices_meeting(spec, inside))
        case = Case(present=present, values=inside)
        report = consult(case)
        assert spec.id in rules_in(report), f"{spec.id} silent at its guideline limits {inside}"
        for check in CASE_CHECKS:
            if check not in EXPENSIVE:
                check(case, report, consult)
        for code, how, limit in limits:
            outside = {**inside, code: limit - 1 if how == "at_least" else limit}
            report = consult(Case(present=present, values=outside))
            assert spec.id not in rules_in(report), f"{spec.id} fired at {code}={outside[code]}"


def check_one_habit_names_no_muscle(consult: Consult, specs: Sequence[RuleSpec]) -> None:
    """A habit is a risk, not a sign: a habit alone never names a suspect."""
    for habit in _HABITS:
        suspects = consult(Case(present={habit})).suspects
        assert not suspects, f"{habit} alone names {[s.muscle for s in suspects]}"


def check_nothing_known_nothing_concluded(consult: Consult, specs: Sequence[RuleSpec]) -> None:
    report = consult(Case())
    assert report.triage is TriageLevel.SELF_CARE
    assert not report.suspects
    assert not report.red_flags
    assert not report.recommendations
    assert set(CORE_SCREENING) <= set(report.unscreened)


def _signs(*codes: str) -> frozenset[str]:
    return frozenset(codes)


#: Which muscles a sign (or a pair of signs said together) names on its own, reviewed from
#: the referral patterns of the sources and the library's ranking judgement (ranking.py:
#: one specific sign names a muscle; a sign several muscles share, a habit-like
#: circumstance or a vague complaint names none). Written out, not read from the rules, so
#: a weight moved across the threshold fails here. Values: (facts, values) -> muscles.
SIGN_NAMES: Final[
    tuple[tuple[frozenset[str], tuple[tuple[str, str], ...], frozenset[str]], ...]
] = (
    # specific signs: each names its muscle
    (_signs("tender_top_of_buttock"), (), _signs("gluteus_maximus")),
    (_signs("pain_top_of_buttock"), (), _signs("gluteus_maximus")),
    (_signs("pain_lying_on_painful_side"), (), _signs("gluteus_medius")),
    (_signs("buttock_pain", "sacroiliac_pain"), (), _signs("gluteus_medius")),
    (_signs("pain_down_side_of_leg"), (), _signs("gluteus_minimus")),
    (_signs("band_across_low_back"), (), _signs("iliopsoas")),
    (_signs("pain_during_bowel_movement"), (), _signs("iliopsoas")),
    (_signs("vertical_strip_beside_spine"), (), _signs("iliopsoas")),
    (_signs("pain_worse_standing"), (), _signs("iliopsoas")),
    (_signs("buttock_pain", "tailbone_pain"), (), _signs("piriformis")),
    (_signs("buttock_pain", "leg_numbness"), (), _signs("piriformis")),
    (_signs("braces_on_arms"), (), _signs("quadratus_lumborum")),
    (_signs("drops_to_knees"), (), _signs("quadratus_lumborum")),
    (_signs("tender_below_lowest_rib"), (), _signs("quadratus_lumborum")),
    (_signs("belt_line_ache"), (("pain_side", "both"),), _signs("rectus_abdominis")),
    (_signs("sacroiliac_pain"), (("pain_side", "both"),), _signs("rectus_abdominis")),
    (_signs("mid_back_pain_at_lowest_ribs"), (), _signs("rectus_abdominis")),
    # shared, vague or circumstantial: alone they name no muscle
    (_signs("buttock_pain", "pain_to_back_of_thigh"), (), frozenset()),
    (_signs("buttock_pain", "belt_line_ache"), (), frozenset()),
    (_signs("buttock_pain", "hip_pain"), (), frozenset()),
    (_signs("buttock_pain", "groin_pain"), (), frozenset()),
    (_signs("buttock_pain", "leg_swelling"), (), frozenset()),
    (_signs("buttock_pain", "sexual_dysfunction"), (), frozenset()),
    (_signs("buttock_pain", "pain_worse_sitting"), (), frozenset()),
    (_signs("hip_pain", "groin_pain"), (), frozenset()),
    (_signs("pain_uphill_or_swimming"), (), frozenset()),
    (_signs("hard_to_rise_from_chair"), (), frozenset()),
    (_signs("long_immobilisation"), (), frozenset()),
    (_signs("limps"), (), frozenset()),
    (_signs("eased_leaning_forward"), (), frozenset()),
    (_signs("front_thigh_pain"), (), frozenset()),
    (_signs("pillow_under_legs_helps"), (), frozenset()),
    (_signs("pain_rising_after_sitting"), (), frozenset()),
    (_signs("sit_up_hard"), (), frozenset()),
    (_signs("pain_stays_in_low_back"), (), frozenset()),
    (_signs("pain_eased_lying_down"), (), frozenset()),
    (_signs("abdominal_bloating"), (), frozenset()),
    (_signs("gallbladder_like_pain"), (), frozenset()),
    (_signs("painful_periods"), (), frozenset()),
    (_signs("right_lower_abdominal_pain"), (), frozenset()),
)


def check_signs_name_the_table_muscles(consult: Consult, specs: Sequence[RuleSpec]) -> None:
    """Each sign of SIGN_NAMES, said alone, names exactly the muscles the table gives."""
    for facts, values, muscles in SIGN_NAMES:
        named = {s.muscle for s in consult(Case(present=facts, values=dict(values))).suspects}
        assert named == muscles, f"{sorted(facts)} names {sorted(named)}, table {sorted(muscles)}"


def check_a_specific_sign_names_its_muscle(consult: Consult, specs: Sequence[RuleSpec]) -> None:
    """A sign weighted at or above the threshold names its muscle on its own (the ranking
    contract in ranking.py), unless evidence against that muscle came with it."""
    for spec in specs:
        then = spec.then
        if not isinstance(then, Evidence) or then.weight < THRESHOLD:
            continue
        if any(not isinstance(c, Present) for c in spec.case_conditions):
            continue
        report = consult(Case(present=_present_codes(spec)))
        named = {s.muscle: s for s in report.suspects}
        if then.muscle in named and named[then.muscle].evidence_against:
            continue
        against = [
            s
            for s in specs
            if isinstance(s.then, Evidence)
            and s.then.muscle == then.muscle
            and s.then.weight < 0
            and s.id in rules_in(report)
        ]
        if against:
            continue
        assert then.muscle in named, f"{spec.id} weighs {then.weight} but names no suspect"


def check_every_listed_rule_at_its_table_urgency(
    consult: Consult, specs: Sequence[RuleSpec]
) -> None:
    """Every rule of EXPECTED_URGENCY exists, and fires from its facts (values at the
    guideline limits) at the table's urgency; the report passes every case check."""
    by_id = {spec.id: spec for spec in specs}
    for rule_id in sorted(EXPECTED_URGENCY):
        spec = by_id.get(rule_id)
        assert spec is not None, f"{rule_id} is in EXPECTED_URGENCY but no rule has that id"
        if spec.derived_conditions:
            continue  # waits for suspects: the example cases cover it
        values: dict[str, int | str] = {}
        for code, how, limit in GUIDELINE_LIMITS.get(rule_id, ()):
            values[code] = limit if how == "at_least" else limit - 1
        values.update(_choices_meeting(spec, values))
        case = Case(present=_present_codes(spec), values=values)
        report = consult(case)
        found = {f.id: f for f in (*report.red_flags, *report.referrals)}
        then = spec.then
        item = getattr(then, "flag", None) or getattr(then, "referral", "")
        assert item in found, f"{rule_id} did not raise {item} from its own facts"
        assert _rank(found[item].urgency) >= _rank(EXPECTED_URGENCY[rule_id]), rule_id
        for check in CASE_CHECKS:
            if check not in EXPENSIVE:
                check(case, report, consult)


GLOBAL_CHECKS: Final[tuple[GlobalCheck, ...]] = (
    check_every_listed_rule_at_its_table_urgency,
    check_a_specific_sign_names_its_muscle,
    check_signs_name_the_table_muscles,
    check_guideline_limits,
    check_one_habit_names_no_muscle,
    check_nothing_known_nothing_concluded,
)

_TRIAGE_CODES: Final = frozenset(code for code, spec in _FACTS.items() if spec.is_yes_no)


#: Checks that consult variants of the case: the harness runs them on fewer cases.
EXPENSIVE: Final = frozenset(
    {check_absent_is_not_evidence, check_more_symptoms_never_lower_triage}
)


def run_case_checks(
    cases: Iterable[Case],
    consult: Consult,
    checks: Sequence[CaseCheck] = CASE_CHECKS,
    expensive_cases: int | None = None,
) -> str | None:
    """The first check that fails on *cases*, as 'check: message', or None. Checks in
    EXPENSIVE run on the first *expensive_cases* cases only (all when None)."""
    for index, case in enumerate(cases):
        report = consult(case)
        for check in checks:
            if expensive_cases is not None and index >= expensive_cases and check in EXPENSIVE:
                continue
            try:
                check(case, report, consult)
            except AssertionError as exc:
                return f"{check.__name__}: {exc}"
    return None
