"""Many parties: the climate summit (tests/climate_scenario.py) at 12, 20 and 30 parties.

    PYTHONPATH=src .venv/bin/python benchmarks/many_parties_bench.py [--repeat N] [--commands] [--only analysis]

Commands (``--commands``, or ``--only KIND`` for one of analysis, montecarlo, tournament, report): each
``accord`` command runs in a fresh process on the summit written to a file, and is measured from outside:
wall time and peak resident memory (``resource.getrusage(RUSAGE_SELF).ru_maxrss`` of that process, read when it
exits). Monte Carlo with simulation draws every party's reservation uniformly on [0, 0.3] (2,000 draws at 12
parties, 500 at 20 and 30; ``--draws`` overrides) within the default memory budget; the tournament plays the
four default strategies on a balanced sample (``--assignments 40 --reps 2`` at 12 parties, 4 assignments and 1
repetition at 20 and 30, one 20- or 30-party negotiation taking tens of seconds); the briefing is ``accord
report --format html``. Prints one JSON object per line; ``--markdown`` also prints the table of
docs/benchmarks.md.

Analysis in-process (always, unless ``--only`` names another kind):

For each size and case (``clash``: the US ceiling below India's finance floor; ``small``: about 30
acceptable packages; ``stuck``: reservations just past the last acceptable package, so no single change
opens the ZOPA), times in-process with ``time.perf_counter`` (minimum over repeats): ``analyze`` without
unlocks, the minimal conflicting sets of its blockers, the holdout table and view, and the joint unlocks;
and ``analyze`` with unlocks (which re-analyses every single-change candidate). Peak memory of the holdout
view and joint unlocks by ``tracemalloc``. Prints one JSON object per line.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from climate_scenario import climate_summit, with_small_zopa  # noqa: E402

from accord.analysis import analyze  # noqa: E402
from accord.analysis.conflicts import minimal_conflicts  # noqa: E402
from accord.analysis.holdouts import group_unlocks, holdouts, table  # noqa: E402
from accord.scenario import from_document  # noqa: E402


def best(repeat: int, work: Any) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def case(n: int, issues: int, kind: str) -> dict[str, Any]:
    if kind == "clash":
        return climate_summit(n, issues, clash=True)
    doc = with_small_zopa(climate_summit(n, issues), 30 if kind == "small" else 1)
    if kind == "stuck":
        for actor in doc["actors"].values():
            if actor.get("role", "party") == "party":
                actor["reservation"] = round(actor["reservation"] + 0.02, 4)
    return doc


def measure(scenario: Any, repeat: int, with_unlocks: bool) -> dict[str, Any]:
    found = analyze(scenario, unlock=False)
    row: dict[str, Any] = {"outcomes": scenario.outcome_count, "acceptable": found.acceptable,
                           "analyze_s": best(repeat, lambda: analyze(scenario, unlock=False))}
    red = [b for b in found.blockers if b.kind == "red-line"]
    if red:
        cols = tuple(list(scenario.issues).index(i) for i in (red[0].issues or (red[0].issue,)))
        row["conflicts_s"] = best(repeat, lambda: minimal_conflicts(scenario, cols, red[0].parties))
    if not found.acceptable:
        every = table(scenario)
        row["holdouts_s"] = best(repeat, lambda: holdouts(scenario, table(scenario)))
        row["joint_unlocks_s"] = best(repeat, lambda: group_unlocks(scenario, every))
        tracemalloc.start()
        held = table(scenario)
        holdouts(scenario, held)
        group_unlocks(scenario, held)
        row["holdouts_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        if with_unlocks:
            row["analyze_with_unlocks_s"] = best(1, lambda: analyze(scenario))
    return row


# accord in a child process, reporting its own peak resident memory (kB on Linux) when it exits, however it exits
CHILD = """
import json, resource, runpy, sys
out, sys.argv = sys.argv[1], ["accord", *sys.argv[2:]]
code = 0
try:
    runpy.run_module("accord", run_name="__main__")
