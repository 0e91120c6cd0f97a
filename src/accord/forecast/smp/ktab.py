"""KTAB's SMP input files, read from their text: the CSV table and the XML scenario.

CSV (``SMPModel::csvRead``; KTAB's SMPTutorial): row 1 gives the scenario's
name, its description, the number of actors N and of dimensions D; row 2 the
headers (actor, description, power, then a position and a salience column
per dimension: the dimensions' names are the position headers); then N rows
of actor, description, power (capability, >= 0... > 0 here: an actor without
capability cannot vote), and per dimension a position in [0, 100] and a
salience in [0, 100], an actor's saliences summing to at most 100. Extra
columns and rows after the N actors are ignored, as KTAB ignores them.

XML (``SMPModel::xmlRead``): ``<Scenario>`` with ``name``, ``desc``,
``prngSeed``, optional ``ModelParameters`` (KTAB's nine, all required when
the element is there), ``Dimensions/dName``, ``Actors/Actor`` (``name``,
``description``, ``capability``, ``Position/dCoord`` and ``Salience/dSal``
per dimension, none empty: KTAB's later reader refuses an empty one too) and optional
``IdealAdjustment/iaPair`` (``adjustingIdeal``, ``referencePos``,
``adjust``) setting entries of the accommodation matrix, whose diagonal is
otherwise 1.

Every problem is one :class:`~accord.errors.InvalidInput` naming the file and
the row (CSV) or the element (XML).

>>> text = "s,demo,3,1\\nActor,Desc,Power,P,S\\na,,10,0,50\\nb,,10,40,50\\nc,,10,100,50\\n"
>>> data = read_ktab_csv(text, "demo.csv")
>>> data.actors, data.dimensions, data.position[:, 0].tolist()
(('a', 'b', 'c'), ('P',), [0.0, 40.0, 100.0])
>>> read_ktab_csv(text.replace("40,50", "40,x"), "demo.csv")
Traceback (most recent call last):
...
accord.errors.InvalidInput: demo.csv, row 4 (b): salience of P must be a number; got 'x'
"""

from __future__ import annotations

import csv
import io
import math
import re
import xml.etree.ElementTree as ET
from typing import Any

import numpy as np

from ...errors import InvalidInput
from ..errors import ForecastError
from .model import MAX_ACTORS, MIN_ACTORS, SMPInput
from .rules import CHOICES, SMPParameters

MAX_DIMENSIONS = 50


def _fail(name: str, where: str, text: str) -> InvalidInput:
    return InvalidInput(name, message=f"{name}, {where}: {text}")


def _number(cell: str, name: str, where: str, what: str) -> float:
    try:
        x = float(cell.strip())
    except ValueError:
        raise _fail(name, where, f"{what} must be a number; got {cell.strip()!r}") from None
    if not math.isfinite(x):
        raise _fail(name, where, f"{what} must be a finite number; got {cell.strip()!r}")
    return x


def _check_actor(name: str, where: str, cap: float, pos: list[float], sal: list[float], dims: list[str]) -> None:
    if cap <= 0:
        raise _fail(name, where, f"influence must be > 0; got {cap:g}")
    for d, p, s in zip(dims, pos, sal, strict=True):
        if not 0 <= p <= 100:
            raise _fail(name, where, f"position on {d} must lie in [0, 100]; got {p:g}")
        if not 0 <= s <= 100:
            raise _fail(name, where, f"salience on {d} must lie in [0, 100]; got {s:g}")
    total = sum(sal)
    if total > 100 + 1e-9 or total <= 0:
        raise _fail(name, where, f"saliences must sum to more than 0 and at most 100 (KTAB's rule); got {total:g}")


