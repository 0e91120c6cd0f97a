"""Monte Carlo of format 1.1 scenarios: runs per second of the holds kernel and of the semantic route.

    PYTHONPATH=src .venv/bin/python benchmarks/montecarlo11_bench.py [--runs 100000] [--semantic-runs 5000]

Timed with ``time.perf_counter`` around ``monte_carlo`` only (one warm-up call first). Cases:

* ``holds-vectorised``: two parties, 12 outcomes, one red line with ``holds: 0.6`` (the vectorised
  kernel with a per-run mask);
* ``holds-drawn-compare``: the same with a variant whose ``holds`` is a distribution
  (``compare_variants``, 2 scenarios per run);
* ``semantic-48``: 48 outcomes with ``unless``, two ``holds``, an interaction whose weight and value
  are distributions and a constituency (the route through ``accord.scenario.outcomes``, one run at a
  time over the whole space).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from accord.scenario import from_document  # noqa: E402
from accord.uncertainty import compare_variants, monte_carlo  # noqa: E402
from tests.test_montecarlo_holds import coupled_doc, holds_doc  # noqa: E402


def _time(call, runs):
    call(min(runs, 100))
    start = time.perf_counter()
    result = call(runs)
    elapsed = time.perf_counter() - start
    return {"runs": runs, "seconds": round(elapsed, 3), "runs_per_second": round(runs / elapsed),
            "p_zopa": result.p_zopa if hasattr(result, "p_zopa") else result.base.p_zopa}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=100_000)
    parser.add_argument("--semantic-runs", type=int, default=5_000)
    args = parser.parse_args()
    plain = holds_doc(0.6)
    del plain["variants"]
    holds = from_document(plain)
    paired = from_document(holds_doc(0.6))
    coupled = from_document(coupled_doc())
    found = {
        "holds-vectorised": _time(lambda n: monte_carlo(holds, n, seed=1), args.runs),
        "holds-drawn-compare": _time(lambda n: compare_variants(paired, None, n, seed=1), args.runs),
        "semantic-48": _time(lambda n: monte_carlo(coupled, n, seed=1), args.semantic_runs),
    }
    print(json.dumps(found, indent=2))


if __name__ == "__main__":
    main()
