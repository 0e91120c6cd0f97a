"""GENIUS (and ANAC) XML <-> accord scenario documents, exactly or not at all.

GENIUS describes a negotiation with one *domain* file (the issues and their
values) and one *profile* file per party (a utility space: weights,
evaluations, reservation value, discount factor). :func:`read_genius` turns a
domain and its linear-additive profiles into an accord scenario document
(format version 1); :func:`export_genius` writes an accord scenario as a
GENIUS domain plus one profile per party.

Import (GENIUS semantics, as in ``genius.core.utility``, -> accord)
-------------------------------------------------------------------

* ``<issue type="discrete">`` -> categorical issue. Item values become option
  ids, sanitised to ``[A-Za-z0-9][A-Za-z0-9_.-]*`` (runs of other characters
  become one ``-``; a clash gets ``-2``, ``-3``, ...); the issue name is
  sanitised the same way into the issue id. The originals are kept under the
  issue's ``x-genius`` key: ``{"index": n, "name": ..., "values": {option: value}}``.
* ``<issue type="integer" lowerbound=L upperbound=U>`` -> numeric issue
  ``range: [L, U], step: 1``.
* One party per profile; the actor id is the profile's file stem, sanitised.
  The actor's ``x-genius`` is ``{"profile": FILE}``.
* A discrete evaluation follows ``EvaluatorDiscrete``: an option is worth its
  ``evaluation`` divided by the largest evaluation of the issue (0 when that
  largest evaluation is below 0.00001, as in GENIUS).
* An integer evaluation follows ``EvaluatorInteger``:
  ``clip(offset + slope * (x - lowerbound), 0, 1)``, written as the
  piecewise-linear points of that function (the ends of the range and the
  points where clipping starts). No ``<evaluator>`` means 0 everywhere.
* Weights are copied as written. GENIUS computes ``min(1, sum_i w_i e_i)``
  without dividing by the weights' sum; accord divides by it. So:
  a sum within 1e-9 of 1 maps as is; a sum ``S < 1`` maps exactly by scaling
  every value by ``S`` (then accord's ``sum w v / S`` equals GENIUS's
  ``sum w e``); a sum ``S > 1`` makes GENIUS cap utilities at 1, which is not
  linear-additive, and is refused unless ``normalise_weights=True`` (CLI
  ``--normalise-weights``), which treats the weights as relative (divides them
  by their sum, as GENIUS's own ``normalizeWeights`` does) and records
  ``weight_sum`` and ``normalised_weights: true`` under the actor's ``x-genius``.
  With ``normalise_weights=True`` a sum below 1 is divided out the same way.
* ``<reservation value=..>`` -> ``reservation`` (default 0);
  ``<discount_factor value=..>`` -> the actor's ``x-discount``, as written
  (GENIUS itself treats a factor outside (0, 1] as no discounting).

Refused, with the reason: non-linear (hyper-rectangle / constraint) utility
spaces, ``real`` issues, hierarchical objectives, evaluator types other than
linear, negative, missing or repeated evaluations, an issue with fewer than
two values, a reservation outside [0, 1], a profile whose issues, bounds or
weights do not match its domain, and a weight sum above 1 (see above).

Export (accord -> GENIUS)
-------------------------

A domain file plus one profile per party, such that GENIUS's utility of every
outcome equals accord's: per party, with ``W`` the sum of its weights, a
categorical issue is written with evaluations ``v / m`` (``m`` the issue's
largest value) and weight ``w * m / W``; a numeric issue must be integral with
step 1 and its values exactly ``c * clip(offset + slope * (x - lo), 0, 1)``
on the grid (``c = 1`` when possible, else ``c`` = the largest value), and
is written as a linear integer evaluator with weight ``w * c / W``. The
reservation is copied, and ``x-discount`` becomes ``<discount_factor>``.
Names and indices come from ``x-genius`` keys when present (so an imported
scenario exports to the files it came from), from ids otherwise.

Refused, listing every instance: red lines, mediators and observers (neither
exists in GENIUS; ``drop_red_lines=True`` exports without them), numeric
issues GENIUS cannot hold (non-integral range or step other than 1), numeric
values that are not linear with clipping, and uncertain numbers (unless
``central_values=True``: each distribution's central value, as accord's
deterministic analysis uses). Variants, events,
evidence, sources and power have no GENIUS counterpart and are not written.

XML is parsed with ``defusedxml`` (``pip install 'accord[genius]'``): entity
declarations (an "XML bomb" expands them) and external references are
refused, and files above 8 MiB are not read. Exporting needs no extra package.
"""

from __future__ import annotations

