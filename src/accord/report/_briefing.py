"""The analyst's briefing: one self-contained HTML file (scripts and data inline).

Structure: the bottom line (is a deal possible, what blocks it, what would
unlock it), the parties and their stated positions with the evidence quotes
and their sources, the assumptions flagged, the analysis, the what-ifs, a
forecast, a simulation, and a Monte Carlo run when asked. Every number comes
from accord's computations; this module only lays them out.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .. import __version__
from ..analysis import analyze, compare
from ..errors import MissingExtra, require
from ..scenario import Scenario
from ..scenario.evidence import evidence_report, unchecked_quotes
from ..simulation import simulate
from .figures import concession_figure, outcome_space_figure, red_line_figure, variants_figure
from .forecast_figures import SMP_NAMED, forecast_rounds_figure, scenario_smp, smp_positions_figure, smp_ranking
from .safe_html import document, escape, script_json
from .words import (
    conditions_text,
    holds_text,
    is_version_1_1,
    power_note,
    power_rows,
    red_line_text,
    red_lines,
    scenario_rule_text,
)

STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1080px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{margin-bottom:.2em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.6em 0;font-size:.92em}td,th{border:1px solid #ddd;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#f5f5f5}.bottom{background:#fff8e1;border-left:6px solid #f0a500;padding:.8em 1.2em}
.ok{color:#1b7e26;font-weight:600}.no{color:#b3261e;font-weight:600}.quote{font-style:italic}
.assumption{background:#fdecea;border-radius:3px;padding:0 .3em}a.assumption{color:#8a1c14}:target{outline:2px solid #f0a500}.muted{color:#777;font-size:.9em}.figure{margin:.4em 0}
details{margin:.4em 0}summary{cursor:pointer}summary h3{display:inline;font-size:1.05em}details.actor{margin:.6em 0}
@page{size:A4;margin:14mm}
@media print{body{max-width:none;margin:0;padding:0;font-size:10pt}h1,h2,h3,summary{break-after:avoid}
table,.figure,.bottom,li{break-inside:avoid}thead{display:table-header-group}tr{break-inside:avoid}
summary{list-style:none}summary::-webkit-details-marker{display:none}:target{outline:none}}
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


# ---------------------------------------------------------------- what rests on assumptions
_SLUG = re.compile(r"[^A-Za-z0-9_.-]")


def evidence_anchor(path: str) -> str:
    """The id of a parameter's entry in "What rests on assumptions" (``ev-`` and the path, made id-safe)."""
    return "ev-" + _SLUG.sub("-", path)


class _Ledger:
    """The evidence of every parameter, computed by :func:`accord.scenario.evidence.evidence_report` (the
    same as ``accord evidence``) over the scenario's document, and where the briefing uses each number.

    A section that shows a parameter calls :meth:`use` with the anchor of the place it is shown: the place
    gets a link to the parameter's entry when the number rests on an assumption or on no evidence at all,
    and the entry links back to every place that showed it.
    """

    def __init__(self, scenario: Scenario) -> None:
        texts = {sid: source.text for sid, source in scenario.sources.items()}
        report = evidence_report(scenario.document, texts)
        self.entries: dict[str, dict] = {p["parameter"]: p for p in report["parameters"]}
        self.no_evidence: list[str] = list(report["no_evidence"])
        self.uses: dict[str, list[tuple[str, str]]] = {}

    def flagged(self, path: str) -> bool:
        """Whether the parameter at ``path`` rests on an assumption or has no evidence."""
        entry = self.entries.get(path)
        return entry is not None and (path in self.no_evidence or bool(entry["assumptions"]))

    def use(self, path: str, anchor: str, label: str) -> str:
        """Record that the place ``anchor`` (described by ``label``) shows ``path``; the link to its entry
        ("" when the parameter is quoted from a source and nothing is assumed)."""
        if not self.flagged(path):
            return ""
        places = self.uses.setdefault(path, [])
        if (anchor, label) not in places:
            places.append((anchor, label))
        kind = "no evidence" if path in self.no_evidence else "assumption"
        return f" <a class='assumption' href='#{_e(evidence_anchor(path))}'>{kind}</a>"


def _place(anchor: str) -> str:
    """An empty element a link can point at."""
    return f"<span id='{_e(anchor)}'></span>"


