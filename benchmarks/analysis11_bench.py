"""Exact analysis of format 1.1 scenarios: time of ``accord.analyze`` on large coupled spaces.

    PYTHONPATH=src .venv/bin/python benchmarks/analysis11_bench.py [--issues 6] [--options 10] [--parties 3]
        [--rule unanimity|majority|qualified] [--repeat 5]

Builds ``issues`` categorical issues of ``options`` options each
(``options ** issues`` outcomes) and ``parties`` parties with random values,
interactions over groups of at most three consecutive issues (so the coupled
groups, analysed as composite issues, have at most ``options ** 3``
combinations), red lines waived ``unless`` a condition inside the same group,
and one constituency with a red line; then times ``analyze(unlock=False)``
(the best of ``repeat`` runs, after one warm-up) and prints the ZOPA count,
the frontier size and the seconds, as JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import time

from accord.analysis import analyze
from accord.scenario import from_document


def document(n_issues: int, n_options: int, n_parties: int, rule: str, reservation: float = 0.0, seed: int = 1
             ) -> dict:
    rng = random.Random(seed)
    options = [f"o{k}" for k in range(n_options)]
    issues = {f"i{j}": {"options": options} for j in range(n_issues)}
    groups = [list(range(j, min(j + 3, n_issues))) for j in range(0, n_issues, 3)]

    def prefs(red: bool) -> dict:
        found = {}
        for j in range(n_issues):
            pref: dict = {"weight": rng.randint(1, 5), "values": {o: round(rng.random(), 3) for o in options}}
            group = next(g for g in groups if j in g)
            if red and rng.random() < 0.3:
                pref["reject"] = rng.sample(options, 2)
                others = [k for k in group if k != j]
                if others:
                    pref["unless"] = {f"i{others[0]}": rng.sample(options, n_options // 2)}
            found[f"i{j}"] = pref
        return found

    actors: dict = {}
    for p in range(n_parties):
        terms = [{"when": {f"i{k}": rng.sample(options, 3) for k in group}, "weight": 2, "value": 1}
                 for group in groups if len(group) > 1]
        actors[f"p{p}"] = {"reservation": reservation, "preferences": prefs(True), "interactions": terms}
    actors["home"] = {"role": "constituency", "of": "p0", "preferences": {"i0": {"values": {o: 1 for o in options},
                                                                              "reject": options[:1]}}}
    doc = {"accord": 1.1, "name": "analysis 1.1 benchmark", "issues": issues, "actors": actors}
    if rule != "unanimity":
        doc["decision"] = {"rule": rule, **({"share": 0.6} if rule == "qualified" else {})}
    return doc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=6)
    parser.add_argument("--options", type=int, default=10)
    parser.add_argument("--parties", type=int, default=3)
    parser.add_argument("--rule", default="unanimity", choices=["unanimity", "majority", "qualified"])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reservation", type=float, default=0.0, help="every party's reservation (> 0: counted by "
                        "enumeration)")
    parser.add_argument("--check", action="store_true", help="also count the ZOPA by brute force (count_zopa)")
    args = parser.parse_args()
    scenario = from_document(document(args.issues, args.options, args.parties, args.rule, args.reservation))
    found = analyze(scenario, unlock=False)  # warm-up (per-scenario tables)
    best = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        found = analyze(scenario, unlock=False)
        best = min(best, time.perf_counter() - start)
    groups = [len(g.issues) for g in scenario.coupled_groups()]
    if args.check:
        from accord.scenario.outcomes import count_zopa

        assert count_zopa(scenario) == found.acceptable
    print(json.dumps({"reservation": args.reservation, "outcomes": scenario.outcome_count, "groups": groups, "rule": args.rule,
                      "acceptable": found.acceptable, "pareto_size": len(found.pareto), "seconds": round(best, 4)}))


if __name__ == "__main__":
    main()
