"""``accord import ...`` and ``accord export ...``: GENIUS and GeniusWeb files <-> accord scenarios."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ..errors import InvalidInput
from ..importers import EXPORTERS, IMPORTERS, Importer
from .common import Commands, UsageProblem, console, emit_json, load_scenario, output_file, unreadable, write_output

commands = Commands()
import_commands = commands.group(
    "import", help="Convert other tools' negotiation files into accord scenarios (exactly, or refuse).")
export_commands = commands.group(
    "export", help="Write an accord scenario in another tool's format (exactly, or refuse).")

OutputOpt = typer.Option(..., "--output", "-o", help="Scenario file to write: .yaml/.yml (YAML) or .json (JSON).")
ForceOpt = typer.Option(False, "--force", hidden=True,
                        help="Accepted for compatibility: output files are always replaced atomically.")
NameOpt = typer.Option(None, "--name", help="Scenario name (default: the domain's name).")
JsonOpt = typer.Option(False, "--json", help="Print what was written as JSON.")


def _check_suffix(output: Path) -> None:
    """The output's suffix chooses the format: checked before any input is read."""
    if output.suffix.lower() not in (".yaml", ".yml", ".json"):
        raise UsageProblem(f"--output {output}: the suffix must be .yaml, .yml or .json (it chooses the format)")


def _serialise(doc: dict, output: Path) -> str:
    import yaml

    _check_suffix(output)
    if output.suffix.lower() == ".json":
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=120)


def _write(files: dict[Path, str], inputs: tuple = ()) -> None:
    """Write each file by the one output rule (docs/cli.md): replaced atomically, never an input."""
    for path in files:
        output_file(path, "--output", *inputs)
    for path, text in files.items():
        try:
            with write_output(path, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        except OSError as exc:
            raise unreadable(path, exc, "write") from None


def _save_scenario(doc: dict, output: Path, inputs: tuple, as_json: bool) -> None:
    from ..scenario import from_document

    text = _serialise(doc, output)
    model = from_document(doc, file=str(output))  # what is written must be a valid scenario
    _write({output: text}, inputs)
    if as_json:
        emit_json({"written": [str(output)], "scenario": model.name, "issues": len(model.issues),
                   "parties": len(model.parties), "outcomes": model.outcome_count})
        return
    console.print(f"wrote {output} ({len(model.issues)} issues, {len(model.parties)} parties, "
                  f"{model.outcome_count:,} outcomes)", highlight=False, markup=False, soft_wrap=True)


@import_commands.command("genius", epilog="Example:\n\n  accord import genius England_domain.xml England.xml Zimbabwe.xml "
                                     "-o england-zimbabwe.yaml")
def import_genius(domain: Path = typer.Argument(..., help="GENIUS domain XML."),
                  profiles: list[Path] = typer.Argument(..., help="GENIUS profile XMLs, one per party."),
                  output: Path = OutputOpt, name: str | None = NameOpt, force: bool = ForceOpt,
                  normalise_weights: bool = typer.Option(
                      False, "--normalise-weights",
                      help="Accept profiles whose weights do not sum to 1 by dividing them by their sum "
                           "(GENIUS itself would cap utilities at 1: an approximation you ask for)."),
                  as_json: bool = JsonOpt) -> None:
    """A GENIUS domain and its linear-additive profiles -> an accord scenario (refuses what is not exact)."""
    _check_suffix(output)
    output_file(output, "--output", domain, *profiles)  # before any input is read
    _save_scenario(IMPORTERS["genius"].read(domain, profiles, name=name, normalise_weights=normalise_weights), output,
                   (domain, *profiles), as_json)


def _import_command(importer: Importer) -> None:
    """``accord import NAME DOMAIN PROFILE...``, for every registered format without a command of its own."""

    def import_format(domain: Path = typer.Argument(..., help=f"Domain file ({importer.suffix})."),
                      profiles: list[Path] = typer.Argument(..., help=f"Profile files ({importer.suffix}), "
                                                                      "one per party."),
                      output: Path = OutputOpt, name: str | None = NameOpt, force: bool = ForceOpt,
                      as_json: bool = JsonOpt) -> None:
        _check_suffix(output)
        output_file(output, "--output", domain, *profiles)  # before any input is read
        _save_scenario(importer.read(domain, profiles, name=name), output, (domain, *profiles), as_json)

    import_format.__name__ = import_format.__qualname__ = f"import_{importer.name}"
    example = " ".join(f"{stem}{importer.suffix}" for stem in ("domain", "profile1", "profile2"))
    import_commands.command(importer.name, help=f"{importer.description} -> an accord scenario (refuses what is not "
                                                "exact).",
                            epilog=f"Example:\n\n  accord import {importer.name} {example} -o scenario.yaml")(
        import_format)


for _importer in IMPORTERS.values():  # formats with options of their own have their own command above
    if _importer.name != "genius":
        _import_command(_importer)


@export_commands.command("genius", epilog="Example:\n\n  accord export genius talks.yaml -o genius/ --drop-red-lines")
def export_genius_command(scenario: Path = typer.Argument(..., help="Scenario file (YAML or JSON)."),
                          output: Path = typer.Option(..., "--output", "-o", help="Folder to write the files into "
                                                                                  "(created if missing)."),
                          variant: str | None = typer.Option(None, "--variant", "-V",
                                                                help="Export this variant (what-if) instead."),
                          drop_red_lines: bool = typer.Option(
                              False, "--drop-red-lines",
                              help="GENIUS has no red lines, mediators or observers: leave them out instead of refusing."),
                          central_values: bool = typer.Option(
                              False, "--central-values",
                              help="Write each distribution (uncertain number) as its central value instead of refusing."),
                          force: bool = ForceOpt, as_json: bool = JsonOpt) -> None:
    """An accord scenario -> a GENIUS domain file plus one profile per party (refuses what is not exact)."""
    model = load_scenario(scenario, variant)
    files = EXPORTERS["genius"].write(model, drop_red_lines=drop_red_lines, central_values=central_values)
    if output.exists() and not output.is_dir():
        raise InvalidInput("--output", message=f"--output {output} is a file; expected a folder")
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise unreadable(output, exc, "create") from None
    _write({output / name: text for name, text in files.items()}, (scenario,))
    if as_json:
        emit_json({"written": [str(output / name) for name in files], "scenario": model.name,
                   "variant": model.variant})
        return
    for name in files:
        console.print(f"wrote {output / name}", highlight=False, markup=False, soft_wrap=True)

