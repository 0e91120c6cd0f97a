"""GeniusWeb JSON (domain + LinearAdditiveUtilitySpace profiles) -> accord scenario document.

GeniusWeb describes a domain as ``{"name", "issuesValues": {issue: {"values":
[...]}}}`` (discrete issues) or ``{issue: {"range": {"low", "high",
"step"}}}`` (number issues), and a profile as ``{"LinearAdditiveUtilitySpace":
{"issueUtilities", "issueWeights", "domain", "name", "reservationBid"}}``.
Its utility of a bid is ``sum_i w_i u_i(v_i)`` with weights that sum to
exactly 1 (GeniusWeb itself rejects a profile whose weights do not).

Mapping:

* A discrete issue -> categorical issue; values become option ids, sanitised
  as for GENIUS, originals kept under the issue's ``x-geniusweb`` key
  (``{"name": ..., "values": {option: value}}``).
* A number issue -> numeric issue ``range: [low, high], step: step``.
* ``{"discreteutils": {"valueUtilities": {value: u}}}`` -> ``values`` as given
  (GeniusWeb does not rescale them). ``{"numberutils": {"lowValue",
  "lowUtility", "highValue", "highUtility"}}`` -> the two points
  ``{low: lowUtility, high: highUtility}``; GeniusWeb rounds each interpolated
  utility to 8 decimals, so when that rounding changes a grid value the
  importer writes one point per grid value instead (refused above 10,000
  values, rather than approximated).
* Weights as given (they sum to 1, so accord's normalisation changes nothing).
* ``reservationBid`` -> ``reservation`` = the profile's utility of that bid,
  computed exactly (decimal arithmetic) as GeniusWeb does, issues missing
  from the bid counting 0. This is exact, not an approximation: GeniusWeb
  accepts a bid when it is at least as good as the reservation bid, i.e. when
  its utility is at least the reservation bid's; accord accepts an outcome when
  its utility is at least ``reservation``. The bid itself is kept under the
  actor's ``x-geniusweb`` key. No reservation bid: reservation 0.
* One party per profile; the actor id is the profile's ``name`` (sanitised),
  else the file stem.

Refused, with the reason: profile types other than
``LinearAdditiveUtilitySpace`` (e.g. ``SumOfGroupsUtilitySpace``, which is not
additive), weights that do not sum to 1, utilities outside [0, 1], missing or
unknown values, a profile whose embedded domain differs from the domain file,
unknown keys, duplicate keys and files above 4 MiB. JSON is read with the
standard ``json`` module (numbers as decimals, so sums are exact).
"""

from __future__ import annotations

import json
import os
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from .errors import ConversionError, read_capped, tidy, unique_ids

__all__ = ["read_geniusweb", "MAX_JSON_BYTES", "MAX_EXPLICIT_POINTS"]

MAX_JSON_BYTES = 4 * 2**20
MAX_EXPLICIT_POINTS = 10_000
MAX_GRID = 1_000_000
PROFILE_KEYS = {"issueUtilities", "issueWeights", "domain", "name", "reservationBid"}
MAX_EXPONENT = 300  # decimal exponents read: beyond them sums overflow decimal's context and floats lose them
QUANTUM = Decimal("1.00000000")  # GeniusWeb's NumberValueSetUtilities rounding


