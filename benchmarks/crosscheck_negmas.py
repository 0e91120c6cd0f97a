"""Cross-check accord's GENIUS import, export and exact analysis against negmas on the whole corpus.

    .venv/bin/python benchmarks/crosscheck_negmas.py --peer .bench-venv/bin/python \\
        [--corpus ../shared/data] [--max-negmas 1e6] [--json out.json] [--markdown out.md]

For every domain folder under ``genius-anac/*/*`` and ``genius-other/*``:

1. import the domain with *all* its profiles (``accord.importers.read_genius``);
   profiles whose weights sum above 1 are refused by default (GENIUS caps
   utilities at 1), and are then imported again with ``normalise_weights=True``
   and marked so; refusals (non-linear spaces, ...) are listed with the reason;
2. check the round trip import -> ``export_genius`` -> import (same document,
   up to float formatting; weights compared after normalisation where they
   were normalised on import);
3. for each comparison set of profiles (the first two in name order, and the
   first three when there are three or more; a few folders whose profiles are
   variants of two sides get explicit pairs, see ``PAIRINGS``) compute the
   Pareto frontier of the ZOPA and the Nash point with accord
   (``accord.analysis._analyze``: issue-by-issue merging, no enumeration) and
   with negmas (``negmas_side.py --frontier`` in the peer's environment, fed
   the *accord JSON document*, not the XML: negmas's own GENIUS reader
   differs from GENIUS on integer evaluators and raw discrete evaluations),
   and compare the frontier size, the set of frontier utility points
   (tolerance 1e-6) and the Nash point's utilities (negmas's Nash with the
   reservations as the disagreement point, as accord defines it). Spaces
   above ``--max-negmas`` outcomes are not given to negmas (it enumerates).

negmas (AGPL) only ever runs in the separate benchmark environment.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from accord.analysis import analyze
from accord.importers import ConversionError, export_genius, read_genius
from accord.importers.compare import document_differences
from accord.importers.genius import parse_xml
from accord.scenario import from_document

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "data"
TOL = 1e-6

# Folders whose profiles are several variants of two sides: pair side A with side B.
PAIRINGS = {
    "genius-other/ItexvsCypressDomain": [
        ("ItexvsCypress_CypressAReserve00.xml", "ItexvsCypress_ItexBReserve00.xml"),
        ("ItexvsCypress_CypressAReserve05.xml", "ItexvsCypress_ItexBReserve05.xml"),
        ("ItexvsCypress_CypressAReserve09.xml", "ItexvsCypress_ItexBReserve09.xml"),
    ],
    "genius-other/QODomain": [
        ("Side_A_utility.xml", "Side_B_utility.xml"), ("Side_ALongTerm.xml", "Side_BLongTerm.xml"),
        ("Side_AShortTerm.xml", "Side_BShortTerm.xml"), ("Side_ACompromise.xml", "Side_BCompromise.xml"),
    ],
    "genius-other/laptopdomain": [("laptop_buyer_utility.xml", "laptop_seller_utility.xml")],
}


def classify(folder: Path) -> tuple[list[Path], list[Path], list[str]]:
    """(domain files, profile files, notes) of a folder, by each XML file's root element."""
    domains, profiles, notes = [], [], []
    for path in sorted(folder.glob("*.xml")):
        try:
            root = parse_xml(path)
        except ConversionError as exc:
            notes.append(f"{path.name} skipped ({exc.reason})")
            continue
        (domains if root.tag == "negotiation_template" else profiles).append(path)
    return domains, profiles, notes


def import_doc(domain: Path, profiles: list[Path]) -> tuple[dict, bool]:
    """The accord document; retries with normalised weights when GENIUS's weight sum is above 1."""
    try:
        return read_genius(domain, profiles), False
    except ConversionError as exc:
        if "normalise_weights" not in exc.reason:
            raise
        return read_genius(domain, profiles, normalise_weights=True), True


