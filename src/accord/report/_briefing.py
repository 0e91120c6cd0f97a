"""The analyst's briefing: one self-contained HTML file (scripts and data inline).

Structure: the bottom line (is a deal possible, what blocks it, what would
unlock it), the parties and their stated positions with the evidence quotes
and their sources, the assumptions flagged, the analysis, the what-ifs, a
forecast, a simulation, and a Monte Carlo run when asked. Every number comes
from accord's computations; this module only lays them out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import __version__
from ..analysis import analyze, compare
from ..errors import MissingExtra, require
from ..scenario import Scenario
from ..scenario.evidence import unchecked_quotes
from ..simulation import simulate
from .figures import concession_figure, outcome_space_figure, red_line_figure, variants_figure
from .forecast_figures import SMP_NAMED, forecast_rounds_figure, scenario_smp, smp_positions_figure, smp_ranking
from .safe_html import document, escape, script_json
from .words import holds_text, is_version_1_1, power_note, power_rows, red_line_text, red_lines, scenario_rule_text

STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1080px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{margin-bottom:.2em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.6em 0;font-size:.92em}td,th{border:1px solid #ddd;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#f5f5f5}.bottom{background:#fff8e1;border-left:6px solid #f0a500;padding:.8em 1.2em}
.ok{color:#1b7e26;font-weight:600}.no{color:#b3261e;font-weight:600}.quote{font-style:italic}
.assumption{background:#fdecea;border-radius:3px;padding:0 .3em}.muted{color:#777;font-size:.9em}.figure{min-height:420px}
"""


_e = escape  # every value placed in the page's HTML text or attributes


def _outcome(outcome: dict) -> str:
    return ", ".join(f"{_e(k)}={_e(v)}" for k, v in outcome.items())