def _sets(scenario: Scenario, path: str) -> str:
    """What the parameter at ``path`` sets, in words (as the validated scenario has it)."""
    parts = path.split(".")
    actor = scenario.actors.get(parts[1]) if parts[0] == "actors" and len(parts) > 1 else None
    if actor is not None and len(parts) == 2:
        text = f"power {actor.power:g}"
        return text + (f"; reservation {actor.reservation:.2f}" if actor.is_party or actor.is_constituency else "")
    if actor is not None and len(parts) == 4 and parts[2] == "preferences" and parts[3] in actor.preferences:
        pref = actor.preferences[parts[3]]
        text = f"weight {pref.weight:g}"
        if pref.red_line is not None:
            text += f"; red line {red_line_text(pref)}"
            if pref.holds < 1 or any(u.path == (*parts[:4], "holds") for u in scenario.uncertain):
                text += f"; holds with p {pref.holds:.3g} (may be a bluff)"
        return text
    if actor is not None and len(parts) == 3 and parts[2].startswith("interactions["):
        k = int(parts[2][len("interactions["):-1])
        if k < len(actor.interactions):
            term = actor.interactions[k]
            return f"package term when {conditions_text(term.when)}: weight {term.weight:g}, value {term.value:g}"
    if path == "decision" and scenario.decision is not None:
        return f"decision rule: {scenario_rule_text(scenario)}"
    if parts[0] == "events":
        event = next((e for e in scenario.events if e.id == ".".join(parts[1:])), None)
        if event is not None:
            return f"round {event.round}: {event.kind} {event.target}"
    if parts[0] == "variants" and len(parts) >= 4:
        return f"a scripted event of the what-if {parts[1]}"
    return ""


def rests_on_assumptions_section(scenario: Scenario, ledger: _Ledger) -> str:
    """"What rests on assumptions": every parameter with no evidence (the list of ``accord evidence``), every
    parameter resting on an assumption (actors, preferences and their red lines' ``holds``, interactions, the
    decision rule, scripted events, a what-if's events), each with what it sets and links to where the
    briefing uses it; then the numbers given as ranges and the red lines that may be bluffs."""
    def used(path: str) -> str:
        return ", ".join(f"<a href='#{_e(a)}'>{_e(label)}</a>" for a, label in ledger.uses.get(path, [])) or "-"

    def row(path: str, extra: list[str]) -> list[str]:
        return [f"<span id='{_e(evidence_anchor(path))}'></span><code>{_e(path)}</code>", _e(_sets(scenario, path)),
                *extra, used(path)]

    total = len(ledger.entries)
    assumed = [p for p, entry in ledger.entries.items() if entry["assumptions"]]
    alone = [p for p in assumed if not ledger.entries[p]["quotes"]]
    if not total:
        return "<p class='muted'>The scenario's document is not at hand: its evidence cannot be listed.</p>"
    text = (f"<p>Of the scenario's {total} parameters, <b>{len(ledger.no_evidence)}</b> have no evidence at all "
            f"and <b>{len(assumed)}</b> rest on an assumption ({len(alone)} on assumptions alone, with no quote from "
            "a source). Each is linked from where the briefing uses it; its entry links back.</p>")
    if len(ledger.no_evidence) == total:
        text += ("<p class='no'>Every number in this briefing is the scenario author's judgement: no parameter is "
                 "backed by a quote or an assumption stated in the scenario.</p>")
    if ledger.no_evidence:
        text += ("<h3>No evidence</h3><p>Neither a quote from a source nor a stated assumption backs these numbers "
                 "(<code>accord evidence</code> lists the same).</p>"
                 + _table(["parameter", "what it sets", "used in"], [row(p, []) for p in ledger.no_evidence]))
    if assumed:
        rows = []
        for path in assumed:
            entry = ledger.entries[path]
            said = "<br>".join(f"<span class='assumption'>assumption</span> {_e(a)}" for a in entry["assumptions"])
            quotes = len(entry["quotes"])
            rows.append(row(path, [said, f"{quotes} quote{'s' if quotes != 1 else ''}" if quotes else "none"]))
        text += ("<h3>Assumptions</h3>"
                 + _table(["parameter", "what it sets", "assumption", "quotes as well", "used in"], rows))
    if not ledger.no_evidence and not assumed:
        text += "<p>No assumptions are recorded: every parameter is backed by a quote from a source.</p>"
    uncertain = ", ".join(".".join(map(str, u.path)) for u in scenario.uncertain)
    if uncertain:
        text += f"<p class='muted'>Numbers given as ranges (analysed at their central values): {_e(uncertain)}.</p>"
    bluffs = [".".join(map(str, path)) + f" (p {p:.3g})" for path, p in scenario.holds_paths]
    if bluffs:
        text += ("<p class='muted'>Red lines that may be bluffs (taken as binding in the analysis; drawn in the "
                 f"Monte Carlo run): {_e(', '.join(bluffs))}.</p>")
    return text


