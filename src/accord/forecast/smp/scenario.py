"""An accord scenario as an SMP input: its issues are the dimensions.

The actors are those the issue-by-issue models use (:mod:`accord.forecast.scenario`:
constituencies excepted), here every actor that weighs at least one issue.
On each issue (dimension):

- position: the actor's ideal point on the issue's scale (numeric issues their
  own values; categorical issues their ``positions:``, or equal spacing),
  mapped linearly from [low, high] of the scale to KTAB's [0, 100]; an actor
  without a preference on the issue sits at the middle, with salience 0 (it
  does not care where the issue lands; its position still enters the
  contests, where it counts for nothing with itself);
- salience: its normalised issue weight w_ai / sum_i w_ai, times 100 (KTAB's
  saliences per actor sum to at most 100);
- capability: its ``power``.

Positions come back in the issue's units. A one-option issue (low = high)
cannot be a dimension and is left out.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from ...scenario import Scenario
from ..errors import ForecastError
from ..scenario import issue_salience
from .model import SMPInput
from .rules import SMPParameters


def scenario_input(scenario: Scenario, *, issues: Iterable[str] | None = None,
                   parameters: SMPParameters | None = None) -> SMPInput:
    """The :class:`SMPInput` of ``scenario`` (module docstring); ``issues``: these only (default all)."""
    chosen = list(scenario.issues) if issues is None else list(issues)
    dims: list[str] = []
    scales: list[tuple[float, float]] = []
    for issue_id in chosen:
        if issue_id not in scenario.issues:
            raise ForecastError("issue", f"must be one of {', '.join(scenario.issues)}", issue_id)
        scale = np.asarray(scenario.issues[issue_id].scale, dtype=float)
        if scale.max() > scale.min():
            dims.append(issue_id)
            scales.append((float(scale.min()), float(scale.max())))
    actors = [a for a in scenario.actors.values()
              if not a.is_constituency and any(issue_salience(scenario, a.id, d) > 0 for d in dims)]
    if not dims:
        raise ForecastError("issues", "need at least one issue with two or more distinct points for SMP", chosen)
    pos = np.full((len(actors), len(dims)), 50.0)
    sal = np.zeros((len(actors), len(dims)))
    for i, actor in enumerate(actors):
        for k, issue_id in enumerate(dims):
            pref = actor.preferences.get(issue_id)
            if pref is None:
                continue
            scale = np.asarray(scenario.issues[issue_id].scale, dtype=float)
            lo, hi = scales[k]
            pos[i, k] = (float(scale[int(np.argmax(pref.scores))]) - lo) / (hi - lo) * 100.0
            sal[i, k] = issue_salience(scenario, actor.id, issue_id) * 100.0
    # normalised weights sum to 1 over an actor's issues: clip the round-off above KTAB's 100
    totals = sal.sum(axis=1, keepdims=True)
    sal = np.where(totals > 100.0, sal * (100.0 / np.maximum(totals, 1e-300)), sal)
    return SMPInput(tuple(a.id for a in actors), tuple(dims), np.array([a.power for a in actors], dtype=float),
                    pos, sal, parameters=parameters or SMPParameters(), name=scenario.name or "scenario",
                    scale=tuple(scales))


__all__ = ["scenario_input"]
