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
* ``semantic-48-majority`` / ``semantic-48-qualified``: the same under a majority with a veto and a
  qualified rule with a weight share (each run with a zone is analysed by ``accord.analysis``: the
  bargains inside minimal winning sets);
* ``eu-council``: the example eu-nature-restoration-2024, 27 members, 16 outcomes, a
  qualified majority (55% / 65%) and one ``holds: 0.5`` (its runs: the enumeration route of
  ``accord.analysis.enumerated``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from accord.scenario import from_document, load  # noqa: E402
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
    parser.add_argument("--only", default=None, help="comma-separated case names")
    args = parser.parse_args()
    plain = holds_doc(0.6)
    del plain["variants"]
    holds = from_document(plain)
    paired = from_document(holds_doc(0.6))
    coupled = from_document(coupled_doc())
    majority = from_document(coupled_doc({"rule": "majority", "veto": ["israel"]}))
    qualified = from_document(coupled_doc({"rule": "qualified", "share": 0.6, "weight_share": 0.7, "veto": ["hamas"]}))
    eu = load(Path(__file__).resolve().parents[1] / "src" / "accord" / "examples" / "eu-nature-restoration-2024"
              / "scenario.yaml")
    cases = {
        "holds-vectorised": lambda: _time(lambda n: monte_carlo(holds, n, seed=1), args.runs),
        "holds-drawn-compare": lambda: _time(lambda n: compare_variants(paired, None, n, seed=1), args.runs),
        "semantic-48": lambda: _time(lambda n: monte_carlo(coupled, n, seed=1), args.semantic_runs),
        "semantic-48-majority": lambda: _time(lambda n: monte_carlo(majority, n, seed=1), args.semantic_runs),
        "semantic-48-qualified": lambda: _time(lambda n: monte_carlo(qualified, n, seed=1), args.semantic_runs),
        "eu-council": lambda: _time(lambda n: monte_carlo(eu, n, seed=1), args.semantic_runs),
    }
    chosen = args.only.split(",") if args.only else list(cases)
    print(json.dumps({name: cases[name]() for name in chosen}, indent=2))


if __name__ == "__main__":
    main()
