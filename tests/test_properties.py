"""Property tests: the engine against a brute force written from the definitions.

Random small scenarios (2-3 parties, 1-3 issues, red lines, reservations);
the brute force enumerates every outcome with plain Python, applies the
format's definitions literally (tolerance 1e-9), and the engine must agree.
Weights are integers and values multiples of 0.05, so distinct utilities
differ by far more than the tolerance and equal ones are equal on paper.
"""

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.analysis import analyze
from accord.scenario import from_document

TOL = 1e-9


@st.composite
def scenarios(draw):
    n_issues = draw(st.integers(1, 3))
    issues = {f"i{k}": {"options": [f"o{j}" for j in range(draw(st.integers(2, 4)))]} for k in range(n_issues)}
    n_parties = draw(st.integers(2, 3))
    actors = {}
    for p in range(n_parties):
        prefs = {}
        for iid, issue in issues.items():
            options = issue["options"]
            weight = draw(st.integers(0, 4))
            values = {o: draw(st.integers(0, 20)) / 20 for o in options}
            pref = {"weight": weight, "values": values}
            if draw(st.integers(0, 4)) == 0:
                rejected = draw(st.lists(st.sampled_from(options), max_size=len(options) - 1, unique=True))
                if rejected:
                    pref["reject"] = rejected
            prefs[iid] = pref
        if all(pref["weight"] == 0 for pref in prefs.values()):
            prefs["i0"]["weight"] = 1
        actors[f"p{p}"] = {"reservation": draw(st.integers(0, 12)) / 20, "preferences": prefs}
    return {"accord": 1, "issues": issues, "actors": actors}


def brute_force(doc):
    """All outcomes with utilities and acceptability, straight from the definitions."""
    issues = list(doc["issues"])
    rows = []
    for combo in itertools.product(*(doc["issues"][i]["options"] for i in issues)):
        outcome = dict(zip(issues, combo))
        utilities, accepted = [], True
        for actor in doc["actors"].values():
            prefs = actor["preferences"]
            total = sum(p["weight"] for p in prefs.values())
            u = sum(p["weight"] * p["values"][outcome[i]] for i, p in prefs.items()) / total
            utilities.append(u)
            if any(outcome[i] in p.get("reject", []) for i, p in prefs.items()) or u < actor["reservation"] - TOL:
                accepted = False
        rows.append((outcome, utilities, accepted))
    return rows


def dominates(a, b):
    return all(x >= y - TOL for x, y in zip(a, b)) and any(x > y + TOL for x, y in zip(a, b))


def party_vector(deal, parties):
    return [deal.utilities[p] for p in parties]


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_zopa_size_and_frontier_match_brute_force(doc):
    result = analyze(from_document(doc), unlock=False)
    rows = brute_force(doc)
    zopa = [(o, u) for o, u, ok in rows if ok]
    assert result.acceptable == len(zopa)
    parties = list(doc["actors"])
    frontier = [party_vector(d, parties) for d in result.pareto]
    # every frontier member is in the ZOPA and undominated there
    zopa_outcomes = [o for o, _ in zopa]
    for deal, vector in zip(result.pareto, frontier):
        assert deal.outcome in zopa_outcomes
        assert not any(dominates(u, vector) for _, u in zopa)
    # every other ZOPA outcome is dominated by a member (or equal to one)
    members = [d.outcome for d in result.pareto]
    for outcome, u in zopa:
        if outcome not in members:
            assert any(dominates(v, u) for v in frontier)
    # and every undominated ZOPA outcome is listed
    undominated = [o for o, u in zopa if not any(dominates(v, u) for _, v in zopa)]
    assert sorted(map(str, undominated)) == sorted(map(str, members))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_each_solution_score_is_the_maximum_over_the_zopa(doc):
    result = analyze(from_document(doc), unlock=False)
    parties = list(doc["actors"])
    reservations = [doc["actors"][p]["reservation"] for p in parties]
    zopa = [u for _, u, ok in brute_force(doc) if ok]
    if not zopa:
        assert all(s is None for s in result.solutions.values())
        return
    surplus = [[x - r for x, r in zip(u, reservations)] for u in zopa]
    ideal = [max(u[k] for u in zopa) for k in range(len(parties))]
    counted = [k for k in range(len(parties)) if ideal[k] - reservations[k] > TOL]

    def ks(s):
        return min((s[k] / (ideal[k] - reservations[k]) for k in counted), default=1.0)

    expected = {
        "nash": max(__import__("math").prod(s) for s in surplus),
        "kalai_smorodinsky": max(ks(s) for s in surplus),
        "egalitarian": max(min(s) for s in surplus),
        "utilitarian": max(sum(u) for u in zopa),
    }
    for name, best in expected.items():
        deal = result.solutions[name]
        assert deal.score == pytest.approx(best, abs=1e-9), name
        assert deal.outcome in [o for o, _, ok in brute_force(doc) if ok]


@settings(max_examples=100, deadline=None)
@given(scenarios())
def test_blockers_explain_every_empty_zopa(doc):
    result = analyze(from_document(doc), unlock=False)
    if result.acceptable:
        assert result.blockers == ()
        return
    assert result.blockers
    for blocker in result.blockers:
        if blocker.kind == "red-line":
            options = doc["issues"][blocker.issue]["options"]
            allowed = [o for o in options
                       if all(o not in a["preferences"][blocker.issue].get("reject", []) for a in doc["actors"].values())]
            assert allowed == []
        else:
            assert blocker.shortfall and all(s > 0 for s in blocker.shortfall.values())