import math
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import MissingExtra, require
from .errors import ConversionError, MissingDependency, read_capped, safe_file_name, sanitise_id, tidy, unique_ids

__all__ = ["read_genius", "export_genius", "parse_xml", "MAX_XML_BYTES", "WEIGHT_TOLERANCE"]

MAX_XML_BYTES = 8 * 2**20
WEIGHT_TOLERANCE = 1e-9   # a weight sum this close to 1 is 1
EVAL_ZERO = 0.00001       # GENIUS: a largest evaluation below this makes the issue worth 0
FIT_TOLERANCE = 1e-9      # export: how closely values must follow clip(line)


# --------------------------------------------------------------------------
# XML
# --------------------------------------------------------------------------
def parse_xml(path: str | os.PathLike, what: str = "GENIUS") -> ET.Element:
    """Parse ``path`` with defusedxml: no entity expansion, no external references.

    Raises :class:`ConversionError` naming the file, or :class:`MissingDependency`
    when defusedxml is not installed.
    """
    try:
        safe_et = require("defusedxml.ElementTree", "genius")
    except MissingExtra as exc:
        raise MissingDependency(exc.extra, exc.package, "reading GENIUS XML") from None
    from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
    data = read_capped(path, MAX_XML_BYTES, what)
    try:
        try:  # first without any DOCTYPE: one naming an external DTD (SYSTEM/PUBLIC) is refused, never fetched
            return safe_et.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        except DTDForbidden as exc:
            if exc.sysid or exc.pubid:
                raise ExternalReferenceForbidden(None, exc.sysid, exc.pubid, None) from None
            # an internal DOCTYPE (no identifiers) is harmless once entities are forbidden
            return safe_et.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except EntitiesForbidden:
        raise ConversionError(path, "refused: the XML declares an entity (<!ENTITY ...>); GENIUS files never "
                                    "need one, and entities can expand into an 'XML bomb' or read other files") from None
    except ExternalReferenceForbidden:
        raise ConversionError(path, "refused: the XML refers to an external resource (a DTD or entity "
                                    "outside the file); GENIUS files never need one") from None
    except DefusedXmlException as exc:
        raise ConversionError(path, f"refused: unsafe XML ({type(exc).__name__})") from None
    except ET.ParseError as exc:
        raise ConversionError(path, f"not well-formed XML ({exc})") from None


def _utility_space(root: ET.Element, path: Path) -> ET.Element:
    if root.tag == "utility_space":
        return root
    spaces = root.findall("utility_space")
    if len(spaces) != 1:
        raise ConversionError(path, f"expected one <utility_space> element under <{root.tag}>, found {len(spaces)}")
    return spaces[0]


def _container(space: ET.Element, path: Path) -> ET.Element:
    """The element holding the issues: the root <objective>, or <utility_space> itself (flat files)."""
    objectives = space.findall("objective")
    direct = space.findall("issue")
    if len(objectives) > 1:
        raise ConversionError(path, f"{len(objectives)} root <objective> elements; GENIUS has one")
    if objectives and direct:
        raise ConversionError(path, "issues both inside and outside the root <objective>")
    holder = objectives[0] if objectives else space
    if holder.find("objective") is not None or holder.find(".//issue//issue") is not None:
        raise ConversionError(path, "hierarchical objectives (an <objective> inside the root objective) are not "
                                    "supported: accord issues are flat, and GENIUS weighs sub-objectives "
                                    "differently across versions")
    return holder


def _issue_type(elem: ET.Element) -> str:
    for attr in ("type", "etype", "vtype"):
        value = elem.get(attr)
        if value:
            return value.strip().lower()
    return "discrete"


def _number(text: str | None, path: Path, where: str) -> float:
    if text is None:
        raise ConversionError(path, f"{where} is missing")
    try:
        value = float(text)
    except ValueError:
        raise ConversionError(path, f"{where} {text!r} is not a number") from None
    if not math.isfinite(value):
        raise ConversionError(path, f"{where} {text!r} is not finite")
    return value


def _integer(text: str | None, path: Path, where: str) -> int:
    value = _number(text, path, where)
    if not value.is_integer():
        raise ConversionError(path, f"{where} {text!r} is not an integer")
    return int(value)


def _single(holders: list[ET.Element], tag: str, path: Path) -> float | None:
    """The value of the one <tag value=..> in ``holders`` (GENIUS reads it at any level)."""
    found = [e for h in holders for e in h.findall(tag)]
    if not found:
        return None
    values = {_number(e.get("value"), path, f"<{tag}> value") for e in found}
    if len(values) > 1:
        raise ConversionError(path, f"{len(found)} <{tag}> elements with different values")
    return values.pop()


