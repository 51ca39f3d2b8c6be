"""The interview: question order, stopping, the CLI through a real terminal, and the
simulation over every example case (issue 11)."""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import sys
import time
from pathlib import Path

import pytest

import trigger_rules
from trigger_rules import Case, Consultant, Interview, TriageLevel, next_questions
from trigger_rules.cli import main
from trigger_rules.interview import interview_status
from trigger_rules.rulebook import RaiseRedFlag, Refer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import interview_sim  # noqa: E402


def _emergency_codes(consultant: Consultant) -> set[str]:
    return {
        code
        for spec in consultant.rulebook.specs
        if isinstance(spec.then, RaiseRedFlag | Refer)
        and spec.then.urgency is TriageLevel.EMERGENCY
        and not spec.derived_conditions
        for code in spec.codes
    }


def test_empty_case_asks_emergency_questions_first(consultant: Consultant) -> None:
    questions = next_questions(Case(), limit=None, consultant=consultant)
    assert questions[0].urgency is TriageLevel.EMERGENCY
    urgencies = [q.urgency.rank if q.urgency else -1 for q in questions]
    screen = [u for q, u in zip(questions, urgencies, strict=True) if q.purpose == "screen"]
    assert screen == sorted(screen, reverse=True)
    first_codes = {c for q in questions if q.urgency is TriageLevel.EMERGENCY for c in q.codes}
    assert _emergency_codes(consultant) <= first_codes


def test_answered_and_dont_know_codes_never_come_back(consultant: Consultant) -> None:
    case = Case(present={"cough_sneeze_pain"}, absent={"fever"}, values={"age": 40})
    questions = next_questions(
        case, dont_know={"saddle_numbness"}, limit=None, consultant=consultant
    )
    offered = {c for q in questions for c in q.codes}
    assert not offered & {"cough_sneeze_pain", "fever", "age", "saddle_numbness"}


def test_a_dont_know_leaves_the_fact_unscreened_in_the_report(consultant: Consultant) -> None:
    state = Interview().answer("saddle_numbness", None)
    assert "saddle_numbness" not in state.case.present | state.case.absent
    assert "saddle_numbness" in consultant.consult(state.case).unscreened


def test_question_carries_why_and_plain_data(consultant: Consultant) -> None:
    question = next_questions(limit=1, consultant=consultant)[0]
    data = question.to_dict()
    assert data["urgency"] == "emergency"
    assert data["why"].startswith("could raise")
    json.dumps(data)
    assert question.findings


def test_consultant_method_matches_function(consultant: Consultant) -> None:
    case = {"cough_sneeze_pain": True}
    assert consultant.next_questions(case, limit=5) == next_questions(
        case, limit=5, consultant=consultant
    )


def test_follow_up_only_offered_once_parent_present() -> None:
    import attrs

    consultant = trigger_rules.default_consultant()
    knowledge = consultant.knowledge
    facts = dict(knowledge.facts)
    facts["smoker"] = attrs.evolve(facts["smoker"], follow_up_of="pulse_felt_while_pressing")
    custom = Consultant(knowledge=attrs.evolve(knowledge, facts=facts))
    offered = {c for q in next_questions(limit=None, consultant=custom) for c in q.codes}
    assert "smoker" not in offered
    assert "pulse_felt_while_pressing" in offered
    case = Case(present={"pulse_felt_while_pressing"})
    offered = {c for q in next_questions(case, limit=None, consultant=custom) for c in q.codes}
    assert "smoker" in offered


def test_unknown_code_is_a_clear_error() -> None:
    with pytest.raises(trigger_rules.UnknownFactError, match="did you mean"):
        next_questions(dont_know=["saddle_numbnes"])


def test_status_cannot_stop_while_emergency_questions_open(consultant: Consultant) -> None:
    status = interview_status(Case(present={"cough_sneeze_pain"}), consultant=consultant)
    assert not status.can_stop
    assert status.reasons[0].startswith("red-flag questions")
    assert "saddle_numbness" in status.open_questions["screen"]


