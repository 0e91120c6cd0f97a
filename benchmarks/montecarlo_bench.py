"""Monte Carlo throughput: analysis samples per minute, peak memory, 1 vs 2 workers.

    .venv/bin/python benchmarks/montecarlo_bench.py [--runs 1000000] [--json]

Each measurement runs in a fresh child process (``--child``) so that its peak
memory (``ru_maxrss`` of the process, plus that of its worker processes) is
its own. Timed with ``time.perf_counter`` around the library call only (the
scenario is loaded and one small warm-up run done before timing). Cases:

* ``cairo``: the embedded Cairo scenario, variant ``phased-ceasefire``
  (13 uncertain parameters, 48 outcomes, 12 after red lines), ``monte_carlo``
  with 1 and 2 workers;
* ``cairo-compare``: ``compare_variants`` of the base and all 5 variants on
  common random numbers (6 scenarios per run);
* ``cairo-sobol``: ``sensitivity`` (Sobol indices of both outputs with
  bootstrap, and the tornado), N rows, N (k + 2) evaluations;
* ``synthetic-8000``: two parties, 3 issues x 20 options (8,000 outcomes),
  every weight, value and reservation uncertain (122 parameters);
* ``cairo-simulation``: ``monte_carlo_simulation`` (Boulware vs Boulware,
  100 rounds, events off), one negotiation per run;
* ``large-120k``: ``monte_carlo`` on the 120,004-outcome scenario of
  ``benchmarks/large_space.py`` (two parties, 4 uncertain parameters);
* ``large-120k-cli``: what ``accord montecarlo large.yaml --runs N`` computes
  by default on it: ``monte_carlo`` of N draws, then ``sensitivity`` with the
  default base draws ``sensitivity_runs(N)`` = min(N, 1024) and the tornado.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

TARGET_PER_MINUTE = 1_000_000


def synthetic(options: int = 20, issues: int = 3, seed: int = 1) -> dict:
    import numpy as np

    rng = np.random.default_rng(seed)
    names = [f"o{k}" for k in range(options)]
    doc = {"accord": 1, "name": f"synthetic {options}^{issues}",
           "issues": {f"i{j}": {"options": names} for j in range(issues)}, "actors": {}}
    for party, sign in (("x", 1), ("y", -1)):
        prefs = {}
        for j in range(issues):
            base = np.sort(rng.uniform(0.1, 0.9, options))[:: sign]
            values = {n: {"triangular": [round(v - 0.1, 4), round(v, 4), round(v + 0.1, 4)]} for n, v in zip(names, base)}
            prefs[f"i{j}"] = {"weight": {"uniform": [1, 3]}, "values": values}
        doc["actors"][party] = {"reservation": {"uniform": [0.3, 0.6]}, "preferences": prefs}
    return doc


def child(case: str, runs: int, workers: int) -> dict:
    from large_space import large_space

    import accord
    from accord.scenario import from_document
    from accord.uncertainty import compare_variants, monte_carlo, monte_carlo_simulation, sensitivity
    from accord.uncertainty.sobol import sensitivity_runs

    cairo = accord.load()
    phased = cairo.with_variant("phased-ceasefire")
    if case == "cairo":
        scenario, call = phased, lambda n: monte_carlo(phased, n, 2024, workers=workers)
    elif case == "cairo-compare":
        scenario, call = cairo, lambda n: compare_variants(cairo, None, n, 2024, workers=workers)
    elif case == "cairo-sobol":
        scenario, call = phased, lambda n: sensitivity(phased, n, 2024, workers=workers)
    elif case == "synthetic-8000":
        scenario = from_document(synthetic())
        call = lambda n: monte_carlo(scenario, n, 2024, workers=workers)  # noqa: E731
    elif case == "cairo-simulation":
        scenario = phased
        call = lambda n: monte_carlo_simulation(phased, n, 2024, events=False, workers=workers)  # noqa: E731
    elif case == "large-120k":
        scenario = from_document(large_space())
        call = lambda n: monte_carlo(scenario, n, 2024, workers=workers)  # noqa: E731
    elif case == "large-120k-cli":
        scenario = from_document(large_space())

        def call(n):
            found = monte_carlo(scenario, n, 2024, workers=workers)
            sensitivity(scenario, sensitivity_runs(n), 2024, workers=workers)
            return found
    else:
        raise SystemExit(f"unknown case {case}")
    call(min(runs, 20 if case.startswith("large") else 2_000))  # warm-up: imports, first allocations
    start = time.perf_counter()
    result = call(runs)
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    data = {"case": case, "runs": runs, "workers": workers, "seconds": seconds,
            "per_minute": runs * 60 / seconds, "peak_rss_mb": own, "peak_worker_rss_mb": children if workers > 1 else None,
            "parameters": len(scenario.uncertain)}
    if case == "cairo":
        data.update({"p_zopa": result.p_zopa, "p_zopa_ci": list(result.p_zopa_ci)})
    if case == "cairo-sobol":
        data["evaluations_per_minute"] = result.evaluations * 60 / seconds
    if case == "cairo-compare":
        data["scenario_runs_per_minute"] = runs * (1 + len(result.rows)) * 60 / seconds
    return data


def probe() -> float:
    """Seconds for a fixed pure-Python loop (the machine's CPU, nothing of accord)."""
    start = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - start


def parallel_probe() -> dict:
    """The loop alone, then in two processes at once: how much a second process gets on this machine now."""
    cmd = [sys.executable, __file__, "--probe"]
    solo = float(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    both = [float(p.communicate()[0]) for p in procs]
    return {"solo": solo, "concurrent": both, "speedup_available": 2 * solo / max(both)}


def run_child(case: str, runs: int, workers: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", case, "--runs", str(runs), "--workers", str(workers)],
                         check=True, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1_000_000)
    parser.add_argument("--json", action="store_true", help="print the measurements as JSON")
    parser.add_argument("--only", help="comma-separated cases to run (default: all)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        print(probe())
        return
    if args.child:
        print(json.dumps(child(args.child, args.runs, args.workers)))
        return
    plan = [("cairo", args.runs, 1), ("cairo", args.runs, 2),
            ("cairo-compare", args.runs // 4, 1), ("cairo-compare", args.runs // 4, 2),
            ("cairo-sobol", max(1, args.runs // 16), 1), ("cairo-sobol", max(1, args.runs // 16), 2),
            ("synthetic-8000", max(1, args.runs // 20), 1), ("synthetic-8000", max(1, args.runs // 20), 2),
            ("cairo-simulation", 2_000, 1), ("cairo-simulation", 2_000, 2),
            ("large-120k", 2_000, 1), ("large-120k", 2_000, 2), ("large-120k-cli", 20, 1)]
    if args.only:
        plan = [item for item in plan if item[0] in args.only.split(",")]
    machine = parallel_probe()
    rows = [run_child(*item) for item in plan]
    machine_after = parallel_probe()
    if args.json:
        print(json.dumps({"machine": [machine, machine_after], "rows": rows}, indent=1))
        return
    print(f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.2f}")
    print("CPU available to a 2nd process (pure-Python loop, 2 at once vs alone): "
          f"x{machine['speedup_available']:.2f} before, x{machine_after['speedup_available']:.2f} after")
    print(f"{'case':18} {'workers':>7} {'runs':>10} {'seconds':>8} {'runs/min':>12} {'peak RSS MB':>12} {'workers RSS MB':>15}")
    for r in rows:
        worker_rss = f"{r['peak_worker_rss_mb']:.0f}" if r["peak_worker_rss_mb"] else ""
        print(f"{r['case']:18} {r['workers']:>7} {r['runs']:>10,} {r['seconds']:>8.2f} {r['per_minute']:>12,.0f} "
              f"{r['peak_rss_mb']:>12.0f} {worker_rss:>15}")
    single = next((r for r in rows if r["case"] == "cairo" and r["workers"] == 1), None)
    if single is not None:
        print(f"Cairo (phased-ceasefire) P(ZOPA) = {single['p_zopa']:.4f}, 95% CI {single['p_zopa_ci'][0]:.4f}-"
              f"{single['p_zopa_ci'][1]:.4f}")
        print(f"target {TARGET_PER_MINUTE:,} analysis samples/min: {single['per_minute']:,.0f} with 1 worker "
              f"({'met' if single['per_minute'] >= TARGET_PER_MINUTE else 'MISSED'})")
    for case in dict.fromkeys(r["case"] for r in rows):
        one = next((r for r in rows if r["case"] == case and r["workers"] == 1), None)
        two = next((r for r in rows if r["case"] == case and r["workers"] == 2), None)
        if one and two:
            print(f"{case}: 2 workers x{two['per_minute'] / one['per_minute']:.2f}")


if __name__ == "__main__":
    main()
