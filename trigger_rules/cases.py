"""Scripted example cases: a story, the facts, and what the report must say.

A case file is TOML::

    title = "Coughing hurts like a broken rib"
    story = "..."

    [facts]
    present = ["cough_sneeze_pain"]
    absent = ["fever"]
    values = { age = 42 }

    [expect]
    triage = "self_care"
    top_suspect = "quadratus_lumborum"
    suspects = ["quadratus_lumborum"]       # each must be among the suspects
    not_suspects = ["piriformis"]           # none may be

Every ``[expect]`` key is optional; a case checks only what it states. Keys: ``triage``,
``top_suspect``, ``suspects``/``not_suspects``, ``red_flags`` (the exact set),
``referrals``/``not_referrals``, ``cautions``/``not_cautions``,
``recommendations``/``not_recommendations`` (advice ids), ``advice_kinds`` (kinds that
must be present), ``withheld_kinds`` (kinds that must be absent and reported withheld),
``notes``, ``screening_complete``, ``unscreened``/``not_unscreened`` (codes that must be,
or must not be, listed as unscreened), ``explained_by``/``not_explained_by`` (rule ids that
must, or must not, be named as a reason for some item of the report: a red flag, referral,
suspect, recommendation, caution or note).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from pathlib import Path

import attrs
import cattrs

from ._toml import parse as parse_toml
from .case import Case
from .engine import Consultant, default_consultant
from .errors import CaseFileError, TriggerRulesError, closest, shown
from .knowledge_base import ADVICE_KINDS, Knowledge
from .report import Caution, Finding, Note, Recommendation, Report, Suspect
from .triage import TriageLevel

__all__ = [
    "Check",
    "ExampleCase",
    "Expectations",
    "Outcome",
    "check_report",
    "load_cases",
    "run_cases",
]


@attrs.frozen
class _Facts:
    present: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    values: dict[str, int | str] = attrs.field(factory=dict)


@attrs.frozen
class Expectations:
    triage: str | None = None
    top_suspect: str | None = None
    suspects: tuple[str, ...] = ()
    not_suspects: tuple[str, ...] = ()
    red_flags: tuple[str, ...] | None = None
    referrals: tuple[str, ...] = ()
    not_referrals: tuple[str, ...] = ()
    cautions: tuple[str, ...] = ()
    not_cautions: tuple[str, ...] = ()
    recommendations: tuple[str, ...] = ()
    not_recommendations: tuple[str, ...] = ()
    advice_kinds: tuple[str, ...] = ()
    withheld_kinds: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    screening_complete: bool | None = None
    unscreened: tuple[str, ...] = ()
    not_unscreened: tuple[str, ...] = ()
    explained_by: tuple[str, ...] = ()
    not_explained_by: tuple[str, ...] = ()


@attrs.frozen
class _CaseFile:
    title: str
    story: str
    facts: _Facts
    expect: Expectations


@attrs.frozen
class ExampleCase:
    name: str
    path: str
    title: str
    story: str
    case: Case
    expect: Expectations


@attrs.frozen
class Check:
    """One expectation of a case, compared with the report."""

    name: str
    expected: str
    got: str
    passed: bool


@attrs.frozen
class Outcome:
    case: ExampleCase
    checks: tuple[Check, ...]

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)

    @property
    def failures(self) -> tuple[Check, ...]:
        return tuple(check for check in self.checks if not check.passed)


def _converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True)

    def strict_str_tuple(value: object, _: type) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise TypeError(f"expected a list of strings (got {shown(value)})")
        return tuple(value)

    def strict_str(value: object, _: type) -> str:
        if not isinstance(value, str):
            raise TypeError(f"expected a string (got {shown(value)})")
        return value

    def strict_bool(value: object, _: type) -> bool:
        # cattrs would take bool("false"), which is True
        if not isinstance(value, bool):
            raise TypeError(f"expected true or false (got {shown(value)})")
        return value

    def strict_values(value: object, _: type) -> dict[str, int | str]:
        if not isinstance(value, dict):
            raise TypeError(f"expected a table of fact codes and values (got {shown(value)})")
        for code, given in value.items():
            if isinstance(given, bool) or not isinstance(given, int | str):
                raise TypeError(
                    f"expected a whole number or text for {code!r} (got {shown(given)})"
                )
        return value

    converter.register_structure_hook_func(lambda t: t == tuple[str, ...], strict_str_tuple)
    converter.register_structure_hook(str, strict_str)
    converter.register_structure_hook(bool, strict_bool)
    converter.register_structure_hook_func(lambda t: t == dict[str, int | str], strict_values)
    return converter


_CONVERTER = _converter()


#: A case file is a few hundred bytes; anything this big is not one.
MAX_CASE_FILE_BYTES = 1_000_000


def _describe(exc: BaseException, type_: type | None) -> str:
    """cattrs' wording, except that this module's own 'expected ...' messages are kept."""
    if isinstance(exc, TypeError) and str(exc).startswith("expected "):
        return str(exc)
    return cattrs.v.format_exception(exc, type_)


def _regular(path: Path) -> str | None:
    """Why *path* cannot be read as a case file, or None if it can."""
    try:
        mode = path.stat().st_mode  # follows links: a dangling link or a loop raises
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if stat.S_ISDIR(mode):
        return "is a folder"
    if not stat.S_ISREG(mode):
        # a FIFO would block forever on read; a device could be endless
        return "is not a regular file"
    return None


def _case_files(
    paths: Iterable[str | Path], on_skip: Callable[[str], None]
) -> Iterator[tuple[str, Path]]:
    """(name, path) of each case file; a case in a folder is named by its path within it.

    Inside a folder, an entry that is not a readable regular file (a folder named
    ``*.toml``, a FIFO, a dangling link, a link loop) is skipped with a note to *on_skip*;
    a path given by name that is not a case file is an error.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found: list[Path] = []
            for folder, dirs, files in os.walk(path, onerror=None):
                dirs.sort()
                found.extend(Path(folder, f) for f in files + dirs if f.endswith(".toml"))
            for entry in sorted(found):
                problem = _regular(entry)
                if problem is None:
                    yield entry.relative_to(path).with_suffix("").as_posix(), entry
                else:
                    on_skip(f"skipped {entry}: {problem}")
        elif os.path.lexists(path):
            problem = _regular(path)
            if problem is not None:
                raise CaseFileError(f"{path}: {problem}, not a case file")
            yield path.stem, path
        else:
            raise CaseFileError(f"{path}: no such case file or folder")


