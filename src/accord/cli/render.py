"""Human-readable rendering of results with rich (no negotiation logic here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .._io import shown
from ..analysis import Analysis, Comparison, Evaluation
from ..analysis._analyze import Deal
from ..report import words
from ..scenario import Scenario
from .common import literal

PARETO_ROWS = 15


def number(x: float, digits: int = 3) -> str:
    """A number for a reader: ``digits`` significant digits, thousands separators, no scientific notation for
    ordinary magnitudes (1e-4 <= |x| < 1e15): ``1,300``, ``12.3``, ``0.0123``, ``-4,560,000``.

    >>> [number(1300.0), number(1234.5), number(12.34), number(0.012345), number(0.0), number(-2.5e6)]
    ['1,300', '1,234', '12.3', '0.0123', '0', '-2,500,000']
    """
    import math

    if not math.isfinite(x):
        return str(x)
    if x == 0:
        return "0"
    size = abs(x)
    if not 1e-4 <= size < 1e15:
        return f"{x:.{digits}g}"
    if size >= 10 ** (digits - 1):  # no decimals needed: round to the significant digits or the unit
        exponent = int(math.floor(math.log10(size)))
        step = 10 ** max(0, exponent - max(digits, 4) + 1)  # 4 digits for thousands: 1,234 not 1,230
        return f"{round(x / step) * step:,.0f}"
    decimals = digits - 1 - int(math.floor(math.log10(size)))
    text = f"{x:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# ---------------------------------------------------------------- tables that fit the console
# The layout rule (docs/cli.md, "Tables at any width"): a table with one column per party is printed wide when
# every column fits the console at its natural width (numbers never wrap; text columns may wrap down to
# TEXT_MIN characters); otherwise transposed (a row per party, a numbered column per record, the records' text
# as numbered lines above); otherwise as lines, one paragraph per record. Numbers are never cut to "…".
TEXT_MIN = 8
SHOWN_PARTIES = 6  # parties listed per record in the lines layout when a record chooses to show its lowest


@dataclass(frozen=True)
class Record:
    """One row of a per-party table: its ``label``, text ``cells`` (one per header), a value per party
    (already formatted) and ``tail`` cells after the parties; ``order``: the parties to name first in the
    lines layout (e.g. the lowest surplus first), with ``shown`` of them listed and the rest counted."""

    label: str
    cells: tuple[str, ...] = ()
    values: dict[str, str] = field(default_factory=dict)
    tail: tuple[str, ...] = ()
    order: tuple[str, ...] | None = None


def _width(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


def _needed(columns: list[tuple[str, list[str], bool]]) -> int:
    """Width of a boxed rich table whose columns (header, cells, wraps) take their natural width, text
    columns wrapped down to at most TEXT_MIN (but never below their longest word)."""
    total = 1
    for header, cells, wraps in columns:
        texts = [header, *cells]
        if wraps:
            longest_word = max((len(w) for t in texts for w in t.split()), default=1)
            need = max(longest_word, min(TEXT_MIN, max(map(_width, texts), default=1)))
        else:
            need = max(map(_width, texts), default=1)
        total += need + 3
    return total


def _new_table(title: str | None) -> Table:
    return Table(title=title, title_justify="left") if title else Table()


def party_table(console: Console, *, title: str | None, label: str, headers: tuple[str, ...], parties: tuple[str, ...],
                records: list[Record], tail: tuple[str, ...] = (), note: str | None = None, kind: str = "party",
                wrap_values: bool = False) -> str:
    """Print ``records`` in the first layout that fits ``console.width``: wide, transposed, lines.

    Returns the layout used (``"wide"``, ``"transposed"`` or ``"lines"``). ``note`` (e.g. "... 14 more")
    is printed as a wrapped line after the table, never inside a cell. ``parties`` may be any columns
    (``kind`` names them in the transposed layout, e.g. ``"model"``); ``wrap_values``: values with spaces
    (``"65.4 (phased) !"``) may wrap inside their cells.
    """
    width = console.width
    wide = [(label, [r.label for r in records], False)]
    wide += [(h, [r.cells[k] for r in records], True) for k, h in enumerate(headers)]
    wide += [(p, [r.values.get(p, "-") for r in records], wrap_values) for p in parties]
    wide += [(h, [r.tail[k] for r in records], True) for k, h in enumerate(tail)]
    layout = "wide"
    if _needed(wide) > width:
        keys = [str(k) for k in range(1, len(records) + 1)]
        transposed = [(kind, list(parties), False)]
        transposed += [(key, [r.values.get(p, "-") for p in parties], wrap_values) for key, r in zip(keys, records)]
        layout = "transposed" if _needed(transposed) <= width and parties else "lines"
    if title:
        console.print(Text(title, style="italic"), overflow="fold")
    if layout != "wide":
        for header in headers:
            if _short(header) != header:
                console.print(Text(shown(f"{_short(header)}: {header[len(_short(header)) + 2:-1]}"), style="dim"),
                              overflow="fold")
    if layout == "wide":
        table = Table()
        table.add_column(Text(label), no_wrap=True)
        for header in headers:
            table.add_column(Text(header), overflow="fold")
        for party in parties:
            table.add_column(Text(party), justify="right", no_wrap=not wrap_values, overflow="fold")
        for header in tail:
            table.add_column(Text(header), justify="right" if header == "score" else "left", overflow="fold")
        for r in records:
            table.add_row(*(Text(shown(c)) for c in (r.label, *r.cells, *(r.values.get(p, "-") for p in parties),
                                                      *r.tail)))
        console.print(table)
    elif layout == "transposed":
        for key, r in zip(keys, records):
            console.print(Text(shown(f"{key}. {_describe(label, r, headers, tail)}")), overflow="fold")
        if not any(r.values.get(p, "-") != "-" for r in records for p in parties):
            return layout  # no record has a value for any party (no deal anywhere): no table of dashes
        table = Table()
        table.add_column(kind, no_wrap=True)
        for key in keys:
            table.add_column(key, justify="right", no_wrap=not wrap_values, overflow="fold")
        for party in parties:
            table.add_row(Text(shown(party)), *(Text(r.values.get(party, "-")) for r in records))
        console.print(table)
    else:
        for r in records:
            console.print(Text(shown(_describe(label, r, headers, tail))), overflow="fold")
            order = r.order if r.order is not None else tuple(p for p in parties if p in r.values)
            listed = order[:SHOWN_PARTIES] if r.order is not None else order
            items = [shown(f"{p} {r.values[p]}") for p in listed]
            hidden = len(order) - len(listed)
            if hidden:
                items.append(f"(+{hidden} more parties hidden)")
            for line in packed(items, width - 2):
                console.print(Text("  " + line, style="dim"), overflow="fold")
    if note:
        console.print(Text(note), overflow="fold")
    return layout


def packed(items: list[str], width: int) -> list[str]:
    """``items`` joined by ", " into lines of at most ``width`` characters, never splitting an item
    (an item longer than ``width`` gets a line of its own, folded by the console)."""
    lines: list[str] = []
    for k, item in enumerate(items):
        piece = item + ("," if k < len(items) - 1 else "")
        if lines and len(lines[-1]) + 1 + len(piece) <= width:
            lines[-1] += " " + piece
        else:
            lines.append(piece)
    return lines


def _short(header: str) -> str:
    """``"package (a / b)"`` -> ``"package"``: the legend line above a long layout names the parts once."""
    return header.split(" (", 1)[0]


def _describe(label: str, record: Record, headers: tuple[str, ...], tail: tuple[str, ...]) -> str:
    parts = [f"{_short(h)}: {c}" for h, c in zip(headers, record.cells)]
    parts += [f"{h} {c}" for h, c in zip(tail, record.tail) if c]
    return f"{label} {record.label}" + (" | " + "; ".join(parts) if parts else "")


def outcome_text(outcome: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in outcome.items())


def package_text(outcome: dict[str, Any]) -> str:
    """Options only, in issue order: compact enough for a table cell."""
    return " / ".join(str(v) for v in outcome.values())


def package_header(scenario: Scenario) -> str:
    return "package (" + " / ".join(scenario.issues) + ")"


def _values(deal: Deal | None, actors: tuple[str, ...]) -> dict[str, str]:
    """Each actor's utility of ``deal`` to three decimals ("-" without a deal)."""
    if deal is None:
        return dict.fromkeys(actors, "-")
    return {a: f"{deal.utilities.get(a, 0.0):.3f}" for a in actors}


