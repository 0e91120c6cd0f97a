"""Speed of the rule-based extraction: articles per second over the gold set.

    .venv/bin/python benchmarks/extract_bench.py [--rounds N] [--full]

By default times attributions, claims, positions and status (``extract`` with
the draft); ``--attributions`` times the attribution pass alone. Target
(issue 8): at least 200 articles per second for the rule-based core.
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
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(GOLD.glob("*.txt"))]
    work = extract_attributions if args.attributions else extract
    for text in texts:  # warm up (regex compilation)
        work(text)
    start = time.perf_counter()
    for _ in range(args.rounds):
        for text in texts:
            work(text)
    elapsed = time.perf_counter() - start
    count = args.rounds * len(texts)
    chars = sum(len(t) for t in texts) / len(texts)
    rate = count / elapsed
    print(f"{'attributions' if args.attributions else 'full extract'}: {count} articles "
          f"(mean {chars:.0f} chars) in {elapsed:.2f} s = {rate:.0f} articles/s "
          f"({'meets' if rate >= 200 else 'BELOW'} the 200/s target)")


if __name__ == "__main__":
    main()