def _parse(path: Path) -> _CaseFile:
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_CASE_FILE_BYTES + 1)
    except OSError as exc:
        raise CaseFileError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if len(raw) > MAX_CASE_FILE_BYTES:
        raise CaseFileError(f"{path}: larger than {MAX_CASE_FILE_BYTES} bytes, not a case file")
    data = parse_toml(
        raw, str(path), CaseFileError, "a case file", "; case files are TOML in UTF-8"
    )
    try:
        return _CONVERTER.structure(data, _CaseFile)
    except cattrs.BaseValidationError as exc:
        problems = cattrs.transform_error(exc, path=str(path), format_exception=_describe)
        raise CaseFileError("; ".join(problems)) from None
    except RecursionError:
        raise CaseFileError(f"{path}: nested too deeply to be a case file") from None


def load_cases(
    paths: Iterable[str | Path], on_skip: Callable[[str], None] | None = None
) -> tuple[ExampleCase, ...]:
    """Read every case file in *paths* (files, or folders searched for ``*.toml``).

    Entries of a folder that are not regular files are skipped; *on_skip* receives a
    one-line note for each (the command line prints it on stderr).
    """
    paths = list(paths)
    cases = []
    for name, path in _case_files(paths, on_skip or (lambda _: None)):
        parsed = _parse(path)
        facts = parsed.facts
        try:
            case = Case(present=facts.present, absent=facts.absent, values=facts.values)
        except TriggerRulesError as exc:
            raise CaseFileError(f"{path}: facts: {exc}") from None
        cases.append(
            ExampleCase(
                name=name,
                path=str(path),
                title=parsed.title,
                story=parsed.story,
                case=case,
                expect=parsed.expect,
            )
        )
    if not cases:
        raise CaseFileError("no case files found in " + ", ".join(map(str, paths)))
    return tuple(cases)


def _listed(values: Iterable[str]) -> str:
    values = sorted(values)
    return ", ".join(values) if values else "(none)"


def _contains(name: str, wanted: Sequence[str], got: Iterable[str]) -> Check | None:
    if not wanted:
        return None
    got_set = set(got)
    missing = [w for w in wanted if w not in got_set]
    return Check(
        name=name,
        expected="includes " + _listed(wanted),
        got=_listed(got_set) if missing else "includes " + _listed(wanted),
        passed=not missing,
    )


def _excludes(name: str, unwanted: Sequence[str], got: Iterable[str]) -> Check | None:
    if not unwanted:
        return None
    present = sorted(set(unwanted) & set(got))
    return Check(
        name=name,
        expected="none of " + _listed(unwanted),
        got=_listed(present) if present else "none of them",
        passed=not present,
    )