def _link(url: str) -> str:
    """A source's URL as a link when it is a web address (http or https), else as text."""
    if url.lower().startswith(("http://", "https://")):
        return f"<a href='{_e(url)}' rel='noopener noreferrer'>{_e(url)}</a>"
    return _e(url)


def sources_section(scenario: Scenario) -> str:
    """Each source with its title, date, outlet, URL and local file (whether it was read), then the quotes
    that could not be checked ("" for a scenario without sources)."""
    rows = []
    for source in scenario.sources.values():
        if source.file:
            read = "read" if source.text is not None else (
                "not read: its quotes are unchecked" if scenario.base_dir is not None else "not read")
            file = f"<code>{_e(source.file)}</code> <span class='muted'>({read})</span>"
        else:
            file = "-"
        rows.append([f"{_place('source-' + _SLUG.sub('-', source.id))}{_e(source.title or source.id)}"
                     f" <span class='muted'>({_e(source.id)})</span>", _e(source.date or "-"),
                     _e(source.publisher or "-"), _link(source.url) if source.url else "-", file])
    text = _table(["source", "date", "outlet", "URL", "local file"], rows) if rows else ""
    unchecked = unchecked_quotes(scenario)
    if unchecked:
        text += ("<p><b>Quotes not checked</b>: their source file could not be read.</p><ul>"
                 + "".join(f"<li>{_e(q['parameter'])}: <span class='quote'>“{_e(q['quote'])}”</span> "
                           f"<span class='muted'>({_e(q['source'])}, {_e(q['file'])})</span></li>" for q in unchecked)
                 + "</ul>")
    return text


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
            items = "".join(f"<li>{_e(u.description)}: opens {u.acceptable:,} package(s); best deal "
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


COLLAPSE_ABOVE = 8  # with more parties, each actor's positions table starts collapsed


def parties_section(scenario: Scenario, ledger: _Ledger | None = None) -> str:
    """Each actor's positions issue by issue with their evidence, in a ``<details>`` element headed by the
    actor (open with up to :data:`COLLAPSE_ABOVE` parties, collapsed above, so that the analysis is not
    pushed thousands of pixels down); with ``ledger``, a link to "What rests on assumptions" from every
    number that rests on an assumption or on no evidence."""
    credibility = {(e["actor"], e["issue"]): holds_text(e) for e in red_lines(scenario)}
    collapsed = len(scenario.parties) > COLLAPSE_ABOVE
    out = []

    def flag(path: str, anchor: str, label: str) -> str:
        return ledger.use(path, anchor, label) if ledger is not None else ""

    for actor in scenario.actors.values():
        rows = []
        for issue_id, pref in actor.preferences.items():
            issue = scenario.issues[issue_id]
            best = issue.options[max(range(issue.size), key=lambda k: pref.scores[k])]
            red = _e(red_line_text(pref)) if pref.red_line else "-"
            if pref.red_line is not None and credibility.get((actor.id, issue_id), "certain") != "certain":
                red += f" <span class='muted'>({_e(credibility[(actor.id, issue_id)])})</span>"
            path = f"actors.{actor.id}.preferences.{issue_id}"
            anchor = "use-" + _SLUG.sub("-", path)
            link = flag(path, anchor, f"positions: {actor.name} on {issue.name}")
            rows.append([_place(anchor) + _e(issue.name), f"{actor.normalised_weight(issue_id):.2f}", _e(best), red,
                         _evidence(pref.evidence) + (("<br>" if pref.evidence else "") + link.strip() if link else "")])
        anchor = "use-" + _SLUG.sub("-", f"actors.{actor.id}")
        link = flag(f"actors.{actor.id}", anchor, f"positions: {actor.name}")
        head = (f"<h3 id='{_e(anchor)}'>{_e(actor.name)} <span class='muted'>({_e(actor.role)}"
                + (f" of {_e(actor.of)}" if actor.of else "") + f"; power {actor.power:g}"
                + (f"; reservation {actor.reservation:.2f}" if actor.is_party or actor.is_constituency else "")
                + f"; {len(actor.preferences)} issue{'s' if len(actor.preferences) != 1 else ''}"
                + (f", {reds} red line{'s' if reds != 1 else ''}"
                   if (reds := sum(p.red_line is not None for p in actor.preferences.values())) else "")
                + f")</span>{link}</h3>")
        terms = []
        for k, term in enumerate(actor.interactions):
            path = f"actors.{actor.id}.interactions[{k}]"
            anchor = "use-" + _SLUG.sub("-", path)
            terms.append([_place(anchor) + _e(conditions_text(term.when)), f"{term.weight:g}", f"{term.value:g}",
                          _evidence(term.evidence) + flag(path, anchor, f"package terms: {actor.name} #{k + 1}")])
        body = ((f"<p>{_evidence(actor.evidence)}</p>" if actor.evidence else "")
                + _table(["issue", "salience", "prefers", "red line", "evidence"], rows)
                + (f"<p>Package terms of {_e(actor.name)} (worth more together than apart):</p>"
                   + _table(["when", "weight", "value", "evidence"], terms) if terms else ""))
        out.append(f"<details class='actor'{'' if collapsed else ' open'}><summary>{head}</summary>{body}</details>")
    intro = (f"<p class='muted'>{len(scenario.parties)} parties: each actor's table is collapsed; open it by its "
             "name (the PDF prints every table open). A link to a number below opens its table.</p>"
             if collapsed else "")
    return intro + "".join(out)


def red_lines_section(scenario: Scenario, ledger: _Ledger | None = None) -> str:
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
        path = f"actors.{entry['actor']}.preferences.{entry['issue']}"
        anchor = "use-redline-" + _SLUG.sub("-", path)
        link = ledger.use(path, anchor, f"red lines: {entry['actor']} on {entry['issue']}") if ledger else ""
        rows.append([_place(anchor) + _e(entry["actor"]), _e(entry["issue"]), _e(entry["red_line"]),
                     _e(entry["unless"]) if entry["unless"] else "-", _e(credibility),
                     (evidence or "<span class='assumption'>no evidence given</span>") + link])
    if not rows:
        return ""
    return ("<p>A red line with a condition is waived whenever the deal meets the condition; a red line that "
            "holds with p below 1 may be a bluff (the analysis takes every red line as binding; the Monte "
            "Carlo run, when asked, draws whether each binds).</p>"
            + _table(["actor", "issue", "red line", "waived when", "credibility", "evidence"], rows))


def decision_section(scenario: Scenario, found, ledger: _Ledger | None = None) -> str:
    """Format 1.1: the decision rule in words, voting power, the solutions' coalitions and ratification
    ("" for a scenario without a decision and without constituencies)."""
    ratifiers = {p: c for p, c in scenario.constituencies.items() if c}
    if scenario.decision is None and not ratifiers:
        return ""
    text = ""
    if scenario.decision is not None:
        decision = scenario.decision
        link = ledger.use("decision", "use-decision", "decision rule") if ledger is not None else ""
        text += f"<p id='use-decision'>Decision rule: <b>{_e(scenario_rule_text(scenario))}</b>.{link}</p>"
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


def analysis_section(scenario: Scenario, found, figures: _Figures) -> str:
    text = figures.add(red_line_figure(scenario))
    if found.acceptable:
        rows = [[_e(n.replace("_", "-")), _outcome(d.outcome), *[f"{d.utilities[p]:.3f}" for p in found.parties],
                 f"{d.score:.4g}"] for n, d in found.solutions.items() if d]
        text += _table(["solution", "package", *found.parties, "score"], rows)
    if scenario.outcome_count <= 5_000_000:
        text += figures.add(outcome_space_figure(scenario, found))
    return text


def _patched(patch: Any, vid: str) -> list[str]:
    """The evidence paths (as :func:`accord.scenario.evidence.evidence_parameters` names them) whose numbers a
    variant's patch changes or adds."""
    found: list[str] = []
    if not isinstance(patch, dict):
        return found
    actors = patch.get("actors")
    for aid, body in actors.items() if isinstance(actors, dict) else ():
        if not isinstance(body, dict):
            continue
        if any(k in body for k in ("power", "reservation", "vote_weight")):
            found.append(f"actors.{aid}")
        prefs = body.get("preferences")
        found += [f"actors.{aid}.preferences.{iid}" for iid in (prefs if isinstance(prefs, dict) else {})]
    if "decision" in patch:
        found.append("decision")
    events = patch.get("events")
    found += [f"variants.{vid}.events.{eid}" for eid in (events if isinstance(events, dict) else {})]
    return found


def variants_section(scenario: Scenario, comparison, figures: _Figures, ledger: _Ledger | None = None) -> str:
    rows = []
    ruled = any(found.power_indices for _, _, found in comparison.rows)
    for variant, description, found in comparison.rows:
        nash = found.solutions["nash"]
        links = ""
        if variant is not None and ledger is not None and variant in scenario.variants:
            anchor = "use-variant-" + _SLUG.sub("-", variant)
            links = "".join(ledger.use(path, anchor, f"what-if {variant}")
                            for path in _patched(scenario.variants[variant].patch, variant))
            links = (f"<br><span class='muted'>rests on:</span>{links}" if links else "") + _place(anchor)
        rows.append([_e(variant or "(base)"), _e(description) + links, f"{found.acceptable}/{found.outcomes}",
                     _e("; ".join(b.short() for b in found.blockers) or "-"),
                     _outcome(nash.outcome) if nash else "-"]
                    + ([_e(", ".join(nash.coalition)) if nash is not None and nash.coalition else "-"] if ruled else []))
    return (_table(["variant", "what changes", "ZOPA", "blocked by", "Nash deal"] + (["Nash coalition"] if ruled else []),
                   rows)
            + figures.add(variants_figure(comparison, scenario.parties)))


def simulation_section(scenario: Scenario, seed: int, figures: _Figures, ledger: _Ledger | None = None) -> str:
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
        if ledger is not None:
            anchor = "use-simulation-" + _SLUG.sub("-", label or "base")
            scripted = []
            for event in model.events:
                path = (f"variants.{label}.events.{event.id}" if label and f"variants.{label}.events.{event.id}"
                        in ledger.entries else f"events.{event.id}")
                scripted.append(f"{_e(event.id)} (round {event.round}, {_e(event.kind)} {_e(event.target)})"
                                + ledger.use(path, anchor, f"simulation: {label or 'as it stands'}"))
            if scripted:
                notes += f"<li id='{_e(anchor)}'>scripted events: {'; '.join(scripted)}</li>"
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
        text += (f"<p>What drives {what} ({found.sensitivity.runs:,} base draws, Sobol indices: the share of its "
                 "variance an input causes alone, first-order, or together with the others, total; the totals can "
                 "add up to more than 1, the excess being the interactions), and the one-at-a-time "
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
    ledger = _Ledger(scenario)
    found = analyze(scenario)
    comparison = compare(scenario) if scenario.variant is None else compare(scenario, [])
    title = scenario.name + (f" — variant {scenario.variant}" if scenario.variant else "")
    sections = [
        ("Bottom line", bottom_line(scenario, found, comparison)),
        ("Parties and their stated positions", parties_section(scenario, ledger)),
        ("Analysis", analysis_section(scenario, found, figures)),
    ]
    if is_version_1_1(scenario):
        extra = [("Conditional red lines and credibility", red_lines_section(scenario, ledger)),
                 ("Decision rule, coalitions and power", decision_section(scenario, found, ledger))]
        sections[2:2] = [(name, content) for name, content in extra if content]
    if len(comparison.rows) > 1:
        sections.append(("What-ifs compared", variants_section(scenario, comparison, figures, ledger)))
    sections.append(("Forecast", forecast_section(scenario, figures)))
    if include_simulation:
        sections.append(("Simulation", simulation_section(scenario, seed, figures, ledger)))
    if montecarlo:
        sections.append(("Uncertainty (Monte Carlo)", montecarlo_section(scenario, montecarlo, seed, figures,
                                                                         simulate=include_simulation)))
    # built last: it links back to every place the sections above showed a number that rests on an assumption
    sections.insert(2, ("What rests on assumptions", rests_on_assumptions_section(scenario, ledger)))
    sources = sources_section(scenario)
    body = "".join(f"<h2>{_e(name)}</h2>{content}" for name, content in sections)
    stamp = dt.date.today().isoformat()
    page = (f"<h1>{_e(title)}</h1>"
            f"<p class='muted'>Briefing generated by accord {_e(__version__)} on {stamp}"
            + (f"; picture as of {_e(scenario.date.isoformat())}" if scenario.date else "") + "</p>"
            + (f"<p>{_e(scenario.description)}</p>" if scenario.description else "")
            + body + (f"<h2>Sources</h2>{sources}" if sources else "") + figures.notice())
    return document(title, STYLE, page, figures.scripts())
