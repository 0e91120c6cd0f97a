"""Speed of the voting-power indices (accord.analysis.power): target, the 27-member EU Council exact in under 1 s.

    .venv/bin/python benchmarks/power_bench.py [--repeat N]

Cases (each the minimum of ``--repeat`` runs in this process, after one warm-up):

- ``eu-persons``: the EU Council's qualified majority (55% of the 27 members,
  65% of the population) with populations in persons (Eurostat, 1 January
  2024; ``tests/data/power/eu_council_2024.csv``): split enumeration.
- ``eu-decimal``: the same with populations in millions to one decimal
  (83.4, 68.4, ...): the generating function.
- ``random-30`` / ``random-34`` / ``random-35``: 30, 34 and 35 parties with
  real random weights, qualified (55%, 65%): the split enumeration up to the
  default exact limit (34), sampling beyond it (35).
- ``random-35-exact`` / ``random-36-exact``: the exact limit lifted
  (``exact_limit=10**12``): what the default limit (about 1 s of work) turns
  into sampling would cost exactly.
- ``table-62``: 62 parties with integer weights 1-3000 (total about 10^5):
  the largest generating-function table the default limit admits.
- ``sampling-60``: 60 parties with real weights, beyond the exact methods:
  100,000 orderings and 100,000 sets.
- ``majority-1000``: 1,000 parties, simple majority and three vetoes: the
  closed form.
"""

from __future__ import annotations

import argparse
import csv
import random
import time
from collections.abc import Callable
from pathlib import Path

from accord.analysis.power import DEFAULT_EXACT_LIMIT, PowerIndices, power_indices

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "power" / "eu_council_2024.csv"


def eu_council() -> tuple[list[str], list[int]]:
    lines = [line for line in DATA.read_text().splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(lines))
    return [row["member"] for row in rows], [int(row["population"]) for row in rows]


def cases() -> dict[str, Callable[[], PowerIndices]]:
    members, population = eu_council()
    decimal = [round(p / 100_000) / 10 for p in population]
    rng = random.Random(1)
    w30 = [rng.uniform(1, 100) for _ in range(30)]
    w34 = [rng.uniform(1, 100) for _ in range(34)]
    w35 = [rng.uniform(1, 100) for _ in range(35)]
    w36 = [rng.uniform(1, 100) for _ in range(36)]
    w60 = [rng.uniform(1, 100) for _ in range(60)]
    w62 = [rng.randint(1, 3000) for _ in range(62)]
    many = [f"p{i}" for i in range(1_000)]

    def qualified(parties: list[str], weights: list[float], limit: int = DEFAULT_EXACT_LIMIT) -> Callable[[], PowerIndices]:
        return lambda: power_indices(parties, "qualified", share=0.55, weight_share=0.65, vote_weights=weights,
                                     exact_limit=limit)

    return {
        "eu-persons": qualified(members, population),
        "eu-decimal": qualified(members, decimal),
        "random-30": qualified([f"p{i}" for i in range(30)], w30),
        "random-34": qualified([f"p{i}" for i in range(34)], w34),
        "random-35": qualified([f"p{i}" for i in range(35)], w35),
        "random-35-exact": qualified([f"p{i}" for i in range(35)], w35, 10**12),
        "random-36-exact": qualified([f"p{i}" for i in range(36)], w36, 10**12),
        "table-62": qualified([f"p{i}" for i in range(62)], w62),
        "sampling-60": qualified([f"p{i}" for i in range(60)], w60),
        "majority-1000": lambda: power_indices(many, "majority", veto=many[:3]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| case | method | seconds (min) |")
    print("|---|---|---|")
    for name, run in cases().items():
        result = run()
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        print(f"| {name} | {result.method} | {min(times):.3f} |")


if __name__ == "__main__":
    main()
