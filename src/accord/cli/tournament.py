"""``accord tournament``: strategies x scenarios x repetitions, on local processes or a Ray cluster (an edge)."""

from __future__ import annotations

import csv
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from .._io import staging
from ..errors import InvalidInput
from ..limits import MAX_TOURNAMENT_NEGOTIATIONS
from ..scenario import Scenario, ScenarioError, load
from .common import (
    MAX_REPS,
    MAX_ROUNDS,
    MAX_SEED,
    AddressOpt,
    Commands,
    JsonOpt,
    UsageProblem,
    console,
    emit_json,
    load_scenario,
    output_file,
    renamed,
    say,
    unreadable,
    write_output,
)
from .options import STRATEGY_NAMES, BackendOpt, ProtocolOpt

commands = Commands()

DEFAULT_STRATEGIES = "boulware,conceder,linear,tit-for-tat"
SCENARIO_SUFFIXES = (".yaml", ".yml", ".json")


def _genius_scenario(folder: Path, normalise_weights: bool) -> Scenario:
    """A GENIUS domain folder as a scenario: its domain and every profile, one party each."""
    from ..importers import IMPORTERS, ConversionError

    try:
        return load(IMPORTERS["genius"].read_folder(folder, name=folder.name, normalise_weights=normalise_weights))
    except ConversionError as exc:
        raise InvalidInput("--scenarios", message=f"--scenarios {folder}: {exc}") from None


def _is_genius_folder(path: Path) -> bool:
    return path.is_dir() and any(path.glob("*.xml"))


def scenarios_from(paths: list[Path], normalise_weights: bool = False) -> tuple[tuple[Scenario, ...], tuple[str, ...]]:
    """Scenarios from files and folders; labels are file or folder names.

    A folder contributes every .yaml/.yml/.json scenario in it (sorted); a
    folder of GENIUS XML (one domain, its profiles) is imported as one
    scenario, and a folder of such folders (``genius-anac/y2011``) as one
    scenario per domain; there, a domain accord cannot import exactly is
    skipped with a warning (named directly, it is an error). With no path:
    the embedded Cairo talks and each of its variants.
    """
    if not paths:
        base = load()
        return (base, *(load(None, v) for v in base.variants)), ("base", *base.variants)
    found: list[tuple[Path, bool]] = []  # (path, is a GENIUS folder)
    optional: set[Path] = set()  # GENIUS domains found inside a folder of domains: skipped when not exact
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix.lower() in SCENARIO_SUFFIXES and p.is_file())
            domains = sorted(p for p in path.iterdir() if _is_genius_folder(p))
            if files:
                found.extend((p, False) for p in files)
            elif _is_genius_folder(path):
                found.append((path, True))
            elif domains:
                found.extend((p, True) for p in domains)
                optional.update(domains)
            else:
                raise InvalidInput("--scenarios", message=f"--scenarios {path}: the folder holds no .yaml, .yml or "
                                                          ".json scenario and no GENIUS domain")
        elif path.is_file():
            found.append((path, False))
        else:
            raise InvalidInput("--scenarios", message=f"--scenarios {path}: no such file or folder")
    models: list[tuple[Path, Scenario]] = []
    for path, genius in found:
        try:
            models.append((path, _genius_scenario(path, normalise_weights) if genius else load_scenario(path)))
        except InvalidInput as exc:
            if path not in optional or isinstance(exc, ScenarioError):
                raise
            say(f"warning: skipped {exc}")
    if not models:
        raise InvalidInput("--scenarios", message="--scenarios: no domain could be imported exactly (see the warnings)")
    labels = [p.name if p.is_dir() else p.stem for p, _ in models]
    if len(set(labels)) != len(labels):  # the same name in two folders: fall back to the full paths
        labels = [str(p) for p, _ in models]
    return tuple(m for _, m in models), tuple(labels)


