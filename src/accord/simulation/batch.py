"""Many negotiations at once: seeds (and configurations) in parallel, same result either way.

Each run's randomness comes only from its own seed, so the summary is the
same whether runs go serially or across worker processes (results are put
back in seed order before they are summarised). Runs whose strategies and
mediator all declare ``stochastic = False`` give the same negotiation for
every seed: the batch runs such a configuration once and counts it for each
seed, which is exact, not an approximation.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Iterable

import numpy as np

from ..analysis.analyze import rounded
from ..scenario import Scenario
from .engine import DEFAULT_STRATEGY, simulate
from .mediator import MEDIATORS
from .strategies import make_strategy


@dataclass(frozen=True)
class BatchSummary:
    runs: int
    seeds: tuple[int, ...]
    parties: tuple[str, ...]
    outcomes: tuple[dict, ...]  # per run: status, round, walkout_by, outcome, utilities

    def count(self, status: str) -> int:
        return sum(1 for r in self.outcomes if r["status"] == status)

    def to_json(self) -> dict:
        deals = Counter(tuple(r["agreement"]["outcome"].items()) for r in self.outcomes if r["agreement"])
        walkouts = Counter(r["walkout_by"] for r in self.outcomes if r["walkout_by"])
        rounds = np.array([r["round"] for r in self.outcomes if r["status"] == "agreement"], dtype=float)
        return {
            "runs": self.runs,
            "p_agreement": self.count("agreement") / self.runs,
            "p_deadline": self.count("deadline") / self.runs,
            "p_walkout": {p: walkouts.get(p, 0) / self.runs for p in self.parties},
            "rounds_to_deal": ({"mean": float(rounds.mean()), "median": float(np.median(rounds)),
                                "min": int(rounds.min()), "max": int(rounds.max())} if rounds.size else None),
            "deals": [{"outcome": dict(k), "share": n / self.runs} for k, n in deals.most_common()],
        }


def _deterministic(protocol: str, strategies: dict[str, str], parties: Iterable[str], mediator: str) -> bool:
    built = [make_strategy(strategies.get(p, DEFAULT_STRATEGY)) for p in parties]
    if any(s.traits.stochastic for s in built):
        return False
    return protocol != "mediated" or not MEDIATORS[mediator].traits.stochastic


def _run_many(scenario: Scenario, seeds: list[int], options: dict[str, Any]) -> list[dict]:
    rows = []
    for seed in seeds:
        result = simulate(scenario, seed=seed, trace=False, **options)
        rows.append({"seed": seed, "status": result.status, "round": result.round, "walkout_by": result.walkout_by,
                     "agreement": result.agreement})
    return rows


def run_batch(scenario: Scenario, *, seeds: Iterable[int], workers: int = 1, **options: Any) -> BatchSummary:
    """Simulate once per seed with the same options; summarise agreement, walkouts and deals."""
    seeds = list(seeds)
    if not seeds:
        raise ValueError("The 'seeds' parameter must hold at least one seed. Got none instead.")
    protocol = options.get("protocol", "alternating")
    strategies = {p: (s if isinstance(s, str) else s.describe()) for p, s in (options.get("strategies") or {}).items()}
    if _deterministic(protocol, strategies, scenario.parties, options.get("mediator", "hill-climbing")):
        (row,) = _run_many(scenario, seeds[:1], options)
        rows = [{**row, "seed": seed} for seed in seeds]
    elif workers <= 1 or len(seeds) < 2 * workers:
        rows = _run_many(scenario, seeds, options)
    else:
        chunks = [seeds[k::workers] for k in range(workers)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(_run_many, [scenario] * workers, chunks, [options] * workers))
        rows = sorted((row for part in parts for row in part), key=lambda r: seeds.index(r["seed"]))
    return BatchSummary(len(seeds), tuple(seeds), scenario.parties, tuple(rows))


def run_exponent_grid(scenario: Scenario, exponents: np.ndarray, rounds: int = 100,
                      first: str | None = None) -> BatchSummary:
    """Bilateral time-dependent negotiations for each exponent pair, vectorised across runs.

    ``exponents`` is (R, 2): each run's concession exponents for the two
    parties (e < 1 Boulware, e > 1 Conceder). Scripted events are not played
    (use :func:`run_batch` for those). Same results as :func:`simulate`, run by run.
    """
    from .table import build_table
    from .vectorised import run_time_dependent

    table = build_table(scenario)
    parties = scenario.parties
    start = 0 if first is None else parties.index(first)
    found = run_time_dependent(table, exponents, rounds, start)
    rows = []
    for r in range(found.agreed.size):
        deal = int(found.deal[r])
        agreement = ({"outcome": table.outcome(deal),
                      "utilities": {a: rounded(u) for a, u in table.utilities_of(deal).items()}}
                     if found.agreed[r] else None)
        rows.append({"seed": r, "status": "agreement" if found.agreed[r] else "deadline", "round": int(found.round[r]),
                     "walkout_by": None, "agreement": agreement})
    return BatchSummary(len(rows), tuple(range(len(rows))), parties, tuple(rows))
