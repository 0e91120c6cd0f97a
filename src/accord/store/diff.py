"""Semantic diff of two scenarios: what moved in the negotiation, not which lines changed.

A pure function (no store): :func:`semantic_diff` takes two scenario
documents or :class:`~accord.scenario.Scenario` objects and lists, per actor
and issue, which red line, weight, value, reservation or power changed
(old -> new), which issues, options, actors, variants and events were added
or removed, and which evidence was added or removed.

>>> import accord
>>> base = accord.load()
>>> softer = base.document | {"actors": {**base.document["actors"], "hamas": {
...     **base.document["actors"]["hamas"], "reservation": 0.3}}}
>>> [c.summary for c in semantic_diff(base, softer).changes]
['hamas: reservation 0.45 (triangular 0.35/0.45/0.55) -> 0.3']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..scenario import Scenario, from_document
from ..scenario.distributions import Distribution  # noqa: F401  (documents the shapes handled below)
from ._canonical import canonical, plain

DEFAULTS = {"power": 1, "reservation": 0, "role": "party", "weight": 1}


@dataclass(frozen=True)
class Change:
    """One semantic change. ``kind``: added | removed | changed."""

    kind: str
    what: str                  # e.g. "red line", "weight", "value", "reservation", "evidence", "issue"
    path: str                  # where in the document, e.g. actors.hamas.preferences.ceasefire
    summary: str               # one human line
    actor: str | None = None
    issue: str | None = None
    old: Any = None
    new: Any = None

    def to_json(self) -> dict:
        return {"kind": self.kind, "what": self.what, "path": self.path, "actor": self.actor, "issue": self.issue,
                "old": plain(self.old), "new": plain(self.new), "summary": self.summary}


@dataclass(frozen=True)
class Diff:
    old_name: str
    new_name: str
    changes: tuple[Change, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not self.changes

    def _repr_html_(self) -> str:
        from ..notebook import html  # an edge, imported when a notebook shows the result

        return html(self)

    def to_frame(self) -> Any:
        """A tidy pandas DataFrame, one row per change (docs/notebooks.md; ``accord[notebook]``)."""
        from ..notebook import frame

        return frame(self)

    def to_json(self) -> dict:
        return {"old": self.old_name, "new": self.new_name, "identical": self.empty,
                "changes": [c.to_json() for c in self.changes]}


def _document(item: Scenario | dict) -> dict:
    if isinstance(item, Scenario):
        return plain(item.document)
    from_document(item)  # validate: a diff of an invalid scenario would mislead
    return plain(item)


def semantic_diff(old: Scenario | dict, new: Scenario | dict) -> Diff:
    """The semantic changes from ``old`` to ``new`` (documents or scenarios), in document order."""
    a, b = _document(old), _document(new)
    out: list[Change] = []
    for key in ("name", "date", "description"):
        if a.get(key) != b.get(key):
            out.append(Change("changed", key, key, f"{key}: {_fmt(a.get(key))} -> {_fmt(b.get(key))}",
                              old=a.get(key), new=b.get(key)))
    _sources(a.get("sources") or {}, b.get("sources") or {}, out)
    _issues(a.get("issues") or {}, b.get("issues") or {}, out)
    _actors(a.get("actors") or {}, b.get("actors") or {}, out)
    _keyed("event", "events", a.get("events") or {}, b.get("events") or {}, out)
    _keyed("variant", "variants", a.get("variants") or {}, b.get("variants") or {}, out)
    return Diff(str(a.get("name")), str(b.get("name")), tuple(out))


# ------------------------------------------------------------------ helpers

def _fmt(value: Any) -> str:
    """A number, a distribution with its central value, or short text."""
    if isinstance(value, dict) and len(value) == 1:
        (kind, args), = value.items()
        if kind in ("triangular", "uniform", "normal") and isinstance(args, list):
            centre = {"triangular": lambda x: x[1], "uniform": lambda x: (x[0] + x[1]) / 2,
                      "normal": lambda x: x[0]}[kind](args)
            return f"{_num(centre)} ({kind} {'/'.join(_num(x) for x in args)})"
    if isinstance(value, bool) or value is None:
        return str(value).lower() if value is not None else "none"
    if isinstance(value, (int, float)):
        return _num(value)
    if isinstance(value, list):
        return "[" + ", ".join(_fmt(v) for v in value) + "]"
    text = value if isinstance(value, str) else canonical(value)
    text = " ".join(text.split())
    return text if len(text) <= 70 else text[:67] + "..."


def _num(x: Any) -> str:
    return f"{x:g}" if isinstance(x, (int, float)) and not isinstance(x, bool) else str(x)


def _added_removed(what: str, path: str, a: dict, b: dict, out: list, **who) -> list[str]:
    """Report keys only in one side; return the keys in both (in ``b``'s order)."""
    for key in a:
        if key not in b:
            out.append(Change("removed", what, f"{path}.{key}", f"{what} {key} removed", old=a[key], **who))
    for key in b:
        if key not in a:
            out.append(Change("added", what, f"{path}.{key}", f"{what} {key} added", new=b[key], **who))
    return [k for k in b if k in a]


def _sources(a: dict, b: dict, out: list) -> None:
    for sid in _added_removed("source", "sources", a, b, out):
        if canonical(a[sid]) != canonical(b[sid]):
            out.append(Change("changed", "source", f"sources.{sid}", f"source {sid}: {_fmt(a[sid])} -> {_fmt(b[sid])}",
                              old=a[sid], new=b[sid]))


def _issues(a: dict, b: dict, out: list) -> None:
    for iid in _added_removed("issue", "issues", a, b, out):
        old, new = a[iid], b[iid]
        path = f"issues.{iid}"
        if "options" in old and "options" in new:
            for opt in old["options"]:
                if opt not in new["options"]:
                    out.append(Change("removed", "option", f"{path}.options", f"issue {iid}: option {opt} removed",
                                      issue=iid, old=opt))
            for opt in new["options"]:
                if opt not in old["options"]:
                    out.append(Change("added", "option", f"{path}.options", f"issue {iid}: option {opt} added",
                                      issue=iid, new=opt))
            if [o for o in old["options"] if o in new["options"]] != [o for o in new["options"] if o in old["options"]]:
                out.append(Change("changed", "option order", f"{path}.options",
                                  f"issue {iid}: options reordered {_fmt(old['options'])} -> {_fmt(new['options'])}",
                                  issue=iid, old=old["options"], new=new["options"]))
        for key in sorted(set(old) | set(new)):
            if key == "options" and "options" in old and "options" in new:
                continue
            if canonical(old.get(key)) != canonical(new.get(key)):
                out.append(Change("changed", key, f"{path}.{key}",
                                  f"issue {iid}: {key} {_fmt(old.get(key))} -> {_fmt(new.get(key))}",
                                  issue=iid, old=old.get(key), new=new.get(key)))


def _red_line(pref: dict) -> str | None:
    if "reject" in pref:
        return "rejects " + ", ".join(str(o) for o in pref["reject"])
    if "accept" in pref:
        return "accepts only " + ", ".join(str(o) for o in pref["accept"])
    if "min" in pref or "max" in pref:
        parts = [f">= {_num(pref['min'])}" if "min" in pref else "", f"<= {_num(pref['max'])}" if "max" in pref else ""]
        return "only " + " and ".join(p for p in parts if p)
    return None


def _evidence(items: list, path: str, out: list, old: list, **who) -> None:
    """Evidence added/removed, keyed by (source, quote) or the assumption text."""
    def key(e: Any) -> str:
        return canonical(e)

    def label(e: Any) -> str:
        if isinstance(e, dict) and "quote" in e:
            return f"quote from {e.get('source')}: \"{_fmt(e['quote'])}\""
        if isinstance(e, dict) and "assumption" in e:
            return f"assumption: \"{_fmt(e['assumption'])}\""
        return _fmt(e)

    where = who.get("actor") or path
    if who.get("issue"):
        where = f"{where} on {who['issue']}"
    before = {key(e) for e in old}
    after = {key(e) for e in items}
    for e in old:
        if key(e) not in after:
            out.append(Change("removed", "evidence", path, f"{where}: evidence removed, {label(e)}", old=e, **who))
    for e in items:
        if key(e) not in before:
            out.append(Change("added", "evidence", path, f"{where}: evidence added, {label(e)}", new=e, **who))


def _actors(a: dict, b: dict, out: list) -> None:
    for aid in _added_removed("actor", "actors", a, b, out):
        old, new = a[aid] or {}, b[aid] or {}
        path = f"actors.{aid}"
        for key in ("name", "role", "power", "reservation", "description"):
            ov, nv = old.get(key, DEFAULTS.get(key)), new.get(key, DEFAULTS.get(key))
            if canonical(ov) != canonical(nv):
                out.append(Change("changed", key, f"{path}.{key}", f"{aid}: {key} {_fmt(ov)} -> {_fmt(nv)}",
                                  actor=aid, old=ov, new=nv))
        _evidence(new.get("evidence") or [], f"{path}.evidence", out, old.get("evidence") or [], actor=aid)
        _preferences(aid, old.get("preferences") or {}, new.get("preferences") or {}, out)


def _preferences(aid: str, a: dict, b: dict, out: list) -> None:
    path = f"actors.{aid}.preferences"
    for iid in a:
        if iid not in b:
            out.append(Change("removed", "preference", f"{path}.{iid}", f"{aid}: no longer has a stance on {iid}",
                              actor=aid, issue=iid, old=a[iid]))
    for iid in b:
        if iid not in a:
            line = _red_line(b[iid])
            out.append(Change("added", "preference", f"{path}.{iid}",
                              f"{aid}: new stance on {iid}" + (f" (red line: {line})" if line else ""),
                              actor=aid, issue=iid, new=b[iid]))
    for iid in [k for k in b if k in a]:
        old, new = a[iid] or {}, b[iid] or {}
        here = f"{path}.{iid}"
        who = {"actor": aid, "issue": iid}
        ow, nw = old.get("weight", 1), new.get("weight", 1)
        if canonical(ow) != canonical(nw):
            out.append(Change("changed", "weight", f"{here}.weight", f"{aid} on {iid}: weight {_fmt(ow)} -> {_fmt(nw)}",
                              old=ow, new=nw, **who))
        ol, nl = _red_line(old), _red_line(new)
        if ol != nl:
            kind = "added" if ol is None else "removed" if nl is None else "changed"
            text = {"added": f"red line added: {nl}", "removed": f"red line removed (was: {ol})",
                    "changed": f"red line {ol} -> {nl}"}[kind]
            out.append(Change(kind, "red line", here, f"{aid} on {iid}: {text}", old=ol, new=nl, **who))
        ov, nv = old.get("values") or {}, new.get("values") or {}
        for opt in list(ov) + [k for k in nv if k not in ov]:
            if canonical(ov.get(opt)) != canonical(nv.get(opt)):
                out.append(Change("changed", "value", f"{here}.values.{opt}",
                                  f"{aid} on {iid}: value of {opt} {_fmt(ov.get(opt))} -> {_fmt(nv.get(opt))}",
                                  old=ov.get(opt), new=nv.get(opt), **who))
        _evidence(new.get("evidence") or [], f"{here}.evidence", out, old.get("evidence") or [], **who)


def _keyed(what: str, section: str, a: dict, b: dict, out: list) -> None:
    for key in _added_removed(what, section, a, b, out):
        old, new = a[key] or {}, b[key] or {}
        if canonical(old) == canonical(new):
            continue
        if what == "event":
            ev_old, ev_new = old.get("evidence") or [], new.get("evidence") or []
            rest_old = {k: v for k, v in old.items() if k != "evidence"}
            rest_new = {k: v for k, v in new.items() if k != "evidence"}
            if canonical(rest_old) != canonical(rest_new):
                out.append(Change("changed", what, f"{section}.{key}", f"event {key} changed", old=old, new=new))
            _evidence(ev_new, f"{section}.{key}.evidence", out, ev_old, actor=None)
        else:
            part = "patch" if canonical(old.get("patch")) != canonical(new.get("patch")) else "description"
            out.append(Change("changed", what, f"{section}.{key}", f"variant {key}: {part} changed", old=old, new=new))