def _render(result, run) -> None:
    table = Table(title=f"Tournament: {result.negotiations} negotiations"
                        + (f" ({run.reused} read back from the store)" if run.reused else ""))
    for column in ("#", "strategy", "utility ±95%", "deals [95%]", "Δpareto", "Δnash", "welfare"):
        table.add_column(column, justify="left" if column == "strategy" else "right", no_wrap=True,
                         min_width=len(column))

    def cell(stat) -> str:
        return "—" if not stat or stat.get("mean") is None else f"{stat['mean']:.3f}"

    def plus_minus(stat) -> str:
        interval = stat and stat.get("ci95")
        return cell(stat) + (f"±{(interval[1] - interval[0]) / 2:.3f}" if interval else "")

    def percent(stat) -> str:
        interval = stat.get("ci95")
        return f"{100 * stat['mean']:.0f}%" + (f" [{100 * interval[0]:.0f}–{100 * interval[1]:.0f}]" if interval else "")

    for row in result.ranking:
        table.add_row(str(row["rank"]), row["strategy"], plus_minus(row["utility"]), percent(row["agreement_rate"]),
                      cell(row["distance_to_pareto"]), cell(row["distance_to_nash"]), cell(row["social_welfare"]))
    console.print(table)
    design = result.description.get("design") or {}
    for row in design.get("scenarios", ()):
        if row["design"] == "sampled":
            each = row["assignments"] // len(result.description["strategies"])
            console.print(f"{row['scenario']}: sampled {row['assignments']:,} of {row['full_assignments']:,} "
                          f"assignments (seed {design['seed']}), each strategy {each}x in each seat",
                          style="dim", highlight=False, markup=False)
    console.print("deals: agreement rate; Δ: distance from the final point (the deal, or the reservations) to the Pareto frontier and the "
                  "Nash point", style="dim")
    if run.interrupted:
        console.print("[yellow]interrupted: the table covers the negotiations that finished; "
                      "run again with --resume to complete it[/]")


def _write_records(records, path: Path) -> None:
    parties = sorted({p for r in records for p in r["strategies"]})
    with write_output(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["index", "scenario", "rep", "seed", *[f"strategy_{p}" for p in parties], "status", "round",
                         "walkout_by", *[f"u_{p}" for p in parties], "welfare", "distance_to_pareto",
                         "distance_to_nash"])
        for r in records:
            writer.writerow([r["index"], r["scenario"], r["rep"], r["seed"],
                             *[r["strategies"].get(p, "") for p in parties], r["status"], r["round"],
                             r["walkout_by"] or "", *[r["utilities"].get(p, "") for p in parties], r["welfare"],
                             "" if r["distance_to_pareto"] is None else r["distance_to_pareto"],
                             "" if r["distance_to_nash"] is None else r["distance_to_nash"]])


def _write_plot(result, path: Path) -> None:
    from ..report.tournament import ranking_figure, tournament_page

    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        page = tournament_page(result)
        with write_output(path, "w", encoding="utf-8") as handle:
            handle.write(page)
    elif suffix == ".png":
        from ..report.figures import save_png

        with staging(path) as temporary:
            save_png(ranking_figure(result), str(temporary))
    else:
        raise UsageProblem(f"--plot {path}: expected a .html or .png file")


@commands.command("tournament", epilog="Examples:\n\n  accord tournament\n\n"
                                  "  accord tournament --strategies boulware,conceder,linear,tit-for-tat "
                                  "--scenarios domains/ --reps 10 --workers 2\n\n"
                                  "  accord tournament --scenarios domains/ --db runs.db --resume\n\n"
                                  "  accord tournament --scenarios summit.yaml --assignments 40 --reps 1\n\n"
                                  "  accord tournament --backend ray --address 127.0.0.1:6379\n\n"
                                  "Strategies: " + STRATEGY_NAMES)
