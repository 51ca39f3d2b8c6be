"""The command line: readable and JSON output, one-line errors with exit status 2."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from trigger_rules.cli import main

ROOT = Path(__file__).resolve().parent.parent


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue()


def _module(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trigger_rules", *argv],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def test_consult_json_has_both_first_slice_muscles() -> None:
    status, output = _run("consult", "cough_sneeze_pain", "pain_worse_standing", "--json")
    assert status == 0
    data = json.loads(output)
    suspects = {s["muscle"]: s for s in data["suspects"]}
    assert {"quadratus_lumborum", "iliopsoas"} <= set(suspects)
    for suspect in suspects.values():
        assert suspect["facts"]
        assert suspect["sources"]
        assert suspect["rules"]


def test_consult_text_puts_triage_first_and_lists_sources() -> None:
    status, output = _run("consult", "saddle_numbness", "cough_sneeze_pain")
    assert status == 0
    assert output.splitlines()[0] == "TRIAGE: EMERGENCY"
    assert output.index("Red flags:") < output.index("Muscles whose trigger points")
    assert "Advice withheld" in output
    assert "Self-treatment:" not in output
    assert "Sources:" in output


def test_consult_with_absent_and_values() -> None:
    status, output = _run(
        "consult",
        "cough_sneeze_pain",
        "--absent",
        "saddle_numbness",
        "fever",
        "--age",
        "40",
        "--json",
    )
    assert status == 0
    data = json.loads(output)
    assert data["case"]["absent"] == ["fever", "saddle_numbness"]
    assert data["case"]["values"] == {"age": 40}


def test_emergency_json_has_no_self_care_advice() -> None:
    status, output = _run("consult", "saddle_numbness", "cough_sneeze_pain", "--json")
    data = json.loads(output)
    assert status == 0
    assert data["triage"] == "emergency"
    assert [f["id"] for f in data["red_flags"]] == ["cauda_equina"]
    kinds = {r["kind"] for r in data["recommendations"]}
    assert not kinds & {"self_treatment", "stretch", "strengthen"}


def test_unknown_code_is_one_line_exit_2_with_a_suggestion() -> None:
    result = _module("consult", "cough_sneez_pain")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "cough_sneeze_pain" in lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["consult", "--age", "200"], "0 to 120"),
        (["consult", "--age", "old"], "invalid int value"),
        (["consult", "--pain-side", "middle"], "invalid choice"),
        (["consult", "fever", "--absent", "fever"], "both present and absent"),
        (["frobnicate"], "invalid choice"),
        ([], "required"),
        (["cases", "no/such/folder"], "no such case file"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    argv: list[str], fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, output = _run(*argv)
    err = capsys.readouterr().err
    assert status == 2
    assert output == ""
    assert len(err.strip().splitlines()) == 1
    assert fragment in err
    assert err.startswith("trigger-rules: error: ")


def test_facts_json_lists_codes_kinds_and_questions() -> None:
    status, output = _run("facts", "--json")
    assert status == 0
    facts = json.loads(output)
    codes = [f["code"] for f in facts]
    assert codes == sorted(codes)
    assert {
        "cough_sneeze_pain",
        "pain_worse_standing",
        "tingling_below_knee",
        "wallet_in_back_pocket",
        "pulse_felt_while_pressing",
        "age",
    } <= set(codes)
    assert {f["kind"] for f in facts} == {"symptom", "finding", "habit", "history"}
    assert len(facts) >= 60
    assert all(f["question"].endswith("?") for f in facts)


def test_facts_text_has_one_line_per_code() -> None:
    status, output = _run("facts")
    _, as_json = _run("facts", "--json")
    assert status == 0
    assert len(output.splitlines()) == len(json.loads(as_json))


def test_version() -> None:
    result = _module("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("trigger-rules ")


def test_text_output_says_first_when_triage_is_provisional() -> None:
    _, provisional = _run("consult", "cough_sneeze_pain")
    assert provisional.splitlines()[0] == (
        "TRIAGE: SELF CARE (provisional: unanswered red-flag questions below could raise it)"
    )
    _, settled = _run("consult", "saddle_numbness")
    assert settled.splitlines()[0] == "TRIAGE: EMERGENCY"


def test_choice_facts_take_their_answers_on_the_command_line() -> None:
    status, output = _run("consult", "colicky_pain", "--pregnant", "possible", "--json")
    assert status == 0
    assert json.loads(output)["case"]["values"] == {"pregnant": "possible"}
    status, _ = _run("consult", "colicky_pain", "--sex", "unknown")
    assert status == 2
