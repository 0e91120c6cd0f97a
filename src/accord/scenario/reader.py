"""Read a scenario document safely: YAML or JSON text to plain data plus lines.

Scenario files come from users, e-mail and the web, so reading is guarded:

- size is capped (``MAX_BYTES``) before anything is parsed;
- binary content (NUL bytes) and text that is not UTF-8 are refused;
- nesting depth is capped while the YAML composer runs (``MAX_DEPTH``), so a
  file of ten thousand ``[`` never reaches Python's recursion limit;
- the number of nodes, *after alias expansion*, is capped (``MAX_NODES``), so
  an alias bomb ("billion laughs") is refused after a bounded amount of work;
- only the YAML safe schema is understood (no Python object tags);
- a mapping that repeats a key is an error rather than a silent overwrite.

The result is ``(data, lines)`` where ``lines`` maps a path tuple such as
``("actors", "israel", "reservation")`` to the 1-based line where it appears.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from .._io import MAX_INPUT_BYTES, FileTooLarge, read_bounded  # noqa: F401 - the one bounded, non-blocking reader, re-exported
from .errors import Index, Problem, ScenarioError, format_path

MAX_BYTES = MAX_INPUT_BYTES
MAX_DEPTH = 64
MAX_NODES = 200_000

Lines = dict[tuple, int]


class _Refused(Exception):
    """Raised inside the composer to stop reading a hostile document."""


class _GuardedLoader(yaml.SafeLoader):
    """SafeLoader whose composer counts depth and nodes as it goes."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent, index):  # noqa: D102 - PyYAML hook
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _Refused(f"document has more than {MAX_NODES} nodes")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(f"document is nested more than {MAX_DEPTH} levels deep")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def decode(raw: bytes, file: str | None) -> str:
    """Bytes to text, refusing what cannot be a scenario document."""
    if len(raw) > MAX_BYTES:
        raise ScenarioError([Problem(f"file is too large ({len(raw)} bytes; the limit is {MAX_BYTES})", file=file)])
    if b"\x00" in raw:
        raise ScenarioError([Problem("file is binary, expected YAML or JSON text", file=file)])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError([Problem(f"file is not UTF-8 text (byte {exc.start})", file=file)]) from None


def parse(text: str, file: str | None = None, fmt: str | None = None) -> tuple[Any, Lines]:
    """Parse YAML or JSON ``text`` into plain data and a path -> line map.

    ``fmt`` is ``"json"``, ``"yaml"`` or None (JSON when the text starts with
    ``{``, otherwise YAML).
    """
    if fmt == "json":
        return _parse_json(text, file)
    if fmt is None and text.lstrip().startswith("{"):
        try:
            return _parse_json(text, file)
        except ScenarioError as exc:
            if not exc.problems[0].message.startswith("invalid JSON"):
                raise
            # not JSON: flow-style YAML also starts with "{"
    return _parse_yaml(text, file)


def _parse_yaml(text: str, file: str | None) -> tuple[Any, Lines]:
    loader = None
    try:
        loader = _GuardedLoader(text)  # the reader already checks characters here
        node = loader.get_single_node()
        if node is None:
            return None, {}
        lines: Lines = {}
        budget = [MAX_NODES]
        return _to_data(loader, node, (), lines, budget, file, 1), lines
    except _Refused as exc:
        raise ScenarioError([Problem(f"refused: {exc}", file=file)]) from None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        what = " ".join(s for s in (exc.context, exc.problem) if s)
        raise ScenarioError([Problem(f"invalid YAML: {what}", file=file, line=line)]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([Problem(f"invalid YAML: {exc}", file=file)]) from None
    finally:
        if loader is not None:
            loader.dispose()


SAFE_COLLECTION_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


def _to_data(loader: yaml.SafeLoader, node: yaml.Node, path: tuple, lines: Lines, budget: list[int], file,
             depth: int) -> Any:
    """Convert a composed node to plain data, recording lines, within budget.

    Aliases share nodes, so both the node budget and the depth are counted
    again here, on the expanded tree: an alias can nest an anchor that was
    shallow where it was written, or refer to itself.
    """
    budget[0] -= 1
    if budget[0] < 0:
        raise _Refused(f"document expands to more than {MAX_NODES} nodes (alias expansion)")
    if depth > MAX_DEPTH:
        raise _Refused(f"document is nested more than {MAX_DEPTH} levels deep (after alias expansion)")
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.ScalarNode):
        return _scalar(loader, node, path, file)
    if node.tag not in SAFE_COLLECTION_TAGS:
        raise yaml.MarkedYAMLError(problem=f"unsupported tag {node.tag}", problem_mark=node.start_mark)
    if isinstance(node, yaml.SequenceNode):
        return [_to_data(loader, item, path + (Index(i),), lines, budget, file, depth + 1)
                for i, item in enumerate(node.value)]
    result: dict[Any, Any] = {}
    merged: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            pieces = _to_data(loader, value_node, path, lines, budget, file, depth + 1)
            for piece in pieces if isinstance(pieces, list) else [pieces]:
                if not isinstance(piece, dict):
                    raise yaml.MarkedYAMLError(problem="a merge key (<<) needs a mapping or a list of mappings",
                                               problem_mark=value_node.start_mark)
                for key, value in piece.items():
                    merged.setdefault(key, value)  # earlier mappings in the list win (YAML merge rules)
            continue
        if not isinstance(key_node, yaml.ScalarNode):
            raise yaml.MarkedYAMLError(problem="mapping keys must be plain values", problem_mark=key_node.start_mark)
        key = _scalar(loader, key_node, path, file)
        if key in result:
            shown = format_path(path + (key,))
            raise ScenarioError(
                [Problem(f"duplicate key {key!r}", path=shown, line=key_node.start_mark.line + 1, file=file)]
            )
        lines[path + (key,)] = key_node.start_mark.line + 1
        result[key] = _to_data(loader, value_node, path + (key,), lines, budget, file, depth + 1)
    for key, value in merged.items():  # keys written in the mapping override merged ones
        result.setdefault(key, value)
    return result