def tournament_command(
        strategies: str = typer.Option(DEFAULT_STRATEGIES, "--strategies",
                                       help="Comma-separated strategies (with parameters after a colon; "
                                            "separate such specs with ';')."),
        scenarios: list[Path] = typer.Option([], "--scenarios",
                                             help="Scenario file or folder, or a GENIUS domain folder or folder of "
                                                  "them (repeatable). Default: the embedded Cairo talks and its "
                                                  "variants."),
        normalise_weights: bool = typer.Option(False, "--normalise-weights",
                                               help="GENIUS profiles: read weights as relative (as accord "
                                                    "import genius --normalise-weights)."),
        reps: int = typer.Option(10, "--reps", min=1, max=MAX_REPS, help="Repetitions of every pairing."),
        assignments: int | None = typer.Option(
            None, "--assignments", min=1,
            help="Play a balanced sample of N assignments per scenario (each strategy in each seat N/S times, "
                 "N rounded up to a multiple of the S strategies) where the full design is larger."),
        max_negotiations: int = typer.Option(
            MAX_TOURNAMENT_NEGOTIATIONS, "--max-negotiations", min=1,
            help="Refuse, before playing, a tournament of more negotiations (the message gives the estimate)."),
        rounds: int = typer.Option(100, "--rounds", min=1, max=MAX_ROUNDS, help="Deadline in rounds."),
        protocol: str = ProtocolOpt,
        seed: int = typer.Option(0, "--seed", min=0, max=MAX_SEED, help="Seed of every random choice."),
        no_self_play: bool = typer.Option(False, "--no-self-play", help="A strategy never meets itself."),
        no_events: bool = typer.Option(False, "--no-events", help="Ignore the scenarios' scripted events."),
        full_information: bool = typer.Option(False, "--full-information",
                                              help="Let strategies see every party's utilities."),
        backend: str = BackendOpt, address: str | None = AddressOpt,
        workers: int = typer.Option(1, "--workers", min=1, help="Worker processes (local) or CPUs (private Ray)."),
        chunk: int = typer.Option(20, "--chunk", min=1, help="Negotiations per task."),
        db: Path | None = typer.Option(None, "--db", help="SQLite file receiving negotiations as they finish."),
        store: Path | None = typer.Option(None, "--store", hidden=True, help="Old name of --db (deprecated)."),
        resume: bool = typer.Option(False, "--resume", help="Continue the tournament held in --db."),
        output: Path | None = typer.Option(None, "--output", "-o", help="Write every negotiation as CSV."),
        out: Path | None = typer.Option(None, "--out", hidden=True, help="Old name of --output (deprecated)."),
        plot: Path | None = typer.Option(None, "--plot", help="Write the ranking as .html (page) or .png."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
        as_json: bool = JsonOpt) -> None:
    """Play an ANAC-style tournament and rank the strategies (mean utility, agreements, distances, welfare)."""
    store = renamed(db, store, "--db", "--store")
    out = renamed(output, out, "--output", "--out")
    from .. import jobs
    from ..tournament import Tournament

    if resume and store is None:
        raise UsageProblem("--resume continues the tournament held in --db; give --db FILE")
    if backend != "ray" and address is not None:
        raise UsageProblem("--address applies to --backend ray only")
    if plot is not None and plot.suffix.lower() not in (".html", ".htm", ".png"):
        raise UsageProblem(f"--plot {plot}: expected a .html or .png file")
    for path, option in ((out, "--output"), (plot, "--plot")):  # before any negotiation is played
        output_file(path, option, store, *scenarios)
    if out is not None and plot is not None and out.resolve() == plot.resolve():
        raise UsageProblem("--output and --plot name the same file")
    separator = ";" if ";" in strategies else ","
    names = tuple(s.strip() for s in strategies.split(separator) if s.strip())
    models, labels = scenarios_from(list(scenarios), normalise_weights)
    spec = Tournament(names, models, reps=reps, rounds=rounds, protocol=protocol, seed=seed,
                      self_play=not no_self_play, events=not no_events, full_information=full_information,
                      labels=labels, assignments=assignments, max_negotiations=max_negotiations)
    progress = Progress(TextColumn("tournament"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        disable=quiet or as_json, transient=True)
    with progress:
        task = progress.add_task("tournament", total=None)
        run = jobs.tournament(spec, backend=backend, workers=workers, address=address, store=store,
                              resume=resume, chunk=chunk,
                              progress=lambda done, total: progress.update(task, completed=done, total=total))
    result = run.result
    try:
        if out is not None:
            _write_records(run.records, out)
        if plot is not None:
            _write_plot(result, plot)
    except OSError as exc:
        raise unreadable(exc.filename, exc, "write") from None
    if as_json:
        emit_json(run.to_json())
    else:
        _render(result, run)
    if run.interrupted:
        raise typer.Exit(130)
