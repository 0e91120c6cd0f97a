"""The command samples of the README and the docs, run and compared with what they print.

The convention (docs/contributing.md, "Command samples"): a sample is a
fenced block tagged ``console``; each ``$ accord ...`` line is a command
and the lines after it, up to the next ``$`` line, are what it prints
(stdout and stderr together, as a terminal shows them)::

    ```console
    $ accord compare
    Cairo ceasefire and hostage talks: base and variants
    ...
    ```

A command ends with zero status unless its line ends with ``# exit N`` (a
shell comment, so the line can still be pasted), e.g.
``$ accord validate bad.yaml  # exit 1``: the status is checked too.

The only placeholder is ``...``: a line that is only ``...`` stands for any
number of lines (none included), and ``...`` inside a line for any text on
that line. Use them for what must vary (timings, dates, identifiers) or to
shorten a long output; everything else must be printed exactly, except
trailing spaces and blank lines at either end.

A page's samples run in document order in one fresh folder holding a copy
of the repository's ``examples/``, so a page is read as if typed at the
root of a clone and a sample may use what an earlier one wrote. A fenced
block right after ``<!-- sample-file: PATH -->`` is written to PATH in that
folder before the samples that follow it run (a file the reader is asked
to create or edit); ``<!-- sample-copy: PATH [PATH ...] -->`` copies files
or folders of the repository (relative paths, e.g. test data) to the same
paths in the folder before the samples that follow it. A block may be
indented (in a list item); its lines are read without the indent. The
folder's own path is printed as ``.``. Commands run
as ``python -m accord`` with this interpreter, 100 columns, no colour.

``python -m accord.docs_samples`` runs every sample of ``README.md`` and
``docs/`` and reports those whose output differs (exit 1 if any does);
``--write`` replaces the expected output of each differing sample with the
real one (placeholders in a sample that still matches are kept; re-elide a
rewritten one by hand). ``tests/test_doc_samples.py`` runs the same check.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

COLUMNS = 100
TIMEOUT = 300  # seconds for one command; a sample that needs more should use smaller options

_FENCE = re.compile(r"^(?P<indent>[ \t]*)```console[ \t]*\n(?P<body>.*?)^(?P=indent)```[ \t]*$",
                    re.MULTILINE | re.DOTALL)
_FILE = re.compile(r"^(?P<indent>[ \t]*)<!-- sample-file: (?P<path>\S+) -->[ \t]*\n(?P=indent)```[^\n]*\n"
                   r"(?P<body>.*?)^(?P=indent)```[ \t]*$", re.MULTILINE | re.DOTALL)
_COPY = re.compile(r"^[ \t]*<!-- sample-copy: (?P<paths>[^\n]*?) -->[ \t]*$", re.MULTILINE)
_STATUS = re.compile(r"[ \t]+#[ \t]*exit[ \t]+(?P<status>\d+)[ \t]*$")
_ELLIPSIS = "..."


@dataclass
class Sample:
    """One ``$ accord ...`` line of a page and the output written under it."""

    page: Path
    line: int
    command: str
    expected: list[str]
    actual: list[str] | None = None
    status: int = 0  # the exit status documented (``# exit N``; 0 when not written)
    actual_status: int | None = None
    written: list[str] = field(default_factory=list)  # the ``$`` line as written, continuation lines included

    @property
    def ok(self) -> bool:
        return (self.actual is not None and matches(self.expected, self.actual)
                and self.actual_status in (None, self.status))

    def diff(self) -> str:
        lines = list(difflib.unified_diff(self.expected, self.actual or [], "documented", "printed", lineterm=""))
        if self.actual_status is not None and self.actual_status != self.status:
            lines.append(f"exit status: documented {self.status}, got {self.actual_status}")
        return "\n".join(lines)

    def command_lines(self, status: int | None = None) -> list[str]:
        """The sample's ``$`` line(s) as written, with ``# exit N`` for ``status`` (default: the documented one)."""
        status = self.status if status is None else status
        lines = list(self.written) or ["$ " + self.command]
        lines[-1] = _STATUS.sub("", lines[-1]).rstrip() + (f"  # exit {status}" if status else "")
        return lines


