"""``accord analyze``, ``validate``, ``evaluate`` and ``compare``: the analysis of one scenario and its variants."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from .. import jobs
from ..analysis._analyze import PARETO_LIMIT
from ..scenario import Scenario, ScenarioError, load
from ..scenario.evidence import unread_sources
from . import render
from .common import Commands, JsonOpt, ScenarioArg, UsageProblem, VariantOpt, console, emit_json, load_scenario, say

commands = Commands()


@commands.command("analyze", epilog="Examples:\n\n  accord analyze\n\n  accord analyze --variant phased-ceasefire\n\n"
                                    "  accord analyze my-talks.yaml --json")
def analyze_command(scenario: Path | None = ScenarioArg, variant: str | None = VariantOpt,
                    as_json: bool = JsonOpt,
                    unlock: bool = typer.Option(True, "--unlock/--no-unlock",
                                                help="When there is no ZOPA, search for the changes that open it."),
                    full_frontier: bool = typer.Option(
                        False, "--full-frontier",
                        help=f"With --json, list every Pareto package (default: the first {PARETO_LIMIT:,}, "
                             "with pareto_size and pareto_truncated).")) -> None:
    """Is there a zone of possible agreement? What blocks it, what would open it, which deals are best?"""
    model = load_scenario(scenario, variant)
    result = jobs.analyze(model, unlock=unlock)
    if as_json:
        emit_json(result.to_json(pareto_limit=None if full_frontier else PARETO_LIMIT))
    else:
        render.analysis(console, model, result)


@commands.command("validate", epilog="Examples:\n\n  accord validate\n\n  accord validate talks.yaml other.json")
def validate(files: list[Path] | None = typer.Argument(None, help="Scenario files. Default: the embedded Cairo talks.",
                                                          show_default=False),
             as_json: bool = JsonOpt) -> None:
    """Check scenario files (and all their variants and evidence quotes); exit 1 if any is invalid."""
    targets: list[Path | None] = list(files) if files else [None]
    report, failed = [], 0
    for path in targets:
        shown = str(path) if path else "(embedded) cairo-talks-2024"
        try:
            model = load(path)
            unread = unread_sources(model)  # quotes that cannot be checked: an error here, a warning elsewhere
            if unread:
                raise ScenarioError(unread)
        except ScenarioError as exc:
            failed += 1
            report.append({"file": shown, "valid": False, "problems": [
                {"path": p.path, "line": p.line, "message": p.message} for p in exc.problems]})
            if not as_json:
                for problem in exc.problems:
                    say(f"error: {problem}")
            continue
        report.append({"file": shown, "valid": True, "problems": []})
        if not as_json:
            console.print(f"ok: {shown} ({len(model.issues)} issues, {len(model.actors)} actors, "
                          f"{len(model.variants)} variants, {model.outcome_count:,} outcomes)", highlight=False, markup=False)
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


@commands.command("evaluate", epilog="Examples:\n\n  accord evaluate --proposal ceasefire=phased,rafah=limited,hostages=phased\n\n"
                                     "  accord evaluate talks.yaml -p price=120 -p delivery=fast --json")
def evaluate_command(scenario: Path | None = ScenarioArg,
                     proposal: list[str] = typer.Option(..., "--proposal", "-p",
                                                        help="The package: ISSUE=OPTION pairs, comma-separated."),
                     variant: str | None = VariantOpt, as_json: bool = JsonOpt,
                     top: int = typer.Option(10, "--top", min=0, help="How many Pareto improvements to list.")) -> None:
    """Score a proposal: each actor's utility, each party's verdict and why, and better packages."""
    model = load_scenario(scenario, variant)
    result = jobs.evaluate(model, proposal=_typed(model, parse_proposal(proposal)), top=top)
    if as_json:
        emit_json(result.to_json())
    else:
        render.evaluation(console, model, result)


@commands.command("compare", epilog="Examples:\n\n  accord compare\n\n  accord compare talks.yaml --json")
def compare_command(scenario: Path | None = ScenarioArg, as_json: bool = JsonOpt) -> None:
    """The base scenario and every variant side by side: ZOPA size, blockers, Nash deal."""
    model = load_scenario(scenario, None)
    result = jobs.compare(model)
    if as_json:
        emit_json(result.to_json())
    else:
        render.comparison(console, model, result)
