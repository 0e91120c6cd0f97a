"""Results in a notebook: rich HTML displays and tidy pandas tables (an edge layer).

Every result type has ``_repr_html_()`` (what Jupyter shows) and
``to_frame()`` (a pandas DataFrame); both are one line that imports this
module when called, so the computations never import it at module load.
:func:`html` lays a result out as compact HTML tables (the briefing's,
without its page) with small inline SVG bar charts where they are cheap;
:func:`frame` builds the DataFrame. ``docs/notebooks.md`` lists the columns
of every type.

Bounds: a display shows at most :data:`ROWS` rows per table and says how
many it left out; an analysis's frontier is read through
``Analysis.to_json(pareto_limit=ROWS)``, so a frontier of 10^6 packages is
never expanded for a display. ``to_frame()`` of an analysis keeps the JSON's
cap (``pareto_limit``, default the JSON's 1,000; None for all).

Frames are long where the data are: one row per observation (a frontier
package, a variant, a verdict, a round, a run, a draw, a model's forecast of
an issue, an SMP state of an actor on a dimension, a Sobol input, a
strategy, a version, a change, an actor's value of an option), with named
columns; per-actor utilities are ``u_<actor>`` columns, as in the per-draw
tables of ``accord montecarlo --out``. Values are the JSON's (rounded the
same way). pandas comes with ``pip install 'accord[notebook]'``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from .errors import require
from .report.safe_html import escape

ROWS = 20
"""Rows shown per table in a display (the rest are counted, not shown)."""

BARS = 20
"""Bars drawn per inline chart."""

FIGURES = 4
"""Briefing figures drawn per display at most."""

FIGURE_WIDTH = 560
"""Width of a figure in a display, in pixels (its height in proportion)."""

FIGURE_BYTES = 400_000
"""A figure whose SVG is larger than this is left out of a display, and a line says so."""

OUTCOME_SPACE_LIMIT = 200_000
"""An analysis draws its outcome space only for a scenario of at most this many outcomes."""

RED_LINE_LIMIT = (40, 60)
"""An analysis draws its red-line heatmap only for at most this many parties and options (all issues)."""

PANELS = 4
"""Forecast and SMP figures only up to this many panels (issues or dimensions)."""

CATEGORIES = 30
"""What-if, tournament and timeline figures only up to this many variants, strategies or versions."""

NO_FIGURES = "pip install 'accord[report]' adds the briefing's figures to this display (matplotlib)."

_STYLE = ("<style>.accord-result table{border-collapse:collapse;font-size:12px;margin:4px 0}"
          ".accord-result th,.accord-result td{border:1px solid #ddd;padding:2px 6px;text-align:left}"
          ".accord-result .muted{color:#777}"
          ".accord-result svg.accord-figure{display:block;max-width:100%;height:auto;margin:4px 0}</style>")

Rows = list[dict[str, Any]]


# ---------------------------------------------------------------- small HTML pieces
def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, dict):
        return ", ".join(f"{k}={_fmt(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_fmt(v) for v in value)
    return str(value)


def table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None, *, total: int | None = None,
          limit: int = ROWS) -> str:
    """An HTML table of the first ``limit`` of ``rows`` (every value escaped), and a line saying how many of
    ``total`` (default ``len(rows)``) it leaves out."""
    total = len(rows) if total is None else total
    if columns is None:
        columns = list(dict.fromkeys(k for row in rows[:limit] for k in row))
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{escape(_fmt(row.get(c)))}</td>" for c in columns) + "</tr>"
                   for row in rows[:limit])
    shown = min(limit, len(rows))
    more = (f"<p class='muted'>{shown:,} of {total:,} rows shown; {total - shown:,} hidden "
            "(to_frame() or to_json() have them).</p>" if total > shown else "")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"


def bars(labels: Sequence[str], values: Sequence[float | None], *, title: str, axis: str, top: float | None = None,
         percent: bool = False) -> str:
    """A horizontal bar chart as inline SVG (no script): the first :data:`BARS` bars, labels escaped."""
    pairs = [(str(label), float(v)) for label, v in zip(labels, values) if v is not None][:BARS]
    if not pairs:
        return ""
    high = top if top is not None else max(max(v for _, v in pairs), 1e-12)
    width, left, bar = 420, 150, 16
    height = 34 + bar * len(pairs) + 18
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' role='img' "
             f"font-size='11' font-family='sans-serif'><title>{escape(title)}</title>"
             f"<text x='4' y='14' font-weight='bold'>{escape(title)}</text>"]
    span = width - left - 50
    for i, (label, value) in enumerate(pairs):
        y = 24 + i * bar
        w = max(0.0, min(1.0, value / high)) * span if high > 0 else 0.0
        shown = f"{value:.0%}" if percent else f"{value:.3g}"
        parts.append(f"<text x='{left - 4}' y='{y + 11}' text-anchor='end'>{escape(label[:24])}</text>"
                     f"<rect x='{left}' y='{y + 2}' width='{w:.1f}' height='{bar - 4}' fill='#4c78a8'/>"
                     f"<text x='{left + w + 3:.1f}' y='{y + 11}'>{escape(shown)}</text>")
    parts.append(f"<text x='{left}' y='{height - 4}' fill='#555'>{escape(axis)}</text></svg>")
    return "".join(parts)


Figure = Callable[[], dict | None]
"""A briefing figure to draw: a call returning its figure dictionary, or None where this result has none."""


def figures(makers: Sequence[Figure]) -> str | None:
    """The briefing's figures of a result as inline SVG (:func:`accord.report.render_png.svg`, the renderer of
    ``--format png``), the first :data:`FIGURES` that exist, each :data:`FIGURE_WIDTH` pixels wide; one
    larger than :data:`FIGURE_BYTES` is left out with a line saying so. None without matplotlib (the
    ``report`` extra): the display then keeps its own small bar charts and says what the extra adds."""
    from .errors import MissingExtra

    try:
        require("matplotlib", "report", "figures")
    except MissingExtra:
        return None
    from .report.render_png import svg

    parts: list[str] = []
    for make in makers:
        if len(parts) == FIGURES:
            break
        figure = make()
        if figure is None:
            continue
        drawn = svg(figure, FIGURE_WIDTH)
        if len(drawn) > FIGURE_BYTES:
            title = _figure_title(figure)
            drawn = _p(f"Figure left out ({title}): {len(drawn) // 1000:,} kB as SVG; accord report draws it.")
        parts.append(drawn)
    return "".join(parts)


def _figure_title(figure: Mapping[str, Any]) -> str:
    title = figure.get("layout", {}).get("title", "")
    text = str(title.get("text", "") if isinstance(title, Mapping) else title)
    return text.split("<br>")[0]


def _with_figures(makers: Sequence[Figure], *fallback: str) -> str:
    """The result's figures, or without matplotlib ``fallback`` (the small SVG bar charts) and one line saying
    what ``accord[report]`` adds."""
    drawn = figures(makers)
    if drawn is None:
        return "".join(fallback) + f"<p class='muted'>{escape(NO_FIGURES)}</p>"
    return drawn or "".join(fallback)  # no figure for this result (too large): the bar charts


def _box(title: str, *parts: str) -> str:
    return f"{_STYLE}<div class='accord-result'><b>{escape(title)}</b>{''.join(parts)}</div>"


def _p(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.1%}"


def _ci(ci: Sequence[float | None] | None) -> str:
    if not ci or ci[0] is None or ci[1] is None:
        return ""
    return f" (95% interval {ci[0]:.1%} to {ci[1]:.1%})"


def _named(keys: Iterable[str], fixed: Iterable[str], prefix: str) -> dict[str, str]:
    """Column names of issues: the issue's id, or ``prefix + id`` where the id is a fixed column's name."""
    taken = set(fixed)
    return {k: (f"{prefix}{k}" if k in taken else k) for k in keys}


# ---------------------------------------------------------------- rows per type (what to_frame() holds)
def _analysis_rows(result: Any, pareto_limit: int | None) -> Rows:
    data = result.to_json(pareto_limit=pareto_limit)
    rows = []
    for i, deal in enumerate(data["pareto"]):
        names = _named(deal["outcome"], ("package",), "option_")
        rows.append({"package": i, **{names[k]: v for k, v in deal["outcome"].items()},
                     **{f"u_{a}": u for a, u in deal["utilities"].items()}})
    return rows


def _nash_columns(nash: Mapping[str, Any] | None, prefix: str = "nash_") -> dict[str, Any]:
    if not nash:
        return {}
    return {**{f"{prefix}{k}": v for k, v in nash["outcome"].items()},
            **{f"{prefix}u_{a}": u for a, u in nash["utilities"].items()}}


def _blocker_text(blocker: Mapping[str, Any]) -> str:
    where = blocker.get("issue") or ", ".join(blocker.get("parties", ()))
    return f"{blocker['kind']}: {where}"


def _comparison_rows(result: Any) -> Rows:
    return [{"variant": row["variant"], "description": row["description"], "outcomes": row["outcomes"],
             "acceptable": row["acceptable"], "blockers": len(row["blockers"]),
             "blocked_by": "; ".join(_blocker_text(b) for b in row["blockers"]) or None,
             **_nash_columns(row["nash"])} for row in result.to_json()["rows"]]


def _evaluation_rows(result: Any) -> Rows:
    return [{"party": v["party"], "accepts": v["accepts"], "utility": v["utility"], "reservation": v["reservation"],
             "reasons": "; ".join(v["reasons"]) or None} for v in result.to_json()["verdicts"]]


def _trace_rows(result: Any) -> Rows:
    rows = []
    for step in result.to_json()["trace"]:
        offer = step.get("offer") or {}
        names = _named(offer, ("round", "proposer", "note"), "offer_")
        rows.append({"round": step["round"], "proposer": step["proposer"],
                     **{names[k]: v for k, v in offer.items()},
                     **{f"u_{a}": u for a, u in step["utilities"].items()},
                     **{f"response_{p}": r for p, r in step["responses"].items()},
                     "note": step.get("note")})
    return rows


def _batch_rows(result: Any) -> Rows:
    rows = []
    for run in result.outcomes:
        agreement = run["agreement"] or {}
        names = _named(agreement.get("outcome", {}), ("seed", "status", "round", "walkout_by"), "deal_")
        rows.append({"seed": run["seed"], "status": run["status"], "round": run["round"],
                     "walkout_by": run["walkout_by"],
                     **{names[k]: v for k, v in agreement.get("outcome", {}).items()},
                     **{f"u_{a}": u for a, u in agreement.get("utilities", {}).items()}})
    return rows


def _forecast_rows(result: Any) -> Rows:
    data = result.to_json()
    rows = []
    for issue, models in data.get("issues", {}).items():
        for model, value in models.items():
            position = value.get("position") if isinstance(value, dict) else value
            row: dict[str, Any] = {"issue": issue, "model": model, "position": position,
                                   "option": data.get("options", {}).get(issue, {}).get(model)}
            if "red_lines_crossed" in data:
                crossed = data["red_lines_crossed"].get(issue, {}).get(model)
                row["red_lines_crossed"] = ", ".join(crossed) if crossed else None
            spread = data.get("distribution", {}).get(issue, {}).get(model)
            if spread:
                row.update(spread)
            rows.append(row)
    return rows


def _smp_rows(smp: Mapping[str, Any]) -> Rows:
    rows = []
    for actor, dims in smp["positions"].items():
        for dimension, values in dims.items():
            for state, value in enumerate(values):
                rows.append({"state": state, "actor": actor, "dimension": dimension, "position": value,
                             "prob": smp["prob"][actor][state]})
    rows.sort(key=lambda r: r["state"])
    return rows


def _sensitivity_rows(result: Any) -> Rows:
    """One row per output and parameter; the bootstrap intervals as ``*_low``/``*_high`` columns, and whether
    that output's indices mean anything (``meaningful``)."""
    rows = []
    for output in ("zopa", "deal_gap"):
        part = result.to_json()["sobol"][output]
        for row in part["indices"]:
            flat = {key: value for key, value in row.items() if not key.endswith("_ci")}
            for name in ("index", "first"):
                low, high = row.get(f"{name}_ci") or (None, None)
                flat[f"{name}_low"], flat[f"{name}_high"] = low, high
            rows.append({"output": output, **flat, "meaningful": part.get("meaningful", True)})
    return rows


