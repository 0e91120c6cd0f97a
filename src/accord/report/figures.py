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
from ..analysis.pair import conflicting_pair
from ..scenario import Scenario
from ..simulation.table import build_table
from .chart_style import NAMED_MAX, OTHERS_COLOUR, UNIT_INTERVAL, count_axis, legend_outside, party_styles
from .render_png import save_png

MAX_POINTS = 20_000  # outcome-space scatter: beyond this, a seeded sample of the outcomes is drawn
COLOURS = {"nash": "#d62728", "kalai_smorodinsky": "#9467bd", "egalitarian": "#2ca02c", "utilitarian": "#ff7f0e"}
SYMBOLS = {"nash": "star", "kalai_smorodinsky": "diamond", "egalitarian": "square", "utilitarian": "triangle-up"}


def outcome_space_figure(scenario: Scenario, analysis: Analysis, parties: Sequence[str] | None = None) -> dict:
    """Scatter of every outcome in two parties' utilities: the ZOPA, the Pareto frontier and the solutions.

    With more than two parties, pass the pair to show (default: the analysis's ``conflicting_pair``, the pair
    most in conflict, :mod:`accord.analysis.pair`); the title names the pair and why it was chosen.
    """
    table = build_table(scenario)
    pair = analysis.conflicting_pair if parties is None and len(scenario.parties) > 2 else None
    if pair is None and parties is None:
        pair = conflicting_pair(scenario, analysis.blockers)
    parties = tuple(parties or (pair.parties if pair is not None else ()))
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
    if pair is not None and len(scenario.parties) > 2:
        title += f"<br><sub>{parties[0]} against {parties[1]}: {pair.describe()}, of " \
                 f"{len(scenario.parties)} parties</sub>"
    return {"data": data, "layout": {"title": {"text": title},
                                     "xaxis": {"title": {"text": f"utility of {parties[0]} ({UNIT_INTERVAL})"},
                                               "range": [-0.02, 1.02]},
                                     "yaxis": {"title": {"text": f"utility of {parties[1]} ({UNIT_INTERVAL})"},
                                               "range": [-0.02, 1.02]},
                                     "shapes": shapes, "legend": legend_outside()}}


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
    # one row per party at a fixed height, every row and column labelled (no tick thinning), cells apart
    row_px = 40 if len(rows) <= 12 else 26
    return {"data": [{"type": "heatmap", "z": z, "x": columns, "y": rows, "zmin": 0, "zmax": 1, "xgap": 1, "ygap": 1,
                      "colorscale": [[0, "#d62728"], [1, "#2ca02c"]], "showscale": False}],
            "layout": {"title": {"text": "Red lines: which options each party can accept"},
                       "xaxis": {"title": {"text": "issue=option (green: the party can accept it; red: a red line "
                                                  "rules it out)"}, "tickangle": -40, "automargin": True,
                                 "tickmode": "linear", "tick0": 0, "dtick": 1, "tickfont": {"size": 10}},
                       "yaxis": {"title": {"text": "party"}, "automargin": True, "tickmode": "linear", "tick0": 0,
                                 "dtick": 1, "autorange": "reversed", "tickfont": {"size": 11}},
                       "height": 260 + row_px * len(rows)}}


CONCESSION_DETAIL = 12  # at most this many (proposer, party) series drawn one by one; beyond, a summary


