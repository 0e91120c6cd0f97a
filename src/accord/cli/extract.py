"""``accord extract`` (article -> attributions, claims, draft scenario) and ``accord evidence``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import typer
import yaml

from ..errors import require
from ..scenario._load import default_path, read_sources
from ..scenario.errors import ScenarioError
from ..scenario.evidence import evidence_report, unread_source
from ..scenario.reader import FileTooLarge, decode, parse, read_bounded
from .common import Commands, UsageProblem, console, emit_json, output_file, read_text, say, unreadable, write_output

commands = Commands()


def _read_article(path: Path) -> str:
    text = read_text(path, "a text article")
    if path.suffix.lower() in (".html", ".htm"):
        # optional: a well-kept extractor for HTML; without it, give the article as plain text
        trafilatura = require("trafilatura", "html", f"{path}: reading HTML")
        text = trafilatura.extract(text) or ""
    return text


@commands.command("extract", epilog="Examples:\n\n  accord extract article.txt\n\n"
                                    "  accord extract article.txt -o draft.yaml\n\n  accord extract article.txt --json")
def extract_command(article: Path = typer.Argument(..., help="The article, as plain UTF-8 text."),
                    output: Path | None = typer.Option(None, "--output", "-o",
                                                          help="Write the draft scenario (YAML) to this file."),
                    engine: str = typer.Option("rules", "--engine", help="rules (default, no dependencies) | spacy"),
                    as_json: bool = typer.Option(False, "--json", help="Print the full extraction as JSON.")) -> None:
    """Read a news article: attributions, positions, claims, talk status per source, and a draft scenario."""
    from ..extract import ENGINES, extract

    if engine not in ENGINES:
        raise UsageProblem(f"--engine must be one of {', '.join(ENGINES)}; got {engine!r}")
    output_file(output, "--output", article)  # before the work: a missing folder, the article itself
    text = _read_article(article)
    base = output.resolve().parent if output is not None else Path.cwd()
    source_file = os.path.relpath(article.resolve(), base)
    result = extract(text, engine=engine, source_file=Path(source_file).as_posix())
    if output is not None and (source_file.startswith("..") or os.path.isabs(source_file)):
        say(f"warning: {article} is outside the folder of {output}: a scenario reads source files from its own "
            "folder only, so copy the article next to the draft for its quotes to be checked")
    if output is not None:
        header = (f"# Draft scenario extracted by `accord extract` from {article.name}.\n"
                  "# Quotes are verbatim from the article; numbers are placeholders (see the assumptions).\n")
        try:
            draft = header + yaml.safe_dump(result.scenario, allow_unicode=True, sort_keys=False, width=100)
            with write_output(output, "w", encoding="utf-8") as handle:
                handle.write(draft)
        except OSError as exc:
            raise unreadable(output, exc, "write") from None
    if as_json:
        emit_json(result.to_json())
        return
    for a in result.attributions:
        who = a.speaker if a.speaker == a.resolved_speaker else f"{a.speaker} -> {a.resolved_speaker}"
        content = a.content if len(a.content) <= 90 else a.content[:87] + "..."
        console.print(f"[{a.form}/{a.source_kind}] {who} {a.verb}: {content}", markup=False, highlight=False, soft_wrap=True)
    for p in result.positions:
        console.print(f"position ({p['kind']}): {p['holder']}: {p['text']}", markup=False, highlight=False, soft_wrap=True)
    for c in result.claims:
        console.print(f"{c['kind']} (per {c['source']}): {c['text']}", markup=False, highlight=False, soft_wrap=True)
    for source, entry in result.status_by_source.items():
        console.print(f"status per {source}: {entry['status']}", markup=False, highlight=False, soft_wrap=True)
    for c in result.contradictions:
        console.print(f"contradiction: {c['sources'][0]} ({c['statuses'][0]}) vs {c['sources'][1]} "
                      f"({c['statuses'][1]})", markup=False, highlight=False, soft_wrap=True)
    if output is not None:
        console.print(f"wrote {output}", markup=False, highlight=False, soft_wrap=True)


# ---------------------------------------------------------------- evidence
def _mapping(doc: dict, key: str) -> dict:
    """``doc[key]`` when it is a mapping, else an empty one (the document is not validated)."""
    value = doc.get(key)
    return value if isinstance(value, dict) else {}


def red_line_note(doc: dict, path: str) -> str | None:
    """The red line of the preference at ``path`` (``actors.A.preferences.I``) as written, with its
    condition (``unless``) and credibility (``holds``), for the text of ``accord evidence``; None when the
    parameter is not a preference with a red line (the document is not validated: values shown as given)."""
    parts = path.split(".")
    if len(parts) != 4 or parts[2] != "preferences":
        return None
    actor = _mapping(doc, "actors").get(parts[1])
    pref = _mapping(actor, "preferences").get(parts[3]) if isinstance(actor, dict) else None
    if not isinstance(pref, dict):
        return None
    def shown(value: Any) -> str:
        if isinstance(value, list):
            return "{" + ", ".join(str(v) for v in value) + "}"
        if isinstance(value, dict):
            return " and ".join(f"{k} {v}" for k, v in value.items())
        return str(value)

    found = [f"{key} {shown(pref[key])}" for key in ("reject", "accept", "min", "max") if key in pref]
    if not found:
        return None
    text = "red line: " + ", ".join(found)
    unless = pref.get("unless")
    if isinstance(unless, dict) and unless:
        text += "; unless " + " and ".join(f"{issue} {shown(condition)}" for issue, condition in unless.items())
    if "holds" in pref:
        text += f"; holds {pref['holds']}"
    return text


@commands.command("evidence", epilog="Examples:\n\n  accord evidence\n\n  accord evidence talks.yaml --json")
def evidence_command(scenario: Path | None = typer.Argument(None, help="Scenario file. Default: the embedded "
                                                                         "Cairo talks.", show_default=False),
                     as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON."),
                     strict: bool = typer.Option(False, "--strict",
                                                 help="Exit 1 when a quote does not match or a parameter has no "
                                                      "evidence.")) -> None:
    """Every parameter with its quotes and sources; parameters with no evidence; quotes that no longer match."""
    from ..scenario.errors import Problem

    path = scenario if scenario is not None else default_path()
    try:
        raw = read_bounded(path)
    except FileTooLarge:
        raise ScenarioError([Problem("file is too large (the limit is 2 MiB)", file=str(path))]) from None
    except OSError as exc:
        raise ScenarioError([Problem("no such file" if isinstance(exc, FileNotFoundError)
                                     else f"cannot read: {exc.strerror or exc}", file=str(path))]) from None
    doc, _ = parse(decode(raw, str(path)), str(path), "json" if path.suffix.lower() == ".json" else None)
    if not isinstance(doc, dict):
        raise ScenarioError([Problem("expected a mapping (a scenario document)", file=str(path))])
    texts = read_sources(doc, str(path.parent))
    for sid, text in texts.items():
        if text is None:  # the same warning as every command that loads the scenario
            say(f"warning: {unread_source(sid, doc['sources'][sid]['file'], str(path.parent), str(path), f'sources.{sid}.file')}")
    report = evidence_report(doc, texts)
    if as_json:
        emit_json(report)
    else:
        for item in report["parameters"]:
            console.print(item["parameter"], markup=False, highlight=False, style="bold", soft_wrap=True)
            note = red_line_note(doc, item["parameter"])
            if note:
                console.print(f"  {note}", markup=False, highlight=False, soft_wrap=True)
            for q in item["quotes"]:
                mark = {"ok": "", "mismatch": "  [NO LONGER MATCHES]", "unchecked": "  [source not read]",
                        "unknown-source": "  [UNKNOWN SOURCE]"}[q["status"]]
                console.print(f"  quote ({q['source']}): \"{q['quote']}\"{mark}", markup=False, highlight=False, soft_wrap=True)
            for a in item["assumptions"]:
                short = " ".join(a.split())
                console.print(f"  assumption: {short[:110]}{'...' if len(short) > 110 else ''}", markup=False,
                              highlight=False, soft_wrap=True)
        console.print(f"no evidence: {', '.join(report['no_evidence']) or 'none'}", markup=False, highlight=False, soft_wrap=True)
        console.print(f"quotes that do not match their source: {len(report['mismatches'])}", markup=False,
                      highlight=False, soft_wrap=True)
        for m in report["mismatches"]:
            console.print(f"  {m['parameter']}: \"{m['quote']}\" ({m['status']}, source {m['source']})",
                          markup=False, highlight=False, soft_wrap=True)
    if strict and (report["mismatches"] or report["no_evidence"]):
        raise typer.Exit(1)