def _interval(prefix: str, value: Mapping[str, Any] | None) -> dict[str, Any]:
    ci = (value or {}).get("ci95") or [None, None]
    return {prefix: (value or {}).get("mean"), f"{prefix}_low": ci[0], f"{prefix}_high": ci[1]}


def _tournament_rows(result: Any) -> Rows:
    rows = []
    for r in result.to_json()["ranking"]:
        rows.append({"rank": r["rank"], "strategy": r["strategy"], "observations": r["observations"],
                     **_interval("utility", r["utility"]), **_interval("agreement_rate", r["agreement_rate"]),
                     **_interval("distance_to_pareto", r["distance_to_pareto"]),
                     **_interval("distance_to_nash", r["distance_to_nash"]),
                     **_interval("social_welfare", r["social_welfare"])})
    return rows


def _extraction_rows(result: Any) -> Rows:
    return [{k: (", ".join(map(str, v)) if isinstance(v, list) else v) for k, v in a.items()}
            for a in result.to_json()["attributions"]]


def _timeline_rows(result: Any) -> Rows:
    rows = []
    for v in result.to_json()["versions"]:
        rows.append({"version": v["version"], "ref": v["ref"], "as_of": v["as_of"], "note": v["note"],
                     "outcomes": v["outcomes"], "zopa": v["zopa"], "blockers": len(v["blockers"]),
                     "p_zopa": v["p_zopa"], "p_zopa_low": (v["p_zopa_ci"] or [None])[0],
                     "p_zopa_high": (v["p_zopa_ci"] or [None, None])[1], "p_deal": v["p_deal"],
                     "p_deal_low": (v["p_deal_ci"] or [None])[0], "p_deal_high": (v["p_deal_ci"] or [None, None])[1],
                     **_nash_columns(v["nash"])})
    return rows


