"""Convert GENIUS (ANAC) XML domains into accord scenario documents.

Standard library + numpy only: this module is imported both from the accord
environment and from the separate benchmark virtualenv, so it must not depend
on either.

GENIUS describes a negotiation with one *domain* file (the issues and their
values) and one *profile* file per party (a linear-additive utility space).
:func:`read_genius` turns a domain plus its profiles into a plain-dict accord
scenario (format version 1, see ``/work/shared/design/scenario-format.md``);
:func:`write_scenario` writes such a document as JSON.

Mapping (GENIUS semantics -> accord):

* ``<issue type="discrete">`` -> categorical issue.  Its ``<item value=..>``
  names become option ids, sanitised to ``[A-Za-z0-9][A-Za-z0-9_.-]*`` (runs of
  other characters become one ``-``; a clash gets ``-2``, ``-3``, ...).  The
  issue's own name is sanitised the same way into the issue id.  The original
  names are kept under the issue's ``x-genius`` key:
  ``{"index": n, "name": original, "values": {option_id: original_value}}``.
* ``<issue type="integer" lowerbound=L upperbound=U>`` -> numeric issue
  ``range: [L, U], step: 1`` (``x-genius`` carries index and name).
* One party per profile; the actor id is the profile file stem, sanitised.
* Per issue, the weight is the profile's ``<weight index=i value=..>`` (accord
  normalises over the actor's issues, which is what GENIUS's additive space
  computes with normalised weights).
* Discrete evaluations follow GENIUS's ``EvaluatorDiscrete``: the value of an
  option is its ``evaluation`` divided by the largest evaluation of the issue.
* Integer evaluations follow GENIUS's ``EvaluatorInteger``:
  ``clip(offset + slope * (x - lowerbound), 0, 1)``, written as the
  piecewise-linear points of that function (its end points plus the points
  where the clipping starts).  An integer issue without ``<evaluator>`` is
  worth 0 everywhere (GENIUS's slope = offset = 0).
* ``<reservation value=..>`` -> ``reservation`` (default 0);
  ``<discount_factor value=..>`` -> ``x-discount`` on the actor (as written,
  default 1.0; GENIUS itself treats a factor outside (0, 1] as 1, i.e. no
  discounting).  ``x-genius-profile`` records the profile's file name.

Anything accord cannot represent exactly raises :class:`ValueError` with the
reason: non-linear utility spaces, ``real`` issues, hierarchical objectives,
evaluator types other than linear, negative or missing evaluations, an issue
with fewer than two values, a reservation outside [0, 1], and so on.

The XML files are trusted corpus files and are parsed with
``xml.etree.ElementTree``.
"""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Iterable

__all__ = ["read_genius", "write_scenario", "sanitise_id", "outcome_count"]

_BAD_CHARS = re.compile(r"[^A-Za-z0-9_.-]+")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")


# --------------------------------------------------------------------------
# ids
# --------------------------------------------------------------------------
def sanitise_id(text: str, fallback: str = "x") -> str:
    """Turn ``text`` into an accord id: ``[A-Za-z0-9][A-Za-z0-9_.-]*``.

    Every run of characters outside ``[A-Za-z0-9_.-]`` becomes one ``-``;
    leading characters that may not start an id and trailing ``-`` are dropped.
    An empty result becomes ``fallback``.
    """
    cleaned = _BAD_CHARS.sub("-", str(text).strip())
    cleaned = re.sub(r"^[^A-Za-z0-9]+", "", cleaned).rstrip("-")
    return cleaned if cleaned else fallback


def _unique_ids(names: Iterable[str], fallback: str) -> list[str]:
    """Sanitised, pairwise distinct ids for ``names`` (order kept)."""
    names = list(names)
    taken: set[str] = set()
    result = []
    for name in names:
        base = sanitise_id(name, fallback)
        candidate, k = base, 1
        while candidate in taken:
            k += 1
            candidate = f"{base}-{k}"
        taken.add(candidate)
        result.append(candidate)
    return result


# --------------------------------------------------------------------------
# XML helpers
# --------------------------------------------------------------------------
def _parse(path: Path, what: str) -> ET.Element:
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise ValueError(f"{what} {path}: not well-formed XML ({exc})") from exc


def _utility_space(root: ET.Element, path: Path, what: str) -> ET.Element:
    space = root if root.tag == "utility_space" else root.find("utility_space")
    if space is None:
        raise ValueError(f"{what} {path}: no <utility_space> element")
    return space


def _root_objective(space: ET.Element, path: Path, what: str) -> ET.Element:
    objectives = space.findall("objective")
    if len(objectives) != 1:
        raise ValueError(f"{what} {path}: expected one root <objective>, found {len(objectives)}")
    root = objectives[0]
    if root.find(".//objective") is not None:
        raise ValueError(
            f"{what} {path}: hierarchical objectives (an <objective> inside the root objective) "
            "are not supported; accord issues are flat"
        )
    return root


