"""The rule-mutation harness (tests/mutation.py) as a test: every non-equivalent mutant of
the rules and the engine is caught by the example cases or the properties.

Marked ``mutation``: CI runs it (and prints the score); skip it locally with
``-m "not mutation"``.
"""

from __future__ import annotations

import os

import pytest

from . import mutation

pytestmark = pytest.mark.mutation


def test_every_non_equivalent_mutant_is_caught(capsys: pytest.CaptureFixture[str]) -> None:
    engine = os.environ.get("TRIGGER_RULES_MUTATION_ENGINE", "compiled")
    verdicts, seconds = mutation.run(engine)
    report = mutation.summary(verdicts, seconds)
    with capsys.disabled():  # CI's log shows the score without -s
        print("\n" + report)
    ids = {v.mutant.id for v in verdicts}
    stale = sorted(set(mutation.EQUIVALENT) - ids)
    assert not stale, f"equivalent-mutant entries that no longer match a mutant: {stale}"
    survivors = {
        v.mutant.id for v in verdicts if not v.caught_by and v.mutant.id not in mutation.EQUIVALENT
    }
    assert sorted(survivors - mutation.NOT_YET_CAUGHT) == [], report
    now_caught = sorted(mutation.NOT_YET_CAUGHT & ids - survivors)
    assert now_caught == [], "caught now: remove them from NOT_YET_CAUGHT"
    built_away = [
        v.mutant.id for v in verdicts if v.mutant.kind == "engine" and v.caught_by == "build"
    ]
    assert built_away == [], (
        f"engine mutants must reach a consultation, not fail to build: {built_away}"
    )
    wrongly_equivalent = [
        v.mutant.id for v in verdicts if v.caught_by and v.mutant.id in mutation.EQUIVALENT
    ]
    assert wrongly_equivalent == [], "listed as equivalent but caught: remove them"


def test_the_harness_builds_every_kind_of_mutant() -> None:
    mutants = mutation.all_mutants(mutation.all_rules())
    kinds = {m.kind for m in mutants}
    assert kinds == {"delete", "remove", "flip", "limit", "urgency", "weight", "engine"}