def _scenario_rows(scenario: Any) -> Rows:
    rows = []
    for aid, actor in scenario.actors.items():
        for iid, pref in actor.preferences.items():
            issue = scenario.issues[iid]
            acceptable = pref.acceptable(issue)
            for k, option in enumerate(issue.options):
                rows.append({"actor": aid, "role": actor.role, "issue": iid, "weight": pref.weight,
                             "option": option, "value": float(pref.scores[k]), "acceptable": bool(acceptable[k])})
    return rows


def _rows(result: Any, **options: Any) -> Rows:
    kind = type(result).__name__
    if kind == "Analysis":
        return _analysis_rows(result, options.get("pareto_limit", _pareto_limit()))
    if kind == "Forecast":
        part = options.get("part") or ("issues" if result.found or result.smp is None else "smp")
        if part == "smp":
            return _smp_rows(result.smp or {"positions": {}, "prob": {}})
        return _forecast_rows(result)
    if kind == "SMPResult":
        return _smp_rows(result.to_json())
    if kind in _ROWS:
        return _ROWS[kind](result)
    if hasattr(result, "to_rows"):
        return list(result.to_rows())
    raise TypeError(f"no table for a {kind}")


def _pareto_limit() -> int:
    from .analysis._analyze import PARETO_LIMIT

    return PARETO_LIMIT


