"""Guarantees of the BOA agents, as property tests over generated bilateral scenarios.

Scenarios: two parties, one to three issues, each categorical (2-4 options)
or numeric (an integer range on a grid of step 1 or 2, valued by a
piecewise-linear function through one to three points), weights 0-4, values
multiples of 0.05, red lines (categorical ``reject``, numeric ``min``/``max``)
and reservations; a share of them are *cornered*: both reservations are set
to the utilities of one Pareto-optimal package z of the outcomes both red
lines allow, so the ZOPA is z (and packages worth exactly as much to both):
each side's least-preferred acceptable package, at both floors at once.

The oracle (``oracle``) evaluates utilities, red lines and reservations from
the scenario document, with the format's definitions (tolerance 1e-9), not
with the engine's tables.

(a) Full information, two time-dependent agents (any exponents), the exact
opponent model and AC_next, no walkout rule, no events: for every deadline
D >= 2 rounds and either first proposer, the talks end in agreement exactly
when the ZOPA is non-empty. Why: in the last round, D - 1, relative time is
1, so both targets are at the floor (the reservation, or the worst allowed
package if higher). The proposer offers, among the packages it can accept,
the one best for the responder by its true utilities, red lines rated
-inf; when the ZOPA is non-empty that package is worth at least the
responder's floor and passes its red lines, so AC_next accepts it. With
D = 1 the only round is at time 0, where both ask for their best: the
guarantee needs D >= 2 (``test_one_round_is_not_enough``).

(b) Every agreement, for any registered strategies (ANAC classics included),
any acceptance condition and opponent model, with or without full
information, passes both parties' red lines and reservations.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.analysis import analyze
from accord.scenario import from_document
from accord.simulation import STRATEGIES, TimeDependent, simulate
from accord.simulation.opponent import OPPONENT_MODELS

TOL = 1e-9
PARTIES = ("A", "B")


# -- the generator ---------------------------------------------------------------------------------------------

@st.composite
def issues(draw):
    """One to three issues: categorical (2-4 options) or numeric (integer range, step 1 or 2)."""
    found = {}
    for k in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            found[f"i{k}"] = {"options": [f"o{j}" for j in range(draw(st.integers(2, 4)))]}
        else:
            low, step = draw(st.integers(0, 3)), draw(st.sampled_from([1, 2]))
            found[f"i{k}"] = {"range": [low, low + step * draw(st.integers(1, 4))], "step": step}
    return found


def grid(issue):
    """An issue's options as the format defines them (numeric: lo, lo + step, ... <= hi)."""
    if "options" in issue:
        return list(issue["options"])
    low, high = issue["range"]
    return list(range(low, high + 1, issue["step"]))


@st.composite
def preference(draw, issue):
    options = grid(issue)
    pref = {"weight": draw(st.integers(0, 4))}
    if "options" in issue:
        pref["values"] = {o: draw(st.integers(0, 20)) / 20 for o in options}
        if draw(st.integers(0, 3)) == 0:
            rejected = draw(st.lists(st.sampled_from(options), min_size=1, max_size=len(options) - 1, unique=True))
            pref["reject"] = rejected
    else:
        xs = draw(st.lists(st.sampled_from(options), min_size=1, max_size=3, unique=True))
        pref["values"] = {x: draw(st.integers(0, 20)) / 20 for x in sorted(xs)}
        if draw(st.integers(0, 3)) == 0:
            low, high = sorted(draw(st.lists(st.sampled_from(options), min_size=2, max_size=2)))
            side = draw(st.sampled_from(["min", "max", "both"]))
            if side in ("min", "both"):
                pref["min"] = low
            if side in ("max", "both"):
                pref["max"] = high
    return pref


