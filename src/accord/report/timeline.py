"""The timeline of a stored negotiation as a chart and a self-contained HTML page.

Input: the rows of :func:`accord.store.runs.timeline` (the ``versions`` of
``accord track timeline NAME --json``), one per stored version in as-of order.
Nothing is computed here beyond laying the rows out and saying, for each
version, what changed in the blockers and the Nash deal since the one before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from .. import __version__
from ._briefing import STYLE, _e, _Figures, _table
from .chart_style import count_axis
from .safe_html import document


def blocker_text(blocker: dict) -> str:
    """One blocker of a timeline row, as a person reads it."""
    if blocker.get("kind") == "red-line":
        return f"red lines: {blocker.get('issue')} ({', '.join(blocker.get('parties', []))})"
    return "reservations: " + ", ".join(blocker.get("parties", []))


def _blockers(row: dict) -> str:
    return "; ".join(blocker_text(b) for b in row.get("blockers") or []) or "none"


def _nash(row: dict) -> str:
    nash = row.get("nash")
    return ", ".join(f"{k}={v}" for k, v in nash["outcome"].items()) if nash else "none"


# the probabilities a version can carry: (field, label, run field, colour, what is missing without it)
PROBABILITIES = (("p_zopa", "P(ZOPA)", "montecarlo_run", "#d62728", "no Monte Carlo run stored"),
                 ("p_deal", "P(deal)", "simulation_montecarlo_run", "#2ca02c", "no simulated Monte Carlo run stored"))


def _p(row: dict, key: str = "p_zopa") -> str:
    _, _, run, _, missing = next(p for p in PROBABILITIES if p[0] == key)
    if row.get(key) is None:
        return missing
    low, high = row.get(f"{key}_ci") or (None, None)
    interval = f" (95% interval {low:.1%} to {high:.1%})" if low is not None and high is not None else ""
    return f"{row[key]:.1%}{interval}, run {row.get(run)}"


def changes(previous: dict | None, row: dict) -> list[str]:
    """What moved since the previous version: the blockers and the Nash deal (empty for the first version)."""
    if previous is None:
        return []
    found = []
    if _blockers(previous) != _blockers(row):
        found.append(f"blockers: {_blockers(previous)} -> {_blockers(row)}")
    if _nash(previous) != _nash(row):
        found.append(f"Nash deal: {_nash(previous)} -> {_nash(row)}")
    return found


def _hover(previous: dict | None, row: dict) -> str:
    lines = [f"<b>{_e(row['ref'])}</b> as of {_e(row['as_of'])}"]
    if row.get("note"):
        lines.append(f"note: {_e(row['note'])}")
    lines += [f"ZOPA: {_e(row['zopa'])} of {_e(row['outcomes'])} packages", f"blocked by: {_e(_blockers(row))}",
              f"Nash deal: {_e(_nash(row))}", f"P(ZOPA): {_e(_p(row))}"]
    if row.get("p_deal") is not None:
        lines.append(f"P(deal): {_e(_p(row, 'p_deal'))}")
    moved = changes(previous, row)
    if moved and previous is not None:  # changes() is empty without a previous version
        lines.append(f"changed since {_e(previous['ref'])}:")
        lines += [f"  {_e(m)}" for m in moved]
    return "<br>".join(lines)


def timeline_figure(rows: Sequence[dict], name: str | None = None) -> dict:
    """Per stored version (x: its as-of date): ZOPA size (bars), P(ZOPA) where a Monte Carlo run is stored
    and P(deal) where one also simulated the talks (points with their 95% interval, right axis) and diamonds where the blockers or the Nash deal changed.

    Every trace's hover ``text`` gives the version, its note, blockers, Nash deal, P(ZOPA) and the changes.
    """
    rows = list(rows)
    dates = [r["as_of"] for r in rows]
    hover = [_hover(rows[k - 1] if k else None, r) for k, r in enumerate(rows)]
    data: list[dict[str, Any]] = [
        {"type": "bar", "name": "ZOPA size (packages acceptable to every party)", "x": dates,
         "y": [r["zopa"] for r in rows], "text": hover, "hoverinfo": "text", "textposition": "none",
         "marker": {"color": "#1f77b4"}, "opacity": 0.55},
    ]
    for key, label, _, colour, _ in PROBABILITIES:
        with_p = [(d, r, h) for d, r, h in zip(dates, rows, hover) if r.get(key) is not None]
        if not with_p:
            continue
        values = [r[key] for _, r, _ in with_p]
        cis = [r.get(f"{key}_ci") or (v, v) for (_, r, _), v in zip(with_p, values)]
        data.append({"type": "scatter", "mode": "lines+markers", "name": f"{label} (stored Monte Carlo run)",
                     "x": [d for d, _, _ in with_p], "y": values, "yaxis": "y2", "text": [h for _, _, h in with_p],
                     "hoverinfo": "text", "marker": {"color": colour, "size": 10}, "line": {"color": colour},
                     "error_y": {"type": "data", "symmetric": False, "array": [hi - v for (_, hi), v in zip(cis, values)],
                                 "arrayminus": [v - lo for (lo, _), v in zip(cis, values)]}})
    moved = [k for k, r in enumerate(rows) if k and changes(rows[k - 1], r)]
    if moved:
        data.append({"type": "scatter", "mode": "markers", "name": "blockers or Nash deal changed",
                     "x": [dates[k] for k in moved], "y": [rows[k]["zopa"] for k in moved],
                     "text": [hover[k] for k in moved], "hoverinfo": "text",
                     "marker": {"symbol": "diamond", "size": 14, "color": "#ff7f0e"}})
    title = "Timeline" + (f" of {name}" if name else "") + ": zone of agreement per version"
    return {"data": data, "layout": {
        "title": {"text": title}, "xaxis": {"title": {"text": "as of (date of the version)"}, "type": "category"},
        "yaxis": count_axis(max((r["zopa"] or 0 for r in rows), default=0), "ZOPA size (packages)"),
        "yaxis2": {"title": {"text": "P(ZOPA), P(deal)" if any(r.get("p_deal") is not None for r in rows)
                             else "P(ZOPA)"}, "overlaying": "y", "side": "right", "range": [0, 1.05],
                   "tickmode": "array", "tickvals": [0, 0.25, 0.5, 0.75, 1], "tickformat": ".0%", "showgrid": False},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.22}, "hoverlabel": {"align": "left"}}}


def timeline_html(name: str, rows: Sequence[dict]) -> str:
    """One self-contained HTML page: the timeline chart (plotly inline) and the table of versions."""
    rows = list(rows)
    figures = _Figures()
    chart = figures.add(timeline_figure(rows, name))
    table_rows = []
    for k, row in enumerate(rows):
        moved = changes(rows[k - 1] if k else None, row)
        table_rows.append([_e(row["as_of"]), _e(row["ref"]), f"{_e(row['zopa'])}/{_e(row['outcomes'])}",
                           _e(_blockers(row)), _e(_nash(row)), _e(_p(row)), _e(_p(row, "p_deal")), _e(row.get("note") or ""),
                           "<br>".join(_e(m) for m in moved) or "-"])
    table = _table(["as of", "version", "ZOPA", "blockers", "Nash deal", "P(ZOPA)", "P(deal)", "note", "changed"],
                   table_rows)
    stamp = dt.date.today().isoformat()
    page = (f"<h1>{_e(name)}: timeline</h1>"
            f"<p class='muted'>Generated by accord {_e(__version__)} on {stamp} from {len(rows)} stored version(s).</p>"
            f"{chart}<h2>Versions</h2>{table}{figures.notice()}")
    return document(f"{name}: timeline", STYLE, page, figures.scripts())


__all__ = ["blocker_text", "changes", "timeline_figure", "timeline_html"]
