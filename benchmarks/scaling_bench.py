"""Time and memory of the entry points on hostile inputs at their documented sizes (issue 14, item 4).

    PYTHONPATH=src .venv/bin/python benchmarks/scaling_bench.py [CASE ...] [--timeout S]

Each case runs in its own process (peak memory is that process's), with a
time limit (default 300 s). Cases and targets (the state before the fix in
brackets, measured on a 2-core machine):

- ``extract-long-word``: 40 KB of one capitalised word, under 1 s [37 s; x4 per doubling]
- ``extract-capitalised``: 40 KB of capitalised words, under 1 s
- ``extract-said``: 40 KB of "said said ...", under 1 s [37 s; x4 per doubling]
- ``extract-he-said``: 1.8 MB of "He said: ", under 15 s and 500 MB [4 GB exhausted]
- ``extract-word-after-verb``: "He said " and a 2,000-letter word, under 1 s [90 s: cubic]
- ``extract-articles``: the gold articles repeated to 400 KB, under 10 s
- ``genius-60k``: a GENIUS domain with one issue of 60,000 values and two profiles, under 10 s [98 s]
- ``validate-44k-5``: a scenario with 44,000 options and 5 variants (2 MB), under 40 s [74.6 s for 0.9 MB]
- ``validate-22k-40``: 22,000 options (0.9 MB) and 40 variants, under 30 s [over 600 s]
- ``validate-2k-1000``: 2,000 options and 1,000 variants, under 10 s [27 s, x3 per doubling]

Most of the validation time left is the parse with line numbers (PyYAML),
which is linear. The scaling tests (tests/test_scaling.py) check the growth
per doubling; this script checks the absolute targets.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGETS = {  # case -> (seconds, MB or None)
    "extract-long-word": (1.0, None),
    "extract-capitalised": (1.0, None),
    "extract-said": (1.0, None),
    "extract-he-said": (15.0, 500),
    "extract-word-after-verb": (1.0, None),
    "extract-articles": (10.0, None),
    "genius-60k": (10.0, None),
    "validate-44k-5": (40.0, None),
    "validate-22k-40": (30.0, None),
    "validate-2k-1000": (10.0, None),
}


def _run(case: str) -> float:
    """Run one case in this process; return the seconds it took."""
    sys.path.insert(0, str(HERE))
    import hostile_inputs as hostile

    if case.startswith("extract"):
        from accord.extract import extract

        if case == "extract-articles":
            gold = HERE.parent / "tests" / "data" / "extraction"
            base = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(gold.rglob("*.txt")))
            text = (base * (400_000 // len(base) + 1))[:400_000]
        elif case == "extract-word-after-verb":
            text = "He said " + "a" * 2000 + "."
        else:
            make, size = {"extract-long-word": (hostile.long_word, 40_000),
                          "extract-capitalised": (hostile.capitalised_words, 40_000),
                          "extract-said": (hostile.said, 40_000),
                          "extract-he-said": (hostile.he_said, 1_800_000)}[case]
            text = make(size)
        start = time.perf_counter()
        extract(text)
        return time.perf_counter() - start
    if case == "genius-60k":
        from accord.importers.genius import read_genius

        domain, profiles = hostile.genius_domain(60_000, tempfile.mkdtemp())
        start = time.perf_counter()
        read_genius(domain, profiles)
        return time.perf_counter() - start
    from accord.scenario._load import loads

    options, variants = {"validate-44k-5": (44_000, 5), "validate-22k-40": (22_000, 40),
                         "validate-2k-1000": (2_000, 1000)}[case]
    text = hostile.big_scenario(options, variants)
    start = time.perf_counter()
    loads(text, fmt="json")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", default=list(TARGETS))
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        seconds = _run(args.one)
        print(json.dumps({"seconds": seconds, "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
        return
    failed = False
    for case in args.cases:
        limit, memory = TARGETS[case]
        try:
            done = subprocess.run([sys.executable, __file__, "--one", case], capture_output=True, text=True,
                                  timeout=args.timeout, check=True)
            result = json.loads(done.stdout.strip().splitlines()[-1])
        except subprocess.TimeoutExpired:
            print(f"{case:26s} over {args.timeout:.0f} s (target {limit:g} s)  MISSED")
            failed = True
            continue
        ok = result["seconds"] <= limit and (memory is None or result["mb"] <= memory)
        failed |= not ok
        print(f"{case:26s} {result['seconds']:8.2f} s {result['mb']:8.0f} MB peak   target {limit:g} s"
              + (f", {memory} MB" if memory else "") + ("" if ok else "  MISSED"))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
