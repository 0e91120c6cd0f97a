"""negmas side of the accord performance benchmark.

Run with the *benchmark* virtualenv, never with accord's own environment:

    .bench-venv/bin/python benchmarks/negmas_side.py DOMAIN.json [--repeat N]

negmas is AGPL and is only ever imported here, in a separate process, so it
never becomes a dependency of accord.

The scenario document (accord format, see ``domains.py``) is turned into a
negmas outcome space plus one ``LinearAdditiveUtilityFunction`` per party with
weights normalised to sum to 1 and per-option values taken as given (a
numeric issue becomes its grid of points, each valued by interpolating the
piecewise-linear points, computed here independently of accord), so that
``u(o) = sum_i w_i v_i(o_i) / sum_i w_i`` exactly as accord defines it.
``--frontier`` adds every frontier point and the Nash points with the
reservations as the disagreement point (what ``crosscheck_negmas.py`` compares).

Timed in-process with ``time.perf_counter`` (document loading and ufun
construction excluded):

* ``pareto``  -- ``negmas.preferences.ops.pareto_frontier(ufuns, issues=...)``
  (enumerates the outcome space, evaluates both ufuns, extracts the frontier);
* ``nash``    -- ``nash_points(ufuns, frontier, outcome_space=...)``;
* ``ks``      -- ``ks_points(ufuns, frontier, outcome_space=...)``
  (Kalai-Smorodinsky: equalises the normalised gains);
* ``kalai``   -- ``kalai_points(ufuns, frontier, outcome_space=...)``
  (negmas's "Kalai" point is the *egalitarian* one, max of min gain; it is
  timed and reported separately, and is not part of ``total``);
* ``total``   -- pareto + nash + ks.

With ``--repeat N`` every stage is run N times and the minimum is reported
(all runs are kept under ``runs``).  Memory is measured in one extra,
separate pass under ``tracemalloc`` (tracing slows allocation-heavy code down,
so that pass is not timed).  ``maxrss_mb`` is the process high-water mark from
``resource.getrusage`` after the timed runs (so it includes interpreter,
negmas import and the loaded scenario); ``maxrss_traced_mb`` is the same after
the tracemalloc pass, which is inflated by tracemalloc's own bookkeeping.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import resource
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np
from negmas import __version__ as NEGMAS_VERSION
from negmas.outcomes import make_issue, make_os
from negmas.preferences import LinearAdditiveUtilityFunction
from negmas.preferences.ops import kalai_points, ks_points, nash_points, pareto_frontier


def parties_of(doc: dict[str, Any]) -> list[str]:
    """The ``party`` actors in document order (the synthetic benchmark domains have "a" and "b")."""
    return [aid for aid, body in doc["actors"].items() if body.get("role", "party") == "party"]


def grid(body: dict[str, Any]) -> list:
    """A numeric issue's points ``lo + k*step <= hi`` (ints when integral), as the format defines them."""
    lo, hi = float(body["range"][0]), float(body["range"][1])
    step = float(body.get("step", 1))
    count = int(math.floor((hi - lo) / step + 1e-9)) + 1
    points = [round(lo + k * step, 9) for k in range(count)]
    return [int(x) if x == int(x) else x for x in points]


def value_table(body: dict[str, Any], pref: dict[str, Any], opts: list) -> dict:
    """Each option's value for one party: categorical as given, numeric by piecewise-linear interpolation."""
    given = pref.get("values", {}) or {}
    if "options" in body:
        return {opt: float(given.get(opt, 0.0)) for opt in opts}
    if not given:
        return {x: 0.0 for x in opts}
    points = sorted((float(x), float(v)) for x, v in given.items())
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return {x: float(np.interp(float(x), xs, ys)) for x in opts}  # constant beyond the end points


def build(doc: dict[str, Any]):
    """Return (outcome_space, issue_names, options_per_issue, ufuns), one ufun per party in document order."""
    issue_names = list(doc["issues"].keys())
    options = [list(doc["issues"][name]["options"]) if "options" in doc["issues"][name] else grid(doc["issues"][name])
               for name in issue_names]
    issues = [make_issue(values=opts, name=name) for name, opts in zip(issue_names, options)]
    os_ = make_os(issues, name=doc.get("name", "scenario"))
    ufuns = []
    for party in parties_of(doc):
        actor = doc["actors"][party]
        prefs = actor["preferences"]
        raw_w = [float(prefs[name].get("weight", 1.0)) if name in prefs else 0.0 for name in issue_names]
        total = sum(raw_w)
        if total <= 0:
            raise ValueError(f"party {party!r} has no positive issue weight")
        weights = [w / total for w in raw_w]
        values = [value_table(doc["issues"][name], prefs.get(name, {}), opts)
                  for name, opts in zip(issue_names, options)]
        ufuns.append(
            LinearAdditiveUtilityFunction(
                values=values,
                weights=weights,
                outcome_space=os_,
                reserved_value=float(actor.get("reservation", 0.0)),
                name=party,
            )
        )
    return os_, issue_names, options, ufuns


