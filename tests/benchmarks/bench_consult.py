"""Speed and memory of consultations, checked against the library's targets.

Run it by hand (it is not collected by pytest, and CI does not time anything)::

    python tests/benchmarks/bench_consult.py [--consultations N]

It prints what it measured and exits 1 if a target is missed. Targets (for the 2-core
machines this project runs on):

* building a consultant (load + check the knowledge base, compile the rules): < 1 s;
* one consultation on a reused consultant, median over typical cases: < 15 ms;
* memory: traced allocations stay level (< 64 KiB growth) from one window of
  consultations to the next (a consultation must not leak facts into the next).
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
import tracemalloc

from trigger_rules import Case, Consultant

BUILD_TARGET_S = 1.0
CONSULT_TARGET_MS = 15.0
GROWTH_TARGET_KIB = 64


def _typical_cases(consultant: Consultant, count: int, seed: int = 7) -> list[Case]:
    """Cases of 8 present and 8 absent yes/no facts, with an age: a filled-in form."""
    rnd = random.Random(seed)
    codes = sorted(c for c, f in consultant.knowledge.facts.items() if f.is_yes_no)
    cases = []
    for _ in range(count):
        picked = rnd.sample(codes, 16)
        cases.append(
            Case(present=picked[:8], absent=picked[8:], values={"age": rnd.randint(18, 90)})
        )
    return cases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--consultations", type=int, default=2000)
    args = parser.parse_args()

    started = time.perf_counter()
    consultant = Consultant()
    build_s = time.perf_counter() - started

    cases = _typical_cases(consultant, 200)
    for case in cases[:20]:  # warm up caches
        consultant.consult(case)
    timings = []
    for index in range(args.consultations):
        case = cases[index % len(cases)]
        started = time.perf_counter()
        consultant.consult(case)
        timings.append((time.perf_counter() - started) * 1000)
    median_ms = statistics.median(timings)
    p95_ms = statistics.quantiles(timings, n=20)[18]

    # experta's caches and node sets fill up during the first consultations and then stay
    # level; a leak shows as growth between two later windows of equal length.
    tracemalloc.start()
    for index in range(args.consultations):
        consultant.consult(cases[index % len(cases)])
    gc.collect()  # experta's facts form reference cycles; count only what survives
    baseline, _ = tracemalloc.get_traced_memory()
    for index in range(args.consultations):
        consultant.consult(cases[index % len(cases)])
    gc.collect()
    after, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    growth_kib = (after - baseline) / 1024

    print(
        f"rules: {len(consultant.rulebook.specs)}, fact codes: {len(consultant.knowledge.facts)}"
    )
    print(f"build consultant: {build_s * 1000:.0f} ms (target < {BUILD_TARGET_S * 1000:.0f} ms)")
    print(
        f"consultation: median {median_ms:.2f} ms, p95 {p95_ms:.2f} ms "
        f"(target median < {CONSULT_TARGET_MS} ms) over {args.consultations}"
    )
    print(
        f"traced memory: growth {growth_kib:.0f} KiB over {args.consultations} consultations "
        f"(target < {GROWTH_TARGET_KIB} KiB), peak {peak / 1024:.0f} KiB"
    )
    missed = [
        name
        for name, ok in (
            ("build", build_s < BUILD_TARGET_S),
            ("consultation", median_ms < CONSULT_TARGET_MS),
            ("memory", growth_kib < GROWTH_TARGET_KIB),
        )
        if not ok
    ]
    if missed:
        print("missed targets: " + ", ".join(missed))
        return 1
    print("all targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
