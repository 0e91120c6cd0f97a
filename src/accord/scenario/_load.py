"""Loading scenarios: files, text, plain data, the embedded default, variants.

Loading validates the document *and every variant* (a variant's patched
document must itself be a valid scenario), and checks evidence quotes against
source files found next to the scenario file.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from ._merge_patch import merge_patch
from .errors import Problem, ScenarioError, format_path
from .model import Scenario
from .reader import MAX_BYTES, FileTooLarge, decode, parse, read_bounded
from .validate import build

DEFAULT_EXAMPLE = "cairo-talks-2024"


def default_path() -> Path:
    """The embedded default scenario: the Cairo talks."""
    return example_path(DEFAULT_EXAMPLE)


def example_path(name: str) -> Path:
    """Path of a packaged example's ``scenario.yaml``."""
    root = resources.files("accord") / "examples" / name / "scenario.yaml"
    return Path(str(root))


def load(source: str | os.PathLike | dict | None = None, variant: str | None = None) -> Scenario:
    """Load and validate a scenario.

    ``source`` is a path to a YAML/JSON file, a document already parsed into a
    ``dict``, or None for the embedded Cairo scenario. ``variant`` names a
    variant to apply. Raises :class:`ScenarioError` listing every problem.
    """
    if source is None:
        source = default_path()
    if isinstance(source, dict):
        scenario = from_document(source)
    else:
        scenario = read_file(source)
    return scenario.with_variant(variant)


def read_file(path: str | os.PathLike) -> Scenario:
    """Read, parse and validate the scenario file at ``path``."""
    path = Path(path)
    shown = str(path)
    try:
        raw = read_bounded(path)
    except FileTooLarge:
        raise ScenarioError([Problem(f"file is too large (the limit is {MAX_BYTES} bytes)", file=shown)]) from None
    except IsADirectoryError:
        raise ScenarioError([Problem("is a directory, expected a scenario file", file=shown)]) from None
    except FileNotFoundError:
        raise ScenarioError([Problem("no such file", file=shown)]) from None
    except OSError as exc:
        raise ScenarioError([Problem(f"cannot read: {exc.strerror or exc}", file=shown)]) from None
    fmt = "json" if path.suffix.lower() == ".json" else None
    return loads(decode(raw, shown), file=shown, base_dir=str(path.parent), fmt=fmt)


def loads(text: str, *, file: str | None = None, base_dir: str | None = None, fmt: str | None = None) -> Scenario:
    """Parse and validate scenario ``text``.

    Source files named in the document are read relative to ``base_dir``; with
    ``base_dir=None`` (text from the network, say) no file is read and quotes
    are not checked.
    """
    doc, lines = parse(text, file, fmt)
    return from_document(doc, file=file, lines=lines, base_dir=base_dir)


def from_document(doc: Any, *, file: str | None = None, lines: dict | None = None,
                  base_dir: str | None = None) -> Scenario:
    """Validate a parsed document (and all its variants) into a Scenario."""
    lines = lines or {}
    texts = read_sources(doc, base_dir)
    problems: list[Problem] = []
    scenario = None
    memo: dict = {}  # checks of the parts a variant leaves unchanged are done once, not once per variant
    try:
        scenario = build(doc, file=file, lines=lines, source_texts=texts, memo=memo)
    except ScenarioError as exc:
        problems.extend(exc.problems)
    if isinstance(doc, dict) and isinstance(doc.get("variants"), dict):
        problems.extend(_variant_problems(doc, file, lines, texts, base_dir, memo, inherited=problems))
    if problems:
        raise ScenarioError(problems)
    return Scenario(**{**scenario.__dict__, "base_dir": base_dir})


def _variant_problems(doc: dict, file, lines, texts, base_dir, memo: dict | None = None,
                      inherited: Sequence[Problem] = ()) -> list[Problem]:
    """Validate each variant's patched document; report paths inside the patch.

    A problem of the base document that a variant inherits unchanged (same
    path, message and line, at a place its patch does not touch) is in
    ``inherited`` already: it is reported once, for the base, not once more
    per variant.
    """
    problems = []
    base = {k: v for k, v in doc.items() if k != "variants"}
    inherited_keys = {(p.path, p.message, p.line) for p in inherited}
    patch_lines = _lines_by_variant(lines)
    known = set(doc["variants"])
    for vid, body in doc["variants"].items():
        patch = body.get("patch") if isinstance(body, dict) else None
        if not isinstance(patch, dict) or "variants" in patch:
            continue  # the base validation already reported it
        patched = merge_patch(base, patch)
        touched = _patch_paths(patch)
        try:
            same_sources = patched.get("sources") is doc.get("sources")  # then the texts are the ones read
            build(patched, file=file, lines=_PatchedLines(lines, patch_lines.get(vid, {})),
                  source_texts=texts if same_sources else {**texts, **read_sources(patched, base_dir)},
                  known_variants=known, memo=memo)
        except ScenarioError as exc:
            for p in exc.problems:
                if (p.path, p.message, p.line) in inherited_keys and not _touches(touched, p.path):
                    continue
                where = f"variants.{vid}.patch" + (f" -> {p.path}" if p.path else "")
                problems.append(Problem(f"{p.message} (in the patched scenario)", where, p.line, p.file))
    return problems


