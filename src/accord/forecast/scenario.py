"""From a scenario to the forecasting models' inputs, and back to options.

On each issue, every actor with preferences on it takes part (mediators and
observers included: outside powers matter to where talks land), except
constituencies (format 1.1 ``role: constituency``): they do not move the
outcome at the table, they ratify (or not) their party's yes, a veto these
issue-by-issue models cannot express; counting them as actors would give the
party's side its weight twice.

- position: its ideal point, the option (or grid point) it values most, placed
  on the issue's scale (``Issue.scale``: numeric issues their own values;
  categorical options at equal spacing on 0-100 in the order listed, unless
  the issue gives ``positions:``); ties go to the first such option;
- salience: its normalised weight on the issue, w_ai / sum_i w_ai, in [0, 1],
  over its issue weights only: interaction terms (format 1.1) value packages,
  not points on one issue's scale, so the models read the issue-level values
  and weights only (a document with interactions forecasts as it would
  without them); red lines and their ``unless`` play no part either (the
  models place ideal points, not acceptable sets);
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
    """The :class:`Positions` of every actor that weighs ``issue_id`` (constituencies excepted)."""
    if issue_id not in scenario.issues:
        raise ForecastError("issue", f"must be one of {', '.join(scenario.issues)}", issue_id)
    issue = scenario.issues[issue_id]
    scale = np.asarray(issue.scale, dtype=float)
    actors, position, salience, capability = [], [], [], []
    for actor in scenario.actors.values():
        pref = actor.preferences.get(issue_id)
        if pref is None or actor.is_constituency:
            continue
        weight = issue_salience(scenario, actor.id, issue_id)
        if weight <= 0:
            continue
        actors.append(actor.id)
        position.append(float(scale[int(np.argmax(pref.scores))]))
        salience.append(weight)
        capability.append(actor.power)
    if not actors:
        raise ForecastError("issue", "needs at least one actor with weight > 0 on it", issue_id)
    return Positions(tuple(actors), np.array(position), np.array(salience), np.array(capability),
                     low=float(scale.min()), high=float(scale.max()))


def issue_salience(scenario: Scenario, actor_id: str, issue_id: str) -> float:
    """``w_ai / sum_i w_ai``: the actor's weight on the issue over its issue weights (interactions left out).

    The same float as :meth:`Actor.normalised_weight` when the actor has no interactions.
    """
    actor = scenario.actors[actor_id]
    pref = actor.preferences.get(issue_id)
    total = sum(p.weight for p in actor.preferences.values())
    return pref.weight / total if pref is not None and total > 0 else 0.0


def _constituencies_only(scenario: Scenario, issue_id: str) -> bool:
    """Whether every actor that weighs ``issue_id`` is a constituency (and at least one does)."""
    weighing = [a for a in scenario.actors.values()
                if issue_id in a.preferences and issue_salience(scenario, a.id, issue_id) > 0]
    return bool(weighing) and all(a.is_constituency for a in weighing)


def nearest_option(scenario: Scenario, issue_id: str, x: float) -> Option:
    """The option whose place on the issue's scale is closest to ``x``."""
    issue = scenario.issues[issue_id]
    scale = np.asarray(issue.scale, dtype=float)
    return issue.options[int(np.argmin(np.abs(scale - x)))]


def forecast_scenario(scenario: Scenario, *, issues: Iterable[str] | None = None, models: Iterable[str] = MODELS,
                      rounds: int = 100, q: float = 1.0) -> dict[str, dict[str, dict[str, Any]]]:
    """Each model's forecast on each issue: ``{issue: {model: {"position", "option", "label", ...}}}``.

    ``option`` is the nearest option (categorical issues) or the nearest grid
    point (numeric issues); ``label`` is what a person reads. Without
    ``issues``, an issue that only constituencies weigh is left out (no actor
    at the table has a position on it).
    """
    chosen = list(scenario.issues) if issues is None else list(issues)
    if issues is None:  # an issue only constituencies weigh has no actor at the table: nothing to forecast on it
        chosen = [i for i in chosen if not _constituencies_only(scenario, i)]
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