# --------------------------------------------------------------------------
# domain
# --------------------------------------------------------------------------
@dataclass
class _Issue:
    index: int
    name: str
    kind: str                     # "discrete" | "integer"
    id: str = ""
    values: list[str] = field(default_factory=list)      # discrete: GENIUS value names
    option_ids: list[str] = field(default_factory=list)  # discrete: accord option ids
    lower: int = 0
    upper: int = 0


def _read_domain(path: Path) -> tuple[str | None, list[_Issue]]:
    root = parse_xml(path, "GENIUS domain")
    space = _utility_space(root, path)
    holder = _container(space, path)
    issues: list[_Issue] = []
    seen: set[int] = set()
    for elem in holder.findall("issue"):
        name = elem.get("name")
        if not name:
            raise ConversionError(path, "an <issue> without a name")
        where = f"issue {name!r}"
        index = _integer(elem.get("index"), path, f"{where}: index")
        if index in seen:
            raise ConversionError(path, f"{where}: index {index} is used by two issues")
        seen.add(index)
        kind = _issue_type(elem)
        issue = _Issue(index, name, kind)
        if kind == "discrete":
            found = [item.get("value") for item in elem.findall("item")]
            values = [v for v in found if v is not None]
            if len(values) != len(found):
                raise ConversionError(path, f"{where}: an <item> without a value")
            if len(set(values)) != len(values):
                counts: dict[str, int] = {}
                for v in values:
                    counts[v] = counts.get(v, 0) + 1
                repeated = sorted(v for v, n in counts.items() if n > 1)
                raise ConversionError(path, f"{where}: repeated item value(s) {', '.join(map(repr, repeated))}")
            if len(values) < 2:
                raise ConversionError(path, f"{where}: {len(values)} value(s); an accord categorical issue needs at least two")
            issue.values = values
            issue.option_ids = unique_ids(values, "v")
        elif kind == "integer":
            issue.lower = _integer(elem.get("lowerbound"), path, f"{where}: lowerbound")
            issue.upper = _integer(elem.get("upperbound"), path, f"{where}: upperbound")
            if not issue.lower < issue.upper:
                raise ConversionError(path, f"{where}: bounds [{issue.lower}, {issue.upper}]; "
                                            "an accord numeric issue needs low < high")
        elif kind == "real":
            raise ConversionError(path, f"{where}: a real issue is continuous; accord numeric issues are "
                                        "discretised by a step, so it cannot be represented exactly")
        else:
            raise ConversionError(path, f"{where}: issue type {kind!r} is not supported "
                                        "(discrete and integer issues map exactly onto accord issues)")
        issues.append(issue)
    if not issues:
        raise ConversionError(path, "no issues")
    for issue, iid in zip(issues, unique_ids((i.name for i in issues), "issue")):
        issue.id = iid
    name = holder.get("name") if holder.tag == "objective" else None
    return (name if name and name.strip() and name != "root" else None), issues


# --------------------------------------------------------------------------
# profiles
# --------------------------------------------------------------------------
def _discrete_values(issue: _Issue, elem: ET.Element, path: Path, where: str) -> list[float]:
    if elem.find("evaluator") is not None:
        raise ConversionError(path, f"{where}: an <evaluator> on a discrete issue is not supported")
    evaluations: dict[str, float] = {}
    known = set(issue.values)  # one lookup per item, not a scan of the domain's values
    for item in elem.findall("item"):
        value = item.get("value")
        if value not in known:
            raise ConversionError(path, f"{where}: item {value!r} is not a value of the domain's issue")
        if value in evaluations:
            raise ConversionError(path, f"{where}: item {value!r} is evaluated twice (GENIUS would keep "
                                        "one of them silently)")
        evaluation = _number(item.get("evaluation"), path, f"{where}, item {value!r}: evaluation")
        if evaluation < 0:
            raise ConversionError(path, f"{where}, item {value!r}: negative evaluation {evaluation:g} "
                                        "(GENIUS requires evaluations >= 0)")
        evaluations[value] = evaluation
    missing = [v for v in issue.values if v not in evaluations]
    if missing:
        raise ConversionError(path, f"{where}: no evaluation for {', '.join(map(repr, missing))}")
    top = max(evaluations.values())
    # EvaluatorDiscrete.normalize: evaluation / largest evaluation, 0 when that is tiny.
    return [evaluations[v] / top if top >= EVAL_ZERO else 0.0 for v in issue.values]


