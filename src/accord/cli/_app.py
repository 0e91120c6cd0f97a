"""The ``accord`` command line, assembled: the root app and every command group's commands.

The commands live in one module per group (``analysis``, ``simulate``,
``report``, ``forecast``, ``interop``, ``montecarlo``, ``serve``, ``track``,
``extract``, ``tournament``); what they share (options, the error guard,
helpers) lives in ``common``. Every failure a user can cause ends as one clear
line per problem on stderr and a non-zero exit, never a traceback (see
docs/cli.md).

``app`` is the whole command line, assembled on first use. A command line
whose first word names a command (``accord extract ...``) is run by an app
holding only that command's module (:func:`assemble`), so a command imports
only what it needs: ``accord extract`` does not load the simulation, the
forecasts or the web server.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

import typer

from .. import __version__
from .common import CONTEXT, console

# The command groups, one module each, in the order of `accord --help`, with the top-level names each module
# registers (a test checks this table against the modules).
GROUPS = {"analysis": ("analyze", "validate", "evaluate", "compare"), "simulate": ("simulate",),
          "report": ("report",), "forecast": ("forecast",), "interop": ("import", "export"),
          "montecarlo": ("montecarlo",), "serve": ("serve",), "track": ("track", "diff", "rerun"),
          "extract": ("extract", "evidence"), "tournament": ("tournament",)}


def version_callback(value: bool) -> None:
    if value:
        console.print(f"accord {__version__}")
        raise typer.Exit()


def root(version: bool = typer.Option(False, "--version", callback=version_callback, is_eager=True,
                                      help="Show the version and exit.")) -> None:
    """Model, diagnose and forecast real multi-party negotiations."""


def assemble(groups: tuple[str, ...] = tuple(GROUPS)) -> typer.Typer:
    """The root app with the commands of ``groups`` (every group by default), in the order of ``GROUPS``."""
    app = typer.Typer(
        name="accord",
        help="Model, diagnose and forecast real multi-party negotiations.\n\n"
             "With no scenario file, every command works on the embedded example: the 2024 Cairo ceasefire "
             "and hostage talks (cairo-talks-2024.txt).",
        add_completion=False,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode="rich",
        context_settings=CONTEXT,
    )
    app.callback()(root)
    for group in GROUPS:
        if group in groups:
            import_module(f"{__package__}.{group}").commands.install(app)
    return app


def group_of(args: list[str]) -> str | None:
    """The group whose module registers the command the arguments start with, or None (an option first, no
    command, or a name no group registers: the whole app answers, with its help or its error)."""
    first = args[0] if args else ""
    return next((group for group, names in GROUPS.items() if first in names), None)


def __getattr__(name: str) -> Any:
    if name == "app":  # the whole command line, assembled once
        globals()["app"] = whole = assemble()
        return whole
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