_ROWS: dict[str, Callable[[Any], Rows]] = {
    "Comparison": _comparison_rows, "Evaluation": _evaluation_rows, "SimulationResult": _trace_rows,
    "BatchSummary": _batch_rows, "Sensitivity": _sensitivity_rows, "TournamentResult": _tournament_rows,
    "TournamentRun": _tournament_rows, "Extraction": _extraction_rows, "Timeline": _timeline_rows,
    "Scenario": _scenario_rows,
    "Diff": lambda d: [c.to_json() for c in d.changes],
    "Rerun": lambda r: [{**r.to_json(), "reasons": "; ".join(r.reasons) or None}],
}


def frame(result: Any, **options: Any) -> Any:
    """``result`` as a tidy pandas DataFrame (the columns per type are in ``docs/notebooks.md``).

    ``options``: ``pareto_limit`` (an :class:`~accord.analysis.Analysis`: frontier packages kept, as in
    its JSON; None for all), ``part`` (a :class:`~accord.forecast.result.Forecast`: ``"issues"`` or
    ``"smp"``). Raises :class:`~accord.errors.MissingExtra` without pandas.
    """
    pandas = require("pandas", "notebook", "to_frame()")
    rows = _rows(result, **options)
    return pandas.DataFrame.from_records(rows, columns=list(dict.fromkeys(k for row in rows for k in row)))