def _integer_function(issue: _Issue, elem: ET.Element, path: Path, where: str) -> tuple[float, float]:
    """(offset, slope) of the EvaluatorInteger ``clip(offset + slope * (x - lowerbound), 0, 1)``."""
    lower, upper = elem.get("lowerbound"), elem.get("upperbound")
    lo = _integer(lower, path, f"{where}: lowerbound") if lower is not None else issue.lower
    hi = _integer(upper, path, f"{where}: upperbound") if upper is not None else issue.upper
    if (lo, hi) != (issue.lower, issue.upper):
        raise ConversionError(path, f"{where}: bounds [{lo}, {hi}] differ from the domain's "
                                    f"[{issue.lower}, {issue.upper}] (GENIUS measures the slope from the profile's bound)")
    if elem.find("item") is not None:
        raise ConversionError(path, f"{where}: <item> evaluations on an integer issue are not supported")
    evaluators = elem.findall("evaluator")
    if not evaluators:
        return 0.0, 0.0  # GENIUS default: slope = offset = 0
    if len(evaluators) > 1:
        raise ConversionError(path, f"{where}: more than one <evaluator>")
    ev = evaluators[0]
    ftype = (ev.get("ftype") or "linear").strip().lower()
    if ftype != "linear":
        raise ConversionError(path, f"{where}: evaluator ftype {ftype!r} is not supported; only a linear "
                                    "evaluator maps exactly onto accord's piecewise-linear values")
    return (_number(ev.get("offset"), path, f"{where}: evaluator offset"),
            _number(ev.get("slope"), path, f"{where}: evaluator slope"))


def _integer_points(lo: int, hi: int, offset: float, slope: float, scale: float) -> dict[Any, float]:
    """``scale * clip(offset + slope * (x - lo), 0, 1)`` as piecewise-linear points."""
    def f(x: float) -> float:
        return min(1.0, max(0.0, offset + slope * (x - lo)))

    if slope == 0:
        return {lo: scale * f(lo)}
    points = {float(lo): f(lo), float(hi): f(hi)}
    near = 1e-9 * max(1.0, hi - lo)  # a crossing this close to an end is that end (float noise, not a kink)
    for level in (0.0, 1.0):
        x = lo + (level - offset) / slope
        if lo + near < x < hi - near:
            points[x] = level  # where clipping starts: exactly the level
    return {tidy(x): scale * points[x] for x in sorted(points)}


@dataclass
class _Profile:
    preferences: dict[str, Any]
    reservation: float
    discount: float | None
    weight_sum: float
    normalised: bool


def _read_profile(path: Path, issues: list[_Issue], normalise_weights: bool) -> _Profile:
    root = parse_xml(path, "GENIUS profile")
    space = _utility_space(root, path)
    space_type = (space.get("type") or "").strip().lower()
    if space_type and space_type not in ("linear", "additive", "linearadditive"):
        raise ConversionError(path, f"utility space type {space_type!r} is not linear-additive (its utility is "
                                    "not a weighted sum of per-issue values), so accord cannot represent it exactly")
    if space.find(".//hyperRectangle") is not None or space.find(".//utility") is not None:
        raise ConversionError(path, "non-linear (hyper-rectangle constraint) utilities: not a weighted sum of "
                                    "per-issue values, so accord cannot represent them exactly")
    holder = _container(space, path)
    by_index = {issue.index: issue for issue in issues}

    weights: dict[int, float] = {}
    for welem in holder.findall("weight"):
        index = _integer(welem.get("index"), path, "<weight> index")
        if index not in by_index and holder.tag == "objective" and str(index) == (holder.get("index") or "").strip():
            continue  # the root objective's own weight (e.g. ANAC 2012 Fitness): weighs no issue
        if index not in by_index:
            raise ConversionError(path, f"<weight index=\"{index}\">: no issue with that index in the domain")
        if index in weights:
            raise ConversionError(path, f"<weight index=\"{index}\"> is given twice")
        weight = _number(welem.get("value"), path, f"<weight index=\"{index}\"> value")
        if weight < 0:
            raise ConversionError(path, f"<weight index=\"{index}\">: negative weight {weight:g}")
        weights[index] = weight

    raw: dict[int, tuple[str, Any]] = {}
    for elem in holder.findall("issue"):
        name = elem.get("name")
        index = _integer(elem.get("index"), path, f"issue {name!r}: index")
        where = f"issue {name!r}"
        issue = by_index.get(index)
        if issue is None:
            raise ConversionError(path, f"{where}: no issue with index {index} in the domain")
        if name is not None and name != issue.name:
            raise ConversionError(path, f"{where}: index {index} is issue {issue.name!r} in the domain")
        if index in raw:
            raise ConversionError(path, f"{where}: issue index {index} appears twice")
        kind = _issue_type(elem)
        if kind != issue.kind:
            raise ConversionError(path, f"{where}: type {kind!r} but the domain says {issue.kind!r}")
        if index not in weights:
            raise ConversionError(path, f"{where}: no <weight index=\"{index}\"> (GENIUS cannot evaluate the issue)")
        if issue.kind == "discrete":
            raw[index] = ("discrete", _discrete_values(issue, elem, path, where))
        else:
            raw[index] = ("integer", _integer_function(issue, elem, path, where))
    missing = [issue.name for issue in issues if issue.index not in raw]
    if missing:
        raise ConversionError(path, f"no evaluation of issue(s) {', '.join(map(repr, missing))}")

    try:
        total = math.fsum(weights[i.index] for i in issues)
    except OverflowError:  # finite weights whose sum is not (1e308 + 1e308)
        raise ConversionError(path, "<weight> values too large to add up (their sum exceeds 1.8e308)") from None
    if total <= 0:
        raise ConversionError(path, "every issue weight is 0")
    scale = 1.0
    if abs(total - 1.0) > WEIGHT_TOLERANCE and not normalise_weights:
        if total > 1.0:
            raise ConversionError(path, f"the weights sum to {total:.10g} > 1: GENIUS adds them without normalising "
                                        "and caps utilities at 1, which is not linear-additive; import with "
                                        "normalise_weights=True (--normalise-weights) to treat them as relative weights")
        scale = total  # exact: accord's sum(w v) / total with v = total * e equals GENIUS's sum(w e)

    preferences: dict[str, Any] = {}
    for issue in issues:
        kind, data = raw[issue.index]
        if kind == "discrete":
            values: dict[Any, float] = {o: scale * v for o, v in zip(issue.option_ids, data)}
        else:
            values = _integer_points(issue.lower, issue.upper, data[0], data[1], scale)
        preferences[issue.id] = {"weight": weights[issue.index], "values": values}

    reservation = _single([space, holder] if holder is not space else [space], "reservation", path)
    if reservation is not None and not 0.0 <= reservation <= 1.0:
        raise ConversionError(path, f"reservation {reservation:g} is outside [0, 1]")
    discount = _single([space, holder] if holder is not space else [space], "discount_factor", path)
    return _Profile(preferences, reservation or 0.0, discount, total,
                    normalise_weights and abs(total - 1.0) > WEIGHT_TOLERANCE)


