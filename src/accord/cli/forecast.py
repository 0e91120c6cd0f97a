"""``accord forecast``: where will it land? The political-science bargaining models, issue by issue."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import render
from ..forecast import MODELS
from .common import (Commands, JsonOpt, ScenarioArg, UsageProblem, VariantOpt, choices, console, emit_json,
                     load_scenario)

commands = Commands()


def _read_table(path: Path) -> list[dict]:
    """Rows of a CSV table (actor, capability, position, salience), read safely."""
    import csv
    import io

    try:
        raw = path.read_bytes()[: 2 * 1024 * 1024 + 1]
    except OSError as exc:
        raise UsageProblem(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(raw) > 2 * 1024 * 1024 or b"\x00" in raw:
        raise UsageProblem(f"{path}: expected a CSV text file of at most 2 MiB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageProblem(f"{path}: not UTF-8 text") from None
    return list(csv.DictReader(io.StringIO(text)))


@commands.command("forecast", epilog="Examples:\n\n  accord forecast\n\n  accord forecast --issue ceasefire --model challenge\n\n"
                                     "  accord forecast --table examples/emission-standards/actors.csv --json")
def forecast_command(scenario: Optional[Path] = ScenarioArg, variant: Optional[str] = VariantOpt,
                     issue: Optional[str] = typer.Option(None, "--issue", help="Only this issue."),
                     model: str = typer.Option("all", "--model", help=choices(MODELS, "all")),
                     rounds: int = typer.Option(100, "--rounds", min=1, help="Round limit of the challenge model."),
                     table: Optional[Path] = typer.Option(None, "--table",
                                                          help="CSV with columns actor, capability, position, salience."),
                     samples: int = typer.Option(0, "--samples", min=0,
                                                 help="Also forecast on N seeded draws of the uncertain numbers."),
                     seed: int = typer.Option(0, "--seed", help="Seed of the draws."),
                     as_json: bool = JsonOpt) -> None:
    """Where will it land? The political-science bargaining models, issue by issue."""
    from .. import jobs
    from ..forecast import ForecastError

    models = MODELS if model == "all" else (model,)
    if model != "all" and model not in MODELS:
        raise UsageProblem(f"--model must be one of {', '.join(MODELS)} or all; got {model!r}")
    try:
        if table is not None:
            if scenario is not None:
                raise UsageProblem("give either a scenario or --table, not both")
            model_for_output = None
            result = jobs.forecast(None, models=models, rounds=rounds, table=_read_table(table), table_name=table.stem)
        else:
            model_for_output = load_scenario(scenario, variant)
            result = jobs.forecast(model_for_output, issue=issue, models=models, rounds=rounds, samples=samples,
                                   seed=seed)
    except ForecastError as exc:
        raise UsageProblem(str(exc)) from None
    if as_json:
        emit_json(result.to_json())
    else:
        render.forecast(console, model_for_output, result.found, result.distribution)