def _issue_type(elem: ET.Element) -> str:
    for attr in ("type", "etype", "vtype"):
        value = elem.get(attr)
        if value:
            return value.strip().lower()
    return "discrete"


def _number(text: str | None, where: str, what: str) -> float:
    if text is None:
        raise ValueError(f"{where}: {what} is missing")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{where}: {what} {text!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{where}: {what} {text!r} is not finite")
    return value


def _integer(text: str | None, where: str, what: str) -> int:
    value = _number(text, where, what)
    if value != int(value):
        raise ValueError(f"{where}: {what} {text!r} is not an integer")
    return int(value)


def _tidy(x: float) -> int | float:
    """A float as an int when it is integral (keeps JSON/YAML readable)."""
    return int(x) if float(x).is_integer() else float(x)


# --------------------------------------------------------------------------
# domain
# --------------------------------------------------------------------------
class _DomainIssue:
    __slots__ = ("index", "name", "id", "kind", "values", "option_ids", "lower", "upper")

    def __init__(self, index: int, name: str, kind: str):
        self.index = index
        self.name = name
        self.id = ""
        self.kind = kind                  # "discrete" | "integer"
        self.values: list[str] = []       # discrete: the GENIUS value names
        self.option_ids: list[str] = []   # discrete: the accord option ids
        self.lower = 0                    # integer bounds
        self.upper = 0


def _read_domain(domain_xml: Path) -> tuple[str | None, list[_DomainIssue]]:
    root = _parse(domain_xml, "domain")
    space = _utility_space(root, domain_xml, "domain")
    objective = _root_objective(space, domain_xml, "domain")
    issues: list[_DomainIssue] = []
    seen_index: set[int] = set()
    for elem in objective.findall("issue"):
        name = elem.get("name")
        where = f"domain {domain_xml}, issue {name!r}"
        if not name:
            raise ValueError(f"domain {domain_xml}: an <issue> without a name")
        index = _integer(elem.get("index"), where, "index")
        if index in seen_index:
            raise ValueError(f"{where}: issue index {index} is used twice")
        seen_index.add(index)
        kind = _issue_type(elem)
        issue = _DomainIssue(index, name, kind)
        if kind == "discrete":
            values = [item.get("value") for item in elem.findall("item")]
            if any(v is None for v in values):
                raise ValueError(f"{where}: an <item> without a value")
            if len(set(values)) != len(values):
                raise ValueError(f"{where}: repeated item values")
            if len(values) < 2:
                raise ValueError(
                    f"{where}: {len(values)} value(s); an accord categorical issue needs at least two"
                )
            issue.values = values
            issue.option_ids = _unique_ids(values, "v")
        elif kind == "integer":
            issue.lower = _integer(elem.get("lowerbound"), where, "lowerbound")
            issue.upper = _integer(elem.get("upperbound"), where, "upperbound")
            if not issue.lower < issue.upper:
                raise ValueError(
                    f"{where}: bounds [{issue.lower}, {issue.upper}]; an accord numeric issue needs low < high"
                )
        else:
            raise ValueError(
                f"{where}: issue type {kind!r} is not supported (only discrete and integer map exactly "
                "onto accord issues)"
            )
        issues.append(issue)
    if not issues:
        raise ValueError(f"domain {domain_xml}: no issues")
    ids = _unique_ids((i.name for i in issues), "issue")
    for issue, iid in zip(issues, ids):
        issue.id = iid
    domain_name = objective.get("name")
    return (domain_name if domain_name and domain_name != "root" else None), issues


# --------------------------------------------------------------------------
# profiles
# --------------------------------------------------------------------------
def _discrete_values(issue: _DomainIssue, elem: ET.Element, where: str) -> dict[str, float]:
    evaluations: dict[str, float] = {}
    for item in elem.findall("item"):
        value = item.get("value")
        if value not in issue.values:
            raise ValueError(f"{where}: item {value!r} is not a value of the domain issue")
        if value in evaluations:
            raise ValueError(f"{where}: item {value!r} is evaluated twice")
        evaluation = _number(item.get("evaluation"), f"{where}, item {value!r}", "evaluation")
        if evaluation < 0:
            raise ValueError(
                f"{where}, item {value!r}: negative evaluation {evaluation:g}; "
                "accord values must lie in [0, 1]"
            )
        evaluations[value] = evaluation
    missing = [v for v in issue.values if v not in evaluations]
    if missing:
        raise ValueError(f"{where}: no evaluation for {', '.join(repr(m) for m in missing)}")
    if elem.find("evaluator") is not None:
        raise ValueError(f"{where}: an <evaluator> on a discrete issue is not supported")
    top = max(evaluations.values())
    # EvaluatorDiscrete: evaluation / max evaluation of the issue.  An issue
    # whose evaluations are all 0 is worth 0 (GENIUS would divide 0 by 0).
    return {
        option: (evaluations[value] / top if top > 0 else 0.0)
        for option, value in zip(issue.option_ids, issue.values)
    }


def _integer_points(issue: _DomainIssue, elem: ET.Element, where: str) -> dict[int | float, float]:
    lower = elem.get("lowerbound")
    upper = elem.get("upperbound")
    lo = _integer(lower, where, "lowerbound") if lower is not None else issue.lower
    hi = _integer(upper, where, "upperbound") if upper is not None else issue.upper
    if (lo, hi) != (issue.lower, issue.upper):
        raise ValueError(
            f"{where}: profile bounds [{lo}, {hi}] differ from the domain's "
            f"[{issue.lower}, {issue.upper}]"
        )
    if elem.find("item") is not None:
        raise ValueError(f"{where}: <item> evaluations on an integer issue are not supported")
    evaluators = elem.findall("evaluator")
    if not evaluators:
        return {_tidy(lo): 0.0}  # GENIUS default: slope = offset = 0
    if len(evaluators) > 1:
        raise ValueError(f"{where}: more than one <evaluator>")
    ev = evaluators[0]
    ftype = (ev.get("ftype") or "").strip().lower()
    if ftype != "linear":
        raise ValueError(
            f"{where}: evaluator ftype {ftype or None!r} is not supported; only linear "
            "maps exactly onto accord's piecewise-linear values"
        )
    offset = _number(ev.get("offset", ev.get("parameter0")), where, "evaluator offset")
    slope = _number(ev.get("slope", ev.get("parameter1")), where, "evaluator slope")

    # EvaluatorInteger: clip(offset + slope * (x - lo), 0, 1).  Break points:
    # the ends of the range and the points where the line leaves [0, 1].
    def f(x: float) -> float:
        return min(1.0, max(0.0, offset + slope * (x - lo)))

    xs = {float(lo), float(hi)}
    if slope != 0:
        for level in (0.0, 1.0):
            x = lo + (level - offset) / slope
            if lo < x < hi:
                xs.add(x)
    return {_tidy(x): f(x) for x in sorted(xs)}


def _read_profile(
    profile_xml: Path, issues: list[_DomainIssue]
) -> tuple[dict[str, Any], float, float | None]:
    """Return (preferences, reservation, discount) of one profile."""
    root = _parse(profile_xml, "profile")
    space = _utility_space(root, profile_xml, "profile")
    space_type = (space.get("type") or "").strip().lower()
    if space_type and space_type not in ("linear", "additive", "linearadditive"):
        raise ValueError(
            f"profile {profile_xml}: utility space type {space_type!r} is not linear-additive; "
            "accord utilities are weighted sums of per-issue values"
        )
    objective = _root_objective(space, profile_xml, "profile")
    if objective.find("utility") is not None or space.find(".//hyperRectangle") is not None:
        raise ValueError(
            f"profile {profile_xml}: non-linear (hyper-rectangle) utilities cannot be represented in accord"
        )
    by_index = {issue.index: issue for issue in issues}

    weights: dict[int, float] = {}
    for welem in objective.findall("weight"):
        where = f"profile {profile_xml}, weight"
        index = _integer(welem.get("index"), where, "index")
        if index not in by_index and str(index) == (objective.get("index") or "").strip():
            continue  # the root objective's own weight (e.g. 2012 Fitness): no issue
        if index not in by_index:
            raise ValueError(f"{where} {index}: no issue with that index in the domain")
        if index in weights:
            raise ValueError(f"{where} {index}: given twice")
        weight = _number(welem.get("value"), f"{where} {index}", "value")
        if weight < 0:
            raise ValueError(f"{where} {index}: negative weight {weight:g}")
        weights[index] = weight

    preferences: dict[str, Any] = {}
    seen: set[int] = set()
    for elem in objective.findall("issue"):
        name = elem.get("name")
        where = f"profile {profile_xml}, issue {name!r}"
        index = _integer(elem.get("index"), where, "index")
        issue = by_index.get(index)
        if issue is None:
            raise ValueError(f"{where}: no issue with index {index} in the domain")
        if name is not None and name != issue.name:
            raise ValueError(f"{where}: index {index} is issue {issue.name!r} in the domain")
        if index in seen:
            raise ValueError(f"{where}: issue index {index} appears twice")
        seen.add(index)
        kind = _issue_type(elem)
        if kind != issue.kind:
            raise ValueError(f"{where}: type {kind!r} but the domain says {issue.kind!r}")
        if index not in weights:
            raise ValueError(f"{where}: no <weight index=\"{index}\">")
        if issue.kind == "discrete":
            values: dict[Any, float] = _discrete_values(issue, elem, where)
        else:
            values = _integer_points(issue, elem, where)
        preferences[issue.id] = {"weight": weights[index], "values": values}
    missing = [issue.name for issue in issues if issue.index not in seen]
    if missing:
        raise ValueError(
            f"profile {profile_xml}: no evaluation of issue(s) {', '.join(repr(m) for m in missing)}"
        )
    if not any(p["weight"] > 0 for p in preferences.values()):
        raise ValueError(f"profile {profile_xml}: every issue weight is 0")

    reservation = 0.0
    relem = space.find("reservation")
    if relem is None:
        relem = objective.find("reservation")
    if relem is not None:
        reservation = _number(relem.get("value"), f"profile {profile_xml}, reservation", "value")
        if not 0.0 <= reservation <= 1.0:
            raise ValueError(
                f"profile {profile_xml}: reservation {reservation:g} is outside [0, 1]"
            )
    discount = None
    delem = space.find("discount_factor")
    if delem is None:
        delem = objective.find("discount_factor")
    if delem is not None:
        discount = _number(delem.get("value"), f"profile {profile_xml}, discount_factor", "value")
    return preferences, reservation, discount


# --------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------
def read_genius(domain_xml: Path, profile_xmls: list[Path]) -> dict:
    """Read a GENIUS domain and its linear-additive profiles as an accord scenario.

    Returns a plain dict in accord scenario format version 1: one categorical
    (or numeric, for integer issues) issue per GENIUS issue and one party per
    profile.  Raises :class:`ValueError` when something cannot be represented
    exactly (see the module docstring).
    """
    domain_xml = Path(domain_xml)
    profile_xmls = [Path(p) for p in profile_xmls]
    if not profile_xmls:
        raise ValueError("no profiles given; a scenario needs one profile per party")
    domain_name, issues = _read_domain(domain_xml)

    doc_issues: dict[str, Any] = {}
    for issue in issues:
        body: dict[str, Any] = {}
        if issue.id != issue.name:
            body["name"] = issue.name
        if issue.kind == "discrete":
            body["options"] = list(issue.option_ids)
            body["x-genius"] = {
                "index": issue.index,
                "name": issue.name,
                "values": dict(zip(issue.option_ids, issue.values)),
            }
        else:
            body["range"] = [issue.lower, issue.upper]
            body["step"] = 1
            body["x-genius"] = {"index": issue.index, "name": issue.name}
        doc_issues[issue.id] = body

    actor_ids = _unique_ids((p.stem for p in profile_xmls), "party")
    actors: dict[str, Any] = {}
    for actor_id, profile in zip(actor_ids, profile_xmls):
        preferences, reservation, discount = _read_profile(profile, issues)
        actor: dict[str, Any] = {"role": "party", "reservation": reservation, "preferences": preferences}
        if actor_id != profile.stem:
            actor["name"] = profile.stem
        actor["x-discount"] = 1.0 if discount is None else discount
        actor["x-genius-profile"] = profile.name
        actors[actor_id] = actor

    name = domain_name or domain_xml.parent.name or domain_xml.stem
    return {
        "accord": 1,
        "name": name,
        "description": f"Converted from GENIUS domain {domain_xml.name} with profiles "
                       + ", ".join(p.name for p in profile_xmls) + ".",
        "issues": doc_issues,
        "actors": actors,
        "x-genius": {
            "domain": domain_xml.name,
            "profiles": [p.name for p in profile_xmls],
        },
    }


def outcome_count(doc: dict) -> int:
    """Number of outcomes of a converted document (product of option counts)."""
    total = 1
    for body in doc["issues"].values():
        if "options" in body:
            total *= len(body["options"])
        else:
            lo, hi = body["range"]
            total *= int(math.floor((hi - lo) / body.get("step", 1) + 1e-9)) + 1
    return total


def write_scenario(path: str | Path, doc: dict) -> Path:
    """Write a scenario document as JSON (UTF-8); returns the path written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
    return path


def _main(argv: list[str] | None = None) -> int:  # pragma: no cover - convenience CLI
    import argparse

    ap = argparse.ArgumentParser(
        description="Convert a GENIUS domain + linear-additive profiles into an accord JSON scenario."
    )
    ap.add_argument("domain", type=Path, help="GENIUS domain XML")
    ap.add_argument("profiles", type=Path, nargs="+", help="GENIUS profile XMLs (one per party)")
    ap.add_argument("-o", "--output", type=Path, required=True, help="JSON file to write")
    args = ap.parse_args(argv)
    doc = read_genius(args.domain, args.profiles)
    write_scenario(args.output, doc)
    print(f"{args.output}: {len(doc['issues'])} issues, {outcome_count(doc)} outcomes, "
          f"parties {', '.join(doc['actors'])}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(_main())