@dataclass
class _Block:
    start: int  # offsets of the body in the page's text
    end: int
    indent: str = ""
    samples: list[Sample] = field(default_factory=list)


@dataclass
class _File:
    """A file to put in the folder before the samples after ``start``: ``text``, or a copy of the repository's."""

    start: int
    path: str
    text: str | None = None  # None: copied from the repository


def _trim(lines: list[str]) -> list[str]:
    lines = [line.rstrip() for line in lines]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _pattern(expected: list[str]) -> re.Pattern[str]:
    parts = []
    for line in expected:
        if line.strip() == _ELLIPSIS:
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            parts.append(".*?".join(re.escape(piece) for piece in line.split(_ELLIPSIS)) + r"\n")
    return re.compile("".join(parts))


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` (lines printed) is what ``expected`` (lines documented, with ``...``) describes.

    >>> matches(["a", "...", "d"], ["a", "b", "c", "d"])
    True
    >>> matches(["took ... s"], ["took 0.25 s"])
    True
    >>> matches(["a", "c"], ["a", "b", "c"])
    False
    """
    text = "".join(line + "\n" for line in _trim(actual))
    return _pattern(_trim(expected)).fullmatch(text) is not None


def _dedent(body: str, indent: str) -> list[str]:
    return [line[len(indent):] if line.startswith(indent) else line.lstrip() for line in body.splitlines()]


def _copied(page: Path, number: int, paths: str) -> list[str]:
    found = paths.split()
    for path in found:
        if Path(path).is_absolute() or ".." in Path(path).parts:
            raise ValueError(f"{page}:{number}: sample-copy takes paths inside the repository, got {path!r}")
    if not found:
        raise ValueError(f"{page}:{number}: sample-copy names no path")
    return found


def parse(page: Path) -> tuple[list[_Block], list[_File]]:
    """The console blocks of a page, with their samples, and the files its samples need."""
    text = page.read_text(encoding="utf-8")
    blocks = []
    for match in _FENCE.finditer(text):
        block = _Block(match.start("body"), match.end("body"), match.group("indent"))
        first_line = text.count("\n", 0, match.start("body")) + 1
        current: Sample | None = None
        pending = ""
        written: list[str] = []
        for number, line in enumerate(_dedent(match.group("body"), block.indent), start=first_line):
            if pending or line.startswith("$ "):
                written.append(line.rstrip())
                command = pending + (line[2:] if not pending else line.strip())
                if command.endswith("\\"):
                    pending = command[:-1].rstrip() + " "
                    continue
                pending = ""
                status = _STATUS.search(command)
                current = Sample(page, number, command[:status.start() if status else None].strip(), [],
                                 status=int(status.group("status")) if status else 0, written=written)
                written = []
                block.samples.append(current)
            elif current is None:
                raise ValueError(f"{page}:{number}: a console block starts with '$ COMMAND', got {line!r}")
            else:
                current.expected.append(line)
        blocks.append(block)
    files = [_File(m.start(), m.group("path"), "".join(line + "\n" for line in _dedent(m.group("body"), m.group("indent"))))
             for m in _FILE.finditer(text)]
    files += [_File(m.start(), path)
              for m in _COPY.finditer(text)
              for path in _copied(page, text.count("\n", 0, m.start()) + 1, m.group("paths"))]
    return blocks, sorted(files, key=lambda f: f.start)


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    source = str(Path(__file__).resolve().parents[1])  # the folder holding this accord package
    env["PYTHONPATH"] = source + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.update(COLUMNS=str(COLUMNS), LINES="50", NO_COLOR="1", TERM="dumb", PYTHONUNBUFFERED="1",
               PYTHONIOENCODING="utf-8", TZ="UTC")
    for name in ("FORCE_COLOR", "CLICOLOR_FORCE"):
        env.pop(name, None)
    return env


def run(command: str, folder: Path, env: dict[str, str] | None = None) -> list[str]:
    """What ``command`` (``accord ARGS``) prints in ``folder``, stdout and stderr merged, the folder shown as ``.``."""
    return execute(command, folder, env)[0]


def execute(command: str, folder: Path, env: dict[str, str] | None = None) -> tuple[list[str], int]:
    """What ``command`` prints in ``folder`` (as :func:`run`) and its exit status."""
    words = shlex.split(command)
    if not words or words[0] != "accord":
        raise ValueError(f"a sample runs accord only, got {command!r}")
    done = subprocess.run([sys.executable, "-m", "accord", *words[1:]], cwd=folder, env=env or _environment(),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                          timeout=TIMEOUT, check=False)
    text = done.stdout.decode("utf-8", errors="replace")
    for shown in {str(folder), str(folder.resolve())}:
        text = text.replace(shown + os.sep, "").replace(shown, ".")
    return _trim(text.splitlines()), done.returncode


def _put(file: _File, folder: Path, root: Path, page: Path) -> None:
    target = folder / file.path
    target.parent.mkdir(parents=True, exist_ok=True)
    if file.text is not None:
        target.write_text(file.text, encoding="utf-8")
        return
    source = root / file.path
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)
    elif source.is_file():
        shutil.copy2(source, target)
    else:
        raise ValueError(f"{page}: sample-copy: {file.path} is not in {root}")


def check_page(page: Path, root: Path) -> list[Sample]:
    """Run a page's samples in order in a fresh folder (``examples/`` of ``root`` copied in); every sample."""
    blocks, files = parse(page)
    samples = [s for block in blocks for s in block.samples]
    if not samples:
        return []
    starts = {id(s): block.start for block in blocks for s in block.samples}
    env = _environment()
    with tempfile.TemporaryDirectory(prefix="accord-samples-") as name:
        folder = Path(name)
        if (root / "examples").is_dir():
            shutil.copytree(root / "examples", folder / "examples")
        waiting = list(files)
        for sample in samples:
            while waiting and waiting[0].start < starts[id(sample)]:
                _put(waiting.pop(0), folder, root, page)
            sample.actual, sample.actual_status = execute(sample.command, folder, env)
    return samples


def pages(root: Path) -> list[Path]:
    """``README.md`` and every page under ``docs/`` of ``root``."""
    found = [root / "README.md"] if (root / "README.md").is_file() else []
    return found + sorted((root / "docs").rglob("*.md"))


def rewrite(page: Path, samples: Iterable[Sample]) -> bool:
    """Replace the expected output of the page's failing samples by what they printed; whether anything changed."""
    by_line = {s.line: s for s in samples}
    text = page.read_text(encoding="utf-8")
    blocks, _ = parse(page)
    changed = False
    for block in reversed(blocks):
        lines = []
        for parsed in block.samples:
            sample = by_line.get(parsed.line, parsed)
            if sample.actual is not None and not sample.ok:
                lines += parsed.command_lines(sample.actual_status)
                lines += sample.actual
                changed = True
            else:
                lines += parsed.command_lines()
                lines += _trim(parsed.expected)
        text = text[:block.start] + "".join((block.indent + line if line else "") + "\n" for line in lines) \
            + text[block.end:]
    if changed:
        page.write_text(text, encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m accord.docs_samples", description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", type=Path, help="Pages to check (default: README.md and docs/).")
    parser.add_argument("--root", type=Path, default=Path("."), help="The repository (default: .).")
    parser.add_argument("--write", action="store_true", help="Rewrite the output of every differing sample.")
    args = parser.parse_args(argv)
    failed = 0
    for page in args.pages or pages(args.root):
        samples = check_page(page, args.root)
        bad = [s for s in samples if not s.ok]
        failed += len(bad)
        for sample in bad:
            print(f"{page}:{sample.line}: $ {sample.command}: the output differs\n{sample.diff()}")
        if args.write and bad and rewrite(page, samples):
            print(f"rewrote {len(bad)} sample(s) of {page}")
    return 1 if failed and not args.write else 0


if __name__ == "__main__":
    raise SystemExit(main())
