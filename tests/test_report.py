"""The report's shape, its plain-data form, and its determinism."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from trigger_rules import Case, Report, consult

FIRST_SLICE = ["cough_sneeze_pain", "pain_worse_standing"]


def test_first_slice_lists_both_muscles_with_evidence_and_advice() -> None:
    report = consult(present=FIRST_SLICE)
    suspects = {s.muscle: s for s in report.suspects}
    assert {"quadratus_lumborum", "iliopsoas"} <= set(suspects)
    for muscle in ("quadratus_lumborum", "iliopsoas"):
        suspect = suspects[muscle]
        assert suspect.facts
        assert set(suspect.facts) <= set(FIRST_SLICE)
        assert suspect.sources
        assert any(muscle in r.muscles for r in report.recommendations)
    assert "aorta_pulse" in {c.id for c in report.cautions}


def test_pulse_felt_brings_the_aorta_caution_from_the_finding() -> None:
    report = consult(present=[*FIRST_SLICE, "pulse_felt_while_pressing"])
    (aorta,) = [c for c in report.cautions if c.id == "aorta_pulse"]
    assert "pulse_felt_while_pressing" in aorta.facts
    assert "safety.aorta_pulse_felt" in aorta.rules


def test_to_dict_is_plain_json_data_with_the_contract_keys() -> None:
    data = consult(present=FIRST_SLICE).to_dict()
    assert json.loads(json.dumps(data)) == data
    for key in ("triage", "red_flags", "referrals", "suspects", "recommendations", "cautions"):
        assert key in data
    for item in data["recommendations"]:
        assert item["kind"] in {"self_treatment", "stretch", "strengthen", "prevention"}
        assert item["rules"]
        assert item["sources"]
    assert next(iter(data)) == "triage"


def test_report_is_frozen() -> None:
    report = consult(present=FIRST_SLICE)
    try:
        report.triage = report.triage  # type: ignore[misc]
    except AttributeError:
        pass
    else:  # pragma: no cover
        raise AssertionError("Report must be frozen")
    assert isinstance(report, Report)


def test_fact_order_does_not_change_the_report() -> None:
    facts = ["pain_worse_standing", "cough_sneeze_pain", "wallet_in_back_pocket", "fever"]
    first = consult(Case(present=facts[:3], absent=facts[3:])).to_json()
    second = consult(Case(present=list(reversed(facts[:3])), absent=facts[3:])).to_json()
    assert first == second


def _json_in_fresh_process(seed: str) -> str:
    code = (
        "import trigger_rules;"
        "print(trigger_rules.consult(present=['cough_sneeze_pain','pain_worse_standing',"
        "'wallet_in_back_pocket','self_treatment_relieved']).to_json())"
    )
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout


def test_separate_processes_with_different_hash_seeds_agree() -> None:
    outputs = {_json_in_fresh_process(seed) for seed in ("0", "1", "12345")}
    assert len(outputs) == 1