# --------------------------------------------------------------------------
# import
# --------------------------------------------------------------------------
def read_genius(domain: str | os.PathLike, profiles: list[str | os.PathLike] | tuple, *, name: str | None = None,
                normalise_weights: bool = False) -> dict:
    """Read a GENIUS domain and its linear-additive profiles as an accord scenario document.

    Returns a plain dict in accord scenario format version 1: one issue per
    GENIUS issue, one party per profile (in the order given). Raises
    :class:`~accord.importers.ConversionError` naming the file and the reason
    when anything cannot be represented exactly (see the module docstring).
    ``name`` overrides the scenario name (default: the domain's objective
    name, else the domain file's folder name).
    """
    domain_path = Path(domain)
    profile_paths = [Path(p) for p in profiles]
    if len(profile_paths) < 2:
        raise ConversionError(domain_path, f"{len(profile_paths)} profile(s) given; a negotiation needs one profile per "
                                           "party, at least two")
    stems = [p.stem for p in profile_paths]
    if len(set(p.resolve() for p in profile_paths)) != len(profile_paths):
        raise ConversionError(domain_path, "the same profile file is given twice")
    domain_name, issues = _read_domain(domain_path)

    doc_issues: dict[str, Any] = {}
    for issue in issues:
        body: dict[str, Any] = {}
        if issue.id != issue.name:
            body["name"] = issue.name
        if issue.kind == "discrete":
            body["options"] = list(issue.option_ids)
            body["x-genius"] = {"index": issue.index, "name": issue.name,
                                "values": dict(zip(issue.option_ids, issue.values))}
        else:
            body["range"] = [issue.lower, issue.upper]
            body["step"] = 1
            body["x-genius"] = {"index": issue.index, "name": issue.name}
        doc_issues[issue.id] = body

    actors: dict[str, Any] = {}
    for actor_id, stem, path in zip(unique_ids(stems, "party"), stems, profile_paths):
        profile = _read_profile(path, issues, normalise_weights)
        actor: dict[str, Any] = {}
        if actor_id != stem:
            actor["name"] = stem
        actor.update({"role": "party", "reservation": profile.reservation, "preferences": profile.preferences})
        if profile.discount is not None:
            actor["x-discount"] = tidy(profile.discount)
        record: dict[str, Any] = {"profile": path.name}
        if abs(profile.weight_sum - 1.0) > WEIGHT_TOLERANCE:
            record["weight_sum"] = profile.weight_sum
        if profile.normalised:
            record["normalised_weights"] = True
        actor["x-genius"] = record
        actors[actor_id] = actor

    return {
        "accord": 1,
        "name": name or domain_name or domain_path.resolve().parent.name or domain_path.stem,
        "description": f"Imported from GENIUS: domain {domain_path.name}, profiles "
                       + ", ".join(p.name for p in profile_paths) + ".",
        "issues": doc_issues,
        "actors": actors,
        "x-genius": {"domain": domain_path.name},
    }


