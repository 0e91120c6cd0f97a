"""Edit a scenario's text by path, keeping everything else as written (comments included).

The workbench's forms change one number or list at a time (a weight, an
option's value, a red line) and must hand back the text the user would feed to
``accord validate``. :func:`edit_text` applies such edits to YAML or JSON text:

1. the text is parsed with the safe reader (:func:`accord.scenario.reader.parse`),
   and the edits are applied to that plain data: the *expected* document;
2. YAML: each edit is made in the text itself, from the positions PyYAML's
   composer gives each node: a value is replaced where it is written (a block
   mapping or list becomes a one-line flow value), a missing key is added as a
   new line at the mapping's indentation (or inside ``{...}``), a removed key
   loses its lines. Comments outside the changed value stay where they are;
3. the edited text is parsed again and compared with the expected document.
   When they differ, or an edit meets something the text surgery does not
   handle (aliases, merge keys, a key sharing its line with ``-``, an empty
   mapping), the whole expected document is written out again with
   ``yaml.safe_dump``: comments are then lost, and :class:`Edited` says so
   (``comments_kept``). JSON text is always written out again (2-space
   indent), as it has no comments to keep.

The result is not validated here: the caller loads it like any scenario text.

:func:`form_fields` lists what the forms show of a document: per actor, its
reservation and, per issue, its weight, values and red line, each number (or
distribution) as the one-line YAML text the form field holds.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from ..errors import InvalidInput
from .reader import _GuardedLoader, parse

MAX_EDITS = 100
MAX_PATH = 16

_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")


class _Remove:
    def __repr__(self) -> str:
        return "REMOVE"


REMOVE: Any = _Remove()
"""The value of an :class:`Edit` that removes its key."""


@dataclass(frozen=True)
class Edit:
    """Set the value at ``path`` (keys from the top of the document) to ``value``; :data:`REMOVE` removes the key.

    A key missing along the path is created (as a mapping).
    """

    path: tuple[str, ...]
    value: Any


@dataclass(frozen=True)
class Edited:
    """The edited text, its format (``yaml`` or ``json``) and whether every comment was kept where it was."""

    text: str
    format: str
    comments_kept: bool


def edit_text(text: str, edits: Sequence[Edit], fmt: str | None = None) -> Edited:
    """Apply ``edits`` in order to scenario ``text`` (YAML or JSON; ``fmt`` as :func:`parse` takes it).

    Raises :class:`accord.scenario.ScenarioError` when ``text`` cannot be parsed and
    :class:`accord.errors.InvalidInput` when an edit's path goes through something that is not a mapping.

    >>> before = "accord: 1\\nactors:\\n  x:\\n    reservation: 0.3  # a guess\\n"
    >>> print(edit_text(before, [Edit(("actors", "x", "reservation"), 0.4)]).text, end="")
    accord: 1
    actors:
      x:
        reservation: 0.4  # a guess
    """
    if len(edits) > MAX_EDITS:
        raise InvalidInput("edits", f"a list of at most {MAX_EDITS} edits", f"{len(edits)} edits")
    data, _ = parse(text, fmt=fmt)
    expected = copy.deepcopy(data)
    for edit in edits:
        if not edit.path or len(edit.path) > MAX_PATH:
            raise InvalidInput("path", f"a list of 1 to {MAX_PATH} keys", list(edit.path))
        expected = _apply(expected, edit)
    if _is_json(text, fmt):
        return Edited(json.dumps(expected, indent=2, ensure_ascii=False) + "\n", "json", True)
    current: str | None = text
    for edit in edits:
        current = _edit_yaml(current, edit) if current is not None else None
    if current is not None:
        try:
            again, _ = parse(current, fmt="yaml")
        except Exception:  # noqa: BLE001 - any failure of the text surgery falls back to writing the document out
            again = _Remove()
        if _same(again, expected):
            return Edited(current, "yaml", True)
    dumped = yaml.safe_dump(expected, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return Edited(dumped, "yaml", False)


def flow(value: Any) -> str:
    """``value`` as one line of YAML (flow style): ``0.5``, ``[none, humanitarian]``, ``{triangular: [3, 4, 5]}``.

    >>> flow({"triangular": [3, 4, 5]}), flow(0.5), flow("yes")
    ('{triangular: [3, 4, 5]}', '0.5', "'yes'")
    """
    out = yaml.safe_dump(value, default_flow_style=True, width=1 << 30, allow_unicode=True, sort_keys=False).strip()
    if out.endswith("\n..."):
        out = out[:-4].rstrip()
    return out


def form_fields(data: Any) -> dict[str, Any]:
    """What the workbench's forms show of a parsed document (the base scenario, without variants).

    ``{"actors": [{"id", "name", "role", "reservation", "preferences": {ISSUE: {"weight", "values":
    {OPTION: text}, "red_line": "reject" | "accept" | null, "options": [...], "min", "max", "holds",
    "unless"}}}]}``: numbers and distributions as their one-line YAML text (:func:`flow`), null when not
    written; ``options`` are the red line's options (``reject`` or ``accept``); ``unless`` is shown, not edited.
    """
    actors = data.get("actors") if isinstance(data, dict) else None
    found: list[dict[str, Any]] = []
    for actor_id, actor in (actors or {}).items() if isinstance(actors, dict) else ():
        if not isinstance(actor, dict):
            continue
        preferences = actor.get("preferences")
        issues: dict[str, Any] = {}
        for issue, pref in preferences.items() if isinstance(preferences, dict) else ():
            if not isinstance(pref, dict):
                continue
            values = pref["values"] if isinstance(pref.get("values"), dict) else {}
            kind = "reject" if "reject" in pref else "accept" if "accept" in pref else None
            chosen = pref.get(kind) if kind else None
            issues[str(issue)] = {
                "weight": _text(pref.get("weight")), "values": {str(k): _text(v) for k, v in values.items()},
                "red_line": kind, "options": [str(o) for o in chosen] if isinstance(chosen, list) else [],
                "min": _text(pref.get("min")), "max": _text(pref.get("max")), "holds": _text(pref.get("holds")),
                "unless": _text(pref.get("unless")),
            }
        found.append({"id": str(actor_id), "name": str(actor.get("name", actor_id)),
                      "role": str(actor.get("role", "party")), "reservation": _text(actor.get("reservation")),
                      "preferences": issues})
    return {"actors": found}


def file_name(name: Any, fmt: str) -> str:
    """A file name for a scenario called ``name``: lower case, words joined by ``-``, ``.yaml`` or ``.json``.

    >>> file_name("Cairo ceasefire and hostage talks", "yaml")
    'cairo-ceasefire-and-hostage-talks.yaml'
    """
    stem = re.sub(r"[^a-z0-9]+", "-", str(name or "").lower()).strip("-")[:80].strip("-") or "scenario"
    return f"{stem}.{'json' if fmt == 'json' else 'yaml'}"


# -- the edits on plain data (the expected document) ----------------------------------------------------------------

def _text(value: Any) -> str | None:
    return None if value is None else flow(value)


def _same_key(key: Any, wanted: str) -> bool:
    return (key == wanted or str(key) == wanted) and not isinstance(key, bool)


def _new_key(wanted: str) -> Any:
    """A key the path names and the document lacks: a number when it reads as one (numeric issues' points)."""
    if _NUMBER.fullmatch(wanted):
        return float(wanted) if any(c in wanted for c in ".eE") else int(wanted)
    return wanted


def _apply(data: Any, edit: Edit) -> Any:
    if not isinstance(data, dict):
        raise InvalidInput("path", "a path inside a mapping (the document is not one)", list(edit.path))
    node = data
    for depth, wanted in enumerate(edit.path):
        last = depth == len(edit.path) - 1
        key = next((k for k in node if _same_key(k, wanted)), None)
        if last:
            if edit.value is REMOVE:
                if key is not None:
                    del node[key]
            else:
                node[key if key is not None else _new_key(wanted)] = copy.deepcopy(edit.value)
            return data
        if key is None:
            if edit.value is REMOVE:
                return data
            key = _new_key(wanted)
            node[key] = {}
        if not isinstance(node[key], dict):
            where = ".".join(edit.path[: depth + 1])
            raise InvalidInput(f"cannot edit {'.'.join(edit.path)}: {where} is not a mapping")
        node = node[key]
    return data


def _same(a: Any, b: Any) -> bool:
    """Equal documents (a key the text surgery adds may sit before a mapping's last keys: key order is not compared;
    lists, such as options, are)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def _is_json(text: str, fmt: str | None) -> bool:
    if fmt is not None:
        return fmt == "json"
    if not text.lstrip().startswith("{"):
        return False
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


# -- the edits in YAML text -----------------------------------------------------------------------------------------

def _edit_yaml(text: str, edit: Edit) -> str | None:
    """``text`` with ``edit`` made in place; None when the text surgery cannot make it."""
    loader = _GuardedLoader(text)
    try:
        root = loader.get_single_node()
        if not isinstance(root, yaml.MappingNode):
            return None
        node: yaml.Node = root
        for depth, wanted in enumerate(edit.path):
            if not isinstance(node, yaml.MappingNode) or any(k.tag == "tag:yaml.org,2002:merge" for k, _ in node.value):
                return None
            pair = None
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and _same_key(loader.construct_object(key_node), wanted):
                    pair = (key_node, value_node)
            if pair is None:
                if edit.value is REMOVE:
                    return text
                return _insert(text, node, edit.path[depth:], edit.value)
            if depth == len(edit.path) - 1:
                if edit.value is REMOVE:
                    return _remove(text, node, *pair)
                return _replace(text, *pair, edit.value)
            node = pair[1]
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return None


def _key_text(wanted: str) -> str:
    return wanted if _NUMBER.fullmatch(wanted) else flow(wanted)


def _content_end(node: yaml.Node) -> int:
    """Where the last character of ``node``'s content is (block scalars without their trailing line breaks)."""
    end = node.start_mark.index
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, yaml.ScalarNode):
            stop = item.end_mark.index
            if item.style in ("|", ">"):
                buffer = str(item.start_mark.buffer)
                stop = item.start_mark.index + len(buffer[item.start_mark.index:stop].rstrip())
            end = max(end, stop)
        elif item.flow_style:  # type: ignore[attr-defined]
            end = max(end, item.end_mark.index)
        elif isinstance(item, yaml.SequenceNode):
            stack.extend(item.value)
        elif isinstance(item, yaml.MappingNode):
            stack.extend(n for pair in item.value for n in pair)
    return end


