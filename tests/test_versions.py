"""Every report says which schema, library and knowledge produced it."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from pathlib import Path

import attrs

import trigger_rules
from trigger_rules import Consultant, consult, knowledge_base, vocabulary
from trigger_rules.engine import default_consultant
from trigger_rules.rulebook import Evidence, Rulebook
from trigger_rules.versioning import SCHEMA_VERSION, knowledge_version

ROOT = Path(__file__).resolve().parent.parent


def test_report_carries_the_three_versions() -> None:
    data = consult(present=["cough_sneeze_pain"]).to_dict()
    assert data["schema_version"] == SCHEMA_VERSION
    assert re.fullmatch(r"\d+\.\d+", data["schema_version"])
    assert data["library_version"] == importlib.metadata.version("trigger_rules")
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", data["knowledge_version"])


def test_version_is_written_once_in_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert trigger_rules.__version__ == project["version"]
    init = (ROOT / "trigger_rules" / "__init__.py").read_text()
    assert project["version"] not in init


def test_knowledge_version_is_the_same_for_an_equal_rulebook_and_cached() -> None:
    packaged = default_consultant().rulebook
    rebuilt = Rulebook(specs=packaged.specs, knowledge=packaged.knowledge)
    assert knowledge_version(rebuilt) == knowledge_version(packaged)
    assert knowledge_version(packaged) is knowledge_version(packaged)


def test_knowledge_version_changes_with_a_rule_weight() -> None:
    packaged = default_consultant().rulebook
    specs = list(packaged.specs)
    index = next(i for i, s in enumerate(specs) if isinstance(s.then, Evidence))
    then = specs[index].then
    assert isinstance(then, Evidence)
    specs[index] = attrs.evolve(specs[index], then=attrs.evolve(then, weight=then.weight / 2))
    changed = Consultant(rules=specs, knowledge=packaged.knowledge)
    report = changed.consult(trigger_rules.Case(present={"cough_sneeze_pain"}))
    assert report.knowledge_version != knowledge_version(packaged)


def test_knowledge_version_changes_with_an_item_text() -> None:
    packaged = default_consultant().rulebook
    knowledge = packaged.knowledge
    item_id = sorted(knowledge.items)[0]
    items = dict(knowledge.items)
    items[item_id] = attrs.evolve(items[item_id], text=items[item_id].text + " (edited)")
    edited = attrs.evolve(knowledge, items=items)
    assert knowledge_version(Rulebook(specs=packaged.specs, knowledge=edited)) != (
        knowledge_version(packaged)
    )


def test_enums_list_the_same_values_as_the_knowledge_base_tuples() -> None:
    pairs = [
        (vocabulary.AdviceKind, knowledge_base.ADVICE_KINDS),
        (vocabulary.FactKind, knowledge_base.FACT_KINDS),
        (vocabulary.FactType, knowledge_base.FACT_TYPES),
        (vocabulary.Group, knowledge_base.GROUPS),
        (vocabulary.ItemCategory, knowledge_base.ITEM_CATEGORIES),
        (vocabulary.Area, knowledge_base.AREAS),
        (vocabulary.Side, knowledge_base.SIDES),
    ]
    for enum_type, values in pairs:
        assert tuple(enum_type) == values, enum_type


def test_closed_string_fields_are_enum_members_equal_to_their_strings() -> None:
    report = consult(present=["cough_sneeze_pain", "pain_worse_standing"])
    kinds = {r.kind for r in report.recommendations}
    assert all(isinstance(k, vocabulary.AdviceKind) for k in kinds)
    assert "self_treatment" in kinds
    for fact in trigger_rules.fact_catalogue():
        assert isinstance(fact.type, vocabulary.FactType)
        assert isinstance(fact.kind, vocabulary.FactKind)
        assert isinstance(fact.group, vocabulary.Group)
    assert type(report.to_dict()["recommendations"][0]["kind"]) is str
