"""The ``accord`` command line, assembled: the root app and every command group's commands.

The commands live in one module per group (``analysis``, ``simulate``,
``report``, ``forecast``, ``interop``, ``montecarlo``, ``serve``, ``track``,
``extract``, ``tournament``); what they share (options, the error guard,
helpers) lives in ``common``. Every failure a user can cause ends as one clear
line per problem on stderr and a non-zero exit, never a traceback (see
docs/cli.md).
"""

from __future__ import annotations

import typer

from .. import __version__
from . import analysis, extract, forecast, interop, montecarlo, report, serve, simulate, tournament, track
from .common import CONTEXT, console

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


def version_callback(value: bool) -> None:
    if value:
        console.print(f"accord {__version__}")
        raise typer.Exit()


@app.callback()
def root(version: bool = typer.Option(False, "--version", callback=version_callback, is_eager=True,
                                      help="Show the version and exit.")) -> None:
    """Model, diagnose and forecast real multi-party negotiations."""


# The order here is the order of `accord --help`.
for group in (analysis, simulate, report, forecast, interop, montecarlo, serve, track, extract, tournament):
    group.commands.install(app)
