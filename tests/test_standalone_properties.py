"""Properties that stand on their own: each judges reports against something the rule under
test does not supply (tests/checks.py says what). The mutation harness runs the same
checks; here hypothesis draws the cases."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import given

from trigger_rules import Case, consult
from trigger_rules.engine import default_consultant
from trigger_rules.rulebook import AtLeast, Below, RaiseRedFlag, Refer

from . import checks
from .mutation import corpus
from .strategies import cases
from .test_red_flags_and_referrals import EXPECTED_URGENCY

ROOT = Path(__file__).resolve().parent.parent
SPECS = default_consultant().rulebook.specs


@given(case=cases())
def test_case_properties(case: Case) -> None:
    # one draw for every check: the checks are cheap next to drawing and consulting
    report = consult(case)
    for check in checks.CASE_CHECKS:
        check(case, report, consult)


@pytest.mark.parametrize("check", checks.GLOBAL_CHECKS, ids=lambda c: c.__name__)
def test_global_property(check: checks.GlobalCheck) -> None:
    check(consult, SPECS)


def test_every_red_flag_and_referral_rule_has_a_row_in_the_urgency_table() -> None:
    unlisted = sorted(
        s.id
        for s in SPECS
        if isinstance(s.then, RaiseRedFlag | Refer) and s.id not in EXPECTED_URGENCY
    )
    assert unlisted == [], f"add these to EXPECTED_URGENCY: {unlisted}"


def test_every_rule_with_a_limit_has_a_row_of_guideline_limits() -> None:
    valued = sorted(
        s.id for s in SPECS if any(isinstance(c, AtLeast | Below) for c in s.case_conditions)
    )
    assert sorted(checks.GUIDELINE_LIMITS) == valued


def test_the_urgency_check_fails_loudly_for_an_unlisted_rule() -> None:
    report = consult(present=["saddle_numbness"])
    flag = report.red_flags[0]
    renamed = attrs.evolve(report, red_flags=(attrs.evolve(flag, rules=("new_module.new_rule",)),))
    with pytest.raises(AssertionError, match=r"new_module\.new_rule.*EXPECTED_URGENCY"):
        checks.check_urgency_table(Case(), renamed, consult)


_DIGEST = """
import hashlib, json, sys
sys.path.insert(0, sys.argv[1])
from tests.mutation import corpus
from trigger_rules import consult
digest = hashlib.sha256()
for case in corpus(int(sys.argv[2])):
    digest.update(consult(case).to_json().encode())
print(digest.hexdigest())
"""


def test_reports_are_identical_across_hash_seeds_over_many_cases() -> None:
    # the harness's corpus: 150 varied cases, not one simple one
    digests = set()
    for seed in ("0", "12345"):
        result = subprocess.run(
            [sys.executable, "-c", _DIGEST, str(ROOT), "150"],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
            timeout=300,
        )
        digests.add(result.stdout.strip())
    assert len(digests) == 1
    local = hashlib.sha256()
    for case in corpus(150):
        local.update(consult(case).to_json().encode())
    assert digests == {local.hexdigest()}