@st.composite
def bilateral(draw, cornered=None):
    """A two-party scenario document; ``cornered`` True/False forces the kind, None draws it."""
    found = draw(issues())
    actors = {}
    for party in PARTIES:
        prefs = {iid: draw(preference(issue)) for iid, issue in found.items()}
        if all(p["weight"] == 0 for p in prefs.values()):
            prefs["i0"]["weight"] = 1
        actors[party] = {"reservation": draw(st.integers(0, 12)) / 20, "preferences": prefs}
    doc = {"accord": 1, "issues": found, "actors": actors}
    if cornered is None:
        cornered = draw(st.integers(0, 2)) == 0
    if cornered:
        for actor in actors.values():
            actor["reservation"] = 0.0
        rows = [u for _, u, ok in oracle(doc) if ok]  # the packages both red lines allow
        if rows:
            front = [u for u in rows if not any(dominates(v, u) for v in rows)]
            corner = draw(st.sampled_from(front))
            for party, u in zip(PARTIES, corner):
                actors[party]["reservation"] = max(0.0, min(1.0, u))
    return doc


# -- the oracle: the format's definitions, outcome by outcome --------------------------------------------------

def value(pref, issue, option):
    points = pref.get("values", {})
    if "options" in issue:
        return points.get(option, 0.0)
    xs = sorted(points)
    return float(np.interp(float(option), xs, [points[x] for x in xs]))


def allowed(pref, issue, option):
    if option in pref.get("reject", ()):
        return False
    x = option if "options" in issue else float(option)
    if "options" not in issue:
        if "min" in pref and x < pref["min"] - TOL:
            return False
        if "max" in pref and x > pref["max"] + TOL:
            return False
    return True


def utility(actor, issues_, outcome):
    prefs = actor["preferences"]
    total = sum(p["weight"] for p in prefs.values())
    return sum(p["weight"] * value(p, issues_[i], outcome[i]) for i, p in prefs.items()) / total


def passes_red_lines(actor, issues_, outcome):
    return all(allowed(p, issues_[i], outcome[i]) for i, p in actor["preferences"].items())


def acceptable(actor, issues_, outcome):
    return passes_red_lines(actor, issues_, outcome) and utility(actor, issues_, outcome) >= actor["reservation"] - TOL


def oracle(doc):
    """Every outcome: (outcome, utilities, both red lines pass it), straight from the definitions."""
    names = list(doc["issues"])
    rows = []
    for combo in itertools.product(*(grid(doc["issues"][i]) for i in names)):
        outcome = dict(zip(names, combo))
        actors = [doc["actors"][p] for p in PARTIES]
        rows.append((outcome, [utility(a, doc["issues"], outcome) for a in actors],
                     all(passes_red_lines(a, doc["issues"], outcome) for a in actors)))
    return rows


def zopa(doc):
    return [o for o, _, _ in oracle(doc) if all(acceptable(doc["actors"][p], doc["issues"], o) for p in PARTIES)]


def dominates(a, b):
    return all(x >= y - TOL for x, y in zip(a, b)) and any(x > y + TOL for x, y in zip(a, b))


def agreed(doc, result):
    """The agreed outcome in the document's terms (numeric options as numbers)."""
    outcome = result.agreement["outcome"]
    return {i: outcome[i] if "options" in doc["issues"][i] else float(outcome[i]) for i in doc["issues"]}


# -- the generator does what it says ---------------------------------------------------------------------------

@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bilateral(cornered=True))
def test_a_cornered_zopa_holds_only_packages_at_both_floors(doc):
    inside = zopa(doc)
    assert len(inside) == analyze(from_document(doc), unlock=False).acceptable
    for outcome in inside:
        for party in PARTIES:
            actor = doc["actors"][party]
            assert utility(actor, doc["issues"], outcome) == pytest.approx(actor["reservation"], abs=1e-6)


# -- (a) time-dependent agents with full information always find a non-empty ZOPA -----------------------------

exponents = st.one_of(st.floats(0.1, 10.0), st.sampled_from(["boulware", "linear", "conceder", "aspiration"]))


def time_dependent(drawn):
    return TimeDependent(exponent=drawn) if isinstance(drawn, float) else STRATEGIES[drawn]()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bilateral(), exponents, exponents, st.integers(2, 40), st.sampled_from(PARTIES))
