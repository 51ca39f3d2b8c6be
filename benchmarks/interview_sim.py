"""Interview quality and speed, measured over every example case (issue 11, item 5).

For each case in ``examples/cases``: start from the case's first present fact, answer
every question the interview asks from the case (yes, no or the value it gives; "don't
know" where the case is silent; a grouped question yes when the case has any of its
facts, no when it denies them all), and stop when the interview says it can. Then compare
the report of the interviewed answers with the report of the full case.

Run ``python benchmarks/interview_sim.py`` (``--cases PATH`` for other cases). Prints the
share of cases whose final triage and top suspect agree with the full case, the mean and
maximum number of questions, and the p50/p95 time of ``next_questions``; exits 1 when a
target is missed (triage 100%, top suspect >= 95%, mean <= 20, max <= 35, p50 <= 20 ms,
p95 <= 50 ms).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tomllib
from collections.abc import Sequence
from pathlib import Path

import attrs

from trigger_rules import Case
from trigger_rules.cases import ExampleCase, load_cases
from trigger_rules.engine import Consultant, default_consultant
from trigger_rules.interview import Interview, Question, Reply, next_questions

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"triage": 1.0, "top_suspect": 0.95, "mean": 20.0, "max": 35, "p50": 20.0, "p95": 50.0}


@attrs.frozen
class Run:
    name: str
    questions: int
    triage_agrees: bool
    top_agrees: bool
    full_triage: str
    got_triage: str
    full_top: str | None
    got_top: str | None
    seconds: tuple[float, ...]


def first_present(example: ExampleCase) -> str | None:
    """The first present fact as the case file lists it (the chief complaint)."""
    data = tomllib.loads(Path(example.path).read_text(encoding="utf-8"))
    present = data.get("facts", {}).get("present", [])
    return present[0] if present else None


def answer_from(case: Case, question: Question) -> Reply:
    """How the person in *case* answers: from the case, or "don't know" where it is silent."""
    if question.is_group:
        if any(code in case.present for code in question.members):
            return True
        if all(code in case.absent for code in question.members):
            return False
        return None
    code = question.code
    if code in case.present:
        return True
    if code in case.absent:
        return False
    return case.value(code)


def simulate(example: ExampleCase, consultant: Consultant) -> Run:
    full = example.case
    state = Interview()
    start = first_present(example)
    if start is not None:
        state = state.answer(start, True)
    seconds: list[float] = []
    asked = 0
    while True:
        began = time.perf_counter()
        questions = next_questions(
            state.case,
            dont_know=state.dont_know,
            expanded=state.expanded,
            limit=1,
            consultant=consultant,
        )
        seconds.append(time.perf_counter() - began)
        if not questions:
            break
        asked += 1
        if asked > 500:
            raise RuntimeError(f"{example.name}: the interview does not end")
        state = state.answer(questions[0], answer_from(full, questions[0]))
    got = consultant.consult(state.case)
    want = consultant.consult(full)
    got_top = got.suspects[0].muscle if got.suspects else None
    want_top = want.suspects[0].muscle if want.suspects else None
    return Run(
        name=example.name,
        questions=asked,
        triage_agrees=got.triage is want.triage,
        top_agrees=got_top == want_top,
        full_triage=want.triage.value,
        got_triage=got.triage.value,
        full_top=want_top,
        got_top=got_top,
        seconds=tuple(seconds),
    )


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summarise(runs: Sequence[Run]) -> dict[str, float]:
    times = [s * 1000 for run in runs for s in run.seconds]
    counts = [run.questions for run in runs]
    return {
        "cases": len(runs),
        "triage": sum(r.triage_agrees for r in runs) / len(runs),
        "top_suspect": sum(r.top_agrees for r in runs) / len(runs),
        "mean": statistics.fmean(counts),
        "max": max(counts),
        "p50": percentile(times, 0.50),
        "p95": percentile(times, 0.95),
    }


def run_all(paths: Sequence[str], consultant: Consultant | None = None) -> list[Run]:
    consultant = consultant or default_consultant()
    return [simulate(example, consultant) for example in load_cases(paths)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", nargs="+", default=[str(ROOT / "examples" / "cases")])
    parser.add_argument("--verbose", action="store_true", help="one line per case")
    args = parser.parse_args(argv)
    runs = run_all(args.cases)
    if args.verbose:
        for run in runs:
            flag = "" if run.triage_agrees and run.top_agrees else "  <-- differs"
            print(
                f"{run.name:58} {run.questions:3} q  triage {run.got_triage}/{run.full_triage}"
                f"  top {run.got_top}/{run.full_top}{flag}"
            )
    figures = summarise(runs)
    print(f"cases:                 {figures['cases']:.0f}")
    print(f"final triage agrees:   {figures['triage']:.1%} (target 100%)")
    print(f"top suspect agrees:    {figures['top_suspect']:.1%} (target >= 95%)")
    print(f"questions, mean:       {figures['mean']:.1f} (target <= 20)")
    print(f"questions, max:        {figures['max']:.0f} (target <= 35)")
    print(f"next_questions p50:    {figures['p50']:.1f} ms (target <= 20 ms)")
    print(f"next_questions p95:    {figures['p95']:.1f} ms (target <= 50 ms)")
    missed = [
        name
        for name in TARGETS
        if (
            figures[name] < TARGETS[name]
            if name in ("triage", "top_suspect")
            else figures[name] > TARGETS[name]
        )
    ]
    if missed:
        print("missed targets: " + ", ".join(missed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