# --------------------------------------------------------------------------
# export
# --------------------------------------------------------------------------
def _as_scenario(scenario: Any):
    from ..scenario import Scenario, from_document, load

    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, dict):
        return from_document(scenario)
    return load(scenario)


def _line_fit(xs: np.ndarray, ys: np.ndarray) -> tuple[float, float] | None:
    """(offset, slope) with ``clip(offset + slope * (x - xs[0]), 0, 1) == ys`` on every grid point, or None."""
    lo = xs[0]
    if np.all(np.abs(ys - ys[0]) <= FIT_TOLERANCE):
        return float(ys[0]), 0.0
    inner = (ys > FIT_TOLERANCE) & (ys < 1 - FIT_TOLERANCE)
    pairs = np.flatnonzero(inner[:-1] & inner[1:])  # two consecutive unclipped points fix the line
    if not pairs.size:  # otherwise the first change does (a clipped step)
        pairs = np.flatnonzero(np.abs(np.diff(ys)) > FIT_TOLERANCE)
    k = int(pairs[0])
    slope = float((ys[k + 1] - ys[k]) / (xs[k + 1] - xs[k]))
    offset = float(ys[k] - slope * (xs[k] - lo))
    fitted = np.clip(offset + slope * (xs - lo), 0.0, 1.0)
    return (offset, slope) if np.all(np.abs(fitted - ys) <= FIT_TOLERANCE) else None


def _common_scale(actor, issues: dict, doc_actor: Any) -> float:
    """The factor an import scaled this actor's values by (GENIUS weights summing to S < 1), else 1.

    Reusing it for all-zero and integer issues makes export -> import give back
    the same document; any factor is exact, this one is just the round-trip one.
    """
    record = doc_actor.get("x-genius") if isinstance(doc_actor, dict) else None
    if isinstance(record, dict) and not record.get("normalised_weights"):
        recorded = record.get("weight_sum")
        if isinstance(recorded, (int, float)) and not isinstance(recorded, bool) and 0 < recorded < 1:
            return float(recorded)
    tops = {round(max(p.scores), 12) for iid, p in actor.preferences.items()
            if issues[iid].kind == "categorical" and max(p.scores) > 0}
    if len(tops) == 1:
        (top,) = tops
        return top if top <= 1 else 1.0
    return 1.0


def _fmt(x: float) -> str:
    x = float(x)
    return str(int(x)) if x.is_integer() and abs(x) < 2**53 else repr(x)


def _genius_names(doc_issue: dict, issue) -> tuple[str, list[str] | None, int | None]:
    """Issue name, value names (categorical) and index recorded under ``x-genius``, or derived from ids."""
    record = doc_issue.get("x-genius") if isinstance(doc_issue, dict) else None
    record = record if isinstance(record, dict) else {}
    recorded_name = record.get("name")
    name = recorded_name if isinstance(recorded_name, str) and recorded_name else issue.name
    values = None
    if issue.kind == "categorical":
        recorded = record.get("values")
        if isinstance(recorded, dict) and all(isinstance(recorded.get(o), str) for o in issue.options):
            values = [recorded[o] for o in issue.options]
        if values is None or len(set(values)) != len(values):
            values = [str(o) for o in issue.options]
    index = record.get("index")
    return name, values, index if isinstance(index, int) and not isinstance(index, bool) else None


def _mapping(doc: dict, key: str) -> dict:
    """``doc[key]`` when it is a mapping, else an empty one."""
    value = doc.get(key)
    return value if isinstance(value, dict) else {}


