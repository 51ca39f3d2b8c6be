"""The scripted example cases pass, cover the rules, and fail loudly when wrong."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from trigger_rules import CaseFileError, Consultant
from trigger_rules.cases import load_cases, run_cases
from trigger_rules.cli import main

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "examples" / "cases"


def test_every_example_case_passes(consultant: Consultant) -> None:
    outcomes = run_cases(load_cases([CASES]), consultant)
    failures = {
        o.case.name: [(c.name, c.expected, c.got) for c in o.failures]
        for o in outcomes
        if not o.passed
    }
    assert failures == {}


def test_every_rule_fires_in_some_example(consultant: Consultant) -> None:
    fired: set[str] = set()
    for example in load_cases([CASES]):
        consultant.consult(example.case)
        fired.update(consultant.last_firing_order)
    never = sorted({spec.id for spec in consultant.rulebook.specs} - fired)
    assert never == []


def test_every_knowledge_item_reaches_some_example_report(consultant: Consultant) -> None:
    reached: set[str] = set()
    for example in load_cases([CASES]):
        report = consultant.consult(example.case)
        reached.update(f.id for f in (*report.red_flags, *report.referrals))
        reached.update(r.id for r in report.recommendations)
        reached.update(c.id for c in (*report.cautions, *report.notes))
        for suspect in report.suspects:
            reached.update(e.sign for e in (*suspect.evidence, *suspect.evidence_against))
    never = sorted(set(consultant.knowledge.items) - reached)
    assert never == []


def test_a_wrong_expectation_fails_with_a_readable_diff(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.toml"
    wrong.write_text(
        'title = "deliberately wrong"\nstory = "expects the wrong muscle"\n'
        '[facts]\npresent = ["cough_sneeze_pain"]\n'
        '[expect]\ntriage = "emergency"\ntop_suspect = "iliopsoas"\n',
        encoding="utf-8",
    )
    out = io.StringIO()
    status = main(["cases", str(wrong)], out=out)
    text = out.getvalue()
    assert status == 1
    assert "FAIL wrong" in text
    assert "- expected: emergency" in text
    assert "+ got:      self_care" in text
    assert "- expected: iliopsoas" in text
    assert "+ got:      quadratus_lumborum" in text
    assert text.rstrip().endswith("cases: 0 passed, 1 failed")


def test_cases_json_marks_failures(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.toml"
    wrong.write_text(
        'title = "t"\nstory = "s"\n[facts]\npresent = []\n[expect]\ntriage = "routine"\n',
        encoding="utf-8",
    )
    out = io.StringIO()
    assert main(["cases", str(wrong), "--json"], out=out) == 1
    (result,) = json.loads(out.getvalue())
    assert result["passed"] is False
    assert result["checks"] == [
        {"check": "triage", "expected": "routine", "got": "self_care", "passed": False}
    ]


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (
            'title = "t"\nstory = "s"\n[facts]\n[expect]\ntop_suspect = "quadratus_lumborm"\n',
            "did you mean 'quadratus_lumborum'",
        ),
        (
            'title = "t"\nstory = "s"\n[facts]\npresent = ["cough_sneez_pain"]\n[expect]\n',
            "cough_sneeze_pain",
        ),
        ('title = "t"\nstory = "s"\n[facts]\n[expect]\ncolour = "red"\n', "colour"),
        ('title = "t"\n[facts]\n[expect]\n', "story"),
    ],
)
def test_bad_case_files_name_the_file_and_the_problem(
    tmp_path: Path, body: str, fragment: str, consultant: Consultant
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(CaseFileError) as info:
        run_cases(load_cases([path]), consultant)
    assert str(path) in str(info.value)
    assert fragment in str(info.value)


def test_embedding_example_runs_and_shows_triage_first() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "embed_app.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Triage: self_care"
    assert any("fever" in line for line in lines if line.startswith("Please also ask"))
    assert any("quadratus lumborum may be contributing" in line for line in lines)


def test_readme_commands_are_what_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0].strip() for b in readme.split("```sh\n")[1:3]]
    main_job, test_command = blocks
    assert test_command in ci
    assert "trigger-rules cases examples/cases" in main_job
    assert "trigger-rules cases examples/cases" in ci


def test_readme_python_examples_run(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0] for b in readme.split("```python\n")[1:]]
    assert len(blocks) >= 2
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "self_care"
    assert any("quadratus_lumborum" in line for line in printed)
