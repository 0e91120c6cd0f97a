"""Scoring the actors and roles of draft scenarios against hand labels (issue 18, item 3).

A role label file ``NAME.roles.json`` sits beside the article ``NAME.txt``: ``{"article": "NAME.txt",
"actors": [{"name", "aliases": [...], "role": "party" | "mediator" | "observer"}], "notes"}``, one entry per
entity (guidelines: ``tests/data/extraction/ROLES.md``).

A draft actor matches a labelled entity when its name, its id or a name in its ``x-aliases`` (the other names the
article gives it), normalised (:func:`normalise`: lowercase,
punctuation and a leading "the" removed), equals the entity's normalised name or one of its aliases, or one
contains the other as whole words. An actor matching several entities takes the best match: an equal name
before a contained one, then its own name or id before an alias, then the longest matched name, then the first
entity listed.

Per role, a true positive is an (entity, role) pair that is both labelled and drafted; precision divides by
the drafted pairs of that role (an actor that matches no entity is a drafted pair of its own), recall by the
labelled ones. ``found`` is the share of labelled entities some draft actor matches, whatever its role, and
``duplicates`` counts the draft actors beyond the first matched to one entity (one actor per entity fails).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

ROLES = ("party", "mediator", "observer")


def normalise(name: str) -> str:
    """``"The U.S. State-Department"`` -> ``"us state department"``: lowercase, no punctuation, no leading
    "the"; an id's hyphens are spaces."""
    value = re.sub(r"\.", "", name.lower())  # "U.S." -> "us"
    value = re.sub(r"[\W_]+", " ", value).strip()  # "Ethiopia's" -> "ethiopia s": "ethiopia" is a word of it
    return re.sub(r"^the\s+", "", value)


def _contains(outer: str, inner: str) -> bool:
    return bool(inner) and f" {inner} " in f" {outer} "


def _match_quality(forms: list[str], names: list[str], own: int = 2) -> tuple[int, int, int] | None:
    """(2 for an equal name, 1 for a contained one; 1 when the actor's form is its name or id (the first ``own``
    forms), 0 for one of its ``x-aliases``; length of the matched name) of the best pair, or None."""
    best: tuple[int, int, int] | None = None
    for k, form in enumerate(forms):
        for name in names:
            if not form or not name:
                continue
            if form == name:
                quality = (2, int(k < own), len(name))
            elif _contains(form, name) or _contains(name, form):
                quality = (1, int(k < own), min(len(name), len(form)))
            else:
                continue
            if best is None or quality > best:
                best = quality
    return best


def match_actors(actors: dict[str, dict], entities: list[dict]) -> dict[str, int | None]:
    """Draft actor id -> the index of the labelled entity it matches (or None)."""
    names = [[normalise(e["name"])] + [normalise(a) for a in e.get("aliases", [])] for e in entities]
    matched: dict[str, int | None] = {}
    for aid, actor in actors.items():
        forms = [normalise(str(actor.get("name", ""))), normalise(aid.replace("-", " "))]
        forms += [normalise(str(alias)) for alias in actor.get("x-aliases", [])]
        best: tuple[tuple[int, int, int], int] | None = None
        for index, entity_names in enumerate(names):
            quality = _match_quality(forms, entity_names)
            if quality is not None and (best is None or quality > best[0]):
                best = (quality, index)
        matched[aid] = best[1] if best is not None else None
    return matched


def compare(actors: dict[str, dict], entities: list[dict]) -> dict[str, Any]:
    """One article: drafted and labelled (entity, role) pairs, entities found, duplicates and the errors."""
    matched = match_actors(actors, entities)
    drafted: set[tuple[str, str]] = set()
    per_entity: dict[int, list[str]] = {}
    for aid, index in matched.items():
        role = str(actors[aid].get("role", ""))
        key = entities[index]["name"] if index is not None else f"(unmatched) {actors[aid].get('name', aid)}"
        drafted.add((key, role))
        if index is not None:
            per_entity.setdefault(index, []).append(aid)
    labelled = {(e["name"], e["role"]) for e in entities}
    errors = [{"entity": name, "labelled": role, "drafted": sorted(r for n, r in drafted if n == name) or None}
              for name, role in sorted(labelled - drafted)]
    errors += [{"spurious": name, "drafted": role} for name, role in sorted(drafted - labelled)
               if name.startswith("(unmatched) ")]
    errors += [{"duplicate": entities[i]["name"], "actors": aids} for i, aids in sorted(per_entity.items())
               if len(aids) > 1]
    return {"drafted": drafted, "labelled": labelled, "found": len(per_entity), "entities": len(entities),
            "duplicates": sum(len(aids) - 1 for aids in per_entity.values()), "errors": errors}


def score(compared: list[dict[str, Any]]) -> dict[str, Any]:
    """``{role: {precision, recall, f1, tp, drafted, labelled}}`` for each role and ``all``, plus ``found``
    (share of labelled entities matched), ``duplicates`` and ``articles``."""
    report: dict[str, Any] = {}
    for role in ROLES + ("all",):
        tp = drafted = labelled = 0
        for item in compared:
            d = {p for p in item["drafted"] if role in ("all", p[1])}
            g = {p for p in item["labelled"] if role in ("all", p[1])}
            tp, drafted, labelled = tp + len(d & g), drafted + len(d), labelled + len(g)
        precision = tp / drafted if drafted else 0.0
        recall = tp / labelled if labelled else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        report[role] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                        "tp": tp, "drafted": drafted, "labelled": labelled}
    entities = sum(item["entities"] for item in compared)
    report["found"] = round(sum(item["found"] for item in compared) / entities, 4) if entities else 0.0
    report["duplicates"] = sum(item["duplicates"] for item in compared)
    report["articles"] = len(compared)
    return report


def load_roles(folder: str | Path) -> list[tuple[str, str, list[dict]]]:
    """``(name, text, entities)`` of every article in ``folder`` with a ``NAME.roles.json``."""
    folder = Path(folder)
    found = []
    for label_file in sorted(folder.glob("*.roles.json")):
        data = json.loads(label_file.read_text(encoding="utf-8"))
        text = (folder / data["article"]).read_text(encoding="utf-8")
        found.append((label_file.name[: -len(".roles.json")], text, data["actors"]))
    return found


def evaluate_roles(folders: str | Path | list[str | Path], engine: str = "rules") -> tuple[dict, list[dict]]:
    """Role scores of the drafts over the role-labelled articles of ``folders``, and the per-article errors."""
    from . import extract

    if isinstance(folders, (str, Path)):
        folders = [folders]
    compared, errors = [], []
    for folder in folders:
        for name, text, entities in load_roles(folder):
            item = compare(extract(text, engine=engine, source_file=f"{name}.txt").scenario["actors"], entities)
            compared.append(item)
            errors += [{"article": name, **error} for error in item["errors"]]
    return score(compared), errors
