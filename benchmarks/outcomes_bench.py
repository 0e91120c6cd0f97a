"""Throughput and memory of the format 1.1 reference semantics (accord.scenario.outcomes).

    PYTHONPATH=src .venv/bin/python benchmarks/outcomes_bench.py [--issues 7] [--options 10] [--parties 4]

Builds a scenario of ``issues`` categorical issues of ``options`` options
(``options ** issues`` outcomes), ``parties`` parties with red lines waived by
``unless``, one interaction each, a constituency per party and a qualified
majority with a veto, then times :func:`count_zopa` over the whole space
(batches from :func:`iter_outcomes`) and reports outcomes per second and the
peak of traced memory (``tracemalloc``, a separate untimed pass).
"""

from __future__ import annotations

import argparse
import json
import random
import time
import tracemalloc

from accord.scenario import from_document
from accord.scenario.outcomes import count_zopa


def document(n_issues: int, n_options: int, n_parties: int, seed: int = 1) -> dict:
    rng = random.Random(seed)
    options = [f"o{k}" for k in range(n_options)]
    issues = {f"i{j}": {"options": options} for j in range(n_issues)}

    def prefs() -> dict:
        found = {}
        for j in range(n_issues):
            pref: dict = {"weight": rng.randint(1, 5), "values": {o: rng.random() for o in options}}
            if rng.random() < 0.3:
                pref["reject"] = rng.sample(options, 2)
                pref["unless"] = {f"i{(j + 1) % n_issues}": rng.sample(options, n_options // 2)}
            found[f"i{j}"] = pref
        return found

    actors: dict = {}
    for p in range(n_parties):
        actors[f"p{p}"] = {"reservation": 0.3, "vote_weight": rng.randint(1, 10), "preferences": prefs(),
                           "interactions": [{"when": {"i0": options[:3], "i1": options[:3]}, "weight": 2, "value": 1}]}
        actors[f"c{p}"] = {"role": "constituency", "of": f"p{p}", "reservation": 0.2, "preferences": prefs()}
    return {"accord": 1.1, "name": "outcomes benchmark", "issues": issues, "actors": actors,
            "decision": {"rule": "qualified", "share": 0.6, "weight_share": 0.5, "veto": ["p0"]}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=7)
    parser.add_argument("--options", type=int, default=10)
    parser.add_argument("--parties", type=int, default=4)
    args = parser.parse_args()
    scenario = from_document(document(args.issues, args.options, args.parties))
    size = args.options ** args.issues
    start = time.perf_counter()
    count = count_zopa(scenario)
    seconds = time.perf_counter() - start
    small = from_document(document(args.issues, args.options, args.parties))  # fresh tables for the traced pass
    tracemalloc.start()
    count_zopa(small)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(json.dumps({"outcomes": size, "zopa": count, "seconds": round(seconds, 3),
                      "outcomes_per_second": round(size / seconds), "peak_traced_mib": round(peak / 2**20, 1)}))


if __name__ == "__main__":
    main()
