"""App-side extensions: an app adds facts, items and rules, checked like packaged ones."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from trigger_rules import Case, Consultant, KnowledgeError, consult
from trigger_rules.extension import Advise, Inform, Present, Warn, rule
from trigger_rules.versioning import knowledge_version

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "extension"
APP_RULES = (
    rule("desk_assessment", Present("desk_job"), Present("sits_over_an_hour"),
         then=Inform("acme_desk_assessment")),
)  # fmt: skip
CASE = Case(present={"desk_job", "sits_over_an_hour", "cough_sneeze_pain"})


@pytest.fixture
def app_knowledge(tmp_path: Path) -> Path:
    target = tmp_path / "app_knowledge"
    shutil.copytree(EXAMPLE / "knowledge", target)
    return target


def test_an_extension_adds_a_fact_a_rule_and_an_item(app_knowledge: Path) -> None:
    app = Consultant.extended(rules=APP_RULES, knowledge=app_knowledge, namespace="workplace")
    assert "desk_job" in app.knowledge.facts
    report = app.consult(CASE)
    (note,) = report.notes
    assert note.id == "acme_desk_assessment"
    assert note.rules == ("workplace.desk_assessment",)
    assert note.facts == ("desk_job", "sits_over_an_hour")
    assert "acme_back_care_2026" in {s.id for s in report.sources}
    assert report.knowledge_version != knowledge_version(Consultant().rulebook)
    # The packaged library does not know the fact at all.
    with pytest.raises(ValueError, match="desk_job"):
        consult(CASE)


def test_a_typo_in_the_apps_knowledge_file_is_one_error_naming_that_file(
    app_knowledge: Path,
) -> None:
    path = app_knowledge / "workplace.toml"
    path.write_text(path.read_text().replace("title = ", "titel = ", 1))
    with pytest.raises(KnowledgeError) as caught:
        Consultant.extended(rules=APP_RULES, knowledge=app_knowledge)
    message = str(caught.value)
    assert str(path) in message
    assert "titel" in message
    assert "site-packages" not in message
    assert "trigger_rules/knowledge" not in message


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (('sources = ["acme_back_care_2026"]', 'sources = ["acme_back_care"]'),
         "source 'acme_back_care' is not defined"),
        (('kind = "habit"', 'kind = "habbit"'), "'kind' must be one of"),
        (('id = "acme_desk_assessment"', 'id = "pressing_too_hard"'),
         "item 'pressing_too_hard' is already defined in the packaged knowledge base"),
        (('code = "desk_job"', 'code = "fever"'), "fact 'fever' is already defined"),
    ],
)  # fmt: skip
def test_app_data_errors_name_the_apps_file(
    app_knowledge: Path, edit: tuple[str, str], expected: str
) -> None:
    path = app_knowledge / "workplace.toml"
    text = path.read_text()
    assert edit[0] in text
    path.write_text(text.replace(edit[0], edit[1], 1))
    with pytest.raises(KnowledgeError, match=expected) as caught:
        Consultant.extended(rules=APP_RULES, knowledge=app_knowledge)
    assert str(path) in str(caught.value)


def test_an_unused_app_item_or_fact_is_refused_naming_the_app(app_knowledge: Path) -> None:
    with pytest.raises(KnowledgeError, match="acme_desk_assessment") as caught:
        Consultant.extended(
            rules=[rule("x", Present("desk_job"), then=Warn("pressing_too_hard"))],
            knowledge=app_knowledge,
        )
    assert str(app_knowledge / "workplace.toml") in str(caught.value)
    with pytest.raises(KnowledgeError, match="fact codes no rule uses: desk_job") as caught:
        Consultant.extended(
            rules=[rule("x", Present("fever"), then=Inform("acme_desk_assessment"))],
            knowledge=app_knowledge,
        )
    assert str(app_knowledge) in str(caught.value)


def test_app_rules_are_checked_like_packaged_ones(app_knowledge: Path) -> None:
    typo = rule("typo", Present("desk_job"), then=Inform("acme_desk_asessment"))
    with pytest.raises(KnowledgeError, match="did you mean 'acme_desk_assessment'"):
        Consultant.extended(rules=[*APP_RULES, typo], knowledge=app_knowledge)
    wrong = rule("wrong", Present("desk_job"), then=Advise("acme_desk_assessment"))
    with pytest.raises(KnowledgeError, match="refers to 'acme_desk_assessment' as a advice"):
        Consultant.extended(rules=[*APP_RULES, wrong], knowledge=app_knowledge)
    with pytest.raises(KnowledgeError, match="no such knowledge file or folder"):
        Consultant.extended(rules=APP_RULES, knowledge=app_knowledge / "missing")


def test_rules_alone_can_reuse_packaged_knowledge() -> None:
    app = Consultant.extended(
        rules=[rule("tailbone_caution", Present("tailbone_pain"), then=Warn("pressing_too_hard"))],
        namespace="my_app",
    )
    report = app.consult(Case(present={"tailbone_pain"}))
    (caution,) = [c for c in report.cautions if c.id == "pressing_too_hard"]
    assert "my_app.tailbone_caution" in caution.rules


def test_the_example_runs_and_changes_the_report() -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLE / "run.py")], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "with the app's extension, notes: ['acme_desk_assessment']" in result.stdout
    assert "packaged library alone, notes: []" in result.stdout
