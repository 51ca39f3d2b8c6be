"""The ``trigger-rules`` command line.

Every error the user can cause (an unknown code, a bad value, a broken case file) ends as
one short line on stderr and exit status 2, never a traceback. ``cases`` exits 1 when a
case fails its expectations. A closed pipe (``| head``) ends quietly; a full disk is one
line; a terminal that cannot show a character gets a stand-in (``\\u00b0`` in JSON).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NoReturn, TextIO

from . import __version__, interview_cli
from .case import Case, Value
from .cases import Outcome, load_cases, run_cases
from .contract import SCHEMA_NAMES, facts_to_list, schema_text
from .engine import Consultant, default_consultant
from .errors import TriggerRulesError
from .knowledge_base import FactSpec
from .report import Report

__all__ = ["main"]

_WIDTH = 88
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERNAL, EXIT_INTERRUPTED = 3, 130
#: Longest error line printed: a hostile input must not turn into a 100 kB message.
_ERROR_LIMIT = 300


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line like every other error."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)

    def _print_message(self, message: str, file: Any = None) -> None:
        # --help quotes the fact questions, which may hold characters an ASCII locale lacks
        if message:
            _SafeWriter(file or sys.stderr, escape_json=False).write(message)


class _Once(argparse.Action):
    """A valued option that may be given once: ``--age 30 --age 70`` is a mistake, not 70."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        if getattr(namespace, self.dest, None) is not None:
            raise _UsageError(f"{option_string} given more than once; give it once")
        setattr(namespace, self.dest, values)


class _SafeWriter:
    """Writes to a stream whose encoding may lack some characters (an ASCII locale).

    Text gets '?' for a character the stream cannot show; JSON gets its ``\\uXXXX``
    escape, which any JSON reader turns back into the same character.
    """

    def __init__(self, out: TextIO, *, escape_json: bool) -> None:
        self.out = out
        self.escape_json = escape_json
        self.encoding = getattr(out, "encoding", None) or "utf-8"

    def _stand_in(self, char: str) -> str:
        return json.dumps(char)[1:-1] if self.escape_json else "?"

    def write(self, text: str) -> int:
        try:
            text.encode(self.encoding)
        except UnicodeEncodeError:
            text = "".join(c if _encodes(c, self.encoding) else self._stand_in(c) for c in text)
        except LookupError:  # an encoding name Python does not know; let the stream decide
            pass
        return self.out.write(text)

    def flush(self) -> None:
        self.out.flush()


def _encodes(char: str, encoding: str) -> bool:
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _say(message: str) -> None:
    """One line on stderr, cut short, with nothing the terminal cannot show."""
    line = " ".join(f"trigger-rules: {message}".split())
    if len(line) > _ERROR_LIMIT:
        line = line[: _ERROR_LIMIT - 3] + "..."
    try:
        print(line, file=_SafeWriter(sys.stderr, escape_json=False))
        sys.stderr.flush()
    except (OSError, ValueError):  # no stderr left to report on
        pass


