"""Tournament figures and a one-file HTML page of the results (numbers from ``accord.tournament``)."""

from __future__ import annotations

from typing import Any

from .. import __version__
from ._briefing import STYLE, _e, _Figures, _table
from .safe_html import document


def _half_widths(rows: list[dict], key: str) -> tuple[list[float | None], list[float], list[float]]:
    """Per row, the mean of ``row[key]`` (None where there is none) and the distances from it to the ends of its
    95% interval (0 where there is none)."""
    means: list[float | None] = []
    plus: list[float] = []
    minus: list[float] = []
    for row in rows:
        stat = row[key] or {}
        mean = stat.get("mean")
        ci = stat.get("ci95")
        means.append(mean)
        plus.append(ci[1] - mean if ci else 0.0)
        minus.append(mean - ci[0] if ci else 0.0)
    return means, plus, minus


def ranking_figure(result: Any) -> dict:
    """Mean utility per strategy with its 95% interval (bars in rank order), and the agreement rate."""
    rows = list(result.ranking)
    names = [r["strategy"] for r in rows]
    utility, up, down = _half_widths(rows, "utility")
    rate, rate_up, rate_down = _half_widths(rows, "agreement_rate")
    data = [
        {"type": "bar", "name": "mean utility", "x": names, "y": utility,
         "error_y": {"type": "data", "symmetric": False, "array": up, "arrayminus": down}},
        {"type": "scatter", "mode": "markers", "name": "agreement rate", "x": names, "y": rate,
         "error_y": {"type": "data", "symmetric": False, "array": rate_up, "arrayminus": rate_down},
         "marker": {"size": 12, "color": "#d62728"}},
    ]
    return {"data": data, "layout": {"title": {"text": f"Tournament ranking ({result.negotiations} negotiations)"},
                                     "xaxis": {"title": {"text": "strategy (rank order)"}},
                                     "yaxis": {"title": {"text": "mean utility / agreement rate (0 to 1)"},
                                               "range": [0, 1]}}}


def scenario_figure(result: Any) -> dict:
    """Heatmap of each strategy's mean utility on each scenario."""
    strategies = [r["strategy"] for r in result.ranking]
    scenarios = [row["scenario"] for row in result.by_scenario]
    z = [[row["utility"].get(s) for row in result.by_scenario] for s in strategies]
    return {"data": [{"type": "heatmap", "x": scenarios, "y": strategies, "z": z, "zmin": 0, "zmax": 1,
                      "colorscale": "RdYlGn", "colorbar": {"title": {"text": "mean utility"}}}],
            "layout": {"title": {"text": "Mean utility by scenario"}, "xaxis": {"title": {"text": "scenario"}},
                       "yaxis": {"title": {"text": "strategy"}, "automargin": True}}}


def _cell(stat: dict | None) -> str:
    if not stat or stat.get("mean") is None:
        return "—"
    ci = stat.get("ci95")
    return f"{stat['mean']:.3f}" + (f" <span class='muted'>[{ci[0]:.3f}, {ci[1]:.3f}]</span>" if ci else "")


def tournament_page(result: Any) -> str:
    """The results as one self-contained HTML document: ranking table, figures, settings."""
    figures = _Figures()
    spec = result.description
    rows = [[_e(r["rank"]), _e(r["strategy"]), _cell(r["utility"]), _cell(r["agreement_rate"]),
             _cell(r["distance_to_pareto"]), _cell(r["distance_to_nash"]), _cell(r["social_welfare"]),
             _e(r["observations"])] for r in result.ranking]
    table = _table(["rank", "strategy", "mean utility", "agreement rate", "distance to Pareto", "distance to Nash",
                    "social welfare", "observations"], rows)
    settings = ", ".join(f"{_e(k)}: {_e(v)}" for k, v in spec.items())
    page = (f"<h1>Tournament</h1>"
            f"<p class='muted'>accord {_e(__version__)}; {settings}. Intervals are 95%.</p>"
            f"<h2>Ranking</h2>{table}{figures.add(ranking_figure(result))}"
            f"<h2>By scenario</h2>{figures.add(scenario_figure(result))}{figures.notice()}")
    return document("accord tournament", STYLE, page, figures.scripts())


__all__ = ["ranking_figure", "scenario_figure", "tournament_page"]
