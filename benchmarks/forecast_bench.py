"""Time the expected-utility (challenge) model: 100 actors x 100 rounds.

    .venv/bin/python benchmarks/forecast_bench.py [--actors 100] [--rounds 100] [--repeat 5] [--seed 2011]

Inputs are random but seeded (positions uniform on [0, 100], salience and
capability uniform on [0, 1]). Early stopping is off, so every run plays all
rounds. Prints one JSON object; ``seconds`` is the best of ``repeat`` runs.
"""

from __future__ import annotations

import argparse
import json
import platform
import time

import numpy as np

from accord.forecast import Positions, challenge


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2011)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    n = args.actors
    p = Positions(actors=tuple(f"actor-{i}" for i in range(n)), position=rng.uniform(0, 100, n),
                  salience=rng.uniform(0, 1, n), capability=rng.uniform(0, 1, n))
    times = []
    result = None
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = challenge(p, rounds=args.rounds, tolerance=None)
        times.append(time.perf_counter() - start)
    print(json.dumps({
        "model": "challenge",
        "actors": n,
        "rounds": len(result.rounds) - 1,
        "seed": args.seed,
        "seconds": round(min(times), 4),
        "seconds_all": [round(t, 4) for t in times],
        "forecast": round(result.position, 4),
        "python": platform.python_version(),
        "numpy": np.__version__,
    }))


if __name__ == "__main__":
    main()