def _silence_stdout() -> None:
    """After a closed pipe or a full disk, point stdout at /dev/null so that the flush at
    interpreter exit does not fail again with a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (tests pass a StringIO)
        pass


def _option_name(code: str) -> str:
    return "--" + code.replace("_", "-")


def _build_parser(valued: Sequence[FactSpec]) -> _Parser:
    parser = _Parser(
        prog="trigger-rules",
        description="Low back pain from myofascial trigger points: an expert system. "
        "Decision support, not a diagnosis.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    consult = commands.add_parser("consult", help="consult the rules about one case")
    consult.add_argument("present", nargs="*", metavar="CODE", help="facts that are present")
    consult.add_argument(
        "--absent",
        nargs="+",
        action="extend",
        default=[],
        metavar="CODE",
        help="facts asked about and denied (repeatable)",
    )
    for spec in valued:
        if spec.allowed_values:  # side and choice facts
            consult.add_argument(
                _option_name(spec.code),
                dest=spec.code,
                action=_Once,
                choices=spec.allowed_values,
                help=spec.question,
            )
        else:
            consult.add_argument(
                _option_name(spec.code),
                dest=spec.code,
                action=_Once,
                type=int,
                metavar="N",
                help=spec.question,
            )
    consult.add_argument("--json", action="store_true", help="print the report as JSON")

    facts = commands.add_parser("facts", help="list the fact codes a case can use")
    facts.add_argument("--json", action="store_true", help="print the catalogue as JSON")

    schema = commands.add_parser("schema", help="print a JSON Schema (draft 2020-12)")
    schema.add_argument("name", nargs="?", default="report", choices=SCHEMA_NAMES)

    fhir = commands.add_parser("fhir", help="FHIR R4 (needs the extra trigger_rules[fhir])")
    fhir_commands = fhir.add_subparsers(dest="fhir_command", required=True, parser_class=_Parser)
    fhir_commands.add_parser("questionnaire", help="print the intake Questionnaire")
    bundle = fhir_commands.add_parser("bundle", help="print the Bundle for a filled response")
    bundle.add_argument("response", metavar="RESPONSE.json", help="a QuestionnaireResponse")

    cases = commands.add_parser("cases", help="run scripted example cases")
    cases.add_argument("paths", nargs="+", metavar="PATH", help="case files or folders")
    cases.add_argument("--json", action="store_true", help="print the results as JSON")
    _add_serve_command(commands)
    interview_cli.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the command line; return the exit status."""
    stream = out or sys.stdout
    try:
        consultant = default_consultant()
        valued = [f for f in consultant.knowledge.facts.values() if not f.is_yes_no]
        args = _build_parser(sorted(valued, key=lambda f: f.code)).parse_args(argv)
        handler: Callable[[argparse.Namespace, Consultant, TextIO], int] = _HANDLERS[args.command]
        writer = _SafeWriter(stream, escape_json=bool(getattr(args, "json", False)))
        status = handler(args, consultant, writer)  # type: ignore[arg-type]
        stream.flush()
        return status
    except _UsageError as exc:
        _say(f"error: {exc}")
    except TriggerRulesError as exc:
        _say(f"error: {exc}")
    except BrokenPipeError:  # e.g. piped into `head`: the reader has all it wanted
        _silence_stdout()
        return EXIT_OK
    except OSError as exc:  # a full disk, a closed terminal
        _silence_stdout()
        _say(f"error: cannot write the output: {exc.strerror or exc}")
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug of ours: still one line, and a non-zero status
        _say(f"internal error: {type(exc).__name__}: {exc} (please report this)")
        return EXIT_INTERNAL
    return EXIT_USAGE


# --- consult -----------------------------------------------------------------------------


def _consult(args: argparse.Namespace, consultant: Consultant, out: TextIO) -> int:
    values: dict[str, Value] = {}
    for spec in consultant.knowledge.facts.values():
        if not spec.is_yes_no and getattr(args, spec.code, None) is not None:
            values[spec.code] = getattr(args, spec.code)
    report = consultant.consult(Case(present=args.present, absent=args.absent, values=values))
    out.write(report.to_json() + "\n" if args.json else render_report(report))
    return EXIT_OK


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, _WIDTH, initial_indent=indent, subsequent_indent=indent)


def _because(rules: Iterable[str], facts: Iterable[str], sources: Iterable[str]) -> str:
    facts = list(facts)
    parts = [f"because: {', '.join(facts)}"] if facts else []
    parts.append(f"rule: {', '.join(rules)}")
    parts.append(f"sources: {', '.join(sources)}")
    return "; ".join(parts)


_KIND_HEADINGS = {
    "self_treatment": "Self-treatment",
    "stretch": "Stretching",
    "strengthen": "Strengthening",
    "prevention": "Prevention",
}


