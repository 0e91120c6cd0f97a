"""``accord track ...``, ``accord diff`` and ``accord rerun``: the history of a negotiation (an edge).

The store needs the extra ``accord[store]``; without it these commands say so
in one line.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import typer
from rich.table import Table
from rich.text import Text

from .._io import shown
from ..errors import InvalidInput
from ..scenario import Scenario
from ..store import RUN_KINDS
from .common import (
    MAX_RUNS,
    MAX_SEED,
    Commands,
    DbOpt,
    DiscountOpt,
    FirstOpt,
    FullInformationOpt,
    JsonOpt,
    NoEventsOpt,
    RoundsOpt,
    UsageProblem,
    choices,
    console,
    emit_json,
    load_scenario,
    output_file,
    renamed,
    simulation_options,
    unreadable,
    write_output,
)
from .options import ProtocolOpt, StrategyOpt

commands = Commands()
track_commands = commands.group(
    "track", help="Follow a negotiation over time: dated scenario versions, runs and the timeline.")


def _open(db: str | None):
    from ..store import open_store

    return open_store(db or os.environ.get("ACCORD_DB") or "accord.db")


def _date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageProblem(f"{option} expects a date YYYY-MM-DD, got {text!r}") from None


@track_commands.command("add", epilog="Examples:\n\n  accord track add talks.yaml --name cairo --as-of 2024-05-05 "
                                 "--note 'Hamas leaves Cairo'")
def add(scenario: Path = typer.Argument(..., help="Scenario file (validated before it is stored)."),
        name: str | None = typer.Option(None, "--name", help="Negotiation name (default: from the scenario's name)."),
        as_of: str | None = typer.Option(None, "--as-of", help="Date of the picture (default: the scenario's date)."),
        note: str | None = typer.Option(None, "--note", help="What changed, on whose word."),
        db: str | None = DbOpt, as_json: bool = JsonOpt) -> None:
    """Store a scenario file as a new dated version (a version already stored is left as it is)."""
    model = load_scenario(scenario)
    day = _date(as_of, "--as-of")
    with _open(db) as store:
        version, created = store.add_version(model, name, day, note)
    if as_json:
        emit_json({**version.to_json(), "created": created})
    elif created:
        console.print(f"stored {version.ref} as of {version.as_of} (sha256 {version.sha256[:12]})", highlight=False)
    else:
        console.print(f"unchanged: this document is already stored as {version.ref} as of {version.as_of} "
                      f"(sha256 {version.sha256[:12]}); nothing written", highlight=False)


@track_commands.command("list")
def list_command(db: str | None = DbOpt, as_json: bool = JsonOpt) -> None:
    """The negotiations in the store."""
    with _open(db) as store:
        rows = store.negotiations()
    if as_json:
        emit_json({"negotiations": rows})
        return
    if not rows:
        console.print("no negotiations stored yet (accord track add SCENARIO)")
        return
    table = Table("negotiation", "versions", "latest as of", "runs")
    for row in rows:
        table.add_row(row["name"], str(row["versions"]), row["latest_as_of"] or "-", str(row["runs"]))
    console.print(table)


@track_commands.command("show", epilog="Examples:\n\n  accord track show cairo\n\n  accord track show cairo@2 --json")
def show(name: str = typer.Argument(..., help="NAME, or NAME@VERSION for one version and its runs."),
         db: str | None = DbOpt, as_json: bool = JsonOpt) -> None:
    """The versions of a negotiation (dates, notes, hashes, runs), or one version in full."""
    with _open(db) as store:
        if "@" in name:
            version = store.resolve(name)
            runs = store.runs(version_id=version.id)
            if as_json:
                emit_json({**version.to_json(full=True), "runs": [r.to_json() for r in runs]})
                return
            console.print(f"{version.ref} as of {version.as_of}: {shown(version.document.get('name'))}",
                          highlight=False, markup=False)
            console.print(f"  note: {shown(version.note or '-')}\n  sha256: {version.sha256}\n  stored: {version.created}\n"
                          f"  sources: {', '.join(version.sources) or '-'}", highlight=False, markup=False)
            _runs_table(runs)
            return
        versions = store.versions(name)
        runs = store.runs(name=name)
    if as_json:
        emit_json({"negotiation": name, "versions": [v.to_json() for v in versions],
                   "runs": [r.to_json() for r in runs]})
        return
    table = Table("version", "as of", "note", "sha256", "runs", title=name)
    for v in versions:
        table.add_row(str(v.number), str(v.as_of), Text(shown(v.note or "")), v.sha256[:12],
                      str(sum(1 for r in runs if r.version_id == v.id)))
    console.print(table)
    _runs_table(runs)


def _runs_table(runs) -> None:
    if not runs:
        return
    table = Table("run", "version", "kind", "parameters", "seed", "accord", "created", title="runs")
    for r in runs:
        params = ", ".join(f"{k}={v}" for k, v in r.parameters.items() if v is not None)
        table.add_row(str(r.id), r.version_ref, r.kind, params, "" if r.seed is None else str(r.seed),
                      r.accord_version, r.created[:19])
    console.print(table)


@track_commands.command("run", epilog="Examples:\n\n  accord track run cairo --kind montecarlo --runs 2000 --seed 7\n\n"
                                 "  accord track run cairo@2024-05-05 --kind analysis --variant phased-ceasefire\n\n"
                                 "  accord track run cairo@2 --kind simulation --variant talks-resume "
                                 "--strategy israel=boulware --strategy hamas=tit-for-tat --protocol mediated --seed 7\n\n"
                                 "Simulation options are those of accord simulate; --rounds is also the forecast's "
                                 "challenge-model round limit.")
def run_command(name: str = typer.Argument(..., help="NAME (every version), or NAME@VERSION."),
                kind: str = typer.Option("analysis", "--kind", help=choices(RUN_KINDS)),
                variant: str | None = typer.Option(None, "--variant", "-V", help="Apply this variant first."),
                runs: int = typer.Option(1000, "--runs", min=1, max=MAX_RUNS, help="Monte Carlo draws."),
                seed: int = typer.Option(0, "--seed", min=0, max=MAX_SEED, help="Seed (montecarlo, simulation)."),
                protocol: str = ProtocolOpt, strategy: list[str] = StrategyOpt, rounds: int = RoundsOpt,
                discount: list[str] = DiscountOpt, first: str | None = FirstOpt,
                full_information: bool = FullInformationOpt, no_events: bool = NoEventsOpt,
                simulate: bool = typer.Option(False, "--simulate",
                                              help="Monte Carlo: also simulate the talks in every draw (P(deal))."),
                db: str | None = DbOpt, as_json: bool = JsonOpt) -> None:
    """Compute a run on stored versions and store it with its parameters, seed and accord version."""
    from ..store.runs import record

    if kind not in RUN_KINDS:
        raise UsageProblem(f"--kind must be one of {', '.join(RUN_KINDS)}; got {kind!r}")
    simulation = simulation_options(protocol, strategy, rounds, discount, first, full_information, no_events)
    if simulate and kind != "montecarlo":
        raise UsageProblem(f"--simulate applies to --kind montecarlo only; got --kind {kind}")
    if kind != "simulation" and not simulate:
        given = [flag for flag, used in (("--protocol", protocol != "alternating"), ("--strategy", strategy),
                                         ("--discount", discount), ("--first", first),
                                         ("--full-information", full_information), ("--no-events", no_events))
                 if used]
        if given:
            raise UsageProblem(f"{', '.join(given)} {'applies' if len(given) == 1 else 'apply'} to --kind simulation "
                               f"or montecarlo --simulate only; got --kind {kind}")
    params: dict = {"variant": variant}
    if kind == "montecarlo":
        params["runs"] = runs
        if simulate:
            params["simulate"] = dict(simulation)
    if kind == "forecast":
        params["rounds"] = rounds
    if kind == "simulation":
        params.update(simulation)
    used_seed = seed if kind in ("montecarlo", "simulation") else None
    stored = []
    with _open(db) as store:
        targets = [store.resolve(name)] if "@" in name else store.versions(name)
        for version in targets:
            run = record(store, version, kind, params, used_seed)
            stored.append(run)
            if not as_json:
                console.print(f"stored run {run.id}: {kind} of {version.ref} (as of {version.as_of})", highlight=False)
    if as_json:
        emit_json({"runs": [r.to_json() for r in stored]})


@track_commands.command("timeline", epilog="Examples:\n\n  accord track timeline cairo\n\n  accord track timeline cairo --json\n\n"
                                      "  accord track timeline cairo -o timeline.html")
def timeline_command(name: str = typer.Argument(..., help="Negotiation name."),
                     output: Path | None = typer.Option(None, "--output", "-o",
                                                           help="Also write the chart and the table as one "
                                                                "self-contained HTML file."),
                     report: Path | None = typer.Option(None, "--report", hidden=True,
                                                           help="Old name of --output (deprecated)."),
                     db: str | None = DbOpt, as_json: bool = JsonOpt) -> None:
    """Per version: ZOPA size, what blocks it, the Nash deal and P(ZOPA) from a stored Monte Carlo run."""
    report = renamed(output, report, "--output", "--report")
    from .. import jobs
    from ..report.timeline import blocker_text, timeline_html

    output_file(report, "--output", db or os.environ.get("ACCORD_DB") or "accord.db")  # never the store itself
    with _open(db) as store:
        document = jobs.timeline(store, name).to_json()
    rows = document["versions"]
    if report is not None:
        try:
            page = timeline_html(name, rows)
            with write_output(report, "w", encoding="utf-8") as handle:
                handle.write(page)
        except OSError as exc:
            raise unreadable(report, exc, "write") from None
    if as_json:
        emit_json(document)
        return
    with_deal = any(row["p_deal"] is not None for row in rows)  # the column only when a run simulated the talks
    table = Table(title=f"{name}: timeline")
    for column in ("as of", "v", "ZOPA", "blockers", "Nash deal", "P(ZOPA)", *(["P(deal)"] * with_deal), "note"):
        narrow = column not in ("blockers", "Nash deal", "note")
        table.add_column(column, no_wrap=narrow, min_width=10 if column == "as of" else None)
    for row in rows:
        blockers = "; ".join(blocker_text(b) for b in row["blockers"]) or "-"
        nash = "/".join(str(v) for v in row["nash"]["outcome"].values()) if row["nash"] else "-"
        p = "-" if row["p_zopa"] is None else f"{row['p_zopa']:.3f}"
        deal = "-" if row["p_deal"] is None else f"{row['p_deal']:.3f}"
        table.add_row(row["as_of"], str(row["version"]), f"{row['zopa']}/{row['outcomes']}", blockers, nash, p,
                      *([deal] * with_deal), Text(shown(row["note"] or "")))
    console.print(table)
    if report is not None:
        console.print(f"wrote {report}", highlight=False, markup=False, soft_wrap=True)


def _side(text: str, db: str | None) -> tuple[str, Scenario | dict]:
    """A scenario file, or a NAME@VERSION reference to a stored version."""
    path = Path(text)
    if path.is_file():
        return text, load_scenario(path)
    if "@" in text:
        with _open(db) as store:
            version = store.resolve(text)
        return f"{version.ref} ({version.as_of})", version.document
    raise InvalidInput(text, message=f"{text}: no such file, and not a NAME@VERSION reference to a stored version")


@commands.command("diff", epilog="Examples:\n\n  accord diff old.yaml new.yaml\n\n  accord diff cairo@1 cairo@2\n\n"
                                 "  accord diff cairo@2024-05-01 cairo@latest --json")
def diff_command(a: str = typer.Argument(..., help="Old: a scenario file or NAME@VERSION."),
                 b: str = typer.Argument(..., help="New: a scenario file or NAME@VERSION."),
                 db: str | None = DbOpt, as_json: bool = JsonOpt) -> None:
    """Semantic diff of two scenarios: red lines, weights, values, reservations, evidence — not a text diff."""
    from ..store import semantic_diff

    label_a, old = _side(a, db)
    label_b, new = _side(b, db)
    found = semantic_diff(old, new)
    if as_json:
        emit_json({**found.to_json(), "old_ref": label_a, "new_ref": label_b})
        return
    if found.empty:
        console.print(f"no semantic change between {label_a} and {label_b}", highlight=False)
        return
    console.print(f"{label_a} -> {label_b}: {len(found.changes)} change(s)", highlight=False)
    marks = {"added": "+", "removed": "-", "changed": "~"}
    for change in found.changes:
        console.print(f"  {marks[change.kind]} {change.summary}", highlight=False, markup=False, soft_wrap=True)


@commands.command("rerun", epilog="Examples:\n\n  accord rerun 3")
def rerun_command(run_id: int = typer.Argument(..., min=1, max=2**63 - 1, help="Run id (see accord track show NAME)."),
                  db: str | None = DbOpt, as_json: bool = JsonOpt) -> None:
    """Recompute a stored run: does it reproduce bit for bit, and if not, exactly why? (exit 1 if not)"""
    from ..store.runs import rerun

    with _open(db) as store:
        found = rerun(store, run_id)
    if as_json:
        emit_json(found.to_json())
    else:
        console.print(found.message(), highlight=False, markup=False, soft_wrap=True)
    if not found.reproduced:
        raise typer.Exit(1)

