"""Canonical JSON and hashes: the byte-for-byte form runs are compared in.

>>> canonical({"b": 1, "a": [1.5, None]})
'{"a":[1.5,null],"b":1}'
>>> sha256_text("accord")[:12]
'b4ef49fb50c0'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any


def plain(value: Any) -> Any:
    """``value`` with dates as ISO strings and tuples as lists (what JSON keeps)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return value.item()
    return value


def canonical(value: Any) -> str:
    """Sorted keys, no spaces, UTF-8 text, shortest float repr: equal data, equal bytes."""
    return json.dumps(plain(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def ordered(value: Any) -> str:
    """Compact JSON that keeps key order (a scenario's actor and issue order carries meaning)."""
    return json.dumps(plain(value), separators=(",", ":"), ensure_ascii=False, default=str)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def first_difference(old: Any, new: Any, path: str = "$") -> str | None:
    """The JSON path of the first place two plain values differ (None when equal)."""
    if type(old) is not type(new):
        return f"{path}: {_short(old)} -> {_short(new)}"
    if isinstance(old, dict):
        for key in sorted(set(old) | set(new)):
            if key not in old:
                return f"{path}.{key}: added"
            if key not in new:
                return f"{path}.{key}: removed"
            found = first_difference(old[key], new[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(old, list):
        for i, (a, b) in enumerate(zip(old, new)):
            found = first_difference(a, b, f"{path}[{i}]")
            if found:
                return found
        if len(old) != len(new):
            return f"{path}: length {len(old)} -> {len(new)}"
        return None
    if old != new or repr(old) != repr(new):
        return f"{path}: {_short(old)} -> {_short(new)}"
    return None


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."