def check_report(expect: Expectations, report: Report) -> tuple[Check, ...]:
    """Compare *report* with every expectation that *expect* states."""
    suspects = [s.muscle for s in report.suspects]
    kinds = {r.kind for r in report.recommendations}
    checks: list[Check | None] = []
    if expect.triage is not None:
        got = report.triage.value
        checks.append(Check("triage", expect.triage, got, got == expect.triage))
    if expect.top_suspect is not None:
        top = suspects[0] if suspects else "(no suspect)"
        checks.append(Check("top suspect", expect.top_suspect, top, top == expect.top_suspect))
    if expect.red_flags is not None:
        got_flags = sorted(f.id for f in report.red_flags)
        checks.append(
            Check(
                "red flags",
                _listed(expect.red_flags),
                _listed(got_flags),
                got_flags == sorted(expect.red_flags),
            )
        )
    referrals = [r.id for r in report.referrals]
    cautions = [c.id for c in report.cautions]
    advice = [r.id for r in report.recommendations]
    checks += [
        _contains("suspects", expect.suspects, suspects),
        _excludes("not suspects", expect.not_suspects, suspects),
        _contains("referrals", expect.referrals, referrals),
        _excludes("not referrals", expect.not_referrals, referrals),
        _contains("cautions", expect.cautions, cautions),
        _excludes("not cautions", expect.not_cautions, cautions),
        _contains("recommendations", expect.recommendations, advice),
        _excludes("not recommendations", expect.not_recommendations, advice),
        _contains("advice kinds", expect.advice_kinds, kinds),
        _excludes("withheld kinds", expect.withheld_kinds, kinds),
        _contains("withheld", expect.withheld_kinds, report.withheld_kinds),
        _contains("notes", expect.notes, [n.id for n in report.notes]),
        _contains("unscreened", expect.unscreened, report.unscreened),
        _excludes("not unscreened", expect.not_unscreened, report.unscreened),
        _contains("explained by", expect.explained_by, _reasons(report)),
        _excludes("not explained by", expect.not_explained_by, _reasons(report)),
    ]
    if expect.screening_complete is not None:
        got_complete = report.screening_complete
        checks.append(
            Check(
                "screening complete",
                str(expect.screening_complete).lower(),
                str(got_complete).lower(),
                got_complete == expect.screening_complete,
            )
        )
    return tuple(check for check in checks if check is not None)


def _reasons(report: Report) -> list[str]:
    """Every rule id the report names as a reason for one of its items."""
    groups: tuple[tuple[Finding | Suspect | Recommendation | Caution | Note, ...], ...] = (
        report.red_flags,
        report.referrals,
        report.suspects,
        report.recommendations,
        report.cautions,
        report.notes,
    )
    return sorted({rule for group in groups for item in group for rule in item.rules})


def _check_ids(example: ExampleCase, knowledge: Knowledge, rule_ids: Collection[str] = ()) -> None:
    """Refuse expectations that name ids the knowledge base lacks: they would pass vacuously."""
    expect = example.expect
    items_of = {
        category: {i.id for i in knowledge.items.values() if i.category == category}
        for category in ("red_flag", "referral", "caution", "advice", "note")
    }
    groups: list[tuple[str, Iterable[str], Collection[str]]] = [
        ("top_suspect", [expect.top_suspect] if expect.top_suspect else [], knowledge.muscles),
        ("suspects", expect.suspects + expect.not_suspects, knowledge.muscles),
        ("red_flags", expect.red_flags or (), items_of["red_flag"]),
        ("referrals", expect.referrals + expect.not_referrals, items_of["referral"]),
        ("cautions", expect.cautions + expect.not_cautions, items_of["caution"]),
        (
            "recommendations",
            expect.recommendations + expect.not_recommendations,
            items_of["advice"],
        ),
        ("advice_kinds", expect.advice_kinds + expect.withheld_kinds, ADVICE_KINDS),
        ("notes", expect.notes, items_of["note"]),
        ("unscreened", expect.unscreened + expect.not_unscreened, knowledge.facts),
        ("triage", [expect.triage] if expect.triage else [], [t.value for t in TriageLevel]),
        ("explained_by", expect.explained_by + expect.not_explained_by, rule_ids),
    ]
    for key, named, known in groups:
        for name in named:
            if name not in known:
                near = closest(name, known)
                hint = f"; did you mean {', '.join(map(repr, near))}?" if near else ""
                raise CaseFileError(f"{example.path}: expect.{key}: unknown id {name!r}{hint}")


def run_cases(
    cases: Iterable[ExampleCase],
    consultant: Consultant | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> tuple[Outcome, ...]:
    """Consult every case and compare the report with its expectations.

    Raises :class:`CaseFileError` for a case whose facts or expectations name something
    the knowledge base does not know.
    """
    consultant = consultant or default_consultant()
    outcomes = []
    for example in cases:
        _check_ids(example, consultant.knowledge, {s.id for s in consultant.rulebook.specs})
        try:
            report = consultant.consult(example.case)
        except TriggerRulesError as exc:
            raise CaseFileError(f"{example.path}: facts: {exc}") from None
        outcome = Outcome(case=example, checks=check_report(example.expect, report))
        if on_outcome is not None:
            on_outcome(outcome)
        outcomes.append(outcome)
    return tuple(outcomes)