def _table(header: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


class _Figures:
    """Collects plotly figure dictionaries and the inline scripts that draw them.

    The figures' data go into the script through :func:`.safe_html.script_json` only (names, units and
    labels are the user's text); the page lists the scripts' hashes in its Content Security Policy.
    """

    def __init__(self) -> None:
        self.items: list[tuple[str, dict]] = []

    def add(self, figure: dict) -> str:
        ident = f"figure-{len(self.items)}"
        self.items.append((ident, figure))
        return f'<div class="figure" id="{ident}"></div>'

    def notice(self) -> str:
        """HTML to show when the figures cannot be drawn (plotly missing), else empty."""
        if not self.items:
            return ""
        try:
            require("plotly.offline", "report")
        except MissingExtra:
            return "<p class='muted'>Figures need plotly to be embedded: pip install 'accord[report]'.</p>"
        return ""

    def scripts(self) -> list[str]:
        """The inline scripts' texts: plotly.js, then one ``Plotly.newPlot`` call per figure (none without
        figures or without plotly)."""
        if not self.items:
            return []
        try:
            get_plotlyjs = require("plotly.offline", "report").get_plotlyjs
        except MissingExtra:
            return []
        calls = "".join(f"Plotly.newPlot({script_json(i)},{script_json(f['data'])},{script_json(f['layout'])},"
                        "{responsive:true,displaylogo:false});" for i, f in self.items)
        return [get_plotlyjs(), calls]


def bottom_line(scenario: Scenario, found, comparison) -> str:
    unanimity = scenario.decision_rule.is_unanimity
    who = ("every party" if unanimity
           else f"a winning set of parties under the decision rule, {_e(scenario_rule_text(scenario))}")
    if found.acceptable:
        nash = found.solutions["nash"]
        between = (f", bargained within the winning set {_e(', '.join(nash.coalition))}"
                   if nash.coalition else "")
        text = (f"<p class='ok'>A deal is possible: {found.acceptable} of {found.outcomes} packages are acceptable "
                f"to {who}.</p><p>The Nash bargaining solution{between} is <b>{_outcome(nash.outcome)}</b> ("
                + ", ".join(f"{_e(p)} {nash.utilities[p]:.3f}" for p in found.parties) + ").</p>")
    else:
        blocked = "; ".join(_e(b.describe()) for b in found.blockers)
        text = (f"<p class='no'>No deal is possible as things stand: no package is acceptable to {who}.</p>"
                f"<p>What blocks it: {blocked}.</p>")
        if found.unlock:
            items = "".join(f"<li>{_e(u.description)}: opens {u.acceptable} package(s); best deal "
                            f"{_outcome(u.nash.outcome)}</li>" for u in found.unlock[:3] if u.nash)
            text += f"<p>What would open it (smallest single changes first):</p><ul>{items}</ul>"
    opening = [(v, f) for v, _, f in comparison.rows if v is not None and f.acceptable]
    if opening and not found.acceptable:
        text += "<p>Of the what-ifs, these open a zone of agreement: " + ", ".join(
            f"<b>{_e(v)}</b> ({f.acceptable} packages)" for v, f in opening) + ".</p>"
    return f"<div class='bottom'>{text}</div>"


def _evidence(items) -> str:
    parts = []
    for item in items:
        if item.quote:
            parts.append(f"<span class='quote'>“{_e(item.quote)}”</span> <span class='muted'>({_e(item.source)})</span>")
        elif item.assumption:
            parts.append(f"<span class='assumption'>assumption</span> {_e(item.assumption)}")
    return "<br>".join(parts)


def parties_section(scenario: Scenario) -> str:
    credibility = {(e["actor"], e["issue"]): holds_text(e) for e in red_lines(scenario)}
    out = []
    for actor in scenario.actors.values():
        rows = []
        for issue_id, pref in actor.preferences.items():
            issue = scenario.issues[issue_id]
            best = issue.options[max(range(issue.size), key=lambda k: pref.scores[k])]
            red = _e(red_line_text(pref)) if pref.red_line else "-"
            if pref.red_line is not None and credibility.get((actor.id, issue_id), "certain") != "certain":
                red += f" <span class='muted'>({_e(credibility[(actor.id, issue_id)])})</span>"
            rows.append([_e(issue.name), f"{actor.normalised_weight(issue_id):.2f}", _e(best), red,
                         _evidence(pref.evidence)])
        head = (f"<h3>{_e(actor.name)} <span class='muted'>({_e(actor.role)}"
                + (f" of {_e(actor.of)}" if actor.of else "") + f"; power {actor.power:g}"
                + (f"; reservation {actor.reservation:.2f}" if actor.is_party or actor.is_constituency else "")
                + ")</span></h3>")
        out.append(head + (f"<p>{_evidence(actor.evidence)}</p>" if actor.evidence else "")
                   + _table(["issue", "salience", "prefers", "red line", "evidence"], rows))
    return "".join(out)


def red_lines_section(scenario: Scenario) -> str:
    """Format 1.1: the red lines that are waived under a condition (``unless``) or may be a bluff
    (``holds`` below 1 or uncertain), in words, with the evidence behind them ("" when there is none)."""
    rows = []
    for entry in red_lines(scenario):
        credibility = holds_text(entry)
        if entry["unless"] is None and credibility == "certain":
            continue
        evidence = "<br>".join(
            f"<span class='quote'>“{_e(e['quote'])}”</span> <span class='muted'>({_e(e['source'])})</span>"
            if e["quote"] else f"<span class='assumption'>assumption</span> {_e(e['assumption'])}"
            for e in entry["evidence"] if e["quote"] or e["assumption"])
        rows.append([_e(entry["actor"]), _e(entry["issue"]), _e(entry["red_line"]),
                     _e(entry["unless"]) if entry["unless"] else "-", _e(credibility),
                     evidence or "<span class='assumption'>no evidence given</span>"])
    if not rows:
        return ""
    return ("<p>A red line with a condition is waived whenever the deal meets the condition; a red line that "
            "holds with p below 1 may be a bluff (the analysis takes every red line as binding; the Monte "
            "Carlo run, when asked, draws whether each binds).</p>"
            + _table(["actor", "issue", "red line", "waived when", "credibility", "evidence"], rows))


def decision_section(scenario: Scenario, found) -> str:
    """Format 1.1: the decision rule in words, voting power, the solutions' coalitions and ratification
    ("" for a scenario without a decision and without constituencies)."""
    ratifiers = {p: c for p, c in scenario.constituencies.items() if c}
    if scenario.decision is None and not ratifiers:
        return ""
    text = ""
    if scenario.decision is not None:
        decision = scenario.decision
        text += f"<p>Decision rule: <b>{_e(scenario_rule_text(scenario))}</b>.</p>"
        if decision.description:
            text += f"<p>{_e(decision.description)}</p>"
        if decision.evidence:
            text += f"<p>{_evidence(decision.evidence)}</p>"
    power = found.power_indices
    if power:
        text += (f"<h3>Voting power</h3><p class='muted'>What the rule alone gives each party, whatever it wants "
                 f"(Shapley–Shubik and normalised Banzhaf indices; {_e(power_note(power))}).</p>"
                 + _table(["party", "Shapley–Shubik", "Banzhaf"], [[_e(c) for c in row] for row in power_rows(power)]))
    coalitions = [[_e(name.replace("_", "-")), _e(", ".join(deal.coalition)), _outcome(deal.outcome)]
                  for name, deal in found.solutions.items() if deal is not None and deal.coalition]
    if coalitions:
        text += ("<h3>Coalitions</h3><p>Each solution is the bargain inside the minimal winning set that does best "
                 "by it; parties outside it have no veto over that deal.</p>"
                 + _table(["solution", "winning set", "package"], coalitions))
    if ratifiers:
        rows = []
        for party, constituencies in ratifiers.items():
            for cid in constituencies:
                actor = scenario.actors[cid]
                rejects = "; ".join(f"{_e(iid)}: {_e(red_line_text(pref))}" for iid, pref in actor.preferences.items()
                                    if pref.red_line is not None) or "-"
                rows.append([_e(actor.name), _e(party), rejects, f"{actor.reservation:.2f}"])
        text += ("<h3>Ratification</h3><p>A party's yes counts only when each of its constituencies would ratify "
                 "the deal (within the constituency's red lines and at or above its reservation).</p>"
                 + _table(["constituency", "ratifies for", "rejects (red lines)", "reservation"], rows))
        blocked = [b for b in found.blockers if b.kind == "ratification"]
        if blocked:
            text += "<p>Ratification blocks a deal: " + "; ".join(_e(b.describe()) for b in blocked) + ".</p>"
    return text


def assumptions_section(scenario: Scenario) -> str:
    rows = []
    for actor in scenario.actors.values():
        for item in actor.evidence:
            if item.assumption:
                rows.append([_e(actor.id), "", _e(item.assumption)])
        for issue_id, pref in actor.preferences.items():
            for item in pref.evidence:
                if item.assumption:
                    rows.append([_e(actor.id), _e(issue_id), _e(item.assumption)])
    uncertain = ", ".join(".".join(map(str, u.path)) for u in scenario.uncertain)
    text = _table(["actor", "issue", "assumption"], rows) if rows else "<p>No assumptions are recorded.</p>"
    if uncertain:
        text += f"<p class='muted'>Numbers given as ranges (analysed at their central values): {_e(uncertain)}.</p>"
    return text


def analysis_section(scenario: Scenario, found, figures: _Figures) -> str:
    text = figures.add(red_line_figure(scenario))
    if found.acceptable:
        rows = [[_e(n.replace("_", "-")), _outcome(d.outcome), *[f"{d.utilities[p]:.3f}" for p in found.parties],
                 f"{d.score:.4g}"] for n, d in found.solutions.items() if d]
        text += _table(["solution", "package", *found.parties, "score"], rows)
    if scenario.outcome_count <= 5_000_000:
        text += figures.add(outcome_space_figure(scenario, found))
    return text


def variants_section(scenario: Scenario, comparison, figures: _Figures) -> str:
    rows = []
    ruled = any(found.power_indices for _, _, found in comparison.rows)
    for variant, description, found in comparison.rows:
        nash = found.solutions["nash"]
        rows.append([_e(variant or "(base)"), _e(description), f"{found.acceptable}/{found.outcomes}",
                     _e("; ".join(b.short() for b in found.blockers) or "-"),
                     _outcome(nash.outcome) if nash else "-"]
                    + ([_e(", ".join(nash.coalition)) if nash is not None and nash.coalition else "-"] if ruled else []))
    return (_table(["variant", "what changes", "ZOPA", "blocked by", "Nash deal"] + (["Nash coalition"] if ruled else []),
                   rows)
            + figures.add(variants_figure(comparison, scenario.parties)))


def simulation_section(scenario: Scenario, seed: int, figures: _Figures) -> str:
    out = []
    runs: list[tuple[str | None, Scenario]] = [(None, scenario)]
    resumed = [v for v, var in scenario.variants.items() if "events" in var.patch]
    runs += [(v, scenario.with_variant(v)) for v in resumed[:1]]
    for label, model in runs:
        result = simulate(model, seed=seed)
        status = {"agreement": f"<span class='ok'>agreement</span> in round {result.round}: "
                               f"{_outcome(result.agreement['outcome'])}" if result.agreement else "",
                  "walkout": f"<span class='no'>walkout</span> by {_e(result.walkout_by)} in round {result.round} "
                             f"({_e(result.reason)})",
                  "deadline": f"<span class='no'>no agreement</span> by the deadline ({result.rounds} rounds)"}[result.status]
        notes = "".join(f"<li>round {r.round}: {_e(r.note)}</li>" for r in result.trace if r.note)
        who = ", ".join(f"{_e(p)}: {_e(s)}" for p, s in result.strategies.items())
        out.append(f"<h3>{_e(label or 'As the scenario stands')}</h3><p>{_e(result.protocol)} offers; {who}; "
                   f"seed {seed}. Result: {status}.</p>" + (f"<ul>{notes}</ul>" if notes else "")
                   + figures.add(concession_figure(result)))
    return "".join(out)


def forecast_section(scenario: Scenario, figures: _Figures | None = None) -> str:
    try:
        from ..forecast.scenario import forecast_scenario
    except ImportError:
        return "<p class='muted'>Forecasting models are not available in this installation.</p>"
    results = forecast_scenario(scenario)
    rows = []
    for issue_id, models in results.items():
        rows.append([_e(scenario.issues[issue_id].name)] + [_e(models[m]["label"]) for m in models])
    names = list(next(iter(results.values()))) if results else []
    text = _table(["issue", *names], rows)
    if figures is not None and any("challenge" in models for models in results.values()):
        text += ("<p class='muted'>The challenge (expected-utility) model round by round: round 0 is where the "
                 "actors stand; its last median is the forecast.</p>"
                 + figures.add(forecast_rounds_figure(results, scenario)))
    return text + smp_section(scenario, figures)


def smp_section(scenario: Scenario, figures: _Figures | None = None) -> str:
    """KTAB's Spatial Model of Politics on all issues at once, when the scenario can be one (three actors or
    more weighing an issue): :func:`smp_html` of its run. Empty otherwise."""
    smp = scenario_smp(scenario)
    return "" if smp is None else smp_html(smp, scenario, figures)


def smp_html(smp: dict[str, Any], scenario: Scenario | None = None, figures: _Figures | None = None) -> str:
    """An SMP run (the forecast JSON's ``smp``): each actor's positions at the first, a middle and the last
    state, its win probability at the end (likeliest first), and the positions-by-turn figure. With
    ``scenario``, issue and actor names and the nearest option of categorical issues; without, KTAB's
    dimensions on its 0-100 scale."""
    states, positions, prob = smp["states"], smp["positions"], smp["prob"]
    at = sorted({0, states // 2, states - 1})
    dims = list(next(iter(positions.values())))
    issues = scenario.issues if scenario is not None else {}
    actors = scenario.actors if scenario is not None else {}
    names = [issues[d].name if d in issues else d for d in dims]

    def where(actor: str, dim: str) -> str:
        path = " → ".join(f"{positions[actor][dim][t]:.3g}" for t in at)
        issue = issues.get(dim)
        if issue is None or issue.kind != "categorical":
            return path
        last = float(positions[actor][dim][-1])
        return f"{path} (nearest: {min(zip(issue.scale, issue.options), key=lambda so: abs(so[0] - last))[1]})"

    rows = [[_e(actors[a].name if a in actors else a), *[_e(where(a, d)) for d in dims], f"{prob[a][-1]:.3f}"]
            for a in smp_ranking(smp)]
    units = ("in each issue's units (categorical issues: on the options' scale, with the option nearest the last)"
             if scenario is not None else "on KTAB's 0-100 scale")
    text = (f"<h3>All issues at once (SMP)</h3><p>KTAB's Spatial Model of Politics: the actors bargain over every "
            f"issue together, turn by turn, until the positions settle ({states} states). Positions {units} at "
            f"states {', '.join(map(str, at))}; P: the probability that the actor's position wins in the last "
            f"state (actors at one position share it).</p>"
            + _table(["actor", *names, "P, last state"], rows))
    if figures is not None:
        others = max(len(positions) - SMP_NAMED, 0)
        text += ("<p class='muted'>The dashed black line follows the most probable position"
                 + (f"; the {SMP_NAMED} actors most likely to carry the outcome are named, the {others} others "
                    "drawn in grey" if others else "") + ".</p>" + figures.add(smp_positions_figure(smp, scenario)))
    return text


def smp_briefing(data: Any) -> str:
    """A briefing of one KTAB SMP input (an :class:`~accord.forecast.smp.SMPInput`, e.g. read from a KTAB
    file): its run's table and positions-by-turn figure (``accord report --ktab``)."""
    from ..forecast import MODELS

    figures = _Figures()
    smp = MODELS["smp"].run(data)
    title = f"{data.name} (KTAB SMP)"
    page = (f"<h1>{_e(title)}</h1><p class='muted'>Briefing generated by accord {_e(__version__)} on "
            f"{dt.date.today().isoformat()}: {len(data.actors)} actors, {len(data.dimensions)} dimension(s)</p>"
            f"<h2>Forecast</h2>{smp_html(smp, None, figures)}{figures.notice()}")
    return document(title, STYLE, page, figures.scripts())


def montecarlo_section(scenario: Scenario, runs: int, seed: int, figures: _Figures | None = None,
                       simulate: bool = False) -> str:
    try:
        from .montecarlo import montecarlo_report
    except ImportError:
        return "<p class='muted'>Monte Carlo is not available in this installation.</p>"
    found = montecarlo_report(scenario, runs, seed, simulate=simulate)
    base = found.base
    low, high = base.p_zopa_ci
    text = (f"<p>{base.runs:,} draws of the uncertain numbers (seed {seed}): P(a zone of agreement exists) = "
            f"<b>{base.p_zopa:.1%}</b> (95% interval {low:.1%} to {high:.1%}).</p>")

    def deal(variant: str | None) -> list[str]:
        got = found.p_deal(variant)
        return [] if not found.simulations else ["-" if got is None else
                                                 f"{got[0]:.1%} ({got[1]:.1%} to {got[2]:.1%}, {got[3]:,} draws)"]

    deal_head = ["P(deal, simulated talks)"] if found.simulations else []
    if found.comparison is not None:
        rows = [["(base)", f"{base.p_zopa:.1%}", f"{low:.1%} to {high:.1%}", "-", *deal(None)]]
        for row in found.comparison.rows:
            lo, hi = row.result.p_zopa_ci
            d_lo, d_hi = row.difference_ci
            rows.append([_e(row.variant), f"{row.result.p_zopa:.1%}", f"{lo:.1%} to {hi:.1%}",
                         f"{row.difference:+.1%} ({d_lo:+.1%} to {d_hi:+.1%})", *deal(row.variant)])
        text += ("<p>The what-ifs on the same draws (paired):</p>"
                 + _table(["scenario", "P(zone of agreement)", "95% interval", "vs base (paired)", *deal_head], rows))
    elif found.simulations:
        text += f"<p>P(a deal in simulated talks): {deal(None)[0]}.</p>"
    if figures is None:
        return text
    for name in ("probability", "histogram"):
        if name in found.figures:
            text += figures.add(found.figures[name])
    about = (f"the what-if <b>{_e(found.subject)}</b>: no draw of the scenario as it stands has a zone of agreement, "
             "so nothing there varies; of the what-ifs that open one, this is the one whose outcome the uncertain "
             "numbers leave most open" if found.subject else "the scenario as it stands")
    if "nash-utilities" in found.figures or found.sensitivity is not None:
        text += f"<h3>Deals and drivers</h3><p>The figures below are about {about}.</p>"
    if "nash-utilities" in found.figures:
        text += figures.add(found.figures["nash-utilities"])
    if found.sensitivity is not None:
        what = {"zopa": "P(a zone of agreement)", "deal_gap": "the deal gap"}[found.sensitivity.headline_output]
        text += (f"<p>What drives {what} ({found.sensitivity.runs:,} base draws, Sobol indices), and the one-at-a-time "
                 "tornado of the deal gap (each uncertain number alone at either end of its range):</p>"
                 + figures.add(found.figures["sensitivity"]) + figures.add(found.figures["tornado"]))
        credibility = found.sensitivity.credibility
        if credibility is not None:
            text += (f"<p>The red line whose credibility (<code>holds</code>) matters most: "
                     f"<b>{_e(credibility['parameter'])}</b> (total index {credibility['index']:.2f}).</p>")
    elif not scenario.uncertain and not scenario.holds_paths:
        text += "<p class='muted'>The scenario gives no number as a range: there is nothing to vary.</p>"
    return text


def briefing(scenario: Scenario, *, seed: int = 0, montecarlo: int = 0, include_simulation: bool = True) -> str:
    """The briefing as one HTML document (a string)."""
    figures = _Figures()
    found = analyze(scenario)
    comparison = compare(scenario) if scenario.variant is None else compare(scenario, [])
    title = scenario.name + (f" — variant {scenario.variant}" if scenario.variant else "")
    sections = [
        ("Bottom line", bottom_line(scenario, found, comparison)),
        ("Parties and their stated positions", parties_section(scenario)),
        ("Assumptions", assumptions_section(scenario)),
        ("Analysis", analysis_section(scenario, found, figures)),
    ]
    if is_version_1_1(scenario):
        extra = [("Conditional red lines and credibility", red_lines_section(scenario)),
                 ("Decision rule, coalitions and power", decision_section(scenario, found))]
        sections[2:2] = [(name, content) for name, content in extra if content]
    if len(comparison.rows) > 1:
        sections.append(("What-ifs compared", variants_section(scenario, comparison, figures)))
    sections.append(("Forecast", forecast_section(scenario, figures)))
    if include_simulation:
        sections.append(("Simulation", simulation_section(scenario, seed, figures)))
    if montecarlo:
        sections.append(("Uncertainty (Monte Carlo)", montecarlo_section(scenario, montecarlo, seed, figures,
                                                                         simulate=include_simulation)))
    sources = "".join(f"<li>{_e(s.title or s.id)}" + (f" — {_e(s.file or s.url)}" if (s.file or s.url) else "") + "</li>"
                      for s in scenario.sources.values())
    unchecked = unchecked_quotes(scenario)
    if unchecked:
        sources += ("</ul><p><b>Quotes not checked</b>: their source file could not be read.</p><ul>"
                    + "".join(f"<li>{_e(q['parameter'])}: <span class='quote'>“{_e(q['quote'])}”</span> "
                              f"<span class='muted'>({_e(q['source'])}, {_e(q['file'])})</span></li>" for q in unchecked))
    body = "".join(f"<h2>{_e(name)}</h2>{content}" for name, content in sections)
    stamp = dt.date.today().isoformat()
    page = (f"<h1>{_e(title)}</h1>"
            f"<p class='muted'>Briefing generated by accord {_e(__version__)} on {stamp}"
            + (f"; picture as of {_e(scenario.date.isoformat())}" if scenario.date else "") + "</p>"
            + (f"<p>{_e(scenario.description)}</p>" if scenario.description else "")
            + body + (f"<h2>Sources</h2><ul>{sources}</ul>" if sources else "") + figures.notice())
    return document(title, STYLE, page, figures.scripts())