# Ties that differ in the last bits: numeric issues whose values are
# interpolated (thirds, sixths, ...), so that utilities equal on paper are
# reached by different sums (1/3 + 1/3 and 2/3) and differ in floating point.
# The oracle computes every utility exactly (fractions), rounds it to the
# format's 1e-9 grid and applies the definition of the frontier to the
# integers: the engine must list exactly the same outcomes.


@st.composite
def interpolated_scenarios(draw, n_parties):
    issues = {f"i{k}": {"range": [0, draw(st.sampled_from([3, 6]))], "step": 1}
              for k in range(draw(st.integers(2, 4 if n_parties < 4 else 3)))}
    # spans of 1, 0.9 and 0.91 over 3 or 6 steps: values in thirds, sixths and 0.91/3, whose sums meet
    shapes = st.sampled_from([(0, 1), (1, 0), (0.1, 1), (0.91, 0)])
    actors = {}
    for p in range(n_parties):
        prefs = {}
        for iid, issue in issues.items():
            hi = issue["range"][1]
            lo_value, hi_value = draw(shapes)
            points = {0: lo_value, hi: hi_value}
            if draw(st.integers(0, 4)) == 0:
                points[draw(st.integers(1, hi - 1))] = draw(st.sampled_from([0, 0.1, 0.91, 1]))
            prefs[iid] = {"weight": draw(st.sampled_from([1, 1, 2])), "values": points}
        actors[f"p{p}"] = {"preferences": prefs}
    return {"accord": 1, "issues": issues, "actors": actors}


def exact_value(x, points):
    xs = sorted(points)
    pts = {Fraction(k): Fraction(str(v)) for k, v in points.items()}
    if x <= xs[0]:
        return pts[xs[0]]
    if x >= xs[-1]:
        return pts[xs[-1]]
    lo = max(k for k in xs if k <= x)
    hi = min(k for k in xs if k >= x)
    if lo == hi:
        return pts[lo]
    return pts[lo] + (Fraction(x) - lo) / (hi - lo) * (pts[hi] - pts[lo])


def grid_frontier(doc):
    """Outcomes on the frontier, from exact utilities rounded to the 1e-9 grid."""
    issues = list(doc["issues"])
    grids = [range(doc["issues"][i]["range"][0], doc["issues"][i]["range"][1] + 1) for i in issues]
    outcomes, points = [], []
    for combo in itertools.product(*grids):
        row = []
        for actor in doc["actors"].values():
            prefs = actor["preferences"]
            total = sum(p.get("weight", 1) for p in prefs.values())
            u = sum(p.get("weight", 1) * exact_value(combo[issues.index(i)], p["values"]) for i, p in prefs.items()) / total
            row.append(round(u * 10**9))  # exact, half to even
        outcomes.append(dict(zip(issues, combo)))
        points.append(row)
    q = np.array(points, dtype=np.int64)
    dominated = (np.all(q[:, None, :] >= q[None, :, :], axis=2) & np.any(q[:, None, :] > q[None, :, :], axis=2)).any(axis=0)
    return sorted(str(o) for o, d in zip(outcomes, dominated) if not d)


@pytest.mark.slow
@pytest.mark.parametrize("n_parties", [2, 3, 4])
def test_frontier_on_the_grid_with_interpolated_ties(n_parties):
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(interpolated_scenarios(n_parties))
    def check(doc):
        result = analyze(from_document(doc), unlock=False)
        listed = sorted(str({k: int(v) for k, v in d.outcome.items()}) for d in result.pareto)
        assert listed == grid_frontier(doc)

    check()


def test_frontier_reproducer_three_parties():
    """Three parties, values interpolated in thirds and sixths: the grid frontier has 55 packages (the sum of
    per-issue roundings once listed 58, three of them weakly dominated)."""
    def pref(weight, lo, hi, top):
        return {"weight": weight, "values": {0: lo, top: hi}}

    doc = {"accord": 1, "issues": {"i0": {"range": [0, 3], "step": 1}, "i1": {"range": [0, 3], "step": 1},
                                   "i2": {"range": [0, 6], "step": 1}, "i3": {"range": [0, 6], "step": 1}},
           "actors": {
               "p0": {"preferences": {"i0": pref(1, 0.1, 1, 3), "i1": pref(1, 0.1, 1, 3), "i2": pref(2, 0.1, 1, 6), "i3": pref(1, 0.1, 1, 6)}},
               "p1": {"preferences": {"i0": pref(2, 0.1, 1, 3), "i1": pref(2, 0.91, 0, 3), "i2": pref(1, 1, 0, 6), "i3": pref(2, 0.91, 0, 6)}},
               "p2": {"preferences": {"i0": pref(1, 0.1, 1, 3), "i1": pref(2, 1, 0, 3), "i2": pref(2, 1, 0, 6), "i3": pref(1, 0.1, 1, 6)}}}}
    result = analyze(from_document(doc), unlock=False)
    listed = sorted(str({k: int(v) for k, v in d.outcome.items()}) for d in result.pareto)
    expected = grid_frontier(doc)
    assert len(expected) == 55
    assert listed == expected
