"""Consult a data set of cases with dask: on this machine, or unchanged on a cluster.

Install the extra, then run it on a file of JSON lines (one person's answers per line,
``{"cough_sneeze_pain": true, "fever": false, "age": 42}``) or on generated cases::

    pip install 'trigger_rules[dask]'
    python examples/dask_consult.py answers.jsonl
    python examples/dask_consult.py --demo 10000
    python examples/dask_consult.py --demo 10000 --dataframe   # needs dask[dataframe]

The work is done by :func:`trigger_rules.batch.consult_records`, a module-level function
of the library: dask pickles it by reference, each worker process compiles the rules once
and keeps a consultant per thread, and each partition comes back as plain report dicts.
On a cluster, connect a client first and change nothing else::

    from dask.distributed import Client
    Client("tcp://scheduler:8786")       # every worker needs trigger_rules installed
    reports = consult_bag(dask.bag.read_text("s3://bucket/answers-*.jsonl").map(json.loads))

Without a client, dask's local scheduler runs the partitions in worker processes here.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Iterator
from typing import Any

import dask
import dask.bag

from trigger_rules import fact_catalogue
from trigger_rules.batch import consult_records

Answers = dict[str, Any]


def consult_bag(answers: dask.bag.Bag) -> dask.bag.Bag:
    """A bag of report dicts, one per case of *answers*, in the same order."""
    return answers.map_partitions(consult_records)


def summary(reports: dask.bag.Bag) -> dict[str, Any]:
    """How many cases fell in each triage level, and the most frequent top suspects."""
    by_triage = reports.pluck("triage").frequencies()
    by_top_suspect = (
        reports.filter(lambda r: bool(r["suspects"]))
        .map(lambda r: r["suspects"][0]["muscle"])
        .frequencies()
        .topk(3, key=1)
    )
    # One compute for both: the reports are made once and feed both counts.
    triage_counts, top_counts = dask.compute(by_triage, by_top_suspect)
    triage = dict(triage_counts)
    return {"cases": sum(triage.values()), "triage": triage, "top_suspects": dict(top_counts)}


def demo_answers(count: int, seed: int = 1) -> Iterator[Answers]:
    """Random but valid answers: a few yes/no facts each, sometimes an age."""
    rnd = random.Random(seed)
    codes = [f.code for f in fact_catalogue() if f.is_yes_no]
    for _ in range(count):
        picked = rnd.sample(codes, rnd.randint(2, 12))
        answers: Answers = {code: rnd.random() < 0.6 for code in picked}
        if rnd.random() < 0.5:
            answers["age"] = rnd.randint(18, 90)
        yield answers


def consult_dataframe(frame: Any) -> Any:
    """A dask DataFrame of answers (one column per fact code; missing values are unknown)
    to a DataFrame with the triage, top suspect and full JSON report of each row."""
    import pandas as pd  # noqa: PLC0415 (needed only for data frames)

    meta = pd.DataFrame({column: pd.Series(dtype=str) for column in _COLUMNS})
    return frame.map_partitions(_reports_frame, meta=meta)


def answers_frame(rows: list[Answers]) -> Any:
    """A pandas DataFrame of answers, one nullable column per fact code: yes/no facts as
    ``boolean``, numbers as ``Int64``, choices as ``string``; a missing answer is NA."""
    import pandas as pd  # noqa: PLC0415 (needed only for data frames)

    codes = sorted({code for row in rows for code in row})
    columns = {}
    for code in codes:
        values = [row.get(code) for row in rows]
        given = [v for v in values if v is not None]
        if all(isinstance(v, bool) for v in given):
            dtype = "boolean"
        elif all(isinstance(v, int) for v in given):
            dtype = "Int64"
        else:
            dtype = "string"
        columns[code] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(columns)


_COLUMNS = ("triage", "top_suspect", "report")


def _reports_frame(partition: Any) -> Any:
    import pandas as pd  # noqa: PLC0415 (needed only for data frames)

    records = [
        {code: _plain(value) for code, value in row.items() if not pd.isna(value)}
        for row in partition.to_dict(orient="records")
    ]
    reports = consult_records(records)
    return pd.DataFrame(
        {
            "triage": [r["triage"] for r in reports],
            "top_suspect": [r["suspects"][0]["muscle"] if r["suspects"] else "" for r in reports],
            "report": [json.dumps(r, sort_keys=True) for r in reports],
        },
        index=partition.index,
    )


def _plain(value: Any) -> Any:
    """numpy scalars to Python ones: the library checks value types strictly."""
    return value.item() if hasattr(value, "item") else value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("path", nargs="?", help="JSON lines of answers")
    source.add_argument("--demo", type=int, metavar="N", help="consult N generated cases")
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--dataframe", action="store_true", help="use dask.dataframe")
    args = parser.parse_args(argv)

    if args.dataframe:
        from dask import dataframe  # noqa: PLC0415

        rows = list(demo_answers(args.demo)) if args.demo else _read_lines(args.path)
        frame = dataframe.from_pandas(answers_frame(rows), npartitions=args.partitions)
        result = consult_dataframe(frame).compute()
        print(json.dumps({"cases": len(result), "triage": dict(Counter(result["triage"]))}))
        return 0

    if args.demo:
        answers = dask.bag.from_sequence(demo_answers(args.demo), npartitions=args.partitions)
    else:
        answers = dask.bag.read_text(args.path).map(json.loads)
    print(json.dumps(summary(consult_bag(answers)), indent=2, sort_keys=True))
    return 0


def _read_lines(path: str) -> list[Answers]:
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


if __name__ == "__main__":  # the guard that lets worker processes import this file
    sys.exit(main())