def _patch_paths(patch: dict, prefix: tuple = ()) -> list[str]:
    """The paths a merge patch sets (its leaves; a list is one leaf: a merge patch replaces lists whole)."""
    found = []
    for key, value in patch.items():
        path = prefix + (key,)
        if isinstance(value, dict) and value:
            found.extend(_patch_paths(value, path))
        else:
            found.append(format_path(path))
    return found


def _touches(paths: list[str], problem_path: str) -> bool:
    """Whether a patch that sets ``paths`` changes the value at ``problem_path``, above it or below it."""
    return any(p == problem_path or problem_path.startswith((p + ".", p + "["))
               or p.startswith((problem_path + ".", problem_path + "[")) for p in paths)


def _lines_by_variant(lines: dict) -> dict[Any, dict]:
    """Variant id -> the lines of its patch, keyed by path inside the patch (one pass over all lines)."""
    found: dict[Any, dict] = {}
    for key, line in lines.items():
        if len(key) > 3 and key[0] == "variants" and key[2] == "patch":
            found.setdefault(key[1], {})[key[3:]] = line
    return found


class _PatchedLines:
    """``_patched_lines(lines, vid)`` as a view: looked up, not copied for each variant (a copy per variant of a
    map with a line per node made validation quadratic in the number of variants)."""

    def __init__(self, lines: dict, patch: dict):
        self.lines, self.patch = lines, patch

    def get(self, key: tuple, default: Any = None) -> Any:
        if key in self.patch:
            return self.patch[key]
        if key[:1] == ("variants",):
            return default
        return self.lines.get(key, default)


def _patched_lines(lines: dict, vid: str) -> dict:
    """Lines for a patched document: the patch's own lines win over the base's."""
    prefix = ("variants", vid, "patch")
    patched = {k: v for k, v in lines.items() if k[:1] != ("variants",)}
    patched.update({k[3:]: v for k, v in lines.items() if k[:3] == prefix and len(k) > 3})
    return patched


def read_sources(doc: Any, base_dir: str | None) -> dict[str, str | None]:
    """Text of each source file that can be read (None where it cannot or may not: see ``evidence.source_problem``)."""
    from .evidence import read_source

    texts: dict[str, str | None] = {}
    if base_dir is None or not isinstance(doc, dict) or not isinstance(doc.get("sources"), dict):
        return texts
    for sid, body in doc["sources"].items():
        name = body.get("file") if isinstance(body, dict) else None
        if not isinstance(name, str) or Path(name).is_absolute():
            continue
        texts[sid] = read_source(base_dir, name)  # inside base_dir, a regular file, capped; else None
    return texts


def apply_variant(scenario: Scenario, variant: str) -> Scenario:
    """The scenario with variant ``variant`` applied (validated)."""
    if variant not in scenario.variants:
        known = ", ".join(scenario.variants) or "none"
        raise ScenarioError([Problem(f"no variant {variant!r} (known: {known})", file=scenario.file)])
    return apply_patch(scenario, scenario.variants[variant].patch, variant)


def apply_patch(scenario: Scenario, patch: dict, label: str | None = None) -> Scenario:
    """Apply a JSON Merge Patch to the scenario's document and validate the result.

    The result keeps the base's variants (so it can be compared and patched
    again) unless the patch is itself applied on top of a variant.
    """
    if "variants" in patch:
        raise ScenarioError([Problem("a patch cannot change variants", path="variants", file=scenario.file)])
    base = {k: v for k, v in scenario.document.items() if k != "variants"}
    patched = merge_patch(base, patch)
    texts = {sid: s.text for sid, s in scenario.sources.items()}
    texts.update(read_sources(patched, scenario.base_dir))
    try:
        result = build(patched, file=scenario.file, lines={}, source_texts=texts, variant=label,
                       known_variants=set(scenario.variants))
    except ScenarioError as exc:
        where = f"variants.{label}.patch" if label else "patch"
        raise ScenarioError([Problem(p.message, f"{where} -> {p.path}" if p.path else where, p.line, p.file)
                             for p in exc.problems]) from None
    return Scenario(**{**result.__dict__, "variants": scenario.variants,
                       "document": copy.deepcopy({**patched, **({"variants": scenario.document["variants"]} if "variants" in scenario.document else {})}),
                       "base_dir": scenario.base_dir})


__all__ = ["load", "loads", "read_file", "from_document", "default_path", "example_path", "apply_variant", "apply_patch",
           "format_path"]
