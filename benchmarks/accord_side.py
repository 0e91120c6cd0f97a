"""accord side of the analysis benchmark, run in its own process.

    .venv/bin/python benchmarks/accord_side.py DOMAIN.json [--repeat N] [--reservation R]

Loads the scenario (not timed), then times ``accord.analyze`` in-process with
``time.perf_counter``: the Pareto frontier, the ZOPA count and the four
bargaining solutions (Nash and Kalai–Smorodinsky among them). Prints one JSON
object like the peer's: seconds (minimum over repeats), frontier size, the
Nash outcome, and peak memory (``ru_maxrss`` of this process; a separate,
untimed ``tracemalloc`` pass gives the peak of the analysis alone).
"""

from __future__ import annotations

import argparse
import json
import resource
import time
import tracemalloc
from pathlib import Path

import accord
from accord.scenario import from_document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("domain", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reservation", type=float, default=None,
                        help="override both parties' reservation (forces the ZOPA count to enumerate)")
    args = parser.parse_args()
    doc = json.loads(args.domain.read_text())
    if args.reservation is not None:
        for actor in doc["actors"].values():
            actor["reservation"] = args.reservation
    scenario = from_document(doc)
    runs = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = accord.analyze(scenario)
        runs.append(time.perf_counter() - start)
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()
    accord.analyze(scenario)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    nash = result.solutions["nash"]
    print(json.dumps({
        "tool": "accord", "version": accord.__version__, "outcomes": result.outcomes,
        "acceptable": result.acceptable, "pareto_size": len(result.pareto),
        "nash": {"outcome": nash.outcome, "utilities": [nash.utilities[p] for p in result.parties]} if nash else None,
        "seconds": {"total": min(runs)}, "runs": runs, "peak_mb": peak / 2**20, "maxrss_mb": maxrss,
    }))


if __name__ == "__main__":
    main()