def concession_figure(result: Any, named: int = NAMED_MAX) -> dict:
    """Each party's utility of the offers made, round by round (a simulation's trace).

    With few series (at most :data:`CONCESSION_DETAIL` pairs of proposer and party), one line per proposer's
    offers and party. Beyond (12 parties make 144), a summary of every offer in order: one line for each of
    the ``named`` parties with the lowest utility in the last offer (the likeliest holdouts), and a grey band
    from the lowest to the highest utility of the others, whose number the band's name gives.
    """
    parties = sorted({p for row in result.trace for p in row.responses} | {row.proposer for row in result.trace
                                                                            if row.proposer and row.offer})
    actors = next((list(r.utilities) for r in result.trace if r.utilities), [])
    shown = [a for a in actors if a in parties]
    proposers = sorted({row.proposer for row in result.trace if row.offer})
    data: list[dict[str, Any]] = []
    title = f"Concessions ({result.protocol}, {result.status})"
    if len(proposers) * len(shown) <= CONCESSION_DETAIL:
        for proposer in proposers:
            rows = [row for row in result.trace if row.proposer == proposer and row.offer]
            for actor in shown:
                data.append({"type": "scatter", "mode": "lines+markers", "name": f"{proposer}'s offers: u_{actor}",
                             "x": [row.round for row in rows], "y": [row.utilities[actor] for row in rows]})
    else:
        rows = [row for row in result.trace if row.offer and row.utilities]
        x = [row.round for row in rows]
        last = rows[-1].utilities if rows else {}
        order = sorted(shown, key=lambda a: (last.get(a, 0.0), shown.index(a)))
        lowest, others = order[:named], order[named:]
        styles = party_styles(shown)
        if others:
            values = np.array([[row.utilities[a] for a in others] for row in rows], dtype=float).reshape(len(rows), -1)
            band = f"the {len(others)} other parties (lowest to highest)"
            data.append({"type": "scatter", "mode": "lines", "name": band, "legendgroup": "others", "x": x,
                         "y": values.min(axis=1).tolist(), "line": {"color": OTHERS_COLOUR, "width": 0.5}})
            data.append({"type": "scatter", "mode": "lines", "name": band, "legendgroup": "others", "x": x,
                         "y": values.max(axis=1).tolist(), "fill": "tonexty", "showlegend": False,
                         "fillcolor": "rgba(199,199,199,0.45)", "line": {"color": OTHERS_COLOUR, "width": 0.5}})
        for actor in lowest:
            style = styles[actor]
            data.append({"type": "scatter", "mode": "lines+markers", "name": f"u_{actor}", "x": x,
                         "y": [row.utilities[actor] for row in rows],
                         "line": {"color": style["color"], "dash": style["dash"], "width": 1.5},
                         "marker": {"color": style["color"], "symbol": style["symbol"], "size": 5}})
        title += (f"<br><sub>every offer; the {len(lowest)} parties with the lowest utility in the last offer, "
                  f"{len(others)} others as a band</sub>")
    return {"data": data, "layout": {"title": {"text": title}, "legend": legend_outside(),
                                     "xaxis": count_axis(max((row.round for row in result.trace), default=1),
                                                         "round of the talks"),
                                     "yaxis": {"title": {"text": f"utility of the offer ({UNIT_INTERVAL})"},
                                               "range": [0, 1.02]}}}


def variants_figure(comparison: Any, parties: Sequence[str]) -> dict:
    """ZOPA size and each party's utility in the Nash deal, base and variants side by side."""
    names = [variant or "base" for variant, _, _ in comparison.rows]
    data = [{"type": "bar", "name": "ZOPA size", "x": names, "y": [found.acceptable for _, _, found in comparison.rows],
             "yaxis": "y2", "opacity": 0.35}]
    styles = party_styles(parties)
    for party in parties:
        values = [found.solutions["nash"].utilities[party] if found.solutions["nash"] else None
                  for _, _, found in comparison.rows]
        style = styles[party]
        data.append({"type": "scatter", "mode": "markers", "name": f"{party} (Nash deal)", "x": names, "y": values,
                     "marker": {"size": 12 if len(parties) <= NAMED_MAX else 9, "color": style["color"],
                                "symbol": style["symbol"]}})
    largest = max((found.acceptable for _, _, found in comparison.rows), default=0)
    return {"data": data, "layout": {"title": {"text": "What-ifs side by side"},
                                     "xaxis": {"title": {"text": "scenario and what-ifs"}, "automargin": True},
                                     "yaxis": {"title": {"text": f"utility in the Nash deal ({UNIT_INTERVAL})"},
                                               "range": [0, 1]},
                                     "yaxis2": {**count_axis(largest, "ZOPA size (packages)"), "overlaying": "y",
                                                "side": "right", "showgrid": False},
                                     "legend": {"orientation": "h", "yanchor": "top", "y": -0.25}
                                     if len(parties) <= NAMED_MAX else legend_outside()}}


__all__ = ["CONCESSION_DETAIL", "concession_figure", "outcome_space_figure", "red_line_figure", "save_png", "variants_figure"]