def read_ktab_csv(text: str, name: str = "input.csv") -> SMPInput:
    """An :class:`SMPInput` from the text of a KTAB SMP CSV file (module docstring), with the default parameters."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if len(rows) < 2:
        raise _fail(name, "row 1", "expected a scenario row and a header row")
    head = rows[0]
    if len(head) < 4:
        raise _fail(name, "row 1", "expected scenario name, description, number of actors, number of dimensions")
    try:
        na, nd = int(head[2].strip()), int(head[3].strip())
    except ValueError:
        raise _fail(name, "row 1", f"the numbers of actors and dimensions must be integers; got {head[2:4]!r}") from None
    if not MIN_ACTORS <= na <= MAX_ACTORS:
        raise _fail(name, "row 1", f"the number of actors must be between {MIN_ACTORS} and {MAX_ACTORS}; got {na}")
    if not 1 <= nd <= MAX_DIMENSIONS:
        raise _fail(name, "row 1", f"the number of dimensions must be between 1 and {MAX_DIMENSIONS}; got {nd}")
    header = rows[1]
    if len(header) < 3 + 2 * nd:
        raise _fail(name, "row 2", f"expected {3 + 2 * nd} columns (actor, description, power, position and salience "
                                   f"for each of {nd} dimensions); got {len(header)}")
    dims = [header[3 + 2 * d].strip() or f"dim{d}" for d in range(nd)]
    if len(rows) < 2 + na:
        raise _fail(name, f"row {len(rows) + 1}", f"expected {na} actor rows; found {len(rows) - 2}")
    actors: list[str] = []
    cap, pos, sal = [], [], []
    for r in range(na):
        row = rows[2 + r]
        actor = row[0].strip() if row else ""
        where = f"row {r + 3}" + (f" ({actor})" if actor else "")
        if len(row) < 3 + 2 * nd:
            raise _fail(name, where, f"expected {3 + 2 * nd} columns; got {len(row)}")
        if not actor:
            raise _fail(name, where, "the actor's name (first column) is empty")
        if actor in actors:
            raise _fail(name, where, f"actor {actor!r} appears twice")
        c = _number(row[2], name, where, "influence")
        p = [_number(row[3 + 2 * d], name, where, f"position on {dims[d]}") for d in range(nd)]
        s = [_number(row[4 + 2 * d], name, where, f"salience of {dims[d]}") for d in range(nd)]
        _check_actor(name, where, c, p, s, dims)
        actors.append(actor)
        cap.append(c)
        pos.append(p)
        sal.append(s)
    return SMPInput(tuple(actors), tuple(dims), np.array(cap), np.array(pos), np.array(sal),
                    name=head[0].strip() or name)


_DECLARATION = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _text(el: ET.Element | None) -> str:
    return (el.text or "").strip() if el is not None else ""


def read_ktab_xml(text: str, name: str = "input.xml") -> SMPInput:
    """An :class:`SMPInput` from the text of a KTAB SMP XML scenario (module docstring), with its own parameters."""
    if _DECLARATION.search(text):
        raise _fail(name, "prolog", "refused: a DOCTYPE or ENTITY declaration (KTAB scenarios never need one)")
    try:
        root = ET.fromstring(text.lstrip("\ufeff"))
    except ET.ParseError as exc:
        raise _fail(name, "XML", f"not well-formed ({exc})") from None
    if root.tag != "Scenario":
        raise _fail(name, f"<{root.tag}>", "the root element must be <Scenario>")
    params: dict[str, Any] = {}
    mp = root.find("ModelParameters")
    if mp is not None:
        for key in CHOICES:
            value = _text(mp.find(key))
            if not value:
                raise _fail(name, "<ModelParameters>", f"<{key}> is missing (KTAB needs all nine)")
            if value not in CHOICES[key]:
                raise _fail(name, f"<{key}>", f"must be one of {', '.join(CHOICES[key])}; got {value!r}")
            params[key] = value
    seed = 0
    if _text(root.find("prngSeed")):
        try:
            seed = int(_text(root.find("prngSeed"))) % 2 ** 64
        except ValueError:
            raise _fail(name, "<prngSeed>", f"must be an integer; got {_text(root.find('prngSeed'))!r}") from None
    dims = [_text(d) for d in root.findall("Dimensions/dName")]
    if not 1 <= len(dims) <= MAX_DIMENSIONS:
        raise _fail(name, "<Dimensions>", f"expected 1 to {MAX_DIMENSIONS} <dName>; got {len(dims)}")
    elements = root.findall("Actors/Actor")
    if not MIN_ACTORS <= len(elements) <= MAX_ACTORS:
        raise _fail(name, "<Actors>", f"expected {MIN_ACTORS} to {MAX_ACTORS} <Actor>; got {len(elements)}")
    actors: list[str] = []
    cap, pos, sal = [], [], []
    for n, el in enumerate(elements, 1):
        actor = _text(el.find("name"))
        where = f"<Actor> {n}" + (f" ({actor})" if actor else "")
        if not actor:
            raise _fail(name, where, "<name> is empty")
        if actor in actors:
            raise _fail(name, where, f"actor {actor!r} appears twice")
        c = _number(_text(el.find("capability")), name, where, "<capability>")
        coords = el.findall("Position/dCoord")
        sals = el.findall("Salience/dSal")
        if len(coords) != len(dims) or len(sals) != len(dims):
            raise _fail(name, where, f"expected {len(dims)} <dCoord> and <dSal>; got {len(coords)} and {len(sals)}")
        p = [_number(_text(x), name, where, f"<dCoord> {k + 1}") for k, x in enumerate(coords)]
        s = [_number(_text(x), name, where, f"<dSal> {k + 1}") for k, x in enumerate(sals)]
        _check_actor(name, where, c, p, s, dims)
        actors.append(actor)
        cap.append(c)
        pos.append(p)
        sal.append(s)
    acc = np.eye(len(actors))
    for n, pair in enumerate(root.findall("IdealAdjustment/iaPair"), 1):
        a, ref = _text(pair.find("adjustingIdeal")), _text(pair.find("referencePos"))
        for who in (a, ref):
            if who not in actors:
                raise _fail(name, f"<iaPair> {n}", f"names an unknown actor {who!r}")
        acc[actors.index(a), actors.index(ref)] = _number(_text(pair.find("adjust")), name, f"<iaPair> {n}", "<adjust>")
    try:
        return SMPInput(tuple(actors), tuple(dims), np.array(cap), np.array(pos), np.array(sal), accommodation=acc,
                        parameters=SMPParameters.of(params), seed=seed, name=_text(root.find("name")) or name)
    except ForecastError as exc:
        raise _fail(name, "<IdealAdjustment>", str(exc)) from None


def read_ktab(text: str, name: str) -> SMPInput:
    """:func:`read_ktab_xml` when ``name`` ends in ``.xml``, else :func:`read_ktab_csv`."""
    return read_ktab_xml(text, name) if name.lower().endswith(".xml") else read_ktab_csv(text, name)


__all__ = ["read_ktab", "read_ktab_csv", "read_ktab_xml"]