def round_trip(doc: dict, normalised: bool) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        files = export_genius(doc)
        for name, text in files.items():
            Path(tmp, name).write_text(text, encoding="utf-8")
        names = [doc["actors"][a]["x-genius"]["profile"] for a in doc["actors"]]
        again = read_genius(Path(tmp, doc["x-genius"]["domain"]), [Path(tmp, n) for n in names],
                            normalise_weights=normalised)
    return document_differences(doc, again, normalise_weights=normalised)


def accord_side(doc: dict) -> dict[str, Any]:
    model = from_document(doc)
    start = time.perf_counter()
    result = analyze(model, unlock=False)
    seconds = time.perf_counter() - start
    parties = list(model.parties)
    nash = result.solutions["nash"]
    return {
        "outcomes": model.outcome_count,
        "acceptable": result.acceptable,
        "frontier": [[d.utilities[p] for p in parties] for d in result.pareto],
        "nash": [nash.utilities[p] for p in parties] if nash else None,
        "nash_score": nash.score if nash else None,
        "seconds": seconds,
    }


def negmas_side(peer: str, doc: dict) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "scenario.json")
        path.write_text(json.dumps(doc), encoding="utf-8")
        proc = subprocess.run([peer, str(HERE / "negmas_side.py"), str(path), "--no-memory", "--frontier"],
                              capture_output=True, text=True)
    if proc.returncode:
        tail = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise RuntimeError(f"negmas_side.py failed: {tail}")
    return json.loads(proc.stdout)


def unmatched(a: np.ndarray, b: np.ndarray) -> int:
    """How many points of ``a`` have no point of ``b`` within TOL (max-norm)."""
    if not len(a):
        return 0
    if not len(b):
        return len(a)
    return sum(1 for p in a if not np.any(np.all(np.abs(b - p) <= TOL, axis=1)))


def dominated_on_paper(point: np.ndarray, others: np.ndarray) -> bool:
    """Whether some row of ``others`` weakly dominates ``point`` with accord's 1e-9 tolerance."""
    if not len(others):
        return False
    return bool(np.any(np.all(others >= point - 1e-9, axis=1) & np.any(others > point + 1e-9, axis=1)))


def compare(mine: dict, theirs: dict) -> dict[str, Any]:
    """Frontier and Nash of both tools.

    accord keeps every outcome of the frontier, also distinct outcomes with identical utilities (scenario
    format: identical points do not dominate each other); negmas reports each point once, so sizes are
    compared as accord's *distinct* points. negmas compares utilities with eps=1e-12, so a point whose
    utilities tie another's on paper but differ by float noise (1e-16) can survive there; such points,
    weakly dominated by an accord frontier point within 1e-9, are counted as ``float_noise``.
    """
    n = len(theirs["parties"])
    a = np.asarray(mine["frontier"], dtype=float).reshape(-1, n)
    b = np.asarray(theirs["frontier"], dtype=float).reshape(-1, n)
    distinct = np.unique(np.rint(a * 1e9), axis=0) / 1e9 if len(a) else a
    missing = unmatched(a, b)
    extra_points = [p for p in b if unmatched(p[None, :], a)]
    noisy = [p for p in extra_points if dominated_on_paper(p, a)]
    noise = len(noisy)
    # how far such a point beats its dominator anywhere: float noise is ~1e-16, a real difference is not
    gap = max((float(np.min(np.max(p - a[np.all(a >= p - 1e-9, axis=1)], axis=1))) for p in noisy), default=0.0)
    if mine["nash"] is None:
        nash_ok = not theirs["nash_reservation"]
    else:
        nash_ok = any(np.allclose(mine["nash"], n_["utilities"], atol=TOL) for n_ in theirs["nash_reservation"])
    return {
        "accord_size": len(a), "accord_distinct": len(distinct), "negmas_size": len(b),
        "only_accord": missing, "only_negmas": len(extra_points), "float_noise": noise, "noise_gap": gap,
        "frontier_agree": missing == 0 and len(extra_points) == noise,
        "exactly_same": missing == 0 and not extra_points and len(distinct) == len(b),
        "nash_agree": bool(nash_ok),
        "nash_accord": mine["nash"], "nash_negmas": [n_["utilities"] for n_ in theirs["nash_reservation"]][:3],
    }


