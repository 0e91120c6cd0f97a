"""Tournament results: per-strategy scores with confidence intervals, and a ranking.

For each strategy, every (negotiation, party it played) is one observation:

- mean utility, with a 95% Student-t interval
  ``mean ± t_{0.975, n-1} · s / sqrt(n)``;
- agreement rate, with a 95% Wilson score interval (Wilson 1927)
  ``(p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)``;
- mean distance of the final point to the Pareto frontier and to the Nash
  point, and mean social welfare (each with a t interval).

Strategies are ranked by mean utility (ties: agreement rate, then name), as
in ANAC's individual-utility category.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..analysis._analyze import rounded
from ..stats import t_quantile, wilson


def mean_interval(values: Sequence[float]) -> dict[str, Any] | None:
    """Mean and its 95% t interval (``None`` for no values; a single value has no interval)."""
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        return None
    mean = float(x.mean())
    if x.size == 1:
        return {"mean": rounded(mean), "ci95": None, "n": 1}
    half = t_quantile(x.size - 1) * float(x.std(ddof=1)) / math.sqrt(x.size)
    return {"mean": rounded(mean), "ci95": [rounded(mean - half), rounded(mean + half)], "n": int(x.size)}


@dataclass(frozen=True)
class TournamentResult:
    """Per-strategy scores (ranked), per-scenario means and the run's description."""

    description: dict[str, Any]
    ranking: tuple[dict[str, Any], ...]
    by_scenario: tuple[dict[str, Any], ...]
    negotiations: int

    def _repr_html_(self) -> str:
        from ..notebook import html  # an edge, imported when a notebook shows the result

        return html(self)

    def to_frame(self) -> Any:
        """A tidy pandas DataFrame, one row per strategy, ranked (docs/notebooks.md; ``accord[notebook]``)."""
        from ..notebook import frame

        return frame(self)

    def to_json(self) -> dict[str, Any]:
        return {"tournament": dict(self.description), "negotiations": self.negotiations,
                "ranking": [dict(r) for r in self.ranking], "by_scenario": [dict(r) for r in self.by_scenario]}


def summarise(records: Iterable[Mapping[str, Any]], description: dict[str, Any],
              strategies: Sequence[str]) -> TournamentResult:
    """Score every strategy over ``records`` (the output of :func:`accord.tournament.play.play_chunk`)."""
    records = sorted(records, key=lambda r: r["index"])
    utility: dict[str, list[float]] = defaultdict(list)
    agreed: dict[str, list[bool]] = defaultdict(list)
    pareto: dict[str, list[float]] = defaultdict(list)
    nash: dict[str, list[float]] = defaultdict(list)
    welfare: dict[str, list[float]] = defaultdict(list)
    cell: dict[tuple[str, str], list[float]] = defaultdict(list)
    for record in records:
        for party, strategy in record["strategies"].items():
            utility[strategy].append(record["utilities"][party])
            agreed[strategy].append(record["status"] == "agreement")
            welfare[strategy].append(record["welfare"])
            if record["distance_to_pareto"] is not None:
                pareto[strategy].append(record["distance_to_pareto"])
            if record["distance_to_nash"] is not None:
                nash[strategy].append(record["distance_to_nash"])
            cell[(record["scenario"], strategy)].append(record["utilities"][party])
    rows: list[dict[str, Any]] = []
    for strategy in strategies:
        n = len(agreed[strategy])
        rows.append({
            "strategy": strategy, "observations": n,
            "utility": mean_interval(utility[strategy]),
            "agreement_rate": {"mean": rounded(sum(agreed[strategy]) / n) if n else None,
                               "ci95": [rounded(x) for x in wilson(sum(agreed[strategy]), n)] if n else None,
                               "n": n},
            "distance_to_pareto": mean_interval(pareto[strategy]),
            "distance_to_nash": mean_interval(nash[strategy]),
            "social_welfare": mean_interval(welfare[strategy]),
        })
    rows.sort(key=lambda r: (-(r["utility"]["mean"] if r["utility"] else -math.inf),
                             -(r["agreement_rate"]["mean"] or 0.0), r["strategy"]))
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank
    scenarios = list(dict.fromkeys(r["scenario"] for r in records))
    by_scenario = tuple({"scenario": s, "utility": {k: rounded(float(np.mean(cell[(s, k)])))
                                                     for k in strategies if cell[(s, k)]}} for s in scenarios)
    return TournamentResult(dict(description), tuple(rows), by_scenario, len(records))


__all__ = ["TournamentResult", "mean_interval", "summarise", "t_quantile", "wilson"]