def acceptable_to(scenario: Scenario) -> str:
    """Who must accept for a package to count: every party (unanimity) or a winning set under the rule."""
    return "every party" if scenario.decision_rule.is_unanimity else "a winning set"


def condition_package_text(package: dict[str, Any]) -> str:
    """A meet-condition unlock's ``package`` (issue -> options, or ``{min, max}``) in words."""
    parts = []
    for issue, condition in package.items():
        if isinstance(condition, dict):
            bounds = [f">= {condition['min']:g}" if condition.get("min") is not None else "",
                      f"<= {condition['max']:g}" if condition.get("max") is not None else ""]
            parts.append(f"{issue} " + " and ".join(b for b in bounds if b))
        else:
            options = condition if isinstance(condition, list | tuple) else [condition]
            parts.append(f"{issue} in {{{', '.join(str(o) for o in options)}}}")
    return " and ".join(parts)


def rule_and_ratification(console: Console, scenario: Scenario) -> None:
    """Format 1.1: the decision rule in words, who ratifies for whom, red lines with a condition or in doubt."""
    if scenario.decision is not None:
        console.print(f"decision: {words.scenario_rule_text(scenario)}", highlight=False, markup=False)
    for party, ratifiers in scenario.constituencies.items():
        if ratifiers:
            console.print(f"ratification: {party}'s yes needs {', '.join(ratifiers)}", highlight=False,
                          markup=False)
    special = [e for e in words.red_lines(scenario) if e["unless"] or words.holds_text(e) != "certain"]
    if special:
        console.print("Red lines with a condition or in doubt:")
        for entry in special:
            console.print(f"  {entry['actor']} on {entry['issue']}: "
                          + "; ".join([entry["red_line"] + (f", unless {entry['unless']}" if entry["unless"] else ""),
                                       words.holds_text(entry)]), highlight=False, markup=False)