def render_report(report: Report) -> str:
    """The report as readable text: triage first, then red flags and referrals."""
    triage = f"TRIAGE: {report.triage.value.upper().replace('_', ' ')}"
    if report.provisional:
        triage += " (provisional: unanswered red-flag questions below could raise it)"
    lines = [triage, ""]
    for heading, findings in (("Red flags", report.red_flags), ("Referrals", report.referrals)):
        if findings:
            lines.append(f"{heading}:")
            for finding in findings:
                lines.append(f"  ! {finding.title} [{finding.id}, {finding.urgency.value}]")
                lines.append(_wrap(finding.text, "    "))
                lines.append(
                    _wrap(_because(finding.rules, finding.facts, finding.sources), "    ")
                )
            lines.append("")
    if report.unscreened:
        lines.append("Not screened (ask these red-flag questions):")
        lines.append(_wrap(", ".join(report.unscreened), "  "))
        lines.append("")
    if report.withheld:
        lines.append("Advice withheld: " + ", ".join(report.withheld_kinds))
        lines.append(_wrap(report.withheld_reason, "  "))
        lines.append("")
    if report.suspects:
        lines.append("Muscles whose trigger points may be contributing:")
        for suspect in report.suspects:
            lines.append(f"  {suspect.rank}. {suspect.name} (certainty {suspect.certainty:.2f})")
            for line in suspect.evidence:
                lines.append(_wrap(f"+ {line.text} [{', '.join(line.facts)}]", "     "))
            for line in suspect.evidence_against:
                lines.append(_wrap(f"- {line.text} [{', '.join(line.facts)}]", "     "))
            if suspect.expected_absent:
                lines.append(_wrap("denied: " + ", ".join(suspect.expected_absent), "     "))
        lines.append("")
    else:
        lines.append("No muscle stands out from the facts given.")
        lines.append("")
    for kind, heading in _KIND_HEADINGS.items():
        advice = report.recommendations_of(kind)
        if advice:
            lines.append(f"{heading}:")
            for item in advice:
                lines.append(f"  * {item.title}")
                lines.append(_wrap(item.text, "    "))
                lines.append(_wrap(_because(item.rules, item.facts, item.sources), "    "))
            lines.append("")
    for heading, entries in (("Cautions", report.cautions), ("Notes", report.notes)):
        if entries:
            lines.append(f"{heading}:")
            for entry in entries:
                lines.append(f"  - {entry.title}")
                lines.append(_wrap(entry.text, "    "))
            lines.append("")
    if report.sources:
        lines.append("Sources:")
        for source in report.sources:
            where = f" <{source.address}>" if source.address else ""
            lines.append(_wrap(f"{source.id}: {source.title}, {source.publisher}{where}", "  "))
        lines.append("")
    lines.append(_wrap(report.notice, ""))
    return "\n".join(lines) + "\n"


# --- facts -------------------------------------------------------------------------------


def _facts(args: argparse.Namespace, consultant: Consultant, out: TextIO) -> int:
    facts = [consultant.knowledge.facts[code] for code in sorted(consultant.knowledge.facts)]
    if args.json:
        data = facts_to_list(facts)
        out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    width = max(len(f.code) for f in facts)
    for fact in facts:
        label = fact.kind if fact.is_yes_no else f"{fact.kind}, {fact.type}"
        out.write(f"{fact.code:<{width}}  ({label}) {fact.question}\n")
    return EXIT_OK


# --- cases -------------------------------------------------------------------------------


def _cases(args: argparse.Namespace, consultant: Consultant, out: TextIO) -> int:
    outcomes = run_cases(load_cases(args.paths, on_skip=_say), consultant)
    if args.json:
        data = [
            {
                "case": o.case.name,
                "file": o.case.path,
                "title": o.case.title,
                "passed": o.passed,
                "checks": [
                    {"check": c.name, "expected": c.expected, "got": c.got, "passed": c.passed}
                    for c in o.checks
                ],
            }
            for o in outcomes
        ]
        out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        out.write(render_outcomes(outcomes))
    return EXIT_OK if all(o.passed for o in outcomes) else EXIT_FAILED


_HEADLINE_CHECKS = ("triage", "top suspect", "red flags")
_CELL = 44


def _summary(outcome: Outcome, attribute: str) -> str:
    """The headline checks of a case, and how many more it makes."""
    shown = [c for c in outcome.checks if c.name in _HEADLINE_CHECKS] or list(outcome.checks[:1])
    text = "; ".join(f"{c.name}={getattr(c, attribute)}" for c in shown)
    hidden = len(outcome.checks) - len(shown)
    if len(text) > _CELL:
        text = text[: _CELL - 3] + "..."
    return f"{text} (+{hidden})" if hidden else text


