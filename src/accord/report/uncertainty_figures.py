"""Figures of a Monte Carlo run: histograms of sampled outcomes, probabilities, the tornado, Sobol indices.

Like :mod:`.figures`, each function returns a plotly figure dictionary (JSON,
checkable by tests) that :func:`~accord.report.figures.save_png` also draws
with matplotlib. The numbers come from ``accord.uncertainty``
(:class:`~accord.uncertainty.MonteCarloResult`,
:class:`~accord.uncertainty.VariantComparison`,
:class:`~accord.uncertainty.SimulationMonteCarlo`,
:class:`~accord.uncertainty.Sensitivity`); nothing here is estimated anew.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..uncertainty.kernel import GAP_FLOOR  # the deal gap of a draw whose red lines leave no package
from .chart_style import (
    BAR_BOTTOM_NO_NOTE,
    NAMED_MAX,
    PER_BAR,
    UNIT_INTERVAL,
    bar_height,
    bar_margins,
    below_plot,
    count_axis,
    party_styles,
)

PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
           "#17becf")
METRICS = ("deal_gap", "zopa_size")
LEGEND = {"orientation": "h", "yanchor": "top", "y": -0.28}  # below the x axis and its title
HOVER = {"hoverinfo": "text", "textposition": "none"}  # bar texts show on hover, not inside the bars


def _labelled(results: Any) -> list[tuple[str, Any]]:
    """``(label, result)`` pairs from one result, a variant comparison, or a mapping of labels to results."""
    if hasattr(results, "base") and hasattr(results, "rows"):  # a VariantComparison
        return [("(base)", results.base)] + [(row.variant, row.result) for row in results.rows]
    if isinstance(results, Mapping):
        return [(str(label), result) for label, result in results.items()]
    return [(getattr(results, "variant", None) or "(base)", results)]


def _metric(result: Any, metric: str) -> tuple[np.ndarray, str, str]:
    """(values to bin, axis title, why the other draws are left out)."""
    if metric == "deal_gap":
        gap = np.asarray(result.deal_gap, dtype=float)
        return (gap[gap > GAP_FLOOR], "deal gap (largest minimum surplus; >= 0: a zone of agreement)",
                "red lines leave no package")
    if metric == "zopa_size":
        return np.asarray(result.zopa_size, dtype=float), "packages acceptable to every party (count)", ""
    if metric in result.actors:
        values = np.asarray(result.utilities, dtype=float)[np.asarray(result.zopa, dtype=bool),
                                                            list(result.actors).index(metric)]
        return values, f"utility of {metric} in the Nash deal ({UNIT_INTERVAL})", "no zone of agreement"
    raise ValueError(f"The 'metric' parameter must be one of {', '.join(METRICS)} or an actor "
                     f"({', '.join(result.actors)}). Got {metric!r} instead.")


def _histogram(series: Sequence[tuple[str, np.ndarray, int, str]], bins: int, title: str, axis: str) -> dict:
    """Bars of counts over bins shared by every series; each trace keeps how many draws it leaves out."""
    values = [np.asarray(v, dtype=float) for _, v, _, _ in series]
    pooled = np.concatenate(values) if values else np.zeros(0)
    edges = np.histogram_bin_edges(pooled, bins=bins) if pooled.size else np.array([0.0, 1.0])
    centres = ((edges[:-1] + edges[1:]) / 2).tolist()
    widths = np.diff(edges).tolist()
    data = []
    for k, ((label, _, runs, why), v) in enumerate(zip(series, values)):
        counts, _ = np.histogram(v, bins=edges)
        left = int(runs - v.size)
        name = label + (f" ({left:,} of {runs:,} draws not shown: {why})" if left else "")
        data.append({"type": "bar", "name": name, "x": centres, "y": counts.astype(int).tolist(), "width": widths,
                     "opacity": 0.6 if len(series) > 1 else 0.85, "marker": {"color": PALETTE[k % len(PALETTE)]},
                     "text": [f"{label}: {a:.4g} to {b:.4g}: {c:,} draws"
                              for a, b, c in zip(edges[:-1], edges[1:], counts)], **HOVER,
                     "meta": {"label": label, "runs": int(runs), "shown": int(v.size), "left_out": left}})
    tallest = max((max(trace["y"], default=0) for trace in data), default=0)
    xaxis: dict[str, Any] = {"title": {"text": axis}}
    if "(count)" in axis:  # a count binned: integer ticks
        xaxis.update({k: v for k, v in count_axis(float(edges[-1])).items() if k != "rangemode"})
    return {"data": data, "layout": {"title": {"text": title}, "barmode": "overlay", "bargap": 0,
                                     "xaxis": xaxis, "yaxis": count_axis(tallest, "draws (count)"),
                                     "legend": LEGEND}}


def montecarlo_histogram_figure(results: Any, metric: str = "deal_gap", bins: int = 30) -> dict:
    """Histogram of a sampled outcome over the draws, one overlaid series per scenario (shared bins).

    ``results``: a :class:`~accord.uncertainty.MonteCarloResult`, a
    :class:`~accord.uncertainty.VariantComparison` (base and each variant, on the same draws) or a
    mapping ``{label: MonteCarloResult}``. ``metric``: ``"deal_gap"`` (draws whose red lines leave no
    package are left out and counted in the series' name), ``"zopa_size"``, or an actor's id (its utility
    in the Nash deal, over the draws with a zone of agreement). Each trace's ``meta`` holds ``runs``,
    ``shown`` (the sum of its bar heights) and ``left_out``.
    """
    series, axis = [], metric
    for label, result in _labelled(results):
        values, axis, why = _metric(result, metric)
        series.append((label, values, int(result.runs), why))
    title = {"deal_gap": "How far from a deal: the deal gap over the draws",
             "zopa_size": "Size of the zone of agreement over the draws"}.get(metric, f"{metric} in the Nash deal "
                                                                                   "over the draws")
    return _histogram(series, bins, title, axis)


def nash_utilities_figure(result: Any, bins: int = 30, named: int = NAMED_MAX) -> dict:
    """Histograms of each party's utility in the Nash deal, over the draws with a zone of agreement.

    With more than ``named`` parties, the ``named`` parties with the lowest median utility (ties in the
    parties' order) are drawn and the title says how many are left out: thirty overlaid histograms cannot
    be read."""
    series = []
    for party in result.parties:
        values, _, why = _metric(result, party)
        series.append((party, values, int(result.runs), why))
    hidden = max(len(series) - named, 0)
    if hidden:
        order = sorted(range(len(series)), key=lambda k: (float(np.median(series[k][1])) if series[k][1].size
                                                          else np.inf, k))
        series = [series[k] for k in sorted(order[:named])]
    where = f" ({result.variant})" if getattr(result, "variant", None) else ""
    title = f"Utilities in the Nash deal over the draws{where}"
    if hidden:
        title += f"<br><sub>the {named} parties with the lowest median utility; {hidden} others not shown</sub>"
    styles = party_styles(result.parties)
    figure = _histogram(series, bins, title, f"utility in the Nash deal ({UNIT_INTERVAL})")
    for trace, (party, _, _, _) in zip(figure["data"], series):
        trace["marker"]["color"] = styles[party]["color"]
    return figure


def probability_figure(results: Any) -> dict:
    """P(a zone of agreement) per scenario with its 95% Wilson interval (P(a deal) for simulation runs).

    ``results`` as for :func:`montecarlo_histogram_figure`; a
    :class:`~accord.uncertainty.SimulationMonteCarlo` (or a mapping of them) gives P(a deal in simulated
    talks) instead.
    """
    pairs = _labelled(results)
    simulated = bool(pairs) and hasattr(pairs[0][1], "p_agreement")
    labels, values, plus, minus = [], [], [], []
    for label, result in pairs:
        p, (low, high) = ((result.p_agreement, result.p_agreement_ci) if simulated
                          else (result.p_zopa, result.p_zopa_ci))
        labels.append(label)
        values.append(float(p))
        plus.append(float(high) - float(p))
        minus.append(float(p) - float(low))
    what = "P(a deal in simulated talks)" if simulated else "P(a zone of agreement)"
    return {"data": [{"type": "bar", "name": what, "x": labels, "y": values, "marker": {"color": "#1f77b4"},
                      "error_y": {"type": "data", "symmetric": False, "array": plus, "arrayminus": minus},
                      **HOVER, "text": [f"{v:.1%} (95% interval {v - m:.1%} to {v + q:.1%})"
                               for v, q, m in zip(values, plus, minus)]}],
            "layout": {"title": {"text": f"{what} with 95% intervals"},
                       "yaxis": {"title": {"text": f"{what} ({UNIT_INTERVAL})"}, "range": [0, 1]},
                       "xaxis": {"title": {"text": "scenario and what-ifs"}, "automargin": True}}}


def tornado_figure(sensitivity: Any, central_gap: float | None = None, top: int | None = 20) -> dict:
    """The one-at-a-time tornado of the deal gap: each input at its low and its high end, largest swing on top.

    ``sensitivity``: a :class:`~accord.uncertainty.Sensitivity` (its ``tornado`` rows and
    ``central_gap``) or the rows of :func:`accord.uncertainty.tornado` (then give ``central_gap``, the
    deal gap with every input at its central value; 0 when not given). Each bar runs from the central gap
    to the gap at that end (``base`` + ``x`` is that gap).
    """
    if hasattr(sensitivity, "tornado"):
        rows, central_gap = list(sensitivity.tornado), sensitivity.central_gap
    else:
        rows = list(sensitivity)
    centre = float(central_gap or 0.0)
    rows = sorted(rows, key=lambda r: (-r["swing"], r["parameter"]))[:top]
    names = [r["parameter"] for r in rows]
    data = []
    for end, colour in (("low", "#1f77b4"), ("high", "#ff7f0e")):
        gaps = [float(r[f"gap_{end}"]) for r in rows]
        data.append({"type": "bar", "orientation": "h", "name": f"input at its {end} end", "y": names,
                     "x": [g - centre for g in gaps], "base": centre, "marker": {"color": colour},
                     "text": [f"{r['parameter']} = {r[end]:.4g}: deal gap {g:.4g}" for r, g in zip(rows, gaps)], **HOVER,
                     "customdata": [float(r["swing"]) for r in rows]})
    plot = PER_BAR * max(len(rows), 1)
    return {"data": data, "layout": {
        "title": {"text": "Tornado: the deal gap with one input at a time at either end"}, "barmode": "overlay",
        "xaxis": {"title": {"text": f"deal gap, in utility (central value {centre:.4g}; >= 0: a zone of agreement)"}},
        "yaxis": {"title": {"text": "uncertain input"}, "autorange": "reversed", "automargin": True},
        "legend": {"orientation": "h", "yanchor": "top", "y": below_plot(70, plot)},
        "height": bar_height(len(rows), BAR_BOTTOM_NO_NOTE), "margin": bar_margins(BAR_BOTTOM_NO_NOTE),
        "bargap": 0.25,
        "shapes": [{"type": "line", "x0": centre, "x1": centre, "y0": -0.5, "y1": len(rows) - 0.5,
                    "line": {"dash": "dot", "color": "#7f7f7f"}}]}}


SOBOL_NOTE = ("First-order: the share of the variance the input causes alone. Total: alone and through its "
              "interactions with the others, so the totals can add up to more than 1 (the excess is the "
              "interactions) and a total is never below its first-order index. Estimates outside 0 to 1 "
              "(sampling error) are drawn at the bound; hover for the estimate.")


def sensitivity_figure(sensitivity: Any, output: str | None = None, top: int | None = 20) -> dict:
    """Sobol indices (total and first-order) of one output, most important input on top.

    ``output``: ``"zopa"`` (P(ZOPA)'s indicator) or ``"deal_gap"``; default: the one that varies
    (``Sensitivity.headline_output``). An index is a share of the output's variance, so the axis runs from 0
    to 1; an estimate outside it (sampling error: Jansen's total-effect estimator can exceed 1, Saltelli's
    first-order one fall below 0) is drawn at the bound, its estimate kept in the hover text and in the
    trace's ``customdata``. A note under the axis says what the two indices are and why the totals may sum to
    more than 1 (its text is :data:`SOBOL_NOTE`; the layout's ``meta`` holds the sum of each index). The
    figure is :func:`.chart_style.bar_height` of two bars per input tall.
    """
    output = output or sensitivity.headline_output
    rows = list(sensitivity.indices(output))[:top]
    names = [r["parameter"] for r in rows]
    what = {"zopa": "P(a zone of agreement)", "deal_gap": "the deal gap"}[output]
    data = []
    sums = {}
    for key, label, colour in (("index", "total index", "#1f77b4"), ("first", "first-order index", "#aec7e8")):
        estimates = [float(r[key]) for r in rows]
        sums[key] = sum(estimates)
        shown = [min(max(v, 0.0), 1.0) for v in estimates]
        conf = [r.get(f"{key}_conf") for r in rows]
        text = [f"{n}: {label} {v:.3g}" + (f" (estimate; drawn at {c:g})" if c != v else "")
                + (f" ± {float(h):.2g}" if h is not None else "") for n, v, c, h in zip(names, estimates, shown, conf)]
        trace = {"type": "bar", "orientation": "h", "name": label, "y": names, "x": shown, "customdata": estimates,
                 "marker": {"color": colour}, "text": text, **HOVER}
        if all(c is not None for c in conf) and rows:
            # the interval's arm, cut at the axis' ends so a clamped bar does not carry a bar beyond them
            trace["error_x"] = {"type": "data", "symmetric": False,
                                "array": [max(0.0, min(float(c), 1.0 - v)) for c, v in zip(conf, shown)],
                                "arrayminus": [max(0.0, min(float(c), v)) for c, v in zip(conf, shown)]}
        data.append(trace)
    plot = 2 * PER_BAR * max(len(rows), 1)
    note = SOBOL_NOTE + (f" Here the totals add up to {sums['index']:.2f}." if sums.get("index", 0) > 1 else "")
    return {"data": data, "layout": {
        "title": {"text": f"What drives {what}: Sobol indices"}, "barmode": "group",
        "xaxis": {"title": {"text": f"Sobol index: share of the variance of {what} ({UNIT_INTERVAL})"},
                  "range": [0, 1.02]},
        "yaxis": {"title": {"text": "uncertain input"}, "autorange": "reversed", "automargin": True},
        "legend": {"orientation": "h", "yanchor": "top", "y": below_plot(62, plot)},
        "annotations": [{"text": "<br>".join(textwrap.wrap(note, 110)), "xref": "paper", "yref": "paper", "x": 0,
                         "xanchor": "left", "y": below_plot(88, plot), "yanchor": "top", "showarrow": False,
                         "align": "left", "font": {"size": 10, "color": "#555555"}}],
        "meta": {"sum_total": sums.get("index", 0.0), "sum_first": sums.get("first", 0.0)},
        "height": bar_height(2 * len(rows)), "margin": bar_margins(), "bargap": 0.2}}


__all__ = ["METRICS", "montecarlo_histogram_figure", "nash_utilities_figure", "probability_figure",
           "sensitivity_figure", "tornado_figure"]