def test_simulation_over_every_example_case(consultant: Consultant) -> None:
    runs = interview_sim.run_all([str(ROOT / "examples" / "cases")], consultant)
    figures = interview_sim.summarise(runs)
    print(
        f"\ninterview simulation over {figures['cases']:.0f} cases: triage "
        f"{figures['triage']:.1%}, top suspect {figures['top_suspect']:.1%}, questions mean "
        f"{figures['mean']:.1f}, max {figures['max']:.0f}"
    )
    differ = [r.name for r in runs if not r.triage_agrees]
    assert not differ, f"final triage differs from the full case in {differ}"
    assert figures["top_suspect"] >= 0.95


# --- the CLI -------------------------------------------------------------------------------


def test_next_json_on_empty_case_lists_emergency_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["next", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["can_stop"] is False
    assert data["questions"][0]["urgency"] == "emergency"


def test_next_bad_code_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["next", "cough_sneez_pain"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "cough_sneeze_pain" in err


def _end(pid: int) -> None:
    """Reap the child; kill it first if it is still waiting for input."""
    done, _ = os.waitpid(pid, os.WNOHANG)
    if not done:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _run_in_terminal(args: list[str], script: list[tuple[str, str]], timeout: float = 60) -> str:
    """Run ``trigger-rules ARGS`` in a pseudo-terminal; whenever the output so far ends
    with a prompt, answer with the first reply whose trigger text appears in the current
    question (a person reading the question)."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command line, as a user would start it
        os.execv(sys.executable, [sys.executable, "-m", "trigger_rules", *args])
    output = b""
    asked_from = 0
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                output += chunk
            text = output.decode("utf-8", "replace")
            if text.rstrip().endswith("quit] >") and len(text) > asked_from:
                question = text[asked_from:]
                asked_from = len(text) + 1
                reply = next((r for trigger, r in script if trigger in question), "no")
                os.write(fd, (reply + "\n").encode())
        else:
            raise AssertionError("the interview did not finish in time:\n" + output.decode())
    finally:
        _end(pid)
    return output.decode("utf-8", "replace")


def test_red_flag_story_in_a_terminal() -> None:
    # A man whose back hurts when he coughs noticed numbness around his back passage.
    script = [
        ("saddle", "yes"),
        ("How old", "47"),
        ("Which side", "left"),
        ("How many days", "20"),
    ]
    text = _run_in_terminal(["interview", "cough_sneeze_pain"], script)
    lines = text.splitlines()
    first_muscle = next(
        (i for i, line in enumerate(lines) if "describe your pain" in line), len(lines)
    )
    # The saddle question asked on its own (after "any of these?" narrowed down to it).
    saddle = next(
        i for i, line in enumerate(lines) if line.split(". ", 1)[0].isdigit() and "saddle" in line
    )
    assert saddle < first_muscle < len(lines), "muscle questions should follow, not be skipped"
    assert "TRIAGE: EMERGENCY" in text
    assert "cauda_equina" in text
    assert "Traceback" not in text


def _sequence(args: list[str], replies: list[str], timeout: float = 60) -> str:
    """Run ``trigger-rules ARGS`` in a pseudo-terminal, typing *replies* one per prompt
    (then ``quit``)."""
    pending = iter(replies)
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(sys.executable, [sys.executable, "-m", "trigger_rules", *args])
    output = b""
    answered = 0
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                output += chunk
            text = output.decode("utf-8", "replace")
            if text.rstrip().endswith("quit] >") and text.count("quit] >") > answered:
                answered = text.count("quit] >")
                os.write(fd, (next(pending, "quit") + "\n").encode())
    finally:
        _end(pid)
    return output.decode("utf-8", "replace")


def test_back_quit_save_and_resume_in_a_terminal(tmp_path: Path) -> None:
    saved = tmp_path / "answers.json"
    text = _sequence(
        ["interview", "cough_sneeze_pain", "--save", str(saved)],
        ["no", "back", "don't know", "quit"],
    )
    assert "please answer" not in text
    assert "Stopped before the end" in text
    assert "TRIAGE:" in text
    data = json.loads(saved.read_text())
    assert data["present"] == ["cough_sneeze_pain"]
    assert data["absent"] == []  # the 'no' was taken back
    assert data["dont_know"]
    resumed = _sequence(["interview", "--resume", str(saved)], ["perhaps", "quit"])
    assert "please answer yes, no or don't know (got 'perhaps')" in resumed
    assert "Traceback" not in resumed


def test_resume_of_a_broken_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    assert main(["interview", "--resume", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("trigger-rules: error:")
    assert err.count("\n") == 1