# ---------------------------------------------------------------- displays
def _analysis_html(result: Any) -> str:
    data = result.to_json(pareto_limit=ROWS)
    title = data["scenario"] + (f" (variant {data['variant']})" if data["variant"] else "")
    share = data["acceptable"] / data["outcomes"] if data["outcomes"] else 0.0
    parts = [_p(f"{data['acceptable']:,} of {data['outcomes']:,} packages acceptable to every party "
                f"({share:.1%}); Pareto frontier: {data['pareto_size']:,} packages.")]
    solutions = [{"solution": name.replace("_", "-"), "package": deal["outcome"], **deal["utilities"],
                  "score": deal.get("score")} for name, deal in data["solutions"].items() if deal]
    if solutions:
        parts.append(table(solutions))
    if data["blockers"]:
        parts.append(_p("What blocks it: " + "; ".join(b.describe() for b in result.blockers) + "."))
    if data["unlock"]:
        parts.append(table([{"change": u["description"], "opens": u["acceptable"],
                             "Nash deal": u["nash"]["outcome"] if u["nash"] else None} for u in data["unlock"]],
                           limit=5))
    if data["pareto"]:
        rows = [{"package": i, **d["outcome"], **{f"u_{a}": u for a, u in d["utilities"].items()}}
                for i, d in enumerate(data["pareto"])]
        parts.append("<p>Pareto frontier (first party's utility, highest first):</p>"
                     + table(rows, total=data["pareto_size"]))
    model = result.scenario_model
    if model is not None:
        parts.append(_with_figures([lambda: _red_lines(model), lambda: _outcome_space(model, result)]))
    return _box(title, *parts)


def _red_lines(scenario: Any) -> dict | None:
    from .report.figures import red_line_figure

    parties, options = RED_LINE_LIMIT
    if len(scenario.parties) > parties or sum(i.size for i in scenario.issues.values()) > options:
        return None
    return red_line_figure(scenario)


def _outcome_space(scenario: Any, result: Any) -> dict | None:
    from .report.figures import outcome_space_figure

    if scenario.outcome_count > OUTCOME_SPACE_LIMIT or len(scenario.parties) < 2:
        return None
    return outcome_space_figure(scenario, result)


def _comparison_html(result: Any) -> str:
    rows = _comparison_rows(result)
    shown = [{"variant": r["variant"] or "(base)", "what changes": r["description"],
              "ZOPA": f"{r['acceptable']}/{r['outcomes']}", "blocked by": r["blocked_by"],
              "Nash deal": {k[5:]: v for k, v in r.items() if k.startswith("nash_") and not k.startswith("nash_u_")}
              or None} for r in rows]
    chart = bars([s["variant"] for s in shown][:BARS], [r["acceptable"] / r["outcomes"] if r["outcomes"] else 0.0
                                                         for r in rows],
                 title="Share of packages acceptable to every party", axis="share of the outcome space", top=None,
                 percent=True)
    return _box(f"{result.scenario}: base and what-ifs", table(shown), _with_figures([lambda: _variants(result)], chart))


def _variants(result: Any) -> dict | None:
    from .report.figures import variants_figure

    if not result.rows or len(result.rows) > CATEGORIES:
        return None
    return variants_figure(result, result.rows[0][2].parties)


def _evaluation_html(result: Any) -> str:
    data = result.to_json()
    head = _p(f"Proposal {_fmt(data['proposal'])}: {'accepted' if data['accepted'] else 'not accepted'}.")
    parts = [head, table(_evaluation_rows(result))]
    if data["improvements"]:
        parts.append("<p>Pareto improvements:</p>" + table(
            [{"package": d["outcome"], **{f"u_{a}": u for a, u in d["utilities"].items()}}
             for d in data["improvements"]]))
    return _box("Evaluation", *parts)


def _simulation_html(result: Any) -> str:
    status = {"agreement": f"agreement in round {result.round}: {_fmt((result.agreement or {}).get('outcome'))}",
              "walkout": f"walkout by {result.walkout_by} in round {result.round} ({result.reason})",
              "deadline": f"no agreement by the deadline ({result.rounds} rounds)"}.get(result.status, result.status)
    who = ", ".join(f"{p}: {s}" for p, s in result.strategies.items())
    title = result.scenario + (f" (variant {result.variant})" if result.variant else "")
    rows = _trace_rows(result)
    return _box(title, _p(f"{result.protocol} offers; {who}; seed {result.seed}. Result: {status}."),
                table(rows[-ROWS:], total=len(rows)) if rows else "", _with_figures([lambda: _concessions(result)]))


def _concessions(result: Any) -> dict | None:
    from .report.figures import concession_figure

    return concession_figure(result) if any(row.offer for row in result.trace) else None