def power_table(result: Analysis) -> Table | None:
    """Shapley–Shubik and Banzhaf index of each party under the decision rule (None without a decision)."""
    power = result.power_indices
    if not power:
        return None
    table = Table(title=f"Voting power under the rule ({words.power_note(power)})", title_justify="left")
    table.add_column("party")
    table.add_column("Shapley–Shubik", justify="right")
    table.add_column("Banzhaf", justify="right")
    for row in words.power_rows(power):
        table.add_row(*(literal(cell) for cell in row))
    return table


def coalition_lines(result: Analysis) -> list[str]:
    """``"nash, egalitarian: port, town"``: the minimal winning set each solution bargains in."""
    by_set: dict[tuple[str, ...], list[str]] = {}
    for name, deal in result.solutions.items():
        if deal is not None and deal.coalition is not None:
            by_set.setdefault(deal.coalition, []).append(name.replace("_", "-"))
    return [f"  {', '.join(names)}: {', '.join(members)}" for members, names in by_set.items()]


HOLDOUT_ROWS = 3  # packages with the fewest holdouts, and lone holdouts, shown in the terminal (JSON has more)


def holdout_lines(console: Console, result: Analysis) -> None:
    """Holdouts under unanimity: the packages closest to agreement and who holds out; consensus minus one."""
    held = result.holdouts
    if held is None:
        return
    n = held.by_count.get(held.fewest, 0)
    console.print(f"\nHoldouts: the closest packages have {held.fewest} holdout(s) ({n:,} package(s) of "
                  f"{held.outcomes:,}; {held.parties} parties).", highlight=False, markup=False)
    for package in held.packages[:HOLDOUT_ROWS]:
        console.print(f"  {package_text(package.outcome)}: {package.accepting} accept; holding out: "
                      f"{', '.join(package.holdouts)}", highlight=False, markup=False)
    if held.minus_one:
        console.print(f"Consensus minus one: {held.minus_one:,} package(s) have every party's yes but one:",
                      highlight=False, markup=False)
        for lone in held.lone[:HOLDOUT_ROWS]:
            console.print(f"  {lone.party} alone holds out on {lone.packages:,} ({', '.join(lone.why)}); the one it "
                          f"values most: {package_text(lone.best)} ({lone.utility:.3f})", highlight=False,
                          markup=False)
        if len(held.lone) > HOLDOUT_ROWS:
            console.print(f"  ... {len(held.lone) - HOLDOUT_ROWS} more lone holdout(s) (--json lists them)",
                          highlight=False, markup=False)


