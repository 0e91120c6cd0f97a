"""Time KTAB's spatial model of politics (accord.forecast.smp) to convergence.

    .venv/bin/python benchmarks/smp_bench.py [--actors 100] [--dimensions 5] [--repeat 3] [--seed 2015]
    .venv/bin/python benchmarks/smp_bench.py --ktab tests/data/ktab/SOE-Pol-Comp.csv

Targets: 13 actors on 2 dimensions (SOE-Pol-Comp) under 1 s; 100 actors on
5 dimensions under 10 s. Random inputs are seeded: capability uniform on
[10, 200], positions uniform on [0, 100], saliences uniform then scaled so
each actor's sum is uniform on [75, 99] (as KTAB's ``SMPActor::randomize``).
Prints one JSON object; ``seconds`` is the best of ``repeat`` runs.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import numpy as np

from accord.forecast.smp import SMPInput, read_ktab, run_smp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=100)
    parser.add_argument("--dimensions", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2015)
    parser.add_argument("--ktab", type=Path, default=None, help="a KTAB .csv or .xml input instead of random actors")
    args = parser.parse_args()

    if args.ktab is not None:
        data = read_ktab(args.ktab.read_text(encoding="utf-8-sig"), str(args.ktab))
    else:
        rng = np.random.default_rng(args.seed)
        n, d = args.actors, args.dimensions
        sal = rng.uniform(0.1, 1.0, (n, d))
        sal = sal / sal.sum(axis=1, keepdims=True) * rng.uniform(75, 99, (n, 1))
        data = SMPInput(tuple(f"actor-{i}" for i in range(n)), tuple(f"dim-{k}" for k in range(d)),
                        rng.uniform(10, 200, n), rng.uniform(0, 100, (n, d)), sal)
    times = []
    result = None
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = run_smp(data)
        times.append(time.perf_counter() - start)
    assert result is not None
    print(json.dumps({"benchmark": "smp", "actors": len(data.actors), "dimensions": len(data.dimensions),
                      "states": result.states, "seconds": round(min(times), 4),
                      "python": platform.python_version(), "machine": platform.machine()}))


if __name__ == "__main__":
    main()
