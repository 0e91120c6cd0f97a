"""Speed of the rule-based extraction: articles per second over the gold set.

    .venv/bin/python benchmarks/extract_bench.py [--rounds N] [--attributions] [--heldout]
    .venv/bin/python benchmarks/extract_bench.py --cli-batch [--copies N] [--drafts]

By default times attributions, claims, positions, status and the draft
(``extract``) over the nine development articles; ``--attributions`` times the
attribution pass alone and ``--heldout`` adds the held-out articles. Both
wall-clock and process CPU time are reported: on a shared machine the CPU
rate is the steadier measure of the work per article. Target (issue 8): at
least 200 articles per second for the rule-based core.

``--cli-batch`` times the command line as a user runs it: one ``accord extract FOLDER`` process over
``--copies`` copies of every article of the development, held-out and real-news development sets
(JSON Lines to a file; ``--drafts`` writes one draft per article instead). The time includes starting
the interpreter and reading and writing the files. Target (issue 18): at least 200 articles per second.
The same command over one article is timed too, and reported as the start-up, with the rate after it. The
commands run with Python's bytecode cache, as an installed package has it (``PYTHONDONTWRITEBYTECODE`` is
removed from their environment, and an untimed first run writes the cache).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from accord.extract import extract, extract_attributions

GOLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "extraction"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--attributions", action="store_true", help="time the attribution pass alone")
    parser.add_argument("--heldout", action="store_true", help="add the held-out articles")
    parser.add_argument("--cli-batch", action="store_true", help="time one `accord extract FOLDER` process")
    parser.add_argument("--copies", type=int, default=20, help="copies of each article for --cli-batch")
    parser.add_argument("--drafts", action="store_true", help="with --cli-batch: write one draft per article")
    args = parser.parse_args()
    if args.cli_batch:
        cli_batch(args.copies, args.drafts)
        return
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


def _run_command(folder: Path, articles: Path, drafts: bool) -> tuple[float, float]:
    """One ``accord extract`` process over ``articles``: (wall seconds, CPU seconds of the process)."""
    command = [sys.executable, "-m", "accord", "extract", str(articles)]
    command += ["--drafts", str(folder / f"drafts-{articles.name}")] if drafts else ["--jsonl"]
    # bytecode cached as in any installed Python: PYTHONDONTWRITEBYTECODE (set on some machines) would make every
    # run compile the whole package again (about 0.1 s); the first run (one article, untimed) writes the cache
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    with open(folder / "out.jsonl", "w", encoding="utf-8") as out:
        wall, cpu = time.perf_counter(), os.times()
        done = subprocess.run(command, stdout=out, stderr=subprocess.PIPE, text=True, check=False, env=env)
        wall, after = time.perf_counter() - wall, os.times()
    if done.returncode != 0:
        raise SystemExit(f"accord extract failed ({done.returncode}): {done.stderr.strip()}")
    return wall, (after.children_user - cpu.children_user) + (after.children_system - cpu.children_system)


def cli_batch(copies: int, drafts: bool) -> None:
    """One ``accord extract`` process over a folder of articles: articles per second, start-up included; and the
    same command over one article, which is the start-up (importing the package and compiling its patterns)."""
    paths = sorted(GOLD.glob("*.txt")) + sorted((GOLD / "heldout").glob("*.txt")) + sorted(
        (GOLD / "realnews" / "dev").glob("*.txt"))
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        articles, one = folder / "articles", folder / "one"
        articles.mkdir()
        one.mkdir()
        for k in range(copies):
            for path in paths:
                shutil.copy(path, articles / f"{path.stem}-{k}.txt")
        shutil.copy(paths[0], one / paths[0].name)
        count = copies * len(paths)
        chars = sum(len(p.read_text(encoding="utf-8")) for p in paths) / len(paths)
        _run_command(folder, one, drafts)  # writes the bytecode cache, if it was not there
        start_wall, start_cpu = _run_command(folder, one, drafts)
        wall, cpu_time = _run_command(folder, articles, drafts)
        print(f"cli batch ({'drafts' if drafts else 'JSON Lines'}): {count} articles (mean {chars:.0f} chars) in "
              f"{wall:.2f} s = {count / wall:.0f} articles/s wall, {count / cpu_time:.0f} articles/s of CPU time, "
              f"one process ({'meets' if count / wall >= 200 else 'BELOW'} the 200/s target)")
        print(f"  of which start-up (the same command over one article): {start_wall:.2f} s wall, {start_cpu:.2f} s "
              f"CPU; after it, {(count - 1) / max(wall - start_wall, 1e-9):.0f} articles/s wall, "
              f"{(count - 1) / max(cpu_time - start_cpu, 1e-9):.0f} of CPU time")


if __name__ == "__main__":
    main()