def analysis(console: Console, scenario: Scenario, result: Analysis) -> None:
    title = literal(scenario.name) + (f"  [dim](variant {result.variant})[/dim]" if result.variant else "")
    console.print(f"[bold]{title}[/bold]")
    console.print(f"parties: {', '.join(result.parties)}   outcomes: {result.outcomes:,}   "
                  f"acceptable to {acceptable_to(scenario)}: [bold]{result.acceptable:,}[/bold]")
    rule_and_ratification(console, scenario)
    power = power_table(result)
    if power is not None:
        console.print(power)
    if result.zopa_empty:
        console.print("\n[bold red]No zone of possible agreement.[/bold red]")
        for blocker in result.blockers:
            console.print(f"  blocked: {blocker.describe()}", highlight=False, markup=False)
        if result.holdouts is not None:
            holdout_lines(console, result)
        joint = bool(result.unlock) and all(u.kind == "joint" for u in result.unlock)
        if joint:
            console.print("\nNo single change by one party opens it.")
            console.print("[bold]What would open it[/bold] (changes by two or three parties together, smallest "
                          "first):")
            for k, unlock in enumerate(result.unlock, 1):
                console.print(f"  {k}. {', '.join(unlock.parties or ())} move: {unlock.description}: opens "
                              f"{unlock.acceptable} package(s)", highlight=False, markup=False)
                if unlock.nash:
                    console.print(f"     Nash deal: {outcome_text(unlock.nash.outcome)}", highlight=False,
                                  markup=False)
        elif result.unlock:
            console.print("\n[bold]What would open it[/bold] (smallest single changes first):")
            for k, unlock in enumerate(result.unlock, 1):
                console.print(f"  {k}. {unlock.description}: opens {unlock.acceptable:,} package(s)", highlight=False,
                              markup=False)
                if unlock.kind == "meet-condition" and unlock.package:
                    console.print(f"     the deal meets the condition {condition_package_text(unlock.package)}",
                                  highlight=False, markup=False)
                if unlock.nash:
                    console.print(f"     Nash deal: {outcome_text(unlock.nash.outcome)}", highlight=False)
                    scores = ", ".join(f"{p} {unlock.nash.utilities[p]:.3f}" for p in result.parties)
                    console.print(f"     [dim]{scores}[/dim]", highlight=False)
        else:
            console.print("  No single change by one party opens it.")
        return
    console.print("\n[bold green]A deal is possible.[/bold green]")
    solutions = [Record(name.replace("_", "-"), (package_text(deal.outcome) if deal else "-",),
                        _values(deal, result.parties), (f"{deal.score:.4g}" if deal else "-",))
                 for name, deal in result.solutions.items()]  # None cannot happen once the ZOPA is not empty
    party_table(console, title="Bargaining solutions over the ZOPA", label="solution",
                headers=(package_header(scenario),), parties=result.parties, records=solutions, tail=("score",))
    if result.solutions_not_computed:
        console.print(literal(result.solutions_not_computed), highlight=False, soft_wrap=True)
    coalitions = coalition_lines(result)
    if coalitions:
        console.print("Coalitions (the minimal winning set each solution bargains in):", highlight=False,
                      markup=False)
        for line in coalitions:
            console.print(line, highlight=False, markup=False)
    more = len(result.pareto) - PARETO_ROWS
    party_table(console, title=f"Pareto frontier ({len(result.pareto):,} packages)", label="package",
                headers=(), parties=result.parties,
                records=[Record(package_text(deal.outcome), (), _values(deal, result.parties))
                         for deal in result.pareto[:PARETO_ROWS]],
                note=f"... {more:,} more (--json --full-frontier lists all)" if more > 0 else None)


def evaluation(console: Console, scenario: Scenario, result: Evaluation) -> None:
    console.print(f"[bold]{literal(scenario.name)}[/bold]" + (f"  [dim](variant {scenario.variant})[/dim]" if scenario.variant else ""))
    console.print(f"proposal: {outcome_text(result.proposal)}")
    table = Table(title="Who accepts", title_justify="left")
    table.add_column("actor")
    table.add_column("utility", justify="right")
    table.add_column("reservation", justify="right")
    table.add_column("verdict")
    verdicts = {v.party: v for v in result.verdicts}
    for actor, utility in result.utilities.items():
        verdict = verdicts.get(actor)
        if verdict is None:
            table.add_row(actor, f"{utility:.3f}", "", f"[dim]{scenario.actors[actor].role} (no veto)[/dim]")
        elif verdict.accepts:
            table.add_row(actor, f"{utility:.3f}", f"{verdict.reservation:.3f}", "[green]accepts[/green]")
        else:
            table.add_row(actor, f"{utility:.3f}", f"{verdict.reservation:.3f}",
                          "[red]rejects[/red]: " + "; ".join(verdict.reasons))
    console.print(table)
    if not result.improvements:
        console.print("No package within every party's red lines leaves everyone at least as well off"
                      " (see accord analyze for what blocks a deal).")
        return
    parties = scenario.parties
    party_table(console, title="Pareto improvements within every party's red lines (best first)", label="package",
                headers=(), parties=parties,
                records=[Record(package_text(deal.outcome), (), _values(deal, parties)) for deal in result.improvements])


