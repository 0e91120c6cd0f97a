"""Figures of the forecasting models: where the positions move, round by round.

Like :mod:`.figures`, each function returns a plotly figure dictionary (JSON,
checkable by tests) that :func:`~accord.report.figures.save_png` also draws
with matplotlib. The numbers come from ``accord.forecast``: the challenge
(expected-utility) model is the one forecast that moves in rounds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..scenario import Scenario

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f",
           "#bcbd22")


def _issue_axis(scenario: Scenario | None, issue_id: str) -> dict:
    """Axis settings of one issue's scale: categorical options as tick labels at their place."""
    if scenario is None or issue_id not in scenario.issues:
        return {"title": {"text": issue_id}}
    issue = scenario.issues[issue_id]
    scale = [float(v) for v in issue.scale]
    low, high = min(scale), max(scale)
    pad = 0.06 * ((high - low) or 1.0)
    axis: dict[str, Any] = {"title": {"text": issue.name + (f" ({issue.unit})" if issue.unit else "")},
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
    gap = 0.08 if n > 1 else 0.0
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
        top = 1.0 - k / max(n, 1) - (gap / 2 if k else 0.0)
        bottom = 1.0 - (k + 1) / max(n, 1) + (gap / 2 if k < n - 1 else 0.0)
        layout[key] = {**_issue_axis(scenario, issue_id), "domain": [max(0.0, bottom), min(1.0, top)], "anchor": "x",
                       "automargin": True}
    bottom_ref = "y" if n <= 1 else f"y{n}"
    layout["xaxis"] = {"title": {"text": "round (0: the stated positions)"}, "anchor": bottom_ref}
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
    axis = {**(_issue_axis(scenario, issue) if issue else {"title": {"text": "position"}}), "automargin": True}
    label = (scenario.issues[issue].name if scenario is not None and issue in scenario.issues else issue) or "the issue"
    return {"data": data, "layout": {"title": {"text": f"Positions round by round on {label} (challenge model)"},
                                     "xaxis": {"title": {"text": "round"}}, "yaxis": axis,
                                     "legend": {"orientation": "h", "yanchor": "top", "y": -0.28}}}


__all__ = ["challenge_positions_figure", "forecast_rounds_figure"]
