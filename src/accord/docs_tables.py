"""The docs' tables of strategies, protocols, forecasting models and file formats, generated from the registries.

Each table sits in a page between two markers::

    <!-- generated: strategies (python -m accord.docs_tables --write) -->
    | name | ... |
    <!-- end generated -->

``python -m accord.docs_tables`` says which tables differ from the
registries (exit 1 if any does); ``--write`` rewrites them in place. A test
(tests/test_registries.py) fails when a page's table is not what the
registry gives, so the docs cannot drift from the code.
"""

from __future__ import annotations

import argparse
import inspect
import re
import sys
import typing
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .forecast import MODELS
from .importers import EXPORTERS, IMPORTERS
from .simulation import PROTOCOLS, STRATEGIES
from .simulation.opponent import OPPONENT_MODELS

# the parameters every strategy takes, documented once beside the table
_COMMON = {"self", "acceptance", "walkout_after", "model", "kwargs", "args"}


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    header = list(header)
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def strategy_parameters(cls: type) -> str:
    """A strategy's own parameters with their defaults, as a spec writes them: ``exponent=0.2``."""
    found = []
    for parameter in inspect.signature(cls).parameters.values():
        if parameter.name in _COMMON or parameter.kind in (parameter.VAR_KEYWORD, parameter.VAR_POSITIONAL):
            continue
        if parameter.default is parameter.empty:
            found.append(parameter.name)
        elif isinstance(parameter.default, float):
            found.append(f"{parameter.name}={parameter.default:g}")
        else:
            found.append(f"{parameter.name}={parameter.default}")
    return ", ".join(found)


def strategies_table() -> str:
    """``accord.simulation.STRATEGIES``: name, own parameters, kind of concession, rule, source."""
    rows = []
    for name, cls in STRATEGIES.items():
        traits = cls.traits
        needs = [label for label, on in (("full information", traits.full_information), ("seeded", traits.stochastic))
                 if on]
        kind = traits.concession + (f" ({', '.join(needs)})" if needs else "")
        parameters = strategy_parameters(cls)
        rows.append((f"`{name}`", f"`{parameters}`" if parameters else "", kind, cls.description, cls.citation))
    return _table(("name", "parameters", "concession", "rule", "source"), rows)


def protocols_table() -> str:
    """``accord.simulation.PROTOCOLS``: name, rule, source."""
    return _table(("name", "rule", "source"),
                  ((f"`{p.name}`", p.description, p.citation) for p in PROTOCOLS.values()))


def opponent_models_table() -> str:
    """``accord.simulation.opponent.OPPONENT_MODELS``: name (``model=NAME``), what it rates by, source."""
    rows = [(f"`{m.name}`", m.description + (" (full information)" if m.full_information and "full information"
                                              not in m.description else ""), m.citation)
            for m in OPPONENT_MODELS.values()]
    return _table(("model", "what it rates by", "source"), rows)


def forecast_models_table() -> str:
    """``accord.forecast.MODELS``: name (``--model``), what it computes, source."""
    return _table(("model", "what it computes", "source"),
                  ((f"`{m.name}`", m.description, m.citation) for m in MODELS.values()))


def importers_table() -> str:
    """``accord.importers.IMPORTERS`` and ``EXPORTERS``: format, direction, files, what, source."""
    rows = [(f"`{i.name}`", "import", f"`{i.suffix}`", i.description, f"`accord[{i.extra}]`" if i.extra else "",
             i.citation) for i in IMPORTERS.values()]
    rows += [(f"`{e.name}`", "export", f"`{e.suffix}`", e.description, "", e.citation) for e in EXPORTERS.values()]
    return _table(("format", "direction", "files", "what", "needs", "source"), rows)


def _value(parameter: Any) -> str:
    """What an option or argument takes, as ``--help`` says it: PATH, INTEGER with its range, ...; empty for flags."""
    if getattr(parameter, "is_flag", False):
        return ""
    descriptor = getattr(parameter, "type_descriptor", None)
    annotation = getattr(descriptor, "annotation", None)
    repeated = typing.get_origin(annotation) is list
    if repeated:
        (annotation,) = typing.get_args(annotation)
    names = {Path: "PATH", int: "INTEGER", float: "NUMBER", str: "TEXT"}
    value = names.get(annotation, str(getattr(parameter, "type", "VALUE")).upper()) if annotation else "VALUE"
    bounds = parameter._get_number_range_help_str() if hasattr(parameter, "_get_number_range_help_str") else None
    return value + (f" ({bounds})" if bounds else "") + (", repeatable" if repeated or parameter.multiple else "")


def _default(parameter: Any) -> str:
    default = parameter.default
    if getattr(parameter, "is_flag", False) and default is True:
        return "on"
    if default is None or default == [] or getattr(parameter, "is_flag", False) or parameter.required:
        return ""
    return f"`{default}`"


