"""``accord forecast``: where will it land? The political-science bargaining models, issue by issue."""

from __future__ import annotations

from pathlib import Path

import typer

from ..forecast import MODELS
from . import render
from .common import (
    MAX_ROUNDS,
    MAX_RUNS,
    MAX_SEED,
    Commands,
    JsonOpt,
    ScenarioArg,
    UsageProblem,
    VariantOpt,
    choices,
    console,
    emit_json,
    load_scenario,
    read_text,
    renamed,
)

commands = Commands()


def _read_table(path: Path) -> list[dict]:
    """Rows of a CSV table (actor, capability, position, salience), read safely."""
    import csv
    import io

    text = read_text(path, "a CSV text file", encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@commands.command("forecast", epilog="Examples:\n\n  accord forecast\n\n  accord forecast --issue ceasefire --model challenge\n\n"
                                     "  accord forecast --table examples/emission-standards/actors.csv --json")
def forecast_command(scenario: Path | None = ScenarioArg, variant: str | None = VariantOpt,
                     issue: str | None = typer.Option(None, "--issue", help="Only this issue."),
                     model: str = typer.Option("all", "--model", help=choices(MODELS, "all")),
                     rounds: int = typer.Option(100, "--rounds", min=1, max=MAX_ROUNDS, help="Round limit of the challenge model."),
                     table: Path | None = typer.Option(None, "--table",
                                                          help="CSV with columns actor, capability, position, salience."),
                     runs: int = typer.Option(0, "--runs", min=0, max=MAX_RUNS,
                                              help="Also forecast on N seeded draws of the uncertain numbers."),
                     samples: int | None = typer.Option(None, "--samples", min=0, max=MAX_RUNS, hidden=True,
                                                           help="Old name of --runs (deprecated)."),
                     seed: int = typer.Option(0, "--seed", min=0, max=MAX_SEED, help="Seed of the draws."),
                     within_red_lines: bool = typer.Option(False, "--within-red-lines",
                                                           help="Restrict the models to the options every party "
                                                                "accepts, on each issue where there are any."),
                     as_json: bool = JsonOpt) -> None:
    """Where will it land? The political-science bargaining models, issue by issue."""
    from .. import jobs

    runs = renamed(runs, samples, "--runs", "--samples", default=0)

    models = MODELS.names() if model == "all" else (model,)
    if model != "all" and model not in MODELS:
        raise UsageProblem(f"--model must be one of {', '.join(MODELS)} or all; got {model!r}")
    if table is not None:
        if scenario is not None:
            raise UsageProblem("give either a scenario or --table, not both")
        if within_red_lines:
            raise UsageProblem("--within-red-lines needs a scenario: a --table has no red lines")
        model_for_output = None
        result = jobs.forecast(None, models=models, rounds=rounds, table=_read_table(table), table_name=table.stem)
    else:
        model_for_output = load_scenario(scenario, variant)
        result = jobs.forecast(model_for_output, issue=issue, models=models, rounds=rounds, samples=runs, seed=seed,
                               within_red_lines=within_red_lines)
    if as_json:
        emit_json(result.to_json())
    else:
        render.forecast(console, model_for_output, result.found, result.distribution, result.uncertain_inputs,
                        result.samples)
