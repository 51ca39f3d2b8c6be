"""The dask example on dask's local scheduler: 10,000 cases in worker processes give the
reports consult gives, in input order; and the library never imports dask itself."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from trigger_rules import InvalidFactValueError, consult
from trigger_rules.batch import consult_records

dask = pytest.importorskip("dask")

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "dask_consult.py"


def _example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dask_consult_example", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ten_thousand_cases_in_worker_processes_match_consult() -> None:
    example = _example()
    answers = list(example.demo_answers(10_000))
    bag = dask.bag.from_sequence(answers, npartitions=8)
    reports = example.consult_bag(bag).compute(scheduler="processes", num_workers=2)
    assert len(reports) == len(answers)
    for given, report in zip(answers, reports, strict=True):  # in input order
        assert report["case"]["present"] == sorted(c for c, a in given.items() if a is True)
        assert report["case"]["absent"] == sorted(c for c, a in given.items() if a is False)
    for index in range(0, len(answers), 25):  # byte for byte, on a spread of cases
        assert json.dumps(reports[index]) == json.dumps(consult(answers[index]).to_dict())


def test_summary_counts_every_case_once() -> None:
    example = _example()
    bag = dask.bag.from_sequence(list(example.demo_answers(400)), npartitions=4)
    result = example.summary(example.consult_bag(bag))
    assert result["cases"] == 400
    assert sum(result["triage"].values()) == 400
    assert set(result["triage"]) <= {
        "self_care",
        "routine",
        "urgent_days",
        "same_day",
        "emergency",
    }


def test_a_refused_record_names_its_index_in_the_partition() -> None:
    with pytest.raises(InvalidFactValueError, match=r"^case 1: 'age' must be"):
        consult_records([{"fever": True}, {"age": -3}])


def test_importing_the_library_loads_neither_dask_nor_multiprocessing() -> None:
    code = (
        "import sys, trigger_rules, trigger_rules.batch\n"
        "heavy = [m for m in ('dask', 'multiprocessing', 'concurrent.futures.process')"
        " if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_a_dataframe_of_answers_gives_each_rows_report() -> None:
    pytest.importorskip("pandas")
    dataframe = pytest.importorskip("dask.dataframe")
    example = _example()
    answers = list(example.demo_answers(300, seed=7))
    frame = dataframe.from_pandas(example.answers_frame(answers), npartitions=3)
    result = example.consult_dataframe(frame).compute()
    assert list(result.index) == list(range(len(answers)))
    for given, (_, row) in zip(answers, result.iterrows(), strict=True):
        expected = consult(given).to_dict()
        assert row["report"] == json.dumps(expected, sort_keys=True)
        assert row["triage"] == expected["triage"]