def comparison_sets(label: str, profiles: list[Path]) -> list[list[Path]]:
    if label in PAIRINGS:
        by_name = {p.name: p for p in profiles}
        return [[by_name[n] for n in pair] for pair in PAIRINGS[label] if all(n in by_name for n in pair)]
    sets = [profiles[:2]]
    if len(profiles) >= 3:
        sets.append(profiles[:3])
    return sets


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--peer", required=True, help="python of the environment where negmas is installed")
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="folder holding genius-anac/ and genius-other/")
    ap.add_argument("--max-negmas", type=float, default=1e6, help="largest outcome space given to negmas")
    ap.add_argument("--json", type=Path, help="write every result here")
    ap.add_argument("--markdown", type=Path, help="write the summary table here")
    ap.add_argument("--workers", type=int, default=2, help="negmas processes at once")
    args = ap.parse_args(argv)

    folders = sorted(p for p in args.corpus.glob("genius-anac/*/*") if p.is_dir())
    folders += sorted(p for p in args.corpus.glob("genius-other/*") if p.is_dir())
    rows: list[dict[str, Any]] = []
    jobs = []
    for folder in folders:
        label = folder.relative_to(args.corpus).as_posix()
        domains, profiles, notes = classify(folder)
        row: dict[str, Any] = {"domain": label, "profiles": len(profiles), "notes": notes, "checks": []}
        rows.append(row)
        if len(domains) != 1:
            row["skipped"] = f"{len(domains)} domain files"
            continue
        try:
            doc, normalised = import_doc(domains[0], profiles)
        except ConversionError as exc:
            row["skipped"] = f"refused by the importer: {Path(exc.file).name if exc.file else ''}: {exc.reason}"
            continue
        row["normalised"] = normalised
        row["outcomes"] = from_document(doc).outcome_count
        row["round_trip"] = round_trip(doc, normalised)
        for chosen in comparison_sets(label, profiles):
            if len(chosen) > 2 and row["outcomes"] > args.max_negmas:
                # an n-party frontier of a space this size can hold millions of points (AgentHp2: 5.8M
                # outcomes, three parties): neither side enumerates it in reasonable time or memory
                row["notes"].append(f"{len(chosen)}-party set not analysed: {row['outcomes']:,} outcomes")
                continue
            sub, _ = import_doc(domains[0], chosen)
            check = {"profiles": [p.name for p in chosen], "accord": accord_side(sub)}
            row["checks"].append(check)
            if check["accord"]["outcomes"] > args.max_negmas:
                check["negmas"] = f"not run: {check['accord']['outcomes']:,} outcomes > {args.max_negmas:,.0f}"
            else:
                jobs.append((check, sub))
        print(f"accord: {label}", file=sys.stderr, flush=True)

    def run(job):
        check, sub = job
        try:
            theirs = negmas_side(args.peer, sub)
        except RuntimeError as exc:
            check["negmas"] = str(exc)
            return
        check["negmas"] = {"seconds": theirs["seconds"]["total"], "version": theirs["version"]}
        check["compare"] = compare(check["accord"], theirs)
        print(f"negmas: {check['profiles']} {check['compare']['frontier_agree']} {check['compare']['nash_agree']}",
              file=sys.stderr, flush=True)

    with ThreadPoolExecutor(max_workers=max(1, args.workers)) as pool:
        list(pool.map(run, sorted(jobs, key=lambda j: -j[0]["accord"]["outcomes"])))

    summary = render(rows)
    print(summary)
    if args.markdown:
        args.markdown.write_text(summary + "\n", encoding="utf-8")
    if args.json:
        for row in rows:
            for check in row["checks"]:
                check["accord"].pop("frontier", None)
        args.json.write_text(json.dumps(rows, indent=1, default=str) + "\n", encoding="utf-8")
    bad = [r for r in rows if r.get("round_trip") or any(
        c.get("compare") and not (c["compare"]["frontier_agree"] and c["compare"]["nash_agree"]) for c in r["checks"])]
    return 1 if bad else 0