def _xml_text(root: ET.Element) -> str:
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def export_genius(scenario: Any, *, drop_red_lines: bool = False, central_values: bool = False) -> dict[str, str]:
    """Write ``scenario`` as GENIUS files: ``{file name: XML text}``, a domain and one profile per party.

    ``scenario`` is a :class:`~accord.scenario.Scenario`, a scenario document
    (dict) or a path. GENIUS's utility of every outcome equals accord's (see
    the module docstring). Red lines, mediators and observers have no GENIUS
    counterpart: they are refused, listed, unless ``drop_red_lines=True``, which
    exports without them. Numbers written as distributions (uncertainty) are
    refused unless ``central_values=True``, which writes each one's central
    value (what accord's deterministic analysis uses). Raises
    :class:`ConversionError` when the scenario cannot be written exactly.
    """
    model = _as_scenario(scenario)
    doc = model.document if isinstance(model.document, dict) else {}
    doc_issues = _mapping(doc, "issues")
    doc_actors = _mapping(doc, "actors")
    parties = list(model.parties)

    hard: list[str] = []
    droppable: list[str] = []
    non_parties = [f"{a} ({actor.role})" for a, actor in model.actors.items() if not actor.is_party]
    if non_parties:
        droppable.append("mediators/observers: " + ", ".join(non_parties))
    red = [f"{a}.{i}: {p.red_line.describe()}" for a in parties for i, p in model.actors[a].preferences.items()
           if p.red_line is not None]
    if red:
        droppable.append("red lines: " + "; ".join(red))
    uncertain = [".".join(str(x) for x in u.path) for u in model.uncertain
                 if len(u.path) > 1 and u.path[0] == "actors" and u.path[1] in parties]
    if uncertain and not central_values:
        hard.append("uncertain numbers (GENIUS takes one number; central_values=True / --central-values writes "
                    "each distribution's central value): " + ", ".join(uncertain))

    for aid in parties:
        body = doc_actors.get(aid)
        discount = body.get("x-discount") if isinstance(body, dict) else None
        if discount is not None and not (isinstance(discount, (int, float)) and not isinstance(discount, bool)
                                         and math.isfinite(discount)):
            hard.append(f"{aid}: x-discount {discount!r} is not a number (GENIUS's discount_factor is one)")

    # issues: names, indices, kinds
    specs = []
    recorded: list[int | None] = []
    for iid, issue in model.issues.items():
        name, values, index = _genius_names(doc_issues.get(iid, {}), issue)
        if issue.kind == "numeric":
            lo, hi = issue.range
            step = issue.step
            if step != 1 or not float(lo).is_integer() or not float(hi).is_integer():
                hard.append(f"issue {iid}: range [{_fmt(lo)}, {_fmt(hi)}] step {_fmt(step)}; a GENIUS integer "
                            "issue has integral bounds and step 1")
        specs.append((iid, issue, name, values))
        recorded.append(index)
    indices = [i for i in recorded if i is not None and i >= 1]
    if len(indices) != len(recorded) or len(set(indices)) != len(indices):  # one missing, not positive or repeated
        indices = list(range(1, len(specs) + 1))
    if len({name for _, _, name, _ in specs}) != len(specs):
        specs = [(iid, issue, iid, values) for iid, issue, _, values in specs]

    # per party: weights and evaluations such that GENIUS's sum equals accord's
    profiles: dict[str, list[tuple]] = {}
    for aid in parties:
        actor = model.actors[aid]
        total = actor.total_weight
        common = _common_scale(actor, model.issues, doc_actors.get(aid))
        rows: list[tuple] = []
        for (iid, issue, _, _), index in zip(specs, indices):
            pref = actor.preferences.get(iid)
            weight = pref.weight if pref is not None else 0.0
            scores = np.asarray(pref.scores if pref is not None else (0.0,) * issue.size, dtype=float)
            if issue.kind == "categorical":
                top = float(scores.max())
                evaluations = scores / top if top > 0 else scores
                # an all-zero issue is worth 0 whatever its weight: give it the actor's common scale
                rows.append((index, "discrete", weight * (top if top > 0 else common) / total,
                             [float(e) for e in evaluations]))
                continue
            if hard and any(h.startswith(f"issue {iid}:") for h in hard):
                continue
            xs = np.asarray(issue.options, dtype=float)
            fit, factor = None, 1.0
            top = float(scores.max())
            for c in dict.fromkeys((common, 1.0, top)):  # values = c * clip(line), c in (0, 1]
                if 0 < c <= 1 and (fit := _line_fit(xs, scores / c)) is not None:
                    factor = c
                    break
            if fit is None and weight == 0:
                fit, factor = (0.0, 0.0), 1.0  # weighs nothing: any evaluator is exact
            if fit is None:
                hard.append(f"{aid}.{iid}: values are not linear with clipping to [0, 1] on the grid, which is all "
                            "a GENIUS integer evaluator can express")
                continue
            rows.append((index, "integer", weight * factor / total, fit))
        profiles[aid] = rows

    if hard or (droppable and not drop_red_lines):
        parts = hard + ([] if drop_red_lines else droppable)
        hint = ("; export with drop_red_lines=True (--drop-red-lines) to leave red lines, mediators and observers out"
                if droppable and not drop_red_lines else "")
        raise ConversionError(model.file, "cannot be exported to GENIUS exactly: " + " | ".join(parts) + hint)

    # file names
    record = _mapping(doc, "x-genius")
    domain_file = safe_file_name(record.get("domain"), f"{sanitise_id(model.name, 'scenario')}-domain.xml")
    names: dict[str, str] = {}
    for aid in parties:
        actor_record = doc_actors.get(aid, {}).get("x-genius") if isinstance(doc_actors.get(aid), dict) else None
        wanted = actor_record.get("profile") if isinstance(actor_record, dict) else None
        names[aid] = safe_file_name(wanted, f"{aid}.xml")
    chosen = [domain_file, *names.values()]
    if len(set(chosen)) != len(chosen) or any(Path(n).stem != aid and sanitise_id(Path(n).stem) != aid
                                              for aid, n in names.items()):
        domain_file = f"{sanitise_id(model.name, 'scenario')}-domain.xml"
        names = {aid: f"{aid}.xml" for aid in parties}
        if domain_file in names.values():
            domain_file = "domain.xml" if "domain.xml" not in names.values() else "genius-domain.xml"

    files = {domain_file: _domain_xml(model.name, specs, indices)}
    for aid in parties:
        files[names[aid]] = _profile_xml(model.name, specs, profiles[aid], model.actors[aid].reservation,
                                         doc_actors.get(aid, {}).get("x-discount") if isinstance(doc_actors.get(aid), dict) else None)
    return files


