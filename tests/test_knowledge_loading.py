"""The knowledge base is checked when it loads; errors name the file and the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import attrs
import pytest

from trigger_rules import KnowledgeError, load_knowledge
from trigger_rules.knowledge_base import default_root
from trigger_rules.rulebook import Advise, Present, Rulebook, Suspected, rule
from trigger_rules.rules import all_rules


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    root = Path(str(default_root()))
    target = tmp_path / "knowledge"
    shutil.copytree(root, target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return target


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_packaged_knowledge_loads_and_fits_the_rules() -> None:
    knowledge = load_knowledge()
    Rulebook(all_rules(), knowledge)  # raises if anything is unused or dangling
    assert knowledge.items
    assert knowledge.facts
    assert knowledge.sources


def test_unknown_key_names_file_and_field(knowledge_copy: Path) -> None:
    _append(
        knowledge_copy / "cautions.toml",
        '\n[[item]]\nid = "x_extra"\ncategory = "caution"\ntitle = "t"\ntext = "t"\n'
        'sources = ["S0"]\ncolour = "red"\n',
    )
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(knowledge_copy)
    message = str(info.value)
    assert "cautions.toml" in message
    assert "colour" in message


def test_missing_source_names_file_item_and_source(knowledge_copy: Path) -> None:
    _append(
        knowledge_copy / "cautions.toml",
        '\n[[item]]\nid = "x_unsourced"\ncategory = "caution"\ntitle = "t"\ntext = "t"\n'
        'sources = ["S9"]\n',
    )
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(knowledge_copy)
    message = str(info.value)
    assert "cautions.toml" in message
    assert "sources" in message
    assert "'S9'" in message


def test_item_without_any_source_is_refused(knowledge_copy: Path) -> None:
    _append(
        knowledge_copy / "cautions.toml",
        '\n[[item]]\nid = "x_none"\ncategory = "caution"\ntitle = "t"\ntext = "t"\nsources = []\n',
    )
    with pytest.raises(KnowledgeError, match=r"cautions\.toml.*sources"):
        load_knowledge(knowledge_copy)


def test_a_string_where_a_list_belongs_is_refused(knowledge_copy: Path) -> None:
    _append(
        knowledge_copy / "cautions.toml",
        '\n[[item]]\nid = "x_str"\ncategory = "caution"\ntitle = "t"\ntext = "t"\n'
        'sources = "S0"\n',
    )
    with pytest.raises(KnowledgeError, match=r"cautions\.toml.*sources"):
        load_knowledge(knowledge_copy)


def test_duplicate_item_id_names_both_files(knowledge_copy: Path) -> None:
    _append(
        knowledge_copy / "prevention.toml",
        '\n[[item]]\nid = "aorta_pulse"\ncategory = "caution"\ntitle = "t"\ntext = "t"\n'
        'sources = ["S0"]\n',
    )
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(knowledge_copy)
    assert "prevention.toml" in str(info.value)
    assert "cautions.toml" in str(info.value)


def test_invalid_toml_names_the_file(knowledge_copy: Path) -> None:
    _append(knowledge_copy / "cautions.toml", "\n[[item]\n")
    with pytest.raises(KnowledgeError, match=r"cautions\.toml: not valid TOML"):
        load_knowledge(knowledge_copy)


def test_dangling_id_in_a_rule_names_rule_and_id() -> None:
    spec = attrs.evolve(rule("x", Suspected(), then=Advise("no_such_advice")), module="test")
    with pytest.raises(KnowledgeError) as info:
        Rulebook((*all_rules(), spec), load_knowledge())
    assert "'test.x'" in str(info.value)
    assert "'no_such_advice'" in str(info.value)


def test_unknown_fact_code_in_a_rule_suggests_the_closest() -> None:
    spec = attrs.evolve(
        rule("y", Present("cough_sneez_pain"), then=Advise("prevent_wallet")), module="test"
    )
    with pytest.raises(KnowledgeError, match="did you mean 'cough_sneeze_pain'"):
        Rulebook((*all_rules(), spec), load_knowledge())


def test_an_item_no_rule_uses_is_an_error(knowledge_copy: Path) -> None:
    _append(
        knowledge_copy / "cautions.toml",
        '\n[[item]]\nid = "x_orphan"\ncategory = "caution"\ntitle = "t"\ntext = "t"\n'
        'sources = ["S0"]\n',
    )
    with pytest.raises(KnowledgeError, match=r"x_orphan.*cautions\.toml"):
        Rulebook(all_rules(), load_knowledge(knowledge_copy))


def test_a_fact_no_rule_uses_is_an_error(knowledge_copy: Path) -> None:
    _append(
        knowledge_copy / "facts" / "habits.toml",
        '\n[[fact]]\ncode = "x_unused_habit"\nquestion = "q?"\nkind = "habit"\ngroup = "habits"\n',
    )
    with pytest.raises(KnowledgeError, match="x_unused_habit"):
        Rulebook(all_rules(), load_knowledge(knowledge_copy))


def test_a_muscle_file_must_be_named_after_its_id(knowledge_copy: Path) -> None:
    muscles = knowledge_copy / "muscles"
    (muscles / "quadratus_lumborum.toml").rename(muscles / "ql.toml")
    with pytest.raises(KnowledgeError, match=r"muscles/ql\.toml.*quadratus_lumborum"):
        load_knowledge(knowledge_copy)


def test_every_item_cites_an_existing_source() -> None:
    knowledge = load_knowledge()
    for item in knowledge.items.values():
        assert item.sources, item.id
        assert set(item.sources) <= set(knowledge.sources), item.id


@pytest.mark.parametrize(
    ("applies_if", "expected"),
    [
        ('{ sxe = ["female"] }', "unknown fact 'sxe'; did you mean 'sex'"),
        ('{ age = ["female"] }', "must name another choice fact ('age' is 'age_years')"),
        ('{ sex = ["femal"] }', "'femal' is not an answer of 'sex'"),
        ("{ sex = [] }", "must list at least one answer"),
    ],
)
def test_applies_if_is_checked_at_load(
    knowledge_copy: Path, applies_if: str, expected: str
) -> None:
    path = knowledge_copy / "facts" / "look_alikes.toml"
    text = path.read_text(encoding="utf-8")
    line = 'applies_if = { sex = ["female", "other"] }'
    assert line in text
    path.write_text(text.replace(line, f"applies_if = {applies_if}", 1), encoding="utf-8")
    with pytest.raises(KnowledgeError, match="applies_if") as info:
        load_knowledge(knowledge_copy)
    assert expected in str(info.value)


def test_pregnancy_questions_apply_to_women_and_others_only() -> None:
    facts = load_knowledge().facts
    for code in ("pregnant", "late_period", "vaginal_bleeding", "abnormal_vaginal_discharge"):
        assert not facts[code].applies_to({"sex": "male"}), code
        assert facts[code].applies_to({"sex": "female"}), code
        assert facts[code].applies_to({"sex": "other"}), code
        assert facts[code].applies_to({}), code  # sex not known yet: still asked
    assert facts["fever"].applies_to({"sex": "male"})