def _after_colon(text: str, key_node: yaml.Node) -> int:
    colon = text.find(":", key_node.end_mark.index)
    return colon + 1 if colon >= 0 else -1


def _replace(text: str, key_node: yaml.Node, value_node: yaml.Node, value: Any) -> str | None:
    rendered = flow(value)
    if isinstance(value_node, yaml.ScalarNode) and value_node.style is None and value_node.value == "":
        start = end = _after_colon(text, key_node)  # `key:` with nothing after it
        rendered = " " + rendered
    elif isinstance(value_node, yaml.ScalarNode) and value_node.style not in ("|", ">"):
        start, end = value_node.start_mark.index, value_node.end_mark.index
    elif isinstance(value_node, yaml.ScalarNode) or not value_node.flow_style:  # type: ignore[attr-defined]
        start, end = _after_colon(text, key_node), _content_end(value_node)
        rendered = " " + rendered
    else:
        start, end = value_node.start_mark.index, value_node.end_mark.index
    if start < 0 or end < start:
        return None
    return text[:start] + rendered + text[end:]


def _nested(path: Sequence[str], value: Any) -> Any:
    for key in reversed(path):
        value = {_new_key(key): value}
    return value


def _insert(text: str, mapping: yaml.MappingNode, path: Sequence[str], value: Any) -> str | None:
    entry = f"{_key_text(path[0])}: {flow(_nested(path[1:], value))}"
    if mapping.flow_style:
        close = mapping.end_mark.index - 1
        if close < 0 or text[close] != "}":
            return None
        return text[:close] + (", " if mapping.value else "") + entry + text[close:]
    if not mapping.value:
        return None
    indent = mapping.value[0][0].start_mark.column
    # after the last one-line entry (a red line joins the weight and values, not the end of a list of evidence)
    short = [v for _, v in mapping.value
             if (isinstance(v, yaml.ScalarNode) and v.style not in ("|", ">")) or getattr(v, "flow_style", False)]
    end = _content_end(short[-1]) if short else _content_end(mapping)
    line_end = text.find("\n", end)
    if line_end < 0:
        text, line_end = text + "\n", len(text)
    return text[: line_end + 1] + " " * indent + entry + "\n" + text[line_end + 1:]


def _remove(text: str, mapping: yaml.MappingNode, key_node: yaml.Node, value_node: yaml.Node) -> str | None:
    if len(mapping.value) < 2:
        return None  # the mapping would be left empty: written out again
    start, end = key_node.start_mark.index, max(_content_end(value_node), key_node.end_mark.index)
    if mapping.flow_style:
        following = re.match(r"\s*,\s*", text[end:])
        if following:
            return text[:start] + text[end + following.end():]
        preceding = re.search(r",\s*$", text[:start])
        if preceding is None:
            return None
        return text[: preceding.start()] + text[end:]
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip():
        return None  # the key shares its line (`- key: value`)
    line_end = text.find("\n", end)
    return text[:line_start] + (text[line_end + 1:] if line_end >= 0 else "")


__all__ = ["Edit", "Edited", "MAX_EDITS", "MAX_PATH", "REMOVE", "edit_text", "file_name", "flow", "form_fields"]
