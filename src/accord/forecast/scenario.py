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
  without them);
- capability: its ``power``.

Reservations (BATNAs) do not enter these models: they place points on one
issue's scale, and a reservation is a value of whole packages.

A forecast on a categorical issue is mapped back to the nearest option on the
scale (ties to the first).

Red lines: the models place ideal points, so a forecast can land on an option
a party rejects. Each forecast lists the parties (``Scenario.parties``, as
the ZOPA analysis counts them) whose red line on the issue rejects the option
it lands on (``red_lines_crossed``). A red line counts as stated: one with a
format 1.1 ``unless`` counts as crossed even though another issue might waive
it (an issue-by-issue forecast does not decide the other issues), and one
with ``holds`` < 1 counts as if it binds. With ``within_red_lines`` the
models are restricted to the options every party accepts on the issue (as
stated, the same set as ``accord.analysis`` ``common_options``): each actor's
position is its best option within that set, and the forecast is mapped to
the nearest option of that set; where the set is empty the restriction is
not defined and the issue is forecast as without it (its crossed red lines
say so).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt

from ..scenario import Scenario
from ..scenario.model import Option
from .errors import ForecastError
from .inputs import Positions
from .overview import forecast_positions
from .registry import MODELS


def acceptable_to_all(scenario: Scenario, issue_id: str) -> npt.NDArray[np.bool_]:
    """Boolean mask over the issue's options: those every party's red line on it accepts (as stated)."""
    if issue_id not in scenario.issues:
        raise ForecastError("issue", f"must be one of {', '.join(scenario.issues)}", issue_id)
    issue = scenario.issues[issue_id]
    mask = np.ones(issue.size, dtype=bool)
    for party in scenario.parties:
        pref = scenario.actors[party].preferences.get(issue_id)
        if pref is not None:
            mask &= pref.acceptable(issue)
    return mask


def red_lines_crossed(scenario: Scenario, issue_id: str, option: Option) -> list[str]:
    """The parties whose red line on ``issue_id`` rejects ``option`` (as stated), in document order."""
    issue = scenario.issues[issue_id]
    crossed = []
    for party in scenario.parties:
        pref = scenario.actors[party].preferences.get(issue_id)
        if pref is not None and pref.red_line is not None and not pref.red_line.allows(issue, option):
            crossed.append(party)
    return crossed


def issue_positions(scenario: Scenario, issue_id: str, *, within: npt.NDArray[np.bool_] | None = None) -> Positions:
    """The :class:`Positions` of every actor that weighs ``issue_id`` (constituencies excepted).

    ``within``: a mask over the issue's options (e.g. :func:`acceptable_to_all`); each actor's position is
    then its best option among those (ties to the first). ``None`` or an empty mask: among all options.
    """
    if issue_id not in scenario.issues:
        raise ForecastError("issue", f"must be one of {', '.join(scenario.issues)}", issue_id)
    issue = scenario.issues[issue_id]
    scale = np.asarray(issue.scale, dtype=float)
    allowed = np.ones(issue.size, dtype=bool) if within is None or not within.any() else within
    actors, position, salience, capability = [], [], [], []
    for actor in scenario.actors.values():
        pref = actor.preferences.get(issue_id)
        if pref is None or actor.is_constituency:
            continue
        weight = issue_salience(scenario, actor.id, issue_id)
        if weight <= 0:
            continue
        actors.append(actor.id)
        position.append(float(scale[int(np.argmax(np.where(allowed, pref.scores, -np.inf)))]))
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


def nearest_option(scenario: Scenario, issue_id: str, x: float, within: npt.NDArray[np.bool_] | None = None) -> Option:
    """The option whose place on the issue's scale is closest to ``x`` (among ``within``, when it has any)."""
    issue = scenario.issues[issue_id]
    scale = np.asarray(issue.scale, dtype=float)
    gap = np.abs(scale - x)
    if within is not None and within.any():
        gap = np.where(within, gap, np.inf)
    return issue.options[int(np.argmin(gap))]


def forecast_scenario(scenario: Scenario, *, issues: Iterable[str] | None = None, models: Iterable[str] = MODELS,
                      rounds: int = 100, q: float = 1.0,
                      within_red_lines: bool = False) -> dict[str, dict[str, dict[str, Any]]]:
    """Each model's forecast on each issue:
    ``{issue: {model: {"position", "option", "label", "red_lines_crossed", ...}}}``.

    ``option`` is the nearest option (categorical issues) or the nearest grid
    point (numeric issues); ``label`` is what a person reads;
    ``red_lines_crossed`` the parties whose red line rejects ``option``. With
    ``within_red_lines``, ideal points and the option are taken among the
    options every party accepts, where there are any (the module docstring),
    and each entry says whether there were (``within_red_lines``: bool).
    Without ``issues``, an issue that only constituencies weigh is left out
    (no actor at the table has a position on it).
    """
    chosen = list(scenario.issues) if issues is None else list(issues)
    if issues is None:  # an issue only constituencies weigh has no actor at the table: nothing to forecast on it
        chosen = [i for i in chosen if not _constituencies_only(scenario, i)]
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for issue_id in chosen:
        within = acceptable_to_all(scenario, issue_id) if within_red_lines else None
        positions = issue_positions(scenario, issue_id, within=within)
        found = forecast_positions(positions, models=models, rounds=rounds, q=q)
        issue = scenario.issues[issue_id]
        for name, entry in found.items():
            option = nearest_option(scenario, issue_id, entry["position"], within)
            entry["option"] = option
            entry["red_lines_crossed"] = red_lines_crossed(scenario, issue_id, option)
            if within is not None:
                entry["within_red_lines"] = bool(within.any())
            entry["label"] = (str(option) if issue.kind == "categorical"
                              else f"{entry['position']:.4g}" + (f" {issue.unit}" if issue.unit else ""))
        out[issue_id] = found
    return out