def _command_section(path: str, command: Any, ctx: Any, level: int) -> list[str]:
    out = [f"{'#' * level} `{path}`", ""]
    help_text = inspect.cleandoc(command.help or "")
    if help_text:
        out += [help_text, ""]
    pieces = command.collect_usage_pieces(ctx) if hasattr(command, "collect_usage_pieces") else []
    out += ["```text", f"{path} {' '.join(pieces)}".rstrip(), "```", ""]
    subcommands = command.list_commands(ctx) if hasattr(command, "list_commands") else []
    params = [p for p in command.params if not p.hidden]
    if params:
        rows = []
        for p in params:
            names = ", ".join(f"`{name}`" for name in (*p.opts, *p.secondary_opts)) if p.param_type_name == "option" \
                else f"`{p.name.upper()}`" + ("" if p.required else " (optional)")
            rows.append((names, _value(p), _default(p), getattr(p, "help", None) or ""))
        out += [_table(("option", "takes", "default", "meaning"), rows), ""]
    if command.epilog:
        example_lines = [line.strip() for line in command.epilog.splitlines() if line.strip().startswith("accord ")]
        rest = [para.strip() for para in command.epilog.split("\n\n")
                if para.strip() and not para.strip().startswith(("accord ", "Examples:"))]
        if example_lines:
            out += ["Examples:", "", "```sh", *example_lines, "```", ""]
        for para in rest:
            out += [" ".join(para.split()), ""]
    for name in subcommands:
        sub = command.get_command(ctx, name)
        if sub is not None and not sub.hidden:
            out += _command_section(f"{path} {name}", sub, ctx, level + 1)
    return out


def cli_reference() -> str:
    """Every command of ``accord`` (the typer app as click sees it): usage, options with defaults, examples."""
    import typer.main

    from .cli import app

    root: Any = typer.main.get_command(app)  # a group: the root app has commands
    ctx = root.make_context("accord", [], resilient_parsing=True)
    out: list[str] = []
    for name in root.list_commands(ctx):
        command = root.get_command(ctx, name)
        if command is not None and not command.hidden:
            out += _command_section(f"accord {name}", command, ctx, 2)
    return "\n".join(out).rstrip("\n")


TABLES: dict[str, Callable[[], str]] = {
    "cli-commands": cli_reference,
    "strategies": strategies_table,
    "protocols": protocols_table,
    "opponent-models": opponent_models_table,
    "forecast-models": forecast_models_table,
    "importers": importers_table,
}

# where each table is shown, relative to the docs folder
PAGES: dict[str, tuple[str, ...]] = {
    "simulation.md": ("protocols", "strategies", "opponent-models"),
    "forecasting.md": ("forecast-models",),
    "interop.md": ("importers",),
    "reference/cli.md": ("cli-commands",),
}

_BLOCK = re.compile(r"(<!-- generated: (?P<name>[a-z-]+)[^>]*-->\n)(?P<body>.*?)(<!-- end generated -->)", re.DOTALL)


def begin_marker(name: str) -> str:
    return f"<!-- generated: {name} (python -m accord.docs_tables --write) -->"


def render(text: str) -> str:
    """``text`` with every generated block replaced by what the registries give now."""

    def replace(match: re.Match) -> str:
        name = match.group("name")
        if name not in TABLES:
            raise ValueError(f"unknown generated table {name!r}; known: {', '.join(TABLES)}")
        return match.group(1) + TABLES[name]() + "\n" + match.group(4)

    return _BLOCK.sub(replace, text)


def blocks(text: str) -> dict[str, str]:
    """The generated blocks of a page as it is: ``{table name: body}``."""
    return {m.group("name"): m.group("body") for m in _BLOCK.finditer(text)}


def stale(docs: Path) -> list[str]:
    """The pages whose generated tables are missing or differ from the registries."""
    out = []
    for page, names in PAGES.items():
        text = (docs / page).read_text(encoding="utf-8")
        found = blocks(text)
        if set(found) != set(names) or render(text) != text:
            out.append(page)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m accord.docs_tables", description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=Path, default=Path("docs"), help="The docs folder (default: ./docs).")
    parser.add_argument("--write", action="store_true", help="Rewrite the generated tables in place.")
    parser.add_argument("--print", dest="show", metavar="TABLE", choices=sorted(TABLES),
                        help="Print one table and stop.")
    args = parser.parse_args(argv)
    if args.show:
        print(TABLES[args.show]())
        return 0
    if not args.docs.is_dir():
        print(f"error: {args.docs} is not a folder", file=sys.stderr)
        return 1
    pages = stale(args.docs)
    if args.write:
        for page in pages:
            path = args.docs / page
            path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")
            print(f"rewrote the tables of {path}")
        return 0
    for page in pages:
        print(f"{args.docs / page}: a generated table differs from the registries (run with --write)")
    return 1 if pages else 0


if __name__ == "__main__":
    raise SystemExit(main())
