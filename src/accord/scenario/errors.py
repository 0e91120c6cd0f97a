"""Validation problems and the error that carries them.

Every problem names the file, the path inside the document (``actors.israel.
preferences.ceasefire.values``), the line when the parser knows it, and what
was expected. A file's problems are collected and raised together, so a user
fixes them in one pass rather than one per run.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InvalidInput


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario document."""

    message: str
    path: str = ""
    line: int | None = None
    file: str | None = None

    def __str__(self) -> str:
        where = self.file or "<scenario>"
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ScenarioError(InvalidInput):
    """A scenario could not be read or is not valid; ``problems`` lists why (one line each)."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.problems[0].path if self.problems else "",
                         message="\n".join(str(p) for p in self.problems))


class Index(int):
    """A position in a list, as opposed to a number used as a mapping key."""

    __slots__ = ()


def format_path(parts: tuple) -> str:
    """``("actors", "israel", "evidence", Index(0))`` -> ``actors.israel.evidence[0]``.

    List positions (:class:`Index`) print as ``[i]``; numbers that are mapping
    keys (numeric-issue points) print as ``.10``.
    """
    text = ""
    for part in parts:
        if isinstance(part, Index):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text
