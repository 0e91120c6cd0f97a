"""Validation: plain data -> :class:`Scenario`, collecting every problem.

The rules are those of the scenario format (version 1 and the version 1.1
additions: ``unless``, ``holds``, ``interactions``, ``decision``,
``vote_weight``, ``role: constituency`` with ``of``). The validator walks
the whole document even after a problem, so a file's problems are reported
together; it raises :class:`ScenarioError` at the end if there were any.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sys
from collections import Counter
from typing import Any, Literal, Protocol

import numpy as np

from .distributions import parse_distribution
from .errors import Index, Problem, ScenarioError, format_path
from .evidence import quote_occurs
from .model import (
    ROLES,
    RULES,
    Actor,
    Condition,
    Decision,
    Event,
    Evidence,
    Interaction,
    Issue,
    Preference,
    RedLine,
    Scenario,
    Source,
    Uncertain,
    Variant,
)

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")
MAX_GRID_POINTS = 1_000_000
FORMAT_VERSION = 1
FORMAT_VERSIONS = (1, 1.1)  # 1.1: the version 1.1 additions (a version 1 document may use them too)
MAX_INTERACTIONS = 1_000  # interaction terms per scenario, all actors together

TOP_KEYS = {"accord", "name", "date", "description", "sources", "issues", "actors", "variants", "events", "decision"}
EVENT_KEYS = {"round", "apply", "walkout", "return", "description", "evidence"}
ISSUE_KEYS = {"name", "options", "range", "step", "unit", "description", "positions"}
ACTOR_KEYS = {"name", "role", "power", "reservation", "preferences", "evidence", "description",
              "interactions", "vote_weight", "of"}
PREFERENCE_KEYS = {"weight", "values", "reject", "accept", "min", "max", "evidence", "unless", "holds"}
INTERACTION_KEYS = {"when", "weight", "value", "description", "evidence"}
DECISION_KEYS = {"rule", "share", "weight_share", "veto", "description", "evidence"}
SOURCE_KEYS = {"title", "file", "url", "date", "publisher"}
VARIANT_KEYS = {"description", "patch"}
EVENT_KINDS: tuple[Literal["apply", "walkout", "return"], ...] = ("apply", "walkout", "return")  # Event.kind


def _free_text(value: Any) -> str | None:
    """A source's ``date`` or ``publisher`` (free text, never an error, as since version 1): a date YAML read
    as one in ISO form, text and numbers as written, anything else left out."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value).strip() or None
    return None


class Lines(Protocol):
    """Where the parser located each node: ``get(path)`` is its line, or None (a dict, or a variant's view)."""

    def get(self, key: tuple, /) -> int | None: ...


