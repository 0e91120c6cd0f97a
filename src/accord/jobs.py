"""Jobs: a kind of work and its parameters in, a result object out.

Every edge asks the same function for the same work: the command line parses
its options into these keyword arguments, the web service validates a JSON
body into them, and the store's ``track run --kind`` keeps them as a run's
parameters. Each job returns one result object that owns its output contract
(``to_json()``); edges only render or store that document, so ``accord KIND
--json``, ``POST /api/KIND`` and a stored run of the same request are the
same JSON.

=============  ===============================================  =============================================
job            result                                           ``to_json()`` lives in
=============  ===============================================  =============================================
``analyze``    :class:`accord.analysis.Analysis`                ``analysis/_analyze.py``
``evaluate``   :class:`accord.analysis.Evaluation`              ``analysis/_evaluate.py``
``compare``    :class:`accord.analysis.Comparison`              ``analysis/_compare.py``
``simulate``   :class:`~accord.simulation.engine.SimulationResult`, or with ``runs > 1``
               :class:`~accord.simulation.batch.BatchSummary`   ``simulation/engine.py``, ``simulation/batch.py``
``forecast``   :class:`accord.forecast.result.Forecast`         ``forecast/result.py``
``montecarlo`` :class:`accord.uncertainty.report.MonteCarloReport`  ``uncertainty/report.py``
``tournament`` :class:`accord.backends.tournament.TournamentRun`  ``backends/tournament.py``
``timeline``   :class:`accord.store.runs.Timeline`              ``store/runs.py``
``report``     the briefing, one HTML page (a ``str``)          ``report/_briefing.py``
=============  ===============================================  =============================================

Jobs take a scenario that is already loaded, with its variant applied (the
edges load it: a file, a request's text, a stored version). Parameters that
only change how the work runs (``workers``, ``chunk``, ``progress``) never
change the result.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .analysis import Analysis, Comparison, Evaluation
from .analysis import analyze as _analyze
from .analysis import compare as _compare
from .analysis import evaluate as _evaluate
from .forecast.result import Forecast
from .limits import MAX_ENUMERATED_OUTCOMES
from .scenario import Scenario
from .uncertainty.report import MonteCarloReport
from .uncertainty.sobol import SENSITIVITY_RUNS  # the most base draws of the default Sobol analysis

if TYPE_CHECKING:  # imported when a simulation runs
    from .simulation.batch import BatchSummary
    from .simulation.engine import SimulationResult

PhaseProgress = Callable[[str], Callable[[int, int], Any]] | None
"""``progress(phase)`` returns the ``(done, total)`` callback of that phase ("analysis", "simulation", ...)."""


def analyze(scenario: Scenario, *, unlock: bool = True, limit: int | None = MAX_ENUMERATED_OUTCOMES) -> Analysis:
    """ZOPA, blockers, unlocks (with ``unlock``), frontier and bargaining solutions (``accord analyze``)."""
    return _analyze(scenario, unlock=unlock, limit=limit)


def evaluate(scenario: Scenario, *, proposal: Mapping[str, Any], top: int = 10,
             limit: int | None = MAX_ENUMERATED_OUTCOMES) -> Evaluation:
    """Score ``proposal`` (one option per issue) and list up to ``top`` Pareto improvements (``accord evaluate``)."""
    return _evaluate(scenario, dict(proposal), improvements=top, limit=limit)


def compare(scenario: Scenario, *, variants: Sequence[str] | None = None,
            limit: int | None = MAX_ENUMERATED_OUTCOMES) -> Comparison:
    """The base scenario and each variant (default: all) side by side (``accord compare``)."""
    return _compare(scenario, None if variants is None else list(variants), limit=limit)


def simulate(scenario: Scenario, *, protocol: str = "alternating", strategies: Mapping[str, Any] | None = None,
             rounds: int = 100, seed: int = 0, discounts: Mapping[str, float] | None = None, first: str | None = None,
             full_information: bool = False, events: bool = True, trace: bool = True, runs: int = 1,
             workers: int = 1) -> SimulationResult | BatchSummary:
    """One negotiation (a ``SimulationResult``), or with ``runs > 1`` the seeds ``seed .. seed+runs-1`` as a
    batch (a ``BatchSummary``) (``accord simulate``). ``trace=False`` leaves the round-by-round trace out."""
    from .simulation import simulate as _simulate

    if runs > 1:
        from .simulation.batch import run_batch

        return run_batch(scenario, seeds=range(seed, seed + runs), workers=workers, protocol=protocol,
                         strategies=dict(strategies or {}), rounds=rounds, discounts=dict(discounts or {}),
                         first=first, full_information=full_information, events=events)
    return _simulate(scenario, seed=seed, trace=trace, protocol=protocol, strategies=dict(strategies or {}),
                     rounds=rounds, discounts=dict(discounts or {}), first=first,
                     full_information=full_information, events=events)


def forecast(scenario: Scenario | None, *, issue: str | None = None, models: Sequence[str] | None = None,
             rounds: int = 100, samples: int = 0, seed: int = 0, table: Sequence[Mapping[str, Any]] | None = None,
             table_name: str = "table", within_red_lines: bool = False, ktab: Any = None) -> Forecast:
    """Each forecasting model's position per issue (``accord forecast``).

    ``models``: default all. With ``table`` (rows of actor, capability,
    position, salience) instead of a scenario, the one issue is named
    ``table_name``. ``samples``: also forecast on that many seeded draws of
    the scenario's uncertain numbers (``seed``). ``within_red_lines``:
    restrict the models to the options every party accepts, per issue where
    there are any (:mod:`accord.forecast.scenario`). Multi-dimensional models
    (``smp``) run once on all issues (or on ``ktab``, an
    :class:`~accord.forecast.smp.SMPInput` read from a KTAB file); asked for
    with other models, SMP runs when the scenario can be one (three actors or
    more weighing an issue), asked for alone its problems are reported.
    """
    from .errors import InvalidInput
    from .forecast import MODELS, forecast_positions, from_table
    from .forecast.scenario import forecast_scenario

    chosen = tuple(MODELS if models is None else models)
    per_issue = tuple(m for m in chosen if m not in MODELS or not MODELS[m].dimensions)  # unknown: refused below
    smp_wanted = "smp" in chosen
    issues = [issue] if issue else None
    if ktab is not None:
        return Forecast({}, smp=MODELS["smp"].run(ktab))
    if table is not None:
        found = {table_name: forecast_positions(from_table(list(table)), models=per_issue, rounds=rounds)}
        return Forecast(found if per_issue else {})
    if scenario is None:
        raise InvalidInput("scenario", "a scenario, or rows given as table", None)
    found = (forecast_scenario(scenario, issues=issues, models=per_issue, rounds=rounds,
                               within_red_lines=within_red_lines) if per_issue else {})
    spread = varied = None
    if samples and per_issue:
        from .forecast.sampled import forecast_spread

        spread, varied = forecast_spread(scenario, samples, seed, issues=issues, models=per_issue, rounds=rounds,
                                         within_red_lines=within_red_lines)
    smp = None
    if smp_wanted:
        from .forecast import ForecastError
        from .forecast.smp import scenario_input

        try:
            data = scenario_input(scenario, issues=issues)
        except ForecastError:
            if per_issue:  # with other models: SMP only where the scenario can be one
                data = None
            else:
                raise
        smp = None if data is None else MODELS["smp"].run(data)
    return Forecast(found, spread, samples if spread else 0, seed, scenario=scenario.name, uncertain_inputs=varied,
                    smp=smp, scenario_model=scenario)


def montecarlo(scenario: Scenario, *, runs: int, seed: int = 0, all_variants: bool = False, simulate: bool = False,
               protocol: str = "alternating", strategies: Mapping[str, Any] | None = None, rounds: int = 100,
               discounts: Mapping[str, float] | None = None, first: str | None = None,
               full_information: bool = False, events: bool = True, sensitivity_runs: int | None = None,
               workers: int = 1, chunk: int | None = None, memory: int | None = None,
               progress: PhaseProgress = None) -> MonteCarloReport:
    """Uncertainty over ``runs`` seeded draws (``accord montecarlo``).

    With ``simulate``, the memory the simulations will hold is estimated first
    against ``memory`` bytes (default :data:`accord.limits.DEFAULT_MEMORY`) and
    the job refused before any draw when it does not fit
    (:func:`accord.uncertainty.simulation.simulation_memory`).

    1. P(ZOPA), Nash deals and blockers per draw: of the scenario, or with
       ``all_variants`` of the base and every variant on the same draws;
    2. with ``simulate``, one negotiation per draw (the options of
       :func:`simulate`): P(agreement), walkouts, rounds, deals; with
       ``all_variants`` also of every variant, on the same draws and
       negotiation seeds (paired);
    3. with uncertain numbers (distributions, or red lines whose ``holds`` is
       below 1), the Sobol indices and the tornado, on
       ``sensitivity_runs`` base draws (0: skip; default None:
       ``min(runs, 1024)``, :func:`accord.uncertainty.sobol.sensitivity_runs`).

    A phase stopped by Ctrl-C ends the job (the report says ``interrupted``).
    """
    from .errors import InvalidInput
    from .uncertainty import (
        compare_variants,
        monte_carlo,
        monte_carlo_simulation,
        sensitivity,
    )
    from .uncertainty.sobol import sensitivity_runs as base_draws

    if all_variants and scenario.variant is not None:
        raise InvalidInput("all_variants", f"false when a variant is applied (here {scenario.variant!r})", True)

    def phase(name: str) -> dict[str, Any]:
        # ``chunk``: draws between two progress calls of the analysis and sensitivity phases; the
        # simulation phase keeps its own (smaller) default, one negotiation per draw being slower
        return {"workers": workers, "progress": progress(name) if progress else None,
                **({"chunk": chunk} if chunk and name != "simulation" else {})}

    if simulate:  # refuse work that cannot fit before the analysis phase spends any time
        from .uncertainty.simulation import simulation_memory

        copies = 1 + (len(scenario.variants) if all_variants else 0)
        simulation_memory(scenario, runs, workers=workers, memory=memory, copies=copies)
    comparison = None
    if all_variants and scenario.variants:
        comparison = compare_variants(scenario, None, runs, seed, **phase("analysis, base and variants"))
        analysis = comparison.base
    else:
        analysis = monte_carlo(scenario, runs, seed, **phase("analysis"))
    interrupted = analysis.interrupted
    simulation = None
    variant_simulations: dict[str, Any] = {}
    if simulate and not interrupted:
        options: dict[str, Any] = {"protocol": protocol, "strategies": strategies, "rounds": rounds, "discounts": discounts,
                   "first": first, "full_information": full_information, "events": events}
        simulation = monte_carlo_simulation(scenario, runs, seed, **options, memory=memory, **phase("simulation"))
        interrupted = simulation.interrupted
        for row in comparison.rows if comparison is not None else ():
            if interrupted:
                break
            found_variant = monte_carlo_simulation(scenario.with_variant(row.variant), runs, seed, **options,
                                                   memory=memory, **phase(f"simulation, {row.variant}"))
            variant_simulations[row.variant] = found_variant
            interrupted = found_variant.interrupted
    found = None
    sensitivity_runs = base_draws(runs, sensitivity_runs)
    if sensitivity_runs and (scenario.uncertain or scenario.holds_paths) and not interrupted:
        found = sensitivity(scenario, sensitivity_runs, seed, **phase("sensitivity"))
    return MonteCarloReport(scenario.name, scenario.variant, analysis, comparison, simulation, found,
                            variant_simulations)


def tournament(spec: Any, *, backend: str = "local", workers: int = 1, address: str | None = None,
               store: Any = None, resume: bool = False, chunk: int | None = None,
               progress: Callable[[int, int], Any] | None = None) -> Any:
    """Play an :class:`accord.tournament.Tournament` and rank its strategies (``accord tournament``);
    returns a :class:`~accord.backends.tournament.TournamentRun`."""
    from .backends.tournament import DEFAULT_CHUNK, run_tournament

    return run_tournament(spec, backend=backend, workers=workers, address=address, store=store, resume=resume,
                          chunk=chunk or DEFAULT_CHUNK, progress=progress)


def timeline(store: Any, name: str) -> Any:
    """Per stored version of negotiation ``name``: ZOPA, blockers, Nash deal, P(ZOPA), P(deal)
    (``accord track timeline``); returns a :class:`~accord.store.runs.Timeline`."""
    from .store.runs import Timeline

    return Timeline.of(store, name)


def report(scenario: Scenario | None, *, seed: int = 0, montecarlo: int = 0, ktab: Any = None) -> str:
    """The analyst's briefing as one self-contained HTML page (``accord report``); with ``ktab`` (an
    :class:`~accord.forecast.smp.SMPInput` read from a KTAB file) and no scenario, that input's SMP run."""
    from .report import briefing, smp_briefing

    if ktab is not None:
        return smp_briefing(ktab)
    if scenario is None:
        from .errors import InvalidInput

        raise InvalidInput("scenario", "a scenario, or a KTAB input given as ktab", None)
    return briefing(scenario, seed=seed, montecarlo=montecarlo)


JOBS: dict[str, Callable[..., Any]] = {
    "analyze": analyze, "evaluate": evaluate, "compare": compare, "simulate": simulate, "forecast": forecast,
    "montecarlo": montecarlo, "report": report,
}
"""The jobs on a scenario, by kind (``tournament`` takes a plan, ``timeline`` a store)."""


def run(kind: str, scenario: Scenario, **parameters: Any) -> Any:
    """``JOBS[kind](scenario, **parameters)``; an unknown kind or parameter is an :class:`InvalidInput`."""
    from .errors import InvalidInput

    if kind not in JOBS:
        raise InvalidInput("kind", f"one of {', '.join(JOBS)}", kind)
    return JOBS[kind](scenario, **parameters)


__all__ = ["JOBS", "SENSITIVITY_RUNS", "analyze", "compare", "evaluate", "forecast", "montecarlo", "report", "run",
           "simulate", "timeline", "tournament"]
