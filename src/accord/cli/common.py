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
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from .._io import check_output, replacing, shown
from ..errors import AccordError, ExitCode, InvalidInput, UsageError
from ..scenario import Scenario, ScenarioError, load

CONTEXT = {"help_option_names": ["-h", "--help"]}

# emoji=False: user text such as ``root:x:0`` or ``:fire:`` is printed as written, never as an emoji.
# User text placed inside markup goes through literal() (brackets escaped, control characters shown).
console = Console(emoji=False)
errors = Console(stderr=True, emoji=False, highlight=False)


def literal(text: object) -> str:
    """User text inside a markup string: brackets escaped, control characters shown."""
    from rich.markup import escape

    return escape(shown(text))


# ---------------------------------------------------------------- shared options
# The documented ranges of the numeric options every command shares (docs/cli.md), checked by typer before any
# work starts: a seed is any integer a store can hold (SQLite's 64-bit signed INTEGER, as the web API); --runs
# (draws, or seeds of a batch) and --reps are capped so that the per-draw arrays stay within memory.
MAX_SEED = 2**63 - 1
MAX_RUNS = 10_000_000
MAX_ROUNDS = 1_000_000
MAX_REPS = 100_000


# One name per idea: -o/--output for a file written, --db for a store, --runs for draws of the uncertain
# numbers (--reps, repetitions of a tournament pairing, is another idea); choices named from the registries.
def choices(registry: Any, *more: str) -> str:
    """The names of a registry (``accord.simulation.PROTOCOLS``, ``accord.forecast.MODELS``, ...) for a help text."""
    return " | ".join((*registry, *more))


ScenarioArg = typer.Argument(None, help="Scenario file (YAML or JSON). Default: the embedded Cairo talks.",
                             show_default=False)
VariantOpt = typer.Option(None, "--variant", "-V", help="Apply this variant (what-if) first.")
JsonOpt = typer.Option(False, "--json", help="Print machine-readable JSON instead of tables.")
DbOpt = typer.Option(None, "--db", help="Store: a file (default accord.db here, or $ACCORD_DB) or postgresql://... URL.")
AddressOpt = typer.Option(None, "--address", help="Ray head HOST:PORT (ray backend).")

# The options of one simulated negotiation, shared by `accord simulate`, `accord montecarlo --simulate`,
# `accord tournament` and `accord track run --kind simulation` (--protocol and --strategy, whose choices are named
# from the registries, are in cli/options.py)
RoundsOpt = typer.Option(100, "--rounds", min=1, max=MAX_ROUNDS, help="Deadline in rounds.")
DiscountOpt = typer.Option([], "--discount", help="PARTY=FACTOR in (0, 1] (repeatable).")
FirstOpt = typer.Option(None, "--first", help="Party that proposes first.")
FullInformationOpt = typer.Option(False, "--full-information", help="Let strategies see every party's utilities.")
NoEventsOpt = typer.Option(False, "--no-events", help="Ignore the scenario's scripted events.")


def renamed(value: Any, old_value: Any, new: str, old: str, default: Any = None) -> Any:
    """The value of an option also given under its old, hidden name (``--samples`` for ``--runs``).

    The old name still works, with a one-line warning on stderr; giving both is a usage error.
    """
    if old_value is None:
        return value
    if value != default:
        raise UsageProblem(f"{old} is the old name of {new}: give one of them")
    say(f"warning: {old} is deprecated; use {new}")
    return old_value


# ---------------------------------------------------------------- errors
class UsageProblem(UsageError):
    """A command-line argument is malformed (exit 2); the name the CLI modules have always used."""


def say(message: str) -> None:
    """One line on stderr, printed as it is: no markup, no emoji, no highlighting; control characters
    (a newline, a carriage return, an escape sequence in a user's name) escaped as in ``repr``."""
    errors.print(shown(message.strip()), markup=False, highlight=False, emoji=False, soft_wrap=True)


def unreadable(path: Path | str, exc: OSError, verb: str = "read") -> InvalidInput:
    """``cannot read PATH: REASON`` as an :class:`InvalidInput` naming the file (exit 1)."""
    return InvalidInput(str(path), message=f"cannot {verb} {path}: {exc.strerror or exc}")


def read_text(path: Path, what: str, encoding: str = "utf-8") -> str:
    """A user-named text file, read within the 2 MiB cap; one-line refusals naming the file (exit 1)."""
    from ..scenario.reader import FileTooLarge, read_bounded

    try:
        raw: bytes | None = read_bounded(path)
    except OSError as exc:
        raise unreadable(path, exc) from None
    except FileTooLarge:
        raw = None
    if raw is None or b"\x00" in raw:
        raise InvalidInput(str(path), message=f"{path}: expected {what} of at most 2 MiB")
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        raise InvalidInput(str(path), message=f"{path}: not UTF-8 text") from None