def _batch_html(result: Any) -> str:
    data = result.to_json()
    lines = [f"{data['runs']:,} runs: P(agreement) {_pct(data['p_agreement'])}, "
             f"P(deadline) {_pct(data['p_deadline'])}."]
    if data["identical_runs"]:
        lines.append(f"Every run is the same negotiation: {data['identical_runs']}.")
    r = data["rounds_to_deal"]
    if r:
        lines.append(f"Rounds to a deal: mean {r['mean']:.3g}, median {r['median']:.3g}, {r['min']} to {r['max']}.")
    walkouts = {p: s for p, s in data["p_walkout"].items() if s}
    chart = bars(["agreement", "deadline", *[f"walkout {p}" for p in walkouts]],
                 [data["p_agreement"], data["p_deadline"], *walkouts.values()],
                 title="How the runs ended", axis="share of runs", top=1.0, percent=True)
    deals = [{"deal": d["outcome"], "share": f"{d['share']:.1%}"} for d in data["deals"]]
    return _box("Simulation batch", *map(_p, lines), chart, table(deals) if deals else "")


def _forecast_html(result: Any) -> str:
    parts = []
    rows = _forecast_rows(result)
    if rows:
        models = list(dict.fromkeys(r["model"] for r in rows))
        by_issue: dict[str, dict[str, Any]] = {}
        for r in rows:
            cell = f"{r['position']:.4g}" if isinstance(r["position"], int | float) else _fmt(r["position"])
            if r.get("option") is not None:
                cell += f" ({r['option']})"
            if r.get("red_lines_crossed"):
                cell += f" ! crosses {r['red_lines_crossed']}"
            by_issue.setdefault(r["issue"], {"issue": r["issue"]})[r["model"]] = cell
        parts.append(table(list(by_issue.values()), ["issue", *models]))
    if result.smp is not None:
        smp = result.smp
        final = [{"actor": a, **{d: v[-1] for d, v in dims.items()}, "prob": smp["prob"][a][-1]}
                 for a, dims in smp["positions"].items()]
        parts.append(f"<p>SMP: {smp['states']} states; the last:</p>" + table(final))
    if result.distribution:
        parts.append(_p(f"Spread over {result.samples:,} draws (seed {result.seed}): to_frame() has the quantiles."))
    model = result.scenario_model
    parts.append(_with_figures([lambda: _forecast_rounds(result.found, model),
                                lambda: _smp_figure(result.smp, model)]))
    return _box("Forecast" + (f": {result.scenario}" if result.scenario else ""), *parts)


def _forecast_rounds(found: Mapping[str, Mapping[str, Any]], scenario: Any = None) -> dict | None:
    from .report.forecast_figures import forecast_rounds_figure

    panels = sum(1 for models in found.values()
                 if isinstance(models.get("challenge"), Mapping) and models["challenge"].get("rounds"))
    return forecast_rounds_figure(found, scenario) if 0 < panels <= PANELS else None


def _smp_figure(smp: Mapping[str, Any] | None, scenario: Any = None) -> dict | None:
    from .report.forecast_figures import smp_positions_figure

    if not smp or not smp.get("positions"):
        return None
    dimensions = len(next(iter(smp["positions"].values())))
    return smp_positions_figure(smp, scenario) if dimensions <= PANELS else None


def _smp_html(result: Any) -> str:
    data = result.to_json()
    final = [{"actor": a, **{d: v[-1] for d, v in dims.items()}, "prob": data["prob"][a][-1]}
             for a, dims in data["positions"].items()]
    return _box(f"SMP over {len(result.dimensions)} dimension(s), {data['states']} states",
                "<p>Positions in the last state:</p>", table(final), _with_figures([lambda: _smp_figure(data)]))


def _montecarlo_result_lines(data: Mapping[str, Any]) -> list[str]:
    runs = data.get("runs", 0)
    return [f"{runs:,} draws, seed {data.get('seed')}: P(ZOPA) {_pct(data.get('p_zopa'))}{_ci(data.get('p_zopa_ci'))}."]


