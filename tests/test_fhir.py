"""FHIR R4: Questionnaire out, QuestionnaireResponse in, Bundle out, on every example."""

from __future__ import annotations

import copy
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fhir.resources")

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from trigger_rules import Case, Consultant, TriggerRulesError, consult
from trigger_rules.cases import load_cases
from trigger_rules.cli import main
from trigger_rules.engine import default_consultant
from trigger_rules.extension import Inform, OneOf, Present, rule
from trigger_rules.fhir import (
    CODE_SYSTEMS,
    PRIORITY,
    FhirInputError,
    FhirUnavailableError,
    case_from_questionnaire_response,
    questionnaire,
    questionnaire_response,
    report_to_bundle,
)
from trigger_rules.triage import TriageLevel

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = load_cases([ROOT / "examples" / "cases"])
ANSWER_KEY = {"boolean": "valueBoolean", "integer": "valueInteger", "choice": "valueCoding"}


def _leaves(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for item in items:
        if item["type"] == "group":
            found.update(_leaves(item["item"]))
        elif item["type"] != "display":
            found[item["linkId"]] = item
    return found


QUESTIONS = _leaves(questionnaire()["item"])


def test_questionnaire_is_valid_and_asks_every_fact_once_by_code() -> None:
    data = questionnaire()
    Questionnaire.model_validate(data)
    facts = default_consultant().knowledge.facts
    assert set(QUESTIONS) == set(facts)
    for code, item in QUESTIONS.items():
        spec = facts[code]
        assert item["text"] == spec.question
        assert item["code"] == [{"system": CODE_SYSTEMS["fact"], "code": code}]
        assert item["type"] == {"yes_no": "boolean", "side": "choice", "choice": "choice"}.get(
            spec.type, "integer"
        )
    for group in data["item"]:
        assert group["type"] == "group"
        name = group["linkId"].removeprefix("group.")
        assert {facts[i["linkId"]].group for i in group["item"]} == {name}
    side = next(i for i in QUESTIONS.values() if facts[i["linkId"]].type == "side")
    assert [o["valueCoding"]["code"] for o in side["answerOption"]] == ["left", "right", "both"]


@pytest.fixture
def app(tmp_path: Path) -> Consultant:
    """An extended catalogue with a choice fact that follows up a yes/no fact, and a
    follow-up that applies only to some people."""
    (tmp_path / "desk.toml").write_text(
        """
[[source]]
id = "example_handbook"
title = "Example handbook"
publisher = "Example Ltd"
kind = "guideline"

[[fact]]
code = "desk_job"
question = "Do you work at a desk?"
kind = "habit"
group = "habits"

[[fact]]
code = "desk_kind"
question = "What kind of desk?"
kind = "habit"
group = "habits"
type = "choice"
choices = ["sitting", "standing"]
follow_up_of = "desk_job"
help = "Pick the one you use most."

[[fact]]
code = "period_pain"
question = "Is the pain worse around your period?"
kind = "history"
group = "history"
follow_up_of = "cough_sneeze_pain"
applies_if = { sex = ["female", "other"] }

[[item]]
id = "example_period_note"
category = "note"
title = "Periods"
text = "The employer's programme covers period pain."
sources = ["example_handbook"]

[[item]]
id = "example_desk_note"
category = "note"
title = "Desk"
text = "The employer's programme covers sitting desks."
sources = ["example_handbook"]
"""
    )
    specs = [
        rule(
            "sitting_desk",
            Present("desk_job"),
            OneOf("desk_kind", ("sitting",)),
            then=Inform("example_desk_note"),
        ),
        rule("period", Present("period_pain"), then=Inform("example_period_note")),
    ]
    return Consultant.extended(rules=specs, knowledge=tmp_path, namespace="example")


def test_choices_become_answer_options_and_follow_ups_enable_when(app: Consultant) -> None:
    data = questionnaire(app)
    Questionnaire.model_validate(data)
    item = _leaves(data["item"])["desk_kind"]
    assert item["type"] == "choice"
    assert [o["valueCoding"]["code"] for o in item["answerOption"]] == ["sitting", "standing"]
    assert item["enableWhen"] == [{"question": "desk_job", "operator": "=", "answerBoolean": True}]
    assert item["item"][0]["type"] == "display"
    assert item["item"][0]["text"] == "Pick the one you use most."
    case = Case(present={"desk_job"}, values={"desk_kind": "sitting"})
    response = questionnaire_response(case, app)
    assert case_from_questionnaire_response(response, app) == case
    assert [n.id for n in app.consult(case).notes] == ["example_desk_note"]


def test_a_question_that_cannot_apply_is_hidden_once_an_answer_rules_it_out() -> None:
    # The pregnancy question applies to female and other, so it is hidden for male only,
    # and shown while sex is unanswered (FHIR's != holds when no answer equals male).
    items = _leaves(questionnaire()["item"])
    facts = default_consultant().knowledge.facts
    assert facts["pregnant"].applies_if == {"sex": ("female", "other")}
    (condition,) = items["pregnant"]["enableWhen"]
    assert condition["question"] == "sex"
    assert condition["operator"] == "!="
    # The same coding the sex question offers as its answer, so that the two never drift.
    male = [o["valueCoding"] for o in items["sex"]["answerOption"]]
    assert condition["answerCoding"] in male
    assert condition["answerCoding"]["code"] == "male"
    assert "enableBehavior" not in items["pregnant"]
    # Every question with applies_if is hidden for exactly the answers it leaves out.
    for code, fact in facts.items():
        hidden = {
            (c["question"], c["answerCoding"]["code"])
            for c in items[code].get("enableWhen", [])
            if c["operator"] == "!="
        }
        expected = {
            (other, value)
            for other, allowed in fact.applies_if.items()
            for value in facts[other].choices
            if value not in allowed
        }
        assert hidden == expected, code


def test_a_follow_up_that_applies_only_to_some_needs_all_its_conditions(
    app: Consultant,
) -> None:
    data = questionnaire(app)
    Questionnaire.model_validate(data)
    item = _leaves(data["item"])["period_pain"]
    assert item["enableBehavior"] == "all"
    assert [(c["question"], c["operator"]) for c in item["enableWhen"]] == [
        ("cough_sneeze_pain", "="),
        ("sex", "!="),
    ]


def _priorities(bundle: dict[str, Any]) -> list[str]:
    return [
        e["resource"]["priority"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "ServiceRequest"
    ]


def test_round_trip_on_every_example_case() -> None:
    order = ["routine", "urgent", "asap", "stat"]
    for example in EXAMPLES:
        response = questionnaire_response(example.case)
        QuestionnaireResponse.model_validate(response)
        for where_item in _leaves_response(response["item"]):
            question = QUESTIONS[where_item["linkId"]]
            (answer,) = where_item["answer"]
            assert list(answer) == [ANSWER_KEY[question["type"]]], example.name
        case = case_from_questionnaire_response(json.loads(json.dumps(response)))
        assert case == example.case, example.name
        report = consult(case)
        bundle = report_to_bundle(report)
        parsed = Bundle.model_validate(bundle)
        assert parsed.type == "collection"
        kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
        findings = [*report.red_flags, *report.referrals]
        assert kinds.count("ServiceRequest") == len(findings), example.name
        assert _priorities(bundle) == [PRIORITY[f.urgency] for f in findings]
        if findings:
            top = max(_priorities(bundle), key=order.index)
            assert top == PRIORITY[report.triage], example.name
        assert kinds.count("RiskAssessment") == (1 if report.suspects else 0)
        _check_risk_and_plan(report, bundle)
        assert bundle == report_to_bundle(report), "same report, same bundle"


def _leaves_response(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for item in items:
        if "answer" in item:
            found.append(item)
        found += _leaves_response(item.get("item", []))
    return found


def _check_risk_and_plan(report: Any, bundle: dict[str, Any]) -> None:
    by_type: dict[str, list[dict[str, Any]]] = {}
    for entry in bundle["entry"]:
        by_type.setdefault(entry["resource"]["resourceType"], []).append(entry["resource"])
    for risk in by_type.get("RiskAssessment", []):
        muscles = [p["outcome"]["coding"][0]["code"] for p in risk["prediction"]]
        assert muscles == [s.muscle for s in report.suspects]
        assert [p["probabilityDecimal"] for p in risk["prediction"]] == [
            s.certainty for s in report.suspects
        ]
        lines = sum(len(s.evidence) + len(s.evidence_against) for s in report.suspects)
        assert len(risk["basis"]) == lines
    for plan in by_type.get("CarePlan", []):
        codes = [a["detail"]["code"]["coding"][0]["code"] for a in plan["activity"]]
        assert codes == [r.id for r in report.recommendations]
        notes = " ".join(n["text"] for n in plan["note"])
        for caution in report.cautions:
            assert caution.title in notes
    if report.recommendations or report.cautions:
        assert "CarePlan" in by_type


def test_emergency_bundle_asks_stat_and_holds_back_self_care() -> None:
    report = consult(present=["saddle_numbness", "cough_sneeze_pain"])
    assert report.triage is TriageLevel.EMERGENCY
    bundle = report_to_bundle(report, subject={"reference": "Patient/123"})
    assert "stat" in _priorities(bundle)
    (plan,) = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "CarePlan"
    ]
    assert plan["subject"] == {"reference": "Patient/123"}
    assert {"self_treatment", "stretch", "strengthen"}.isdisjoint(
        {r.kind for r in report.recommendations}
    )
    assert any(n["text"].startswith("Held back:") for n in plan["note"])


def _response(*items: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "QuestionnaireResponse", "status": "completed", "item": list(items)}


@pytest.mark.parametrize(
    ("resource", "message"),
    [
        (_response({"linkId": "saddle_numbnes", "answer": [{"valueBoolean": True}]}),
         "unknown linkId 'saddle_numbnes': did you mean 'saddle_numbness'"),
        (_response({"linkId": "fever", "answer": [{"valueString": "yes"}]}),
         "'fever' is answered with one valueBoolean (got valueString)"),
        (_response({"linkId": "fever", "answer": [{"valueInteger": 1}]}),
         "with one valueBoolean (got valueInteger)"),
        (_response({"linkId": "age", "answer": [{"valueBoolean": True}]}),
         "'age' is answered with one valueInteger (got valueBoolean)"),
        (_response({"linkId": "pain_side", "answer": [{"valueCoding": {"code": "middle"}}]}),
         "code one of left, right, both"),
        (_response({"linkId": "fever",
                    "answer": [{"valueBoolean": True}, {"valueBoolean": False}]}),
         "'fever' takes one answer"),
        (_response({"linkId": "fever", "answer": [{"valueBoolean": True}]},
                   {"linkId": "fever", "answer": [{"valueBoolean": False}]}),
         "'fever' appears more than once"),
        (_response({"linkId": "group.habits", "item": [
            {"linkId": "not_a_code", "answer": [{"valueBoolean": True}]}]}),
         "item[0].item[0]: unknown linkId 'not_a_code'"),
        ({"resourceType": "Questionnaire", "status": "active"},
         "expected resourceType 'QuestionnaireResponse'"),
        ({"resourceType": "QuestionnaireResponse", "item": []},
         "not a valid QuestionnaireResponse"),
    ],
)  # fmt: skip
def test_bad_responses_are_clear_errors_never_dropped(resource: Any, message: str) -> None:
    with pytest.raises(FhirInputError, match=re.escape(message)) as caught:
        case_from_questionnaire_response(resource)
    assert isinstance(caught.value, TriggerRulesError)
    assert isinstance(caught.value, ValueError)


def test_an_age_outside_its_range_is_refused() -> None:
    resource = _response({"linkId": "age", "answer": [{"valueInteger": 400}]})
    with pytest.raises(TriggerRulesError, match="age"):
        case_from_questionnaire_response(resource)


def test_a_fhir_resources_model_is_accepted_too() -> None:
    case = Case(present={"cough_sneeze_pain"}, absent={"fever"}, values={"age": 42})
    model = QuestionnaireResponse.model_validate(questionnaire_response(case))
    assert case_from_questionnaire_response(model) == case


def test_cli_prints_the_questionnaire_and_a_bundle(tmp_path: Path) -> None:
    out = io.StringIO()
    assert main(["fhir", "questionnaire"], out=out) == 0
    assert json.loads(out.getvalue()) == questionnaire()
    case = Case(present={"chest_pain"}, absent={"fever"})
    path = tmp_path / "response.json"
    path.write_text(json.dumps(questionnaire_response(case)))
    out = io.StringIO()
    assert main(["fhir", "bundle", str(path)], out=out) == 0
    bundle = json.loads(out.getvalue())
    assert bundle == report_to_bundle(consult(case))
    assert PRIORITY[consult(case).triage] in _priorities(bundle)


def test_cli_bad_response_is_one_line_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "response.json"
    bad = _response({"linkId": "fevr", "answer": [{"valueBoolean": True}]})
    path.write_text(json.dumps(bad))
    result = subprocess.run(
        [sys.executable, "-m", "trigger_rules", "fhir", "bundle", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert str(path) in line
    assert "unknown linkId 'fevr': did you mean 'fever'" in line


def test_importing_the_library_does_not_load_fhir() -> None:
    code = (
        "import sys, trigger_rules; trigger_rules.consult(present=['fever']);"
        "assert 'trigger_rules.fhir' not in sys.modules;"
        "assert not any(m.startswith(('fhir', 'pydantic')) for m in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_missing_fhir_resources_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(sys.modules):
        if name.startswith("fhir.resources.R4B.questionnaire"):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "fhir.resources.R4B.questionnaire", None)
    with pytest.raises(FhirUnavailableError, match=r"pip install 'trigger_rules\[fhir\]'"):
        questionnaire()
    assert issubclass(FhirUnavailableError, ImportError)


def test_response_items_carry_nothing_the_case_does_not_say() -> None:
    case = Case(present={"fever"})
    response = questionnaire_response(case)
    assert [i["linkId"] for i in _leaves_response(response["item"])] == ["fever"]
    broken = copy.deepcopy(response)
    broken["item"][0]["item"][0]["answer"][0]["valueBoolean"] = False
    assert case_from_questionnaire_response(broken) == Case(absent={"fever"})


@pytest.mark.parametrize(
    ("name", "case_file", "priority"),
    [
        ("cauda_equina_bladder", "red_flags/cauda_equina_bladder.toml", "stat"),
        ("heel_lift", "referrals/heel_lift.toml", "routine"),
    ],
)
def test_example_responses_match_their_cases_and_bundle_priorities(
    name: str, case_file: str, priority: str
) -> None:
    (example,) = load_cases([ROOT / "examples" / "cases" / case_file])
    path = ROOT / "examples" / "fhir" / f"{name}.response.json"
    response = json.loads(path.read_text(encoding="utf-8"))
    assert response == questionnaire_response(example.case)
    report = consult(case_from_questionnaire_response(response))
    assert PRIORITY[report.triage] == priority
    assert priority in _priorities(report_to_bundle(report))
