"""Speed of the Pareto frontier for three or more parties, before and after the vectorised methods.

    .venv/bin/python benchmarks/frontier_nd_bench.py [--repeat N] [--before-timeout S] [--only CASE ...]
        [--peer .bench-venv/bin/python] [--corpus ../shared/data]

Cases:

- ``agenthp2``: the ANAC 2016 AgentHp2 domain (energy grid, 8 integer issues
  of 7 prices, 7^8 = 5,764,801 outcomes) with all three of its profiles,
  imported by ``accord.importers.read_genius``; timed is
  ``pareto.additive_frontier`` on the tables ``analyze`` passes it (the
  frontier of the whole space, merged issue by issue). The frontier is
  reported in outcomes and in distinct utility points.
- ``uniform-3d`` (and 4-d, 5-d): 10^6 points uniform in the unit cube;
  ``pareto.frontier_mask``.
- ``sphere-3d`` (and 4-d, 5-d): points on the positive part of the unit
  sphere, every one of them on the frontier (the worst case for methods
  whose cost grows with the frontier).

"after" is the minimum of ``--repeat`` runs in this process. "before" is the
former method, re-implemented below for comparison (keep the largest-sum
point left, drop everything it dominates, repeat; the issue merge carrying
every partial package separately), run once in a child process and stopped
after ``--before-timeout`` seconds.

``--peer`` runs negmas (``negmas_side.py --frontier``, in the peer's own
environment) on the AgentHp2 document and compares its frontier with
accord's: negmas keeps one outcome per distinct utility point, so the
comparison is between the sets of distinct points (tolerance 1e-6).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from accord.analysis.pareto import additive_frontier, frontier_mask, quantise
from accord.analysis.space import build_space
from accord.importers import read_genius
from accord.scenario import from_document

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "data"
AGENTHP2 = ("genius-anac/y2016/AgentHp2", "energy_grid_domain.xml", ("consumer.xml", "producer.xml", "provider.xml"))
TOL = 1e-6
CASES = ("agenthp2", "uniform-3d", "uniform-4d", "uniform-5d", "sphere-3d", "sphere-4d", "sphere-5d")
SIZES = {"uniform": 10**6, "sphere-3d": 10**6, "sphere-4d": 10**5, "sphere-5d": 3 * 10**4}


def agenthp2(corpus: Path):
    """(scenario document, scenario, the per-issue tables ``analyze`` gives ``additive_frontier``)."""
    folder, domain, profiles = AGENTHP2
    base = corpus / folder
    doc = read_genius(base / domain, [base / p for p in profiles], name="AgentHp2")
    scenario = from_document(doc)
    space = build_space(scenario, scenario.parties, limit=None)
    return doc, scenario, space, list(space.tables)


def points_for(case: str) -> np.ndarray:
    kind, dims = case.split("-")
    n = int(dims[0])
    size = SIZES["uniform"] if kind == "uniform" else SIZES[case]
    rng = np.random.default_rng(2026)
    if kind == "uniform":
        return rng.random((size, n))
    x = np.abs(rng.normal(size=(size, n)))
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def former_mask(q: np.ndarray) -> np.ndarray:
    """The former n-party method: one frontier point per pass over what is left."""
    if q.shape[1] == 2:
        raise ValueError("the comparison is for three or more parties")
    order = np.lexsort(tuple(-q[:, j] for j in range(q.shape[1] - 1, -1, -1)) + (-q.sum(axis=1),))
    remaining, index, keep = q[order], order, []
    while remaining.shape[0]:
        top = remaining[0]
        keep.append(index[0])
        dominated = np.all(remaining <= top, axis=1) & np.any(remaining < top, axis=1)
        dominated[0] = True
        remaining, index = remaining[~dominated], index[~dominated]
    mask = np.zeros(q.shape[0], dtype=bool)
    mask[np.asarray(keep, dtype=np.int64)] = True
    return mask


def former_additive(tables) -> np.ndarray:
    """The former issue merge: every partial package carried and compared on its own."""
    n = tables[0].shape[0]
    ids, acc = np.zeros(1, dtype=np.int64), np.zeros((1, n), dtype=np.int64)
    for table in tables:
        q = quantise(table.T)
        own = np.flatnonzero(former_mask(q))
        cand = (acc[:, None, :] + q[None, own, :]).reshape(-1, n)
        cand_ids = (ids[:, None] * q.shape[0] + own[None, :]).reshape(-1)
        keep = former_mask(cand)
        acc, ids = cand[keep], cand_ids[keep]
    return np.sort(ids)


def run_case(case: str, corpus: Path, former: bool) -> tuple[float, int]:
    """(seconds, frontier rows) of one run of the case, by the current or the former method."""
    if case == "agenthp2":
        tables = agenthp2(corpus)[3]
        start = time.perf_counter()
        rows = (former_additive if former else additive_frontier)(tables).size
    else:
        points = points_for(case)
        start = time.perf_counter()
        rows = int((former_mask(quantise(points)) if former else frontier_mask(points)).sum())
    return time.perf_counter() - start, rows


def before(case: str, corpus: Path, timeout: float) -> str:
    """The former method's time, from a child process stopped after ``timeout`` seconds."""
    if timeout <= 0:
        return "not run"
    try:
        proc = subprocess.run([sys.executable, __file__, "--former", case, "--corpus", str(corpus)],
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"> {timeout:g} s (stopped)"
    if proc.returncode:
        return "failed: " + (proc.stderr.strip().splitlines() or ["?"])[-1]
    seconds, rows = json.loads(proc.stdout)
    return f"{seconds:.2f} s ({rows:,} rows)"


def peer_check(peer: str, corpus: Path) -> None:
    """negmas's frontier of AgentHp2 against accord's, as distinct utility points."""
    doc, scenario, space, tables = agenthp2(corpus)
    ids = additive_frontier(tables)
    utilities = space.utilities_at(ids).T
    ours = utilities[np.unique(quantise(utilities), axis=0, return_index=True)[1]]  # one row per distinct point
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "agenthp2.json")
        path.write_text(json.dumps(doc), encoding="utf-8")
        start = time.perf_counter()
        proc = subprocess.run([peer, str(HERE / "negmas_side.py"), str(path), "--no-memory", "--frontier"],
                              capture_output=True, text=True)
        wall = time.perf_counter() - start
    if proc.returncode:
        print(f"negmas failed: {(proc.stderr.strip().splitlines() or ['?'])[-1]}")
        return
    theirs_raw = json.loads(proc.stdout)
    theirs = np.array(theirs_raw["frontier"], dtype=float).reshape(-1, ours.shape[1])
    missing, extra, dominated = compare_points(ours, theirs)
    print(f"\nnegmas {theirs_raw['version']} on AgentHp2 (3 parties): pareto_frontier "
          f"{theirs_raw['seconds']['pareto']:.1f} s (process wall time {wall:.1f} s), "
          f"{theirs_raw['pareto_size']:,} frontier outcomes, "
          f"{len(np.unique(np.round(theirs, 6), axis=0)):,} distinct points; "
          f"accord: {ids.size:,} outcomes, {len(ours):,} distinct points; "
          f"accord points negmas lacks: {missing}; negmas points accord lacks: {extra}, "
          f"of which weakly dominated (1e-9) by an accord frontier point: {dominated}")


