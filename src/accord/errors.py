"""One error hierarchy for all of accord, and the exit codes every command uses.

Every error accord raises on purpose derives from :class:`AccordError`, so a
caller can catch accord's failures in one clause. Two kinds are shared by
every part:

- :class:`InvalidInput` (a ``ValueError``): the input is wrong. The message
  names the parameter (or the file, line and path), the rule and the value
  received, in the spirit of scikit-learn's parameter validation:

  >>> raise InvalidInput("runs", "an integer >= 1", 0)
  Traceback (most recent call last):
  ...
  accord.errors.InvalidInput: the 'runs' parameter must be an integer >= 1; got 0

- :class:`MissingExtra` (an ``ImportError``): an optional part of accord is
  not installed. The message names the extra to install:

  >>> raise MissingExtra("report", "plotly")
  Traceback (most recent call last):
  ...
  accord.errors.MissingExtra: this needs plotly, which is not installed: pip install 'accord[report]'

Exit codes (every command; see docs/cli.md):

====  =====================================================================
code  meaning
====  =====================================================================
0     success
1     invalid input or refused work (a bad file, an option value out of
      range, an estimate beyond the limits)
2     usage (unknown command or option, malformed argument)
3     internal error (a bug; never expected on any input)
4     a missing optional extra (the message names it)
130   interrupted (Ctrl-C)
====  =====================================================================
"""

from __future__ import annotations

import importlib
from enum import IntEnum
from types import ModuleType
from typing import Any


class ExitCode(IntEnum):
    """The exit codes of every ``accord`` command."""

    OK = 0
    INVALID = 1
    USAGE = 2
    INTERNAL = 3
    MISSING_EXTRA = 4
    INTERRUPTED = 130


def _rebuild(cls: type, args: tuple, state: dict) -> AccordError:
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class AccordError(Exception):
    """Root of every error accord raises on purpose."""

    exit_code: ExitCode = ExitCode.INVALID

    def __reduce__(self) -> tuple:
        # rebuilt without calling __init__, whose arguments differ from subclass to subclass,
        # so that errors raised in worker processes reach the caller intact
        return _rebuild, (type(self), self.args, dict(self.__dict__))


class InvalidInput(AccordError, ValueError):
    """Wrong input. ``InvalidInput(parameter, rule, value)`` builds the standard message;
    ``InvalidInput(message)`` takes a ready one."""

    exit_code = ExitCode.INVALID

    def __init__(self, parameter: str, rule: str | None = None, value: Any = ..., *, message: str | None = None) -> None:
        if rule is None and message is None:
            message, parameter = parameter, ""
        elif message is None:
            message = f"the {parameter!r} parameter must be {rule}"
            if value is not ...:
                message += f"; got {value!r}"
        self.parameter = parameter
        self.rule = rule
        self.value = value
        super().__init__(message)


class UsageError(AccordError, ValueError):
    """A command-line argument is malformed (exit 2)."""

    exit_code = ExitCode.USAGE


class MissingExtra(AccordError, ImportError):
    """An optional dependency is missing; names the extra that installs it."""

    exit_code = ExitCode.MISSING_EXTRA

    def __init__(self, extra: str, package: str, feature: str | None = None, also: str | None = None) -> None:
        self.extra = extra
        self.package = package
        what = feature or "this"
        super().__init__(f"{what} needs {package}, which is not installed: pip install 'accord[{extra}]'"
                         + (f" ({also})" if also else ""))


class MissingProgram(AccordError):
    """A program accord drives is not on this machine (Chromium to print a PDF): exit 1, not 4, since no
    ``pip install`` brings it. The message names the program, where it was looked for and how to install it."""

    exit_code = ExitCode.INVALID

    def __init__(self, program: str, where: str, install: str) -> None:
        self.program = program
        self.where = where
        super().__init__(f"no {program} at {where}: {install}")


def require(module: str, extra: str, feature: str | None = None, also: str | None = None) -> ModuleType:
    """Import an optional third-party ``module`` or raise :class:`MissingExtra` naming ``extra``.

    Only a missing module is turned into :class:`MissingExtra`; an error
    raised while importing an installed module propagates unchanged. ``also``: what else the feature
    needs that no extra brings (a system program), added to the message in brackets.
    """
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        top = module.split(".")[0]
        if exc.name is not None and exc.name.split(".")[0] == top:
            raise MissingExtra(extra, top, feature, also) from None
        raise


__all__ = ["AccordError", "ExitCode", "InvalidInput", "MissingExtra", "MissingProgram", "UsageError", "require"]
