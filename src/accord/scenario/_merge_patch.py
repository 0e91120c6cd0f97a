"""JSON Merge Patch (RFC 7396), the form of scenario variants.

Steps (RFC 7396, section 2): if the patch is not a mapping it replaces the
target; otherwise, for each member, ``null`` deletes the key and any other
value is merged recursively into the target's member (a missing or
non-mapping member counts as an empty mapping). Lists replace, never merge.

>>> merge_patch({"a": {"b": 1, "c": 2}}, {"a": {"b": None, "d": 3}})
{'a': {'c': 2, 'd': 3}}
"""

from __future__ import annotations

import copy
from typing import Any


def merge_patch(target: Any, patch: Any) -> Any:
    """Return ``target`` with ``patch`` applied; neither argument is modified."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result
