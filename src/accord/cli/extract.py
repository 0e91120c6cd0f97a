"""``accord extract`` (article -> attributions, claims, draft scenario) and ``accord evidence``."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import typer
import yaml

from .._io import shown
from ..errors import AccordError, InvalidInput, require
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


ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm")


def _articles(paths: list[Path]) -> list[Path]:
    """The files named, in order; a folder stands for its article files (``*.txt``, ``*.md``, ``*.html``, ...),
    sorted by name, not recursively."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES and p.is_file()))
        else:
            found.append(path)
    return found


def _dump_yaml(doc: dict) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # the C emitter when PyYAML has it: same text, faster
    return yaml.dump(doc, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)


def _draft_header(article: Path) -> str:
    return (f"# Draft scenario extracted by `accord extract` from {article.name}.\n"
            "# Quotes are verbatim from the article; numbers are placeholders (see the assumptions).\n")


@commands.command("extract", epilog="Examples:\n\n  accord extract article.txt\n\n"
                                    "  accord extract article.txt -o draft.yaml\n\n  accord extract article.txt --json\n\n"
                                    "  accord extract articles/ > extractions.jsonl\n\n"
                                    "  accord extract a.txt b.txt --drafts drafts/")
def extract_command(articles: list[Path] = typer.Argument(..., help="Articles (plain UTF-8 text, or HTML), or folders "
                                                                    "of them. Several: one JSON line per article.",
                                                          show_default=False),
                    output: Path | None = typer.Option(None, "--output", "-o",
                                                          help="Write the draft scenario (YAML) to this file (one "
                                                               "article)."),
                    drafts: Path | None = typer.Option(None, "--drafts",
                                                       help="Write one draft per article into this folder "
                                                            "(NAME.yaml, with the article beside it)."),
                    jsonl: bool = typer.Option(False, "--jsonl", help="One JSON line per article (the default for "
                                                                       "several articles or a folder)."),
                    title: str | None = typer.Option(None, "--title", help="The article's title (default: its first "
                                                                           "line). One article only."),
                    engine: str = typer.Option("rules", "--engine", help="rules (default, no dependencies) | spacy"),
                    as_json: bool = typer.Option(False, "--json", help="Print the full extraction as JSON.")) -> None:
    """Read news articles: attributions, positions, claims, talk status per source, and a draft scenario."""
    from ..extract import ENGINES, extract

    if engine not in ENGINES:
        raise UsageProblem(f"--engine must be one of {', '.join(ENGINES)}; got {engine!r}")
    batch = len(articles) > 1 or jsonl or drafts is not None or any(a.is_dir() for a in articles)
    if batch:
        if output is not None:
            raise UsageProblem("--output writes the draft of one article; use --drafts FOLDER for several")
        if title is not None and len(_articles(articles)) != 1:
            raise UsageProblem("--title names the title of one article; give one article")
        _extract_batch(_articles(articles), drafts, engine, title, as_json or jsonl or drafts is None)
        return
    article = articles[0]
    output_file(output, "--output", article)  # before the work: a missing folder, the article itself
    text = _read_article(article)
    base = output.resolve().parent if output is not None else Path.cwd()
    source_file = os.path.relpath(article.resolve(), base)
    result = extract(text, engine=engine, source_file=Path(source_file).as_posix(), title=title)
    if output is not None and (source_file.startswith("..") or os.path.isabs(source_file)):
        say(f"warning: {article} is outside the folder of {output}: a scenario reads source files from its own "
            "folder only, so copy the article next to the draft for its quotes to be checked")
    if output is not None:
        try:
            draft = _draft_header(article) + _dump_yaml(result.scenario)
            with write_output(output, "w", encoding="utf-8") as handle:
                handle.write(draft)
        except OSError as exc:
            raise unreadable(output, exc, "write") from None
    if as_json:
        emit_json(result.to_json())
        return
    if not result.attributions:
        console.print("no attributed statement found", markup=False, highlight=False, soft_wrap=True)
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


def _draft_place(article: Path, folder: Path, text: str, taken: set[str], home: Path | None = None) -> tuple[Path, str]:
    """Where the draft of ``article`` goes in ``folder`` and the article path it names (relative to the folder).

    The draft is ``folder/STEM.yaml`` (``STEM-2.yaml``, ... when two articles share a name). A scenario reads
    its sources from its own folder, so an article outside the folder is copied beside its draft as
    ``STEM.txt`` (the text as read: for HTML, the extracted text), never over a different file. ``home`` is
    ``folder`` resolved, when the caller has it.
    """
    stem, k = article.stem, 1
    while stem.lower() in taken:
        k += 1
        stem = f"{article.stem}-{k}"
    taken.add(stem.lower())
    draft = folder / f"{stem}.yaml"
    resolved, home = article.resolve(), home or folder.resolve()
    if resolved.parent == home or home in resolved.parents:
        if article.suffix.lower() not in (".html", ".htm"):
            return draft, resolved.relative_to(home).as_posix()
    copy = folder / f"{stem}.txt"
    if copy.exists():
        existing = copy.read_text(encoding="utf-8", errors="replace") if copy.is_file() else None
        if existing != text:
            raise InvalidInput(str(copy), message=f"{copy} exists and is not this article: not overwritten")
    else:
        with write_output(copy, "w", encoding="utf-8", sync=False) as handle:
            handle.write(text)
    return draft, copy.name


def _extract_batch(articles: list[Path], drafts: Path | None, engine: str, title: str | None, lines: bool) -> None:
    """Every article in one process: a JSON line (or a draft) per article; a failed article is reported
    (its JSON line has ``error``; one line on stderr) and the others go on; exit 1 at the end if any failed."""
    from ..extract import extract

    if not articles:
        raise InvalidInput("articles", message="no article files found (a folder stands for its .txt, .text, "
                                                ".md, .html and .htm files)")
    if drafts is not None:
        if drafts.exists() and not drafts.is_dir():
            raise InvalidInput(str(drafts), message=f"--drafts must be a folder; {drafts} is a file")
        try:
            drafts.mkdir(exist_ok=True)
        except OSError as exc:
            raise unreadable(drafts, exc, "create") from None
    failed, taken = 0, set[str]()
    home = drafts.resolve() if drafts is not None else None
    out = sys.stdout
    for article in articles:
        record: dict[str, Any] = {"article": str(article)}
        try:
            text = _read_article(article)
            if drafts is not None:
                place, source_file = _draft_place(article, drafts, text, taken, home)
            else:
                place, source_file = None, article.name
            result = extract(text, engine=engine, source_file=source_file, title=title)
            if place is not None:
                with write_output(place, "w", encoding="utf-8", sync=False) as handle:
                    handle.write(_draft_header(article) + _dump_yaml(result.scenario))
                record["draft"] = str(place)
            record.update(title=result.scenario["name"], **result.to_json())
        except (AccordError, OSError, UnicodeError) as exc:
            failed += 1
            message = str(exc) if isinstance(exc, AccordError) else (
                f"cannot read {article}: {getattr(exc, 'strerror', None) or exc}")
            record["error"] = message
            say(f"error: {message}")
        if lines:
            out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        elif "draft" in record:
            out.write(shown(f"wrote {record['draft']}") + "\n")  # one plain line per draft (no markup to render)
    out.flush()
    if failed:
        raise InvalidInput("articles", message=f"{failed} of {len(articles)} articles failed (see above)")


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

