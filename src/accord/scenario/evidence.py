"""Matching evidence quotes against their source text.

Quotes are compared after collapsing runs of whitespace to one space and
unifying typographic quotes and apostrophes with their straight forms, so a
quote typed on a plain keyboard still matches a typeset article.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._io import FileTooLarge, InputRefused, inside, not_regular, read_bounded
from .errors import Problem
from .reader import MAX_BYTES

if TYPE_CHECKING:
    from .model import Scenario

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
                         "\u00a0": " "})
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Collapse whitespace and unify quote marks.

    >>> normalise("needs to be \u201cpermanent  and\\nfixed.\u201d")
    'needs to be "permanent and fixed."'
    """
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


def quote_occurs(quote: str, source_text: str) -> bool:
    """Whether ``quote`` occurs in ``source_text`` (after :func:`normalise`)."""
    return normalise(quote) in normalise(source_text)


def source_problem(base_dir: str, name: str) -> str | None:
    """Why source file ``name`` (relative to ``base_dir``) cannot be read, or None when it can.

    A source must resolve inside the scenario's folder after symlinks are
    followed (``../../etc/passwd`` and a link pointing out are refused without
    looking at the target, so checking quotes is no oracle for files outside),
    be a regular file (a FIFO, a device or a folder is refused without being
    opened) and be at most ``MAX_BYTES`` long.
    """
    try:
        target = inside(base_dir, name)
    except InputRefused:
        return "is outside the scenario's folder (after following links); refused"
    if not os.path.lexists(target):
        return "does not exist"
    kind = not_regular(target)
    if kind is not None:
        return f"is {kind}, not a regular file; refused"
    try:
        if os.stat(target).st_size > MAX_BYTES:
            return f"is larger than {MAX_BYTES} bytes; refused"
    except OSError:
        return "does not exist"
    return None if os.access(target, os.R_OK) else "cannot be read"


def read_source(base_dir: str, name: str) -> str | None:
    """The text of source file ``name`` next to the scenario, or None when :func:`source_problem` refuses it
    (or it cannot be read). Read bounded, without blocking, from inside ``base_dir`` only."""
    try:
        raw = read_bounded(inside(base_dir, name), MAX_BYTES)
    except (OSError, InputRefused, FileTooLarge):
        return None
    return raw.decode("utf-8-sig", errors="replace")


def unread_source(sid: str, name: str, base_dir: str, file: str | None, path: str) -> Problem:
    """The problem of source ``sid`` whose file ``name`` (relative to ``base_dir``) could not be read."""
    reason = source_problem(base_dir, name) or "cannot be read"
    return Problem(f"source file {name!r} {reason} (looked in {os.path.abspath(base_dir)}); "
                   f"the quotes from source {sid!r} cannot be checked", path, None, file)


def unread_sources(scenario: Scenario) -> list[Problem]:
    """One problem per source whose ``file:`` could not be read next to the scenario file.

    Quotes from such a source cannot be checked. ``accord validate`` treats
    these as errors; other commands warn and go on. Sources added by a
    variant's patch are checked too. A scenario read from text (no
    ``base_dir``) reads no file, so it has none.
    """
    base_dir = scenario.base_dir
    if base_dir is None:
        return []
    found: list[Problem] = []

    def unread(sid: str, name: str, path: str) -> None:
        found.append(unread_source(sid, name, base_dir, scenario.file, path))

    for sid, source in scenario.sources.items():
        if source.file and source.text is None:
            unread(sid, source.file, f"sources.{sid}.file")
    variants = scenario.document.get("variants") if isinstance(scenario.document, dict) else None
    for vid, body in (variants or {}).items() if isinstance(variants, dict) else ():
        patch = body.get("patch") if isinstance(body, dict) else None
        added = patch.get("sources") if isinstance(patch, dict) else None
        for sid, entry in (added or {}).items() if isinstance(added, dict) else ():
            name = entry.get("file") if isinstance(entry, dict) else None
            if not isinstance(name, str) or Path(name).is_absolute() or sid in scenario.sources:
                continue
            if source_problem(base_dir, name) is not None:
                unread(sid, name, f"variants.{vid}.patch.sources.{sid}.file")
    return found


def unchecked_quotes(scenario: Scenario) -> list[dict]:
    """The evidence quotes whose source file could not be read: ``{"parameter", "source", "file", "quote"}``."""
    if scenario.base_dir is None:
        return []
    unread = {sid: s.file for sid, s in scenario.sources.items() if s.file and s.text is None}
    found = []

    def collect(parameter: str, items) -> None:
        for item in items:
            if item.quote and item.source in unread:
                found.append({"parameter": parameter, "source": item.source, "file": unread[item.source],
                              "quote": item.quote})

    for aid, actor in scenario.actors.items():
        collect(f"actors.{aid}", actor.evidence)
        for issue, pref in actor.preferences.items():
            collect(f"actors.{aid}.preferences.{issue}", pref.evidence)
    for event in scenario.events:
        collect(f"events.{event.id}", event.evidence)
    return found