def comparison(console: Console, scenario: Scenario, result: Comparison) -> None:
    console.print(f"[bold]{literal(result.scenario)}[/bold]: base and variants")
    parties = scenario.parties
    records = []
    for variant, _description, found in result.rows:
        nash = found.solutions["nash"]
        blocked = "; ".join(b.short() for b in found.blockers) or "-"
        records.append(Record(variant or "(base)", (f"{found.acceptable:,}/{found.outcomes:,}", blocked,
                                                    package_text(nash.outcome) if nash else "-"),
                              _values(nash, parties)))
    party_table(console, title=None, label="variant",
                headers=("ZOPA", "blocked by", "Nash deal (" + " / ".join(scenario.issues) + ")"), parties=parties,
                records=records)
    ruled = [(variant, found) for variant, _, found in result.rows if found.power_indices]
    if not ruled:
        return
    records = []
    for variant, found in ruled:
        rows = {party: (ss, bz) for party, ss, bz in words.power_rows(found.power_indices or {})}
        nash = found.solutions["nash"]
        coalition = ", ".join(nash.coalition) if nash is not None and nash.coalition else "-"
        records.append(Record(shown(variant or "(base)"), (), {p: " / ".join(rows[p]) if p in rows else "-"
                                                                for p in parties}, (shown(coalition),)))
    party_table(console, title="Voting power (Shapley–Shubik / Banzhaf) and the Nash coalition", label="variant",
                headers=(), parties=parties, records=records, tail=("Nash coalition",))


def simulation(console: Console, scenario: Scenario, result, show_trace: bool = True) -> None:
    """A readable summary of one simulated negotiation (``show_trace``: with a table of the last rounds)."""
    title = literal(scenario.name) + (f"  [dim](variant {result.variant})[/dim]" if result.variant else "")
    console.print(f"[bold]{title}[/bold]")
    who = strategies_text(result.strategies)
    console.print(f"protocol: {result.protocol}   strategies: {who}   deadline: {result.rounds} rounds   seed: {result.seed}",
                  highlight=False)
    rows = [r for r in result.trace if r.offer is not None]
    parties = scenario.parties
    if rows and show_trace:
        reservation = {p: scenario.actors[p].reservation for p in parties}
        records = []
        for row in rows[-TRACE_ROWS:]:
            surplus = sorted(parties, key=lambda p: (row.utilities.get(p, 0.0) - reservation[p], p))
            records.append(Record(str(row.round), (row.proposer or "", package_text(row.offer)),
                                  {p: f"{row.utilities.get(p, 0.0):.3f}" for p in parties},
                                  (answers_text(row.responses, row.not_ratified),), order=tuple(surplus)))
        party_table(console, title="Trace (last rounds)" if len(rows) > TRACE_ROWS else "Trace", label="round",
                    headers=("by", package_header(scenario)), parties=parties, records=records, tail=("answers",),
                    note=None if len(parties) <= SHOWN_PARTIES else
                    "(when the table does not fit: the parties with the lowest surplus first; --trace FILE or "
                    "--json lists every utility)")
    for row in result.trace:
        if row.note:
            console.print(f"  round {row.round}: {shown(row.note)}", highlight=False, markup=False)
    if result.status == "agreement":
        deal = result.agreement
        console.print(f"\n[bold green]Agreement[/bold green] in round {result.round}: {outcome_text(deal['outcome'])}",
                      highlight=False)
        console.print("  " + ", ".join(f"{a} {u:.3f}" for a, u in deal["utilities"].items()), highlight=False)
        metrics = result.metrics
        console.print(f"  social welfare {metrics['social_welfare']:.3f}, distance to the Pareto frontier "
                      f"{metrics['distance_to_pareto']:.3f}, to the Nash point {metrics['distance_to_nash']:.3f}",
                      highlight=False)
    elif result.status == "walkout":
        console.print(f"\n[bold red]Walkout[/bold red] by {result.walkout_by} in round {result.round}: {literal(result.reason)}",
                      highlight=False)
    else:
        console.print(f"\n[bold red]No agreement[/bold red] by the deadline ({result.rounds} rounds).")


TRACE_ROWS = 12  # last rounds of the trace shown in the terminal


