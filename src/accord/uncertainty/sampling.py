"""Seeded draws of a scenario's uncertain parameters, reproducible however runs are split.

Scheme (see docs/uncertainty.md):

- Runs are numbered 0, 1, 2, ... and grouped in blocks of ``BLOCK`` runs.
- The uniforms of parameter ``path`` in block ``b`` come from
  ``numpy.random.SeedSequence(entropy=seed, spawn_key=(b, stable_hash(path)))``
  (a PCG64 generator, ``BLOCK`` uniforms per block; run ``r`` takes the
  uniform at position ``r % BLOCK`` of block ``r // BLOCK``). A second,
  independent set of streams (``spawn_key=(b, stable_hash(path), stream)``,
  ``stream >= 1``) serves Sobol's B matrix.
- A uniform ``u`` in (0, 1) becomes a value by the inverse CDF of the
  parameter's distribution, then is clipped to the parameter's valid range.

So run ``r``'s draws depend only on ``(seed, r, path)``: the same whatever the
chunking or the number of worker processes, and the same for every scenario
(a variant, say) that has a parameter at that path -- common random numbers,
which make base-versus-variant comparisons paired.

Uncertain red lines (format 1.1 ``holds``, path
``actors.A.preferences.I.holds``): the uniform U that decides whether the red
lines bind in a run (U < holds) is the stream keyed by the ``holds`` path
itself. When ``holds`` is a distribution, its value is drawn from a second
stream, keyed by the path with ``"drawn"`` appended (:func:`draw_key`), so
that U and the drawn ``holds`` are independent.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

from ..scenario import Distribution, Scenario, Uncertain
from ..scenario.errors import format_path
from .normal import ndtri

BLOCK = 4096
_TINY = 2.0 ** -60  # replaces an exact 0 from the generator: uniforms are in (0, 1)

Path: TypeAlias = tuple[Any, ...]  # a parameter's keys in the document: names, list positions, numeric points
FloatArray: TypeAlias = npt.NDArray[np.float64]


def stable_hash(path: Path) -> int:
    """A 64-bit hash of the formatted path, stable across processes and versions.

    (Python's ``hash`` of a string changes per process; BLAKE2b does not.)
    """
    text = format_path(tuple(path)).encode("utf-8")
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "little")


def block_uniforms(seed: int, block: int, path: Path, stream: int = 0) -> FloatArray:
    """The ``BLOCK`` uniforms in (0, 1) of ``path`` in block ``block``."""
    key = (block, stable_hash(path)) if stream == 0 else (block, stable_hash(path), stream)
    sequence = np.random.SeedSequence(entropy=int(seed), spawn_key=key)
    u = np.random.Generator(np.random.PCG64(sequence)).random(BLOCK)
    u[u == 0.0] = _TINY
    return u


def uniforms(paths: Iterable[Path], runs: int, seed: int, start: int = 0, stream: int = 0) -> dict[Path, FloatArray]:
    """Uniforms of runs ``start .. start + runs - 1`` for each path."""
    _check_runs(runs, start)
    stop = start + runs
    result: dict[Path, FloatArray] = {}
    for path in paths:
        parts: list[FloatArray] = []
        for block in range(start // BLOCK, (stop - 1) // BLOCK + 1 if runs else start // BLOCK):
            lo = max(start, block * BLOCK) - block * BLOCK
            hi = min(stop, (block + 1) * BLOCK) - block * BLOCK
            parts.append(block_uniforms(seed, block, path, stream)[lo:hi])
        result[tuple(path)] = np.concatenate(parts) if parts else np.empty(0)
    return result


DRAWN = "drawn"  # appended to a ``holds`` path: the stream of the drawn ``holds`` value (U has the path itself)


def is_holds(path: Path) -> bool:
    """Whether ``path`` is a preference's ``holds`` (``("actors", A, "preferences", I, "holds")``)."""
    return len(path) == 5 and path[0] == "actors" and path[2] == "preferences" and path[4] == "holds"


def draw_key(path: Path) -> Path:
    """The stream a distribution at ``path`` is drawn from: the path, or for ``holds`` the path + ``"drawn"``."""
    path = tuple(path)
    return path + (DRAWN,) if is_holds(path) else path


def ppf(distribution: Distribution, u: npt.ArrayLike) -> FloatArray:
    """Inverse CDF of ``distribution`` at ``u`` (before clipping to a valid range).

    - triangular(a, c, b): ``a + sqrt(u (b-a)(c-a))`` for ``u < (c-a)/(b-a)``,
      else ``b - sqrt((1-u)(b-a)(b-c))``;
    - uniform(lo, hi): ``lo + (hi - lo) u``;
    - normal(mean, sd): ``mean + sd * ndtri(u)``.
    """
    u = np.asarray(u, dtype=float)
    family, params = distribution.family, distribution.params
    if family == "triangular":
        a, c, b = params
        if b == a:
            return np.full(u.shape, a)
        split = (c - a) / (b - a)
        low = a + np.sqrt(u * (b - a) * (c - a))
        high = b - np.sqrt((1.0 - u) * (b - a) * (b - c))
        return np.where(u < split, low, high)
    if family == "uniform":
        lo, hi = params
        return lo + (hi - lo) * u
    if family == "normal":
        mean, sd = params
        return mean + sd * ndtri(u)
    raise ValueError(f"unknown distribution family {family!r}")


def valid_range(path: Path) -> tuple[float, float]:
    """The range a sampled value at ``path`` is clipped to.

    Reservations, values, ``holds`` and interaction values in [0, 1]; power,
    weights and interaction weights >= 0; numeric red-line bounds
    (``min``/``max``) are not clipped.
    """
    path = tuple(path)
    if len(path) == 5 and path[4] in ("holds", "value"):  # a preference's holds, an interaction's value
        return (0.0, 1.0)
    if len(path) == 3 and path[2] == "reservation":
        return (0.0, 1.0)
    if len(path) == 3 and path[2] == "power":
        return (0.0, math.inf)
    if len(path) == 5 and path[4] == "weight":
        return (0.0, math.inf)
    if len(path) == 6 and path[4] == "values":
        return (0.0, 1.0)
    return (-math.inf, math.inf)


def transform(distribution: Distribution, path: Path, u: npt.ArrayLike) -> FloatArray:
    """Uniforms -> values of the parameter at ``path``: inverse CDF, then clipping."""
    lo, hi = valid_range(path)
    return np.clip(ppf(distribution, u), lo, hi)


def quantile(distribution: Distribution, path: Path, q: float) -> float:
    """The ``q`` quantile of the parameter (clipped to its valid range)."""
    return float(transform(distribution, path, np.array([q]))[0])


def ends(distribution: Distribution, path: Path) -> tuple[float, float]:
    """Low and high end for a one-at-a-time (tornado) analysis.

    Support ends for uniform and triangular, 5th and 95th percentiles for a
    normal; clipped to the parameter's valid range.
    """
    lo, hi = valid_range(path)
    if distribution.family == "normal":
        return quantile(distribution, path, 0.05), quantile(distribution, path, 0.95)
    low, high = distribution.support
    return float(np.clip(low, lo, hi)), float(np.clip(high, lo, hi))


def central(distribution: Distribution, path: Path) -> float:
    """The value deterministic analysis uses (clipped like a draw)."""
    lo, hi = valid_range(path)
    return float(np.clip(distribution.central, lo, hi))


def sample_uncertain(uncertain: Sequence[Uncertain], runs: int, seed: int, start: int = 0,
                     stream: int = 0) -> dict[Path, FloatArray]:
    """Draws of runs ``start .. start + runs - 1`` for ``(path, distribution)`` pairs."""
    pairs = [(tuple(item.path), item.distribution) for item in uncertain]
    u = uniforms([draw_key(p) for p, _ in pairs], runs, seed, start, stream)
    return {path: transform(dist, path, u[draw_key(path)]) for path, dist in pairs}


def sample_parameters(scenario: Scenario, runs: int, seed: int, start: int = 0) -> dict[Path, FloatArray]:
    """Sampled values of every uncertain parameter of ``scenario`` for runs ``start .. start+runs-1``.

    Returns ``{path: array of runs values}``; paths are those of
    ``scenario.uncertain`` (e.g. ``("actors", "israel", "reservation")``).
    """
    return sample_uncertain(scenario.uncertain, runs, seed, start)


def run_values(samples: Mapping[Path, npt.NDArray[Any]], k: int) -> dict[Path, float]:
    """The parameter values of one run (position ``k`` in ``samples``)."""
    return {path: float(values[k]) for path, values in samples.items()}


def _check_runs(runs: int, start: int) -> None:
    if not isinstance(runs, (int, np.integer)) or runs < 0:
        raise ValueError(f"The 'runs' parameter must be an int >= 0. Got {runs!r} instead.")
    if not isinstance(start, (int, np.integer)) or start < 0:
        raise ValueError(f"The 'start' parameter must be an int >= 0. Got {start!r} instead.")


__all__ = ["BLOCK", "DRAWN", "block_uniforms", "central", "draw_key", "ends", "is_holds", "ppf", "quantile", "run_values", "sample_parameters",
           "sample_uncertain", "stable_hash", "transform", "uniforms", "valid_range"]
