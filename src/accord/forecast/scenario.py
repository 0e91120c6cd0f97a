"""From a scenario to the forecasting models' inputs, and back to options.

On each issue, every actor with preferences on it takes part (mediators and
observers included: outside powers matter to where talks land):

- position: its ideal point, the option (or grid point) it values most, placed
  on the issue's scale (``Issue.scale``: numeric issues their own values;
  categorical options at equal spacing on 0-100 in the order listed, unless
  the issue gives ``positions:``); ties go to the first such option;
- salience: its normalised weight on the issue, w_ai / sum_i w_ai, in [0, 1];
- capability: its ``power``.

A forecast on a categorical issue is mapped back to the nearest option on the
scale (ties to the first).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from ..scenario import Scenario
from ..scenario.model import Option
from .errors import ForecastError
from .inputs import Positions
from .overview import forecast_positions
from .registry import MODELS


def issue_positions(scenario: Scenario, issue_id: str) -> Positions:
    """The :class:`Positions` of every actor that weighs ``issue_id``."""
    if issue_id not in scenario.issues:
        raise ForecastError("issue", f"must be one of {', '.join(scenario.issues)}", issue_id)
    issue = scenario.issues[issue_id]
    scale = np.asarray(issue.scale, dtype=float)
    actors, position, salience, capability = [], [], [], []
    for actor in scenario.actors.values():
        pref = actor.preferences.get(issue_id)
        if pref is None or actor.normalised_weight(issue_id) <= 0:
            continue
        actors.append(actor.id)
        position.append(float(scale[int(np.argmax(pref.scores))]))
        salience.append(actor.normalised_weight(issue_id))
        capability.append(actor.power)
    if not actors:
        raise ForecastError("issue", "needs at least one actor with weight > 0 on it", issue_id)
    return Positions(tuple(actors), np.array(position), np.array(salience), np.array(capability),
                     low=float(scale.min()), high=float(scale.max()))


def nearest_option(scenario: Scenario, issue_id: str, x: float) -> Option:
    """The option whose place on the issue's scale is closest to ``x``."""
    issue = scenario.issues[issue_id]
    scale = np.asarray(issue.scale, dtype=float)
    return issue.options[int(np.argmin(np.abs(scale - x)))]


def forecast_scenario(scenario: Scenario, *, issues: Iterable[str] | None = None, models: Iterable[str] = MODELS,
                      rounds: int = 100, q: float = 1.0) -> dict[str, dict[str, dict[str, Any]]]:
    """Each model's forecast on each issue: ``{issue: {model: {"position", "option", "label", ...}}}``.

    ``option`` is the nearest option (categorical issues) or the nearest grid
    point (numeric issues); ``label`` is what a person reads.
    """
    chosen = list(scenario.issues) if issues is None else list(issues)
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for issue_id in chosen:
        positions = issue_positions(scenario, issue_id)
        found = forecast_positions(positions, models=models, rounds=rounds, q=q)
        issue = scenario.issues[issue_id]
        for name, entry in found.items():
            option = nearest_option(scenario, issue_id, entry["position"])
            entry["option"] = option
            entry["label"] = (str(option) if issue.kind == "categorical"
                              else f"{entry['position']:.4g}" + (f" {issue.unit}" if issue.unit else ""))
        out[issue_id] = found
    return out