def guarded(command: Callable) -> Callable:
    """Run a command; turn every expected failure into one-line messages and the exit code of its class.

    The table (docs/cli.md, :class:`accord.errors.ExitCode`): an :class:`~accord.errors.AccordError`
    exits with its ``exit_code`` (1 invalid input or refused work, 2 usage, 4 a missing extra); a file
    that cannot be read or written, 1; Ctrl-C, 130; anything else is a bug: one line and 3 (the
    traceback with ``ACCORD_DEBUG=1``). Click's own usage errors (unknown option) exit 2 before this runs.
    """

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            command(*args, **kwargs)
        except ScenarioError as exc:  # every problem of the file, one line each
            for problem in exc.problems:
                say(f"error: {problem}")
            raise typer.Exit(exc.exit_code)
        except AccordError as exc:
            say(f"error: {exc}")
            raise typer.Exit(exc.exit_code)
        except OSError as exc:  # a file the command was pointed at: the user's to fix
            name = exc.filename if exc.filename is not None else ""
            say(f"error: {name}{': ' if name else ''}{exc.strerror or exc}")
            raise typer.Exit(ExitCode.INVALID)
        except KeyboardInterrupt:
            say("interrupted")
            raise typer.Exit(ExitCode.INTERRUPTED)
        except typer.Exit:
            raise
        except Exception as exc:  # a bug: say so in one line, keep the traceback for debugging on demand
            if os.environ.get("ACCORD_DEBUG"):
                raise
            say(f"internal error: {type(exc).__name__}: {exc} (set ACCORD_DEBUG=1 for details)")
            raise typer.Exit(ExitCode.INTERNAL)

    return wrapper


# ---------------------------------------------------------------- registration
class Commands:
    """The commands of one module: the one way to register a command.

    ``@commands.command("name", epilog=...)`` records a command (wrapped in
    :func:`guarded`); ``commands.group("name", help=...)`` returns the
    :class:`Commands` of a sub-command group (``accord track ...``).
    :meth:`install` adds them all to a typer app, in the order recorded.
    """

    def __init__(self, help: str | None = None, **settings: Any) -> None:
        self.help = help
        self.settings = settings
        self._entries: list[tuple[str, Any, dict[str, Any]]] = []

    def command(self, name: str, **settings: Any) -> Callable[[Callable], Callable]:
        def record(function: Callable) -> Callable:
            self._entries.append((name, guarded(function), settings))
            return function

        return record

    def group(self, name: str, help: str, **settings: Any) -> Commands:
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


def load_scenario(path: Path | None, variant: str | None = None) -> Scenario:
    """Load (and validate) a scenario; warn, one line each, of source files that cannot be read."""
    from ..scenario.evidence import unread_sources

    model = load(path, variant)
    for problem in unread_sources(model):
        say(f"warning: {problem}")
    return model


def output_file(path: Path | None, option: str, *inputs: Any) -> Path | None:
    """Check an output file named by the user before any work starts (exit 1 when it cannot be written).

    The one rule for every file a command writes (docs/cli.md, "Output files"): an existing file is
    replaced atomically once the work is done (:func:`write_output`), so a failure keeps the old one;
    a missing or read-only folder, a folder, FIFO or device in its place, and any of ``inputs`` (the
    scenario file, a store) are refused at once.
    """
    if path is None:
        return None
    return check_output(path, option, tuple(inputs))


write_output = replacing  # ``with write_output(path, "w", encoding="utf-8") as handle: ...``: atomic replace


_BYTE_UNITS = {"": 1, "b": 1, "k": 2**10, "kib": 2**10, "kb": 10**3, "m": 2**20, "mib": 2**20, "mb": 10**6,
               "g": 2**30, "gib": 2**30, "gb": 10**9, "t": 2**40, "tib": 2**40, "tb": 10**12}


def parse_bytes(text: str, option: str) -> int:
    """``"1GiB"``, ``"512M"``, ``"2GB"``, ``"1.5g"`` -> bytes. KiB/MiB/GiB and bare K/M/G are powers of 1024;
    KB/MB/GB powers of 1000 (SI); no unit: bytes."""
    match = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]*)?)\s*([A-Za-z]*)\s*", text)
    unit = match.group(2).lower() if match else ""
    if match is None or unit not in _BYTE_UNITS:
        raise UsageProblem(f"{option} expects a size such as 512MiB, 1GiB or 2GB; got {text!r}")
    size = int(float(match.group(1)) * _BYTE_UNITS[unit])
    if size < 1:
        raise UsageProblem(f"{option} must be at least 1 byte; got {text!r}")
    return size


def parse_assignments(texts: list[str], option: str) -> dict[str, str]:
    """``["israel=boulware", "hamas=tit-for-tat"]`` -> ``{"israel": "boulware", ...}``."""
    result: dict[str, str] = {}
    for text in texts:
        party, sep, value = text.partition("=")
        if not sep or not party.strip() or not value.strip():
            raise UsageProblem(f"{option} expects PARTY=VALUE, got {text!r}")
        result[party.strip()] = value.strip()
    return result


def simulation_options(protocol: str, strategy: list[str], rounds: int, discount: list[str], first: str | None,
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


__all__ = ["CONTEXT", "MAX_REPS", "MAX_ROUNDS", "MAX_RUNS", "MAX_SEED", "Commands", "DbOpt", "DiscountOpt", "FirstOpt",
           "FullInformationOpt", "JsonOpt", "NoEventsOpt", "RoundsOpt", "ScenarioArg", "UsageProblem", "VariantOpt",
           "console", "emit_json", "errors", "guarded", "literal", "load_scenario", "output_file", "parse_assignments",
           "say", "simulation_options", "write_output"]
