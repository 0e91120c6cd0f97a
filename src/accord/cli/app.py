"""The ``accord`` command line: typer commands that load, call and render.

Every failure a user can cause ends as one clear line per problem on stderr
and a non-zero exit (1: invalid input, 2: usage), never a traceback.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path
from typing import Any, Callable, Optional

import typer
from rich.console import Console

from .. import __version__
from ..analysis import OutcomeSpaceTooLarge, ProposalError, analyze, compare, evaluate
from ..backends.errors import BackendError
from ..scenario import Scenario, ScenarioError, load
from ..simulation.errors import SimulationError
from ..simulation.strategies import STRATEGIES
from . import render

app = typer.Typer(
    name="accord",
    help="Model, diagnose and forecast real multi-party negotiations.\n\n"
         "With no scenario file, every command works on the embedded example: the 2024 Cairo ceasefire "
         "and hostage talks (cairo-talks-2024.txt).",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)

console = Console()
errors = Console(stderr=True)

ScenarioArg = typer.Argument(None, help="Scenario file (YAML or JSON). Default: the embedded Cairo talks.",
                             show_default=False)
VariantOpt = typer.Option(None, "--variant", "-V", help="Apply this variant (what-if) first.")
JsonOpt = typer.Option(False, "--json", help="Print machine-readable JSON instead of tables.")


class UsageProblem(ValueError):
    """A command-line argument is malformed."""


def guarded(command: Callable) -> Callable:
    """Turn every expected failure into one-line messages and an exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            command(*args, **kwargs)
        except ScenarioError as exc:
            for problem in exc.problems:
                errors.print(f"error: {problem}", markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(1)
        except UsageProblem as exc:
            errors.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(2)
        except (ProposalError, OutcomeSpaceTooLarge, SimulationError, BackendError) as exc:
            errors.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(1)
        except KeyboardInterrupt:
            errors.print("interrupted")
            raise typer.Exit(130)
        except typer.Exit:
            raise
        except Exception as exc:  # a bug: say so in one line, keep the traceback for debugging on demand
            if os.environ.get("ACCORD_DEBUG"):
                raise
            errors.print(f"internal error: {type(exc).__name__}: {exc} (set ACCORD_DEBUG=1 for details)",
                         markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(3)

    return wrapper


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def _load(path: Optional[Path], variant: Optional[str]) -> Scenario:
    return load(path, variant)


def version_callback(value: bool) -> None:
    if value:
        console.print(f"accord {__version__}")
        raise typer.Exit()


@app.callback()
def root(version: bool = typer.Option(False, "--version", callback=version_callback, is_eager=True,
                                      help="Show the version and exit.")) -> None:
    """Model, diagnose and forecast real multi-party negotiations."""


@app.command("analyze", epilog="Examples:\n\n  accord analyze\n\n  accord analyze --variant phased-ceasefire\n\n"
                    "  accord analyze my-talks.yaml --json")
@guarded
def analyze_command(scenario: Optional[Path] = ScenarioArg, variant: Optional[str] = VariantOpt,
                    as_json: bool = JsonOpt,
                    unlock: bool = typer.Option(True, "--unlock/--no-unlock",
                                                help="When there is no ZOPA, search for the changes that open it.")) -> None:
    """Is there a zone of possible agreement? What blocks it, what would open it, which deals are best?"""
    model = _load(scenario, variant)
    result = analyze(model, unlock=unlock)
    if as_json:
        emit_json(result.to_json())
    else:
        render.analysis(console, model, result)


@app.command(epilog="Examples:\n\n  accord validate\n\n  accord validate talks.yaml other.json")
@guarded
def validate(files: Optional[list[Path]] = typer.Argument(None, help="Scenario files. Default: the embedded Cairo talks.",
                                                          show_default=False),
             as_json: bool = JsonOpt) -> None:
    """Check scenario files (and all their variants and evidence quotes); exit 1 if any is invalid."""
    targets: list[Optional[Path]] = list(files) if files else [None]
    report, failed = [], 0
    for path in targets:
        shown = str(path) if path else "(embedded) cairo-talks-2024"
        try:
            model = load(path)
        except ScenarioError as exc:
            failed += 1
            report.append({"file": shown, "valid": False, "problems": [
                {"path": p.path, "line": p.line, "message": p.message} for p in exc.problems]})
            if not as_json:
                for problem in exc.problems:
                    errors.print(f"error: {problem}", markup=False, highlight=False, soft_wrap=True)
            continue
        report.append({"file": shown, "valid": True, "problems": []})
        if not as_json:
            console.print(f"ok: {shown} ({len(model.issues)} issues, {len(model.actors)} actors, "
                          f"{len(model.variants)} variants, {model.outcome_count:,} outcomes)", highlight=False)
    if as_json:
        emit_json({"files": report, "valid": failed == 0})
    if failed:
        raise typer.Exit(1)


def parse_proposal(texts: list[str]) -> dict[str, str]:
    """``["ceasefire=phased,rafah=none"]`` -> ``{"ceasefire": "phased", "rafah": "none"}``."""
    proposal: dict[str, str] = {}
    for text in texts:
        for piece in filter(None, (p.strip() for p in text.split(","))):
            issue, sep, option = piece.partition("=")
            if not sep or not issue.strip() or not option.strip():
                raise UsageProblem(f"--proposal expects ISSUE=OPTION pairs separated by commas; got {piece!r}")
            if issue.strip() in proposal:
                raise UsageProblem(f"--proposal gives issue {issue.strip()!r} twice")
            proposal[issue.strip()] = option.strip()
    if not proposal:
        raise UsageProblem("--proposal is empty; expected ISSUE=OPTION pairs, e.g. ceasefire=phased,rafah=limited")
    return proposal


def _typed(model: Scenario, proposal: dict[str, str]) -> dict[str, Any]:
    """Numeric issues take numbers; the check against the scenario is the computation's."""
    typed: dict[str, Any] = {}
    for issue, option in proposal.items():
        spec = model.issues.get(issue)
        if spec is not None and spec.kind == "numeric":
            try:
                typed[issue] = float(option)
                continue
            except ValueError:
                pass
        typed[issue] = option
    return typed


@app.command("evaluate", epilog="Examples:\n\n  accord evaluate --proposal ceasefire=phased,rafah=limited,hostages=phased\n\n"
                    "  accord evaluate talks.yaml -p price=120 -p delivery=fast --json")
@guarded
def evaluate_command(scenario: Optional[Path] = ScenarioArg,
                     proposal: list[str] = typer.Option(..., "--proposal", "-p",
                                                        help="The package: ISSUE=OPTION pairs, comma-separated."),
                     variant: Optional[str] = VariantOpt, as_json: bool = JsonOpt,
                     top: int = typer.Option(10, "--top", min=0, help="How many Pareto improvements to list.")) -> None:
    """Score a proposal: each actor's utility, each party's verdict and why, and better packages."""
    model = _load(scenario, variant)
    result = evaluate(model, _typed(model, parse_proposal(proposal)), improvements=top)
    if as_json:
        emit_json(result.to_json())
    else:
        render.evaluation(console, model, result)


@app.command("compare", epilog="Examples:\n\n  accord compare\n\n  accord compare talks.yaml --json")
@guarded
def compare_command(scenario: Optional[Path] = ScenarioArg, as_json: bool = JsonOpt) -> None:
    """The base scenario and every variant side by side: ZOPA size, blockers, Nash deal."""
    model = _load(scenario, None)
    result = compare(model)
    if as_json:
        emit_json(result.to_json())
    else:
        render.comparison(console, model, result)




def parse_assignments(texts: list[str], option: str) -> dict[str, str]:
    """``["israel=boulware", "hamas=tit-for-tat"]`` -> ``{"israel": "boulware", ...}``."""
    result: dict[str, str] = {}
    for text in texts:
        party, sep, value = text.partition("=")
        if not sep or not party.strip() or not value.strip():
            raise UsageProblem(f"{option} expects PARTY=VALUE, got {text!r}")
        result[party.strip()] = value.strip()
    return result


# The options of one simulated negotiation, shared by `accord simulate` and `accord track run --kind simulation`
ProtocolOpt = typer.Option("alternating", "--protocol", help="alternating | mediated")
StrategyOpt = typer.Option([], "--strategy", "-s", help="PARTY=STRATEGY (repeatable); default boulware.")
RoundsOpt = typer.Option(100, "--rounds", min=1, help="Deadline in rounds.")
DiscountOpt = typer.Option([], "--discount", help="PARTY=FACTOR in (0, 1] (repeatable).")
FirstOpt = typer.Option(None, "--first", help="Party that proposes first.")
FullInformationOpt = typer.Option(False, "--full-information", help="Let strategies see every party's utilities.")
NoEventsOpt = typer.Option(False, "--no-events", help="Ignore the scenario's scripted events.")


def simulation_options(protocol: str, strategy: list[str], rounds: int, discount: list[str], first: Optional[str],
                       full_information: bool, no_events: bool) -> dict[str, Any]:
    """The keyword arguments of ``accord.simulation.simulate`` that those options give."""
    discounts = {}
    for party, value in parse_assignments(discount, "--discount").items():
        try:
            discounts[party] = float(value)
        except ValueError:
            raise UsageProblem(f"--discount expects PARTY=FACTOR with a number, got {party}={value}") from None
    return dict(protocol=protocol, strategies=parse_assignments(strategy, "--strategy"), rounds=rounds,
                discounts=discounts, first=first, full_information=full_information, events=not no_events)


@app.command("simulate", epilog="Examples:\n\n  accord simulate\n\n"
                                "  accord simulate --variant talks-resume --strategy israel=boulware "
                                "--strategy hamas=tit-for-tat --rounds 100 --seed 7\n\n"
                                "  accord simulate --protocol mediated --variant phased-ceasefire --trace trace.csv\n\n"
                                "  accord simulate --runs 1000 --workers 2 --variant talks-resume\n\n"
                                "Strategies: " + ", ".join(sorted(STRATEGIES))
                                + ". Parameters after a colon, e.g. boulware:exponent=0.1,walkout_after=5,accept=time:0.9")
@guarded
def simulate_command(scenario: Optional[Path] = ScenarioArg, variant: Optional[str] = VariantOpt,
                     protocol: str = ProtocolOpt, strategy: list[str] = StrategyOpt, rounds: int = RoundsOpt,
                     seed: int = typer.Option(0, "--seed", help="Seed of every random choice."),
                     discount: list[str] = DiscountOpt, first: Optional[str] = FirstOpt,
                     full_information: bool = FullInformationOpt, no_events: bool = NoEventsOpt,
                     runs: int = typer.Option(1, "--runs", min=1, help="Run this many seeds (seed, seed+1, ...) as a batch."),
                     workers: int = typer.Option(1, "--workers", min=1, help="Worker processes for --runs."),
                     trace: Optional[Path] = typer.Option(None, "--trace", help="Write the trace as CSV to this file."),
                     as_json: bool = JsonOpt) -> None:
    """Simulate the negotiation: protocols, strategies, deadlines, events and walkouts."""
    from ..simulation import simulate
    from ..simulation.batch import run_batch

    model = _load(scenario, variant)
    options = simulation_options(protocol, strategy, rounds, discount, first, full_information, no_events)
    if runs > 1:
        if trace is not None:
            raise UsageProblem("--trace writes one negotiation's trace; it cannot be combined with --runs")
        summary = run_batch(model, seeds=range(seed, seed + runs), workers=workers, **options)
        if as_json:
            emit_json(summary.to_json())
        else:
            render.batch(console, model, summary)
        return
    result = simulate(model, seed=seed, **options)
    if trace is not None:
        try:
            trace.write_text(result.trace_csv())
        except OSError as exc:
            raise UsageProblem(f"cannot write the trace to {trace}: {exc.strerror or exc}") from None
    if as_json:
        emit_json(result.to_json())
    else:
        render.simulation(console, model, result)


@app.command("report", epilog="Examples:\n\n  accord report -o briefing.html\n\n"
                              "  accord report --montecarlo 10000 -o briefing.html\n\n"
                              "  accord report --format pdf -o briefing.pdf")
@guarded
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
    model = _load(scenario, variant)
    try:
        if fmt == "html":
            output.write_text(briefing(model, seed=seed, montecarlo=montecarlo), encoding="utf-8")
            written = [output]
        elif fmt == "pdf":
            written = [write_pdf(model, output, montecarlo=montecarlo, seed=seed)]
        else:
            written = write_pngs(model, output, montecarlo=montecarlo, seed=seed)
    except RuntimeError as exc:  # an optional dependency is missing
        raise UsageProblem(str(exc)) from None
    except OSError as exc:
        raise UsageProblem(f"cannot write {output}: {exc.strerror or exc}") from None
    for path in written:
        console.print(f"wrote {path}", highlight=False)


def _read_table(path: Path) -> list[dict]:
    """Rows of a CSV table (actor, capability, position, salience), read safely."""
    import csv
    import io

    from ..scenario.reader import FileTooLarge, read_bounded

    try:
        raw = read_bounded(path)
    except OSError as exc:
        raise UsageProblem(f"cannot read {path}: {exc.strerror or exc}") from None
    except FileTooLarge:
        raw = None
    if raw is None or b"\x00" in raw:
        raise UsageProblem(f"{path}: expected a CSV text file of at most 2 MiB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageProblem(f"{path}: not UTF-8 text") from None
    return list(csv.DictReader(io.StringIO(text)))


@app.command("forecast", epilog="Examples:\n\n  accord forecast\n\n  accord forecast --issue ceasefire --model challenge\n\n"
                                "  accord forecast --table examples/emission-standards/actors.csv --json")
@guarded
def forecast_command(scenario: Optional[Path] = ScenarioArg, variant: Optional[str] = VariantOpt,
                     issue: Optional[str] = typer.Option(None, "--issue", help="Only this issue."),
                     model: str = typer.Option("all", "--model",
                                               help="compromise | median | nash | pce | challenge | all"),
                     rounds: int = typer.Option(100, "--rounds", min=1, help="Round limit of the challenge model."),
                     table: Optional[Path] = typer.Option(None, "--table",
                                                          help="CSV with columns actor, capability, position, salience."),
                     samples: int = typer.Option(0, "--samples", min=0,
                                                 help="Also forecast on N seeded draws of the uncertain numbers."),
                     seed: int = typer.Option(0, "--seed", help="Seed of the draws."),
                     as_json: bool = JsonOpt) -> None:
    """Where will it land? The political-science bargaining models, issue by issue."""
    from ..forecast import MODELS, ForecastError, forecast_positions, from_table
    from ..forecast.scenario import forecast_scenario

    models = MODELS if model == "all" else (model,)
    if model != "all" and model not in MODELS:
        raise UsageProblem(f"--model must be one of {', '.join(MODELS)} or all; got {model!r}")
    try:
        if table is not None:
            if scenario is not None:
                raise UsageProblem("give either a scenario or --table, not both")
            found = {table.stem: forecast_positions(from_table(_read_table(table)), models=models, rounds=rounds)}
            model_for_output = None
        else:
            model_for_output = _load(scenario, variant)
            found = forecast_scenario(model_for_output, issues=[issue] if issue else None, models=models, rounds=rounds)
        spread = None
        if samples and model_for_output is not None:
            from ..forecast.sampled import forecast_distribution

            spread = forecast_distribution(model_for_output, samples, seed, issues=[issue] if issue else None,
                                           models=models, rounds=rounds)
    except ForecastError as exc:
        raise UsageProblem(str(exc)) from None
    if as_json:
        emit_json({**forecast_json(found), **({"distribution": spread, "samples": samples, "seed": seed}
                                              if spread else {})})
    else:
        render.forecast(console, model_for_output, found, spread)


def forecast_json(found: dict) -> dict:
    """The ``accord forecast --json`` contract: numbers per model, the challenge model with its rounds."""
    issues, options = {}, {}
    for issue_id, models in found.items():
        issues[issue_id] = {name: ({"position": entry["position"], "rounds": entry["rounds"]} if name == "challenge"
                                   else entry["position"]) for name, entry in models.items()}
        if any("option" in entry for entry in models.values()):
            options[issue_id] = {name: entry["option"] for name, entry in models.items()}
    return {"issues": issues, **({"options": options} if options else {})}


from .interop import export_app, import_app  # noqa: E402  (at the end: interop imports app's helpers lazily)

app.add_typer(import_app, name="import")
app.add_typer(export_app, name="export")


@app.command("montecarlo", epilog="Examples:\n\n  accord montecarlo --runs 10000 --seed 7\n\n"
                                  "  accord montecarlo --all-variants --runs 20000 --out results.csv\n\n"
                                  "  accord montecarlo --variant talks-resume --simulate --runs 2000 --workers 2")
@guarded
def montecarlo_command(scenario: Optional[Path] = ScenarioArg, variant: Optional[str] = VariantOpt,
                       all_variants: bool = typer.Option(False, "--all-variants",
                                                         help="Also every variant, on the same draws (paired)."),
                       runs: int = typer.Option(10000, "--runs", min=1, help="Number of draws."),
                       seed: int = typer.Option(0, "--seed", help="Seed of every draw."),
                       workers: int = typer.Option(1, "--workers", min=1, help="Worker processes (same results)."),
                       backend: str = typer.Option("local", "--backend", help="local | ray (same results)."),
                       address: Optional[str] = typer.Option(None, "--address", help="Ray head HOST:PORT (ray backend)."),
                       simulate_runs: bool = typer.Option(False, "--simulate",
                                                          help="Also simulate the negotiation in every draw."),
                       protocol: str = typer.Option("alternating", "--protocol", help="alternating | mediated"),
                       strategy: list[str] = typer.Option([], "--strategy", "-s", help="PARTY=STRATEGY (repeatable)."),
                       rounds: int = typer.Option(100, "--rounds", min=1, help="Deadline of simulated talks."),
                       no_events: bool = typer.Option(False, "--no-events", help="Simulate without scripted events."),
                       sensitivity_runs: int = typer.Option(1024, "--sensitivity-runs", min=0,
                                                            help="Base draws of the Sobol analysis (0: skip it)."),
                       out: Optional[Path] = typer.Option(None, "--out",
                                                          help="Per-draw table: .csv, or .parquet with pyarrow."),
                       as_json: bool = JsonOpt) -> None:
    """Uncertainty: P(a zone of agreement) with its interval, what drives it, and (--simulate) P(a deal)."""
    from .montecarlo import run_montecarlo

    if variant and all_variants:
        raise UsageProblem("give --variant or --all-variants, not both")
    if out is not None and out.suffix.lower() not in (".csv", ".parquet"):
        raise UsageProblem(f"--out must end in .csv or .parquet; got {out.name}")
    model = _load(scenario, variant)
    from ..backends import using

    with using(backend, address):
        report = run_montecarlo(model, runs=runs, seed=seed, workers=workers, all_variants=all_variants,
                                simulate=simulate_runs, protocol=protocol,
                                strategies=parse_assignments(strategy, "--strategy"), rounds=rounds,
                                events=not no_events, sensitivity_runs=sensitivity_runs, out=out, quiet=as_json)
    if as_json:
        emit_json(report)
    else:
        render.montecarlo(console, model, report)
    if report.get("interrupted"):
        raise typer.Exit(130)


@app.command("serve", epilog="Examples:\n\n  accord serve\n\n  accord serve --port 8765\n\n  accord serve --db accord.db")
@guarded
def serve_command(host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (loopback by default)."),
                  port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
                  db: Optional[str] = typer.Option(None, "--db", help="Also serve the timelines of this store "
                                                                      "(a file written by accord track, or a URL).")
                  ) -> None:
    """The web workbench: analyse, compose proposals, simulate and download the briefing in a browser."""
    from ..web import run

    if db is not None:
        from ..store import StoreError

        try:
            from ..web.service import open_track_store

            open_track_store(db).close()  # refuse a missing or foreign store before serving anything
        except ImportError:
            raise UsageProblem("the web workbench needs FastAPI and uvicorn: pip install 'accord[web]'") from None
        except StoreError as exc:
            errors.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(1)
    if host not in ("127.0.0.1", "localhost", "::1"):
        errors.print(f"warning: serving on {host}: the workbench has no authentication", markup=False)
    console.print(f"accord workbench on http://{host}:{port}/ (Ctrl-C to stop)"
                  + (f"; timelines of {db}" if db else ""), highlight=False)
    try:
        run(host=host, port=port, **({"store": db} if db is not None else {}))
    except RuntimeError as exc:  # the web extra is not installed
        raise UsageProblem(str(exc)) from None

from .track import register as _register_track  # noqa: E402
_register_track(app)

from .extract import register as _register_extract  # noqa: E402

_register_extract(app)

from .tournament import register as _register_tournament  # noqa: E402
_register_tournament(app)