# ---------------------------------------------------------------- the evidence of every parameter
def _mapping(doc: Any, key: str) -> dict:
    """``doc[key]`` when it is a mapping, else an empty one (the document is not validated)."""
    value = doc.get(key) if isinstance(doc, dict) else None
    return value if isinstance(value, dict) else {}


def evidence_parameters(doc: Any) -> list[tuple[str, Any]]:
    """(parameter path, evidence list or None) for every part of the document that carries evidence.

    In document order: each actor (``actors.A``: power, reservation), its preferences
    (``actors.A.preferences.I``: weight, values, red lines, ``unless``, ``holds``), its package
    interactions (``actors.A.interactions[k]``), the decision rule (``decision``), the scripted events
    (``events.E``) and the events a variant's patch adds (``variants.V.events.E``). Works on the
    document as written, not validated: parts of the wrong shape are skipped.
    """
    found: list[tuple[str, Any]] = []
    for aid, actor in _mapping(doc, "actors").items():
        if not isinstance(actor, dict):
            continue
        found.append((f"actors.{aid}", actor.get("evidence")))
        for issue, pref in _mapping(actor, "preferences").items():
            if isinstance(pref, dict):
                found.append((f"actors.{aid}.preferences.{issue}", pref.get("evidence")))
        interactions = actor.get("interactions")
        for k, term in enumerate(interactions if isinstance(interactions, list) else []):
            if isinstance(term, dict):
                found.append((f"actors.{aid}.interactions[{k}]", term.get("evidence")))
    decision = doc.get("decision") if isinstance(doc, dict) else None
    if isinstance(decision, dict):
        found.append(("decision", decision.get("evidence")))
    for eid, event in _mapping(doc, "events").items():
        if isinstance(event, dict):
            found.append((f"events.{eid}", event.get("evidence")))
    for vid, variant in _mapping(doc, "variants").items():
        patch = variant.get("patch") if isinstance(variant, dict) else None
        for eid, event in _mapping(patch, "events").items():
            if isinstance(event, dict):
                found.append((f"variants.{vid}.events.{eid}", event.get("evidence")))
    return found


def evidence_report(doc: Any, texts: dict[str, str | None]) -> dict:
    """Every parameter with its quotes and assumptions, those without evidence, and stale quotes.

    ``texts``: each source's file text (None when it could not be read), as
    :func:`accord.scenario._load.read_sources` gives it. Works on the document as written (not validated),
    so a scenario whose quotes no longer match its sources can still be inspected; ``accord evidence`` and
    the briefing's "What rests on assumptions" both use it. Returns ``{"scenario", "parameters":
    [{"parameter", "quotes": [{"source", "file", "url", "quote", "status"}], "assumptions"}], "no_evidence":
    [PATH], "mismatches": [{"parameter", "source", "file", "url", "quote", "status"}]}``, parameters in the
    order of :func:`evidence_parameters`. A quote's ``status``: ``ok`` (it occurs in its source's file),
    ``mismatch``, ``unchecked`` (no file text to check against: a source given by ``url:`` only, or a file
    that could not be read) or ``unknown-source``; ``file`` is the source's local file, else its URL (as
    before ``url`` was added beside it).
    """
    sources = _mapping(doc, "sources")
    parameters: list[dict] = []
    missing: list[str] = []
    mismatches: list[dict] = []
    for path, entries in evidence_parameters(doc):
        quotes, assumptions = [], []
        for entry in entries if isinstance(entries, list) else []:
            if not isinstance(entry, dict):
                continue
            if "assumption" in entry:
                assumptions.append(str(entry["assumption"]).strip())
            elif "quote" in entry:
                sid, quote = entry.get("source"), str(entry.get("quote"))
                text = texts.get(sid) if isinstance(sid, str) else None
                if not isinstance(sid, str) or sid not in sources:
                    status = "unknown-source"
                elif text is None:
                    status = "unchecked"
                else:
                    status = "ok" if quote_occurs(quote, text) else "mismatch"
                body = sources.get(sid) if isinstance(sid, str) else None
                file = body.get("file") if isinstance(body, dict) else None
                url = body.get("url") if isinstance(body, dict) else None
                item = {"source": sid, "file": file or url, "url": url, "quote": quote, "status": status}
                quotes.append(item)
                if status in ("mismatch", "unknown-source"):
                    mismatches.append({"parameter": path, **item})
        parameters.append({"parameter": path, "quotes": quotes, "assumptions": assumptions})
        if not quotes and not assumptions:
            missing.append(path)
    name = doc.get("name") if isinstance(doc, dict) else None
    return {"scenario": name, "parameters": parameters, "no_evidence": missing, "mismatches": mismatches}
