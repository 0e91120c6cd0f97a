"""``accord montecarlo`` and its driver: phases, progress bars, Ctrl-C and the per-draw table (an edge)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from .. import jobs
from .._io import staging
from ..scenario import Scenario
from ..uncertainty.report import MonteCarloReport
from . import render
from .common import (
    MAX_ROUNDS,
    MAX_RUNS,
    MAX_SEED,
    AddressOpt,
    Commands,
    JsonOpt,
    ScenarioArg,
    UsageProblem,
    VariantOpt,
    console,
    emit_json,
    load_scenario,
    output_file,
    parse_assignments,
    parse_bytes,
    renamed,
    write_output,
)
from .options import BackendOpt, ProtocolOpt, StrategyOpt

commands = Commands()


def _bar(quiet: bool) -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    disable=quiet, transient=True)


def _phase(progress: Progress, label: str):
    task = progress.add_task(label, total=None)

    def update(done: int, total: int) -> None:
        progress.update(task, completed=done, total=total)

    return update


def write_table(rows: Iterable[dict], path: Path) -> None:
    """Per-draw rows as CSV (streamed) or Parquet (needs pyarrow), replacing ``path`` atomically."""
    if path.suffix.lower() == ".parquet":
        from ..errors import require

        pa = require("pyarrow", "parquet", "Parquet output (or use a .csv file)")
        pq = require("pyarrow.parquet", "parquet", "Parquet output (or use a .csv file)")
        with staging(path) as temporary:
            pq.write_table(pa.Table.from_pylist(list(rows)), temporary)
        return
    with write_output(path, "w", newline="", encoding="utf-8") as handle:
        writer = None
        for row in rows:
            if writer is None:
                writer = csv.DictWriter(handle, fieldnames=list(row), extrasaction="ignore")
                writer.writeheader()
            writer.writerow(row)


def run_montecarlo(model: Scenario, *, quiet: bool, out: Path | None, **parameters: Any) -> MonteCarloReport:
    """Run :func:`accord.jobs.montecarlo` with a progress bar per phase; write the per-draw table to ``out``."""
    with _bar(quiet) as progress:
        report = jobs.montecarlo(model, progress=lambda label: _phase(progress, label), **parameters)
    if out is not None:
        write_table(report.to_rows(), out)
    return report


@commands.command("montecarlo", epilog="Examples:\n\n  accord montecarlo --runs 10000 --seed 7\n\n"
                                       "  accord montecarlo --all-variants --runs 20000 -o results.csv\n\n"
                                       "  accord montecarlo --variant talks-resume --simulate --runs 2000 --workers 2\n\n"
                                       "  accord montecarlo big.yaml --simulate --runs 500 --memory 2GiB")
def montecarlo_command(scenario: Path | None = ScenarioArg, variant: str | None = VariantOpt,
                       all_variants: bool = typer.Option(False, "--all-variants",
                                                         help="Also every variant, on the same draws (paired)."),
                       runs: int = typer.Option(10000, "--runs", min=1, max=MAX_RUNS, help="Number of draws."),
                       seed: int = typer.Option(0, "--seed", min=0, max=MAX_SEED, help="Seed of every draw."),
                       workers: int = typer.Option(1, "--workers", min=1, help="Worker processes (same results)."),
                       backend: str = BackendOpt, address: str | None = AddressOpt,
                       simulate_runs: bool = typer.Option(False, "--simulate",
                                                          help="Also simulate the negotiation in every draw."),
                       memory: str = typer.Option("1GiB", "--memory",
                                                  help="Memory budget of --simulate (e.g. 512MiB, 2GiB, 4GB); "
                                                       "work that cannot fit is refused before it starts."),
                       protocol: str = ProtocolOpt, strategy: list[str] = StrategyOpt,
                       rounds: int = typer.Option(100, "--rounds", min=1, max=MAX_ROUNDS, help="Deadline of simulated talks."),
                       no_events: bool = typer.Option(False, "--no-events", help="Simulate without scripted events."),
                       sensitivity_runs: int | None = typer.Option(
                           None, "--sensitivity-runs", min=0, max=MAX_RUNS,
                           help="Base draws of the Sobol analysis (0: skip it; default: as many as --runs, at most 1024)."),
                       output: Path | None = typer.Option(None, "--output", "-o",
                                                             help="Per-draw table: .csv, or .parquet with pyarrow."),
                       out: Path | None = typer.Option(None, "--out", hidden=True,
                                                          help="Old name of --output (deprecated)."),
                       as_json: bool = JsonOpt) -> None:
    """Uncertainty: P(a zone of agreement) with its interval, what drives it, and (--simulate) P(a deal)."""
    out = renamed(output, out, "--output", "--out")
    if variant and all_variants:
        raise UsageProblem("give --variant or --all-variants, not both")
    if out is not None and out.suffix.lower() not in (".csv", ".parquet"):
        raise UsageProblem(f"--output must end in .csv or .parquet; got {out.name}")
    output_file(out, "--output", scenario)  # before the draws: a missing folder, the scenario itself
    if out is not None and out.suffix.lower() == ".parquet":  # the missing extra, before the draws, not after
        from ..errors import require

        require("pyarrow.parquet", "parquet", "Parquet output (or use a .csv file)")
    budget = parse_bytes(memory, "--memory")
    model = load_scenario(scenario, variant)
    from ..backends import using

    with using(backend, address):
        report = run_montecarlo(model, runs=runs, seed=seed, workers=workers, all_variants=all_variants,
                                simulate=simulate_runs, protocol=protocol,
                                strategies=parse_assignments(strategy, "--strategy"), rounds=rounds,
                                events=not no_events, sensitivity_runs=sensitivity_runs, memory=budget, out=out,
                                quiet=as_json)
    if as_json:
        emit_json(report.to_json())
    else:
        render.montecarlo(console, model, report.to_json())
    if report.interrupted:
        raise typer.Exit(130)
