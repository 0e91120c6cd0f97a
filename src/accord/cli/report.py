"""``accord report``: the analyst's briefing as a self-contained HTML page, a PDF or PNG figures."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .common import Commands, ScenarioArg, UsageProblem, VariantOpt, console, load_scenario, unreadable

commands = Commands()


@commands.command("report", epilog="Examples:\n\n  accord report -o briefing.html\n\n"
                                   "  accord report --montecarlo 10000 -o briefing.html\n\n"
                                   "  accord report --format pdf -o briefing.pdf")
def report_command(scenario: Optional[Path] = ScenarioArg, variant: Optional[str] = VariantOpt,
                   output: Path = typer.Option(Path("briefing.html"), "--output", "-o", help="File to write."),
                   fmt: str = typer.Option("html", "--format", help="html (self-contained) | pdf | png"),
                   montecarlo: int = typer.Option(0, "--montecarlo", min=0, help="Add a Monte Carlo run of N draws."),
                   seed: int = typer.Option(0, "--seed", help="Seed of the simulation and Monte Carlo.")) -> None:
    """Write an analyst's briefing: bottom line, positions with evidence, analysis, what-ifs, simulation."""
    from ..report import briefing
    from ..report.static import write_pdf, write_pngs

    if fmt not in ("html", "pdf", "png"):
        raise UsageProblem(f"--format must be html, pdf or png; got {fmt!r}")
    model = load_scenario(scenario, variant)
    try:
        if fmt == "html":
            output.write_text(briefing(model, seed=seed, montecarlo=montecarlo), encoding="utf-8")
            written = [output]
        elif fmt == "pdf":
            written = [write_pdf(model, output, montecarlo=montecarlo, seed=seed)]
        else:
            written = write_pngs(model, output, montecarlo=montecarlo, seed=seed)
    except OSError as exc:
        raise unreadable(output, exc, "write") from None
    for path in written:
        console.print(f"wrote {path}", highlight=False)
