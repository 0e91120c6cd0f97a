"""``accord report``: the analyst's briefing as a self-contained HTML page, the same page printed to PDF by
headless Chromium, or PNG figures."""

from __future__ import annotations

from pathlib import Path

import typer

from .._io import staging
from .common import (
    MAX_RUNS,
    MAX_SEED,
    Commands,
    ScenarioArg,
    UsageProblem,
    VariantOpt,
    console,
    emit_json,
    load_scenario,
    output_file,
    read_text,
    renamed,
    unreadable,
    write_output,
)

FORMATS = ("html", "pdf", "png")

commands = Commands()


@commands.command("report", epilog="Examples:\n\n  accord report -o briefing.html\n\n"
                                   "  accord report --runs 10000 -o briefing.html\n\n"
                                   "  accord report --format pdf -o briefing.pdf\n\n"
                                   "  accord report --ktab SOE-Pol-Comp.csv -o smp.html")
def report_command(scenario: Path | None = ScenarioArg, variant: str | None = VariantOpt,
                   output: Path = typer.Option(Path("briefing.html"), "--output", "-o", help="File to write."),
                   fmt: str = typer.Option("html", "--format", help="html (self-contained) | pdf (the same page printed by Chromium: accord[pdf]) | png (the figures)"),
                   runs: int = typer.Option(0, "--runs", min=0, max=MAX_RUNS,
                                            help="Add a Monte Carlo section on N draws of the uncertain numbers."),
                   montecarlo: int | None = typer.Option(None, "--montecarlo", min=0, hidden=True,
                                                            help="Old name of --runs (deprecated)."),
                   seed: int = typer.Option(0, "--seed", min=0, max=MAX_SEED, help="Seed of the simulation and Monte Carlo."),
                   as_json: bool = typer.Option(False, "--json", help="Print what was written as JSON."),
                   ktab: Path | None = typer.Option(None, "--ktab", help="KTAB SMP input (.csv or .xml): a briefing "
                                                                          "of its SMP run (html only).")) -> None:
    """Write an analyst's briefing: bottom line, positions with evidence, analysis, what-ifs, simulation."""
    from .. import jobs
    from ..report.static import write_pngs

    montecarlo = renamed(runs, montecarlo, "--runs", "--montecarlo", default=0)
    if fmt not in FORMATS:
        raise UsageProblem(f"--format must be html, pdf or png; got {fmt!r}")
    if ktab is not None:
        if scenario is not None or variant is not None or montecarlo:
            raise UsageProblem("--ktab makes a briefing of that file alone: no scenario, --variant or --runs with it")
        if fmt != "html":
            raise UsageProblem(f"--ktab writes html only; got --format {fmt}")
        output_file(output, "--output", ktab)
        from ..forecast.smp import read_ktab

        data = read_ktab(read_text(ktab, "a KTAB SMP .csv or .xml text file", encoding="utf-8-sig"), str(ktab))
        page = jobs.report(None, ktab=data)
        try:
            with write_output(output, "w", encoding="utf-8") as handle:
                handle.write(page)
        except OSError as exc:
            raise unreadable(output, exc, "write") from None
        if as_json:
            emit_json({"ktab": str(ktab), "format": fmt, "written": [str(output)]})
        else:
            console.print(f"wrote {output}", highlight=False, markup=False, soft_wrap=True)
        return
    output_file(output, "--output", scenario)  # before the work: a missing folder or the scenario itself is refused
    chromium = None
    if fmt == "pdf":  # before the work too: the pdf extra (exit 4), then a Chromium (exit 1); never a stand-in PDF
        from ..report.pdf import check

        chromium = check()
    model = load_scenario(scenario, variant)
    try:
        if fmt in ("html", "pdf"):  # one briefing: the PDF is the HTML page printed by Chromium
            page = jobs.report(model, seed=seed, montecarlo=montecarlo)
            if fmt == "pdf":
                from ..report.pdf import print_pdf

                printed = print_pdf(page, chromium=chromium)
                with write_output(output, "wb") as binary:
                    binary.write(printed)
            else:
                with write_output(output, "w", encoding="utf-8") as handle:
                    handle.write(page)
            written = [output]
        else:  # the PNG writer takes a file name: written beside the target, then renamed into place
            with staging(output) as temporary:
                made = write_pngs(model, temporary, montecarlo=montecarlo, seed=seed)
            written = [output.with_name(path.name) for path in made]
    except OSError as exc:
        raise unreadable(output, exc, "write") from None
    if as_json:
        emit_json({"scenario": model.name, "variant": model.variant, "format": fmt, "runs": montecarlo, "seed": seed,
                   "written": [str(path) for path in written]})
        return
    for path in written:
        console.print(f"wrote {path}", highlight=False, markup=False, soft_wrap=True)