def answers_text(responses: dict[str, str], not_ratified: dict[str, Any]) -> str:
    """The parties' answers to an offer: each answer in full for a few parties, counted with the exceptions
    named for many (``"11 accept; reject: india"``)."""
    lines = [f"{p} not ratified by {', '.join(c)}" for p, c in not_ratified.items()]
    if len(responses) <= SHOWN_PARTIES:
        return ", ".join([f"{p} {a}" for p, a in responses.items()] + lines)
    by_answer: dict[str, list[str]] = {}
    for party, answer in responses.items():
        by_answer.setdefault(str(answer), []).append(party)
    common = max(by_answer, key=lambda a: len(by_answer[a]))
    parts = [f"{len(by_answer[common])} {common}"]
    parts += [f"{answer}: {', '.join(who)}" for answer, who in by_answer.items() if answer != common]
    return "; ".join(parts + lines)


def strategies_text(strategies: dict[str, str]) -> str:
    """``"israel: boulware, hamas: tit-for-tat"``; with many parties grouped by strategy (``"boulware(e=0.2) for
    every party"``, ``"boulware for 28 parties; conceder: usa, india"``)."""
    if len(strategies) <= SHOWN_PARTIES:
        return ", ".join(f"{p}: {s}" for p, s in strategies.items())
    by: dict[str, list[str]] = {}
    for party, name in strategies.items():
        by.setdefault(name, []).append(party)
    if len(by) == 1:
        return f"{next(iter(by))} for every party"
    common = max(by, key=lambda n: len(by[n]))
    return "; ".join([f"{common} for {len(by[common])} parties"]
                     + [f"{n}: {', '.join(who)}" for n, who in by.items() if n != common])


def varying_hint() -> str:
    """What would make a batch's runs differ: the registered strategies that declare randomness, and draws of
    the scenario's uncertain numbers."""
    from ..simulation.strategies import STRATEGIES

    random = sorted(name for name, cls in STRATEGIES.items() if cls.traits.stochastic)
    which = ", ".join(random) if random else "one that declares Traits.stochastic"
    return (f"give a party a strategy that draws from its seed (--strategy PARTY=NAME; stochastic: {which}), or "
            "draw the scenario's uncertain numbers with `accord montecarlo --simulate --runs N`")


def batch(console: Console, scenario: Scenario, summary) -> None:
    data = summary.to_json()
    console.print(f"[bold]{literal(scenario.name)}[/bold]" + (f"  [dim](variant {scenario.variant})[/dim]" if scenario.variant else ""))
    walked = [f"walkout by {p} {share:.1%}" for p, share in data["p_walkout"].items() if share > 0]
    ended = ", ".join([f"agreement {data['p_agreement']:.1%}", f"deadline {data['p_deadline']:.1%}", *walked])
    if data.get("identical_runs"):
        console.print(f"{data['runs']} identical runs: {ended}", highlight=False, markup=False)
        console.print(f"The runs are identical because nothing random is in play: {data['identical_runs']}.",
                      highlight=False, markup=False)
        console.print(f"To vary them: {varying_hint()}.", highlight=False, markup=False)
    else:
        console.print(f"{data['runs']} runs: {ended}", highlight=False, markup=False)
    if data["rounds_to_deal"]:
        r = data["rounds_to_deal"]
        console.print(f"rounds to a deal: mean {r['mean']:.1f}, median {r['median']:.0f}, range {r['min']}-{r['max']}",
                      highlight=False)
    if data["deals"]:
        table = Table(title="Deals", title_justify="left")
        table.add_column(package_header(scenario))
        table.add_column("share", justify="right")
        for deal in data["deals"][:10]:
            table.add_row(package_text(deal["outcome"]), f"{deal['share']:.1%}")
        console.print(table)


