"""Compare two scenario documents up to float formatting (used to check round trips)."""

from __future__ import annotations

import math
from typing import Any

__all__ = ["document_differences"]


def _number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _numeric_keys(mapping: dict) -> list[tuple[float, Any]] | None:
    """``{x: value}`` points of a numeric issue, as sorted (float(x), value); None if a key is not a number."""
    points = []
    for key, value in mapping.items():
        try:
            points.append((float(key), value))
        except (TypeError, ValueError):
            return None
    return sorted(points, key=lambda p: p[0])


def _normalised_weights(doc: dict) -> dict:
    """A copy whose actors' weights are divided by their sum (accord's own normalisation)."""
    import copy

    doc = copy.deepcopy(doc)
    for actor in (doc.get("actors") or {}).values():
        prefs = actor.get("preferences") if isinstance(actor, dict) else None
        if not isinstance(prefs, dict):
            continue
        total = math.fsum(p.get("weight", 1) for p in prefs.values() if isinstance(p, dict) and _number(p.get("weight", 1)))
        for pref in prefs.values():
            if isinstance(pref, dict) and total > 0 and _number(pref.get("weight", 1)):
                pref["weight"] = pref.get("weight", 1) / total
        record = actor.get("x-genius")
        if isinstance(record, dict):
            record.pop("weight_sum", None)
            record.pop("normalised_weights", None)
    return doc


def document_differences(a: Any, b: Any, *, tolerance: float = 1e-9, normalise_weights: bool = False) -> list[str]:
    """Where documents ``a`` and ``b`` differ, as ``path: a-value != b-value`` lines (empty: the same).

    Numbers compare within ``tolerance`` (absolute, and relative for large
    ones); ints and floats of the same value are equal; the points of a numeric
    issue's ``values`` compare by their numeric x (so ``3.75`` and ``"3.75"``
    match). With ``normalise_weights`` each actor's weights are divided by
    their sum first (accord's utilities depend only on those ratios).
    """
    if normalise_weights and isinstance(a, dict) and isinstance(b, dict):
        a, b = _normalised_weights(a), _normalised_weights(b)
    found: list[str] = []
    _walk(a, b, "", tolerance, found)
    return found


def _walk(a: Any, b: Any, path: str, tol: float, found: list[str]) -> None:
    if len(found) > 50:
        return
    if _number(a) and _number(b):
        if not math.isclose(float(a), float(b), rel_tol=tol, abs_tol=tol):
            found.append(f"{path or '.'}: {a!r} != {b!r}")
        return
    if isinstance(a, dict) and isinstance(b, dict):
        pa, pb = _numeric_keys(a), _numeric_keys(b)
        if pa is not None and pb is not None and path.endswith(".values"):
            if len(pa) != len(pb):
                found.append(f"{path}: {len(pa)} points != {len(pb)} points")
                return
            for (xa, va), (xb, vb) in zip(pa, pb):
                if not math.isclose(xa, xb, rel_tol=tol, abs_tol=tol):
                    found.append(f"{path}: point x {xa!r} != {xb!r}")
                    return
                _walk(va, vb, f"{path}.{xa:g}", tol, found)
            return
        for key in list(a) + [k for k in b if k not in a]:
            if key not in a or key not in b:
                found.append(f"{path}.{key}: only in {'the first' if key in a else 'the second'}")
                continue
            _walk(a[key], b[key], f"{path}.{key}" if path else str(key), tol, found)
        return
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            found.append(f"{path}: {len(a)} items != {len(b)} items")
            return
        for k, (x, y) in enumerate(zip(a, b)):
            _walk(x, y, f"{path}[{k}]", tol, found)
        return
    if a != b:
        found.append(f"{path or '.'}: {a!r} != {b!r}")
