"""The command-line edge: ``accord`` (typer + rich)."""

try:  # typer 0.2x carries its own copy of click; older typer uses click itself
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - depends on the installed typer
    from click import exceptions as click_errors  # type: ignore[no-redef]

import typer

from ._app import app
from .common import say


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point: run ``accord`` and return its exit code (the script exits with it).

    Usage errors that click finds before a command runs (an unknown option, a
    value out of an option's range) are one line, ``error: ...``, exit 2,
    like every other failure (docs/cli.md); asking for help or running with
    no arguments prints the help, exit 0.
    """
    try:
        code = app(args=argv, prog_name="accord", standalone_mode=False)
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


__all__ = ["app", "main"]