def forecast(console: Console, scenario: Scenario | None, found: dict, spread: dict | None = None,
             uncertain_inputs: dict | None = None, runs: int = 0) -> None:
    """Models side by side per issue (a "!" marks a forecast that crosses a party's red line, listed below);
    the challenge model's medians round by round; the spread over the draws, or why there is none."""
    if scenario is not None:
        console.print(f"[bold]{literal(scenario.name)}[/bold]" + (f"  [dim](variant {scenario.variant})[/dim]" if scenario.variant else ""))
    if not found:
        return
    models = list(next(iter(found.values())))
    records = []
    for issue_id, entries in found.items():
        cells = {}
        for name in models:
            entry = entries[name]
            text = number(entry['position'])
            if scenario is not None and scenario.issues[issue_id].kind == "categorical":
                text += f" ({entry['option']})"
            if entry.get("red_lines_crossed"):
                text += " !"
            cells[name] = text
        records.append(Record(issue_id, (), cells))
    party_table(console, title="Forecasts (position on the issue's scale, nearest option)", label="issue", headers=(),
                parties=tuple(models), records=records, kind="model", wrap_values=True)
    for issue_id, entries in found.items():
        crossing = [f"{name} ({', '.join(entries[name]['red_lines_crossed'])})" for name in models
                    if entries[name].get("red_lines_crossed")]
        if crossing:
            console.print(f"  ! on {literal(issue_id)}, crosses red lines of: {literal('; '.join(crossing))}",
                          highlight=False)
        if any(entry.get("within_red_lines") is False for entry in entries.values()):
            console.print(f"  no option of {literal(issue_id)} passes every party's red lines: forecast without "
                          "the restriction", highlight=False)
    for issue_id, entries in found.items():
        if "challenge" in entries:
            rounds = entries["challenge"]["rounds"]
            medians = ", ".join(number(r['median']) for r in rounds[:12])
            more = f", ... ({len(rounds) - 1} rounds)" if len(rounds) > 12 else ""
            console.print(f"  challenge model on {issue_id}, median by round: {medians}{more}", highlight=False)
    if spread:
        varied = uncertain_inputs if uncertain_inputs is not None else dict.fromkeys(spread, True)
        if not any(varied.values()):
            console.print(f"--runs {runs}: no uncertain number feeds these models (their inputs, ideal points, "
                          "saliences and powers, are the same in every draw), so every draw gives the forecast "
                          "above.", highlight=False)
            return
        records = []
        for issue_id, entries in spread.items():
            if not varied.get(issue_id, True):
                records.append(Record(issue_id, (), dict.fromkeys(models, "certain inputs: as above")))
                continue
            records.append(Record(issue_id, (), {n: f"{number(entries[n]['q05'])} / {number(entries[n]['q50'])} / "
                                                    f"{number(entries[n]['q95'])}" for n in models}))
        party_table(console, title="Under uncertainty: 5% / median / 95% of the forecast", label="issue",
                    headers=(), parties=tuple(models), records=records, kind="model", wrap_values=True)


