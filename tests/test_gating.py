"""Self-care gating by region: what red flags, referrals and cautions hold back.

The example-level tests use an in-memory copy of the packaged knowledge in which every
``holds_back`` is first cleared and then set on one item, so they test the mechanism
whatever scopes the clinical data gives. The property checks, for arbitrary cases, that
no report recommends self-care that its own ``withheld`` list or one of its cautions
covers, on the packaged knowledge and on a copy where every red flag, referral and
caution holds something back; both engines must also agree there.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs
import pytest
from hypothesis import given

from trigger_rules import Case, Consultant, Report
from trigger_rules.engine import default_consultant
from trigger_rules.knowledge_base import AREAS, SELF_CARE_KINDS, Knowledge, SelfCareScope
from trigger_rules.rulebook import Advise, Present, Rulebook, RuleSpec

from .strategies import cases

PACKAGED = default_consultant().knowledge
SPECS = default_consultant().rulebook.specs

#: A fracture flag (urgent_days: self-care is not held back by triage), a low-back suspect
#: (quadratus lumborum) and a buttock suspect (piriformis).
CASE = Case(
    present={"minor_trauma", "osteoporosis", "cough_sneeze_pain", "buttock_pain", "tailbone_pain"}
)


def _with_scopes(scopes: Mapping[str, tuple[SelfCareScope, ...]]) -> Knowledge:
    """The packaged knowledge with no holds_back except *scopes* (item id -> scopes)."""
    items = {
        item_id: attrs.evolve(item, holds_back=scopes.get(item_id, ()))
        for item_id, item in PACKAGED.items.items()
    }
    return attrs.evolve(PACKAGED, items=items)


def _consultants(knowledge: Knowledge) -> tuple[Consultant, Consultant]:
    rulebook = Rulebook(specs=SPECS, knowledge=knowledge)
    return Consultant(rulebook=rulebook), Consultant(rulebook=rulebook, engine="compiled")


def _advised(report: Report) -> dict[str, tuple[str, ...]]:
    return {r.id: r.muscles for r in report.recommendations}


@pytest.fixture(scope="module")
def plain() -> Consultant:
    return _consultants(_with_scopes({}))[0]


def test_without_scopes_the_case_gets_self_care_on_both_areas(plain: Consultant) -> None:
    report = plain.consult(CASE)
    assert report.triage.value == "urgent_days"
    assert [f.id for f in report.red_flags] == ["fracture"]
    assert report.withheld == ()
    advised = _advised(report)
    assert "ql_self_treatment" in advised
    assert "piriformis_self_treatment" in advised


def test_a_red_flag_holds_back_its_scope_and_nothing_else(plain: Consultant) -> None:
    spine = (SelfCareScope(kinds=("self_treatment",), areas=("low_back",)),)
    for consultant in _consultants(_with_scopes({"fracture": spine})):
        report = consultant.consult(CASE)
        advised = _advised(report)
        # Low-back self-treatment is gone, buttock self-treatment stays.
        assert "ql_self_treatment" not in advised
        assert "technique_wall" not in advised
        assert "piriformis_self_treatment" in advised
        # Advice about both suspects stays, but only for the buttock muscle.
        assert advised["technique_pressure"] == ("piriformis",)
        assert [(w.kinds, w.areas, w.because) for w in report.withheld] == [
            (("self_treatment",), ("low_back",), "fracture")
        ]
        assert report.withheld_kinds == ("self_treatment",)
        assert "Possible fracture of the spine" in report.withheld[0].reason
        assert report.withheld_reason == report.withheld[0].reason
        # Suspects and the flag are not hidden by the gate.
        assert {s.muscle for s in report.suspects} == {"quadratus_lumborum", "piriformis"}
    experta, compiled = _consultants(_with_scopes({"fracture": spine}))
    assert experta.consult(CASE).to_json() == compiled.consult(CASE).to_json()


def test_a_caution_in_the_report_holds_back_what_it_covers() -> None:
    buttocks = (SelfCareScope(kinds=("self_treatment",), areas=("buttocks",)),)
    for consultant in _consultants(_with_scopes({"hold_pressure_until_seen": buttocks})):
        report = consultant.consult(CASE)
        assert "hold_pressure_until_seen" in {c.id for c in report.cautions}
        advised = _advised(report)
        assert "piriformis_self_treatment" not in advised
        assert "technique_buttocks" not in advised
        assert "ql_self_treatment" in advised
        assert advised["technique_pressure"] == ("quadratus_lumborum",)
        assert [w.because for w in report.withheld] == ["hold_pressure_until_seen"]
        assert "caution" in report.withheld[0].reason


def test_a_scope_of_a_flag_not_raised_holds_nothing_back() -> None:
    belly = (SelfCareScope(kinds=("self_treatment", "stretch"), areas=("abdomen",)),)
    experta, _ = _consultants(_with_scopes({"aortic_aneurysm": belly}))
    report = experta.consult(CASE)
    assert report.withheld == ()
    assert "ql_self_treatment" in _advised(report)


def test_urgent_triage_still_holds_back_everything_and_says_so_first() -> None:
    spine = (SelfCareScope(kinds=("self_treatment",), areas=("low_back",)),)
    experta, compiled = _consultants(_with_scopes({"fracture": spine}))
    case = Case(present={"significant_trauma", "cough_sneeze_pain"})
    report = experta.consult(case)
    assert report.triage.value == "emergency"
    assert [w.because for w in report.withheld] == ["triage", "fracture"]
    assert report.withheld[0].kinds == SELF_CARE_KINDS
    assert report.withheld[0].areas == AREAS
    assert not {r.kind for r in report.recommendations} & set(SELF_CARE_KINDS)
    assert report.to_json() == compiled.consult(case).to_json()


# --- the property --------------------------------------------------------------------------


def _everything_scoped() -> Knowledge:
    """Every red flag, referral and caution holds something back, varied by item."""
    scopes = {}
    for index, (item_id, item) in enumerate(sorted(PACKAGED.items.items())):
        if item.category in ("red_flag", "referral", "caution"):
            kind = SELF_CARE_KINDS[index % len(SELF_CARE_KINDS)]
            areas = (AREAS[index % len(AREAS)], AREAS[(index + 2) % len(AREAS)])
            scopes[item_id] = (SelfCareScope(kinds=(kind,), areas=areas),)
    return _with_scopes(scopes)


_SCOPED = _consultants(_everything_scoped())


def _contradictions(report: Report, knowledge: Knowledge) -> list[str]:
    scopes = [(w.kinds, w.areas) for w in report.withheld]
    scopes += [
        (s.kinds, s.areas) for c in report.cautions for s in knowledge.items[c.id].holds_back
    ]
    found = []
    for r in report.recommendations:
        if r.kind not in SELF_CARE_KINDS:
            continue
        if r.muscles:
            areas = [knowledge.muscles[m].area for m in r.muscles]
        else:
            areas = list(knowledge.items[r.id].areas)
        for kinds, held_areas in scopes:
            if r.kind in kinds and any(a in held_areas for a in areas):
                found.append(f"{r.id} ({r.kind} over {areas}) against {kinds} over {held_areas}")
    return found


@given(cases())
def test_no_report_advises_what_it_withholds_or_its_cautions_forbid(case: Case) -> None:
    packaged = default_consultant().consult(case)
    assert _contradictions(packaged, PACKAGED) == []
    experta, compiled = _SCOPED
    report = experta.consult(case)
    assert _contradictions(report, experta.knowledge) == []
    assert compiled.consult(case).to_json() == report.to_json()


def test_the_gate_is_added_to_advice_rules_that_name_no_suspect() -> None:
    """A self-care rule written without any gate, about no suspect, is judged by its
    item's own areas, in both engines."""
    extra = RuleSpec(
        name="no_suspect",
        when=(Present("cough_sneeze_pain"),),
        then=Advise("ql_self_treatment"),
        module="test_gating",
    )
    assert PACKAGED.items["ql_self_treatment"].areas == ("low_back",)
    spine = (SelfCareScope(kinds=("self_treatment",), areas=("low_back",)),)
    buttocks = (SelfCareScope(kinds=("self_treatment",), areas=("buttocks",)),)
    for scopes, fires in (
        ({}, True),
        ({"fracture": buttocks}, True),
        ({"fracture": spine}, False),
    ):
        rulebook = Rulebook(specs=(*SPECS, extra), knowledge=_with_scopes(scopes))
        for engine in ("experta", "compiled"):
            report = Consultant(rulebook=rulebook, engine=engine).consult(CASE)
            rules = {rule for r in report.recommendations for rule in r.rules}
            assert ("test_gating.no_suspect" in rules) is fires, (scopes, engine)