def compare_points(ours: np.ndarray, theirs: np.ndarray) -> tuple[int, int, int]:
    """(points of ours not in theirs, of theirs not in ours, of the latter dominated by one of ours)."""
    missing = sum(not np.any(np.max(np.abs(theirs - p), axis=1) <= TOL) for p in ours)
    extra = [p for p in theirs if not np.any(np.max(np.abs(ours - p), axis=1) <= TOL)]
    dominated = sum(bool(np.any(np.all(ours >= p - 1e-9, axis=1) & np.any(ours > p + 1e-9, axis=1))) for p in extra)
    return missing, len(extra), dominated


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before-timeout", type=float, default=300.0,
                        help="seconds the former method gets per case (0: not run)")
    parser.add_argument("--only", nargs="+", choices=CASES, default=list(CASES))
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--peer", help="python of the environment holding negmas, for the AgentHp2 cross-check")
    parser.add_argument("--former", choices=CASES, help=argparse.SUPPRESS)  # child process of `before`
    args = parser.parse_args()
    if args.former:
        print(json.dumps(run_case(args.former, args.corpus, former=True)))
        return

    print("| case | parties | rows | frontier rows | distinct frontier points | before | after | speed-up |")
    print("|---|---|---|---|---|---|---|---|")
    for case in args.only:
        if case == "agenthp2":
            _, scenario, space, tables = agenthp2(args.corpus)
            parties, rows = len(scenario.parties), space.size
            ids = additive_frontier(tables)
            distinct = len(np.unique(quantise(space.utilities_at(ids).T), axis=0))
        else:
            points = points_for(case)
            parties, rows = points.shape[1], points.shape[0]
            distinct = len(np.unique(quantise(points[frontier_mask(points)]), axis=0))
        runs = [run_case(case, args.corpus, former=False) for _ in range(max(1, args.repeat))]
        after, front = min(r[0] for r in runs), runs[0][1]
        was = before(case, args.corpus, args.before_timeout)
        speedup = ""
        if was.endswith("rows)"):
            speedup = f"{float(was.split()[0]) / after:,.0f}x"
        elif was.startswith(">"):
            speedup = f"> {args.before_timeout / after:,.0f}x"
        print(f"| {case} | {parties} | {rows:,} | {front:,} | {distinct:,} | {was} | {after:.3f} s | {speedup} |",
              flush=True)
    if args.peer:
        peer_check(args.peer, args.corpus)


if __name__ == "__main__":
    main()
