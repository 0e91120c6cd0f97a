"""Forecasts under uncertainty: the models run on seeded draws of the scenario's distributions.

Each draw is one realisation of every uncertain number (the same seeded,
per-parameter streams as ``accord.uncertainty``); ideal points, saliences and
capabilities are read from that realisation and every model forecasts each
issue. The result is, per issue and model, quantiles of the forecast position.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from ..scenario import Scenario
from .errors import ForecastError
from .registry import MODELS
from .scenario import forecast_scenario

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


def forecast_distribution(scenario: Scenario, samples: int, seed: int, *, issues: Iterable[str] | None = None,
                          models: Iterable[str] = MODELS, rounds: int = 100) -> dict[str, dict[str, dict[str, float]]]:
    """``{issue: {model: {"mean": x, "q05": x, ..., "q95": x}}}`` over ``samples`` seeded draws."""
    from ..uncertainty import realise, sample_parameters
    from ..uncertainty.sampling import run_values

    if not isinstance(samples, int) or samples < 1:
        raise ForecastError("samples", "must be an int >= 1", samples)
    models = tuple(models)
    draws = sample_parameters(scenario, samples, seed)
    collected: dict[str, dict[str, list[float]]] = {}
    for k in range(samples):
        model = realise(scenario, run_values(draws, k)) if draws else scenario
        for issue_id, found in forecast_scenario(model, issues=issues, models=models, rounds=rounds).items():
            for name, entry in found.items():
                collected.setdefault(issue_id, {}).setdefault(name, []).append(entry["position"])
    out: dict[str, dict[str, dict[str, float]]] = {}
    for issue_id, by_model in collected.items():
        out[issue_id] = {}
        for name, values in by_model.items():
            arr = np.asarray(values)
            summary = {"mean": float(arr.mean())}
            summary.update({f"q{int(q * 100):02d}": float(np.quantile(arr, q)) for q in QUANTILES})
            out[issue_id][name] = summary
    return out
