"""The ``interview`` and ``next`` commands of ``trigger-rules``.

``interview`` asks one question at a time in the terminal (yes / no / don't know, or a
value; ``back`` changes the last answer; ``quit`` stops), starting from an optional chief
complaint, and prints the report when the interview can stop. ``next`` prints the next
questions for a case, for apps that drive their own interface.

Kept apart from :mod:`trigger_rules.cli`, which only registers these commands.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from .case import Case, Value
from .engine import Consultant
from .errors import CaseFileError, InvalidFactValueError, UnknownFactError
from .interview import Interview, Question, Reply, interview_status, next_questions
from .knowledge_base import VALUE_RANGES

__all__ = ["HANDLERS", "add_commands", "parse_reply"]

EXIT_OK = 0

_YES = {"y", "yes"}
_NO = {"n", "no"}
_DONT_KNOW = {"?", "dk", "don't know", "dont know", "don't", "dont", "idk", "not sure", "unknown"}


def add_commands(commands: Any) -> None:
    """Add ``interview`` and ``next`` to the ``trigger-rules`` sub-command parsers."""
    interview = commands.add_parser(
        "interview", help="answer questions one at a time, then read the report"
    )
    interview.add_argument(
        "present", nargs="*", metavar="CODE", help="what brings you here (facts that are present)"
    )
    interview.add_argument("--save", metavar="FILE", help="keep the answers in FILE (JSON)")
    interview.add_argument(
        "--resume", metavar="FILE", help="continue from answers saved with --save"
    )

    nxt = commands.add_parser("next", help="print the next questions worth asking")
    nxt.add_argument("present", nargs="*", metavar="CODE", help="facts that are present")
    nxt.add_argument(
        "--absent", nargs="+", action="extend", default=[], metavar="CODE", help="facts denied"
    )
    nxt.add_argument(
        "--dont-know",
        nargs="+",
        action="extend",
        default=[],
        metavar="CODE",
        help="facts the person does not know (never asked again)",
    )
    nxt.add_argument(
        "--value",
        nargs="+",
        action="extend",
        default=[],
        metavar="CODE=VALUE",
        help="values of valued facts, such as age=42 or pain_side=left",
    )
    nxt.add_argument(
        "--expanded",
        nargs="+",
        action="extend",
        default=[],
        metavar="GROUP",
        help="grouped questions ('any:...') already answered yes",
    )
    nxt.add_argument("--limit", type=int, default=10, metavar="N", help="at most N (default 10)")
    nxt.add_argument("--json", action="store_true", help="print the questions as JSON")


# --- answers -------------------------------------------------------------------------------


def parse_reply(question: Question, text: str) -> Reply:
    """The reply typed for *question*: ``True``, ``False``, ``None`` (don't know) or a
    value; raises :class:`InvalidFactValueError` saying what was expected."""
    answer = " ".join(text.strip().lower().replace("\u2019", "'").split())
    if answer in _DONT_KNOW:
        return None
    if question.type in ("yes_no", "any_of"):
        if answer in _YES:
            return True
        if answer in _NO:
            return False
        raise InvalidFactValueError(question.code, "yes, no or don't know", text.strip())
    if question.type in VALUE_RANGES:
        low, high = VALUE_RANGES[question.type]
        if answer.isdigit() and low <= int(answer) <= high:
            return int(answer)
        raise InvalidFactValueError(
            question.code, f"a whole number from {low} to {high}, or don't know", text.strip()
        )
    if answer.replace(" ", "_") in question.allowed:
        return answer.replace(" ", "_")
    starts = [c for c in question.allowed if answer and c.startswith(answer.replace(" ", "_"))]
    if len(starts) == 1:
        return starts[0]
    expected = "one of " + ", ".join(question.allowed) + ", or don't know"
    raise InvalidFactValueError(question.code, expected, text.strip())


def _hint(question: Question) -> str:
    if question.type in ("yes_no", "any_of"):
        return "yes / no / don't know"
    if question.value_range is not None:
        low, high = question.value_range
        return f"a number from {low} to {high} / don't know"
    return " / ".join(question.allowed) + " / don't know"


def _ask(question: Question, number: int, out: TextIO) -> None:
    out.write(f"\n{number}. {question.text}\n")
    for text in question.member_texts:
        out.write(f"   - {text}\n")
    if question.help:
        out.write(f"   ({question.help})\n")
    out.write(f"   [{_hint(question)}; back; quit] > ")
    out.flush()


# --- saving --------------------------------------------------------------------------------


def _load(path: str, consultant: Consultant) -> Interview:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise TypeError(f"expected a JSON object (got {type(data).__name__})")
        state = Interview.from_dict(data)
    except FileNotFoundError:
        raise CaseFileError(f"{path}: no such file to resume from") from None
    except (OSError, ValueError, TypeError) as exc:
        raise CaseFileError(f"{path}: not a saved interview: {exc}") from None
    state.case.validated(consultant.knowledge.facts)
    for code in sorted(state.dont_know):
        if code not in consultant.knowledge.facts:
            raise UnknownFactError(code, consultant.knowledge.facts)
    return state


def _save(path: str | None, state: Interview) -> None:
    if path:
        text = json.dumps(state.to_dict(), indent=2, ensure_ascii=False) + "\n"
        try:
            Path(path).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CaseFileError(f"{path}: cannot save the answers: {exc.strerror}") from None


# --- interview -----------------------------------------------------------------------------


def _interview(args: argparse.Namespace, consultant: Consultant, out: TextIO) -> int:
    from .cli import render_report  # noqa: PLC0415 (cli imports this module)

    state = _load(args.resume, consultant) if args.resume else Interview()
    if args.present:
        start = Case(present=state.case.present | set(args.present), absent=state.case.absent)
        for code in args.present:
            if code not in consultant.knowledge.facts:
                raise UnknownFactError(code, consultant.knowledge.facts)
        state = state.answer(args.present[0], True)
        for code in args.present[1:]:
            state = state.answer(code, True)
        start.validated(consultant.knowledge.facts)
    state.case.validated(consultant.knowledge.facts)
    _save(args.save, state)
    out.write(
        "Answer each question with yes, no or don't know (or the value asked for). "
        "Type 'back' to change the last answer, 'quit' to stop.\n"
    )
    history: list[Interview] = []
    stdin = sys.stdin
    while True:
        questions = next_questions(
            state.case,
            dont_know=state.dont_know,
            expanded=state.expanded,
            limit=1,
            consultant=consultant,
        )
        if not questions:
            out.write("\nThat is all the questions that could change the advice.\n\n")
            break
        question = questions[0]
        _ask(question, len(history) + 1, out)
        line = stdin.readline()
        if not line:  # end of input: stop as if 'quit'
            out.write("\n")
            line = "quit"
        word = line.strip().lower()
        if word in ("quit", "q", "exit"):
            out.write("\nStopped before the end: the report below may be incomplete.\n\n")
            break
        if word in ("back", "b"):
            if history:
                state = history.pop()
                _save(args.save, state)
            else:
                out.write("   (this is the first question; nothing to go back to)\n")
            continue
        try:
            reply = parse_reply(question, line)
        except InvalidFactValueError as exc:
            out.write(f"   please answer {exc.expected} (got {exc.got!r})\n")
            continue
        history.append(state)
        state = state.answer(question, reply)
        _save(args.save, state)
    report = consultant.consult(state.case)
    out.write(render_report(report))
    if state.dont_know:
        out.write("\nNot known: " + ", ".join(sorted(state.dont_know)) + "\n")
    if args.save:
        out.write(f"\nAnswers saved to {args.save}\n")
    return EXIT_OK


# --- next ----------------------------------------------------------------------------------


def _values(pairs: Sequence[str], consultant: Consultant) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for pair in pairs:
        code, sep, raw = pair.partition("=")
        if not sep or not code:
            raise InvalidFactValueError(pair, "given as CODE=VALUE", pair)
        fact = consultant.knowledge.facts.get(code)
        if fact is None:
            raise UnknownFactError(code, consultant.knowledge.facts)
        values[code] = int(raw) if fact.type in VALUE_RANGES and raw.strip().isdigit() else raw
    return values


def _next(args: argparse.Namespace, consultant: Consultant, out: TextIO) -> int:
    if args.limit < 0:
        raise InvalidFactValueError("--limit", "a number of 0 or more", args.limit)
    case = Case(present=args.present, absent=args.absent, values=_values(args.value, consultant))
    questions = next_questions(
        case,
        dont_know=args.dont_know,
        expanded=args.expanded,
        limit=args.limit,
        consultant=consultant,
    )
    status = interview_status(
        case, dont_know=args.dont_know, expanded=args.expanded, consultant=consultant
    )
    if args.json:
        data = {
            "can_stop": status.can_stop,
            "reasons": list(status.reasons),
            "questions": [q.to_dict() for q in questions],
        }
        out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    if status.can_stop:
        out.write("The interview can stop: no question left could change the report.\n")
        return EXIT_OK
    for number, question in enumerate(questions, start=1):
        level = f", {question.urgency.value}" if question.urgency else ""
        out.write(f"{number}. [{question.code}] ({question.purpose}{level}) {question.text}\n")
        for code, text in zip(question.members, question.member_texts, strict=True):
            out.write(f"     - [{code}] {text}\n")
        out.write(f"     why: {question.why}\n")
    return EXIT_OK


HANDLERS: dict[str, Callable[[argparse.Namespace, Consultant, TextIO], int]] = {
    "interview": _interview,
    "next": _next,
}