def smp(console: Console, result: dict) -> None:
    """SMP: every actor's position per dimension at the first, a middle and the last state, and its win probability."""
    states = result["states"]
    at = sorted({0, states // 2, states - 1})
    dims = tuple(next(iter(result["positions"].values())))
    records = [Record(actor, (), {d: " > ".join(number(by_dim[d][t]) for t in at) for d in dims},
                      (f"{result['prob'][actor][-1]:.3f}",)) for actor, by_dim in result["positions"].items()]
    party_table(console, title=f"SMP (KTAB): {states} states; positions at states {', '.join(map(str, at))}",
                label="actor", headers=(), parties=dims, records=records, tail=("P(win), last",), kind="dimension",
                wrap_values=True)


def _with_interval(value: float, interval: list[float] | None) -> str:
    """``0.64 [0.41, 0.87]``: an index with its bootstrap interval (the value alone without one)."""
    if not interval:
        return f"{value:.2f}"
    return f"{value:.2f} [{interval[0]:.2f}, {interval[1]:.2f}]"


def montecarlo(console: Console, scenario: Scenario, report: dict) -> None:
    """P(ZOPA) with its interval per scenario/variant, the likely deals, the drivers, the simulation."""
    console.print(f"[bold]{literal(scenario.name)}[/bold]" + (f"  [dim](variant {scenario.variant})[/dim]" if scenario.variant else ""))
    if report.get("interrupted"):
        console.print(f"[yellow]Interrupted: results cover the {report['runs']:,} draws done.[/yellow]")
    table = Table(title=f"{report['runs']:,} draws, seed {report['seed']}", title_justify="left")
    table.add_column("scenario")
    table.add_column("P(zone of agreement)", justify="right")
    table.add_column("95% interval", justify="right")
    table.add_column("vs base (paired)", justify="right")
    simulated = report.get("p_agreement") is not None
    if simulated:
        table.add_column("P(deal, simulated)", justify="right")
        table.add_column("vs base (paired)", justify="right")
    rows = [("(base)" if not scenario.variant else scenario.variant, report, None)]
    rows += [(name, data, data) for name, data in report.get("variants", {}).items()]
    for name, data, diff in rows:
        low, high = data["p_zopa_ci"]
        delta = ""
        if diff is not None and diff.get("difference") is not None:
            dl, dh = diff["difference_ci"]
            delta = f"{diff['difference']:+.1%} ({dl:+.1%}..{dh:+.1%})"
        cells = [name, f"{data['p_zopa']:.1%}", f"{low:.1%} - {high:.1%}", delta]
        if simulated:
            deal = ""
            if data.get("p_agreement") is not None:
                a_lo, a_hi = data["p_agreement_ci"]
                deal = f"{data['p_agreement']:.1%} ({a_lo:.1%} - {a_hi:.1%})"
            change = ""
            if diff is not None and diff.get("agreement_difference") is not None:
                dl, dh = diff["agreement_difference_ci"]
                change = f"{diff['agreement_difference']:+.1%} ({dl:+.1%}..{dh:+.1%})"
            cells += [deal, change]
        table.add_row(*cells)
    console.print(table)
    deals = report.get("nash_deals") or []
    if deals:
        console.print("Most likely Nash deals: " + "; ".join(
            f"{package_text(d['outcome'])} {d['share']:.0%}" for d in deals[:3]), highlight=False)
    if simulated:
        low, high = report["p_agreement_ci"]
        walk = ", ".join(f"{p} {v['p']:.1%}" for p, v in report["p_walkout"].items() if v["p"] > 0) or "none"
        console.print(f"Simulated talks: P(agreement) {report['p_agreement']:.1%} ({low:.1%} - {high:.1%}); "
                      f"walkouts: {walk}", highlight=False)
    moved = report.get("sensitivity") and any(row["index"] > 1e-12 for row in report["sensitivity"])
    if report.get("sensitivity") and not moved and report.get("outcome_constant"):
        every = "every draw has a zone of agreement" if report.get("p_zopa") else "no draw has a zone of agreement"
        console.print(f"No uncertain number changes the outcome within its range: {every}.")
    elif report.get("sensitivity") and not moved:
        console.print(f"The sensitivity draws found no input that moves the outcome, though P(ZOPA) is "
                      f"{report['p_zopa']:.1%}: too few draws vary it (raise --sensitivity-runs).", highlight=False)
    elif report.get("sensitivity"):
        if report.get("sensitivity_meaningful") is False:
            console.print(Text(f"Sensitivity indices not meaningful: {report['sensitivity_reason']}. "
                               "Shown for the record, with their 95% bootstrap intervals."), overflow="fold")
        title = (f"What drives it (Sobol total index of {report['sensitivity_output'].replace('_', ' ')}, "
                 "95% bootstrap intervals)")
        drivers: list[tuple[str, str, str]] = [(str(row["parameter"]), _with_interval(row["index"], row.get("index_ci")),
                 _with_interval(row["first"], row.get("first_ci"))) for row in report["sensitivity"][:8]]
        columns = [("parameter", [r[0] for r in drivers], False), ("total", [r[1] for r in drivers], False),
                   ("first-order", [r[2] for r in drivers], False)]
        if _needed(columns) <= console.width:
            sens = Table(title=title, title_justify="left")
            sens.add_column("parameter", no_wrap=True)
            sens.add_column("total", justify="right", no_wrap=True)
            sens.add_column("first-order", justify="right", no_wrap=True)
            for name, total, first in drivers:
                sens.add_row(Text(name), total, first)
            console.print(sens)
        else:
            console.print(Text(title, style="italic"), overflow="fold")
            for name, total, first in drivers:
                console.print(Text(name), overflow="fold")
                console.print(Text(f"  total {total}, first-order {first}"), overflow="fold")
    if report.get("credibility"):
        found = report["credibility"]
        console.print(f"The red line whose credibility matters most: {found['parameter']} "
                      f"(total index {found['index']:.2f})", highlight=False, markup=False)
    if report.get("tornado") and any(row["swing"] > 1e-12 for row in report["tornado"]):
        tornado = Table(title="One at a time: deal gap at the low / high end (positive = a ZOPA)", title_justify="left")
        tornado.add_column("parameter")
        tornado.add_column("low", justify="right")
        tornado.add_column("high", justify="right")
        tornado.add_column("swing", justify="right")
        for row in report["tornado"][:8]:
            tornado.add_row(row["parameter"], f"{row['gap_low']:+.3f}", f"{row['gap_high']:+.3f}", f"{row['swing']:.3f}")
        console.print(tornado)
    if report.get("out"):
        console.print(f"per-draw table written to {shown(report['out'])}", highlight=False, markup=False)
