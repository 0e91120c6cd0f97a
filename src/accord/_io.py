"""Files named by users: read them safely and boundedly, write them atomically.

One rule for every input a command reads (a scenario, a source file, a
table, an article, an importer file, a store):

- it must be a *regular file*: a FIFO, a device, a socket or a folder is
  refused without blocking (the file is opened with ``O_NONBLOCK`` and checked
  with ``fstat`` before a byte is read, so a FIFO with no writer cannot hang
  the command and ``/dev/zero`` is never read);
- at most ``limit + 1`` bytes are read: a larger file is refused
  (:class:`FileTooLarge`) without reading the rest;
- a file named *inside a folder* (a scenario's ``sources.<id>.file``) must
  resolve inside that folder after symlinks are followed: ``../../etc/passwd``
  and a symlink pointing out are refused before the target is even looked at,
  so the answer says nothing about files outside the folder.

One rule for every output file a command writes (``-o``, ``--trace``,
``--plot``, ...): it is replaced atomically, like ``sort -o``: the content is
written to a temporary file in the same folder, then renamed over the target,
so a failure leaves the old file as it was. A missing folder is refused
before any work starts, and an output that is one of the command's inputs (the
scenario file itself, a store) is refused.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .errors import InvalidInput

MAX_INPUT_BYTES = 2 * 1024 * 1024  # a scenario, a source, a table, an article (scenario.reader.MAX_BYTES)


class FileTooLarge(ValueError):
    """A file holds more bytes than its reader accepts."""

    def __init__(self, path: str | os.PathLike, limit: int) -> None:
        self.path, self.limit = str(path), limit
        super().__init__(f"{self.path}: larger than {limit:,} bytes")


class NotARegularFile(OSError):
    """An input is a FIFO, a device or a socket: refused without being read (an ``OSError``, so every
    caller that words "cannot read PATH: REASON" words this one too)."""

    def __init__(self, path: str | os.PathLike, kind: str) -> None:
        super().__init__(errno.EINVAL, f"is {kind}, not a regular file; refused", str(path))
        self.kind = kind


class InputRefused(InvalidInput):
    """A user-named file cannot be used as an input (exit 1); ``reason`` says why, ``path`` names it."""

    def __init__(self, path: str | os.PathLike, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(self.path, message=f"{shown(path)}: {reason}")


def shown(text: object) -> str:
    """``text`` printable on one line: control characters escaped as in ``repr`` (``a\\nb``), the rest kept."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def not_regular(path: str | os.PathLike) -> str | None:
    """Why an *existing* ``path`` is not a regular file (``"a FIFO (named pipe)"``, ...); None if it is or is absent."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) else _kind(mode)


def require_regular(path: str | os.PathLike) -> None:
    """Refuse (:class:`NotARegularFile`) an existing ``path`` that is not a regular file or a directory,
    without opening it; an absent path passes."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise NotARegularFile(path, _kind(mode))


def inside(base: str | os.PathLike, name: str | os.PathLike) -> Path:
    """``base / name`` resolved (symlinks followed), refused unless it stays inside ``base`` (also resolved).

    Decided from the names and links alone: whether an outside target exists is never looked at.
    """
    root = Path(base).resolve()
    target = (root / name).resolve()
    if Path(name).is_absolute() or (target != root and root not in target.parents):
        raise InputRefused(name, f"is outside the folder {root} (after following links); refused")
    return target


def read_bounded(path: str | os.PathLike, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of the regular file at ``path``, never reading more than ``limit + 1`` of them.

    The one bounded reader of accord's inputs (scenario and source files,
    articles, tables, imported domains; ``accord.scenario.reader`` re-exports
    it). A file larger than ``limit`` bytes raises :class:`FileTooLarge` before
    it is read whole. A FIFO, a device or a socket raises :class:`NotARegularFile`
    (an ``OSError``) without blocking: the file is opened with ``O_NONBLOCK``
    and checked with ``fstat`` before a byte is read. Other ``OSError``
    (``FileNotFoundError``, ``IsADirectoryError``, ...) is left to the caller,
    which words it for its input.
    """
    if os.path.isdir(path):
        raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
    require_regular(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode  # what was opened, not what was looked at a moment before
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
        if not stat.S_ISREG(mode):
            raise NotARegularFile(path, _kind(mode))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise FileTooLarge(path, limit)
    return data


def check_output(path: str | os.PathLike, option: str, inputs: tuple = ()) -> Path:
    """Check, before any work, that ``path`` can be written as an output: refuse a missing or
    read-only folder, a folder or non-regular file in its place, and any of ``inputs`` (files the
    command reads: the scenario, a store), compared after resolving links."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InvalidInput(option, message=f"{option} {shown(path)}: folder {shown(folder)} does not exist")
    if path.is_dir():
        raise InvalidInput(option, message=f"{option} {shown(path)}: is a directory, expected a file")
    kind = not_regular(path)
    if kind is not None:
        raise InvalidInput(option, message=f"{option} {shown(path)}: is {kind}; refused")
    target = path.resolve()
    for given in inputs:
        if given is None:
            continue
        given = Path(given)
        same = given.resolve() == target
        if not same and path.exists() and given.exists():
            with contextlib.suppress(OSError):
                same = os.path.samefile(path, given)
        if same:
            raise InvalidInput(option, message=f"{option} {shown(path)}: is an input of this command; "
                                               "refusing to overwrite it")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InvalidInput(option, message=f"{option} {shown(path)}: folder {shown(folder)} is not writable")
    return path


@contextlib.contextmanager
def replacing(path: str | os.PathLike, mode: str = "w", *, sync: bool = True, **kwargs) -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success rename it over ``path`` (atomic), on failure remove it.

    ``with replacing("out.csv", newline="", encoding="utf-8") as handle: ...``. The old file, if
    any, is untouched until the new one is complete; its permission bits are kept. ``sync=False``
    skips the flush to disk before the rename (for many small files written in one run, where the
    flushes would take most of the time); the replace stays atomic.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        try:
            old = os.stat(path).st_mode
        except OSError:
            old = None
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, stat.S_IMODE(old) if old is not None else 0o666 & ~umask)
        with os.fdopen(fd, mode, **kwargs) as handle:
            fd = -1
            yield handle
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        if fd != -1:
            os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def staging(path: str | os.PathLike) -> Iterator[Path]:
    """For writers that take a file name (a PDF, PNG figures): yields ``path``'s name inside a fresh
    temporary folder beside it; on success every file written there is renamed into ``path``'s folder
    (each replace atomic), on failure the temporary folder is removed and the old files are kept."""
    import shutil

    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    work = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder))
    try:
        yield work / path.name
        for item in sorted(work.iterdir()):
            os.replace(item, folder / item.name)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def replace_with(path: str | os.PathLike, data: bytes | str, encoding: str = "utf-8") -> None:
    """Write ``data`` to ``path`` atomically (see :func:`replacing`)."""
    if isinstance(data, str):
        with replacing(path, "w", encoding=encoding, newline="") as handle:
            handle.write(data)
    else:
        with replacing(path, "wb") as handle:
            handle.write(data)


__all__ = ["FileTooLarge", "InputRefused", "MAX_INPUT_BYTES", "NotARegularFile", "check_output", "inside", "not_regular", "read_bounded", "replace_with", "replacing",
           "require_regular", "shown", "staging"]