def outcome_at(index: int, issue_names: list[str], options: list[list[str]]) -> dict[str, str]:
    """Decode an index into negmas's enumeration order.

    negmas enumerates a finite Cartesian space with ``itertools.product`` over
    the issues in order, so the last issue varies fastest (mixed radix).
    """
    picked: list[str] = []
    for opts in reversed(options):
        index, r = divmod(index, len(opts))
        picked.append(opts[r])
    return dict(zip(issue_names, reversed(picked)))


def run_once(os_, ufuns) -> tuple[dict[str, float], dict[str, Any]]:
    issues = list(os_.issues)
    t0 = time.perf_counter()
    frontier, fidx = pareto_frontier(ufuns, issues=issues)
    t1 = time.perf_counter()
    nash = nash_points(ufuns, frontier, outcome_space=os_)
    t2 = time.perf_counter()
    ks = ks_points(ufuns, frontier, outcome_space=os_)
    t3 = time.perf_counter()
    kalai = kalai_points(ufuns, frontier, outcome_space=os_)
    t4 = time.perf_counter()
    seconds = {
        "pareto": t1 - t0,
        "nash": t2 - t1,
        "ks": t3 - t2,
        "kalai": t4 - t3,
        "total": t3 - t0,
    }
    return seconds, {"frontier": frontier, "fidx": fidx, "nash": nash, "ks": ks, "kalai": kalai}


def describe(points, fidx, issue_names, options) -> dict[str, Any] | None:
    """First solution point as {"outcome": {...}, "utilities": [...], "count": n}."""
    if not points:
        return None
    utils, frontier_index = points[0]
    return {
        "outcome": outcome_at(int(fidx[frontier_index]), issue_names, options),
        "utilities": [float(u) for u in utils],
        "count": len(points),
    }


def _maxrss_mb() -> float:
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss / 2**20 if sys.platform == "darwin" else maxrss / 2**10


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("domain", type=Path, help="accord scenario JSON document")
    ap.add_argument("--repeat", type=int, default=1, help="timed repetitions (min is reported)")
    ap.add_argument("--no-memory", action="store_true", help="skip the tracemalloc pass")
    ap.add_argument("--frontier", action="store_true",
                    help="also report every frontier point's utilities and the Nash points with the reservations "
                         "as the disagreement point (for benchmarks/crosscheck_negmas.py)")
    args = ap.parse_args(argv)

    doc = json.loads(args.domain.read_text(encoding="utf-8"))
    os_, issue_names, options, ufuns = build(doc)
    n_outcomes = 1
    for opts in options:
        n_outcomes *= len(opts)

    runs: list[dict[str, float]] = []
    result: dict[str, Any] = {}
    for _ in range(max(1, args.repeat)):
        gc.collect()
        seconds, result = run_once(os_, ufuns)
        runs.append(seconds)
    best = {k: min(r[k] for r in runs) for k in runs[0]}

    # ru_maxrss is in KiB on Linux (bytes on macOS).  Read it before the
    # tracemalloc pass: tracing inflates the process's own footprint.
    maxrss_mb = _maxrss_mb()
    peak_mb = None
    maxrss_traced_mb = None
    if not args.no_memory:
        gc.collect()
        tracemalloc.start()
        tracemalloc.reset_peak()
        run_once(os_, ufuns)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        peak_mb = peak / 2**20
        maxrss_traced_mb = _maxrss_mb()

    fidx = result["fidx"]
    out = {
        "tool": "negmas",
        "version": NEGMAS_VERSION,
        "domain": doc.get("name"),
        "outcomes": n_outcomes,
        "pareto_size": len(result["frontier"]),
        "nash": describe(result["nash"], fidx, issue_names, options),
        "ks": describe(result["ks"], fidx, issue_names, options),
        "kalai_egalitarian": describe(result["kalai"], fidx, issue_names, options),
        "seconds": best,
        "repeat": len(runs),
        "runs": runs,
        "peak_mb": peak_mb,
        "maxrss_mb": maxrss_mb,
        "maxrss_traced_mb": maxrss_traced_mb,
    }
    if args.frontier:
        frontier = result["frontier"]
        reservations = [float(u.reserved_value) for u in ufuns]
        # accord's Nash maximises the product of (u - reservation); negmas's default disagreement point is
        # max(reservation, lowest utility), so pass the reservations explicitly as the ranges' low ends.
        tops = [max(point[i] for point in frontier) if frontier else 1.0 for i in range(len(ufuns))]
        nash_r = nash_points(ufuns, frontier, ranges=list(zip(reservations, tops)), outcome_space=os_)
        out["parties"] = parties_of(doc)
        out["frontier"] = [[float(u) for u in point] for point in frontier]
        out["frontier_outcomes"] = [outcome_at(int(i), issue_names, options) for i in fidx]
        out["nash_reservation"] = [{"utilities": [float(u) for u in utils],
                                    "outcome": outcome_at(int(fidx[k]), issue_names, options)} for utils, k in nash_r]
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
