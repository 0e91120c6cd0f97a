"""Speed of the rule-based extraction: articles per second over the gold set.

    .venv/bin/python benchmarks/extract_bench.py [--rounds N] [--attributions] [--heldout]

By default times attributions, claims, positions, status and the draft
(``extract``) over the nine development articles; ``--attributions`` times the
attribution pass alone and ``--heldout`` adds the held-out articles. Both
wall-clock and process CPU time are reported: on a shared machine the CPU
rate is the steadier measure of the work per article. Target (issue 8): at
least 200 articles per second for the rule-based core.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from accord.extract import extract, extract_attributions

GOLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "extraction"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--attributions", action="store_true", help="time the attribution pass alone")
    parser.add_argument("--heldout", action="store_true", help="add the held-out articles")
    args = parser.parse_args()
    paths = sorted(GOLD.glob("*.txt")) + (sorted((GOLD / "heldout").glob("*.txt")) if args.heldout else [])
    texts = [p.read_text(encoding="utf-8") for p in paths]
    work = extract_attributions if args.attributions else extract
    for text in texts:  # warm up (regex compilation)
        work(text)
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(args.rounds):
        for text in texts:
            work(text)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    count = args.rounds * len(texts)
    chars = sum(len(t) for t in texts) / len(texts)
    rate, cpu_rate = count / wall, count / cpu
    print(f"{'attributions' if args.attributions else 'full extract'}: {count} articles "
          f"(mean {chars:.0f} chars) in {wall:.2f} s = {rate:.0f} articles/s wall, {cpu_rate:.0f} articles/s "
          f"of CPU time ({'meets' if min(rate, cpu_rate) >= 200 else 'BELOW'} the 200/s target)")


if __name__ == "__main__":
    main()