def _scalar(loader: yaml.SafeLoader, node: yaml.ScalarNode, path: tuple, file) -> Any:
    try:
        value = loader.construct_object(node, deep=True)
    except yaml.YAMLError:
        raise
    except (ValueError, TypeError, OverflowError, AttributeError, KeyError) as exc:
        # AttributeError, KeyError: PyYAML's own failures on an explicit tag whose text does not fit it
        # (!!timestamp nope, !!bool maybe)
        if isinstance(exc, (AttributeError, KeyError)):
            exc = ValueError(f"not a valid {node.tag.rsplit(':', 1)[-1]}")
        raise ScenarioError([Problem(f"cannot read the value {_clip(node.value)!r} ({node.tag.rsplit(':', 1)[-1]}): "
                                     f"{str(exc).split(';')[0]}",
                                     path=format_path(path), line=node.start_mark.line + 1, file=file)]) from None
    if isinstance(value, str) and _has_surrogate(value):
        raise ScenarioError([Problem(_SURROGATE, path=format_path(path), line=node.start_mark.line + 1, file=file)])
    return value


_SURROGATE = "text holds a lone surrogate escape (\\uD800-\\uDFFF), which is not a character"


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _refuse_surrogates(data: Any, file: str | None) -> None:
    """Refuse a JSON document whose text holds a lone surrogate (``"\\ud800"``): it cannot be printed or stored."""
    stack: list[tuple[Any, tuple]] = [(data, ())]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            if _has_surrogate(item):
                raise ScenarioError([Problem(_SURROGATE, path=format_path(path), file=file)])
        elif isinstance(item, dict):
            for key, value in item.items():
                if _has_surrogate(key):
                    raise ScenarioError([Problem(_SURROGATE + " (in a key)", path=format_path(path), file=file)])
                stack.append((value, path + (key,)))
        elif isinstance(item, list):
            stack.extend((value, path + (Index(i),)) for i, value in enumerate(item))


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _parse_json(text: str, file: str | None) -> tuple[Any, Lines]:
    def pairs(items: list[tuple[str, Any]]) -> dict:
        seen: dict = {}
        for key, value in items:
            if key in seen:
                raise ScenarioError([Problem(f"duplicate key {key!r}", file=file)])
            seen[key] = value
        return seen

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise ScenarioError([Problem(f"invalid JSON: {exc.msg}", file=file, line=exc.lineno)]) from None
    except RecursionError:
        raise ScenarioError([Problem(f"refused: document is nested more than {MAX_DEPTH} levels deep", file=file)]) from None
    except ValueError as exc:  # an integer literal beyond Python's digit limit (4,300 digits)
        raise ScenarioError([Problem(f"invalid JSON: {str(exc).split(';')[0]}", file=file)]) from None
    depth, nodes = _shape(data)
    if depth > MAX_DEPTH:
        raise ScenarioError([Problem(f"refused: document is nested more than {MAX_DEPTH} levels deep", file=file)])
    if nodes > MAX_NODES:
        raise ScenarioError([Problem(f"refused: document has more than {MAX_NODES} nodes", file=file)])
    _refuse_surrogates(data, file)
    # JSON is (almost always) YAML too: borrow the YAML composer's line numbers.
    try:
        _, lines = _parse_yaml(text, file)
    except ScenarioError:
        lines = {}
    return data, lines


def _shape(data: Any) -> tuple[int, int]:
    """Nesting depth and node count of plain data, computed without recursion."""
    deepest, count, stack = 0, 0, [(data, 1)]
    while stack:
        item, level = stack.pop()
        deepest, count = max(deepest, level), count + 1
        if level > MAX_DEPTH or count > MAX_NODES:
            break
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        stack.extend((child, level + 1) for child in children)
    return deepest, count
