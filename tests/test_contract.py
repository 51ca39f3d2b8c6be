"""The JSON contract: shipped schemas validate real output and refuse broken output."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings

from trigger_rules import (
    Case,
    CaseDict,
    EvidenceLineDict,
    FactDict,
    FindingDict,
    RecommendationDict,
    ReportDict,
    SuspectDict,
    TriggerRulesError,
    consult,
    vocabulary,
)
from trigger_rules.cases import load_cases
from trigger_rules.cli import main
from trigger_rules.contract import SCHEMA_NAMES, UnknownSchemaError, facts_to_list, json_schema
from trigger_rules.engine import default_consultant
from trigger_rules.errors import CaseDataError

from .strategies import cases

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = load_cases([ROOT / "examples" / "cases"])


def _validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        json_schema(name), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


REPORT = _validator("report")


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = json_schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_every_example_case_report_validates() -> None:
    consultant = default_consultant()
    assert len(EXAMPLES) > 50
    for example in EXAMPLES:
        data = json.loads(consultant.consult(example.case).to_json())
        errors = [e.message for e in REPORT.iter_errors(data)]
        assert errors == [], example.name


@settings(max_examples=40)
@given(cases())
def test_generated_reports_validate(case: Case) -> None:
    REPORT.validate(json.loads(consult(case).to_json()))


def _report() -> dict[str, Any]:
    report = consult(present=["cough_sneeze_pain", "pain_worse_standing", "saddle_numbness"])
    data: dict[str, Any] = json.loads(report.to_json())
    assert data["suspects"]
    assert data["red_flags"]
    return data


@pytest.mark.parametrize(
    "path",
    [
        ("triage",),
        ("knowledge_version",),
        ("schema_version",),
        ("case", "absent"),
        ("suspects", 0, "certainty"),
        ("red_flags", 0, "urgency"),
    ],
)
def test_a_missing_field_fails(path: tuple[Any, ...]) -> None:
    data = _report()
    REPORT.validate(data)
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    del parent[path[-1]]
    with pytest.raises(jsonschema.ValidationError):
        REPORT.validate(data)


@pytest.mark.parametrize(
    ("path", "wrong"),
    [
        (("triage",), "soon"),
        (("triage",), 3),
        (("screening_complete",), "yes"),
        (("suspects", 0, "rank"), "1"),
        (("suspects", 0, "certainty"), 1.5),
        (("red_flags", 0, "rules"), "cauda_equina.saddle"),
        (("withheld",), ["massage"]),
        (("knowledge_version",), "v1"),
        (("case", "values"), {"age": True}),
    ],
)
def test_a_mistyped_field_fails(path: tuple[Any, ...], wrong: object) -> None:
    data = _report()
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = copy.deepcopy(wrong)
    with pytest.raises(jsonschema.ValidationError):
        REPORT.validate(data)


def _keys(typed: Any) -> set[str]:
    return set(typed.__required_keys__) | set(typed.__optional_keys__)


def test_schema_properties_match_the_typed_dicts_and_the_output() -> None:
    schema = json_schema("report")
    defs = schema["$defs"]
    data = _report()
    assert set(schema["properties"]) == _keys(ReportDict) == set(data)
    assert set(schema["required"]) == set(data)
    pairs = [
        ("finding", FindingDict, data["red_flags"][0]),
        ("suspect", SuspectDict, data["suspects"][0]),
        ("evidence_line", EvidenceLineDict, data["suspects"][0]["evidence"][0]),
        ("recommendation", RecommendationDict, data["recommendations"][0])
        if data["recommendations"]
        else None,
        ("case", CaseDict, data["case"]),
    ]
    for entry in filter(None, pairs):
        name, typed, sample = entry
        assert set(defs[name]["properties"]) == _keys(typed) == set(sample), name


def test_closed_sets_in_the_schemas_match_the_enums() -> None:
    report, facts = json_schema("report"), json_schema("facts")
    assert report["$defs"]["advice_kind"]["enum"] == list(vocabulary.AdviceKind)
    assert report["$defs"]["triage"]["enum"] == [
        "self_care",
        "routine",
        "urgent_days",
        "same_day",
        "emergency",
    ]
    fact = facts["$defs"]["fact"]["properties"]
    assert fact["kind"]["enum"] == list(vocabulary.FactKind)
    assert fact["type"]["enum"] == list(vocabulary.FactType)
    assert fact["group"]["enum"] == list(vocabulary.Group)


def test_the_report_embeds_the_case_schema_unchanged() -> None:
    case = json_schema("case")
    embedded = json_schema("report")["$defs"]["case"]
    assert embedded["properties"] == case["properties"]
    assert embedded["additionalProperties"] is False


def test_fact_catalogue_validates_and_matches_its_typed_dict() -> None:
    data = facts_to_list(default_consultant().knowledge.facts.values())
    _validator("facts").validate(json.loads(json.dumps(data)))
    assert all(set(entry) == _keys(FactDict) for entry in data)
    broken = copy.deepcopy(data)
    broken[0]["type"] = "number"
    with pytest.raises(jsonschema.ValidationError):
        _validator("facts").validate(broken)


def test_cli_prints_each_schema_and_facts_json_fits_its_schema() -> None:
    for name in SCHEMA_NAMES:
        out = io.StringIO()
        assert main(["schema", name], out=out) == 0
        assert json.loads(out.getvalue()) == json_schema(name)
    out = io.StringIO()
    assert main(["schema"], out=out) == 0
    assert json.loads(out.getvalue())["$id"].endswith(":report:1.0")
    out = io.StringIO()
    assert main(["facts", "--json"], out=out) == 0
    _validator("facts").validate(json.loads(out.getvalue()))
    out = io.StringIO()
    assert main(["consult", "cough_sneeze_pain", "--age", "42", "--json"], out=out) == 0
    REPORT.validate(json.loads(out.getvalue()))


def test_unknown_schema_name_is_a_clear_error() -> None:
    with pytest.raises(UnknownSchemaError, match="did you mean 'report'"):
        json_schema("reprot")


# --- Case.to_dict / Case.from_dict ------------------------------------------------------------


def test_case_round_trips_and_validates_on_every_example() -> None:
    case_schema = _validator("case")
    for example in EXAMPLES:
        data = example.case.to_dict()
        case_schema.validate(json.loads(json.dumps(data)))
        assert Case.from_dict(json.loads(json.dumps(data))) == example.case


def test_case_from_dict_accepts_left_out_keys() -> None:
    assert Case.from_dict({"present": ["fever"]}) == Case(present={"fever"})
    assert Case.from_dict({}) == Case()


@pytest.mark.parametrize(
    ("data", "field", "expected"),
    [
        (["fever"], "case", "an object"),
        ({"present": "fever"}, "present", "a list of fact codes"),
        ({"present": ["fever", 3]}, "present[1]", "a fact code"),
        ({"absent": ["fever", "fever"]}, "absent", "each code once"),
        ({"values": [["age", 42]]}, "values", "an object"),
        ({"values": {"age": True}}, "values.age", "a whole number or a string"),
        ({"values": {"age": 4.5}}, "values.age", "a whole number or a string"),
        ({"presnt": ["fever"]}, "case.presnt", "did you mean 'present'"),
    ],
)
def test_case_from_dict_names_the_field_and_what_was_expected(
    data: object, field: str, expected: str
) -> None:
    with pytest.raises(CaseDataError) as caught:
        Case.from_dict(data)
    assert caught.value.field == field
    assert expected in str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, TriggerRulesError)
    with pytest.raises(jsonschema.ValidationError):
        _validator("case").validate(data)
