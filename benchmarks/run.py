"""Benchmarks: accord side by side with negmas on the same domains (``make bench``).

    .venv/bin/python benchmarks/run.py --peer .bench-venv/bin/python [--skip-peer-above N]

Each measurement runs in a fresh process (``accord_side.py`` with accord's
environment, ``negmas_side.py`` with the peer's), timing the library calls
in-process with loading excluded, and reporting peak memory. The same
generated domain file feeds both. Prints a Markdown table (the one recorded
in ``docs/benchmarks.md``) and checks that both tools agree on the Nash deal
and the size of the Pareto frontier.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from domains import linear_additive_domain, write_domain  # noqa: E402

from accord.importers.genius import read_genius  # noqa: E402

CORPUS = HERE.parent.parent / "shared" / "data"


def side(python: str, script: str, domain: Path, *extra: str) -> dict:
    proc = subprocess.run([python, str(HERE / script), str(domain), *extra], capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"{script} failed on {domain.name}: {proc.stderr.strip().splitlines()[-1:]}")
    return json.loads(proc.stdout)


def refusal_times(python: str, workdir: Path) -> list[tuple[str, float]]:
    """Wall time of ``accord validate`` refusing hostile files (process start included)."""
    files = {
        "deep nesting (100k brackets)": "[" * 100_000,
        "alias bomb (9 levels x 9)": 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
            f"{chr(98 + k)}: &{chr(98 + k)} [" + ",".join([f"*{chr(97 + k)}"] * 9) + "]\n" for k in range(8)),
        "3 MB file": "# padding\n" * 300_000,
        "binary": "\x00\x01\x02" * 1000,
    }
    results = []
    for label, text in files.items():
        path = workdir / "hostile.yaml"
        path.write_text(text)
        start = time.perf_counter()
        subprocess.run([python, "-c", "import accord.scenario as s, sys\ntry:\n s.load(sys.argv[1])\nexcept s.ScenarioError:\n pass",
                        str(path)], check=True)
        results.append((label, time.perf_counter() - start))
    return results


def simulation_table(ours: str, peer: str | None, workdir: Path) -> None:
    """Boulware vs Boulware and Aspiration vs Aspiration: one at a time and in batch."""
    travel = CORPUS / "genius-anac" / "y2010" / "Travel"
    domains = [("1,000 outcomes (3 x 10)", write_domain(workdir / "la-3x10.json", linear_additive_domain(3, 10, seed=1)))]
    if travel.exists():
        doc = read_genius(travel / "travel_domain.xml", [travel / "travel_chox.xml", travel / "travel_fanny.xml"])
        domains.append(("ANAC 2010 Travel (188,160 outcomes)", write_domain(workdir / "travel.json", doc)))
    print("| domain | strategies | rounds | accord single (cold / warm) | accord single, default model | "
          "accord batch, negotiations/s | negmas single | negmas negotiations/s | single speed-up (cold / warm) | "
          "batch speed-up |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    cases = [(label, path, strategy, rounds) for label, path in domains for strategy in ("boulware", "aspiration")
             for rounds in ((100, 1000) if "3 x 10" in label else (100,))]
    for label, path, strategy, rounds in cases:
        grid = "2000" if rounds == 100 else "500"
        mine = side(ours, "accord_simulate.py", path, "--rounds", str(rounds), "--grid", grid, "--strategy", strategy)
        theirs = None
        if peer:
            runs = "20" if "3 x 10" in label else "5"
            theirs = side(peer, "negmas_simulate.py", path, "--strategy", strategy, "--rounds", str(rounds),
                          "--runs", runs)
        cells = f"{mine['single_cold_seconds'] * 1000:.1f} / {mine['single_seconds'] * 1000:.1f} ms | " \
                f"{mine['single_default_model_seconds'] * 1000:.1f} ms"
        batch = f"{mine['batch_negotiations_per_second']:,.0f}"
        if theirs:
            per = 1 / theirs["negotiations_per_second"]
            print(f"| {label} | {strategy} | {rounds} | {cells} | {batch} | {per * 1000:.0f} ms | "
                  f"{theirs['negotiations_per_second']:.2f} | {per / mine['single_cold_seconds']:.0f}x / "
                  f"{per / mine['single_seconds']:.0f}x | "
                  f"{mine['batch_negotiations_per_second'] / theirs['negotiations_per_second']:,.0f}x |")
        else:
            print(f"| {label} | {strategy} | {rounds} | {cells} | {batch} | not run | | | |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer", help="python of the environment where negmas is installed")
    parser.add_argument("--skip-peer-above", type=float, default=1e7, help="largest space to run the peer on")
    parser.add_argument("--only", choices=("analysis", "simulation"), help="run one part only")
    args = parser.parse_args()
    ours = sys.executable
    if args.only != "analysis":
        with tempfile.TemporaryDirectory() as tmp:
            simulation_table(ours, args.peer, Path(tmp))
        print()
        if args.only == "simulation":
            return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for n_issues in (6, 7):
            domain = write_domain(workdir / f"la-{n_issues}x10.json", linear_additive_domain(n_issues, 10, seed=1))
            mine = side(ours, "accord_side.py", domain)
            counted = side(ours, "accord_side.py", domain, "--reservation", "0.5")
            peer = None
            if args.peer and 10**n_issues <= args.skip_peer_above:
                peer = side(args.peer, "negmas_side.py", domain, "--no-memory" if n_issues >= 7 else "--repeat=1")
            rows.append((n_issues, mine, counted, peer))
        big = write_domain(workdir / "la-12x10.json", linear_additive_domain(12, 10, seed=1))
        huge = side(ours, "accord_side.py", big)
        refusals = refusal_times(ours, workdir)

    print("| outcomes | accord: frontier + ZOPA + 4 solutions | accord, reservations 0.5 (ZOPA counted) "
          "| accord peak memory | negmas: frontier + Nash + KS | negmas peak memory | speed-up | same Nash, same frontier size |")
    print("|---|---|---|---|---|---|---|---|")
    for n_issues, mine, counted, peer in rows:
        memory = f"{max(mine['maxrss_mb'], counted['maxrss_mb']):.0f} MB RSS"
        if peer:
            same = (peer["nash"]["outcome"] == mine["nash"]["outcome"] and peer["pareto_size"] == mine["pareto_size"])
            ratio = peer["seconds"]["total"] / mine["seconds"]["total"]
            peer_cells = f"{peer['seconds']['total']:.2f} s | {peer['maxrss_mb']:.0f} MB RSS | {ratio:,.0f}x | {'yes' if same else 'NO'}"
        else:
            peer_cells = "not run | | |"
        print(f"| 10^{n_issues} | {mine['seconds']['total'] * 1000:.1f} ms | {counted['seconds']['total'] * 1000:.1f} ms "
              f"| {memory} | {peer_cells} |")
    print(f"| 10^12 | {huge['seconds']['total'] * 1000:.1f} ms (frontier {huge['pareto_size']}) | | "
          f"{huge['maxrss_mb']:.0f} MB RSS | impossible by enumeration | | | |")
    print()
    print("| hostile file refused by `accord.load` | wall time, process start included |")
    print("|---|---|")
    for label, seconds in refusals:
        print(f"| {label} | {seconds:.2f} s |")


if __name__ == "__main__":
    main()