def _load(path: Path, what: str) -> Any:
    data = read_capped(path, MAX_JSON_BYTES, what)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConversionError(path, "not UTF-8 text") from None

    def pairs(items: list[tuple[str, Any]]) -> dict:
        result: dict = {}
        for key, value in items:
            if key in result:
                raise ConversionError(path, f"key {key!r} appears twice in one object")
            result[key] = value
        return result

    def constant(name: str) -> Any:
        raise ConversionError(path, f"{name} is not a number")

    try:
        return json.loads(text, parse_float=Decimal, parse_int=Decimal, object_pairs_hook=pairs,
                          parse_constant=constant)
    except json.JSONDecodeError as exc:
        raise ConversionError(path, f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise ConversionError(path, "JSON nested too deeply") from None


def _decimal(value: Any, path: Path, where: str, low: Decimal | None = None, high: Decimal | None = None) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ConversionError(path, f"{where}: expected a number, got {value!r}")
    if value and not -MAX_EXPONENT <= value.adjusted() <= MAX_EXPONENT:  # 1e999999999 overflows decimal arithmetic
        raise ConversionError(path, f"{where}: {value:.6g} is beyond the numbers accord reads "
                                    f"(magnitudes from 1e-{MAX_EXPONENT} to 1e{MAX_EXPONENT}, or 0)")
    if (low is not None and value < low) or (high is not None and value > high):
        raise ConversionError(path, f"{where}: {value} is outside [{low}, {high}]")
    return value


def _mapping(value: Any, path: Path, where: str) -> dict:
    if not isinstance(value, dict):
        raise ConversionError(path, f"{where}: expected an object, got {type(value).__name__}")
    return value


class _Issue:
    def __init__(self, name: str, kind: str):
        self.name = name
        self.kind = kind                    # "discrete" | "number"
        self.id = ""
        self.values: list[str] = []
        self.option_ids: list[str] = []
        self.low = self.high = self.step = Decimal(0)
        self.grid: list[Decimal] = []


def _read_domain(path: Path) -> tuple[str | None, list[_Issue], Any]:
    doc = _mapping(_load(path, "GeniusWeb domain"), path, "domain")
    unknown = sorted(set(doc) - {"name", "issuesValues"})
    if unknown:
        raise ConversionError(path, f"unknown key(s) {', '.join(map(repr, unknown))} in a domain "
                                    "(expected name, issuesValues)")
    issues_values = _mapping(doc.get("issuesValues"), path, "issuesValues")
    issues: list[_Issue] = []
    for name, body in issues_values.items():
        where = f"issue {name!r}"
        body = _mapping(body, path, where)
        if set(body) == {"values"}:
            values = body["values"]
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise ConversionError(path, f"{where}: values must be a list of strings")
            if len(set(values)) != len(values):
                raise ConversionError(path, f"{where}: repeated values")
            if len(values) < 2:
                raise ConversionError(path, f"{where}: {len(values)} value(s); an accord categorical issue needs at least two")
            issue = _Issue(name, "discrete")
            issue.values = list(values)
            issue.option_ids = unique_ids(values, "v")
        elif set(body) == {"range"}:
            rng = _mapping(body["range"], path, f"{where}: range")
            if set(rng) != {"low", "high", "step"}:
                raise ConversionError(path, f"{where}: range needs exactly low, high and step")
            issue = _Issue(name, "number")
            issue.low = _decimal(rng["low"], path, f"{where}: low")
            issue.high = _decimal(rng["high"], path, f"{where}: high")
            issue.step = _decimal(rng["step"], path, f"{where}: step")
            if not issue.low < issue.high or issue.step <= 0:
                raise ConversionError(path, f"{where}: expected low < high and step > 0")
            count = int((issue.high - issue.low) / issue.step) + 1
            if count > MAX_GRID:
                raise ConversionError(path, f"{where}: {count} values; accord's limit is {MAX_GRID}")
            issue.grid = [issue.low + k * issue.step for k in range(count)]
        else:
            raise ConversionError(path, f"{where}: expected {{\"values\": [...]}} or {{\"range\": {{...}}}}, "
                                        f"got keys {', '.join(sorted(body)) or 'none'}")
        issues.append(issue)
    if not issues:
        raise ConversionError(path, "no issues")
    for issue, iid in zip(issues, unique_ids((i.name for i in issues), "issue")):
        issue.id = iid
    name = doc.get("name")
    return (name if isinstance(name, str) and name.strip() else None), issues, doc


def _number_utility(x: Decimal, lo_v: Decimal, lo_u: Decimal, hi_v: Decimal, hi_u: Decimal) -> Decimal:
    """GeniusWeb's NumberValueSetUtilities.getUtility, decimal for decimal."""
    if x < lo_v or x > hi_v:
        return Decimal(0)
    return (lo_u + (hi_u - lo_u) * (x - lo_v) / (hi_v - lo_v)).quantize(QUANTUM, rounding=ROUND_HALF_UP)


class _Utilities:
    """One issue's utilities, evaluable on a bid value (decimal, exact)."""

    def __init__(self, issue: _Issue, body: Any, path: Path):
        where = f"issueUtilities.{issue.name}"
        body = _mapping(body, path, where)
        self.issue = issue
        if len(body) != 1:
            raise ConversionError(path, f"{where}: expected one of discreteutils, numberutils")
        (kind, data), = body.items()
        data = _mapping(data, path, f"{where}.{kind}")
        if kind == "discreteutils" and issue.kind == "discrete":
            if set(data) != {"valueUtilities"}:
                raise ConversionError(path, f"{where}.discreteutils: expected only valueUtilities")
            given = _mapping(data["valueUtilities"], path, f"{where}.discreteutils.valueUtilities")
            extra = [v for v in given if v not in issue.values]
            if extra:
                raise ConversionError(path, f"{where}: {', '.join(map(repr, extra))} not a value of the domain's issue")
            missing = [v for v in issue.values if v not in given]
            if missing:
                raise ConversionError(path, f"{where}: no utility for {', '.join(map(repr, missing))}")
            self.table = {v: _decimal(given[v], path, f"{where}, value {v!r}", Decimal(0), Decimal(1))
                          for v in issue.values}
        elif kind == "numberutils" and issue.kind == "number":
            keys = {"lowValue", "lowUtility", "highValue", "highUtility"}
            if set(data) != keys:
                raise ConversionError(path, f"{where}.numberutils: expected exactly {', '.join(sorted(keys))}")
            self.lo_v = _decimal(data["lowValue"], path, f"{where}: lowValue")
            self.hi_v = _decimal(data["highValue"], path, f"{where}: highValue")
            self.lo_u = _decimal(data["lowUtility"], path, f"{where}: lowUtility", Decimal(0), Decimal(1))
            self.hi_u = _decimal(data["highUtility"], path, f"{where}: highUtility", Decimal(0), Decimal(1))
            if (self.lo_v, self.hi_v) != (issue.low, issue.high):
                raise ConversionError(path, f"{where}: utilities given on [{self.lo_v}, {self.hi_v}] but the issue's "
                                            f"range is [{issue.low}, {issue.high}] (GeniusWeb refuses this too)")
        elif kind in ("discreteutils", "numberutils"):
            raise ConversionError(path, f"{where}: {kind} on a {issue.kind} issue")
        else:
            raise ConversionError(path, f"{where}: utilities of kind {kind!r} are not supported "
                                        "(discreteutils and numberutils are)")
        self.kind = kind

    def of(self, value: Any) -> Decimal:
        if self.kind == "discreteutils":
            return self.table.get(value, Decimal(0)) if isinstance(value, str) else Decimal(0)
        if not isinstance(value, Decimal):
            return Decimal(0)
        return _number_utility(value, self.lo_v, self.lo_u, self.hi_v, self.hi_u)

    def accord_values(self, path: Path) -> dict[Any, float]:
        issue = self.issue
        if self.kind == "discreteutils":
            return {o: float(self.table[v]) for o, v in zip(issue.option_ids, issue.values)}
        exact = [self.of(x) for x in issue.grid]
        span = float(self.hi_v - self.lo_v)
        linear = [float(self.lo_u) + (float(self.hi_u) - float(self.lo_u)) * (float(x - self.lo_v) / span)
                  for x in issue.grid]
        if all(abs(float(e) - f) <= 1e-12 for e, f in zip(exact, linear)):
            return {tidy(float(self.lo_v)): float(self.lo_u), tidy(float(self.hi_v)): float(self.hi_u)}
        if len(issue.grid) > MAX_EXPLICIT_POINTS:
            raise ConversionError(path, f"issueUtilities.{issue.name}: GeniusWeb rounds interpolated utilities to 8 "
                                        f"decimals, which on {len(issue.grid)} values would need one point per "
                                        f"value (more than {MAX_EXPLICIT_POINTS}); refused rather than approximated")
        return {tidy(float(x)): float(e) for x, e in zip(issue.grid, exact)}


def _plain(value: Any) -> Any:
    """JSON-ready copy: decimals as int/float."""
    if isinstance(value, Decimal):
        return tidy(float(value))
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _read_profile(path: Path, issues: list[_Issue], domain_doc: Any) -> tuple[str | None, dict, float, Any]:
    doc = _mapping(_load(path, "GeniusWeb profile"), path, "profile")
    if len(doc) != 1:
        raise ConversionError(path, "expected one profile object, e.g. {\"LinearAdditiveUtilitySpace\": {...}}")
    (kind, body), = doc.items()
    if kind != "LinearAdditiveUtilitySpace":
        raise ConversionError(path, f"profile type {kind!r} is not LinearAdditiveUtilitySpace: its utility is not a "
                                    "weighted sum of per-issue values, so accord cannot represent it exactly")
    body = _mapping(body, path, kind)
    unknown = sorted(set(body) - PROFILE_KEYS)
    if unknown:
        raise ConversionError(path, f"unknown key(s) {', '.join(map(repr, unknown))} "
                                    f"(expected {', '.join(sorted(PROFILE_KEYS))})")
    if "domain" in body and body["domain"] != domain_doc:
        raise ConversionError(path, "the profile's domain differs from the domain file given")
    names = [i.name for i in issues]
    utilities = _mapping(body.get("issueUtilities"), path, "issueUtilities")
    weights = _mapping(body.get("issueWeights"), path, "issueWeights")
    for what, given in (("issueUtilities", utilities), ("issueWeights", weights)):
        if set(given) != set(names):
            extra, missing = sorted(set(given) - set(names)), sorted(set(names) - set(given))
            detail = "; ".join(filter(None, [f"not in the domain: {', '.join(map(repr, extra))}" if extra else "",
                                             f"missing: {', '.join(map(repr, missing))}" if missing else ""]))
            raise ConversionError(path, f"{what} must name exactly the domain's issues ({detail})")
    w = {n: _decimal(weights[n], path, f"issueWeights.{n}", Decimal(0)) for n in names}
    total = sum(w.values(), Decimal(0))
    if total != 1:
        raise ConversionError(path, f"the weights sum to {total}, not exactly 1 (GeniusWeb rejects such a profile)")
    utils = {i.name: _Utilities(i, utilities[i.name], path) for i in issues}
    preferences = {i.id: {"weight": tidy(float(w[i.name])), "values": utils[i.name].accord_values(path)} for i in issues}

    reservation, bid = Decimal(0), None
    if body.get("reservationBid") is not None:
        rb = _mapping(body["reservationBid"], path, "reservationBid")
        if set(rb) != {"issuevalues"}:
            raise ConversionError(path, "reservationBid: expected {\"issuevalues\": {...}}")
        bid = _mapping(rb["issuevalues"], path, "reservationBid.issuevalues")
        for issue_name, value in bid.items():
            issue = next((i for i in issues if i.name == issue_name), None)
            if issue is None:
                raise ConversionError(path, f"reservationBid: no issue {issue_name!r} in the domain")
            if issue.kind == "discrete" and value not in issue.values:
                raise ConversionError(path, f"reservationBid: {value!r} is not a value of issue {issue_name!r}")
            if issue.kind == "number" and (not isinstance(value, Decimal) or value not in issue.grid):
                raise ConversionError(path, f"reservationBid: {value!r} is not a value of issue {issue_name!r}")
        reservation = sum((w[n] * utils[n].of(bid[n]) for n in names if n in bid), Decimal(0))
    name = body.get("name")
    return (name if isinstance(name, str) and name.strip() else None), preferences, float(reservation), bid


def read_geniusweb(domain: str | os.PathLike, profiles: list[str | os.PathLike] | tuple, *,
                   name: str | None = None) -> dict:
    """Read a GeniusWeb domain and its LinearAdditiveUtilitySpace profiles as an accord scenario document.

    Raises :class:`~accord.importers.ConversionError` naming the file and the
    reason when anything cannot be represented exactly (see the module docstring).
    """
    domain_path = Path(domain)
    profile_paths = [Path(p) for p in profiles]
    if len(profile_paths) < 2:
        raise ConversionError(domain_path, f"{len(profile_paths)} profile(s) given; a negotiation needs one profile per "
                                           "party, at least two")
    if len(set(p.resolve() for p in profile_paths)) != len(profile_paths):
        raise ConversionError(domain_path, "the same profile file is given twice")
    domain_name, issues, domain_doc = _read_domain(domain_path)

    doc_issues: dict[str, Any] = {}
    for issue in issues:
        body: dict[str, Any] = {}
        if issue.id != issue.name:
            body["name"] = issue.name
        if issue.kind == "discrete":
            body["options"] = list(issue.option_ids)
            body["x-geniusweb"] = {"name": issue.name, "values": dict(zip(issue.option_ids, issue.values))}
        else:
            body["range"] = [tidy(float(issue.low)), tidy(float(issue.high))]
            body["step"] = tidy(float(issue.step))
            body["x-geniusweb"] = {"name": issue.name}
        doc_issues[issue.id] = body

    read = [(path, *_read_profile(path, issues, domain_doc)) for path in profile_paths]
    labels = [profile_name or path.stem for path, profile_name, *_ in read]
    actors: dict[str, Any] = {}
    for actor_id, label, (path, _, preferences, reservation, bid) in zip(unique_ids(labels, "party"), labels, read):
        actor: dict[str, Any] = {}
        if actor_id != label:
            actor["name"] = label
        actor.update({"role": "party", "reservation": reservation, "preferences": preferences})
        record: dict[str, Any] = {"profile": path.name}
        if bid is not None:
            record["reservationBid"] = {"issuevalues": _plain(bid)}
        actor["x-geniusweb"] = record
        actors[actor_id] = actor

    return {
        "accord": 1,
        "name": name or domain_name or domain_path.stem,
        "description": f"Imported from GeniusWeb: domain {domain_path.name}, profiles "
                       + ", ".join(p.name for p in profile_paths) + ".",
        "issues": doc_issues,
        "actors": actors,
        "x-geniusweb": {"domain": domain_path.name},
    }

