"""Many negotiations at once: one per seed, on a backend, the same result for any backend, workers or chunk.

:func:`run_batch` is the batch path:

1. strategies are resolved once at the edge (specs parsed by
   :func:`~accord.simulation.strategies.make_strategy`, instances kept as
   they are); they travel to worker processes pickled, and each run plays a
   fresh copy, so no state carries over from one run to the next;
2. :func:`~accord.simulation.engine.identical_runs` decides, by the
   strategies' (and the mediator's) declared ``Traits.stochastic``, whether
   the seed can change the run at all; when it cannot, the negotiation is
   played once and counted for every seed (exact, not an approximation), and
   the summary says so and why;
3. otherwise the seeds are cut into chunks and played on the backend in
   effect (:func:`accord.backends.using`: this process, local worker
   processes, or Ray), each run's randomness coming only from its own seed;
   the rows are put back in seed order before they are summarised.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from typing import Any, TypedDict

import numpy as np

from ..analysis._analyze import rounded
from ..scenario import Scenario
from .engine import identical_runs, simulate
from .errors import SimulationError
from .mediator import DEFAULT_MEDIATOR
from .strategies import resolve_strategies


class RunRow(TypedDict):
    """One run of a batch: its seed, how it ended, in which round, who walked out, and the agreement
    (``{"outcome": {issue: option}, "utilities": {actor: utility}}``) or None."""

    seed: int
    status: str  # agreement | deadline | walkout
    round: int
    walkout_by: str | None
    agreement: dict[str, Any] | None


@dataclass(frozen=True)
class BatchSummary:
    runs: int
    seeds: tuple[int, ...]
    parties: tuple[str, ...]
    outcomes: tuple[RunRow, ...]  # per run: status, round, walkout_by, outcome, utilities
    identical: str | None = None  # why every run is the same negotiation (played once), or None

    def count(self, status: str) -> int:
        return sum(1 for r in self.outcomes if r["status"] == status)

    def _repr_html_(self) -> str:
        from ..notebook import html  # an edge, imported when a notebook shows the result

        return html(self)

    def to_frame(self) -> Any:
        """A tidy pandas DataFrame, one row per run (docs/notebooks.md; ``accord[notebook]``)."""
        from ..notebook import frame

        return frame(self)

    def to_json(self) -> dict[str, Any]:
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
            "identical_runs": self.identical,
        }


def play_seeds(payload: tuple[Scenario, dict[str, Any]], seeds: list[int]) -> list[RunRow]:
    """The rows of the runs of ``seeds`` (a backend task: pure, the same rows wherever it runs)."""
    scenario, options = payload
    rows: list[RunRow] = []
    for seed in seeds:
        fresh = copy.deepcopy(options)  # strategy and mediator instances: no state carries over between runs
        result = simulate(scenario, seed=seed, trace=False, **fresh)
        rows.append({"seed": seed, "status": result.status, "round": result.round, "walkout_by": result.walkout_by,
                     "agreement": result.agreement})
    return rows


def run_batch(scenario: Scenario, *, seeds: Iterable[int], workers: int = 1, chunk: int | None = None,
              **options: Any) -> BatchSummary:
    """Simulate once per seed with the same options; summarise agreement, walkouts and deals.

    ``options`` are those of :func:`accord.simulation.simulate`; strategies
    may be names, specs or :class:`~accord.simulation.strategies.Strategy`
    instances. ``workers`` processes (on the backend in effect, see
    :func:`accord.backends.using`) share chunks of ``chunk`` seeds (default:
    two chunks per worker). The summary is the same for any backend,
    ``workers`` and ``chunk``.
    """
    from ..backends import current, stream

    seeds = [int(s) for s in seeds]
    if not seeds:
        raise SimulationError("seeds", "at least one seed", [])
    if chunk is not None and (not isinstance(chunk, int) or isinstance(chunk, bool) or chunk < 1):
        raise SimulationError("chunk", "an integer >= 1", chunk)
    options = {**options, "strategies": resolve_strategies(options.get("strategies"))}
    reason = identical_runs(scenario.parties, options["strategies"], protocol=options.get("protocol", "alternating"),
                            mediator=options.get("mediator", DEFAULT_MEDIATOR))
    if reason is not None:
        (row,) = play_seeds((scenario, options), seeds[:1])
        rows: list[RunRow] = [{**row, "seed": seed} for seed in seeds]
        return BatchSummary(len(seeds), tuple(seeds), scenario.parties, tuple(rows), reason)
    # fail fast on bad options (unknown party, protocol, ...) before any worker starts
    simulate(scenario, seed=seeds[0], trace=False, **{**copy.deepcopy(options), "rounds": 1})
    size = chunk or max(1, -(-len(seeds) // (2 * workers)))
    pieces = [(seeds[k:k + size],) for k in range(0, len(seeds), size)]
    backend, address = current()
    parts: dict[int, list[RunRow]] = {}
    with closing(stream(play_seeds, (scenario, options), pieces, backend=backend, workers=workers,
                        address=address)) as results:
        for position, part in results:
            parts[position] = part
    rows = [row for position in range(len(pieces)) for row in parts[position]]
    return BatchSummary(len(seeds), tuple(seeds), scenario.parties, tuple(rows))


def run_exponent_grid(scenario: Scenario, exponents: np.ndarray, rounds: int = 100,
                      first: str | None = None, model: str = "frequency") -> BatchSummary:
    """Bilateral time-dependent negotiations for each exponent pair, vectorised across runs.

    ``exponents`` is (R, 2): each run's concession exponents for the two
    parties (e < 1 Boulware, e > 1 Conceder). Scripted events are not played
    (use :func:`run_batch` for those). ``model`` is both parties' opponent
    model (``frequency``, the default without full information; ``exact``,
    the default with it; or ``none``). Same results as :func:`simulate`, run by run.
    """
    from .table import build_table
    from .vectorised import run_time_dependent

    table = build_table(scenario)
    parties = scenario.parties
    start = 0 if first is None else parties.index(first)
    found = run_time_dependent(table, exponents, rounds, start, (model, model))
    rows: list[RunRow] = []
    for r in range(found.agreed.size):
        deal = int(found.deal[r])
        agreement = ({"outcome": table.outcome(deal),
                      "utilities": {a: rounded(u) for a, u in table.utilities_of(deal).items()}}
                     if found.agreed[r] else None)
        rows.append({"seed": r, "status": "agreement" if found.agreed[r] else "deadline", "round": int(found.round[r]),
                     "walkout_by": None, "agreement": agreement})
    return BatchSummary(len(rows), tuple(range(len(rows))), parties, tuple(rows))