except SystemExit as stop:
    code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
finally:
    with open(out, "w") as handle:
        json.dump({"exit": code, "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}, handle)
"""


def command(args: list[str], folder: Path) -> dict[str, Any]:
    """Run ``accord ARGS`` in a fresh process: exit code, wall seconds and peak resident MiB."""
    report = folder / "child.json"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", CHILD, str(report), *args], env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    seconds = time.perf_counter() - start
    found = json.loads(report.read_text())
    return {"exit": found["exit"], "seconds": round(seconds, 1), "peak_mib": round(found["maxrss_kb"] / 1024)}


def summit_file(n: int, issues: int, folder: Path, uncertain: bool) -> Path:
    doc = climate_summit(n, issues)
    if uncertain:
        for actor in doc["actors"].values():
            if actor.get("role", "party") == "party":
                actor["reservation"] = {"uniform": [0.0, 0.3]}
    path = folder / f"summit{n}{'-uncertain' if uncertain else ''}.json"
    path.write_text(json.dumps(doc))
    return path


SIZES = {12: 5, 20: 7, 30: 7}  # parties: issues


def commands(kinds: list[str], draws: int | None, sizes: list[int]) -> list[dict[str, Any]]:
    rows = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for n, issues in ((n, SIZES[n]) for n in sizes):
            plain, uncertain = summit_file(n, issues, folder, False), summit_file(n, issues, folder, True)
            runs = draws or (2000 if n == 12 else 500)
            sample = ["--assignments", "40", "--reps", "2"] if n == 12 else ["--assignments", "4", "--reps", "1"]
            cases = {
                "analysis": ["analyze", str(plain), "--json"],
                "montecarlo": ["montecarlo", str(uncertain), "--simulate", "--runs", str(runs), "--sensitivity-runs",
                               "0", "--json"],
                "tournament": ["tournament", "--scenarios", str(plain), *sample, "--json", "-q"],
                "report": ["report", str(plain), "--format", "html", "-o", str(folder / "briefing.html")],
            }
            for kind in kinds:
                shown = [a if not a.startswith(name) else Path(a).name for a in cases[kind]]
                row = {"parties": n, "issues": issues, "command": " ".join(shown)}
                row.update(command(cases[kind], folder))
                print(json.dumps(row), flush=True)
                rows.append(row)
    return rows


def markdown(rows: list[dict[str, Any]]) -> str:
    lines = ["| parties | command | exit | seconds | peak MiB |", "|---|---|---|---|---|"]
    for row in rows:
        lines.append(f"| {row['parties']} | `accord {row['command']}` | {row['exit']} | {row['seconds']} | "
                     f"{row['peak_mib']} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--with-unlocks", action="store_true", help="also time analyze with unlocks")
    parser.add_argument("--commands", action="store_true", help="also measure the commands in fresh processes")
    parser.add_argument("--only", choices=KINDS, action="append", help="only these commands (repeatable)")
    parser.add_argument("--draws", type=int, default=None, help="Monte Carlo draws at every size")
    parser.add_argument("--parties", type=int, choices=sorted(SIZES), action="append", help="only these sizes")
    parser.add_argument("--markdown", action="store_true", help="print the commands' table as Markdown")
    args = parser.parse_args()
    if not args.only or "analysis" in args.only:
        for n, issues in ((n, SIZES[n]) for n in args.parties or SIZES):
            for kind in ("clash", "small", "stuck"):
                scenario = from_document(case(n, issues, kind))
                row = {"parties": n, "issues": issues, "case": kind,
                       **measure(scenario, args.repeat, args.with_unlocks)}
                print(json.dumps(row), flush=True)
    if args.commands or args.only:
        rows = commands(args.only or list(KINDS), args.draws, args.parties or list(SIZES))
        if args.markdown:
            print(markdown(rows))


KINDS = ("analysis", "montecarlo", "tournament", "report")


if __name__ == "__main__":
    main()
