"""The command-line edge: ``accord`` (typer + rich)."""

try:  # typer 0.2x carries its own copy of click; older typer uses click itself
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - depends on the installed typer
    from click import exceptions as click_errors  # type: ignore[no-redef]

import sys
from typing import TYPE_CHECKING, Any

import typer

from . import _app
from ._app import assemble, group_of
from .common import say

if TYPE_CHECKING:
    from ._app import app


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point: run ``accord`` and return its exit code (the script exits with it).

    Usage errors that click finds before a command runs (an unknown option, a
    value out of an option's range) are one line, ``error: ...``, exit 2,
    like every other failure (docs/cli.md); asking for help or running with
    no arguments prints the help, exit 0.
    """
    args = sys.argv[1:] if argv is None else list(argv)
    group = group_of(args)
    # one command's module when the arguments name one; the whole command line (assembled once) otherwise
    command_line = assemble((group,)) if group else _app.app
    try:
        code = command_line(args=args, prog_name="accord", standalone_mode=False)
    except click_errors.NoArgsIsHelpError as exc:
        if exc.format_message().strip():  # typer's rich help is printed as it is built; plain help is returned
            print(exc.format_message())
        return 0
    except click_errors.ClickException as exc:
        ctx = getattr(exc, "ctx", None)
        hint = f" (see '{ctx.command_path} -h')" if ctx is not None else ""
        say(f"error: {exc.format_message()}{hint}")
        return exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        say("interrupted")
        return 130
    return code if isinstance(code, int) else 0


def __getattr__(name: str) -> Any:
    if name == "app":  # the whole command line (tests, the docs' tables), assembled on first use
        return _app.app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["app", "main"]
