"""Errors and small helpers shared by the importers and exporters."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from ..errors import InvalidInput, MissingExtra

_BAD_CHARS = re.compile(r"[^A-Za-z0-9_.-]+")


class ConversionError(InvalidInput):
    """A file could not be converted exactly; ``file`` names it, ``reason`` says why.

    ``str(error)`` is one line: ``FILE: REASON`` (or just the reason when no
    single file is to blame).
    """

    def __init__(self, file: str | os.PathLike | None, reason: str):
        self.file = str(file) if file is not None else None
        self.reason = " ".join(str(reason).split())  # one line, always
        super().__init__(self.file or "", message=f"{self.file}: {self.reason}" if self.file else self.reason)


class MissingDependency(MissingExtra, RuntimeError):
    """An optional dependency of an importer is not installed (a :class:`MissingExtra`, kept by this name)."""


def read_capped(path: str | os.PathLike, limit: int, what: str) -> bytes:
    """The bytes of ``path``; refuses a missing, unreadable or larger-than-``limit`` file."""
    from ..scenario.reader import FileTooLarge, read_bounded

    try:
        return read_bounded(path, limit)
    except FileTooLarge:
        raise ConversionError(path, f"larger than {limit // 2**20} MiB; refused (a {what} file is far smaller)") from None
    except FileNotFoundError:
        raise ConversionError(path, f"no such {what} file") from None
    except IsADirectoryError:
        raise ConversionError(path, f"is a directory, expected a {what} file") from None
    except OSError as exc:
        raise ConversionError(path, f"cannot read: {exc.strerror or exc}") from None


def sanitise_id(text: str, fallback: str = "x") -> str:
    """Turn ``text`` into an accord id: ``[A-Za-z0-9][A-Za-z0-9_.-]*``.

    Every run of characters outside ``[A-Za-z0-9_.-]`` becomes one ``-``;
    leading characters that may not start an id and trailing ``-`` are dropped.
    An empty result becomes ``fallback``.

    >>> sanitise_id("$100 Billion"), sanitise_id("19'' LCD"), sanitise_id("***")
    ('100-Billion', '19-LCD', 'x')
    """
    cleaned = _BAD_CHARS.sub("-", str(text).strip())
    cleaned = re.sub(r"^[^A-Za-z0-9]+", "", cleaned).rstrip("-")
    return cleaned if cleaned else fallback


def unique_ids(names: Iterable[str], fallback: str) -> list[str]:
    """Sanitised, pairwise distinct ids for ``names`` (order kept; a clash gets ``-2``, ``-3``, ...)."""
    taken: set[str] = set()
    tried: dict[str, int] = {}  # base -> last suffix tried: suffixes below it are taken already (linear, not n^2)
    result = []
    for name in names:
        base = sanitise_id(name, fallback)
        candidate, k = base, tried.get(base, 1)
        if k > 1:
            candidate = f"{base}-{k}"
        while candidate in taken:
            k += 1
            candidate = f"{base}-{k}"
        tried[base] = k
        taken.add(candidate)
        result.append(candidate)
    return result


def tidy(x: float) -> int | float:
    """A float as an int when it is integral (keeps YAML/JSON readable)."""
    x = float(x)
    return int(x) if x.is_integer() and abs(x) < 2**53 else x


def safe_file_name(name: object, fallback: str) -> str:
    """``name`` when it is a plain file name (no directory part, no control characters), else ``fallback``."""
    if (isinstance(name, str) and 0 < len(name) <= 200 and Path(name).name == name and name not in (".", "..")
            and not name.startswith(".") and not any(c in name for c in '/\\:*?"<>|') and name.isprintable()):
        return name
    return fallback


__all__ = ["ConversionError", "MissingDependency", "read_capped", "sanitise_id", "unique_ids", "tidy", "safe_file_name"]