def render_outcomes(outcomes: Sequence[Outcome]) -> str:
    """A table (case, expected, got, result), then what each failure differed in."""
    rows = [("case", "expected", "got", "result")]
    for outcome in outcomes:
        rows.append(
            (
                outcome.case.name,
                _summary(outcome, "expected"),
                _summary(outcome, "got"),
                "pass" if outcome.passed else "FAIL",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    failed = [o for o in outcomes if not o.passed]
    for outcome in failed:
        lines.append("")
        lines.append(f"FAIL {outcome.case.name} ({outcome.case.path}): {outcome.case.title}")
        for check in outcome.failures:
            lines.append(f"  {check.name}:")
            lines.append(f"    - expected: {check.expected}")
            lines.append(f"    + got:      {check.got}")
    passed = len(outcomes) - len(failed)
    lines.append("")
    lines.append(f"cases: {passed} passed, {len(failed)} failed")
    return "\n".join(lines) + "\n"


def _schema(args: argparse.Namespace, _: Consultant, out: TextIO) -> int:
    out.write(schema_text(args.name))
    return EXIT_OK


def _fhir(args: argparse.Namespace, consultant: Consultant, out: TextIO) -> int:
    from .fhir import run_command  # noqa: PLC0415  # the optional extra, only when asked

    return run_command(args.fhir_command, getattr(args, "response", None), consultant, out)


_HANDLERS: dict[str, Callable[[argparse.Namespace, Consultant, TextIO], int]] = {
    "consult": _consult,
    "facts": _facts,
    "cases": _cases,
    **interview_cli.HANDLERS,
    "schema": _schema,
    "fhir": _fhir,
}


# --- serve (the optional server extra; imported only when this command runs) ------------


def _add_serve_command(commands: argparse._SubParsersAction[_Parser]) -> None:
    serve = commands.add_parser("serve", help="run the CDS Hooks and JSON API server")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on")
    serve.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes")
    serve.add_argument(
        "--service-url", help="public base URL clients call (default http://HOST:PORT)"
    )
    serve.add_argument("--jwks", default="", metavar="FILE", help="JWK Set of client keys")
    serve.add_argument(
        "--public-key", action="append", default=[], metavar="PEM", help="a client's public key"
    )
    serve.add_argument(
        "--issuer", action="append", default=[], metavar="ISS", help="a trusted JWT issuer"
    )
    serve.add_argument("--max-body-bytes", type=int, default=256 * 1024, metavar="N")
    serve.add_argument(
        "--allow-unauthenticated",
        action="store_true",
        help="listen beyond loopback without JWT keys (only behind an authenticating proxy)",
    )
    serve.add_argument(
        "--engine",
        default="auto",
        help="the Consultant's engine; 'auto' (default) is the fastest the library has",
    )
    serve.add_argument(
        "--cache-size", type=int, default=0, metavar="N", help="reports to keep per worker"
    )
    serve.add_argument("--access-log", action="store_true", help="log each request line")
    serve.add_argument(
        "--log-level", default="info", choices=("critical", "error", "warning", "info", "debug")
    )


def _serve(args: argparse.Namespace, consultant: Consultant, out: TextIO) -> int:
    # Imported here, not at the top: `trigger_rules` must work without the server extra.
    try:
        from .server.run import serve  # noqa: PLC0415
        from .server.settings import Settings  # noqa: PLC0415
    except ImportError as exc:
        raise _UsageError(
            f"'serve' needs the server extra ({exc.name} is missing): "
            "pip install 'trigger_rules[server]'"
        ) from None
    try:
        settings = Settings(
            service_url=args.service_url or f"http://{args.host}:{args.port}",
            issuers=args.issuer,
            jwks_file=args.jwks,
            public_key_files=args.public_key,
            max_body_bytes=args.max_body_bytes,
            engine=args.engine,
            cache_size=args.cache_size,
        )
        return serve(
            settings,
            host=args.host,
            port=args.port,
            workers=args.workers,
            allow_unauthenticated=args.allow_unauthenticated,
            log_level=args.log_level,
            access_log=args.access_log,
        )
    except ValueError as exc:
        raise _UsageError(str(exc)) from None


_HANDLERS["serve"] = _serve