def test_time_dependent_agents_with_full_information_agree_whenever_the_zopa_is_not_empty(doc, e_a, e_b, rounds,
                                                                                         first):
    scenario = from_document(doc)
    result = simulate(scenario, strategies={"A": time_dependent(e_a), "B": time_dependent(e_b)}, rounds=rounds,
                      first=first, full_information=True, events=False, trace=False)
    has_zopa = analyze(scenario, unlock=False).acceptable > 0
    assert (result.status == "agreement") == has_zopa
    if has_zopa:
        assert result.round <= rounds - 1
        outcome = agreed(doc, result)
        assert all(acceptable(doc["actors"][p], doc["issues"], outcome) for p in PARTIES)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bilateral(cornered=True), exponents, exponents, st.integers(2, 40), st.sampled_from(PARTIES))
def test_a_cornered_zopa_is_found_and_each_side_gets_exactly_its_floor(doc, e_a, e_b, rounds, first):
    inside = zopa(doc)
    result = simulate(from_document(doc), strategies={"A": time_dependent(e_a), "B": time_dependent(e_b)},
                      rounds=rounds, first=first, full_information=True, events=False, trace=False)
    assert (result.status == "agreement") == bool(inside)
    if inside:
        assert agreed(doc, result) in inside
        for party in PARTIES:
            u = utility(doc["actors"][party], doc["issues"], agreed(doc, result))
            assert u == pytest.approx(doc["actors"][party]["reservation"], abs=1e-6)


def test_one_round_is_not_enough():
    """D = 1: the only round is at time 0, where each side asks for its best, so a non-empty ZOPA can be missed."""
    doc = {"accord": 1, "issues": {"x": {"options": ["a", "b", "c"]}},
           "actors": {"A": {"preferences": {"x": {"values": {"a": 1, "b": 0.5, "c": 0}}}},
                      "B": {"preferences": {"x": {"values": {"a": 0, "b": 0.5, "c": 1}}}}}}
    scenario = from_document(doc)
    assert analyze(scenario, unlock=False).acceptable == 3
    one = simulate(scenario, strategies={"A": "conceder", "B": "conceder"}, rounds=1, full_information=True)
    assert one.status == "deadline"
    two = simulate(scenario, strategies={"A": "boulware", "B": "boulware"}, rounds=2, full_information=True)
    assert two.status == "agreement" and two.round == 1


# -- (b) every agreement of every agent lies in the ZOPA -------------------------------------------------------

LEARNT = ["auto", "frequency", "tunali", "bayesian", "none"]
ACCEPTANCE = ["next", "prev", "constant:0.7", "time:0.8", "combi:0.9", "combi:0.5:0.2"]
assert set(LEARNT) - {"auto"} <= set(OPPONENT_MODELS)


@st.composite
def agent(draw):
    """A registered strategy as a spec, with a drawn opponent model and acceptance condition."""
    name = draw(st.sampled_from(sorted(STRATEGIES)))
    parts = []
    if draw(st.booleans()):
        parts.append(f"model={draw(st.sampled_from(LEARNT))}")
    if draw(st.booleans()):
        parts.append(f"accept={draw(st.sampled_from(ACCEPTANCE))}")
    return name + (":" + ",".join(parts) if parts else "")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bilateral(), agent(), agent(), st.integers(1, 40), st.sampled_from(PARTIES), st.integers(0, 2**16))
def test_every_agreement_of_every_agent_lies_in_the_zopa(doc, spec_a, spec_b, rounds, first, seed):
    needs_full = any(STRATEGIES[s.partition(":")[0]].traits.full_information for s in (spec_a, spec_b))
    result = simulate(from_document(doc), strategies={"A": spec_a, "B": spec_b}, rounds=rounds, first=first,
                      seed=seed, full_information=needs_full, trace=False)
    if result.status == "agreement":
        outcome = agreed(doc, result)
        for party in PARTIES:
            actor = doc["actors"][party]
            assert passes_red_lines(actor, doc["issues"], outcome), party
            assert utility(actor, doc["issues"], outcome) >= actor["reservation"] - TOL, party
    else:
        assert result.agreement is None