def _montecarlo_report_html(result: Any) -> str:
    data = result.to_json()
    title = data["scenario"] + (f" (variant {data['variant']})" if data["variant"] else "")
    parts = [_p(line) for line in _montecarlo_result_lines(data)]
    if data.get("p_agreement") is not None:
        parts.append(_p(f"P(agreement in simulated talks) {_pct(data['p_agreement'])}{_ci(data['p_agreement_ci'])}."))
    if data.get("variants"):
        rows = [{"variant": name, "P(ZOPA)": _pct(v.get("p_zopa")), "95% interval": _ci(v.get("p_zopa_ci")).strip(" ()"),
                 "vs base (paired)": None if v.get("difference") is None else f"{v['difference']:+.1%}",
                 **({"P(deal)": _pct(v["p_agreement"])} if "p_agreement" in v else {})}
                for name, v in data["variants"].items()]
        parts.append(table(rows))
    charts = []
    if data.get("variants"):
        charts.append(bars(["(base)", *data["variants"]], [data.get("p_zopa"), *[v.get("p_zopa") for v in
                                                                                 data["variants"].values()]],
                           title="P(a zone of agreement)", axis="probability over the draws", top=1.0, percent=True))
    if data.get("nash_deals"):
        parts.append("<p>Nash deals, most frequent first (share of draws with a ZOPA):</p>" + table(
            [{"deal": d["outcome"], "share": f"{d['share']:.1%}"} for d in data["nash_deals"]], limit=5))
    if data.get("sensitivity"):
        charts.append(_sobol_chart(data["sensitivity"], data.get("sensitivity_output", "zopa")))
    runs = result.comparison if result.comparison is not None else result.analysis
    parts.append(_with_figures([lambda: _probability(result.comparison), *_sensitivity_figures(result.sensitivity),
                                lambda: _histogram(runs)], *charts))
    parts.append(_p(f"to_frame(): one row per draw{' and variant' if data.get('variants') else ''}."))
    return _box(title, *parts)


def _probability(comparison: Any) -> dict | None:
    from .report.uncertainty_figures import probability_figure

    if comparison is None or len(comparison.rows) + 1 > CATEGORIES:
        return None
    return probability_figure(comparison)


def _histogram(runs: Any) -> dict | None:
    from .report.uncertainty_figures import montecarlo_histogram_figure

    if hasattr(runs, "rows") and len(runs.rows) + 1 > CATEGORIES:
        return None
    return montecarlo_histogram_figure(runs) if runs.runs else None


def _sensitivity_figures(found: Any) -> list[Figure]:
    """The Sobol indices and the tornado of a sensitivity analysis (none without one)."""
    from .report.uncertainty_figures import sensitivity_figure, tornado_figure

    if found is None:
        return []
    return [lambda: sensitivity_figure(found), lambda: tornado_figure(found) if found.tornado else None]


def _sobol_chart(rows: Sequence[Mapping[str, Any]], output: str) -> str:
    what = {"zopa": "P(ZOPA)", "deal_gap": "the deal gap"}.get(output, output)
    return bars([r["parameter"] for r in rows], [r["index"] for r in rows],
                title=f"What drives {what}: Sobol total index",
                axis="share of the variance, alone or with others (totals can add to more than 1)", top=None)


def _montecarlo_html(result: Any) -> str:
    data = result.to_json()
    return _box(data["scenario"] + (f" (variant {data['variant']})" if data.get("variant") else ""),
                *map(_p, _montecarlo_result_lines(data)),
                table([{"deal": d["outcome"], "share": f"{d['share']:.1%}"} for d in data["nash_deals"]], limit=5)
                if data["nash_deals"] else "", _with_figures([lambda: _histogram(result)]))


def _variants_html(result: Any) -> str:
    rows = [{"variant": "(base)", "P(ZOPA)": _pct(result.base.p_zopa), "vs base (paired)": None}]
    rows += [{"variant": r.variant, "P(ZOPA)": _pct(r.result.p_zopa), "vs base (paired)": f"{r.difference:+.1%}"}
             for r in result.rows]
    return _box(f"{result.scenario}: {result.runs:,} draws, seed {result.seed}", table(rows),
                _with_figures([lambda: _probability(result), lambda: _histogram(result)]))


def _simulation_mc_html(result: Any) -> str:
    data = result.to_json()
    return _box(data["scenario"], _p(f"{data['runs']:,} simulated negotiations ({data['protocol']}): P(agreement) "
                                     f"{_pct(data['p_agreement'])}{_ci(data['p_agreement_ci'])}."),
                table([{"deal": d["outcome"], "share": f"{d['share']:.1%}"} for d in data["deals"]], limit=5)
                if data["deals"] else "")


def _sensitivity_html(result: Any) -> str:
    output = result.headline_output
    rows = list(result.indices())
    return _box(f"Sensitivity of {result.scenario} ({result.runs:,} base draws)",
                table([{"parameter": r["parameter"], "total": r["index"], "first-order": r["first"]} for r in rows]),
                _with_figures(_sensitivity_figures(result), _sobol_chart(rows, output)))


