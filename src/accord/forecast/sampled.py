"""Forecasts under uncertainty: the models run on seeded draws of the scenario's distributions.

Each draw is one realisation of every uncertain number (the same seeded,
per-parameter streams as ``accord.uncertainty``); ideal points, saliences and
capabilities are read from that realisation and every model forecasts each
issue. The result is, per issue and model, quantiles of the forecast position.

Only ideal points, saliences and capabilities (and, with
``within_red_lines``, the options every party accepts) feed the models: an
uncertain reservation, for instance, changes nothing here. A draw whose inputs
on an issue equal an earlier draw's reuses that forecast (the models are
deterministic), and :func:`forecast_spread` says per issue whether the inputs
varied at all; when they did not, every quantile is the forecast itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from ..scenario import Scenario
from .errors import ForecastError
from .overview import forecast_positions
from .registry import MODELS
from .scenario import _constituencies_only, acceptable_to_all, issue_positions

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


def forecast_spread(scenario: Scenario, samples: int, seed: int, *, issues: Iterable[str] | None = None,
                    models: Iterable[str] = MODELS, rounds: int = 100, within_red_lines: bool = False,
                    ) -> tuple[dict[str, dict[str, dict[str, float]]], dict[str, bool]]:
    """``({issue: {model: {"mean", "q05", ..., "q95"}}}, {issue: inputs varied})`` over ``samples`` draws.

    Steps: draw every uncertain number ``samples`` times from ``seed``; per draw and issue, read the
    models' inputs (:func:`accord.forecast.scenario.issue_positions`, restricted with ``within_red_lines``);
    run the models once per distinct input; summarise each model's positions by their mean and quantiles.
    """
    from ..uncertainty import realise, sample_parameters
    from ..uncertainty.sampling import run_values

    if isinstance(samples, bool) or not isinstance(samples, int) or samples < 1:
        raise ForecastError("samples", "must be an int >= 1", samples)
    models = tuple(models)
    chosen = list(scenario.issues) if issues is None else list(issues)
    if issues is None:
        chosen = [i for i in chosen if not _constituencies_only(scenario, i)]
    draws = sample_parameters(scenario, samples, seed)
    collected: dict[str, dict[str, list[float]]] = {i: {name: [] for name in models} for i in chosen}
    seen: dict[str, dict[tuple[Any, ...], dict[str, float]]] = {i: {} for i in chosen}
    for k in range(samples if draws else 1):
        model = realise(scenario, run_values(draws, k)) if draws else scenario
        for issue_id in chosen:
            within = acceptable_to_all(model, issue_id) if within_red_lines else None
            p = issue_positions(model, issue_id, within=within)
            key = (p.actors, p.position.tobytes(), p.salience.tobytes(), p.capability.tobytes())
            if key not in seen[issue_id]:
                found = forecast_positions(p, models=models, rounds=rounds)
                seen[issue_id][key] = {name: float(entry["position"]) for name, entry in found.items()}
            for name, x in seen[issue_id][key].items():
                collected[issue_id][name].append(x)
    repeat = 1 if draws else samples  # nothing uncertain: one forecast, counted ``samples`` times
    out: dict[str, dict[str, dict[str, float]]] = {}
    for issue_id, by_model in collected.items():
        out[issue_id] = {}
        for name, values in by_model.items():
            arr = np.repeat(np.asarray(values), repeat)
            summary = {"mean": float(arr.mean())}
            summary.update({f"q{int(q * 100):02d}": float(np.quantile(arr, q)) for q in QUANTILES})
            out[issue_id][name] = summary
    return out, {issue_id: len(found) > 1 for issue_id, found in seen.items()}


def forecast_distribution(scenario: Scenario, samples: int, seed: int, *, issues: Iterable[str] | None = None,
                          models: Iterable[str] = MODELS, rounds: int = 100,
                          within_red_lines: bool = False) -> dict[str, dict[str, dict[str, float]]]:
    """``{issue: {model: {"mean": x, "q05": x, ..., "q95": x}}}`` over ``samples`` seeded draws."""
    return forecast_spread(scenario, samples, seed, issues=issues, models=models, rounds=rounds,
                           within_red_lines=within_red_lines)[0]
