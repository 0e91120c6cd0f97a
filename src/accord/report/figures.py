"""Figures of a negotiation, as plain data first and then as plotly or matplotlib.

Each ``*_figure`` function returns a plotly figure *dictionary* (``{"data":
[...], "layout": {...}}``), which is JSON, embeds in an HTML page without
plotly installed, and can be checked by tests (the Nash point's coordinates
are in it). :func:`save_png` (:mod:`.render_png`) renders the same figures
with matplotlib for static reports. Nothing here decides anything about the
negotiation: the numbers come from ``accord.analysis`` and ``accord.simulation``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from ..analysis import Analysis
from ..scenario import Scenario
from ..simulation.table import build_table
from .chart_style import UNIT_INTERVAL, count_axis
from .render_png import save_png

MAX_POINTS = 20_000  # outcome-space scatter: beyond this, a seeded sample of the outcomes is drawn
COLOURS = {"nash": "#d62728", "kalai_smorodinsky": "#9467bd", "egalitarian": "#2ca02c", "utilitarian": "#ff7f0e"}
SYMBOLS = {"nash": "star", "kalai_smorodinsky": "diamond", "egalitarian": "square", "utilitarian": "triangle-up"}


def outcome_space_figure(scenario: Scenario, analysis: Analysis, parties: Sequence[str] | None = None) -> dict:
    """Scatter of every outcome in two parties' utilities: the ZOPA, the Pareto frontier and the solutions.

    With more than two parties, pass the pair to show (default: the first two).
    """
    parties = tuple(parties or scenario.parties[:2])
    table = build_table(scenario)
    ix, iy = (table.actors.index(p) for p in parties)
    index = np.arange(table.size)
    if table.size > MAX_POINTS:
        index = np.sort(np.random.default_rng(0).choice(table.size, MAX_POINTS, replace=False))
    # numpy's stubs type .all(axis=0) as "scalar or array"; over axis 0 of a 2-D array it is an array
    zopa = cast(npt.NDArray[np.bool_], table.acceptable.all(axis=0))[index]
    x, y = table.utilities[ix, index], table.utilities[iy, index]

    def hover(rows: np.ndarray) -> list[str]:
        return [", ".join(f"{k}={v}" for k, v in table.outcome(int(k)).items()) for k in rows]

    data: list[dict[str, Any]] = [
        {"type": "scatter", "mode": "markers", "name": "outside the ZOPA", "x": x[~zopa].tolist(),
         "y": y[~zopa].tolist(), "text": hover(index[~zopa]), "marker": {"color": "#c7c7c7", "size": 6}},
        {"type": "scatter", "mode": "markers", "name": "ZOPA", "x": x[zopa].tolist(), "y": y[zopa].tolist(),
         "text": hover(index[zopa]), "marker": {"color": "#1f77b4", "size": 8}},
    ]
    if analysis.pareto:
        front = sorted((d.utilities[parties[0]], d.utilities[parties[1]]) for d in analysis.pareto)
        data.append({"type": "scatter", "mode": "lines+markers", "name": "Pareto frontier",
                     "x": [p[0] for p in front], "y": [p[1] for p in front], "line": {"color": "#17becf"}})
    for name, deal in analysis.solutions.items():
        if deal is not None:
            data.append({"type": "scatter", "mode": "markers", "name": name.replace("_", "-"),
                         "x": [deal.utilities[parties[0]]], "y": [deal.utilities[parties[1]]],
                         "text": [", ".join(f"{k}={v}" for k, v in deal.outcome.items())],
                         "marker": {"color": COLOURS[name], "symbol": SYMBOLS[name], "size": 16}})
    shapes = []
    for axis, party in (("x", parties[0]), ("y", parties[1])):
        r = scenario.actors[party].reservation
        line = {"type": "line", "line": {"dash": "dot", "color": "#7f7f7f"}}
        shapes.append({**line, "x0": r, "x1": r, "y0": 0, "y1": 1} if axis == "x" else {**line, "x0": 0, "x1": 1, "y0": r, "y1": r})
    title = "Outcome space" + (f" ({scenario.variant})" if scenario.variant else "")
    return {"data": data, "layout": {"title": {"text": title},
                                     "xaxis": {"title": {"text": f"utility of {parties[0]} ({UNIT_INTERVAL})"},
                                               "range": [-0.02, 1.02]},
                                     "yaxis": {"title": {"text": f"utility of {parties[1]} ({UNIT_INTERVAL})"},
                                               "range": [-0.02, 1.02]},
                                     "shapes": shapes, "legend": {"orientation": "h"}}}


def red_line_figure(scenario: Scenario) -> dict:
    """Which party accepts which option of each issue (1 = passes its red lines)."""
    rows, columns, z = list(scenario.parties), [], []
    for issue in scenario.issues.values():
        for option in issue.options:
            columns.append(f"{issue.id}={option}")
    for party in rows:
        line = []
        for issue in scenario.issues.values():
            pref = scenario.actors[party].preferences.get(issue.id)
            mask = pref.acceptable(issue) if pref is not None else np.ones(issue.size, dtype=bool)
            line.extend(mask.astype(int).tolist())
        z.append(line)
    return {"data": [{"type": "heatmap", "z": z, "x": columns, "y": rows, "zmin": 0, "zmax": 1,
                      "colorscale": [[0, "#d62728"], [1, "#2ca02c"]], "showscale": False}],
            "layout": {"title": {"text": "Red lines: which options each party can accept"},
                       "xaxis": {"title": {"text": "issue=option (green: the party can accept it; red: a red line "
                                                  "rules it out)"}, "tickangle": -40, "automargin": True},
                       "yaxis": {"title": {"text": "party"}, "automargin": True},
                       "height": 260 + 40 * len(rows)}}


def concession_figure(result: Any) -> dict:
    """Each party's utility of every offer made, round by round (a simulation's trace)."""
    parties = sorted({p for row in result.trace for p in row.responses} | {row.proposer for row in result.trace
                                                                            if row.proposer and row.offer})
    actors = next((list(r.utilities) for r in result.trace if r.utilities), [])
    data = []
    for proposer in sorted({row.proposer for row in result.trace if row.offer}):
        rows = [row for row in result.trace if row.proposer == proposer and row.offer]
        for actor in [a for a in actors if a in parties]:
            data.append({"type": "scatter", "mode": "lines+markers", "name": f"{proposer}'s offers: u_{actor}",
                         "x": [row.round for row in rows], "y": [row.utilities[actor] for row in rows]})
    return {"data": data, "layout": {"title": {"text": f"Concessions ({result.protocol}, {result.status})"},
                                     "xaxis": count_axis(max((row.round for row in result.trace), default=1),
                                                         "round of the talks"),
                                     "yaxis": {"title": {"text": f"utility of the offer ({UNIT_INTERVAL})"},
                                               "range": [0, 1.02]}}}


def variants_figure(comparison: Any, parties: Sequence[str]) -> dict:
    """ZOPA size and each party's utility in the Nash deal, base and variants side by side."""
    names = [variant or "base" for variant, _, _ in comparison.rows]
    data = [{"type": "bar", "name": "ZOPA size", "x": names, "y": [found.acceptable for _, _, found in comparison.rows],
             "yaxis": "y2", "opacity": 0.35}]
    for party in parties:
        values = [found.solutions["nash"].utilities[party] if found.solutions["nash"] else None
                  for _, _, found in comparison.rows]
        data.append({"type": "scatter", "mode": "markers", "name": f"{party} (Nash deal)", "x": names, "y": values,
                     "marker": {"size": 12}})
    largest = max((found.acceptable for _, _, found in comparison.rows), default=0)
    return {"data": data, "layout": {"title": {"text": "What-ifs side by side"},
                                     "xaxis": {"title": {"text": "scenario and what-ifs"}, "automargin": True},
                                     "yaxis": {"title": {"text": f"utility in the Nash deal ({UNIT_INTERVAL})"},
                                               "range": [0, 1]},
                                     "yaxis2": {**count_axis(largest, "ZOPA size (packages)"), "overlaying": "y",
                                                "side": "right", "showgrid": False},
                                     "legend": {"orientation": "h", "yanchor": "top", "y": -0.25}}}


__all__ = ["concession_figure", "outcome_space_figure", "red_line_figure", "save_png", "variants_figure"]