def _issue_element(parent: ET.Element, index: int, issue, name: str, values: list[str] | None) -> ET.Element:
    kind = "discrete" if issue.kind == "categorical" else "integer"
    elem = ET.SubElement(parent, "issue", {"index": str(index), "name": name, "type": kind, "etype": kind, "vtype": kind})
    if kind == "integer":
        elem.set("lowerbound", _fmt(issue.range[0]))
        elem.set("upperbound", _fmt(issue.range[1]))
    return elem


def _domain_xml(name: str, specs: list, indices: list[int]) -> str:
    root = ET.Element("negotiation_template")
    space = ET.SubElement(root, "utility_space", {"number_of_issues": str(len(specs))})
    objective = ET.SubElement(space, "objective", {"index": "0", "name": name, "type": "objective",
                                                   "etype": "objective", "description": ""})
    for (iid, issue, issue_name, values), index in zip(specs, indices):
        elem = _issue_element(objective, index, issue, issue_name, values)
        for k, value in enumerate(values or (), start=1):
            ET.SubElement(elem, "item", {"index": str(k), "value": value, "description": value})
    return _xml_text(root)


def _profile_xml(name: str, specs: list, rows: list[tuple], reservation: float, discount: Any) -> str:
    root = ET.Element("utility_space")
    objective = ET.SubElement(root, "objective", {"index": "0", "name": name, "type": "objective",
                                                  "etype": "objective", "description": ""})
    for (iid, issue, issue_name, values), (index, kind, _, data) in zip(specs, rows):
        elem = _issue_element(objective, index, issue, issue_name, values)
        if kind == "discrete":
            for k, (value, evaluation) in enumerate(zip(values, data), start=1):
                ET.SubElement(elem, "item", {"index": str(k), "value": value, "evaluation": _fmt(evaluation)})
        else:
            offset, slope = data
            ET.SubElement(elem, "evaluator", {"ftype": "linear", "offset": _fmt(offset), "slope": _fmt(slope)})
    for index, _, weight, _ in rows:
        ET.SubElement(objective, "weight", {"index": str(index), "value": _fmt(weight)})
    if isinstance(discount, (int, float)) and not isinstance(discount, bool) and math.isfinite(discount):
        ET.SubElement(root, "discount_factor", {"value": _fmt(discount)})
    ET.SubElement(root, "reservation", {"value": _fmt(reservation)})
    return _xml_text(root)


def genius_folder(folder: str | os.PathLike) -> tuple[Path, list[Path]]:
    """The domain file and the profile files (sorted by name) of a GENIUS domain folder, told apart by
    each XML file's root element (``negotiation_template`` is a domain). Raises :class:`ConversionError`
    unless the folder holds exactly one domain and at least two profiles."""
    folder = Path(folder)
    domains: list[Path] = []
    profiles: list[Path] = []
    for path in sorted(folder.glob("*.xml")):
        (domains if parse_xml(path).tag == "negotiation_template" else profiles).append(path)
    if len(domains) != 1 or len(profiles) < 2:
        raise ConversionError(folder, f"a GENIUS domain folder holds one domain file and at least two profiles; "
                                      f"found {len(domains)} domain file(s) and {len(profiles)} profile(s)")
    return domains[0], profiles
