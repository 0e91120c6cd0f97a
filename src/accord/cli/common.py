"""What every ``accord`` command shares: consoles, options, the error guard and the one way to register.

Each command group lives in its own module and lists its commands on a
:class:`Commands` object; ``app.py`` only adds those lists to the root app.
Registering through :class:`Commands` wraps every command in :func:`guarded`,
so every command turns failures into one-line messages and the same exit
codes. No command module imports ``app.py``.
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

from ..analysis import OutcomeSpaceTooLarge, ProposalError
from ..backends.errors import BackendError
from ..scenario import Scenario, ScenarioError, load
from ..simulation.errors import SimulationError
from ..simulation.protocols import PROTOCOLS

CONTEXT = {"help_option_names": ["-h", "--help"]}

console = Console()
errors = Console(stderr=True)


# ---------------------------------------------------------------- shared options
ScenarioArg = typer.Argument(None, help="Scenario file (YAML or JSON). Default: the embedded Cairo talks.",
                             show_default=False)
VariantOpt = typer.Option(None, "--variant", "-V", help="Apply this variant (what-if) first.")
JsonOpt = typer.Option(False, "--json", help="Print machine-readable JSON instead of tables.")
DbOpt = typer.Option(None, "--db", help="Store: a file (default accord.db here, or $ACCORD_DB) or postgresql://... URL.")



def choices(registry: Any, *more: str) -> str:
    """The names of a registry (``accord.simulation.PROTOCOLS``, ``accord.forecast.MODELS``, ...) for a help text."""
    return " | ".join((*registry, *more))


# The options of one simulated negotiation, shared by `accord simulate` and `accord track run --kind simulation`
ProtocolOpt = typer.Option("alternating", "--protocol", help=choices(PROTOCOLS))
StrategyOpt = typer.Option([], "--strategy", "-s", help="PARTY=STRATEGY (repeatable); default boulware.")
RoundsOpt = typer.Option(100, "--rounds", min=1, help="Deadline in rounds.")
DiscountOpt = typer.Option([], "--discount", help="PARTY=FACTOR in (0, 1] (repeatable).")
FirstOpt = typer.Option(None, "--first", help="Party that proposes first.")
FullInformationOpt = typer.Option(False, "--full-information", help="Let strategies see every party's utilities.")
NoEventsOpt = typer.Option(False, "--no-events", help="Ignore the scenario's scripted events.")


# ---------------------------------------------------------------- errors
class UsageProblem(ValueError):
    """A command-line argument is malformed."""


def say(message: str) -> None:
    """One line on stderr, printed as it is (no markup, no highlighting)."""
    errors.print(message, markup=False, highlight=False, soft_wrap=True)


def guarded(command: Callable) -> Callable:
    """Turn every expected failure into one-line messages and an exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            command(*args, **kwargs)
        except ScenarioError as exc:
            for problem in exc.problems:
                say(f"error: {problem}")
            raise typer.Exit(1)
        except UsageProblem as exc:
            say(f"error: {exc}")
            raise typer.Exit(2)
        except (ProposalError, OutcomeSpaceTooLarge, SimulationError, BackendError) as exc:
            say(f"error: {exc}")
            raise typer.Exit(1)
        except KeyboardInterrupt:
            errors.print("interrupted")
            raise typer.Exit(130)
        except typer.Exit:
            raise
        except Exception as exc:  # a bug: say so in one line, keep the traceback for debugging on demand
            if os.environ.get("ACCORD_DEBUG"):
                raise
            say(f"internal error: {type(exc).__name__}: {exc} (set ACCORD_DEBUG=1 for details)")
            raise typer.Exit(3)

    return wrapper


# ---------------------------------------------------------------- registration
class Commands:
    """The commands of one module: the one way to register a command.

    ``@commands.command("name", epilog=...)`` records a command (wrapped in
    :func:`guarded`); ``commands.group("name", help=...)`` returns the
    :class:`Commands` of a sub-command group (``accord track ...``).
    :meth:`install` adds them all to a typer app, in the order recorded.
    """

    def __init__(self, help: Optional[str] = None, **settings: Any) -> None:
        self.help = help
        self.settings = settings
        self._entries: list[tuple[str, Any, dict[str, Any]]] = []

    def command(self, name: str, **settings: Any) -> Callable[[Callable], Callable]:
        def record(function: Callable) -> Callable:
            self._entries.append((name, guarded(function), settings))
            return function

        return record

    def group(self, name: str, help: str, **settings: Any) -> "Commands":
        group = Commands(help, **settings)
        self._entries.append((name, group, {}))
        return group

    def install(self, app: typer.Typer) -> None:
        for name, entry, settings in self._entries:
            if isinstance(entry, Commands):
                sub = typer.Typer(help=entry.help, no_args_is_help=True, context_settings=CONTEXT, **entry.settings)
                entry.install(sub)
                app.add_typer(sub, name=name)
            else:
                app.command(name, **settings)(entry)


# ---------------------------------------------------------------- helpers
def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def load_scenario(path: Optional[Path], variant: Optional[str]) -> Scenario:
    return load(path, variant)


def parse_assignments(texts: list[str], option: str) -> dict[str, str]:
    """``["israel=boulware", "hamas=tit-for-tat"]`` -> ``{"israel": "boulware", ...}``."""
    result: dict[str, str] = {}
    for text in texts:
        party, sep, value = text.partition("=")
        if not sep or not party.strip() or not value.strip():
            raise UsageProblem(f"{option} expects PARTY=VALUE, got {text!r}")
        result[party.strip()] = value.strip()
    return result


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


__all__ = ["CONTEXT", "Commands", "DbOpt", "DiscountOpt", "FirstOpt", "FullInformationOpt", "JsonOpt", "NoEventsOpt",
           "ProtocolOpt", "RoundsOpt", "ScenarioArg", "StrategyOpt", "UsageProblem", "VariantOpt", "console",
           "emit_json", "errors", "guarded", "load_scenario", "parse_assignments", "say", "simulation_options"]
