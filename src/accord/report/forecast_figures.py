"""Figures of the forecasting models: where the positions move, round by round.

Like :mod:`.figures`, each function returns a plotly figure dictionary (JSON,
checkable by tests) that :func:`~accord.report.figures.save_png` also draws
with matplotlib. The numbers come from ``accord.forecast``: the challenge
(expected-utility) model moves in rounds on each issue, KTAB's Spatial Model
of Politics (SMP) in turns on all of them at once.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..scenario import Scenario
from .chart_style import count_axis, wrap_title

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f",
           "#bcbd22")
SMP_TITLE = "Positions turn by turn (SMP)"
SMP_NAMED = 8  # actors named (in colour) in the SMP figure; the others are drawn in grey
SMP_OTHERS, SMP_LIKELY = "#c7c7c7", "#000000"


def _issue_axis(scenario: Scenario | None, issue_id: str, pixels: float = 400) -> dict:
    """Axis settings of one issue's scale: categorical options as tick labels at their place; the title
    (the issue's name and unit) broken into lines that fit ``pixels``, the
    axis' height."""
    if scenario is None or issue_id not in scenario.issues:
        return {"title": {"text": wrap_title(f"{issue_id} (position)", pixels)}}
    issue = scenario.issues[issue_id]
    scale = [float(v) for v in issue.scale]
    low, high = min(scale), max(scale)
    pad = 0.06 * ((high - low) or 1.0)
    axis: dict[str, Any] = {"title": {"text": wrap_title(issue.name + (f" ({issue.unit})" if issue.unit else ""),
                                                         pixels)},
                            "range": [low - pad, high + pad]}
    if issue.kind == "categorical":
        axis.update(tickvals=scale, ticktext=[str(o) for o in issue.options])
    return axis


def _nearest(scenario: Scenario | None, issue_id: str, values: list[float]) -> list[str]:
    if scenario is None or issue_id not in scenario.issues:
        return [f"{v:.4g}" for v in values]
    scale = np.asarray(scenario.issues[issue_id].scale, dtype=float)
    options = scenario.issues[issue_id].options
    return [f"{v:.4g} (nearest: {options[int(np.argmin(np.abs(scale - v)))]})" for v in values]


def forecast_rounds_figure(forecast: Mapping[str, Mapping[str, Any]], scenario: Scenario | None = None) -> dict:
    """The challenge model's forecast round by round: one panel per issue, the median and mean of the positions.

    ``forecast`` is what :func:`accord.forecast.scenario.forecast_scenario` returns, or the ``issues`` of
    ``accord forecast --json``: per issue, the ``challenge`` entry's ``rounds`` (round 0 is the actors'
    starting positions; the last round's median is the forecast). Issues without a challenge run are left
    out. With ``scenario``, each panel is labelled with the issue's name and its options at their place on
    the scale, and the hover text names the nearest option.
    """
    issues = [(issue_id, models["challenge"]) for issue_id, models in forecast.items()
              if isinstance(models.get("challenge"), Mapping) and models["challenge"].get("rounds")]
    n = len(issues)
    data: list[dict] = []
    height = 140 + 220 * max(n, 1)
    layout: dict[str, Any] = {"title": {"text": "Forecast round by round (challenge model)"}, "height": height,
                              "legend": {"orientation": "h", "yanchor": "top", "y": -70 / (height - 180)}}
    for k, (issue_id, entry) in enumerate(issues):
        ref, key = ("y", "yaxis") if k == 0 else (f"y{k + 1}", f"yaxis{k + 1}")
        rounds = entry["rounds"]
        steps = list(range(len(rounds)))
        medians = [float(r["median"]) for r in rounds]
        means = [float(r["mean"]) for r in rounds]
        colour = PALETTE[k % len(PALETTE)]
        name = scenario.issues[issue_id].name if scenario is not None and issue_id in scenario.issues else issue_id
        data.append({"type": "scatter", "mode": "lines+markers", "name": f"{name}: median", "x": steps, "y": medians,
                     "yaxis": ref, "line": {"color": colour}, "marker": {"color": colour, "size": 5},
                     "text": _nearest(scenario, issue_id, medians)})
        data.append({"type": "scatter", "mode": "lines", "name": f"{name}: mean", "x": steps, "y": means,
                     "yaxis": ref, "line": {"color": colour, "dash": "dot"}, "text": _nearest(scenario, issue_id, means)})
        domain = _panel_domain(k, n)
        pixels = (domain[1] - domain[0]) * (height - 180)
        layout[key] = {**_issue_axis(scenario, issue_id, pixels), "domain": domain, "anchor": "x",
                       "automargin": True}
    bottom_ref = "y" if n <= 1 else f"y{n}"
    longest = max((len(entry["rounds"]) - 1 for _, entry in issues), default=1)
    layout["xaxis"] = {**count_axis(longest, "round (0: the stated positions)"), "anchor": bottom_ref}
    layout["margin"] = {"t": 80, "b": 100}
    return {"data": data, "layout": layout}


def challenge_positions_figure(result: Any, scenario: Scenario | None = None, issue: str | None = None) -> dict:
    """Every actor's position round by round in one run of the challenge model, with the median.

    ``result`` is a :class:`accord.forecast.ChallengeResult` (its ``positions`` trace, one column per
    actor, and its ``rounds``); with ``scenario`` and ``issue`` the axis shows that issue's options.
    """
    positions = np.asarray(result.positions, dtype=float)
    steps = list(range(positions.shape[0]))
    data = []
    for j, actor in enumerate(result.actors):
        data.append({"type": "scatter", "mode": "lines+markers", "name": actor, "x": steps,
                     "y": positions[:, j].tolist(), "marker": {"size": 4},
                     "line": {"color": PALETTE[j % len(PALETTE)]}})
    data.append({"type": "scatter", "mode": "lines", "name": "median (the forecast)", "x": steps,
                 "y": [float(r["median"]) for r in result.rounds], "line": {"color": "#000000", "dash": "dash"}})
    axis = {**(_issue_axis(scenario, issue) if issue else {"title": {"text": "position (on the issue's scale)"}}),
            "automargin": True}
    label = (scenario.issues[issue].name if scenario is not None and issue in scenario.issues else issue) or "the issue"
    return {"data": data, "layout": {"title": {"text": f"Positions round by round on {label} (challenge model)"},
                                     "xaxis": count_axis(len(steps) - 1, "round (0: the stated positions)"),
                                     "yaxis": axis,
                                     "legend": {"orientation": "h", "yanchor": "top", "y": -0.28}}}


def scenario_smp(scenario: Scenario) -> dict[str, Any] | None:
    """The SMP run of a scenario's issues (the forecast JSON's ``smp``), or None when the scenario cannot be
    an SMP input (fewer than three actors weighing an issue, no issue with two distinct points, ...)."""
    from ..forecast import MODELS, ForecastError
    from ..forecast.smp import scenario_input

    try:
        return MODELS["smp"].run(scenario_input(scenario))
    except ForecastError:
        return None


def smp_ranking(smp: Mapping[str, Any]) -> list[str]:
    """The actors of an SMP result, most likely to carry the outcome first.

    Sorted by the probability of the actor's position in the last state, then by its mean over the
    states, then in the input's order (actors at one position share its probability, so ties are common).

    >>> smp_ranking({"prob": {"a": [0.2, 0.1], "b": [0.3, 0.45], "c": [0.5, 0.45]}})
    ['c', 'b', 'a']
    """
    prob = smp["prob"]
    actors = list(prob)
    return sorted(actors, key=lambda a: (-float(prob[a][-1]), -sum(map(float, prob[a])) / max(len(prob[a]), 1),
                                         actors.index(a)))


def _state_ticks(states: int) -> int:
    """The step between labelled states: 1, 2, 5, 10, ... so that at most about 15 are labelled."""
    for step in (1, 2, 5, 10, 20, 50, 100):
        if states <= 15 * step:
            return step
    return 10 ** math.ceil(math.log10(states / 15))


def _panel_domain(k: int, n: int, gap: float = 0.08) -> list[float]:
    """The vertical domain of panel ``k`` of ``n`` stacked panels (the first at the top)."""
    gap = gap if n > 1 else 0.0
    top = 1.0 - k / n - (gap / 2 if k else 0.0)
    bottom = 1.0 - (k + 1) / n + (gap / 2 if k < n - 1 else 0.0)
    return [max(0.0, bottom), min(1.0, top)]


def smp_positions_figure(smp: Mapping[str, Any], scenario: Scenario | None = None, *,
                         named: int = SMP_NAMED) -> dict:
    """Every actor's position on each dimension, state by state, in a run of KTAB's SMP.

    ``smp`` is the ``smp`` entry of ``accord forecast --json`` (``{"states", "positions": {actor:
    {dimension: [per state]}}, "prob": {actor: [per state]}}``; :meth:`accord.forecast.smp.SMPResult.to_json`).
    One panel per dimension, stacked, sharing the state axis (0: the stated positions, then one state per
    turn); one line per actor. The ``named`` actors first in :func:`smp_ranking` are named and coloured,
    the others drawn in grey under one legend entry ("N other actors"). A thick dashed black line follows
    the most probable position: in each state, the position of the actor whose position is most likely
    to win (ties: the first in the input's order). With ``scenario`` the dimensions are its issues:
    each panel is labelled with the issue's name and unit (or its options at their place) and the actors
    with their names; without, the positions are on KTAB's 0-100 scale. Every trace's ``meta`` is its
    actor's key.
    """
    positions: Mapping[str, Mapping[str, Sequence[float]]] = smp["positions"]
    prob: Mapping[str, Sequence[float]] = smp["prob"]
    actors = list(positions)
    dims = list(next(iter(positions.values()), {}))
    states = int(smp["states"])
    steps = list(range(states))
    ranking = smp_ranking(smp)
    colour = {a: PALETTE[k % len(PALETTE)] for k, a in enumerate(ranking[:max(named, 0)])}
    others = [a for a in actors if a not in colour]
    likely = [max(actors, key=lambda a: (float(prob[a][t]), -actors.index(a))) for t in steps]
    n = max(len(dims), 1)
    height = 160 + 240 * n
    data: list[dict[str, Any]] = []
    layout: dict[str, Any] = {"title": {"text": SMP_TITLE}, "height": height,
                              "legend": {"orientation": "h", "yanchor": "top", "y": -70 / (height - 180)}}
    for k, dim in enumerate(dims):
        ref, key = ("y", "yaxis") if k == 0 else (f"y{k + 1}", f"yaxis{k + 1}")
        for j, actor in enumerate(others):
            data.append({"type": "scatter", "mode": "lines", "name": f"{len(others)} other actors (grey)",
                         "legendgroup": "others", "showlegend": k == 0 and j == 0, "legendrank": 1001,
                         "x": steps, "y": [float(v) for v in positions[actor][dim]], "yaxis": ref, "meta": actor,
                         "line": {"color": SMP_OTHERS, "width": 1},
                         "text": [f"{actor}: P {float(p):.3f}" for p in prob[actor]]})
        for rank, actor in enumerate(a for a in ranking if a in colour):
            label = scenario.actors[actor].name if scenario is not None and actor in scenario.actors else actor
            data.append({"type": "scatter", "mode": "lines+markers", "name": label, "legendgroup": actor,
                         "showlegend": k == 0, "legendrank": 2 + rank, "x": steps,
                         "y": [float(v) for v in positions[actor][dim]], "yaxis": ref, "meta": actor,
                         "line": {"color": colour[actor], "width": 1.8},
                         "marker": {"color": colour[actor], "size": 4},
                         "text": [f"{actor}: P {float(p):.3f}" for p in prob[actor]]})
        data.append({"type": "scatter", "mode": "lines", "name": "most probable position",
                     "legendgroup": "likely", "showlegend": k == 0, "legendrank": 1, "x": steps,
                     "y": [float(positions[a][dim][t]) for t, a in enumerate(likely)], "yaxis": ref,
                     "line": {"color": SMP_LIKELY, "width": 3.5, "dash": "dash"},
                     "text": [f"most probable: {a} (P {float(prob[a][t]):.3f})" for t, a in enumerate(likely)]})
        pixels = (_panel_domain(k, n)[1] - _panel_domain(k, n)[0]) * (height - 180)
        if scenario is not None and dim in scenario.issues:
            axis = _issue_axis(scenario, dim, pixels)
        else:
            axis = {"title": {"text": wrap_title(f"{dim} (KTAB 0-100 scale)", pixels)}, "range": [-4, 104]}
        layout[key] = {**axis, "domain": _panel_domain(k, n), "anchor": "x", "automargin": True}
    layout["xaxis"] = {"title": {"text": "state (0: the stated positions, then one per turn)"},
                       "anchor": "y" if n <= 1 else f"y{n}", "tickmode": "linear", "tick0": 0,
                       "dtick": _state_ticks(states), "range": [-0.3, max(states - 1, 1) + 0.3]}
    return {"data": data, "layout": layout}


__all__ = ["challenge_positions_figure", "forecast_rounds_figure", "scenario_smp", "smp_positions_figure",
           "smp_ranking"]
