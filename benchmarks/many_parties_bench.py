"""Many parties: analysis of the climate summit (tests/climate_scenario.py) at 12, 20 and 30 parties.

    PYTHONPATH=src .venv/bin/python benchmarks/many_parties_bench.py [--repeat N]

For each size and case (``clash``: the US ceiling below India's finance floor; ``small``: about 30
acceptable packages; ``stuck``: reservations just past the last acceptable package, so no single change
opens the ZOPA), times in-process with ``time.perf_counter`` (minimum over repeats): ``analyze`` without
unlocks, the minimal conflicting sets of its blockers, the holdout table and view, and the joint unlocks;
and ``analyze`` with unlocks (which re-analyses every single-change candidate). Peak memory of the holdout
view and joint unlocks by ``tracemalloc``. Prints one JSON object per line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from climate_scenario import climate_summit, with_small_zopa  # noqa: E402

from accord.analysis import analyze  # noqa: E402
from accord.analysis.conflicts import minimal_conflicts  # noqa: E402
from accord.analysis.holdouts import group_unlocks, holdouts, table  # noqa: E402
from accord.scenario import from_document  # noqa: E402


def best(repeat: int, work: Any) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def case(n: int, issues: int, kind: str) -> dict[str, Any]:
    if kind == "clash":
        return climate_summit(n, issues, clash=True)
    doc = with_small_zopa(climate_summit(n, issues), 30 if kind == "small" else 1)
    if kind == "stuck":
        for actor in doc["actors"].values():
            if actor.get("role", "party") == "party":
                actor["reservation"] = round(actor["reservation"] + 0.02, 4)
    return doc


def measure(scenario: Any, repeat: int, with_unlocks: bool) -> dict[str, Any]:
    found = analyze(scenario, unlock=False)
    row: dict[str, Any] = {"outcomes": scenario.outcome_count, "acceptable": found.acceptable,
                           "analyze_s": best(repeat, lambda: analyze(scenario, unlock=False))}
    red = [b for b in found.blockers if b.kind == "red-line"]
    if red:
        cols = tuple(list(scenario.issues).index(i) for i in (red[0].issues or (red[0].issue,)))
        row["conflicts_s"] = best(repeat, lambda: minimal_conflicts(scenario, cols, red[0].parties))
    if not found.acceptable:
        every = table(scenario)
        row["holdouts_s"] = best(repeat, lambda: holdouts(scenario, table(scenario)))
        row["joint_unlocks_s"] = best(repeat, lambda: group_unlocks(scenario, every))
        tracemalloc.start()
        held = table(scenario)
        holdouts(scenario, held)
        group_unlocks(scenario, held)
        row["holdouts_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        if with_unlocks:
            row["analyze_with_unlocks_s"] = best(1, lambda: analyze(scenario))
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--with-unlocks", action="store_true", help="also time analyze with unlocks")
    args = parser.parse_args()
    for n, issues in ((12, 5), (20, 7), (30, 7)):
        for kind in ("clash", "small", "stuck"):
            scenario = from_document(case(n, issues, kind))
            row = {"parties": n, "issues": issues, "case": kind, **measure(scenario, args.repeat, args.with_unlocks)}
            print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
