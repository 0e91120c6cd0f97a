"""``accord simulate``: one negotiation, or a batch of seeds, under a protocol and strategies."""

from __future__ import annotations

from pathlib import Path

import typer

from . import render
from .common import (
    MAX_RUNS,
    MAX_SEED,
    Commands,
    DiscountOpt,
    FirstOpt,
    FullInformationOpt,
    JsonOpt,
    NoEventsOpt,
    RoundsOpt,
    ScenarioArg,
    UsageProblem,
    VariantOpt,
    console,
    emit_json,
    load_scenario,
    output_file,
    simulation_options,
    unreadable,
    write_output,
)
from .options import STRATEGY_NAMES, ProtocolOpt, StrategyOpt

commands = Commands()


@commands.command("simulate", epilog="Examples:\n\n  accord simulate\n\n"
                                     "  accord simulate --variant talks-resume --strategy israel=boulware "
                                     "--strategy hamas=tit-for-tat --rounds 100 --seed 7\n\n"
                                     "  accord simulate --protocol mediated --variant phased-ceasefire --trace trace.csv\n\n"
                                     "  accord simulate --runs 1000 --workers 2 --variant talks-resume\n\n"
                                     "Strategies: " + STRATEGY_NAMES
                                     + ". Parameters after a colon, e.g. boulware:exponent=0.1,walkout_after=5,accept=time:0.9")
def simulate_command(scenario: Path | None = ScenarioArg, variant: str | None = VariantOpt,
                     protocol: str = ProtocolOpt, strategy: list[str] = StrategyOpt, rounds: int = RoundsOpt,
                     seed: int = typer.Option(0, "--seed", min=0, max=MAX_SEED, help="Seed of every random choice."),
                     discount: list[str] = DiscountOpt, first: str | None = FirstOpt,
                     full_information: bool = FullInformationOpt, no_events: bool = NoEventsOpt,
                     runs: int = typer.Option(1, "--runs", min=1, max=MAX_RUNS, help="Run this many seeds (seed, seed+1, ...) as a batch."),
                     workers: int = typer.Option(1, "--workers", min=1, help="Worker processes for --runs."),
                     trace: Path | None = typer.Option(None, "--trace", help="Write the trace as CSV to this file."),
                     summary: bool = typer.Option(False, "--summary",
                                                  help="Print the outcome without the table of the last rounds."),
                     as_json: bool = JsonOpt) -> None:
    """Simulate the negotiation: protocols, strategies, deadlines, events and walkouts."""
    from .. import jobs
    from ..simulation.engine import SimulationResult

    output_file(trace, "--trace", scenario)  # checked before the work: a missing folder, the scenario itself
    model = load_scenario(scenario, variant)
    options = simulation_options(protocol, strategy, rounds, discount, first, full_information, no_events)
    if runs > 1:
        if trace is not None:
            raise UsageProblem("--trace writes one negotiation's trace; it cannot be combined with --runs")
        batch = jobs.simulate(model, seed=seed, runs=runs, workers=workers, **options)
        if as_json:
            emit_json(batch.to_json())
        else:
            render.batch(console, model, batch)
        return
    result = jobs.simulate(model, seed=seed, **options)
    assert isinstance(result, SimulationResult)  # one run: one negotiation, not a batch
    if trace is not None:
        try:
            with write_output(trace, "w", encoding="utf-8", newline="") as handle:
                handle.write(result.trace_csv())
        except OSError as exc:
            raise unreadable(trace, exc, "write the trace to") from None
    if as_json:
        emit_json(result.to_json())
    else:
        render.simulation(console, model, result, show_trace=not summary)