def _tournament_html(result: Any) -> str:
    data = result.to_json()
    rows = _tournament_rows(result)
    chart = bars([r["strategy"] for r in rows], [r["utility"] for r in rows], title="Mean utility by strategy",
                 axis="mean utility (0 to 1)", top=1.0)
    found = getattr(result, "result", result)  # a TournamentRun holds its TournamentResult
    return _box(f"Tournament: {data['negotiations']:,} negotiations",
                table(rows, ["rank", "strategy", "observations", "utility", "agreement_rate", "distance_to_pareto",
                             "social_welfare"]),
                _with_figures([lambda: _tournament(found, "ranking"), lambda: _tournament(found, "scenario")], chart))


def _tournament(result: Any, which: str) -> dict | None:
    from .report.tournament import ranking_figure, scenario_figure

    if not result.ranking or len(result.ranking) > CATEGORIES:
        return None
    if which == "ranking":
        return ranking_figure(result)
    return scenario_figure(result) if result.by_scenario and len(result.by_scenario) <= CATEGORIES else None


def _extraction_html(result: Any) -> str:
    data = result.to_json()
    rows = [{"speaker": a.get("speaker"), "verb": a.get("verb"), "content": str(a.get("content", ""))[:120]}
            for a in data["attributions"]]
    return _box(f"Extraction ({data['engine']} engine)",
                _p(f"{len(data['attributions'])} attributions, {len(data['positions'])} positions, "
                   f"{len(data['claims'])} claims."), table(rows))


def _timeline_html(result: Any) -> str:
    rows = _timeline_rows(result)
    return _box(f"{result.negotiation}: {len(rows)} versions",
                table(rows, ["version", "as_of", "note", "zopa", "blockers", "p_zopa", "p_deal"]),
                _with_figures([lambda: _timeline(result)]))


def _timeline(result: Any) -> dict | None:
    from .report.timeline import timeline_figure

    if not result.versions or len(result.versions) > CATEGORIES:
        return None
    return timeline_figure(result.versions, result.negotiation)


def _scenario_html(scenario: Any) -> str:
    issues = [{"issue": i.id, "name": i.name, "options": len(i.options), "unit": i.unit} for i in scenario.issues.values()]
    actors = [{"actor": a.id, "name": a.name, "role": a.role, "power": a.power, "reservation": a.reservation,
               "red lines": ", ".join(k for k, p in a.preferences.items() if p.red_line is not None) or None}
              for a in scenario.actors.values()]
    title = scenario.name + (f" (variant {scenario.variant})" if scenario.variant else "")
    return _box(title, _p(f"{len(scenario.issues)} issues, {len(scenario.actors)} actors, {len(scenario.variants)} "
                          f"variants, {scenario.outcome_count:,} outcomes."), table(issues), table(actors),
                _p("Variants: " + ", ".join(scenario.variants)) if scenario.variants else "")


def _diff_html(result: Any) -> str:
    rows = [{"kind": c.kind, "what": c.what, "summary": c.summary} for c in result.changes]
    return _box(f"{result.old_name} -> {result.new_name}", table(rows) if rows else _p("identical"))


_HTML: dict[str, Callable[[Any], str]] = {
    "Analysis": _analysis_html, "Comparison": _comparison_html, "Evaluation": _evaluation_html,
    "SimulationResult": _simulation_html, "BatchSummary": _batch_html, "Forecast": _forecast_html,
    "SMPResult": _smp_html, "MonteCarloReport": _montecarlo_report_html, "MonteCarloResult": _montecarlo_html,
    "VariantComparison": _variants_html, "SimulationMonteCarlo": _simulation_mc_html,
    "Sensitivity": _sensitivity_html, "TournamentResult": _tournament_html, "TournamentRun": _tournament_html,
    "Extraction": _extraction_html, "Timeline": _timeline_html, "Scenario": _scenario_html, "Diff": _diff_html,
    "Rerun": lambda r: _box("Rerun", _p(r.message())),
}


def html(result: Any) -> str:
    """The compact HTML display of ``result`` (what ``_repr_html_`` returns): every value escaped, tables of at
    most :data:`ROWS` rows, inline SVG charts of at most :data:`BARS` bars, no script."""
    kind = type(result).__name__
    if kind not in _HTML:
        raise TypeError(f"no display for a {kind}")
    return _HTML[kind](result)


__all__ = ["BARS", "CATEGORIES", "FIGURES", "FIGURE_BYTES", "FIGURE_WIDTH", "NO_FIGURES", "OUTCOME_SPACE_LIMIT", "PANELS",
           "RED_LINE_LIMIT", "ROWS", "bars", "figures", "frame", "html", "table"]
