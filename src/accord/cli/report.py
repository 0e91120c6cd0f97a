"""``accord report``: the analyst's briefing as a self-contained HTML page, a PDF or PNG figures."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .common import (Commands, ScenarioArg, UsageProblem, VariantOpt, console, emit_json, load_scenario,
                     renamed, unreadable)
from .common import MAX_RUNS, MAX_SEED, check_output

FORMATS = ("html", "pdf", "png")

commands = Commands()


@commands.command("report", epilog="Examples:\n\n  accord report -o briefing.html\n\n"
                                   "  accord report --runs 10000 -o briefing.html\n\n"
                                   "  accord report --format pdf -o briefing.pdf")
def report_command(scenario: Optional[Path] = ScenarioArg, variant: Optional[str] = VariantOpt,
                   output: Path = typer.Option(Path("briefing.html"), "--output", "-o", help="File to write."),
                   fmt: str = typer.Option("html", "--format", help="html (self-contained) | pdf | png"),
                   runs: int = typer.Option(0, "--runs", min=0, max=MAX_RUNS,
                                            help="Add a Monte Carlo section on N draws of the uncertain numbers."),
                   montecarlo: Optional[int] = typer.Option(None, "--montecarlo", min=0, hidden=True,
                                                            help="Old name of --runs (deprecated)."),
                   seed: int = typer.Option(0, "--seed", min=0, max=MAX_SEED, help="Seed of the simulation and Monte Carlo."),
                   as_json: bool = typer.Option(False, "--json", help="Print what was written as JSON.")) -> None:
    """Write an analyst's briefing: bottom line, positions with evidence, analysis, what-ifs, simulation."""
    from .. import jobs
    from ..report.static import write_pdf, write_pngs

    montecarlo = renamed(runs, montecarlo, "--runs", "--montecarlo", default=0)
    if fmt not in FORMATS:
        raise UsageProblem(f"--format must be html, pdf or png; got {fmt!r}")
    check_output(output, "--output")
    model = load_scenario(scenario, variant)
    try:
        if fmt == "html":
            output.write_text(jobs.report(model, seed=seed, montecarlo=montecarlo), encoding="utf-8")
            written = [output]
        elif fmt == "pdf":
            written = [write_pdf(model, output, montecarlo=montecarlo, seed=seed)]
        else:
            written = write_pngs(model, output, montecarlo=montecarlo, seed=seed)
    except OSError as exc:
        raise unreadable(output, exc, "write") from None
    if as_json:
        emit_json({"scenario": model.name, "variant": model.variant, "format": fmt, "runs": montecarlo, "seed": seed,
                   "written": [str(path) for path in written]})
        return
    for path in written:
        console.print(f"wrote {path}", highlight=False)