def render(rows: list[dict[str, Any]]) -> str:
    imported = [r for r in rows if "skipped" not in r]
    checks = [c for r in imported for c in r["checks"]]
    compared = [c for c in checks if "compare" in c]
    agree = [c for c in compared if c["compare"]["frontier_agree"] and c["compare"]["nash_agree"]]
    lines = [
        f"Domains: {len(rows)} folders; imported {len(imported)} "
        f"({sum(1 for r in imported if r.get('normalised'))} only with normalised weights); "
        f"refused or skipped {len(rows) - len(imported)}.",
        f"Round trip import -> export -> import: {sum(1 for r in imported if not r['round_trip'])} of "
        f"{len(imported)} give the same document.",
        f"Frontier + Nash compared with negmas on {len(compared)} profile sets: {len(agree)} agree "
        f"(the same frontier utility points within {TOL:g}, negmas's float-noise points aside, and the same "
        "Nash utilities); "
        f"{len(checks) - len(compared)} sets not given to negmas.",
        "",
        f"Of those, {sum(1 for c in compared if c['compare']['exactly_same'])} give exactly the same frontier points; "
        f"{sum(1 for c in compared if c['compare']['accord_size'] != c['compare']['accord_distinct'])} have distinct "
        "outcomes with identical utilities (accord lists each outcome, negmas each point once); "
        f"{sum(1 for c in compared if c['compare']['float_noise'])} have negmas-only points that an accord frontier "
        "point dominates on paper (equal utilities up to float noise, which negmas's eps=1e-12 keeps apart; the "
        "largest amount by which such a point beats its dominator in any utility is "
        f"{max((c['compare']['noise_gap'] for c in compared), default=0.0):.1e}).",
        "",
        "| domain | profiles compared | outcomes | accord frontier (outcomes / points) | negmas frontier | "
        "same points | same Nash | accord time | negmas time | note |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        if "skipped" in row:
            lines.append(f"| {row['domain']} | | | | | | | | | skipped: {row['skipped']} |")
            continue
        note = "weights normalised on import; " if row.get("normalised") else ""
        note += "".join(f"{n}; " for n in row["notes"])
        note += "round trip OK" if not row["round_trip"] else f"ROUND TRIP DIFFERS: {row['round_trip'][:2]}"
        for check in row["checks"]:
            mine = check["accord"]
            cmp_ = check.get("compare")
            negmas = check.get("negmas")
            names = ", ".join(Path(p).stem for p in check["profiles"])
            if cmp_:
                same = ("yes" if cmp_["only_accord"] == 0 and cmp_["only_negmas"] == 0 else
                        f"yes, but {cmp_['float_noise']} float-noise point(s) in negmas" if cmp_["frontier_agree"]
                        else f"NO ({cmp_['only_accord']} only in accord, {cmp_['only_negmas']} only in negmas)")
                lines.append(
                    f"| {row['domain']} | {names} | {mine['outcomes']:,} | {cmp_['accord_size']} / "
                    f"{cmp_['accord_distinct']} | {cmp_['negmas_size']} | {same} "
                    f"| {'yes' if cmp_['nash_agree'] else 'NO'} | {mine['seconds'] * 1000:.1f} ms "
                    f"| {negmas['seconds']:.2f} s | {note} |")
            else:
                lines.append(f"| {row['domain']} | {names} | {mine['outcomes']:,} | {len(mine['frontier'])} | | | | "
                             f"{mine['seconds'] * 1000:.1f} ms | | {negmas}; {note} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