class Validator:
    """Collects problems while building the model from one document."""

    def __init__(self, file: str | None, lines: Lines, source_texts: dict[str, str | None],
                 known_variants: set[str] | None = None, memo: dict | None = None):
        self.memo = memo
        self.anchors: tuple = ()
        self.known_variants = known_variants or set()
        self.file = file
        self.lines = lines
        self.source_texts = source_texts
        self.problems: list[Problem] = []
        self.uncertain: list[Uncertain] = []
        self.declared_issues: set = set()

    # -- reporting -----------------------------------------------------------
    def problem(self, path: tuple, message: str) -> None:
        line = None
        for depth in range(len(path), -1, -1):  # nearest ancestor the parser located
            line = self.lines.get(path[:depth])
            if line is not None:
                break
        self.problems.append(Problem(message, format_path(path), line, self.file))

    # -- memo: a part a variant leaves unchanged is checked once ------------------
    def _recall(self, key: tuple, anchors: tuple) -> tuple[bool, Any]:
        """A part checked before without a problem (``anchors``: the very objects it was checked from).

        Variants are whole documents: validating each one from scratch made the
        work the size of the document times the number of variants. A part
        whose body and context are the same objects as in a document already
        validated gives the same result and the same uncertain numbers, so it is
        taken from ``memo``; parts with problems are always checked again (their
        messages depend on the variant's lines).
        """
        hit = self.memo.get(key) if self.memo is not None else None
        if hit is not None and len(hit[0]) == len(anchors) and all(a is b for a, b in zip(hit[0], anchors)):
            self.uncertain.extend(hit[2])
            return True, hit[1]
        return False, None

    def _remember(self, key: tuple, anchors: tuple, result: Any, problems: int, uncertain: int) -> Any:
        if self.memo is not None and len(self.problems) == problems:
            self.memo[key] = (anchors, result, self.uncertain[uncertain:])
        return result

    # -- generic checks --------------------------------------------------------
    def mapping(self, value: Any, path: tuple, what: str) -> dict | None:
        if not isinstance(value, dict):
            self.problem(path, f"expected a mapping of {what}, got {_kind(value)}")
            return None
        return value

    def keys(self, value: dict, path: tuple, allowed: set[str]) -> None:
        for key in value:
            if isinstance(key, str) and key.startswith("x-"):
                continue
            if key not in allowed:
                self.problem(path + (key,), f"unknown key {key!r}; expected one of {', '.join(sorted(allowed))} (or an x- key)")

    def ident(self, key: Any, path: tuple, what: str) -> bool:
        if not isinstance(key, str) or not ID_PATTERN.match(key):
            self.problem(path, f"{what} id {key!r} must match [A-Za-z0-9][A-Za-z0-9_.-]*")
            return False
        return True

    def text(self, value: Any, path: tuple, required: bool = False) -> str | None:
        if value is None:
            if required:
                self.problem(path, "is required")
            return None
        if not isinstance(value, str) or (required and not value.strip()):
            self.problem(path, f"expected text, got {_kind(value)}")
            return None
        return value

    def number(self, value: Any, path: tuple, low: float = -math.inf, high: float = math.inf,
               default: float | None = None, uncertain: bool = False) -> float | None:
        """A number in [low, high]; with ``uncertain``, a distribution is also allowed."""
        bounds = _bounds(low, high)
        if value is None:
            if default is None:
                self.problem(path, f"is required: expected a number {bounds}")
            return default
        if uncertain and isinstance(value, dict):
            dist, why = parse_distribution(value)
            if dist is None:
                assert why is not None  # every refusal comes with its reason
                self.problem(path, why)
                return None
            lo, hi = dist.support
            if dist.family == "normal":
                lo = hi = dist.central
            if lo < low - 1e-12 or hi > high + 1e-12:
                self.problem(path, f"distribution must stay {bounds}, got {value}")
                return None
            self.uncertain.append(Uncertain(path, dist))
            return dist.central
        if not _is_number(value):
            expected = "a number or a distribution" if uncertain else "a number"
            self.problem(path, f"expected {expected} {bounds}, got {_kind(value)}")
            return None
        if not low <= value <= high:
            self.problem(path, f"expected a number {bounds}, got {value}")
            return None
        return float(value)

    # -- document ----------------------------------------------------------------
    def scenario(self, doc: Any) -> dict | None:
        """Check the whole document; return the pieces to build a Scenario."""
        if not isinstance(doc, dict):
            self.problem((), f"expected a scenario mapping at the top level, got {_kind(doc)}")
            return None
        self.keys(doc, (), TOP_KEYS)
        self.anchors = (doc.get("issues"), doc.get("sources"), self.source_texts)
        version = doc.get("accord")
        if version is None:
            self.problem(("accord",), f"is required: the format version, {FORMAT_VERSION}")
        elif version not in FORMAT_VERSIONS or isinstance(version, bool) or not isinstance(version, (int, float)):
            expected = FORMAT_VERSION if isinstance(version, int) else " or ".join(map(str, FORMAT_VERSIONS))
            self.problem(("accord",), f"unsupported format version {version!r}; expected {expected}")
        name = self.text(doc.get("name"), ("name",))
        description = self.text(doc.get("description"), ("description",))
        date = self.date(doc.get("date"), ("date",))
        sources = self.sources(doc.get("sources"))
        issues = self.issues(doc.get("issues"))
        actors = self.actors(doc.get("actors"), issues, sources)
        self.ratification(doc.get("actors"))
        decision = self.decision(doc.get("decision"), doc.get("actors"), actors, sources)
        variants = self.variants(doc.get("variants"))
        events = self.events(doc.get("events"), actors, doc.get("variants"), sources)
        return dict(name=name, description=description, date=date, sources=sources,
                    issues=issues, actors=actors, variants=variants, events=events, decision=decision)

    def date(self, value: Any, path: tuple) -> dt.date | None:
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.problem(path, f"expected an ISO date like 2024-05-05, got {value!r}")
        return None

    def sources(self, value: Any) -> dict[str, Source]:
        result: dict[str, Source] = {}
        if value is None or self.mapping(value, ("sources",), "source ids to sources") is None:
            return result
        for sid, body in value.items():
            path = ("sources", sid)
            if not self.ident(sid, path, "source") or self.mapping(body, path, "source fields") is None:
                continue
            self.keys(body, path, SOURCE_KEYS)
            title = self.text(body.get("title"), path + ("title",))
            file = self.text(body.get("file"), path + ("file",))
            url = self.text(body.get("url"), path + ("url",))
            # file: and url: together keep the local copy (the quotes are checked against it) and the link
            published, publisher = _free_text(body.get("date")), _free_text(body.get("publisher"))
            if file and (file.startswith(("/", "\\")) or (len(file) > 1 and file[1] == ":")):
                self.problem(path + ("file",), f"expected a path relative to the scenario file, got {file!r}")
                file = None
            result[sid] = Source(sid, title, file, url, self.source_texts.get(sid), published, publisher)
        return result

    def issues(self, value: Any) -> dict[str, Issue]:
        result: dict[str, Issue] = {}
        if value is None:
            self.problem(("issues",), "is required: a mapping of issue ids to issues, at least one")
            return result
        if self.mapping(value, ("issues",), "issue ids to issues") is None:
            return result
        if not value:
            self.problem(("issues",), "expected at least one issue")
        self.declared_issues = set(value)
        for iid, body in value.items():
            path = ("issues", iid)
            if not self.ident(iid, path, "issue") or self.mapping(body, path, "issue fields") is None:
                continue
            self.keys(body, path, ISSUE_KEYS)
            key, before = ("issue", iid, id(body)), (len(self.problems), len(self.uncertain))
            found, issue = self._recall(key, (body,))
            if not found:
                issue = self._remember(key, (body,), self.issue(iid, body, path), *before)
            if issue is not None:
                result[iid] = issue
        return result

    def issue(self, iid: str, body: dict, path: tuple) -> Issue | None:
        name = self.text(body.get("name"), path + ("name",)) or iid
        unit = self.text(body.get("unit"), path + ("unit",))
        has_options, has_range = "options" in body, "range" in body
        if has_options == has_range:
            self.problem(path, "expected exactly one of options: (categorical) or range: (numeric)")
            return None
        if has_options:
            options = body["options"]
            if not isinstance(options, list) or len(options) < 2:
                got = f"{len(options)} option(s)" if isinstance(options, list) else _kind(options)
                self.problem(path + ("options",), f"expected a list of at least two options, got {got}")
                return None
            valid = True
            for k, option in enumerate(options):
                valid &= self.ident(option, path + ("options", Index(k)), "option")
            if valid and len(set(options)) != len(options):
                duplicated = sorted({o for o, n in Counter(options).items() if n > 1})
                self.problem(path + ("options",), f"options must be unique; repeated: {', '.join(duplicated)}")
                valid = False
            for extra in ("step",):
                if extra in body:
                    self.problem(path + (extra,), "only a numeric issue (range:) takes step:")
            positions = self.positions(body.get("positions"), options, path + ("positions",)) if valid else None
            if valid and positions is False:
                return None
            return Issue(iid, name, "categorical", tuple(options), unit, positions=positions or None) if valid else None
        if "positions" in body:
            self.problem(path + ("positions",), "only a categorical issue (options:) takes positions:")
        bounds = body["range"]
        if not isinstance(bounds, list) or len(bounds) != 2 or not all(_is_number(b) for b in bounds):
            self.problem(path + ("range",), f"expected [low, high], two numbers, got {bounds!r}")
            return None
        lo, hi = float(bounds[0]), float(bounds[1])
        if not lo < hi:
            self.problem(path + ("range",), f"expected low < high, got [{lo:g}, {hi:g}]")
            return None
        step = self.number(body.get("step"), path + ("step",), 0, math.inf)
        if step is None:
            return None
        if step <= 0:
            self.problem(path + ("step",), "expected a number > 0, got 0")
            return None
        ratio = (hi - lo) / step
        if not math.isfinite(ratio) or ratio + 1 > MAX_GRID_POINTS:
            shown = f"{ratio + 1:.3g}" if math.isfinite(ratio) else "infinitely many"
            self.problem(path + ("step",), f"range/step gives {shown} points; the limit is {MAX_GRID_POINTS}")
            return None
        count = math.floor(ratio + 1e-9) + 1
        grid = tuple(_tidy(lo + k * step) for k in range(count))
        return Issue(iid, name, "numeric", grid, unit, (lo, hi), step)

    def positions(self, value: Any, options: list, path: tuple) -> tuple[float, ...] | None | Literal[False]:
        """Where each option sits on the issue's scale: ``{option: number}`` for every option."""
        if value is None:
            return None
        if self.mapping(value, path, "options to numbers") is None:
            return False
        known = set(options)
        unknown = [o for o in value if o not in known]
        missing = [o for o in options if o not in value]
        if unknown or missing:
            what = (f"no option {unknown[0]!r}" if unknown else f"missing {', '.join(missing)}")
            self.problem(path, f"{what}: positions needs a number for each of {', '.join(options)}")
            return False
        numbers = [self.number(value[o], path + (o,)) for o in options]
        found = [n for n in numbers if n is not None]
        return False if len(found) < len(numbers) else tuple(found)

    def actors(self, value: Any, issues: dict[str, Issue], sources: dict[str, Source]) -> dict[str, Actor]:
        result: dict[str, Actor] = {}
        if value is None:
            self.problem(("actors",), "is required: a mapping of actor ids to actors, at least two parties")
            return result
        if self.mapping(value, ("actors",), "actor ids to actors") is None:
            return result
        for aid, body in value.items():
            path = ("actors", aid)
            if not self.ident(aid, path, "actor") or self.mapping(body, path, "actor fields") is None:
                continue
            key, anchors = ("actor", aid, id(body)), (body,) + self.anchors
            before = (len(self.problems), len(self.uncertain))
            found, actor = self._recall(key, anchors)
            if not found:
                actor = self._remember(key, anchors, self.actor(aid, body, path, issues, sources), *before)
            if actor is not None:
                result[aid] = actor
        # Count declared parties (an actor with another problem, or a misspelt
        # role, still counts) so that one mistake is not reported twice.
        declared = [body for body in value.values()
                    if isinstance(body, dict) and body.get("role", "party") not in ROLES[1:]]
        if len(declared) < 2:
            self.problem(("actors",), f"expected at least two actors with role party, got {len(declared)}")
        terms = sum(len(actor.interactions) for actor in result.values())
        if terms > MAX_INTERACTIONS:
            self.problem(("actors",), f"refused: {terms} interaction terms in all; the limit is {MAX_INTERACTIONS} "
                                      "per scenario")
        return result

    def actor(self, aid: str, body: dict, path: tuple, issues: dict[str, Issue], sources: dict[str, Source]) -> Actor | None:
        self.keys(body, path, ACTOR_KEYS)
        name = self.text(body.get("name"), path + ("name",)) or aid
        role = body.get("role", "party")
        if role not in ROLES:
            self.problem(path + ("role",), f"role must be one of {', '.join(ROLES)}, got {role!r}")
            role = "observer"
        power = self.number(body.get("power"), path + ("power",), 0, math.inf, default=1.0, uncertain=True)
        reservation = self.number(body.get("reservation"), path + ("reservation",), 0, 1, default=0.0, uncertain=True)
        evidence = self.evidence(body.get("evidence"), path + ("evidence",), sources)
        vote_weight = self.number(body.get("vote_weight"), path + ("vote_weight",), 0, math.inf, default=1.0)
        of = body.get("of")
        if of is not None and role != "constituency":
            self.problem(path + ("of",), f"of: applies to role constituency only (this actor's role is {role})")
            of = None
        elif role == "constituency" and of is None:
            self.problem(path + ("of",), "is required for a constituency: the id of the party whose yes it ratifies")
        elif of is not None and not isinstance(of, str):
            self.problem(path + ("of",), f"expected a party id, got {_kind(of)}")
            of = None
        interactions = self.interactions(body.get("interactions"), path + ("interactions",), issues, sources)
        preferences: dict[str, Preference] = {}
        prefs = body.get("preferences")
        if prefs is not None and self.mapping(prefs, path + ("preferences",), "issue ids to preferences") is not None:
            for iid, pbody in prefs.items():
                ppath = path + ("preferences", iid)
                if iid not in issues:
                    if iid not in self.declared_issues:  # a declared but invalid issue is reported already
                        known = ", ".join(issues) or "none"
                        self.problem(ppath, f"no issue {iid!r} in issues (known: {known})")
                    continue
                if self.mapping(pbody, ppath, "preference fields") is None:
                    continue
                key, anchors = ("preference", ppath, id(pbody)), (pbody, issues[iid]) + self.anchors[1:]
                before = (len(self.problems), len(self.uncertain))
                if "unless" in pbody:  # its conditions name other issues: checked against all of them
                    anchors += self.anchors[:1]
                found, pref = self._recall(key, anchors)
                if not found:
                    pref = self._remember(key, anchors, self.preference(issues[iid], pbody, ppath, sources, issues),
                                          *before)
                if pref is not None:
                    preferences[iid] = pref
        blocked = isinstance(prefs, dict) and any(i in self.declared_issues and i not in issues for i in prefs)
        if role == "party" and prefs is not None and not any(p.weight > 0 for p in preferences.values()):
            if not blocked and not any(_under(p.path, format_path(path)) for p in self.problems):
                self.problem(path + ("preferences",), "a party needs at least one issue with weight > 0")
        elif role == "party" and prefs is None:
            self.problem(path + ("preferences",), "is required for a party: at least one issue with weight > 0")
        if (role == "constituency" and reservation is not None and reservation > 0 and interactions is not None
                and not any(p.weight > 0 for p in preferences.values()) and not any(t.weight > 0 for t in interactions)
                and not any(_under(p.path, format_path(path)) for p in self.problems)):
            self.problem(path + ("preferences",), "a constituency with reservation > 0 needs at least one issue or "
                                                  "interaction with weight > 0 (otherwise it ratifies nothing)")
        if power is None or reservation is None or vote_weight is None or interactions is None:
            return None
        return Actor(aid, name, role, power, reservation, preferences, evidence, interactions, vote_weight, of)

    def preference(self, issue: Issue, body: dict, path: tuple, sources: dict[str, Source],
                   issues: dict[str, Issue] | None = None) -> Preference | None:
        self.keys(body, path, PREFERENCE_KEYS)
        weight = self.number(body.get("weight"), path + ("weight",), 0, math.inf, default=1.0, uncertain=True)
        evidence = self.evidence(body.get("evidence"), path + ("evidence",), sources)
        red_line = self.red_line(issue, body, path)
        unless: tuple[Condition, ...] | None = ()
        holds: float | None = 1.0
        if "unless" in body:
            unless = self.conditions(body["unless"], path + ("unless",), issues or {}, own=issue.id)
            if red_line is None:
                self.problem(path + ("unless",), "unless: waives a red line, and this preference has none "
                                                 "(reject:, accept:, min: or max:)")
                unless = None
        if "holds" in body:
            holds = self.number(body["holds"], path + ("holds",), 0, 1, uncertain=True)
            if red_line is None:
                self.problem(path + ("holds",), "holds: is the probability that a red line binds, and this preference "
                                                "has none (reject:, accept:, min: or max:)")
                holds = None
        values = body.get("values")
        points: tuple | None
        if issue.kind == "categorical":
            scores, points = self.categorical_values(issue, values, path + ("values",), weight), ()
        else:
            points = self.numeric_values(values, path + ("values",), weight)
            scores = None
            if points is not None:
                xs, ys = zip(*points) if points else ((), ())
                scores = tuple(np.interp(np.asarray(issue.options, float), xs, ys).tolist()) if points else (0.0,) * issue.size
        if weight is None or scores is None or points is None or red_line is False or unless is None or holds is None:
            return None
        return Preference(issue.id, weight, scores, points, red_line or None, evidence, unless, holds)

    # -- format 1.1 ------------------------------------------------------------
    def conditions(self, value: Any, path: tuple, issues: dict[str, Issue], own: str | None = None,
                   at_least: int = 1) -> tuple[Condition, ...] | None:
        """``{issue: [options]}`` (categorical) or ``{issue: {min: x, max: y}}`` (numeric), for ``unless``/``when``."""
        if self.mapping(value, path, "issue ids to conditions") is None:
            return None
        word = path[-1]
        if len(value) < at_least:
            self.problem(path, f"expected at least {at_least} issue{'s' if at_least > 1 else ''} with a condition, "
                               f"got {len(value)}")
            return None
        found: list[Condition] = []
        ok = True
        for iid, body in value.items():
            cpath = path + (iid,)
            if own is not None and iid == own:
                self.problem(cpath, f"{word}: names the preference's own issue {iid!r}; a condition must be on "
                                    "another issue")
                ok = False
                continue
            issue = issues.get(iid) if isinstance(iid, str) else None
            if issue is None:
                if not (isinstance(iid, str) and iid in self.declared_issues):  # a declared but invalid issue is reported already
                    self.problem(cpath, f"no issue {iid!r} in issues (known: {_listing(list(issues)) or 'none'})")
                ok = False
                continue
            condition = self.condition(issue, body, cpath)
            if condition is None:
                ok = False
            else:
                found.append(condition)
        return tuple(found) if ok else None

    def condition(self, issue: Issue, body: Any, path: tuple) -> Condition | None:
        if issue.kind == "categorical":
            if not isinstance(body, list) or not body:
                got = "an empty list" if isinstance(body, list) else _kind(body)
                self.problem(path, f"expected a list of options of issue {issue.id} (at least one), got {got}")
                return None
            known = set(issue.options)
            ok = True
            for k, option in enumerate(body):
                if not _member(option, known):
                    self.problem(path + (Index(k),), f"no option {option!r} in issue {issue.id} "
                                                     f"(options: {_listing(issue.options)})")
                    ok = False
            chosen = set(body) if ok else set()
            return Condition(issue.id, tuple(o for o in issue.options if o in chosen)) if ok else None
        if not isinstance(body, dict):
            self.problem(path, f"expected {{min: x, max: y}} (either bound) on numeric issue {issue.id}, got {_kind(body)}")
            return None
        self.keys(body, path, {"min", "max"})
        if "min" not in body and "max" not in body:
            self.problem(path, "expected min: and/or max:")
            return None
        lo = self.number(body["min"], path + ("min",)) if "min" in body else None
        hi = self.number(body["max"], path + ("max",)) if "max" in body else None
        if ("min" in body and lo is None) or ("max" in body and hi is None):
            return None
        if lo is not None and hi is not None and lo > hi:
            self.problem(path, f"min ({lo:g}) must not exceed max ({hi:g})")
            return None
        if any(isinstance(k, str) and not k.startswith("x-") and k not in ("min", "max") for k in body):
            return None
        return Condition(issue.id, (), lo, hi)

    def interactions(self, value: Any, path: tuple, issues: dict[str, Issue],
                     sources: dict[str, Source]) -> tuple[Interaction, ...] | None:
        """Package terms ``[{when: {...}, weight: w, value: v}, ...]`` (at most ``MAX_INTERACTIONS``)."""
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem(path, f"expected a list of {{when, weight, value}} entries, got {_kind(value)}")
            return None
        if len(value) > MAX_INTERACTIONS:
            self.problem(path, f"refused: {len(value)} interaction terms; the limit is {MAX_INTERACTIONS} per scenario")
            return None
        found: list[Interaction] = []
        ok = True
        for k, entry in enumerate(value):
            epath = path + (Index(k),)
            if self.mapping(entry, epath, "interaction fields (when, weight, value)") is None:
                ok = False
                continue
            self.keys(entry, epath, INTERACTION_KEYS)
            if "when" not in entry:
                self.problem(epath + ("when",), "is required: at least two issues with a condition each")
                ok = False
                continue
            when = self.conditions(entry["when"], epath + ("when",), issues, at_least=2)
            weight = self.number(entry.get("weight"), epath + ("weight",), 0, math.inf, default=1.0, uncertain=True)
            worth = self.number(entry.get("value"), epath + ("value",), 0, 1, default=1.0, uncertain=True)
            description = self.text(entry.get("description"), epath + ("description",)) or ""
            evidence = self.evidence(entry.get("evidence"), epath + ("evidence",), sources)
            if when is None or weight is None or worth is None:
                ok = False
                continue
            found.append(Interaction(when, weight, worth, description, evidence))
        return tuple(found) if ok else None

    def ratification(self, value: Any) -> None:
        """Each constituency's ``of`` names a party (checked once every actor's role is known)."""
        if not isinstance(value, dict):
            return
        roles = {aid: body.get("role", "party") for aid, body in value.items() if isinstance(body, dict)}
        parties = ", ".join(str(a) for a, r in roles.items() if r == "party") or "none"
        for aid, body in value.items():
            if not isinstance(body, dict) or body.get("role") != "constituency":
                continue
            target = body.get("of")
            if not isinstance(target, str):
                continue  # reported with the actor
            if target not in roles:
                self.problem(("actors", aid, "of"), f"no actor {target!r} in actors (parties: {parties})")
            elif roles[target] == "constituency":
                self.problem(("actors", aid, "of"), f"of names {target!r}, itself a constituency: a constituency "
                                                    f"ratifies for a party (parties: {parties})")
            elif roles[target] != "party":
                self.problem(("actors", aid, "of"), f"of must name a party (parties: {parties}); {target!r} is a "
                                                    f"{roles[target]}")

    def decision(self, value: Any, raw_actors: Any, actors: dict[str, Actor],
                 sources: dict[str, Source]) -> Decision | None:
        """The top-level ``decision``: rule, share, weight_share, veto (None when not given)."""
        path = ("decision",)
        if value is None or self.mapping(value, path, "decision fields (rule, share, weight_share, veto)") is None:
            return None
        self.keys(value, path, DECISION_KEYS)
        rule = value.get("rule", "unanimity")
        if rule not in RULES:
            self.problem(path + ("rule",), f"unknown rule {rule!r}; expected one of {', '.join(RULES)}")
            rule = None
        share = self.share(value, "share", rule)
        weight_share = self.share(value, "weight_share", rule)
        if rule == "qualified" and "share" not in value:
            self.problem(path + ("share",), "is required for rule qualified: the minimum share of the parties that "
                                            "accept, in (0, 1]")
        roles = ({aid: body.get("role", "party") for aid, body in raw_actors.items() if isinstance(body, dict)}
                 if isinstance(raw_actors, dict) else {})
        parties = ", ".join(str(a) for a, r in roles.items() if r == "party") or "none"
        if weight_share is not None and roles and all(a in actors for a in roles):
            total = sum(actor.vote_weight for actor in actors.values() if actor.is_party)
            if total <= 0:
                self.problem(path + ("weight_share",), "needs parties whose vote_weight adds up to more than 0")
        veto: list[str] = []
        raw = value.get("veto")
        if raw is not None:
            if not isinstance(raw, list):
                self.problem(path + ("veto",), f"expected a list of party ids, got {_kind(raw)}")
            else:
                for k, aid in enumerate(raw):
                    vpath = path + ("veto", Index(k))
                    if not isinstance(aid, str) or aid not in roles:
                        self.problem(vpath, f"no actor {aid!r} in actors (parties: {parties})")
                    elif roles[aid] != "party":
                        self.problem(vpath, f"veto names {aid!r}, a {roles[aid]}; only parties vote (parties: {parties})")
                    elif aid not in veto:
                        veto.append(aid)
        description = self.text(value.get("description"), path + ("description",)) or ""
        evidence = self.evidence(value.get("evidence"), path + ("evidence",), sources)
        if rule is None:
            return None
        return Decision(rule, share, weight_share, tuple(veto), description, evidence)

    def share(self, value: dict, key: str, rule: str | None) -> float | None:
        """``share`` / ``weight_share``: a plain number in (0, 1], for rule qualified only."""
        if key not in value:
            return None
        path = ("decision", key)
        if rule is not None and rule != "qualified":
            self.problem(path, f"{key}: applies to rule qualified only (the rule is {rule})")
            return None
        number = value[key]
        if not _is_number(number) or not 0 < number <= 1:
            self.problem(path, f"expected a number in (0, 1], got {_kind(number)}")
            return None
        return float(number)

    def categorical_values(self, issue: Issue, values: Any, path: tuple, weight: float | None) -> tuple | None:
        if values is None:
            if weight:
                self.problem(path, f"is required when weight > 0: a value in [0, 1] for each of {', '.join(map(str, issue.options))}")
                return None
            return (0.0,) * issue.size
        if self.mapping(values, path, "options to values in [0, 1]") is None:
            return None
        ok = True
        known = set(issue.options)  # a set: one lookup per option, not a scan of the list
        for option in values:
            if option not in known:
                self.problem(path + (option,), f"no option {option!r} in issue {issue.id} (options: {_listing(issue.options)})")
                ok = False
        missing = [o for o in issue.options if o not in values]
        if missing and weight:
            self.problem(path, f"missing a value for {', '.join(map(str, missing))}: every option needs one when weight > 0")
            ok = False
        scores = []
        for option in issue.options:
            default = None if option in values else 0.0  # an explicit null is not a number
            score = self.number(values.get(option), path + (option,), 0, 1, default=default, uncertain=True)
            ok &= score is not None
            scores.append(score)
        return tuple(scores) if ok else None

    def numeric_values(self, values: Any, path: tuple, weight: float | None) -> tuple | None:
        if values is None:
            if weight:
                self.problem(path, "is required when weight > 0: points {x: value} of a piecewise-linear function")
                return None
            return ()
        if self.mapping(values, path, "points {x: value in [0, 1]}") is None:
            return None
        if not values:
            self.problem(path, "expected at least one point {x: value}")
            return None
        points = []
        for x, y in values.items():
            xf = _as_float(x)
            if xf is None:
                self.problem(path + (x,), f"point {x!r} is not a number")
                continue
            value = self.number(y, path + (x,), 0, 1, uncertain=True)
            if value is not None:
                points.append((xf, value))
        if len(points) != len(values):
            return None
        points.sort()
        if len({x for x, _ in points}) != len(points):
            self.problem(path, "points must have distinct x")
            return None
        return tuple(points)

    def red_line(self, issue: Issue, body: dict, path: tuple) -> RedLine | None | Literal[False]:
        """The red line, None when there is none, False when it is invalid."""
        reject, accept = body.get("reject"), body.get("accept")
        low, high = body.get("min"), body.get("max")
        if issue.kind == "categorical":
            for key in ("min", "max"):
                if key in body:
                    self.problem(path + (key,), f"{key}: applies to numeric issues; on a categorical issue use reject: or accept:")
                    return False
            if reject is not None and accept is not None:
                self.problem(path, "give reject: or accept:, never both")
                return False
            if reject is None and accept is None:
                return None
            kind: Literal["reject", "accept"] = "reject" if reject is not None else "accept"
            listed = reject if reject is not None else accept
            if not isinstance(listed, list):
                self.problem(path + (kind,), f"expected a list of options, got {_kind(listed)}")
                return False
            ok = True
            known = set(issue.options)
            for k, option in enumerate(listed):
                if not _member(option, known):
                    self.problem(path + (kind, Index(k)), f"no option {option!r} in issue {issue.id} (options: {_listing(issue.options)})")
                    ok = False
            chosen = set(listed) if ok else set()  # every entry is one of the options here: hashable
            return RedLine(kind, tuple(o for o in issue.options if o in chosen)) if ok else False
        for key in ("reject", "accept"):
            if key in body:
                self.problem(path + (key,), f"{key}: applies to categorical issues; on a numeric issue use min: and/or max:")
                return False
        if low is None and high is None:
            return None
        lo = self.number(low, path + ("min",), default=-math.inf, uncertain=True) if low is not None else None
        hi = self.number(high, path + ("max",), default=math.inf, uncertain=True) if high is not None else None
        if (low is not None and lo is None) or (high is not None and hi is None):
            return False
        if lo is not None and hi is not None and lo > hi:
            self.problem(path, f"min ({lo:g}) must not exceed max ({hi:g})")
            return False
        return RedLine("range", (), lo, hi)

    def evidence(self, value: Any, path: tuple, sources: dict[str, Source]) -> tuple[Evidence, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem(path, f"expected a list of {{source, quote}} or {{assumption}} entries, got {_kind(value)}")
            return ()
        items = []
        for k, entry in enumerate(value):
            epath = path + (Index(k),)
            if not isinstance(entry, dict):
                self.problem(epath, f"expected {{source: ID, quote: TEXT}} or {{assumption: TEXT}}, got {_kind(entry)}")
                continue
            self.keys(entry, epath, {"source", "quote", "assumption"})
            if "assumption" in entry:
                if "quote" in entry or "source" in entry:
                    self.problem(epath, "an entry is either a quote (source, quote) or an assumption, not both")
                    continue
                text = self.text(entry["assumption"], epath + ("assumption",), required=True)
                if text:
                    items.append(Evidence(assumption=text))
                continue
            sid = entry.get("source")
            quote = self.text(entry.get("quote"), epath + ("quote",), required=True)
            if sid is None:
                self.problem(epath + ("source",), "is required with a quote: the id of an entry in sources")
                continue
            if not isinstance(sid, str):
                self.problem(epath + ("source",), f"expected a source id (text), got {_kind(sid)}")
                continue
            if sid not in sources:
                known = ", ".join(sources) or "none"
                self.problem(epath + ("source",), f"no source {sid!r} in sources (known: {known})")
                continue
            if quote is None:
                continue
            text = sources[sid].text
            if text is not None and not quote_occurs(quote, text):
                self.problem(epath + ("quote",), f"quote does not occur in source {sid!r} ({sources[sid].file}): {_clip(quote)}")
                continue
            items.append(Evidence(source=sid, quote=quote))
        return tuple(items)

    def variants(self, value: Any) -> dict[str, Variant]:
        result: dict[str, Variant] = {}
        if value is None or self.mapping(value, ("variants",), "variant ids to variants") is None:
            return result
        for vid, body in value.items():
            path = ("variants", vid)
            if not self.ident(vid, path, "variant") or self.mapping(body, path, "variant fields") is None:
                continue
            self.keys(body, path, VARIANT_KEYS)
            description = self.text(body.get("description"), path + ("description",)) or ""
            patch = body.get("patch")
            if patch is None:
                self.problem(path + ("patch",), "is required: a JSON Merge Patch on this document")
                continue
            if self.mapping(patch, path + ("patch",), "keys to merge into the scenario") is None:
                continue
            if "variants" in patch:
                self.problem(path + ("patch", "variants"), "a variant cannot patch variants")
                continue
            result[vid] = Variant(vid, description, patch)
        return result


    def events(self, value: Any, actors: dict[str, Actor], variants: Any, sources: dict[str, Source]) -> tuple[Event, ...]:
        """Scripted shocks (an accord extension): ``events: {ID: {round: t, apply|walkout|return: ...}}``."""
        result: list[Event] = []
        if value is None or self.mapping(value, ("events",), "event ids to events") is None:
            return ()
        own = variants if isinstance(variants, dict) else {}
        for eid, body in value.items():
            path = ("events", eid)
            if not self.ident(eid, path, "event") or self.mapping(body, path, "event fields") is None:
                continue
            self.keys(body, path, EVENT_KEYS)
            at = body.get("round")
            if not isinstance(at, int) or isinstance(at, bool) or not 0 <= at <= 2**63 - 1:
                self.problem(path + ("round",), f"expected a round number in [0, 2^63 - 1], got {_kind(at)}")
                continue
            kinds = [k for k in EVENT_KINDS if k in body]
            if len(kinds) != 1:
                self.problem(path, "expected exactly one of apply: VARIANT, walkout: PARTY or return: PARTY")
                continue
            kind, target = kinds[0], body[kinds[0]]
            if not isinstance(target, str):
                what = "a variant id" if kind == "apply" else "a party id"
                self.problem(path + (kind,), f"expected {what}, got {_kind(target)}")
                continue
            if kind == "apply" and target not in own and target not in self.known_variants:
                known_variants = set(own) | self.known_variants  # (built for the message only: not once per variant)
                self.problem(path + ("apply",), f"no variant {target!r} (known: {', '.join(sorted(known_variants)) or 'none'})")
                continue
            if kind != "apply" and (target not in actors or not actors[target].is_party):
                parties = ", ".join(a for a, actor in actors.items() if actor.is_party)
                self.problem(path + (kind,), f"{kind} needs a party id (parties: {parties}), got {target!r}")
                continue
            description = self.text(body.get("description"), path + ("description",)) or ""
            evidence = self.evidence(body.get("evidence"), path + ("evidence",), sources)
            result.append(Event(eid, at, kind, target, description, evidence))
        return tuple(sorted(result, key=lambda e: e.round))


def build(doc: Any, *, file: str | None, lines: Lines, source_texts: dict[str, str | None],
          variant: str | None = None, known_variants: set[str] | None = None, memo: dict | None = None) -> Scenario:
    """Validate ``doc`` and build the scenario; raise ScenarioError listing every problem.

    ``known_variants`` are variant ids that events may apply besides the
    document's own (a patched document is validated without its variants).
    ``memo`` (a dict shared by the validations of a document and its variants)
    lets the parts a variant does not change be checked once.
    """
    validator = Validator(file, lines, source_texts, known_variants, memo)
    pieces = validator.scenario(doc)
    if validator.problems or pieces is None:
        raise ScenarioError(validator.problems)
    default_name = (file.rsplit("/", 1)[-1].rsplit(".", 1)[0] if file else "untitled")
    return Scenario(
        name=pieces["name"] or default_name,
        issues=pieces["issues"],
        actors=pieces["actors"],
        date=pieces["date"],
        description=pieces["description"],
        sources=pieces["sources"],
        variants=pieces["variants"],
        events=pieces["events"],
        decision=pieces["decision"],
        uncertain=tuple(validator.uncertain),
        document=doc,
        file=file,
        variant=variant,
    )


def _listing(options: tuple | list, limit: int = 20) -> str:
    """The options for a message: all of them up to ``limit``, else the first ``limit`` and the count (a message
    per unknown option must not grow with the number of options)."""
    if len(options) <= limit:
        return ", ".join(options)
    return ", ".join(options[:limit]) + f", ... ({len(options)} options)"


def _member(value: Any, known: set) -> bool:
    """``value in known`` for any parsed value (an unhashable list or mapping is never a member)."""
    try:
        return value in known
    except TypeError:
        return False


def _under(path: str, prefix: str) -> bool:
    """Whether the formatted ``path`` is ``prefix`` or inside it."""
    return path == prefix or path.startswith(prefix + ".") or path.startswith(prefix + "[")


def _is_number(value: Any) -> bool:
    """A finite int or float that a float can hold (``10**400`` is refused rather than overflowing later)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if isinstance(value, int):
        return abs(value) <= _FLOAT_MAX
    return math.isfinite(value)


_FLOAT_MAX = int(sys.float_info.max)


def _as_float(value: Any) -> float | None:
    if _is_number(value):
        return float(value)
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def _tidy(x: float) -> int | float:
    """Grid points as ints when integral, and without float noise otherwise."""
    rounded = round(x, 9)
    return int(rounded) if rounded == int(rounded) else rounded


def _bounds(low: float, high: float) -> str:
    if math.isinf(low) and math.isinf(high):
        return ""
    if math.isinf(high):
        return f">= {low:g}"
    return f"in [{low:g}, {high:g}]"


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"a boolean ({value})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"text {_clip(value)!r}"
    if _is_number(value):
        return f"the number {value}"
    if isinstance(value, int):
        return f"an integer of {value.bit_length()} bits, too large for a number"
    return type(value).__name__


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
