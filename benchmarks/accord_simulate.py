"""accord side of the simulation benchmark, in its own process.

    .venv/bin/python benchmarks/accord_simulate.py DOMAIN.json --rounds N --runs K [--grid R]

Times, with ``time.perf_counter`` and the scenario already loaded:

* ``single_cold``: one negotiation Boulware vs Boulware, including building
  the outcome table (what a first ``accord simulate`` costs);
* ``single``: the mean over K further negotiations (table kept), the
  strategies without an opponent model (``model=none``), like negmas's
  time-based negotiators, which offer from their own utility alone;
* ``single_default_model``: the same with accord's default opponent model
  (``auto``: the frequency model, learnt from the offers), which costs more
  per round;
* ``batch``: R Boulware/Conceder negotiations with exponents drawn
  log-uniformly in [0.1, 10] (seeded), vectorised across runs by
  ``run_exponent_grid`` (every run a different negotiation).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from accord.scenario import from_document
from accord.simulation import simulate
from accord.simulation.batch import run_exponent_grid
from accord.simulation.table import _TABLES


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("domain", type=Path)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--grid", type=int, default=2000)
    parser.add_argument("--strategy", default="boulware", help="the strategy both parties play")
    parser.add_argument("--model", default="none", help="the opponent model of the timed single runs")
    args = parser.parse_args()
    scenario = from_document(json.loads(args.domain.read_text()))
    strategies = {p: f"{args.strategy}:model={args.model}" for p in scenario.parties}
    default = {p: args.strategy for p in scenario.parties}
    start = time.perf_counter()
    first = simulate(scenario, strategies=strategies, rounds=args.rounds, trace=False)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    for seed in range(args.runs):
        result = simulate(scenario, strategies=strategies, rounds=args.rounds, trace=False, seed=seed)
    single = (time.perf_counter() - start) / args.runs
    simulate(scenario, strategies=default, rounds=args.rounds, trace=False)
    start = time.perf_counter()
    for seed in range(args.runs):
        simulate(scenario, strategies=default, rounds=args.rounds, trace=False, seed=seed)
    single_default = (time.perf_counter() - start) / args.runs
    exponents = np.exp(np.random.default_rng(1).uniform(np.log(0.1), np.log(10), size=(args.grid, 2)))
    _TABLES.clear()  # the batch pays for its own table
    start = time.perf_counter()
    grid = run_exponent_grid(scenario, exponents, rounds=args.rounds)
    batch = time.perf_counter() - start
    print(json.dumps({
        "tool": "accord", "strategy": args.strategy, "outcomes": scenario.outcome_count, "rounds": args.rounds,
        "status": result.status, "steps": result.round + 1, "first_status": first.status,
        "single_cold_seconds": cold, "single_seconds": single,
        "model": args.model, "single_default_model_seconds": single_default,
        "batch_runs": args.grid, "batch_seconds": batch, "batch_negotiations_per_second": args.grid / batch,
        "batch_agreements": grid.count("agreement"),
    }))


if __name__ == "__main__":
    main()
