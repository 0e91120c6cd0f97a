"""Scoring extracted attributions against hand labels (precision, recall, F1).

A label file is JSON: ``{"article": FILE, "attributions": [{"anchor", "mention",
"speaker", "form", "source_kind"}]}`` (optionally ``"style"`` and ``"batch"``). ``anchor`` is a verbatim piece of the
attributed content; an extracted attribution matches a label when its
content span contains the anchor (one-to-one, in order). For each field
(speaker, form, source_kind) a true positive is a matched pair that agrees on
the field; precision divides by the extracted attributions, recall by the
labelled ones.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .attributions import Attribution

FIELDS = ("speaker", "form", "source_kind")


def _norm(value: str) -> str:
    value = value.replace("\u2019", "'").lower().strip(" .,")
    return re.sub(r"^(?:the|a|an)\s+", "", re.sub(r"\s+", " ", value))


def match(text: str, labels: list[dict], found: list[Attribution]) -> list[tuple[dict, Attribution | None]]:
    """Each label with the extracted attribution that covers its anchor (or None)."""
    used: set[int] = set()
    pairs = []
    for label in labels:
        at = text.find(label["anchor"])
        chosen = None
        for k, attribution in enumerate(found):
            c0, c1 = attribution.content_span
            if k not in used and c0 <= at < c1:
                chosen = k
                break
        if chosen is not None:
            used.add(chosen)
        pairs.append((label, found[chosen] if chosen is not None else None))
    return pairs


def agree(field: str, label: dict, attribution: Attribution) -> bool:
    if field == "speaker":
        return _norm(label["speaker"]) == _norm(attribution.resolved_speaker)
    return label[field] == getattr(attribution, field)


def score(results: list[tuple[str, list[dict], list[Attribution]]]) -> dict:
    """``{field: {precision, recall, f1, tp, extracted, labelled}}`` over all articles."""
    totals = {field: [0, 0, 0] for field in FIELDS}  # tp, extracted, labelled
    for text, labels, found in results:
        pairs = match(text, labels, found)
        for field in FIELDS:
            totals[field][0] += sum(1 for label, got in pairs if got is not None and agree(field, label, got))
            totals[field][1] += len(found)
            totals[field][2] += len(labels)
    report = {}
    for field, (tp, extracted, labelled) in totals.items():
        precision = tp / extracted if extracted else 0.0
        recall = tp / labelled if labelled else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        report[field] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                         "tp": tp, "extracted": extracted, "labelled": labelled}
    return report


def load_gold(folder: str | Path, batch: str | None = None) -> list[tuple[str, str, list[dict]]]:
    """``(name, text, labels)`` of every labelled article in ``folder`` (only those of ``batch`` if given).

    Role label files (``NAME.roles.json``, :mod:`accord.extract.roles`) sit beside the attribution labels and are
    not read here."""
    folder = Path(folder)
    gold = []
    for label_file in sorted(folder.glob("*.json")):
        if label_file.name.endswith(".roles.json"):  # role labels for draft scenarios, not attributions
            continue
        data = json.loads(label_file.read_text(encoding="utf-8"))
        if batch is not None and data.get("batch") != batch:
            continue
        text = (folder / data["article"]).read_text(encoding="utf-8")
        gold.append((label_file.stem, text, data["attributions"]))
    return gold


def evaluate(folders: str | Path | list[str | Path], engine: str = "rules",
             batch: str | None = None) -> tuple[dict, list[dict]]:
    """Scores over one or several gold folders, and the per-article disagreements (for debugging)."""
    from . import extract

    if isinstance(folders, (str, Path)):
        folders = [folders]
    gold = [item for folder in folders for item in load_gold(folder, batch)]
    results, errors = [], []
    for name, text, labels in gold:
        found = extract(text, engine=engine).attributions
        results.append((text, labels, found))
        pairs = match(text, labels, found)
        matched = {id(got) for _, got in pairs if got is not None}
        for label, got in pairs:
            wrong = [f for f in FIELDS if got is None or not agree(f, label, got)]
            if wrong:
                errors.append({"article": name, "anchor": label["anchor"], "fields": wrong,
                               "got": None if got is None else {f: getattr(got, "resolved_speaker" if f == "speaker"
                                                                           else f) for f in FIELDS}})
        for got in found:
            if id(got) not in matched:
                errors.append({"article": name, "spurious": got.speaker, "content": got.content[:60]})
    return score(results), errors


def main(argv: list[str] | None = None) -> int:
    """``python -m accord.extract.evaluate FOLDER... [--engine E] [--batch B] [--errors] [--roles]``: a score
    table (with ``--roles``, of the draft scenarios' actors against ``NAME.roles.json``: :mod:`.roles`);
    ``--polnear SPLIT [--limit N]`` scores against one split of the PolNeAR corpus (:mod:`.polnear`)."""
    import argparse

    parser = argparse.ArgumentParser(description="precision, recall and F1 of extracted attributions")
    parser.add_argument("folders", nargs="*")
    parser.add_argument("--polnear", metavar="SPLIT", default=None,
                        help="score against one split of the PolNeAR corpus (PolNeAR/data/train or .../dev)")
    parser.add_argument("--limit", type=int, default=None, help="with --polnear: the first N articles only")
    parser.add_argument("--engine", default="rules")
    parser.add_argument("--batch", default=None)
    parser.add_argument("--errors", action="store_true", help="list every disagreement")
    parser.add_argument("--roles", action="store_true",
                        help="score the draft scenarios' actors and roles against NAME.roles.json")
    args = parser.parse_args(argv)
    if args.polnear is not None:
        return _main_polnear(args)
    if not args.folders:
        parser.error("give one or more gold folders, or --polnear SPLIT")
    if args.roles:
        from .roles import ROLES, evaluate_roles

        report, role_errors = evaluate_roles(args.folders, engine=args.engine)
        _print_scores("role", "drafted", {role: report[role] for role in ROLES + ("all",)})
        print(f"entities found {report['found']:.3f}; duplicate actors {report['duplicates']}; "
              f"articles {report['articles']}")
        if args.errors:
            for error in role_errors:
                print(json.dumps(error, ensure_ascii=False))
        return 0
    scores, errors = evaluate(args.folders, engine=args.engine, batch=args.batch)
    _print_scores("field", "extracted", {field: scores[field] for field in FIELDS})
    if args.errors:
        for error in errors:
            print(json.dumps(error, ensure_ascii=False))
    return 0


def _main_polnear(args: Any) -> int:
    """``--polnear SPLIT``: the statement and speaker scores over all gold attributions and those with a verb of
    saying as cue (:mod:`.polnear_score`); a one-line error and exit code 1 when SPLIT is not a PolNeAR split."""
    import sys

    from ..errors import AccordError
    from .polnear import evaluate_polnear

    try:
        result, errors = evaluate_polnear(args.polnear, engine=args.engine, limit=args.limit)
    except AccordError as failure:
        print(f"error: {failure}", file=sys.stderr)
        return int(failure.exit_code)
    data = result.to_json()
    print(f"PolNeAR {args.polnear}: {data['articles']} articles, engine {args.engine}")
    print(f"{'gold':<8} {'score':<10} {'precision':>9} {'recall':>7} {'F1':>6}   (tp / extracted / gold)")
    for subset in ("all", "saying"):
        for kind in ("statement", "speaker"):
            row = data[subset][kind]
            print(f"{subset:<8} {kind:<10} {row['precision']:>9.3f} {row['recall']:>7.3f} {row['f1']:>6.3f}   "
                  f"({row['tp']} / {data[subset]['extracted']} / {data[subset]['gold']})")
    print(f"speaker not checkable (pronoun source, name extracted): {data['speaker_unchecked']}")
    if args.errors:
        from collections import Counter

        classes = Counter(e["class"] for e in errors if e["kind"] == "missed")
        print("missed gold attributions by class:")
        for name, count in sorted(classes.items(), key=lambda item: (-item[1], item[0])):
            print(f"  {count:>6}  {name}")
        for error in errors:
            print(json.dumps(error, ensure_ascii=False))
    return 0


def _print_scores(label: str, found: str, rows: dict[str, Any]) -> None:
    """The precision / recall / F1 table of the command line, one row per field or role."""
    print(f"{label:<12} {'precision':>9} {'recall':>7} {'F1':>6}   (tp / {found} / labelled)")
    for name, row in rows.items():
        print(f"{name:<12} {row['precision']:>9.3f} {row['recall']:>7.3f} {row['f1']:>6.3f}   "
              f"({row['tp']} / {row[found]} / {row['labelled']})")


if __name__ == "__main__":
    raise SystemExit(main())
