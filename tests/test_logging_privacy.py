"""No fact a person gave reaches any log record, at any level, whatever the host's logging
setup; the opt-in trace does log them (so the capture below could see them)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Runs in a fresh interpreter so that the host's logging is set up before trigger_rules is
# imported, and set up again (dictConfig, experta's loggers named at DEBUG) after it.
_SCRIPT = r"""
import json, logging, logging.config, sys

records = []

class Keep(logging.Handler):
    def emit(self, record):
        records.append(record)

def capture_everything():
    keep = Keep(level=logging.DEBUG)
    root = logging.getLogger()
    root.setLevel(logging.DEBUG)
    root.addHandler(keep)
    for name in list(logging.root.manager.loggerDict):
        logger = logging.getLogger(name)
        if keep not in logger.handlers:
            logger.addHandler(keep)  # also catches loggers that do not propagate

logging.basicConfig(level=logging.DEBUG)
capture_everything()

import trigger_rules
from trigger_rules.cases import load_cases

cases = [example.case for example in load_cases([sys.argv[1]])]
given = set()

def consult_all():
    for case in cases:
        trigger_rules.consult(case)
        trigger_rules.Consultant(rulebook=trigger_rules.default_consultant().rulebook).consult(
            {**dict.fromkeys(case.present, True), **dict.fromkeys(case.absent, False),
             **dict(case.values)}
        )
        given.update(case.present | case.absent)
        given.update(f"{code}={value!r}" for code, value in case.values)

consult_all()
logging.config.dictConfig({
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": "DEBUG"},
    "loggers": {"experta": {"level": "DEBUG"}, "experta.watchers.FACTS": {"level": "DEBUG"}},
})
capture_everything()
consult_all()

def text(record):
    try:
        message = record.getMessage()
    except Exception:
        message = str(record.msg)
    return " ".join([record.name, message, repr(record.args)])

default = [text(r) for r in records]
trigger_rules.trace_health_data(True)
trigger_rules.consult(cases[0])
traced = [text(r) for r in records[len(default):]]
trigger_rules.trace_health_data(False)
before_off = len(records)
trigger_rules.consult(cases[0])
after_off = [text(r) for r in records[before_off:]]
print(json.dumps({"default": default, "traced": traced, "after_off": after_off,
                  "given": sorted(given), "cases": len(cases)}))
"""


@pytest.fixture(scope="module")
def captured() -> dict[str, list[str]]:
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(ROOT / "examples" / "cases")],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    data: dict[str, list[str]] = json.loads(result.stdout)
    return data


def test_no_given_fact_appears_in_any_record_at_debug(captured: dict[str, list[str]]) -> None:
    assert captured["cases"] >= 50  # type: ignore[operator]
    given = captured["given"]
    assert len(given) >= 60
    leaks = {
        fact: record
        for record in captured["default"]
        for fact in given
        if fact.split("=")[0] in record
    }
    assert leaks == {}
    # and experta said nothing at all: its watchers are silent by default
    assert not [r for r in captured["default"] if r.startswith("experta")]


def test_the_opt_in_trace_logs_health_data_and_says_so(captured: dict[str, list[str]]) -> None:
    traced = captured["traced"]
    assert any("health data" in record for record in traced if record.startswith("trigger_rules"))
    assert any(record.startswith("experta.watchers.FACTS") for record in traced)
    assert any("CaseFacts" in record for record in traced)
    assert not [r for r in captured["after_off"] if r.startswith("experta")]
